use super::*;
use std::collections::VecDeque;

use crate::model::Role;

/// Every stored version's sample (tests/fixtures/storage/README.md), oldest first.
const SAMPLES: &[(u32, &str)] =
    &[(1, include_str!("../../../tests/fixtures/storage/v1.json")), (2, include_str!("../../../tests/fixtures/storage/v2.json"))];

fn art(id: u32, title: &str) -> Article {
    keyed(Article {
        id: Some(id.to_string()),
        url: Some(format!("https://www.caixinglobal.com/2020-11-27/story-{}.html", 101_600_000 + id)),
        title: Some(title.to_string()),
        ..Article::default()
    })
}

/// An article with the `key` the extractor gives it.
fn keyed(mut a: Article) -> Article {
    a.key = a.url.as_deref().and_then(crate::article_key);
    a
}

fn key(id: u32) -> String {
    format!("www.caixinglobal.com/2020-11-27/story-{}.html", 101_600_000 + id)
}

type Store = HashMap<String, String>;

fn apply(store: &mut Store, w: Writes) {
    for (k, v) in w.set {
        store.insert(k, v);
    }
    for k in w.remove {
        store.remove(&k);
    }
}

/// A panel opened on the storage: its keys at start, then its items.
fn reopen(store: &Store) -> Collection {
    let mut c = Collection::from_keys(store.keys().map(String::as_str));
    let items: Store = store.iter().filter(|(k, _)| k.starts_with("c:")).map(|(k, v)| (k.clone(), v.clone())).collect();
    c.load(&items);
    c
}

fn sample(version: u32) -> Store {
    let text = SAMPLES.iter().find(|(v, _)| *v == version).unwrap().1;
    let all: HashMap<String, Value> = serde_json::from_str(text).unwrap();
    // storage.local holds strings only, as the extension writes them.
    all.into_iter().map(|(k, v)| (k, v.as_str().unwrap().to_string())).collect()
}

#[test]
fn add_merge_remove_clear_and_read_back() {
    let mut store = Store::new();
    let mut c = reopen(&store);
    let a = art(101, "One");
    let mut b = art(102, "Two");
    let added = c.add([&a, &b], Site::CaixinGlobal, Some("en"), 1_000);
    assert_eq!((added.new, added.merged, added.refused), (2, 0, 0));
    assert_eq!(added.writes.set.len(), 2, "the items only: no index");
    apply(&mut store, added.writes);
    assert_eq!(reopen(&store).keys(), [key(101), key(102)]);

    // The same article met on another page, over http, with its body: merged, one item.
    b.url = Some("http://www.caixinglobal.com/2020-11-27/story-101600102.html?cxapp_link=true".into());
    b.body = vec!["Full text.".into()];
    b.role = Role::Main;
    b.section = Some("World".into());
    let again = c.add([&b], Site::CaixinCn, Some("zh-CN"), 2_000);
    assert_eq!((again.new, again.merged), (0, 1));
    assert_eq!(again.writes.set.len(), 1);
    apply(&mut store, again.writes);
    let back = reopen(&store);
    assert_eq!(back.len(), 2);
    let item = back.get(&key(102)).unwrap();
    assert_eq!(item.article.body, ["Full text."]);
    assert_eq!(item.article.section.as_deref(), Some("World"));
    assert_eq!(item.article.url.as_deref(), Some("https://www.caixinglobal.com/2020-11-27/story-101600102.html"), "the first copy's URL");
    assert_eq!((item.site, item.language.as_deref(), item.added), (Site::CaixinGlobal, Some("en"), 1_001), "where and when first added");
    assert_eq!(back.keys(), [key(101), key(102)], "merging keeps the order");
    // Adding what it already holds writes nothing.
    assert!(c.add([&b], Site::CaixinGlobal, None, 3_000).writes.is_empty());

    let w = c.remove(&key(101));
    assert_eq!(w.remove, [format!("c:{}", key(101))]);
    assert!(w.set.is_empty());
    apply(&mut store, w);
    assert_eq!(reopen(&store).len(), 1);
    apply(&mut store, c.clear());
    assert!(store.is_empty(), "{store:?}");
    assert!(reopen(&store).is_empty());
}

#[test]
fn the_order_is_the_order_added_whoever_added() {
    let mut store = Store::new();
    let mut c = reopen(&store);
    // A clock that went back, and two in the same millisecond: still in the order added.
    apply(&mut store, c.add([&art(3, "c"), &art(1, "a")], Site::CaixinGlobal, None, 5_000).writes);
    apply(&mut store, c.add([&art(2, "b")], Site::CaixinGlobal, None, 4_000).writes);
    assert_eq!(reopen(&store).keys(), [key(3), key(1), key(2)]);
    assert_eq!(c.keys(), [key(3), key(1), key(2)]);
}

#[test]
fn articles_without_an_article_url_are_not_collected_and_the_cap_holds() {
    let mut c = reopen(&Store::new());
    let no_url = Article { title: Some("No link".into()), ..Article::default() };
    let blog = Article { url: Some("https://www.caixinglobal.com/about/".into()), ..Article::default() };
    assert_eq!(c.add([&no_url, &blog], Site::CaixinGlobal, None, 1), Added::default());
    let many: Vec<Article> = (0..MAX_COLLECTION as u32 + 3).map(|i| art(1000 + i, "x")).collect();
    let added = c.add(&many, Site::CaixinGlobal, None, 1);
    assert_eq!((added.new, added.refused), (MAX_COLLECTION, 3));
    assert_eq!(c.len(), MAX_COLLECTION);
}

