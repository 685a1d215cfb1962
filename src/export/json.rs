//! JSON: the contract. Pretty-printed, field order fixed by the model, ends with a newline.

use super::ExportError;
use crate::model::Page;

pub fn render(page: &Page) -> Result<String, ExportError> {
    let mut s = serde_json::to_string_pretty(page).map_err(|e| ExportError(e.to_string()))?;
    s.push('\n');
    Ok(s)
}
