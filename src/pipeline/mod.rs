//! The orchestrator: page HTML + URL → `Page`. It parses once, picks the site's rules, runs the
//! site-neutral passes of `extract/` with them, merges what they found, and decides the page kind.
//!
//! Stages, in order:
//! 1. metadata    — `<title>`, lang, canonical, OpenGraph, JSON-LD (`extract::metadata`).
//! 2. blocks      — the visible text as blocks in reading order (`extract::blocks`).
//! 3. site markup — the page's own article from its site's markup (`SiteRules::main_article`),
//!    else JSON-LD, else the generic reader (`extract::article`).
//! 4. stories     — full stories found by their byline line (`extract::stories`).
//! 5. teasers     — list entries found by article-shaped links (`extract::teasers`).
//! 6. merge       — one article per URL, each field the best of its appearances (`merge`); the
//!    page kind from what was found.
//! 7. statements  — the page's own article's people, times, section, contacts, tags and
//!    translations, each from the highest source that states it (`extract::stated`: structured
//!    data, the site's own fields, labelled lines, heuristics); `warnings` for what could not be
//!    read and for sources that disagree. Its translations' links are not list entries.
//! 8. complete    — per article: word count, the URL's day and the article's `key` (once).

mod merge;

pub use merge::combine_articles;

use scraper::Html;
use std::collections::HashSet;

use crate::extract::article::{fill_from_meta, generic_main};
use crate::extract::blocks::{Block, Blocks};
use crate::extract::metadata::{self, Meta};
use crate::extract::rules::{Ctx, SiteRules};
use crate::extract::stated::{self, Claims, Source};
use crate::extract::{byline, depth, furniture, navigation, person, sections, stories, teasers, text, url, Candidate};
use crate::model::{Article, Page, PageInfo, PageKind, Role, Site, SCHEMA_ID};
use crate::sites;

/// Pages larger than this are refused with a message instead of tying up the sidebar.
pub const MAX_HTML_BYTES: usize = 32 * 1024 * 1024;
/// A stream needs this many stories to be a listing (one story at its own URL is an article).
const MIN_LISTING_STORIES: usize = 2;

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
            // Tenths by integer arithmetic: `{:.1}` of a float pulls the float formatter (~10 KB)
            // into the wasm for this one message.
            Error::TooLarge(n) => write!(
                f,
                "the page is {}.{} MB, more than the {} MB this tool reads; save a smaller page or a single article",
                (n + 50_000) / 1_000_000,
                (n + 50_000) / 100_000 % 10,
                MAX_HTML_BYTES / 1024 / 1024
            ),
        }
    }
}

