//! The panel: the model (`model.rs`) drawn in the DOM, and the host's answers taken into it. Each
//! change of the model is followed by the drawing of what it changed: the header, notes and chips,
//! the list (a keyed list: a card is built when first shown and kept, the same node, as long as
//! its article is the same), the cards' badges, the view switch, the fetch bar.
//!
//! A new scan of the same tab changes only what changed: the card of an article that is the same
//! as before is kept (open or not, selected or not), the list's nodes stay where they are when
//! they stay in the list, so the scroll position stays too; the filters are kept.
//!
//! The list shows one of two views: this page (the last scan, its entries completed with the
//! articles fetched this session) or the collection. Both go through `show`, so chips, filters,
//! search and exports are the same. Beside the page, the panel keeps what the reader stores
//! (`library.rs`: the collection, the visit of this page) and the fetch run (`fetcher.rs`).
//!
//! The storage: at start, under the storage lock, its layout is brought to this version's
//! (`library::upgrade`, once, whichever panel starts first) and its keys read (the collection's
//! count); the items when the collection is needed. Every change of the storage, this panel's or
//! another's (`storage.onChanged`), is heard: another panel's additions show here, and the same
//! article written by both is merged. In a private window, or on a storage a newer version wrote,
//! the panel writes nothing (a note says so).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::{Rc, Weak};

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use super::fetcher::{self, Deliver, Event, Run};
use super::host::{Area, Host};
use super::i18n::{fill, Msg};
use super::model::{complete, key_of, Chips, Flags, Model, Scope, Slot, View};
use super::views::{self, Controls, HiddenAttr};
use crate::export::Format;
use crate::model::{Article, Page, Role, Site};
use crate::wasm::library::{self, page_key, Collection, SeenPages, Visit, Writes};

/// The storage's state at start, read under the lock after the upgrade.
struct Started {
    keys: Vec<String>,
    schema: u32,
}

/// A built card: its node, its parts, and the flags it shows.
struct CardView {
    el: HtmlElement,
    parts: views::Card,
    flags: Flags,
}

/// An action waiting for the collection's items, or for a host's answer.
type Waiting = Box<dyn FnOnce(&mut App)>;

/// An action on the panel with a host's answer.
type Answered<T> = Box<dyn FnOnce(&mut App, T)>;

/// What a click on a card was on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardPart {
    /// The card itself: the page scrolls to its article.
    Card,
    /// Its collection button.
    Collect,
    /// "Read" or "Open": theirs alone.
    Inner,
}

pub struct App {
    /// Itself, for the host's answers.
    me: Weak<RefCell<App>>,
    pub host: Rc<dyn Host>,
    pub c: Controls,
    pub m: Model,
    /// The storage was upgraded and its keys read (the collection's count).
    started: bool,
    /// A visit waiting for the start (the scan that began it came first).
    visit_pending: bool,
    /// Changes of the collection heard while its items were being read: applied once they are.
    heard: Vec<(String, Option<String>)>,
    /// One per article of the list shown, built when first shown (a 2,000-article page builds 40
    /// at first).
    cards: Vec<Option<CardView>>,
    /// The fetch run, once "Fetch full articles" was pressed.
    run: Option<Run>,
    runs: u32,
    collection_loading: bool,
    waiting: Vec<Waiting>,
    /// The seen pages' index, once read.
    seen: Option<SeenPages>,
    /// The page key whose visit is being read.
    visit_loading: Option<String>,
    /// Keys already looked up in the session's cache.
    looked_up: HashSet<String>,
}

impl App {
    /// The frame built in `root`, with nothing scanned yet. A `persistent` panel reads the
    /// collection's index now and hears the storage's changes.
    pub fn new(root: &Element, host: Rc<dyn Host>, persistent: bool) -> Rc<RefCell<App>> {
        let c = views::frame(root, &|m| host.t(m));
        let app = Rc::new_cyclic(|me| {
            RefCell::new(App {
                me: me.clone(),
                host: host.clone(),
                c,
                m: Model::new(persistent),
                started: !persistent,
                visit_pending: false,
                heard: Vec::new(),
                cards: Vec::new(),
                run: None,
                runs: 0,
                collection_loading: false,
                waiting: Vec::new(),
                seen: None,
                visit_loading: None,
                looked_up: HashSet::new(),
            })
        });
        if persistent {
            let me = Rc::downgrade(&app);
            host.watch_storage(Box::new(move |area, key, value| {
                if area == Area::Local {
                    with_app(me.clone(), move |a| a.storage_changed(key, value));
                }
            }));
            let me = Rc::downgrade(&app);
            let h = host.clone();
            host.spawn(Box::pin(async move {
                let started = start(h).await;
                let Some(app) = me.upgrade() else { return };
                app.borrow_mut().started(started);
            }));
        }
        app
    }

    pub fn t(&self, msg: Msg) -> String {
        self.host.t(msg)
    }

