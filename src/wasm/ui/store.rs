//! The browser's storage through the host (`storageGet`, `storageSet`, `storageRemove` of the JS
//! glue, over `browser.storage.local` and `.session`): values are JSON text made and read in Rust
//! (`library.rs`), so the glue only passes strings.

use std::collections::HashMap;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::state::Host;
use crate::wasm::library::Writes;

/// A storage area.
#[derive(Debug, Clone, Copy)]
pub enum Area {
    /// Kept across browser restarts: the collection, the seen pages.
    Local,
    /// Kept for the browser session: fetched articles.
    Session,
}

impl Area {
    fn name(self) -> &'static str {
        match self {
            Area::Local => "local",
            Area::Session => "session",
        }
    }
}

fn message(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "storage error".to_string())
}

async fn call(host: &Host, method: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let p = host.call(method, args).ok_or_else(|| format!("no {method}"))?;
    match p.dyn_into::<js_sys::Promise>() {
        Ok(p) => JsFuture::from(p).await.map_err(|e| message(&e)),
        Err(v) => Ok(v),
    }
}

/// The stored text of each of `keys` that has one.
pub async fn get(host: &Host, area: Area, keys: &[String]) -> Result<HashMap<String, String>, String> {
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let arr: js_sys::Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
    let got = call(host, "storageGet", &[area.name().into(), arr.into()]).await?;
    let mut out = HashMap::new();
    for k in keys {
        if let Some(v) = js_sys::Reflect::get(&got, &JsValue::from_str(k)).ok().and_then(|v| v.as_string()) {
            out.insert(k.clone(), v);
        }
    }
    Ok(out)
}

/// Writes, then removes. Items are written in one call, in order.
pub async fn apply(host: &Host, area: Area, w: Writes) -> Result<(), String> {
    if !w.set.is_empty() {
        let items = js_sys::Object::new();
        for (k, v) in &w.set {
            let _ = js_sys::Reflect::set(&items, &JsValue::from_str(k), &JsValue::from_str(v));
        }
        call(host, "storageSet", &[area.name().into(), items.into()]).await?;
    }
    if !w.remove.is_empty() {
        let arr: js_sys::Array = w.remove.iter().map(|k| JsValue::from_str(k)).collect();
        call(host, "storageRemove", &[area.name().into(), arr.into()]).await?;
    }
    Ok(())
}