impl std::error::Error for Error {}

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
    // Markup nested deeper than any real page is flattened first: the parser's cost would grow
    // with the square of the depth.
    let (flat, deep_tags) = depth::flatten(html, depth::MAX_DEPTH);
    let doc = Html::parse_document(&flat);
    drop(flat);
    let meta = Meta::read(&doc);
    // Invisible and bidi characters percent-encoded, as in every other URL (`url::encode_invisible`).
    let page_url = url::encode_invisible(match page_url {
        Some(u) => u.trim().to_string(),
        None => meta.stated_url().ok_or(Error::NoUrl)?.to_string(),
    });
    let page_url = page_url.as_str();
    let host = url::host(page_url).ok_or_else(|| Error::BadUrl(page_url.to_string()))?;
    let ctx = Ctx::new(page_url, sites::SITES);
    let rules: &dyn SiteRules = ctx.site;
    let site = rules.site();
    let mut warnings = Vec::new();
    if deep_tags > 0 {
        warnings.push(format!(
            "the page nests its markup deeper than {} levels: {deep_tags} deeper tags were ignored (their text is kept)",
            depth::MAX_DEPTH
        ));
    }

    let blocks = Blocks::of(doc.root_element(), &ctx);
    let keys = teasers::KeyMap::build(&doc, &blocks);
    let stories = stories::find(&blocks, &ctx, &keys);

    // The page's own article, layer by layer.
    let main = if stories.len() < MIN_LISTING_STORIES { read_main(&doc, &meta, &blocks, &ctx) } else { None };
    // As its layer read it, before other mentions of it on the page are merged in.
    let main_read: Option<(Article, Layer)> = main.as_ref().map(|(a, l)| (a.clone(), *l));

    // What the page states of its own article (settled after the merge); its translations'
    // links are known before the list entries are looked for.
    let page_claims = main.as_ref().map(|_| Claims::of_page(&doc, &meta, &ctx));

    // Full articles first (the page's own, then stories), in page order.
    let mut candidates: Vec<Candidate> = Vec::new();
    let has_main = main.is_some();
    if let Some((mut a, layer)) = main {
        // "相关阅读" / "Related articles" lists anywhere on the page are the article's related
        // links, not list entries of their own.
        let all: Vec<&Block<'_>> = blocks.iter().filter(|b| !b.hidden).collect();
        let mut i = 0;
        while i < all.len() {
            match furniture::related_list(&all, i) {
                Some((links, end)) => {
                    for l in links {
                        if !a.related.iter().any(|r| r.url == l.url) {
                            a.related.push(l);
                        }
                    }
                    i = end;
                }
                None => i += 1,
            }
        }
        if layer != Layer::SiteMarkup && site != Site::Other {
            warnings.push(format!("the site's article markup was not found; the article was read from {}", layer.name()));
        }
        let key = a.url.as_deref().and_then(|u| ctx.article_url(u)).map(|u| u.key);
        candidates.push(Candidate { order: 0, key, article: a, section_from_link: false, span: 0..0 });
    }
    let story_count = stories.len();
    candidates.extend(stories.into_iter().map(|mut c| {
        c.order += 1;
        c
    }));

    // List entries. A link already given as an article's "Related:" or full-story link, or as
    // the page's own article's translation, is not listed again as an entry of its own (it is in
    // that article's `related` / `full_story_url` / `translations`).
    let own: HashSet<String> = candidates.iter().filter_map(|c| c.key.clone()).collect();
    let translated = page_claims.iter().flat_map(|c| &c.translations).flat_map(|c| &c.value).map(|t| t.url.clone());
    let cited: HashSet<String> = candidates
        .iter()
        .flat_map(|c| c.article.related.iter().filter_map(|r| r.url.clone()).chain(c.article.full_story_url.clone()))
        .chain(translated)
        .filter_map(|u| ctx.article_url(&u).map(|a| a.key))
        .filter(|k| !own.contains(k))
        .collect();
    let covered: Vec<std::ops::Range<usize>> = candidates.iter().map(|c| c.span.clone()).filter(|r| !r.is_empty()).collect();
    // The page's own article's paragraphs, as blocks: links in them are entries of their title
    // alone, and no entry around another link reaches into them.
    let main_body: HashSet<&str> =
        candidates.iter().filter(|c| c.article.role == Role::Main).flat_map(|c| &c.article.body).map(String::as_str).collect();
    // (A listing has no such article: no block's text is hashed for it.)
    let article_text: Vec<bool> =
        if main_body.is_empty() { Vec::new() } else { blocks.iter().map(|b| main_body.contains(b.text.as_str())).collect() };
    let teasers = teasers::find(&blocks, &ctx, &keys, &cited, &covered, &article_text);

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
    if site != Site::Other && kind == PageKind::Listing && story_count == 0 && !rules.known_listing(&doc) {
        warnings.push("the site's list markup was not recognised; entries were found by their article links".to_string());
    }
    candidates.extend(teasers.into_iter().map(|mut c| {
        c.order += 1;
        c
    }));
    let ld_items = metadata::ld_item_list(&meta, &ctx);
    let base_order = blocks.len() + 2;
    candidates.extend(ld_items.into_iter().enumerate().map(|(i, a)| Candidate {
        order: base_order + i,
        key: a.url.as_deref().and_then(|u| ctx.article_url(u)).map(|u| u.key),
        article: a,
        section_from_link: false,
        span: 0..0,
    }));

    let mut articles = merge::merge(candidates);
    if let (Some((read, layer)), Some(claims)) = (&main_read, page_claims) {
        settle_main(&mut articles, read, *layer, claims, &ctx, &mut warnings);
    }
    let kind = if kind == PageKind::Unknown && articles.len() >= 2 { PageKind::Listing } else { kind };
    for a in &mut articles {
        a.word_count = text::word_count(&a.body);
        // The article's identity and day, once, from its URL: nothing downstream recomputes them.
        let au = a.url.as_deref().and_then(|u| ctx.article_url(u));
        a.url_date = au.as_ref().and_then(|u| u.date).map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"));
        a.key = au.map(|u| u.key);
        // No label anywhere on the page: the channel the article's own host belongs to.
        if a.section.is_none() {
            a.section = a.url.as_deref().and_then(|u| sections::of_article_host(&ctx, u)).map(str::to_string);
        }
        keep_people(a, rules.vocabulary().credit_words);
    }
    describe_gaps(&articles, site, &mut warnings);

    let title = meta.title.clone().or_else(|| meta.og_title.clone());
    let language = meta.lang.clone().or_else(|| rules.default_language(&host).map(str::to_string));
    Ok(Page {
        schema: SCHEMA_ID.to_string(),
        page: PageInfo { url: page_url.to_string(), site, kind, title, language },
        articles,
        warnings,
    })
}

/// Authors and contacts are people (`person::is_person`), on every layer; a byline that names
/// nobody and reads as no byline (a counter, "评论(0)") is no byline.
fn keep_people(a: &mut Article, credits: &[&str]) {
    a.authors = person::people(std::mem::take(&mut a.authors), credits);
    a.contacts.retain(|c| person::is_person(&c.name, credits));
    if a.authors.is_empty() && a.byline.as_deref().is_some_and(|b| byline::read(b, credits).doubtful) {
        a.byline = None;
    }
}

