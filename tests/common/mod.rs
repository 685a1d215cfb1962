//! Shared by the integration tests: the fixture folders and their pages.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub struct Fixture {
    pub dir: PathBuf,
    /// `<site>/<slug>`
    pub name: String,
    pub html: String,
    pub url: String,
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every `tests/fixtures/<site>/<slug>/` with a `source.html`, in name order.
pub fn all() -> Vec<Fixture> {
    let mut out = Vec::new();
    let mut sites: Vec<_> = std::fs::read_dir(root()).expect("tests/fixtures").flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    sites.sort();
    for site in sites {
        let mut slugs: Vec<_> =
            std::fs::read_dir(&site).expect("site dir").flatten().map(|e| e.path()).filter(|p| p.join("source.html").exists()).collect();
        slugs.sort();
        for dir in slugs {
            let name = format!("{}/{}", site.file_name().unwrap().to_string_lossy(), dir.file_name().unwrap().to_string_lossy());
            let html = std::fs::read_to_string(dir.join("source.html")).expect("source.html");
            let url = std::fs::read_to_string(dir.join("url.txt")).unwrap_or_else(|_| panic!("{name}: url.txt missing")).trim().to_string();
            out.push(Fixture { dir, name, html, url });
        }
    }
    out
}

pub fn get(name: &str) -> Fixture {
    all().into_iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no fixture {name}"))
}

/// A fresh directory under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// `caixin-<name>-<pid>`: unique per test process and test.
    pub fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("caixin-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
