//! The inputs of a batch, in the order they will be read: the arguments in command-line order,
//! each directory walked recursively with its entries sorted by name.

use std::path::{Path, PathBuf};

/// Names that make a file found in a directory a page. A file named on the command line is a page
/// whatever its name (unless it is a WARC file).
const PAGE_EXTENSIONS: [&str; 3] = ["html", "htm", "shtml"];

#[derive(Debug)]
pub enum Source {
    /// A saved page: its address comes from its `<link rel=canonical>` or `og:url`.
    Page(PathBuf),
    /// A saved page on standard input (`-`).
    Stdin,
    /// A web archive, plain or gzip-compressed: every HTML response from a Caixin host is a page.
    Warc(PathBuf),
    /// A path that could not be listed or looked at (reported, the run goes on).
    Unreadable(PathBuf, String),
}

impl Source {
    /// Bytes on disk, for the progress bar (0 when unknown).
    pub fn size(&self) -> u64 {
        match self {
            Source::Page(p) | Source::Warc(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            Source::Stdin | Source::Unreadable(..) => 0,
        }
    }
}

/// `.warc` or `.warc.gz` (any case). Whether the bytes are compressed is read from the file itself.
pub fn is_warc_name(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

fn is_page_name(path: &Path) -> bool {
    path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).is_some_and(|e| PAGE_EXTENSIONS.contains(&e.as_str()))
}

/// One command-line argument as one source, without walking directories: what single-file mode
/// needs to decide whether it applies.
pub fn is_single_page(arg: &str) -> bool {
    arg == "-" || (!Path::new(arg).is_dir() && !is_warc_name(Path::new(arg)))
}

pub fn expand(args: &[String]) -> Vec<Source> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            out.push(Source::Stdin);
            continue;
        }
        let path = PathBuf::from(arg);
        match std::fs::metadata(&path) {
            Err(e) => out.push(Source::Unreadable(path, e.to_string())),
            Ok(m) if m.is_dir() => walk(&path, &mut out),
            Ok(_) if is_warc_name(&path) => out.push(Source::Warc(path)),
            Ok(_) => out.push(Source::Page(path)),
        }
    }
    out
}

/// Pages (`.html`, `.htm`, `.shtml`) and archives (`.warc`, `.warc.gz`) under `dir`, depth first,
/// entries sorted by file name (byte order) so that the output order does not depend on the file
/// system. Symbolic links are followed (walkdir reports loops). Other files are not inputs.
fn walk(dir: &Path, out: &mut Vec<Source>) {
    for entry in walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        match entry {
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
                out.push(Source::Unreadable(path, e.to_string()));
            }
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) if is_warc_name(e.path()) => out.push(Source::Warc(e.into_path())),
            Ok(e) if is_page_name(e.path()) => out.push(Source::Page(e.into_path())),
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_warc_name(Path::new("a/crawl.WARC.gz")));
        assert!(is_warc_name(Path::new("crawl.warc")));
        assert!(!is_warc_name(Path::new("crawl.warc.zst")));
        assert!(is_page_name(Path::new("x/index.HTM")));
        assert!(is_page_name(Path::new("x/a.shtml")));
        assert!(!is_page_name(Path::new("x/url.txt")));
        assert!(!is_page_name(Path::new("x/html")));
    }
}
