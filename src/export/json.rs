//! JSON: the contract. Pretty-printed, field order fixed by the model, ends with a newline.
//!
//! The typed layer is the [`Page`] itself; a [`Document`] is the page with the time of the export
//! when one is asked for (`caixin-export --exported-at`), as one pretty document or as one line
//! of a file that gathers many pages.

use serde::Serialize;

use super::format::ExportError;
use crate::model::Page;

/// The page's document: its fields, then `exported_at` when given.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Document<'a> {
    /// The page.
    #[serde(flatten)]
    pub page: &'a Page,
    /// When the export was made (RFC 3339), only when asked: without it the same page gives the
    /// same bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exported_at: Option<&'a str>,
}

impl Document<'_> {
    /// Pretty-printed, ending with a newline: the single-page export.
    ///
    /// ```
    /// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>"#;
    /// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
    /// let doc = caixin_sidebar::export::json::Document { page: &page, exported_at: Some("2026-01-02T03:04:05Z") };
    /// let text = doc.to_pretty().unwrap();
    /// assert!(text.starts_with("{\n  \"schema\": \"caixin-sidebar.page/1\",\n"));
    /// assert!(text.ends_with(",\n  \"exported_at\": \"2026-01-02T03:04:05Z\"\n}\n"));
    /// ```
    pub fn to_pretty(&self) -> Result<String, ExportError> {
        let mut s = match self.exported_at {
            None => return render(self.page),
            Some(_) => serde_json::to_string_pretty(self).map_err(ExportError::of)?,
        };
        s.push('\n');
        Ok(s)
    }

    /// On one line, ending with a newline: a line of a file that gathers many pages.
    ///
    /// ```
    /// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>"#;
    /// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
    /// let line = caixin_sidebar::export::json::Document { page: &page, exported_at: None }.to_line().unwrap();
    /// assert_eq!(line.lines().count(), 1);
    /// assert_eq!(serde_json::from_str::<caixin_sidebar::Page>(&line).unwrap(), page);
    /// ```
    pub fn to_line(&self) -> Result<String, ExportError> {
        let mut s = serde_json::to_string(self).map_err(ExportError::of)?;
        s.push('\n');
        Ok(s)
    }
}

/// The page as the contract's JSON document.
///
/// ```
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
///   <p>By Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p><p>AliHealth turned a profit.</p>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// let json = caixin_sidebar::export::json::render(&page).unwrap();
/// let back: caixin_sidebar::Page = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, page);
/// assert!(json.contains(r#""authors": [
///         "Ding Yi"
///       ]"#));
/// ```
pub fn render(page: &Page) -> Result<String, ExportError> {
    // The page itself, not a `Document`: its `flatten` would link a second copy of the page's
    // serializer into the wasm, which only renders pages.
    let mut s = serde_json::to_string_pretty(page).map_err(ExportError::of)?;
    s.push('\n');
    Ok(s)
}
