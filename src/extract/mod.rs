//! The site-neutral toolkit: each module is one pass or one reader, and none names a site. What a
//! site knows (hosts, URL rules, sections, paid marks, credit words, its own markup) arrives as
//! `rules::SiteRules` through `rules::Ctx`. The orchestrator that runs these passes is
//! `crate::pipeline`.
//!
//! - `metadata` — `<title>`, lang, canonical, OpenGraph, JSON-LD.
//! - `blocks`   — the visible text as blocks in reading order.
//! - `stories`  — full stories found by their byline line (CX Tech / live layout).
//! - `teasers`  — list entries found by article-shaped links.
//! - `article`  — the generic reader-mode article, and fields only the metadata holds.
//! - `navigation` — page bars, chapter lists, the site's buttons: never content.
//! - `stated`   — the ranked statements of the page's own article (structured data, the site's
//!   fields, labelled lines, heuristics) and how one value per field is chosen.
//! - readers: `dates`, `byline`, `person` (what a name is), `furniture` (contacts, related links,
//!   credits), `text`, `url`.

pub mod article;
pub mod blocks;
pub mod byline;
pub mod dates;
pub mod depth;
pub mod dom;
pub mod furniture;
pub mod metadata;
pub mod navigation;
pub mod person;
pub mod query;
pub mod rules;
pub mod sections;
pub mod stated;
pub mod stories;
pub mod teasers;
pub mod text;
pub mod url;

use crate::model::Article;

pub(crate) use teasers::date_line as teasers_date_line;

/// One article found by one pass, before merging.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index of its first block: page order.
    pub order: usize,
    /// `url::ArticleUrl::key`, when it has an article URL.
    pub key: Option<String>,
    pub article: Article,
    /// Its section was read from a label link's target, not from a label's text: any appearance
    /// with a label's text is preferred when merging.
    pub section_from_link: bool,
    /// The blocks it was read from (empty when not read from the page's block stream).
    pub span: std::ops::Range<usize>,
}

/// Puts candidates in page order. The one place they are sorted: each `sort_by_key` closure is its
/// own copy of the sort in the wasm.
pub fn sort_in_page_order(candidates: &mut [Candidate]) {
    candidates.sort_by_key(|c| c.order);
}
