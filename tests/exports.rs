//! Every export of every fixture, read back by a real parser: JSON against the JSON Schema,
//! NDJSON line by line, CSV with the `csv` reader, Markdown with pulldown-cmark and its front
//! matter with serde_yaml, CSL-JSON as JSON with the fields reference managers need. Then the
//! typed layers each format prints (CSL items, CSV rows, NDJSON lines, the JSON document, the
//! Markdown front matter and sections) and the helpers for many pages or sources, against what
//! the collection and the batch CLI wrote by reading the text back.

mod common;

use caixin_sidebar::export::{self, Format};
use caixin_sidebar::Page;
use serde_json::Value;

fn pages() -> Vec<(String, Page)> {
    common::all().into_iter().map(|f| (f.name.clone(), caixin_sidebar::extract(&f.html, &f.url).unwrap())).collect()
}

fn validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/page-v1.schema.json")).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[test]
fn json_exports_validate_against_the_schema() {
    let v = validator();
    for (name, page) in pages() {
        let json: Value = serde_json::from_str(&caixin_sidebar::render(&page, Format::Json).unwrap()).unwrap();
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
    let mut js_link = good.clone();
    js_link["articles"][0]["url"] = Value::String("javascript:alert(1)".into());
    assert!(!v.is_valid(&js_link));
    // The fields added later: an export written before them is still a valid document; their
    // values are held to the contract.
    let mut earlier = good.clone();
    for a in earlier["articles"].as_array_mut().unwrap() {
        let a = a.as_object_mut().unwrap();
        for f in ["updated", "translations", "key"] {
            assert!(a.remove(f).is_some(), "{f} is exported");
        }
    }
    assert!(v.is_valid(&earlier), "an export without the added fields");
    let mut bad_updated = good.clone();
    bad_updated["articles"][0]["updated"] = Value::String("更新于 2026年03月12日".into());
    assert!(!v.is_valid(&bad_updated));
    let mut js_translation = good;
    js_translation["articles"][0]["translations"] = serde_json::json!([{ "lang": "en", "url": "javascript:alert(1)", "title": null }]);
    assert!(!v.is_valid(&js_translation));
}

#[test]
fn ndjson_is_one_article_per_line() {
    for (name, page) in pages() {
        let text = caixin_sidebar::render(&page, Format::Ndjson).unwrap();
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
        let text = caixin_sidebar::render(&page, Format::Csv).unwrap();
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
    let text = caixin_sidebar::render(&page, Format::Csv).unwrap();
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
        let md = caixin_sidebar::render(&page, Format::Markdown).unwrap();
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
        let v: Value = serde_json::from_str(&caixin_sidebar::render(&page, Format::Csl).unwrap()).unwrap();
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

// Every field of every format, on a page built by hand: exact output, so that any change in what an
// export says is noticed (cargo-mutants: see RELIABILITY.md).

use caixin_sidebar::{Contact, Image, Link, PageInfo, PageKind, Role, Site, Translation, Trending};

fn full_article() -> caixin_sidebar::Article {
    caixin_sidebar::Article {
        id: Some("101633418".into()),
        url: Some("https://www.caixinglobal.com/2020-11-27/alibaba-101633418.html".into()),
        title: Some("Alibaba’s *Healthcare* Unit".into()),
        section: Some("Business & Tech".into()),
        byline: Some("By Ding Yi and Qu Hui".into()),
        authors: vec!["Ding Yi".into(), "Qu Hui".into()],
        published: Some("2020-11-27T19:03:00+08:00".into()),
        published_text: Some("Nov 27, 2020 07:03 PM".into()),
        url_date: Some("2020-11-27".into()),
        summary: Some("=1+1 profit".into()),
        body: vec!["- first; with a semicolon".into(), "1. second".into()],
        images: vec![
            Image { url: "https://img.caixin.com/a.jpg".into(), caption: Some("A".into()), credit: None },
            Image { url: "https://img.caixin.com/b.jpg".into(), caption: None, credit: Some("Photo: VCG".into()) },
        ],
        related: vec![
            Link { title: "More [news]".into(), url: Some("https://www.caixinglobal.com/2020-11-26/x-101633000.html".into()) },
            Link { title: "Offline".into(), url: None },
        ],
        contacts: vec![
            Contact { role: "reporter".into(), name: "Ding Yi".into(), email: Some("yiding@caixin.com".into()) },
            Contact { role: "editor".into(), name: "Heather Mowbray".into(), email: None },
        ],
        trending: Some(Trending { hashtag: Some("#熊猫#".into()), ..Trending::default() }),
        word_count: 7,
        paywalled: true,
        truncated: true,
        full_story_url: Some("https://www.caixinglobal.com/2020-11-27/full <101633418>.html".into()),
        tags: vec!["特稿".into(), "封面报道".into()],
        role: Role::Story,
        updated: Some("2020-11-28T08:15:00+08:00".into()),
        translations: vec![
            Translation {
                lang: "zh".into(),
                url: "https://www.caixin.com/2020-11-27/101633400.html".into(),
                title: Some("阿里健康*扭亏*".into()),
            },
            Translation { lang: "en".into(), url: "https://www.caixinglobal.com/2020-11-27/b-101633401.html".into(), title: None },
        ],
        key: Some("www.caixinglobal.com/2020-11-27/alibaba-101633418.html".into()),
    }
}

fn hand_page(site: Site, language: Option<&str>) -> Page {
    Page {
        schema: "caixin-sidebar.page/1".into(),
        page: PageInfo {
            url: "https://www.caixinglobal.com/live/".into(),
            site,
            kind: PageKind::Listing,
            title: Some("CX Tech | Caixin".into()),
            language: language.map(Into::into),
        },
        articles: vec![full_article(), caixin_sidebar::Article::default()],
        warnings: vec!["1 of 1 list entries show no date".into()],
    }
}

#[test]
fn format_names_extensions_and_media_types() {
    let names = [
        ("json", Format::Json),
        ("JSON", Format::Json),
        ("ndjson", Format::Ndjson),
        ("jsonl", Format::Ndjson),
        ("csv", Format::Csv),
        ("md", Format::Markdown),
        ("Markdown", Format::Markdown),
        ("csl", Format::Csl),
        ("csl-json", Format::Csl),
        ("csljson", Format::Csl),
    ];
    for (name, format) in names {
        assert_eq!(Format::parse(name), Some(format), "{name}");
    }
    for bad in ["", "xml", "txt", "json "] {
        assert_eq!(Format::parse(bad), None, "{bad:?}");
    }
    let ext: Vec<&str> = [Format::Json, Format::Ndjson, Format::Csv, Format::Markdown, Format::Csl].map(Format::extension).to_vec();
    assert_eq!(ext, ["json", "ndjson", "csv", "md", "csl.json"]);
    let mime: Vec<&str> = [Format::Json, Format::Ndjson, Format::Csv, Format::Markdown, Format::Csl].map(Format::mime).to_vec();
    assert_eq!(
        mime,
        ["application/json", "application/x-ndjson", "text/csv;charset=utf-8", "text/markdown;charset=utf-8", "application/json"]
    );
}

#[test]
fn file_names_of_undated_and_mixed_pages() {
    let mut page = hand_page(Site::CaixinCn, None);
    page.page.kind = PageKind::Article;
    assert_eq!(export::file_name(&page, Format::Markdown), "caixin-cn-article-2020-11-27.md");
    page.articles[1].published = Some("2021-01-02".into());
    assert_eq!(export::file_name(&page, Format::Ndjson), "caixin-cn-article-2021-01-02.ndjson", "the newest date");
    page.articles.iter_mut().for_each(|a| a.published = None);
    page.page.site = Site::Other;
    page.page.kind = PageKind::Unknown;
    assert_eq!(export::file_name(&page, Format::Csv), "other-unknown-undated.csv");
}

#[test]
fn a_subset_keeps_the_page_and_the_chosen_articles_in_the_order_given() {
    let page = hand_page(Site::CaixinGlobal, Some("en"));
    let sub = export::subset(&page, &[1, 0, 7]);
    assert_eq!(sub.articles, [page.articles[1].clone(), page.articles[0].clone()]);
    assert_eq!((sub.page, sub.warnings, sub.schema), (page.page.clone(), page.warnings.clone(), page.schema.clone()));
    assert!(export::subset(&page, &[]).articles.is_empty());
}

#[test]
fn render_dispatches_to_each_format() {
    let page = hand_page(Site::CaixinGlobal, Some("en"));
    let json = caixin_sidebar::render(&page, Format::Json).unwrap();
    assert_eq!(json, format!("{}\n", serde_json::to_string_pretty(&page).unwrap()));
    let ndjson = caixin_sidebar::render(&page, Format::Ndjson).unwrap();
    let want: String = page.articles.iter().map(|a| format!("{}\n", serde_json::to_string(a).unwrap())).collect();
    assert_eq!(ndjson, want);
    assert!(caixin_sidebar::render(&page, Format::Csv).unwrap().starts_with("\u{feff}id,url,title,"));
    assert!(caixin_sidebar::render(&page, Format::Markdown).unwrap().starts_with("---\nschema: \"caixin-sidebar.page/1\"\n"));
    let csl = caixin_sidebar::render(&page, Format::Csl).unwrap();
    assert!(csl.starts_with("[\n  {\n") && csl.contains("\n    \"id\": \"caixin-101633418\",\n"), "{csl}");
    assert_eq!(export::ExportError("boom".into()).to_string(), "could not write the export: boom");
}

#[test]
fn csv_every_column() {
    let page = hand_page(Site::CaixinGlobal, Some("en"));
    let text = caixin_sidebar::render(&page, Format::Csv).unwrap();
    assert!(text.ends_with("\r\n"), "CRLF rows");
    let mut r = csv::Reader::from_reader(text.strip_prefix('\u{feff}').unwrap().as_bytes());
    let header = r.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let cells =
        |i: usize| -> Vec<(String, String)> { header.iter().zip(rows[i].iter()).map(|(h, c)| (h.to_string(), c.to_string())).collect() };
    let want = [
        ("id", "101633418"),
        ("url", "https://www.caixinglobal.com/2020-11-27/alibaba-101633418.html"),
        ("title", "Alibaba’s *Healthcare* Unit"),
        ("section", "Business & Tech"),
        ("byline", "By Ding Yi and Qu Hui"),
        ("authors", "Ding Yi; Qu Hui"),
        ("published", "2020-11-27T19:03:00+08:00"),
        ("published_text", "Nov 27, 2020 07:03 PM"),
        ("url_date", "2020-11-27"),
        ("summary", "'=1+1 profit"),
        ("body", "'- first; with a semicolon\n\n1. second"),
        ("images", "https://img.caixin.com/a.jpg; https://img.caixin.com/b.jpg"),
        ("related", "More [news] <https://www.caixinglobal.com/2020-11-26/x-101633000.html>; Offline"),
        ("contacts", "reporter: Ding Yi <yiding@caixin.com>; editor: Heather Mowbray"),
        ("trending_hashtag", "#熊猫#"),
        ("word_count", "7"),
        ("paywalled", "true"),
        ("truncated", "true"),
        ("full_story_url", "https://www.caixinglobal.com/2020-11-27/full <101633418>.html"),
        ("tags", "特稿; 封面报道"),
        ("role", "story"),
        ("page_url", "https://www.caixinglobal.com/live/"),
        ("updated", "2020-11-28T08:15:00+08:00"),
        (
            "translations",
            "zh: 阿里健康*扭亏* <https://www.caixin.com/2020-11-27/101633400.html>; en: <https://www.caixinglobal.com/2020-11-27/b-101633401.html>",
        ),
        ("key", "www.caixinglobal.com/2020-11-27/alibaba-101633418.html"),
    ];
    assert_eq!(cells(0), want.map(|(h, c)| (h.to_string(), c.to_string())));
    let empty: Vec<(String, String)> = header
        .iter()
        .map(|h| {
            let c = match h {
                "word_count" => "0",
                "paywalled" | "truncated" => "false",
                "role" => "teaser",
                "page_url" => "https://www.caixinglobal.com/live/",
                _ => "",
            };
            (h.to_string(), c.to_string())
        })
        .collect();
    assert_eq!(cells(1), empty);
}

#[test]
fn csv_neutralises_every_formula_start_and_nothing_else() {
    for cell in ["=1", "+1", "-1", "@a", "\tx", "\rx"] {
        assert_eq!(export::csv::neutralise(cell), format!("'{cell}"), "{cell:?}");
    }
    for cell in ["", "a=1", " =1", "'=1", "1-2", "#x"] {
        assert_eq!(export::csv::neutralise(cell), cell, "{cell:?}");
    }
}

#[test]
fn markdown_whole_document() {
    let md = caixin_sidebar::render(&hand_page(Site::CaixinGlobal, Some("en")), Format::Markdown).unwrap();
    let want = r#"---
schema: "caixin-sidebar.page/1"
url: "https://www.caixinglobal.com/live/"
site: "caixin-global"
kind: "listing"
title: "CX Tech | Caixin"
language: "en"
articles: 2
---

# CX Tech \| Caixin

## [Alibaba’s \*Healthcare\* Unit](<https://www.caixinglobal.com/2020-11-27/alibaba-101633418.html>)

*Ding Yi, Qu Hui · Nov 27, 2020 07:03 PM · Business & Tech · updated 2020-11-28T08:15:00+08:00 · paywalled*

> \=1+1 profit

\- first; with a semicolon

1\. second

- Related: [More \[news\]](<https://www.caixinglobal.com/2020-11-26/x-101633000.html>)
- Related: Offline
- [Full story](<https://www.caixinglobal.com/2020-11-27/full%20%3C101633418%3E.html>)
- Translation (zh): [阿里健康\*扭亏\*](<https://www.caixin.com/2020-11-27/101633400.html>)
- Translation (en): [https://www.caixinglobal.com/2020-11-27/b-101633401.html](<https://www.caixinglobal.com/2020-11-27/b-101633401.html>)
- reporter: Ding Yi
- editor: Heather Mowbray

## (untitled)


---

Warnings:

- 1 of 1 list entries show no date
"#;
    assert_eq!(md, want);
    // A Markdown reader finds the five links, each leading to its address.
    let links: Vec<String> = pulldown_cmark::Parser::new(&md)
        .filter_map(|ev| match ev {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(
        links,
        [
            "https://www.caixinglobal.com/2020-11-27/alibaba-101633418.html",
            "https://www.caixinglobal.com/2020-11-26/x-101633000.html",
            "https://www.caixinglobal.com/2020-11-27/full%20%3C101633418%3E.html",
            "https://www.caixin.com/2020-11-27/101633400.html",
            "https://www.caixinglobal.com/2020-11-27/b-101633401.html",
        ]
    );
    // Without a title the page is headed by its address; without warnings there is no such part;
    // the date as written is preferred, else the machine date.
    let mut page = hand_page(Site::CaixinCn, None);
    page.page.title = None;
    page.warnings.clear();
    page.articles[0].published_text = None;
    page.articles[0].paywalled = false;
    page.articles[0].authors.clear();
    page.articles[0].updated = None;
    let md = caixin_sidebar::render(&page, Format::Markdown).unwrap();
    assert!(md.contains("\ntitle: null\nlanguage: null\n"), "{md}");
    assert!(md.contains("\n# https://www.caixinglobal.com/live/\n"), "{md}");
    assert!(md.contains("\n*2020-11-27T19:03:00+08:00 · Business & Tech*\n"), "{md}");
    assert!(!md.contains("Warnings"), "{md}");
}

#[test]
fn markdown_escapes_what_would_be_syntax() {
    let e = export::markdown::escape;
    assert_eq!(e(r"a\b`c*d_e[f]g<h>i|j~k"), r"a\\b\`c\*d\_e\[f\]g\<h\>i\|j\~k");
    for start in ["#", "+", "-", "="] {
        assert_eq!(e(&format!("{start}x{start}")), format!("\\{start}x{start}"), "only at the start: {start}");
    }
    assert_eq!(e("1. one"), r"1\. one");
    assert_eq!(e("2020. The year"), r"2020\. The year");
    assert_eq!(e(". x"), ". x");
    assert_eq!(e("a1. x"), "a1. x");
    assert_eq!(e("1.5 and 2. x"), "1.5 and 2. x");
    assert_eq!(e("1."), "1.");
    assert_eq!(e(""), "");
}

#[test]
fn csl_every_field_and_the_container_of_each_site() {
    let item = |site: Site, lang: Option<&str>| -> Vec<Value> {
        serde_json::from_str::<Value>(&caixin_sidebar::render(&hand_page(site, lang), Format::Csl).unwrap())
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    let items = item(Site::CaixinGlobal, Some("en"));
    assert_eq!(
        items[0],
        serde_json::json!({
            "id": "caixin-101633418",
            "type": "article-newspaper",
            "title": "Alibaba’s *Healthcare* Unit",
            "container-title": "Caixin Global",
            "publisher": "Caixin Media",
            "author": [{ "literal": "Ding Yi" }, { "literal": "Qu Hui" }],
            "issued": { "date-parts": [[2020, 11, 27]] },
            "URL": "https://www.caixinglobal.com/2020-11-27/alibaba-101633418.html",
            "section": "Business & Tech",
            "abstract": "=1+1 profit",
            "language": "en"
        })
    );
    assert_eq!(
        items[1],
        serde_json::json!({ "id": "item-2", "type": "article-newspaper", "container-title": "Caixin Global", "publisher": "Caixin Media", "language": "en" })
    );
    let cn = item(Site::CaixinCn, Some("zh-CN"));
    assert_eq!((&cn[0]["container-title"], &cn[0]["publisher"]), (&Value::from("财新网"), &Value::from("财新传媒")));
    let en = item(Site::CaixinCn, Some("en"));
    // The English pages of caixin.com name the publisher in English.
    assert_eq!((&en[0]["container-title"], &en[0]["publisher"]), (&Value::from("Caixin"), &Value::from("Caixin Media")));
    let other = item(Site::Other, None);
    assert!(other[0].get("container-title").is_none() && other[0].get("publisher").is_none() && other[0].get("language").is_none());
    assert!(caixin_sidebar::render(&hand_page(Site::Other, None), Format::Csl).unwrap().ends_with("]\n"));
}

#[test]
fn csl_dates_are_read_from_the_beijing_day() {
    let issued = |published: &str| {
        let mut page = hand_page(Site::CaixinGlobal, None);
        page.articles[0].published = Some(published.into());
        let v: Value = serde_json::from_str(&caixin_sidebar::render(&page, Format::Csl).unwrap()).unwrap();
        v[0].get("issued").cloned()
    };
    assert_eq!(issued("2020-11-27"), Some(serde_json::json!({ "date-parts": [[2020, 11, 27]] })));
    assert_eq!(issued("2020-01-02T00:30:00+08:00"), Some(serde_json::json!({ "date-parts": [[2020, 1, 2]] })));
    assert_eq!(issued("2020-11"), None, "too short");
    assert_eq!(issued("2020-11-xx"), None, "not three numbers");
}

// The typed layers: what `render` prints is the typed values, and the helpers for many pages or
// sources give what the collection and the batch CLI wrote before by reading text back.

use caixin_sidebar::export::{csl, csv as csv_export, json, markdown, ndjson};

/// The CSL item of a page's article as it was written before the typed layer: the page's export
/// read back (the old collection and batch code did this).
fn csl_values(page: &Page) -> Vec<Value> {
    serde_json::from_str::<Value>(&caixin_sidebar::render(page, Format::Csl).unwrap()).unwrap().as_array().unwrap().clone()
}

#[test]
fn csl_items_are_the_articles_fields_and_print_as_the_export() {
    for (name, page) in pages() {
        let items = caixin_sidebar::csl_items(&page);
        assert_eq!(items.len(), page.articles.len(), "{name}");
        let publisher = caixin_sidebar::publisher(page.page.site, page.page.language.as_deref());
        for (i, (it, a)) in items.iter().zip(&page.articles).enumerate() {
            let want_id = a.id.as_ref().map_or(format!("item-{}", i + 1), |id| format!("caixin-{id}"));
            assert_eq!(it.id.to_string(), want_id, "{name}");
            assert_eq!((&it.title, &it.url, &it.section, &it.r#abstract), (&a.title, &a.url, &a.section, &a.summary), "{name}");
            assert_eq!(it.author.iter().map(|n| n.literal.as_str()).collect::<Vec<_>>(), a.authors, "{name}");
            assert_eq!(it.language, page.page.language, "{name}");
            assert_eq!(it.container_title.as_deref(), publisher.map(|p| p.container_title), "{name}");
            assert_eq!(it.publisher.as_deref(), publisher.map(|p| p.name), "{name}");
            assert_eq!(it.r#type, "article-newspaper");
            if let Some(d) = &it.issued {
                let [y, m, day] = d.date_parts[0];
                assert_eq!(format!("{y:04}-{m:02}-{day:02}"), a.published.as_deref().unwrap()[..10], "{name}");
            }
        }
        let text = caixin_sidebar::render(&page, Format::Csl).unwrap();
        assert_eq!(csl::to_json(&items).unwrap(), text, "{name}");
        // The keys stay in the order this export has always written (sorted, as a JSON map prints).
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(serde_json::to_string_pretty(&v).unwrap() + "\n", text, "{name}: key order changed");
    }
}

#[test]
fn csl_of_the_hand_page_byte_for_byte() {
    let csl = caixin_sidebar::render(&hand_page(Site::CaixinGlobal, Some("en")), Format::Csl).unwrap();
    let want = r#"[
  {
    "URL": "https://www.caixinglobal.com/2020-11-27/alibaba-101633418.html",
    "abstract": "=1+1 profit",
    "author": [
      {
        "literal": "Ding Yi"
      },
      {
        "literal": "Qu Hui"
      }
    ],
    "container-title": "Caixin Global",
    "id": "caixin-101633418",
    "issued": {
      "date-parts": [
        [
          2020,
          11,
          27
        ]
      ]
    },
    "language": "en",
    "publisher": "Caixin Media",
    "section": "Business & Tech",
    "title": "Alibaba’s *Healthcare* Unit",
    "type": "article-newspaper"
  },
  {
    "container-title": "Caixin Global",
    "id": "item-2",
    "language": "en",
    "publisher": "Caixin Media",
    "type": "article-newspaper"
  }
]
"#;
    assert_eq!(csl, want);
    // The export layer alone knows no publisher: without one, the items name none.
    let bare = export::render(&hand_page(Site::CaixinGlobal, Some("en")), Format::Csl, None).unwrap();
    assert!(!bare.contains("container-title") && !bare.contains("\"publisher\""), "{bare}");
}

#[test]
fn csl_items_for_a_collection_are_each_articles_own_source_with_ids_unique_across_it() {
    // Every fixture article, collected from alternating sites and languages (as the sidebar's
    // collection holds them), against what the collection wrote before: one page per article
    // rendered and read back, `item-N` renumbered by place in the collection.
    let pages = pages();
    let sources = [(Site::CaixinGlobal, Some("en")), (Site::CaixinCn, Some("zh-CN")), (Site::CaixinCn, Some("en")), (Site::Other, None)];
    let mut want = Vec::new();
    let mut set = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (n, a) in pages.iter().flat_map(|(_, p)| &p.articles).enumerate() {
        let (site, lang) = sources[n % sources.len()];
        let mut one = hand_page(site, lang);
        one.articles = vec![a.clone()];
        let mut it = csl_values(&one).remove(0);
        if it["id"].as_str().unwrap().starts_with("item-") {
            it["id"] = Value::from(format!("item-{}", n + 1));
        }
        if seen.insert(it["id"].as_str().unwrap().to_string()) {
            want.push(it);
        }
        set.push((a, csl::Source { publisher: caixin_sidebar::publisher(site, lang), language: lang }));
    }
    assert!(set.len() > 50 && want.iter().any(|w| w["id"].as_str().unwrap().starts_with("item-")), "the fixtures have both kinds of ids");
    let items = csl::items_for(set.iter().copied());
    let got: Vec<Value> = serde_json::from_str(&csl::to_json(&items).unwrap()).unwrap();
    assert_eq!(got, want);
    let ids: std::collections::HashSet<String> = items.iter().map(|i| i.id.to_string()).collect();
    assert_eq!(ids.len(), items.len(), "unique ids");
    assert!(items.iter().any(|i| i.container_title.as_deref() == Some("财新网")) && items.iter().any(|i| i.container_title.is_none()));

    // An article collected twice (from two hosts) is one reference: the first.
    let a = full_article();
    let global = csl::Source { publisher: caixin_sidebar::publisher(Site::CaixinGlobal, Some("en")), language: Some("en") };
    let cn = csl::Source { publisher: caixin_sidebar::publisher(Site::CaixinCn, Some("zh-CN")), language: Some("zh-CN") };
    let twice = csl::items_for([(&a, cn), (&a, global)]);
    assert_eq!(twice.len(), 1);
    assert_eq!(twice[0].language.as_deref(), Some("zh-CN"));
}

#[test]
fn csl_bibliography_of_many_pages_dedups_by_article_id_and_numbers_the_others_per_page() {
    // Every fixture page twice, as the batch CLI meets pages; against what it wrote before: each
    // page's export read back, `item-N` → `item-P-N`, an article id met again dropped.
    let pages = pages();
    let mut bib = csl::Bibliography::new();
    let mut want: Vec<Value> = Vec::new();
    let mut p = 0;
    for (_, page) in pages.iter().chain(&pages) {
        p += 1;
        bib.push_page(caixin_sidebar::csl_items(page));
        for mut it in csl_values(page) {
            let id = it["id"].as_str().unwrap().to_string();
            if let Some(n) = id.strip_prefix("item-") {
                it["id"] = Value::from(format!("item-{p}-{n}"));
            } else if want.iter().any(|w| w["id"] == it["id"]) {
                continue;
            }
            want.push(it);
        }
    }
    let text = bib.to_json().unwrap();
    assert_eq!(serde_json::from_str::<Vec<Value>>(&text).unwrap(), want);
    let ids: std::collections::HashSet<String> = bib.items().iter().map(|i| i.id.to_string()).collect();
    assert_eq!(ids.len(), bib.items().len(), "unique ids");
    let n = pages.len();
    let page_of = |id: &str| id.strip_prefix("item-").and_then(|r| r.split_once('-')).map(|(p, _)| p.parse::<usize>().unwrap());
    assert!(ids.iter().filter_map(|id| page_of(id)).any(|p| p > n), "the second round's items without id are numbered anew");
    assert!(!ids.iter().any(|id| page_of(id).is_none() && id.starts_with("item-")), "every item without id names its page");
    assert_eq!(bib.into_items().len(), want.len());
}

#[test]
fn csv_rows_are_the_cells_render_writes() {
    for (name, page) in pages() {
        let text = caixin_sidebar::render(&page, Format::Csv).unwrap();
        let mut reader = ::csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let records: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let rows: Vec<csv_export::Row> = csv_export::rows(&page).collect();
        assert_eq!(rows.len(), records.len(), "{name}");
        for (row, rec) in rows.iter().zip(&records) {
            let cells: Vec<String> = row.cells().iter().map(|c| csv_export::neutralise(c)).collect();
            assert_eq!(cells, rec.iter().collect::<Vec<_>>(), "{name}");
            assert_eq!(row.page_url, page.page.url);
        }
        // A page's rows alone are the export without its mark and header.
        let header = format!("\u{feff}{}\r\n", csv_export::HEADER.join(","));
        assert_eq!(text.strip_prefix(&header), Some(csv_export::render_rows(&page).unwrap().as_str()), "{name}");
    }
}

#[test]
fn csv_row_fields_are_the_header_columns_in_order() {
    // Serialised by name (serde), a row's header is HEADER: the struct and the columns agree.
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.serialize(csv_export::Row::new(&full_article(), "https://www.caixinglobal.com/live/")).unwrap();
    let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let mut r = ::csv::Reader::from_reader(text.as_bytes());
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), csv_export::HEADER);
    let row = r.records().next().unwrap().unwrap();
    let typed = csv_export::Row::new(&full_article(), "https://www.caixinglobal.com/live/");
    assert_eq!(row.iter().collect::<Vec<_>>(), typed.cells());
    assert_eq!(typed.related, "More [news] <https://www.caixinglobal.com/2020-11-26/x-101633000.html>; Offline");
    assert_eq!(typed.contacts, "reporter: Ding Yi <yiding@caixin.com>; editor: Heather Mowbray");
    assert_eq!((typed.summary.as_str(), typed.role.as_str(), typed.truncated.as_str()), ("=1+1 profit", "story", "true"));
}

#[test]
fn csv_of_many_pages_has_one_header() {
    let pages = pages();
    let mut w = csv_export::start(Vec::new()).unwrap();
    for (_, page) in &pages {
        csv_export::write_rows(&mut w, csv_export::rows(page)).unwrap();
    }
    let all = String::from_utf8(w.into_inner().unwrap()).unwrap();
    // What the batch CLI wrote before: the first page's export, then each other's without its header.
    let mut want = String::new();
    for (i, (_, page)) in pages.iter().enumerate() {
        let one = caixin_sidebar::render(page, Format::Csv).unwrap();
        want += if i == 0 { &one } else { one.split_once("\r\n").unwrap().1 };
    }
    assert_eq!(all, want);
    assert_eq!(all.matches("\u{feff}").count(), 1);
    let rows = ::csv::Reader::from_reader(all.trim_start_matches('\u{feff}').as_bytes()).records().count();
    assert_eq!(rows, pages.iter().map(|(_, p)| p.articles.len()).sum::<usize>());
}

#[test]
fn ndjson_lines_are_the_articles_with_or_without_the_page() {
    for (name, page) in pages() {
        let text = caixin_sidebar::render(&page, Format::Ndjson).unwrap();
        let lines: Vec<ndjson::Line> = ndjson::lines(&page).collect();
        assert_eq!(lines.iter().map(|l| l.to_json().unwrap() + "\n").collect::<String>(), text, "{name}");
        for (l, a) in lines.iter().zip(&page.articles) {
            assert_eq!((l.page_url, l.article), (None, a), "{name}");
        }
        // Gathered with other pages, each line names its page first; the rest is the article.
        let gathered = ndjson::render_lines(ndjson::lines_with_page_url(&page)).unwrap();
        for (line, plain) in gathered.lines().zip(text.lines()) {
            let head = format!("{{\"page_url\":{},", serde_json::to_string(&page.page.url).unwrap());
            assert_eq!(line.strip_prefix(&head).map(|rest| format!("{{{rest}")).as_deref(), Some(plain), "{name}");
        }
    }
}

#[test]
fn json_document_is_the_page_with_the_export_time_last_when_asked() {
    for (name, page) in pages() {
        let text = caixin_sidebar::render(&page, Format::Json).unwrap();
        assert_eq!(text, serde_json::to_string_pretty(&page).unwrap() + "\n", "{name}");
        let with = json::Document { page: &page, exported_at: Some("2026-01-02T03:04:05Z") }.to_pretty().unwrap();
        assert_eq!(with, format!("{},\n  \"exported_at\": \"2026-01-02T03:04:05Z\"\n}}\n", text.strip_suffix("\n}\n").unwrap()), "{name}");
        let line = json::Document { page: &page, exported_at: None }.to_line().unwrap();
        assert_eq!(line, serde_json::to_string(&page).unwrap() + "\n", "{name}");
        assert!(validator().is_valid(&serde_json::from_str(&with).unwrap()), "{name}: exported_at is allowed by the schema");
    }
}

#[test]
fn markdown_front_matter_and_sections_are_the_page() {
    for (name, page) in pages() {
        let fm = markdown::FrontMatter::of(&page);
        let md = caixin_sidebar::render(&page, Format::Markdown).unwrap();
        assert!(md.starts_with(&fm.to_string()), "{name}");
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(fm.to_string().strip_prefix("---\n").unwrap().strip_suffix("---\n").unwrap()).unwrap();
        assert_eq!(yaml["url"].as_str(), Some(fm.url), "{name}");
        assert_eq!(yaml["title"].as_str(), fm.title, "{name}");
        assert_eq!(yaml["articles"].as_u64(), Some(page.articles.len() as u64), "{name}");
        let sections: Vec<markdown::Section> = markdown::sections(&page).collect();
        assert_eq!(sections.len(), page.articles.len(), "{name}");
        let mut at = 0;
        for s in &sections {
            let printed = format!("\n{s}");
            at += md[at..].find(&printed).unwrap_or_else(|| panic!("{name}: a section is not printed as it prints alone")) + printed.len();
        }
    }
    let a = full_article();
    let s = markdown::Section::of(&a);
    assert_eq!(
        (s.authors.as_deref(), s.date, s.section),
        (Some("Ding Yi, Qu Hui"), Some("Nov 27, 2020 07:03 PM"), Some("Business & Tech"))
    );
    let bare = caixin_sidebar::Article { paywalled: true, ..Default::default() };
    assert_eq!(markdown::Section::of(&bare).to_string(), "## (untitled)\n\n*paywalled*\n\n");
}

/// The page's CSV text (`render`, `render_rows`, written by hand) is what the `csv` crate's
/// writer of the batch mode (`start`, `write_rows`) writes: every fixture page, and cells holding
/// commas, quotes, CR, LF, formula starts, spaces and nothing.
#[test]
fn csv_text_is_what_the_csv_writer_writes() {
    let mut tricky = full_article();
    tricky.title = Some("a, \"quoted\" title\r\nwith lines\n".into());
    tricky.summary = Some(" =1+1 ".into());
    tricky.byline = Some("-x".into());
    tricky.section = Some(String::new());
    tricky.body = vec!["\"".into(), ",".into(), "\r".into(), "plain".into()];
    tricky.tags = vec!["@a".into(), "b;c".into()];
    let mut hand = hand_page(Site::CaixinCn, Some("zh-CN"));
    hand.articles.push(tricky);
    hand.articles.push(caixin_sidebar::Article::default());
    for (name, page) in pages().into_iter().chain([("hand".to_string(), hand)]) {
        let mut w = export::csv::start(Vec::new()).unwrap();
        export::csv::write_rows(&mut w, export::csv::rows(&page)).unwrap();
        let by_crate = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(export::csv::render(&page).unwrap(), by_crate, "{name}");
        let mut w = export::csv::writer(Vec::new());
        export::csv::write_rows(&mut w, export::csv::rows(&page)).unwrap();
        assert_eq!(export::csv::render_rows(&page).unwrap(), String::from_utf8(w.into_inner().unwrap()).unwrap(), "{name}");
    }
}
