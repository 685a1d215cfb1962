//! One adapter per site, each with the same three steps (after zotero/translators): a cheap URL
//! match, recognition of its own markup, and extraction of what that markup holds. The generic
//! passes in `extract/` run for every site; an adapter only adds what they cannot know.

pub mod caixin_cn;
pub mod caixin_global;

use scraper::Html;

use crate::extract::metadata::Meta;
use crate::model::{Article, Site};

pub struct SiteAdapter {
    pub site: Site,
    /// Cheap test on the lower-case host name.
    pub matches: fn(host: &str) -> bool,
    /// The page's own article, from the site's article-page markup.
    pub main_article: fn(doc: &Html, meta: &Meta, base: &str) -> Option<Article>,
    /// Does the page hold the site's known list markup? (Only used to say which layer worked.)
    pub known_listing: fn(doc: &Html) -> bool,
    /// Language when `<html lang>` is missing.
    pub default_language: fn(host: &str) -> Option<&'static str>,
}

/// Sites in match order; anything else is `other` (generic passes only).
pub static SITES: &[SiteAdapter] = &[caixin_global::ADAPTER, caixin_cn::ADAPTER];

pub fn for_host(host: &str) -> Option<&'static SiteAdapter> {
    SITES.iter().find(|s| (s.matches)(host))
}

pub(crate) fn selector(slot: &'static std::sync::OnceLock<scraper::Selector>, css: &str) -> &'static scraper::Selector {
    slot.get_or_init(|| scraper::Selector::parse(css).expect("literal selector"))
}

/// `static` selector from a literal.
#[macro_export]
macro_rules! sel {
    ($css:expr) => {{
        static S: std::sync::OnceLock<scraper::Selector> = std::sync::OnceLock::new();
        $crate::sites::selector(&S, $css)
    }};
}
