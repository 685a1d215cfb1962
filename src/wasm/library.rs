//! What the sidebar keeps in the browser's storage, as plain data with the changes to write: the
//! collection (articles across pages, `storage.local`), the articles each page listed at the last
//! visits (`storage.local`), and fetched articles (`storage.session`). Pure, tested natively; the
//! browser side (`ui/panel.rs`, through the host's storage in `ui/host.rs`) reads and writes the items these name.
//!
//! Storage layout, schema 2 (one item per article or page, so a change writes a few KB, not
//! everything):
//!
//! | area | key | value (JSON text) |
//! |---|---|---|
//! | local | `meta` | `{"schema":2}`: the layout of everything below |
//! | local | `c:<article key>` | an [`Item`]: the article, its site and language, when it was added (`added`, ms) |
//! | local | `seen` | `{"v":2,"pages":[page keys, least recently visited first]}` |
//! | local | `s:<page key>` | `[seen hashes of the article keys the page listed]` ([`seen_hash`]) |
//! | local | `format` | the export format picked last (plain text, written by the glue) |
//! | session | `f:<article key>` | the article of a fetched page (`role: main`) |
//!
//! The stored items are the collection: there is no index to trust or to lose. Which articles it
//! holds is the list of `c:` keys; their order is each item's `added`. Two panels adding at once
//! write different keys, so neither loses the other's; the same article written by both is merged
//! when each hears of the other's write (`Collection::changed`, from `storage.onChanged`).
//!
//! Schema versions and what changed (each earlier version keeps a sample,
//! `tests/fixtures/storage/v<N>.json`, that the tests upgrade):
//!
//! | schema | layout | upgrade to the next |
//! |---|---|---|
//! | 1 (no `meta`) | `collection` = `{"v":1,"keys":[…]}` (order), `c:` items without `added`; `s:<host+path+query>` = `[article keys]`, `seen` `{"v":1,…}` | items get `added` from the index's order (items outside it after, by key); `collection` removed; seen records keyed without the query (long keys hashed), their keys hashed, records outside the index kept as the least recent |
//! | 2 | above | — |
//!
//! Reading is tolerant: an article stored before the model carried its `key` gets it from its URL
//! ([`fill_key`]); an item written by a later version (fields or enum values this one does
//! not know) is read, and when it is written again what this version did not change is kept as it
//! was stored ([`preserve`]). An item that cannot be read at all is left in the storage as it is,
//! counted, and reported; only *Clear collection* removes it.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Article, Page, PageInfo, PageKind, Site, SCHEMA_ID};

/// The storage layout this version writes.
pub const SCHEMA: u32 = 2;
/// Articles a collection holds at most.
pub const MAX_COLLECTION: usize = 2_000;
/// Storage a collection's items take at most: Chrome gives an extension's `storage.local` 10 MB
/// (without the `unlimitedStorage` permission, which Firefox would announce at install), and the
/// seen pages need [`MAX_SEEN_BYTES`]. An article with a full English text takes about 7 KB
/// (BENCHMARKS.md), so this is some 1,100 full articles, or 2,000 list entries.
pub const MAX_COLLECTION_BYTES: usize = 8 << 20;
/// Pages whose articles are remembered for "new since the last visit" (the least recently
/// visited is forgotten first).
pub const MAX_SEEN_PAGES: usize = 30;
/// Article keys remembered per page (the oldest go first).
pub const MAX_SEEN_KEYS: usize = 600;
/// A page key longer than this is cut and ends with a hash of the whole ([`page_key`]).
pub const MAX_PAGE_KEY_BYTES: usize = 160;
/// One seen record's stored value at most ([`stored_size`]): [`MAX_SEEN_KEYS`] hashes of 16
/// characters, as a JSON array, take 12.3 KB.
pub const MAX_SEEN_RECORD_BYTES: usize = 13 << 10;
/// Every seen record and the seen index together at most. By construction (30 records of
/// [`MAX_SEEN_RECORD_BYTES`] and their keys, the index): whatever addresses a page shows, the
/// collection keeps its [`MAX_COLLECTION_BYTES`] under Chrome's 10 MB.
pub const MAX_SEEN_BYTES: usize = 512 << 10;
/// An article key longer than this (a hostile page's address of kilobytes) is not collected: the
/// caps above count keys of ordinary length.
pub const MAX_KEY_BYTES: usize = 512;

/// The bytes an item takes in the storage as Chrome counts them: its key and its value as JSON
/// (here a JSON string holding JSON text: quotes and backslashes escaped once more).
pub fn stored_size(key: &str, value: &str) -> usize {
    key.len() + value.len() + 2 + value.bytes().filter(|&b| b == b'"' || b == b'\\').count()
}

/// The storage key of the layout's version.
pub const META_KEY: &str = "meta";
/// The storage key of the seen pages' index.
pub const SEEN_KEY: &str = "seen";
/// Schema 1's index of the collection (read by the upgrade only).
const V1_COLLECTION_KEY: &str = "collection";
/// `page.url` of a collection's export: it is no one page.
pub const COLLECTION_URL: &str = "caixin-sidebar:collection";
/// `page.title` of a collection's export (not translated: exports do not depend on the browser's
/// language).
pub const COLLECTION_TITLE: &str = "Caixin Sidebar collection";

