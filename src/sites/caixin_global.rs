//! Caixin Global: `www.caixinglobal.com`.
//!
//! URLs: articles `/YYYY-MM-DD/<slug>-<9-digit id>.html` (protocol-relative hrefs and
//! `?cxapp_link=true` occur); CX Tech "live" pages `/live/`, `/business-and-tech-live/`, … and the
//! same layout at some story URLs. Page kinds: listing (home, sections, live), article.
//! Fixtures: `tests/fixtures/caixin-global/*`.
//! Markup relied on: the live layout has **no known class names**: its stories are found by the
//! generic byline-line pass (`extract/stories.rs`). Article pages (known from public scrapers):
//! `.cons-title`, `.cons-date`, `#appContent` / `.cons-box` / `[class*=c-content]` paragraphs,
//! `.cons-photo`, paywall marks `.cons-pay-tip`, `.cx-paywall`, `.app-exclusive-tip`, and the
//! visible line `Published: Nov. 27, 2020 7:07 p.m. GMT+8`. Home: `.headline-news`, `.rec-news`, ….

use scraper::{ElementRef, Html};

use super::SiteAdapter;
use crate::extract::blocks::{image_src, text_of, Blocks};
use crate::extract::text::{non_empty, normalize};
use crate::extract::{byline, dates, furniture, url};
use crate::model::{Article, Image, Role, Site};
use crate::sel;

pub const ADAPTER: SiteAdapter = SiteAdapter {
    site: Site::CaixinGlobal,
    matches: |host| url::host_is(host, "caixinglobal.com"),
    main_article,
    known_listing: |doc| doc.select(sel!(".headline-news, .rec-news, .part-news, .com-news, .top-stories-box, .pop-list")).next().is_some(),
    default_language: |_| Some("en"),
};

const TITLE_SUFFIX: &str = " - Caixin Global";

fn main_article(doc: &Html, meta: &crate::extract::metadata::Meta, base: &str) -> Option<Article> {
    let title_el = doc.select(sel!(".cons-title")).next();
    let content: Vec<ElementRef<'_>> = doc.select(sel!("#appContent, .cons-box, [class*=\"c-content\"]")).collect();
    if title_el.is_none() && content.is_empty() {
        return None;
    }
    let page_url = meta.stated_url().and_then(|u| url::resolve(base, u)).unwrap_or_else(|| base.to_string());
    let au = url::article_url(&page_url);
    let mut a = Article { role: Role::Main, id: au.as_ref().and_then(|u| u.id.clone()), url: Some(page_url), ..Article::default() };
    a.title = title_el
        .map(text_of)
        .and_then(|t| non_empty(&t))
        .or_else(|| meta.og_title.clone())
        .or_else(|| meta.title.as_deref().map(|t| t.trim_end_matches(TITLE_SUFFIX).to_string()));
    let date_text = doc
        .select(sel!(".cons-date"))
        .next()
        .map(text_of)
        .or_else(|| doc.root_element().text().map(normalize).find(|t| t.starts_with("Published:")));
    if let Some(t) = date_text {
        if let Some(f) = dates::find(&t, None) {
            a.published_text = Some(f.text(&t).to_string());
            a.published = f.rfc3339;
        }
    }
    if a.published.is_none() {
        a.published = meta.published.as_deref().and_then(|p| dates::parse(p, None));
    }
    // The visible "By …" line; the author meta when there is none.
    a.byline = doc
        .root_element()
        .text()
        // Normalised before matching: a zero-width character before "By " must not hide the byline.
        .map(normalize)
        .find(|t| t.len() < 120 && t.starts_with("By ") && !t.contains(['.', '!', '?']))
        .or_else(|| meta.author.clone());
    a.authors = a.byline.as_deref().map(byline::authors).unwrap_or_default();
    a.summary = meta.description.clone();
    a.section = meta.section.clone();
    for pic in doc.select(sel!(".cons-photo")) {
        if let Some(src) = pic.select(sel!("img")).next().and_then(|i| image_src(i.value())).and_then(|s| url::resolve(base, s)) {
            let (caption, credit) = furniture::caption_and_credit(&text_of(pic));
            a.images.push(Image { url: src, caption, credit });
        }
    }
    // Old template: when the paywall is up, only paragraphs styled display:block are shown.
    let shown: Vec<ElementRef<'_>> = doc
        .select(sel!("#appContent p[style]"))
        .filter(|p| p.attr("style").is_some_and(|s| s.replace(' ', "").contains("display:block")))
        .collect();
    let all_app: usize = doc.select(sel!("#appContent p")).count();
    let mut parts = furniture::Parts::default();
    if !shown.is_empty() {
        let blocks: Vec<_> = shown.iter().flat_map(|p| Blocks::of(*p, base)).collect();
        parts = furniture::split(&blocks.iter().collect::<Vec<_>>(), base);
        a.paywalled |= shown.len() < all_app;
    } else if let Some(c) = content.first() {
        let blocks = Blocks::of(*c, base);
        parts = furniture::split(&blocks.iter().collect::<Vec<_>>(), base);
    }
    parts.add_to(&mut a);
    a.paywalled |= doc.select(sel!(".cons-pay-tip, .cx-paywall, .app-exclusive-tip")).next().is_some();
    Some(a)
}
