//! Every export of every fixture, read back by a real parser: JSON against the JSON Schema,
//! NDJSON line by line, CSV with the `csv` reader, Markdown with pulldown-cmark and its front
//! matter with serde_yaml, CSL-JSON as JSON with the fields reference managers need.

mod common;

use caixin_sidebar::export::{self, Format};
use caixin_sidebar::Page;
use serde_json::Value;

fn pages() -> Vec<(String, Page)> {
    common::all().into_iter().map(|f| (f.name.clone(), caixin_sidebar::extract(&f.html, &f.url).unwrap())).collect()
}

fn validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema/page-v1.schema.json")).unwrap())
            .unwrap();
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[test]
fn json_exports_validate_against_the_schema() {
    let v = validator();
    for (name, page) in pages() {
        let json: Value = serde_json::from_str(&export::render(&page, Format::Json).unwrap()).unwrap();
        let errors: Vec<String> = v.iter_errors(&json).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{name}: {}", errors.join("\n"));
        // Round trip: the JSON reads back into the same model.
        let back: Page = serde_json::from_value(json).unwrap();
        assert_eq!(back, page, "{name}");
    }
}

#[test]
fn the_schema_rejects_what_the_contract_forbids() {
    let v = validator();
    let page =
        caixin_sidebar::extract(&common::get("caixin-global/cx-tech-2020-11-27").html, "https://www.caixinglobal.com/live/").unwrap();
    let good: Value = serde_json::to_value(&page).unwrap();
    let mut renamed = good.clone();
    let art = renamed["articles"][0].as_object_mut().unwrap();
    let t = art.remove("title").unwrap();
    art.insert("headline".into(), t);
    assert!(!v.is_valid(&renamed), "a renamed field must fail");
    let mut bad_date = good.clone();
    bad_date["articles"][0]["published"] = Value::String("Nov 27, 2020".into());
    assert!(!v.is_valid(&bad_date));
    let mut js_link = good;
    js_link["articles"][0]["url"] = Value::String("javascript:alert(1)".into());
    assert!(!v.is_valid(&js_link));
}

#[test]
fn ndjson_is_one_article_per_line() {
    for (name, page) in pages() {
        let text = export::render(&page, Format::Ndjson).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), page.articles.len(), "{name}");
        for (line, a) in lines.iter().zip(&page.articles) {
            let back: caixin_sidebar::Article = serde_json::from_str(line).unwrap();
            assert_eq!(&back, a, "{name}");
        }
    }
}

#[test]
fn csv_reads_back_with_bom_header_and_neutralised_formulas() {
    for (name, page) in pages() {
        let text = export::render(&page, Format::Csv).unwrap();
        assert!(text.starts_with('\u{feff}'), "{name}: BOM");
        let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(header, export::csv::HEADER, "{name}");
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), page.articles.len(), "{name}");
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        for (row, a) in rows.iter().zip(&page.articles) {
            assert_eq!(row.get(col("title")).unwrap(), export::csv::neutralise(a.title.as_deref().unwrap_or("")), "{name}");
            assert_eq!(row.get(col("authors")).unwrap(), export::csv::neutralise(&a.authors.join("; ")), "{name}");
            assert_eq!(row.get(col("body")).unwrap(), export::csv::neutralise(&a.body.join("\n\n")), "{name}");
            assert_eq!(row.get(col("url_date")).unwrap(), a.url_date.as_deref().unwrap_or(""), "{name}");
            for cell in row.iter() {
                assert!(!cell.starts_with(['=', '+', '-', '@']), "{name}: formula cell {cell:?}");
            }
        }
    }
}

