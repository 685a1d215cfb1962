//! The few CSS selectors the passes and adapters use (`sel!("#artInfo, .artInfo")`), parsed and
//! matched here instead of by the `selectors` and `cssparser` crates: for these ~40 literals
//! those crates cost about 20 KB of the gzipped wasm (BENCHMARKS.md, "Wasm size").
//!
//! The grammar is the part of CSS the literals need, and a literal outside it fails to parse (a
//! test parses every `sel!` literal of `src/`):
//!
//! - a list of selectors separated by `,`;
//! - a selector is compound selectors separated by whitespace (the descendant combinator);
//! - a compound selector is an optional tag name, then any of `#id`, `.class`, `[attr]`,
//!   `[attr="value"]`, `[attr*="value"]` and `:not([attr])`.
//!
//! Matching follows what `scraper` did with `selectors` in no-quirks mode: ids and classes are
//! case-sensitive, tag names are matched in lower case, the value of `type` is compared without
//! ASCII case (HTML lists it among the attributes whose values are case-insensitive). A
//! document's matches come in the order of its node arena (`Html::select`'s order); an element's
//! in document order, itself excluded (`ElementRef::select`'s).

use scraper::{ElementRef, Html};

/// A parsed selector list.
#[derive(Debug)]
pub struct Query(Vec<Chain>);

/// Compound selectors joined by descendant combinators; the last one is the subject.
#[derive(Debug)]
struct Chain(Vec<Compound>);

#[derive(Debug, Default)]
struct Compound {
    tag: Option<String>,
    tests: Vec<Test>,
}

#[derive(Debug)]
enum Test {
    Id(String),
    Class(String),
    Has(String),
    Equals(String, String),
    Contains(String, String),
    Lacks(String),
}

impl Query {
    /// Parses a selector list in the grammar above; `Err` names what did not fit.
    pub fn parse(css: &str) -> Result<Query, String> {
        let mut p = Parser { s: css.as_bytes(), i: 0 };
        let mut chains = vec![];
        loop {
            chains.push(p.chain()?);
            p.spaces();
            match p.peek() {
                None => break,
                Some(b',') => p.i += 1,
                Some(c) => return Err(format!("unexpected '{}' at {} in {css:?}", c as char, p.i)),
            }
        }
        Ok(Query(chains))
    }

    /// Does this element match one of the selectors?
    pub fn matches(&self, el: ElementRef<'_>) -> bool {
        self.0.iter().any(|c| c.matches(el))
    }
}

impl Chain {
    fn matches(&self, el: ElementRef<'_>) -> bool {
        let Some((subject, rest)) = self.0.split_last() else { return false };
        if !subject.matches(el) {
            return false;
        }
        // Descendant combinators only: the nearest matching ancestor is always the best choice
        // (any farther one has fewer ancestors left for the parts before it).
        let mut ancestors = el.ancestors().filter_map(ElementRef::wrap);
        rest.iter().rev().all(|part| ancestors.any(|a| part.matches(a)))
    }
}

impl Compound {
    fn matches(&self, el: ElementRef<'_>) -> bool {
        let e = el.value();
        self.tag.as_deref().is_none_or(|t| e.name() == t)
            && self.tests.iter().all(|t| match t {
                Test::Id(id) => e.id() == Some(id.as_str()),
                Test::Class(c) => classes(e).any(|k| k == c),
                Test::Has(a) => attr(e, a).is_some(),
                Test::Lacks(a) => attr(e, a).is_none(),
                Test::Equals(a, v) if a == "type" => attr(e, a).is_some_and(|x| x.eq_ignore_ascii_case(v)),
                Test::Equals(a, v) => attr(e, a) == Some(v.as_str()),
                Test::Contains(a, v) => !v.is_empty() && attr(e, a).is_some_and(|x| x.contains(v.as_str())),
            })
    }
}

