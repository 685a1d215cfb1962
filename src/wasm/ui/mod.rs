//! The sidebar, rendered by Rust with web-sys, as a model, a view and a host:
//!
//! - `model.rs`: the panel's state and every decision it makes (filters, selection, view, scope,
//!   what is new, what is fetched, what each card says, the exports), pure and tested natively;
//! - `host.rs`: what the panel asks of the browser (storage, fetch, clipboard, the tab, timers),
//!   one trait; in the browser the JS glue (`extension/sidebar.js`);
//! - `fetcher.rs`: a run of "Fetch full articles", doing what `wasm/schedule.rs` says through the
//!   host (pure too);
//! - `panel.rs`: the model drawn in the DOM (a keyed list of cards) and the host's answers taken
//!   into it;
//! - `views.rs`: the DOM built from data (frame, header, chips, cards); page text only ever as
//!   text nodes, only http(s) links;
//! - `events.rs`: one listener per event type on the frame, each a change of the panel;
//! - `i18n.rs`: the interface strings, English read from `_locales/en` at build time.
//!
//! What is stored is `wasm/library.rs`'s. The modules without the DOM (`model`, `host`'s trait,
//! `fetcher`, `i18n`) build natively for their tests.

// Natively only their tests use them: what the panel alone calls is dead code there.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod fetcher;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod host;
pub(crate) mod i18n;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod model;

#[cfg(target_arch = "wasm32")]
mod events;
#[cfg(target_arch = "wasm32")]
mod panel;
#[cfg(target_arch = "wasm32")]
mod views;

#[cfg(target_arch = "wasm32")]
pub use sidebar::Sidebar;

#[cfg(target_arch = "wasm32")]
mod sidebar {
    use std::cell::RefCell;
    use std::rc::Rc;

    use gloo::events::EventListener;
    use js_sys::JsString;
    use wasm_bindgen::prelude::*;
    use web_sys::Element;

    use super::host::js::JsHost;
    use super::panel::App;
    use super::{events, views};
    use crate::export::Format;

    /// The sidebar: build it once on a root element, then `showPage` after every scan.
    #[wasm_bindgen]
    pub struct Sidebar {
        app: Rc<RefCell<App>>,
        _listeners: Vec<EventListener>,
    }

    #[wasm_bindgen]
    impl Sidebar {
        /// Builds the frame of the sidebar inside `root`. `host` is the JS glue: `t(key)`,
        /// `scrollTo(url, title, key)` (`key`: the article's `key`, or null), `open(url)`, `download(name, mime, text)`, `copy(text)`,
        /// `saveFormat(format)`, `rescan()`, `fetchPage(url, signal, withCookies)` (a promise of
        /// `{refused}` or `{status, url, redirect, contentType, contentLength, retryAfter, response}`),
        /// `readBody(response, maxBytes)` (a promise of the bytes, `null` over the cap),
        /// `discard(response)`, `storageGet(area, keys)` (`keys` `null`: everything),
        /// `storageKeys(area)`, `storageSet(area, items)`, `storageRemove(area, keys)` (promises;
        /// `area`: `local` or `session`; values are strings), `watchStorage(f)` (`f(area, key,
        /// value)` for every change, `value` undefined when removed), `withLock(f)` (runs the promise
        /// `f()` holding the extension's storage lock).
        #[wasm_bindgen(constructor)]
        pub fn new(root: Element, host: JsValue) -> Sidebar {
            Sidebar::build(root, host, true)
        }

        fn build(root: Element, host: JsValue, persistent: bool) -> Sidebar {
            let app = App::new(&root, Rc::new(JsHost::new(host)), persistent);
            let listeners = events::frame(&app);
            Sidebar { app, _listeners: listeners }
        }

