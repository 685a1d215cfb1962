//! What the reader does: listeners on the controls, chips and cards, scrolling for more cards,
//! and the keyboard. Each turns an event into a call on the state (`state.rs`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, EventTarget, HtmlElement, KeyboardEvent};

use super::state::{App, View};
use super::views::{self, Card, CardMode};

/// Scrolling within this many pixels of the bottom brings the next page of cards.
const MORE_MARGIN: f64 = 800.0;

/// The listeners of the frame: filters, buttons, scrolling, keys. Kept alive by the `Sidebar`.
pub fn frame(app: &Rc<RefCell<App>>) -> Vec<EventListener> {
    let mut out = Vec::new();
    let on = |target: &EventTarget, event: &'static str, f: fn(&mut App)| {
        let app = app.clone();
        EventListener::new(target, event, move |_| f(&mut app.borrow_mut()))
    };
    {
        let a = app.borrow();
        let c = &a.c;
        let refilter = |a: &mut App| {
            a.read_filter();
            a.refresh();
        };
        out.push(on(&c.search, "input", refilter));
        out.push(on(&c.author, "input", refilter));
        out.push(on(&c.from, "change", refilter));
        out.push(on(&c.to, "change", refilter));
        out.push(on(&c.sort, "change", refilter));
        out.push(on(&c.format, "change", |a| {
            a.host.call("saveFormat", &[a.c.format.value().into()]);
        }));
        out.push(on(&c.rescan, "click", |a| {
            a.host.call("rescan", &[]);
        }));
        out.push(on(&c.clear, "click", App::clear_filters));
        out.push(on(&c.download, "click", |a| a.download()));
        out.push(on(&c.copy, "click", |a| a.copy()));
        out.push(on(&c.view_page, "click", |a| a.set_view(View::Page)));
        out.push(on(&c.view_collection, "click", |a| a.set_view(View::Collection)));
        out.push(on(&c.only_new, "click", App::toggle_new));
        out.push(on(&c.free_only, "click", App::toggle_free));
        out.push(on(&c.fetch, "click", App::start_fetch));
        out.push(on(&c.cancel, "click", App::cancel_fetch));
        out.push(on(&c.retry, "click", App::retry_failed));
        out.push(on(&c.add, "click", App::add_in_scope));
        out.push(on(&c.clear_collection, "click", App::ask_clear));
        out.push(on(&c.confirm_yes, "click", |a| a.answer_clear(true)));
        out.push(on(&c.confirm_no, "click", |a| a.answer_clear(false)));
    }
    // More cards as the reader nears the end of the list.
    if let Some(w) = web_sys::window() {
        let app = app.clone();
        out.push(EventListener::new(&w, "scroll", move |_| {
            let Some(w) = web_sys::window() else { return };
            let (Ok(y), Ok(h)) = (w.scroll_y(), w.inner_height()) else { return };
            let total = views::doc().document_element().map_or(0, |d| d.scroll_height()) as f64;
            if y + h.as_f64().unwrap_or(0.0) + MORE_MARGIN >= total {
                if let Ok(mut a) = app.try_borrow_mut() {
                    a.render_more();
                }
            }
        }));
    }
    // Not passive: `/` and j/k must not also type or scroll.
    let app = app.clone();
    out.push(EventListener::new_with_options(&views::doc(), "keydown", EventListenerOptions::enable_prevent_default(), move |e| {
        on_key(&app, e.unchecked_ref())
    }));
    out
}

/// The chips' listeners: each toggles its section.
pub fn chips(app: &Rc<RefCell<App>>, chips: &[(Element, Option<String>)]) -> Vec<EventListener> {
    chips
        .iter()
        .map(|(chip, section)| {
            let (app, section) = (app.clone(), section.clone());
            EventListener::new(chip, "click", move |_| app.borrow_mut().toggle_section(section.as_deref()))
        })
        .collect()
}

/// A card's listeners: a click scrolls the page to the article (`index`: its index in the page,
/// which a rescan may change; in the collection there is no page to scroll); reading the body,
/// following the link or the collection button does not.
pub fn card(app: &Rc<RefCell<App>>, index: Rc<Cell<usize>>, card: &Card, mode: CardMode) -> Vec<EventListener> {
    let mut out = Vec::new();
    for inner in card.body.iter().chain(&card.open).chain(&card.translations) {
        out.push(EventListener::new(inner, "click", |e| e.stop_propagation()));
    }
    if let Some(b) = &card.collect {
        let (app, index) = (app.clone(), index.clone());
        out.push(EventListener::new(b, "click", move |e| {
            e.stop_propagation();
            app.borrow_mut().card_collect(index.get());
        }));
    }
    if mode == CardMode::Page {
        let app = app.clone();
        out.push(EventListener::new(&card.root, "click", move |_| app.borrow().scroll_to(index.get())));
    }
    out
}

/// `/` search, `j`/`k` or arrows move, `Enter` opens, `Space` on the selected card shows it in
/// the page, `Esc` clears (leaving a field first). Keys typed into a field are the field's, and
/// `Enter` / `Space` on a button, link or "Read" keep their own meaning.
fn on_key(app: &Rc<RefCell<App>>, e: &KeyboardEvent) {
    let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
    let tag = target.as_ref().map(Element::tag_name).unwrap_or_default();
    let in_field = matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA");
    let on_control = in_field || matches!(tag.as_str(), "BUTTON" | "A" | "SUMMARY");
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
            app.borrow_mut().clear_filters();
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
        "Enter" if !on_control => {
            let a = app.borrow();
            if let Some(url) = a.selected().and_then(|x| x.url.clone()) {
                if crate::extract::url::is_http(&url) {
                    e.prevent_default();
                    a.host.call("open", &[url.into()]);
                }
            }
        }
        " " if target.as_ref().is_some_and(|t| t.class_list().contains("selected")) => {
            e.prevent_default();
            let a = app.borrow();
            if let Some(&i) = a.cursor.and_then(|c| a.shown.get(c)) {
                a.scroll_to(i);
            }
        }
        _ => {}
    }
}
