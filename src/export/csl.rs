//! CSL-JSON for reference managers (Zotero, Mendeley, pandoc-citeproc): an array of
//! `article-newspaper` items. Names are `literal`: Chinese names in pinyin order ("Ding Yi") must
//! not be split into given/family by guesswork.
//!
//! The typed layer is [`Item`]. [`items`] makes a page's, [`items_for`] those of articles read on
//! different sites or in different languages (the sidebar's collection), and [`Bibliography`]
//! gathers the items of many pages (the CLI's batch mode); [`to_json`] prints any of them.
//! The export knows no site: the periodical and its publisher come in as a [`Publisher`] that the
//! caller asks the site for (`caixin_sidebar::publisher`).

use std::collections::HashSet;
use std::fmt;

use serde::{Serialize, Serializer};

use super::format::ExportError;
use crate::model::{Article, Page};

/// The periodical an article appeared in and its publisher (`container-title`, `publisher`): a
/// fact of the site the article was read on, handed to the export as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Publisher<'a> {
    /// The periodical (`container-title`): "Caixin Global", "财新网".
    pub container_title: &'a str,
    /// Who publishes it (`publisher`): "Caixin Media", "财新传媒".
    pub name: &'a str,
}

/// Where articles were read, as their items say it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Source<'a> {
    /// The site's periodical and publisher; `None` (a site that names none) leaves both fields out.
    pub publisher: Option<Publisher<'a>>,
    /// The language of the page they were read on (`language`): `en`, `zh-CN`.
    pub language: Option<&'a str>,
}

impl<'a> Source<'a> {
    /// The source of a page's articles: the publisher given and the page's language.
    pub fn of(page: &'a Page, publisher: Option<Publisher<'a>>) -> Source<'a> {
        Source { publisher, language: page.page.language.as_deref() }
    }
}

/// An item's `id`: unique within one export, and the same in every export for an article with an
/// id of its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Id {
    /// `caixin-<id>`: the article's own id (Caixin's numeric id).
    Article(String),
    /// `item-<n>`: the n-th article (from 1) of the export, which has no id of its own.
    Nth(usize),
    /// `item-<p>-<n>`: the n-th article of the p-th page (both from 1) of a many-page export.
    PageNth(usize, usize),
}

