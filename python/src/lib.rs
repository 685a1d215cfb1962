//! `caixin_sidebar._native`: the core crate bound for Python. The package around it
//! (`caixin_sidebar/__init__.py`) turns the JSON this module returns into dicts; the extraction,
//! the exports and the WARC reading all stay in the core crate, called here as the CLI calls them
//! (single-page mode: `extract_saved` then `render`; batch mode over a WARC file:
//! `warc::Reader::next_raw`, `RawPage::html_bytes`, `extract_saved` with the record's address).
//!
//! Every call that extracts or renders runs without the GIL ([`Python::detach`]), so Python
//! threads extract in parallel. A WARC read from a Python file object takes the GIL back only for
//! each `read` of that object.

use std::borrow::Cow;
use std::io::{self, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};

use caixin_sidebar::export::{self, Format};
use caixin_sidebar::warc::{self, Event, Summary};
use caixin_sidebar::{Error, Page, MAX_HTML_BYTES};
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

pyo3::create_exception!(
    _native,
    CaixinError,
    PyValueError,
    "A page or an export that cannot be read or written (the CLI's exit code 1 or 2)."
);
pyo3::create_exception!(_native, BadUrlError, CaixinError, "The page's address is not an absolute http(s) URL.");
pyo3::create_exception!(_native, NoUrlError, CaixinError, "No address was given and the page states none (canonical link, og:url).");
pyo3::create_exception!(_native, PageTooLargeError, CaixinError, "The page is over the 32 MB the core reads.");
pyo3::create_exception!(_native, ExportError, CaixinError, "A page dict that is not a caixin-sidebar.page/1 object, or an unknown format.");

fn error(e: Error) -> PyErr {
    let message = e.to_string();
    match e {
        Error::BadUrl(_) => BadUrlError::new_err(message),
        Error::NoUrl => NoUrlError::new_err(message),
        Error::TooLarge(_) => PageTooLargeError::new_err(message),
    }
}

/// The page's text: a `str` as it is, `bytes` read as UTF-8 with invalid bytes replaced (as the
/// CLI reads a file). Bytes over the limit are refused by their length, as the CLI refuses a file
/// by its size, before any copy.
fn html_of<'a>(html: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, str>> {
    if let Ok(b) = html.cast::<PyBytes>() {
        let bytes = b.as_bytes();
        if bytes.len() > MAX_HTML_BYTES {
            return Err(error(Error::TooLarge(bytes.len())));
        }
        // Borrowed from the bytes object the caller holds: no copy unless a byte is invalid.
        return Ok(String::from_utf8_lossy(bytes));
    }
    if let Ok(s) = html.cast::<PyString>() {
        return s.to_cow();
    }
    Err(PyTypeError::new_err(format!("html must be str or bytes, not {}", html.get_type().name()?)))
}

fn format_of(name: &str) -> PyResult<Format> {
    // The CLI's message for `--format` with an unknown name.
    Format::parse(name).ok_or_else(|| ExportError::new_err(format!("unknown format {name:?}: use json, csv, md, ndjson or csl")))
}

fn export_error(e: export::ExportError) -> PyErr {
    ExportError::new_err(e.to_string())
}

/// `extract(html, url)` as JSON text: the CLI's `caixin-export --url URL page.html` output
/// (without `url`, the address the page states, as the CLI without `--url`).
#[pyfunction]
#[pyo3(signature = (html, url=None))]
fn extract_json(py: Python<'_>, html: &Bound<'_, PyAny>, url: Option<&str>) -> PyResult<String> {
    let html = html_of(html)?;
    py.detach(|| {
        let page = caixin_sidebar::extract_saved(&html, url).map_err(Err)?;
        caixin_sidebar::render(&page, Format::Json).map_err(Ok)
    })
    .map_err(|e: Result<export::ExportError, Error>| match e {
        Ok(e) => export_error(e),
        Err(e) => error(e),
    })
}

fn page_of(page_json: &str) -> PyResult<Page> {
    serde_json::from_str(page_json).map_err(|e| ExportError::new_err(format!("not a caixin-sidebar.page/1 object: {e}")))
}

/// A page (its JSON, as `extract_json` gives it) in one format, as the CLI writes one page.
#[pyfunction]
fn render_json(py: Python<'_>, page_json: &str, format: &str) -> PyResult<String> {
    let format = format_of(format)?;
    let page = page_of(page_json)?;
    py.detach(|| caixin_sidebar::render(&page, format)).map_err(export_error)
}