#[test]
fn the_storage_it_takes_is_counted_and_capped() {
    let mut store = Store::new();
    let mut c = reopen(&store);
    let mut long = art(1, "long");
    // About 1.6 MB stored each (quotes escaped twice): five fit under the cap, not six.
    long.body = vec!["word \"quoted\" ".repeat(80_000)];
    let many: Vec<Article> = (0..10).map(|i| keyed(Article { url: art(i, "x").url, ..long.clone() })).collect();
    let added = c.add(&many, Site::CaixinGlobal, None, 1);
    let each = c.bytes() / added.new;
    assert_eq!((added.new, added.refused), (MAX_COLLECTION_BYTES / each, 10 - MAX_COLLECTION_BYTES / each));
    assert!(added.new >= 2 && added.refused >= 2, "{added:?}");
    assert!(c.bytes() <= MAX_COLLECTION_BYTES);
    // The count matches what the stored items take.
    apply(&mut store, added.writes);
    let counted: usize = store.iter().filter(|(k, _)| k.starts_with("c:")).map(|(k, v)| stored_size(k, v)).sum();
    assert_eq!(c.bytes(), counted);
    let mut again = reopen(&store);
    assert_eq!(again.bytes(), counted);
    // Removing frees it.
    let k = again.keys()[0].clone();
    again.remove(&k);
    assert!(again.bytes() < counted);
    again.clear();
    assert_eq!(again.bytes(), 0);
    // As Chrome counts: a JSON string of the JSON text.
    assert_eq!(stored_size("c:k", r#"{"a":"b\"c"}"#), 3 + 12 + 2 + 6);
}

#[test]
fn an_address_of_kilobytes_is_not_collected_and_is_remembered_as_a_hash() {
    let mut c = reopen(&Store::new());
    let slug = "x".repeat(2_000);
    let long = keyed(Article { url: Some(format!("https://www.caixinglobal.com/2020-11-27/{slug}-101600001.html")), ..art(1, "long") });
    let added = c.add(&[long.clone(), art(2, "short")], Site::CaixinGlobal, None, 1);
    assert_eq!((added.new, added.refused), (1, 1));
    let k = crate::article_key(long.url.as_deref().unwrap()).unwrap();
    let mut seen = Visit::new("www.caixinglobal.com/", None);
    let w = seen.record([k.as_str(), "www.caixinglobal.com/2020-11-27/a-101600002.html"]);
    let rec: Vec<String> = serde_json::from_str(&w.set[0].1).unwrap();
    assert_eq!(rec, [seen_hash(&k), seen_hash("www.caixinglobal.com/2020-11-27/a-101600002.html")]);
    assert!(rec.iter().all(|h| h.len() == 16));
    // The next visit knows both.
    let next = Visit::new("www.caixinglobal.com/", Some(&w.set[0].1));
    assert!(next.new_keys([k.as_str()]).is_empty());
}

/// Entries collected small, then completed with their full text (fetched, or added again from
/// their own page): the cap holds too; over it, the stored copy stays as it was.
#[test]
fn completing_or_merging_keeps_under_the_cap() {
    let mut c = reopen(&Store::new());
    let small: Vec<Article> = (0..10).map(|i| art(i, "entry")).collect();
    assert_eq!(c.add(&small, Site::CaixinGlobal, None, 1).new, 10);
    let full = |i: u32| Article { body: vec!["word \"quoted\" ".repeat(80_000)], ..art(i, "entry") };
    let mut completed = 0;
    for i in 0..10u32 {
        let key = c.keys()[i as usize].clone();
        if !c.complete(&key, &full(i)).set.is_empty() {
            completed += 1;
        }
        assert!(c.bytes() <= MAX_COLLECTION_BYTES, "after {i}: {}", c.bytes());
    }
    assert!((2..10).contains(&completed), "{completed}");
    let last = c.keys()[9].clone();
    assert!(c.get(&last).unwrap().article.body.is_empty());
    let again = c.add(&[full(9)], Site::CaixinGlobal, None, 2);
    assert_eq!((again.merged, again.refused), (1, 1));
    assert!(again.writes.set.is_empty());
    assert!(c.get(&last).unwrap().article.body.is_empty());
    assert!(c.bytes() <= MAX_COLLECTION_BYTES);
}

/// An item that cannot be read is kept as it is: counted (in the count, the bytes and the
/// "could not be read" line), never written over, not even by adding the same article again;
/// only Clear removes it.
#[test]
fn an_item_that_cannot_be_read_is_kept_counted_and_never_overwritten() {
    let mut store = Store::new();
    let mut c = reopen(&store);
    apply(&mut store, c.add([&art(1, "a"), &art(2, "b"), &art(3, "c")], Site::CaixinGlobal, None, 1).writes);
    let broken = "{not json".to_string();
    let wrong_type = r#"{"article":{"title":["a","list"]},"site":"caixin-global"}"#.to_string();
    store.insert(format!("c:{}", key(2)), broken.clone());
    store.insert(format!("c:{}", key(3)), wrong_type.clone());
    let mut again = reopen(&store);
    assert_eq!((again.len(), again.keys().len(), again.unreadable()), (3, 1, 2));
    let all: usize = store.iter().map(|(k, v)| stored_size(k, v)).sum();
    assert_eq!(again.bytes(), all, "what it cannot read counts against the quota too");
    assert!(again.contains(&key(2)));
    let added = again.add([&art(2, "b"), &art(3, "c")], Site::CaixinGlobal, None, 9);
    assert!(added.writes.is_empty(), "{added:?}");
    assert_eq!((added.new, added.merged), (0, 2));
    assert_eq!(again.complete(&key(3), &art(3, "c")), Writes::default());
    // Clear removes everything, what it cannot read too.
    let w = again.clear();
    assert_eq!(w.remove.len(), 3);
    apply(&mut store, w);
    assert!(store.is_empty());
}

#[test]
fn complete_merges_only_collected_articles() {
    let mut c = reopen(&Store::new());
    c.add([&art(1, "a")], Site::CaixinGlobal, None, 1);
    let mut full = art(1, "a");
    full.body = vec!["p1".into(), "p2".into()];
    full.truncated = true;
    let w = c.complete(&key(1), &full);
    assert_eq!(w.set.len(), 1);
    let item = c.get(&key(1)).unwrap();
    assert_eq!(item.article.body.len(), 2);
    assert!(item.article.truncated, "the truncation flag goes with the body");
    assert!(c.complete(&key(9), &art(9, "z")).is_empty());
    assert_eq!(c.len(), 1);
}

#[test]
fn the_collection_page_says_what_its_articles_share() {
    let mut c = reopen(&Store::new());
    c.add([&art(1, "a")], Site::CaixinGlobal, Some("en"), 1);
    c.add([&art(2, "b")], Site::CaixinGlobal, Some("en"), 2);
    let p = c.page();
    assert_eq!(p.page.url, COLLECTION_URL);
    assert_eq!((p.page.site, p.page.language.as_deref()), (Site::CaixinGlobal, Some("en")));
    assert_eq!(p.articles.iter().map(|a| a.title.as_deref().unwrap()).collect::<Vec<_>>(), ["a", "b"]);
    c.add([&art(3, "c")], Site::CaixinCn, Some("zh-CN"), 3);
    let p = c.page();
    assert_eq!((p.page.site, p.page.language.as_deref()), (Site::Other, None));
    let json = crate::render(&p, crate::export::Format::Json).unwrap();
    assert!(json.contains("\"url\": \"caixin-sidebar:collection\""));
}

/// An item written by a later version: fields this one does not know, a role and a site it does
/// not know. It is read (the unknown values as their fallback), shown and exported; written again
/// after a merge, what this version did not change is kept as stored.
#[test]
fn a_later_versions_item_is_read_and_what_it_adds_is_kept() {
    let future = serde_json::json!({
        "article": {
            "id": "101600001",
            "url": "https://www.caixinglobal.com/2020-11-27/story-101600001.html",
            "title": "From the future",
            "role": "sidebar-pick",
            "corrected": "2031-01-01T00:00:00+08:00",
            "podcasts": [{"title": "来自未来", "url": "https://www.caixin.com/2031-01-01/102900001.html"}],
            "images": [{"url": "https://img.caixin.com/a.jpg", "alt": "an image field added later"}],
        },
        "site": "caixin-weekly",
        "language": "en",
        "added": 1_700_000_000_000u64,
        "pinned": true,
    });
    let text = future.to_string();
    let mut store: Store = [(format!("c:{}", key(1)), text.clone())].into();
    let mut c = reopen(&store);
    assert_eq!((c.len(), c.unreadable()), (1, 0));
    let item = c.get(&key(1)).unwrap();
    assert_eq!(item.article.title.as_deref(), Some("From the future"));
    assert_eq!((item.article.role, item.site, item.added), (Role::Teaser, Site::Other, 1_700_000_000_000));
    assert_eq!(item.article.images[0].url, "https://img.caixin.com/a.jpg");
    // The export writes what this version knows, as it always did.
    let json = crate::render(&c.page(), crate::export::Format::Json).unwrap();
    assert!(json.contains("\"role\": \"teaser\"") && !json.contains("corrected") && !json.contains("sidebar-pick"));
    // Reading writes nothing; adding the same listed entry (nothing new) writes nothing.
    assert!(c.add([&art(1, "From the future")], Site::CaixinGlobal, None, 2).writes.is_empty());
    // Its full text fetched: written again, with the body, and with everything it held.
    let full = Article { body: vec!["Now with a body.".into()], ..art(1, "From the future") };
    let w = c.complete(&key(1), &full);
    apply(&mut store, w);
    let stored: Value = serde_json::from_str(&store[&format!("c:{}", key(1))]).unwrap();
    assert_eq!(stored["article"]["body"], serde_json::json!(["Now with a body."]));
    for (path, want) in [
        ("/article/role", "sidebar-pick"),
        ("/article/corrected", "2031-01-01T00:00:00+08:00"),
        ("/article/podcasts/0/title", "来自未来"),
        ("/article/images/0/alt", "an image field added later"),
        ("/site", "caixin-weekly"),
    ] {
        assert_eq!(stored.pointer(path).and_then(Value::as_str), Some(want), "{path}");
    }
    assert_eq!(stored["pinned"], true);
    assert_eq!(stored["added"], 1_700_000_000_000u64);
    // And it still reads, again and again.
    let back = reopen(&store);
    assert_eq!(back.get(&key(1)).unwrap().article.body, ["Now with a body."]);
    let w = back.get(&key(1)).cloned();
    assert!(w.is_some());
}

/// Schema 1's items read as they are too (without `added`), should one be met outside an upgrade.
#[test]
fn a_schema_1_item_reads() {
    let v1 = sample(1);
    let (k, text) = v1.iter().find(|(k, _)| k.starts_with("c:")).unwrap();
    assert!(!text.contains("\"added\""));
    let store: Store = [(k.clone(), text.clone())].into();
    let c = reopen(&store);
    assert_eq!((c.keys().len(), c.unreadable()), (1, 0));
}

#[test]
fn page_keys_drop_scheme_query_fragment_user_port_and_host_case() {
    assert_eq!(page_key("http://WWW.caixinglobal.com/live/#top"), "www.caixinglobal.com/live/");
    assert_eq!(page_key("https://www.caixinglobal.com/live/"), "www.caixinglobal.com/live/");
    assert_eq!(page_key("https://www.caixinglobal.com/section-news/?t=5"), "www.caixinglobal.com/section-news/");
    assert_eq!(page_key("https://www.caixin.com"), "www.caixin.com/");
    assert_eq!(page_key("https://www.caixin.com?x=1"), "www.caixin.com/");
    assert_eq!(page_key("https://a:b@www.caixin.com:8443/x/"), "www.caixin.com/x/");
    // Schema 1's keys (no scheme, with the query) give the same key.
    assert_eq!(page_key("www.caixinglobal.com/section-news/?t=5&utm_source=x"), "www.caixinglobal.com/section-news/");
    // Long ones: cut, with a hash of the whole; two long ones stay apart.
    let long = |c: &str| page_key(&format!("https://www.caixinglobal.com/{}/", c.repeat(3_000)));
    let (a, b) = (long("a"), long("b"));
    assert!(a.len() <= MAX_PAGE_KEY_BYTES && b.len() <= MAX_PAGE_KEY_BYTES, "{a}");
    assert_ne!(a, b);
    assert_eq!(a, long("a"));
    assert!(a.starts_with("www.caixinglobal.com/aaa"));
    let cjk = page_key(&format!("https://www.caixin.com/{}", "财".repeat(200)));
    assert!(cjk.len() <= MAX_PAGE_KEY_BYTES);
}

#[test]
fn a_visit_badges_what_the_last_visits_did_not_list() {
    let mut store = Store::new();
    let mut v = Visit::new("p", None);
    assert!(v.new_keys(["a", "b"]).is_empty());
    apply(&mut store, v.record(["a", "b"]));
    apply(&mut store, v.record(["a", "b", "c"]));
    assert!(v.record(["a", "c"]).is_empty(), "nothing new to store");
    let mut v2 = Visit::new("p", store.get("s:p").map(String::as_str));
    let new = v2.new_keys(["d", "a", "c", "e"]);
    assert_eq!(new, ["d", "e"].into_iter().map(String::from).collect());
    apply(&mut store, v2.record(["d", "a", "c", "e"]));
    assert!(v2.new_keys(["d"]).contains("d"));
    let v3 = Visit::new("p", store.get("s:p").map(String::as_str));
    assert!(v3.new_keys(["a", "b", "c", "d", "e"]).is_empty());
}

/// A hostile page: 30 addresses of kilobytes, each listing 600 articles of kilobytes. The seen
/// pages stay within their budget, so the collection keeps its 8 MiB under Chrome's 10 MB.
#[test]
fn seen_pages_are_bounded_in_count_and_bytes_whatever_the_addresses() {
    let mut store = Store::new();
    let mut pages = SeenPages::from_json(None);
    for p in 0..MAX_SEEN_PAGES + 5 {
        let url = format!("https://www.caixinglobal.com/{}/?q={}", format!("p{p}-").repeat(400), "z".repeat(2_000));
        let pk = page_key(&url);
        let mut visit = Visit::new(&pk, store.get(&seen_key(&pk)).map(String::as_str));
        let mut w = pages.touch(&pk);
        let listed: Vec<String> =
            (0..MAX_SEEN_KEYS + 50).map(|i| format!("www.caixinglobal.com/{}-{p}-{i}.html", "k".repeat(2_000))).collect();
        w.extend(visit.record(listed.iter().map(String::as_str)));
        apply(&mut store, w);
    }
    let seen: usize = store.iter().filter(|(k, _)| k.starts_with("s:") || *k == SEEN_KEY).map(|(k, v)| stored_size(k, v)).sum();
    assert_eq!(store.keys().filter(|k| k.starts_with("s:")).count(), MAX_SEEN_PAGES);
    assert!(seen <= MAX_SEEN_BYTES, "{seen}");
    assert!(seen_bytes_at_most() <= MAX_SEEN_BYTES);
    let rec: Vec<String> = serde_json::from_str(store.values().find(|v| v.starts_with("[\"")).unwrap()).unwrap();
    assert_eq!(rec.len(), MAX_SEEN_KEYS, "600 keys fit: the byte cap is for what the count does not bound");

    let mut v = Visit::new("p", None);
    let keys: Vec<String> = (0..MAX_SEEN_KEYS + 10).map(|i| format!("k{i}")).collect();
    let w = v.record(keys.iter().map(String::as_str));
    let stored: Vec<String> = serde_json::from_str(&w.set[0].1).unwrap();
    assert_eq!(stored.len(), MAX_SEEN_KEYS);
    assert_eq!(stored[0], seen_hash("k10"), "the oldest are forgotten");

    let mut pages = SeenPages::from_json(None);
    let mut removed = Vec::new();
    for i in 0..MAX_SEEN_PAGES + 2 {
        removed.extend(pages.touch(&format!("page{i}")).remove);
    }
    assert_eq!(removed, ["s:page0", "s:page1"]);
    let w = pages.touch("page2");
    assert!(w.remove.is_empty());
    let idx: Value = serde_json::from_str(&w.set[0].1).unwrap();
    assert_eq!(idx["pages"].as_array().unwrap().last().unwrap(), "page2");
    assert!(pages.touch("page2").is_empty(), "already the most recent");
    assert_eq!(SeenPages::from_json(Some("[1,2]")), SeenPages::default());
}

/// `read` is `stored` (an article stored by an earlier version, without the fields added to the
/// model since) read back: every stored field as it was, nothing lost; `key` filled from its URL
/// (the storage key names the same article); the other added fields empty.
fn assert_stored_article_reads_back(stored: &Value, read: &Article, key: &str, name: &str) {
    let got = serde_json::to_value(read).unwrap();
    let (Value::Object(stored), Value::Object(got)) = (stored, &got) else { panic!("{name}: not an object") };
    for (field, value) in stored {
        assert_eq!(got.get(field), Some(value), "{name}: {field}");
    }
    assert_eq!(read.key.as_deref(), Some(key), "{name}: key from the URL");
    assert_eq!(read.key, read.url.as_deref().and_then(crate::article_key), "{name}");
    for (field, value) in got.iter().filter(|(f, _)| !stored.contains_key(*f) && *f != "key") {
        assert!(matches!(value, Value::Null) || *value == serde_json::json!([]), "{name}: {field} added as {value}");
    }
}

/// Every earlier version's sample is upgraded: every article it holds (in its index or lost from
/// it) is in the collection, in the order added; the seen pages are keyed and hashed as schema 2
/// has them and still say what is new; the upgrade is done once (again: nothing to write), and one
/// cut short after its items is finished by the next start without a loss.
#[test]
fn every_earlier_versions_sample_upgrades_and_keeps_every_article() {
    for &(version, _) in SAMPLES {
        let before = sample(version);
        assert_eq!(stored_schema(before.get(META_KEY).map(String::as_str), before.keys().map(String::as_str)), version);
        let keys: Vec<String> = before.keys().cloned().collect();
        // This version's own sample needs nothing.
        assert_eq!(
            needs_upgrade(&keys, before.get(META_KEY).map(String::as_str), before.get(SEEN_KEY).map(String::as_str)),
            version < SCHEMA
        );
        let up = upgrade(&before);
        assert_eq!(up.from, version);
        let mut after = before.clone();
        apply(&mut after, up.writes);
        assert_eq!(stored_schema(after.get(META_KEY).map(String::as_str), after.keys().map(String::as_str)), SCHEMA);
        assert_eq!(after["format"], before["format"], "what the upgrade does not know stays");

        // Every article, read by the new code, with its content.
        let c = reopen(&after);
        let articles: Vec<&String> = before.keys().filter(|k| k.starts_with("c:")).collect();
        assert_eq!((c.len(), c.keys().len(), c.unreadable()), (articles.len(), articles.len(), 0), "v{version}");
        for k in &articles {
            let old: Value = serde_json::from_str(&before[*k]).unwrap();
            let item = c.get(article_key_of(k).unwrap()).unwrap();
            assert_stored_article_reads_back(&old["article"], &item.article, article_key_of(k).unwrap(), k);
        }
        if version == 1 {
            // The index's order first, then what the race lost from it.
            let index: Value = serde_json::from_str(&before["collection"]).unwrap();
            let listed: Vec<&str> = index["keys"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
            assert!(listed.len() < articles.len(), "the v1 sample holds items outside its index");
            assert_eq!(&c.keys()[..listed.len()], listed.as_slice());
            assert!(!after.contains_key("collection"));
            // Seen pages: no query, hashed keys; what was listed is not new.
            let seen = SeenPages::from_json(after.get(SEEN_KEY).map(String::as_str));
            assert!(seen.pages.contains(&"www.caixinglobal.com/section-news/".to_string()), "{:?}", seen.pages);
            assert!(!after.keys().any(|k| k.starts_with("s:") && k.contains('?')));
            let old_rec: Vec<String> = serde_json::from_str(&before["s:www.caixinglobal.com/live/"]).unwrap();
            let visit = Visit::new("www.caixinglobal.com/live/", after.get("s:www.caixinglobal.com/live/").map(String::as_str));
            assert!(visit.baseline.is_some());
            assert!(visit.new_keys(old_rec.iter().map(String::as_str)).is_empty());
            assert_eq!(visit.new_keys(["www.caixinglobal.com/2020-11-28/a-new-one-101700000.html"]).len(), 1);
        }

        // Once: the next start has nothing to do.
        let keys: Vec<String> = after.keys().cloned().collect();
        assert!(!needs_upgrade(&keys, after.get(META_KEY).map(String::as_str), after.get(SEEN_KEY).map(String::as_str)));
        assert_eq!(upgrade(&after).writes, Writes::default());

        if version == SCHEMA {
            assert_eq!(after, before);
            continue;
        }
        // Cut short after its writes, before its removals: finished by the next start.
        let up = upgrade(&before);
        let mut cut = before.clone();
        for (k, v) in up.writes.set {
            cut.insert(k, v);
        }
        let keys: Vec<String> = cut.keys().cloned().collect();
        assert!(needs_upgrade(&keys, cut.get(META_KEY).map(String::as_str), cut.get(SEEN_KEY).map(String::as_str)));
        let again = upgrade(&cut);
        assert!(again.writes.set.is_empty(), "{:?}", again.writes.set);
        apply(&mut cut, again.writes);
        assert_eq!(cut, after);
    }
}

#[test]
fn schema_versions_are_read_from_meta_or_from_what_is_stored() {
    assert_eq!(stored_schema(None, []), 0);
    assert_eq!(stored_schema(None, ["format"]), 0);
    assert_eq!(stored_schema(None, ["c:x"]), 1);
    assert_eq!(stored_schema(Some(r#"{"schema":2}"#), ["c:x"]), 2);
    assert_eq!(stored_schema(Some(r#"{"schema":7,"more":1}"#), []), 7);
    // Nothing stored: schema 2's meta is written, nothing else.
    let up = upgrade(&Store::new());
    assert_eq!(up.writes.set, [(META_KEY.to_string(), r#"{"schema":2}"#.to_string())]);
    // A later layout is left alone.
    let later: Store =
        [(META_KEY.to_string(), r#"{"schema":3}"#.to_string()), ("collection".into(), "x".into()), ("s:zz".into(), "[]".into())].into();
    assert_eq!(upgrade(&later).writes, Writes::default());
    assert!(!needs_upgrade(&later.keys().cloned().collect::<Vec<_>>(), Some(r#"{"schema":3}"#), None));
    // Seen pages the index lists without a record (two panels' race) leave the index.
    let raced: Store = [
        (META_KEY.to_string(), r#"{"schema":2}"#.to_string()),
        (SEEN_KEY.into(), r#"{"v":2,"pages":["gone/","kept/"]}"#.into()),
        ("s:kept/".into(), "[]".into()),
    ]
    .into();
    assert!(needs_upgrade(
        &raced.keys().cloned().collect::<Vec<_>>(),
        raced.get(META_KEY).map(String::as_str),
        raced.get(SEEN_KEY).map(String::as_str)
    ));
    assert_eq!(upgrade(&raced).writes.set, [(SEEN_KEY.to_string(), r#"{"v":2,"pages":["kept/"]}"#.to_string())]);
    // A schema 1 item that is no JSON object is left as it is.
    let odd: Store = [("c:a".to_string(), "[1]".to_string()), ("collection".into(), "garbage".into())].into();
    let up = upgrade(&odd);
    assert!(!up.writes.set.iter().any(|(k, _)| k == "c:a"));
    assert!(up.writes.remove.contains(&"collection".to_string()) && !up.writes.remove.contains(&"c:a".to_string()));
}

/// Two panels on one storage, each hearing of every change as `storage.onChanged` reports them
/// (in the order written, to every panel, the writer too).
struct Two {
    store: Store,
    panels: [Collection; 2],
    /// Changes not yet delivered, per panel.
    queues: [VecDeque<(String, Option<String>)>; 2],
    writes: usize,
    /// The panel that hears of changes first, when both have some to hear.
    first: usize,
}

impl Two {
    fn new(store: Store) -> Two {
        Two { panels: [reopen(&store), reopen(&store)], store, queues: Default::default(), writes: 0, first: 0 }
    }

    fn write(&mut self, w: Writes) {
        for (k, v) in w.set {
            self.writes += 1;
            self.store.insert(k.clone(), v.clone());
            for q in &mut self.queues {
                q.push_back((k.clone(), Some(v.clone())));
            }
        }
        for k in w.remove {
            self.store.remove(&k);
            for q in &mut self.queues {
                q.push_back((k.clone(), None));
            }
        }
    }

    /// Delivers every change (and what the panels write on hearing them) until all is quiet.
    fn settle(&mut self) {
        for _ in 0..1_000 {
            let Some(p) = [self.first, 1 - self.first].into_iter().find(|&p| !self.queues[p].is_empty()) else { return };
            let (k, v) = self.queues[p].pop_front().unwrap();
            let (w, _) = self.panels[p].changed(&k, v.as_deref());
            self.write(w);
        }
        panic!("the panels never settle");
    }
}

#[test]
fn two_panels_adding_at_once_keep_both() {
    // Either panel hearing of the changes first.
    for first in [0, 1] {
        two_panels(first);
    }
}

fn two_panels(first: usize) {
    let mut t = Two::new(Store::new());
    t.first = first;
    // Each adds its own articles before hearing of the other's.
    let a = t.panels[0].add([&art(1, "a"), &art(2, "b")], Site::CaixinGlobal, None, 100).writes;
    let b = t.panels[1].add([&art(3, "c"), &art(4, "d")], Site::CaixinGlobal, None, 100).writes;
    t.write(a);
    t.write(b);
    t.settle();
    assert_eq!(t.writes, 4, "nothing written back: nothing to merge");
    for p in &t.panels {
        assert_eq!(p.len(), 4);
        assert_eq!(p.keys().len(), 4);
    }
    let fresh = reopen(&t.store);
    assert_eq!(fresh.len(), 4);
    assert_eq!(t.panels[0].keys(), fresh.keys(), "the same order everywhere");
    assert_eq!(t.panels[1].keys(), fresh.keys());
    assert_eq!(t.panels[0].bytes(), fresh.bytes());

    // Both add the same article at once, each with what its page shows: the stored copy ends with
    // both, and each panel shows it.
    let listing = Article { section: Some("Business & Tech".into()), ..art(5, "e") };
    let own = Article { body: vec!["The text.".into()], role: Role::Main, authors: vec!["Ding Yi".into()], ..art(5, "e") };
    let a = t.panels[0].add([&listing], Site::CaixinGlobal, None, 200).writes;
    let b = t.panels[1].add([&own], Site::CaixinGlobal, None, 201).writes;
    t.write(a);
    t.write(b);
    let before = t.writes;
    t.settle();
    assert!(t.writes - before <= 2, "{} writes to agree", t.writes - before);
    let stored: Item = serde_json::from_str(&t.store[&format!("c:{}", key(5))]).unwrap();
    assert_eq!(stored.article.section.as_deref(), Some("Business & Tech"));
    assert_eq!(stored.article.body, ["The text."]);
    for p in &t.panels {
        assert_eq!(p.get(&key(5)).unwrap(), &stored);
        assert_eq!(p.len(), 5);
    }

    // One removes while the other completes another: both done.
    let r = t.panels[0].remove(&key(1));
    let c = t.panels[1].complete(&key(2), &Article { body: vec!["Body of b.".into()], ..art(2, "b") });
    t.write(r);
    t.write(c);
    t.settle();
    let fresh = reopen(&t.store);
    assert_eq!(fresh.len(), 4);
    assert!(!fresh.contains(&key(1)));
    assert_eq!(fresh.get(&key(2)).unwrap().article.body, ["Body of b."]);
    for p in &t.panels {
        assert_eq!(p.keys(), fresh.keys());
        assert_eq!(p.get(&key(2)), fresh.get(&key(2)));
        assert_eq!(p.bytes(), fresh.bytes());
    }
    // Clear in one: the other is empty too.
    let w = t.panels[1].clear();
    t.write(w);
    t.settle();
    assert!(t.panels[0].is_empty() && t.store.is_empty());
}

#[test]
fn a_panel_not_yet_loaded_follows_the_count() {
    let mut c = Collection::from_keys(["c:a", "format", "meta"]);
    assert_eq!(c.len(), 1);
    assert_eq!(c.changed("c:b", Some("{}")), (Writes::default(), true));
    assert_eq!(c.changed("s:page", Some("[]")), (Writes::default(), false));
    assert_eq!(c.changed("c:a", None), (Writes::default(), true));
    assert_eq!(c.len(), 1);
    assert!(c.contains("b"));
}

#[test]
fn preserve_keeps_what_this_version_did_not_change() {
    let raw = serde_json::json!({"a": 1, "b": {"x": "old", "y": "unknown value", "z": [1]}, "later": true});
    let read = serde_json::json!({"a": 1, "b": {"x": "old", "y": "fallback", "z": [1]}});
    let new = serde_json::json!({"a": 2, "b": {"x": "new", "y": "fallback", "z": [1, 2]}});
    assert_eq!(
        preserve(&raw, &read, new),
        serde_json::json!({"a": 2, "b": {"x": "new", "y": "unknown value", "z": [1, 2]}, "later": true})
    );
}

/// An article stored before the model had `updated`, `translations` and `key` (the v2 sample's
/// items, a fetched article in `storage.session`) reads back with its key filled from its URL and
/// every stored field kept; the collection finds it by that key when the page lists it again.
#[test]
fn an_article_stored_without_the_new_fields_reads_back_with_its_key() {
    let v2 = sample(2);
    let (sk, text) = v2.iter().find(|(k, _)| k.starts_with("c:")).unwrap();
    let stored: Value = serde_json::from_str(text).unwrap();
    assert!(stored["article"].get("key").is_none(), "the sample predates the key");
    let fetched = read_article(&stored["article"].to_string()).unwrap();
    assert_stored_article_reads_back(&stored["article"], &fetched, article_key_of(sk).unwrap(), sk);
    let mut c = reopen(&v2);
    let item = c.get(article_key_of(sk).unwrap()).unwrap().clone();
    assert_stored_article_reads_back(&stored["article"], &item.article, article_key_of(sk).unwrap(), sk);
    // Listed again (as the extractor gives it, with its key): merged into the stored item.
    let again = keyed(Article { url: item.article.url.clone(), title: item.article.title.clone(), ..Article::default() });
    let added = c.add([&again], Site::CaixinGlobal, None, 9);
    assert_eq!((added.new, added.merged), (0, 1));
    // Not readable as JSON: nothing.
    assert!(read_article("{").is_none());
}

/// The derived reader: what `stored` must agree with.
fn derived_article(text: &str) -> Option<Article> {
    let mut a = serde_json::from_str::<Article>(text).ok()?;
    fill_key(&mut a);
    Some(a)
}

/// Every golden fixture's articles (`expected.json`), as stored JSON values.
fn fixture_articles() -> Vec<Value> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut out = Vec::new();
    for family in std::fs::read_dir(root).unwrap() {
        let Ok(dirs) = std::fs::read_dir(family.unwrap().path()) else { continue };
        for dir in dirs {
            let Ok(text) = std::fs::read_to_string(dir.unwrap().path().join("expected.json")) else { continue };
            let page: Value = serde_json::from_str(&text).unwrap();
            out.extend(page["articles"].as_array().into_iter().flatten().cloned());
        }
    }
    assert!(out.len() > 500, "the fixtures' articles: {}", out.len());
    out
}

/// An article with every field and every part of every nested struct filled.
fn full_article() -> Value {
    serde_json::json!({
        "id": "101633418", "url": "https://www.caixinglobal.com/2020-11-27/a-101633418.html", "title": "T", "section": "S",
        "byline": "By A", "authors": ["A", "B"], "published": "2020-11-27T19:07:00+08:00", "published_text": "Nov 27",
        "url_date": "2020-11-27", "summary": "Sum", "body": ["p1", "p2"],
        "images": [{"url": "https://x/i.jpg", "caption": "c", "credit": "VCG"}],
        "related": [{"title": "R", "url": "https://x/r.html"}],
        "contacts": [{"role": "editor", "name": "N", "email": "n@x"}],
        "trending": {"hashtag": "#h", "hashtag_translation": "h", "whats_trending": ["w"], "story": ["s"], "reactions": ["r"]},
        "word_count": 12, "paywalled": true, "truncated": false, "full_story_url": "https://x/f.html", "tags": ["特稿"],
        "role": "main", "updated": "2020-11-28", "translations": [{"lang": "en", "url": "https://x/e.html", "title": "E"}],
        "key": "www.caixinglobal.com/2020-11-27/a-101633418.html", "unknown_later_field": {"a": [1, 2.5, null]}
    })
}

/// Values of every JSON type (and numbers at the edges of the integer types).
fn odd_values() -> Vec<Value> {
    serde_json::from_str::<Vec<Value>>(
        r#"[null, true, false, 0, 1, -1, 1.5, 4294967295, 4294967296, 18446744073709551615, "", "x", "main", "story", "caixin-cn",
        [], ["x"], [1], [null], [{}], [{"url": "u", "title": "t", "lang": "en", "role": "r", "name": "n"}], {}, {"a": 1}]"#,
    )
    .unwrap()
}

/// Every way `v` (an object) can be changed one field at a time, nested objects included: each
/// field removed, or set to each odd value; an unknown field added.
fn variants(v: &Value) -> Vec<Value> {
    let Value::Object(o) = v else { return Vec::new() };
    let mut out = vec![v.clone()];
    let mut extra = o.clone();
    extra.insert("later".into(), serde_json::json!([{"x": 1}]));
    out.push(Value::Object(extra));
    for (k, field) in o {
        let mut without = o.clone();
        without.remove(k);
        out.push(Value::Object(without));
        for odd in odd_values() {
            let mut changed = o.clone();
            changed.insert(k.clone(), odd);
            out.push(Value::Object(changed));
        }
        // Inside: a nested struct, or the first struct of a list of them.
        let (inner, wrap): (&Value, fn(Value) -> Value) = match field {
            Value::Array(a) if a.first().is_some_and(Value::is_object) => (&a[0], |x| Value::Array(vec![x])),
            Value::Object(_) => (field, |x| x),
            _ => continue,
        };
        for x in variants(inner) {
            let mut changed = o.clone();
            changed.insert(k.clone(), wrap(x));
            out.push(Value::Object(changed));
        }
    }
    out
}

/// The keys of a serialized value, in the order written.
fn keys_in_order(text: &str) -> Vec<String> {
    let Ok(Value::Object(o)) = serde_json::from_str::<Value>(text) else { return Vec::new() };
    let mut keys: Vec<String> = o.keys().cloned().collect();
    keys.sort_by_key(|k| text.find(&format!("\"{k}\":")));
    keys
}

/// `full_article` fills every field of the model (nested structs included), so that a field added
/// to the model and not read by `stored` fails the test below; `stored`'s field order for the
/// array form is the model's.
#[test]
fn the_full_article_has_every_field_of_the_model() {
    let full = full_article();
    let model = serde_json::to_value(Article {
        images: vec![Default::default()],
        related: vec![Default::default()],
        contacts: vec![Default::default()],
        trending: Some(Default::default()),
        translations: vec![Default::default()],
        ..Article::default()
    })
    .unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().filter(|k| *k != "unknown_later_field").cloned().collect::<Vec<_>>();
    assert_eq!(keys(&full), keys(&model));
    for nested in ["images", "related", "contacts", "translations"] {
        assert_eq!(keys(&full[nested][0]), keys(&model[nested][0]), "{nested}");
    }
    assert_eq!(keys(&full["trending"]), keys(&model["trending"]));
    assert_eq!(keys_in_order(&serde_json::to_string(&Article::default()).unwrap()), stored::ARTICLE);
}

/// The hand reader of stored items (`stored`) reads what the derived `Deserialize` reads, and
/// refuses what it refuses: every fixture's article; a full article and an item changed one field
/// at a time (missing, `null`, every type, nested fields too); the seen index and records.
#[test]
fn stored_items_read_by_hand_as_the_derived_deserializer_reads_them() {
    for a in fixture_articles() {
        let text = a.to_string();
        assert_eq!(read_article(&text), derived_article(&text), "{text}");
        assert!(read_article(&text).is_some());
    }
    let (mut read, mut refused) = (0, 0);
    for v in variants(&full_article()) {
        let text = v.to_string();
        let got = read_article(&text);
        assert_eq!(got, derived_article(&text), "{text}");
        if got.is_some() {
            read += 1
        } else {
            refused += 1
        }
    }
    let item = serde_json::json!({"article": full_article(), "site": "caixin-cn", "language": "zh-CN", "added": 7, "later": 1});
    for v in variants(&item) {
        let text = v.to_string();
        assert_eq!(read_item(&text), serde_json::from_str::<Item>(&text).ok(), "{text}");
    }
    assert!(read > 100 && refused > 100, "both outcomes are exercised: {read} read, {refused} refused");
    for text in ["[]", "null", "1", "\"x\"", "{", "{}x", "[[]]"] {
        assert_eq!(read_article(text), derived_article(text), "{text}");
        assert_eq!(read_item(text), serde_json::from_str::<Item>(text).ok(), "{text}");
    }
    let index = serde_json::json!({"v": 2, "pages": ["a/", "b/"]});
    for v in variants(&index).into_iter().chain(odd_values()) {
        let text = v.to_string();
        let derived = serde_json::from_str::<SeenIndex>(&text).ok().map(|i| i.pages).unwrap_or_default();
        assert_eq!(SeenPages::from_json(Some(&text)).pages, derived, "{text}");
        let list = serde_json::from_str::<Vec<String>>(&text).ok();
        assert_eq!(stored::strings(v.clone()), list, "{text}");
    }
}
