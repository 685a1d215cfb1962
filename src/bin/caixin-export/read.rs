//! A saved page's bytes, from a file or standard input, never more than the limit: a file is
//! looked at before it is opened (only a regular file is read: a FIFO would block, `/dev/zero`
//! never ends) and read through `take`, as standard input is.

use std::io::{self, Read};
use std::path::Path;

use caixin_sidebar::MAX_HTML_BYTES;

pub enum ReadFailure {
    Io(io::Error),
    /// The size on disk, over the limit.
    TooLarge(u64),
    /// Reading stopped one byte past the limit.
    OverLimit,
}

impl ReadFailure {
    /// The report, naming what was read (`"it"`, a file name, "standard input").
    pub fn describe(&self, subject: &str) -> String {
        match self {
            ReadFailure::Io(e) => format!("cannot read {subject}: {e}"),
            ReadFailure::TooLarge(n) => caixin_sidebar::Error::TooLarge(usize::try_from(*n).unwrap_or(usize::MAX)).to_string(),
            ReadFailure::OverLimit => format!(
                "the page is more than the {} MB this tool reads (reading stopped there); save a smaller page or a single article",
                MAX_HTML_BYTES >> 20
            ),
        }
    }
}

pub fn page_file(path: &Path) -> Result<Vec<u8>, ReadFailure> {
    let file = open(path).map_err(ReadFailure::Io)?;
    // A page over the limit is refused before it is read.
    match file.metadata() {
        Ok(m) if m.len() > MAX_HTML_BYTES as u64 => Err(ReadFailure::TooLarge(m.len())),
        _ => limited(file),
    }
}

pub fn page_stdin() -> Result<Vec<u8>, ReadFailure> {
    limited(io::stdin().lock())
}

/// At most one byte more than the limit is read: enough to know the page is too large.
fn limited(r: impl Read) -> Result<Vec<u8>, ReadFailure> {
    let mut bytes = Vec::new();
    r.take(MAX_HTML_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(ReadFailure::Io)?;
    if bytes.len() > MAX_HTML_BYTES {
        return Err(ReadFailure::OverLimit);
    }
    Ok(bytes)
}

#[cfg(not(target_arch = "wasm32"))]
fn open(path: &Path) -> io::Result<std::fs::File> {
    caixin_sidebar::warc::open_regular_file(path)
}

#[cfg(target_arch = "wasm32")]
fn open(path: &Path) -> io::Result<std::fs::File> {
    std::fs::File::open(path)
}
