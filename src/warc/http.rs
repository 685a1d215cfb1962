//! The HTTP response a WARC `response` record holds: status line and headers (httparse), then the
//! body as the server sent it, which real archives keep with its transfer coding (chunked) and
//! content coding (gzip, deflate) still applied. Bounded: the head is read from the record's first
//! `MAX_HTTP_HEAD_BYTES`, de-chunking never grows the body, and each decompression stops one byte
//! past the limit.

use std::borrow::Cow;
use std::io::Read;

/// Headers beyond this many make the response unreadable (httparse needs a fixed array).
const MAX_HEADERS: usize = 256;

#[derive(Debug, PartialEq, Eq)]
pub struct Head {
    pub status: u16,
    /// The media type, lower case, without parameters (`text/html`).
    pub media_type: Option<String>,
    pub chunked: bool,
    /// Content codings in the order the server applied them (`Content-Encoding: gzip`).
    pub encodings: Vec<String>,
    /// Bytes of the status line and headers, blank line included: the body starts here.
    pub len: usize,
}

impl Head {
    pub fn is_html(&self) -> bool {
        matches!(self.media_type.as_deref(), Some("text/html" | "application/xhtml+xml"))
    }
}

/// `None` while `block` ends before the blank line that closes the headers.
pub fn head(block: &[u8]) -> Result<Option<Head>, String> {
    // Some archivers write an HTTP/2 or HTTP/3 exchange with its own version in the status line
    // (`HTTP/2 200`); httparse reads HTTP/1.x only, and the rest has the same shape.
    let version_len = block.iter().position(|&b| b == b' ').unwrap_or(0);
    let newer = [&b"HTTP/2"[..], b"HTTP/2.0", b"HTTP/3", b"HTTP/3.0"].contains(&&block[..version_len]);
    let renamed;
    let (block, shift) = if newer {
        renamed = [&b"HTTP/1.1"[..], &block[version_len..]].concat();
        (&renamed[..], version_len as isize - 8)
    } else {
        (block, 0)
    };
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut resp = httparse::Response::new(&mut headers);
    let len = match resp.parse(block) {
        Ok(httparse::Status::Complete(n)) => n.saturating_add_signed(shift),
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(format!("not an HTTP response ({e})")),
    };
    let mut head = Head { status: resp.code.unwrap_or(0), media_type: None, chunked: false, encodings: Vec::new(), len };
    for h in resp.headers.iter() {
        let value = String::from_utf8_lossy(h.value);
        if h.name.eq_ignore_ascii_case("content-type") {
            head.media_type = Some(media_type(&value));
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            head.chunked |= value.split(',').any(|t| t.trim().eq_ignore_ascii_case("chunked"));
        } else if h.name.eq_ignore_ascii_case("content-encoding") {
            head.encodings.extend(value.split(',').map(|t| t.trim().to_ascii_lowercase()).filter(|t| !t.is_empty() && t != "identity"));
        }
    }
    Ok(Some(head))
}

/// `text/HTML; charset=utf-8` → `text/html`.
pub fn media_type(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// The body of the response in `block` as the page's bytes: de-chunked, decompressed, at most
/// `limit` bytes (a larger page is refused: a small gzip body can inflate to gigabytes). Borrowed
/// from `block` when the server sent it as it is.
pub fn body(block: &[u8], limit: usize) -> Result<Cow<'_, [u8]>, String> {
    let head = head(block)?.ok_or("the HTTP headers are cut off")?;
    let mut out = Cow::Borrowed(&block[head.len..]);
    if head.chunked {
        out = Cow::Owned(dechunk(&out)?);
    }
    // Codings are listed in the order they were applied: undo the last first.
    for coding in head.encodings.iter().rev() {
        out = Cow::Owned(decode(&out, coding, limit)?);
    }
    if out.len() > limit {
        return Err(too_large(out.len(), limit));
    }
    Ok(out)
}

pub fn too_large(n: usize, limit: usize) -> String {
    format!("the page is more than {} MB (read {:.1} MB)", limit / 1024 / 1024, n as f64 / 1e6)
}