impl Id {
    /// The article's own id, else its place `n` (from 1) in the export.
    pub fn of(article: &Article, n: usize) -> Id {
        article.id.as_ref().map_or(Id::Nth(n), |id| Id::Article(id.clone()))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Id::Article(id) => write!(f, "caixin-{id}"),
            Id::Nth(n) => write!(f, "item-{n}"),
            Id::PageNth(p, n) => write!(f, "item-{p}-{n}"),
        }
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A name as the page gives it (`{"literal": "Ding Yi"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Name {
    /// The whole name.
    pub literal: String,
}

/// A CSL date: `{"date-parts": [[2020, 11, 27]]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Date {
    /// One `[year, month, day]` (two would be a range).
    #[serde(rename = "date-parts")]
    pub date_parts: Vec<[i64; 3]>,
}

/// The CSL type of every item.
pub const TYPE: &str = "article-newspaper";

/// One CSL-JSON item. The fields are declared in the order the export writes them, which is
/// alphabetical (the order this export has always had); an empty one is left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The article's address.
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its summary.
    #[serde(rename = "abstract", skip_serializing_if = "Option::is_none")]
    pub r#abstract: Option<String>,
    /// Its authors, as `literal` names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub author: Vec<Name>,
    /// The periodical ([`Publisher::container_title`]).
    #[serde(rename = "container-title", skip_serializing_if = "Option::is_none")]
    pub container_title: Option<String>,
    /// Unique within the export ([`Id`]).
    pub id: Id,
    /// The day it was published: the Beijing date of `published`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<Date>,
    /// The language of the page it was read on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Who publishes the periodical ([`Publisher::name`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Its section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Its headline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Always [`TYPE`].
    #[serde(rename = "type")]
    pub r#type: &'static str,
}

/// The item of one article read at `source`, with the `id` given.
///
/// ```
/// use caixin_sidebar::export::csl::{item, Id, Publisher, Source};
/// let article = caixin_sidebar::Article {
///     id: Some("101633418".into()),
///     title: Some("Alibaba’s Healthcare Unit Finds Tonic for Profits".into()),
///     authors: vec!["Ding Yi".into()],
///     published: Some("2020-11-27T19:03:00+08:00".into()),
///     ..Default::default()
/// };
/// let source = Source { publisher: Some(Publisher { container_title: "Caixin Global", name: "Caixin Media" }), language: Some("en") };
/// let it = item(&article, source, Id::of(&article, 1));
/// assert_eq!(it.id.to_string(), "caixin-101633418");
/// assert_eq!(it.author[0].literal, "Ding Yi");
/// assert_eq!(it.issued.unwrap().date_parts, [[2020, 11, 27]]);
/// assert_eq!(it.container_title.as_deref(), Some("Caixin Global"));
/// ```
pub fn item(article: &Article, source: Source<'_>, id: Id) -> Item {
    Item {
        url: article.url.clone(),
        r#abstract: article.summary.clone(),
        author: article.authors.iter().map(|n| Name { literal: n.clone() }).collect(),
        container_title: source.publisher.map(|p| p.container_title.to_string()),
        id,
        issued: article.published.as_deref().and_then(date_parts).map(|d| Date { date_parts: vec![d] }),
        language: source.language.map(str::to_string),
        publisher: source.publisher.map(|p| p.name.to_string()),
        section: article.section.clone(),
        title: article.title.clone(),
        r#type: TYPE,
    }
}

/// The items of one page's articles, in order: `caixin-<id>`, or `item-<n>` (n: the article's
/// place on the page, from 1) for an article without an id.
///
/// ```
/// use caixin_sidebar::export::csl::{items, Source};
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
///   <p>By Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p><p>AliHealth turned a profit.</p>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// let publisher = caixin_sidebar::publisher(page.page.site, page.page.language.as_deref());
/// let items = items(&page.articles, Source::of(&page, publisher));
/// assert_eq!(items[0].id.to_string(), "caixin-101633418");
/// assert_eq!(items[0].section.as_deref(), Some("Business & Tech"));
/// assert_eq!(items[0].publisher.as_deref(), Some("Caixin Media"));
/// ```
pub fn items(articles: &[Article], source: Source<'_>) -> Vec<Item> {
    articles.iter().enumerate().map(|(i, a)| item(a, source, Id::of(a, i + 1))).collect()
}

/// The items of articles that each come from their own source (the sidebar's collection, which
/// holds articles of both sites), in order. Ids are unique across the set: an article without an
/// id is `item-<n>` (n: its place in `articles`, from 1), and an article id met twice is one
/// reference (its first).
///
/// ```
/// use caixin_sidebar::export::csl::{items_for, Publisher, Source};
/// use caixin_sidebar::Article;
/// let global = Source { publisher: Some(Publisher { container_title: "Caixin Global", name: "Caixin Media" }), language: Some("en") };
/// let cn = Source { publisher: Some(Publisher { container_title: "财新网", name: "财新传媒" }), language: Some("zh-CN") };
/// let (a, b, c) = (
///     Article { id: Some("101633418".into()), ..Default::default() },
///     Article { title: Some("无编号".into()), ..Default::default() },
///     Article { id: Some("101633418".into()), ..Default::default() },
/// );
/// let items = items_for([(&a, global), (&b, cn), (&c, cn)]);
/// let ids: Vec<String> = items.iter().map(|i| i.id.to_string()).collect();
/// assert_eq!(ids, ["caixin-101633418", "item-2"]);
/// assert_eq!(items[1].container_title.as_deref(), Some("财新网"));
/// ```
pub fn items_for<'a>(articles: impl IntoIterator<Item = (&'a Article, Source<'a>)>) -> Vec<Item> {
    let mut ids = HashSet::new();
    articles
        .into_iter()
        .enumerate()
        .map(|(i, (a, source))| (Id::of(a, i + 1), a, source))
        .filter(|(id, ..)| ids.insert(id.clone()))
        .map(|(id, a, source)| item(a, source, id))
        .collect()
}

/// The items of many pages as one export (the CLI's batch mode): pages are added in order, an
/// article id met on several pages is one reference (its first), and an article without an id is
/// `item-<p>-<n>` (its page's number among those added, and its place there, from 1).
///
/// ```
/// use caixin_sidebar::export::csl::{items, Bibliography, Source};
/// use caixin_sidebar::Article;
/// let page_1 = [Article { id: Some("101633418".into()), ..Default::default() }, Article::default()];
/// let page_2 = [Article::default(), Article { id: Some("101633418".into()), ..Default::default() }];
/// let mut all = Bibliography::new();
/// all.push_page(items(&page_1, Source::default()));
/// all.push_page(items(&page_2, Source::default()));
/// let ids: Vec<String> = all.items().iter().map(|i| i.id.to_string()).collect();
/// assert_eq!(ids, ["caixin-101633418", "item-1-2", "item-2-1"]);
/// assert!(all.to_json().unwrap().starts_with("[\n  {\n"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Bibliography {
    items: Vec<Item>,
    ids: HashSet<Id>,
    pages: usize,
}

