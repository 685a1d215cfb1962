//! Hostile and unlucky inputs for the command line, generated (nothing large is committed, and
//! the large files are sparse or built from repeated gzip members, so they cost little disk and
//! time). Used by `tests/hostile_cli.rs`, one case at a time, and by `examples/hostile_corpus.rs`,
//! which writes them all into one directory for the peak-memory figure in BENCHMARKS.md.
#![allow(dead_code)]

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

/// The address the good page states, and the one article it lists.
pub const GOOD_URL: &str = "https://www.caixinglobal.com/live/";
pub const GOOD_ARTICLE_ID: &str = "101633418";

/// A small page that states its address and lists one article.
pub fn good_html() -> String {
    format!(
        r#"<html lang="en"><head><link rel="canonical" href="{GOOD_URL}"></head><body><div>
<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-{GOOD_ARTICLE_ID}.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
<p>Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p></div></body></html>"#
    )
}

/// A WARC record as crawlers write it (the target URI as raw bytes: it may hold anything).
pub fn record(kind: &str, uri: &[u8], content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!("WARC/1.1\r\nWARC-Type: {kind}\r\n{}WARC-Target-URI: ", ids()).into_bytes();
    r.extend_from_slice(uri);
    r.extend_from_slice(format!("\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", block.len()).as_bytes());
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// The other fields WARC requires of every record (a fixed id: the reader does not look at them).
pub fn ids() -> &'static str {
    "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000000>\r\nWARC-Date: 2026-01-01T00:00:00Z\r\n"
}

/// An HTTP 200 `text/html` response record.
pub fn response(uri: &[u8], extra_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{extra_headers}\r\n").into_bytes();
    http.extend_from_slice(body);
    record("response", uri, "application/http; msgtype=response", &http)
}

/// The good page as a response record.
pub fn good_record() -> Vec<u8> {
    response(GOOD_URL.as_bytes(), "", good_html().as_bytes())
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// `mib` MiB of `byte` as gzip members of 1 MiB each: concatenated members are one gzip stream to
/// a reader, so a large stream costs one compression.
fn gzip_run(byte: u8, mib: usize) -> Vec<u8> {
    gzip(&vec![byte; 1 << 20]).repeat(mib)
}

/// A record whose header never ends: `WARC/1.0` and a field whose value runs for `mib` MiB (a hole
/// of zeros in a sparse file), then a line end and the good page.
pub fn endless_header_warc(path: &Path, mib: u64) {
    let mut f = File::create(path).unwrap();
    f.write_all(format!("WARC/1.0\r\nWARC-Type: response\r\n{}X-Endless: ", ids()).as_bytes()).unwrap();
    f.seek(SeekFrom::Current((mib << 20) as i64)).unwrap();
    f.write_all(b"\r\n").unwrap();
    f.write_all(&good_record()).unwrap();
}

/// The same in a .warc.gz: `mib` MiB of `a` in the header (about 1 KB of gzip per MiB).
pub fn endless_header_warc_gz(path: &Path, mib: usize) {
    let mut bytes = gzip(format!("WARC/1.0\r\nWARC-Type: response\r\n{}X-Endless: ", ids()).as_bytes());
    bytes.extend(gzip_run(b'a', mib));
    bytes.extend(gzip(&[&b"\r\n"[..], &good_record()].concat()));
    std::fs::write(path, bytes).unwrap();
}

/// A Caixin page whose body is `Content-Encoding: gzip` of `mib` MiB of zeros, then the good page;
/// one gzip member per record.
pub fn gzip_bomb_page_warc_gz(path: &Path, mib: usize) {
    let bomb = response(b"https://www.caixin.com/2020-01-01/bomb-101500000.html", "Content-Encoding: gzip\r\n", &gzip_run(0, mib));
    std::fs::write(path, [gzip(&bomb), gzip(&good_record())].concat()).unwrap();
}

/// A record (not a page) whose block is `mib` MiB of zeros inside the archive's own gzip stream,
/// then the good page.
pub fn gzip_bomb_record_warc_gz(path: &Path, mib: usize) {
    let head = format!(
        "WARC/1.1\r\nWARC-Type: resource\r\n{}WARC-Target-URI: https://www.caixin.com/bomb.bin\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
        ids(),
        mib << 20
    );
    let mut bytes = gzip(head.as_bytes());
    bytes.extend(gzip_run(0, mib));
    bytes.extend(gzip(&[&b"\r\n\r\n"[..], &good_record()].concat()));
    std::fs::write(path, bytes).unwrap();
}

/// The good page, then a record cut inside its header.
pub fn truncated_warc(path: &Path) {
    std::fs::write(path, [good_record(), b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://www.caix".to_vec()].concat())
        .unwrap();
}

/// Target URIs holding terminal escapes: another site's page (skipped, so reported), a Caixin page
/// without a readable body (failed, so reported), then the good page.
pub const ESCAPING_URIS: [&[u8]; 2] =
    [b"https://evil.example/\x1b]0;pwned\x07\x1b[2J\xe2\x80\xae", b"https://www.caixin.com/\x1b[31mred\x1b[0m.html"];

pub fn escapes_warc(path: &Path) {
    let off_site = response(ESCAPING_URIS[0], "", b"<p>elsewhere</p>");
    let broken = response(ESCAPING_URIS[1], "Content-Encoding: br\r\n", b"not brotli");
    std::fs::write(path, [off_site, broken, good_record()].concat()).unwrap();
}

/// A file name that would drive a terminal and forge a report line.
pub const ESCAPING_FILE_NAME: &str = "name\x1b[2J\nfailed forged.html";

/// A page that states no address, under a name full of escapes (it fails, so it is reported).
pub fn escaping_name(dir: &Path) -> std::path::PathBuf {
    let path = dir.join(ESCAPING_FILE_NAME);
    std::fs::write(&path, "<html><body><p>no address</p></body></html>").unwrap();
    path
}

/// A page of `mib` MiB (a sparse file: it is refused by its size, never read).
pub fn big_page(path: &Path, mib: u64) {
    File::create(path).unwrap().set_len(mib << 20).unwrap();
}

/// A FIFO with no writer: opening it for reading would block for ever.
pub fn fifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo {}", path.display());
}

/// A page name that leads to a device that never ends.
pub fn dev_zero_link(path: &Path) {
    std::os::unix::fs::symlink("/dev/zero", path).unwrap();
}

/// Sizes of the corpus written by `write_all` (and used by the tests).
pub const ENDLESS_HEADER_MIB: usize = 300;
pub const BOMB_MIB: usize = 1024;
pub const BIG_PAGE_MIB: u64 = 210;

/// Every hostile file in `dir`, and the good page, for one batch run over the directory.
pub fn write_all(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    endless_header_warc(&dir.join("endless-header.warc"), ENDLESS_HEADER_MIB as u64);
    endless_header_warc_gz(&dir.join("endless-header.warc.gz"), ENDLESS_HEADER_MIB);
    gzip_bomb_page_warc_gz(&dir.join("bomb-page.warc.gz"), BOMB_MIB);
    gzip_bomb_record_warc_gz(&dir.join("bomb-record.warc.gz"), BOMB_MIB);
    truncated_warc(&dir.join("truncated.warc"));
    escapes_warc(&dir.join("escapes.warc"));
    escaping_name(dir);
    big_page(&dir.join("big.html"), BIG_PAGE_MIB);
    fifo(&dir.join("wait.html"));
    dev_zero_link(&dir.join("zero.html"));
    std::fs::write(dir.join("good.html"), good_html()).unwrap();
}
