//! `caixin-export` on many pages at once: a directory tree and WARC files (written here with the
//! `warc` crate, plain and gzip) give the same articles as the files run one by one; corrupt and
//! non-Caixin records are reported and skipped; no progress bar unless stderr is a terminal.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::TempDir;
use serde_json::Value;
use warc::{BufferedBody, RawRecordHeader, Record, RecordType, WarcHeader, WarcWriter};

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_caixin-export"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The fixture's page as a saved page that states its own address: a page without a canonical
/// link or og:url gets one (a directory holds no url.txt to read it from).
fn stating_url(f: &common::Fixture) -> String {
    if caixin_sidebar::extract_saved(&f.html, None).is_ok() {
        return f.html.clone();
    }
    let link = format!("<link rel=\"canonical\" href=\"{}\">", f.url);
    match f.html.find("<head>") {
        Some(i) => format!("{}{link}{}", &f.html[..i + 6], &f.html[i + 6..]),
        None => format!("{link}{}", f.html),
    }
}

/// What the single-file CLI prints for one page, NDJSON lines and the JSON page.
struct OneByOne {
    page_url: String,
    lines: Vec<Value>,
    page: Value,
}

fn one_by_one(file: &Path, url: Option<&str>) -> OneByOne {
    let run = |format: &str| {
        let mut c = cli();
        c.args(["--format", format]);
        if let Some(u) = url {
            c.args(["--url", u]);
        }
        let out = c.arg(file).output().unwrap();
        assert!(out.status.success(), "{}: {}", file.display(), text(&out.stderr));
        text(&out.stdout)
    };
    let page: Value = serde_json::from_str(&run("json")).unwrap();
    let lines = run("ndjson").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    OneByOne { page_url: page["page"]["url"].as_str().unwrap().to_string(), lines, page }
}

/// The batch's NDJSON lines must be the pages' own lines, in order, each with its page's address.
fn assert_same_articles(batch_stdout: &[u8], expected: &[OneByOne]) {
    let got: Vec<Value> = text(batch_stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let want: usize = expected.iter().map(|p| p.lines.len()).sum();
    assert_eq!(got.len(), want, "article count");
    let mut it = got.into_iter();
    for page in expected {
        for line in &page.lines {
            let mut g = it.next().unwrap();
            let url = g.as_object_mut().unwrap().remove("page_url").expect("page_url on every line");
            assert_eq!(url, page.page_url.as_str());
            assert_eq!(&g, line, "article of {}", page.page_url);
        }
    }
}

fn summary(stderr: &str) -> &str {
    stderr.lines().rfind(|l| l.contains(" pages, ")).unwrap_or_else(|| panic!("no summary in {stderr}"))
}

#[test]
fn a_directory_tree_gives_the_articles_of_its_pages_one_by_one() {
    let tmp = TempDir::new("batch-tree");
    let root = tmp.0.join("saved");
    // Sorted walk: `a-cn/` (its pages in name order, then `z-deeper/`), `b-global.html`, …, and
    // the explicit file given after the directory comes last. Other files are not pages.
    let mut files = Vec::new();
    for (i, f) in common::all().iter().enumerate() {
        let name = f.name.replace('/', "-");
        let path = match f.name.split('/').next().unwrap() {
            "caixin-cn" if i % 2 == 0 => root.join("a-cn").join(format!("{name}.html")),
            "caixin-cn" => root.join("a-cn/z-deeper").join(format!("{name}.HTM")),
            "caixin-global" => root.join(format!("b-{name}.shtml")),
            _ => tmp.0.join(format!("{name}.html")),
        };
        write(&path, stating_url(f).as_bytes());
        files.push(path);
    }
    write(&root.join("a-cn/notes.txt"), b"not a page");
    write(&root.join("b-url.txt"), b"https://www.caixinglobal.com/");
    let explicit: Vec<PathBuf> = files.iter().filter(|p| !p.starts_with(&root)).cloned().collect();
    let mut in_root: Vec<PathBuf> = files.iter().filter(|p| p.starts_with(&root)).cloned().collect();
    in_root.sort_by_key(|p| {
        let rel = p.strip_prefix(&root).unwrap();
        rel.components().map(|c| c.as_os_str().to_os_string()).collect::<Vec<_>>()
    });
    let order: Vec<PathBuf> = in_root.into_iter().chain(explicit.iter().cloned()).collect();
    assert!(order.len() >= 10, "fixtures");

    let expected: Vec<OneByOne> = order.iter().map(|p| one_by_one(p, None)).collect();
    let mut args = vec![root.clone()];
    args.extend(explicit);

    let out = cli().args(["--format", "ndjson"]).args(&args).output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_same_articles(&out.stdout, &expected);
    let articles: usize = expected.iter().map(|p| p.lines.len()).sum();
    assert_eq!(
        summary(&err),
        format!("caixin-export: {} pages, {articles} articles; 0 skipped, 0 failed; 0 other WARC records", order.len())
    );

    // The same bytes whatever the number of threads.
    let one_thread = cli().args(["--format", "ndjson", "-j", "1"]).args(&args).output().unwrap();
    assert_eq!(one_thread.stdout, out.stdout, "-j 1");
    let many = cli().args(["--format", "ndjson", "-j", "7"]).args(&args).output().unwrap();
    assert_eq!(many.stdout, out.stdout, "-j 7");

    // JSON: one page object per line, the single-file object itself.
    let out = cli().args(["--format", "json", "-j", "2"]).args(&args).output().unwrap();
    assert!(out.status.success());
    let pages: Vec<Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(pages, expected.iter().map(|p| p.page.clone()).collect::<Vec<_>>());

    // CSV: one table, the header once, the rows of each page's own CSV in order.
    let out = cli().args(["--format", "csv", "-o"]).arg(tmp.0.join("all.csv")).args(&args).output().unwrap();
    assert!(out.status.success());
    let all = std::fs::read_to_string(tmp.0.join("all.csv")).unwrap();
    let mut want = String::new();
    for (i, p) in order.iter().enumerate() {
        let one = text(&cli().args(["--format", "csv"]).arg(p).output().unwrap().stdout);
        want += if i == 0 { &one } else { one.split_once("\r\n").unwrap().1 };
    }
    assert_eq!(all, want);
    let rows = csv::Reader::from_reader(all.as_bytes()).records().count();
    assert_eq!(rows, articles);

    // CSL-JSON: one array of the pages' items in order; an article met on several pages is one
    // reference (its first), and items without an article id are numbered per page.
    let out = cli().args(["--format", "csl"]).args(&args).output().unwrap();
    assert!(out.status.success());
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut want: Vec<Value> = Vec::new();
    for (page, p) in order.iter().enumerate() {
        let one: Vec<Value> = serde_json::from_slice(&cli().args(["--format", "csl"]).arg(p).output().unwrap().stdout).unwrap();
        for mut item in one {
            let id = item["id"].as_str().unwrap().to_string();
            if let Some(n) = id.strip_prefix("item-") {
                item["id"] = Value::String(format!("item-{}-{n}", page + 1));
            } else if want.iter().any(|w| w["id"] == item["id"]) {
                continue;
            }
            want.push(item);
        }
    }
    assert!(items == want, "CSL-JSON of the batch differs from the pages' own items");
    let ids: std::collections::HashSet<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), items.len(), "unique ids");
}