struct Parser<'s> {
    s: &'s [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn spaces(&mut self) -> bool {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
        self.i > start
    }

    fn name(&mut self) -> Result<String, String> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_') {
            self.i += 1;
        }
        match &self.s[start..self.i] {
            [] => Err(format!("a name expected at {}", start)),
            n => Ok(String::from_utf8_lossy(n).into_owned()),
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        match self.peek() {
            Some(x) if x == c => {
                self.i += 1;
                Ok(())
            }
            _ => Err(format!("'{}' expected at {}", c as char, self.i)),
        }
    }

    fn chain(&mut self) -> Result<Chain, String> {
        self.spaces();
        let mut parts = vec![self.compound()?];
        while self.spaces() && self.peek().is_some_and(|c| c != b',') {
            parts.push(self.compound()?);
        }
        Ok(Chain(parts))
    }

    fn compound(&mut self) -> Result<Compound, String> {
        let mut c = Compound::default();
        if self.peek().is_some_and(|x| x.is_ascii_alphabetic()) {
            c.tag = Some(self.name()?.to_ascii_lowercase());
        }
        loop {
            match self.peek() {
                Some(b'#') => {
                    self.i += 1;
                    c.tests.push(Test::Id(self.name()?));
                }
                Some(b'.') => {
                    self.i += 1;
                    c.tests.push(Test::Class(self.name()?));
                }
                Some(b'[') => c.tests.push(self.attribute()?),
                Some(b':') => {
                    self.i += 1;
                    if self.name()? != "not" {
                        return Err(format!("only :not([attr]) is supported, at {}", self.i));
                    }
                    self.expect(b'(')?;
                    let Test::Has(a) = self.attribute()? else { return Err(format!("only :not([attr]) is supported, at {}", self.i)) };
                    self.expect(b')')?;
                    c.tests.push(Test::Lacks(a));
                }
                _ => break,
            }
        }
        if c.tag.is_none() && c.tests.is_empty() {
            return Err(format!("a selector expected at {}", self.i));
        }
        Ok(c)
    }

    fn attribute(&mut self) -> Result<Test, String> {
        self.expect(b'[')?;
        let name = self.name()?.to_ascii_lowercase();
        let contains = match self.peek() {
            Some(b']') => {
                self.i += 1;
                return Ok(Test::Has(name));
            }
            Some(b'*') => {
                self.i += 1;
                true
            }
            _ => false,
        };
        self.expect(b'=')?;
        self.expect(b'"')?;
        let start = self.i;
        while self.peek().is_some_and(|c| c != b'"') {
            self.i += 1;
        }
        let value = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
        self.expect(b'"')?;
        self.expect(b']')?;
        Ok(if contains { Test::Contains(name, value) } else { Test::Equals(name, value) })
    }
}

/// `el.attr(name)` without interning `name` (scraper makes an atom of it, hashing it, on every
/// call): the same attribute, no prefix and no namespace, found by comparing names.
pub fn attr<'a>(el: &'a scraper::node::Element, name: &str) -> Option<&'a str> {
    el.attrs.iter().find(|(q, _)| q.prefix.is_none() && q.ns.is_empty() && &*q.local == name).map(|(_, v)| &**v)
}

/// The element's classes. Read from the attribute here rather than by `Element::classes`, whose
/// sorted, cached set costs a copy of the unstable sort in the wasm and is not needed for `any`.
pub fn classes(el: &scraper::node::Element) -> impl Iterator<Item = &str> {
    attr(el, "class").unwrap_or_default().split_ascii_whitespace()
}

/// `select` for [`Query`]: every match in a document or under an element.
pub trait Select<'a> {
    /// The matches, in the order described in the module comment.
    fn query(self, q: &'static Query) -> impl Iterator<Item = ElementRef<'a>> + 'a;
}

impl<'a> Select<'a> for &'a Html {
    fn query(self, q: &'static Query) -> impl Iterator<Item = ElementRef<'a>> + 'a {
        self.tree.nodes().filter_map(ElementRef::wrap).filter(move |e| q.matches(*e))
    }
}

