//! JSON: the contract. Pretty-printed, field order fixed by the model, ends with a newline.

use super::ExportError;
use crate::model::Page;

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
    let mut s = serde_json::to_string_pretty(page).map_err(|e| ExportError(e.to_string()))?;
    s.push('\n');
    Ok(s)
}
