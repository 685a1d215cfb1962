//! What the sidebar knows and how it changes: the page of the last scan, the filter, which
//! articles are shown in which order, how many cards are in the list, the keyboard selection.
//!
//! Cards are built when first shown. A filter change puts the first `PAGE` matching cards in the
//! list and more follow as the reader scrolls, so a keystroke costs the same with 2,000 articles as
//! with 100. (Toggling `hidden` on 2,000 cards measured 3 s to the next frame in Chromium.)
//!
//! A new scan of the same tab changes only what changed: the card of an article that is the same
//! as before is kept (the same node, open or not, selected or not), the list's nodes stay where
//! they are when they stay in the list, so the scroll position stays too; the filters are kept.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use gloo::events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use super::events;
use super::i18n::{english, Msg};
use super::views::{self, Controls, HiddenAttr};
use crate::export::{self, Format};
use crate::filter::{searchable, section_counts, Filter, Sort};
use crate::model::{Article, Page, Role};

/// Cards put in the list at a time.
const PAGE: usize = 40;

/// The JS glue: what needs extension APIs. `t(key)`, `scrollTo(url, title)`, `open(url)`,
/// `download(name, mime, text)`, `copy(text)`, `saveFormat(f)`, `rescan()`.
pub struct Host(JsValue);

impl Host {
    pub fn new(host: JsValue) -> Host {
        Host(host)
    }