const ITEM_PREFIX: &str = "c:";
const SEEN_PREFIX: &str = "s:";

/// The storage key of a collected article.
pub fn item_key(article_key: &str) -> String {
    format!("{ITEM_PREFIX}{article_key}")
}

/// The article key of a collection item's storage key.
pub fn article_key_of(storage_key: &str) -> Option<&str> {
    storage_key.strip_prefix(ITEM_PREFIX)
}

/// The storage key of the articles a page listed.
pub fn seen_key(page_key: &str) -> String {
    format!("{SEEN_PREFIX}{page_key}")
}

/// The storage key of a fetched article (`storage.session`).
pub fn fetched_key(article_key: &str) -> String {
    format!("f:{article_key}")
}

/// 64-bit FNV-1a: short, stable names for long keys (the same on every platform and version).
fn hash64(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// What a seen record holds for an article key: 16 hex digits of its hash. Records stay small
/// whatever the addresses (a page of 600 links of kilobytes each), and hold no address.
pub fn seen_hash(article_key: &str) -> String {
    format!("{:016x}", hash64(article_key))
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

    /// These writes, then `other`'s.
    pub fn extend(&mut self, other: Writes) {
        self.set.extend(other.set);
        self.remove.extend(other.remove);
    }
}

// ---------------------------------------------------------------------------------------------
// Schema versions

/// The layout version of what the storage holds: `meta`'s, else 1 when anything schema 1 wrote is
/// there, else 0 (nothing stored yet).
pub fn stored_schema<'a>(meta: Option<&str>, keys: impl IntoIterator<Item = &'a str>) -> u32 {
    // (Read as a value: a type of its own would add its own parser to the wasm.)
    if let Some(schema) = meta.and_then(|m| serde_json::from_str::<Value>(m).ok()).and_then(|m| m.get("schema")?.as_u64()) {
        return schema as u32;
    }
    let v1 = |k: &str| k == V1_COLLECTION_KEY || k == SEEN_KEY || k.starts_with(ITEM_PREFIX) || k.starts_with(SEEN_PREFIX);
    u32::from(keys.into_iter().any(v1))
}

/// Does the storage need [`upgrade`] before this version uses it: an older layout, or what an
/// interrupted upgrade or two panels' race left (schema 1's index, seen records outside the seen
/// index, pages in it without a record)? `keys`: every key stored; `meta`, `seen`: their values.
pub fn needs_upgrade(keys: &[String], meta: Option<&str>, seen: Option<&str>) -> bool {
    let schema = stored_schema(meta, keys.iter().map(String::as_str));
    if schema > SCHEMA {
        return false;
    }
    if schema < SCHEMA {
        return true;
    }
    let index = SeenPages::from_json(seen);
    keys.iter().any(|k| k == V1_COLLECTION_KEY || k.strip_prefix(SEEN_PREFIX).is_some_and(|p| !index.pages.iter().any(|q| q == p)))
        || index.pages.iter().any(|p| !keys.contains(&seen_key(p)))
}

/// What [`upgrade`] did.
#[derive(Debug, Default, PartialEq)]
pub struct Upgrade {
    /// The schema found.
    pub from: u32,
    /// What to store (items first, then removals: an upgrade cut short is finished at the next
    /// start, and never loses an item).
    pub writes: Writes,
}

/// Brings everything stored (`all`: every key → its text) to [`SCHEMA`], one step per version,
/// then tidies what nothing reads (schema 1's index, seen records outside the seen index). Run
/// once at start, under the storage lock; running it again changes nothing. A layout newer than
/// this version's is left as it is.
pub fn upgrade(all: &HashMap<String, String>) -> Upgrade {
    let from = stored_schema(all.get(META_KEY).map(String::as_str), all.keys().map(String::as_str));
    let mut up = Upgrade { from, writes: Writes::default() };
    if from > SCHEMA {
        return up;
    }
    if from == 1 {
        up.writes = upgrade_1_to_2(all);
    }
    if from < SCHEMA {
        up.writes.set.push((META_KEY.to_string(), format!("{{\"schema\":{SCHEMA}}}")));
    }
    // Tidy: at schema 2 (now, or already), nothing reads these. (Linear searches rather than
    // sets, here and below: this runs once, and sets of new types are wasm code of their own.)
    let set_seen = up.writes.set.iter().find(|(k, _)| k == SEEN_KEY).map(|(_, v)| v.as_str());
    let mut index = SeenPages::from_json(set_seen.or(all.get(SEEN_KEY).map(String::as_str)));
    // Pages the index lists without a record take places of the 30 for nothing.
    let listed = index.pages.len();
    index.pages.retain(|p| all.contains_key(&seen_key(p)) || up.writes.set.iter().any(|(k, _)| *k == seen_key(p)));
    if index.pages.len() < listed {
        up.writes.set.retain(|(k, _)| k != SEEN_KEY);
        up.writes.set.push((SEEN_KEY.to_string(), index.index_json()));
    }
    for k in all.keys() {
        let orphan = k.strip_prefix(SEEN_PREFIX).is_some_and(|p| !index.pages.iter().any(|q| q == p));
        let written = up.writes.set.iter().any(|(w, _)| w == k);
        if (k == V1_COLLECTION_KEY || (orphan && !written)) && !up.writes.remove.contains(k) {
            up.writes.remove.push(k.clone());
        }
    }
    up
}

