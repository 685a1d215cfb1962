//! The sidebar UI in real browsers (wasm-bindgen-test, headless Chromium and Firefox): render,
//! filter, search, sort, keyboard, page text kept as text, and the reader's data: fetching full
//! articles, the collection, new since the last visit. The host object records what the UI asks
//! of the extension; its storage is an in-memory map and its `fetchPage` answers from a table.
#![cfg(target_arch = "wasm32")]

use caixin_sidebar::wasm::Sidebar;
use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("fixtures/caixin-global/cx-tech-2020-11-27/source.html");
const SEED_URL: &str = "https://www.caixinglobal.com/live/";

#[wasm_bindgen(inline_js = "
export function make_host(store) {
  const calls = [];
  // One store per browser profile: its areas, the panels' change listeners, a lock of its own.
  store = store ?? { local: new Map(), session: new Map(), listeners: [], id: Math.random().toString(36).slice(2) };
  const pages = new Map();
  const fetches = [];
  const discarded = [];
  // As storage.onChanged: after the write, to every panel of the profile (the writer too).
  const notify = (area, changes) => setTimeout(() => { for (const f of store.listeners) for (const [k, v] of changes) f(area, k, v); }, 0);
  return { calls, store, pages, fetches, discarded, t: () => undefined,
    scrollTo: (u, t, k) => calls.push(['scrollTo', u, t, k]), open: (u) => calls.push(['open', u]),
    download: (n, m, t) => calls.push(['download', n, m, t.length]), copy: (t) => calls.push(['copy', t.length]),
    saveFormat: (f) => calls.push(['saveFormat', f]), rescan: () => calls.push(['rescan']),
    // Answers after 50 ms from the table (404 when absent) as the glue does: the head, then the
    // body on request; records when each request started and ended, and with or without cookies.
    fetchPage: (url, signal, withCookies) => new Promise((resolve, reject) => {
      const rec = { url, start: performance.now(), end: null, withCookies };
      fetches.push(rec);
      const timer = setTimeout(() => {
        rec.end = performance.now();
        const p = pages.get(url) ?? { status: 404, html: '' };
        const status = p.redirect ? 0 : (p.status ?? 200);
        resolve({ status, url, redirect: Boolean(p.redirect), contentType: 'text/html; charset=utf-8', contentLength: '', retryAfter: p.retryAfter ?? '', response: { url, html: status === 200 ? p.html : '' } });
      }, 50);
      signal?.addEventListener('abort', () => { clearTimeout(timer); rec.end = performance.now(); reject(new DOMException('aborted', 'AbortError')); });
    }),
    readBody: async (response, max) => { const b = new TextEncoder().encode(response.html); return b.byteLength > max ? null : b; },
    discard: (response) => discarded.push(response?.url),
    storageGet: async (area, keys) => Object.fromEntries((keys ?? [...store[area].keys()]).filter((k) => store[area].has(k)).map((k) => [k, store[area].get(k)])),
    storageKeys: async (area) => [...store[area].keys()],
    storageSet: async (area, items) => { for (const [k, v] of Object.entries(items)) store[area].set(k, v); notify(area, Object.entries(items)); },
    storageRemove: async (area, keys) => { for (const k of keys) store[area].delete(k); notify(area, keys.map((k) => [k, undefined])); },
    watchStorage: (f) => store.listeners.push(f),
    withLock: (f) => navigator.locks.request(`caixin-test-${store.id}`, f),
  };
}
export function calls(host) { return JSON.stringify(host.calls); }
export function store_of(host) { return host.store; }
export function stored(host, area, key) { return host.store[area].get(key) ?? null; }
export function stored_keys(host, area) { return JSON.stringify([...host.store[area].keys()].sort()); }
export function stored_bytes(host, prefix) { let n = 0; for (const [k, v] of host.store.local) if (k.startsWith(prefix)) n += k.length + JSON.stringify(v).length; return n; }
export function put(host, area, key, value) { host.store[area].set(key, value); }
export function put_all(host, json) { for (const [k, v] of Object.entries(JSON.parse(json))) host.store.local.set(k, v); }
export function dump(host) { return JSON.stringify(Object.fromEntries([...host.store.local].sort())); }
export function serve_page(host, url, html, status) { host.pages.set(url, { html, status }); }
export function serve_redirect(host, url) { host.pages.set(url, { redirect: true }); }
export function fetches(host) { return JSON.stringify(host.fetches); }
export function discarded(host) { return JSON.stringify(host.discarded); }
export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
export function key(k) { document.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })); }
export function key_on(el, k) { el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })); }
export function fire(el, type) { el.dispatchEvent(new Event(type, { bubbles: true })); }
")]
extern "C" {
    fn make_host(store: JsValue) -> JsValue;
    fn calls(host: &JsValue) -> String;
    fn store_of(host: &JsValue) -> JsValue;
    fn stored(host: &JsValue, area: &str, key: &str) -> Option<String>;
    fn stored_keys(host: &JsValue, area: &str) -> String;
    fn stored_bytes(host: &JsValue, prefix: &str) -> usize;
    fn put(host: &JsValue, area: &str, key: &str, value: &str);
    fn put_all(host: &JsValue, json: &str);
    fn dump(host: &JsValue) -> String;
    fn serve_page(host: &JsValue, url: &str, html: &str, status: u16);
    fn serve_redirect(host: &JsValue, url: &str);
    fn fetches(host: &JsValue) -> String;
    fn discarded(host: &JsValue) -> String;
    fn sleep(ms: u32) -> js_sys::Promise;
    fn key(k: &str);
    fn key_on(el: &Element, k: &str);
    fn fire(el: &Element, kind: &str);
}

struct Fixture {
    root: Element,
    host: JsValue,
    sidebar: Sidebar,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        self.root.remove();
    }
}

fn setup(html: &str, url: &str) -> Fixture {
    setup_with(html, url, make_host(JsValue::UNDEFINED))
}

/// A sidebar on `host` (a host made with the storage of another: the same browser profile).
fn setup_with(html: &str, url: &str, host: JsValue) -> Fixture {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("main").unwrap();
    // Never replace body: the test runner reports into it.
    doc.body().unwrap().append_child(&root).unwrap();
    let sidebar = Sidebar::new(root.clone(), host.clone());
    sidebar.show_page(&JsString::from(html), url, "12:00").unwrap();
    Fixture { root, host, sidebar }
}

async fn wait(ms: u32) {
    wasm_bindgen_futures::JsFuture::from(sleep(ms)).await.unwrap();
}

/// Waits (up to `ms`) until `cond` holds.
async fn until(what: &str, ms: u32, cond: impl Fn() -> bool) {
    for _ in 0..ms / 20 {
        if cond() {
            return;
        }
        wait(20).await;
    }
    panic!("timed out waiting for {what}");
}

fn click(root: &Element, css: &str) {
    q(root, css).unchecked_into::<HtmlElement>().click();
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap()
}

fn q(root: &Element, css: &str) -> Element {
    root.query_selector(css).unwrap().unwrap_or_else(|| panic!("no {css}"))
}

