//! Embedded metadata: `<title>`, `<html lang>`, canonical, OpenGraph / `article:*` / `meta name`,
//! and JSON-LD (`NewsArticle` and friends, `ItemList`). Read before any heuristic.

use scraper::Html;
use serde_json::Value;

use super::rules::Ctx;
use super::stated::{Claims, Source};
use super::text::{non_empty, normalize};
use super::{byline, dates, dom, url};
use crate::model::{Article, Image, Role};

pub use super::meta::Meta;

impl Meta {
    pub fn read(doc: &Html) -> Meta {
        Meta::read_with(doc, |_| {})
    }

    /// `read`, handing every element of the page to `visit` in the same pass (the pipeline finds
    /// the paid marks there: one walk of the tree for both).
    pub fn read_with<'d>(doc: &'d Html, mut visit: impl FnMut(scraper::ElementRef<'d>)) -> Meta {
        let mut m = Meta::default();
        let (mut title_seen, mut lang_seen) = (false, false);
        // One pass over the elements, in the order `Html::select` visits them (the tree's), for
        // what five selectors would each have looked for in every element.
        for node in doc.tree.nodes() {
            let Some(e) = scraper::ElementRef::wrap(node) else { continue };
            visit(e);
            let el = e.value();
            match el.name() {
                // The first `title` (an empty one gives none).
                "title" if !title_seen => {
                    title_seen = true;
                    m.title = non_empty(&e.text().collect::<String>());
                }
                "html" if !lang_seen && el.attr("lang").is_some() => {
                    lang_seen = true;
                    m.lang = el.attr("lang").and_then(non_empty);
                }
                "link" if m.canonical.is_none() => {
                    let canonical = el.attr("rel").is_some_and(|r| r.split_whitespace().any(|x| x.eq_ignore_ascii_case("canonical")));
                    if let Some(href) = el.attr("href").filter(|_| canonical) {
                        m.canonical = Some(href.to_string());
                    }
                }
                "meta" => m.read_meta(el),
                // `type` is matched without regard to case, as the selector did in an HTML document.
                "script" if el.attr("type").is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) => {
                    let raw: String = e.text().collect();
                    // Broken JSON-LD is common in the wild; skip it rather than fail the page.
                    if let Ok(v) = serde_json::from_str::<Value>(raw.trim()) {
                        flatten(v, &mut m.json_ld);
                    }
                }
                _ => {}
            }
        }
        // Comments before the body: where a browser that saved the page wrote its address.
        let top = doc.tree.root().children().chain(doc.root_element().children()).chain(
            doc.root_element().children().filter(|c| c.value().as_element().is_some_and(|e| e.name() == "head")).flat_map(|h| h.children()),
        );
        m.saved_from = top.filter_map(|n| n.value().as_comment().map(|c| saved_address(c))).flatten().next();
        m
    }

    /// A `<meta content>`: the field its `property`, `name` or `itemprop` names, first one kept.
    fn read_meta(&mut self, e: &scraper::node::Element) {
        let key = e.attr("property").or(e.attr("name")).or(e.attr("itemprop")).unwrap_or("").to_ascii_lowercase();
        let Some(v) = e.attr("content").and_then(non_empty) else { return };
        let slot = match key.as_str() {
            "og:url" => &mut self.og_url,
            "og:title" | "twitter:title" => &mut self.og_title,
            "og:type" => &mut self.og_type,
            "og:image" | "twitter:image" => &mut self.og_image,
            "description" | "og:description" | "twitter:description" => &mut self.description,
            "author" | "article:author" | "byl" => &mut self.author,
            "article:published_time" | "datepublished" | "pubdate" | "publishdate" | "publish-date" => &mut self.published,
            "article:modified_time" | "datemodified" | "og:updated_time" => &mut self.modified,
            "article:section" => &mut self.section,
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(v);
        }
    }

    /// The page's own URL as the page states it (canonical, then og:url).
    pub fn stated_url(&self) -> Option<&str> {
        [&self.canonical, &self.og_url, &self.saved_from].into_iter().flatten().map(String::as_str).find(|u| url::is_http(u))
    }

    /// The first JSON-LD object describing an article.
    pub fn ld_article(&self) -> Option<&Value> {
        self.json_ld.iter().find(|v| types(v).iter().any(|t| t.ends_with("Article") || t == "BlogPosting" || t == "Report"))
    }
}

