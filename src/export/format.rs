//! The formats and the error every format returns: a leaf of `export/` that each format module
//! imports, so `mod.rs` (which dispatches to them) and the formats do not depend on each other.

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The contract: one `caixin-sidebar.page/1` document ([`json`](super::json)).
    Json,
    /// One article object per line ([`ndjson`](super::ndjson)).
    Ndjson,
    /// A spreadsheet, one row per article ([`csv`](super::csv)).
    Csv,
    /// A readable document with YAML front matter ([`markdown`](super::markdown)).
    Markdown,
    /// CSL-JSON items for reference managers ([`csl`](super::csl)).
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

impl ExportError {
    /// The error of a serializer or writer, by its message.
    pub(crate) fn of(e: impl std::fmt::Display) -> ExportError {
        ExportError(e.to_string())
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not write the export: {}", self.0)
    }
}

impl std::error::Error for ExportError {}
