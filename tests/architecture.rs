//! The module graph of `src/`: no new cycle, and the layers' rule (`extract/` knows no site, the
//! exports know only the model, only `wasm/` knows browsers).
//!
//! The graph is read from the code, not compiled: a module is a file (a `mod.rs`, `lib.rs` or
//! `main.rs` is its folder's module; an inline `mod x { … }` belongs to its file), found by
//! following `mod` declarations from each crate root (`src/lib.rs`, `src/bin/…`). A module depends
//! on another when its code names it by a `crate::`, `super::`, `self::` or child-module path, in
//! a `use` or anywhere else. What is not an edge:
//! - test code: an item under `#[cfg(test)]` (the `mod tests` blocks, test-only helpers);
//! - a re-export (`pub use`, `pub(crate) use`): a path through it leads to the module that
//!   defines the item (`crate::article_key` is a dependency on `sites`, not on `lib.rs`), and a
//!   `#[macro_export]` macro (`crate::sel!`) to the module that defines it;
//! - a `mod` declaration (a parent holding its child);
//! - another crate (`caixin_sidebar::` from the CLI, `std::`, …): it cannot close a cycle.
//!
//! Cycles are the strongly connected components of the graph (Tarjan). Today's are listed in
//! `CYCLES`, edge by edge; a new edge inside a cycle fails, and so does a listed edge that is no
//! longer in one (remove it: the list only shrinks). Run: `cargo test --test architecture`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Today's cycles, as the edges that close them (`from`, `to`: files under `src/`), each with what
/// the dependency is. Issue 15 asks for none; remove an entry when its edge goes (the test says so).
const CYCLES: &[(&str, &str)] = &[];

/// The layers: no module under the first folder may depend on one under the second.
const LAYERS: &[(&str, &str, &str)] = &[
    ("extract/", "sites/", "the toolkit knows no site: a site's facts reach it as `SiteRules`"),
    ("extract/", "pipeline/", "the orchestrator runs the toolkit, not the other way round"),
    ("export/", "sites/", "an export is a view of the `Page` model: it knows no site"),
    ("export/", "extract/", "an export is a view of the `Page` model, not of the extraction"),
    ("export/", "pipeline/", "an export is a view of the `Page` model, not of the extraction"),
    ("model.rs", "", "the model is plain data: it depends on no module"),
];

/// Only `wasm/` knows browsers: no module outside it depends on it.
const BROWSER: &str = "wasm/";

/// Today's breaches of `LAYERS`, each with why it is still there; the list only shrinks.
const LAYER_BREACHES: &[(&str, &str)] = &[];

// ---------------------------------------------------------------------------------------------
// Tokens: identifiers, `::` and single punctuation; comments, strings, chars and lifetimes dropped.

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Sep,
    P(char),
}

struct Token {
    tok: Tok,
    line: usize,
}

