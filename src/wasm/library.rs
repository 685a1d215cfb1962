//! What the sidebar keeps in the browser's storage, as plain data with the changes to write: the
//! collection (articles across pages, `storage.local`), the articles each page listed at the last
//! visits (`storage.local`), and fetched articles (`storage.session`). Pure, tested natively; the
//! browser side (`ui/store.rs`) reads and writes the items these name.
//!
//! Storage layout (one item per article or page, so a change writes a few KB, not everything):
//!
//! | area | key | value (JSON text) |
//! |---|---|---|
//! | local | `collection` | `{"v":1,"keys":[article keys in the order added]}` |
//! | local | `c:<article key>` | an [`Item`]: the article, its site and language |
//! | local | `seen` | `{"v":1,"pages":[page keys, least recently visited first]}` |
//! | local | `s:<page key>` | `[article keys the page listed]` |
//! | session | `f:<article key>` | the article of a fetched page (`role: main`) |
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::model::{Article, Page, PageInfo, PageKind, Site, SCHEMA_ID};

/// Articles a collection holds at most.
pub const MAX_COLLECTION: usize = 2_000;
/// Storage a collection's items take at most: Chrome gives an extension's `storage.local` 10 MB
/// (without the `unlimitedStorage` permission, which Firefox would announce at install), and the
/// seen pages need some. An article with a full English text takes about 7 KB (BENCHMARKS.md), so
/// this is some 1,100 full articles, or 2,000 list entries.
pub const MAX_COLLECTION_BYTES: usize = 8 << 20;
/// Pages whose articles are remembered for "new since the last visit" (the least recently
/// visited is forgotten first). With [`MAX_SEEN_KEYS`] keys of some 80 bytes: 1.4 MB at most.
pub const MAX_SEEN_PAGES: usize = 30;
/// Article keys remembered per page (the oldest go first).
pub const MAX_SEEN_KEYS: usize = 600;
/// An article key longer than this (a hostile page's address of kilobytes) is neither collected
/// nor remembered: the caps above count keys of ordinary length.
pub const MAX_KEY_BYTES: usize = 512;

/// The bytes an item takes in the storage as Chrome counts them: its key and its value as JSON
/// (here a JSON string holding JSON text: quotes and backslashes escaped once more).
pub fn stored_size(key: &str, value: &str) -> usize {
    key.len() + value.len() + 2 + value.bytes().filter(|&b| b == b'"' || b == b'\\').count()
}

/// The storage key of the collection's index.
pub const COLLECTION_KEY: &str = "collection";
/// The storage key of the seen pages' index.
pub const SEEN_KEY: &str = "seen";
/// `page.url` of a collection's export: it is no one page.
pub const COLLECTION_URL: &str = "caixin-sidebar:collection";
/// `page.title` of a collection's export (not translated: exports do not depend on the browser's
/// language).
pub const COLLECTION_TITLE: &str = "Caixin Sidebar collection";

/// The storage key of a collected article.
pub fn item_key(article_key: &str) -> String {
    format!("c:{article_key}")
}

/// The storage key of the articles a page listed.
pub fn seen_key(page_key: &str) -> String {
    format!("s:{page_key}")
}

/// The storage key of a fetched article (`storage.session`).
pub fn fetched_key(article_key: &str) -> String {
    format!("f:{article_key}")
}

/// Items to write and keys to remove, for the browser side to apply.
#[derive(Debug, Default, PartialEq)]
pub struct Writes {
    /// Key → JSON text.
    pub set: Vec<(String, String)>,
    /// Keys to remove.
    pub remove: Vec<String>,
}

impl Writes {
    /// Nothing to write.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.remove.is_empty()
    }
}

/// A collected article with what the page it came from said about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The article, merged over every page it was added from.
    pub article: Article,
    /// The site of the page it was first added from (CSL's publisher).
    pub site: Site,
    /// That page's language.
    pub language: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Index {
    v: u32,
    keys: Vec<String>,
}

/// The collection: its keys in the order added (read at start, for the count and the cards'
/// buttons) and, once loaded, its items.
#[derive(Debug, Default)]
pub struct Collection {
    keys: Vec<String>,
    set: HashSet<String>,
    items: HashMap<String, Item>,
    /// Each item's stored size, and their sum.
    sizes: HashMap<String, usize>,
    bytes: usize,
    loaded: bool,
}