        /// Lists a small generated page in a sidebar that is never attached to the document, then
        /// drops it. The browser compiles the module's functions when they are first called: a panel
        /// that waits for the tab's HTML calls them now, so the real page is not the first to pay for
        /// them (BENCHMARKS.md, "Panel open").
        #[wasm_bindgen(js_name = warmUp)]
        pub fn warm_up(host: JsValue) {
            // Not persistent: it reads and writes no storage.
            let sidebar = Sidebar::build(views::el("main", ""), host, false);
            if let Ok(page) = crate::extract(&crate::sample::live_page(3), "https://www.caixinglobal.com/live/") {
                let mut app = sidebar.app.borrow_mut();
                app.show_scan(page, "");
                app.forget_page();
            }
        }

        /// Extracts the page and shows it. Filters the user has set are kept across rescans, and so is
        /// what did not change: cards, open cards, the selection, the scroll position. `html` crosses
        /// as `js_text::utf8` copies it (the browser's `encodeInto`, not wasm-bindgen's loop).
        #[wasm_bindgen(js_name = showPage)]
        pub fn show_page(&self, html: &JsString, url: &str, scanned_at: &str) -> Result<usize, JsValue> {
            let page = crate::extract(&crate::wasm::js_text::utf8(html), url);
            // Where the time goes between reading the tab and the list (BENCHMARKS.md).
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                let _ = p.mark("caixin-extracted");
            }
            match page {
                Ok(page) => {
                    let n = page.articles.len();
                    self.app.borrow_mut().show_scan(page, scanned_at);
                    Ok(n)
                }
                Err(e) => {
                    self.show_message(&e.to_string());
                    Err(JsValue::from_str(&e.to_string()))
                }
            }
        }

        /// The tab is in a private window (`tab.incognito`), or not: say it before `showPage`. In a
        /// private window nothing is stored (collection, visited pages, fetched articles) and fetches
        /// carry no cookies.
        #[wasm_bindgen(js_name = setPrivate)]
        pub fn set_private(&self, private: bool) {
            self.app.borrow_mut().set_private(private);
        }

        /// A rescan found the page unchanged: the header's time of the scan is all that changes.
        #[wasm_bindgen(js_name = scannedAt)]
        pub fn scanned_at(&self, scanned_at: &str) {
            self.app.borrow_mut().scanned_at(scanned_at);
        }

        /// Gets the search ready (lower-cased text of every article): call it when the browser is idle
        /// after `showPage`; the first text search does it otherwise.
        #[wasm_bindgen(js_name = prepareSearch)]
        pub fn prepare_search(&self) {
            self.app.borrow_mut().m.prepare_search();
        }

        /// How many articles the page shown has (0 without a page).
        #[wasm_bindgen(js_name = articleCount)]
        pub fn article_count(&self) -> usize {
            self.app.borrow().m.article_count()
        }

        /// Replaces the list by a message (not a Caixin page, no permission, an error).
        #[wasm_bindgen(js_name = showMessage)]
        pub fn show_message(&self, text: &str) {
            self.app.borrow_mut().show_message(text);
        }

        /// The export the Download button would give (`format`: json, csv, md, ndjson, csl;
        /// `scope`: all or filtered).
        #[wasm_bindgen(js_name = exportText)]
        pub fn export_text(&self, format: &str, scope: &str) -> Option<String> {
            let f = Format::parse(format)?;
            self.app.borrow().m.export_text(f, scope == "filtered")
        }

        /// Selects an export format (the one the user picked last time).
        #[wasm_bindgen(js_name = setFormat)]
        pub fn set_format(&self, format: &str) {
            if let Some(f) = Format::parse(format) {
                self.app.borrow_mut().set_format(f);
            }
        }

        /// How many articles the filters let through.
        #[wasm_bindgen(js_name = shownCount)]
        pub fn shown_count(&self) -> usize {
            self.app.borrow().m.shown.len()
        }

        /// How the fetch run stands, as JSON: `{"state": "none" | "running" | "finished" |
        /// "stopped" | "cancelled", "done", "total", "failed"}`.
        #[wasm_bindgen(js_name = fetchState)]
        pub fn fetch_state(&self) -> String {
            self.app.borrow().fetch_state()
        }

        /// How many articles the collection holds.
        #[wasm_bindgen(js_name = collectionCount)]
        pub fn collection_count(&self) -> usize {
            self.app.borrow().collection_count()
        }
    }
}
