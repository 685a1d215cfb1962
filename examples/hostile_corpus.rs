//! `cargo run --release --example hostile_corpus -- DIR`: writes every hostile input of
//! `tests/hostile_cli.rs` into DIR (with one good page), for the peak-memory figure in
//! BENCHMARKS.md ("Batch export on hostile inputs"):
//!
//! ```sh
//! cargo build --release --bin caixin-export --example hostile_corpus
//! target/release/examples/hostile_corpus target/hostile
//! /usr/bin/time -f '%M KB peak, %e s' target/release/caixin-export -j 2 --format ndjson target/hostile > /dev/null
//! ```
//!
//! The large files are sparse or built from repeated gzip members: about 3 MB of disk. DIR is
//! emptied first.

#[path = "../tests/hostile/corpus.rs"]
mod corpus;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: hostile_corpus DIR"));
    let _ = std::fs::remove_dir_all(&dir);
    corpus::write_all(&dir);
    let used: u64 = std::fs::read_dir(&dir)
        .expect("DIR")
        .flatten()
        .filter_map(|e| std::fs::symlink_metadata(e.path()).ok())
        .map(|m| std::os::unix::fs::MetadataExt::blocks(&m) * 512)
        .sum();
    eprintln!("hostile corpus in {}: {:.1} MB on disk", dir.display(), used as f64 / 1e6);
}