fn decode(data: &[u8], coding: &str, limit: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    // One byte over the limit is enough to know the page is too large.
    let cap = limit as u64 + 1;
    let read = match coding {
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(data).take(cap).read_to_end(&mut out),
        // "deflate" is zlib-wrapped by the standard, raw deflate by some servers.
        "deflate" => match flate2::read::ZlibDecoder::new(data).take(cap).read_to_end(&mut out) {
            Ok(n) => Ok(n),
            Err(_) => {
                out.clear();
                flate2::read::DeflateDecoder::new(data).take(cap).read_to_end(&mut out)
            }
        },
        other => return Err(format!("Content-Encoding {other:?} is not supported (gzip and deflate are)")),
    };
    read.map_err(|e| format!("the {coding} body cannot be decompressed ({e})"))?;
    if out.len() > limit {
        return Err(too_large(out.len(), limit));
    }
    Ok(out)
}

/// Chunked transfer coding: `SIZE[;ext]\r\n DATA\r\n` … `0\r\n`. The chunk-size lines are read by
/// httparse. A body cut off mid-chunk (a truncated record) keeps what it holds.
fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(data.len());
    while !data.is_empty() {
        match httparse::parse_chunk_size(data) {
            Ok(httparse::Status::Complete((_, 0))) => break,
            Ok(httparse::Status::Complete((used, size))) => {
                let rest = &data[used..];
                let take = usize::try_from(size).unwrap_or(usize::MAX).min(rest.len());
                out.extend_from_slice(&rest[..take]);
                data = &rest[take..];
                data = data.strip_prefix(b"\r\n").unwrap_or(data);
            }
            Ok(httparse::Status::Partial) => break,
            Err(_) => return Err(format!("bad chunk size in the chunked body after {} bytes", out.len())),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn plain_response() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Length: 5\r\n\r\n<p>x\n";
        let h = head(block).unwrap().unwrap();
        assert_eq!((h.status, h.is_html(), h.chunked), (200, true, false));
        assert_eq!(&body(block, 1000).unwrap()[..], b"<p>x\n");
    }

    #[test]
    fn chunked_and_gzip() {
        let page = "<html><body>财新 Caixin</body></html>".repeat(50);
        let z = gzip(page.as_bytes());
        let (a, b) = z.split_at(z.len() / 2);
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        for part in [a, b] {
            block.extend_from_slice(format!("{:x};ext=1\r\n", part.len()).as_bytes());
            block.extend_from_slice(part);
            block.extend_from_slice(b"\r\n");
        }
        block.extend_from_slice(b"0\r\n\r\n");
        assert_eq!(&body(&block, 1 << 20).unwrap()[..], page.as_bytes());
    }

    #[test]
    fn limits_and_errors() {
        let big = gzip(&vec![b'a'; 10_000]);
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend_from_slice(&big);
        assert!(body(&block, 1000).unwrap_err().contains("more than"));
        assert!(body(b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx", 1000).unwrap_err().contains("not supported"));
        assert!(body(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\nnot gzip", 1000).unwrap_err().contains("cannot be decompressed"));
        assert!(head(b"<html>").is_err());
        assert_eq!(head(b"HTTP/1.1 200 OK\r\nContent-Ty").unwrap(), None);
        let h = head(b"HTTP/1.1 404 Not Found\r\ncontent-type: Application/XHTML+xml\r\n\r\n").unwrap().unwrap();
        assert_eq!((h.status, h.is_html()), (404, true));
    }

    #[test]
    fn http2_status_lines() {
        for version in ["HTTP/2", "HTTP/2.0", "HTTP/3"] {
            let block = format!("{version} 200\r\ncontent-type: text/html\r\n\r\n<p>h2</p>");
            let h = head(block.as_bytes()).unwrap().unwrap();
            assert_eq!((h.status, h.is_html()), (200, true), "{version}");
            assert_eq!(&body(block.as_bytes(), 1000).unwrap()[..], b"<p>h2</p>", "{version}");
        }
        assert!(head(b"HTTP/9 200\r\n\r\n").is_err());
    }

    #[test]
    fn truncated_chunk_keeps_what_it_has() {
        let block = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\nA\r\n01234";
        assert_eq!(&body(block, 1000).unwrap()[..], b"abcde01234");
    }
}