impl<'a> Select<'a> for ElementRef<'a> {
    fn query(self, q: &'static Query) -> impl Iterator<Item = ElementRef<'a>> + 'a {
        self.descendants().skip(1).filter_map(ElementRef::wrap).filter(move |e| q.matches(*e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each query against the same one with scraper's `selectors`, on a page that exercises
    /// every part of the grammar.
    #[test]
    fn matches_what_scraper_matches() {
        let page = r#"<!DOCTYPE html><html lang="zh"><head><title>t</title>
            <script type="application/LD+json">{}</script><script src="x.js"></script><script>var a</script>
            <link rel="canonical" href="https://a/"><meta name="x" content="y"></head><body>
            <div id="appContent"><p style="display:none">a</p><p>b</p><div class="c-content-x">c</div></div>
            <dl class="pip_rel Pip"><dt>英文报道</dt><dd><a href="/1">one</a><a>none</a></dd></dl>
            <div class="artInfo"><span id="author_baidu">A</span><dd><a href="/2">two</a></dd></div>
            <dl class="media_pic"><img src="i.jpg"><dd>cap</dd></dl><a class="cost-uibtn" href="/p">pay</a>
            <div id="conTit"><h1>Title</h1></div><h1>Other</h1><time datetime="2020">x</time>
            <table><tr><td><a href="/fostered">in a table</a></td></tr></table><b><p>misnested</b></p>
            </body></html>"#;
        let doc = Html::parse_document(page);
        let cases = [
            "h1",
            "title",
            "html[lang]",
            "link[rel][href]",
            "meta[content]",
            r#"script[type="application/ld+json"]"#,
            "script:not([src])",
            "a[href]",
            "dd a[href]",
            "#conTit h1, #the_content h1",
            "#appContent p[style]",
            "#appContent p",
            "#appContent, .cons-box, [class*=\"c-content\"]",
            "dl.media_pic",
            "#chargeWall, .cx-paywall, a.cost-uibtn",
            ".artInfo, #artInfo, #Main_Content_Val",
            "#author_baidu, #pubtime_baidu, #editor_baidu",
            ".pip_rel",
            ".pip",
            "dt",
            "time[datetime]",
            "body div dd a",
            "b p",
        ];
        let names = |it: &mut dyn Iterator<Item = ElementRef<'_>>| {
            it.map(|e| format!("{}:{}", e.value().name(), e.text().collect::<String>())).collect::<Vec<_>>()
        };
        for css in cases {
            let q: &'static Query = Box::leak(Box::new(Query::parse(css).unwrap()));
            let theirs = scraper::Selector::parse(css).unwrap();
            assert_eq!(names(&mut doc.query(q)), names(&mut doc.select(&theirs)), "document, {css}");
            for scope in doc.root_element().descendants().filter_map(ElementRef::wrap) {
                assert_eq!(names(&mut scope.query(q)), names(&mut scope.select(&theirs)), "under <{}>, {css}", scope.value().name());
            }
        }
    }

    #[test]
    fn refuses_what_it_does_not_know() {
        for css in ["", "a >b", "a > b", "a + b", "a:first-child", "[x^=\"y\"]", "a,", "#", ":not(.x)", "[x=y]"] {
            assert!(Query::parse(css).is_err(), "{css:?} should not parse");
        }
    }

    /// Every `sel!` literal of `src/` parses (a literal outside the grammar would panic at its
    /// first use in the sidebar).
    #[test]
    fn every_literal_in_the_source_parses() {
        let mut seen = 0;
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
                let path = e.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.ends_with("extract/query.rs") {
                    continue; // this file names `sel!(` in prose and in these tests
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for (i, _) in text.match_indices("sel!(") {
                    let rest = &text[i + 5..];
                    let lit = if let Some(r) = rest.strip_prefix("r#\"") {
                        &r[..r.find("\"#").unwrap()]
                    } else if let Some(r) = rest.strip_prefix('"') {
                        &r[..r.find("\")").unwrap()]
                    } else {
                        // A constant: find its definition in the same file.
                        let name = &rest[..rest.find(')').unwrap()];
                        if name == "$css" {
                            continue;
                        }
                        let def = format!("const {name}: &str = \"");
                        let at = text.find(&def).unwrap_or_else(|| panic!("{}: no literal for sel!({name})", path.display())) + def.len();
                        &text[at..at + text[at..].find('"').unwrap()]
                    };
                    let lit = lit.replace("\\\"", "\"");
                    Query::parse(&lit).unwrap_or_else(|e| panic!("{}: sel!({lit:?}): {e}", path.display()));
                    seen += 1;
                }
            }
        }
        assert!(seen >= 30, "only {seen} literals found");
    }
}