/// Which layer read the page's own article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    /// The site's article markup (`SiteRules::main_article`).
    SiteMarkup,
    /// JSON-LD.
    JsonLd,
    /// The generic reader (`extract::article::generic_main`).
    TextPatterns,
}

impl Layer {
    /// For the warning that says which layer read the page.
    fn name(self) -> &'static str {
        match self {
            Layer::SiteMarkup => "site markup",
            Layer::JsonLd => "embedded metadata (JSON-LD)",
            Layer::TextPatterns => "text patterns",
        }
    }

    /// The rank of what this layer states (`extract::stated`): the site's markup reads its labelled
    /// lines; the generic reader guesses from the layout.
    fn source(self) -> Source {
        match self {
            Layer::SiteMarkup => Source::Labelled,
            Layer::JsonLd => Source::Structured,
            Layer::TextPatterns => Source::Heuristic,
        }
    }
}

/// The page's own article, from the first layer that finds it: the site's markup, JSON-LD, the
/// generic reader; completed from the page metadata, and from its page bar (a multi-page
/// article is cut, and its one-page version is its full story).
fn read_main(doc: &Html, meta: &Meta, blocks: &[Block<'_>], ctx: &Ctx<'_>) -> Option<(Article, Layer)> {
    let (mut a, layer) = if let Some(a) = ctx.site.main_article(doc, meta, ctx) {
        (a, Layer::SiteMarkup)
    } else if let Some(v) = meta.ld_article() {
        (metadata::article_from_ld(v, ctx), Layer::JsonLd)
    } else {
        (generic_main(doc, meta, blocks, ctx)?, Layer::TextPatterns)
    };
    fill_from_meta(&mut a, meta, ctx);
    let bar = navigation::page_bar(doc, ctx);
    if bar.more {
        a.truncated = true;
    }
    if a.full_story_url.is_none() {
        a.full_story_url = bar.whole;
    }
    Some((a, layer))
}

impl Claims {
    /// What the page states of its own article beside its reader: the metadata, and the site's
    /// own fields (`SiteRules::stated`).
    fn of_page(doc: &Html, meta: &Meta, ctx: &Ctx<'_>) -> Claims {
        let mut c = metadata::claims(meta, ctx);
        c.extend(ctx.site.stated(doc, meta, ctx));
        c
    }
}

/// The page's own article's people, time, section, contacts and tags, each from the highest
/// source that states it (`extract::stated`): `page` (the metadata, the site's fields), what its
/// layer read (`read`), what other mentions of it on the page added, and the channel its address
/// names.
fn settle_main(articles: &mut [Article], read: &Article, layer: Layer, mut claims: Claims, ctx: &Ctx<'_>, warnings: &mut Vec<String>) {
    let Some(i) = articles.iter().position(|a| a.role == Role::Main) else { return };
    let credits = ctx.site.vocabulary().credit_words;
    claims.read_from(read, layer.source(), None, credits);
    claims.read_from(&articles[i], Source::Heuristic, Some(read), credits);
    let channel = articles[i].url.as_deref().and_then(|u| sections::of_article_host(ctx, u)).map(str::to_string);
    claims.section(Source::Heuristic, "the channel its address names", channel);
    let label = format!("article {} (“{}”)", i + 1, articles[i].title.as_deref().map(|t| text::truncate_chars(t, 40)).unwrap_or_default());
    stated::settle(&mut articles[i], &claims, &label, warnings);
}

/// A list entry completed from its article's own page (fetched by the sidebar's "Fetch full
/// articles"): the page's article gives the body, pictures, related links, contacts, authors and
/// time it shows, field by field as `combine_articles` weighs them; the entry keeps its place
/// and role on its list, and its URL as linked there. `None` when the page has no article of its
/// own (a listing, an error page).
pub fn with_article_page(entry: &Article, page: &Page) -> Option<Article> {
    let own = page.articles.iter().find(|a| a.role == Role::Main)?;
    let mut out = combine_articles(entry.clone(), own.clone());
    out.role = entry.role;
    out.url = entry.url.clone().or(out.url);
    out.key = entry.key.clone().or(out.key);
    out.word_count = text::word_count(&out.body);
    Some(out)
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
        // Only when the text is in fact cut: a paid article a subscriber reads whole is not.
        if a.truncated {
            warnings.push(match (&a.full_story_url, a.paywalled) {
                (Some(whole), _) => format!(
                    "article {} (“{label}”): the text goes on over several pages; only this one was read (the whole text: {whole})",
                    i + 1
                ),
                (None, true) => format!("article {} (“{label}”): paywalled, only the visible part was read", i + 1),
                (None, false) => format!("article {} (“{label}”): only part of the text is shown", i + 1),
            });
        }
    }
    let undated = articles.iter().filter(|a| a.role == Role::Teaser && a.published.is_none()).count();
    let teasers = articles.iter().filter(|a| a.role == Role::Teaser).count();
    if undated > 0 {
        warnings.push(format!("{undated} of {teasers} list entries show no date"));
    }
}
