//! CSL-JSON for reference managers (Zotero, Mendeley, pandoc-citeproc): an array of
//! `article-newspaper` items. Names are `literal`: Chinese names in pinyin order ("Ding Yi") must
//! not be split into given/family by guesswork.

use serde_json::{json, Map, Value};

use super::format::ExportError;
use crate::model::Page;

/// The articles as a CSL-JSON array for Zotero, Mendeley or pandoc.
///
/// ```
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
///   <p>By Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p><p>AliHealth turned a profit.</p>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// let csl: serde_json::Value = serde_json::from_str(&caixin_sidebar::export::csl::render(&page).unwrap()).unwrap();
/// assert_eq!(csl[0]["type"], "article-newspaper");
/// assert_eq!(csl[0]["author"][0]["literal"], "Ding Yi");
/// assert_eq!(csl[0]["container-title"], "Caixin Global");
/// ```
pub fn render(page: &Page) -> Result<String, ExportError> {
    let publisher = crate::sites::for_site(page.page.site).publisher(page.page.language.as_deref());
    let mut items = Vec::new();
    for (i, a) in page.articles.iter().enumerate() {
        let mut o = Map::new();
        let id = a.id.as_ref().map(|id| format!("caixin-{id}")).unwrap_or_else(|| format!("item-{}", i + 1));
        o.insert("id".into(), json!(id));
        o.insert("type".into(), json!("article-newspaper"));
        if let Some(t) = &a.title {
            o.insert("title".into(), json!(t));
        }
        if let Some((container, publisher)) = publisher {
            o.insert("container-title".into(), json!(container));
            o.insert("publisher".into(), json!(publisher));
        }
        if !a.authors.is_empty() {
            o.insert("author".into(), Value::Array(a.authors.iter().map(|n| json!({ "literal": n })).collect()));
        }
        if let Some(date) = a.published.as_deref().and_then(date_parts) {
            o.insert("issued".into(), json!({ "date-parts": [date] }));
        }
        if let Some(u) = &a.url {
            o.insert("URL".into(), json!(u));
        }
        if let Some(s) = &a.section {
            o.insert("section".into(), json!(s));
        }
        if let Some(s) = &a.summary {
            o.insert("abstract".into(), json!(s));
        }
        if let Some(l) = &page.page.language {
            o.insert("language".into(), json!(l));
        }
        items.push(Value::Object(o));
    }
    let mut s = serde_json::to_string_pretty(&Value::Array(items)).map_err(|e| ExportError(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// `2020-11-27T19:07:00+08:00` → `[2020, 11, 27]` (the local Beijing date, as printed).
fn date_parts(rfc: &str) -> Option<Vec<i64>> {
    let d = rfc.get(..10)?;
    let parts: Vec<i64> = d.split('-').filter_map(|x| x.parse().ok()).collect();
    (parts.len() == 3).then_some(parts)
}
