//! NDJSON: one article object per line (the same objects as in the JSON export's `articles`).

use super::ExportError;
use crate::model::Page;

pub fn render(page: &Page) -> Result<String, ExportError> {
    let mut out = String::new();
    for a in &page.articles {
        out.push_str(&serde_json::to_string(a).map_err(|e| ExportError(e.to_string()))?);
        out.push('\n');
    }
    Ok(out)
}