    /// Runs a task of the host whose end acts on the panel, if it is still there.
    fn then<T: 'static>(&self, task: super::host::Task<T>, f: impl FnOnce(&mut App, T) + 'static) {
        self.then_dyn(task, Box::new(f));
    }

    /// `then` with its action boxed: one copy of the task's wrapper per type of answer, not per
    /// caller (wasm size).
    fn then_dyn<T: 'static>(&self, task: super::host::Task<T>, f: Answered<T>) {
        self.then_boxed(Box::pin(async move {
            let v = task.await;
            Box::new(move |a: &mut App| f(a, v)) as Waiting
        }));
    }

    /// `then`'s one copy of the part that reaches the panel (each `then` is a copy of its own:
    /// wasm size).
    fn then_boxed(&self, task: super::host::Task<Waiting>) {
        let me = self.me.clone();
        self.host.spawn(Box::pin(async move {
            let f = task.await;
            if let Some(app) = me.upgrade() {
                f(&mut app.borrow_mut());
            }
        }));
    }

    /// The tab is in a private window, or not (before each scan).
    pub fn set_private(&mut self, private: bool) {
        if self.m.set_private(private) {
            if private {
                self.visit_loading = None;
            }
            self.draw_store_note();
            self.draw_view_controls();
        }
    }

    /// The storage is ready: the collection's keys, the layout's version; what waited for it goes.
    fn started(&mut self, started: Result<Started, String>) {
        self.started = true;
        match started {
            Ok(s) => {
                self.m.newer = s.schema > library::SCHEMA;
                if !self.m.collection.loaded() {
                    self.m.collection = Collection::from_keys(s.keys.iter().map(String::as_str));
                }
            }
            Err(e) => self.say(&fill(&self.t(Msg::CannotSave), &[("why", &e)])),
        }
        if !self.waiting.is_empty() && !self.collection_loading {
            self.load_collection();
        }
        if std::mem::take(&mut self.visit_pending) {
            if let Some(page) = self.m.scanned.clone() {
                self.visit_scan(&page);
            }
        }
        self.refresh_flags();
        self.draw_view_controls();
        self.draw_store_note();
    }

    /// A change of the storage (`storage.onChanged`): the collection's items follow it; another
    /// panel's write of an article this one holds is merged.
    fn storage_changed(&mut self, key: String, value: Option<String>) {
        if library::article_key_of(&key).is_none() {
            return;
        }
        if self.collection_loading {
            self.heard.push((key, value));
            return;
        }
        let (w, changed) = self.m.collection.changed(&key, value.as_deref());
        self.save(Area::Local, w);
        if changed {
            self.collection_changed();
        }
    }

    /// Shows the collection as it is now (its count, the cards' buttons, its view).
    fn collection_changed(&mut self) {
        self.refresh_flags();
        if self.m.view == View::Collection && self.m.collection.loaded() {
            self.redisplay();
        }
        self.draw_view_controls();
        self.draw_store_note();
    }

    /// The note of what this panel does not store or could not read.
    fn draw_store_note(&self) {
        let mut lines = Vec::new();
        if self.m.private {
            lines.push(self.t(Msg::PrivateNote));
        }
        if self.m.newer {
            lines.push(self.t(Msg::NewerNote));
        }
        if self.m.collection.unreadable() > 0 {
            lines.push(fill(&self.t(Msg::Unreadable), &[("n", &self.m.collection.unreadable().to_string())]));
        }
        self.c.store_note.set_text_content(Some(&lines.join(" ")));
        self.c.store_note.set_hidden_attr(lines.is_empty());
    }

    /// A click on card `i` (its index in the list shown), on `part` of it.
    pub fn card_clicked(&mut self, i: usize, part: CardPart) {
        match part {
            CardPart::Card => self.scroll_to(i),
            CardPart::Collect => self.card_collect(i),
            CardPart::Inner => {}
        }
    }

    /// Asks the page to scroll to article `i` and outline it (not from the collection: its
    /// articles are not on the page).
    pub fn scroll_to(&self, i: usize) {
        if let Some(a) = self.m.scroll_target(i) {
            self.host.scroll_to(a.url.as_deref(), a.title.as_deref(), a.key.as_deref());
        }
    }

    /// `Enter`: opens the selected article; `false` when there is none to open.
    pub fn open_selected(&self) -> bool {
        let Some(url) = self.m.open_target() else { return false };
        self.host.open(url);
        true
    }

    /// A new scan of the tab: kept as scanned, shown completed with the articles fetched this
    /// session (when this page's view is on); a new visit of a page when it is another page than
    /// the last scan's (README: "New since the last visit").
    pub fn show_scan(&mut self, page: Page, scanned_at: &str) {
        self.m.message = None;
        self.m.scanned_at = scanned_at.to_string();
        if self.m.persistent {
            self.visit_scan(&page);
            self.look_up_fetched(&page);
        }
        self.m.scanned = Some(page);
        self.m.update_new_keys();
        if self.m.view == View::Page {
            self.redisplay();
        }
        self.draw_view_controls();
    }

    /// Shows the current view again from its data (after a scan, a fetched article, a change of
    /// the collection, a switch of view).
    pub fn redisplay(&mut self) {
        match (self.m.view_page(), self.m.view) {
            (Some(p), View::Page) => self.show(p),
            (None, View::Page) => {
                if let Some(m) = self.m.message.clone() {
                    self.display_message(&m);
                }
            }
            (Some(p), View::Collection) => {
                self.show(p);
                // The search texts when the browser is idle (this page's are made so by the glue
                // after a scan), not by the first keystroke.
                if !self.m.searchable() {
                    let me = self.me.clone();
                    gloo::timers::callback::Timeout::new(50, move || {
                        if let Some(app) = me.upgrade() {
                            if let Ok(mut a) = app.try_borrow_mut() {
                                if a.m.view == View::Collection {
                                    a.m.prepare_search();
                                }
                            }
                        }
                    })
                    .forget();
                }
                let empty = if self.m.collection.is_empty() { Msg::CollectionEmpty } else { Msg::NoMatch };
                self.c.empty.set_text_content(Some(&self.t(empty)));
                self.c.empty.set_hidden_attr(!self.m.shown.is_empty());
            }
            (None, View::Collection) => {}
        }
        self.draw_view_controls();
    }

    /// Shows a list: the model decides what stays (`Model::show`), the DOM follows.
    fn show(&mut self, page: Page) {
        if let Some(card) = self.card_at(self.m.cursor) {
            let _ = card.class_list().remove_1("selected");
        }
        let s = self.m.show(page);
        if s.another {
            self.cards.clear();
            self.c.list.set_text_content(None);
        }
        let t = |m: Msg| self.host.t(m);
        let n = self.m.article_count();
        let page = self.m.page.as_ref().expect("just shown");
        match self.m.view {
            View::Page => views::header(&self.c, page, &self.m.scanned_at, &t),
            View::Collection => views::collection_header(&self.c, n, &t),
        }
        if s.warnings_changed {
            views::warnings(&self.c, &page.warnings, &t);
        }
        match s.chips {
            Chips::Same => {}
            Chips::Recount => views::chip_counts(&self.c, n, &self.m.counts, &t),
            Chips::Rebuild => views::chips(&self.c, n, &self.m.counts, &t),
        }
        // Cards of the articles that did not change move to their new index; an open card whose
        // article changed is built again, open.
        let mut old = std::mem::take(&mut self.cards);
        let mut reopen = Vec::new();
        let mut cards = Vec::with_capacity(s.slots.len());
        for (j, slot) in s.slots.iter().enumerate() {
            match *slot {
                Slot::Keep(i) => {
                    let card = old.get_mut(i).and_then(Option::take);
                    if let Some(c) = &card {
                        views::set_attr(&c.el, "data-index", &j.to_string());
                    }
                    cards.push(card);
                }
                Slot::Build { was } => {
                    let was_open = was.and_then(|i| old.get(i)?.as_ref()?.parts.body.as_ref()?.get_attribute("open")).is_some();
                    if was_open {
                        reopen.push(j);
                    }
                    cards.push(None);
                }
            }
        }
        self.cards = cards;
        for j in reopen {
            if let Some(body) = self.card_view(j).parts.body.as_ref() {
                views::set_attr(body, "open", "");
            }
        }
        // The list: as many cards as it had (at least a page), nodes that stay kept in place.
        self.reconcile(self.m.rendered);
        drop(old);
        self.show_counts();
        if let Some(card) = self.card_at(self.m.cursor) {
            let _ = card.class_list().add_1("selected");
        }
        self.refresh_flags();
    }

    /// Makes the list hold the cards of `shown[..want]`, in order, moving or adding only what is
    /// not already in place and removing the rest.
    fn reconcile(&mut self, want: usize) {
        let list = self.c.list.clone();
        let mut child = list.first_element_child();
        let frag = views::doc().create_document_fragment();
        for k in 0..want {
            let card = self.card(self.m.shown[k]);
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
    }

    /// A rescan found the page unchanged: only the time of the scan in the header changes.
    pub fn scanned_at(&mut self, scanned_at: &str) {
        self.m.scanned_at = scanned_at.to_string();
        if let (Some(page), View::Page) = (&self.m.page, self.m.view) {
            views::header(&self.c, page, scanned_at, &|m| self.host.t(m));
        }
    }

    /// This page's view is a message (not a Caixin page, no permission, an error): shown now
    /// unless the collection is.
    pub fn show_message(&mut self, text: &str) {
        self.m.message = Some(text.to_string());
        self.m.scanned = None;
        self.m.new_keys.clear();
        // Coming back to the page after this is a new visit.
        self.m.visit = None;
        self.visit_loading = None;
        if self.m.view == View::Page {
            self.display_message(text);
        }
        self.draw_view_controls();
    }

    /// Replaces the list by a message.
    fn display_message(&mut self, text: &str) {
        self.forget_page();
        self.c.chips.set_text_content(None);
        self.c.meta.set_text_content(None);
        self.c.warnings.set_hidden_attr(true);
        self.c.empty.set_hidden_attr(true);
        self.c.status.set_text_content(Some(text));
    }

    /// Drops the page, its cards and the list (not the filters).
    pub fn forget_page(&mut self) {
        self.m.forget_page();
        self.cards.clear();
        self.c.list.set_text_content(None);
    }

    /// Changes the filter (`f` on the model), then shows the first page of matching cards;
    /// counts and selection follow (the selected card keeps its mark, not the focus: the reader
    /// may be typing).
    pub fn refilter(&mut self, f: impl FnOnce(&mut Model)) {
        self.unselect();
        f(&mut self.m);
        self.refiltered();
    }

    /// The cursor's card loses its mark (before a change of the list).
    fn unselect(&self) {
        if let Some(card) = self.card_at(self.m.cursor) {
            let _ = card.class_list().remove_1("selected");
        }
    }

    /// `refilter`'s one copy of what follows the change (wasm size: `refilter` is a copy per caller).
    fn refiltered(&mut self) {
        if self.m.page.is_none() {
            return;
        }
        // Cards already in the list in that order stay (typing one more letter often keeps most
        // of them), the rest are built or moved.
        self.reconcile(self.m.rendered);
        self.show_counts();
        if let Some(card) = self.card_at(self.m.cursor) {
            let _ = card.class_list().add_1("selected");
        }
    }

    /// Toggles "New" or "Free only".
    pub fn toggle_show_only(&mut self, new: bool) {
        self.refilter(|m| if new { m.toggle_new() } else { m.toggle_free() });
        self.draw_view_controls();
    }

    /// Empties every filter control and shows everything in page order.
    pub fn clear_filters(&mut self) {
        for i in [&self.c.search, &self.c.author, &self.c.from, &self.c.to] {
            i.set_value("");
        }
        self.c.sort.set_value("page");
        self.refilter(Model::clear_filters);
        self.draw_view_controls();
    }

    /// The status line, the "no match" note and the chips' pressed states, after the filter.
    fn show_counts(&self) {
        let n = self.m.article_count();
        self.c.empty.set_hidden_attr(!self.m.shown.is_empty() || n == 0);
        self.c.status.set_text_content(Some(&self.m.status(&|m| self.host.t(m))));
        let children = self.c.chips.children();
        for i in 0..children.length() {
            if let Some(chip) = children.item(i) {
                let key = chip.get_attribute("data-section").unwrap_or_default();
                let on = self.m.section_on(Some(key.as_str()).filter(|k| *k != "*"));
                views::set_pressed(&chip, on);
            }
        }
    }

    /// What the card of an article shows beside it.
    fn flags_of(&self, a: &Article) -> Flags {
        let failure = key_of(a).and_then(|k| self.run.as_ref()?.failure_of(&k).cloned());
        self.m.flags_of(a, failure.as_ref(), &|m| self.host.t(m))
    }

    /// Shows every built card's flags as they are now.
    pub fn refresh_flags(&mut self) {
        let view = self.m.view;
        let Some(page) = &self.m.page else { return };
        let flags: Vec<(usize, Flags)> =
            self.cards.iter().enumerate().filter_map(|(i, c)| c.as_ref().map(|_| (i, self.flags_of(&page.articles[i])))).collect();
        for (i, f) in flags {
            let t = |m: Msg| self.host.t(m);
            if let Some(card) = self.cards[i].as_mut() {
                if card.flags != f {
                    views::set_flags(&card.parts, view, &f, &t);
                    card.flags = f;
                }
            }
        }
    }

    /// The card of article `i`, built on first use.
    fn card_view(&mut self, i: usize) -> &CardView {
        if self.cards[i].is_none() {
            let art = &self.m.page.as_ref().expect("cards exist only with a page").articles[i];
            let view = self.m.view;
            let parts = views::card(i, art, view, &|m| self.host.t(m));
            if art.role == Role::Main {
                let _ = parts.root.class_list().add_1("main");
            }
            let flags = self.flags_of(art);
            views::set_flags(&parts, view, &flags, &|m| self.host.t(m));
            self.cards[i] = Some(CardView { el: parts.root.clone(), parts, flags });
        }
        self.cards[i].as_ref().expect("built above")
    }

    fn card(&mut self, i: usize) -> HtmlElement {
        self.card_view(i).el.clone()
    }

    /// Appends the next page of matching cards.
    pub fn render_more(&mut self) {
        let more = self.m.more();
        if more.is_empty() {
            return;
        }
        let frag = views::doc().create_document_fragment();
        for k in more {
            let i = self.m.shown[k];
            let _ = frag.append_child(&self.card(i));
        }
        let _ = self.c.list.append_child(&frag);
    }

    fn card_at(&self, cursor: Option<usize>) -> Option<&HtmlElement> {
        cursor.and_then(|c| self.m.shown.get(c)).and_then(|&i| self.cards.get(i)).and_then(Option::as_ref).map(|c| &c.el)
    }

    /// Moves the keyboard selection to position `to` of the shown list (rendering up to it) and
    /// focuses its card.
    pub fn move_cursor(&mut self, to: Option<usize>) {
        if let Some(old) = self.card_at(self.m.cursor) {
            let _ = old.class_list().remove_1("selected");
        }
        let before = self.c.list.child_element_count() as usize;
        self.m.move_cursor(to);
        if self.m.rendered > before {
            self.reconcile(self.m.rendered);
        }
        if let Some(card) = self.card_at(self.m.cursor) {
            let _ = card.class_list().add_1("selected");
            let _ = card.focus();
        }
    }

    /// The scope and format menus as they are when an action is pressed (a menu set by a script
    /// fires no event).
    fn take_menus(&mut self) {
        self.m.scope = Scope::parse(&self.c.scope.value());
        if let Some(f) = Format::parse(&self.c.format.value()) {
            self.m.format = f;
        }
    }

    /// Hands the chosen export to the host as a download named after the page.
    pub fn download(&mut self) {
        self.take_menus();
        let format = self.m.format;
        if let (Some(text), Some(name)) = (self.m.export_text(format, self.m.scope == Scope::Filtered), self.m.file_name(format)) {
            self.host.download(&name, format.mime(), &text);
        }
    }

    /// Hands the chosen export to the host's clipboard and says so.
    pub fn copy(&mut self) {
        self.take_menus();
        if let Some(text) = self.m.export_text(self.m.format, self.m.scope == Scope::Filtered) {
            self.host.copy(&text);
            self.say(&self.t(Msg::Copied));
        }
    }

    /// The format picked in the menu: remembered.
    pub fn format_picked(&mut self, value: &str) {
        if let Some(f) = Format::parse(value) {
            self.m.format = f;
            self.host.save_format(f);
        }
    }

    /// Selects an export format (the one the reader picked last time).
    pub fn set_format(&mut self, f: Format) {
        self.m.format = f;
        self.c.format.set_value(f.name());
    }
}

