//! What each fuzz target does with its input, and what it checks beyond "no panic".
//!
//! One file for both runners: the cargo-fuzz targets (`fuzz_targets/*.rs`, nightly, libFuzzer)
//! call these functions, and `tests/fuzz_corpus.rs` (stable `cargo test`) includes this file with
//! `#[path]` and replays every committed corpus file through them. Only the crate's public API is
//! used: `extract`, `render` (every export format), and the readers re-exported by `caixin_sidebar::fuzzing`.

use caixin_sidebar::export::Format;
use caixin_sidebar::fuzzing;
use caixin_sidebar::Page;

/// The addresses `extract` reads every input at: an article address of each site, so that the
/// site adapter, the JSON-LD reader and the generic article reader all get their turn.
pub const PAGE_URLS: [&str; 2] = [
    "https://www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html",
    "https://finance.caixin.com/2026-08-06/102472081.html",
];

/// The base of `url` inputs that hold no line break.
pub const DEFAULT_BASE: &str = "https://www.caixinglobal.com/live/index.html?x=1";

/// Every export format (listed here rather than taken from the crate, whose list may go).
pub const FORMATS: [Format; 5] = [Format::Json, Format::Ndjson, Format::Csv, Format::Markdown, Format::Csl];

/// Arbitrary bytes as page text: invalid UTF-8 becomes U+FFFD, as a browser's decoder would.
fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// `extract` at both sites' addresses, then every export, each read back.
pub fn extract(data: &[u8]) {
    let html = text(data);
    for url in PAGE_URLS {
        let page = caixin_sidebar::extract(&html, url).expect("a valid address and a small page always give a Page");
        check_page(&page);
        for format in FORMATS {
            let out = caixin_sidebar::render(&page, format).unwrap_or_else(|e| panic!("{format:?}: {e}"));
            check_export(&page, format, &out);
        }
    }
}

/// What the README promises of every page: only http(s) links.
fn check_page(page: &Page) {
    let http = |u: &str| {
        let l = u.get(..8).unwrap_or(u).to_ascii_lowercase();
        assert!(l.starts_with("http://") || l.starts_with("https://"), "non-http link {u:?}");
    };
    for a in &page.articles {
        a.url.as_deref().map(http);
        a.full_story_url.as_deref().map(http);
        a.images.iter().for_each(|i| http(&i.url));
        a.related.iter().filter_map(|r| r.url.as_deref()).for_each(http);
        if let Some(p) = a.published.as_deref() {
            check_rfc3339(p);
        }
        assert!(a.authors.iter().all(|n| !n.is_empty()), "empty author in {:?}", a.authors);
    }
}

/// Each export read back by a real parser says the same number of articles (JSON: the same page).
fn check_export(page: &Page, format: Format, out: &str) {
    let n = page.articles.len();
    match format {
        Format::Json => {
            let back: Page = serde_json::from_str(out).expect("JSON export parses");
            assert_eq!(&back, page, "JSON round trip");
        }
        Format::Ndjson => {
            assert_eq!(out.lines().count(), n, "one NDJSON line per article");
            for line in out.lines() {
                serde_json::from_str::<serde_json::Value>(line).expect("NDJSON line parses");
            }
        }
        Format::Csv => {
            let body = out.strip_prefix('\u{feff}').expect("CSV starts with a BOM");
            let mut r = csv::Reader::from_reader(body.as_bytes());
            let width = r.headers().expect("CSV header").len();
            let rows: Vec<csv::StringRecord> = r.records().map(|r| r.expect("CSV row parses")).collect();
            assert_eq!(rows.len(), n, "one CSV row per article");
            assert!(rows.iter().all(|row| row.len() == width), "every CSV row as wide as the header");
        }
        Format::Markdown => {
            assert!(out.starts_with("---\n"), "Markdown front matter");
            assert!(out.contains(&format!("\narticles: {n}\n")), "Markdown article count");
        }
        Format::Csl => {
            let v: serde_json::Value = serde_json::from_str(out).expect("CSL-JSON parses");
            assert_eq!(v.as_array().map(Vec::len), Some(n), "one CSL item per article");
        }
    }
}

/// A date the readers return: `YYYY-MM-DD`, or RFC 3339 in Beijing time; years 1990–2100.
fn check_rfc3339(s: &str) {
    if s.len() == 10 {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s:?}: {e}"));
    } else {
        let t = chrono::DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
        assert_eq!(t.offset().local_minus_utc(), 8 * 3600, "{s:?} is not Beijing time");
        assert!(s.ends_with("+08:00"), "{s:?}");
    }
    let year: i32 = s[..4].parse().expect("year");
    assert!((1990..=2100).contains(&year), "{s:?}");
}

/// The date reader on any text, with and without a year taken from the URL.
pub fn dates(data: &[u8]) {
    let s = text(data);
    for hint in [None, Some((2026, 8, 6)), Some((2019, 1, 1))] {
        let found = fuzzing::find_date(&s, hint);
        if let Some(f) = &found {
            assert!(f.start <= f.end && f.end <= s.len(), "{f:?} out of {}", s.len());
            assert!(s.get(f.start..f.end).is_some(), "{f:?} not on character boundaries");
            if let Some(r) = &f.rfc3339 {
                check_rfc3339(r);
            }
        }
        assert_eq!(fuzzing::parse_date(&s, hint), found.and_then(|f| f.rfc3339), "parse is find's date");
    }
}

/// The byline reader on any text: names are never empty nor padded.
pub fn byline(data: &[u8]) {
    let s = text(data);
    for name in fuzzing::authors(&s) {
        assert!(!name.is_empty(), "empty name from {s:?}");
        assert_eq!(name.trim(), name, "padded name from {s:?}");
    }
}

/// The URL reader: `BASE\nHREF` (or only `HREF`, against `DEFAULT_BASE`). What `resolve` returns is
/// an http(s) URL without a fragment, and `article_url` never panics on anything.
pub fn url(data: &[u8]) {
    let s = text(data);
    let (base, href) = s.split_once('\n').unwrap_or((DEFAULT_BASE, &s));
    for text in [base, href] {
        check_article_url(text);
    }
    if let Some(u) = fuzzing::resolve(base, href) {
        let lower = u.to_ascii_lowercase();
        let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
        let rest = rest.unwrap_or_else(|| panic!("resolve({base:?}, {href:?}) = {u:?}: not http(s)"));
        assert!(!u.contains('#'), "resolve({base:?}, {href:?}) = {u:?} keeps a fragment");
        let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
        assert!(host_end > 0, "resolve({base:?}, {href:?}) = {u:?} has no host");
        check_article_url(&u);
    }
}

fn check_article_url(u: &str) {
    if let Some(a) = fuzzing::article_url(u) {
        let id = a.id.as_deref().unwrap_or_else(|| panic!("{u:?}: an article URL without an id"));
        assert!(!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()), "{u:?}: id {id:?}");
        assert!(!a.key.contains("://"), "{u:?}: key {:?} has a scheme", a.key);
    }
}
