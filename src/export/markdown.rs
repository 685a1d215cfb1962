//! Markdown: YAML front matter with the page metadata, then one section per article. Page text is
//! escaped so that it stays text (no page-made links, emphasis or HTML).

use crate::model::Page;

/// A YAML scalar: JSON strings are valid YAML 1.2 double-quoted scalars, escapes included.
fn yaml(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

fn yaml_opt(s: &Option<String>) -> String {
    s.as_deref().map(yaml).unwrap_or_else(|| "null".to_string())
}

/// Escapes Markdown syntax in page text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, ch) in s.chars().enumerate() {
        if matches!(ch, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~') || (i == 0 && matches!(ch, '#' | '+' | '-' | '=')) {
            out.push('\\');
        }
        out.push(ch);
    }
    // "1. text" at the start of a line would become a list item.
    if let Some(dot) = out.find(". ") {
        if dot > 0 && out[..dot].chars().all(|c| c.is_ascii_digit()) {
            out.insert(dot, '\\');
        }
    }
    out
}

/// A link target that cannot break out of `<…>`: the characters that could are percent-encoded, as
/// a browser's URL parser would encode them, so the link still leads to the same address.
fn target(url: &str) -> String {
    format!("<{}>", url.replace('<', "%3C").replace('>', "%3E").replace(' ', "%20"))
}

/// The page as a Markdown document: YAML front matter with the page, then one section per
/// article. Page text is escaped so it stays text.
///
/// ```
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
///   <p>By Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p><p>AliHealth turned a profit.</p>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// let md = caixin_sidebar::export::markdown::render(&page);
/// assert!(md.starts_with("---\n"));
/// assert!(md.contains("Alibaba’s Healthcare Unit Finds Tonic for Profits"));
/// ```
pub fn render(page: &Page) -> String {
    let p = &page.page;
    let mut s = String::from("---\n");
    s += &format!("schema: {}\n", yaml(&page.schema));
    s += &format!("url: {}\n", yaml(&p.url));
    s += &format!("site: {}\n", yaml(p.site.as_str()));
    s += &format!("kind: {}\n", yaml(p.kind.as_str()));
    s += &format!("title: {}\n", yaml_opt(&p.title));
    s += &format!("language: {}\n", yaml_opt(&p.language));
    s += &format!("articles: {}\n", page.articles.len());
    s += "---\n\n";
    s += &format!("# {}\n", escape(p.title.as_deref().unwrap_or(&p.url)));
    for a in &page.articles {
        let title = escape(a.title.as_deref().unwrap_or("(untitled)"));
        s += "\n## ";
        match &a.url {
            Some(u) => s += &format!("[{title}]({})", target(u)),
            None => s += &title,
        }
        s += "\n\n";
        let mut meta = Vec::new();
        if !a.authors.is_empty() {
            meta.push(escape(&a.authors.join(", ")));
        }
        if let Some(d) = a.published_text.as_deref().or(a.published.as_deref()) {
            meta.push(escape(d));
        }
        if let Some(sec) = &a.section {
            meta.push(escape(sec));
        }
        if a.paywalled {
            meta.push("paywalled".to_string());
        }
        if !meta.is_empty() {
            s += &format!("*{}*\n\n", meta.join(" · "));
        }
        if let Some(sum) = &a.summary {
            s += &format!("> {}\n\n", escape(sum));
        }
        for para in &a.body {
            s += &escape(para);
            s += "\n\n";
        }
        for r in &a.related {
            match &r.url {
                Some(u) => s += &format!("- Related: [{}]({})\n", escape(&r.title), target(u)),
                None => s += &format!("- Related: {}\n", escape(&r.title)),
            }
        }
        if let Some(u) = &a.full_story_url {
            s += &format!("- [Full story]({})\n", target(u));
        }
        for c in &a.contacts {
            s += &format!("- {}: {}\n", escape(&c.role), escape(&c.name));
        }
    }
    if !page.warnings.is_empty() {
        s += "\n---\n\nWarnings:\n\n";
        for w in &page.warnings {
            s += &format!("- {}\n", escape(w));
        }
    }
    s
}
