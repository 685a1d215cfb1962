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
//!
//! The list shows one of two views: this page (the last scan, its entries completed with the
//! articles fetched this session) or the collection. Both go through `show`, so chips, filters,
//! search and exports are the same. Beside the page, the app keeps what the reader stores
//! (`library.rs`: the collection, the visit of this page) and the fetch run (`fetcher.rs`).
//!
//! The storage: at start, under the storage lock, its layout is brought to this version's
//! (`library::upgrade`, once, whichever panel starts first) and its keys read (the collection's
//! count); the items when the collection is needed. Every change of the storage, this panel's or
//! another's (`storage.onChanged`), is heard: another panel's additions show here, and the same
//! article written by both is merged. In a private window, or on a storage a newer version wrote,
//! the panel writes nothing (a note says so).

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::{Rc, Weak};

use gloo::events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use super::events;
use super::fetcher::Run;
use super::i18n::{english, fill, Msg};
use super::store::{self, Area};
use super::views::{self, CardMode, Controls, Flags, HiddenAttr};
use crate::export::{self, Format};
use crate::filter::{searchable, section_counts, Filter, Sort};
use crate::model::{Article, Page, PageInfo, PageKind, Role, Site, SCHEMA_ID};
use crate::wasm::library::{self, page_key, Collection, SeenPages, Visit, Writes};

/// The storage's state at start, read under the lock after the upgrade.
struct Started {
    keys: Vec<String>,
    schema: u32,
}

/// Cards put in the list at a time.
const PAGE: usize = 40;

/// The JS glue: what needs extension APIs. `t(key)`, `scrollTo(url, title, key)`, `open(url)`,
/// `download(name, mime, text)`, `copy(text)`, `saveFormat(f)`, `rescan()`,
/// `fetchPage(url, signal, withCookies)`, `readBody(response, maxBytes)`, `discard(response)`,
/// `storageGet(area, keys)`, `storageKeys(area)`, `storageSet(area, items)`,
/// `storageRemove(area, keys)`, `watchStorage(f)`, `withLock(f)`.
#[derive(Clone)]
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
/// grows above it), its parts and its listeners, which live as long as the card.
struct CardView {
    el: HtmlElement,
    index: Rc<Cell<usize>>,
    body: Option<Element>,
    parts: views::Card,
    flags: Flags,
    _listeners: Vec<EventListener>,
}

/// Which list is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The page of the tab.
    Page,
    /// The collection.
    Collection,
}

/// The article of a list entry completed from `own`, the article of its own page (fetched).
pub fn complete(entry: &Article, own: &Article) -> Option<Article> {
    let info = PageInfo { url: String::new(), site: Site::Other, kind: PageKind::Article, title: None, language: None };
    let page = Page { schema: SCHEMA_ID.to_string(), page: info, articles: vec![own.clone()], warnings: Vec::new() };
    crate::with_article_page(entry, &page)
}

/// The storage key of an article (`None`: it has no article URL): its `key`, set by the
/// extractor (and on reading a stored article that lacks it).
pub fn key_of(a: &Article) -> Option<String> {
    a.key.clone()
}

/// An action waiting for the collection's items.
type Waiting = Box<dyn FnOnce(&mut App)>;

/// What identifies an article from one scan to the next: its URL, else its title.
fn identity(a: &Article) -> Option<&str> {
    a.url.as_deref().or(a.title.as_deref())
}

