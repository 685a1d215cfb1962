//! The sidebar, rendered by Rust with web-sys. Page text reaches the DOM only through
//! `set_text_content` (never as HTML); only http(s) URLs become links.
//!
//! Cards are built once per scan. A filter change puts the first `PAGE` matching cards in the list
//! and more follow as the reader scrolls, so a keystroke costs the same with 2,000 articles as
//! with 100. (Toggling `hidden` on 2,000 cards measured 3 s to the next frame in Chromium.)
//!
//! The host object (JS glue) supplies what needs extension APIs: `t(key)`, `scrollTo(url, title)`,
//! `open(url)`, `download(name, mime, text)`, `copy(text)`, `saveFormat(f)`, `rescan()`.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent};

use crate::export::{self, Format};
use crate::filter::{searchable, section_counts, Filter, Sort};
use crate::model::{Article, Page, Role};

/// UI strings: key and English default. `_locales/*/messages.json` holds the same keys.
const STRINGS: &[(&str, &str)] = &[
    ("rescan", "Rescan"),
    ("search", "Search title, text, authors"),
    ("author", "Author"),
    ("from", "From"),
    ("to", "To"),
    ("sortPage", "Page order"),
    ("sortNewest", "Newest first"),
    ("sortOldest", "Oldest first"),
    ("allSections", "All sections"),
    ("noSection", "(no section)"),
    ("articles", "articles"),
    ("shown", "shown"),
    ("scanned", "scanned"),
    ("read", "Read"),
    ("open", "Open"),
    ("download", "Download"),
    ("copy", "Copy"),
    ("copied", "Copied"),
    ("scopeAll", "All"),
    ("scopeFiltered", "Filtered"),
    ("paywalled", "paywalled"),
    ("noMatch", "No article matches these filters."),
    ("kind_listing", "listing"),
    ("kind_article", "article"),
    ("kind_unknown", "page"),
    ("clear", "Clear filters"),
    ("warnings", "Notes"),
];

/// Cards put in the list at a time.
const PAGE: usize = 40;
/// Scrolling within this many pixels of the bottom brings the next page.
const MORE_MARGIN: f64 = 800.0;

fn doc() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

fn el(tag: &str, class: &str) -> Element {
    let e = doc().create_element(tag).expect("create_element");
    if !class.is_empty() {
        e.set_class_name(class);
    }
    e
}

fn text_el(tag: &str, class: &str, text: &str) -> Element {
    let e = el(tag, class);
    e.set_text_content(Some(text));
    e
}

