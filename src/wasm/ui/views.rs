//! The DOM the sidebar is made of, built from data: the frame (header, filters, export bar, list)
//! once, then per scan the header text, notes and section chips, and a card per article when it is
//! first shown. Page text reaches the DOM only through `set_text_content` (never as HTML); only
//! http(s) URLs become links. No listeners here (`events.rs` wires them, on the frame's containers),
//! no state (`model.rs`; `panel.rs` decides what is drawn when).
//!
//! Every control has an accessible name in the interface language (checked by axe-core in the
//! end-to-end tests): inputs and selects an `aria-label`, buttons their text.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

use super::fetcher::Progress;
use super::i18n::{fill, Msg};
use super::model::{key_of, Flags, View};
use crate::export::{self, Format};
use crate::model::{Article, Page, PageKind};

thread_local! {
    /// The panel's document, looked up once: every element of the frame and of each card needs
    /// it, and each lookup is three calls into JavaScript (the global, its `Window` check,
    /// `document`) in a panel that has just opened (BENCHMARKS.md, "`panel-3`").
    static DOC: Document = web_sys::window().and_then(|w| w.document()).expect("a document");
}

pub fn doc() -> Document {
    DOC.with(Document::clone)
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
    /// The view switch: this page, the collection (its label holds the count).
    pub view_page: Element,
    pub view_collection: Element,
    /// "Show only": new since the last visit (its label holds the count), free to read.
    pub only_new: Element,
    pub free_only: Element,
    pub search: HtmlInputElement,
    pub author: HtmlInputElement,
    pub from: HtmlInputElement,
    pub to: HtmlInputElement,
    pub sort: HtmlSelectElement,
    pub clear: Element,
    pub chips: Element,
    pub format: HtmlSelectElement,
    pub scope: HtmlSelectElement,
    pub fetch: Element,
    pub add: Element,
    pub clear_collection: Element,
    /// "Remove all N articles?" with its two buttons.
    pub confirm: Element,
    pub confirm_text: Element,
    pub confirm_yes: Element,
    pub confirm_no: Element,
    /// The fetch run: progress bar, its text, Cancel, Retry failed.
    pub fetchbar: Element,
    pub progress: Element,
    pub progress_fill: HtmlElement,
    pub progress_text: Element,
    pub cancel: Element,
    pub retry: Element,
    pub download: Element,
    pub copy: Element,
    pub status: Element,
    /// What the panel does not store, or could not read (a private window, a newer version's
    /// storage, stored items it cannot read).
    pub store_note: Element,
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

/// A named group of controls.
fn group(class: &str, label: &str) -> Element {
    let g = el("div", class);
    set_attr(&g, "role", "group");
    set_attr(&g, "aria-label", label);
    g
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
    let views = group("views", &t(Msg::ViewLabel));
    let view_page = frame_button("view-page", &t(Msg::ViewPage));
    let view_collection = frame_button("view-collection", &t(Msg::ViewCollection));
    set_attr(&view_page, "aria-pressed", "true");
    set_attr(&view_collection, "aria-pressed", "false");
    append(&views, &[&view_page, &view_collection]);
    append(&header, &[&title, &meta, &rescan, &views]);

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
    let chips = group("chips", &t(Msg::Sections));
    let show = group("show", &t(Msg::ShowLabel));
    let only_new = frame_button("only-new", &t(Msg::OnlyNew));
    let free_only = frame_button("free-only", &t(Msg::FreeOnly));
    for b in [&only_new, &free_only] {
        b.set_class_name("chip");
        set_attr(b, "aria-pressed", "false");
    }
    only_new.set_hidden_attr(true);
    append(&show, &[&only_new, &free_only]);
    append(&controls, &[&search, &row, &dates, &chips, &show]);

    // What the buttons below act on: everything, or what the filters show.
    let actions = el("div", "actions");
    let scope = select("scope", &t(Msg::ExportScope), &[("all", t(Msg::ScopeAll)), ("filtered", t(Msg::ScopeFiltered))]);
    let fetch = frame_button("fetch", &t(Msg::FetchFull));
    let add = frame_button("add", &t(Msg::AddToCollection));
    let clear_collection = frame_button("clear-collection", &t(Msg::ClearCollection));
    clear_collection.set_hidden_attr(true);
    append(&actions, &[&scope, &fetch, &add, &clear_collection]);

    let confirm = el("div", "confirm");
    set_attr(&confirm, "role", "group");
    let confirm_text = el("p", "confirm-text");
    set_attr(&confirm_text, "id", "confirm-text");
    set_attr(&confirm, "aria-labelledby", "confirm-text");
    let confirm_yes = frame_button("confirm-yes", &t(Msg::ConfirmYes));
    let confirm_no = frame_button("confirm-no", &t(Msg::ConfirmNo));
    append(&confirm, &[&confirm_text, &confirm_yes, &confirm_no]);
    confirm.set_hidden_attr(true);

    let fetchbar = el("div", "fetchbar");
    fetchbar.set_hidden_attr(true);
    let progress = el("div", "progress");
    set_attr(&progress, "id", "fetch-progress");
    set_attr(&progress, "role", "progressbar");
    set_attr(&progress, "aria-label", &t(Msg::FetchProgressLabel));
    set_attr(&progress, "aria-valuemin", "0");
    let progress_fill: HtmlElement = el("div", "progress-fill").unchecked_into();
    let _ = progress.append_child(&progress_fill);
    let progress_text = el("p", "progress-text");
    set_attr(&progress_text, "aria-live", "polite");
    let cancel = frame_button("cancel", &t(Msg::Cancel));
    let retry = frame_button("retry", &t(Msg::RetryFailed));
    let fetch_buttons = el("div", "row");
    append(&fetch_buttons, &[&cancel, &retry]);
    append(&fetchbar, &[&progress, &progress_text, &fetch_buttons]);

    let exportbar = el("div", "exportbar");
    let formats: Vec<(&str, String)> = export::ALL.iter().map(|f| (f.name(), format_label(*f).to_string())).collect();
    let format = select("format", &t(Msg::ExportFormat), &formats);
    let download = frame_button("download", &t(Msg::Download));
    let copy = frame_button("copy", &t(Msg::Copy));
    append(&exportbar, &[&format, &download, &copy]);

    let status = el("p", "status");
    set_attr(&status, "role", "status");
    let store_note = el("p", "store-note");
    set_attr(&store_note, "role", "note");
    store_note.set_hidden_attr(true);
    let warnings = el("details", "warnings");
    warnings.set_hidden_attr(true);
    let list = el("ol", "list");
    set_attr(&list, "id", "list");
    set_attr(&list, "aria-label", &t(Msg::ArticleList));
    let empty = text_el("p", "empty", &t(Msg::NoMatch));
    empty.set_hidden_attr(true);
    append(root, &[&header, &controls, &actions, &confirm, &fetchbar, &exportbar, &status, &store_note, &warnings, &list, &empty]);

    Controls {
        title,
        meta,
        rescan,
        view_page,
        view_collection,
        only_new,
        free_only,
        search,
        author,
        from,
        to,
        sort,
        clear,
        chips,
        format,
        scope,
        fetch,
        add,
        clear_collection,
        confirm,
        confirm_text,
        confirm_yes,
        confirm_no,
        fetchbar,
        progress,
        progress_fill,
        progress_text,
        cancel,
        retry,
        download,
        copy,
        status,
        store_note,
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

/// The header of the collection view: its name and count.
pub fn collection_header(c: &Controls, n: usize, t: &dyn Fn(Msg) -> String) {
    c.title.set_text_content(Some(&t(Msg::ViewCollection)));
    c.meta.set_text_content(Some(&fill(&t(Msg::CollectionMeta), &[("n", &n.to_string())])));
    let _ = c.list.remove_attribute("lang");
}

/// A toggle button's state.
pub fn set_pressed(e: &Element, on: bool) {
    set_attr(e, "aria-pressed", if on { "true" } else { "false" });
}

/// The fetch bar: shown once a run started; the bar's value, its text, Cancel while running,
/// Retry failed when something failed and nothing runs.
pub fn progress(c: &Controls, p: &Progress) {
    c.fetchbar.set_hidden_attr(false);
    set_attr(&c.progress, "aria-valuemax", &p.total.max(1).to_string());
    set_attr(&c.progress, "aria-valuenow", &p.done.to_string());
    set_attr(&c.progress, "aria-valuetext", &p.text);
    // In tenths of a percent, with integers (float formatting would add its code to the wasm).
    let permille = (p.done.min(p.total) * 1000).checked_div(p.total).unwrap_or(1000);
    let _ = c.progress_fill.style().set_property("width", &format!("{}.{}%", permille / 10, permille % 10));
    c.progress_text.set_text_content(Some(&p.text));
    c.cancel.set_hidden_attr(!p.running);
    c.retry.set_hidden_attr(p.running || p.failed == 0);
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

/// The section chips, "all" first (`data-section="*"`), then each section (`data-section`: the
/// section it selects, empty for "no section"); one listener on their group takes their clicks.
pub fn chips(c: &Controls, n: usize, counts: &[(Option<String>, usize)], t: &dyn Fn(Msg) -> String) {
    c.chips.set_text_content(None);
    let all = button("chip", &format!("{} {n}", t(Msg::AllSections)));
    set_attr(&all, "data-section", "*");
    let _ = c.chips.append_child(&all);
    for (section, count) in counts {
        let chip = button("chip", &chip_label(section.as_deref(), *count, t));
        set_attr(&chip, "data-section", section.as_deref().unwrap_or_default());
        let _ = c.chips.append_child(&chip);
    }
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

/// A card and the parts that change: the expandable body, the collection button, and the badges
/// that follow the reader's data (new, fetched, failed). The list's one listener per event type
/// finds the card of a click by `data-index` and its part by class (`card-body`, `card-open`,
/// `card-translation`, `card-collect`).
pub struct Card {
    pub root: HtmlElement,
    pub body: Option<Element>,
    /// "Add to collection" / "Remove from collection" (this page), "Remove" (the collection);
    /// none for an article without an article URL (it cannot be collected).
    pub collect: Option<Element>,
    new: Element,
    full: Element,
    failed: Element,
}

/// The card of article `i`: title, section · authors · date and badges, the lead, the body
/// behind "Read", "Open" and the collection button.
pub fn card(i: usize, a: &Article, view: View, t: &dyn Fn(Msg) -> String) -> Card {
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
    let new = text_el("span", "badge badge-new", &t(Msg::BadgeNew));
    new.set_hidden_attr(true);
    let _ = meta_el.append_child(&new);
    if a.paywalled {
        let _ = meta_el.append_child(&text_el("span", "badge", &t(Msg::Paywalled)));
    }
    if a.truncated {
        let _ = meta_el.append_child(&text_el("span", "badge badge-note badge-partial", &t(Msg::BadgePartial)));
    }
    let full = text_el("span", "badge badge-note badge-full", &t(Msg::BadgeFull));
    let failed = el("span", "badge badge-note badge-failed");
    for b in [&full, &failed] {
        b.set_hidden_attr(true);
        let _ = meta_el.append_child(b);
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
    // The same article in another language, as the page links it: http(s) links only.
    for tr in a.translations.iter().filter(|tr| crate::extract::url::is_http(&tr.url)) {
        let label = match tr.lang.as_str() {
            "en" => t(Msg::EnglishVersion),
            "zh" => t(Msg::ChineseVersion),
            _ => continue,
        };
        let link = safe_link(&tr.url, &label, "card-translation");
        if let Some(title) = &tr.title {
            set_attr(&link, "title", title);
        }
        set_attr(&link, "hreflang", &tr.lang);
        let _ = actions.append_child(&link);
    }
    let collect = key_of(a).map(|_| {
        let label = match view {
            View::Page => t(Msg::AddToCollection),
            View::Collection => t(Msg::Remove),
        };
        let b = button("card-collect", &label);
        let _ = actions.append_child(&b);
        b
    });
    let _ = root.append_child(&actions);
    Card { root, body, collect, new, full, failed }
}

/// Shows a card's flags (in place: a focused button stays focused).
pub fn set_flags(card: &Card, view: View, f: &Flags, t: &dyn Fn(Msg) -> String) {
    card.new.set_hidden_attr(!f.new);
    card.full.set_hidden_attr(!f.full);
    card.failed.set_hidden_attr(f.failed.is_none());
    if let Some(why) = &f.failed {
        card.failed.set_text_content(Some(&fill(&t(Msg::BadgeFailed), &[("why", why)])));
    }
    if let (Some(b), View::Page) = (&card.collect, view) {
        let label = t(if f.collected { Msg::RemoveFromCollection } else { Msg::AddToCollection });
        if b.text_content().as_deref() != Some(label.as_str()) {
            b.set_text_content(Some(&label));
        }
    }
}
