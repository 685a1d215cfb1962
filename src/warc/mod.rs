//! The pages in a web archive (WARC 1.0 / 1.1, plain or gzip), read with bounded memory whatever
//! the file holds. Native only: the command line's batch mode reads its `.warc` / `.warc.gz` inputs
//! with it, and it is the reader to bind for other hosts (Python).
//!
//! [`Reader`] takes any [`Read`] (gzip is told by its magic number, not by a name; one gzip member
//! per record or one for the whole file) and yields one [`Event`] per record, in file order:
//!
//! - [`Event::Page`]: a `response` record whose HTTP response is `2xx` `text/html` (or XHTML), or a
//!   `resource` record of type `text/html`, from a Caixin host (caixin.com, caixinglobal.com and
//!   their subdomains; [`crate::is_supported_url`]). Its `WARC-Target-URI` is the page's address;
//!   its HTML has the HTTP transfer coding (chunked) and content coding (gzip, deflate) undone, and
//!   invalid UTF-8 replaced.
//! - [`Event::Skipped`]: such a page from another host.
//! - [`Event::Failed`]: a record that cannot be read: a broken or over-long header, a record that
//!   does not end where its `Content-Length` says, undecodable HTTP, a page over
//!   [`crate::MAX_HTML_BYTES`], the file ending inside a record ("truncated WARC"), a read or
//!   decompression error. After a broken record, reading goes on at the next line that starts with
//!   `WARC/`; after a read error or the end of the file, the iterator ends.
//! - [`Event::NotPage`]: every other record (`warcinfo`, `request`, `metadata`, `revisit`, images,
//!   redirects, DNS…), only counted by most callers.
//!
//! [`Reader::summary`] counts them and says whether the file was cut short.
//!
//! # Bounds
//!
//! Memory is the reader's buffers (about 0.6 MB) plus at most one record's header
//! ([`MAX_HEADER_BYTES`]) and one page's record ([`MAX_PAGE_RECORD_BYTES`]); decoding a page adds
//! at most two copies of [`crate::MAX_HTML_BYTES`] (each decompression stops one byte past it). A
//! record that is not a page is skipped as it streams by, never held; the search for the next
//! record after a broken one holds no line. Time is linear in the (decompressed) size of the file.
//!
//! # Example
//!
//! ```
//! use caixin_sidebar::warc::{Event, Reader};
//!
//! let html = r#"<html><head><link rel="canonical" href="https://www.caixinglobal.com/live/"></head><body><div>
//!   <h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
//!   <p>Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p></div></body></html>"#;
//! let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}", html.len());
//! let record = |kind: &str, uri: &str, content_type: &str, block: &str| {
//!     format!(
//!         "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
//!         block.len()
//!     )
//! };
//! let warc = [
//!     record("request", "https://www.caixinglobal.com/live/", "application/http; msgtype=request", "GET /live/ HTTP/1.1\r\n\r\n"),
//!     record("response", "https://www.caixinglobal.com/live/", "application/http; msgtype=response", &http),
//!     record("response", "https://example.com/", "application/http; msgtype=response", &http),
//! ]
//! .concat();
//!
//! let mut reader = Reader::new(warc.as_bytes());
//! assert!(matches!(reader.next(), Some(Event::NotPage { record: 1, offset: 0 })));
//! let Some(Event::Page(page)) = reader.next() else { panic!("the response is a page") };
//! assert_eq!((page.record, page.url.as_str(), page.html.as_str()), (2, "https://www.caixinglobal.com/live/", html));
//! let articles = caixin_sidebar::extract(&page.html, &page.url).unwrap().articles;
//! assert_eq!(articles[0].id.as_deref(), Some("101633418"));
//! let Some(Event::Skipped { url, .. }) = reader.next() else { panic!("another site's page is skipped") };
//! assert_eq!(url, "https://example.com/");
//! assert!(reader.next().is_none());
//! let s = reader.summary();
//! assert_eq!((s.records, s.pages, s.skipped, s.failed, s.not_pages, s.truncated), (3, 1, 1, 0, 1, false));
//! ```

mod http;
mod input;

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::Path;

use crate::MAX_HTML_BYTES;
use input::Input;

