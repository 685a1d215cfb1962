//! What the panel asks of the browser and the extension, as one trait: the interface's strings,
//! the tab (scroll to an article, rescan), a new tab, a download, the clipboard, the stored format,
//! the storage (`storage.local` and `.session`, their changes, a lock), a page's fetch and the
//! reading of its body, the clock, timers and tasks. The model and the fetch runs see only this
//! trait, so they build natively and are tested with a fake host; in the browser it is the JS glue
//! (`extension/sidebar.js`, [`js::JsHost`]), whose methods are plain functions of an object.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use super::i18n::{english, Msg};
use crate::export::Format;
use crate::wasm::library::Writes;

/// A task of the host: awaited by the panel's own tasks (`Host::spawn`).
pub type Task<T> = Pin<Box<dyn Future<Output = T>>>;

/// Something that lasts as long as it is held: a timer (dropped: cancelled), a request's abort.
pub type Handle = Box<dyn Any>;

/// A storage area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Kept across browser restarts: the collection, the seen pages.
    Local,
    /// Kept for the browser session: fetched articles.
    Session,
}

impl Area {
    pub fn name(self) -> &'static str {
        match self {
            Area::Local => "local",
            Area::Session => "session",
        }
    }
}

/// The body of an answer, held by the host until it is read or discarded.
pub struct Body(pub Box<dyn Any>);

/// The answer to a page's fetch, before its body is read.
pub enum Answer {
    /// The glue's own check refused the address as the browser parsed it (`schedule::Refusal`'s
    /// name).
    Refused(String),
    /// The head: status, the address that answered, a redirect (not followed), headers as text.
    Head { status: u16, url: String, redirect: bool, content_type: String, content_length: String, retry_after: String, body: Body },
}

/// A change of the storage: area, key, new text (`None`: removed).
pub type Watcher = Box<dyn FnMut(Area, String, Option<String>)>;

pub trait Host {
    /// The interface's text of `msg` (`_locales`), when the host has one.
    fn translate(&self, msg: Msg) -> Option<String>;
    /// Asks the tab to scroll to an article and outline it: the page's links to it are found by
    /// its `key` (the glue keys them with the same Rust rules), else by its URL, else its title.
    fn scroll_to(&self, url: Option<&str>, title: Option<&str>, key: Option<&str>);
    /// Opens an http(s) address in a new tab.
    fn open(&self, url: &str);
    fn download(&self, name: &str, mime: &str, text: &str);
    fn copy(&self, text: &str);
    /// Remembers the export format picked.
    fn save_format(&self, format: Format);
    /// Reads the tab again.
    fn rescan(&self);
    /// The stored text of each of `keys` that has one (`None`: everything).
    fn storage_get(&self, area: Area, keys: Option<Vec<String>>) -> Task<Result<HashMap<String, String>, String>>;
    /// Every key stored in `area`.
    fn storage_keys(&self, area: Area) -> Task<Result<Vec<String>, String>>;
    /// Writes, then removes.
    fn storage_apply(&self, area: Area, w: Writes) -> Task<Result<(), String>>;
    /// Calls `f` for every change of the storage (this panel's writes too), as long as the host
    /// lives.
    fn watch_storage(&self, f: Watcher);
    /// Runs `work` holding the storage lock all the extension's pages share.
    fn locked(&self, work: Task<Result<(), String>>) -> Task<Result<(), String>>;
    /// Fetches a page (redirects not followed; with the browser's cookies when `cookies`); the
    /// handle is the request's, for [`Host::abort`].
    fn fetch_page(&self, url: &str, cookies: bool) -> (Handle, Task<Result<Answer, ()>>);
    /// Aborts a request in flight.
    fn abort(&self, request: Handle);
    /// Reads a body, at most `max` bytes (`None` beyond).
    fn read_body(&self, body: Body, max: usize) -> Task<Result<Option<Vec<u8>>, ()>>;
    /// Drops a body unread.
    fn discard(&self, body: Body);
    /// The monotonic clock (ms).
    fn now(&self) -> f64;
    /// The wall clock (ms since 1970).
    fn wall_clock(&self) -> f64;
    /// Runs `task` in the background.
    fn spawn(&self, task: Task<()>);
    /// Calls `f` after `ms` unless the returned handle is dropped first.
    fn later(&self, ms: u32, f: Box<dyn FnOnce()>) -> Handle;
    /// A performance mark, and a measure from a mark (BENCHMARKS.md).
    fn mark(&self, name: &str);
    fn measure(&self, name: &str, start: &str);

