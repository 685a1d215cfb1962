//! NDJSON: one article object per line (the same objects as in the JSON export's `articles`).

use super::ExportError;
use crate::model::Page;

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
    for a in &page.articles {
        out.push_str(&serde_json::to_string(a).map_err(|e| ExportError(e.to_string()))?);
        out.push('\n');
    }
    Ok(out)
}
