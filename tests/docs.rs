//! The documentation stays inside the repository: every relative link in a Markdown file leads to
//! a file or folder that exists here, none climbs out of the repository, and no file points to a
//! sibling folder outside it (the `shared` folder beside the checkout, where the project's first
//! notes lived).

use std::path::{Component, Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Folders that are built, downloaded or written by runs, not by us (git-ignored: also a `fuzz/`
/// build's `target` and a fuzzing campaign's logs, artifacts and working corpus).
const SKIP: [&str; 7] = ["target", "dist", "node_modules", "logs", "artifacts", "corpus-work", "coverage"];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        // Dot files are git's and editors' (a worktree's `.git` names where it lives), but `.ci/`
        // is ours.
        if name.starts_with('.') && name != ".ci" {
            continue;
        }
        if path.is_dir() {
            if !SKIP.contains(&name.as_str()) {
                files(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

fn all_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    files(Path::new(ROOT), &mut out);
    out
}

/// `path` with `.` and `..` resolved, or `None` if it climbs above the filesystem root.
fn lexical(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

#[test]
fn markdown_links_lead_to_files_in_the_repository() {
    let root = Path::new(ROOT);
    let link = regex_lite::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let mut checked = 0;
    for md in all_files().into_iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
        let text = std::fs::read_to_string(&md).unwrap();
        for c in link.captures_iter(&text) {
            let target = &c[1];
            if target.starts_with("http://") || target.starts_with("https://") || target.starts_with('#') || target.starts_with("mailto:") {
                continue;
            }
            let file = target.split('#').next().unwrap();
            let resolved = lexical(&md.parent().unwrap().join(file));
            let name = md.strip_prefix(root).unwrap().display().to_string();
            let resolved = resolved.unwrap_or_else(|| panic!("{name}: {target} leaves the file system"));
            assert!(resolved.starts_with(root), "{name}: {target} leads outside the repository");
            assert!(resolved.exists(), "{name}: {target} does not exist");
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} links found");
}

#[test]
fn no_file_points_outside_the_repository() {
    // Spelled in two parts so this file does not name them itself.
    let outside = [concat!("..", "/shared"), concat!("/work", "/shared"), "/work/main", "/work/wt/", "toolchain.md", "export-schema.md"];
    for path in all_files() {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        if path.ends_with("tests/docs.rs") {
            continue;
        }
        for o in outside {
            assert!(!text.contains(o), "{} mentions {o}", path.strip_prefix(ROOT).unwrap().display());
        }
    }
}
