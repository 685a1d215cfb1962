//! CSV for spreadsheets: UTF-8 with a BOM (so Excel shows Chinese), one row per article, lists
//! joined with "; ", body paragraphs joined with a blank line (they contain "; " themselves), and
//! cells that a spreadsheet would run as a formula neutralised with a leading apostrophe.
//!
//! The typed layer is [`Row`] ([`rows`] of a page). [`start`] writes the byte-order mark and the
//! header once and [`write_rows`] the rows of as many pages as wanted under it (the CLI's batch
//! mode); [`render_rows`] gives one page's rows as text, for pages rendered on their own.

use std::io;

use serde::Serialize;

use super::format::ExportError;
use crate::model::{Article, Page};

/// The CSV columns, in order.
pub const HEADER: [&str; 25] = [
    "id",
    "url",
    "title",
    "section",
    "byline",
    "authors",
    "published",
    "published_text",
    "url_date",
    "summary",
    "body",
    "images",
    "related",
    "contacts",
    "trending_hashtag",
    "word_count",
    "paywalled",
    "truncated",
    "full_story_url",
    "tags",
    "role",
    "page_url",
    // Added later: appended, so that the columns before keep their places.
    "updated",
    "translations",
    "key",
];

/// The byte-order mark a file starts with, so that Excel reads it as UTF-8.
pub const BOM: &str = "\u{feff}";

/// OWASP's list: a cell starting with one of these is a formula in Excel / LibreOffice / Sheets.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet would run as a formula, prefixed with `'` so it stays text.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// One article's row: a cell per column of [`HEADER`] (same names, same order), as text and not
/// yet neutralised ([`write_rows`] does that).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Row {
    /// Caixin's article id.
    pub id: String,
    /// The article's address.
    pub url: String,
    /// Its headline.
    pub title: String,
    /// Its section.
    pub section: String,
    /// The author text as shown.
    pub byline: String,
    /// The authors, joined with `; `.
    pub authors: String,
    /// RFC 3339 in Beijing time, or a bare date.
    pub published: String,
    /// The date text as shown.
    pub published_text: String,
    /// The day the URL names.
    pub url_date: String,
    /// The summary.
    pub summary: String,
    /// The paragraphs, joined with a blank line.
    pub body: String,
    /// The image addresses, joined with `; `.
    pub images: String,
    /// Related links as `title <url>`, joined with `; `.
    pub related: String,
    /// Contacts as `role: name <email>`, joined with `; `.
    pub contacts: String,
    /// The hashtag of a "Trending in China" story.
    pub trending_hashtag: String,
    /// Words in the body (CJK: characters).
    pub word_count: String,
    /// `true` when the site marks it as paid.
    pub paywalled: String,
    /// `true` when the page showed only part of the text.
    pub truncated: String,
    /// The "Read the full story" link.
    pub full_story_url: String,
    /// Labels beside the item, joined with `; `.
    pub tags: String,
    /// How the page presents it: `teaser`, `story` or `main`.
    pub role: String,
    /// The address of the page it was read on.
    pub page_url: String,
    /// When the page states it was last modified.
    pub updated: String,
    /// The same article in other languages as `lang: title <url>`, joined with `; `.
    pub translations: String,
    /// The article's identity (host and path of its URL).
    pub key: String,
}

impl Row {
    /// The row of an article read on the page at `page_url`.
    ///
    /// ```
    /// use caixin_sidebar::export::csv::Row;
    /// let a = caixin_sidebar::Article { authors: vec!["Ding Yi".into(), "Luo Meihan".into()], word_count: 7, ..Default::default() };
    /// let row = Row::new(&a, "https://www.caixinglobal.com/live/");
    /// assert_eq!(row.authors, "Ding Yi; Luo Meihan");
    /// assert_eq!((row.word_count.as_str(), row.paywalled.as_str(), row.role.as_str()), ("7", "false", "teaser"));
    /// ```
    pub fn new(a: &Article, page_url: &str) -> Row {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        Row {
            id: opt(&a.id),
            url: opt(&a.url),
            title: opt(&a.title),
            section: opt(&a.section),
            byline: opt(&a.byline),
            authors: a.authors.join("; "),
            published: opt(&a.published),
            published_text: opt(&a.published_text),
            url_date: opt(&a.url_date),
            summary: opt(&a.summary),
            body: a.body.join("\n\n"),
            images: a.images.iter().map(|i| i.url.as_str()).collect::<Vec<_>>().join("; "),
            related: a
                .related
                .iter()
                .map(|r| match &r.url {
                    Some(u) => format!("{} <{u}>", r.title),
                    None => r.title.clone(),
                })
                .collect::<Vec<_>>()
                .join("; "),
            contacts: a
                .contacts
                .iter()
                .map(|c| match &c.email {
                    Some(e) => format!("{}: {} <{e}>", c.role, c.name),
                    None => format!("{}: {}", c.role, c.name),
                })
                .collect::<Vec<_>>()
                .join("; "),
            trending_hashtag: a.trending.as_ref().and_then(|t| t.hashtag.clone()).unwrap_or_default(),
            word_count: a.word_count.to_string(),
            paywalled: a.paywalled.to_string(),
            truncated: a.truncated.to_string(),
            full_story_url: opt(&a.full_story_url),
            tags: a.tags.join("; "),
            role: format!("{:?}", a.role).to_lowercase(),
            page_url: page_url.to_string(),
            updated: opt(&a.updated),
            translations: a
                .translations
                .iter()
                .map(|t| match &t.title {
                    Some(title) => format!("{}: {title} <{}>", t.lang, t.url),
                    None => format!("{}: <{}>", t.lang, t.url),
                })
                .collect::<Vec<_>>()
                .join("; "),
            key: opt(&a.key),
        }
    }