pub struct App {
    /// Itself, for the listeners of cards built later.
    pub(super) me: Weak<RefCell<App>>,
    pub host: Host,
    pub c: Controls,
    /// Reads and writes the browser's storage (not the warm-up's sidebar).
    persistent: bool,
    /// The tab is in a private window: nothing is stored, nothing of the session's is read, and
    /// fetches go without cookies.
    pub(super) private: bool,
    /// The storage was upgraded and its keys read (the collection's count).
    started: bool,
    /// The storage holds a later version's layout: read, never written.
    newer: bool,
    /// A visit waiting for the start (the scan that began it came first).
    visit_pending: bool,
    /// Changes of the collection heard while its items were being read: applied once they are.
    heard: Vec<(String, Option<String>)>,
    /// The `storage.onChanged` listener, as long as the app lives.
    _watch: Option<store::Listener>,
    pub view: View,
    /// The last scan as extracted, and the time of the scan.
    scanned: Option<Page>,
    scanned_at: String,
    /// Shown instead of this page's list (not a Caixin page, an error).
    message: Option<String>,
    /// What the list shows: this page completed with the fetched articles, or the collection.
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
    /// "Show only": new since the last visit, free to read.
    only_new: bool,
    free_only: bool,
    /// The articles of the pages fetched this session, by article key.
    pub(super) fetched: HashMap<String, Article>,
    /// Keys already looked up in the session's cache.
    looked_up: HashSet<String>,
    /// The fetch run, once "Fetch full articles" was pressed.
    pub(super) run: Option<Run>,
    pub(super) runs: u32,
    /// The collection: its keys from the start, its items once needed.
    pub(super) collection: Collection,
    collection_loading: bool,
    waiting: Vec<Waiting>,
    /// The seen pages' index, once read.
    seen: Option<SeenPages>,
    /// This page's visit (what it listed before), once read; the page key being read.
    visit: Option<Visit>,
    visit_loading: Option<String>,
    /// This page's articles that are new since the last visit.
    new_keys: HashSet<String>,
}

impl App {
    /// The frame built in `root`, with nothing scanned yet. A `persistent` sidebar reads the
    /// collection's index now.
    pub fn new(root: &Element, host: Host, persistent: bool) -> Rc<RefCell<App>> {
        let c = views::frame(root, &|m| host.t(m));
        let app = Rc::new_cyclic(|me| {
            RefCell::new(App {
                me: me.clone(),
                host,
                c,
                persistent,
                private: false,
                started: !persistent,
                newer: false,
                visit_pending: false,
                heard: Vec::new(),
                _watch: None,
                view: View::Page,
                scanned: None,
                scanned_at: String::new(),
                message: None,
                page: None,
                haystacks: Vec::new(),
                cards: Vec::new(),
                counts: Vec::new(),
                filter: Filter::default(),
                shown: Vec::new(),
                cursor: None,
                rendered: 0,
                chip_listeners: Vec::new(),
                only_new: false,
                free_only: false,
                fetched: HashMap::new(),
                looked_up: HashSet::new(),
                run: None,
                runs: 0,
                collection: Collection::default(),
                collection_loading: false,
                waiting: Vec::new(),
                seen: None,
                visit: None,
                visit_loading: None,
                new_keys: HashSet::new(),
            })
        });
        if persistent {
            let host = app.borrow().host.clone();
            let me = Rc::downgrade(&app);
            let watch = store::watch(&host, move |area, key, value| {
                if area == "local" {
                    with_app(me.clone(), move |a| a.storage_changed(key, value));
                }
            });
            app.borrow_mut()._watch = watch;
            let me = Rc::downgrade(&app);
            wasm_bindgen_futures::spawn_local(async move {
                let started = start(host).await;
                let Some(app) = me.upgrade() else { return };
                app.borrow_mut().started(started);
            });
        }
        app
    }

    pub fn t(&self, msg: Msg) -> String {
        self.host.t(msg)
    }

    /// May this panel write the reader's data (not the warm-up's, not in a private window, not over
    /// a later version's storage)?
    pub(super) fn may_write(&self) -> bool {
        self.persistent && !self.private && !self.newer
    }

