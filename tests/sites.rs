//! The site adapters and the repository agree: every site in `SITES` has its fixture folder, its
//! manifest host line and its schema id, as README's "Adding a site" — the one list of the steps
//! — says; no other document keeps a list of its own; and no word or class of a site stands in a
//! generic pass (`src/extract/`, `src/pipeline/`; the toolkit names no site at all): a site's
//! vocabulary lives in its adapter.

use std::path::Path;

use caixin_sidebar::known_sites;
use regex_lite::Regex;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text of a Markdown section, from its `## ` heading to the next.
fn section<'a>(md: &'a str, heading: &str) -> &'a str {
    let start = md.find(&format!("\n## {heading}\n")).unwrap_or_else(|| panic!("no section {heading}"));
    let rest = &md[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3);
    &rest[..end]
}

#[test]
fn every_site_has_its_fixtures_its_host_line_and_its_schema_id() {
    let sites = known_sites::all();
    assert!(sites.len() >= 2);
    let fixtures = Path::new(ROOT).join("tests/fixtures");
    let manifest: serde_json::Value = serde_json::from_str(&read("extension/manifest.json")).unwrap();
    let hosts: Vec<String> = manifest["host_permissions"]
        .as_array()
        .expect("host_permissions")
        .iter()
        .map(|p| {
            let p = p.as_str().unwrap();
            let host = p.split("://").nth(1).and_then(|r| r.split('/').next()).unwrap_or_else(|| panic!("pattern {p}"));
            host.trim_start_matches("*.").to_string()
        })
        .collect();
    let schema: serde_json::Value = serde_json::from_str(&read("docs/page-v1.schema.json")).unwrap();
    let ids = schema.to_string();
    for site in &sites {
        let id = site.as_str();
        let dir = fixtures.join(id);
        let pages = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("{id}: no fixture folder tests/fixtures/{id}/"))
            .flatten()
            .filter(|e| e.path().join("source.html").exists() && e.path().join("url.txt").exists())
            .count();
        assert!(pages > 0, "{id}: no fixture with source.html and url.txt");
        assert!(hosts.iter().any(|h| known_sites::serves(*site, h)), "{id}: no host_permissions line in extension/manifest.json");
        assert!(ids.contains(&format!("\"{id}\"")), "{id}: not in the site enum of docs/page-v1.schema.json");
    }
    // And the other way round: no host line or fixture folder of a site the core does not know.
    for h in &hosts {
        assert!(sites.iter().any(|s| known_sites::serves(*s, h)), "host_permissions: {h} belongs to no site in SITES");
    }
    // Folders of pages (a page folder holds source.html); `storage/` holds stored-data samples.
    let holds_pages = |d: &std::path::Path| std::fs::read_dir(d).is_ok_and(|r| r.flatten().any(|p| p.path().join("source.html").exists()));
    for e in std::fs::read_dir(&fixtures).unwrap().flatten().filter(|e| holds_pages(&e.path())) {
        let name = e.file_name().to_string_lossy().to_string();
        assert!(name == "other" || sites.iter().any(|s| s.as_str() == name), "tests/fixtures/{name}/ is no site's");
    }
}

#[test]
fn the_readme_holds_the_one_list_of_steps_for_adding_a_site() {
    let readme = read("README.md");
    let steps = section(&readme, "Adding a site");
    let numbered = Regex::new(r"(?m)^\d+\. ").unwrap();
    assert!(numbered.find_iter(steps).count() >= 4, "README: the steps are a numbered list");
    // Each thing the test above checks, and the adapter, is a step.
    for needed in [
        "src/sites/<site>.rs",
        "SiteRules",
        "vocabulary()",
        "SITES",
        "model::Site",
        "docs/page-v1.schema.json",
        "tests/fixtures/<site>/",
        "url.txt",
        "BLESS=1",
        "host_permissions",
    ] {
        assert!(steps.contains(needed), "README, Adding a site: no mention of {needed}");
    }
    // The other places that speak of it point to the README instead of keeping a list.
    let contributing = read("CONTRIBUTING.md");
    let theirs = section(&contributing, "Adding a site");
    assert!(theirs.contains("README.md#adding-a-site"), "CONTRIBUTING.md: Adding a site points to the README");
    assert!(numbered.find(theirs).is_none(), "CONTRIBUTING.md keeps a list of its own:\n{theirs}");
    let sites_mod = read("src/sites/mod.rs");
    assert!(sites_mod.contains("README.md, \"Adding a site\""), "src/sites/mod.rs points to the README");
}

/// The code of a generic pass: without its tests and comments.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let code = text.split("#[cfg(test)]").next().unwrap_or(&text);
    code.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

#[test]
fn no_site_word_stands_in_a_generic_pass() {
    let literal = Regex::new(r#""(?:[^"\\]|\\.)*""#).unwrap();
    let mut words: Vec<(String, &str)> = Vec::new();
    for site in known_sites::all() {
        let id = site.as_str();
        assert!(!known_sites::words(site).is_empty() || !known_sites::marks(site).is_empty(), "{id}: an empty vocabulary");
        words.extend(known_sites::words(site).into_iter().chain(known_sites::marks(site)).map(|w| (w.to_lowercase(), id)));
    }
    // The toolkit names no site at all (the pipeline may say "not a Caixin page": it is the
    // product's orchestrator, and knows `SITES`).
    let names = [("caixin".to_string(), "a site's name"), ("财新".to_string(), "a site's name")];
    let mut checked = 0;
    let mut found = Vec::new();
    for dir in ["src/extract", "src/pipeline"] {
        for e in std::fs::read_dir(Path::new(ROOT).join(dir)).unwrap().flatten() {
            let path = e.path();
            if path.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let code = code_of(&path);
            for lit in literal.find_iter(&code) {
                checked += 1;
                let l = lit.as_str().to_lowercase();
                let toolkit = dir == "src/extract";
                for (w, site) in words.iter().chain(names.iter().filter(|_| toolkit)) {
                    if l.contains(w.as_str()) {
                        found.push(format!("{}: {} holds {w:?} ({site})", path.strip_prefix(ROOT).unwrap().display(), lit.as_str()));
                    }
                }
            }
        }
    }
    assert!(checked > 200, "only {checked} literals read");
    assert!(found.is_empty(), "site words in generic passes (move them to the site's vocabulary):\n{}", found.join("\n"));
}
