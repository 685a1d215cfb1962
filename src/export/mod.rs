//! Exports: sibling modules, one per format, behind `render`. Every format is a view of the same
//! `Page`; JSON is the contract (`docs/page-v1.schema.json`).

pub mod csl;
pub mod csv;
pub mod json;
pub mod markdown;
pub mod ndjson;

use crate::model::Page;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The contract: one `caixin-sidebar.page/1` document ([`json`]).
    Json,
    /// One article object per line ([`ndjson`]).
    Ndjson,
    /// A spreadsheet, one row per article ([`csv`]).
    Csv,
    /// A readable document with YAML front matter ([`markdown`]).
    Markdown,
    /// CSL-JSON items for reference managers ([`csl`]).
    Csl,
}

/// Every format, in the order the sidebar offers them.
pub const ALL: [Format; 5] = [Format::Json, Format::Csv, Format::Markdown, Format::Ndjson, Format::Csl];

impl Format {
    /// The names the CLI and the sidebar use.
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Markdown),
            "csl" | "csl-json" | "csljson" => Some(Format::Csl),
            _ => None,
        }
    }

    /// The short name `parse` reads back (`json`, `ndjson`, `csv`, `md`, `csl`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Csv => "csv",
            Format::Markdown => "md",
            Format::Csl => "csl",
        }
    }

    /// File extension of a download.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Csv => "csv",
            Format::Markdown => "md",
            Format::Csl => "csl.json",
        }
    }

    /// The MIME type of a download.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Json | Format::Csl => "application/json",
            Format::Ndjson => "application/x-ndjson",
            Format::Csv => "text/csv;charset=utf-8",
            Format::Markdown => "text/markdown;charset=utf-8",
        }
    }
}

/// An export that could not be written. (Serialising our own plain structs does not fail in
/// practice; the variant carries the serializer's message if it ever does.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError(
    /// The serializer's message.
    pub String,
);

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not write the export: {}", self.0)
    }
}

impl std::error::Error for ExportError {}

/// The page in one format. Deterministic: the same page gives the same bytes.
///
/// ```
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
///   <p>By Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p><p>AliHealth turned a profit.</p>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// use caixin_sidebar::export::{render, Format};
/// for format in caixin_sidebar::export::ALL {
///     assert!(render(&page, format).unwrap().contains("Alibaba"), "{format:?}");
/// }
/// ```
pub fn render(page: &Page, format: Format) -> Result<String, ExportError> {
    match format {
        Format::Json => json::render(page),
        Format::Ndjson => ndjson::render(page),
        Format::Csv => csv::render(page),
        Format::Markdown => Ok(markdown::render(page)),
        Format::Csl => csl::render(page),
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
