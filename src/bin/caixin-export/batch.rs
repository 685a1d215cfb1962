//! Batch mode: several files, directories and WARC files into one stream.
//!
//! One thread reads the inputs in order (files, directory entries sorted, WARC records in file
//! order) and cuts them into batches; each batch is extracted and rendered on all cores (rayon)
//! and collected in its own order, then written while the next batch is read. The output is
//! therefore in input order whatever the thread timing, and memory holds about three batches.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;

use caixin_sidebar::export::{self, csl, Format};
use caixin_sidebar::warc::{self, Event, RawPage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::inputs::{self, Source};
use crate::read;
use crate::report::report;

/// Pages per batch and per thread: enough that the wait for a batch's slowest page is small
/// against the batch, few enough that memory stays low.
const PAGES_PER_THREAD: usize = 64;
/// A batch is also cut before it would hold more than this many bytes of input (a page of up to
/// 32 MiB is a batch alone). Three batches are held at most: one being read, one waiting, one
/// being extracted.
const BATCH_BYTES: usize = 32 << 20;
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

/// What the reader hands to the workers, in input order.
enum Item {
    /// A saved page (a file, standard input): its address is in it.
    File(Origin, Vec<u8>),
    /// A page of a WARC file, decoded by the worker.
    Record(Origin, RawPage),
    Skipped(Origin, String),
    Failed(Origin, String),
}

impl Item {
    fn bytes(&self) -> usize {
        match self {
            Item::File(_, bytes) => bytes.len(),
            Item::Record(_, page) => page.len(),
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
    csl: Vec<csl::Item>,
    articles: usize,
}

pub fn run(args: &[String], opts: Options) -> ExitCode {
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK);
    if let Some(n) = opts.jobs {
        pool = pool.num_threads(n);
    }
    // Only fails if a global pool exists already, which nothing here builds.
    let _ = pool.build_global();

    let out: Box<dyn Write> = match &opts.out {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                report!("cannot write {path}: {e}");
                return ExitCode::from(1);
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
        report!("cannot write {}: {e}", opts.out.as_deref().unwrap_or("the output"));
        return ExitCode::from(1);
    }
    report!(
        "{} pages, {} articles; {} skipped, {} failed; {} other WARC records",
        sink.pages,
        sink.articles,
        sink.skipped,
        sink.failed,
        not_pages
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
        // A batch holds at most BATCH_BYTES of input, or one page alone.
        if self.bytes + item.bytes() > BATCH_BYTES && !self.flush() {
            return false;
        }
        self.bytes += item.bytes();
        let read = self.read.load(Ordering::Relaxed);
        self.batch.push((item, read - self.counted));
        self.counted = read;
        if self.batch.len() >= self.max_pages {
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
                let origin = Origin::file(&path);
                let item = match read::page_file(&path) {
                    Ok(bytes) => Item::File(origin, bytes),
                    Err(e) => Item::Failed(origin, e.describe("it")),
                };
                read.fetch_add(item.bytes() as u64, Ordering::Relaxed);
                b.push(item)
            }
            Source::Stdin => b.push(match read::page_stdin() {
                Ok(bytes) => Item::File(Origin::stdin(), bytes),
                Err(e) => Item::Failed(Origin::stdin(), e.describe("it")),
            }),
            Source::Warc(path) => read_warc(&path, &read, &mut b, &mut not_pages),
            Source::Unreadable(path, e) => b.push(Item::Failed(Origin::file(&path), format!("cannot read it: {e}"))),
        };
        if !open {
            return not_pages;
        }
    }
    b.flush();
    not_pages
}

/// The pages, skips and failures of one WARC file, in file order. `false` once the output is
/// closed.
fn read_warc(path: &Path, read: &Arc<AtomicU64>, b: &mut Batcher, not_pages: &mut u64) -> bool {
    let file = match warc::open_regular_file(path) {
        Ok(f) => f,
        Err(e) => return b.push(Item::Failed(Origin::file(path), format!("cannot read it: {e}"))),
    };
    let mut reader = warc::Reader::new(Counting { inner: file, read: read.clone() });
    while let Some(event) = reader.next_raw() {
        let gzip = reader.summary().gzip;
        let item = match event {
            Event::Page(page) => Item::Record(Origin::record(path, page.record, page.offset, gzip), page),
            Event::Skipped { record, offset, reason, .. } => Item::Skipped(Origin::record(path, record, offset, gzip), reason),
            Event::Failed { record, offset, why } => Item::Failed(Origin::record(path, record, offset, gzip), why),
            Event::NotPage { .. } => {
                *not_pages += 1;
                continue;
            }
        };
        if !b.push(item) {
            return false;
        }
    }
    true
}

/// The file as read from disk, counting its bytes (compressed ones for a .warc.gz), for the
/// progress bar.
struct Counting {
    inner: std::fs::File,
    read: Arc<AtomicU64>,
}

impl Read for Counting {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// One item on a worker thread: decode, extract, render.
fn work(item: Item, format: Format, exported_at: Option<&str>) -> Outcome {
    match item {
        Item::Skipped(o, m) => Outcome::Skipped(o, m),
        Item::Failed(o, m) => Outcome::Failed(o, m),
        Item::File(origin, bytes) => guarded(origin, || page(Cow::Borrowed(&bytes), None, format, exported_at)),
        Item::Record(origin, raw) => guarded(origin, || page(raw.html_bytes()?, Some(&raw.url), format, exported_at)),
    }
}

/// One page that trips a bug must not end a run over thousands (the panic message is printed by
/// the default hook as well, which ignores a closed stderr).
fn guarded(origin: Origin, f: impl FnOnce() -> Result<Rendered, String> + std::panic::UnwindSafe) -> Outcome {
    match std::panic::catch_unwind(f) {
        Ok(Ok(r)) => Outcome::Done(r),
        Ok(Err(m)) => Outcome::Failed(origin, m),
        Err(_) => Outcome::Failed(origin, "internal error while reading this page (please report it with the page)".into()),
    }
}

fn page(html: Cow<[u8]>, url: Option<&str>, format: Format, exported_at: Option<&str>) -> Result<Rendered, String> {
    // Caixin pages are UTF-8; a stray invalid byte must not stop the export (as in single mode).
    let html = String::from_utf8_lossy(&html);
    let page = caixin_sidebar::extract_saved(&html, url).map_err(|e| e.to_string())?;
    let err = |e: export::ExportError| e.to_string();
    let mut r = Rendered { text: String::new(), csl: Vec::new(), articles: page.articles.len() };
    match format {
        Format::Ndjson => r.text = export::ndjson::render_lines(export::ndjson::lines_with_page_url(&page)).map_err(err)?,
        Format::Json => r.text = export::json::Document { page: &page, exported_at }.to_line().map_err(err)?,
        // The rows only: the byte-order mark and the header are written once, first.
        Format::Csv => r.text = export::csv::render_rows(&page).map_err(err)?,
        Format::Csl => r.csl = caixin_sidebar::csl_items(&page),
        Format::Markdown => return Err("Markdown is one document per page".into()),
    }
    Ok(r)
}

/// Writes the outcomes in order and counts them.
struct Sink<W: Write> {
    w: W,
    format: Format,
    csl: csl::Bibliography,
    pages: u64,
    articles: u64,
    skipped: u64,
    failed: u64,
}

impl<W: Write> Sink<W> {
    fn new(w: W, format: Format) -> Self {
        Sink { w, format, csl: csl::Bibliography::new(), pages: 0, articles: 0, skipped: 0, failed: 0 }
    }

    fn start(&mut self) -> io::Result<()> {
        if self.format == Format::Csv {
            let mut w = export::csv::start(&mut self.w).map_err(io::Error::other)?;
            w.flush()?;
        }
        Ok(())
    }

    fn push(&mut self, o: Outcome) -> io::Result<()> {
        match o {
            Outcome::Done(r) => {
                self.pages += 1;
                self.articles += r.articles as u64;
                self.w.write_all(r.text.as_bytes())?;
                self.csl.push_page(r.csl);
            }
            Outcome::Skipped(origin, m) => {
                self.skipped += 1;
                report!("skipped {origin}: {m}");
            }
            Outcome::Failed(origin, m) => {
                self.failed += 1;
                report!("failed {origin}: {m}");
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.format == Format::Csl {
            let text = std::mem::take(&mut self.csl).to_json().map_err(io::Error::other)?;
            self.w.write_all(text.as_bytes())?;
        }
        self.w.flush()
    }
}