/// The reader's data: views, the collection, visits, the session's fetched articles.
impl App {
    /// The header's view switch, the collection's count, "New N", the buttons of each view.
    pub fn draw_view_controls(&self) {
        let (c, on_page) = (&self.c, self.m.view == View::Page);
        views::set_pressed(&c.view_page, on_page);
        views::set_pressed(&c.view_collection, !on_page);
        let label = self.t(Msg::ViewCollection);
        let text = if self.m.persistent { format!("{label} {}", self.m.collection.len()) } else { label };
        if c.view_collection.text_content().as_deref() != Some(text.as_str()) {
            c.view_collection.set_text_content(Some(&text));
        }
        c.only_new.set_hidden_attr(!on_page || !self.m.has_baseline());
        c.only_new.set_text_content(Some(&format!("{} {}", self.t(Msg::OnlyNew), self.m.new_keys.len())));
        views::set_pressed(&c.only_new, self.m.only_new);
        views::set_pressed(&c.free_only, self.m.filter.free_only);
        c.add.set_hidden_attr(!on_page);
        c.clear_collection.set_hidden_attr(on_page);
        if on_page {
            c.confirm.set_hidden_attr(true);
        }
    }

    /// Shows this page or the collection (whose items are read first when they are not yet).
    pub fn set_view(&mut self, view: View) {
        if view == self.m.view {
            return;
        }
        match view {
            View::Page => {
                self.m.view = View::Page;
                self.redisplay();
            }
            View::Collection => self.with_collection(|a| {
                a.m.view = View::Collection;
                a.redisplay();
            }),
        }
    }

