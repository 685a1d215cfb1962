//! Batch mode: several files, directories and WARC files into one stream.
//!
//! One thread reads the inputs in order (files, directory entries sorted, WARC records in file
//! order) and cuts them into batches; each batch is extracted and rendered on all cores (rayon)
//! and collected in its own order, then written while the next batch is read. The output is
//! therefore in input order whatever the thread timing, and memory holds about three batches.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;

use caixin_sidebar::export::{self, Format};
use caixin_sidebar::MAX_HTML_BYTES;
use caixin_sidebar::{Article, Page};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::http;
use crate::inputs::{self, Source};
use crate::warc_source;

/// Pages per batch and per thread: enough that the wait for a batch's slowest page is small
/// against the batch, few enough that memory stays low.
const PAGES_PER_THREAD: usize = 64;
/// A batch is also cut at this many bytes of input.
const BATCH_BYTES: usize = 64 << 20;
/// Stack of the worker threads: the same as the main thread's, on which single-file mode reads.
const WORKER_STACK: usize = 8 << 20;

pub struct Options {
    pub format: Format,
    pub out: Option<String>,
    /// The time to put in each page object (`--exported-at`, JSON only).
    pub exported_at: Option<String>,
    pub jobs: Option<usize>,
}

/// Where a page came from, as the reports name it.
#[derive(Clone, Debug)]
pub struct Origin {
    path: Option<PathBuf>,
    /// Number (from 1) and byte offset of a WARC record; the offset is in the uncompressed
    /// stream for a gzip file.
    record: Option<(u64, u64, bool)>,
}

impl Origin {
    pub fn file(path: &Path) -> Origin {
        Origin { path: Some(path.to_path_buf()), record: None }
    }

    pub fn record(path: &Path, number: u64, offset: u64, gzip: bool) -> Origin {
        Origin { path: Some(path.to_path_buf()), record: Some((number, offset, gzip)) }
    }

    fn stdin() -> Origin {
        Origin { path: None, record: None }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}", p.display())?,
            None => f.write_str("(standard input)")?,
        }
        match self.record {
            Some((n, offset, true)) => write!(f, ": record {n} (offset {offset} uncompressed)"),
            Some((n, offset, false)) => write!(f, ": record {n} (offset {offset})"),
            None => Ok(()),
        }
    }
}

/// How a page's bytes are held.
#[derive(Clone, Copy, Debug)]
pub enum Payload {
    /// The HTML itself (a file, a WARC `resource` record).
    Html,
    /// An HTTP response: status line, headers, body (a WARC `response` record).
    Http,
}

/// What the reader hands to the workers, in input order.
pub enum Item {
    Page { origin: Origin, url: Option<String>, bytes: Vec<u8>, payload: Payload },
    Skipped(Origin, String),
    Failed(Origin, String),
}

impl Item {
    fn bytes(&self) -> usize {
        match self {
            Item::Page { bytes, .. } => bytes.len(),
            _ => 0,
        }
    }
}

/// A page read and rendered, or why not.
enum Outcome {
    Done(Rendered),
    Skipped(Origin, String),
    Failed(Origin, String),
}

struct Rendered {
    /// The lines to write (NDJSON, JSON, CSV rows).
    text: String,
    /// CSL-JSON items, gathered into one array at the end.
    csl: Vec<Value>,
    articles: usize,
}

/// An NDJSON line: the article's own fields, with the address of the page it was read from first.
#[derive(Serialize)]
struct ArticleLine<'a> {
    page_url: &'a str,
    #[serde(flatten)]
    article: &'a Article,
}

/// A JSON line: the page object of single-file mode, on one line.
#[derive(Serialize)]
struct PageLine<'a> {
    #[serde(flatten)]
    page: &'a Page,
    #[serde(skip_serializing_if = "Option::is_none")]
    exported_at: Option<&'a str>,
}

