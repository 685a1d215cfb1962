//! `cargo run --release --example bench_corpus -- DIR [N]`: the corpus of the batch benchmark
//! (scripts/bench-batch.sh). Writes N pages (default 1000) three ways:
//!
//! - `DIR/pages/NNNN.html`: saved pages, each stating its address (a canonical link is added to
//!   the fixtures that have none);
//! - `DIR/pages.warc`: the same pages as HTTP `response` records, one per page, addressed by
//!   WARC-Target-URI, after a `warcinfo` record;
//! - `DIR/pages.warc.gz`: the same records, one gzip member each (as crawlers write them).
//!
//! The pages cycle through the Caixin fixtures (tests/fixtures: real caixin.com pages of 40–110 KB,
//! small Caixin Global ones) and generated CX Tech pages of 20 stories (~50 KB). Deterministic.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use warc::{BufferedBody, Record, RecordType, WarcHeader, WarcWriter};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: bench_corpus DIR [N]"));
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let kinds = kinds();
    let pages_dir = dir.join("pages");
    let _ = std::fs::remove_dir_all(&pages_dir);
    std::fs::create_dir_all(&pages_dir).expect("create DIR/pages");
    let mut plain = BufWriter::new(std::fs::File::create(dir.join("pages.warc")).expect("pages.warc"));
    let mut gz = BufWriter::new(std::fs::File::create(dir.join("pages.warc.gz")).expect("pages.warc.gz"));
    let info = record(RecordType::WarcInfo, None, "application/warc-fields", b"software: caixin-sidebar bench_corpus\r\n".to_vec());
    write(&info, &mut plain, &mut gz);
    let mut bytes = 0;
    for i in 0..n {
        let (url, html) = &kinds[i % kinds.len()];
        std::fs::write(pages_dir.join(format!("{i:04}.html")), html).expect("write page");
        let mut http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n", html.len()).into_bytes();
        http.extend_from_slice(html.as_bytes());
        let r = record(RecordType::Response, Some(url), "application/http; msgtype=response", http);
        write(&r, &mut plain, &mut gz);
        bytes += html.len();
    }
    plain.flush().expect("flush");
    gz.flush().expect("flush");
    println!("{n} pages, {bytes} bytes of HTML");
}

/// (address, page that states it) for every Caixin fixture, and a generated page.
fn kinds() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/fixtures")
        .flatten()
        .flat_map(|site| std::fs::read_dir(site.path()).into_iter().flatten().flatten().map(|e| e.path()))
        .filter(|d| d.join("source.html").exists())
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for d in dirs {
        let url = std::fs::read_to_string(d.join("url.txt")).expect("url.txt").trim().to_string();
        if !caixin_sidebar::is_supported_url(&url) {
            continue;
        }
        let html = std::fs::read_to_string(d.join("source.html")).expect("source.html");
        let html = if caixin_sidebar::extract_saved(&html, None).is_ok() {
            html
        } else {
            let link = format!("<link rel=\"canonical\" href=\"{url}\">");
            match html.find("<head>") {
                Some(i) => format!("{}{link}{}", &html[..i + 6], &html[i + 6..]),
                None => format!("{link}{html}"),
            }
        };
        out.push((url, html));
    }
    out.push(("https://www.caixinglobal.com/live/".into(), caixin_sidebar::live_page(20)));
    out
}

fn record(kind: RecordType, url: Option<&str>, content_type: &str, body: Vec<u8>) -> Record<BufferedBody> {
    let mut r = Record::<BufferedBody>::with_body(body);
    r.set_warc_type(kind);
    if let Some(u) = url {
        r.set_header(WarcHeader::TargetURI, u).expect("target URI");
    }
    r.set_header(WarcHeader::ContentType, content_type).expect("content type");
    r
}

fn write(r: &Record<BufferedBody>, plain: &mut impl Write, gz: &mut impl Write) {
    let mut w = WarcWriter::new(BufWriter::new(Vec::new()));
    w.write(r).expect("record");
    plain.write_all(&w.into_inner().expect("flush")).expect("write");
    let mut w = WarcWriter::new(BufWriter::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default())));
    w.write(r).expect("record");
    gz.write_all(&w.into_inner().expect("flush").finish().expect("gzip")).expect("write");
}