fn visible_titles(root: &Element) -> Vec<String> {
    let cards = root.query_selector_all(".card").unwrap();
    (0..cards.length())
        .filter_map(|i| cards.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .filter(|c| !c.hidden())
        .map(|c| c.query_selector(".card-title").unwrap().unwrap().text_content().unwrap())
        .collect()
}

#[wasm_bindgen_test]
fn renders_every_article_with_header_and_chips() {
    let f = setup(SEED, SEED_URL);
    let titles = visible_titles(&f.root);
    assert_eq!(titles.len(), 20);
    assert_eq!(titles[0], "Trending in China: Did Sichuan Forget to Tell Chongqing About Their Joint Olympic Bid?");
    assert_eq!(q(&f.root, ".page-title").text_content().unwrap(), "Caixin Global – Latest China News & Headlines");
    assert!(q(&f.root, ".page-meta").text_content().unwrap().starts_with("listing · 20 articles · scanned 12:00"));
    let chip = q(&f.root, ".chip[data-section=\"Trending Stories\"]");
    assert_eq!(chip.text_content().unwrap(), "Trending Stories 6");
    assert_eq!(q(&f.root, ".status").text_content().unwrap(), "20 / 20 shown");
}

#[wasm_bindgen_test]
fn chips_search_author_and_dates_filter() {
    let f = setup(SEED, SEED_URL);
    let trending: HtmlElement = q(&f.root, ".chip[data-section=\"Trending Stories\"]").unchecked_into();
    trending.click();
    assert_eq!(f.sidebar.shown_count(), 6);
    let world: HtmlElement = q(&f.root, ".chip[data-section=\"World\"]").unchecked_into();
    world.click();
    assert_eq!(f.sidebar.shown_count(), 9, "chips are multi-select");
    assert_eq!(trending.get_attribute("aria-pressed").as_deref(), Some("true"));
    trending.click();
    world.click();
    assert_eq!(f.sidebar.shown_count(), 20);

    let search: HtmlInputElement = q(&f.root, "#search").unchecked_into();
    search.set_value("tesla");
    fire(&search, "input");
    assert_eq!(visible_titles(&f.root), ["Tesla to Manufacture Electric Car Chargers in China"]);
    search.set_value("");
    fire(&search, "input");

    let author: HtmlInputElement = q(&f.root, "#author").unchecked_into();
    author.set_value("mowbray");
    fire(&author, "input");
    assert_eq!(f.sidebar.shown_count(), 3);
    author.set_value("");
    fire(&author, "input");

    let from: HtmlInputElement = q(&f.root, "#from").unchecked_into();
    from.set_value("2020-11-27");
    fire(&from, "change");
    assert_eq!(f.sidebar.shown_count(), 6);
    // The filtered export holds what is shown.
    let json = f.sidebar.export_text("json", "filtered").unwrap();
    assert_eq!(json.matches("\"published\": \"2020-11-27T").count(), 6);
    assert!(!json.contains("\"published\": \"2020-11-26T"));
}

#[wasm_bindgen_test]
fn sort_newest_and_oldest_then_back_to_page_order() {
    let f = setup(SEED, SEED_URL);
    let page_order = visible_titles(&f.root);
    let sort: HtmlSelectElement = q(&f.root, "#sort").unchecked_into();
    sort.set_value("oldest");
    fire(&sort, "change");
    let oldest = visible_titles(&f.root);
    assert_eq!(oldest[0], "Baidu Maps Illegally Using Other Chinese Firm’s Mapping Info, Court Finds");
    sort.set_value("newest");
    fire(&sort, "change");
    assert_eq!(visible_titles(&f.root), page_order, "this page is already newest first");
    sort.set_value("oldest");
    fire(&sort, "change");
    sort.set_value("page");
    fire(&sort, "change");
    assert_eq!(visible_titles(&f.root), page_order);
}

#[wasm_bindgen_test]
fn keyboard_slash_j_k_enter_escape() {
    let f = setup(SEED, SEED_URL);
    let doc = web_sys::window().unwrap().document().unwrap();
    key("/");
    assert_eq!(doc.active_element().unwrap().id(), "search");
    let search: HtmlInputElement = q(&f.root, "#search").unchecked_into();
    search.set_value("huawei");
    fire(&search, "input");
    assert!(f.sidebar.shown_count() < 20);
    key_on(&search, "Escape");
    assert_eq!(search.value(), "");
    assert_eq!(f.sidebar.shown_count(), 20);
    key("j");
    key("j");
    key("j");
    key("k");
    assert_eq!(q(&f.root, ".card.selected").get_attribute("data-index").as_deref(), Some("1"));
    key("Enter");
    assert!(
        calls(&f.host).contains(
            "[\"open\",\"https://www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html\"]"
        ),
        "{}",
        calls(&f.host)
    );
}

#[wasm_bindgen_test]
fn card_click_asks_the_page_to_scroll_and_download_names_the_file() {
    let f = setup(SEED, SEED_URL);
    let card: HtmlElement = q(&f.root, ".card[data-index=\"2\"]").unchecked_into();
    card.click();
    assert!(calls(&f.host).contains("\"scrollTo\",\"https://www.caixinglobal.com/2020-11-27/trending-in-china-beijing-tackles-parking-shortage-with-shared-spaces-101633381.html\""));
    let download: HtmlElement = q(&f.root, "#download").unchecked_into();
    download.click();
    assert!(calls(&f.host).contains("[\"download\",\"caixin-global-listing-2020-11-27.json\",\"application/json\""), "{}", calls(&f.host));
}

#[wasm_bindgen_test]
fn page_text_is_text_and_only_http_links_are_links() {
    let evil = "<div><h2><a href=\"/2020-11-27/x-101633455.html\">&lt;img src=x onerror=alert(1)&gt; Title</a></h2>\
                <p>Ding Yi / Nov 27, 2020 07:07 PM / <b>World</b></p><p>&lt;script&gt;alert(2)&lt;/script&gt;</p><p>Two.</p></div>";
    let f = setup(evil, SEED_URL);
    assert_eq!(q(&f.root, ".card-title").text_content().unwrap(), "<img src=x onerror=alert(1)> Title");
    assert!(f.root.query_selector(".card img, .card script").unwrap().is_none());
    let links = f.root.query_selector_all("a").unwrap();
    for i in 0..links.length() {
        let href = links.item(i).unwrap().unchecked_into::<Element>().get_attribute("href").unwrap();
        assert!(href.starts_with("https://") || href.starts_with("http://"), "{href}");
    }
}

/// caixin.com's `英文报道` box: the article's card links its English version (an http(s) link, its
/// text the interface's), which is not a card of its own; following it does not scroll the page.
#[wasm_bindgen_test]
fn an_articles_english_version_is_a_link_on_its_card() {
    let html = include_str!("fixtures/caixin-cn/article-updated-2026-shape/source.html");
    let f = setup(html, "https://finance.caixin.com/2026-03-11/102421001.html");
    let english = "https://www.caixinglobal.com/2026-03-12/hong-kong-ipos-rebound-to-highest-monthly-haul-since-2021-102421555.html?sourceEntityId=102421001";
    let links = f.root.query_selector_all(".card-translation").unwrap();
    assert_eq!(links.length(), 1);
    let link: HtmlElement = links.item(0).unwrap().unchecked_into();
    assert_eq!(link.tag_name(), "A");
    assert_eq!(link.get_attribute("href").as_deref(), Some(english));
    assert_eq!(link.get_attribute("hreflang").as_deref(), Some("en"));
    assert_eq!(link.text_content().as_deref(), Some("English version"));
    assert_eq!(link.children().length(), 0, "text only");
    assert!(link
        .closest(".card")
        .unwrap()
        .unwrap()
        .query_selector(".card-title")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap()
        .contains("港股IPO"));
    assert!(!visible_titles(&f.root).iter().any(|t| t.contains("Hong Kong IPOs")), "not a card of its own");
    // Followed (its navigation held back here): the card's own click does not run.
    let hold = Closure::<dyn Fn(web_sys::Event)>::new(|e: web_sys::Event| e.prevent_default());
    link.add_event_listener_with_callback("click", hold.as_ref().unchecked_ref()).unwrap();
    link.click();
    assert!(!calls(&f.host).contains("scrollTo"), "{}", calls(&f.host));
}

/// The page's HTML crosses into wasm by `encodeInto` (`wasm/js_text.rs`), in two steps when it is
/// not all ASCII: what follows the ASCII prefix, a character outside the BMP (two UTF-16 units)
/// and a lone surrogate (U+FFFD, as wasm-bindgen's own copy gives it) arrive whole.
#[wasm_bindgen_test]
fn page_text_crosses_whole_past_its_ascii_prefix() {
    let story = |id: u32, title: &str| {
        format!(
            r#"<div><h2><a href="/2020-11-27/x-{id}.html">{title}</a></h2><p>Ding Yi / Nov 27, 2020 07:07 PM / World</p><p>Body one.</p><p>Body two.</p></div>"#
        )
    };
    let ascii = format!("<html><body>{}", story(101633455, "Plain ASCII headline"));
    let (lone, after) = story(101633457, "lone \u{1} surrogate").split_once('\u{1}').map(|(a, b)| (a.to_string(), b.to_string())).unwrap();
    let html = JsString::from(format!("{ascii}{}{lone}", story(101633456, "财新 rocket 🚀 launch")).as_str())
        .concat(&JsString::from_char_code1(0xD800))
        .concat(&JsString::from(format!("{after}</body></html>").as_str()));
    let f = setup(SEED, SEED_URL);
    assert_eq!(f.sidebar.show_page(&html, SEED_URL, "12:01").unwrap(), 3);
    assert_eq!(visible_titles(&f.root), ["Plain ASCII headline", "财新 rocket 🚀 launch", "lone \u{FFFD} surrogate"]);
}

#[wasm_bindgen_test]
fn bad_input_shows_a_message() {
    let f = setup(SEED, SEED_URL);
    assert!(f.sidebar.show_page(&JsString::from("<p>x</p>"), "not a url", "12:01").is_err());
    assert!(q(&f.root, ".status").text_content().unwrap().contains("http(s)"));
    assert_eq!(f.root.query_selector_all(".card").unwrap().length(), 0);
}

#[wasm_bindgen_test]
fn long_lists_render_a_page_at_a_time_and_keyboard_reaches_beyond_it() {
    let html = caixin_sidebar::live_page(150);
    let f = setup(&html, SEED_URL);
    assert_eq!(f.sidebar.shown_count(), 150);
    assert_eq!(f.root.query_selector_all(".card").unwrap().length(), 40);
    for _ in 0..45 {
        key("j");
    }
    assert_eq!(q(&f.root, ".card.selected").get_attribute("data-index").as_deref(), Some("44"));
    assert_eq!(f.root.query_selector_all(".card").unwrap().length(), 80);
    // A filter starts again from its first page.
    let search: HtmlInputElement = q(&f.root, "#search").unchecked_into();
    search.set_value("story 14");
    fire(&search, "input");
    let page = caixin_sidebar::extract(&html, SEED_URL).unwrap();
    let want = caixin_sidebar::filter::Filter { text: "story 14".into(), ..Default::default() }.apply(&page.articles).len();
    assert!(want > 1 && want < 40);
    assert_eq!(f.sidebar.shown_count(), want);
    assert_eq!(f.root.query_selector_all(".card").unwrap().length() as usize, want);
}

#[wasm_bindgen_test]
fn bidi_controls_in_page_text_never_reach_the_panel() {
    let html = SEED
        .replace(">Ding Yi<", ">Ding Yi\u{202e}evil\u{202c}<")
        .replace("Alibaba’s Healthcare", "\u{2067}Alibaba’s\u{200b} Healthcare\u{2069}");
    let f = setup(&html, SEED_URL);
    let text = f.root.text_content().unwrap();
    assert!(text.contains("Ding Yievil"), "the letters stay");
    assert!(text.contains("Alibaba’s Healthcare Unit"));
    for c in ['\u{202e}', '\u{202c}', '\u{2067}', '\u{2069}', '\u{200b}'] {
        assert!(!text.contains(c), "U+{:04X} in the panel", c as u32);
    }
}

#[wasm_bindgen_test]
fn every_control_is_named_and_the_page_has_the_interface_language() {
    let f = setup(SEED, SEED_URL);
    let doc = web_sys::window().unwrap().document().unwrap();
    assert_eq!(doc.document_element().unwrap().get_attribute("lang").as_deref(), Some("en"));
    let controls = f.root.query_selector_all("input, select, [role=group], ol").unwrap();
    assert!(controls.length() >= 9);
    for i in 0..controls.length() {
        let c: Element = controls.item(i).unwrap().unchecked_into();
        // A group may be named by the text it holds (the collection's "Remove all N articles?").
        if let Some(id) = c.get_attribute("aria-labelledby") {
            assert!(f.root.query_selector(&format!("#{id}")).unwrap().is_some(), "{id}");
            continue;
        }
        let name = c.get_attribute("aria-label").unwrap_or_default();
        assert!(!name.is_empty() && name.chars().next().unwrap().is_uppercase(), "{} {:?}", c.outer_html(), name);
    }
    assert_eq!(q(&f.root, "#sort").get_attribute("aria-label").as_deref(), Some("Sort order"));
    assert_eq!(q(&f.root, "#format").get_attribute("aria-label").as_deref(), Some("Export format"));
    // Buttons are named by their text.
    let buttons = f.root.query_selector_all("button").unwrap();
    for i in 0..buttons.length() {
        assert!(!buttons.item(i).unwrap().text_content().unwrap().trim().is_empty());
    }
    // The cards read in the page's language.
    assert_eq!(q(&f.root, "#list").get_attribute("lang").as_deref(), Some("en"));
}

#[wasm_bindgen_test]
fn space_shows_the_selected_card_in_the_page_and_enter_on_a_button_stays_the_buttons() {
    let f = setup(SEED, SEED_URL);
    key("j");
    key("j");
    let card = q(&f.root, ".card.selected");
    assert_eq!(card.get_attribute("data-index").as_deref(), Some("1"));
    key_on(&card, " ");
    assert!(
        calls(&f.host).contains(
            "[\"scrollTo\",\"https://www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html\""
        ),
        "{}",
        calls(&f.host)
    );
    // Enter on a focused control is the control's (here the "Read" of a card), not "open".
    let summary = q(&card, "summary");
    key_on(&summary, "Enter");
    assert!(!calls(&f.host).contains("\"open\""), "{}", calls(&f.host));
    key_on(&card, "Enter");
    assert!(calls(&f.host).contains("\"open\""), "{}", calls(&f.host));
}

#[wasm_bindgen_test]
fn a_new_scan_keeps_the_cards_selection_open_cards_and_filters_of_what_did_not_change() {
    let f = setup(SEED, SEED_URL);
    let cards = |root: &Element| {
        let all = root.query_selector_all(".card").unwrap();
        (0..all.length()).map(|i| all.item(i).unwrap().unchecked_into::<HtmlElement>()).collect::<Vec<_>>()
    };
    let before = cards(&f.root);
    assert_eq!(before.len(), 20);
    q(&before[1], ".card-body").set_attribute("open", "").unwrap();
    key("j");
    key("j");
    assert!(before[1].class_list().contains("selected"));
    let author: HtmlInputElement = q(&f.root, "#author").unchecked_into();
    author.set_value("ding");
    fire(&author, "input");
    author.set_value("");
    fire(&author, "input");
    // The search texts made before the scan (as the panel does when idle) are carried over.
    f.sidebar.prepare_search();

    // A story appears above the others, in the headline list and as a story (a page that grows at
    // the top): every index moves by one.
    let top = "<div class=\"cxtech-item\"><h2 class=\"cxtech-title\"><a href=\"https://www.caixinglobal.com/2020-11-28/a-story-on-top-101633999.html\">A Story On Top</a></h2>\
        <p class=\"cxtech-info\"><span class=\"cxtech-author\">Ding Yi</span> / <span class=\"cxtech-date\">Nov 28, 2020 09:00 AM</span> / \
        <a class=\"cxtech-channel\" href=\"https://www.caixinglobal.com/world/\">World</a></p><div class=\"cxtech-text\"><p>One.</p><p>Two.</p></div></div>";
    let grown = SEED.replacen("<div class=\"cxtech-item\"", &format!("{top}<div class=\"cxtech-item\""), 1).replacen(
        "<li>",
        "<li><a href=\"https://www.caixinglobal.com/2020-11-28/a-story-on-top-101633999.html\">A Story On Top</a></li><li>",
        1,
    );
    assert_eq!(f.sidebar.show_page(&JsString::from(grown.as_str()), SEED_URL, "12:05").unwrap(), 21);
    let after = cards(&f.root);
    assert_eq!(after.len(), 21);
    assert_eq!(q(&after[0], ".card-title").text_content().unwrap(), "A Story On Top");
    for (old, new) in before.iter().zip(&after[1..]) {
        assert!(old.is_same_node(Some(new)), "a card of an unchanged article is the same node");
    }
    assert_eq!(after[2].get_attribute("data-index").as_deref(), Some("2"));
    assert!(after[2].class_list().contains("selected"), "the selection follows its article");
    assert!(q(&after[2], ".card-body").has_attribute("open"), "an open card stays open");
    assert!(q(&f.root, ".page-meta").text_content().unwrap().starts_with("listing · 21 articles · scanned 12:05"));
    assert_eq!(q(&f.root, ".chip[data-section=\"World\"]").text_content().unwrap(), "World 4");
    // A kept card's listener follows its article's new index.
    after[2].click();
    assert!(calls(&f.host).ends_with("[\"scrollTo\",\"https://www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html\",\"Alibaba’s Healthcare Unit Finds Tonic for Profits\",\"www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html\"]]"), "{}", calls(&f.host));

    let search: HtmlInputElement = q(&f.root, "#search").unchecked_into();
    for (text, n) in [("story on top", 1), ("tonic for profits", 1), ("chongqing olympic", 1)] {
        search.set_value(text);
        fire(&search, "input");
        assert_eq!(f.sidebar.shown_count(), n, "{text}");
    }
    search.set_value("");
    fire(&search, "input");

    // With a filter set, the next scan keeps it.
    author.set_value("ding");
    fire(&author, "input");
    let shown = f.sidebar.shown_count();
    assert!(shown > 1 && shown < 21);
    f.sidebar.show_page(&JsString::from(grown.as_str()), SEED_URL, "12:06").unwrap();
    assert_eq!(author.value(), "ding");
    assert_eq!(f.sidebar.shown_count(), shown);
    assert_eq!(cards(&f.root).len(), shown);
}

#[wasm_bindgen_test]
fn warm_up_leaves_no_trace() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let before = doc.get_elements_by_tag_name("*").length();
    let host = make_host(JsValue::UNDEFINED);
    Sidebar::warm_up(host.clone());
    assert_eq!(doc.get_elements_by_tag_name("*").length(), before, "nothing was added to the document");
    assert_eq!(calls(&host), "[]");
    assert_eq!((stored_keys(&host, "local"), stored_keys(&host, "session")), ("[]".into(), "[]".into()), "it stores nothing");
    // A real sidebar after it works as ever.
    let f = setup(SEED, SEED_URL);
    key("/");
    assert!(doc.active_element().unwrap().is_same_node(Some(&q(&f.root, "#search"))));
    assert_eq!(f.sidebar.shown_count(), 20);
}