/// A WARC `response` record for `url` holding `http` (status line, headers, body).
fn response(url: &str, http: Vec<u8>) -> Record<BufferedBody> {
    let mut r = Record::<BufferedBody>::with_body(http);
    r.set_warc_type(RecordType::Response);
    r.set_header(WarcHeader::TargetURI, url).unwrap();
    r.set_header(WarcHeader::ContentType, "application/http; msgtype=response").unwrap();
    r
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// The HTTP response a crawler would have stored for `html`, in one of the shapes real archives
/// hold: plain, gzip-encoded, chunked, or both.
fn http_response(html: &[u8], shape: usize) -> Vec<u8> {
    let mut head = String::from("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nServer: test\r\n");
    let mut body = html.to_vec();
    if shape % 2 == 1 {
        head += "Content-Encoding: gzip\r\n";
        body = gzip(&body);
    }
    if shape % 4 >= 2 {
        head += "Transfer-Encoding: chunked\r\n\r\n";
        let mut chunked = Vec::new();
        for part in body.chunks(1000) {
            chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
            chunked.extend_from_slice(part);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        body = chunked;
    } else {
        head += &format!("Content-Length: {}\r\n\r\n", body.len());
    }
    let mut out = head.into_bytes();
    out.extend_from_slice(&body);
    out
}

/// One record of a test archive.
enum Rec {
    /// Written by the `warc` crate.
    Good(Record<BufferedBody>),
    /// Written by the crate from raw parts: a Content-Length that does not match the block.
    Raw(RawRecordHeader, Vec<u8>),
    /// Bytes no writer would produce.
    Garbage(Vec<u8>),
}

/// Record bytes as the crate writes them, plain or as one gzip member (as crawlers write
/// .warc.gz: a member per record).
fn write_record(rec: &Rec, gz: bool) -> Vec<u8> {
    fn with<W: Write>(w: W, rec: &Rec) -> W {
        let mut w = WarcWriter::new(std::io::BufWriter::new(w));
        match rec {
            Rec::Good(r) => w.write(r).unwrap(),
            Rec::Raw(h, body) => w.write_raw(h.clone(), body).unwrap(),
            Rec::Garbage(_) => unreachable!(),
        };
        w.into_inner().map_err(|e| e.to_string()).unwrap()
    }
    match (rec, gz) {
        (Rec::Garbage(b), false) => b.clone(),
        (Rec::Garbage(b), true) => gzip(b),
        (_, false) => with(Vec::new(), rec),
        (_, true) => with(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default()), rec).finish().unwrap(),
    }
}

fn record(kind: RecordType, url: Option<&str>, content_type: &str, body: Vec<u8>) -> Record<BufferedBody> {
    let mut r = Record::<BufferedBody>::with_body(body);
    r.set_warc_type(kind);
    if let Some(u) = url {
        r.set_header(WarcHeader::TargetURI, u).unwrap();
    }
    r.set_header(WarcHeader::ContentType, content_type).unwrap();
    r
}

/// Every fixture in one archive, with the address from its url.txt: a warcinfo record, then per
/// page a request and a response (one page as a `resource` record), the HTTP responses in all
/// four shapes; records that are not pages (an image, a redirect, a DNS record); with `corrupt`,
/// a record whose Content-Length is short, a record with a broken header, and a last record cut
/// off by the end of the file.
struct Archive {
    records: Vec<Rec>,
    /// (record number, offset in the uncompressed stream, what it is)
    notes: Vec<(usize, usize, String)>,
    expected: Vec<OneByOne>,
    other_records: usize,
}

impl Archive {
    fn new(corrupt: bool) -> Archive {
        let mut a = Archive { records: Vec::new(), notes: Vec::new(), expected: Vec::new(), other_records: 0 };
        let info = record(RecordType::WarcInfo, None, "application/warc-fields", b"software: caixin-sidebar tests\r\n".to_vec());
        a.other(Rec::Good(info));
        for (i, f) in common::all().iter().enumerate() {
            let host = f.url.split("://").nth(1).and_then(|r| r.split('/').next()).unwrap();
            let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes();
            a.other(Rec::Good(record(RecordType::Request, Some(&f.url), "application/http; msgtype=request", request)));
            let page = if i == 3 {
                record(RecordType::Resource, Some(&f.url), "text/html", f.html.clone().into_bytes())
            } else {
                response(&f.url, http_response(f.html.as_bytes(), i))
            };
            if caixin_sidebar::is_supported_url(&f.url) {
                a.records.push(Rec::Good(page));
                a.expected.push(one_by_one(&f.dir.join("source.html"), Some(&f.url)));
            } else {
                a.note(Rec::Good(page), format!("skipped {}", f.url));
            }
            if i == 2 {
                let png = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\n\r\n\x89PNG".to_vec();
                a.other(Rec::Good(response("https://file.caixin.com/logo.png", png)));
                let moved =
                    b"HTTP/1.1 301 Moved\r\nContent-Type: text/html\r\nLocation: https://www.caixin.com/\r\n\r\n<a>moved</a>".to_vec();
                a.other(Rec::Good(response("http://www.caixin.com/", moved)));
                a.other(Rec::Good(record(RecordType::Response, Some("dns:www.caixin.com"), "text/dns", b"20201127 1.2.3.4".to_vec())));
            }
            if corrupt && i == 4 {
                let (mut headers, body) = response(&f.url, http_response(f.html.as_bytes(), 0)).into_raw_parts();
                headers.headers.insert(WarcHeader::ContentLength, (body.len() - 100).to_string().into_bytes());
                a.note(Rec::Raw(headers, body), "failed: does not end where its Content-Length says".into());
            }
            if corrupt && i == 5 {
                // Raw bytes in a header (the crate's header() panics on them).
                let (mut headers, body) = response(&f.url, http_response(f.html.as_bytes(), 0)).into_raw_parts();
                headers.headers.insert(WarcHeader::TargetURI, b"https://www.caixin.com/\xff.html".to_vec());
                a.note(Rec::Raw(headers, body), "failed: a WARC header is not UTF-8".into());
            }
            if corrupt && i == 6 {
                a.note(
                    Rec::Garbage(b"WARC/1.0\r\nthis line is no header\r\n\r\n".to_vec()),
                    "failed: not a well-formed WARC record header".into(),
                );
            }
        }
        if corrupt {
            let last = response("https://www.caixin.com/cut.html", http_response(b"<html><p>cut</p></html>", 0));
            let mut bytes = write_record(&Rec::Good(last), false);
            bytes.truncate(bytes.len() - 30);
            a.note(Rec::Garbage(bytes), "failed: ends inside".into());
        }
        a
    }

    fn other(&mut self, r: Rec) {
        self.other_records += 1;
        self.records.push(r);
    }

    fn note(&mut self, r: Rec, what: String) {
        let offset: usize = self.records.iter().map(|r| write_record(r, false).len()).sum();
        self.notes.push((self.records.len() + 1, offset, what));
        self.records.push(r);
    }

    fn bytes(&self, gz: bool) -> Vec<u8> {
        self.records.iter().flat_map(|r| write_record(r, gz)).collect()
    }
}

fn no_progress_bar(stderr: &str) {
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\r'), "control codes on a stderr that is not a terminal: {stderr:?}");
}

#[test]
fn warc_files_plain_and_gzip_give_the_articles_of_their_pages_one_by_one() {
    let tmp = TempDir::new("batch-warc");
    let a = Archive::new(false);
    let plain = tmp.0.join("crawl.warc");
    let gz = tmp.0.join("crawl.warc.gz");
    write(&plain, &a.bytes(false));
    write(&gz, &a.bytes(true));
    let pages: usize = a.expected.len();
    let articles: usize = a.expected.iter().map(|p| p.lines.len()).sum();
    let mut outputs = Vec::new();
    for (file, suffix) in [(&plain, ""), (&gz, " uncompressed")] {
        let out = cli().args(["--format", "ndjson"]).arg(file).output().unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "non-Caixin pages are skipped, not failures: {err}");
        assert_same_articles(&out.stdout, &a.expected);
        for (n, offset, what) in &a.notes {
            let url = what.strip_prefix("skipped ").unwrap();
            let line =
                format!("caixin-export: skipped {}: record {n} (offset {offset}{suffix}): {url} is not a Caixin page", file.display());
            assert!(err.lines().any(|l| l == line), "{line}\nnot in\n{err}");
        }
        assert_eq!(
            summary(&err),
            format!(
                "caixin-export: {pages} pages, {articles} articles; {} skipped, 0 failed; {} other WARC records",
                a.notes.len(),
                a.other_records
            )
        );
        no_progress_bar(&err);
        outputs.push(out.stdout);
    }
    assert_eq!(outputs[0], outputs[1], "plain and gzip");

    // Both archives in a directory, and one of them again on the command line: in that order.
    let out = cli().args(["--format", "ndjson"]).arg(&tmp.0).arg(&plain).output().unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, [&outputs[0][..], &outputs[0], &outputs[0]].concat());
}