fn lex(src: &str) -> Vec<Token> {
    let c: Vec<char> = src.chars().collect();
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    // Skips a (raw) string starting at `i` (at the `r`, `b` or quote); returns the index after it.
    let skip_string = |mut i: usize, line: &mut usize| -> usize {
        let raw = at(i) == 'r' || (at(i) == 'b' && at(i + 1) == 'r');
        while at(i) != '"' && at(i) != '#' {
            i += 1;
        }
        if raw {
            let mut hashes = 0;
            while at(i) == '#' {
                hashes += 1;
                i += 1;
            }
            i += 1; // the quote
            while i < c.len() {
                if at(i) == '\n' {
                    *line += 1;
                }
                if at(i) == '"' && (1..=hashes).all(|k| at(i + k) == '#') {
                    return i + 1 + hashes;
                }
                i += 1;
            }
            return i;
        }
        i += 1;
        while i < c.len() && at(i) != '"' {
            if at(i) == '\n' {
                *line += 1;
            }
            i += if at(i) == '\\' { 2 } else { 1 };
        }
        i + 1
    };
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && at(i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(at(i) == '\n');
                    i += 1;
                }
            }
        } else if ch == '"'
            || (ch == 'b' && at(i + 1) == '"')
            || ((ch == 'r' || (ch == 'b' && at(i + 1) == 'r')) && {
                let mut j = i + if ch == 'b' { 2 } else { 1 };
                while at(j) == '#' {
                    j += 1;
                }
                at(j) == '"'
            })
        {
            i = skip_string(i, &mut line);
        } else if ch == '\'' || (ch == 'b' && at(i + 1) == '\'') {
            let q = if ch == 'b' { i + 1 } else { i };
            if at(q + 1) == '\\' {
                // An escaped char: '\n', '\'', '\u{…}'.
                let mut j = q + 3;
                while j < c.len() && c[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
            } else if at(q + 2) == '\'' {
                i = q + 3; // 'x'
            } else {
                // A lifetime or label: drop the quote, the name is an identifier of no interest.
                i = q + 1;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
            }
        } else if ch.is_alphanumeric() || ch == '_' {
            if ch == 'r' && at(i + 1) == '#' && (at(i + 2).is_alphabetic() || at(i + 2) == '_') {
                i += 2; // r#ident
            }
            let from = i;
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            out.push(Token { tok: Tok::Ident(c[from..i].iter().collect()), line });
        } else if ch == ':' && at(i + 1) == ':' {
            out.push(Token { tok: Tok::Sep, line });
            i += 2;
        } else {
            out.push(Token { tok: Tok::P(ch), line });
            i += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Modules and the paths their code names.

/// A module's place: its crate (the root file) and its path of module names from the root.
type Logical = (String, Vec<String>);

#[derive(Default)]
struct Crate {
    /// Every module, inline ones too, → the file it lives in (relative to `src/`).
    modules: BTreeMap<Logical, String>,
    /// Re-exports: module → (name it is known by, the path it names, is a glob).
    reexports: BTreeMap<Logical, Vec<(String, Vec<String>, bool)>>,
    /// `macro_rules!` names → the file defining them (`#[macro_export]` puts them at the root).
    macros: BTreeMap<(String, String), String>,
    /// Paths named by code: (where, the path, is a `use`'s, `file:line` for messages).
    refs: Vec<(Logical, Vec<String>, bool, String)>,
}

fn ident(t: Option<&Token>) -> Option<&str> {
    match t.map(|t| &t.tok) {
        Some(Tok::Ident(s)) => Some(s),
        _ => None,
    }
}

fn is_p(t: Option<&Token>, p: char) -> bool {
    matches!(t.map(|t| &t.tok), Some(Tok::P(x)) if *x == p)
}

/// The index after the balanced group opening at `i` (`(`, `[` or `{`).
fn after_group(toks: &[Token], mut i: usize) -> usize {
    let mut depth = 0i32;
    while i < toks.len() {
        match toks[i].tok {
            Tok::P('(' | '[' | '{') => depth += 1,
            Tok::P(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// The index after the item starting at `i`: its `;`, or its body's closing brace.
fn after_item(toks: &[Token], mut i: usize) -> usize {
    while i < toks.len() {
        match toks[i].tok {
            Tok::P(';') => return i + 1,
            Tok::P('{') => return after_group(toks, i),
            Tok::P('(' | '[') => i = after_group(toks, i),
            _ => i += 1,
        }
    }
    i
}

/// Parses a `use` tree at `i` under `prefix`; pushes (name, path, glob) and returns the index after it.
fn use_tree(toks: &[Token], mut i: usize, mut prefix: Vec<String>, out: &mut Vec<(String, Vec<String>, bool)>) -> usize {
    if matches!(toks.get(i).map(|t| &t.tok), Some(Tok::Sep)) {
        i += 1; // a leading `::`: another crate
        prefix.push("::".into());
    }
    loop {
        match toks.get(i).map(|t| &t.tok) {
            Some(Tok::P('{')) => {
                i += 1;
                while !is_p(toks.get(i), '}') && i < toks.len() {
                    i = use_tree(toks, i, prefix.clone(), out);
                    if is_p(toks.get(i), ',') {
                        i += 1;
                    }
                }
                return i + 1;
            }
            Some(Tok::P('*')) => {
                out.push(("*".into(), prefix, true));
                return i + 1;
            }
            Some(Tok::P('$')) => i += 1, // `$crate` in a macro
            Some(Tok::Ident(s)) => {
                let s = s.clone();
                i += 1;
                if matches!(toks.get(i).map(|t| &t.tok), Some(Tok::Sep)) {
                    prefix.push(s);
                    i += 1;
                    continue;
                }
                let path = if s == "self" { prefix.clone() } else { [prefix.clone(), vec![s.clone()]].concat() };
                let mut name = if s == "self" { prefix.last().cloned().unwrap_or_default() } else { s };
                if ident(toks.get(i)) == Some("as") {
                    name = ident(toks.get(i + 1)).unwrap_or("_").to_string();
                    i += 2;
                }
                out.push((name, path, false));
                return i;
            }
            _ => return i + 1,
        }
    }
}

/// Reads one file of module `here`, recording its modules, re-exports, macros and paths, and
/// returns the outline child modules it declares (logical path, file).
fn read_module(src_dir: &Path, file: &str, here: &Logical, krate: &mut Crate) -> Vec<(Logical, String)> {
    let text = std::fs::read_to_string(src_dir.join(file)).unwrap_or_else(|e| panic!("src/{file}: {e}"));
    let toks = lex(&text);
    let own_dir = {
        let p = Path::new(file);
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
        if ["mod", "lib", "main"].contains(&stem.as_str()) || (file.starts_with("bin/") && !file[4..].contains('/')) {
            dir
        } else {
            dir.join(stem)
        }
    };
    let mut children = Vec::new();
    // Inline modules open here: (logical path, brace depth outside them).
    let mut scopes: Vec<(Logical, i32)> = vec![(here.clone(), -1)];
    let mut depth = 0;
    let mut i = 0;
    while i < toks.len() {
        let scope = scopes.last().unwrap().0.clone();
        let line = format!("src/{file}:{}", toks[i].line);
        match &toks[i].tok {
            Tok::P('#') => {
                let open = if is_p(toks.get(i + 1), '!') { i + 2 } else { i + 1 };
                if !is_p(toks.get(open), '[') {
                    i += 1;
                    continue;
                }
                let end = after_group(&toks, open);
                let attr: Vec<&Tok> = toks[open + 1..end - 1].iter().map(|t| &t.tok).collect();
                let cfg_test = attr == [&Tok::Ident("cfg".into()), &Tok::P('('), &Tok::Ident("test".into()), &Tok::P(')')];
                i = if cfg_test { after_item(&toks, end) } else { end };
            }
            Tok::P('{') => {
                depth += 1;
                i += 1;
            }
            Tok::P('}') => {
                depth -= 1;
                if scopes.len() > 1 && scopes.last().unwrap().1 == depth {
                    scopes.pop();
                }
                i += 1;
            }
            Tok::Ident(kw) if kw == "mod" && ident(toks.get(i + 1)).is_some() => {
                let name = ident(toks.get(i + 1)).unwrap().to_string();
                let child: Logical = (scope.0.clone(), [scope.1.clone(), vec![name.clone()]].concat());
                if is_p(toks.get(i + 2), '{') {
                    krate.modules.insert(child.clone(), file.to_string());
                    scopes.push((child, depth));
                    i += 2; // the brace is counted on the next turn
                } else {
                    let inline: Vec<String> = scope.1[here.1.len()..].to_vec();
                    let base = inline.iter().fold(own_dir.clone(), |d, m| d.join(m));
                    let found = [base.join(format!("{name}.rs")), base.join(&name).join("mod.rs")]
                        .into_iter()
                        .find(|p| src_dir.join(p).exists())
                        .unwrap_or_else(|| panic!("{line}: no file for `mod {name};`"));
                    children.push((child, found.to_string_lossy().replace('\\', "/")));
                    i += 3;
                }
            }
            Tok::Ident(kw) if kw == "macro_rules" && is_p(toks.get(i + 1), '!') => {
                if let Some(name) = ident(toks.get(i + 2)) {
                    krate.macros.insert((scope.0.clone(), name.to_string()), file.to_string());
                }
                i += 3;
            }
            Tok::Ident(kw) if kw == "use" && !is_p(toks.get(i + 1), '<') => {
                // `pub use` and `pub(…) use` re-export; a plain `use` is a dependency.
                let public = ident(i.checked_sub(1).and_then(|j| toks.get(j))) == Some("pub")
                    || (is_p(i.checked_sub(1).and_then(|j| toks.get(j)), ')')
                        && (2..6).any(|k| i.checked_sub(k).and_then(|j| ident(toks.get(j))) == Some("pub")));
                let mut entries = Vec::new();
                i = use_tree(&toks, i + 1, Vec::new(), &mut entries);
                for (name, path, glob) in entries {
                    if public {
                        krate.reexports.entry(scope.clone()).or_default().push((name, path, glob));
                    } else {
                        krate.refs.push((scope.clone(), path, true, line.clone()));
                    }
                }
            }
            Tok::Ident(_) | Tok::P('$') if !matches!(i.checked_sub(1).map(|j| &toks[j].tok), Some(Tok::Sep)) => {
                // A path: ident (:: ident)+, or `$crate::…` in a macro.
                let mut j = i;
                if is_p(toks.get(i), '$') {
                    if ident(toks.get(i + 1)) != Some("crate") {
                        i += 1;
                        continue;
                    }
                    j = i + 1;
                }
                let mut path = Vec::new();
                while let Some(s) = ident(toks.get(j)) {
                    path.push(s.to_string());
                    if matches!(toks.get(j + 1).map(|t| &t.tok), Some(Tok::Sep)) && ident(toks.get(j + 2)).is_some() {
                        j += 2;
                    } else {
                        break;
                    }
                }
                if path.len() >= 2 {
                    krate.refs.push((scope.clone(), path, false, line));
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    children
}

/// Every crate under `src/`: the library and each binary.
fn read_crates(src_dir: &Path) -> BTreeMap<String, Crate> {
    let mut roots = vec!["lib.rs".to_string()];
    for e in std::fs::read_dir(src_dir.join("bin")).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name.ends_with(".rs") {
            roots.push(format!("bin/{name}"));
        } else if e.path().join("main.rs").exists() {
            roots.push(format!("bin/{name}/main.rs"));
        }
    }
    let mut crates = BTreeMap::new();
    for root in roots {
        let mut krate = Crate::default();
        let top: Logical = (root.clone(), Vec::new());
        let mut queue = vec![(top, root.clone())];
        while let Some((logical, file)) = queue.pop() {
            krate.modules.insert(logical.clone(), file.clone());
            queue.extend(read_module(src_dir, &file, &logical, &mut krate));
        }
        crates.insert(root, krate);
    }
    crates
}

impl Crate {
    fn is_module(&self, l: &Logical) -> bool {
        self.modules.contains_key(l)
    }

    /// The module a path names from `scope`, following re-exports; `None` for another crate or
    /// a local name.
    fn resolve(&self, scope: &Logical, path: &[String], is_use: bool, hops: usize) -> Option<Logical> {
        let (krate, here) = scope;
        let mut cur: Vec<String>;
        let mut rest = path;
        match path.first()?.as_str() {
            "crate" => {
                cur = Vec::new();
                rest = &path[1..];
            }
            "self" => {
                cur = here.clone();
                rest = &path[1..];
            }
            "super" => {
                cur = here.clone();
                while rest.first().map(String::as_str) == Some("super") {
                    cur.pop()?;
                    rest = &rest[1..];
                }
            }
            first => {
                let child = [here.clone(), vec![first.to_string()]].concat();
                if !self.is_module(&(krate.clone(), child.clone())) {
                    return None;
                }
                cur = child;
                rest = &path[1..];
            }
        }
        // Descend through modules; a path's last name is an item unless a `use` names a module.
        while let Some(seg) = rest.first() {
            let next = [cur.clone(), vec![seg.clone()]].concat();
            if (rest.len() > 1 || is_use) && self.is_module(&(krate.clone(), next.clone())) {
                cur = next;
                rest = &rest[1..];
            } else {
                break;
            }
        }
        let module = (krate.clone(), cur);
        let Some(item) = rest.first() else { return Some(module) };
        if hops < 8 {
            if let Some((_, target, _)) = self.reexports.get(&module).and_then(|r| r.iter().find(|(name, _, glob)| !glob && name == item)) {
                let mut through = target.clone();
                through.extend(rest[1..].iter().cloned());
                return self.resolve(&module, &through, true, hops + 1).or(Some(module));
            }
        }
        if module.1.is_empty() {
            if let Some(file) = self.macros.get(&(krate.clone(), item.clone())) {
                return self.modules.iter().find(|(_, f)| *f == file).map(|(l, _)| l.clone());
            }
        }
        Some(module)
    }
}

/// Edges between files (`from` → `to`, both relative to `src/`), each with where it is named
/// (the first three places).
fn graph() -> BTreeMap<(String, String), Vec<String>> {
    let src_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut edges: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for krate in read_crates(&src_dir).values() {
        for (scope, path, is_use, at) in &krate.refs {
            let Some(target) = krate.resolve(scope, path, *is_use, 0) else { continue };
            let (from, to) = (&krate.modules[scope], &krate.modules[&target]);
            if from == to {
                continue;
            }
            let at = format!("{at} `{}`", path.join("::"));
            let named = edges.entry((from.clone(), to.clone())).or_default();
            if named.len() < 3 && !named.contains(&at) {
                named.push(at);
            }
        }
    }
    edges
}

/// Strongly connected components of more than one module (Tarjan), each sorted.
fn cycles(edges: &BTreeMap<(String, String), Vec<String>>) -> Vec<BTreeSet<String>> {
    struct Tarjan<'a> {
        next: BTreeMap<&'a str, Vec<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<BTreeSet<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.next.get(v).cloned().unwrap_or_default() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if self.on_stack.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut scc = BTreeSet::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    scc.insert(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if scc.len() > 1 {
                    self.out.push(scc);
                }
            }
        }
    }
    let mut t = Tarjan {
        next: BTreeMap::new(),
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for (from, to) in edges.keys() {
        t.next.entry(from.as_str()).or_default().push(to.as_str());
    }
    let nodes: Vec<&str> = edges.keys().flat_map(|(a, b)| [a.as_str(), b.as_str()]).collect();
    for v in nodes {
        if !t.index.contains_key(v) {
            t.visit(v);
        }
    }
    t.out.sort();
    t.out
}

/// The edges inside a cycle: both ends in the same strongly connected component.
fn cycle_edges(edges: &BTreeMap<(String, String), Vec<String>>) -> BTreeSet<(String, String)> {
    let sccs = cycles(edges);
    edges.keys().filter(|(a, b)| sccs.iter().any(|s| s.contains(a) && s.contains(b))).cloned().collect()
}

#[test]
fn no_module_cycle_but_the_listed_ones() {
    let edges = graph();
    let found = cycle_edges(&edges);
    let listed: BTreeSet<(String, String)> = CYCLES.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(listed.len(), CYCLES.len(), "CYCLES lists an edge twice");
    let mut problems = Vec::new();
    for e in found.difference(&listed) {
        problems.push(format!("new cycle edge {} → {} (named at {})", e.0, e.1, edges[e].join(", ")));
    }
    for e in listed.difference(&found) {
        problems.push(format!("{} → {} is no longer in a cycle: remove it from CYCLES", e.0, e.1));
    }
    let sccs: Vec<String> = cycles(&edges).iter().map(|s| s.iter().cloned().collect::<Vec<_>>().join(" ↔ ")).collect();
    assert!(problems.is_empty(), "{}\n\ncycles now:\n  {}", problems.join("\n"), sccs.join("\n  "));
}

#[test]
fn the_layers_depend_only_downwards() {
    let edges = graph();
    let breaches: BTreeSet<(String, String)> = edges
        .keys()
        .filter(|(from, to)| {
            LAYERS.iter().any(|(upper, lower, _)| from.starts_with(upper) && to.starts_with(lower))
                || (to.starts_with(BROWSER) && !from.starts_with(BROWSER))
        })
        .cloned()
        .collect();
    let allowed: BTreeSet<(String, String)> = LAYER_BREACHES.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    let mut problems = Vec::new();
    for e in breaches.difference(&allowed) {
        let why =
            LAYERS.iter().find(|(u, l, _)| e.0.starts_with(u) && e.1.starts_with(l)).map_or("only wasm/ knows browsers", |(_, _, why)| why);
        problems.push(format!("{} → {}: {why} (named at {})", e.0, e.1, edges[e].join(", ")));
    }
    for e in allowed.difference(&breaches) {
        problems.push(format!("{} → {} is gone: remove it from LAYER_BREACHES", e.0, e.1));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The reader itself, on code written for it: what counts as an edge and what does not.
#[test]
fn the_reader_sees_uses_paths_and_re_exports_but_not_tests_strings_or_comments() {
    let toks = lex(
        "let s = \"crate::a::b\"; // crate::c::d\n/* crate::e /* nested */ ::f */ let c = '{'; 'a: loop {} r#\"crate::g\"#; crate::h::i();",
    );
    let idents: Vec<&str> = toks.iter().filter_map(|t| ident(Some(t))).collect();
    assert_eq!(idents, ["let", "s", "let", "c", "loop", "crate", "h", "i"]);
    assert_eq!(toks.iter().filter(|t| t.tok == Tok::P('{')).count(), 1, "the '{{' char literal is no brace");

    let dir = std::env::temp_dir().join(format!("architecture-test-{}", std::process::id()));
    let write = |p: &str, s: &str| {
        let p: PathBuf = dir.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, s).unwrap();
    };
    write("lib.rs", "#![warn(missing_docs)]\nmod a; mod b; mod c; pub use c::helper;\n");
    write("a/mod.rs", "mod inner; pub struct Shared; pub(crate) use inner::f as inner_f;\n#[cfg(test)]\nmod tests { use crate::b::X; }\n");
    write("a/inner.rs", "use super::Shared; pub fn f() { crate::helper(); }\n");
    write(
        "b.rs",
        "pub struct X; fn g() { let _ = crate::a::Shared; crate::m!(); }\n#[cfg(test)]\nfn only_in_tests() { crate::c::helper(); }\n",
    );
    write("c.rs", "#[macro_export]\nmacro_rules! m { () => { $crate::c::helper() } }\npub fn helper() { let _ = \"crate::b::X\"; crate::a::inner_f(); }\n");
    let krate = read_crates(&dir).remove("lib.rs").unwrap();
    let mut edges = BTreeMap::new();
    for (scope, path, is_use, _) in &krate.refs {
        if let Some(t) = krate.resolve(scope, path, *is_use, 0) {
            let (from, to) = (krate.modules[scope].clone(), krate.modules[&t].clone());
            if from != to {
                edges.insert((from, to), Vec::new());
            }
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
    let got: BTreeSet<(&str, &str)> = edges.keys().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    // Not there: lib.rs → c.rs and a/mod.rs → a/inner.rs (re-exports), a/mod.rs → b.rs and
    // b.rs → c.rs (test code), c.rs → b.rs (a string). `crate::m!` leads to the macro's file,
    // `crate::a::inner_f` through the re-export to the function's.
    let want = BTreeSet::from([
        ("a/inner.rs", "a/mod.rs"),
        ("a/inner.rs", "c.rs"),
        ("b.rs", "a/mod.rs"),
        ("b.rs", "c.rs"),
        ("c.rs", "a/inner.rs"),
    ]);
    assert_eq!(got, want);
    let cycle: BTreeSet<String> = ["a/inner.rs", "c.rs"].map(String::from).into();
    assert_eq!(cycles(&edges), [cycle]);
}