const HOME: &str = include_str!("fixtures/caixin-global/home-summaries/source.html");
const HOME_URL: &str = "https://www.caixinglobal.com/";
const ARTICLE: &str = include_str!("fixtures/caixin-global/article-new-template/source.html");
const FACTORY: &str = "https://www.caixinglobal.com/2026-11-28/chinas-factory-activity-rebounds-in-november-102500101.html?cxapp_link=true";
const REGULATOR: &str = "https://www.caixinglobal.com/2026-11-28/regulator-tightens-rules-on-wealth-products-102500087.html";
const IN_DEPTH: &str = "https://www.caixinglobal.com/2026-11-27/in-depth-the-long-road-to-a-national-power-market-102500012.html";
const BANK: &str = "https://www.caixinglobal.com/2026-11-27/bank-of-china-sells-record-bond-102499977.html";

/// The article page of the fixture as served at `url` (its `og:url` says so) under `title`.
fn article_at(url: &str, title: &str) -> String {
    ARTICLE
        .replace("https://www.caixinglobal.com/2026-11-27/chinas-solar-makers-agree-to-curb-output-102500555.html?cxapp_link=true", url)
        .replace("China’s Solar Makers Agree to Curb Output", title)
}

fn card_titled(root: &Element, title: &str) -> Element {
    let cards = root.query_selector_all(".card").unwrap();
    (0..cards.length())
        .map(|i| cards.item(i).unwrap().unchecked_into::<Element>())
        .find(|c| q(c, ".card-title").text_content().as_deref() == Some(title))
        .unwrap_or_else(|| panic!("no card {title}"))
}

