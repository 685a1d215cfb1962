//! The site-neutral toolkit: each module is one pass or one reader, and none names a site. What a
//! site knows (hosts, URL rules, sections, paid marks, credit words, its own markup) arrives as
//! `rules::SiteRules` through `rules::Ctx`. The orchestrator that runs these passes is
//! `crate::pipeline`.
//!
//! - `metadata` — `<title>`, lang, canonical, OpenGraph, JSON-LD, into the `meta::Meta` record
//!   (a module of its own so that `rules` can name it).
//! - `blocks`   — the visible text as blocks in reading order, navigation left out; the text
//!   readers of an element (`text_of`, `shown_text`).
//! - `stories`  — full stories found by their byline line (CX Tech / live layout).
//! - `teasers`  — list entries found by article-shaped links.
//! - `article`  — the generic reader-mode article, and fields only the metadata holds.
//! - `navigation` — page bars, chapter lists, the site's buttons: never content.
//! - `stated`   — the ranked statements of the page's own article (structured data, the site's
//!   fields, labelled lines, heuristics) and how one value per field is chosen.
//! - readers: `dates`, `byline`, `person` (what a name is), `furniture` (contacts, related links,
//!   credits), `text`, `url`.

pub mod article;
pub mod block;
pub mod blocks;
pub mod byline;
pub mod dates;
pub mod depth;
pub mod dom;
pub mod furniture;
pub mod meta;
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

/// Where a candidate stands in the merge: its first appearance decides the article's place on the
/// page, and ties keep the order the passes found them in. The page's own article comes first,
/// then what the block stream holds in page order (a full story or a list entry, by its first
/// block), then the entries of the page's JSON-LD item lists, which have no place in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// The page's own article (`SiteRules::main_article`, JSON-LD, the generic reader).
    OwnArticle,
    /// Read from the block stream: the index of its first block.
    Block(usize),
    /// The n-th entry of the page's JSON-LD `ItemList`s.
    ItemList(usize),
}

/// Sets an article's identity (`key`) and URL day from `au`, the reading of its URL a pass has at
/// hand already: the pipeline's complete stage reads the URL again only for articles without one.
pub fn identify(a: &mut Article, au: url::ArticleRef<'_>) {
    a.key = Some(au.key.to_string());
    a.url_date = au.date.map(|(y, m, d)| dates::day_text(y, m, d));
}

/// [`identify`] from the article's own URL, read now (an article no pass read the URL of); no
/// key and no URL day when it is no article URL.
pub fn identify_from_url(a: &mut Article, ctx: &rules::Ctx<'_>) {
    match a.url.as_deref().and_then(|u| ctx.article_url(u)) {
        Some(au) => identify(a, au.borrowed()),
        None => (a.key, a.url_date) = (None, None),
    }
}

/// One article found by one pass, before merging.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Its place in the merge.
    pub rank: Rank,
    /// Its `key` ([`identify`]) is what merging joins it by.
    pub article: Article,
    /// Its section was read from a label link's target, not from a label's text: any appearance
    /// with a label's text is preferred when merging.
    pub section_from_link: bool,
    /// The blocks it was read from (empty when not read from the page's block stream).
    pub span: std::ops::Range<usize>,
}

/// Puts candidates in the order of their ranks (a stable sort: equal ranks keep the order the
/// passes found them in). The one place they are sorted.
pub fn sort_in_page_order(candidates: &mut Vec<Candidate>) {
    if candidates.windows(2).all(|w| w[0].rank <= w[1].rank) {
        return;
    }
    let mut idx: Vec<usize> = (0..candidates.len()).collect();
    sort_indices(&mut idx, &|a, b| candidates[a].rank.cmp(&candidates[b].rank));
    let mut slots: Vec<Option<Candidate>> = std::mem::take(candidates).into_iter().map(Some).collect();
    candidates.extend(idx.into_iter().filter_map(|i| slots[i].take()));
}

/// A stable sort of indices by a comparator. Every sort of our own goes through this one call:
/// each closure type given to `sort_by` is its own copy of the standard library's sort in the
/// wasm (~8 KB each); behind `dyn` there is one.
pub fn sort_indices(idx: &mut [usize], cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering) {
    idx.sort_by(|a, b| cmp(*a, *b));
}