    /// Runs `f` once the collection's items are read (now, when they are).
    pub fn with_collection(&mut self, f: impl FnOnce(&mut App) + 'static) {
        self.with_collection_boxed(Box::new(f));
    }

    /// `with_collection`'s one copy of its body (a generic body is a copy per caller: wasm size).
    fn with_collection_boxed(&mut self, f: Waiting) {
        if self.m.collection.loaded() || !self.m.persistent {
            if !self.m.collection.loaded() {
                self.m.collection.load(&HashMap::new());
            }
            f(self);
            return;
        }
        self.waiting.push(f);
        if self.started && !self.collection_loading {
            self.load_collection();
        }
    }

    /// Reads every stored item of the collection: the storage's keys now (whatever was added
    /// since the start, by any panel), then their items. Changes heard meanwhile are applied after.
    fn load_collection(&mut self) {
        self.collection_loading = true;
        let host = self.host.clone();
        let read: super::host::Task<Result<HashMap<String, String>, String>> = Box::pin(async move {
            let keys = host.storage_keys(Area::Local).await?;
            let keys: Vec<String> = keys.into_iter().filter(|k| library::article_key_of(k).is_some()).collect();
            host.storage_get(Area::Local, Some(keys)).await
        });
        self.then(read, |a, items| {
            a.collection_loading = false;
            let items = match items {
                Ok(items) => items,
                Err(e) => {
                    a.say(&fill(&a.t(Msg::CannotSave), &[("why", &e)]));
                    a.waiting.clear();
                    a.heard.clear();
                    return;
                }
            };
            let mut collection = Collection::default();
            collection.load(&items);
            a.m.collection = collection;
            for (k, v) in std::mem::take(&mut a.heard) {
                let (w, _) = a.m.collection.changed(&k, v.as_deref());
                a.save(Area::Local, w);
            }
            for f in std::mem::take(&mut a.waiting) {
                f(a);
            }
            a.refresh_flags();
            a.draw_view_controls();
            a.draw_store_note();
        });
    }