/// The address in a browser's saved-page comment: ` saved from url=(0049)https://… ` (Chrome,
/// IE) or SingleFile's ` Page saved with SingleFile \n url: https://… `.
fn saved_address(comment: &str) -> Option<String> {
    let at = comment.find("saved from url=").map(|i| i + "saved from url=".len()).or_else(|| comment.find("url: ").map(|i| i + 5))?;
    let rest = comment[at..].trim_start();
    // "(0049)": the length Chrome writes before the address.
    let rest = rest.strip_prefix('(').and_then(|r| r.split_once(')')).map_or(rest, |(_, r)| r);
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    Some(rest[..end].to_string()).filter(|u| url::is_http(u))
}

fn flatten(v: Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(items) => items.into_iter().for_each(|i| flatten(i, out)),
        Value::Object(mut o) => {
            if let Some(graph) = o.remove("@graph") {
                flatten(graph, out);
            }
            if !o.is_empty() {
                out.push(Value::Object(o));
            }
        }
        _ => {}
    }
}

fn types(v: &Value) -> Vec<String> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
        _ => vec![],
    }
}

fn string_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => non_empty(s),
        Value::Array(a) => a.iter().find_map(|x| string_of(Some(x))),
        Value::Object(o) => string_of(o.get("name").or(o.get("url")).or(o.get("@id"))),
        _ => None,
    }
}

fn names_of(v: Option<&Value>, credits: &[&str]) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().flat_map(|x| names_of(Some(x), credits)).collect(),
        Some(Value::String(s)) => byline::authors(s, credits),
        Some(Value::Object(o)) => o.get("name").and_then(|n| n.as_str()).and_then(non_empty).into_iter().collect(),
        _ => vec![],
    }
}

/// The people of a JSON-LD `author` (each must read as a person: `person::is_person`).
fn people_of(v: Option<&Value>, credits: &[&str]) -> Vec<String> {
    super::person::people(names_of(v, credits), credits)
}