fn shown_badge(card: &Element, css: &str) -> Option<String> {
    card.query_selector(&format!("{css}:not([hidden])")).unwrap().and_then(|b| b.text_content())
}

#[wasm_bindgen_test]
async fn fetch_full_articles_completes_entries_spaced_and_says_what_failed() {
    let f = setup(HOME, HOME_URL);
    serve_page(&f.host, FACTORY, &article_at(FACTORY, "China’s Factory Activity Rebounds in November"), 200);
    serve_page(&f.host, BANK, &article_at(BANK, "Bank of China Sells Record Bond"), 200);
    // A listing where an article was expected: no article of its own.
    serve_page(&f.host, IN_DEPTH, SEED, 200);
    // REGULATOR: not in the table, a 404.
    assert_eq!(fetches(&f.host), "[]", "nothing fetched before the click");
    click(&f.root, "#fetch");
    until("the run to end", 10_000, || json(&f.sidebar.fetch_state())["state"] == "finished").await;
    let state = json(&f.sidebar.fetch_state());
    assert_eq!((state["done"].as_u64(), state["total"].as_u64(), state["failed"].as_u64()), (Some(2), Some(4), Some(2)));

    // Two at most at once, 500 ms apart (one host).
    let log = json(&fetches(&f.host));
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 4);
    let starts: Vec<f64> = log.iter().map(|r| r["start"].as_f64().unwrap()).collect();
    for w in starts.windows(2) {
        assert!(w[1] - w[0] >= 500.0, "{starts:?}");
    }
    for r in log {
        let (s, e) = (r["start"].as_f64().unwrap(), r["end"].as_f64().unwrap());
        let at_once = log.iter().filter(|o| o["start"].as_f64().unwrap() <= s && o["end"].as_f64().unwrap() > s).count();
        assert!(at_once <= 2 && e >= s);
    }

    // The completed entry: the article page's body, authors and time; still a list entry.
    let export = json(&f.sidebar.export_text("json", "all").unwrap());
    let factory = &export["articles"][0];
    assert_eq!(factory["title"], "China’s Factory Activity Rebounds in November");
    assert_eq!(factory["body"].as_array().unwrap().len(), 2);
    assert_eq!(factory["authors"], serde_json::json!(["Qu Hui", "Ding Yi"]));
    assert_eq!(factory["published"], "2026-11-27T19:07:00+08:00");
    assert_eq!((factory["role"].as_str(), factory["truncated"].as_bool()), (Some("teaser"), Some(true)));
    assert_eq!(export["articles"][1]["body"], serde_json::json!([]), "the 404 left the entry as it was");

    // The cards say it.
    // Its page showed only part of the text: the card says that, not "full text".
    let factory_card = card_titled(&f.root, "China’s Factory Activity Rebounds in November");
    assert_eq!(shown_badge(&factory_card, ".badge-partial").as_deref(), Some("part of the text"));
    assert_eq!(shown_badge(&factory_card, ".badge-full"), None);
    assert_eq!(
        shown_badge(&card_titled(&f.root, "Regulator Tightens Rules on Wealth Products"), ".badge-failed").as_deref(),
        Some("not fetched: HTTP 404")
    );
    assert_eq!(
        shown_badge(&card_titled(&f.root, "In Depth: The Long Road to a National Power Market"), ".badge-failed").as_deref(),
        Some("not fetched: no article on that page")
    );
    let bar = q(&f.root, "#fetch-progress");
    assert_eq!(bar.get_attribute("role").as_deref(), Some("progressbar"));
    assert_eq!((bar.get_attribute("aria-valuenow").as_deref(), bar.get_attribute("aria-valuemax").as_deref()), (Some("2"), Some("4")));
    assert_eq!(q(&f.root, ".progress-text").text_content().unwrap(), "Full text for 2 of 4 articles · 2 failed");
    assert!(!q(&f.root, "#retry").unchecked_into::<HtmlElement>().hidden());
    assert!(q(&f.root, "#cancel").unchecked_into::<HtmlElement>().hidden());
    // Cached for the session, by article key.
    let cached =
        stored(&f.host, "session", "f:www.caixinglobal.com/2026-11-28/chinas-factory-activity-rebounds-in-november-102500101.html")
            .unwrap();
    assert_eq!(json(&cached)["role"], "main");

    // Retry failed: the two failed pages only; the 404 is there now.
    serve_page(&f.host, REGULATOR, &article_at(REGULATOR, "Regulator Tightens Rules on Wealth Products"), 200);
    click(&f.root, "#retry");
    until("the retry", 10_000, || json(&f.sidebar.fetch_state())["state"] == "finished").await;
    let log = json(&fetches(&f.host));
    let urls: Vec<&str> = log.as_array().unwrap()[4..].iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(urls, [REGULATOR, IN_DEPTH]);
    assert_eq!(json(&f.sidebar.fetch_state())["failed"], 1);

    // A second click fetches nothing that was fetched: only the page without an article again.
    click(&f.root, "#fetch");
    until("the third run", 10_000, || json(&f.sidebar.fetch_state())["state"] == "finished").await;
    assert_eq!(json(&fetches(&f.host)).as_array().unwrap().len(), 7);

    // A new sidebar on the same storage (the panel opened again) completes the entries from the
    // session's cache, without a request.
    let again = setup_with(HOME, HOME_URL, make_host(store_of(&f.host)));
    until("the cache read", 2_000, || {
        json(&again.sidebar.export_text("json", "all").unwrap())["articles"][0]["body"].as_array().unwrap().len() == 2
    })
    .await;
    assert_eq!(fetches(&again.host), "[]");
}

