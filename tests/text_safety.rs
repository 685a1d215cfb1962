//! Page text cannot spoof the reader: bidi controls and other invisible characters are gone from
//! every field of every export, wherever on the page they were put (text, attributes, links,
//! mailto addresses, JSON-LD), and CSV formula neutralising still sees a formula hidden behind them.

mod common;

use caixin_sidebar::export::Format;
use caixin_sidebar::Page;
use serde_json::Value;

const FORMATS: [&str; 5] = ["json", "csv", "md", "ndjson", "csl"];

/// What a hostile page inserts: an override with a word, a pop, isolates, zero-width characters,
/// a soft hyphen, a terminal escape and a tag character.
const HOSTILE: &str = "\u{202e}evil\u{202c}\u{2066}\u{200b}\u{feff}\u{ad}\u{200e}\u{1b}\u{e0041}\u{2069}";

/// Characters none of the outputs may hold (ZWJ / ZWNJ are judged by their neighbours in
/// `normalize`; `HOSTILE` never puts them next to something they could join).
fn forbidden(c: char) -> bool {
    (c.is_control() && !c.is_whitespace())
        || matches!(c as u32, 0xAD | 0x061C | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xE0000..=0xE007F)
}

fn bad_chars(s: &str) -> Vec<String> {
    s.chars().filter(|&c| forbidden(c)).map(|c| format!("U+{:04X}", c as u32)).collect()
}

/// Every string in a JSON value with its path (JSON escapes control characters, so the raw text
/// alone would hide an ESC).
fn strings(v: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(s) => out.push((path.to_string(), s.clone())),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| strings(x, &format!("{path}[{i}]"), out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| strings(x, &format!("{path}.{k}"), out)),
        _ => {}
    }
}

/// Every export format of `page` holds none of the forbidden characters (the CSV's leading BOM
/// is ours, not the page's).
fn assert_clean(name: &str, page: &Page) {
    let mut fields = Vec::new();
    strings(&serde_json::to_value(page).unwrap(), "", &mut fields);
    for (path, s) in &fields {
        assert!(bad_chars(s).is_empty(), "{name}: {path} = {s:?} holds {:?}", bad_chars(s));
    }
    for f in FORMATS {
        let text = caixin_sidebar::render(page, Format::parse(f).unwrap()).unwrap();
        let text = text.strip_prefix('\u{feff}').filter(|_| f == "csv").unwrap_or(&text);
        assert!(bad_chars(text).is_empty(), "{name}: the {f} export holds {:?}", bad_chars(text));
        if f == "json" || f == "csl" {
            let mut fields = Vec::new();
            strings(&serde_json::from_str(text).unwrap(), "", &mut fields);
            assert!(fields.iter().all(|(_, s)| bad_chars(s).is_empty()), "{name}: {f}");
        }
    }
}