    /// The interface's text of `msg`, else the English one.
    fn t(&self, msg: Msg) -> String {
        self.translate(msg).filter(|s| !s.is_empty()).unwrap_or_else(|| english(msg).to_string())
    }
}

#[cfg(target_arch = "wasm32")]
pub mod js {
    //! The host in the browser: the JS glue's object (`t(key)`, `scrollTo(url, title, key)`,
    //! `open(url)`, `download(name, mime, text)`, `copy(text)`, `saveFormat(f)`, `rescan()`,
    //! `fetchPage(url, signal, withCookies)`, `readBody(response, maxBytes)`, `discard(response)`,
    //! `storageGet(area, keys)`, `storageKeys(area)`, `storageSet(area, items)`,
    //! `storageRemove(area, keys)`, `watchStorage(f)`, `withLock(f)`); values are JSON text made
    //! and read in Rust (`library.rs`), so the glue only passes strings. What it lacks is skipped.

    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::AbortController;

    use super::{Answer, Area, Body, Handle, Host, Task, Watcher};
    use crate::export::Format;
    use crate::wasm::library::Writes;
    use crate::wasm::ui::i18n::Msg;

    /// A `watchStorage` listener: `f(area, key, value)`.
    type Listener = Closure<dyn FnMut(String, String, JsValue)>;

    pub struct JsHost {
        glue: JsValue,
        /// The `watchStorage` listeners, as long as the host lives.
        watchers: RefCell<Vec<Listener>>,
        /// The interface's texts asked so far, by key: they do not change while the panel lives,
        /// and a card asks for about six (a call into the glue and the browser's i18n each).
        texts: RefCell<HashMap<&'static str, Option<String>>>,
    }

    impl JsHost {
        pub fn new(glue: JsValue) -> JsHost {
            JsHost { glue, watchers: RefCell::new(Vec::new()), texts: RefCell::default() }
        }

        /// Calls `method` of the glue, if it has one.
        fn call(&self, method: &str, args: &[JsValue]) -> Option<JsValue> {
            call(&self.glue, method, args)
        }
    }

    fn call(glue: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
        let f = js_sys::Reflect::get(glue, &method.into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
        let arr: js_sys::Array = args.iter().collect();
        f.apply(glue, &arr).ok()
    }

    fn message(e: &JsValue) -> String {
        e.as_string()
            .or_else(|| js_sys::Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string()))
            .unwrap_or_else(|| "storage error".to_string())
    }

    /// Calls `method` and awaits its promise (a value that is no promise is the answer).
    async fn awaited(glue: JsValue, method: &'static str, args: Vec<JsValue>) -> Result<JsValue, String> {
        let p = call(&glue, method, &args).ok_or_else(|| format!("no {method}"))?;
        match p.dyn_into::<js_sys::Promise>() {
            Ok(p) => JsFuture::from(p).await.map_err(|e| message(&e)),
            Err(v) => Ok(v),
        }
    }

    fn field(v: &JsValue, name: &str) -> JsValue {
        js_sys::Reflect::get(v, &name.into()).unwrap_or(JsValue::UNDEFINED)
    }

