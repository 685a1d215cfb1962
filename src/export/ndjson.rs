//! NDJSON: one article object per line (the same objects as in the JSON export's `articles`).
//!
//! The typed layer is [`Line`] ([`lines`] of a page); when the lines of many pages make one file
//! (the CLI's batch mode), each line names its page first ([`lines_with_page_url`]).

use serde::Serialize;

use super::format::ExportError;
use crate::model::{Article, Page};

/// One line: an article object, with the address of the page it was read on first when the
/// lines gather several pages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Line<'a> {
    /// The page's address (`page_url`), or `None` for a page's own lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_url: Option<&'a str>,
    /// The article, its fields as in the JSON export.
    #[serde(flatten)]
    pub article: &'a Article,
}

impl Line<'_> {
    /// The line's JSON object, on one line (without the line end).
    pub fn to_json(&self) -> Result<String, ExportError> {
        match self.page_url {
            None => article(self.article),
            Some(_) => serde_json::to_string(self).map_err(ExportError::of),
        }
    }
}

/// An article's object. A page's own lines are written with it, not through [`Line`]'s
/// `flatten`, which would link a second copy of the article's serializer into the wasm.
fn article(a: &Article) -> Result<String, ExportError> {
    serde_json::to_string(a).map_err(ExportError::of)
}

/// A page's lines: its article objects, in order.
///
/// ```
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
///   <p>By Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p><p>AliHealth turned a profit.</p>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// let line = caixin_sidebar::export::ndjson::lines(&page).next().unwrap();
/// assert_eq!(line.article, &page.articles[0]);
/// assert!(line.to_json().unwrap().starts_with(r#"{"id":"101633418","url":"#));
/// ```
pub fn lines(page: &Page) -> impl Iterator<Item = Line<'_>> {
    page.articles.iter().map(|article| Line { page_url: None, article })
}

/// A page's lines, each with the page's address first (`{"page_url":…,"id":…}`): the lines of a
/// file that gathers many pages.
///
/// ```
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// let text = caixin_sidebar::export::ndjson::render_lines(caixin_sidebar::export::ndjson::lines_with_page_url(&page)).unwrap();
/// assert!(text.starts_with(r#"{"page_url":"https://www.caixinglobal.com/live/","id":"101633418","#));
/// ```
pub fn lines_with_page_url(page: &Page) -> impl Iterator<Item = Line<'_>> {
    page.articles.iter().map(|article| Line { page_url: Some(&page.page.url), article })
}

/// Lines as NDJSON text: one object per line, each line ending with a newline.
pub fn render_lines<'a>(lines: impl IntoIterator<Item = Line<'a>>) -> Result<String, ExportError> {
    let mut out = String::new();
    for line in lines {
        out += &line.to_json()?;
        out.push('\n');
    }
    Ok(out)
}

/// One article object per line.
///
/// ```
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
///   <p>By Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p><p>AliHealth turned a profit.</p>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// let lines = caixin_sidebar::export::ndjson::render(&page).unwrap();
/// let first: caixin_sidebar::Article = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
/// assert_eq!(first.section.as_deref(), Some("Business & Tech"));
/// ```
pub fn render(page: &Page) -> Result<String, ExportError> {
    let mut out = String::new();
    for line in lines(page) {
        out += &article(line.article)?;
        out.push('\n');
    }
    Ok(out)
}
