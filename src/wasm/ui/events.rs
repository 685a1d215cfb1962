//! What the reader does: one listener per event type on the frame's controls and containers, each
//! turning the event (and the value it carries) into a change of the panel (`panel.rs`). The cards
//! and chips have none of their own: a click on the list or on the chips' group is traced to its
//! card (`data-index`) or chip (`data-section`) here. Also scrolling for more cards, and the keys.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventTarget, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent};

use super::model::View;
use super::panel::{App, CardPart};
use super::views;

/// Scrolling within this many pixels of the bottom brings the next page of cards.
const MORE_MARGIN: f64 = 800.0;

/// The element an event happened on.
fn target(e: &Event) -> Option<Element> {
    e.target().and_then(|t| t.dyn_into::<Element>().ok())
}

/// The value of the input or menu an event happened on.
fn value(e: &Event) -> String {
    let t = e.target();
    match t.as_ref().and_then(|t| t.dyn_ref::<HtmlInputElement>()) {
        Some(i) => i.value(),
        None => t.and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|s| s.value()).unwrap_or_default(),
    }
}

/// The closest element around `el` (itself included) that matches `css`.
fn closest(el: &Element, css: &str) -> Option<Element> {
    el.closest(css).ok().flatten()
}

/// The listeners of the frame: filters, buttons, the list, the chips, scrolling, keys. Kept alive
/// by the `Sidebar`.
pub fn frame(app: &Rc<RefCell<App>>) -> Vec<EventListener> {
    let mut out = Vec::new();
    let on = |target: &EventTarget, event: &'static str, f: fn(&mut App, &Event)| {
        let app = app.clone();
        EventListener::new(target, event, move |e| f(&mut app.borrow_mut(), e))
    };
    {
        let a = app.borrow();
        let c = &a.c;
        out.push(on(&c.search, "input", |a, e| a.refilter(|m| m.set_text(&value(e)))));
        out.push(on(&c.author, "input", |a, e| a.refilter(|m| m.set_author(&value(e)))));
        out.push(on(&c.from, "change", |a, e| a.refilter(|m| m.set_date(true, &value(e)))));
        out.push(on(&c.to, "change", |a, e| a.refilter(|m| m.set_date(false, &value(e)))));
        out.push(on(&c.sort, "change", |a, e| a.refilter(|m| m.set_sort(&value(e)))));
        out.push(on(&c.format, "change", |a, e| a.format_picked(&value(e))));
        out.push(on(&c.rescan, "click", |a, _| a.host.rescan()));
        out.push(on(&c.clear, "click", |a, _| a.clear_filters()));
        out.push(on(&c.download, "click", |a, _| a.download()));
        out.push(on(&c.copy, "click", |a, _| a.copy()));
        out.push(on(&c.view_page, "click", |a, _| a.set_view(View::Page)));
        out.push(on(&c.view_collection, "click", |a, _| a.set_view(View::Collection)));
        out.push(on(&c.only_new, "click", |a, _| a.toggle_show_only(true)));
        out.push(on(&c.free_only, "click", |a, _| a.toggle_show_only(false)));
        out.push(on(&c.fetch, "click", |a, _| a.start_fetch()));
        out.push(on(&c.cancel, "click", |a, _| a.cancel_fetch()));
        out.push(on(&c.retry, "click", |a, _| a.retry_failed()));
        out.push(on(&c.add, "click", |a, _| a.add_in_scope()));
        out.push(on(&c.clear_collection, "click", |a, _| a.ask_clear()));
        out.push(on(&c.confirm_yes, "click", |a, _| a.answer_clear(true)));
        out.push(on(&c.confirm_no, "click", |a, _| a.answer_clear(false)));
        // A chip toggles its section ("*": all sections).
        out.push(on(&c.chips, "click", |a, e| {
            let Some(section) = target(e).and_then(|t| closest(&t, ".chip")).and_then(|c| c.get_attribute("data-section")) else {
                return;
            };
            a.refilter(|m| m.toggle_section(Some(section.as_str()).filter(|s| *s != "*")));
        }));
        // A card: its collection button; "Read" and "Open" are theirs alone; elsewhere the page
        // scrolls to its article.
        out.push(on(&c.list, "click", |a, e| {
            let Some(t) = target(e) else { return };
            let Some(i) = closest(&t, ".card").and_then(|c| c.get_attribute("data-index")).and_then(|i| i.parse().ok()) else {
                return;
            };
            let part = if closest(&t, ".card-collect").is_some() {
                CardPart::Collect
            } else if closest(&t, ".card-body, .card-open, .card-translation").is_some() {
                CardPart::Inner
            } else {
                CardPart::Card
            };
            a.card_clicked(i, part);
        }));
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

/// `/` search, `j`/`k` or arrows move, `Enter` opens, `Space` on the selected card shows it in
/// the page, `Esc` clears (leaving a field first). Keys typed into a field are the field's, and
/// `Enter` / `Space` on a button, link or "Read" keep their own meaning.
fn on_key(app: &Rc<RefCell<App>>, e: &KeyboardEvent) {
    let target = target(e);
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
            let next = a.m.step(true);
            a.move_cursor(Some(next));
        }
        "k" | "ArrowUp" if !in_field => {
            e.prevent_default();
            let mut a = app.borrow_mut();
            let prev = a.m.step(false);
            a.move_cursor(Some(prev));
        }
        "Enter" if !on_control && app.borrow().open_selected() => e.prevent_default(),
        " " if target.as_ref().is_some_and(|t| t.class_list().contains("selected")) => {
            e.prevent_default();
            let a = app.borrow();
            if let Some(i) = a.m.selected_index() {
                a.scroll_to(i);
            }
        }
        _ => {}
    }
}
