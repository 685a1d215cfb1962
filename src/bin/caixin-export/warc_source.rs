//! Pages from a WARC file (plain, or gzip: one member per record or one for the whole file).
//!
//! The `warc` crate reads the records; this module decides which ones are pages, keeps the byte
//! offset of each record for the reports, and finds the next record after a corrupt one.
//!
//! - `response` records whose HTTP response is `200`-class `text/html` (or XHTML), and `resource`
//!   records of type `text/html`, are pages; their `WARC-Target-URI` is the page address.
//! - Such a page from a host other than caixin.com / caixinglobal.com (and their subdomains) is
//!   skipped and reported.
//! - Everything else (`warcinfo`, `request`, `metadata`, `revisit`, images, scripts, redirects,
//!   DNS records) is not a page: counted, not reported one by one.
//! - A record that cannot be read is reported with its number and offset; reading goes on at the
//!   next line that starts a record (`WARC/`). An I/O or decompression error ends the file.

use std::cell::Cell;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use warc::{RecordType, StreamingBody, WarcHeader, WarcReader};

use crate::batch::{Item, Origin, Payload};
use crate::http;

/// A record's first bytes read to decide whether it is a page: the HTTP status line and headers
/// must fit in them. The rest of a record that is not a page is skipped, never held in memory.
const HEAD_PEEK: usize = 64 * 1024;
/// A page record larger than this is refused unread (its body is at most `MAX_HTML_BYTES`).
const MAX_RECORD: u64 = (caixin_sidebar::MAX_HTML_BYTES + HEAD_PEEK) as u64;

/// What a WARC file gave besides its pages, skips and failures.
#[derive(Default)]
pub struct Counts {
    /// Records that are not pages (requests, metadata, images, redirects…).
    pub not_pages: u64,
}

/// Reads `path` and hands each page, skip and failure to `emit`, in file order. `emit` returns
/// `false` when nothing more is wanted (the output was closed).
/// `read` counts the bytes taken from disk (compressed bytes for .warc.gz), for the progress bar.
pub fn read(path: &Path, read: &Arc<AtomicU64>, emit: &mut dyn FnMut(Item) -> bool) -> Counts {
    let mut counts = Counts::default();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            emit(Item::Failed(Origin::file(path), format!("cannot read it: {e}")));
            return counts;
        }
    };
    let mut raw = BufReader::with_capacity(1 << 20, Counting { inner: file, read: read.clone() });
    // gzip is told by its magic number, not by the file name.
    let gzip = matches!(raw.fill_buf(), Ok(b) if b.starts_with(&[0x1f, 0x8b]));
    let inner: Box<dyn BufRead> =
        if gzip { Box::new(BufReader::with_capacity(1 << 20, flate2::bufread::MultiGzDecoder::new(raw))) } else { Box::new(raw) };
    let mut src = Source { inner, pushback: Vec::new(), at: 0, pos: Rc::new(Cell::new(0)) };
    let mut reader = Records { path, gzip, number: 0, counts: &mut counts, emit };
    reader.run(&mut src);
    counts
}

struct Records<'a> {
    path: &'a Path,
    gzip: bool,
    /// Records met so far (the number of the current one, from 1).
    number: u64,
    counts: &'a mut Counts,
    emit: &'a mut dyn FnMut(Item) -> bool,
}

/// A record read, held until the next read shows that it ended where its length said.
struct Pending {
    origin: Origin,
    item: Option<Item>,
}

enum Step {
    /// Read on from the next line that starts a record.
    Resync,
    /// The file cannot be read further, or the output is closed.
    Stop,
}

