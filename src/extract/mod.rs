//! The extraction pipeline: page HTML + URL → `Page`.
//!
//! Stages, in order (each named, each testable alone):
//! 1. `metadata`  — `<title>`, lang, canonical, OpenGraph, JSON-LD.
//! 2. `blocks`    — the visible text as blocks in reading order.
//! 3. site markup — the adapter of `sites/` for the page's host, if any (article pages).
//! 4. `stories`   — full stories found by their byline line (CX Tech / live layout).
//! 5. `teasers`   — list entries found by article-shaped links.
//! 6. merge by article URL (page order kept, the richest version of each field wins), decide the
//!    page kind from what was found, and say in `warnings` what could not be read.

pub mod blocks;
pub mod byline;
pub mod dates;
pub mod furniture;
pub mod metadata;
pub mod stories;
pub mod teasers;
pub mod text;
pub mod url;

use scraper::{ElementRef, Html};
use std::collections::{HashMap, HashSet};

use crate::model::{Article, Page, PageInfo, PageKind, Role, Site, SCHEMA_ID};
use crate::sel;
use crate::sites;
use blocks::{Block, Blocks};
use metadata::Meta;

pub(crate) use teasers::date_line as teasers_date_line;

/// Pages larger than this are refused with a message instead of tying up the sidebar.
pub const MAX_HTML_BYTES: usize = 32 * 1024 * 1024;
/// A stream needs this many stories to be a listing (one story at its own URL is an article).
const MIN_LISTING_STORIES: usize = 2;
/// Generic article detection: the main text cluster needs this much text.
const MIN_MAIN_TEXT_CHARS: usize = 280;

/// Node ids are small integers: hashing them with SipHash (the std default) was a visible cost.
#[derive(Default)]
pub struct NodeIdHasher(u64);

impl std::hash::Hasher for NodeIdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by tree node.
pub type NodeMap<V> = HashMap<ego_tree::NodeId, V, std::hash::BuildHasherDefault<NodeIdHasher>>;

/// Why a page could not be read at all. Everything short of these gives a `Page` (maybe empty,
/// with warnings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The page URL is not an absolute http(s) URL: links cannot be resolved against it.
    BadUrl(String),
    /// The HTML is larger than `MAX_HTML_BYTES`.
    TooLarge(usize),
    /// No address was given and the page states none (`extract_saved`).
    NoUrl,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::BadUrl(u) => write!(f, "the page URL {u:?} is not an http(s) URL; give the page's real address (CLI: --url https://…)"),
            Error::NoUrl => write!(f, "the page names no URL (no <link rel=canonical> or og:url): give its address (CLI: --url https://…)"),
            Error::TooLarge(n) => write!(
                f,
                "the page is {:.1} MB, more than the {} MB this tool reads; save a smaller page or a single article",
                *n as f64 / 1e6,
                MAX_HTML_BYTES / 1024 / 1024
            ),
        }
    }
}

impl std::error::Error for Error {}

/// One article found by one pass, before merging.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index of its first block: page order.
    pub order: usize,
    /// `url::ArticleUrl::key`, when it has an article URL.
    pub key: Option<String>,
    pub article: Article,
}

/// Extracts the page. `page_url` is the address the HTML came from (used as given in `page.url`).
pub fn extract(html: &str, page_url: &str) -> Result<Page, Error> {
    extract_saved(html, Some(page_url))
}

