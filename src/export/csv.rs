//! CSV for spreadsheets: UTF-8 with a BOM (so Excel shows Chinese), one row per article, lists
//! joined with "; ", body paragraphs joined with a blank line (they contain "; " themselves), and
//! cells that a spreadsheet would run as a formula neutralised with a leading apostrophe.

use super::ExportError;
use crate::model::{Article, Page};

/// The CSV columns, in order.
pub const HEADER: [&str; 22] = [
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
];

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

fn row(a: &Article, page_url: &str) -> Vec<String> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        opt(&a.id),
        opt(&a.url),
        opt(&a.title),
        opt(&a.section),
        opt(&a.byline),
        a.authors.join("; "),
        opt(&a.published),
        opt(&a.published_text),
        opt(&a.url_date),
        opt(&a.summary),
        a.body.join("\n\n"),
        a.images.iter().map(|i| i.url.as_str()).collect::<Vec<_>>().join("; "),
        a.related
            .iter()
            .map(|r| match &r.url {
                Some(u) => format!("{} <{u}>", r.title),
                None => r.title.clone(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        a.contacts
            .iter()
            .map(|c| match &c.email {
                Some(e) => format!("{}: {} <{e}>", c.role, c.name),
                None => format!("{}: {}", c.role, c.name),
            })
            .collect::<Vec<_>>()
            .join("; "),
        a.trending.as_ref().and_then(|t| t.hashtag.clone()).unwrap_or_default(),
        a.word_count.to_string(),
        a.paywalled.to_string(),
        a.truncated.to_string(),
        opt(&a.full_story_url),
        a.tags.join("; "),
        format!("{:?}", a.role).to_lowercase(),
        page_url.to_string(),
    ]
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
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
    let err = |e: ::csv::Error| ExportError(e.to_string());
    w.write_record(HEADER).map_err(err)?;
    for a in &page.articles {
        w.write_record(row(a, &page.page.url).iter().map(|c| neutralise(c))).map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| ExportError(e.to_string()))?;
    let body = String::from_utf8(bytes).map_err(|e| ExportError(e.to_string()))?;
    Ok(format!("\u{feff}{body}"))
}