const WEEKLY_P1: &str = include_str!("fixtures/caixin-cn/article-weekly-2026-shape/source.html");
const WEEKLY_WHOLE: &str = include_str!("fixtures/caixin-cn/article-weekly-whole-2026-shape/source.html");
const WEEKLY: &str = "https://weekly.caixin.com/2026-03-07/102418001.html";
const WEEKLY_ONE_PAGE: &str = "https://weekly.caixin.com/2026-03-07/102418001.html?p0";

/// A multi-page article reads its one-page version (`余下全文`): the page's own article when it
/// shows page 1, and a listed article whose page turns out to be page 1 (fetched next, once).
#[wasm_bindgen_test]
async fn fetch_full_articles_reads_the_one_page_version_of_a_multi_page_article() {
    let whole_paragraphs = |export: &serde_json::Value, i: usize| export["articles"][i]["body"].as_array().map_or(0, Vec::len);
    // The article page itself, showing page 1 of 4.
    let f = setup(WEEKLY_P1, WEEKLY);
    let export = json(&f.sidebar.export_text("json", "all").unwrap());
    assert_eq!((export["articles"][0]["truncated"].as_bool(), whole_paragraphs(&export, 0)), (Some(true), 7));
    assert_eq!(export["articles"][0]["full_story_url"], WEEKLY_ONE_PAGE);
    serve_page(&f.host, WEEKLY_ONE_PAGE, WEEKLY_WHOLE, 200);
    click(&f.root, "#fetch");
    until("the run to end", 10_000, || json(&f.sidebar.fetch_state())["state"] == "finished").await;
    let urls: Vec<String> = json(&fetches(&f.host)).as_array().unwrap().iter().map(|r| r["url"].as_str().unwrap().to_string()).collect();
    assert!(urls.first().is_some_and(|u| u == WEEKLY_ONE_PAGE), "{urls:?}");
    let export = json(&f.sidebar.export_text("json", "all").unwrap());
    let main = &export["articles"][0];
    assert_eq!((main["role"].as_str(), main["truncated"].as_bool(), whole_paragraphs(&export, 0)), (Some("main"), Some(false), 16));
    assert_eq!(main["url"], WEEKLY, "the entry keeps its address");

    // A listing that links the article: its page (page 1) is read, then its one-page version.
    let list = r#"<html><head><title>财新周刊</title></head><body><ul>
      <li><h4><a href="https://weekly.caixin.com/2026-03-07/102418001.html">去产能的地方账本</a></h4><p>去产能的资金从哪里来，人员往哪里去？</p></li>
      <li><h4><a href="https://weekly.caixin.com/2026-03-07/102418002.html">钢铁行业的十年周期</a></h4><p>从扩张到收缩，一个行业的十年。</p></li>
    </ul></body></html>"#;
    let l = setup(list, "https://weekly.caixin.com/");
    serve_page(&l.host, WEEKLY, WEEKLY_P1, 200);
    serve_page(&l.host, WEEKLY_ONE_PAGE, WEEKLY_WHOLE, 200);
    click(&l.root, "#fetch");
    until("the run to end", 10_000, || json(&l.sidebar.fetch_state())["state"] == "finished").await;
    let log = json(&fetches(&l.host));
    let urls: Vec<&str> = log.as_array().unwrap().iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(urls.iter().filter(|u| u.starts_with(WEEKLY)).copied().collect::<Vec<_>>(), [WEEKLY, WEEKLY_ONE_PAGE], "{urls:?}");
    let state = json(&l.sidebar.fetch_state());
    assert_eq!((state["done"].as_u64(), state["total"].as_u64()), (Some(1), Some(2)), "the other entry is a 404");
    let export = json(&l.sidebar.export_text("json", "all").unwrap());
    let entry = &export["articles"][0];
    assert_eq!((entry["role"].as_str(), entry["truncated"].as_bool(), whole_paragraphs(&export, 0)), (Some("teaser"), Some(false), 16));
    assert_eq!(entry["authors"].as_array().unwrap().len(), 8);
    // A second click fetches nothing of it again.
    click(&l.root, "#fetch");
    until("the second run", 10_000, || json(&l.sidebar.fetch_state())["state"] == "finished").await;
    let again = json(&fetches(&l.host));
    assert!(again.as_array().unwrap()[log.as_array().unwrap().len()..].iter().all(|r| !r["url"].as_str().unwrap().starts_with(WEEKLY)));
}

/// A page that answers with another article (a redirect to it, or the wrong page served) does
/// not fill the entry with that article's text, time or authors.
#[wasm_bindgen_test]
async fn another_articles_page_does_not_complete_the_entry() {
    let f = setup(HOME, HOME_URL);
    for u in [FACTORY, REGULATOR, IN_DEPTH, BANK] {
        // The fixture's own article page, whatever the address asked for.
        serve_page(&f.host, u, ARTICLE, 200);
    }
    click(&f.root, "#fetch");
    until("the run to end", 10_000, || json(&f.sidebar.fetch_state())["state"] == "finished").await;
    let state = json(&f.sidebar.fetch_state());
    assert_eq!((state["done"].as_u64(), state["failed"].as_u64()), (Some(0), Some(4)));
    let export = json(&f.sidebar.export_text("json", "all").unwrap());
    for a in export["articles"].as_array().unwrap().iter().take(4) {
        assert_eq!(a["body"], serde_json::json!([]), "{}", a["title"]);
        assert_ne!(a["authors"], serde_json::json!(["Qu Hui", "Ding Yi"]), "{}", a["title"]);
    }
    assert_eq!(
        shown_badge(&card_titled(&f.root, "Bank of China Sells Record Bond"), ".badge-failed").as_deref(),
        Some("not fetched: no article on that page")
    );
}

#[wasm_bindgen_test]
async fn cancel_stops_the_run_and_aborts_what_is_in_flight() {
    let f = setup(HOME, HOME_URL);
    for u in [FACTORY, REGULATOR, IN_DEPTH, BANK] {
        serve_page(&f.host, u, &article_at(u, "An Article"), 200);
    }
    click(&f.root, "#fetch");
    until("the first request", 2_000, || json(&fetches(&f.host)).as_array().unwrap().len() == 1).await;
    click(&f.root, "#cancel");
    assert_eq!(json(&f.sidebar.fetch_state())["state"], "cancelled");
    wait(1_200).await;
    assert_eq!(json(&fetches(&f.host)).as_array().unwrap().len(), 1, "no request after Cancel");
    assert_eq!(json(&f.sidebar.fetch_state())["done"], 0, "the request in flight was aborted");
    assert!(q(&f.root, ".progress-text").text_content().unwrap().starts_with("Cancelled: 0 of 4"));
    // Fetch again: the run goes on with what is left, 500 ms after the last request.
    click(&f.root, "#fetch");
    until("the run to end", 10_000, || json(&f.sidebar.fetch_state())["state"] == "finished").await;
    assert_eq!(json(&f.sidebar.fetch_state())["done"], 4);
}

