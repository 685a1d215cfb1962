//! The DOM the sidebar is made of, built from data: the frame (header, filters, export bar, list)
//! once, then per scan the header text, notes and section chips, and a card per article when it is
//! first shown. Page text reaches the DOM only through `set_text_content` (never as HTML); only
//! http(s) URLs become links. No listeners here (`events.rs` wires them), no state (`state.rs`).
//!
//! Every control has an accessible name in the interface language (checked by axe-core in the
//! end-to-end tests): inputs and selects an `aria-label`, buttons their text.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

use super::i18n::Msg;
use crate::export::{self, Format};
use crate::model::{Article, Page, PageKind};

pub fn doc() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

pub fn el(tag: &str, class: &str) -> Element {
    let e = doc().create_element(tag).expect("create_element");
    if !class.is_empty() {
        e.set_class_name(class);
    }
    e
}

pub fn text_el(tag: &str, class: &str, text: &str) -> Element {
    let e = el(tag, class);
    e.set_text_content(Some(text));
    e
}

pub fn set_attr(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

fn append(parent: &Element, children: &[&Element]) {
    for c in children {
        let _ = parent.append_child(c);
    }
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

pub trait HiddenAttr {
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

/// The elements of the frame that change or listen.
pub struct Controls {
    pub title: Element,
    pub meta: Element,
    pub rescan: Element,
    pub search: HtmlInputElement,
    pub author: HtmlInputElement,
    pub from: HtmlInputElement,
    pub to: HtmlInputElement,
    pub sort: HtmlSelectElement,
    pub clear: Element,
    pub chips: Element,
    pub format: HtmlSelectElement,
    pub scope: HtmlSelectElement,
    pub download: Element,
    pub copy: Element,
    pub status: Element,
    pub warnings: Element,
    pub list: Element,
    pub empty: Element,
}

fn button(class: &str, label: &str) -> Element {
    let b = text_el("button", class, label);
    set_attr(&b, "type", "button");
    b
}

/// A button of the frame: its class is its id too.
fn frame_button(id: &str, label: &str) -> Element {
    let b = button(id, label);
    set_attr(&b, "id", id);
    b
}

fn input(id: &str, kind: &str, label: &str) -> HtmlInputElement {
    let i: HtmlInputElement = el("input", "").unchecked_into();
    i.set_type(kind);
    i.set_id(id);
    set_attr(&i, "placeholder", label);
    // The placeholder goes once something is typed; the name stays.
    set_attr(&i, "aria-label", label);
    set_attr(&i, "autocomplete", "off");
    i
}

fn select(id: &str, label: &str, options: &[(&str, String)]) -> HtmlSelectElement {
    let s: HtmlSelectElement = el("select", "").unchecked_into();
    s.set_id(id);
    set_attr(&s, "aria-label", label);
    for (value, text) in options {
        let o = text_el("option", "", text);
        set_attr(&o, "value", value);
        let _ = s.append_child(&o);
    }
    s
}

/// What the format menu shows for each export format.
fn format_label(f: Format) -> &'static str {
    match f {
        Format::Json => "JSON",
        Format::Csv => "CSV",
        Format::Markdown => "Markdown",
        Format::Ndjson => "NDJSON",
        Format::Csl => "CSL-JSON",
    }
}

/// Builds the frame inside `root` (emptied first) and sets the document's language to the
/// interface's.
pub fn frame(root: &Element, t: &dyn Fn(Msg) -> String) -> Controls {
    root.set_text_content(None);
    if let Some(html) = doc().document_element() {
        set_attr(&html, "lang", &t(Msg::Lang));
    }
    let header = el("header", "top");
    let title = text_el("h1", "page-title", "Caixin");
    let meta = el("p", "page-meta");
    let rescan = frame_button("rescan", &t(Msg::Rescan));
    append(&header, &[&title, &meta, &rescan]);

    let controls = el("div", "controls");
    let search = input("search", "search", &t(Msg::Search));
    let author = input("author", "text", &t(Msg::Author));
    let from = input("from", "date", &t(Msg::From));
    let to = input("to", "date", &t(Msg::To));
    let sorts = [("page", t(Msg::SortPage)), ("newest", t(Msg::SortNewest)), ("oldest", t(Msg::SortOldest))];
    let sort = select("sort", &t(Msg::SortLabel), &sorts);
    let row = el("div", "row");
    append(&row, &[&author, &sort]);
    let dates = el("div", "row");
    let clear = frame_button("clear", &t(Msg::Clear));
    append(&dates, &[&from, &to, &clear]);
    let chips = el("div", "chips");
    set_attr(&chips, "role", "group");
    set_attr(&chips, "aria-label", &t(Msg::Sections));
    append(&controls, &[&search, &row, &dates, &chips]);

    let exportbar = el("div", "exportbar");
    let formats: Vec<(&str, String)> = export::ALL.iter().map(|f| (f.name(), format_label(*f).to_string())).collect();
    let format = select("format", &t(Msg::ExportFormat), &formats);
    let scope = select("scope", &t(Msg::ExportScope), &[("all", t(Msg::ScopeAll)), ("filtered", t(Msg::ScopeFiltered))]);
    let download = frame_button("download", &t(Msg::Download));
    let copy = frame_button("copy", &t(Msg::Copy));
    append(&exportbar, &[&format, &scope, &download, &copy]);

    let status = el("p", "status");
    set_attr(&status, "role", "status");
    let warnings = el("details", "warnings");
    warnings.set_hidden_attr(true);
    let list = el("ol", "list");
    set_attr(&list, "id", "list");
    set_attr(&list, "aria-label", &t(Msg::ArticleList));
    let empty = text_el("p", "empty", &t(Msg::NoMatch));
    empty.set_hidden_attr(true);
    append(root, &[&header, &controls, &exportbar, &status, &warnings, &list, &empty]);

    Controls {
        title,
        meta,
        rescan,
        search,
        author,
        from,
        to,
        sort,
        clear,
        chips,
        format,
        scope,
        download,
        copy,
        status,
        warnings,
        list,
        empty,
    }
}

fn kind(k: PageKind) -> Msg {
    match k {
        PageKind::Listing => Msg::KindListing,
        PageKind::Article => Msg::KindArticle,
        PageKind::Unknown => Msg::KindUnknown,
    }
}

/// A page's `<html lang>` as a language tag for the list, when it is one: the cards then read in
/// the page's language while the controls read in the interface's.
fn language_tag(lang: &str) -> Option<String> {
    let tag = lang.trim().replace('_', "-");
    let mut parts = tag.split('-');
    let primary = parts.next()?;
    let ok = (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    ok.then_some(tag)
}

/// The header: title, kind, counts, time of the scan.
pub fn header(c: &Controls, page: &Page, scanned_at: &str, t: &dyn Fn(Msg) -> String) {
    let n = page.articles.len();
    c.title.set_text_content(Some(page.page.title.as_deref().unwrap_or(&page.page.url)));
    let kind = t(kind(page.page.kind));
    c.meta.set_text_content(Some(&format!("{kind} · {n} {} · {} {scanned_at}", t(Msg::Articles), t(Msg::Scanned))));
    match page.page.language.as_deref().and_then(language_tag) {
        Some(tag) => set_attr(&c.list, "lang", &tag),
        None => {
            let _ = c.list.remove_attribute("lang");
        }
    }
}

/// The notes of a scan (hidden when there are none).
pub fn warnings(c: &Controls, warnings: &[String], t: &dyn Fn(Msg) -> String) {
    c.warnings.set_text_content(None);
    c.warnings.set_hidden_attr(warnings.is_empty());
    if !warnings.is_empty() {
        let _ = c.warnings.append_child(&text_el("summary", "", &format!("{} ({})", t(Msg::Warnings), warnings.len())));
        let ul = el("ul", "");
        for w in warnings {
            let _ = ul.append_child(&text_el("li", "", w));
        }
        let _ = c.warnings.append_child(&ul);
    }
}

fn chip_label(section: Option<&str>, count: usize, t: &dyn Fn(Msg) -> String) -> String {
    format!("{} {count}", section.map_or_else(|| t(Msg::NoSection), str::to_owned))
}

/// The section chips, "all" first: each chip with the section it selects (`None`: all).
pub fn chips(c: &Controls, n: usize, counts: &[(Option<String>, usize)], t: &dyn Fn(Msg) -> String) -> Vec<(Element, Option<String>)> {
    c.chips.set_text_content(None);
    let mut out = Vec::new();
    let all = button("chip", &format!("{} {n}", t(Msg::AllSections)));
    set_attr(&all, "data-section", "*");
    out.push((all, None));
    for (section, count) in counts {
        let key = section.clone().unwrap_or_default();
        let chip = button("chip", &chip_label(section.as_deref(), *count, t));
        set_attr(&chip, "data-section", &key);
        out.push((chip, Some(key)));
    }
    for (chip, _) in &out {
        let _ = c.chips.append_child(chip);
    }
    out
}

/// New counts on chips built for the same sections, in place (a focused chip stays focused).
pub fn chip_counts(c: &Controls, n: usize, counts: &[(Option<String>, usize)], t: &dyn Fn(Msg) -> String) {
    let children = c.chips.children();
    if let Some(all) = children.item(0) {
        all.set_text_content(Some(&format!("{} {n}", t(Msg::AllSections))));
    }
    for (k, (section, count)) in counts.iter().enumerate() {
        if let Some(chip) = children.item(k as u32 + 1) {
            chip.set_text_content(Some(&chip_label(section.as_deref(), *count, t)));
        }
    }
}

/// A card and the parts that listen: the expandable body and the link.
pub struct Card {
    pub root: HtmlElement,
    pub body: Option<Element>,
    pub open: Option<Element>,
}

/// The card of article `i`: title, section · authors · date, the lead, the body behind "Read",
/// and "Open".
pub fn card(i: usize, a: &Article, t: &dyn Fn(Msg) -> String) -> Card {
    let root: HtmlElement = el("li", "card").unchecked_into();
    set_attr(&root, "tabindex", "-1");
    set_attr(&root, "data-index", &i.to_string());
    let title = a.title.clone().unwrap_or_else(|| a.url.clone().unwrap_or_default());
    let _ = root.append_child(&text_el("h2", "card-title", &title));
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
        let _ = meta_el.append_child(&text_el("span", "badge", &t(Msg::Paywalled)));
    }
    let _ = root.append_child(&meta_el);
    if let Some(lead) = a.summary.as_ref().or(a.body.first()) {
        let _ = root.append_child(&text_el("p", "card-lead", lead));
    }
    let mut body = None;
    if a.body.len() > 1 || (a.summary.is_some() && !a.body.is_empty()) {
        let details = el("details", "card-body");
        let _ = details.append_child(&text_el("summary", "", &t(Msg::Read)));
        for p in &a.body {
            let _ = details.append_child(&text_el("p", "", p));
        }
        let _ = root.append_child(&details);
        body = Some(details);
    }
    let actions = el("div", "card-actions");
    let open = a.url.as_deref().map(|u| safe_link(u, &t(Msg::Open), "card-open"));
    if let Some(o) = &open {
        let _ = actions.append_child(o);
    }
    let _ = root.append_child(&actions);
    Card { root, body, open }
}