/// A record's WARC header block (its version line, named fields and the blank line that ends it):
/// a longer one is reported and the reader looks for the next record.
pub const MAX_HEADER_BYTES: usize = 1 << 20;
/// An HTTP response's status line and headers must fit in the first bytes of its record.
pub const MAX_HTTP_HEAD_BYTES: usize = 64 << 10;
/// A page's record (HTTP head and body as stored) is held whole up to this size; a larger one is
/// reported unread.
pub const MAX_PAGE_RECORD_BYTES: u64 = (MAX_HTML_BYTES + MAX_HTTP_HEAD_BYTES) as u64;

/// A page read from an archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// The record's number in the file, from 1.
    pub record: u64,
    /// Where the record starts: a byte offset in the file, in its decompressed bytes for a gzip file.
    pub offset: u64,
    /// The page's address (`WARC-Target-URI`).
    pub url: String,
    /// The page's HTML (HTTP codings undone, invalid UTF-8 replaced).
    pub html: String,
}

/// A page as stored in its record, not yet decoded: [`Reader::next_raw`] hands these out so that
/// the decoding ([`RawPage::decode`]) can run elsewhere (another thread).
#[derive(Debug)]
pub struct RawPage {
    /// As in [`Page`].
    pub record: u64,
    /// As in [`Page`].
    pub offset: u64,
    /// As in [`Page`].
    pub url: String,
    block: Vec<u8>,
    /// An HTTP response (a `response` record), or the HTML itself (a `resource` record).
    http: bool,
}

impl RawPage {
    /// Bytes held (the record's block).
    pub fn len(&self) -> usize {
        self.block.len()
    }

    /// Whether the record's block is empty.
    pub fn is_empty(&self) -> bool {
        self.block.is_empty()
    }

    /// The page's HTML as bytes (HTTP codings undone, at most [`crate::MAX_HTML_BYTES`]), or why it
    /// cannot be decoded.
    pub fn html_bytes(&self) -> Result<Cow<'_, [u8]>, String> {
        if self.http {
            http::body(&self.block, MAX_HTML_BYTES).map_err(|why| format!("{}: {why}", self.url))
        } else {
            Ok(Cow::Borrowed(&self.block))
        }
    }

    /// The page ([`Event::Page`]), or [`Event::Failed`] when its HTTP body cannot be decoded.
    pub fn decode(self) -> Event<Page> {
        match self.html_bytes() {
            Ok(bytes) => {
                let html = String::from_utf8_lossy(&bytes).into_owned();
                drop(bytes);
                Event::Page(Page { record: self.record, offset: self.offset, url: self.url, html })
            }
            Err(why) => Event::Failed { record: self.record, offset: self.offset, why },
        }
    }
}

/// What one record of the archive is. `P` is [`Page`] from the iterator, [`RawPage`] from
/// [`Reader::next_raw`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event<P = Page> {
    /// A Caixin page.
    Page(P),
    /// An HTML page from another site: not read.
    Skipped {
        /// The record's number, from 1.
        record: u64,
        /// Where it starts (decompressed bytes).
        offset: u64,
        /// Its `WARC-Target-URI`.
        url: String,
        /// Why, as a sentence for a report (`"https://example.com/ is not a Caixin page"`).
        reason: String,
    },
    /// A record that cannot be read.
    Failed {
        /// The record's number, from 1.
        record: u64,
        /// Where it starts (decompressed bytes).
        offset: u64,
        /// Why, as a sentence for a report.
        why: String,
    },
    /// Any other record.
    NotPage {
        /// The record's number, from 1.
        record: u64,
        /// Where it starts (decompressed bytes).
        offset: u64,
    },
}

impl Event<RawPage> {
    /// Decodes a raw page ([`RawPage::decode`]); the other events are kept as they are.
    pub fn decode(self) -> Event<Page> {
        match self {
            Event::Page(raw) => raw.decode(),
            Event::Skipped { record, offset, url, reason } => Event::Skipped { record, offset, url, reason },
            Event::Failed { record, offset, why } => Event::Failed { record, offset, why },
            Event::NotPage { record, offset } => Event::NotPage { record, offset },
        }
    }
}