impl Bibliography {
    /// No items yet.
    pub fn new() -> Bibliography {
        Bibliography::default()
    }

    /// Adds the items of the next page, as [`items`] made them (`item-<n>` for those without an
    /// article id).
    pub fn push_page(&mut self, items: impl IntoIterator<Item = Item>) {
        self.pages += 1;
        for mut it in items {
            if let Id::Nth(n) = it.id {
                it.id = Id::PageNth(self.pages, n);
            } else if !self.ids.insert(it.id.clone()) {
                continue;
            }
            self.items.push(it);
        }
    }

    /// The items so far, in order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The items, in order.
    pub fn into_items(self) -> Vec<Item> {
        self.items
    }

    /// The items as one CSL-JSON array ([`to_json`]).
    pub fn to_json(&self) -> Result<String, ExportError> {
        to_json(&self.items)
    }
}

/// Items as a CSL-JSON array: pretty-printed, ending with a newline.
pub fn to_json(items: &[Item]) -> Result<String, ExportError> {
    let mut s = serde_json::to_string_pretty(items).map_err(ExportError::of)?;
    s.push('\n');
    Ok(s)
}

/// The page's articles as a CSL-JSON array for Zotero, Mendeley or pandoc ([`items`], then
/// [`to_json`]); `publisher` is the page's site's (`None`: the items name no periodical).
///
/// ```
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
///   <p>By Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p><p>AliHealth turned a profit.</p>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// let publisher = caixin_sidebar::publisher(page.page.site, page.page.language.as_deref());
/// let csl: serde_json::Value = serde_json::from_str(&caixin_sidebar::export::csl::render(&page, publisher).unwrap()).unwrap();
/// assert_eq!(csl[0]["type"], "article-newspaper");
/// assert_eq!(csl[0]["author"][0]["literal"], "Ding Yi");
/// assert_eq!(csl[0]["container-title"], "Caixin Global");
/// ```
pub fn render(page: &Page, publisher: Option<Publisher<'_>>) -> Result<String, ExportError> {
    to_json(&items(&page.articles, Source::of(page, publisher)))
}

/// `2020-11-27T19:07:00+08:00` → `[2020, 11, 27]` (the local Beijing date, as printed).
fn date_parts(rfc: &str) -> Option<[i64; 3]> {
    let mut parts = rfc.get(..10)?.split('-').filter_map(|x| x.parse().ok());
    let ymd = [parts.next()?, parts.next()?, parts.next()?];
    parts.next().is_none().then_some(ymd)
}