/// The page's articles as the lines of the CLI's batch NDJSON: each article object with the
/// page's address first (`page_url`).
#[pyfunction]
fn records_ndjson(py: Python<'_>, page_json: &str) -> PyResult<String> {
    let page = page_of(page_json)?;
    py.detach(|| export::ndjson::render_lines(export::ndjson::lines_with_page_url(&page))).map_err(export_error)
}

/// A Python binary file object (anything with `readinto` or `read`) as a [`Read`]: each read takes
/// the GIL for the call.
struct PyFile {
    file: Py<PyAny>,
}

impl Read for PyFile {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        Python::attach(|py| {
            let data = self.file.bind(py).call_method1("read", (out.len(),)).map_err(|e| io::Error::other(e.to_string()))?;
            if data.is_none() {
                // A non-blocking stream with nothing yet: treated as the end (WARC inputs are files).
                return Ok(0);
            }
            let bytes = data.cast::<PyBytes>().map_err(|_| io::Error::other("the file's read() did not return bytes"))?.as_bytes();
            let n = bytes.len().min(out.len());
            out[..n].copy_from_slice(&bytes[..n]);
            Ok(n)
        })
    }
}

type Source = Box<dyn Read + Send + Sync>;

/// What one record gave, computed without the GIL.
enum Step {
    Page { url: String, text: String, articles: usize },
    Failed(String),
    Skipped,
    NotPage,
}

/// The pages of one WARC file (plain or gzip), read with the core's bounded reader and extracted
/// one by one: a Python iterator of `(url, page JSON)`. Counts as the CLI's summary line.
#[pyclass(module = "caixin_sidebar._native")]
struct WarcReader {
    reader: Option<warc::Reader<Source>>,
    /// The file's name in the reports, as the CLI's (`FILE: record N (offset B): why`).
    name: String,
    /// The reader's own counts, kept when it is dropped at the end.
    read: Summary,
    pages: u64,
    articles: u64,
    failed: u64,
    /// The reports of the failed records, the CLI's lines without `caixin-export: failed `.
    failures: Vec<String>,
    /// Each page as the CLI's batch NDJSON lines (its articles with `page_url`), not its JSON.
    records: bool,
    /// Number and offset of the record of the last page handed out.
    last: Option<(u64, u64)>,
}

/// Failures kept as text (all are counted): a damaged file cannot fill memory with reports.
const MAX_REPORTS: usize = 10_000;

impl WarcReader {
    fn origin(&self, record: u64, offset: u64, gzip: bool) -> String {
        if gzip {
            format!("{}: record {record} (offset {offset} uncompressed)", self.name)
        } else {
            format!("{}: record {record} (offset {offset})", self.name)
        }
    }

    fn fail(&mut self, report: String) {
        self.failed += 1;
        if self.failures.len() < MAX_REPORTS {
            self.failures.push(report);
        }
    }
}

/// One record: the reader's next event, the page decoded and extracted as the CLI's batch mode does.
fn step(reader: &mut warc::Reader<Source>, records: bool) -> Option<(Step, u64, u64)> {
    let event = reader.next_raw()?;
    Some(match event {
        Event::Page(raw) => {
            let (record, offset) = (raw.record, raw.offset);
            // One page that trips a bug must not end a run over thousands (as in the CLI).
            let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<Step, String> {
                let bytes = raw.html_bytes()?;
                let html = String::from_utf8_lossy(&bytes);
                let page = caixin_sidebar::extract_saved(&html, Some(&raw.url)).map_err(|e| e.to_string())?;
                let text = if records {
                    export::ndjson::render_lines(export::ndjson::lines_with_page_url(&page))
                } else {
                    caixin_sidebar::render(&page, Format::Json)
                }
                .map_err(|e| e.to_string())?;
                Ok(Step::Page { url: page.page.url.clone(), text, articles: page.articles.len() })
            }));
            let step = match outcome {
                Ok(Ok(s)) => s,
                Ok(Err(why)) => Step::Failed(why),
                Err(_) => Step::Failed("internal error while reading this page (please report it with the page)".into()),
            };
            (step, record, offset)
        }
        Event::Skipped { record, offset, .. } => (Step::Skipped, record, offset),
        Event::Failed { record, offset, why } => (Step::Failed(why), record, offset),
        Event::NotPage { record, offset } => (Step::NotPage, record, offset),
    })
}

