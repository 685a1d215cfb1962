//! The panel's state and every decision it makes, without a browser: which list is shown (this
//! page or the collection), the filter (sections, text, author, dates, sort, *Free only*, *New*),
//! the scope and format of the actions, which articles are shown in which order and how many
//! cards are in the list, the keyboard selection, what is new since the last visit, what was
//! fetched, what each card says beside its article, what a new scan keeps, and the exports. The
//! view (`panel.rs`, `views.rs`) draws what is here; the listeners (`events.rs`) change it with the
//! values of their events, so the filter is never read back from the inputs. Pure, so it builds
//! and is tested natively (`cargo test --lib model`).
//!
//! An article's identity (its key in the storage, the new and fetched sets and the collection) is
//! read through [`key_of`] and nowhere else.

use std::collections::{HashMap, HashSet};

use super::i18n::{fill, Msg};
use crate::export::{self, csl, Format};
use crate::filter::{searchable, section_counts, Filter, Sort};
use crate::model::{Article, Page, Role, Site};
use crate::wasm::library::{Collection, Visit};
use crate::wasm::schedule::{Failure, Refusal};

/// Cards put in the list at a time: a filter change shows the first `PAGE` matching cards and more
/// follow as the reader scrolls, so a keystroke costs the same with 2,000 articles as with 100.
/// (Toggling `hidden` on 2,000 cards measured 3 s to the next frame in Chromium.)
pub const PAGE: usize = 40;

/// The article's key: what identifies it in the storage, the new and fetched sets and the
/// collection (`None`: it has no article URL, and cannot be collected or fetched). It is the
/// model's `key`, set by the extractor (and on reading a stored article that lacks it): never
/// computed here.
pub fn key_of(a: &Article) -> Option<String> {
    a.key.clone()
}

/// What identifies an article from one scan to the next, for its card: its URL, else its title.
fn identity(a: &Article) -> Option<&str> {
    a.url.as_deref().or(a.title.as_deref())
}

/// The article of a list entry completed from `own`, the article of its own page (fetched).
/// `None` when `own` is not a page's own article (a listing's entry).
pub fn complete(entry: &Article, own: &Article) -> Option<Article> {
    (own.role == Role::Main).then(|| crate::complete_entry(entry, own))
}

/// Which list is shown, and so what its cards offer (a click scrolls the page only on this page's
/// list; the collection button adds or removes on it, removes in the collection).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum View {
    /// The page of the tab.
    #[default]
    Page,
    /// The collection.
    Collection,
}

/// What the actions (fetch, add, export) act on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    All,
    /// What the filters let through.
    Filtered,
}

impl Scope {
    /// The scope menu's value (`filtered`; anything else is all).
    pub fn parse(s: &str) -> Scope {
        if s == "filtered" {
            Scope::Filtered
        } else {
            Scope::All
        }
    }
}

/// What a card shows beside its article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flags {
    /// Listed since the last visit of the page.
    pub new: bool,
    /// Completed from its own page ("Fetch full articles").
    pub full: bool,
    /// Why its page could not be fetched.
    pub failed: Option<String>,
    /// In the collection.
    pub collected: bool,
}

/// What becomes of a card when a new list is shown (`Model::show`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The card of old article `i`: the same article, unchanged (the same node is kept).
    Keep(usize),
    /// Built when first shown; `was`: the old article of the same identity (its card was open:
    /// the new one opens too).
    Build { was: Option<usize> },
}

/// The section chips after a new list: unchanged, the same sections with new counts (updated in
/// place: a focused chip stays focused), or other sections (built again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chips {
    Same,
    Recount,
    Rebuild,
}

/// What `Model::show` changed, for the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// Another page (another tab or address, the other view): the list starts from the top.
    pub another: bool,
    pub warnings_changed: bool,
    pub chips: Chips,
    /// One per article of the new list.
    pub slots: Vec<Slot>,
}

/// A page of the list whose article's page is fetched: its key and the address fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub key: String,
    pub url: String,
    /// The URL is the article's one-page version (a multi-page article's `余下全文`): its answer
    /// is final.
    pub whole: bool,
}

/// The one-page version of a multi-page article whose page showed part of its text: its
/// `full_story_url`, when it is the same article (`key`) on a site the sidebar reads.
pub fn one_page<'a>(a: &'a Article, key: &str) -> Option<&'a str> {
    let u = a.full_story_url.as_deref().filter(|_| a.truncated)?;
    (crate::is_supported_url(u) && crate::article_key(u).is_some_and(|k| k == key)).then_some(u)
}