/// What adding did.
#[derive(Debug, Default, PartialEq)]
pub struct Added {
    /// Articles new to the collection.
    pub new: usize,
    /// Articles already in it (merged).
    pub merged: usize,
    /// Articles not added: the collection is full.
    pub refused: usize,
    /// What to store.
    pub writes: Writes,
}

impl Collection {
    /// The collection of the stored index (`None`, or text that is not one: empty).
    pub fn from_index(json: Option<&str>) -> Collection {
        let keys: Vec<String> = json.and_then(|j| serde_json::from_str::<Index>(j).ok()).map(|i| i.keys).unwrap_or_default();
        let mut set = HashSet::with_capacity(keys.len());
        let keys = keys.into_iter().filter(|k| set.insert(k.clone())).collect();
        Collection { keys, set, items: HashMap::new(), sizes: HashMap::new(), bytes: 0, loaded: false }
    }

    /// Takes the stored items (`item_key` of each key → its JSON text, when stored). Keys without
    /// a readable item are dropped from the collection; returns the index to store then.
    pub fn load(&mut self, items: &HashMap<String, String>) -> Writes {
        let mut writes = Writes::default();
        for k in &self.keys {
            let ik = item_key(k);
            if let Some((json, item)) = items.get(&ik).and_then(|j| Some((j, serde_json::from_str::<Item>(j).ok()?))) {
                self.items.insert(k.clone(), item);
                self.sizes.insert(k.clone(), stored_size(&ik, json));
            }
        }
        self.bytes = self.sizes.values().sum();
        if self.items.len() != self.keys.len() {
            self.keys.retain(|k| self.items.contains_key(k));
            self.set = self.keys.iter().cloned().collect();
            writes.set.push(self.index());
        }
        self.loaded = true;
        writes
    }

    /// Are the items loaded (needed to add, show and export)?
    pub fn loaded(&self) -> bool {
        self.loaded
    }

    /// How many articles it holds.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Does it hold no article?
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Does it hold this article (by `article_key`)?
    pub fn contains(&self, key: &str) -> bool {
        self.set.contains(key)
    }

    /// The article keys in the order added.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The item of a key, once loaded.
    pub fn get(&self, key: &str) -> Option<&Item> {
        self.items.get(key)
    }

    /// The storage its items take (bytes, as Chrome counts them).
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    fn index(&self) -> (String, String) {
        (COLLECTION_KEY.to_string(), serde_json::to_string(&Index { v: 1, keys: self.keys.clone() }).expect("strings serialise"))
    }

    /// The write of an item, when it fits under [`MAX_COLLECTION_BYTES`] (in place of the stored
    /// copy of the same key, if any); its size is counted. `None`: it does not fit, nothing
    /// changes.
    fn item_write(&mut self, key: &str, item: &Item) -> Option<(String, String)> {
        let w = (item_key(key), serde_json::to_string(item).expect("the model serialises"));
        let size = stored_size(&w.0, &w.1);
        let old = self.sizes.get(key).copied().unwrap_or(0);
        if self.bytes - old + size > MAX_COLLECTION_BYTES {
            return None;
        }
        self.bytes = self.bytes - old + size;
        self.sizes.insert(key.to_string(), size);
        Some(w)
    }