    /// Writes to the storage; a failure to keep the reader's data (`local`) is said in the status
    /// line. The session's cache of fetched articles may fail quietly (its quota): they stay in
    /// memory for this panel. Nothing is written from a private window or over a later version's
    /// storage.
    fn save(&self, area: Area, w: Writes) {
        if w.is_empty() || !self.m.may_write() {
            return;
        }
        let collection = w.set.iter().map(|(k, _)| k).chain(&w.remove).any(|k| library::article_key_of(k).is_some());
        self.then(self.host.storage_apply(area, w), move |a, done| {
            if let (Err(e), Area::Local) = (done, area) {
                a.say(&fill(&a.t(Msg::CannotSave), &[("why", &e)]));
                if collection {
                    a.resync_collection();
                }
            }
        });
    }

    /// A write of the collection failed (the storage is full): what this panel holds is read
    /// again from the storage, so it shows what is kept.
    fn resync_collection(&mut self) {
        if self.collection_loading || !self.started {
            return;
        }
        self.m.collection = Collection::default();
        self.with_collection(|a| {
            a.refresh_flags();
            a.draw_view_controls();
            if a.m.view == View::Collection {
                a.redisplay();
            }
        });
    }

    /// A line in the status line (announced).
    pub fn say(&self, text: &str) {
        self.c.status.set_text_content(Some(text));
    }