impl Records<'_> {
    fn origin(&self, offset: u64) -> Origin {
        Origin::record(self.path, self.number, offset, self.gzip)
    }

    fn run(&mut self, src: &mut Source) {
        loop {
            match self.segment(src) {
                Step::Stop => return,
                Step::Resync => match src.resync() {
                    Ok(true) => {}
                    Ok(false) => return,
                    Err(e) => {
                        // Stopped while looking for the next record.
                        self.number += 1;
                        let o = self.origin(src.pos.get());
                        (self.emit)(Item::Failed(o, format!("cannot read on: {e}")));
                        return;
                    }
                },
            }
        }
    }

    /// Records from the current position until the end or an error.
    fn segment(&mut self, src: &mut Source) -> Step {
        let pos = src.pos.clone();
        let mut reader = WarcReader::new(src);
        let mut records = reader.stream_records();
        let mut pending: Option<Pending> = None;
        loop {
            let before = pos.get();
            // After the first record, the crate first reads the previous record's closing
            // CRLF CRLF (its body was read to the end here).
            let start = if pending.is_some() { before + 4 } else { before };
            let next = records.next_item();
            match next {
                None => {
                    self.settle(pending, None);
                    return Step::Stop;
                }
                Some(Err(e)) => {
                    // Nothing of the next record was consumed: the error is about the end of the
                    // previous one. Its closing CRLF CRLF was not there (it did not end where its
                    // Content-Length said), or the stream broke there (for gzip, its member's
                    // checksum is checked only now): it is not handed on.
                    let about_previous = pending.is_some() && pos.get() <= before + 4;
                    if about_previous {
                        let why = match e {
                            warc::Error::ReadData(_) => describe(&e),
                            _ => "the record does not end where its Content-Length says (corrupt or cut record)".into(),
                        };
                        if self.settle(pending, Some(why)).is_none() {
                            return Step::Stop;
                        }
                    } else {
                        if self.settle(pending, None).is_none() {
                            return Step::Stop;
                        }
                        self.number += 1;
                        let o = self.origin(start);
                        if !(self.emit)(Item::Failed(o, describe(&e))) {
                            return Step::Stop;
                        }
                    }
                    // After a read error nothing more can be read; after a malformed record,
                    // the next one may be found.
                    return match e {
                        warc::Error::ReadData(_) => Step::Stop,
                        warc::Error::UnexpectedEOB if !about_previous => Step::Stop,
                        _ => Step::Resync,
                    };
                }
                Some(Ok(record)) => {
                    if self.settle(pending.take(), None).is_none() {
                        return Step::Stop;
                    }
                    self.number += 1;
                    let origin = self.origin(start);
                    match self.record(record, &origin) {
                        Ok(item) => pending = Some(Pending { origin, item }),
                        Err(message) => {
                            (self.emit)(Item::Failed(origin, message));
                            return Step::Stop;
                        }
                    }
                }
            }
        }
    }

    /// Hands on the record read before, or reports it as corrupt (`failure`). `None` when the
    /// output is closed.
    fn settle(&mut self, pending: Option<Pending>, failure: Option<String>) -> Option<()> {
        let Some(p) = pending else { return Some(()) };
        let item = match failure {
            None => p.item,
            Some(why) => Some(Item::Failed(p.origin, why)),
        };
        match item {
            Some(item) => (self.emit)(item).then_some(()),
            None => {
                self.counts.not_pages += 1;
                Some(())
            }
        }
    }

    /// One record: a page, a skip or a failure (`Ok(None)`: not a page). `Err` when the file ends
    /// inside the record: nothing after it can be read.
    fn record<R: Read>(&mut self, mut rec: warc::Record<StreamingBody<'_, R>>, origin: &Origin) -> Result<Option<Item>, String> {
        let len = rec.content_length();
        let kind = rec.warc_type().clone();
        if !matches!(kind, RecordType::Response | RecordType::Resource) {
            drain(&mut rec, 0, len)?;
            return Ok(None);
        }
        let warc_type = header(&rec, WarcHeader::ContentType).map(|t| t.map(|t| http::media_type(&t)));
        let uri =
            header(&rec, WarcHeader::TargetURI).map(|u| u.map(|u| u.trim().trim_start_matches('<').trim_end_matches('>').to_string()));
        let mut buf = Vec::new();
        rec.by_ref().take(HEAD_PEEK as u64).read_to_end(&mut buf).map_err(|e| format!("cannot read it: {e}"))?;
        let got = buf.len() as u64;
        let fail = |rec: &mut warc::Record<StreamingBody<'_, R>>, message: String| -> Result<Option<Item>, String> {
            drain(rec, got, len)?;
            Ok(Some(Item::Failed(origin.clone(), message)))
        };
        let (Ok(warc_type), Ok(uri)) = (warc_type, uri) else {
            return fail(&mut rec, "a WARC header is not UTF-8".into());
        };
        let payload = match kind {
            RecordType::Response => {
                // Heritrix stores DNS look-ups as `response` records too (text/dns).
                if warc_type.as_deref().is_some_and(|t| t != "application/http") {
                    drain(&mut rec, got, len)?;
                    return Ok(None);
                }
                match http::head(&buf) {
                    Err(e) => return fail(&mut rec, e),
                    Ok(None) if got < len => return fail(&mut rec, format!("its HTTP headers are longer than {} KB", HEAD_PEEK / 1024)),
                    Ok(None) => return fail(&mut rec, "its HTTP response is cut off inside the headers".into()),
                    Ok(Some(h)) if h.is_html() && (200..300).contains(&h.status) => Payload::Http,
                    Ok(Some(_)) => {
                        drain(&mut rec, got, len)?;
                        return Ok(None);
                    }
                }
            }
            _ if matches!(warc_type.as_deref(), Some("text/html" | "application/xhtml+xml")) => Payload::Html,
            _ => {
                drain(&mut rec, got, len)?;
                return Ok(None);
            }
        };
        let Some(uri) = uri.filter(|u| !u.is_empty()) else {
            return fail(&mut rec, "an HTML page without WARC-Target-URI: its address is unknown".into());
        };
        if !caixin_sidebar::is_supported_url(&uri) {
            drain(&mut rec, got, len)?;
            return Ok(Some(Item::Skipped(origin.clone(), format!("{uri} is not a Caixin page"))));
        }
        if len > MAX_RECORD {
            return fail(&mut rec, format!("{uri}: {}", http::too_large(len as usize, caixin_sidebar::MAX_HTML_BYTES)));
        }
        rec.read_to_end(&mut buf).map_err(|e| format!("cannot read it: {e}"))?;
        if (buf.len() as u64) < len {
            return Err(format!("the file ends inside this record ({} of {len} bytes)", buf.len()));
        }
        Ok(Some(Item::Page { origin: origin.clone(), url: Some(uri), bytes: buf, payload }))
    }
}