    /// Adds articles met on a page of `site` in `language`. An article already in the collection
    /// is merged with `combine_articles` (the stored copy first: per field the richest value
    /// wins); articles without an article URL cannot be collected and are skipped. Call once
    /// loaded.
    pub fn add<'a>(&mut self, articles: impl IntoIterator<Item = &'a Article>, site: Site, language: Option<&str>) -> Added {
        debug_assert!(self.loaded, "add after load");
        let mut out = Added::default();
        let mut index_changed = false;
        for a in articles {
            let Some(key) = a.url.as_deref().and_then(crate::article_key) else { continue };
            if key.len() > MAX_KEY_BYTES {
                out.refused += 1;
                continue;
            }
            match self.items.get(&key) {
                Some(item) => {
                    let merged = crate::combine_articles(item.article.clone(), a.clone());
                    out.merged += 1;
                    if merged != item.article {
                        let item = Item { article: merged, ..item.clone() };
                        // A richer copy that would pass the cap: the stored one stays.
                        match self.item_write(&key, &item) {
                            Some(w) => {
                                out.writes.set.push(w);
                                self.items.insert(key, item);
                            }
                            None => out.refused += 1,
                        }
                    }
                }
                None if self.keys.len() >= MAX_COLLECTION => out.refused += 1,
                None => {
                    let item = Item { article: a.clone(), site, language: language.map(str::to_string) };
                    let Some(w) = self.item_write(&key, &item) else {
                        out.refused += 1;
                        continue;
                    };
                    out.writes.set.push(w);
                    self.items.insert(key.clone(), item);
                    self.set.insert(key.clone());
                    self.keys.push(key);
                    out.new += 1;
                    index_changed = true;
                }
            }
        }
        if index_changed {
            // The items before the index: a failed write leaves no key without its item.
            out.writes.set.push(self.index());
        }
        out
    }

    /// Replaces a collected article by a richer copy of it (its full text fetched): merged as
    /// `add` merges, without adding it when it is not collected.
    pub fn complete(&mut self, key: &str, article: &Article) -> Writes {
        let mut w = Writes::default();
        if let Some(item) = self.items.get(key) {
            let merged = crate::combine_articles(item.article.clone(), article.clone());
            if merged != item.article {
                let item = Item { article: merged, ..item.clone() };
                // Over the cap, the collected copy stays as it was (the page's list still shows
                // the full text).
                if let Some(write) = self.item_write(key, &item) {
                    w.set.push(write);
                    self.items.insert(key.to_string(), item);
                }
            }
        }
        w
    }

    /// Removes one article.
    pub fn remove(&mut self, key: &str) -> Writes {
        let mut w = Writes::default();
        if self.set.remove(key) {
            self.keys.retain(|k| k != key);
            self.items.remove(key);
            self.bytes -= self.sizes.remove(key).unwrap_or(0);
            w.set.push(self.index());
            w.remove.push(item_key(key));
        }
        w
    }

    /// Removes every article.
    pub fn clear(&mut self) -> Writes {
        let mut w = Writes { remove: self.keys.iter().map(|k| item_key(k)).collect(), ..Writes::default() };
        w.remove.push(COLLECTION_KEY.to_string());
        self.keys.clear();
        self.set.clear();
        self.items.clear();
        self.sizes.clear();
        self.bytes = 0;
        w
    }

    /// The collection as a page, for the list and the exports: its articles in the order added;
    /// `page` says it is a collection ([`COLLECTION_URL`]), with the site and language its
    /// articles share (else `other` and none).
    pub fn page(&self) -> Page {
        let items: Vec<&Item> = self.keys.iter().filter_map(|k| self.items.get(k)).collect();
        let site = items.first().map(|i| i.site).filter(|s| items.iter().all(|i| i.site == *s)).unwrap_or(Site::Other);
        let language = items.first().and_then(|i| i.language.clone()).filter(|l| items.iter().all(|i| i.language.as_ref() == Some(l)));
        Page {
            schema: SCHEMA_ID.to_string(),
            page: PageInfo {
                url: COLLECTION_URL.to_string(),
                site,
                kind: PageKind::Listing,
                title: Some(COLLECTION_TITLE.to_string()),
                language,
            },
            articles: items.iter().map(|i| i.article.clone()).collect(),
            warnings: Vec::new(),
        }
    }
}

/// A page's address as the seen-pages record knows it: host (lower case), path and query; no
/// scheme, no fragment. `http://WWW.caixinglobal.com/live/#top` → `www.caixinglobal.com/live/`.
pub fn page_key(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split('#').next().unwrap_or(rest);
    let (host, path) = rest.find(['/', '?']).map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
    let host = host.rsplit('@').next().unwrap_or(host).to_ascii_lowercase();
    let path = if path.starts_with('?') { format!("/{path}") } else { path.to_string() };
    format!("{host}{path}")
}