/// Schema 1 → 2 (module comment).
fn upgrade_1_to_2(all: &HashMap<String, String>) -> Writes {
    let mut w = Writes::default();
    // The collection: each item gets `added` from the index's order; items the index lost (two
    // panels' race) come after, by key. Nothing else in an item changes; text that is no JSON
    // object is left as it is.
    let index = all.get(V1_COLLECTION_KEY).and_then(|j| serde_json::from_str::<Value>(j).ok()).unwrap_or_default();
    let order = index.get("keys").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let rank = |k: &str| article_key_of(k).and_then(|a| order.iter().position(|o| o.as_str() == Some(a))).map_or(u64::MAX, |i| i as u64);
    let mut items = Vec::new();
    for k in all.keys().filter(|k| k.starts_with(ITEM_PREFIX)) {
        insert_ranked(&mut items, k.clone(), &rank);
    }
    for (i, k) in items.iter().enumerate() {
        if let Ok(Value::Object(mut item)) = serde_json::from_str::<Value>(&all[k]) {
            if !item.contains_key("added") {
                item.insert("added".into(), Value::from(i as u64 + 1));
                w.set.push((k.clone(), json_text(&Value::Object(item))));
            }
        }
    }
    // Seen pages: keyed without the query, their article keys hashed. The index's pages keep
    // their order; records it lost come first (least recent). Pages that now share a key share a
    // record.
    let listed = SeenPages::from_json(all.get(SEEN_KEY).map(String::as_str)).pages;
    let mut old_pages = Vec::new();
    for p in all.keys().filter_map(|k| k.strip_prefix(SEEN_PREFIX)).filter(|p| !listed.iter().any(|l| l == p)) {
        insert_ranked(&mut old_pages, p.to_string(), &|_| 0);
    }
    old_pages.extend(listed);
    // (page key, its record), least recently visited first.
    let mut pages: Vec<(String, Vec<String>)> = Vec::new();
    for old in old_pages {
        let Some(keys) = all.get(&seen_key(&old)).and_then(|j| stored::strings(value_of_json(j)?)) else { continue };
        let new = page_key(&old);
        let mut rec = match pages.iter().position(|(p, _)| *p == new) {
            Some(i) => pages.remove(i).1,
            None => Vec::new(),
        };
        for k in keys {
            let h = seen_hash(&k);
            if !rec.contains(&h) {
                rec.push(h);
            }
        }
        pages.push((new, rec));
    }
    let cut = pages.len().saturating_sub(MAX_SEEN_PAGES);
    pages.drain(..cut);
    let mut index = SeenPages::default();
    for (p, mut rec) in pages {
        bound_record(&mut rec);
        w.set.push((seen_key(&p), serde_json::to_string(&rec).expect("strings serialise")));
        index.pages.push(p);
    }
    w.set.push((SEEN_KEY.to_string(), index.index_json()));
    for k in all.keys().filter(|k| k.starts_with(SEEN_PREFIX)) {
        if !w.set.iter().any(|(s, _)| s == k) {
            w.remove.push(k.clone());
        }
    }
    w.remove.push(V1_COLLECTION_KEY.to_string());
    w
}

/// Puts `key` in `keys` (in order of `rank`, then of key) at its place. Used instead of sorting:
/// each `sort_by` with its own comparator adds a copy of the sort, some 10 KB, to the wasm; a
/// binary search is a few instructions (and a collection is 2,000 keys at most).
fn insert_ranked(keys: &mut Vec<String>, key: String, rank: &dyn Fn(&str) -> u64) {
    let r = rank(&key);
    let at = keys.partition_point(|k| (rank(k), k.as_str()) < (r, key.as_str()));
    keys.insert(at, key);
}

// ---------------------------------------------------------------------------------------------
// The collection

/// A collected article with what the page it came from said about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The article, merged over every page it was added from.
    pub article: Article,
    /// The site of the page it was first added from (CSL's publisher).
    #[serde(default = "site_other")]
    pub site: Site,
    /// That page's language.
    #[serde(default)]
    pub language: Option<String>,
    /// When it was added (ms since 1970; schema 1's items: their place in its index): the
    /// collection's order.
    #[serde(default)]
    pub added: u64,
}

fn site_other() -> Site {
    Site::Other
}

/// `new` (what this version writes) with what `raw` (the stored value it read as `read`) holds
/// beyond it: a field this version does not know, or a value it read as something else (an
/// unknown role read as `teaser`), is kept as stored wherever this version did not change it.
pub fn preserve(raw: &Value, read: &Value, new: Value) -> Value {
    match (raw, read, new) {
        (Value::Object(raw), Value::Object(read), Value::Object(mut new)) => {
            for (k, stored) in raw {
                match (read.get(k), new.get_mut(k)) {
                    (_, None) => {
                        new.insert(k.clone(), stored.clone());
                    }
                    (Some(r), Some(n)) if r == n => *n = stored.clone(),
                    (Some(r), Some(n)) => *n = preserve(stored, r, std::mem::take(n)),
                    (None, Some(_)) => {}
                }
            }
            Value::Object(new)
        }
        (_, _, new) => new,
    }
}