    /// The tab is in a private window, or not (before each scan).
    pub fn set_private(&mut self, private: bool) {
        if private != self.private {
            self.private = private;
            if private {
                // Nothing of this window's visits is read or kept.
                self.visit = None;
                self.visit_loading = None;
                self.new_keys.clear();
                self.only_new = false;
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
                self.newer = s.schema > library::SCHEMA;
                if !self.collection.loaded() {
                    self.collection = Collection::from_keys(s.keys.iter().map(String::as_str));
                }
            }
            Err(e) => self.say(&fill(&self.t(Msg::CannotSave), &[("why", &e)])),
        }
        if !self.waiting.is_empty() && !self.collection_loading {
            self.load_collection();
        }
        if std::mem::take(&mut self.visit_pending) {
            if let Some(page) = self.scanned.clone() {
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
        let (w, changed) = self.collection.changed(&key, value.as_deref());
        self.save(Area::Local, w);
        if changed {
            self.collection_changed();
        }
    }

    /// Shows the collection as it is now (its count, the cards' buttons, its view).
    fn collection_changed(&mut self) {
        self.refresh_flags();
        if self.view == View::Collection && self.collection.loaded() {
            self.redisplay();
        }
        self.draw_view_controls();
        self.draw_store_note();
    }

    /// The note of what this panel does not store or could not read.
    fn draw_store_note(&self) {
        let mut lines = Vec::new();
        if self.private {
            lines.push(self.t(Msg::PrivateNote));
        }
        if self.newer {
            lines.push(self.t(Msg::NewerNote));
        }
        if self.collection.unreadable() > 0 {
            lines.push(fill(&self.t(Msg::Unreadable), &[("n", &self.collection.unreadable().to_string())]));
        }
        self.c.store_note.set_text_content(Some(&lines.join(" ")));
        self.c.store_note.set_hidden_attr(lines.is_empty());
    }
    /// What the list shows (this page completed, or the collection).
    pub fn displayed(&self) -> Option<&Page> {
        self.page.as_ref()
    }

    pub fn article(&self, i: usize) -> Option<&Article> {
        self.page.as_ref().and_then(|p| p.articles.get(i))
    }

    /// The article under the keyboard selection.
    pub fn selected(&self) -> Option<&Article> {
        self.cursor.and_then(|c| self.shown.get(c)).and_then(|&i| self.article(i))
    }

    /// Asks the page to scroll to article `i` and outline it (not from the collection: its
    /// articles are not on the page).
    pub fn scroll_to(&self, i: usize) {
        if self.view != View::Page {
            return;
        }
        if let Some(a) = self.article(i) {
            let url = a.url.clone().map(JsValue::from).unwrap_or(JsValue::NULL);
            let title = a.title.clone().map(JsValue::from).unwrap_or(JsValue::NULL);
            // The article's identity as data: the glue finds the page's links to it by it.
            let key = a.key.clone().map(JsValue::from).unwrap_or(JsValue::NULL);
            self.host.call("scrollTo", &[url, title, key]);
        }
    }

    /// A new scan of the tab: kept as scanned, shown completed with the articles fetched this
    /// session (when this page's view is on); a new visit of a page when it is another page than
    /// the last scan's (README: "New since the last visit").
    pub fn show_scan(&mut self, page: Page, scanned_at: &str) {
        self.message = None;
        self.scanned_at = scanned_at.to_string();
        if self.persistent {
            self.visit_scan(&page);
            self.look_up_fetched(&page);
        }
        self.scanned = Some(page);
        self.update_new_keys();
        if self.view == View::Page {
            self.redisplay();
        }
        self.draw_view_controls();
    }

    /// This page's list as it is to be shown: the scan, each entry whose page was fetched
    /// completed from it.
    fn page_view(&self) -> Option<Page> {
        let mut p = self.scanned.clone()?;
        if !self.fetched.is_empty() {
            for a in &mut p.articles {
                if let Some(done) = key_of(a).and_then(|k| self.fetched.get(&k)).and_then(|own| complete(a, own)) {
                    *a = done;
                }
            }
        }
        Some(p)
    }

    /// Shows the current view again from its data (after a scan, a fetched article, a change of
    /// the collection, a switch of view).
    pub fn redisplay(&mut self) {
        match self.view {
            View::Page => match (self.page_view(), self.message.clone()) {
                (Some(p), _) => self.show(p),
                (None, Some(m)) => self.display_message(&m),
                (None, None) => {}
            },
            View::Collection => {
                if self.collection.loaded() {
                    let p = self.collection.page();
                    self.show(p);
                    // The search texts when the browser is idle (this page's are made so by the
                    // glue after a scan), not by the first keystroke.
                    if self.haystacks.len() != self.article_count() {
                        let me = self.me.clone();
                        gloo::timers::callback::Timeout::new(50, move || {
                            if let Some(app) = me.upgrade() {
                                if let Ok(mut a) = app.try_borrow_mut() {
                                    if a.view == View::Collection {
                                        a.prepare_search();
                                    }
                                }
                            }
                        })
                        .forget();
                    }
                    self.c.empty.set_text_content(Some(&self.t(if self.collection.is_empty() {
                        Msg::CollectionEmpty
                    } else {
                        Msg::NoMatch
                    })));
                    self.c.empty.set_hidden_attr(!self.shown.is_empty());
                }
            }
        }
        self.draw_view_controls();
    }

    /// Shows a page in the list. Filters the user has set are kept; section selections that no
    /// longer exist are dropped. What the list showed is changed only where it changed (module
    /// comment).
    fn show(&mut self, page: Page) {
        // Another page (another tab, the tab went elsewhere, the other view) starts from the top
        // of its list.
        if self.page.as_ref().is_some_and(|old| old.page.url != page.page.url) {
            self.forget_page();
        }
        let n = page.articles.len();
        let t = |m: Msg| self.host.t(m);
        match self.view {
            View::Page => views::header(&self.c, &page, &self.scanned_at, &t),
            View::Collection => views::collection_header(&self.c, n, &t),
        }
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
        self.refresh_flags();
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
    pub fn scanned_at(&mut self, scanned_at: &str) {
        self.scanned_at = scanned_at.to_string();
        if let (Some(page), View::Page) = (&self.page, self.view) {
            views::header(&self.c, page, scanned_at, &|m| self.host.t(m));
        }
    }

    /// This page's view is a message (not a Caixin page, no permission, an error): shown now
    /// unless the collection is.
    pub fn show_message(&mut self, text: &str) {
        self.message = Some(text.to_string());
        self.scanned = None;
        self.new_keys.clear();
        // Coming back to the page after this is a new visit.
        self.visit = None;
        self.visit_loading = None;
        if self.view == View::Page {
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
        self.filter.free_only = self.free_only;
        self.filter.only_keys = (self.only_new && self.view == View::Page).then(|| self.new_keys.clone());
    }

    /// Toggles "New" (since the last visit).
    pub fn toggle_new(&mut self) {
        self.only_new = !self.only_new;
        self.read_filter();
        self.refresh();
        self.draw_view_controls();
    }

    /// Toggles "Free only".
    pub fn toggle_free(&mut self) {
        self.free_only = !self.free_only;
        self.read_filter();
        self.refresh();
        self.draw_view_controls();
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
        self.only_new = false;
        self.free_only = false;
        self.refresh();
        self.draw_view_controls();
    }

    /// Applies the filter: the list shows the first page of matching cards in the chosen order;
    /// counts and selection follow.
    pub fn refresh(&mut self) {
        self.filter.only_keys = (self.only_new && self.view == View::Page).then(|| self.new_keys.clone());
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

    fn mode(&self) -> CardMode {
        match self.view {
            View::Page => CardMode::Page,
            View::Collection => CardMode::Collection,
        }
    }

    /// What the card of an article shows beside it.
    fn flags_of(&self, a: &Article) -> Flags {
        let Some(key) = key_of(a) else { return Flags::default() };
        let on_page = self.view == View::Page;
        Flags {
            new: on_page && self.new_keys.contains(&key),
            // A page that showed only part of the text says so instead ("part of the text").
            full: on_page && self.fetched.contains_key(&key) && a.role != Role::Main && !a.truncated,
            failed: self.run.as_ref().and_then(|r| r.failure_of(&key)).map(|f| self.why(f)),
            collected: self.collection.contains(&key),
        }
    }

    /// Shows every built card's flags as they are now.
    pub fn refresh_flags(&mut self) {
        let mode = self.mode();
        let Some(page) = &self.page else { return };
        let flags: Vec<(usize, Flags)> =
            self.cards.iter().enumerate().filter_map(|(i, c)| c.as_ref().map(|_| (i, self.flags_of(&page.articles[i])))).collect();
        for (i, f) in flags {
            let t = |m: Msg| self.host.t(m);
            if let Some(card) = self.cards[i].as_mut() {
                if card.flags != f {
                    views::set_flags(&card.parts, mode, &f, &t);
                    card.flags = f;
                }
            }
        }
    }

    /// The card of article `i`, built on first use.
    fn card_view(&mut self, i: usize) -> &CardView {
        if self.cards[i].is_none() {
            let app = self.me.upgrade().expect("the app is alive while its methods run");
            let art = &self.page.as_ref().expect("cards exist only with a page").articles[i];
            let mode = self.mode();
            let view = views::card(i, art, mode, &|m| self.host.t(m));
            if art.role == Role::Main {
                let _ = view.root.class_list().add_1("main");
            }
            let flags = self.flags_of(art);
            views::set_flags(&view, mode, &flags, &|m| self.host.t(m));
            let index = Rc::new(Cell::new(i));
            let listeners = events::card(&app, index.clone(), &view, mode);
            self.cards[i] =
                Some(CardView { el: view.root.clone(), index, body: view.body.clone(), parts: view, flags, _listeners: listeners });
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

    /// The export of the list (`filtered`: of what it shows).
    pub fn export_text(&self, format: Format, filtered: bool) -> Option<String> {
        let page = self.page.as_ref()?;
        if self.view == View::Collection && format == Format::Csl {
            return self.collection_csl(page, filtered);
        }
        // Only the filtered scope needs a page of its own; "all" exports the page as it is.
        if filtered { crate::render(&export::subset(page, &self.shown), format) } else { crate::render(page, format) }.ok()
    }

    /// The collection as CSL-JSON: each article with the publisher and language of the site it
    /// was collected from (a collection may hold both sites), numbered in the collection's order.
    fn collection_csl(&self, page: &Page, filtered: bool) -> Option<String> {
        let all: Vec<usize> = (0..page.articles.len()).collect();
        let idx = if filtered { &self.shown } else { &all };
        let mut items = Vec::with_capacity(idx.len());
        for (n, &i) in idx.iter().enumerate() {
            let a = &page.articles[i];
            let item = key_of(a).and_then(|k| self.collection.get(&k));
            let info = PageInfo {
                url: page.page.url.clone(),
                site: item.map_or(page.page.site, |it| it.site),
                kind: PageKind::Listing,
                title: None,
                language: item.and_then(|it| it.language.clone()),
            };
            let one = Page { schema: SCHEMA_ID.to_string(), page: info, articles: vec![a.clone()], warnings: Vec::new() };
            let text = crate::render(&one, Format::Csl).ok()?;
            let serde_json::Value::Array(mut v) = serde_json::from_str(&text).ok()? else { return None };
            for mut it in v.drain(..) {
                if it["id"].as_str().is_some_and(|id| id.starts_with("item-")) {
                    it["id"] = serde_json::Value::String(format!("item-{}", n + 1));
                }
                items.push(it);
            }
        }
        let mut s = serde_json::to_string_pretty(&serde_json::Value::Array(items)).ok()?;
        s.push('\n');
        Some(s)
    }

    /// The name of a download: after the page, or `caixin-collection-<newest day>.<ext>`.
    fn file_name(&self, page: &Page, format: Format) -> String {
        match self.view {
            View::Page => export::file_name(page, format),
            View::Collection => {
                let newest =
                    page.articles.iter().filter_map(|a| a.published.as_deref()).filter_map(|p| p.get(..10)).max().unwrap_or("undated");
                format!("caixin-collection-{newest}.{}", format.extension())
            }
        }
    }

    /// Hands the chosen export to the host as a download named after the page.
    pub fn download(&self) {
        let Some(format) = Format::parse(&self.c.format.value()) else { return };
        if let (Some(text), Some(page)) = (self.export_text(format, self.c.scope.value() == "filtered"), self.page.as_ref()) {
            let name = self.file_name(page, format);
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

/// The reader's data: views, the collection, visits, the session's fetched articles.
impl App {
    /// The header's view switch, the collection's count, "New N", the buttons of each view.
    pub fn draw_view_controls(&self) {
        let c = &self.c;
        views::set_pressed(&c.view_page, self.view == View::Page);
        views::set_pressed(&c.view_collection, self.view == View::Collection);
        let label = self.t(Msg::ViewCollection);
        let text = if self.persistent { format!("{label} {}", self.collection.len()) } else { label };
        if c.view_collection.text_content().as_deref() != Some(text.as_str()) {
            c.view_collection.set_text_content(Some(&text));
        }
        let has_baseline = self.visit.as_ref().is_some_and(|v| v.baseline.is_some()) && self.scanned.is_some();
        c.only_new.set_hidden_attr(self.view != View::Page || !has_baseline);
        c.only_new.set_text_content(Some(&format!("{} {}", self.t(Msg::OnlyNew), self.new_keys.len())));
        views::set_pressed(&c.only_new, self.only_new);
        views::set_pressed(&c.free_only, self.free_only);
        let on_page = self.view == View::Page;
        c.add.set_hidden_attr(!on_page);
        c.clear_collection.set_hidden_attr(on_page);
        if on_page {
            c.confirm.set_hidden_attr(true);
        }
    }

    /// Shows this page or the collection (whose items are read first when they are not yet).
    pub fn set_view(&mut self, view: View) {
        if view == self.view {
            return;
        }
        match view {
            View::Page => {
                self.view = View::Page;
                self.read_filter();
                self.redisplay();
            }
            View::Collection => self.with_collection(|a| {
                a.view = View::Collection;
                a.read_filter();
                a.redisplay();
            }),
        }
    }

    /// Runs `f` once the collection's items are read (now, when they are).
    pub fn with_collection(&mut self, f: impl FnOnce(&mut App) + 'static) {
        if self.collection.loaded() || !self.persistent {
            if !self.collection.loaded() {
                self.collection.load(&HashMap::new());
            }
            f(self);
            return;
        }
        self.waiting.push(Box::new(f));
        if self.started && !self.collection_loading {
            self.load_collection();
        }
    }

    /// Reads every stored item of the collection: the storage's keys now (whatever was added
    /// since the start, by any panel), then their items. Changes heard meanwhile are applied after.
    fn load_collection(&mut self) {
        self.collection_loading = true;
        let host = self.host.clone();
        let me = self.me.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let items = match store::keys(&host, Area::Local).await {
                Ok(keys) => {
                    let keys: Vec<String> = keys.into_iter().filter(|k| library::article_key_of(k).is_some()).collect();
                    store::get(&host, Area::Local, &keys).await
                }
                Err(e) => Err(e),
            };
            let Some(app) = me.upgrade() else { return };
            let mut a = app.borrow_mut();
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
            a.collection = collection;
            for (k, v) in std::mem::take(&mut a.heard) {
                let (w, _) = a.collection.changed(&k, v.as_deref());
                a.save(Area::Local, w);
            }
            for f in std::mem::take(&mut a.waiting) {
                f(&mut a);
            }
            a.refresh_flags();
            a.draw_view_controls();
            a.draw_store_note();
        });
    }

    /// Writes to the storage; a failure to keep the reader's data (`local`) is said in the status
    /// line. The session's cache of fetched articles may fail quietly (its quota): they stay in
    /// memory for this sidebar. Nothing is written from a private window or over a later
    /// version's storage.
    pub(super) fn save(&self, area: Area, w: Writes) {
        if w.is_empty() || !self.may_write() {
            return;
        }
        let host = self.host.clone();
        let me = self.me.clone();
        let collection = w.set.iter().map(|(k, _)| k).chain(&w.remove).any(|k| library::article_key_of(k).is_some());
        wasm_bindgen_futures::spawn_local(async move {
            if let (Err(e), Area::Local) = (store::apply(&host, area, w).await, area) {
                if let Some(app) = me.upgrade() {
                    let mut a = app.borrow_mut();
                    a.say(&fill(&a.t(Msg::CannotSave), &[("why", &e)]));
                    if collection {
                        a.resync_collection();
                    }
                }
            }
        });
    }

    /// A write of the collection failed (the storage is full): what this sidebar holds is read
    /// again from the storage, so it shows what is kept.
    fn resync_collection(&mut self) {
        if self.collection_loading || !self.started {
            return;
        }
        self.collection = Collection::default();
        self.with_collection(|a| {
            a.refresh_flags();
            a.draw_view_controls();
            if a.view == View::Collection {
                a.redisplay();
            }
        });
    }

    /// A line in the status line (announced).
    pub fn say(&self, text: &str) {
        self.c.status.set_text_content(Some(text));
    }

    /// The articles the action buttons act on: all of the list, or what it shows.
    fn in_scope(&self) -> Vec<usize> {
        let n = self.article_count();
        if self.c.scope.value() == "filtered" {
            self.shown.clone()
        } else {
            (0..n).collect()
        }
    }

    /// Says why this panel does not change the reader's data, when it does not; `true` then.
    fn refuses_writes(&self) -> bool {
        if self.may_write() || !self.persistent {
            return false;
        }
        self.say(&self.t(if self.private { Msg::PrivateNote } else { Msg::NewerNote }));
        true
    }

    /// "Add to collection" above the list: the articles in scope.
    pub fn add_in_scope(&mut self) {
        if self.refuses_writes() {
            return;
        }
        let idx = self.in_scope();
        let Some(picked) = self.picked(&idx) else { return };
        self.with_collection(move |a| a.add_to_collection(picked));
    }

    /// The articles of this page's list at `idx`, with the page's site and language, taken now:
    /// the collection may load before they are added, and a rescan meanwhile may reorder the list.
    fn picked(&self, idx: &[usize]) -> Option<Picked> {
        let page = self.page.as_ref()?;
        let articles = idx.iter().filter_map(|&i| page.articles.get(i).cloned()).collect();
        Some(Picked { articles, site: page.page.site, language: page.page.language.clone() })
    }

    /// Adds articles picked on this page's list to the collection, and says what it did.
    fn add_to_collection(&mut self, picked: Picked) {
        if self.view != View::Page {
            return;
        }
        if self.refuses_writes() {
            return;
        }
        let added = self.collection.add(&picked.articles, picked.site, picked.language.as_deref(), js_sys::Date::now() as u64);
        self.save(Area::Local, added.writes);
        let mut text = fill(&self.t(Msg::Added), &[("n", &added.new.to_string()), ("m", &added.merged.to_string())]);
        if added.refused > 0 {
            let tenths = self.collection.bytes() * 10 / (1 << 20);
            let mb = format!("{}.{}", tenths / 10, tenths % 10);
            let values = [("n", self.collection.len().to_string()), ("mb", mb), ("m", added.refused.to_string())];
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
        let Some(key) = self.article(i).and_then(key_of) else { return };
        let picked = if self.view == View::Page { self.picked(&[i]) } else { None };
        self.with_collection(move |a| {
            if let Some(picked) = picked.filter(|_| a.view == View::Page && !a.collection.contains(&key)) {
                a.add_to_collection(picked);
                return;
            }
            let w = a.collection.remove(&key);
            a.save(Area::Local, w);
            if a.view == View::Collection {
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
            let text = fill(&a.t(Msg::ConfirmClear), &[("n", &a.collection.len().to_string())]);
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
            let w = self.collection.clear();
            self.save(Area::Local, w);
            self.redisplay();
            self.draw_store_note();
            self.say(&self.t(Msg::Cleared));
        }
        if let Some(b) = self.c.clear_collection.dyn_ref::<HtmlElement>() {
            let _ = b.focus();
        }
    }

    /// The article keys this page lists.
    fn listed_keys(page: &Page) -> Vec<String> {
        page.articles.iter().filter_map(key_of).collect()
    }

    /// A scan's part in the visit of its page: the same page as the visit goes on (what it lists
    /// now is recorded); another page starts a visit (what it listed before is read first).
    fn visit_scan(&mut self, page: &Page) {
        if self.private {
            return;
        }
        if !self.started {
            self.visit_pending = true;
            return;
        }
        let pk = page_key(&page.page.url);
        if self.visit.as_ref().is_some_and(|v| v.page == pk) {
            let listed = Self::listed_keys(page);
            let w = self.visit.as_mut().expect("checked").record(listed.iter().map(String::as_str));
            self.save(Area::Local, w);
            return;
        }
        if self.visit_loading.as_deref() == Some(pk.as_str()) {
            return;
        }
        self.visit = None;
        self.only_new = false;
        self.visit_loading = Some(pk.clone());
        let host = self.host.clone();
        let me = self.me.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let keys = [library::SEEN_KEY.to_string(), library::seen_key(&pk)];
            let got = store::get(&host, Area::Local, &keys).await.unwrap_or_default();
            let Some(app) = me.upgrade() else { return };
            app.borrow_mut().visit_loaded(pk, got);
        });
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
        if let Some(page) = self.scanned.as_ref().filter(|p| page_key(&p.page.url) == pk) {
            let listed = Self::listed_keys(page);
            w.extend(visit.record(listed.iter().map(String::as_str)));
        }
        self.save(Area::Local, w);
        self.visit = Some(visit);
        self.update_new_keys();
        if self.view == View::Page {
            self.refresh();
            self.refresh_flags();
        }
        self.draw_view_controls();
    }

    /// The page's entries new since the last visit.
    fn update_new_keys(&mut self) {
        self.new_keys = match (&self.visit, &self.scanned) {
            (Some(v), Some(p)) if page_key(&p.page.url) == v.page => {
                let listed = Self::listed_keys(p);
                v.new_keys(listed.iter().map(String::as_str))
            }
            _ => HashSet::new(),
        };
        if self.new_keys.is_empty() && self.visit.as_ref().is_none_or(|v| v.baseline.is_none()) {
            self.only_new = false;
        }
    }

    /// Looks the page's entries up in the session's cache of fetched articles (a panel opened
    /// again, a rescan after a run of another panel): found ones are completed at once.
    fn look_up_fetched(&mut self, page: &Page) {
        if self.private {
            return;
        }
        let keys: Vec<String> = page
            .articles
            .iter()
            .filter(|a| a.role != Role::Main)
            .filter_map(key_of)
            .filter(|k| !self.fetched.contains_key(k) && !self.looked_up.contains(k))
            .collect();
        if keys.is_empty() {
            return;
        }
        self.looked_up.extend(keys.iter().cloned());
        let host = self.host.clone();
        let me = self.me.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let storage_keys: Vec<String> = keys.iter().map(|k| library::fetched_key(k)).collect();
            let got = store::get(&host, Area::Session, &storage_keys).await.unwrap_or_default();
            let found: Vec<(String, Article)> = keys
                .into_iter()
                .filter_map(|k| {
                    let a = got.get(&library::fetched_key(&k)).and_then(|j| library::read_article(j))?;
                    Some((k, a))
                })
                .collect();
            if found.is_empty() {
                return;
            }
            let Some(app) = me.upgrade() else { return };
            let mut a = app.borrow_mut();
            for (k, own) in found {
                a.take_fetched(k, own, false);
            }
            a.redisplay();
        });
    }

    /// A fetched article (from the network, or the session's cache): kept for this session,
    /// stored for the session when it came from the network, and merged into the collection when
    /// the article is in it (its items read first if need be).
    pub(super) fn take_fetched(&mut self, key: String, own: Article, from_network: bool) {
        if from_network && !self.private {
            if let Ok(json) = serde_json::to_string(&own) {
                self.save(Area::Session, Writes { set: vec![(library::fetched_key(&key), json)], remove: Vec::new() });
            }
        }
        if self.collection.contains(&key) && self.may_write() {
            let own2 = own.clone();
            let k2 = key.clone();
            self.with_collection(move |a| {
                if let Some(done) = a.collection.get(&k2).and_then(|it| complete(&it.article, &own2)) {
                    let w = a.collection.complete(&k2, &done);
                    a.save(Area::Local, w);
                }
            });
        }
        self.fetched.insert(key, own);
    }

    /// How many articles the collection holds.
    pub fn collection_count(&self) -> usize {
        self.collection.len()
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
    let Some(app) = me.upgrade() else { return };
    let busy = match app.try_borrow_mut() {
        Ok(mut a) => {
            f(&mut a);
            return;
        }
        Err(_) => true,
    };
    if busy {
        gloo::timers::callback::Timeout::new(0, move || with_app(me, f)).forget();
    }
}

/// The storage made ready for this version, under the storage lock: its layout upgraded when it
/// needs it (`library::upgrade`: two panels starting at once do it once), then its keys read.
async fn start(host: Host) -> Result<Started, String> {
    let out: Rc<RefCell<Option<Started>>> = Rc::default();
    let (h, o) = (host.clone(), out.clone());
    store::locked(&host, async move {
        let mut keys = store::keys(&h, Area::Local).await?;
        let small = store::get(&h, Area::Local, &[library::META_KEY.to_string(), library::SEEN_KEY.to_string()]).await?;
        let (meta, seen) = (small.get(library::META_KEY).map(String::as_str), small.get(library::SEEN_KEY).map(String::as_str));
        let mut schema = library::stored_schema(meta, keys.iter().map(String::as_str));
        if library::needs_upgrade(&keys, meta, seen) {
            let all = store::get_all(&h, Area::Local).await?;
            let up = library::upgrade(&all);
            store::apply(&h, Area::Local, up.writes).await?;
            keys = store::keys(&h, Area::Local).await?;
            schema = library::SCHEMA;
        }
        *o.borrow_mut() = Some(Started { keys, schema });
        Ok(())
    })
    .await?;
    let started = out.borrow_mut().take();
    started.ok_or_else(|| "storage not read".to_string())
}
