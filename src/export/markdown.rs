//! Markdown: YAML front matter with the page metadata, then one section per article. Page text is
//! escaped so that it stays text (no page-made links, emphasis or HTML).
//!
//! The typed layer is [`FrontMatter`] and a [`Section`] per article ([`sections`]), holding the
//! page's text as it is; printing them (`Display`) escapes it.

use std::fmt::{self, Display, Write};

use crate::model::{Article, Contact, Link, Page, Translation};

/// A YAML scalar: JSON strings are valid YAML 1.2 double-quoted scalars, escapes included.
fn yaml(s: &str) -> String {
    // (`serde_json::to_string`, not a `Value`'s `Display`: that is a serializer of its own, twice
    // (compact and `{:#}`), in the wasm.)
    serde_json::to_string(s).expect("a string serialises")
}

fn yaml_opt(s: Option<&str>) -> String {
    s.map(yaml).unwrap_or_else(|| "null".to_string())
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

/// The YAML front matter: the page's fields and how many articles follow. Prints as the block
/// between two `---` lines.
///
/// ```
/// let html = r#"<html lang="en"><h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2></html>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// let fm = caixin_sidebar::export::markdown::FrontMatter::of(&page);
/// assert_eq!((fm.site, fm.articles), ("caixin-global", 1));
/// assert!(fm.to_string().starts_with("---\nschema: \"caixin-sidebar.page/1\"\nurl: \"https://www.caixinglobal.com/live/\"\n"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// `schema`: the contract's id.
    pub schema: &'a str,
    /// `url`: the page's address.
    pub url: &'a str,
    /// `site`: `caixin-global`, `caixin-cn` or `other`.
    pub site: &'a str,
    /// `kind`: `listing`, `article` or `unknown`.
    pub kind: &'a str,
    /// `title`: the page's title (`null` when it has none).
    pub title: Option<&'a str>,
    /// `language`: the page's language (`null` when it names none).
    pub language: Option<&'a str>,
    /// `articles`: how many sections follow.
    pub articles: usize,
}

impl<'a> FrontMatter<'a> {
    /// The front matter of a page.
    pub fn of(page: &'a Page) -> FrontMatter<'a> {
        let p = &page.page;
        FrontMatter {
            schema: &page.schema,
            url: &p.url,
            site: p.site.as_str(),
            kind: p.kind.as_str(),
            title: p.title.as_deref(),
            language: p.language.as_deref(),
            articles: page.articles.len(),
        }
    }
}

impl Display for FrontMatter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("---\n")?;
        writeln!(f, "schema: {}", yaml(self.schema))?;
        writeln!(f, "url: {}", yaml(self.url))?;
        writeln!(f, "site: {}", yaml(self.site))?;
        writeln!(f, "kind: {}", yaml(self.kind))?;
        writeln!(f, "title: {}", yaml_opt(self.title))?;
        writeln!(f, "language: {}", yaml_opt(self.language))?;
        writeln!(f, "articles: {}", self.articles)?;
        f.write_str("---\n")
    }
}