/// A readable item, and its stored text when that holds more than this version reads.
///
/// (Values go through text, `serde_json::from_str` and `to_string`, never `from_value` or
/// `to_value`: those would build the model's whole (de)serializer a second time into the wasm,
/// some 40 KB gzip. The text path is only taken for items another version wrote.)
#[derive(Debug, Clone)]
struct Held {
    item: Item,
    raw: Option<String>,
}

/// JSON text as a value (`Null` for what is not JSON).
fn value_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

fn text(item: &Item) -> String {
    serde_json::to_string(item).expect("the model serialises")
}

/// An article read back from the storage: one written before articles carried their `key` (it
/// was added to the model without a new schema version) gets it from its URL, as the extractor
/// would have set it. Everything else is as stored.
pub fn fill_key(a: &mut Article) {
    if a.key.is_none() {
        a.key = a.url.as_deref().and_then(crate::article_key);
    }
}

/// A stored article's text read tolerantly ([`fill_key`]): the fetched articles of `storage.session`.
pub fn read_article(text: &str) -> Option<Article> {
    let mut a = stored::article(value_of_json(text)?)?;
    fill_key(&mut a);
    Some(a)
}

/// A stored item's text read as the model's derived `Deserialize` reads it ([`stored`]).
fn read_item(text: &str) -> Option<Item> {
    stored::item(value_of_json(text)?)
}

/// A value as compact JSON text (`serde_json::to_string`, the same text as its `Display`, which
/// would add a serializer of its own, twice, to the wasm).
fn json_text(v: &Value) -> String {
    serde_json::to_string(v).expect("a value serialises")
}