/// What a file gave, so far or in the end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records met (pages, skips, failures and other records).
    pub records: u64,
    /// Pages handed out. (With [`Reader::next_raw`], a page whose decoding then fails is the
    /// caller's to count.)
    pub pages: u64,
    /// Pages of other sites.
    pub skipped: u64,
    /// Records that could not be read.
    pub failed: u64,
    /// Other records.
    pub not_pages: u64,
    /// The file is gzip-compressed.
    pub gzip: bool,
    /// The file ends inside a record (its last record is one of the failures).
    pub truncated: bool,
    /// Bytes read (decompressed).
    pub bytes: u64,
}

/// Reads the records of a WARC file one by one (see the [module](self) documentation).
pub struct Reader<R: Read> {
    input: Input<R>,
    state: State,
    summary: Summary,
    /// The header line being read (at most `MAX_HEADER_BYTES`).
    line: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing read yet: gzip or not is still to be seen.
    Start,
    /// At the start of a record.
    Records,
    /// After a broken record: look for the next line that starts with `WARC/`.
    Resync,
    /// The end, or a read error.
    Done,
}

/// What to do after a record.
enum Then {
    Next,
    Resync,
    Stop,
}

/// A record's WARC header: what the reader needs of it.
struct Head {
    kind: Vec<u8>,
    length: u64,
    content_type: Option<Vec<u8>>,
    target_uri: Option<Vec<u8>>,
}

enum HeadRead {
    Head(Head),
    /// Over `MAX_HEADER_BYTES`.
    TooLong,
    /// The stream ends inside the header.
    Truncated,
    Malformed(String),
}

impl Reader<File> {
    /// Opens a file to read ([`open_regular_file`]: a pipe or a device is refused, never read).
    pub fn open(path: &Path) -> io::Result<Reader<File>> {
        open_regular_file(path).map(Reader::new)
    }
}

impl<R: Read> Reader<R> {
    /// A reader of `input`. Nothing is read before the first call to `next`.
    pub fn new(input: R) -> Self {
        Reader { input: Input::new(input), state: State::Start, summary: Summary::default(), line: Vec::new() }
    }

    /// The counts so far (final once the iterator has ended).
    pub fn summary(&self) -> Summary {
        Summary { bytes: self.input.pos, ..self.summary }
    }

    /// The next record, a page not yet decoded (see [`RawPage`]); `None` at the end.
    pub fn next_raw(&mut self) -> Option<Event<RawPage>> {
        let event = self.step()?;
        let s = &mut self.summary;
        match event {
            Event::Page(_) => s.pages += 1,
            Event::Skipped { .. } => s.skipped += 1,
            Event::Failed { .. } => s.failed += 1,
            Event::NotPage { .. } => s.not_pages += 1,
        }
        Some(event)
    }

    fn step(&mut self) -> Option<Event<RawPage>> {
        loop {
            match self.state {
                State::Done => return None,
                State::Start => match self.input.detect_gzip() {
                    Ok(gzip) => {
                        self.summary.gzip = gzip;
                        self.state = State::Records;
                    }
                    Err(e) => return Some(self.stop(1, 0, &e)),
                },
                State::Resync => match self.resync() {
                    Ok(true) => self.state = State::Records,
                    Ok(false) => self.state = State::Done,
                    // Stopped while looking for the next record: reported as that record.
                    Err(e) => return Some(self.stop(self.summary.records + 1, self.input.pos, &e)),
                },
                State::Records => return self.record(),
            }
        }
    }

    /// A read or decompression error ends the file (a gzip stream cut short is a truncated file).
    fn stop(&mut self, record: u64, offset: u64, e: &io::Error) -> Event<RawPage> {
        self.state = State::Done;
        self.summary.records = self.summary.records.max(record);
        let why = if e.kind() == io::ErrorKind::UnexpectedEof {
            self.summary.truncated = true;
            format!("truncated WARC: the file ends inside this record ({e})")
        } else {
            format!("cannot read on: {e}")
        };
        Event::Failed { record, offset, why }
    }

