//! The `caixin-sidebar.page/1` model (`docs/export-contract.md`, `docs/page-v1.schema.json`).
//!
//! Plain data: every export format and the sidebar are views of these structs. Field order here is
//! the field order of the JSON export, so keep it stable.

use serde::{Deserialize, Serialize};

/// The value of `schema` in every export.
pub const SCHEMA_ID: &str = "caixin-sidebar.page/1";

/// One page read: what it is, and every article on it in page order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// Always [`SCHEMA_ID`].
    pub schema: String,
    /// The page itself.
    pub page: PageInfo,
    /// Every article on the page, in page order (the same article met twice is one).
    pub articles: Vec<Article>,
    /// What could not be read, for the reader to see ("article 7: no date found").
    pub warnings: Vec<String>,
}

/// The site a page belongs to. A value this version does not know (a site added later, read
/// back from the storage) reads as `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Site {
    /// www.caixinglobal.com.
    CaixinGlobal,
    /// caixin.com and its channels.
    CaixinCn,
    /// Any other host (read with the generic rules only).
    #[serde(other)]
    Other,
}

impl Site {
    /// The id written in exports: `caixin-global`, `caixin-cn`, `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            Site::CaixinGlobal => "caixin-global",
            Site::CaixinCn => "caixin-cn",
            Site::Other => "other",
        }
    }
}

/// What kind of page it is, decided from its content. An unknown value reads as `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// Several stories or list entries (home, section, live, search pages).
    Listing,
    /// A page with an article of its own.
    Article,
    /// Neither could be told.
    #[serde(other)]
    Unknown,
}

impl PageKind {
    /// The kind written in exports: `listing`, `article`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Listing => "listing",
            PageKind::Article => "article",
            PageKind::Unknown => "unknown",
        }
    }
}

/// The page as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageInfo {
    /// The page's URL as given.
    pub url: String,
    /// Its site.
    pub site: Site,
    /// Listing, article or unknown.
    pub kind: PageKind,
    /// `<title>` or `og:title`, trimmed.
    pub title: Option<String>,
    /// `<html lang>`, else the site's language.
    pub language: Option<String>,
}

/// One article as the page shows it. Text fields are whitespace-normalised, with invisible and
/// bidi control characters removed; a field the page does not show is `None` or empty.
///
/// Read back (the sidebar's stored collection and fetched articles), an article written by another
/// version reads: a field it lacks takes its empty value, a field this version does not know is
/// ignored (`#[serde(default)]` here and on the structs below; unknown enum values read as the
/// enum's fallback). What an export writes does not change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Article {
    /// Caixin's numeric article id from the URL.
    pub id: Option<String>,
    /// The article's absolute URL.
    pub url: Option<String>,
    /// Its headline.
    pub title: Option<String>,
    /// Its section, in the site's canonical form ("Business & Tech", "金融").
    pub section: Option<String>,
    /// The author text as shown ("By Ding Yi", "文｜财新 韩宇航").
    pub byline: Option<String>,
    /// The people of the byline, credits and role words removed.
    pub authors: Vec<String>,
    /// RFC 3339 in Beijing time (`2020-11-27T19:07:00+08:00`), or a bare `YYYY-MM-DD` when the
    /// page shows no time.
    pub published: Option<String>,
    /// The date text exactly as shown.
    pub published_text: Option<String>,
    /// Addition: the day the article's URL names (`YYYY-MM-DD`), whether or not the page shows a
    /// date. Sorting and the date filter fall back to it; it is never turned into a time.
    pub url_date: Option<String>,
    /// The teaser or summary, when the page shows one.
    pub summary: Option<String>,
    /// The article's paragraphs, furniture (contacts, credits, related links) taken out.
    pub body: Vec<String>,
    /// Its pictures.
    pub images: Vec<Image>,
    /// "Related:" / "相关阅读" links.
    pub related: Vec<Link>,
    /// Reporters and editors named in contact and staff lines.
    pub contacts: Vec<Contact>,
    /// The three parts of a "Trending in China" story.
    pub trending: Option<Trending>,
    /// Words in `body` (CJK: characters).
    pub word_count: usize,
    // Additions to the contract (allowed: "you may add fields").
    /// Addition: the site marks it as paid ("收费文章", a key icon, a paywall box): the body is
    /// what is visible.
    pub paywalled: bool,
    /// Addition: the page showed only part of the text (a paywall box over it, paragraphs hidden
    /// until the reader subscribes): `body` is that part. Read on article pages; `false` for list
    /// entries, which show no body.
    pub truncated: bool,
    /// Addition: the "Read the full story here." link of a short item.
    pub full_story_url: Option<String>,
    /// Addition: labels the page shows next to the item that are not its section ("特稿").
    pub tags: Vec<String>,
    /// Addition: how the page presents it.
    pub role: Role,
    /// Addition: when the page states the article was last modified (caixin.com's `更新于 …`,
    /// JSON-LD `dateModified`, `article:modified_time`), in the form of `published`. Read for the
    /// page's own article only; `None` when the page does not state it (never guessed).
    pub updated: Option<String>,
    /// Addition: the same article in another language, as the page links it (caixin.com's
    /// `英文报道` box: its Caixin Global English version). Empty when the page links none.
    pub translations: Vec<Translation>,
    /// Addition: the article's identity (`crate::article_key` of its URL: host and path without
    /// scheme, query, fragment, page number or mobile prefix), computed once after the merge.
    /// `None` when the URL is not an article's. Stored articles of earlier versions lack it; the
    /// collection fills it from the URL on read.
    pub key: Option<String>,
}

/// How the page presents an article. An unknown value (a role added later) reads as `Teaser`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A list entry: title, maybe summary, date, section.
    #[default]
    Teaser,
    /// A full story in a stream, as on CX Tech pages.
    Story,
    /// The article of an article page.
    Main,
}

// By hand: `#[serde(other)]` must be the last variant, and the order of the variants is the
// order of richness (`Ord`).
impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Role, D::Error> {
        Ok(match String::deserialize(d)?.as_str() {
            "story" => Role::Story,
            "main" => Role::Main,
            _ => Role::Teaser,
        })
    }
}

/// A picture of an article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Image {
    /// Its absolute URL (a lazy-loaded picture's real source).
    pub url: String,
    /// The caption shown with it.
    pub caption: Option<String>,
    /// Whose picture it is ("Photo: VCG" → "VCG").
    pub credit: Option<String>,
}

/// A related article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Link {
    /// Its title as shown.
    pub title: String,
    /// `None` when the page shows the title without a link.
    pub url: Option<String>,
}

/// The same article in another language, linked by the page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Translation {
    /// Its language: `en` (an English version), `zh` (a Chinese one).
    pub lang: String,
    /// Its absolute http(s) URL, as linked.
    pub url: String,
    /// Its title as the link shows it.
    pub title: Option<String>,
}

/// A person named in a contact or staff line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contact {
    /// `reporter`, `editor`, `layout editor`, `photo editor`, …
    pub role: String,
    /// The name as shown.
    pub name: String,
    /// The address, when the line gives one.
    pub email: Option<String>,
}

/// The parts of a "Trending in China" story.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Trending {
    /// The hashtag of the "What's trending?" paragraph.
    pub hashtag: Option<String>,
    /// Its English rendering, when the paragraph gives one.
    pub hashtag_translation: Option<String>,
    /// Paragraphs under "What's trending?".
    pub whats_trending: Vec<String>,
    /// Paragraphs under "What's the story?".
    pub story: Vec<String>,
    /// Paragraphs under "What are people saying online?".
    pub reactions: Vec<String>,
}