#[test]
fn csv_neutralises_formula_injection() {
    let mut page =
        caixin_sidebar::extract(&common::get("caixin-global/cx-tech-2020-11-27").html, "https://www.caixinglobal.com/live/").unwrap();
    page.articles[0].title = Some("=HYPERLINK(\"http://evil\",\"x\")".into());
    page.articles[0].summary = Some("@SUM(A1:A2)".into());
    let text = export::render(&page, Format::Csv).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(row.get(col("title")).unwrap(), "'=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(row.get(col("summary")).unwrap(), "'@SUM(A1:A2)");
}

#[test]
fn markdown_front_matter_and_sections_parse() {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    for (name, page) in pages() {
        let md = export::render(&page, Format::Markdown).unwrap();
        let rest = md.strip_prefix("---\n").unwrap_or_else(|| panic!("{name}: no front matter"));
        let end = rest.find("\n---\n").unwrap();
        let fm: serde_yaml::Value = serde_yaml::from_str(&rest[..end]).unwrap_or_else(|e| panic!("{name}: front matter: {e}"));
        assert_eq!(fm["url"].as_str(), Some(page.page.url.as_str()), "{name}");
        assert_eq!(fm["kind"].as_str(), Some(page.page.kind.as_str()), "{name}");
        assert_eq!(fm["articles"].as_u64(), Some(page.articles.len() as u64), "{name}");
        assert_eq!(fm["title"].as_str(), page.page.title.as_deref(), "{name}");
        // One level-2 heading per article, whose text is the article's title.
        let mut titles = Vec::new();
        let mut in_h2 = false;
        let mut links = Vec::new();
        for ev in Parser::new(&rest[end + 5..]) {
            match ev {
                Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }) => {
                    in_h2 = true;
                    titles.push(String::new());
                }
                Event::End(TagEnd::Heading(HeadingLevel::H2)) => in_h2 = false,
                Event::Text(t) if in_h2 => titles.last_mut().unwrap().push_str(&t),
                Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
                Event::Html(h) | Event::InlineHtml(h) => panic!("{name}: page text became HTML: {h}"),
                _ => {}
            }
        }
        let want: Vec<String> = page.articles.iter().map(|a| a.title.clone().unwrap_or_else(|| "(untitled)".into())).collect();
        assert_eq!(titles, want, "{name}");
        assert!(links.iter().all(|l| l.starts_with("http://") || l.starts_with("https://")), "{name}: {links:?}");
    }
}

#[test]
fn csl_json_items_have_what_zotero_imports() {
    for (name, page) in pages() {
        let v: Value = serde_json::from_str(&export::render(&page, Format::Csl).unwrap()).unwrap();
        let items = v.as_array().unwrap();
        assert_eq!(items.len(), page.articles.len(), "{name}");
        let mut ids = std::collections::HashSet::new();
        for (it, a) in items.iter().zip(&page.articles) {
            assert_eq!(it["type"], "article-newspaper", "{name}");
            assert!(ids.insert(it["id"].as_str().unwrap().to_string()), "{name}: duplicate id");
            assert_eq!(it["title"].as_str(), a.title.as_deref(), "{name}");
            assert_eq!(it["URL"].as_str(), a.url.as_deref(), "{name}");
            if let Some(p) = &a.published {
                let parts = &it["issued"]["date-parts"][0];
                let n = |i: usize| parts[i].as_i64().unwrap();
                assert_eq!(format!("{}-{:02}-{:02}", n(0), n(1), n(2)), p[..10], "{name}");
            }
            let names: Vec<&str> =
                it["author"].as_array().map(|v| v.iter().map(|n| n["literal"].as_str().unwrap()).collect()).unwrap_or_default();
            assert_eq!(names, a.authors, "{name}");
        }
    }
}

#[test]
fn file_names_say_site_kind_and_newest_date() {
    let page =
        caixin_sidebar::extract(&common::get("caixin-global/cx-tech-2020-11-27").html, "https://www.caixinglobal.com/live/").unwrap();
    assert_eq!(export::file_name(&page, Format::Json), "caixin-global-listing-2020-11-27.json");
    assert_eq!(export::file_name(&page, Format::Csl), "caixin-global-listing-2020-11-27.csl.json");
}