/// JSON text as a value; `None` for what is not JSON.
fn value_of_json(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

/// Stored items and articles read from their JSON value by hand, field by field, as the model's
/// `#[derive(Deserialize)]` reads their text (`#[serde(default)]`: a missing field takes its empty
/// value; a field of the wrong type makes the whole unreadable; unknown fields are skipped;
/// an unknown role reads as `teaser`, an unknown site as `other`). The derived deserializers
/// stay for the native crate (the CLI, Python); in the wasm they were some 45 KB of code. What no version writes may read differently: a key given twice (the last one
/// counts here; the derived reader refuses it), a site as `{"caixin-cn": null}`, a number beyond
/// `f64` in a field this version does not know (refused here).
/// `library/tests.rs` checks the two readers agree on every fixture's articles and on every
/// field missing, `null`, or of another type.
pub(crate) mod stored {
    use serde_json::Value;

    use super::Item;
    use crate::model::{Article, Contact, Image, Link, Role, Site, Translation, Trending};

    /// The fields of a struct, in turn; `None` from `f` (a value of the wrong type): unreadable. A
    /// struct reads from an object, or (as the derived reader reads it) from an array of its
    /// fields' values in the order of `names`, the missing last ones taking their default.
    fn fields(v: Value, names: &[&str], f: &mut dyn FnMut(&str, Value) -> Option<()>) -> Option<()> {
        match v {
            Value::Object(o) => {
                for (k, v) in o {
                    f(&k, v)?;
                }
            }
            Value::Array(a) if a.len() <= names.len() => {
                for (k, v) in names.iter().zip(a) {
                    f(k, v)?;
                }
            }
            _ => return None,
        }
        Some(())
    }

    fn string(v: Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    fn opt_string(v: Value) -> Option<Option<String>> {
        match v {
            Value::Null => Some(None),
            v => string(v).map(Some),
        }
    }

    /// The values of an array, in turn (`None` from `f`: unreadable). One body for every list
    /// ([`list`] is a few instructions per type).
    fn each(v: Value, f: &mut dyn FnMut(Value) -> Option<()>) -> Option<()> {
        let Value::Array(a) = v else { return None };
        for v in a {
            f(v)?;
        }
        Some(())
    }

    fn list<T>(v: Value, read: fn(Value) -> Option<T>) -> Option<Vec<T>> {
        let mut out = Vec::new();
        each(v, &mut |v| {
            out.push(read(v)?);
            Some(())
        })?;
        Some(out)
    }

    /// A list of strings (`serde_json::from_str::<Vec<String>>`).
    pub fn strings(v: Value) -> Option<Vec<String>> {
        list(v, string)
    }

    fn boolean(v: Value) -> Option<bool> {
        v.as_bool()
    }

    fn site(v: Value) -> Option<Site> {
        Some(match string(v)?.as_str() {
            "caixin-global" => Site::CaixinGlobal,
            "caixin-cn" => Site::CaixinCn,
            _ => Site::Other,
        })
    }

    fn role(v: Value) -> Option<Role> {
        Some(match string(v)?.as_str() {
            "story" => Role::Story,
            "main" => Role::Main,
            _ => Role::Teaser,
        })
    }

    fn image(v: Value) -> Option<Image> {
        let mut i = Image::default();
        fields(v, &["url", "caption", "credit"], &mut |k, v| {
            match k {
                "url" => i.url = string(v)?,
                "caption" => i.caption = opt_string(v)?,
                "credit" => i.credit = opt_string(v)?,
                _ => {}
            }
            Some(())
        })?;
        Some(i)
    }

    fn link(v: Value) -> Option<Link> {
        let mut l = Link::default();
        fields(v, &["title", "url"], &mut |k, v| {
            match k {
                "title" => l.title = string(v)?,
                "url" => l.url = opt_string(v)?,
                _ => {}
            }
            Some(())
        })?;
        Some(l)
    }

    fn contact(v: Value) -> Option<Contact> {
        let mut c = Contact::default();
        fields(v, &["role", "name", "email"], &mut |k, v| {
            match k {
                "role" => c.role = string(v)?,
                "name" => c.name = string(v)?,
                "email" => c.email = opt_string(v)?,
                _ => {}
            }
            Some(())
        })?;
        Some(c)
    }

    fn translation(v: Value) -> Option<Translation> {
        let mut t = Translation::default();
        fields(v, &["lang", "url", "title"], &mut |k, v| {
            match k {
                "lang" => t.lang = string(v)?,
                "url" => t.url = string(v)?,
                "title" => t.title = opt_string(v)?,
                _ => {}
            }
            Some(())
        })?;
        Some(t)
    }

    fn trending(v: Value) -> Option<Option<Trending>> {
        if v.is_null() {
            return Some(None);
        }
        let mut t = Trending::default();
        fields(v, &["hashtag", "hashtag_translation", "whats_trending", "story", "reactions"], &mut |k, v| {
            match k {
                "hashtag" => t.hashtag = opt_string(v)?,
                "hashtag_translation" => t.hashtag_translation = opt_string(v)?,
                "whats_trending" => t.whats_trending = strings(v)?,
                "story" => t.story = strings(v)?,
                "reactions" => t.reactions = strings(v)?,
                _ => {}
            }
            Some(())
        })?;
        Some(Some(t))
    }

    /// `Article`'s fields in their order (a field added to the model is added here and to
    /// [`article`]: `library/tests.rs` fails until it is).
    pub(super) const ARTICLE: &[&str] = &[
        "id",
        "url",
        "title",
        "section",
        "byline",
        "authors",
        "published",
        "published_text",
        "url_date",
        "summary",
        "body",
        "images",
        "related",
        "contacts",
        "trending",
        "word_count",
        "paywalled",
        "truncated",
        "full_story_url",
        "tags",
        "role",
        "updated",
        "translations",
        "key",
    ];

    /// An article's value (`serde_json::from_str::<Article>` of its text).
    pub fn article(v: Value) -> Option<Article> {
        let mut a = Article::default();
        fields(v, ARTICLE, &mut |k, v| {
            match k {
                "id" => a.id = opt_string(v)?,
                "url" => a.url = opt_string(v)?,
                "title" => a.title = opt_string(v)?,
                "section" => a.section = opt_string(v)?,
                "byline" => a.byline = opt_string(v)?,
                "authors" => a.authors = strings(v)?,
                "published" => a.published = opt_string(v)?,
                "published_text" => a.published_text = opt_string(v)?,
                "url_date" => a.url_date = opt_string(v)?,
                "summary" => a.summary = opt_string(v)?,
                "body" => a.body = strings(v)?,
                "images" => a.images = list(v, image)?,
                "related" => a.related = list(v, link)?,
                "contacts" => a.contacts = list(v, contact)?,
                "trending" => a.trending = trending(v)?,
                "word_count" => a.word_count = usize::try_from(v.as_u64()?).ok()?,
                "paywalled" => a.paywalled = boolean(v)?,
                "truncated" => a.truncated = boolean(v)?,
                "full_story_url" => a.full_story_url = opt_string(v)?,
                "tags" => a.tags = strings(v)?,
                "role" => a.role = role(v)?,
                "updated" => a.updated = opt_string(v)?,
                "translations" => a.translations = list(v, translation)?,
                "key" => a.key = opt_string(v)?,
                _ => {}
            }
            Some(())
        })?;
        Some(a)
    }

    /// An item's value (`serde_json::from_str::<Item>` of its text): `article` is required.
    pub fn item(v: Value) -> Option<Item> {
        let (mut article, mut site, mut language, mut added) = (None, Site::Other, None, 0);
        fields(v, &["article", "site", "language", "added"], &mut |k, v| {
            match k {
                "article" => article = Some(self::article(v)?),
                "site" => site = self::site(v)?,
                "language" => language = opt_string(v)?,
                "added" => added = v.as_u64()?,
                _ => {}
            }
            Some(())
        })?;
        Some(Item { article: article?, site, language, added })
    }

    /// The seen index's pages: `{"v": <u32>, "pages": [strings]}`, both required.
    pub fn seen_pages(v: Value) -> Option<Vec<String>> {
        let (mut version, mut pages) = (None, None);
        fields(v, &["v", "pages"], &mut |k, v| {
            match k {
                "v" => version = Some(u32::try_from(v.as_u64()?).ok()?),
                "pages" => pages = Some(strings(v)?),
                _ => {}
            }
            Some(())
        })?;
        version.and(pages)
    }
}

impl Held {
    /// An item's stored text read: `None` when it cannot be.
    fn read(stored: &str) -> Option<Held> {
        let mut item = read_item(stored)?;
        fill_key(&mut item.article);
        // This version's own writes (nearly every item) read and write back identically.
        let ours = text(&item);
        let pristine = ours == stored || value_of(&ours) == value_of(stored);
        Some(Held { item, raw: (!pristine).then(|| stored.to_string()) })
    }

    /// The text to store for `item`, a new version of this one.
    fn text_of(&self, item: &Item) -> String {
        match &self.raw {
            None => text(item),
            Some(raw) => {
                let read = read_item(raw).map_or(Value::Null, |i| value_of(&text(&i)));
                json_text(&preserve(&value_of(raw), &read, value_of(&text(item))))
            }
        }
    }
}

/// The collection: which articles the storage holds (from its keys, at start), and once loaded
/// their items, in the order added.
#[derive(Debug, Default)]
pub struct Collection {
    /// Article keys of every stored item, readable or not.
    stored: HashSet<String>,
    /// Readable items, once loaded; their keys in the order added.
    items: HashMap<String, Held>,
    order: Vec<String>,
    /// Items that cannot be read: kept as they are (their key → stored size).
    unreadable: HashMap<String, usize>,
    /// Each item's stored size, and their sum.
    sizes: HashMap<String, usize>,
    bytes: usize,
    loaded: bool,
    /// The largest `added` so far.
    last_added: u64,
    /// What this panel wrote and has not yet heard back from `storage.onChanged`, to tell its own
    /// writes from another panel's: hashes of the key and of the text (0: a removal), in order.
    echoes: Vec<(u64, u64)>,
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
    /// The collection of the storage's keys (the `c:` ones): its count and which articles it holds,
    /// before its items are read.
    pub fn from_keys<'a>(keys: impl IntoIterator<Item = &'a str>) -> Collection {
        let stored = keys.into_iter().filter_map(article_key_of).map(str::to_string).collect();
        Collection { stored, ..Collection::default() }
    }

    /// Takes the stored items (storage key → text, for every `c:` key). Nothing is written: an item
    /// that cannot be read stays as it is, counted in [`Collection::unreadable`].
    pub fn load(&mut self, stored: &HashMap<String, String>) {
        self.stored.clear();
        self.items.clear();
        self.unreadable.clear();
        self.sizes.clear();
        for (sk, text) in stored {
            let Some(key) = article_key_of(sk) else { continue };
            self.take(key, text);
        }
        self.order.clear();
        let keys: Vec<String> = self.items.keys().cloned().collect();
        for k in keys {
            self.place(k);
        }
        self.bytes = self.sizes.values().sum();
        self.loaded = true;
    }

    /// Holds `text` as the stored item of `key` (its size counted; `bytes` is the caller's).
    fn take(&mut self, key: &str, text: &str) {
        self.stored.insert(key.to_string());
        self.sizes.insert(key.to_string(), stored_size(&item_key(key), text));
        match Held::read(text) {
            Some(h) => {
                self.last_added = self.last_added.max(h.item.added);
                self.unreadable.remove(key);
                self.items.insert(key.to_string(), h);
            }
            None => {
                self.items.remove(key);
                self.unreadable.insert(key.to_string(), self.sizes[key]);
            }
        }
    }

    /// Puts a readable item's key at its place in the order (its `added`).
    fn place(&mut self, key: String) {
        let items = &self.items;
        insert_ranked(&mut self.order, key, &|k| items.get(k).map_or(0, |h| h.item.added));
    }

    /// Are the items loaded (needed to add, show and export)?
    pub fn loaded(&self) -> bool {
        self.loaded
    }

    /// How many articles it holds (stored items, readable or not).
    pub fn len(&self) -> usize {
        self.stored.len()
    }

    /// Does it hold no article?
    pub fn is_empty(&self) -> bool {
        self.stored.is_empty()
    }

    /// Does it hold this article (by `article_key`)?
    pub fn contains(&self, key: &str) -> bool {
        self.stored.contains(key)
    }

    /// The keys of its readable articles in the order added, once loaded (the tests').
    #[allow(dead_code)]
    pub fn keys(&self) -> &[String] {
        &self.order
    }

    /// Stored items that cannot be read (kept in the storage as they are), once loaded.
    pub fn unreadable(&self) -> usize {
        self.unreadable.len()
    }

    /// The item of a key, once loaded.
    pub fn get(&self, key: &str) -> Option<&Item> {
        self.items.get(key).map(|h| &h.item)
    }

    /// The storage its items take (bytes, as Chrome counts them), readable or not.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    fn echo(&mut self, key: &str, text: Option<&str>) {
        self.echoes.push((hash64(key), text.map_or(0, hash64)));
        // A host that never reports changes must not make this grow.
        if self.echoes.len() > 4 * MAX_COLLECTION {
            self.echoes.remove(0);
        }
    }

    /// The write of `item` for `key`, when it fits under [`MAX_COLLECTION_BYTES`] (in place of the
    /// stored copy of the same key, if any): held and counted. `None`: it does not fit, nothing
    /// changes.
    fn put(&mut self, key: &str, item: Item) -> Option<(String, String)> {
        let text = match self.items.get(key) {
            Some(h) => h.text_of(&item),
            None => text(&item),
        };
        let sk = item_key(key);
        let size = stored_size(&sk, &text);
        let old = self.sizes.get(key).copied().unwrap_or(0);
        if self.bytes - old + size > MAX_COLLECTION_BYTES {
            return None;
        }
        self.bytes = self.bytes - old + size;
        self.sizes.insert(key.to_string(), size);
        self.last_added = self.last_added.max(item.added);
        // What was kept of a later version's item stays kept at the next write.
        let raw = self.items.get(key).and_then(|h| h.raw.as_ref()).map(|_| text.clone());
        if !self.items.contains_key(key) {
            self.order.push(key.to_string());
        }
        self.items.insert(key.to_string(), Held { item, raw });
        self.stored.insert(key.to_string());
        self.echo(key, Some(&text));
        Some((sk, text))
    }

    /// Adds articles met on a page of `site` in `language` at `now` (ms since 1970). An article
    /// already in the collection is merged with `combine_articles` (the stored copy first: per
    /// field the richest value wins; one whose stored copy cannot be read is left as it is);
    /// articles without an article URL cannot be collected and are skipped. Call once loaded.
    pub fn add<'a>(&mut self, articles: impl IntoIterator<Item = &'a Article>, site: Site, language: Option<&str>, now: u64) -> Added {
        debug_assert!(self.loaded, "add after load");
        let mut out = Added::default();
        for a in articles {
            let Some(key) = a.key.clone() else { continue };
            if key.len() > MAX_KEY_BYTES {
                out.refused += 1;
                continue;
            }
            if self.unreadable.contains_key(&key) {
                out.merged += 1;
                continue;
            }
            match self.items.get(&key) {
                Some(h) => {
                    let merged = crate::combine_articles(h.item.article.clone(), a.clone());
                    out.merged += 1;
                    if merged != h.item.article {
                        let item = Item { article: merged, ..h.item.clone() };
                        // A richer copy that would pass the cap: the stored one stays.
                        match self.put(&key, item) {
                            Some(w) => out.writes.set.push(w),
                            None => out.refused += 1,
                        }
                    }
                }
                None if self.stored.len() >= MAX_COLLECTION => out.refused += 1,
                None => {
                    let added = now.max(self.last_added + 1);
                    let item = Item { article: a.clone(), site, language: language.map(str::to_string), added };
                    match self.put(&key, item) {
                        Some(w) => {
                            out.writes.set.push(w);
                            out.new += 1;
                        }
                        None => out.refused += 1,
                    }
                }
            }
        }
        out
    }

    /// Replaces a collected article by a richer copy of it (its full text fetched): merged as
    /// `add` merges, without adding it when it is not collected.
    pub fn complete(&mut self, key: &str, article: &Article) -> Writes {
        let mut w = Writes::default();
        if let Some(h) = self.items.get(key) {
            let merged = crate::combine_articles(h.item.article.clone(), article.clone());
            if merged != h.item.article {
                let item = Item { article: merged, ..h.item.clone() };
                // Over the cap, the collected copy stays as it was (the page's list still shows
                // the full text).
                w.set.extend(self.put(key, item));
            }
        }
        w
    }

    fn forget(&mut self, key: &str) {
        self.stored.remove(key);
        self.items.remove(key);
        self.unreadable.remove(key);
        self.order.retain(|k| k != key);
        self.bytes -= self.sizes.remove(key).unwrap_or(0);
    }

    /// Removes one article.
    pub fn remove(&mut self, key: &str) -> Writes {
        let mut w = Writes::default();
        if self.stored.contains(key) {
            self.forget(key);
            self.echo(key, None);
            w.remove.push(item_key(key));
        }
        w
    }

    /// Removes every article, those that cannot be read included.
    pub fn clear(&mut self) -> Writes {
        let keys: Vec<String> = self.stored.iter().cloned().collect();
        for k in &keys {
            self.echo(k, None);
        }
        let w = Writes { remove: keys.iter().map(|k| item_key(k)).collect(), ..Writes::default() };
        self.stored.clear();
        self.items.clear();
        self.unreadable.clear();
        self.order.clear();
        self.sizes.clear();
        self.bytes = 0;
        w
    }

    /// The storage changed `storage_key` (`storage.onChanged`; `new`: its text, `None`: removed),
    /// by this panel or another. Another panel's write of an article this one holds is merged with
    /// it: when the merge adds to what was written, it is written back (and the other panel, hearing
    /// of it, finds nothing to add). Returns what to write and whether the collection changed.
    pub fn changed(&mut self, storage_key: &str, new: Option<&str>) -> (Writes, bool) {
        let mut w = Writes::default();
        let Some(key) = article_key_of(storage_key) else { return (w, false) };
        let heard = (hash64(key), new.map_or(0, hash64));
        if let Some(i) = self.echoes.iter().position(|e| *e == heard) {
            // This panel's own write (and its writes of that key before it, overtaken).
            let mut at = 0;
            self.echoes.retain(|e| {
                at += 1;
                at > i + 1 || e.0 != heard.0
            });
            return (w, false);
        }
        let Some(text) = new else {
            let had = self.stored.contains(key);
            self.forget(key);
            return (w, had);
        };
        if !self.loaded {
            return (w, self.stored.insert(key.to_string()));
        }
        let ours = self.items.get(key).map(|h| h.item.clone());
        self.bytes -= self.sizes.get(key).copied().unwrap_or(0);
        self.take(key, text);
        self.bytes += self.sizes[key];
        self.order.retain(|k| k != key);
        if let (Some(ours), Some(theirs)) = (ours, self.items.get(key).map(|h| h.item.clone())) {
            let merged = crate::combine_articles(theirs.article.clone(), ours.article);
            if merged != theirs.article {
                let item = Item { article: merged, added: theirs.added.min(ours.added), ..theirs };
                w.set.extend(self.put(key, item));
            }
        }
        self.order.retain(|k| k != key);
        if self.items.contains_key(key) {
            self.place(key.to_string());
        }
        (w, true)
    }

    /// The collection as a page, for the list and the exports: its articles in the order added;
    /// `page` says it is a collection ([`COLLECTION_URL`]), with the site and language its
    /// articles share (else `other` and none).
    pub fn page(&self) -> Page {
        let items: Vec<&Item> = self.order.iter().filter_map(|k| self.get(k)).collect();
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

// ---------------------------------------------------------------------------------------------
// Seen pages

/// A page's address as the seen-pages record knows it: host (lower case, without user name or
/// port) and path; no scheme, query or fragment (a page's tracking parameters, or a hostile page
/// adding queries, make no new record). Over [`MAX_PAGE_KEY_BYTES`], cut and ended with a hash of
/// the whole. `http://WWW.caixinglobal.com/live/?utm=x#top` → `www.caixinglobal.com/live/`.
pub fn page_key(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let path = tail.split(['?', '#']).next().unwrap_or("");
    let key = format!("{host}{}", if path.is_empty() { "/" } else { path });
    if key.len() <= MAX_PAGE_KEY_BYTES {
        return key;
    }
    let mut cut = MAX_PAGE_KEY_BYTES - 17;
    while !key.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}#{:016x}", &key[..cut], hash64(&key))
}