    /// The cells in the order of [`HEADER`].
    pub fn cells(&self) -> [&str; 25] {
        [
            &self.id,
            &self.url,
            &self.title,
            &self.section,
            &self.byline,
            &self.authors,
            &self.published,
            &self.published_text,
            &self.url_date,
            &self.summary,
            &self.body,
            &self.images,
            &self.related,
            &self.contacts,
            &self.trending_hashtag,
            &self.word_count,
            &self.paywalled,
            &self.truncated,
            &self.full_story_url,
            &self.tags,
            &self.role,
            &self.page_url,
            &self.updated,
            &self.translations,
            &self.key,
        ]
    }
}

/// The rows of a page's articles, in order.
///
/// ```
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
///   <p>By Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p><p>AliHealth turned a profit.</p>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// let row = caixin_sidebar::export::csv::rows(&page).next().unwrap();
/// assert_eq!((row.id.as_str(), row.authors.as_str()), ("101633418", "Ding Yi"));
/// assert_eq!(row.page_url, "https://www.caixinglobal.com/live/");
/// ```
pub fn rows(page: &Page) -> impl Iterator<Item = Row> + '_ {
    page.articles.iter().map(|a| Row::new(a, &page.page.url))
}

/// A CSV writer as the export writes: CRLF line ends (RFC 4180).
pub fn writer<W: io::Write>(out: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(out)
}

/// Writes the header row ([`HEADER`]).
pub fn write_header<W: io::Write>(w: &mut ::csv::Writer<W>) -> Result<(), ExportError> {
    w.write_record(HEADER).map_err(ExportError::of)
}

/// Starts a file: writes the byte-order mark to `out`, then the header row, and returns the writer
/// for the rows ([`write_rows`], as many pages' as wanted).
pub fn start<W: io::Write>(mut out: W) -> Result<::csv::Writer<W>, ExportError> {
    // The mark is no CSV record: it goes to the output itself, before the writer.
    out.write_all(BOM.as_bytes()).map_err(ExportError::of)?;
    let mut w = writer(out);
    write_header(&mut w)?;
    Ok(w)
}

/// Writes rows, each cell neutralised ([`neutralise`]).
///
/// ```
/// use caixin_sidebar::export::csv::{rows, start, write_rows};
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
///   <p>By Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p><p>AliHealth turned a profit.</p>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// // Two pages' rows under one header.
/// let mut w = start(Vec::new()).unwrap();
/// write_rows(&mut w, rows(&page)).unwrap();
/// write_rows(&mut w, rows(&page)).unwrap();
/// let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
/// assert!(text.starts_with("\u{feff}id,url,title,"));
/// assert_eq!(text.matches("id,url,title").count(), 1);
/// assert_eq!(text.matches("101633418,").count(), 2);
/// ```
pub fn write_rows<W: io::Write>(w: &mut ::csv::Writer<W>, rows: impl IntoIterator<Item = Row>) -> Result<(), ExportError> {
    for row in rows {
        w.write_record(row.cells().map(neutralise)).map_err(ExportError::of)?;
    }
    Ok(())
}

/// Appends one record as [`writer`] writes it: cells separated by commas, a cell holding a comma,
/// a quote, CR or LF quoted (its quotes doubled), the record ended by CRLF.
///
/// (The page's text is written here rather than through the `csv` crate's writer, which the
/// streams of the CLI's batch mode use: in the wasm, the sidebar's only CSV, that writer and its
/// quoting styles (one parses floats) were some 10 KB. `tests/exports.rs` checks both write the
/// same bytes on every page.)
fn push_record(out: &mut String, cells: &mut dyn Iterator<Item = &str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if cell.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(cell);
        }
    }
    out.push_str("\r\n");
}

/// Appends a page's rows, each cell neutralised ([`neutralise`]).
fn push_rows(out: &mut String, page: &Page) {
    for row in rows(page) {
        let cells = row.cells().map(neutralise);
        push_record(out, &mut cells.iter().map(String::as_str));
    }
}

/// A page's rows alone, as text: what follows a header written once, when many pages make one
/// table and each page is rendered on its own (in parallel).
pub fn render_rows(page: &Page) -> Result<String, ExportError> {
    let mut out = String::new();
    push_rows(&mut out, page);
    Ok(out)
}

/// The page as a CSV table, with a byte-order mark and a header row ([`HEADER`]).
///
/// ```
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
///   <p>By Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p><p>AliHealth turned a profit.</p>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// let csv = caixin_sidebar::export::csv::render(&page).unwrap();
/// let mut rows = csv.trim_start_matches('\u{feff}').lines();
/// assert!(rows.next().unwrap().starts_with("id,url,title,section,byline,authors,published"));
/// assert!(rows.next().unwrap().starts_with("101633418,"));
/// ```
pub fn render(page: &Page) -> Result<String, ExportError> {
    let mut out = String::from(BOM);
    push_record(&mut out, &mut HEADER.into_iter());
    push_rows(&mut out, page);
    Ok(out)
}