/// The seen-pages index: page keys, least recently visited first.
#[derive(Debug, Default, PartialEq)]
pub struct SeenPages {
    pages: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct SeenIndex {
    v: u32,
    pages: Vec<String>,
}

impl SeenPages {
    /// The stored index (`None`, or text that is not one: empty).
    pub fn from_json(json: Option<&str>) -> SeenPages {
        SeenPages { pages: json.and_then(|j| serde_json::from_str::<SeenIndex>(j).ok()).map(|i| i.pages).unwrap_or_default() }
    }

    /// Makes `page` the most recently visited; pages beyond [`MAX_SEEN_PAGES`] are forgotten.
    pub fn touch(&mut self, page: &str) -> Writes {
        let mut w = Writes::default();
        if self.pages.last().map(String::as_str) == Some(page) {
            return w;
        }
        self.pages.retain(|p| p != page);
        self.pages.push(page.to_string());
        while self.pages.len() > MAX_SEEN_PAGES {
            let old = self.pages.remove(0);
            w.remove.push(seen_key(&old));
        }
        w.set.push((
            SEEN_KEY.to_string(),
            serde_json::to_string(&SeenIndex { v: 1, pages: self.pages.clone() }).expect("strings serialise"),
        ));
        w
    }
}

/// One visit of a page: what the page listed at the visits before (the baseline of "new") and
/// what to store for the next.
#[derive(Debug, Default, PartialEq)]
pub struct Visit {
    /// The page.
    pub page: String,
    /// The keys the page listed at the visits before; `None` on a first visit (nothing is new).
    pub baseline: Option<HashSet<String>>,
    /// What the storage holds for the page (baseline, then what this visit listed, oldest first).
    stored: Vec<String>,
}

impl Visit {
    /// A visit of `page`, with what the storage held for it (`None`: never visited, or
    /// forgotten).
    pub fn new(page: &str, stored: Option<&str>) -> Visit {
        let keys: Option<Vec<String>> = stored.and_then(|j| serde_json::from_str(j).ok());
        Visit { page: page.to_string(), baseline: keys.as_ref().map(|k| k.iter().cloned().collect()), stored: keys.unwrap_or_default() }
    }

    /// The listed keys that are new since the last visit (none on a first visit).
    pub fn new_keys<'a>(&self, listed: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
        match &self.baseline {
            None => HashSet::new(),
            Some(b) => listed.into_iter().filter(|k| !b.contains(*k)).map(str::to_string).collect(),
        }
    }

