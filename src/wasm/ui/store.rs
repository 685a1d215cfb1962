//! The browser's storage through the host (`storageGet`, `storageKeys`, `storageSet`,
//! `storageRemove`, `watchStorage` and `withLock` of the JS glue, over `browser.storage.local` and
//! `.session`, `storage.onChanged` and the Web Locks API): values are JSON text made and read in
//! Rust (`library.rs`), so the glue only passes strings.

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

/// Every key stored in `area` (`storage.local.getKeys()`, or the keys of `get(null)` where the
/// browser lacks it).
pub async fn keys(host: &Host, area: Area) -> Result<Vec<String>, String> {
    let got = call(host, "storageKeys", &[area.name().into()]).await?;
    Ok(js_sys::Array::from(&got).iter().filter_map(|k| k.as_string()).collect())
}

/// Everything stored in `area` whose value is text (what this extension writes).
pub async fn get_all(host: &Host, area: Area) -> Result<HashMap<String, String>, String> {
    let got = call(host, "storageGet", &[area.name().into(), JsValue::NULL]).await?;
    let mut out = HashMap::new();
    for entry in js_sys::Object::entries(&got.unchecked_into()).iter() {
        let pair = js_sys::Array::from(&entry);
        if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            out.insert(k, v);
        }
    }
    Ok(out)
}

/// Runs `work` holding the storage lock (`navigator.locks`, shared by every page of the
/// extension: two panels starting at once upgrade the storage once). Without the host's
/// `withLock`, runs it as it is.
///
/// (Two promises made here rather than `future_to_promise`: the lock's callback resolves one, and
/// returns the other, resolved when `work` is done.)
pub async fn locked<F>(host: &Host, work: F) -> Result<(), String>
where
    F: std::future::Future<Output = Result<(), String>>,
{
    let resolver = |slot: &std::rc::Rc<std::cell::RefCell<Option<js_sys::Function>>>| {
        let slot = slot.clone();
        js_sys::Promise::new(&mut move |resolve, _| *slot.borrow_mut() = Some(resolve))
    };
    let (got, done) = (std::rc::Rc::default(), std::rc::Rc::default());
    let (acquired, release) = (resolver(&got), resolver(&done));
    let held = release.clone();
    let got2 = got.clone();
    let callback = Closure::once(move || {
        if let Some(f) = got2.borrow_mut().take() {
            let _ = f.call0(&JsValue::NULL);
        }
        held
    });
    let lock = host.call("withLock", &[callback.as_ref().clone()]);
    if lock.is_some() {
        let _ = JsFuture::from(acquired).await;
    }
    let result = work.await;
    let finish: Option<js_sys::Function> = done.borrow_mut().take();
    if let Some(f) = finish {
        let _ = f.call0(&JsValue::NULL);
    }
    if let Some(p) = lock.and_then(|l| l.dyn_into::<js_sys::Promise>().ok()) {
        let _ = JsFuture::from(p).await;
    }
    drop(callback);
    result
}

/// The listener of `watch`: the storage's changes reach the app while it lives.
pub type Listener = Closure<dyn FnMut(String, String, JsValue)>;

/// Calls `f(area, key, value)` for every change of the storage (`storage.onChanged`, this panel's
/// writes too; `value`: the new text, `None` when removed). The listener lives as long as the
/// returned closure.
pub fn watch(host: &Host, f: impl FnMut(String, String, Option<String>) + 'static) -> Option<Listener> {
    let mut f = f;
    let cb = Closure::<dyn FnMut(String, String, JsValue)>::new(move |area: String, key: String, value: JsValue| {
        f(area, key, value.as_string())
    });
    host.call("watchStorage", &[cb.as_ref().clone()])?;
    Some(cb)
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
