//! The sidebar UI in real browsers (wasm-bindgen-test, headless Chromium and Firefox): render,
//! filter, search, sort, keyboard, and page text kept as text. The host object records what the
//! UI asks of the extension.
#![cfg(target_arch = "wasm32")]

use caixin_sidebar::wasm::Sidebar;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("fixtures/caixin-global/cx-tech-2020-11-27/source.html");
const SEED_URL: &str = "https://www.caixinglobal.com/live/";

#[wasm_bindgen(inline_js = "
export function make_host() {
  const calls = [];
  return { calls, t: () => undefined,
    scrollTo: (u, t) => calls.push(['scrollTo', u, t]), open: (u) => calls.push(['open', u]),
    download: (n, m, t) => calls.push(['download', n, m, t.length]), copy: (t) => calls.push(['copy', t.length]),
    saveFormat: (f) => calls.push(['saveFormat', f]), rescan: () => calls.push(['rescan']) };
}
export function calls(host) { return JSON.stringify(host.calls); }
export function key(k) { document.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })); }
export function key_on(el, k) { el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })); }
export function fire(el, type) { el.dispatchEvent(new Event(type, { bubbles: true })); }
")]
extern "C" {
    fn make_host() -> JsValue;
    fn calls(host: &JsValue) -> String;
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
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("main").unwrap();
    // Never replace body: the test runner reports into it.
    doc.body().unwrap().append_child(&root).unwrap();
    let host = make_host();
    let sidebar = Sidebar::new(root.clone(), host.clone());
    sidebar.show_page(html, url, "12:00").unwrap();
    Fixture { root, host, sidebar }
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

#[wasm_bindgen_test]
fn bad_input_shows_a_message() {
    let f = setup(SEED, SEED_URL);
    assert!(f.sidebar.show_page("<p>x</p>", "not a url", "12:01").is_err());
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
    assert_eq!(f.sidebar.show_page(&grown, SEED_URL, "12:05").unwrap(), 21);
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
    assert!(calls(&f.host).ends_with("[\"scrollTo\",\"https://www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html\",\"Alibaba’s Healthcare Unit Finds Tonic for Profits\"]]"), "{}", calls(&f.host));

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
    f.sidebar.show_page(&grown, SEED_URL, "12:06").unwrap();
    assert_eq!(author.value(), "ding");
    assert_eq!(f.sidebar.shown_count(), shown);
    assert_eq!(cards(&f.root).len(), shown);
}

#[wasm_bindgen_test]
fn warm_up_leaves_no_trace() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let before = doc.get_elements_by_tag_name("*").length();
    let host = make_host();
    Sidebar::warm_up(host.clone());
    assert_eq!(doc.get_elements_by_tag_name("*").length(), before, "nothing was added to the document");
    assert_eq!(calls(&host), "[]");
    // A real sidebar after it works as ever.
    let f = setup(SEED, SEED_URL);
    key("/");
    assert!(doc.active_element().unwrap().is_same_node(Some(&q(&f.root, "#search"))));
    assert_eq!(f.sidebar.shown_count(), 20);
}