/// One article's section, its text as the page gives it. Prints as a `##` heading (a link to the
/// article), an italic line of authors · date · section · "paywalled", the summary as a quote,
/// the paragraphs, then a list of related links, the full story and the contacts.
///
/// ```
/// use caixin_sidebar::export::markdown::Section;
/// let a = caixin_sidebar::Article {
///     title: Some("Q3 *up*".into()),
///     url: Some("https://www.caixinglobal.com/2020-11-27/q3-101633418.html".into()),
///     authors: vec!["Ding Yi".into()],
///     published_text: Some("Nov 27, 2020".into()),
///     ..Default::default()
/// };
/// let s = Section::of(&a);
/// assert_eq!((s.title, s.authors.as_deref(), s.date), (Some("Q3 *up*"), Some("Ding Yi"), Some("Nov 27, 2020")));
/// assert_eq!(s.to_string(), "## [Q3 \\*up\\*](<https://www.caixinglobal.com/2020-11-27/q3-101633418.html>)\n\n*Ding Yi · Nov 27, 2020*\n\n");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Section<'a> {
    /// The headline (printed `(untitled)` when there is none).
    pub title: Option<&'a str>,
    /// The article's address: the heading links to it.
    pub url: Option<&'a str>,
    /// The authors, joined with `, `.
    pub authors: Option<String>,
    /// The date as shown, else the RFC 3339 one.
    pub date: Option<&'a str>,
    /// Its section.
    pub section: Option<&'a str>,
    /// The site marks it as paid.
    pub paywalled: bool,
    /// The summary.
    pub summary: Option<&'a str>,
    /// The paragraphs.
    pub body: &'a [String],
    /// "Related:" links.
    pub related: &'a [Link],
    /// The "Read the full story" link.
    pub full_story_url: Option<&'a str>,
    /// Reporters and editors.
    pub contacts: &'a [Contact],
    /// When the page states it was last modified.
    pub updated: Option<&'a str>,
    /// The same article in other languages.
    pub translations: &'a [Translation],
}

impl<'a> Section<'a> {
    /// The section of an article.
    pub fn of(a: &'a Article) -> Section<'a> {
        Section {
            title: a.title.as_deref(),
            url: a.url.as_deref(),
            authors: (!a.authors.is_empty()).then(|| a.authors.join(", ")),
            date: a.published_text.as_deref().or(a.published.as_deref()),
            section: a.section.as_deref(),
            paywalled: a.paywalled,
            summary: a.summary.as_deref(),
            body: &a.body,
            related: &a.related,
            full_story_url: a.full_story_url.as_deref(),
            contacts: &a.contacts,
            updated: a.updated.as_deref(),
            translations: &a.translations,
        }
    }
}

impl Display for Section<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let title = escape(self.title.unwrap_or("(untitled)"));
        match self.url {
            Some(u) => write!(f, "## [{title}]({})\n\n", target(u))?,
            None => write!(f, "## {title}\n\n")?,
        }
        let mut meta: Vec<String> = [self.authors.as_deref(), self.date, self.section].into_iter().flatten().map(escape).collect();
        if let Some(u) = self.updated {
            meta.push(format!("updated {}", escape(u)));
        }
        if self.paywalled {
            meta.push("paywalled".to_string());
        }
        if !meta.is_empty() {
            write!(f, "*{}*\n\n", meta.join(" · "))?;
        }
        if let Some(sum) = self.summary {
            write!(f, "> {}\n\n", escape(sum))?;
        }
        for para in self.body {
            write!(f, "{}\n\n", escape(para))?;
        }
        for r in self.related {
            match &r.url {
                Some(u) => writeln!(f, "- Related: [{}]({})", escape(&r.title), target(u))?,
                None => writeln!(f, "- Related: {}", escape(&r.title))?,
            }
        }
        if let Some(u) = self.full_story_url {
            writeln!(f, "- [Full story]({})", target(u))?;
        }
        for t in self.translations {
            let title = escape(t.title.as_deref().unwrap_or(&t.url));
            writeln!(f, "- Translation ({}): [{title}]({})", escape(&t.lang), target(&t.url))?;
        }
        for c in self.contacts {
            writeln!(f, "- {}: {}", escape(&c.role), escape(&c.name))?;
        }
        Ok(())
    }
}

/// The sections of a page's articles, in order.
pub fn sections(page: &Page) -> impl Iterator<Item = Section<'_>> {
    page.articles.iter().map(Section::of)
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
    let mut s = FrontMatter::of(page).to_string();
    // Writing to a String cannot fail.
    let _ = write!(s, "\n# {}\n", escape(p.title.as_deref().unwrap_or(&p.url)));
    for section in sections(page) {
        let _ = write!(s, "\n{section}");
    }
    if !page.warnings.is_empty() {
        s += "\n---\n\nWarnings:\n\n";
        for w in &page.warnings {
            let _ = writeln!(s, "- {}", escape(w));
        }
    }
    s
}