/// Why a page was not fetched, for its card.
pub fn why(f: &Failure, t: &dyn Fn(Msg) -> String) -> String {
    match f {
        Failure::Status(s) | Failure::Busy(Some(s)) => fill(&t(Msg::WhyStatus), &[("status", &s.to_string())]),
        Failure::NoArticle => t(Msg::WhyNoArticle),
        Failure::TooLarge => t(Msg::WhyTooLarge),
        Failure::Refused(r) => t(match r {
            Refusal::NotHttps => Msg::WhyNotHttps,
            Refusal::UserInfo => Msg::WhyUserInfo,
            Refusal::Port => Msg::WhyPort,
            Refusal::OffSite => Msg::WhyOffSite,
            Refusal::Redirected => Msg::WhyRedirected,
            Refusal::BadAddress => Msg::WhyBadAddress,
        }),
        Failure::Busy(None) => t(Msg::WhyNetwork),
        Failure::TimedOut => t(Msg::WhyTimedOut),
        Failure::Stopped => t(Msg::WhyStopped),
    }
}

/// The panel's state.
pub struct Model {
    /// Reads and writes the reader's data (not the warm-up's panel).
    pub persistent: bool,
    /// The tab is in a private window: nothing is stored, nothing of the session's is read, and
    /// fetches go without cookies.
    pub private: bool,
    /// The storage holds a later version's layout: read, never written.
    pub newer: bool,
    pub view: View,
    /// The filter: sections, text, author, dates, sort and *Free only* (its one place).
    pub filter: Filter,
    /// "Show only" the entries new since the last visit (this page's list only).
    pub only_new: bool,
    pub scope: Scope,
    /// The export format picked.
    pub format: Format,
    /// The last scan as extracted, and the time of the scan.
    pub scanned: Option<Page>,
    pub scanned_at: String,
    /// Shown instead of this page's list (not a Caixin page, an error).
    pub message: Option<String>,
    /// What the list shows: this page completed with the fetched articles, or the collection.
    pub page: Option<Page>,
    /// Lower-cased search text per article: all of them or none yet. Made after the list is shown
    /// (`prepare_search`, when the browser is idle) or by the first text search, not before the
    /// first render: on 2,000 articles it is the whole text of the page.
    haystacks: Vec<String>,
    /// The section chips' sections and counts as shown.
    pub counts: Vec<(Option<String>, usize)>,
    /// Indices of `page`'s articles shown, in display order.
    pub shown: Vec<usize>,
    /// Position in `shown` of the keyboard selection.
    pub cursor: Option<usize>,
    /// How many of `shown` are in the list.
    pub rendered: usize,
    /// The articles of the pages fetched this session, by key.
    pub fetched: HashMap<String, Article>,
    /// The collection: its keys from the start, its items once needed.
    pub collection: Collection,
    /// This page's visit (what it listed before), once read.
    pub visit: Option<Visit>,
    /// This page's articles that are new since the last visit.
    pub new_keys: HashSet<String>,
}

impl Model {
    pub fn new(persistent: bool) -> Model {
        Model {
            persistent,
            private: false,
            newer: false,
            view: View::Page,
            filter: Filter::default(),
            only_new: false,
            scope: Scope::All,
            format: Format::Json,
            scanned: None,
            scanned_at: String::new(),
            message: None,
            page: None,
            haystacks: Vec::new(),
            counts: Vec::new(),
            shown: Vec::new(),
            cursor: None,
            rendered: 0,
            fetched: HashMap::new(),
            collection: Collection::default(),
            visit: None,
            new_keys: HashSet::new(),
        }
    }

    /// May this panel write the reader's data (not the warm-up's, not in a private window, not over
    /// a later version's storage)?
    pub fn may_write(&self) -> bool {
        self.persistent && !self.private && !self.newer
    }

    /// Why an action that changes the reader's data is refused, to be said (`None`: it may go, or
    /// this panel keeps nothing anyway).
    pub fn refusal(&self) -> Option<Msg> {
        if self.may_write() || !self.persistent {
            return None;
        }
        Some(if self.private { Msg::PrivateNote } else { Msg::NewerNote })
    }

    /// The tab is in a private window, or not; `true` when that changed. A private window's visits
    /// are neither read nor kept.
    pub fn set_private(&mut self, private: bool) -> bool {
        if private == self.private {
            return false;
        }
        self.private = private;
        if private {
            self.visit = None;
            self.new_keys.clear();
            self.only_new = false;
        }
        true
    }

    pub fn article(&self, i: usize) -> Option<&Article> {
        self.page.as_ref().and_then(|p| p.articles.get(i))
    }

    /// The article count of the list shown (0 without one).
    pub fn article_count(&self) -> usize {
        self.page.as_ref().map_or(0, |p| p.articles.len())
    }

    /// The index of the article under the keyboard selection.
    pub fn selected_index(&self) -> Option<usize> {
        self.cursor.and_then(|c| self.shown.get(c)).copied()
    }

    /// The article under the keyboard selection.
    pub fn selected(&self) -> Option<&Article> {
        self.selected_index().and_then(|i| self.article(i))
    }

    /// The address `Enter` opens: the selected article's, when it is http(s).
    pub fn open_target(&self) -> Option<&str> {
        self.selected()?.url.as_deref().filter(|u| crate::extract::url::is_http(u))
    }

    /// The article the page is asked to scroll to for card `i` (the host sends its URL, title and
    /// key), on this page's list only: the collection's articles are not on the page.
    pub fn scroll_target(&self, i: usize) -> Option<&Article> {
        self.article(i).filter(|_| self.view == View::Page)
    }