    /// Says why this panel does not change the reader's data, when it does not; `true` then.
    fn refuses_writes(&self) -> bool {
        let Some(why) = self.m.refusal() else { return false };
        self.say(&self.t(why));
        true
    }

    /// "Add to collection" above the list: the articles in scope.
    pub fn add_in_scope(&mut self) {
        self.take_menus();
        if self.refuses_writes() {
            return;
        }
        let idx = self.m.in_scope();
        let Some(picked) = self.picked(&idx) else { return };
        self.with_collection(move |a| a.add_to_collection(picked));
    }

    /// The articles of this page's list at `idx`, with the page's site and language, taken now:
    /// the collection may load before they are added, and a rescan meanwhile may reorder the list.
    fn picked(&self, idx: &[usize]) -> Option<Picked> {
        let page = self.m.page.as_ref()?;
        let articles = idx.iter().filter_map(|&i| page.articles.get(i).cloned()).collect();
        Some(Picked { articles, site: page.page.site, language: page.page.language.clone() })
    }

    /// Adds articles picked on this page's list to the collection, and says what it did.
    fn add_to_collection(&mut self, picked: Picked) {
        if self.m.view != View::Page || self.refuses_writes() {
            return;
        }
        let now = self.host.wall_clock() as u64;
        let added = self.m.collection.add(&picked.articles, picked.site, picked.language.as_deref(), now);
        self.save(Area::Local, added.writes);
        let mut text = fill(&self.t(Msg::Added), &[("n", &added.new.to_string()), ("m", &added.merged.to_string())]);
        if added.refused > 0 {
            let tenths = self.m.collection.bytes() * 10 / (1 << 20);
            let mb = format!("{}.{}", tenths / 10, tenths % 10);
            let values = [("n", self.m.collection.len().to_string()), ("mb", mb), ("m", added.refused.to_string())];
            text = fill(&self.t(Msg::CollectionFull), &values.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>());
        }
        self.refresh_flags();
        self.draw_view_controls();
        self.say(&text);
    }

    /// A card's collection button: on this page it adds the article, or removes it when it is in
    /// the collection; in the collection it removes it.
    pub fn card_collect(&mut self, i: usize) {
        if self.refuses_writes() {
            return;
        }
        let Some(key) = self.m.article(i).and_then(key_of) else { return };
        let picked = if self.m.view == View::Page { self.picked(&[i]) } else { None };
        self.with_collection(move |a| {
            if let Some(picked) = picked.filter(|_| a.m.view == View::Page && !a.m.collection.contains(&key)) {
                a.add_to_collection(picked);
                return;
            }
            let w = a.m.collection.remove(&key);
            a.save(Area::Local, w);
            if a.m.view == View::Collection {
                a.redisplay();
            } else {
                a.refresh_flags();
                a.draw_view_controls();
            }
            a.say(&a.t(Msg::Removed));
        });
    }

    /// "Clear collection…": asks first.
    pub fn ask_clear(&mut self) {
        if self.refuses_writes() {
            return;
        }
        self.with_collection(|a| {
            let text = fill(&a.t(Msg::ConfirmClear), &[("n", &a.m.collection.len().to_string())]);
            a.c.confirm_text.set_text_content(Some(&text));
            a.c.confirm.set_hidden_attr(false);
            if let Some(b) = a.c.confirm_no.dyn_ref::<HtmlElement>() {
                let _ = b.focus();
            }
        });
    }

    /// The answer to "Remove all N articles?".
    pub fn answer_clear(&mut self, yes: bool) {
        self.c.confirm.set_hidden_attr(true);
        if yes && !self.refuses_writes() {
            let w = self.m.collection.clear();
            self.save(Area::Local, w);
            self.redisplay();
            self.draw_store_note();
            self.say(&self.t(Msg::Cleared));
        }
        if let Some(b) = self.c.clear_collection.dyn_ref::<HtmlElement>() {
            let _ = b.focus();
        }
    }