pub fn run(args: &[String], opts: Options) -> ExitCode {
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK);
    if let Some(n) = opts.jobs {
        pool = pool.num_threads(n);
    }
    // Only fails if a global pool exists already, which nothing here builds.
    let _ = pool.build_global();
    warc_source::install_panic_hook();

    let out: Box<dyn Write> = match &opts.out {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("caixin-export: cannot write {path}: {e}");
                return ExitCode::from(2);
            }
        },
        None => Box::new(io::stdout().lock()),
    };
    let sources = inputs::expand(args);
    let total: u64 = sources.iter().map(Source::size).sum();
    let bar = progress_bar(total);
    let mut sink = Sink::new(io::BufWriter::with_capacity(1 << 20, out), opts.format);

    let batch_pages = PAGES_PER_THREAD * rayon::current_num_threads();
    // One batch waiting while one is processed: reading overlaps extraction.
    let (tx, rx) = sync_channel::<Vec<(Item, u64)>>(1);
    let reader = std::thread::spawn(move || read_all(sources, tx, batch_pages));

    let mut write_error = sink.start().err();
    if write_error.is_none() {
        for batch in rx.iter() {
            let outcomes: Vec<(Outcome, u64)> =
                batch.into_par_iter().map(|(item, read)| (work(item, opts.format, opts.exported_at.as_deref()), read)).collect();
            for (o, read) in outcomes {
                if let Err(e) = bar.suspend(|| sink.push(o)) {
                    write_error = Some(e);
                    break;
                }
                // The bar moves with the input bytes whose pages are written, not with the
                // reader, which runs up to two batches ahead.
                bar.inc(read);
            }
            if write_error.is_some() {
                break;
            }
            bar.set_message(format!("{} pages, {} articles, {} failed", sink.pages, sink.articles, sink.failed));
        }
    }
    // After a write error the reader is not waited for (it may be deep in a long stretch of
    // records that are not pages): the process ends with this thread.
    let not_pages = if write_error.is_none() { reader.join().unwrap_or(0) } else { 0 };
    if write_error.is_none() {
        write_error = sink.finish().err();
    }
    bar.finish_and_clear();

    if let Some(e) = write_error {
        // `| head` closing the pipe is the reader's choice, not a failure.
        if e.kind() == io::ErrorKind::BrokenPipe {
            return ExitCode::SUCCESS;
        }
        eprintln!("caixin-export: cannot write the output: {e}");
        return ExitCode::from(1);
    }
    eprintln!(
        "caixin-export: {} pages, {} articles; {} skipped, {} failed; {} other WARC records",
        sink.pages, sink.articles, sink.skipped, sink.failed, not_pages
    );
    if sink.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Drawn only when standard error is a terminal: a log file or a pipe gets no control codes.
fn progress_bar(total: u64) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} {bytes_per_sec} · {msg}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Cuts the items into batches for the workers; each item goes with the input bytes read since
/// the one before it.
struct Batcher {
    batch: Vec<(Item, u64)>,
    bytes: usize,
    max_pages: usize,
    tx: SyncSender<Vec<(Item, u64)>>,
    /// Bytes read from disk so far, and when the last item was pushed.
    read: Arc<AtomicU64>,
    counted: u64,
}

impl Batcher {
    /// `false` once the writer is gone (output closed).
    fn push(&mut self, item: Item) -> bool {
        self.bytes += item.bytes();
        let read = self.read.load(Ordering::Relaxed);
        self.batch.push((item, read - self.counted));
        self.counted = read;
        if self.batch.len() >= self.max_pages || self.bytes >= BATCH_BYTES {
            return self.flush();
        }
        true
    }

    fn flush(&mut self) -> bool {
        self.bytes = 0;
        let batch = std::mem::take(&mut self.batch);
        batch.is_empty() || self.tx.send(batch).is_ok()
    }
}

/// The reader thread. Returns how many WARC records were not pages.
fn read_all(sources: Vec<Source>, tx: SyncSender<Vec<(Item, u64)>>, max_pages: usize) -> u64 {
    let read = Arc::new(AtomicU64::new(0));
    let mut b = Batcher { batch: Vec::new(), bytes: 0, max_pages, tx, read: read.clone(), counted: 0 };
    let mut not_pages = 0;
    for source in sources {
        let open = match source {
            Source::Page(path) => {
                let item = read_page(&path);
                read.fetch_add(item.bytes() as u64, Ordering::Relaxed);
                b.push(item)
            }
            Source::Stdin => {
                let mut bytes = Vec::new();
                b.push(match io::stdin().lock().take(MAX_HTML_BYTES as u64 + 1).read_to_end(&mut bytes) {
                    Err(e) => Item::Failed(Origin::stdin(), format!("cannot read it: {e}")),
                    Ok(_) if bytes.len() > MAX_HTML_BYTES => Item::Failed(Origin::stdin(), too_large(bytes.len())),
                    Ok(_) => Item::Page { origin: Origin::stdin(), url: None, bytes, payload: Payload::Html },
                })
            }
            Source::Warc(path) => {
                let mut open = true;
                not_pages += warc_source::read(&path, &read, &mut |item| {
                    open = b.push(item);
                    open
                })
                .not_pages;
                open
            }
            Source::Unreadable(path, e) => b.push(Item::Failed(Origin::file(&path), format!("cannot read it: {e}"))),
        };
        if !open {
            return not_pages;
        }
    }
    b.flush();
    not_pages
}

fn read_page(path: &Path) -> Item {
    let origin = Origin::file(path);
    // A page over the limit is refused before it is read into memory.
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_HTML_BYTES as u64 => return Item::Failed(origin, too_large(m.len() as usize)),
        _ => {}
    }
    match std::fs::read(path) {
        Ok(bytes) if bytes.len() > MAX_HTML_BYTES => Item::Failed(origin, too_large(bytes.len())),
        Ok(bytes) => Item::Page { origin, url: None, bytes, payload: Payload::Html },
        Err(e) => Item::Failed(origin, format!("cannot read it: {e}")),
    }
}

fn too_large(n: usize) -> String {
    caixin_sidebar::Error::TooLarge(n).to_string()
}