#[test]
fn corrupt_records_are_reported_and_the_rest_is_read() {
    let tmp = TempDir::new("batch-corrupt");
    let a = Archive::new(true);
    // gzip: each record its own member, the cut record a whole member of cut bytes.
    for (name, gz, suffix) in [("bad.warc", false, ""), ("bad.warc.gz", true, " uncompressed")] {
        let file = tmp.0.join(name);
        write(&file, &a.bytes(gz));
        let out = cli().args(["--format", "ndjson"]).arg(&file).output().unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        // Every good page before and after the corrupt records.
        assert_same_articles(&out.stdout, &a.expected);
        for (n, offset, what) in &a.notes {
            let at = format!("{}: record {n} (offset {offset}{suffix}): ", file.display());
            let line = err.lines().find(|l| l.contains(&at)).unwrap_or_else(|| panic!("{at} ({what}) not reported:\n{err}"));
            if let Some(url) = what.strip_prefix("skipped ") {
                assert!(line.starts_with("caixin-export: skipped") && line.ends_with(&format!("{url} is not a Caixin page")), "{line}");
            } else {
                assert!(line.starts_with("caixin-export: failed"), "{line}");
                assert!(line.contains(what.strip_prefix("failed: ").unwrap()), "{line} / {what}");
            }
        }
        assert!(summary(&err).contains("; 2 skipped, 4 failed; "), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        no_progress_bar(&err);
    }
}

#[test]
fn unreadable_inputs_are_reported_and_the_run_goes_on() {
    let tmp = TempDir::new("batch-unreadable");
    let seed = common::get("caixin-global/cx-tech-2020-11-27");
    let no_url = common::get("caixin-global/live-missing-byline");
    write(&tmp.0.join("dir/1-no-url.html"), no_url.html.as_bytes());
    write(&tmp.0.join("dir/2-seed.html"), seed.html.as_bytes());
    // Over the 32 MB limit: refused without being read (a sparse file costs no disk).
    let big = std::fs::File::create(tmp.0.join("dir/3-big.html")).unwrap();
    big.set_len(33 << 20).unwrap();
    let missing = tmp.0.join("no-such.html");
    let out = cli().args(["--format", "ndjson"]).arg(tmp.0.join("dir")).arg(&missing).arg(seed.dir.join("source.html")).output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let one = one_by_one(&seed.dir.join("source.html"), None);
    let twice = [one_by_one(&seed.dir.join("source.html"), None), one];
    assert_same_articles(&out.stdout, &twice);
    for (file, msg) in
        [("dir/1-no-url.html", "names no URL"), ("dir/3-big.html", "more than the 32 MB"), ("no-such.html", "cannot read it")]
    {
        let at = format!("caixin-export: failed {}: ", tmp.0.join(file).display());
        assert!(err.lines().any(|l| l.starts_with(&at) && l.contains(msg)), "{at} {msg}\n{err}");
    }
    assert!(summary(&err).contains("2 pages"), "{err}");
    no_progress_bar(&err);
}

#[test]
fn usage_errors_in_batch_mode_exit_2() {
    let fixtures = common::root();
    for (args, msg) in [
        (vec!["--url", "https://www.caixin.com/", fixtures.to_str().unwrap()], "--url is the address of one page"),
        (vec!["--format", "md", fixtures.to_str().unwrap()], "--format md writes one document per page"),
        (vec!["--jobs", "0", fixtures.to_str().unwrap()], "--jobs"),
    ] {
        let out = cli().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(msg), "{args:?}: {}", text(&out.stderr));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_damaged_gzip_stream_ends_its_file_with_a_report() {
    let tmp = TempDir::new("batch-gzip");
    let a = Archive::new(false);
    let mut bytes = a.bytes(true);
    // Damage the compressed data two thirds in: the decompressor fails (data or CRC error).
    let at = bytes.len() * 2 / 3;
    for b in &mut bytes[at..at + 64] {
        *b = !*b;
    }
    let file = tmp.0.join("damaged.warc.gz");
    write(&file, &bytes);
    let out = cli()
        .args(["--format", "ndjson"])
        .arg(&file)
        .arg(common::get("caixin-global/cx-tech-2020-11-27").dir.join("source.html"))
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let at = format!("caixin-export: failed {}: record ", file.display());
    assert!(err.lines().any(|l| l.starts_with(&at)), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // The pages before the damage are written, and the next input is read.
    let lines: Vec<Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let first = &a.expected[0].lines[0];
    let mut head = lines[0].clone();
    head.as_object_mut().unwrap().remove("page_url");
    assert_eq!(&head, first);
    assert_eq!(lines.last().unwrap()["page_url"], "https://www.caixinglobal.com/live/");
}

/// `script` (util-linux, part of every Debian) runs the CLI on a pseudo-terminal: there the bar
/// is drawn on stderr, while stdout, redirected to a file, gets exactly what a pipe gets.
/// (A pipe never gets it: `no_progress_bar` in every other test.)
#[test]
fn the_progress_bar_is_drawn_only_when_stderr_is_a_terminal() {
    let tmp = TempDir::new("batch-tty");
    let fixtures = common::root();
    let piped = cli().args(["--format", "ndjson"]).arg(&fixtures).output().unwrap();
    no_progress_bar(&text(&piped.stderr));
    let target = tmp.0.join("out.ndjson");
    let command = format!("'{}' --format ndjson '{}' > '{}'", env!("CARGO_BIN_EXE_caixin-export"), fixtures.display(), target.display());
    // indicatif draws nothing on a terminal whose TERM is unset or "dumb" (as under CI).
    let tty = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("TERM", "xterm")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let screen = text(&tty.stdout);
    assert!(screen.contains("\u{1b}[") && screen.contains('\r'), "no bar drawn on a terminal: {screen:?}");
    assert!(screen.contains("00:00:"), "the bar's elapsed time: {screen:?}");
    assert_eq!(std::fs::read(&target).unwrap(), piped.stdout);
}

#[test]
fn standard_input_is_one_page_among_others() {
    let seed = common::get("caixin-global/cx-tech-2020-11-27");
    let article = common::get("caixin-global/article-old-template");
    let article_file = article.dir.join("source.html");
    let mut child = cli()
        .args(["--format", "ndjson", "-"])
        .arg(&article_file)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(seed.html.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = [one_by_one(&seed.dir.join("source.html"), None), one_by_one(&article_file, None)];
    assert_same_articles(&out.stdout, &expected);
}
