//! The fuzz corpus on the stable toolchain: every committed input of `fuzz/corpus/<target>/` and
//! every saved failure of `fuzz/regressions/<target>/` goes through the very checks the cargo-fuzz
//! targets run (`fuzz/src/lib.rs`, included below), so CI catches a regression without nightly.
//! Then one test per bug the fuzzers found, named after it.

#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

/// Runs `check` on every file of the target's corpus and regressions; one failure names its file.
fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let corpus = files(&root.join("corpus").join(target));
    assert!(corpus.len() >= 10, "fuzz/corpus/{target} holds {} files: the committed corpus is missing", corpus.len());
    let all: Vec<PathBuf> = corpus.into_iter().chain(files(&root.join("regressions").join(target))).collect();
    let mut failed = Vec::new();
    for path in &all {
        let data = std::fs::read(path).unwrap();
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            failed.push(path.strip_prefix(&root).unwrap_or(path).display().to_string());
        }
    }
    assert!(failed.is_empty(), "{} of {} {target} inputs fail (messages above): {failed:?}", failed.len(), all.len());
}

#[test]
fn extract_corpus() {
    replay("extract", checks::extract);
}

#[test]
fn dates_corpus() {
    replay("dates", checks::dates);
}

#[test]
fn byline_corpus() {
    replay("byline", checks::byline);
}

#[test]
fn url_corpus() {
    replay("url", checks::url);
}

// Deep nesting (100,000 nested `<div>`s, a hang of over 20 s before issue 7) is guarded by
// tests/robustness.rs (`deep_nesting_is_flattened_and_the_page_still_listed`).