    /// A scan's part in the visit of its page: the same page as the visit goes on (what it lists
    /// now is recorded); another page starts a visit (what it listed before is read first).
    fn visit_scan(&mut self, page: &Page) {
        if self.m.private {
            return;
        }
        if !self.started {
            self.visit_pending = true;
            return;
        }
        let pk = page_key(&page.page.url);
        if let Some(visit) = self.m.visit.as_mut().filter(|v| v.page == pk) {
            let listed = Model::listed_keys(page);
            let w = visit.record(listed.iter().map(String::as_str));
            self.save(Area::Local, w);
            return;
        }
        if self.visit_loading.as_deref() == Some(pk.as_str()) {
            return;
        }
        self.m.visit = None;
        self.m.only_new = false;
        self.visit_loading = Some(pk.clone());
        let keys = vec![library::SEEN_KEY.to_string(), library::seen_key(&pk)];
        self.then(self.host.storage_get(Area::Local, Some(keys)), move |a, got| a.visit_loaded(pk, got.unwrap_or_default()));
    }

    /// What a page listed at the visits before is read: the visit begins.
    fn visit_loaded(&mut self, pk: String, got: HashMap<String, String>) {
        if self.visit_loading.as_deref() != Some(pk.as_str()) {
            return;
        }
        self.visit_loading = None;
        let mut visit = Visit::new(&pk, got.get(&library::seen_key(&pk)).map(String::as_str));
        let seen = self.seen.get_or_insert_with(|| SeenPages::from_json(got.get(library::SEEN_KEY).map(String::as_str)));
        let mut w = seen.touch(&pk);
        if let Some(page) = self.m.scanned.as_ref().filter(|p| page_key(&p.page.url) == pk) {
            let listed = Model::listed_keys(page);
            w.extend(visit.record(listed.iter().map(String::as_str)));
        }
        self.save(Area::Local, w);
        self.m.visit = Some(visit);
        self.m.update_new_keys();
        if self.m.view == View::Page {
            self.refilter(Model::refilter);
            self.refresh_flags();
        }
        self.draw_view_controls();
    }

    /// Looks the page's entries up in the session's cache of fetched articles (a panel opened
    /// again, a rescan after a run of another panel): found ones are completed at once.
    fn look_up_fetched(&mut self, page: &Page) {
        if self.m.private {
            return;
        }
        let keys: Vec<String> = page
            .articles
            .iter()
            .filter(|a| a.role != Role::Main)
            .filter_map(key_of)
            .filter(|k| !self.m.fetched.contains_key(k) && !self.looked_up.contains(k))
            .collect();
        if keys.is_empty() {
            return;
        }
        self.looked_up.extend(keys.iter().cloned());
        let storage_keys: Vec<String> = keys.iter().map(|k| library::fetched_key(k)).collect();
        self.then(self.host.storage_get(Area::Session, Some(storage_keys)), move |a, got| {
            let got = got.unwrap_or_default();
            let found: Vec<(String, Article)> =
                keys.into_iter().filter_map(|k| Some((k.clone(), library::read_article(got.get(&library::fetched_key(&k))?)?))).collect();
            if found.is_empty() {
                return;
            }
            for (k, own) in found {
                a.take_fetched(k, own, false);
            }
            a.redisplay();
        });
    }

    /// A fetched article (from the network, or the session's cache): kept for this session,
    /// stored for the session when it came from the network, and merged into the collection when
    /// the article is in it (its items read first if need be).
    fn take_fetched(&mut self, key: String, own: Article, from_network: bool) {
        if from_network && !self.m.private {
            if let Ok(json) = serde_json::to_string(&own) {
                self.save(Area::Session, Writes { set: vec![(library::fetched_key(&key), json)], remove: Vec::new() });
            }
        }
        if self.m.collection.contains(&key) && self.m.may_write() {
            let (own2, k2) = (own.clone(), key.clone());
            self.with_collection(move |a| {
                if let Some(done) = a.m.collection.get(&k2).and_then(|it| complete(&it.article, &own2)) {
                    let w = a.m.collection.complete(&k2, &done);
                    a.save(Area::Local, w);
                }
            });
        }
        self.m.fetched.insert(key, own);
    }

    /// How many articles the collection holds.
    pub fn collection_count(&self) -> usize {
        self.m.collection.len()
    }
}

/// "Fetch full articles": the run's events come back here.
impl App {
    /// "Fetch full articles": the model's targets (`Model::fetch_targets`). The collection's
    /// items are read first, so fetched articles in it are completed there too.
    pub fn start_fetch(&mut self) {
        self.take_menus();
        if self.run.as_ref().is_some_and(Run::running) {
            return;
        }
        self.with_collection(|a| a.begin_run());
    }

    fn begin_run(&mut self) {
        if self.m.page.is_none() {
            return;
        }
        let targets = self.m.fetch_targets();
        if targets.is_empty() {
            // The run before stays: its hosts' timing holds for the next one.
            let text = self.t(Msg::FetchNothing);
            views::progress(&self.c, &fetcher::Progress { done: 0, total: 0, failed: 0, text, running: false });
            self.refresh_flags();
            return;
        }
        self.runs += 1;
        let run = Run::new(self.runs, targets, self.run.as_mut(), &*self.host);
        // The session's cache first: a page fetched before (by another panel, before a reload of
        // this one) is not fetched again.
        let (gen, keys) = (run.gen, run.cache_keys());
        self.run = Some(run);
        self.refresh_flags();
        self.draw_progress();
        self.then(self.host.storage_get(Area::Session, Some(keys)), move |a, got| {
            a.fetch_event(gen, Event::Cached(got.unwrap_or_default()))
        });
    }

