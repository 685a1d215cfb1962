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
            Some(_) => pretty(&serde_json::to_string(self).map_err(ExportError::of)?),
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
    let mut s = pretty(&serde_json::to_string(page).map_err(ExportError::of)?);
    s.push('\n');
    Ok(s)
}

/// Compact JSON text (`serde_json::to_string`'s) laid out as `serde_json::to_string_pretty` lays
/// it out: two spaces per level, `": "` after a key, an empty object or array as `{}` / `[]`.
///
/// (The exports serialize once, compactly, and are laid out here: `to_string_pretty` would
/// instantiate every type's serializer a second time, for its formatter, in the wasm. The result
/// is the same bytes, tested on every golden page and on the CSL exports.)
pub(crate) fn pretty(compact: &str) -> String {
    let b = compact.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + b.len() / 2);
    let mut depth = 0usize;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.resize(out.len() + 2 * depth, b' ');
    };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'"' => {
                // A string, copied whole: it ends at the first quote no backslash escapes.
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
                out.extend_from_slice(&b[start..i]);
                continue;
            }
            b'{' | b'[' => {
                if matches!((c, b.get(i + 1)), (b'{', Some(b'}')) | (b'[', Some(b']'))) {
                    out.extend_from_slice(&b[i..i + 2]);
                    i += 2;
                    continue;
                }
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            b',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(c),
        }
        i += 1;
    }
    // Only whole characters were copied (every split is at an ASCII byte).
    String::from_utf8(out).expect("split at ASCII bytes only")
}

#[cfg(test)]
mod tests {
    use super::pretty;
    use serde_json::{json, Value};

    /// `pretty` of the compact text is `to_string_pretty`'s text, whatever the nesting, the
    /// empties and the characters strings hold (quotes, backslashes, brackets, commas, colons,
    /// escapes, non-ASCII).
    #[test]
    fn pretty_lays_out_as_serde_json() {
        let tricky = "a \"quoted\" {x: [1, 2]}, \\ back\\slash\\ \\\" \n\t\u{1} 财新 ’ end\\";
        let values: Vec<Value> = vec![
            json!(null),
            json!(1.5),
            json!(""),
            json!(tricky),
            json!([]),
            json!({}),
            json!([[]]),
            json!([{}]),
            json!({"a": {}, "b": [], "c": [[], {}], "d": [{"e": []}]}),
            json!({"k\"e,y:": tricky, "n": [1, -2, 3.25e10, true, false, null], "o": {"p": {"q": {"r": "s"}}}}),
            json!([tricky, [tricky, {tricky: [tricky]}], "]", "}", "[", "{", ",", ":"]),
        ];
        for v in values {
            let compact = serde_json::to_string(&v).unwrap();
            assert_eq!(pretty(&compact), serde_json::to_string_pretty(&v).unwrap(), "{compact}");
        }
    }
}