#[wasm_bindgen_test]
async fn the_collection_adds_merges_removes_clears_and_is_there_for_the_next_sidebar() {
    let f = setup(SEED, SEED_URL);
    until("the collection index", 1_000, || q(&f.root, "#view-collection").text_content().unwrap() == "Collection 0").await;
    let card = card_titled(&f.root, "Alibaba’s Healthcare Unit Finds Tonic for Profits");
    click(&card, ".card-collect");
    until("added", 1_000, || f.sidebar.collection_count() == 1).await;
    assert_eq!(q(&card, ".card-collect").text_content().unwrap(), "Remove from collection");
    assert_eq!(q(&f.root, "#view-collection").text_content().unwrap(), "Collection 1");
    // A click on the collection button does not scroll the page.
    assert!(!calls(&f.host).contains("scrollTo"), "{}", calls(&f.host));
    // What the filters show: the Trending stories.
    click(&f.root, ".chip[data-section=\"Trending Stories\"]");
    q(&f.root, "#scope").unchecked_into::<HtmlSelectElement>().set_value("filtered");
    click(&f.root, "#add");
    until("six more", 1_000, || f.sidebar.collection_count() == 7).await;
    assert_eq!(q(&f.root, ".status").text_content().unwrap(), "Added 6 to the collection (0 already there).");
    let key = "www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html";
    // One item per article, stamped when added; no index to lose.
    let first = json(&stored(&f.host, "local", &format!("c:{key}")).unwrap());
    assert!(first["added"].as_u64().unwrap() > 1_600_000_000_000, "{first}");
    assert_eq!(stored(&f.host, "local", "collection"), None);
    assert_eq!(json(&stored(&f.host, "local", "meta").unwrap())["schema"], 2);

    // Its own view: the same chips and exports; "Remove" on a card.
    click(&f.root, "#view-collection");
    until("the collection view", 1_000, || q(&f.root, ".page-title").text_content().unwrap() == "Collection").await;
    assert_eq!(q(&f.root, ".page-meta").text_content().unwrap(), "7 articles collected");
    assert_eq!(f.sidebar.shown_count(), 6, "the Trending filter holds in this view too");
    click(&f.root, ".chip[data-section=\"*\"]");
    let export = json(&f.sidebar.export_text("json", "all").unwrap());
    assert_eq!(export["page"]["url"], "caixin-sidebar:collection");
    assert_eq!(export["articles"].as_array().unwrap().len(), 7);
    let csl = json(&f.sidebar.export_text("csl", "all").unwrap());
    assert_eq!(csl.as_array().unwrap().len(), 7);
    assert_eq!(csl[0]["container-title"], "Caixin Global");
    click(&f.root, "#download");
    assert!(calls(&f.host).contains("[\"download\",\"caixin-collection-2020-11-27.json\""), "{}", calls(&f.host));
    click(&card_titled(&f.root, "Alibaba’s Healthcare Unit Finds Tonic for Profits"), ".card-collect");
    until("removed", 1_000, || f.root.query_selector_all(".card").unwrap().length() == 6).await;
    until("removed from the storage", 1_000, || stored(&f.host, "local", &format!("c:{key}")).is_none()).await;

    // The next sidebar (another panel, the browser started again) reads it back.
    let next = setup_with(SEED, SEED_URL, make_host(store_of(&f.host)));
    until("the collection index", 1_000, || next.sidebar.collection_count() == 6).await;
    click(&next.root, "#view-collection");
    until("the collection view", 1_000, || next.root.query_selector_all(".card").unwrap().length() == 6).await;
    assert_eq!(next.sidebar.export_text("json", "all"), f.sidebar.export_text("json", "all"));

    // Clear asks first; "Keep" keeps.
    click(&next.root, "#clear-collection");
    until("the question", 1_000, || !q(&next.root, ".confirm").unchecked_into::<HtmlElement>().hidden()).await;
    assert_eq!(q(&next.root, ".confirm-text").text_content().unwrap(), "Remove all 6 articles from the collection?");
    click(&next.root, "#confirm-no");
    assert_eq!(next.sidebar.collection_count(), 6);
    click(&next.root, "#clear-collection");
    until("the question", 1_000, || !q(&next.root, ".confirm").unchecked_into::<HtmlElement>().hidden()).await;
    click(&next.root, "#confirm-yes");
    assert_eq!(next.sidebar.collection_count(), 0);
    until("the storage emptied", 1_000, || !stored_keys(&next.host, "local").contains("c:")).await;
    assert_eq!(stored(&next.host, "local", "collection"), None);
    assert!(q(&next.root, ".empty").text_content().unwrap().starts_with("The collection is empty."));
    // Back to the page.
    click(&next.root, "#view-page");
    assert_eq!(next.root.query_selector_all(".card").unwrap().length(), 20);
}