#[pymethods]
impl WarcReader {
    /// Opens a WARC file by path (a regular file only, as the CLI), or reads a binary file object.
    #[new]
    #[pyo3(signature = (source, name=None, records=false))]
    fn new(source: &Bound<'_, PyAny>, name: Option<String>, records: bool) -> PyResult<Self> {
        let (input, default_name): (Source, String) = if source.hasattr("read")? {
            let name = source.getattr("name").ok().and_then(|n| n.str().ok()).map(|s| s.to_string()).unwrap_or_else(|| "<stream>".into());
            (Box::new(PyFile { file: source.clone().unbind() }), name)
        } else {
            let path: std::path::PathBuf = source.extract()?;
            let file =
                warc::open_regular_file(&path).map_err(|e| PyOSError::new_err(format!("{}: cannot read it: {e}", path.display())))?;
            (Box::new(file), path.display().to_string())
        };
        Ok(WarcReader {
            reader: Some(warc::Reader::new(input)),
            name: name.unwrap_or(default_name),
            read: Summary::default(),
            pages: 0,
            articles: 0,
            failed: 0,
            failures: Vec::new(),
            records,
            last: None,
        })
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> Option<(String, String)> {
        let records = self.records;
        loop {
            let reader = self.reader.as_mut()?;
            let Some((step, record, offset)) = py.detach(|| step(reader, records)) else {
                self.read = reader.summary();
                self.reader = None;
                return None;
            };
            self.read = reader.summary();
            match step {
                Step::Page { url, text, articles } => {
                    self.pages += 1;
                    self.articles += articles as u64;
                    self.last = Some((record, offset));
                    return Some((url, text));
                }
                Step::Failed(why) => {
                    let origin = self.origin(record, offset, self.read.gzip);
                    self.fail(format!("{origin}: {why}"));
                }
                Step::Skipped | Step::NotPage => {}
            }
        }
    }

    /// The counts so far (final once the iterator is exhausted): `pages` and `articles` read,
    /// `skipped` (other sites' pages), `failed` (records or pages that could not be read),
    /// `not_pages` (other records), `records`, `truncated`, `gzip`, `bytes` (decompressed).
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("pages", self.pages)?;
        d.set_item("articles", self.articles)?;
        d.set_item("skipped", self.read.skipped)?;
        d.set_item("failed", self.failed)?;
        d.set_item("not_pages", self.read.not_pages)?;
        d.set_item("records", self.read.records)?;
        d.set_item("truncated", self.read.truncated)?;
        d.set_item("gzip", self.read.gzip)?;
        d.set_item("bytes", self.read.bytes)?;
        Ok(d)
    }

    /// The failed records' reports, as the CLI prints them after `caixin-export: failed ` (the
    /// first 10,000; `summary["failed"]` counts them all).
    #[getter]
    fn failures(&self) -> Vec<String> {
        self.failures.clone()
    }

    /// `(number, offset)` of the record of the last page handed out (numbers from 1; the offset in
    /// the decompressed stream of a gzip file), `None` before the first.
    #[getter]
    fn record(&self) -> Option<(u64, u64)> {
        self.last
    }

    /// The file's name in the reports.
    #[getter]
    fn name(&self) -> String {
        self.name.clone()
    }
}

/// A generated CX Tech-style listing of `stories` stories (the core's benchmark page): for
/// benchmarks and the GIL test. Not part of the API.
#[pyfunction]
fn _sample_page(stories: usize) -> String {
    caixin_sidebar::live_page(stories)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(extract_json, m)?)?;
    m.add_function(wrap_pyfunction!(render_json, m)?)?;
    m.add_function(wrap_pyfunction!(records_ndjson, m)?)?;
    m.add_function(wrap_pyfunction!(_sample_page, m)?)?;
    m.add_class::<WarcReader>()?;
    m.add("CaixinError", py.get_type::<CaixinError>())?;
    m.add("BadUrlError", py.get_type::<BadUrlError>())?;
    m.add("NoUrlError", py.get_type::<NoUrlError>())?;
    m.add("PageTooLargeError", py.get_type::<PageTooLargeError>())?;
    m.add("ExportError", py.get_type::<ExportError>())?;
    m.add("SCHEMA", caixin_sidebar::SCHEMA_ID)?;
    m.add("MAX_HTML_BYTES", MAX_HTML_BYTES)?;
    Ok(())
}