/// `html` with `marker` at the start of every text node, in every `alt`, `title` and `content`
/// value, and at the start of every JSON-LD string value (not `@type`: a page that hides its own
/// type only hides its metadata from us). With `links`, also in every `href`, `src` and mailto
/// address; article links get it in their query (kept in `url`), so they still read as articles.
/// Class names and ids are left alone, so the site adapters still recognise their markup.
fn poison(html: &str, marker: &str, links: bool) -> String {
    let text = regex_lite::Regex::new(r"(<[^>]*>)([^<\s])").unwrap();
    let html = text.replace_all(html, |c: &regex_lite::Captures| {
        // Script text is code or JSON-LD (poisoned below, as JSON), not text for the reader.
        let marker = if c[1].starts_with("<script") { "" } else { marker };
        format!("{}{marker}{}", &c[1], &c[2])
    });
    let link = |value: &str| -> String {
        if !links {
            value.to_string()
        } else if (value.contains(".htm") || value.contains("/archives/")) && !value.contains('?') {
            format!("{value}?q={marker}")
        } else if let Some(address) = value.strip_prefix("mailto:") {
            format!("mailto:{marker}{address}")
        } else {
            format!("{marker}{value}")
        }
    };
    let attr = regex_lite::Regex::new(r#"\b(href|src|data-src|content|alt|title)="([^"]*)""#).unwrap();
    let html = attr.replace_all(&html, |c: &regex_lite::Captures| {
        let (name, value) = (&c[1], &c[2]);
        let value = if matches!(name, "href" | "src" | "data-src") { link(value) } else { format!("{marker}{value}") };
        format!("{name}=\"{value}\"")
    });
    // In JSON a control character must be escaped, or the JSON-LD would not parse at all.
    let escaped = serde_json::to_string(marker).unwrap();
    let escaped = &escaped[1..escaped.len() - 1];
    let ld = regex_lite::Regex::new(r#""([^"@][^"]*)":\s*"([^"]*)""#).unwrap();
    ld.replace_all(&html, |c: &regex_lite::Captures| {
        let (key, value) = (&c[1], &c[2]);
        let value = if matches!(key, "url" | "image") { link(value).replace(marker, escaped) } else { format!("{escaped}{value}") };
        format!("\"{key}\":\"{value}\"")
    })
    .into_owned()
}

#[test]
fn a_byline_with_a_right_to_left_override_reaches_no_export() {
    let f = common::get("caixin-global/cx-tech-2020-11-27");
    let html = f.html.replace(">Ding Yi<", ">Ding Yi\u{202e}evil\u{202c}<");
    assert!(html.len() > f.html.len(), "the seed has bylines by Ding Yi");
    let page = caixin_sidebar::extract(&html, &f.url).unwrap();
    let a = page.articles.iter().find(|a| a.authors.iter().any(|n| n.starts_with("Ding Yi"))).expect("an article by Ding Yi");
    // The letters stay (they are the page's); the override that would show them as "Ding Yilive" goes.
    assert_eq!(a.authors, ["Ding Yievil"]);
    assert_eq!(a.byline.as_deref(), Some("Ding Yievil"));
    assert_clean("seed with a bidi byline", &page);
    for fmt in FORMATS {
        let text = caixin_sidebar::render(&page, Format::parse(fmt).unwrap()).unwrap();
        assert!(text.contains("Ding Yievil"), "{fmt}");
    }
}

#[test]
fn invisible_characters_change_nothing_that_is_read() {
    let invisible: String = HOSTILE.replace("evil", "");
    for f in common::all() {
        let clean = caixin_sidebar::extract(&f.html, &f.url).unwrap();
        let page = caixin_sidebar::extract(&poison(&f.html, &invisible, false), &f.url).unwrap();
        assert_eq!(page, clean, "{}", f.name);
    }
}

#[test]
fn invisible_characters_anywhere_on_any_fixture_reach_no_export() {
    let (mut read, mut titled, mut linked) = (0, 0, 0);
    for f in common::all() {
        let page = caixin_sidebar::extract(&poison(&f.html, HOSTILE, true), &f.url).unwrap();
        assert_clean(&f.name, &page);
        let json = serde_json::to_string(&page).unwrap();
        read += usize::from(!page.articles.is_empty());
        titled += usize::from(page.articles.iter().any(|a| a.title.as_deref().is_some_and(|t| t.contains("evil"))));
        linked += usize::from(json.contains("%E2%80%AEevil%E2%80%AC"));
    }
    // The poison went where the text and the links are: titles hold its visible word, links hold
    // the controls percent-encoded (as a browser sends them).
    assert!(read >= 10 && titled == read && linked >= 8, "{read} pages read, {titled} with poisoned titles, {linked} with poisoned links");
}

#[test]
fn csv_still_neutralises_a_formula_hidden_behind_a_bidi_control() {
    let html = "<html lang=\"en\"><body><div>\
        <h2><a href=\"/2020-11-27/x-101633418.html\">\u{202e}=HYPERLINK(\"http://evil.example\",\"x\")</a></h2>\
        <p>Ding Yi / Nov 27, 2020 07:03 PM / \u{2066}@SUM(A1)\u{2069}</p>\
        <p>\u{200b}+1 paragraph one.</p><p>Paragraph two.</p></div></body></html>";
    // The address as given may hold them too (a saved page's canonical link, a pasted URL).
    let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/\u{202e}x").unwrap();
    assert_eq!(page.page.url, "https://www.caixinglobal.com/live/%E2%80%AEx");
    let a = &page.articles[0];
    assert_eq!(a.title.as_deref(), Some("=HYPERLINK(\"http://evil.example\",\"x\")"));
    let csv = caixin_sidebar::render(&page, Format::Csv).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
    let row = r.records().next().unwrap().unwrap();
    let cell = |name: &str| row.get(header.iter().position(|h| h == name).unwrap()).unwrap().to_string();
    assert_eq!(cell("title"), "'=HYPERLINK(\"http://evil.example\",\"x\")");
    assert_eq!(cell("section"), "'@SUM(A1)");
    assert!(cell("body").starts_with("'+1 paragraph one."), "{}", cell("body"));
    assert_clean("formula page", &page);
}