fn set_attr(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

/// A link element only for http(s) URLs; other schemes stay plain text.
fn safe_link(url: &str, label: &str, class: &str) -> Element {
    if crate::extract::url::is_http(url) {
        let a = text_el("a", class, label);
        set_attr(&a, "href", url);
        set_attr(&a, "target", "_blank");
        set_attr(&a, "rel", "noopener noreferrer");
        a
    } else {
        text_el("span", class, label)
    }
}

struct Controls {
    title: Element,
    meta: Element,
    search: HtmlInputElement,
    author: HtmlInputElement,
    from: HtmlInputElement,
    to: HtmlInputElement,
    sort: HtmlSelectElement,
    chips: Element,
    list: Element,
    empty: Element,
    status: Element,
    warnings: Element,
    format: HtmlSelectElement,
    scope: HtmlSelectElement,
}

struct App {
    /// Itself, for the listeners of cards built later.
    me: std::rc::Weak<RefCell<App>>,
    host: JsValue,
    c: Controls,
    page: Option<Page>,
    /// Lower-cased search text per article, computed once per scan.
    haystacks: Vec<String>,
    /// One per article, built when first shown (a 2,000-article page builds 40 at first).
    cards: Vec<Option<HtmlElement>>,
    filter: Filter,
    /// Indices shown, in display order.
    shown: Vec<usize>,
    /// Position in `shown` of the keyboard selection.
    cursor: Option<usize>,
    /// How many of `shown` are in the list.
    rendered: usize,
    chip_listeners: Vec<EventListener>,
    card_listeners: Vec<EventListener>,
}

/// The sidebar: build it once on a root element, then `showPage` after every scan.
#[wasm_bindgen]
pub struct Sidebar {
    app: Rc<RefCell<App>>,
    _listeners: Vec<EventListener>,
}

impl App {
    fn t(&self, key: &str) -> String {
        translate(&self.host, key)
    }

    fn call(&self, method: &str, args: &[JsValue]) -> Option<JsValue> {
        let f = js_sys::Reflect::get(&self.host, &method.into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
        let arr: js_sys::Array = args.iter().collect();
        f.apply(&self.host, &arr).ok()
    }

    fn read_filter(&mut self) {
        self.filter.text = self.c.search.value();
        self.filter.author = self.c.author.value();
        let d = |i: &HtmlInputElement| Some(i.value()).filter(|v| !v.is_empty());
        self.filter.from = d(&self.c.from);
        self.filter.to = d(&self.c.to);
        self.filter.sort = Sort::parse(&self.c.sort.value());
    }

    /// Applies the filter: the list shows the first page of matching cards in the chosen order;
    /// counts and selection follow.
    fn refresh(&mut self) {
        let Some(page) = &self.page else { return };
        self.shown = self.filter.apply_with(&page.articles, &self.haystacks);
        let n = page.articles.len();
        self.c.list.set_text_content(None);
        self.rendered = 0;
        self.render_more();
        self.c.empty.set_hidden_attr(!self.shown.is_empty() || n == 0);
        self.c.status.set_text_content(Some(&format!("{} / {n} {}", self.shown.len(), self.t("shown"))));
        self.update_chips();
        self.move_cursor(None);
    }

    /// The card of article `i`, built on first use.
    fn card(&mut self, i: usize) -> HtmlElement {
        if let Some(c) = &self.cards[i] {
            return c.clone();
        }
        let app = self.me.upgrade().expect("the app is alive while its methods run");
        let t = |k: &str| self.t(k);
        let art = &self.page.as_ref().expect("cards exist only with a page").articles[i];
        let (card, ls) = build_card(&app, i, art, &t);
        if art.role == Role::Main {
            let _ = card.class_list().add_1("main");
        }
        self.card_listeners.extend(ls);
        self.cards[i] = Some(card.clone());
        card
    }

    /// Appends the next page of matching cards.
    fn render_more(&mut self) {
        let end = (self.rendered + PAGE).min(self.shown.len());
        if end == self.rendered {
            return;
        }
        let frag = doc().create_document_fragment();
        for k in self.rendered..end {
            let i = self.shown[k];
            let _ = frag.append_child(&self.card(i));
        }
        let _ = self.c.list.append_child(&frag);
        self.rendered = end;
    }

    fn update_chips(&self) {
        let children = self.c.chips.children();
        for i in 0..children.length() {
            if let Some(chip) = children.item(i) {
                let key = chip.get_attribute("data-section").unwrap_or_default();
                let on = if key == "*" { self.filter.sections.is_empty() } else { self.filter.sections.contains(&key) };
                set_attr(&chip, "aria-pressed", if on { "true" } else { "false" });
            }
        }
    }

    fn move_cursor(&mut self, to: Option<usize>) {
        if let Some(old) = self.cursor.and_then(|c| self.shown.get(c)).and_then(|&i| self.cards.get(i)).and_then(Option::as_ref) {
            let _ = old.class_list().remove_1("selected");
        }
        self.cursor = to.filter(|&c| c < self.shown.len());
        while self.cursor.is_some_and(|c| c >= self.rendered) {
            self.render_more();
        }
        if let Some(card) = self.cursor.and_then(|c| self.shown.get(c)).and_then(|&i| self.cards.get(i)).and_then(Option::as_ref) {
            let _ = card.class_list().add_1("selected");
            let _ = card.focus();
        }
    }

    fn article(&self, i: usize) -> Option<&Article> {
        self.page.as_ref().and_then(|p| p.articles.get(i))
    }

    fn export_text(&self, format: Format, filtered: bool) -> Option<String> {
        let page = self.page.as_ref()?;
        // Only the filtered scope needs a page of its own; "all" exports the page as it is.
        if filtered { export::render(&export::subset(page, &self.shown), format) } else { export::render(page, format) }.ok()
    }
}

fn build_card(app: &Rc<RefCell<App>>, i: usize, a: &Article, t: &dyn Fn(&str) -> String) -> (HtmlElement, Vec<EventListener>) {
    let card: HtmlElement = el("li", "card").unchecked_into();
    set_attr(&card, "tabindex", "-1");
    set_attr(&card, "data-index", &i.to_string());
    let title = a.title.clone().unwrap_or_else(|| a.url.clone().unwrap_or_default());
    let h = text_el("h3", "card-title", &title);
    let _ = card.append_child(&h);
    let mut meta = Vec::new();
    if let Some(s) = &a.section {
        meta.push(s.clone());
    }
    if !a.authors.is_empty() {
        meta.push(a.authors.join(", "));
    }
    if let Some(d) = a.published_text.as_ref().or(a.published.as_ref()) {
        meta.push(d.clone());
    }
    let meta_el = text_el("p", "card-meta", &meta.join(" · "));
    if a.paywalled {
        let _ = meta_el.append_child(&text_el("span", "badge", &t("paywalled")));
    }
    let _ = card.append_child(&meta_el);
    let lead = a.summary.clone().or_else(|| a.body.first().cloned());
    if let Some(l) = lead {
        let _ = card.append_child(&text_el("p", "card-lead", &l));
    }
    let actions = el("div", "card-actions");
    let mut listeners = Vec::new();
    if a.body.len() > 1 || (a.summary.is_some() && !a.body.is_empty()) {
        let details = el("details", "card-body");
        let _ = details.append_child(&text_el("summary", "", &t("read")));
        for p in &a.body {
            let _ = details.append_child(&text_el("p", "", p));
        }
        // Reading the body must not also scroll the page.
        listeners.push(EventListener::new(&details, "click", |e| e.stop_propagation()));
        let _ = card.append_child(&details);
    }
    if let Some(u) = &a.url {
        let open = safe_link(u, &t("open"), "card-open");
        listeners.push(EventListener::new(&open, "click", |e| e.stop_propagation()));
        let _ = actions.append_child(&open);
    }
    let _ = card.append_child(&actions);
    let app2 = app.clone();
    listeners.push(EventListener::new(&card, "click", move |_| {
        let app = app2.borrow();
        if let Some(a) = app.article(i) {
            let url = a.url.clone().map(JsValue::from).unwrap_or(JsValue::NULL);
            let title = a.title.clone().map(JsValue::from).unwrap_or(JsValue::NULL);
            app.call("scrollTo", &[url, title]);
        }
    }));
    (card, listeners)
}

#[wasm_bindgen]
impl Sidebar {
    /// Builds the static part of the sidebar inside `root`.
    #[wasm_bindgen(constructor)]
    pub fn new(root: Element, host: JsValue) -> Sidebar {
        let tr = |k: &str| translate(&host, k);
        root.set_text_content(None);
        let header = el("header", "top");
        let title = text_el("h1", "page-title", "Caixin");
        let meta = el("p", "page-meta");
        let rescan = text_el("button", "rescan", &tr("rescan"));
        set_attr(&rescan, "type", "button");
        set_attr(&rescan, "id", "rescan");
        let _ = header.append_child(&title);
        let _ = header.append_child(&meta);
        let _ = header.append_child(&rescan);

        let controls = el("div", "controls");
        let input = |id: &str, kind: &str, placeholder: &str| -> HtmlInputElement {
            let i: HtmlInputElement = el("input", "").unchecked_into();
            i.set_type(kind);
            i.set_id(id);
            set_attr(&i, "placeholder", placeholder);
            set_attr(&i, "aria-label", placeholder);
            set_attr(&i, "autocomplete", "off");
            i
        };
        let search = input("search", "search", &tr("search"));
        let author = input("author", "text", &tr("author"));
        let from = input("from", "date", &tr("from"));
        let to = input("to", "date", &tr("to"));
        let sort: HtmlSelectElement = el("select", "").unchecked_into();
        sort.set_id("sort");
        set_attr(&sort, "aria-label", "sort");
        for (v, k) in [("page", "sortPage"), ("newest", "sortNewest"), ("oldest", "sortOldest")] {
            let o = text_el("option", "", &tr(k));
            set_attr(&o, "value", v);
            let _ = sort.append_child(&o);
        }
        let row = el("div", "row");
        let _ = row.append_child(&author);
        let _ = row.append_child(&sort);
        let dates = el("div", "row");
        let _ = dates.append_child(&from);
        let _ = dates.append_child(&to);
        let clear = text_el("button", "clear", &tr("clear"));
        set_attr(&clear, "type", "button");
        set_attr(&clear, "id", "clear");
        let _ = dates.append_child(&clear);
        let chips = el("div", "chips");
        set_attr(&chips, "role", "group");
        let _ = controls.append_child(&search);
        let _ = controls.append_child(&row);
        let _ = controls.append_child(&dates);
        let _ = controls.append_child(&chips);

        let exportbar = el("div", "exportbar");
        let format: HtmlSelectElement = el("select", "").unchecked_into();
        format.set_id("format");
        set_attr(&format, "aria-label", "format");
        for (v, label) in [("json", "JSON"), ("csv", "CSV"), ("md", "Markdown"), ("ndjson", "NDJSON"), ("csl", "CSL-JSON")] {
            let o = text_el("option", "", label);
            set_attr(&o, "value", v);
            let _ = format.append_child(&o);
        }
        let scope: HtmlSelectElement = el("select", "").unchecked_into();
        scope.set_id("scope");
        set_attr(&scope, "aria-label", "scope");
        for (v, k) in [("all", "scopeAll"), ("filtered", "scopeFiltered")] {
            let o = text_el("option", "", &tr(k));
            set_attr(&o, "value", v);
            let _ = scope.append_child(&o);
        }
        let download = text_el("button", "download", &tr("download"));
        set_attr(&download, "type", "button");
        set_attr(&download, "id", "download");
        let copy = text_el("button", "copy", &tr("copy"));
        set_attr(&copy, "type", "button");
        set_attr(&copy, "id", "copy");
        for e in [format.unchecked_ref::<Element>(), scope.unchecked_ref(), &download, &copy] {
            let _ = exportbar.append_child(e);
        }

        let status = el("p", "status");
        set_attr(&status, "role", "status");
        set_attr(&status, "aria-live", "polite");
        let warnings = el("details", "warnings");
        warnings.set_hidden_attr(true);
        let list = el("ol", "list");
        set_attr(&list, "id", "list");
        let empty = text_el("p", "empty", &tr("noMatch"));
        empty.set_hidden_attr(true);
        for e in [&header, &controls, &exportbar, &status, &warnings, &list, &empty] {
            let _ = root.append_child(e);
        }

        let app = Rc::new_cyclic(|me| {
            RefCell::new(App {
                me: me.clone(),
                host,
                c: Controls { title, meta, search, author, from, to, sort, chips, list, empty, status, warnings, format, scope },
                page: None,
                haystacks: Vec::new(),
                cards: Vec::new(),
                filter: Filter::default(),
                shown: Vec::new(),
                cursor: None,
                rendered: 0,
                chip_listeners: Vec::new(),
                card_listeners: Vec::new(),
            })
        });

        let mut listeners = Vec::new();
        let on_input = |target: &web_sys::EventTarget, ev: &'static str, app: &Rc<RefCell<App>>| {
            let app = app.clone();
            EventListener::new(target, ev, move |_| {
                let mut a = app.borrow_mut();
                a.read_filter();
                a.refresh();
            })
        };
        {
            let a = app.borrow();
            listeners.push(on_input(&a.c.search, "input", &app));
            listeners.push(on_input(&a.c.author, "input", &app));
            listeners.push(on_input(&a.c.from, "change", &app));
            listeners.push(on_input(&a.c.to, "change", &app));
            listeners.push(on_input(&a.c.sort, "change", &app));
            let app2 = app.clone();
            listeners.push(EventListener::new(&a.c.format, "change", move |_| {
                let a = app2.borrow();
                let f = a.c.format.value();
                a.call("saveFormat", &[f.into()]);
            }));
        }
        // More cards as the reader nears the end of the list.
        let app2 = app.clone();
        if let Some(w) = web_sys::window() {
            listeners.push(EventListener::new(&w, "scroll", move |_| {
                let Some(w) = web_sys::window() else { return };
                let (Ok(y), Ok(h)) = (w.scroll_y(), w.inner_height()) else { return };
                let total = doc().document_element().map_or(0, |d| d.scroll_height()) as f64;
                if y + h.as_f64().unwrap_or(0.0) + MORE_MARGIN >= total {
                    if let Ok(mut a) = app2.try_borrow_mut() {
                        a.render_more();
                    }
                }
            }));
        }
        let app2 = app.clone();
        listeners.push(EventListener::new(&rescan, "click", move |_| {
            app2.borrow().call("rescan", &[]);
        }));
        let app2 = app.clone();
        listeners.push(EventListener::new(&clear, "click", move |_| clear_filters(&app2)));
        let app2 = app.clone();
        listeners.push(EventListener::new(&download, "click", move |_| {
            let a = app2.borrow();
            let Some(format) = Format::parse(&a.c.format.value()) else { return };
            let filtered = a.c.scope.value() == "filtered";
            if let (Some(text), Some(page)) = (a.export_text(format, filtered), a.page.as_ref()) {
                let name = export::file_name(page, format);
                a.call("download", &[name.into(), format.mime().into(), text.into()]);
            }
        }));
        let app2 = app.clone();
        listeners.push(EventListener::new(&copy, "click", move |_| {
            let a = app2.borrow();
            let Some(format) = Format::parse(&a.c.format.value()) else { return };
            if let Some(text) = a.export_text(format, a.c.scope.value() == "filtered") {
                a.call("copy", &[text.into()]);
                a.c.status.set_text_content(Some(&a.t("copied")));
            }
        }));
        let app2 = app.clone();
        // Not passive: `/` and j/k must not also type or scroll.
        listeners.push(EventListener::new_with_options(
            &doc(),
            "keydown",
            gloo::events::EventListenerOptions::enable_prevent_default(),
            move |e| on_key(&app2, e.unchecked_ref()),
        ));
        Sidebar { app, _listeners: listeners }
    }

    /// Extracts the page and shows it. Filters the user has set are kept across rescans.
    #[wasm_bindgen(js_name = showPage)]
    pub fn show_page(&self, html: &str, url: &str, scanned_at: &str) -> Result<usize, JsValue> {
        let page = match crate::extract(html, url) {
            Ok(p) => p,
            Err(e) => {
                self.show_message(&e.to_string());
                return Err(JsValue::from_str(&e.to_string()));
            }
        };
        let n = page.articles.len();
        let tr = |k: &str| self.app.borrow().t(k);
        {
            let a = self.app.borrow();
            a.c.title.set_text_content(Some(page.page.title.as_deref().unwrap_or(&page.page.url)));
            let kind = tr(&format!("kind_{}", page.page.kind.as_str()));
            a.c.meta.set_text_content(Some(&format!("{kind} · {n} {} · {} {scanned_at}", tr("articles"), tr("scanned"))));
            a.c.list.set_text_content(None);
            a.c.warnings.set_text_content(None);
            a.c.warnings.set_hidden_attr(page.warnings.is_empty());
            if !page.warnings.is_empty() {
                let _ = a.c.warnings.append_child(&text_el("summary", "", &format!("{} ({})", tr("warnings"), page.warnings.len())));
                let ul = el("ul", "");
                for w in &page.warnings {
                    let _ = ul.append_child(&text_el("li", "", w));
                }
                let _ = a.c.warnings.append_child(&ul);
            }
        }
        // Section chips with counts; selections that no longer exist are dropped.
        let counts = section_counts(&page.articles);
        let mut chip_listeners = Vec::new();
        // Strings first: `tr` borrows the app, which is borrowed mutably below.
        let all_label = tr("allSections");
        let no_section = tr("noSection");
        {
            let mut a = self.app.borrow_mut();
            a.c.chips.set_text_content(None);
            let all = text_el("button", "chip", &format!("{all_label} {n}"));
            set_attr(&all, "data-section", "*");
            set_attr(&all, "type", "button");
            let _ = a.c.chips.append_child(&all);
            let app2 = self.app.clone();
            chip_listeners.push(EventListener::new(&all, "click", move |_| {
                let mut a = app2.borrow_mut();
                a.filter.sections.clear();
                a.refresh();
            }));
            for (section, count) in &counts {
                let key = section.clone().unwrap_or_default();
                let label = section.clone().unwrap_or_else(|| no_section.clone());
                let chip = text_el("button", "chip", &format!("{label} {count}"));
                set_attr(&chip, "data-section", &key);
                set_attr(&chip, "type", "button");
                let _ = a.c.chips.append_child(&chip);
                let app2 = self.app.clone();
                chip_listeners.push(EventListener::new(&chip, "click", move |_| {
                    let mut a = app2.borrow_mut();
                    match a.filter.sections.iter().position(|s| *s == key) {
                        Some(p) => {
                            a.filter.sections.remove(p);
                        }
                        None => a.filter.sections.push(key.clone()),
                    }
                    a.refresh();
                }));
            }
            let known: Vec<String> = counts.iter().map(|(s, _)| s.clone().unwrap_or_default()).collect();
            a.filter.sections.retain(|s| known.contains(s));
            a.cards = vec![None; n];
            a.card_listeners = Vec::new();
            a.chip_listeners = chip_listeners;
            a.haystacks = page.articles.iter().map(searchable).collect();
            a.page = Some(page);
            a.shown = (0..n).collect();
            a.read_filter();
            a.refresh();
        }
        Ok(n)
    }

    /// Replaces the list by a message (not a Caixin page, no permission, an error).
    #[wasm_bindgen(js_name = showMessage)]
    pub fn show_message(&self, text: &str) {
        let mut a = self.app.borrow_mut();
        a.page = None;
        a.haystacks.clear();
        a.cards.clear();
        a.card_listeners.clear();
        a.chip_listeners.clear();
        a.shown.clear();
        a.rendered = 0;
        a.c.list.set_text_content(None);
        a.c.chips.set_text_content(None);
        a.c.meta.set_text_content(None);
        a.c.warnings.set_hidden_attr(true);
        a.c.empty.set_hidden_attr(true);
        a.c.status.set_text_content(Some(text));
    }

    /// The export the Download button would give (`format`: json, csv, md, ndjson, csl;
    /// `scope`: all or filtered).
    #[wasm_bindgen(js_name = exportText)]
    pub fn export_text(&self, format: &str, scope: &str) -> Option<String> {
        let f = Format::parse(format)?;
        self.app.borrow().export_text(f, scope == "filtered")
    }

    #[wasm_bindgen(js_name = setFormat)]
    pub fn set_format(&self, format: &str) {
        if Format::parse(format).is_some() {
            self.app.borrow().c.format.set_value(format);
        }
    }

    #[wasm_bindgen(js_name = shownCount)]
    pub fn shown_count(&self) -> usize {
        self.app.borrow().shown.len()
    }
}

/// The host's translation of a UI string (`_locales`), else the English default.
fn translate(host: &JsValue, key: &str) -> String {
    let f = js_sys::Reflect::get(host, &"t".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(v) = f.and_then(|f| f.call1(host, &key.into()).ok()).and_then(|v| v.as_string()).filter(|s| !s.is_empty()) {
        return v;
    }
    STRINGS.iter().find(|(k, _)| *k == key).map_or(key, |(_, v)| v).to_string()
}

trait HiddenAttr {
    fn set_hidden_attr(&self, hidden: bool);
}

impl HiddenAttr for Element {
    fn set_hidden_attr(&self, hidden: bool) {
        if hidden {
            set_attr(self, "hidden", "");
        } else {
            let _ = self.remove_attribute("hidden");
        }
    }
}

fn clear_filters(app: &Rc<RefCell<App>>) {
    let mut a = app.borrow_mut();
    for i in [&a.c.search, &a.c.author, &a.c.from, &a.c.to] {
        i.set_value("");
    }
    a.c.sort.set_value("page");
    a.filter = Filter::default();
    a.refresh();
}

/// `/` search, `j`/`k` move, `Enter` opens, `Esc` clears (leaves a field first).
fn on_key(app: &Rc<RefCell<App>>, e: &KeyboardEvent) {
    let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
    let in_field = target.as_ref().is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return;
    }
    match e.key().as_str() {
        "/" if !in_field => {
            e.prevent_default();
            let a = app.borrow();
            let _ = a.c.search.focus();
            a.c.search.select();
        }
        "Escape" => {
            if in_field {
                if let Some(t) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                    let _ = t.blur();
                }
            }
            clear_filters(app);
        }
        "j" | "ArrowDown" if !in_field => {
            e.prevent_default();
            let mut a = app.borrow_mut();
            let next = a.cursor.map_or(0, |c| (c + 1).min(a.shown.len().saturating_sub(1)));
            a.move_cursor(Some(next));
        }
        "k" | "ArrowUp" if !in_field => {
            e.prevent_default();
            let mut a = app.borrow_mut();
            let prev = a.cursor.map_or(0, |c| c.saturating_sub(1));
            a.move_cursor(Some(prev));
        }
        "Enter" if !in_field => {
            let a = app.borrow();
            if let Some(url) = a.cursor.and_then(|c| a.shown.get(c)).and_then(|&i| a.article(i)).and_then(|x| x.url.clone()) {
                if crate::extract::url::is_http(&url) {
                    e.prevent_default();
                    a.call("open", &[url.into()]);
                }
            }
        }
        _ => {}
    }
}