    fn strings(values: &JsValue, keys: Option<Vec<String>>) -> HashMap<String, String> {
        let mut out = HashMap::new();
        match keys {
            Some(keys) => {
                for k in keys {
                    if let Some(v) = js_sys::Reflect::get(values, &JsValue::from_str(&k)).ok().and_then(|v| v.as_string()) {
                        out.insert(k, v);
                    }
                }
            }
            None => {
                for entry in js_sys::Object::entries(values.unchecked_ref()).iter() {
                    let pair = js_sys::Array::from(&entry);
                    if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                        out.insert(k, v);
                    }
                }
            }
        }
        out
    }

    fn performance() -> Option<web_sys::Performance> {
        web_sys::window().and_then(|w| w.performance())
    }

    impl Host for JsHost {
        fn translate(&self, msg: Msg) -> Option<String> {
            let key = msg.key();
            if let Some(text) = self.texts.borrow().get(key) {
                return text.clone();
            }
            let text = self.call("t", &[key.into()]).and_then(|v| v.as_string());
            self.texts.borrow_mut().insert(key, text.clone());
            text
        }

        fn scroll_to(&self, url: Option<&str>, title: Option<&str>, key: Option<&str>) {
            let v = |s: Option<&str>| s.map_or(JsValue::NULL, JsValue::from_str);
            // The article's identity as data: the glue finds the page's links to it by it.
            self.call("scrollTo", &[v(url), v(title), v(key)]);
        }

        fn open(&self, url: &str) {
            self.call("open", &[url.into()]);
        }

        fn download(&self, name: &str, mime: &str, text: &str) {
            self.call("download", &[name.into(), mime.into(), text.into()]);
        }

        fn copy(&self, text: &str) {
            self.call("copy", &[text.into()]);
        }

        fn save_format(&self, format: Format) {
            self.call("saveFormat", &[format.name().into()]);
        }

        fn rescan(&self) {
            self.call("rescan", &[]);
        }

        fn storage_get(&self, area: Area, keys: Option<Vec<String>>) -> Task<Result<HashMap<String, String>, String>> {
            let glue = self.glue.clone();
            Box::pin(async move {
                if keys.as_ref().is_some_and(Vec::is_empty) {
                    return Ok(HashMap::new());
                }
                let arg = keys.as_ref().map_or(JsValue::NULL, |k| k.iter().map(|k| JsValue::from_str(k)).collect::<js_sys::Array>().into());
                let got = awaited(glue, "storageGet", vec![area.name().into(), arg]).await?;
                Ok(strings(&got, keys))
            })
        }

        fn storage_keys(&self, area: Area) -> Task<Result<Vec<String>, String>> {
            let glue = self.glue.clone();
            Box::pin(async move {
                let got = awaited(glue, "storageKeys", vec![area.name().into()]).await?;
                Ok(js_sys::Array::from(&got).iter().filter_map(|k| k.as_string()).collect())
            })
        }

        fn storage_apply(&self, area: Area, w: Writes) -> Task<Result<(), String>> {
            let glue = self.glue.clone();
            Box::pin(async move {
                if !w.set.is_empty() {
                    let items = js_sys::Object::new();
                    for (k, v) in &w.set {
                        let _ = js_sys::Reflect::set(&items, &JsValue::from_str(k), &JsValue::from_str(v));
                    }
                    awaited(glue.clone(), "storageSet", vec![area.name().into(), items.into()]).await?;
                }
                if !w.remove.is_empty() {
                    let arr: js_sys::Array = w.remove.iter().map(|k| JsValue::from_str(k)).collect();
                    awaited(glue, "storageRemove", vec![area.name().into(), arr.into()]).await?;
                }
                Ok(())
            })
        }

        fn watch_storage(&self, mut f: Watcher) {
            let cb = Listener::new(move |area: String, key: String, value: JsValue| {
                let area = if area == "local" { Area::Local } else { Area::Session };
                f(area, key, value.as_string())
            });
            if self.call("watchStorage", &[cb.as_ref().clone()]).is_some() {
                self.watchers.borrow_mut().push(cb);
            }
        }

        /// (Two promises made here rather than `future_to_promise`: the lock's callback resolves
        /// one, and returns the other, resolved when `work` is done.) Without the glue's
        /// `withLock`, `work` runs as it is.
        fn locked(&self, work: Task<Result<(), String>>) -> Task<Result<(), String>> {
            let glue = self.glue.clone();
            Box::pin(async move {
                let resolver = |slot: &Rc<RefCell<Option<js_sys::Function>>>| {
                    let slot = slot.clone();
                    js_sys::Promise::new(&mut move |resolve, _| *slot.borrow_mut() = Some(resolve))
                };
                let (got, done) = (Rc::default(), Rc::default());
                let (acquired, release) = (resolver(&got), resolver(&done));
                let held = release.clone();
                let got2 = got.clone();
                let callback = Closure::once(move || {
                    if let Some(f) = got2.borrow_mut().take() {
                        let _ = f.call0(&JsValue::NULL);
                    }
                    held
                });
                let lock = call(&glue, "withLock", &[callback.as_ref().clone()]);
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
            })
        }

        fn fetch_page(&self, url: &str, cookies: bool) -> (Handle, Task<Result<Answer, ()>>) {
            let controller = AbortController::new().ok();
            let signal = controller.as_ref().map_or(JsValue::UNDEFINED, |c| c.signal().into());
            let promise = self.call("fetchPage", &[url.into(), signal, cookies.into()]).and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
            let task: Task<Result<Answer, ()>> = Box::pin(async move {
                let v = JsFuture::from(promise.ok_or(())?).await.map_err(|_| ())?;
                let text = |name: &str| field(&v, name).as_string().unwrap_or_default();
                if let Some(refused) = field(&v, "refused").as_string() {
                    return Ok(Answer::Refused(refused));
                }
                Ok(Answer::Head {
                    status: field(&v, "status").as_f64().unwrap_or(0.0) as u16,
                    url: text("url"),
                    redirect: field(&v, "redirect").as_bool().unwrap_or(false),
                    content_type: text("contentType"),
                    content_length: text("contentLength"),
                    retry_after: text("retryAfter"),
                    body: Body(Box::new(field(&v, "response"))),
                })
            });
            (Box::new(controller), task)
        }

        fn abort(&self, request: Handle) {
            if let Ok(c) = request.downcast::<Option<AbortController>>() {
                if let Some(c) = *c {
                    c.abort();
                }
            }
        }

        fn read_body(&self, body: Body, max: usize) -> Task<Result<Option<Vec<u8>>, ()>> {
            let response = body.0.downcast::<JsValue>().map(|r| *r).unwrap_or(JsValue::UNDEFINED);
            let promise =
                self.call("readBody", &[response, JsValue::from_f64(max as f64)]).and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
            Box::pin(async move {
                let b = JsFuture::from(promise.ok_or(())?).await.map_err(|_| ())?;
                Ok((!b.is_null() && !b.is_undefined()).then(|| js_sys::Uint8Array::new(&b).to_vec()))
            })
        }

        fn discard(&self, body: Body) {
            let response = body.0.downcast::<JsValue>().map(|r| *r).unwrap_or(JsValue::UNDEFINED);
            self.call("discard", &[response]);
        }

        /// The page's monotonic clock (ms, sub-ms), the one Resource Timing uses.
        fn now(&self) -> f64 {
            performance().map_or_else(js_sys::Date::now, |p| p.now())
        }

        fn wall_clock(&self) -> f64 {
            js_sys::Date::now()
        }

        fn spawn(&self, task: Task<()>) {
            wasm_bindgen_futures::spawn_local(task);
        }

        fn later(&self, ms: u32, f: Box<dyn FnOnce()>) -> Handle {
            Box::new(gloo::timers::callback::Timeout::new(ms, f))
        }

        fn mark(&self, name: &str) {
            if let Some(p) = performance() {
                let _ = p.mark(name);
            }
        }

        fn measure(&self, name: &str, start: &str) {
            if let Some(p) = performance() {
                let _ = p.measure_with_start_mark(name, start);
            }
        }
    }
}
