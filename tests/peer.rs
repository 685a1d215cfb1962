//! Real caixin.com pages (recorded 2026-08 by caixin-cli, MIT) against what that project's
//! extractor found on them (`peer.json`): a second opinion.
//!
//! Listings: every item the peer lists whose URL is an article (date-and-id path, or a blog post)
//! must be found, with the same URL (compared as host + path: we give https and the desktop
//! address for `/m/` copies) and the same title. Where the titles differ, one must contain the
//! other: the peer takes the first link's text, which on these pages is sometimes a label ("特稿")
//! or, in one malformed list (`<a>` never closed), the text of the following entries too.
//! Not articles, so not expected: magazine issue pages (`/2026/cw1217/`) and topic pages.

mod common;

use caixin_sidebar::article_key;
use serde_json::Value;

fn peer(f: &common::Fixture) -> Value {
    serde_json::from_str(&std::fs::read_to_string(f.dir.join("peer.json")).unwrap()).unwrap()
}

#[test]
fn every_article_the_peer_lists_is_found_with_its_title() {
    let mut checked = 0;
    let mut problems = Vec::new();
    for f in common::all().into_iter().filter(|f| f.dir.join("peer.json").exists()) {
        let p = peer(&f);
        let Some(modules) = p.get("modules").and_then(Value::as_array) else { continue };
        let page = caixin_sidebar::extract(&f.html, &f.url).unwrap();
        assert_eq!(page.page.kind.as_str(), "listing", "{}", f.name);
        for item in modules.iter().flat_map(|m| m["items"].as_array().unwrap()) {
            let u = item["url"].as_str().unwrap();
            let title = item["title"].as_str().unwrap();
            let Some(key) = article_key(u) else { continue };
            checked += 1;
            let found = page.articles.iter().find(|a| a.url.as_deref().and_then(article_key).is_some_and(|x| x == key));
            match found {
                None => problems.push(format!("{}: missing {u} “{title}”", f.name)),
                Some(a) => {
                    let ours = a.title.clone().unwrap_or_default();
                    if ours.is_empty() || !(ours == title || ours.contains(title) || title.contains(&ours)) {
                        problems.push(format!("{}: {u}: title “{ours}” vs peer “{title}”", f.name));
                    }
                    if a.id.as_deref() != url_id(u) {
                        problems.push(format!("{}: {u}: id {:?}", f.name, a.id));
                    }
                }
            }
        }
    }
    assert!(checked > 200, "only {checked} peer items checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn titles_agree_exactly_for_nearly_every_item() {
    // The containment rule above is for the few malformed entries; keep it from hiding a trend.
    let (mut same, mut total) = (0, 0);
    for f in common::all().into_iter().filter(|f| f.dir.join("peer.json").exists()) {
        let p = peer(&f);
        let Some(modules) = p.get("modules").and_then(Value::as_array) else { continue };
        let page = caixin_sidebar::extract(&f.html, &f.url).unwrap();
        for item in modules.iter().flat_map(|m| m["items"].as_array().unwrap()) {
            let Some(key) = item["url"].as_str().and_then(article_key) else { continue };
            total += 1;
            if page
                .articles
                .iter()
                .any(|a| a.url.as_deref().and_then(article_key).is_some_and(|x| x == key) && a.title.as_deref() == item["title"].as_str())
            {
                same += 1;
            }
        }
    }
    assert!(same * 100 >= total * 98, "{same} of {total} titles identical");
}

#[test]
fn the_article_page_gives_the_peers_title_id_time_and_paywall() {
    let f = common::get("caixin-cn/article-finance-2026-08-06");
    let p = peer(&f);
    let page = caixin_sidebar::extract(&f.html, &f.url).unwrap();
    assert_eq!(page.page.kind.as_str(), "article");
    let a = &page.articles[0];
    assert_eq!(a.title.as_deref(), p["title"].as_str());
    assert_eq!(a.id.as_deref(), url_id(p["url"].as_str().unwrap()));
    // The peer gives UTC; we give Beijing time. Same instant.
    let ours = chrono::DateTime::parse_from_rfc3339(a.published.as_deref().unwrap()).unwrap();
    let theirs = chrono::DateTime::parse_from_rfc3339(p["published_at"].as_str().unwrap()).unwrap();
    assert_eq!(ours, theirs);
    assert_eq!(a.paywalled, p["paywall_present"].as_bool().unwrap());
    assert_eq!(a.body.len() as u64, p["paragraphs"].as_u64().unwrap());
    // The peer counts its paragraphs joined by a blank line.
    assert_eq!(a.body.join("\n\n").chars().count() as u64, p["content_chars"].as_u64().unwrap());
    assert_eq!(a.authors, ["韩宇航"]);
}

/// The peer's idea of an id: the digits that end the path, before `.html` and a page number
/// (`…/102472081.html`, `…/102472081_2.html`, a blog's `…/archives/287966`).
fn url_id(u: &str) -> Option<&str> {
    let path = u.split(['?', '#']).next()?.trim_end_matches('/');
    let stem = path.strip_suffix(".html").unwrap_or(path);
    let stem = stem.rsplit_once('_').filter(|(_, n)| n.bytes().all(|b| b.is_ascii_digit())).map_or(stem, |(h, _)| h);
    let start = stem.rfind(|c: char| !c.is_ascii_digit())? + 1;
    Some(&stem[start..]).filter(|id| !id.is_empty())
}
