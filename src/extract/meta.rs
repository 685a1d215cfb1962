//! The page's embedded metadata as read: a plain record, filled by `metadata::Meta::read` (where its
//! methods live too). Apart from `metadata` so that `rules::SiteRules` can name it without a cycle.

use serde_json::Value;

/// What the page states about itself in its head: `<title>`, lang, canonical, OpenGraph /
/// `article:*` / `meta name`, JSON-LD.
#[derive(Debug, Default, Clone)]
pub struct Meta {
    pub title: Option<String>,
    pub lang: Option<String>,
    pub canonical: Option<String>,
    pub og_url: Option<String>,
    /// The address a browser wrote into a page it saved: Chrome and IE's
    /// `<!-- saved from url=(0049)https://… -->`, SingleFile's `url: https://…` comment.
    pub saved_from: Option<String>,
    pub og_title: Option<String>,
    pub og_type: Option<String>,
    pub og_image: Option<String>,
    pub description: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub section: Option<String>,
    pub json_ld: Vec<Value>,
}
