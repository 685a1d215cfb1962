//! Caixin Global: `www.caixinglobal.com`.
//!
//! URLs: articles `/YYYY-MM-DD/<slug>-<9-digit id>.html` (protocol-relative hrefs and
//! `?cxapp_link=true` occur); CX Tech "live" pages `/live/`, `/business-and-tech-live/`, … and the
//! same layout at some story URLs. Page kinds: listing (home, sections, live), article.
//! Fixtures: `tests/fixtures/caixin-global/*`.
//! Markup relied on: the live layout has **no known class names**: its stories are found by the
//! generic byline-line pass (`extract/stories.rs`). Article pages (known from public scrapers):
//! `.cons-title`, `.cons-date`, `#appContent` / `.cons-box` / `[class*=c-content]` paragraphs,
//! `.cons-photo`, paywall marks `.cons-pay-tip`, `.cx-paywall`, `.app-exclusive-tip`, the
//! visible line `Published: Nov. 27, 2020 7:07 p.m. GMT+8`, `meta author`, and the inline
//! `var entity = {…"tagNames":"A,B"…}` (the article's tags: `stated`). Home: `.headline-news`,
//! `.rec-news`, ….

use scraper::{ElementRef, Html};
use std::ops::Range;

use crate::extract::block::{within, Block};
use crate::extract::blocks::{shown_text, text_of};
use crate::extract::dom::{image_src, is_hidden, is_picture};
use crate::extract::metadata::Meta;
use crate::extract::query::Select;
use crate::extract::rules::{Ctx, SiteRules, Vocabulary};
use crate::extract::sections::Section;
use crate::extract::stated::{Claims, Source};
use crate::extract::text::{non_empty, normalize};
use crate::extract::url::UrlRules;
use crate::extract::{dates, furniture, url};
use crate::model::{Article, Image, Role, Site};
use crate::sel;

/// www.caixinglobal.com.
pub struct CaixinGlobal;

impl UrlRules for CaixinGlobal {}

impl SiteRules for CaixinGlobal {
    fn site(&self) -> Site {
        Site::CaixinGlobal
    }

    fn matches(&self, host: &str) -> bool {
        url::host_is(host, "caixinglobal.com")
    }

    fn default_language(&self, _host: &str) -> Option<&'static str> {
        Some("en")
    }

    fn serves_https(&self) -> bool {
        true
    }

    fn publisher(&self, _lang: Option<&str>) -> Option<(&'static str, &'static str)> {
        Some(("Caixin Global", "Caixin Media"))
    }

    fn sections(&self) -> &'static [Section] {
        SECTIONS
    }

    fn vocabulary(&self) -> &'static Vocabulary {
        &VOCABULARY
    }

    fn stated(&self, doc: &Html, _meta: &Meta, _ctx: &Ctx<'_>) -> Claims {
        stated(doc)
    }

    fn main_article(&self, doc: &Html, meta: &Meta, blocks: &[Block<'_>], ctx: &Ctx<'_>) -> Option<(Article, Vec<Range<usize>>)> {
        main_article(doc, meta, blocks, ctx)
    }

    fn known_listing(&self, doc: &Html) -> bool {
        doc.query(sel!(".headline-news, .rec-news, .part-news, .com-news, .top-stories-box, .pop-list")).next().is_some()
    }
}

const TITLE_SUFFIX: &str = " - Caixin Global";

/// Caixin Global's own words and classes.
static VOCABULARY: Vocabulary = Vocabulary {
    paid_classes: &["cons-pay-tip", "app-exclusive-tip"],
    paywall_phrases: &["to read the full story, subscribe"],
    // "Contact reporter Ding Yi (dingyi@caixin.com)", "Contact editor Marcus Ryder (…)".
    contact_lines: &[
        ("contact the reporters", "reporter"),
        ("contact the reporter", "reporter"),
        ("contact reporters", "reporter"),
        ("contact reporter", "reporter"),
        ("contact the editor", "editor"),
        ("contact editors", "editor"),
        ("contact editor", "editor"),
        ("contact writer", "writer"),
        ("contact author", "author"),
        ("contact translator", "translator"),
    ],
    // A CX Tech item's link to its full story.
    read_full: &[
        "read the full story here",
        "read the full story",
        "read full story here",
        "read full story",
        "read the full article here",
        "read the full article",
        "read full article",
    ],
    ..Vocabulary::NONE
};

