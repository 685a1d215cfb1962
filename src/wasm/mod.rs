//! The only code that knows about browsers: bindings from JavaScript to the core, and the sidebar
//! UI (`ui/`). It converts inputs, calls the core, converts results; errors reach JS as
//! messages a user can act on.
//!
//! `schedule` (when each request of "Fetch full articles" may go), `library` (what the sidebar
//! stores: collection, seen pages, fetched articles) and the sidebar's model (`ui/model.rs`) are
//! pure and build natively too, for their unit tests.

#[cfg(target_arch = "wasm32")]
pub(crate) mod js_text;
pub(crate) mod library;
pub(crate) mod schedule;

pub(crate) mod ui;

#[cfg(target_arch = "wasm32")]
pub use bindings::*;

#[cfg(target_arch = "wasm32")]
mod bindings {
    use js_sys::JsString;
    use wasm_bindgen::prelude::*;

    use crate::export::{self, Format};

    pub use super::ui::Sidebar;

    fn js_err(e: impl std::fmt::Display) -> JsValue {
        JsValue::from_str(&e.to_string())
    }

    /// The page as the `caixin-sidebar.page/1` JSON text (the same bytes as the CLI's `--format json`).
    /// `html` crosses as `js_text::utf8` copies it (the browser's `encodeInto`).
    #[wasm_bindgen(js_name = extractJson)]
    pub fn extract_json(html: &JsString, url: &str) -> Result<String, JsValue> {
        let page = crate::extract(&super::js_text::utf8(html), url).map_err(js_err)?;
        export::render(&page, Format::Json, None).map_err(js_err)
    }

    /// Why "Fetch full articles" does not fetch this address (the glue asks it of the address as
    /// the browser parsed it), or `""`: `schedule::refusal`.
    #[wasm_bindgen(js_name = fetchRefusal)]
    pub fn fetch_refusal(url: &str) -> String {
        super::schedule::refusal(url).map_or("", |r| r.as_str()).to_string()
    }

    /// The article identity of a URL (`crate::article_key`), or `""` when it is not an article's:
    /// the glue keys the page's links with it to find those of a card's article (whose own `key`
    /// the Rust side passes), so the key's rules live in Rust only.
    #[wasm_bindgen(js_name = articleKey)]
    pub fn article_key(url: &str) -> String {
        crate::article_key(url).unwrap_or_default()
    }

    /// Is this URL one the sidebar reads (a Caixin host over http(s))?
    #[wasm_bindgen(js_name = isCaixinUrl)]
    pub fn is_caixin_url(url: &str) -> bool {
        crate::sites::is_supported_url(url)
    }
}