#[wasm_bindgen_test]
async fn new_since_the_last_visit_and_free_only() {
    let host = make_host(JsValue::UNDEFINED);
    // The last visit of the home page listed two of its four articles.
    let k = |u: &str| caixin_sidebar::article_key(u).unwrap();
    put(&host, "local", "s:www.caixinglobal.com/", &serde_json::to_string(&[k(FACTORY), k(BANK)]).unwrap());
    put(&host, "local", "seen", r#"{"v":1,"pages":["www.caixinglobal.com/"]}"#);
    let paid = HOME
        .replace("Bank of China Sells Record Bond</a></dt>", "Bank of China Sells Record Bond</a><i class=\"icon_key\"></i></dt>")
        .replace(
            "Regulator Tightens Rules on Wealth Products</a></dt>",
            "Regulator Tightens Rules on Wealth Products</a><i class=\"icon_key\"></i></dt>",
        );
    let f = setup_with(&paid, HOME_URL, host);
    let badged = |root: &Element| {
        let cards = root.query_selector_all(".card").unwrap();
        (0..cards.length())
            .map(|i| cards.item(i).unwrap().unchecked_into::<Element>())
            .filter(|c| shown_badge(c, ".badge-new").is_some())
            .map(|c| q(&c, ".card-title").text_content().unwrap())
            .collect::<Vec<_>>()
    };
    until("the badges", 1_000, || badged(&f.root).len() == 2).await;
    assert_eq!(badged(&f.root), ["Regulator Tightens Rules on Wealth Products", "In Depth: The Long Road to a National Power Market"]);
    let only_new = q(&f.root, "#only-new");
    assert_eq!(only_new.text_content().unwrap(), "New 2");
    click(&f.root, "#only-new");
    assert_eq!(only_new.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(
        visible_titles(&f.root),
        ["Regulator Tightens Rules on Wealth Products", "In Depth: The Long Road to a National Power Market"]
    );
    click(&f.root, "#free-only");
    assert_eq!(visible_titles(&f.root), ["In Depth: The Long Road to a National Power Market"]);
    click(&f.root, "#only-new");
    assert_eq!(
        visible_titles(&f.root),
        ["China’s Factory Activity Rebounds in November", "In Depth: The Long Road to a National Power Market"]
    );
    // Esc clears these too.
    key("Escape");
    assert_eq!(f.sidebar.shown_count(), 4);
    // What this visit listed is stored for the next: then nothing is new.
    until("the record", 1_000, || json(&stored(&f.host, "local", "s:www.caixinglobal.com/").unwrap()).as_array().unwrap().len() == 4).await;
    let next = setup_with(&paid, HOME_URL, make_host(store_of(&f.host)));
    wait(100).await;
    assert!(badged(&next.root).is_empty());
    assert_eq!(q(&next.root, "#only-new").text_content().unwrap(), "New 0");
}

/// Every stored version's sample (tests/fixtures/storage/README.md), oldest first.
const SAMPLES: &[(u32, &str)] = &[(1, include_str!("fixtures/storage/v1.json")), (2, include_str!("fixtures/storage/v2.json"))];
const ALIBABA_PAGE: &str = include_str!("fixtures/caixin-global/article-old-template/source.html");
const ALIBABA: &str = "https://www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html";

/// Has the fetch run ended (finished, stopped or cancelled)?
fn ended(f: &Fixture) -> bool {
    matches!(json(&f.sidebar.fetch_state())["state"].as_str(), Some("finished" | "stopped" | "cancelled"))
}

fn collection_label(root: &Element) -> String {
    q(root, "#view-collection").text_content().unwrap()
}

fn note(root: &Element) -> Option<String> {
    let n = q(root, ".store-note").unchecked_into::<HtmlElement>();
    (!n.hidden()).then(|| n.text_content().unwrap())
}

/// A sidebar built on `host` before any page is shown (as the glue builds it), then given one.
fn panel(host: JsValue, html: &str, url: &str, private: bool) -> Fixture {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("main").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let sidebar = Sidebar::new(root.clone(), host.clone());
    sidebar.set_private(private);
    sidebar.show_page(&JsString::from(html), url, "12:00").unwrap();
    Fixture { root, host, sidebar }
}

/// Every earlier version's stored data, upgraded by two panels starting at once: every article is
/// in the collection (those its index had lost too), with its content; the layout is the new one,
/// written once; a later start writes nothing.
#[wasm_bindgen_test]
async fn every_earlier_stored_version_upgrades_keeping_every_article() {
    for (version, text) in SAMPLES {
        let sample: serde_json::Value = json(text);
        let items: Vec<(&String, serde_json::Value)> =
            sample.as_object().unwrap().iter().filter(|(k, _)| k.starts_with("c:")).map(|(k, v)| (k, json(v.as_str().unwrap()))).collect();
        let host = make_host(JsValue::UNDEFINED);
        put_all(&host, text);
        let a = panel(host, SEED, SEED_URL, false);
        let b = panel(make_host(store_of(&a.host)), HOME, HOME_URL, false);
        let want = format!("Collection {}", items.len());
        until("both panels started", 3_000, || collection_label(&a.root) == want && collection_label(&b.root) == want).await;
        assert_eq!(json(&stored(&a.host, "local", "meta").unwrap())["schema"], 2, "v{version}");
        assert_eq!(stored(&a.host, "local", "collection"), None);
        for (k, old) in &items {
            let now = json(&stored(&a.host, "local", k).unwrap_or_else(|| panic!("{k} kept")));
            assert_eq!(now["article"], old["article"], "{k}");
            assert!(now["added"].as_u64().is_some(), "{k}");
        }
        // Its view lists every article; the export holds them all.
        click(&b.root, "#view-collection");
        until("the collection view", 2_000, || b.root.query_selector_all(".card").unwrap().length() as usize == items.len()).await;
        let export = json(&b.sidebar.export_text("json", "all").unwrap());
        let mut titles: Vec<&str> = export["articles"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
        let mut want_titles: Vec<&str> = items.iter().map(|(_, v)| v["article"]["title"].as_str().unwrap()).collect();
        titles.sort_unstable();
        want_titles.sort_unstable();
        assert_eq!(titles, want_titles);
        // Stored before articles carried their key: read with it, from the URL (the storage key
        // names the same article).
        let mut keys: Vec<&str> = export["articles"].as_array().unwrap().iter().map(|a| a["key"].as_str().unwrap()).collect();
        let mut want_keys: Vec<&str> = items.iter().map(|(k, _)| k.strip_prefix("c:").unwrap()).collect();
        keys.sort_unstable();
        want_keys.sort_unstable();
        assert_eq!(keys, want_keys, "v{version}");
        assert_eq!(note(&b.root), None, "every item read");
        // The next start has nothing to upgrade: it writes nothing (on the page visited last: no
        // visit to record either).
        let before = dump(&a.host);
        let c = panel(make_host(store_of(&a.host)), HOME, HOME_URL, false);
        until("a third panel", 2_000, || collection_label(&c.root) == want).await;
        wait(100).await;
        assert_eq!(dump(&a.host), before);
    }
}

/// A stored item a later version wrote (a field and a role this one does not know) is read, shown
/// and kept as it was; an item that cannot be read is kept, counted and reported, and adding its
/// article again does not write over it; Clear removes both.
#[wasm_bindgen_test]
async fn a_later_versions_item_is_read_and_an_unreadable_one_kept_and_reported() {
    let host = make_host(JsValue::UNDEFINED);
    let future = serde_json::json!({
        "article": { "url": ALIBABA, "title": "Alibaba’s Healthcare Unit Finds Tonic for Profits", "role": "sidebar-pick",
                     "corrected": "2031-01-01T00:00:00+08:00", "section": "Business & Tech" },
        "site": "caixin-weekly", "language": "en", "added": 5, "pinned": true,
    })
    .to_string();
    let fkey = "c:www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html";
    let broken_key = "c:www.caixinglobal.com/2020-11-26/tesla-to-manufacture-electric-car-chargers-in-china-101633085.html";
    put(&host, "local", "meta", r#"{"schema":2}"#);
    put(&host, "local", fkey, &future);
    put(&host, "local", broken_key, "{\"article\": {\"title\": [\"not\", \"a title\"]}}");
    let f = panel(host, SEED, SEED_URL, false);
    until("the count", 2_000, || collection_label(&f.root) == "Collection 2").await;
    click(&f.root, "#view-collection");
    until("the view", 2_000, || f.root.query_selector_all(".card").unwrap().length() == 1).await;
    assert_eq!(
        note(&f.root).as_deref(),
        Some("1 stored items could not be read. They are kept as they are; Clear collection removes them.")
    );
    let export = json(&f.sidebar.export_text("json", "all").unwrap());
    assert_eq!(export["articles"][0]["title"], "Alibaba’s Healthcare Unit Finds Tonic for Profits");
    assert_eq!(export["articles"][0]["role"], "teaser", "an unknown role reads as its fallback");
    assert!(export["articles"][0].get("corrected").is_none(), "the export is what this version writes");
    // Back on the page: adding everything adds the others; the unreadable item stays as it is;
    // the later version's item takes the page's story (its body) and keeps what it had.
    click(&f.root, "#view-page");
    click(&f.root, "#add");
    until("the rest added", 2_000, || f.sidebar.collection_count() == 20).await;
    wait(100).await;
    assert_eq!(stored(&f.host, "local", broken_key).as_deref(), Some("{\"article\": {\"title\": [\"not\", \"a title\"]}}"));
    let kept = json(&stored(&f.host, "local", fkey).unwrap());
    assert!(kept["article"]["body"].as_array().unwrap().len() > 2, "{kept}");
    assert_eq!(
        (kept["article"]["corrected"].as_str(), kept["site"].as_str(), kept["pinned"].as_bool()),
        (Some("2031-01-01T00:00:00+08:00"), Some("caixin-weekly"), Some(true))
    );
    assert_eq!(kept["added"], 5);
    // A new panel says so too.
    let next = panel(make_host(store_of(&f.host)), SEED, SEED_URL, false);
    click(&next.root, "#view-collection");
    until("the note", 2_000, || note(&next.root).is_some_and(|n| n.starts_with("1 stored items"))).await;
    // Clear removes what could not be read too.
    click(&next.root, "#clear-collection");
    until("the question", 1_000, || !q(&next.root, ".confirm").unchecked_into::<HtmlElement>().hidden()).await;
    click(&next.root, "#confirm-yes");
    until("emptied", 2_000, || !stored_keys(&next.host, "local").contains("c:")).await;
    assert_eq!(note(&next.root), None);
    until("the other panel follows", 2_000, || f.sidebar.collection_count() == 0).await;
}

/// Two panels (two windows) add at the same moment: different articles, then the same one from
/// two pages. Both keep everything; the article both added has what each page showed; each panel
/// shows what the other added.
#[wasm_bindgen_test]
async fn two_panels_adding_at_once_keep_both() {
    let a = panel(make_host(JsValue::UNDEFINED), SEED, SEED_URL, false);
    let b = panel(make_host(store_of(&a.host)), SEED, SEED_URL, false);
    until("both started", 2_000, || collection_label(&a.root) == "Collection 0" && collection_label(&b.root) == "Collection 0").await;
    let tesla = "Tesla to Manufacture Electric Car Chargers in China";
    let tiktok = "TikTok Granted One-Week Extension of Forced-Sale Deadline";
    click(&card_titled(&a.root, tesla), ".card-collect");
    click(&card_titled(&b.root, tiktok), ".card-collect");
    until("both panels see both", 3_000, || a.sidebar.collection_count() == 2 && b.sidebar.collection_count() == 2).await;
    assert_eq!(stored_keys(&a.host, "local").matches("\"c:").count(), 2);
    // Whole scopes at once: the Trending stories in one, everything in the other.
    click(&a.root, ".chip[data-section=\"Trending Stories\"]");
    q(&a.root, "#scope").unchecked_into::<HtmlSelectElement>().set_value("filtered");
    click(&a.root, "#add");
    click(&b.root, "#add");
    until("everything, in both", 3_000, || a.sidebar.collection_count() == 20 && b.sidebar.collection_count() == 20).await;
    assert_eq!(stored_keys(&a.host, "local").matches("\"c:").count(), 20);

    // The same article from two pages at once: the listing's card (its section) and its own page
    // (its body).
    let c = panel(make_host(JsValue::UNDEFINED), SEED, SEED_URL, false);
    let d = panel(make_host(store_of(&c.host)), ALIBABA_PAGE, ALIBABA, false);
    until("both started", 2_000, || collection_label(&c.root) == "Collection 0" && collection_label(&d.root) == "Collection 0").await;
    click(&card_titled(&c.root, "Alibaba’s Healthcare Unit Finds Tonic for Profits"), ".card-collect");
    q(&d.root, "#scope").unchecked_into::<HtmlSelectElement>().set_value("all");
    click(&d.root, "#add");
    let key = "c:www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html";
    until("merged in the storage", 3_000, || {
        stored(&c.host, "local", key).is_some_and(|t| {
            let v = json(&t);
            v["article"]["section"] == "Business & Tech" && !v["article"]["body"].as_array().unwrap().is_empty()
        })
    })
    .await;
    wait(200).await;
    for p in [&c, &d] {
        click(&p.root, "#view-collection");
    }
    until("both views", 2_000, || c.sidebar.collection_count() == d.sidebar.collection_count() && c.sidebar.shown_count() > 0).await;
    let one = |f: &Fixture| {
        json(&f.sidebar.export_text("json", "all").unwrap())["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["url"] == ALIBABA)
            .cloned()
            .unwrap()
    };
    assert_eq!(one(&c), one(&d), "both panels show the merged article");
    assert_eq!(one(&c)["section"], "Business & Tech");
    assert!(!one(&c)["body"].as_array().unwrap().is_empty());
}

/// In a private window the panel lists, filters, exports and fetches, but keeps nothing: no
/// collection change, no seen page, no session cache, fetches without cookies; a note says so.
#[wasm_bindgen_test]
async fn a_private_window_keeps_nothing() {
    let f = panel(make_host(JsValue::UNDEFINED), HOME, HOME_URL, true);
    assert!(note(&f.root).is_some_and(|n| n.starts_with("Private window: nothing is kept")), "{:?}", note(&f.root));
    until("started", 2_000, || collection_label(&f.root) == "Collection 0").await;
    let meta_only = r#"["meta"]"#;
    click(&f.root, "#add");
    assert!(q(&f.root, ".status").text_content().unwrap().starts_with("Private window"));
    click(&card_titled(&f.root, "Bank of China Sells Record Bond"), ".card-collect");
    serve_page(&f.host, BANK, &article_at(BANK, "Bank of China Sells Record Bond"), 200);
    click(&f.root, "#fetch");
    until("the run", 10_000, || json(&f.sidebar.fetch_state())["state"] == "finished").await;
    let log = json(&fetches(&f.host));
    assert!(log.as_array().unwrap().iter().all(|r| r["withCookies"] == false), "{log}");
    assert_eq!(json(&f.sidebar.fetch_state())["done"], 1);
    wait(100).await;
    assert_eq!(stored_keys(&f.host, "local"), meta_only, "only the layout's version, written at start");
    assert_eq!(stored_keys(&f.host, "session"), "[]");
    assert_eq!(f.sidebar.collection_count(), 0);
    // The same profile in a normal window: the visit and the collection are kept there.
    let g = panel(make_host(store_of(&f.host)), HOME, HOME_URL, false);
    assert_eq!(note(&g.root), None);
    until("started", 2_000, || collection_label(&g.root) == "Collection 0").await;
    click(&g.root, "#add");
    until("added", 2_000, || g.sidebar.collection_count() == 4).await;
    until("the visit kept", 2_000, || stored(&g.host, "local", "s:www.caixinglobal.com/").is_some()).await;
}

/// A listing whose links carry a user name, a port or plain http to Caixin: each entry is the
/// site's own address (fetched there); an answer that redirects, and stored articles whose
/// addresses the policy refuses, fail one by one with why, without a request and without stopping
/// the run.
#[wasm_bindgen_test]
async fn hostile_addresses_are_refused_one_by_one_and_the_run_goes_on() {
    let entry = |href: &str, title: &str| format!("<dl><dt><a href=\"{href}\">{title}</a></dt><dd>Summary of {title}.</dd></dl>");
    let strip = |u: &str| u.replace("https://", "");
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Hostile – Caixin Global</title></head><body><div class=\"rec-news\">{}{}{}{}</div></body></html>",
        entry(&format!("https://reader:secret@{}", strip(BANK)), "With a user name"),
        entry(&format!("https://www.caixinglobal.com:8443/{}", strip(REGULATOR).split_once('/').unwrap().1), "With a port"),
        entry(&BANK.replace("https://", "http://").replace("bank-of-china", "plain-http-bank"), "Over http"),
        entry(IN_DEPTH, "Redirected"),
    );
    let f = panel(make_host(JsValue::UNDEFINED), &html, "https://www.caixinglobal.com/hostile/", false);
    let export = json(&f.sidebar.export_text("json", "all").unwrap());
    let urls: Vec<&str> = export["articles"].as_array().unwrap().iter().map(|a| a["url"].as_str().unwrap()).collect();
    let plain_http = BANK.replace("bank-of-china", "plain-http-bank");
    assert_eq!(urls, [BANK, REGULATOR, plain_http.as_str(), IN_DEPTH], "the site's own addresses");
    serve_page(&f.host, BANK, &article_at(BANK, "With a user name"), 200);
    serve_page(&f.host, REGULATOR, &article_at(REGULATOR, "With a port"), 200);
    serve_page(&f.host, &plain_http, &article_at(&plain_http, "Over http"), 200);
    serve_redirect(&f.host, IN_DEPTH);
    click(&f.root, "#fetch");
    until("the run", 10_000, || ended(&f)).await;
    let state = json(&f.sidebar.fetch_state());
    assert_eq!((state["state"].as_str(), state["done"].as_u64(), state["failed"].as_u64()), (Some("finished"), Some(3), Some(1)));
    assert_eq!(
        shown_badge(&card_titled(&f.root, "Redirected"), ".badge-failed").as_deref(),
        Some("not fetched: the site redirected it (not followed)")
    );
    assert_eq!(discarded(&f.host), format!("[\"{IN_DEPTH}\"]"), "its body was not read");

    // Stored articles (an earlier version's, a hand-edited storage) whose addresses are refused:
    // each fails at once with why, the good one is fetched, the run finishes.
    let hostile = [
        ("https://u:p@www.caixinglobal.com/2026-11-27/user-name-102500901.html", "the address holds a user name"),
        ("https://www.caixinglobal.com:8443/2026-11-27/a-port-102500902.html", "the address names a port"),
        ("http://www.caixinglobal.com/2026-11-27/plain-http-102500903.html", "not an https address"),
        ("https://evil.example/2026-11-27/elsewhere-102500904.html", "not a Caixin address"),
        ("https://www.caixinglobal.com.evil.example/2026-11-27/look-alike-102500905.html", "not a Caixin address"),
    ];
    let host = make_host(JsValue::UNDEFINED);
    put(&host, "local", "meta", r#"{"schema":2}"#);
    for (i, (url, _)) in hostile.iter().enumerate() {
        let item = serde_json::json!({"article": {"url": url, "title": format!("Hostile {i}")}, "site": "caixin-global", "added": i});
        put(&host, "local", &format!("c:{}", caixin_sidebar::article_key(url).unwrap()), &item.to_string());
    }
    let good = serde_json::json!({"article": {"url": FACTORY, "title": "Good"}, "site": "caixin-global", "added": 9});
    put(&host, "local", &format!("c:{}", caixin_sidebar::article_key(FACTORY).unwrap()), &good.to_string());
    let g = panel(host, SEED, SEED_URL, false);
    serve_page(&g.host, FACTORY, &article_at(FACTORY, "Good"), 200);
    click(&g.root, "#view-collection");
    until("the view", 2_000, || g.root.query_selector_all(".card").unwrap().length() == 6).await;
    click(&g.root, "#fetch");
    until("the run", 10_000, || ended(&g)).await;
    let state = json(&g.sidebar.fetch_state());
    assert_eq!((state["state"].as_str(), state["done"].as_u64(), state["failed"].as_u64()), (Some("finished"), Some(1), Some(5)));
    let log = json(&fetches(&g.host));
    assert_eq!(log.as_array().unwrap().iter().map(|r| r["url"].as_str().unwrap()).collect::<Vec<_>>(), [FACTORY], "nothing else requested");
    for (i, (_, why)) in hostile.iter().enumerate() {
        let card = card_titled(&g.root, &format!("Hostile {i}"));
        assert_eq!(shown_badge(&card, ".badge-failed"), Some(format!("not fetched: {why}")), "{i}");
    }
    // Retry failed: refused again, still without a request.
    click(&g.root, "#retry");
    until("the retry", 5_000, || ended(&g)).await;
    assert_eq!(json(&fetches(&g.host)).as_array().unwrap().len(), 1);
    assert_eq!(json(&g.sidebar.fetch_state())["failed"], 5);
}