/// Where the inline JSON says so, for the reader.
const FROM_ENTITY: &str = "the site's tag field";

/// The site's own fields: the inline `var entity = {…"tagNames":"A,B"…}` names the article's tags.
fn stated(doc: &Html) -> Claims {
    let mut c = Claims::default();
    for s in doc.query(sel!("script:not([src])")) {
        let code: String = s.text().collect();
        let Some(json) = code.split_once("var entity").and_then(|(_, r)| r.trim_start().strip_prefix('=')).and_then(json_object) else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(json) else { continue };
        if let Some(names) = v.get("tagNames").and_then(|t| t.as_str()) {
            let tags: Vec<String> = names.split([',', '，']).filter_map(non_empty).collect();
            c.tags(Source::SiteField, FROM_ENTITY, tags);
        }
        break;
    }
    c
}

/// The JSON object at the start of `s` (after spaces), by its balanced braces (strings skipped).
fn json_object(s: &str) -> Option<&str> {
    let s = s.trim_start();
    if !s.starts_with('{') {
        return None;
    }
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_str => escaped = true,
            '"' => in_str = !in_str,
            '{' if !in_str => depth += 1,
            '}' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    return Some(&s[..=i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// Sections as the site's navigation names them (labels on lists are often in capitals:
/// `BUSINESS & TECH`), with their pages and the topic ids of `/section-news/?t=ID` links (seen on
/// the 2018 home page; the ids of Property, Environment and Policy & Regulation are not known).
static SECTIONS: &[Section] = &[
    Section { name: "Finance", aliases: &[], paths: &["/finance/", "/section-news/?t=101010304"], hosts: &[] },
    Section { name: "Economy", aliases: &[], paths: &["/economy/", "/economy-live/", "/section-news/?t=101010305"], hosts: &[] },
    Section {
        name: "Business & Tech",
        aliases: &["Business & Technology"],
        paths: &["/business-and-tech/", "/business-and-tech-live/", "/section-news/?t=101010306"],
        hosts: &[],
    },
    Section {
        name: "M&A",
        aliases: &["Mergers & Acquisitions"],
        paths: &["/mergers-and-acquisitions/", "/section-news/?t=101010309"],
        hosts: &[],
    },
    Section { name: "People", aliases: &[], paths: &["/people/", "/section-news/?t=101010312"], hosts: &[] },
    Section { name: "Opinion", aliases: &["Opinions"], paths: &["/opinion/", "/section-news/?t=101105024"], hosts: &[] },
    Section { name: "Property", aliases: &["Real Estate"], paths: &["/property/"], hosts: &[] },
    Section { name: "Environment", aliases: &["Energy & Environment"], paths: &["/environment/"], hosts: &[] },
    Section { name: "Policy & Regulation", aliases: &["Regulation"], paths: &["/regulation/"], hosts: &[] },
    Section { name: "China", aliases: &[], paths: &["/china/"], hosts: &[] },
    Section { name: "World", aliases: &[], paths: &["/world/", "/world-live/"], hosts: &[] },
    Section { name: "Politics & Law", aliases: &[], paths: &["/politics-and-law/", "/politics-and-law-live/"], hosts: &[] },
    Section { name: "Society & Culture", aliases: &[], paths: &["/society-and-culture/", "/society-and-culture-live/"], hosts: &[] },
    Section { name: "Trending Stories", aliases: &["Trending in China"], paths: &["/trending-stories/"], hosts: &[] },
    Section { name: "Markets", aliases: &[], paths: &["/markets/"], hosts: &[] },
    Section { name: "Companies", aliases: &[], paths: &["/companies/"], hosts: &[] },
    Section { name: "Editorial", aliases: &[], paths: &["/hushuli/"], hosts: &[] },
    Section { name: "Caixin Weekly", aliases: &["Weekly", "Weekly Digital Magazine"], paths: &["/weekly/"], hosts: &[] },
];

/// The article, and the ranges of `blocks` its text was read from (with a related list that runs
/// past them).
fn main_article(doc: &Html, meta: &Meta, blocks: &[Block<'_>], ctx: &Ctx<'_>) -> Option<(Article, Vec<Range<usize>>)> {
    let title_el = doc.query(sel!(".cons-title")).next();
    let content: Vec<ElementRef<'_>> = doc.query(sel!("#appContent, .cons-box, [class*=\"c-content\"]")).collect();
    if title_el.is_none() && content.is_empty() {
        return None;
    }
    let page_url = meta.stated_url().and_then(|u| ctx.resolve(u)).unwrap_or_else(|| ctx.base.to_string());
    let au = ctx.article_url(&page_url);
    let mut a = Article { role: Role::Main, id: au.as_ref().and_then(|u| u.id.clone()), url: Some(page_url), ..Article::default() };
    a.title = title_el
        .map(text_of)
        .and_then(|t| non_empty(&t))
        .or_else(|| meta.og_title.clone())
        .or_else(|| meta.title.as_deref().map(|t| t.trim_end_matches(TITLE_SUFFIX).to_string()));
    let date_text = doc
        .query(sel!(".cons-date"))
        .next()
        .map(text_of)
        .or_else(|| doc.root_element().text().map(normalize).find(|t| t.starts_with("Published:")));
    if let Some(t) = date_text {
        if let Some(f) = dates::find(&t, None) {
            a.published_text = Some(f.text(&t).to_string());
            a.published = f.rfc3339;
        }
    }
    // The visible "By …" line (the author meta is a claim of its own: `metadata::claims`).
    a.byline = doc
        .root_element()
        .text()
        // Normalised before matching: a zero-width character before "By " must not hide the byline.
        .map(normalize)
        .find(|t| t.len() < 120 && t.starts_with("By ") && !t.contains(['.', '!', '?']));
    a.summary = meta.description.clone();
    for pic in doc.query(sel!(".cons-photo")) {
        if let Some(src) =
            pic.query(sel!("img")).next().filter(|i| is_picture(i.value())).and_then(|i| image_src(i.value())).and_then(|s| ctx.resolve(s))
        {
            let (caption, credit) = furniture::caption_and_credit(&text_of(pic));
            a.images.push(Image { url: src, caption, credit });
        }
    }
    // Old template: when the paywall is up, only paragraphs styled display:block are shown.
    let shown: Vec<ElementRef<'_>> = doc
        .query(sel!("#appContent p[style]"))
        .filter(|p| p.attr("style").is_some_and(|s| s.replace(' ', "").contains("display:block")))
        .collect();
    let all_app: usize = doc.query(sel!("#appContent p")).count();
    let mut read: Vec<Range<usize>> = if !shown.is_empty() {
        a.truncated |= shown.len() < all_app;
        shown.iter().map(|p| within(blocks, *p)).collect()
    } else {
        content.first().map(|c| within(blocks, *c)).into_iter().collect()
    };
    let text: Vec<&Block<'_>> = read.iter().flat_map(|r| &blocks[r.clone()]).collect();
    let mut parts = furniture::split(&text, ctx);
    if let Some(end) = read.last().map(|r| r.end) {
        read.push(parts.list_past(blocks, end));
    }
    parts.add_to(&mut a);
    // A "By …" paragraph opening the text is the byline, not text.
    crate::extract::article::set_byline_and_authors(&mut a, VOCABULARY.credit_words);
    // A paywall box counts when a reader sees it say something (the template may carry it empty
    // or hidden).
    a.truncated |= doc.query(sel!(".cons-pay-tip, .cx-paywall, .app-exclusive-tip")).any(|b| {
        !is_hidden(b.value())
            && b.ancestors().filter_map(ElementRef::wrap).all(|p| !is_hidden(p.value()))
            && !shown_text(b, &VOCABULARY).is_empty()
    });
    a.paywalled |= a.truncated;
    Some((a, read))
}
