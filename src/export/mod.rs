//! Exports: sibling modules, one per format. Every format is a view of the same `Page`; JSON is
//! the contract (`docs/page-v1.schema.json`).
//!
//! Each format has a typed layer that other code uses without reading text back: the [`Page`]
//! itself and [`json::Document`], [`ndjson::Line`], [`csv::Row`], [`markdown::FrontMatter`] and
//! [`markdown::Section`], [`csl::Item`] (with [`csl::items_for`] and [`csl::Bibliography`] for
//! exports of many sources or pages). [`render`] prints a page in one format over them.
//!
//! The exports know no site: what a format needs from one (the CSL periodical and publisher) is
//! handed over as data. `caixin_sidebar::render` is [`render`] with the page's site's publisher.

pub mod csl;
pub mod csv;
mod format;
pub mod json;
pub mod markdown;
pub mod ndjson;

pub use format::{ExportError, Format, ALL};

use crate::model::Page;

/// The page in one format. Deterministic: the same page gives the same bytes. `publisher` is what
/// the CSL-JSON items name as periodical and publisher (the page's site's: `caixin_sidebar::render`
/// asks the site for it); the other formats do not use it.
///
/// ```
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
///   <p>By Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p><p>AliHealth turned a profit.</p>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// use caixin_sidebar::export::{csl::Publisher, render, Format};
/// for format in caixin_sidebar::export::ALL {
///     assert!(render(&page, format, None).unwrap().contains("Alibaba"), "{format:?}");
/// }
/// let publisher = Publisher { container_title: "Caixin Global", name: "Caixin Media" };
/// assert!(render(&page, Format::Csl, Some(publisher)).unwrap().contains(r#""container-title": "Caixin Global""#));
/// assert!(!render(&page, Format::Csl, None).unwrap().contains("container-title"));
/// ```
pub fn render(page: &Page, format: Format, publisher: Option<csl::Publisher<'_>>) -> Result<String, ExportError> {
    match format {
        Format::Json => json::render(page),
        Format::Ndjson => ndjson::render(page),
        Format::Csv => csv::render(page),
        Format::Markdown => Ok(markdown::render(page)),
        Format::Csl => csl::render(page, publisher),
    }
}

/// `caixin-global-listing-2020-11-27.json`: site, kind, and the date of the newest article
/// (deterministic: never the export time).
pub fn file_name(page: &Page, format: Format) -> String {
    let newest = page.articles.iter().filter_map(|a| a.published.as_deref()).filter_map(|p| p.get(..10)).max().unwrap_or("undated");
    format!("{}-{}-{}.{}", page.page.site.as_str(), page.page.kind.as_str(), newest, format.extension())
}

/// The page with only the articles at `indices` (the sidebar's "filtered" scope).
pub fn subset(page: &Page, indices: &[usize]) -> Page {
    Page { articles: indices.iter().filter_map(|&i| page.articles.get(i).cloned()).collect(), ..page.clone() }
}