    /// This page's list as it is to be shown: the scan, each entry whose page was fetched
    /// completed from it.
    pub fn page_view(&self) -> Option<Page> {
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

    /// What the current view shows now, from its data (`None`: nothing to show yet; this page's
    /// view may show a message instead).
    pub fn view_page(&self) -> Option<Page> {
        match self.view {
            View::Page => self.page_view(),
            View::Collection => self.collection.loaded().then(|| self.collection.page()),
        }
    }

    /// Drops the list shown (not the filters).
    pub fn forget_page(&mut self) {
        self.page = None;
        self.haystacks.clear();
        self.counts.clear();
        self.shown.clear();
        self.cursor = None;
        self.rendered = 0;
    }

    /// Shows a list. Filters the reader set are kept; section selections that no longer exist are
    /// dropped. What is the same as before is kept (cards, search texts, the selection, how many
    /// cards are in the list); another page starts from the top of its list.
    pub fn show(&mut self, page: Page) -> Shown {
        let another = self.page.as_ref().is_some_and(|old| old.page.url != page.page.url);
        if another {
            self.forget_page();
        }
        let warnings_changed = self.page.as_ref().is_none_or(|old| old.warnings != page.warnings);
        let counts = section_counts(&page.articles);
        let chips = if counts == self.counts {
            Chips::Same
        } else {
            let same_sections = counts.len() == self.counts.len() && counts.iter().zip(&self.counts).all(|(a, b)| a.0 == b.0);
            let known: Vec<String> = counts.iter().map(|(s, _)| s.clone().unwrap_or_default()).collect();
            self.filter.sections.retain(|s| known.contains(s));
            self.counts = counts;
            if same_sections {
                Chips::Recount
            } else {
                Chips::Rebuild
            }
        };

        let old_page = self.page.take();
        let old = old_page.as_ref().map_or(&[][..], |p| &p.articles[..]);
        let mut old_hay = std::mem::take(&mut self.haystacks);
        let searchable_before = !old.is_empty() && old_hay.len() == old.len();
        let selected = self.selected_index().and_then(|i| old.get(i)).and_then(identity);
        let mut before: HashMap<&str, usize> = HashMap::with_capacity(old.len());
        for (i, a) in old.iter().enumerate() {
            if let Some(k) = identity(a) {
                before.entry(k).or_insert(i);
            }
        }
        let mut slots = Vec::with_capacity(page.articles.len());
        let mut new_selected = None;
        for (j, a) in page.articles.iter().enumerate() {
            let was = identity(a).and_then(|k| before.get(k).copied());
            if selected.is_some() && identity(a) == selected {
                new_selected = Some(j);
            }
            let kept = was.filter(|&i| old[i] == *a);
            slots.push(match kept {
                Some(i) => Slot::Keep(i),
                None => Slot::Build { was },
            });
            if searchable_before {
                // (Taken already when two articles of the new page share an identity.)
                let hay = kept.map(|i| std::mem::take(&mut old_hay[i])).unwrap_or_default();
                self.haystacks.push(if hay.is_empty() { searchable(a) } else { hay });
            }
        }
        self.page = Some(page);
        self.apply_filter();
        self.rendered = self.rendered.max(PAGE).min(self.shown.len());
        self.cursor = new_selected.and_then(|j| self.shown.iter().position(|&i| i == j)).filter(|&c| c < self.rendered);
        Shown { another, warnings_changed, chips, slots }
    }

    /// The filter as it applies to the view: *New* on this page's list only.
    fn effective_filter(&mut self) {
        self.filter.only_keys = (self.only_new && self.view == View::Page).then(|| self.new_keys.clone());
    }

    /// Computes `shown` from the filter (cursor and cards are the caller's).
    fn apply_filter(&mut self) {
        self.effective_filter();
        if !self.filter.text.trim().is_empty() {
            self.prepare_search();
        }
        self.shown = match &self.page {
            Some(page) => self.filter.apply_with(&page.articles, &self.haystacks),
            None => Vec::new(),
        };
    }

    /// Applies a changed filter: the list shows the first `PAGE` matching cards; the selection
    /// stays on its article when that is among them, else there is none.
    pub fn refilter(&mut self) {
        let selected = self.selected_index();
        self.apply_filter();
        self.rendered = PAGE.min(self.shown.len());
        self.cursor = selected.and_then(|i| self.shown.iter().position(|&j| j == i)).filter(|&c| c < self.rendered);
    }

    /// Computes the search texts of the list's articles, if not yet done.
    pub fn prepare_search(&mut self) {
        if let Some(page) = &self.page {
            if self.haystacks.len() != page.articles.len() {
                self.haystacks = page.articles.iter().map(searchable).collect();
            }
        }
    }

    /// Are the search texts made?
    pub fn searchable(&self) -> bool {
        self.haystacks.len() == self.article_count()
    }

    pub fn set_text(&mut self, text: &str) {
        self.filter.text = text.to_string();
        self.refilter();
    }

    pub fn set_author(&mut self, author: &str) {
        self.filter.author = author.to_string();
        self.refilter();
    }

    /// A date bound (`from`: the first day, else the last); empty: none.
    pub fn set_date(&mut self, from: bool, day: &str) {
        let d = Some(day.to_string()).filter(|v| !v.is_empty());
        if from {
            self.filter.from = d;
        } else {
            self.filter.to = d;
        }
        self.refilter();
    }

    pub fn set_sort(&mut self, sort: &str) {
        self.filter.sort = Sort::parse(sort);
        self.refilter();
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
        self.refilter();
    }

    /// Is a section chip on (`None`: "all", on when none is selected)?
    pub fn section_on(&self, section: Option<&str>) -> bool {
        match section {
            None => self.filter.sections.is_empty(),
            Some(key) => self.filter.sections.iter().any(|s| s == key),
        }
    }

    /// Toggles "New" (since the last visit).
    pub fn toggle_new(&mut self) {
        self.only_new = !self.only_new;
        self.refilter();
    }

    /// Toggles "Free only".
    pub fn toggle_free(&mut self) {
        self.filter.free_only = !self.filter.free_only;
        self.refilter();
    }

    /// Every filter back to none, page order.
    pub fn clear_filters(&mut self) {
        self.filter = Filter::default();
        self.only_new = false;
        self.refilter();
    }

    /// Moves the selection to position `to` of the shown list (clamped to it), putting cards in the
    /// list up to it: returns the old and the new selection.
    pub fn move_cursor(&mut self, to: Option<usize>) -> (Option<usize>, Option<usize>) {
        let old = self.cursor;
        self.cursor = to.filter(|&c| c < self.shown.len());
        if let Some(c) = self.cursor {
            while c >= self.rendered {
                self.rendered = (self.rendered + PAGE).min(self.shown.len());
            }
        }
        (old, self.cursor)
    }

    /// The next card down (`j`) or up (`k`), from the selection (the first card without one).
    pub fn step(&self, down: bool) -> usize {
        match (self.cursor, down) {
            (None, _) => 0,
            (Some(c), true) => (c + 1).min(self.shown.len().saturating_sub(1)),
            (Some(c), false) => c.saturating_sub(1),
        }
    }

    /// The next page of cards: the positions of `shown` to append to the list.
    pub fn more(&mut self) -> std::ops::Range<usize> {
        let start = self.rendered;
        self.rendered = (self.rendered + PAGE).min(self.shown.len());
        start..self.rendered
    }

    /// The status line after the filter: `shown / all`.
    pub fn status(&self, t: &dyn Fn(Msg) -> String) -> String {
        format!("{} / {} {}", self.shown.len(), self.article_count(), t(Msg::Shown))
    }

    /// The articles the actions act on: all of the list, or what it shows.
    pub fn in_scope(&self) -> Vec<usize> {
        match self.scope {
            Scope::Filtered => self.shown.clone(),
            Scope::All => (0..self.article_count()).collect(),
        }
    }

    /// The article keys a page lists.
    pub fn listed_keys(page: &Page) -> Vec<String> {
        page.articles.iter().filter_map(key_of).collect()
    }

    /// Does the page shown have a baseline to be new against (a visit before)? Then *New* is
    /// offered.
    pub fn has_baseline(&self) -> bool {
        self.visit.as_ref().is_some_and(|v| v.baseline.is_some()) && self.scanned.is_some()
    }

    /// The page's entries new since the last visit; *New* goes off when there is nothing it could
    /// show.
    pub fn update_new_keys(&mut self) {
        self.new_keys = match (&self.visit, &self.scanned) {
            (Some(v), Some(p)) if crate::wasm::library::page_key(&p.page.url) == v.page => {
                let listed = Self::listed_keys(p);
                v.new_keys(listed.iter().map(String::as_str))
            }
            _ => HashSet::new(),
        };
        if self.new_keys.is_empty() && self.visit.as_ref().is_none_or(|v| v.baseline.is_none()) {
            self.only_new = false;
        }
    }

    /// What the card of `a` shows beside it; `failure`: why its page was not fetched, if it was not.
    pub fn flags_of(&self, a: &Article, failure: Option<&Failure>, t: &dyn Fn(Msg) -> String) -> Flags {
        let Some(key) = key_of(a) else { return Flags::default() };
        let on_page = self.view == View::Page;
        Flags {
            new: on_page && self.new_keys.contains(&key),
            // A page that showed only part of the text says so instead ("part of the text").
            full: on_page && self.fetched.contains_key(&key) && a.role != Role::Main && !a.truncated,
            failed: failure.map(|f| why(f, t)),
            collected: self.collection.contains(&key),
        }
    }

    /// The pages "Fetch full articles" fetches: the articles in scope whose page was not fetched
    /// this session (in the collection: those without text), not the page's own article, each
    /// once; a page that showed part of a multi-page text (the page's own article, or a page
    /// fetched before) names its one-page version, and that is fetched. An address the policy
    /// refuses is a target too: it fails at once, with why.
    pub fn fetch_targets(&self) -> Vec<Target> {
        let Some(page) = &self.page else { return Vec::new() };
        let mut targets = Vec::new();
        let mut keys = HashSet::new();
        for i in self.in_scope() {
            let a = &page.articles[i];
            let (Some(url), Some(key)) = (a.url.as_deref(), key_of(a)) else { continue };
            let whole = one_page(a, &key).map(str::to_string);
            let done = self.fetched.contains_key(&key) || (self.view == View::Collection && !a.body.is_empty());
            if (a.role == Role::Main || done) && whole.is_none() || keys.contains(&key) {
                continue;
            }
            keys.insert(key.clone());
            targets.push(Target { key, url: whole.clone().unwrap_or_else(|| url.to_string()), whole: whole.is_some() });
        }
        targets
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

    /// The collection as CSL-JSON, from the typed layer: each article with the publisher and
    /// language of the site it was collected from (a collection may hold both sites), in the
    /// collection's order; an article without an id is `item-<n>` (its place in the export). Two
    /// collected articles with the same article id (two addresses of one article) are one
    /// reference, the first (`csl::items_for`).
    fn collection_csl(&self, page: &Page, filtered: bool) -> Option<String> {
        let all: Vec<usize> = (0..page.articles.len()).collect();
        let idx = if filtered { &self.shown } else { &all };
        let sources: Vec<(&Article, Site, Option<&str>)> = idx
            .iter()
            .map(|&i| {
                let a = &page.articles[i];
                let item = key_of(a).and_then(|k| self.collection.get(&k));
                (a, item.map_or(page.page.site, |it| it.site), item.and_then(|it| it.language.as_deref()))
            })
            .collect();
        let items = csl::items_for(
            sources.iter().map(|&(a, site, language)| (a, csl::Source { publisher: crate::publisher(site, language), language })),
        );
        csl::to_json(&items).ok()
    }

    /// The name of a download: after the page, or `caixin-collection-<newest day>.<ext>`.
    pub fn file_name(&self, format: Format) -> Option<String> {
        let page = self.page.as_ref()?;
        Some(match self.view {
            View::Page => export::file_name(page, format),
            View::Collection => {
                let newest =
                    page.articles.iter().filter_map(|a| a.published.as_deref()).filter_map(|p| p.get(..10)).max().unwrap_or("undated");
                format!("caixin-collection-{newest}.{}", format.extension())
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PageInfo, PageKind, SCHEMA_ID};
    use crate::wasm::library;

    const LIVE: &str = "https://www.caixinglobal.com/live/";

    fn art(n: u32, section: Option<&str>) -> Article {
        Article {
            id: Some(format!("10163{n:04}")),
            url: Some(format!("https://www.caixinglobal.com/2020-11-27/story-{n}-10163{n:04}.html")),
            key: crate::article_key(&format!("https://www.caixinglobal.com/2020-11-27/story-{n}-10163{n:04}.html")),
            title: Some(format!("Story {n}")),
            section: section.map(str::to_string),
            published: Some(format!("2020-11-{:02}T10:00:00+08:00", 1 + n % 28)),
            summary: Some(format!("summary of story {n}")),
            ..Default::default()
        }
    }

    fn page_of(url: &str, articles: Vec<Article>) -> Page {
        let info =
            PageInfo { url: url.to_string(), site: Site::CaixinGlobal, kind: PageKind::Listing, title: None, language: Some("en".into()) };
        Page { schema: SCHEMA_ID.to_string(), page: info, articles, warnings: Vec::new() }
    }

    fn listing(n: u32) -> Page {
        page_of(LIVE, (0..n).map(|i| art(i, Some(if i % 3 == 0 { "Economy" } else { "Business & Tech" }))).collect())
    }

    fn t(m: Msg) -> String {
        crate::wasm::ui::i18n::english(m).to_string()
    }

    fn shown_model(page: Page) -> Model {
        let mut m = Model::new(true);
        m.show(page);
        m
    }

    #[test]
    fn the_key_is_the_models_own() {
        let a = art(1, None);
        assert_eq!(key_of(&a), a.key);
        let page = crate::extract(
            r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba</a></h2>"#,
            LIVE,
        )
        .unwrap();
        assert_eq!(
            key_of(&page.articles[0]).as_deref(),
            Some("www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html")
        );
        assert_eq!(
            key_of(&Article { url: Some("https://www.caixinglobal.com/x-101633418.html".into()), ..Default::default() }),
            None,
            "read, not computed"
        );
    }

    #[test]
    fn a_list_shows_a_page_of_cards_and_more_on_demand() {
        let mut m = shown_model(listing(100));
        assert_eq!(m.shown.len(), 100);
        assert_eq!(m.rendered, PAGE);
        assert_eq!(m.more(), PAGE..2 * PAGE);
        assert_eq!(m.more(), 2 * PAGE..100);
        assert_eq!(m.more(), 100..100, "nothing more past the end");
        assert_eq!(m.status(&t), "100 / 100 shown");
    }

    #[test]
    fn sections_are_multi_select_and_all_clears_them() {
        let mut m = shown_model(listing(9));
        assert!(m.section_on(None));
        m.toggle_section(Some("Economy"));
        assert_eq!(m.shown, [0, 3, 6]);
        assert!(m.section_on(Some("Economy")) && !m.section_on(None));
        m.toggle_section(Some("Business & Tech"));
        assert_eq!(m.shown.len(), 9);
        m.toggle_section(Some("Economy"));
        assert_eq!(m.shown, [1, 2, 4, 5, 7, 8]);
        m.toggle_section(None);
        assert!(m.filter.sections.is_empty() && m.section_on(None));
        assert_eq!(m.shown.len(), 9);
    }

    #[test]
    fn a_section_that_is_gone_is_no_longer_selected_and_chips_follow_the_sections() {
        let mut m = shown_model(listing(6));
        m.toggle_section(Some("Economy"));
        let mut next = listing(6);
        next.articles[0].section = Some("World".into());
        next.articles[3].section = Some("World".into());
        let s = m.show(next);
        assert_eq!(s.chips, Chips::Rebuild);
        assert!(m.filter.sections.is_empty(), "Economy is gone from the page");
        let mut grown = m.page.clone().unwrap();
        grown.articles[1].section = Some("World".into());
        assert_eq!(m.show(grown.clone()).chips, Chips::Recount, "the same sections, other counts");
        assert_eq!(m.show(grown).chips, Chips::Same);
    }

    #[test]
    fn text_author_dates_and_sort_filter_and_clear_resets_everything() {
        let mut m = shown_model(listing(10));
        m.set_text("story 3");
        assert_eq!(m.shown, [3]);
        m.set_text("");
        m.page.as_mut().unwrap().articles[2].authors = vec!["Ding Yi".into()];
        m.set_author("ding");
        assert_eq!(m.shown, [2]);
        m.set_author("");
        m.set_date(true, "2020-11-05");
        m.set_date(false, "2020-11-06");
        assert_eq!(m.shown, [4, 5]);
        m.set_sort("newest");
        assert_eq!(m.shown, [5, 4]);
        m.toggle_free();
        m.toggle_section(Some("Economy"));
        m.clear_filters();
        assert_eq!(m.filter, Filter::default());
        assert!(!m.only_new);
        assert_eq!(m.shown, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn free_only_hides_what_is_paid_in_either_view() {
        let mut p = listing(4);
        p.articles[1].paywalled = true;
        let mut m = shown_model(p);
        m.toggle_free();
        assert!(m.filter.free_only, "one place holds it: the filter");
        assert_eq!(m.shown, [0, 2, 3]);
        m.view = View::Collection;
        m.refilter();
        assert_eq!(m.shown, [0, 2, 3]);
        m.toggle_free();
        assert_eq!(m.shown.len(), 4);
    }

    #[test]
    fn new_shows_only_the_new_entries_and_only_on_this_pages_list() {
        let mut m = shown_model(listing(4));
        m.new_keys = [key_of(&art(2, None)).unwrap()].into_iter().collect();
        m.toggle_new();
        assert_eq!(m.shown, [2]);
        m.view = View::Collection;
        m.refilter();
        assert_eq!(m.shown.len(), 4, "the collection has no *New*");
        m.view = View::Page;
        m.refilter();
        assert_eq!(m.shown, [2]);
    }

    #[test]
    fn new_goes_off_without_a_baseline_and_a_private_window_forgets_the_visit() {
        let mut m = Model::new(true);
        m.scanned = Some(listing(3));
        m.only_new = true;
        m.update_new_keys();
        assert!(!m.only_new && !m.has_baseline());
        let pk = library::page_key(LIVE);
        let w = Visit::new(&pk, None).record([key_of(&art(0, None)).unwrap()].iter().map(String::as_str));
        m.visit = Some(Visit::new(&pk, Some(&w.set[0].1)));
        m.update_new_keys();
        assert!(m.has_baseline());
        assert_eq!(m.new_keys.len(), 2, "two of the three were not listed before");
        m.only_new = true;
        assert!(m.set_private(true));
        assert!(m.visit.is_none() && m.new_keys.is_empty() && !m.only_new);
        assert!(!m.set_private(true), "no change");
    }

    #[test]
    fn a_new_scan_keeps_what_did_not_change() {
        let mut m = shown_model(listing(5));
        m.prepare_search();
        m.move_cursor(Some(3));
        let mut next = listing(5);
        next.articles[1].summary = Some("changed".into());
        next.articles.insert(0, art(9, Some("Economy")));
        let s = m.show(next);
        assert!(!s.another);
        assert_eq!(
            s.slots,
            [Slot::Build { was: None }, Slot::Keep(0), Slot::Build { was: Some(1) }, Slot::Keep(2), Slot::Keep(3), Slot::Keep(4)]
        );
        assert_eq!(m.selected().and_then(|a| a.title.as_deref()), Some("Story 3"), "the selection follows its article");
        assert!(m.searchable(), "search texts moved with their articles");
        m.set_text("changed");
        assert_eq!(m.shown, [2]);
    }

    #[test]
    fn another_page_starts_from_the_top_and_keeps_the_filters() {
        let mut m = shown_model(listing(100));
        m.set_text("story");
        m.more();
        m.move_cursor(Some(50));
        let s = m.show(page_of("https://www.caixinglobal.com/economy/", listing(3).articles));
        assert!(s.another);
        assert!(s.slots.iter().all(|s| *s == Slot::Build { was: None }));
        assert_eq!((m.rendered, m.cursor), (3, None));
        assert_eq!(m.filter.text, "story", "filters stay");
    }

    #[test]
    fn the_keyboard_moves_within_the_list_and_brings_cards_beyond_the_first_page() {
        let mut m = shown_model(listing(100));
        assert_eq!(m.step(true), 0, "the first card without a selection");
        m.move_cursor(Some(m.step(true)));
        assert_eq!(m.step(false), 0);
        let (old, new) = m.move_cursor(Some(45));
        assert_eq!((old, new), (Some(0), Some(45)));
        assert_eq!(m.rendered, 2 * PAGE, "the cards up to the selection are in the list");
        m.move_cursor(Some(99));
        assert_eq!(m.step(true), 99, "the last stays the last");
        assert_eq!(m.move_cursor(Some(100)).1, None, "past the end: no selection");
        m.move_cursor(Some(1));
        assert_eq!(m.open_target(), m.article(1).unwrap().url.as_deref());
        m.page.as_mut().unwrap().articles[1].url = Some("javascript:alert(1)".into());
        assert_eq!(m.open_target(), None, "only http(s) is opened");
    }

    #[test]
    fn a_filter_keeps_the_selection_while_its_article_is_in_the_first_page_shown() {
        let mut m = shown_model(listing(100));
        m.move_cursor(Some(3));
        m.toggle_section(Some("Economy"));
        assert_eq!(m.selected().and_then(|a| a.title.as_deref()), Some("Story 3"), "shown second now");
        assert_eq!(m.cursor, Some(1));
        m.toggle_section(None);
        assert_eq!(m.cursor, Some(3));
        m.move_cursor(Some(60));
        m.set_text("story");
        assert_eq!(m.cursor, None, "beyond the first page: no selection");
        m.move_cursor(Some(1));
        m.set_text("story 3");
        assert_eq!(m.cursor, None, "filtered out: no selection");
    }

    #[test]
    fn a_click_scrolls_the_page_only_from_this_pages_list() {
        let mut m = shown_model(listing(2));
        assert_eq!(m.scroll_target(1).and_then(|a| a.title.as_deref()), Some("Story 1"));
        m.view = View::Collection;
        assert_eq!(m.scroll_target(1), None);
    }

    #[test]
    fn scope_is_all_or_what_is_shown() {
        let mut m = shown_model(listing(6));
        m.toggle_section(Some("Economy"));
        assert_eq!(m.in_scope().len(), 6);
        m.scope = Scope::parse("filtered");
        assert_eq!(m.in_scope(), [0, 3]);
        assert_eq!(Scope::parse("all"), Scope::All);
    }

    #[test]
    fn flags_say_new_full_failed_and_collected() {
        let mut m = shown_model(listing(3));
        let (a0, a1, a2) = (art(0, None), art(1, None), art(2, None));
        m.new_keys.insert(key_of(&a0).unwrap());
        m.fetched.insert(key_of(&a1).unwrap(), a1.clone());
        m.collection = Collection::from_keys([library::item_key(&key_of(&a2).unwrap())].iter().map(String::as_str));
        let f0 = m.flags_of(&a0, Some(&Failure::Status(404)), &t);
        assert!(f0.new && !f0.full && !f0.collected);
        assert_eq!(f0.failed.as_deref(), Some("HTTP 404"));
        assert!(m.flags_of(&a1, None, &t).full);
        let cut = Article { truncated: true, ..a1.clone() };
        assert!(!m.flags_of(&cut, None, &t).full, "part of the text is said otherwise");
        let main = Article { role: Role::Main, ..a1.clone() };
        assert!(!m.flags_of(&main, None, &t).full, "the page's own article is not fetched");
        assert!(m.flags_of(&a2, None, &t).collected);
        m.view = View::Collection;
        let f = m.flags_of(&a0, None, &t);
        assert!(!f.new && !f.full, "new and fetched are this page's");
        assert_eq!(m.flags_of(&Article::default(), None, &t), Flags::default(), "no address, no flags");
    }

    #[test]
    fn fetched_articles_complete_their_entries() {
        let mut m = Model::new(true);
        m.scanned = Some(listing(2));
        let own = Article { body: vec!["first".into(), "second".into()], role: Role::Main, ..art(1, None) };
        m.fetched.insert(key_of(&own).unwrap(), own);
        let view = m.page_view().unwrap();
        assert_eq!(view.articles[1].body, ["first", "second"]);
        assert_eq!(view.articles[1].role, m.scanned.as_ref().unwrap().articles[1].role, "the entry keeps its role");
        assert!(view.articles[0].body.is_empty());
    }

    #[test]
    fn fetch_targets_are_what_is_in_scope_not_fetched_and_not_the_pages_own() {
        let mut p = listing(5);
        p.articles[0].role = Role::Main;
        p.articles[4].url = p.articles[3].url.clone();
        p.articles[4].key = p.articles[3].key.clone();
        p.articles[2].url = None;
        p.articles[2].key = None;
        let mut m = shown_model(p);
        m.fetched.insert(key_of(&art(1, None)).unwrap(), art(1, None));
        let targets = m.fetch_targets();
        assert_eq!(targets.iter().map(|t| t.url.as_str()).collect::<Vec<_>>(), [art(3, None).url.unwrap()]);
        assert!(!targets[0].whole);
        // The page's own article cut over several pages: its one-page version.
        let whole = format!("{}?p0", art(0, None).url.unwrap());
        if let Some(a) = m.page.as_mut().map(|p| &mut p.articles[0]) {
            a.truncated = true;
            a.full_story_url = Some(whole.clone());
        }
        let targets = m.fetch_targets();
        assert_eq!((targets[0].url.as_str(), targets[0].whole), (whole.as_str(), true));
        m.scope = Scope::Filtered;
        m.toggle_section(Some("Business & Tech"));
        let filtered = m.fetch_targets();
        assert_eq!(filtered.len(), 1, "the filtered scope: 1 (fetched), 2 (no address) and 4, the same article as 3");
        assert_eq!(Some(filtered[0].url.clone()), art(3, None).url);
    }

    #[test]
    fn in_the_collection_only_articles_without_text_are_fetched() {
        let mut p = listing(2);
        p.articles[0].body = vec!["text".into()];
        let mut m = Model::new(true);
        m.view = View::Collection;
        m.show(p);
        assert_eq!(m.fetch_targets().len(), 1);
    }

    #[test]
    fn writes_are_refused_in_a_private_window_and_over_a_newer_storage() {
        let mut m = Model::new(true);
        assert!(m.may_write() && m.refusal().is_none());
        m.private = true;
        assert_eq!(m.refusal(), Some(Msg::PrivateNote));
        m.private = false;
        m.newer = true;
        assert_eq!(m.refusal(), Some(Msg::NewerNote));
        let warm = Model::new(false);
        assert!(!warm.may_write() && warm.refusal().is_none(), "the warm-up's panel keeps nothing and says nothing");
    }

    #[test]
    fn exports_and_file_names_follow_the_view_and_scope() {
        let mut m = shown_model(listing(3));
        m.toggle_section(Some("Economy"));
        let filtered: serde_json::Value = serde_json::from_str(&m.export_text(Format::Json, true).unwrap()).unwrap();
        assert_eq!(filtered["articles"].as_array().unwrap().len(), 1);
        assert_eq!(m.export_text(Format::Json, false), crate::render(m.page.as_ref().unwrap(), Format::Json).ok());
        assert_eq!(m.file_name(Format::Csv).unwrap(), "caixin-global-listing-2020-11-03.csv");
        m.view = View::Collection;
        assert_eq!(m.file_name(Format::Markdown).unwrap(), "caixin-collection-2020-11-03.md");
    }

    #[test]
    fn the_collections_csl_names_each_articles_own_site_from_the_typed_layer() {
        let mut m = Model::new(true);
        let mut cn = art(1, None);
        cn.url = Some("https://finance.caixin.com/2020-11-27/101633421.html".into());
        cn.key = crate::article_key("https://finance.caixin.com/2020-11-27/101633421.html");
        cn.id = Some("101633421".into());
        let no_id = Article { id: None, ..art(2, None) };
        let other = "https://www.caixinglobal.com/2020-11-28/other-101630000.html";
        let same_id = Article { url: Some(other.into()), key: crate::article_key(other), ..art(0, None) };
        m.collection.load(&HashMap::new());
        let _ = m.collection.add(&[art(0, None), no_id.clone(), same_id], Site::CaixinGlobal, Some("en"), 1);
        let _ = m.collection.add(&[cn], Site::CaixinCn, Some("zh-CN"), 2);
        m.view = View::Collection;
        m.show(m.collection.page());
        let csl: serde_json::Value = serde_json::from_str(&m.export_text(Format::Csl, false).unwrap()).unwrap();
        let ids: Vec<&str> = csl.as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["caixin-101630000", "item-2", "caixin-101633421"], "one reference per article id");
        assert_eq!(csl[0]["container-title"], "Caixin Global");
        assert_eq!(csl[2]["container-title"], "财新网");
        assert_eq!(csl[2]["language"], "zh-CN");
        m.toggle_section(None);
        m.set_text("story 2");
        let filtered: serde_json::Value = serde_json::from_str(&m.export_text(Format::Csl, true).unwrap()).unwrap();
        assert_eq!(filtered[0]["id"], "item-1", "numbered in the export");
    }
}