    /// One record from the current position; `None` at the end.
    fn record(&mut self) -> Option<Event<RawPage>> {
        let record = self.summary.records + 1;
        let (offset, head) = match self.read_head() {
            Ok(Some(h)) => h,
            Ok(None) => {
                self.state = State::Done;
                return None;
            }
            Err(e) => return Some(self.stop(record, self.input.pos, &e)),
        };
        self.summary.records = record;
        let failed = |why: String| Event::Failed { record, offset, why };
        let (event, then) = match head {
            HeadRead::TooLong => {
                let why = format!("its WARC header is longer than {} MiB (a damaged or hostile file)", MAX_HEADER_BYTES >> 20);
                (failed(why), Then::Resync)
            }
            HeadRead::Truncated => {
                self.summary.truncated = true;
                (failed("truncated WARC: the file ends inside this record's header".into()), Then::Stop)
            }
            HeadRead::Malformed(why) => (failed(why), Then::Resync),
            HeadRead::Head(head) => match self.read_record(record, offset, head) {
                Ok(r) => r,
                Err(e) => return Some(self.stop(record, offset, &e)),
            },
        };
        self.state = match then {
            Then::Next => State::Records,
            Then::Resync => State::Resync,
            Then::Stop => State::Done,
        };
        Some(event)
    }

    /// The block of a record whose header was read, and its end.
    fn read_record(&mut self, record: u64, offset: u64, head: Head) -> io::Result<(Event<RawPage>, Then)> {
        let length = head.length;
        let (event, read) = self.block(record, offset, head)?;
        // The rest of the block streams by, never held.
        let rest = length - read;
        let skipped = self.input.skip(rest)?;
        if skipped < rest {
            self.summary.truncated = true;
            let why = format!("truncated WARC: the file ends inside this record ({} of {length} bytes)", read + skipped);
            return Ok((Event::Failed { record, offset, why }, Then::Stop));
        }
        if !self.trailer()? {
            let why = "the record does not end where its Content-Length says (corrupt or cut record)".to_string();
            return Ok((Event::Failed { record, offset, why }, Then::Resync));
        }
        // In a gzip file, a member's checksum is checked when the bytes after it are asked for: a
        // record is handed out only once its bytes are known to be good.
        self.input.peek(1)?;
        Ok((event, Then::Next))
    }

    /// What the record is, from its header and as few bytes of its block as that takes, and how
    /// many bytes of the block were read.
    fn block(&mut self, record: u64, offset: u64, head: Head) -> io::Result<(Event<RawPage>, u64)> {
        let Head { kind, length, content_type, target_uri } = head;
        let not_page = Event::NotPage { record, offset };
        let failed = |why: String| Event::Failed { record, offset, why };
        let response = kind.eq_ignore_ascii_case(b"response");
        if !response && !kind.eq_ignore_ascii_case(b"resource") {
            return Ok((not_page, 0));
        }
        let content_type = content_type.map(|v| String::from_utf8(v).map(|t| http::media_type(&t)));
        let uri = target_uri.map(|v| String::from_utf8(v).map(|u| u.trim().trim_start_matches('<').trim_end_matches('>').to_string()));
        let (Ok(content_type), Ok(uri)) = (content_type.transpose(), uri.transpose()) else {
            return Ok((failed("a WARC header is not UTF-8".into()), 0));
        };
        // Heritrix stores DNS look-ups as `response` records too (text/dns).
        if response && content_type.as_deref().is_some_and(|t| t != "application/http") {
            return Ok((not_page, 0));
        }
        if !response && !matches!(content_type.as_deref(), Some("text/html" | "application/xhtml+xml")) {
            return Ok((not_page, 0));
        }
        let mut block = Vec::new();
        let peek = length.min(MAX_HTTP_HEAD_BYTES as u64);
        let got = (&mut self.input).take(peek).read_to_end(&mut block)? as u64;
        if got < peek {
            // The file ends inside the record: said by `read_record`.
            return Ok((not_page, got));
        }
        if response {
            match http::head(&block) {
                Err(e) => return Ok((failed(e), got)),
                Ok(None) if got < length => {
                    return Ok((failed(format!("its HTTP headers are longer than {} KB", MAX_HTTP_HEAD_BYTES / 1024)), got))
                }
                Ok(None) => return Ok((failed("its HTTP response is cut off inside the headers".into()), got)),
                Ok(Some(h)) if h.is_html() && (200..300).contains(&h.status) => {}
                Ok(Some(_)) => return Ok((not_page, got)),
            }
        }
        let Some(url) = uri.filter(|u| !u.is_empty()) else {
            return Ok((failed("an HTML page without WARC-Target-URI: its address is unknown".into()), got));
        };
        if !crate::is_supported_url(&url) {
            let reason = format!("{url} is not a Caixin page");
            return Ok((Event::Skipped { record, offset, url, reason }, got));
        }
        if length > MAX_PAGE_RECORD_BYTES {
            let why = format!("{url}: {}", http::too_large(usize::try_from(length).unwrap_or(usize::MAX), MAX_HTML_BYTES));
            return Ok((failed(why), got));
        }
        // At most MAX_PAGE_RECORD_BYTES, as just checked.
        block.reserve_exact((length - got) as usize);
        let n = (&mut self.input).take(length - got).read_to_end(&mut block)? as u64;
        Ok((Event::Page(RawPage { record, offset, url, block, http: response }), got + n))
    }