/// One item on a worker thread: decode, extract, render.
fn work(item: Item, format: Format, exported_at: Option<&str>) -> Outcome {
    match item {
        Item::Skipped(o, m) => Outcome::Skipped(o, m),
        Item::Failed(o, m) => Outcome::Failed(o, m),
        Item::Page { origin, url, bytes, payload } => {
            let url = url.as_deref();
            // One page that trips a bug must not end a run over thousands (the panic message is
            // printed by the default hook as well).
            match std::panic::catch_unwind(|| page(&bytes, url, payload, format, exported_at)) {
                Ok(Ok(r)) => Outcome::Done(r),
                Ok(Err(m)) => Outcome::Failed(origin, m),
                Err(_) => Outcome::Failed(origin, "internal error while reading this page (please report it with the page)".into()),
            }
        }
    }
}

fn page(bytes: &[u8], url: Option<&str>, payload: Payload, format: Format, exported_at: Option<&str>) -> Result<Rendered, String> {
    let html: Cow<[u8]> = match payload {
        Payload::Html => Cow::Borrowed(bytes),
        Payload::Http => Cow::Owned(http::body(bytes, MAX_HTML_BYTES)?),
    };
    // Caixin pages are UTF-8; a stray invalid byte must not stop the export (as in single mode).
    let html = String::from_utf8_lossy(&html);
    let page = caixin_sidebar::extract_saved(&html, url).map_err(|e| e.to_string())?;
    let json_err = |e: serde_json::Error| format!("could not write the export: {e}");
    let mut r = Rendered { text: String::new(), csl: Vec::new(), articles: page.articles.len() };
    match format {
        Format::Ndjson => {
            for a in &page.articles {
                r.text += &serde_json::to_string(&ArticleLine { page_url: &page.page.url, article: a }).map_err(json_err)?;
                r.text.push('\n');
            }
        }
        Format::Json => {
            r.text = serde_json::to_string(&PageLine { page: &page, exported_at }).map_err(json_err)?;
            r.text.push('\n');
        }
        Format::Csv => {
            let csv = caixin_sidebar::render(&page, Format::Csv).map_err(|e| e.to_string())?;
            // The rows only: the byte-order mark and the header are written once, first.
            r.text = csv
                .strip_prefix('\u{feff}')
                .and_then(|s| s.strip_prefix(csv_header().as_str()))
                .ok_or("internal error: unexpected CSV header")?
                .to_string();
        }
        Format::Csl => {
            let csl = caixin_sidebar::render(&page, Format::Csl).map_err(|e| e.to_string())?;
            match serde_json::from_str(&csl).map_err(json_err)? {
                Value::Array(items) => r.csl = items,
                _ => return Err("internal error: CSL-JSON is not an array".into()),
            }
        }
        Format::Markdown => return Err("Markdown is one document per page".into()),
    }
    Ok(r)
}

fn csv_header() -> String {
    export::csv::HEADER.join(",") + "\r\n"
}

/// Writes the outcomes in order and counts them.
struct Sink<W: Write> {
    w: W,
    format: Format,
    csl: Vec<Value>,
    csl_ids: HashSet<String>,
    pages: u64,
    articles: u64,
    skipped: u64,
    failed: u64,
}

impl<W: Write> Sink<W> {
    fn new(w: W, format: Format) -> Self {
        Sink { w, format, csl: Vec::new(), csl_ids: HashSet::new(), pages: 0, articles: 0, skipped: 0, failed: 0 }
    }

    fn start(&mut self) -> io::Result<()> {
        if self.format == Format::Csv {
            write!(self.w, "\u{feff}{}", csv_header())?;
        }
        Ok(())
    }

    fn push(&mut self, o: Outcome) -> io::Result<()> {
        match o {
            Outcome::Done(r) => {
                self.pages += 1;
                self.articles += r.articles as u64;
                self.w.write_all(r.text.as_bytes())?;
                for mut item in r.csl {
                    let id = item["id"].as_str().unwrap_or_default().to_string();
                    if let Some(n) = id.strip_prefix("item-") {
                        // Items without an article id are numbered per page: make them unique.
                        item["id"] = Value::String(format!("item-{}-{n}", self.pages));
                    } else if !self.csl_ids.insert(id) {
                        // The same article met on several pages is one reference (its first).
                        continue;
                    }
                    self.csl.push(item);
                }
            }
            Outcome::Skipped(origin, m) => {
                self.skipped += 1;
                eprintln!("caixin-export: skipped {origin}: {m}");
            }
            Outcome::Failed(origin, m) => {
                self.failed += 1;
                eprintln!("caixin-export: failed {origin}: {m}");
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.format == Format::Csl {
            let items = std::mem::take(&mut self.csl);
            let text = serde_json::to_string_pretty(&Value::Array(items)).map_err(io::Error::other)?;
            self.w.write_all(text.as_bytes())?;
            self.w.write_all(b"\n")?;
        }
        self.w.flush()
    }
}