/// `extract` for a saved page: without `page_url`, the address the page states for itself
/// (`<link rel=canonical>`, else `og:url`) is used. One parse either way.
pub fn extract_saved(html: &str, page_url: Option<&str>) -> Result<Page, Error> {
    if html.len() > MAX_HTML_BYTES {
        return Err(Error::TooLarge(html.len()));
    }
    // A bad address given is refused before the work of parsing.
    if let Some(u) = page_url.filter(|u| url::host(u.trim()).is_none()) {
        return Err(Error::BadUrl(u.trim().to_string()));
    }
    let doc = Html::parse_document(html);
    let meta = Meta::read(&doc);
    let page_url = url::encode_invisible(match page_url {
        Some(u) => u.trim().to_string(),
        None => meta.stated_url().ok_or(Error::NoUrl)?.to_string(),
    });
    let page_url = page_url.as_str();
    let host = url::host(page_url).ok_or_else(|| Error::BadUrl(page_url.to_string()))?;
    let adapter = sites::for_host(&host);
    let site = adapter.map_or(Site::Other, |a| a.site);
    let mut warnings = Vec::new();

    let blocks = Blocks::of(doc.root_element(), page_url);
    let stories = stories::find(&blocks, page_url);
    let keys = teasers::KeyMap::build(doc.root_element(), page_url);

    // The page's own article, layer by layer.
    let mut main: Option<(Article, &'static str)> = None;
    if stories.len() < MIN_LISTING_STORIES {
        if let Some(a) = adapter.and_then(|ad| (ad.main_article)(&doc, &meta, page_url)) {
            main = Some((a, "site markup"));
        } else if let Some(v) = meta.ld_article() {
            main = Some((metadata::article_from_ld(v, page_url), "embedded metadata (JSON-LD)"));
        } else if let Some(a) = generic_main(&doc, &meta, &blocks, page_url) {
            main = Some((a, "text patterns"));
        }
    }

    // Full articles first (the page's own, then stories), in page order.
    let mut candidates: Vec<Candidate> = Vec::new();
    let has_main = main.is_some();
    if let Some((mut a, layer)) = main {
        fill_from_meta(&mut a, &meta, page_url);
        if layer != "site markup" && site != Site::Other {
            warnings.push(format!("the site's article markup was not found; the article was read from {layer}"));
        }
        let key = a.url.as_deref().and_then(url::article_url).map(|u| u.key);
        candidates.push(Candidate { order: 0, key, article: a });
    }
    let story_count = stories.len();
    candidates.extend(stories.into_iter().map(|mut c| {
        c.order += 1;
        c
    }));

    // List entries. A link already given as an article's "Related:" or full-story link is not
    // listed again as an entry of its own (it is in that article's `related` / `full_story_url`).
    let own: HashSet<String> = candidates.iter().filter_map(|c| c.key.clone()).collect();
    let cited: HashSet<String> = candidates
        .iter()
        .flat_map(|c| c.article.related.iter().filter_map(|r| r.url.clone()).chain(c.article.full_story_url.clone()))
        .filter_map(|u| url::article_url(&u).map(|a| a.key))
        .filter(|k| !own.contains(k))
        .collect();
    let teasers = teasers::find(&blocks, page_url, &keys, &cited);

    // The kind, from what was found: an article of its own, several stories or entries, one story.
    let kind = if has_main {
        PageKind::Article
    } else if story_count >= MIN_LISTING_STORIES || teasers.len() >= 2 {
        PageKind::Listing
    } else if story_count == 1 {
        candidates[0].article.role = Role::Main;
        PageKind::Article
    } else {
        PageKind::Unknown
    };
    if site != Site::Other && kind == PageKind::Listing && story_count == 0 && !adapter.is_some_and(|a| (a.known_listing)(&doc)) {
        warnings.push("the site's list markup was not recognised; entries were found by their article links".to_string());
    }
    candidates.extend(teasers.into_iter().map(|mut c| {
        c.order += 1;
        c
    }));
    let ld_items = metadata::ld_item_list(&meta, page_url);
    let base_order = blocks.len() + 2;
    candidates.extend(ld_items.into_iter().enumerate().map(|(i, a)| Candidate {
        order: base_order + i,
        key: a.url.as_deref().and_then(url::article_url).map(|u| u.key),
        article: a,
    }));

    let mut articles = merge(candidates);
    let kind = if kind == PageKind::Unknown && articles.len() >= 2 { PageKind::Listing } else { kind };
    for a in &mut articles {
        a.word_count = text::word_count(&a.body);
    }
    describe_gaps(&articles, site, &mut warnings);

    let title = meta.title.clone().or_else(|| meta.og_title.clone());
    let language = meta.lang.clone().or_else(|| adapter.and_then(|a| (a.default_language)(&host)).map(str::to_string));
    Ok(Page {
        schema: SCHEMA_ID.to_string(),
        page: PageInfo { url: page_url.to_string(), site, kind, title, language },
        articles,
        warnings,
    })
}

/// Merges candidates that share an article URL: the first position wins; for each field the
/// richest role (main > story > teaser) wins, and the others fill what it lacks.
fn merge(mut candidates: Vec<Candidate>) -> Vec<Article> {
    candidates.sort_by_key(|c| c.order);
    let mut out: Vec<Article> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for c in candidates {
        match c.key.as_ref().and_then(|k| at.get(k)) {
            Some(&i) => {
                let existing = std::mem::take(&mut out[i]);
                out[i] = if c.article.role > existing.role { fill(c.article, existing) } else { fill(existing, c.article) };
            }
            None => {
                if let Some(k) = c.key {
                    at.insert(k, out.len());
                }
                out.push(c.article);
            }
        }
    }
    out
}

/// `a` with every missing field taken from `b`.
fn fill(mut a: Article, b: Article) -> Article {
    macro_rules! opt {
        ($($f:ident),*) => { $( if a.$f.is_none() { a.$f = b.$f; } )* };
    }
    macro_rules! list {
        ($($f:ident),*) => { $( if a.$f.is_empty() { a.$f = b.$f; } )* };
    }
    opt!(id, url, title, section, byline, published, published_text, summary, trending, full_story_url);
    list!(authors, body, images, related, contacts, tags);
    a.paywalled |= b.paywalled;
    a
}

/// Fields of the page's own article that only the page metadata holds.
fn fill_from_meta(a: &mut Article, meta: &Meta, base: &str) {
    if a.title.is_none() {
        a.title = meta.og_title.clone();
    }
    if a.url.is_none() {
        a.url = meta.stated_url().and_then(|u| url::resolve(base, u)).or_else(|| Some(base.to_string()));
    }
    if a.id.is_none() {
        a.id = a.url.as_deref().and_then(url::article_url).and_then(|u| u.id);
    }
    if a.published.is_none() {
        if let Some(p) = meta.published.as_deref() {
            a.published = dates::parse(p, None);
            a.published_text.get_or_insert_with(|| p.to_string());
        }
    }
    if a.byline.is_none() {
        if let Some(au) = &meta.author {
            a.byline = Some(au.clone());
            a.authors = byline::authors(au);
        }
    }
    if a.summary.is_none() {
        a.summary = meta.description.clone();
    }
    if a.section.is_none() {
        a.section = meta.section.clone();
    }
    if a.images.is_empty() {
        if let Some(img) = meta.og_image.as_deref().and_then(|i| url::resolve(base, i)) {
            a.images.push(crate::model::Image { url: img, caption: None, credit: None });
        }
    }
}

/// A page that says it is an article (og:type) or has an article-shaped URL, whose text is one
/// dominant run of paragraphs under a heading: the generic reader-mode fallback.
fn generic_main(doc: &Html, meta: &Meta, blocks: &[Block<'_>], base: &str) -> Option<Article> {
    let says_article = meta.og_type.as_deref() == Some("article") || url::article_url(base).is_some();
    if !says_article {
        return None;
    }
    // The element whose own <p> children hold the most text.
    let mut by_parent: NodeMap<(usize, ElementRef<'_>)> = NodeMap::default();
    for b in blocks.iter().filter(|b| b.tag == "p") {
        if let Some(parent) = b.el.parent().and_then(ElementRef::wrap) {
            by_parent.entry(parent.id()).or_insert((0, parent)).0 += b.text.chars().count();
        }
    }
    let (chars, body_el) = by_parent.into_values().max_by_key(|(n, _)| *n)?;
    if chars < MIN_MAIN_TEXT_CHARS {
        return None;
    }
    let inside: Vec<&Block<'_>> =
        blocks.iter().filter(|b| b.el.ancestors().any(|a| a.id() == body_el.id()) || b.el.id() == body_el.id()).collect();
    let parts = furniture::split(&inside, base);
    let h1 = doc.select(sel!("h1")).next().map(blocks::text_of).and_then(|t| text::non_empty(&t));
    let mut a = Article { role: Role::Main, title: meta.og_title.clone().or(h1), ..Article::default() };
    // A byline or date line between the heading and the text.
    let first_body = blocks.iter().position(|b| inside.first().is_some_and(|f| std::ptr::eq(*f, b))).unwrap_or(0);
    let year_hint = url::article_url(base).and_then(|u| u.date).map(|d| d.0);
    for b in blocks[first_body.saturating_sub(6)..first_body].iter() {
        if let Some((names, found, section)) = teasers::date_line(&b.text, year_hint) {
            a.published_text = Some(found.text(&b.text).to_string());
            a.published = found.rfc3339.clone();
            a.byline = names;
            a.section = section;
        }
    }
    if a.published.is_none() {
        if let Some(t) = doc.select(sel!("time[datetime]")).next() {
            a.published = t.attr("datetime").and_then(|d| dates::parse(d, year_hint));
            a.published_text = text::non_empty(&blocks::text_of(t));
        }
    }
    a.authors = a.byline.as_deref().map(byline::authors).unwrap_or_default();
    parts.add_to(&mut a);
    Some(a)
}

/// Warnings the reader should see: what the page did not give.
fn describe_gaps(articles: &[Article], site: Site, warnings: &mut Vec<String>) {
    if articles.is_empty() {
        warnings.push(match site {
            Site::Other => "no articles found: this does not look like a Caixin page".to_string(),
            _ => "no articles found on this page".to_string(),
        });
        return;
    }
    if site == Site::Other {
        warnings.push("not a Caixin page: read with the generic passes only".to_string());
    }
    for (i, a) in articles.iter().enumerate().filter(|(_, a)| a.role != Role::Teaser) {
        let label = a.title.as_deref().map(|t| text::truncate_chars(t, 40)).unwrap_or_default();
        if a.published.is_none() {
            warnings.push(format!("article {} (“{label}”): no date found", i + 1));
        }
        if a.title.is_none() {
            warnings.push(format!("article {}: no title found", i + 1));
        }
        if a.paywalled {
            warnings.push(format!("article {} (“{label}”): paywalled, only the visible part was read", i + 1));
        }
    }
    let undated = articles.iter().filter(|a| a.role == Role::Teaser && a.published.is_none()).count();
    let teasers = articles.iter().filter(|a| a.role == Role::Teaser).count();
    if undated > 0 {
        warnings.push(format!("{undated} of {teasers} list entries show no date"));
    }
}