    /// The host's translation of `msg` (`_locales`), else the English text.
    pub fn t(&self, msg: Msg) -> String {
        let f = js_sys::Reflect::get(&self.0, &"t".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        f.and_then(|f| f.call1(&self.0, &msg.key().into()).ok())
            .and_then(|v| v.as_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| english(msg).to_string())
    }

    /// Calls `method` of the host, if it has one.
    pub fn call(&self, method: &str, args: &[JsValue]) -> Option<JsValue> {
        let f = js_sys::Reflect::get(&self.0, &method.into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
        let arr: js_sys::Array = args.iter().collect();
        f.apply(&self.0, &arr).ok()
    }
}

/// A built card: its node, the index of its article in the current page (it changes when the page
/// grows above it) and its listeners, which live as long as the card.
struct CardView {
    el: HtmlElement,
    index: Rc<Cell<usize>>,
    body: Option<Element>,
    _listeners: Vec<EventListener>,
}

/// What identifies an article from one scan to the next: its URL, else its title.
fn identity(a: &Article) -> Option<&str> {
    a.url.as_deref().or(a.title.as_deref())
}

pub struct App {
    /// Itself, for the listeners of cards built later.
    me: Weak<RefCell<App>>,
    pub host: Host,
    pub c: Controls,
    page: Option<Page>,
    /// Lower-cased search text per article: all of them or none yet. Computed after the list is
    /// shown (`prepare_search`, when the browser is idle) or by the first text search, not before
    /// the first render: on 2,000 articles it is the whole text of the page.
    haystacks: Vec<String>,
    /// One per article, built when first shown (a 2,000-article page builds 40 at first).
    cards: Vec<Option<CardView>>,
    /// The section chips' sections and counts as shown.
    counts: Vec<(Option<String>, usize)>,
    pub filter: Filter,
    /// Indices shown, in display order.
    pub shown: Vec<usize>,
    /// Position in `shown` of the keyboard selection.
    pub cursor: Option<usize>,
    /// How many of `shown` are in the list.
    rendered: usize,
    chip_listeners: Vec<EventListener>,
}

impl App {
    /// The frame built in `root`, with nothing scanned yet.
    pub fn new(root: &Element, host: Host) -> Rc<RefCell<App>> {
        let c = views::frame(root, &|m| host.t(m));
        Rc::new_cyclic(|me| {
            RefCell::new(App {
                me: me.clone(),
                host,
                c,
                page: None,
                haystacks: Vec::new(),
                cards: Vec::new(),
                counts: Vec::new(),
                filter: Filter::default(),
                shown: Vec::new(),
                cursor: None,
                rendered: 0,
                chip_listeners: Vec::new(),
            })
        })
    }

    pub fn t(&self, msg: Msg) -> String {
        self.host.t(msg)
    }

    pub fn article(&self, i: usize) -> Option<&Article> {
        self.page.as_ref().and_then(|p| p.articles.get(i))
    }

    /// The article under the keyboard selection.
    pub fn selected(&self) -> Option<&Article> {
        self.cursor.and_then(|c| self.shown.get(c)).and_then(|&i| self.article(i))
    }

    /// Asks the page to scroll to article `i` and outline it.
    pub fn scroll_to(&self, i: usize) {
        if let Some(a) = self.article(i) {
            let url = a.url.clone().map(JsValue::from).unwrap_or(JsValue::NULL);
            let title = a.title.clone().map(JsValue::from).unwrap_or(JsValue::NULL);
            self.host.call("scrollTo", &[url, title]);
        }
    }

    /// Shows a new scan. Filters the user has set are kept; section selections that no longer
    /// exist are dropped. What the previous scan of the page showed is changed only where it
    /// changed (module comment).
    pub fn show(&mut self, page: Page, scanned_at: &str) {
        // Another page (another tab, or the tab went elsewhere) starts from the top of its list.
        if self.page.as_ref().is_some_and(|old| old.page.url != page.page.url) {
            self.forget_page();
        }
        let n = page.articles.len();
        let t = |m: Msg| self.host.t(m);
        views::header(&self.c, &page, scanned_at, &t);
        if self.page.as_ref().is_none_or(|old| old.warnings != page.warnings) {
            views::warnings(&self.c, &page.warnings, &t);
        }
        let counts = section_counts(&page.articles);
        if counts != self.counts {
            let same_sections = counts.len() == self.counts.len() && counts.iter().zip(&self.counts).all(|(a, b)| a.0 == b.0);
            if same_sections && !self.chip_listeners.is_empty() {
                views::chip_counts(&self.c, n, &counts, &t);
            } else {
                let chips = views::chips(&self.c, n, &counts, &t);
                let app = self.me.upgrade().expect("the app is alive while its methods run");
                self.chip_listeners = events::chips(&app, &chips);
            }
            let known: Vec<String> = counts.iter().map(|(s, _)| s.clone().unwrap_or_default()).collect();
            self.filter.sections.retain(|s| known.contains(s));
            self.counts = counts;
        }

        // Cards and search texts of the articles that did not change move to their new index;
        // an open card whose article changed is built again, open.
        if let Some(card) = self.card_at(self.cursor) {
            let _ = card.class_list().remove_1("selected");
        }
        let old_page = self.page.take();
        let old_articles = old_page.as_ref().map_or(&[][..], |p| &p.articles[..]);
        let mut old_cards = std::mem::take(&mut self.cards);
        let mut old_hay = std::mem::take(&mut self.haystacks);
        let searchable_before = !old_articles.is_empty() && old_hay.len() == old_articles.len();
        let selected = self.cursor.and_then(|c| self.shown.get(c)).and_then(|&i| old_articles.get(i)).and_then(identity).map(str::to_owned);
        let mut before: HashMap<&str, usize> = HashMap::with_capacity(old_articles.len());
        for (i, a) in old_articles.iter().enumerate() {
            if let Some(k) = identity(a) {
                before.entry(k).or_insert(i);
            }
        }
        let mut cards = Vec::with_capacity(n);
        let mut reopen = Vec::new();
        let mut new_selected = None;
        if searchable_before {
            self.haystacks = Vec::with_capacity(n);
        }
        for (j, a) in page.articles.iter().enumerate() {
            let old = identity(a).and_then(|k| before.get(k).copied());
            if selected.is_some() && identity(a) == selected.as_deref() {
                new_selected = Some(j);
            }
            match old {
                Some(i) if old_articles[i] == *a => {
                    let card = old_cards.get_mut(i).and_then(Option::take);
                    if let Some(c) = &card {
                        c.index.set(j);
                        views::set_attr(&c.el, "data-index", &j.to_string());
                    }
                    cards.push(card);
                    if searchable_before {
                        // (Taken already when two articles of the new page share an identity.)
                        let hay = std::mem::take(&mut old_hay[i]);
                        self.haystacks.push(if hay.is_empty() { searchable(a) } else { hay });
                    }
                }
                _ => {
                    let was_open = old.and_then(|i| old_cards.get(i)?.as_ref()?.body.as_ref()?.get_attribute("open")).is_some();
                    if was_open {
                        reopen.push(j);
                    }
                    cards.push(None);
                    if searchable_before {
                        self.haystacks.push(searchable(a));
                    }
                }
            }
        }
        drop(before);
        drop(old_page);
        self.cards = cards;
        self.page = Some(page);
        for j in reopen {
            if let Some(body) = self.card_view(j).body.as_ref() {
                views::set_attr(body, "open", "");
            }
        }

        // The list: as many cards as it had (at least a page), nodes that stay kept in place.
        self.read_filter();
        self.prepare_search_if_needed();
        self.shown = self.filter.apply_with(&self.page.as_ref().expect("just set").articles, &self.haystacks);
        let want = self.rendered.max(PAGE).min(self.shown.len());
        self.reconcile(want);
        drop(old_cards);
        self.show_counts();
        self.cursor = new_selected.and_then(|j| self.shown.iter().position(|&i| i == j)).filter(|&c| c < self.rendered);
        if let Some(card) = self.card_at(self.cursor) {
            let _ = card.class_list().add_1("selected");
        }
    }

    /// Makes the list hold the cards of `shown[..want]`, in order, moving or adding only what is
    /// not already in place and removing the rest.
    fn reconcile(&mut self, want: usize) {
        let list = self.c.list.clone();
        let mut child = list.first_element_child();
        let frag = views::doc().create_document_fragment();
        for k in 0..want {
            let card = self.card(self.shown[k]);
            match &child {
                Some(c) if c.is_same_node(Some(&card)) => child = c.next_element_sibling(),
                Some(c) => {
                    let _ = list.insert_before(&card, Some(c));
                }
                None => {
                    let _ = frag.append_child(&card);
                }
            }
        }
        while let Some(c) = child {
            child = c.next_element_sibling();
            c.remove();
        }
        let _ = list.append_child(&frag);
        self.rendered = want;
    }

    /// Computes the search texts of the page's articles, if not yet done.
    pub fn prepare_search(&mut self) {
        if let Some(page) = &self.page {
            if self.haystacks.len() != page.articles.len() {
                self.haystacks = page.articles.iter().map(searchable).collect();
            }
        }
    }

    /// The search texts, when the filter is about to look through them.
    fn prepare_search_if_needed(&mut self) {
        if !self.filter.text.trim().is_empty() {
            self.prepare_search();
        }
    }

    /// The article count of the page shown (0 without a page).
    pub fn article_count(&self) -> usize {
        self.page.as_ref().map_or(0, |p| p.articles.len())
    }

    /// A rescan found the page unchanged: only the time of the scan in the header changes.
    pub fn scanned_at(&self, scanned_at: &str) {
        if let Some(page) = &self.page {
            views::header(&self.c, page, scanned_at, &|m| self.host.t(m));
        }
    }

    /// Replaces the list by a message (not a Caixin page, no permission, an error).
    pub fn show_message(&mut self, text: &str) {
        self.forget_page();
        self.c.chips.set_text_content(None);
        self.c.meta.set_text_content(None);
        self.c.warnings.set_hidden_attr(true);
        self.c.empty.set_hidden_attr(true);
        self.c.status.set_text_content(Some(text));
    }

    /// Drops the page, its cards and the list (not the filters).
    pub fn forget_page(&mut self) {
        self.page = None;
        self.haystacks.clear();
        self.cards.clear();
        self.counts.clear();
        self.chip_listeners.clear();
        self.shown.clear();
        self.cursor = None;
        self.rendered = 0;
        self.c.list.set_text_content(None);
    }

    /// The filter as the controls say.
    pub fn read_filter(&mut self) {
        self.filter.text = self.c.search.value();
        self.filter.author = self.c.author.value();
        let d = |i: &HtmlInputElement| Some(i.value()).filter(|v| !v.is_empty());
        self.filter.from = d(&self.c.from);
        self.filter.to = d(&self.c.to);
        self.filter.sort = Sort::parse(&self.c.sort.value());
    }

    /// Toggles a section chip (`None`: "all sections" clears the selection).
    pub fn toggle_section(&mut self, section: Option<&str>) {
        match section {
            None => self.filter.sections.clear(),
            Some(key) => match self.filter.sections.iter().position(|s| s == key) {
                Some(p) => {
                    self.filter.sections.remove(p);
                }
                None => self.filter.sections.push(key.to_string()),
            },
        }
        self.refresh();
    }

    /// Empties every filter control and shows everything in page order.
    pub fn clear_filters(&mut self) {
        for i in [&self.c.search, &self.c.author, &self.c.from, &self.c.to] {
            i.set_value("");
        }
        self.c.sort.set_value("page");
        self.filter = Filter::default();
        self.refresh();
    }

    /// Applies the filter: the list shows the first page of matching cards in the chosen order;
    /// counts and selection follow.
    pub fn refresh(&mut self) {
        self.prepare_search_if_needed();
        let Some(page) = &self.page else { return };
        self.shown = self.filter.apply_with(&page.articles, &self.haystacks);
        // The first page of cards; those already in the list in that order stay (typing one more
        // letter often keeps most of them), the rest are built or moved.
        self.reconcile(PAGE.min(self.shown.len()));
        self.show_counts();
        self.move_cursor(None);
    }

    /// The status line, the "no match" note and the chips' pressed states, after the filter.
    fn show_counts(&self) {
        let n = self.article_count();
        self.c.empty.set_hidden_attr(!self.shown.is_empty() || n == 0);
        self.c.status.set_text_content(Some(&format!("{} / {n} {}", self.shown.len(), self.t(Msg::Shown))));
        self.update_chips();
    }

    /// The card of article `i`, built on first use.
    fn card_view(&mut self, i: usize) -> &CardView {
        if self.cards[i].is_none() {
            let app = self.me.upgrade().expect("the app is alive while its methods run");
            let art = &self.page.as_ref().expect("cards exist only with a page").articles[i];
            let view = views::card(i, art, &|m| self.host.t(m));
            if art.role == Role::Main {
                let _ = view.root.class_list().add_1("main");
            }
            let index = Rc::new(Cell::new(i));
            let listeners = events::card(&app, index.clone(), &view);
            self.cards[i] = Some(CardView { el: view.root, index, body: view.body, _listeners: listeners });
        }
        self.cards[i].as_ref().expect("built above")
    }

    fn card(&mut self, i: usize) -> HtmlElement {
        self.card_view(i).el.clone()
    }

    /// Appends the next page of matching cards.
    pub fn render_more(&mut self) {
        let end = (self.rendered + PAGE).min(self.shown.len());
        if end == self.rendered {
            return;
        }
        let frag = views::doc().create_document_fragment();
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
                views::set_attr(&chip, "aria-pressed", if on { "true" } else { "false" });
            }
        }
    }

