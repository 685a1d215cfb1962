use std::io::Write;

use super::*;

const URL: &str = "https://www.caixin.com/2020-11-27/101633418.html";

fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn response(uri: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{headers}\r\n").into_bytes();
    http.extend_from_slice(body);
    record("response", uri, "application/http; msgtype=response", &http)
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Every event, pages as (record, url, html).
fn events(bytes: &[u8]) -> (Vec<Event>, Summary) {
    let mut r = Reader::new(bytes);
    let events = r.by_ref().collect();
    (events, r.summary())
}

fn failure(e: &Event) -> (u64, u64, &str) {
    match e {
        Event::Failed { record, offset, why } => (*record, *offset, why.as_str()),
        other => panic!("not a failure: {other:?}"),
    }
}

fn page(e: &Event) -> &Page {
    match e {
        Event::Page(p) => p,
        other => panic!("not a page: {other:?}"),
    }
}

#[test]
fn an_endless_header_is_one_failure_and_the_next_record_is_read() {
    for gz in [false, true] {
        // 3 MiB of header with no line end, then a page.
        let mut bytes = b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: ".to_vec();
        bytes.resize(bytes.len() + (3 << 20), b'a');
        bytes.extend_from_slice(b"\r\n");
        let at = bytes.len() as u64;
        bytes.extend(response(URL, "", b"<p>after</p>"));
        let bytes = if gz { gzip(&bytes) } else { bytes };
        let (ev, s) = events(&bytes);
        assert_eq!(ev.len(), 2, "{ev:?}");
        let (n, offset, why) = failure(&ev[0]);
        assert_eq!((n, offset), (1, 0));
        assert!(why.contains("longer than 1 MiB"), "{why}");
        assert_eq!((page(&ev[1]).record, page(&ev[1]).offset, page(&ev[1]).html.as_str()), (2, at, "<p>after</p>"));
        assert_eq!((s.records, s.pages, s.failed, s.gzip, s.truncated), (2, 1, 1, gz, false));
    }
}

#[test]
fn a_header_cut_by_the_end_of_the_file_is_a_truncated_warc() {
    let mut bytes = response(URL, "", b"<p>one</p>");
    let first = bytes.len() as u64;
    bytes.extend_from_slice(b"WARC/1.0\r\nWARC-Type: respo");
    for data in [bytes.clone(), gzip(&bytes)] {
        let (ev, s) = events(&data);
        assert_eq!(page(&ev[0]).html, "<p>one</p>");
        let (n, offset, why) = failure(&ev[1]);
        assert_eq!((n, offset), (2, first));
        assert!(why.starts_with("truncated WARC"), "{why}");
        assert!(s.truncated && s.failed == 1, "{s:?}");
    }
    // Cut inside the block: truncated too.
    let mut cut = response(URL, "", b"<p>one</p>");
    cut.truncate(cut.len() - 8);
    let (ev, s) = events(&cut);
    assert!(failure(&ev[0]).2.starts_with("truncated WARC: the file ends inside this record"), "{ev:?}");
    assert!(s.truncated);
    // A gzip stream cut short.
    let mut gz = gzip(&response(URL, "", "<p>x</p>".repeat(2000).as_bytes()));
    gz.truncate(gz.len() / 2);
    let (ev, s) = events(&gz);
    assert!(failure(ev.last().unwrap()).2.starts_with("truncated WARC"), "{ev:?}");
    assert!(s.truncated);
}

#[test]
fn a_clean_end_and_forgiven_shapes() {
    // LF-only line endings, folded and repeated fields, blank lines between records, the last
    // record's closing line endings missing.
    let mut bytes = b"\r\n\nWARC/1.0\nWARC-Type: resource\nContent-Type:\n  text/html\nWARC-Target-URI: <https://www.caixin.com/a.html>\nContent-Length: 5\nContent-Length: 99\n\n<p>a\n\n\n\r\n".to_vec();
    let second = bytes.len() as u64;
    let r = response(URL, "", b"<p>b</p>");
    bytes.extend_from_slice(&r[..r.len() - 4]);
    let (ev, s) = events(&bytes);
    assert_eq!(
        (page(&ev[0]).record, page(&ev[0]).offset, page(&ev[0]).url.as_str(), page(&ev[0]).html.as_str()),
        (1, 3, "https://www.caixin.com/a.html", "<p>a\n")
    );
    assert_eq!((page(&ev[1]).offset, page(&ev[1]).html.as_str()), (second, "<p>b</p>"));
    assert_eq!((s.pages, s.failed, s.truncated), (2, 0, false));
    assert_eq!(events(b"").1, Summary::default());
}

#[test]
fn broken_records_are_failures_and_reading_goes_on() {
    let good = response(URL, "", b"<p>good</p>");
    let cases: [(&[u8], &str); 6] = [
        (b"WARC/1.0\r\nno colon here\r\n\r\n", "not a well-formed WARC record header"),
        (b"WARC/1.0\r\nWARC-Type: response\r\n\r\n", "Content-Length is missing"),
        (b"WARC/1.0\r\nContent-Length: 0\r\n\r\n\r\n\r\n", "WARC-Type is missing"),
        (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: -1\r\n\r\n", "Content-Length is not a number"),
        (b"<html>not a WARC file</html>\r\n", "no WARC/ version line"),
        // Content-Length one short: the record does not end where it says.
        (b"WARC/1.0\r\nWARC-Type: metadata\r\nContent-Length: 3\r\n\r\nabcd\r\n\r\n", "does not end where its Content-Length says"),
    ];
    for (bad, why) in cases {
        let bytes = [bad, &good].concat();
        let (ev, s) = events(&bytes);
        assert_eq!(ev.len(), 2, "{why}: {ev:?}");
        assert!(failure(&ev[0]).2.contains(why), "{why}: {ev:?}");
        assert_eq!((page(&ev[1]).record, page(&ev[1]).offset), (2, bad.len() as u64), "{why}");
        assert_eq!((s.failed, s.pages, s.truncated), (1, 1, false));
    }
    // A header that is not UTF-8: that record fails, its block is skipped by its length.
    let bytes = [record("response", "https://www.caixin.com/\u{fffd}", "application/http", b"x"), good.clone()].concat();
    let bytes: Vec<u8> = String::from_utf8(bytes).unwrap().replace('\u{fffd}', "\u{1}").into_bytes();
    let mut bytes = bytes;
    let at = bytes.iter().position(|&b| b == 1).unwrap();
    bytes[at] = 0xff;
    let (ev, _) = events(&bytes);
    assert!(failure(&ev[0]).2.contains("not UTF-8"), "{ev:?}");
    assert_eq!(page(&ev[1]).html, "<p>good</p>");
}

#[test]
fn what_is_a_page_what_is_skipped_what_is_not_a_page() {
    let bytes = [
        record("warcinfo", "", "application/warc-fields", b"software: x\r\n"),
        record("request", URL, "application/http; msgtype=request", b"GET / HTTP/1.1\r\n\r\n"),
        response(URL, "", b"<p>page</p>"),
        response("https://example.com/", "", b"<p>elsewhere</p>"),
        record("response", URL, "application/http", b"HTTP/1.1 301 Moved\r\nContent-Type: text/html\r\n\r\n<a>"),
        record("response", URL, "application/http", b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"),
        record("response", "dns:www.caixin.com", "text/dns", b"1.2.3.4"),
        record("resource", URL, "text/html; charset=utf-8", b"<p>resource</p>"),
        record("resource", URL, "image/png", b"\x89PNG"),
        response("", "", b"<p>no address</p>"),
    ]
    .concat();
    let (ev, s) = events(&bytes);
    assert_eq!(page(&ev[2]).html, "<p>page</p>");
    assert!(
        matches!(&ev[3], Event::Skipped { record: 4, url, reason, .. } if url == "https://example.com/" && reason == "https://example.com/ is not a Caixin page")
    );
    assert_eq!(page(&ev[7]).html, "<p>resource</p>");
    assert!(failure(&ev[9]).2.contains("without WARC-Target-URI"));
    assert_eq!((s.records, s.pages, s.skipped, s.failed, s.not_pages), (10, 2, 1, 1, 6));
}

#[test]
fn a_gzip_bomb_in_a_page_is_refused_after_the_limit() {
    // 40 MB of zeros gzip to 40 KB: decoding stops one byte past 32 MiB.
    let bomb = gzip(&vec![0u8; 40 << 20]);
    let bytes = [response(URL, "Content-Encoding: gzip\r\n", &bomb), response(URL, "", b"<p>next</p>")].concat();
    for data in [bytes.clone(), gzip(&bytes)] {
        let mut r = Reader::new(&data[..]);
        let Some(Event::Page(raw)) = r.next_raw() else { panic!("a page") };
        assert!(raw.len() < 100 << 10, "held as stored, not inflated: {}", raw.len());
        let why = raw.html_bytes().unwrap_err();
        assert!(why.starts_with(URL) && why.contains("more than 32 MB"), "{why}");
        assert_eq!(page(&r.next().unwrap()).html, "<p>next</p>");
        assert!(r.next().is_none());
        assert_eq!((r.summary().pages, r.summary().failed), (2, 0), "a raw page that then fails to decode is the caller's to count");
    }
    let (ev, s) = events(&bytes);
    assert!(failure(&ev[0]).2.contains("more than 32 MB"));
    assert_eq!((s.pages, s.failed), (1, 1), "the iterator counts a page it cannot decode as a failure");
}

#[test]
fn records_too_large_to_hold_stream_by() {
    // A page record over the limit is refused unread; a big record that is not a page is skipped.
    let big = vec![b'x'; MAX_PAGE_RECORD_BYTES as usize + 1];
    let bytes = [response(URL, "", &big), record("resource", URL, "image/png", &big), response(URL, "", b"<p>after</p>")].concat();
    let (ev, s) = events(&gzip(&bytes));
    assert!(failure(&ev[0]).2.contains("more than 32 MB"), "{ev:?}");
    assert!(matches!(ev[1], Event::NotPage { record: 2, .. }));
    assert_eq!(page(&ev[2]).html, "<p>after</p>");
    assert_eq!(s.bytes, bytes.len() as u64);
}

#[test]
fn one_gzip_member_for_the_whole_file_or_one_per_record() {
    let records = [response(URL, "", b"<p>1</p>"), response(URL, "Content-Encoding: gzip\r\n", &gzip(b"<p>2</p>"))];
    let whole = gzip(&records.concat());
    let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    for data in [whole, members] {
        let (ev, s) = events(&data);
        let html: Vec<&str> = ev.iter().map(|e| page(e).html.as_str()).collect();
        assert_eq!(html, ["<p>1</p>", "<p>2</p>"]);
        assert_eq!((page(&ev[1]).offset, s.gzip), (records[0].len() as u64, true));
    }
}

#[test]
fn only_regular_files_are_opened() {
    assert_eq!(Reader::open(Path::new("/dev/zero")).err().map(|e| e.kind()), Some(io::ErrorKind::InvalidInput));
    assert_eq!(open_regular_file(Path::new("/")).err().map(|e| e.kind()), Some(io::ErrorKind::InvalidInput));
    assert_eq!(open_regular_file(Path::new("/no/such/file")).err().map(|e| e.kind()), Some(io::ErrorKind::NotFound));
}

#[test]
fn a_reader_of_a_file_can_move_to_another_thread() {
    // Bindings (Python) hand readers to worker threads.
    fn send<T: Send>() {}
    send::<Reader<File>>();
    send::<Event<RawPage>>();
}