/// A seen record within its bounds, in count and in stored bytes: the oldest keys go first.
fn bound_record(rec: &mut Vec<String>) {
    let cut = rec.len().saturating_sub(MAX_SEEN_KEYS);
    rec.drain(..cut);
    while !rec.is_empty() && stored_size("", &serde_json::to_string(rec).expect("strings serialise")) > MAX_SEEN_RECORD_BYTES {
        rec.remove(0);
    }
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
        SeenPages { pages: json.and_then(|j| stored::seen_pages(value_of_json(j)?)).unwrap_or_default() }
    }

    fn index_json(&self) -> String {
        serde_json::to_string(&SeenIndex { v: 2, pages: self.pages.clone() }).expect("strings serialise")
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
        w.set.push((SEEN_KEY.to_string(), self.index_json()));
        w
    }
}

/// One visit of a page: what the page listed at the visits before (the baseline of "new") and
/// what to store for the next.
#[derive(Debug, Default, PartialEq)]
pub struct Visit {
    /// The page.
    pub page: String,
    /// The seen hashes of what the page listed at the visits before; `None` on a first visit
    /// (nothing is new).
    pub baseline: Option<HashSet<String>>,
    /// What the storage holds for the page (baseline, then what this visit listed, oldest first).
    stored: Vec<String>,
}