/// An article from a JSON-LD object (`headline`, `datePublished`, `author`, `articleBody`, …).
pub fn article_from_ld(v: &Value, ctx: &Ctx<'_>) -> Article {
    let link = string_of(v.get("url")).or_else(|| string_of(v.get("mainEntityOfPage"))).and_then(|u| ctx.resolve(&u));
    let au = link.as_deref().and_then(|u| ctx.article_url(u));
    let published_text = string_of(v.get("datePublished"));
    let authors = people_of(v.get("author"), ctx.site.vocabulary().credit_words);
    let body: Vec<String> = v
        .get("articleBody")
        .and_then(|b| b.as_str())
        .map(|b| b.split("\n\n").flat_map(|p| p.split('\n')).map(normalize).filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let images = match v.get("image") {
        Some(Value::Array(a)) => a.iter().filter_map(|i| string_of(Some(i))).collect(),
        other => string_of(other).into_iter().collect::<Vec<_>>(),
    };
    Article {
        id: au.as_ref().and_then(|u| u.id.clone()),
        url: link,
        title: string_of(v.get("headline")).or_else(|| string_of(v.get("name"))),
        section: string_of(v.get("articleSection")),
        byline: (!authors.is_empty()).then(|| authors.join(", ")),
        authors,
        published: published_text.as_deref().and_then(|t| dates::parse(t, None)),
        published_text,
        summary: string_of(v.get("description")),
        images: images
            .into_iter()
            .filter(|u| dom::is_picture_url(u))
            .filter_map(|u| ctx.resolve(&u))
            .map(|url| Image { url, caption: None, credit: None })
            .collect(),
        body,
        role: Role::Main,
        ..Article::default()
    }
}

/// Where the page's metadata says so, for the reader.
const FROM_LD: &str = "the page's structured data";
const FROM_META: &str = "the page's metadata";
const FROM_META_AUTHOR: &str = "the page's author field";

/// What the page's metadata states about its own article (`extract::stated`): JSON-LD and
/// `article:*` meta are structured data; `meta author` is a field the site fills.
pub fn claims(meta: &Meta, ctx: &Ctx<'_>) -> Claims {
    let credits = ctx.site.vocabulary().credit_words;
    let mut c = Claims::default();
    if let Some(v) = meta.ld_article() {
        let names = names_of(v.get("author"), credits);
        let line = (!names.is_empty()).then(|| names.join(", "));
        c.names(Source::Structured, FROM_LD, names, line, credits);
        if let Some(t) = string_of(v.get("datePublished")) {
            c.time(Source::Structured, FROM_LD, &t, false, None);
        }
        if let Some(t) = string_of(v.get("dateModified")).and_then(|t| dates::parse(&t, None).map(|p| (t, p))) {
            c.updated.push(super::stated::Claim {
                source: Source::Structured,
                from: FROM_LD,
                value: super::stated::Time { rfc3339: t.1, text: Some(t.0), shown: false },
            });
        }
        c.section(Source::Structured, FROM_LD, string_of(v.get("articleSection")));
    }
    if let Some(p) = &meta.published {
        c.time(Source::Structured, FROM_META, p, false, None);
    }
    if let Some((t, p)) = meta.modified.as_deref().and_then(|t| dates::parse(t, None).map(|p| (t, p))) {
        let value = super::stated::Time { rfc3339: p, text: Some(t.to_string()), shown: false };
        c.updated.push(super::stated::Claim { source: Source::Structured, from: FROM_META, value });
    }
    c.section(Source::Structured, FROM_META, meta.section.clone());
    if let Some(au) = &meta.author {
        c.byline(Source::SiteField, FROM_META_AUTHOR, au, false, credits);
    }
    c
}

/// `ItemList` entries: (url, name) pairs.
pub fn ld_item_list(meta: &Meta, ctx: &Ctx<'_>) -> Vec<Article> {
    let mut out = Vec::new();
    for v in meta.json_ld.iter().filter(|v| types(v).iter().any(|t| t == "ItemList")) {
        let Some(Value::Array(items)) = v.get("itemListElement") else { continue };
        for it in items {
            let inner = it.get("item").unwrap_or(it);
            if types(inner).iter().any(|t| t.ends_with("Article")) {
                out.push(Article { role: Role::Teaser, ..article_from_ld(inner, ctx) });
                continue;
            }
            let link = string_of(inner.get("url")).or_else(|| string_of(it.get("url"))).and_then(|u| ctx.resolve(&u));
            let Some(link) = link else { continue };
            let au = ctx.article_url(&link);
            out.push(Article {
                id: au.and_then(|u| u.id),
                url: Some(link),
                title: string_of(inner.get("name")).or_else(|| string_of(it.get("name"))),
                ..Article::default()
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_page_states_its_address_in_a_comment() {
        let chrome = Html::parse_document("<!DOCTYPE html>\n<!-- saved from url=(0041)https://www.caixin.com/2018-03-19/1.html -->\n<html><head></head><body></body></html>");
        assert_eq!(Meta::read(&chrome).stated_url(), Some("https://www.caixin.com/2018-03-19/1.html"));
        let single = Html::parse_document("<html><!--\n Page saved with SingleFile \n url: https://www.caixinglobal.com/live/ \n saved date: Sun Nov 29 2026\n--><head></head></html>");
        assert_eq!(Meta::read(&single).stated_url(), Some("https://www.caixinglobal.com/live/"));
        let canonical = Html::parse_document(
            r#"<!-- saved from url=(0020)https://example.com/ --><html><head><link rel="canonical" href="https://www.caixin.com/"></head></html>"#,
        );
        assert_eq!(Meta::read(&canonical).stated_url(), Some("https://www.caixin.com/"));
        let none = Html::parse_document("<!-- saved from url=(0015)about:internet --><html></html>");
        assert_eq!(Meta::read(&none).stated_url(), None);
    }
}