    fn card_at(&self, cursor: Option<usize>) -> Option<&HtmlElement> {
        cursor.and_then(|c| self.shown.get(c)).and_then(|&i| self.cards.get(i)).and_then(Option::as_ref).map(|c| &c.el)
    }

    /// Moves the keyboard selection to position `to` of the shown list (rendering up to it) and
    /// focuses its card.
    pub fn move_cursor(&mut self, to: Option<usize>) {
        if let Some(old) = self.card_at(self.cursor) {
            let _ = old.class_list().remove_1("selected");
        }
        self.cursor = to.filter(|&c| c < self.shown.len());
        while self.cursor.is_some_and(|c| c >= self.rendered) {
            self.render_more();
        }
        if let Some(card) = self.card_at(self.cursor) {
            let _ = card.class_list().add_1("selected");
            let _ = card.focus();
        }
    }

    /// The export of the page (`filtered`: of what the list shows).
    pub fn export_text(&self, format: Format, filtered: bool) -> Option<String> {
        let page = self.page.as_ref()?;
        // Only the filtered scope needs a page of its own; "all" exports the page as it is.
        if filtered { export::render(&export::subset(page, &self.shown), format) } else { export::render(page, format) }.ok()
    }

    /// Hands the chosen export to the host as a download named after the page.
    pub fn download(&self) {
        let Some(format) = Format::parse(&self.c.format.value()) else { return };
        if let (Some(text), Some(page)) = (self.export_text(format, self.c.scope.value() == "filtered"), self.page.as_ref()) {
            let name = export::file_name(page, format);
            self.host.call("download", &[name.into(), format.mime().into(), text.into()]);
        }
    }

    /// Hands the chosen export to the host's clipboard and says so.
    pub fn copy(&self) {
        let Some(format) = Format::parse(&self.c.format.value()) else { return };
        if let Some(text) = self.export_text(format, self.c.scope.value() == "filtered") {
            self.host.call("copy", &[text.into()]);
            self.c.status.set_text_content(Some(&self.t(Msg::Copied)));
        }
    }
}