    /// Where the run's events reach the panel.
    fn deliver(&self) -> Deliver {
        let me = self.me.clone();
        Rc::new(move |gen, e| with_app(me.clone(), move |a| a.fetch_event(gen, e)))
    }

    /// An event of run `gen` (dropped when it is not the last run).
    fn fetch_event(&mut self, gen: u32, e: Event) {
        let (host, deliver) = (self.host.clone(), self.deliver());
        let Some(run) = self.run.as_mut().filter(|r| r.gen == gen) else { return };
        match e {
            Event::Cached(got) => {
                let found = run.cached(&got);
                let any = !found.is_empty();
                for (k, own) in found {
                    self.take_fetched(k, own, false);
                }
                if any {
                    self.redisplay();
                }
            }
            Event::Answered(id, answer) => run.answered(id, answer, &host, &deliver),
            Event::Body(id, body) => {
                if let Some((key, own)) = run.read(id, body, &*host) {
                    self.take_fetched(key, own, true);
                    self.redisplay();
                    host.measure("caixin-fetched-shown", "caixin-complete-start");
                }
            }
            Event::Tick => {}
        }
        self.pump();
    }

    /// Does what the schedule says until it says to wait; then shows the progress.
    fn pump(&mut self) {
        let (host, deliver, cookies) = (self.host.clone(), self.deliver(), !self.m.private);
        if let Some(run) = self.run.as_mut() {
            // A private window's fetches carry none of the browser's cookies.
            run.pump(&host, cookies, &deliver);
        }
        self.draw_progress();
        self.refresh_flags();
    }

    /// "Cancel": the run ends now, requests in flight are aborted.
    pub fn cancel_fetch(&mut self) {
        if let Some(run) = self.run.as_mut() {
            run.cancel(&*self.host);
        }
        self.pump();
    }

    /// "Retry failed": the failed pages of the run go again.
    pub fn retry_failed(&mut self) {
        if let Some(run) = self.run.as_mut() {
            run.retry_failed();
        }
        self.pump();
    }

    /// The fetch bar as the run stands.
    fn draw_progress(&self) {
        if let Some(run) = &self.run {
            views::progress(&self.c, &run.progress(&|m| self.host.t(m), self.host.now()));
        }
    }

    /// The run as the tests see it: `{"state", "done", "total", "failed"}`.
    pub fn fetch_state(&self) -> String {
        fetcher::state_json(self.run.as_ref())
    }
}

/// Articles picked on a page's list for the collection, with the page's site and language.
struct Picked {
    articles: Vec<Article>,
    site: Site,
    language: Option<String>,
}

/// Runs `f` on the app when it is free (now, else right after what holds it): listeners of the
/// browser call in at any time.
fn with_app(me: Weak<RefCell<App>>, f: impl FnOnce(&mut App) + 'static) {
    with_app_boxed(me, Box::new(f));
}

/// `with_app`'s one copy of its body and of its timer (wasm size).
fn with_app_boxed(me: Weak<RefCell<App>>, f: Waiting) {
    let Some(app) = me.upgrade() else { return };
    let busy = match app.try_borrow_mut() {
        Ok(mut a) => {
            f(&mut a);
            return;
        }
        Err(_) => true,
    };
    if busy {
        gloo::timers::callback::Timeout::new(0, move || with_app_boxed(me, f)).forget();
    }
}

/// The storage made ready for this version, under the storage lock: its layout upgraded when it
/// needs it (`library::upgrade`: two panels starting at once do it once), then its keys read.
async fn start(host: Rc<dyn Host>) -> Result<Started, String> {
    let out: Rc<RefCell<Option<Started>>> = Rc::default();
    let (h, o) = (host.clone(), out.clone());
    host.locked(Box::pin(async move {
        let mut keys = h.storage_keys(Area::Local).await?;
        let small = h.storage_get(Area::Local, Some(vec![library::META_KEY.to_string(), library::SEEN_KEY.to_string()])).await?;
        let (meta, seen) = (small.get(library::META_KEY).map(String::as_str), small.get(library::SEEN_KEY).map(String::as_str));
        let mut schema = library::stored_schema(meta, keys.iter().map(String::as_str));
        if library::needs_upgrade(&keys, meta, seen) {
            let all = h.storage_get(Area::Local, None).await?;
            let up = library::upgrade(&all);
            h.storage_apply(Area::Local, up.writes).await?;
            keys = h.storage_keys(Area::Local).await?;
            schema = library::SCHEMA;
        }
        *o.borrow_mut() = Some(Started { keys, schema });
        Ok(())
    }))
    .await?;
    let started = out.borrow_mut().take();
    started.ok_or_else(|| "storage not read".to_string())
}
