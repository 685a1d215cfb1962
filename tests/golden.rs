//! Golden fixtures: `tests/fixtures/<site>/<slug>/source.html` + `url.txt` → `expected.json`.
//!
//! `BLESS=1 cargo test --test golden` rewrites every `expected.json` (review it as a git diff),
//! except the user's documents marked by a `CONTRACT` file, which are compared field by field for
//! the fields they hold and never rewritten. Failures name the fixture and the field path.

mod common;

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

#[test]
fn every_fixture_matches_its_expected_json() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    let fixtures = common::all();
    assert!(fixtures.len() >= 15, "fixtures went missing: {}", fixtures.len());
    for f in fixtures {
        let page = caixin_sidebar::extract(&f.html, &f.url).unwrap_or_else(|e| panic!("{}: {e}", f.name));
        let json = caixin_sidebar::export::render(&page, caixin_sidebar::export::Format::Json).unwrap();
        let got: Value = serde_json::from_str(&json).unwrap();
        let contract = f.dir.join("CONTRACT").exists();
        let expected_path = f.dir.join("expected.json");
        if bless && !contract {
            std::fs::write(&expected_path, &json).unwrap();
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&expected_path) else {
            failures.push(format!("{}: no expected.json (run BLESS=1 cargo test --test golden)", f.name));
            continue;
        };
        let want: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: expected.json: {e}", f.name));
        let mut out = Vec::new();
        diff("", &got, &want, contract, &mut out);
        failures.extend(out.into_iter().map(|d| format!("{}: {d}", f.name)));
    }
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn output_is_deterministic() {
    for f in common::all() {
        let a = caixin_sidebar::export::render(&caixin_sidebar::extract(&f.html, &f.url).unwrap(), caixin_sidebar::export::Format::Json)
            .unwrap();
        let b = caixin_sidebar::export::render(&caixin_sidebar::extract(&f.html, &f.url).unwrap(), caixin_sidebar::export::Format::Json)
            .unwrap();
        assert_eq!(a, b, "{}", f.name);
    }
}