    /// Records what the page lists now (each scan of the visit); the write when that adds keys.
    /// Keys beyond [`MAX_SEEN_KEYS`] are forgotten, oldest first.
    pub fn record<'a>(&mut self, listed: impl IntoIterator<Item = &'a str>) -> Writes {
        let mut w = Writes::default();
        let have: HashSet<&str> = self.stored.iter().map(String::as_str).collect();
        let mut added: Vec<String> = Vec::new();
        let mut seen_now = HashSet::new();
        for k in listed {
            if k.len() <= MAX_KEY_BYTES && !have.contains(k) && seen_now.insert(k) {
                added.push(k.to_string());
            }
        }
        if added.is_empty() {
            return w;
        }
        self.stored.extend(added);
        if self.stored.len() > MAX_SEEN_KEYS {
            let cut = self.stored.len() - MAX_SEEN_KEYS;
            self.stored.drain(..cut);
        }
        w.set.push((seen_key(&self.page), serde_json::to_string(&self.stored).expect("strings serialise")));
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    fn art(id: u32, title: &str) -> Article {
        Article {
            id: Some(id.to_string()),
            url: Some(format!("https://www.caixinglobal.com/2020-11-27/story-{}.html", 101_600_000 + id)),
            title: Some(title.to_string()),
            ..Article::default()
        }
    }

    fn apply(store: &mut HashMap<String, String>, w: Writes) {
        for (k, v) in w.set {
            store.insert(k, v);
        }
        for k in w.remove {
            store.remove(&k);
        }
    }

    fn reopen(store: &HashMap<String, String>) -> Collection {
        let mut c = Collection::from_index(store.get(COLLECTION_KEY).map(String::as_str));
        assert!(c.load(store).is_empty());
        c
    }

    #[test]
    fn add_merge_remove_clear_and_read_back() {
        let mut store = HashMap::new();
        let mut c = Collection::from_index(None);
        assert!(c.load(&store).is_empty());
        let a = art(101, "One");
        let mut b = art(102, "Two");
        let added = c.add([&a, &b], Site::CaixinGlobal, Some("en"));
        assert_eq!((added.new, added.merged, added.refused), (2, 0, 0));
        apply(&mut store, added.writes);
        assert_eq!(
            reopen(&store).keys(),
            ["www.caixinglobal.com/2020-11-27/story-101600101.html", "www.caixinglobal.com/2020-11-27/story-101600102.html"]
        );

        // The same article met on another page, over http, with its body: merged, one item.
        b.url = Some("http://www.caixinglobal.com/2020-11-27/story-101600102.html?cxapp_link=true".into());
        b.body = vec!["Full text.".into()];
        b.role = Role::Main;
        b.section = Some("World".into());
        let again = c.add([&b], Site::CaixinCn, Some("zh-CN"));
        assert_eq!((again.new, again.merged), (0, 1));
        assert_eq!(again.writes.set.len(), 1, "the item only; the index did not change");
        apply(&mut store, again.writes);
        let back = reopen(&store);
        assert_eq!(back.len(), 2);
        let item = back.get("www.caixinglobal.com/2020-11-27/story-101600102.html").unwrap();
        assert_eq!(item.article.body, ["Full text."]);
        assert_eq!(item.article.section.as_deref(), Some("World"));
        assert_eq!(
            item.article.url.as_deref(),
            Some("https://www.caixinglobal.com/2020-11-27/story-101600102.html"),
            "the first copy's URL"
        );
        assert_eq!((item.site, item.language.as_deref()), (Site::CaixinGlobal, Some("en")), "where it was first added");
        // Adding what it already holds writes nothing.
        assert!(c.add([&b], Site::CaixinGlobal, None).writes.is_empty());

        let w = c.remove("www.caixinglobal.com/2020-11-27/story-101600101.html");
        assert_eq!(w.remove, ["c:www.caixinglobal.com/2020-11-27/story-101600101.html"]);
        apply(&mut store, w);
        assert_eq!(reopen(&store).len(), 1);
        apply(&mut store, c.clear());
        assert!(store.is_empty(), "{store:?}");
        assert!(reopen(&store).is_empty());
    }

    #[test]
    fn articles_without_an_article_url_are_not_collected_and_the_cap_holds() {
        let mut c = Collection::from_index(None);
        c.load(&HashMap::new());
        let no_url = Article { title: Some("No link".into()), ..Article::default() };
        let blog = Article { url: Some("https://www.caixinglobal.com/about/".into()), ..Article::default() };
        assert_eq!(c.add([&no_url, &blog], Site::CaixinGlobal, None), Added::default());
        let many: Vec<Article> = (0..MAX_COLLECTION as u32 + 3).map(|i| art(1000 + i, "x")).collect();
        let added = c.add(&many, Site::CaixinGlobal, None);
        assert_eq!((added.new, added.refused), (MAX_COLLECTION, 3));
        assert_eq!(c.len(), MAX_COLLECTION);
    }

    #[test]
    fn the_storage_it_takes_is_counted_and_capped() {
        let mut store = HashMap::new();
        let mut c = Collection::from_index(None);
        c.load(&store);
        let mut long = art(1, "long");
        // About 1.6 MB stored each (quotes escaped twice): five fit under the cap, not six.
        long.body = vec!["word \"quoted\" ".repeat(80_000)];
        let many: Vec<Article> = (0..10).map(|i| Article { url: art(i, "x").url, ..long.clone() }).collect();
        let added = c.add(&many, Site::CaixinGlobal, None);
        let each = c.bytes() / added.new;
        assert_eq!((added.new, added.refused), (MAX_COLLECTION_BYTES / each, 10 - MAX_COLLECTION_BYTES / each));
        assert!(added.new >= 2 && added.refused >= 2, "{added:?}");
        assert!(c.bytes() <= MAX_COLLECTION_BYTES);
        // The count matches what the stored items take.
        apply(&mut store, added.writes);
        let counted: usize = store.iter().filter(|(k, _)| k.starts_with("c:")).map(|(k, v)| stored_size(k, v)).sum();
        assert_eq!(c.bytes(), counted);
        let mut again = Collection::from_index(store.get(COLLECTION_KEY).map(String::as_str));
        again.load(&store);
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
    fn an_address_of_kilobytes_is_neither_collected_nor_remembered() {
        let mut c = Collection::from_index(None);
        c.load(&HashMap::new());
        let slug = "x".repeat(2_000);
        let long = Article { url: Some(format!("https://www.caixinglobal.com/2020-11-27/{slug}-101600001.html")), ..art(1, "long") };
        let added = c.add(&[long.clone(), art(2, "short")], Site::CaixinGlobal, None);
        assert_eq!((added.new, added.refused), (1, 1));
        let key = crate::article_key(long.url.as_deref().unwrap()).unwrap();
        let mut seen = Visit::new("www.caixinglobal.com/", None);
        let w = seen.record([key.as_str(), "www.caixinglobal.com/2020-11-27/a-101600002.html"]);
        assert!(!w.set[0].1.contains(&slug) && w.set[0].1.contains("a-101600002"));
    }

    /// Entries collected small, then completed with their full text (fetched, or added again from
    /// their own page): the cap holds too; over it, the stored copy stays as it was.
    #[test]
    fn completing_or_merging_keeps_under_the_cap() {
        let mut c = Collection::from_index(None);
        c.load(&HashMap::new());
        let small: Vec<Article> = (0..10).map(|i| art(i, "entry")).collect();
        assert_eq!(c.add(&small, Site::CaixinGlobal, None).new, 10);
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
        // The ones not completed are as they were; adding a full copy again is refused, not stored.
        let last = c.keys()[9].clone();
        assert!(c.get(&last).unwrap().article.body.is_empty());
        let again = c.add(&[full(9)], Site::CaixinGlobal, None);
        assert_eq!((again.merged, again.refused), (1, 1));
        assert!(again.writes.set.is_empty());
        assert!(c.get(&last).unwrap().article.body.is_empty());
        assert!(c.bytes() <= MAX_COLLECTION_BYTES);
    }

    #[test]
    fn a_missing_or_broken_item_is_dropped_from_the_index() {
        let mut store = HashMap::new();
        let mut c = Collection::from_index(None);
        c.load(&store);
        apply(&mut store, c.add([&art(1, "a"), &art(2, "b"), &art(3, "c")], Site::CaixinGlobal, None).writes);
        store.remove("c:www.caixinglobal.com/2020-11-27/story-101600002.html");
        store.insert("c:www.caixinglobal.com/2020-11-27/story-101600003.html".into(), "{not json".into());
        let mut again = Collection::from_index(store.get(COLLECTION_KEY).map(String::as_str));
        assert_eq!(again.len(), 3);
        let w = again.load(&store);
        assert_eq!(again.keys(), ["www.caixinglobal.com/2020-11-27/story-101600001.html"]);
        assert_eq!(w.set.len(), 1);
        assert_eq!(Collection::from_index(Some("garbage")).len(), 0);
    }

    #[test]
    fn complete_merges_only_collected_articles() {
        let mut c = Collection::from_index(None);
        c.load(&HashMap::new());
        c.add([&art(1, "a")], Site::CaixinGlobal, None);
        let mut full = art(1, "a");
        full.body = vec!["p1".into(), "p2".into()];
        full.truncated = true;
        let w = c.complete("www.caixinglobal.com/2020-11-27/story-101600001.html", &full);
        assert_eq!(w.set.len(), 1);
        let item = c.get("www.caixinglobal.com/2020-11-27/story-101600001.html").unwrap();
        assert_eq!(item.article.body.len(), 2);
        assert!(item.article.truncated, "the truncation flag goes with the body");
        assert!(c.complete("www.caixinglobal.com/2020-11-27/story-101600009.html", &art(9, "z")).is_empty());
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn the_collection_page_says_what_its_articles_share() {
        let mut c = Collection::from_index(None);
        c.load(&HashMap::new());
        c.add([&art(1, "a")], Site::CaixinGlobal, Some("en"));
        c.add([&art(2, "b")], Site::CaixinGlobal, Some("en"));
        let p = c.page();
        assert_eq!(p.page.url, COLLECTION_URL);
        assert_eq!((p.page.site, p.page.language.as_deref()), (Site::CaixinGlobal, Some("en")));
        assert_eq!(p.articles.iter().map(|a| a.title.as_deref().unwrap()).collect::<Vec<_>>(), ["a", "b"]);
        c.add([&art(3, "c")], Site::CaixinCn, Some("zh-CN"));
        let p = c.page();
        assert_eq!((p.page.site, p.page.language.as_deref()), (Site::Other, None));
        // The export of a collection is a valid page document.
        let json = crate::export::render(&p, crate::export::Format::Json, None).unwrap();
        assert!(json.contains("\"url\": \"caixin-sidebar:collection\""));
    }

    #[test]
    fn page_keys_drop_scheme_fragment_and_host_case() {
        assert_eq!(page_key("http://WWW.caixinglobal.com/live/#top"), "www.caixinglobal.com/live/");
        assert_eq!(page_key("https://www.caixinglobal.com/live/"), "www.caixinglobal.com/live/");
        assert_eq!(page_key("https://www.caixinglobal.com/section-news/?t=5"), "www.caixinglobal.com/section-news/?t=5");
        assert_eq!(page_key("https://www.caixin.com"), "www.caixin.com/");
        assert_eq!(page_key("https://www.caixin.com?x=1"), "www.caixin.com/?x=1");
    }

    #[test]
    fn a_visit_badges_what_the_last_visits_did_not_list() {
        let mut store: HashMap<String, String> = HashMap::new();
        // First visit: nothing is new; what it lists is stored.
        let mut v = Visit::new("p", None);
        assert!(v.new_keys(["a", "b"]).is_empty());
        apply(&mut store, v.record(["a", "b"]));
        // The page grows during the visit: stored too, still not new (first visit).
        apply(&mut store, v.record(["a", "b", "c"]));
        assert!(v.record(["a", "c"]).is_empty(), "nothing new to store");
        // Next visit: d and e are new; c was listed during the last visit.
        let mut v2 = Visit::new("p", store.get("s:p").map(String::as_str));
        let new = v2.new_keys(["d", "a", "c", "e"]);
        assert_eq!(new, ["d", "e"].into_iter().map(String::from).collect());
        apply(&mut store, v2.record(["d", "a", "c", "e"]));
        // During that visit the baseline stays: d is still new on a rescan.
        assert!(v2.new_keys(["d"]).contains("d"));
        let v3 = Visit::new("p", store.get("s:p").map(String::as_str));
        assert!(v3.new_keys(["a", "b", "c", "d", "e"]).is_empty());
    }

    #[test]
    fn seen_records_are_bounded() {
        let mut v = Visit::new("p", None);
        let keys: Vec<String> = (0..MAX_SEEN_KEYS + 10).map(|i| format!("k{i}")).collect();
        let w = v.record(keys.iter().map(String::as_str));
        let stored: Vec<String> = serde_json::from_str(&w.set[0].1).unwrap();
        assert_eq!(stored.len(), MAX_SEEN_KEYS);
        assert_eq!(stored[0], "k10", "the oldest are forgotten");

        let mut pages = SeenPages::from_json(None);
        let mut removed = Vec::new();
        for i in 0..MAX_SEEN_PAGES + 2 {
            removed.extend(pages.touch(&format!("page{i}")).remove);
        }
        assert_eq!(removed, ["s:page0", "s:page1"]);
        // Visiting an old page again makes it the most recent.
        let w = pages.touch("page2");
        assert!(w.remove.is_empty());
        let idx: serde_json::Value = serde_json::from_str(&w.set[0].1).unwrap();
        assert_eq!(idx["pages"].as_array().unwrap().last().unwrap(), "page2");
        assert!(pages.touch("page2").is_empty(), "already the most recent");
        assert_eq!(SeenPages::from_json(Some("[1,2]")), SeenPages::default());
    }
}