thread_local! {
    /// Set while a panic is expected and caught (see `header`): the panic hook stays silent.
    static QUIET_PANIC: Cell<bool> = const { Cell::new(false) };
}

/// Keeps the default panic message for every panic but the expected ones of `header`.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !QUIET_PANIC.with(Cell::get) {
            default(info);
        }
    }));
}

/// A WARC header as text; `Err` when it is not UTF-8. (The crate's `header()` unwraps the UTF-8
/// conversion of the value, and so panics on such a header: the panic is caught here.)
fn header<R: Read>(rec: &warc::Record<StreamingBody<'_, R>>, name: WarcHeader) -> Result<Option<String>, ()> {
    QUIET_PANIC.with(|q| q.set(true));
    let value = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rec.header(name).map(|v| v.into_owned())));
    QUIET_PANIC.with(|q| q.set(false));
    value.map_err(|_| ())
}

/// Reads the rest of a record that is not kept. `Err` when the file ends first.
fn drain<R: Read>(rec: &mut warc::Record<StreamingBody<'_, R>>, read: u64, len: u64) -> Result<(), String> {
    let n = io::copy(rec, &mut io::sink()).map_err(|e| format!("cannot read it: {e}"))?;
    if read + n < len {
        return Err(format!("the file ends inside this record ({} of {len} bytes)", read + n));
    }
    Ok(())
}

fn describe(e: &warc::Error) -> String {
    match e {
        warc::Error::ParseHeaders(_) => "not a well-formed WARC record header".into(),
        warc::Error::MissingHeader(h) => format!("the WARC header {h} is missing"),
        warc::Error::MalformedHeader(h, why) => format!("the WARC header {h} is malformed: {why}"),
        warc::Error::ReadData(e) => format!("cannot read on: {e}"),
        warc::Error::ReadOverflow => "the record is longer than its Content-Length".into(),
        warc::Error::UnexpectedEOB => "the file ends inside this record".into(),
    }
}

/// The decompressed stream as the crate reads it, with the offset of what has been consumed (for
/// the reports) and one line put back after a resynchronisation.
struct Source {
    inner: Box<dyn BufRead>,
    pushback: Vec<u8>,
    at: usize,
    pos: Rc<Cell<u64>>,
}

impl Source {
    /// Skips to the next line that starts with `WARC/` and puts it back. `false` at the end.
    fn resync(&mut self) -> io::Result<bool> {
        let mut line = Vec::new();
        loop {
            line.clear();
            if self.read_until(b'\n', &mut line)? == 0 {
                return Ok(false);
            }
            if line.starts_with(b"WARC/") {
                self.pos.set(self.pos.get() - line.len() as u64);
                self.pushback = line;
                self.at = 0;
                return Ok(true);
            }
        }
    }
}

impl Read for Source {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let buf = self.fill_buf()?;
            let n = buf.len().min(out.len());
            out[..n].copy_from_slice(&buf[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Source {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at < self.pushback.len() {
            return Ok(&self.pushback[self.at..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.pos.set(self.pos.get() + n as u64);
        if self.at < self.pushback.len() {
            self.at += n;
        } else {
            self.inner.consume(n);
        }
    }
}

/// The file as read from disk, counting its bytes.
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
