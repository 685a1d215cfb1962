//! The archive's bytes as the record reader sees them: decompressed when the file is gzip, counted
//! (offsets in the reports), and buffered in one fixed buffer that can be looked into a few bytes
//! ahead without consuming them (the next record's `WARC/`, a record's closing line endings).

use std::io::{self, BufRead, BufReader, Chain, Cursor, Read};

use flate2::bufread::MultiGzDecoder;

/// The buffer of the decompressed stream, and of the compressed file under it.
const BUFFER: usize = 256 << 10;

/// The compressed file: the bytes read to recognise it put back in front of the rest.
type Compressed<R> = BufReader<Chain<Cursor<Vec<u8>>, R>>;

/// The bytes of the file: as they are, or gzip-decompressed (one member per record or one for the
/// whole file: `MultiGzDecoder` reads every member in turn).
pub enum Stream<R: Read> {
    Plain(R),
    Gzip(Box<MultiGzDecoder<Compressed<R>>>),
    /// Only while the plain stream moves into the decoder.
    Switching,
}

impl<R: Read> Read for Stream<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(r) => r.read(out),
            Stream::Gzip(r) => r.read(out),
            Stream::Switching => Ok(0),
        }
    }
}

pub struct Input<R: Read> {
    inner: Stream<R>,
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    /// Bytes consumed so far (of the decompressed stream).
    pub pos: u64,
}

impl<R: Read> Input<R> {
    pub fn new(inner: R) -> Self {
        Input { inner: Stream::Plain(inner), buf: vec![0; BUFFER].into_boxed_slice(), start: 0, end: 0, pos: 0 }
    }

    /// Switches to gzip decompression when the stream starts with gzip's magic number (the file
    /// name is not trusted). Called once, before anything is consumed. Returns whether it did.
    pub fn detect_gzip(&mut self) -> io::Result<bool> {
        let is_gzip = self.peek(2)?.starts_with(&[0x1f, 0x8b]);
        if is_gzip {
            let held = self.buf[self.start..self.end].to_vec();
            let Stream::Plain(r) = std::mem::replace(&mut self.inner, Stream::Switching) else {
                return Err(io::Error::other("internal error: gzip detected twice"));
            };
            let compressed = BufReader::with_capacity(BUFFER, Cursor::new(held).chain(r));
            self.inner = Stream::Gzip(Box::new(MultiGzDecoder::new(compressed)));
            (self.start, self.end) = (0, 0);
        }
        Ok(is_gzip)
    }

    /// At least `n` bytes ahead (`n` ≤ the buffer), fewer only at the end of the stream; nothing
    /// is consumed.
    pub fn peek(&mut self, n: usize) -> io::Result<&[u8]> {
        debug_assert!(n <= self.buf.len());
        while self.end - self.start < n {
            if self.buf.len() - self.start < n {
                self.buf.copy_within(self.start..self.end, 0);
                (self.start, self.end) = (0, self.end - self.start);
            }
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => break,
                Ok(k) => self.end += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(&self.buf[self.start..self.end])
    }

    /// Consumes up to `n` bytes; returns how many there were before the end of the stream.
    pub fn skip(&mut self, mut n: u64) -> io::Result<u64> {
        let wanted = n;
        while n > 0 {
            let available = self.fill_buf()?.len();
            if available == 0 {
                break;
            }
            let k = available.min(usize::try_from(n).unwrap_or(usize::MAX));
            self.consume(k);
            n -= k as u64;
        }
        Ok(wanted - n)
    }
}

impl<R: Read> Read for Input<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start == self.end {
            (self.start, self.end) = (0, 0);
            loop {
                match self.inner.read(&mut self.buf) {
                    Ok(k) => {
                        self.end = k;
                        break;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(&self.buf[self.start..self.end])
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.end - self.start);
        self.start += n;
        self.pos += n as u64;
    }
}