    /// The two line endings that close a record. At the end of the file, missing or cut ones are
    /// forgiven (the record's bytes are all there).
    fn trailer(&mut self) -> io::Result<bool> {
        let b = self.input.peek(4)?;
        let (mut i, mut endings) = (0, 0);
        while endings < 2 {
            if b[i..].starts_with(b"\r\n") {
                i += 2;
            } else if b[i..].starts_with(b"\n") {
                i += 1;
            } else {
                break;
            }
            endings += 1;
        }
        let at_end = b.len() < 4 && b.iter().all(|&c| c == b'\r' || c == b'\n');
        let n = if at_end { b.len() } else { i };
        if endings == 2 || at_end {
            self.input.consume(n);
            return Ok(true);
        }
        Ok(false)
    }

    /// Skips to the next line that starts with `WARC/` (the current position counts as a line
    /// start). Holds no line: only the first bytes of each are looked at. `false` at the end.
    fn resync(&mut self) -> io::Result<bool> {
        loop {
            let b = self.input.peek(5)?;
            if b.is_empty() {
                return Ok(false);
            }
            if b.starts_with(b"WARC/") {
                return Ok(true);
            }
            if self.input.skip_until(b'\n')? == 0 {
                return Ok(false);
            }
        }
    }

    /// A record's header, from the current position, within `MAX_HEADER_BYTES` (blank lines
    /// before it included), and where the record starts. `None` at the end of the stream, before
    /// any byte of a record (blank lines aside).
    fn read_head(&mut self) -> io::Result<Option<(u64, HeadRead)>> {
        let mut budget = MAX_HEADER_BYTES;
        // Blank lines between records (some writers add more than the two that close a record).
        loop {
            let b = self.input.peek(2)?;
            let n = if b.starts_with(b"\r\n") {
                2
            } else if b.starts_with(b"\n") {
                1
            } else {
                break;
            };
            if n > budget {
                return Ok(Some((self.input.pos, HeadRead::TooLong)));
            }
            budget -= n;
            self.input.consume(n);
        }
        let offset = self.input.pos;
        if self.input.peek(1)?.is_empty() {
            return Ok(None);
        }
        let malformed = |why: &str| Ok(Some((offset, HeadRead::Malformed(why.to_string()))));
        let mut fields = Fields::default();
        let mut first = true;
        let mut last = None;
        loop {
            self.line.clear();
            let n = (&mut self.input).take(budget as u64).read_until(b'\n', &mut self.line)?;
            budget -= n;
            if !self.line.ends_with(b"\n") {
                if budget == 0 {
                    return Ok(Some((offset, HeadRead::TooLong)));
                }
                if first && !self.line.starts_with(b"WARC/") {
                    return malformed("not a WARC record (no WARC/ version line)");
                }
                return Ok(Some((offset, HeadRead::Truncated)));
            }
            let line = trim(&self.line);
            if first {
                if !line.starts_with(b"WARC/") {
                    return malformed("not a WARC record (no WARC/ version line)");
                }
                first = false;
                continue;
            }
            if line.is_empty() {
                break;
            }
            if matches!(self.line[0], b' ' | b'\t') {
                // A value folded onto the next line (WARC 1.0).
                match last.and_then(|f| fields.slot(f)) {
                    Some(value) => {
                        value.push(b' ');
                        value.extend_from_slice(line);
                    }
                    None if last.is_some() => {}
                    None => return malformed("not a well-formed WARC record header"),
                }
                continue;
            }
            let Some(colon) = line.iter().position(|&c| c == b':') else {
                return malformed("not a well-formed WARC record header");
            };
            let name = trim(&line[..colon]);
            if name.is_empty() || !name.iter().all(|&c| is_token(c)) {
                return malformed("not a well-formed WARC record header");
            }
            let field = Field::named(name);
            last = Some(field);
            if let Some(slot) = fields.empty_slot(field) {
                *slot = Some(trim(&line[colon + 1..]).to_vec());
            } else {
                // A repeated field: the first one counts, and so do its folded lines only.
                last = Some(Field::Other);
            }
        }
        let Some(kind) = fields.kind else { return malformed("the WARC header WARC-Type is missing") };
        let Some(length) = fields.length else { return malformed("the WARC header Content-Length is missing") };
        let Some(length) = std::str::from_utf8(&length).ok().and_then(|l| l.parse::<u64>().ok()) else {
            return malformed("the WARC header Content-Length is not a number");
        };
        let head = Head { kind, length, content_type: fields.content_type, target_uri: fields.target_uri };
        Ok(Some((offset, HeadRead::Head(head))))
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Event<Page>;

    /// The next record, pages decoded (a page that cannot be decoded is a failure).
    fn next(&mut self) -> Option<Event<Page>> {
        match self.next_raw()? {
            Event::Page(raw) => {
                let event = raw.decode();
                if matches!(event, Event::Failed { .. }) {
                    self.summary.pages -= 1;
                    self.summary.failed += 1;
                }
                Some(event)
            }
            other => Some(other.decode()),
        }
    }
}

/// Opens `path` for reading if it is a regular file (after following links): a pipe, a device, a
/// socket or a directory is refused with an error of kind `InvalidInput`, without being opened
/// for reading in a way that could block (on Unix the file is opened non-blocking and looked at
/// again, in case it was swapped after the first look).
pub fn open_regular_file(path: &Path) -> io::Result<File> {
    let not_regular = || io::Error::new(io::ErrorKind::InvalidInput, "not a regular file (pipes, devices and directories are not read)");
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// The fields of a WARC header the reader uses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Kind,
    Length,
    ContentType,
    TargetUri,
    Other,
}

impl Field {
    fn named(name: &[u8]) -> Field {
        let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
        if is("WARC-Type") {
            Field::Kind
        } else if is("Content-Length") {
            Field::Length
        } else if is("Content-Type") {
            Field::ContentType
        } else if is("WARC-Target-URI") {
            Field::TargetUri
        } else {
            Field::Other
        }
    }
}

#[derive(Default)]
struct Fields {
    kind: Option<Vec<u8>>,
    length: Option<Vec<u8>>,
    content_type: Option<Vec<u8>>,
    target_uri: Option<Vec<u8>>,
}

impl Fields {
    fn option(&mut self, f: Field) -> Option<&mut Option<Vec<u8>>> {
        match f {
            Field::Kind => Some(&mut self.kind),
            Field::Length => Some(&mut self.length),
            Field::ContentType => Some(&mut self.content_type),
            Field::TargetUri => Some(&mut self.target_uri),
            Field::Other => None,
        }
    }

    /// The value of `f`, to continue a folded line.
    fn slot(&mut self, f: Field) -> Option<&mut Vec<u8>> {
        self.option(f).and_then(Option::as_mut)
    }

    /// Where the value of `f` goes, if it is kept and not met before.
    fn empty_slot(&mut self, f: Field) -> Option<&mut Option<Vec<u8>>> {
        self.option(f).filter(|o| o.is_none())
    }
}

/// Token characters of a field name (RFC 2616, as WARC 1.1 says).
fn is_token(c: u8) -> bool {
    c.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&c)
}

fn trim(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

#[cfg(test)]
mod tests;
