//! Golden fixtures: `tests/fixtures/<site>/<slug>/source.html` + `url.txt` → `expected.json`.
//!
//! One test per page (a libtest-mimic harness), so a page can be run and reported alone:
//! `cargo test --test golden cx-tech` runs the seed page's tests, `cargo test --test golden --
//! --list` names them all. A failure names the page and lists the differing fields by path.
//!
//! `BLESS=1 cargo test --test golden` rewrites every `expected.json` (review it as a git diff),
//! except the user's documents marked by a `CONTRACT` file, which are compared field by field for
//! the fields they hold and never rewritten.
//!
//! Each family of fixtures (`tests/fixtures/<family>/`) has a `README.md` saying where each page
//! came from; a folder it does not list (or a line naming no folder) fails here.

mod common;

use std::sync::Arc;

use libtest_mimic::{Failed, Trial};
use serde_json::Value;

/// Compares `want` against `got`; with `subset`, keys missing from `want` are not checked.
fn diff(path: &str, got: &Value, want: &Value, subset: bool, out: &mut Vec<String>) {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for (k, wv) in w {
                match g.get(k) {
                    Some(gv) => diff(&format!("{path}.{k}"), gv, wv, subset, out),
                    None => out.push(format!("{path}.{k}: missing")),
                }
            }
            if !subset {
                for k in g.keys().filter(|k| !w.contains_key(*k)) {
                    out.push(format!("{path}.{k}: not expected (got {})", short(&g[k])));
                }
            }
        }
        (Value::Array(g), Value::Array(w)) => {
            if g.len() != w.len() {
                out.push(format!("{path}: {} items, expected {}", g.len(), w.len()));
            }
            for (i, (gv, wv)) in g.iter().zip(w).enumerate() {
                diff(&format!("{path}[{i}]"), gv, wv, subset, out);
            }
        }
        _ if got != want => out.push(format!("{path}: got {}, expected {}", short(got), short(want))),
        _ => {}
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 120 {
        format!("{}…", s.chars().take(120).collect::<String>())
    } else {
        s
    }
}

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let bless = std::env::var_os("BLESS").is_some();
    let fixtures: Vec<Arc<common::Fixture>> = common::all().into_iter().map(Arc::new).collect();
    let count = fixtures.len();
    let mut trials = vec![Trial::test("no fixture went missing", move || {
        if count >= 15 {
            Ok(())
        } else {
            Err(format!("fixtures went missing: {count}").into())
        }
    })];
    for f in &fixtures {
        let g = Arc::clone(f);
        trials.push(Trial::test(f.name.clone(), move || matches_expected(&g, bless)).with_kind("golden"));
        let d = Arc::clone(f);
        trials.push(Trial::test(f.name.clone(), move || deterministic(&d)).with_kind("deterministic"));
    }
    for family in families() {
        let name = format!("{family}/README.md");
        trials.push(Trial::test(name, move || provenance_lists_every_folder(&family)).with_kind("provenance"));
    }
    libtest_mimic::run(&args, trials).exit();
}

fn json_of(f: &common::Fixture) -> Result<String, Failed> {
    let page = caixin_sidebar::extract(&f.html, &f.url).map_err(|e| format!("{}: {e}", f.name))?;
    Ok(caixin_sidebar::render(&page, caixin_sidebar::export::Format::Json).map_err(|e| format!("{}: {e}", f.name))?)
}

/// The page's JSON export against its `expected.json` (or, with `BLESS`, written to it).
fn matches_expected(f: &common::Fixture, bless: bool) -> Result<(), Failed> {
    let json = json_of(f)?;
    let got: Value = serde_json::from_str(&json).map_err(|e| format!("{}: export is not JSON: {e}", f.name))?;
    let contract = f.dir.join("CONTRACT").exists();
    let expected_path = f.dir.join("expected.json");
    if bless && !contract {
        std::fs::write(&expected_path, &json).map_err(|e| format!("{}: {e}", expected_path.display()))?;
        return Ok(());
    }
    let Ok(text) = std::fs::read_to_string(&expected_path) else {
        return Err(format!("{}: no expected.json (run BLESS=1 cargo test --test golden)", f.name).into());
    };
    let want: Value = serde_json::from_str(&text).map_err(|e| format!("{}: expected.json: {e}", f.name))?;
    let mut out = Vec::new();
    diff("", &got, &want, contract, &mut out);
    if out.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = out.into_iter().map(|d| format!("{}: {d}", f.name)).collect();
    Err(format!("{} differences:\n{}", lines.len(), lines.join("\n")).into())
}

/// The same page gives the same bytes.
fn deterministic(f: &common::Fixture) -> Result<(), Failed> {
    let (a, b) = (json_of(f)?, json_of(f)?);
    if a == b {
        Ok(())
    } else {
        let line = a.lines().zip(b.lines()).take_while(|(x, y)| x == y).count() + 1;
        Err(format!("{}: two extractions differ from line {line} of the JSON export", f.name).into())
    }
}

/// The names of the folders in `dir`, sorted.
fn folders(dir: &std::path::Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// The folders of `tests/fixtures/`: one per family (a site, or `other`).
fn families() -> Vec<String> {
    folders(&common::root())
}

/// A family's `README.md` has one entry (a line starting with ``- `<folder>` ``) for each of its
/// fixture folders, and none for a folder that is not there: whoever adds a page says where it
/// came from.
fn provenance_lists_every_folder(family: &str) -> Result<(), Failed> {
    let dir = common::root().join(family);
    let readme = std::fs::read_to_string(dir.join("README.md"))
        .map_err(|_| format!("tests/fixtures/{family}/README.md is missing: it says where each page of the family came from"))?;
    let listed: Vec<&str> = readme.lines().filter_map(|l| l.strip_prefix("- `")?.split('`').next()).collect();
    let folders = folders(&dir);
    let mut problems = Vec::new();
    for f in &folders {
        match listed.iter().filter(|l| **l == f.as_str()).count() {
            0 => problems.push(format!("{family}/{f}: not in {family}/README.md (add a line \"- `{f}` — where the page came from\")")),
            1 => {}
            n => problems.push(format!("{family}/{f}: listed {n} times in {family}/README.md")),
        }
    }
    for l in listed.iter().filter(|l| !folders.iter().any(|f| f == *l)) {
        problems.push(format!("{family}/README.md lists `{l}`, which is not a folder of tests/fixtures/{family}/"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}