impl Visit {
    /// A visit of `page`, with what the storage held for it (`None`: never visited, or
    /// forgotten).
    pub fn new(page: &str, stored: Option<&str>) -> Visit {
        let keys: Option<Vec<String>> = stored.and_then(|j| self::stored::strings(value_of_json(j)?));
        Visit { page: page.to_string(), baseline: keys.as_ref().map(|k| k.iter().cloned().collect()), stored: keys.unwrap_or_default() }
    }

    /// The listed article keys that are new since the last visit (none on a first visit).
    pub fn new_keys<'a>(&self, listed: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
        match &self.baseline {
            None => HashSet::new(),
            Some(b) => listed.into_iter().filter(|k| !b.contains(&seen_hash(k))).map(str::to_string).collect(),
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
            let h = seen_hash(k);
            if !have.contains(h.as_str()) && seen_now.insert(h.clone()) {
                added.push(h);
            }
        }
        if added.is_empty() {
            return w;
        }
        self.stored.extend(added);
        bound_record(&mut self.stored);
        w.set.push((seen_key(&self.page), serde_json::to_string(&self.stored).expect("strings serialise")));
        w
    }
}

/// The most the seen pages can take in the storage, whatever the addresses: [`MAX_SEEN_PAGES`]
/// records (key and value), and the index of their keys, every character of it counted twice (as
/// if each were escaped).
pub const fn seen_bytes_at_most() -> usize {
    let record = SEEN_PREFIX.len() + MAX_PAGE_KEY_BYTES + MAX_SEEN_RECORD_BYTES;
    let index = SEEN_KEY.len() + 2 + 2 * (r#"{"v":2,"pages":[]}"#.len() + MAX_SEEN_PAGES * (MAX_PAGE_KEY_BYTES + 3));
    MAX_SEEN_PAGES * record + index
}

const _: () = assert!(seen_bytes_at_most() <= MAX_SEEN_BYTES);
// With 64 KiB for the rest (the layout's version, the export format), under Chrome's
// `storage.local` QUOTA_BYTES (10 MiB).
const _: () = assert!(MAX_COLLECTION_BYTES + MAX_SEEN_BYTES + (64 << 10) < 10 << 20);

#[cfg(test)]
mod tests;
