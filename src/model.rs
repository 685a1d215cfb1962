//! The `caixin-sidebar.page/1` model (see `schema/page-v1.schema.json`).
//!
//! Plain data: every export format and the sidebar are views of these structs. Field order here is
//! the field order of the JSON export, so keep it stable.

use serde::{Deserialize, Serialize};

pub const SCHEMA_ID: &str = "caixin-sidebar.page/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub schema: String,
    pub page: PageInfo,
    pub articles: Vec<Article>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Site {
    CaixinGlobal,
    CaixinCn,
    Other,
}

impl Site {
    pub fn as_str(self) -> &'static str {
        match self {
            Site::CaixinGlobal => "caixin-global",
            Site::CaixinCn => "caixin-cn",
            Site::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    Listing,
    Article,
    Unknown,
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Listing => "listing",
            PageKind::Article => "article",
            PageKind::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageInfo {
    pub url: String,
    pub site: Site,
    pub kind: PageKind,
    pub title: Option<String>,
    pub language: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub section: Option<String>,
    pub byline: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub published_text: Option<String>,
    /// Addition: the day the article's URL names (`YYYY-MM-DD`), whether or not the page shows a
    /// date. Sorting and the date filter fall back to it; it is never turned into a time.
    pub url_date: Option<String>,
    pub summary: Option<String>,
    pub body: Vec<String>,
    pub images: Vec<Image>,
    pub related: Vec<Link>,
    pub contacts: Vec<Contact>,
    pub trending: Option<Trending>,
    pub word_count: usize,
    // Additions to the contract (allowed: "you may add fields").
    /// The site marks it as paid ("收费文章", a paywall box, `cx-paywall`): the body is what is visible.
    pub paywalled: bool,
    /// Addition: the page showed only part of the text (a paywall box over it, paragraphs hidden
    /// until the reader subscribes): `body` is that part. Read on article pages; `false` for list
    /// entries, which show no body.
    pub truncated: bool,
    /// "Read the full story here." link of a short item.
    pub full_story_url: Option<String>,
    /// Labels the page shows next to the item that are not its section (e.g. "财新周刊").
    pub tags: Vec<String>,
    /// How the page presents it: `main` (the article of an article page), `story` (a full story in
    /// a stream, as on CX Tech pages), `teaser` (a list entry: title, maybe summary and date).
    pub role: Role,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    #[default]
    Teaser,
    Story,
    Main,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    pub url: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub title: String,
    /// `None` when the page shows the title without a link.
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub role: String,
    pub name: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Trending {
    pub hashtag: Option<String>,
    pub hashtag_translation: Option<String>,
    pub whats_trending: Vec<String>,
    pub story: Vec<String>,
    pub reactions: Vec<String>,
}
