//! "Fetch full articles": the run that fetches each listed article's own page and completes the
//! entry from it. When each request goes, and what is fetched and read at all, is `schedule.rs`'s
//! (pure, tested natively); this file only does what it says: it asks the host to fetch a URL
//! (`fetchPage(url, signal, withCookies)`: the JS glue's `fetch`, redirects not followed, with the
//! browser's cookies outside private windows), judges the answer's head (`schedule::verdict`),
//! then has its body read up to the cap (`readBody(response, maxBytes)`, a stream) or dropped
//! (`discard(response)`), arms a timer for the next step, aborts, and turns each answer into a
//! `Reply`.
//!
//! Why the glue fetches rather than web-sys: a few lines of JS hand back the head and the body's
//! bytes, and the wasm needs no `Request`, `Response`, `Headers`, stream and promise bindings for
//! them; the `AbortController` (to cancel) is made here.

use std::collections::HashMap;

use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

use super::i18n::{fill, Msg};
use super::state::{key_of, App, View};
use super::views::{self, Progress};
use crate::model::{Article, Role};
use crate::wasm::schedule::{self, retry_after_ms, Failure, Head, Refusal, Reply, Schedule, State, Step, Verdict};

/// A page to fetch: the article's key and its URL.
#[derive(Debug, Clone)]
pub struct Target {
    pub key: String,
    pub url: String,
    /// The URL is the article's one-page version (a multi-page article's `余下全文`): its answer
    /// is final.
    pub whole: bool,
}

/// The one-page version of a multi-page article whose page showed part of its text: its
/// `full_story_url`, when it is the same article (`key`) on a site the sidebar reads.
fn one_page<'a>(a: &'a Article, key: &str) -> Option<&'a str> {
    let u = a.full_story_url.as_deref().filter(|_| a.truncated)?;
    (crate::is_supported_url(u) && crate::article_key(u).is_some_and(|k| k == key)).then_some(u)
}

/// One run of "Fetch full articles".
pub struct Run {
    /// Which run (a reply to an earlier run is dropped).
    gen: u32,
    sched: Schedule,
    targets: Vec<Target>,
    by_key: HashMap<String, usize>,
    controllers: HashMap<usize, AbortController>,
    /// The address that answered, for the pages whose body is being read.
    final_urls: HashMap<usize, String>,
    timer: Option<Timeout>,
    /// The session's cache has been looked up: requests may go.
    ready: bool,
}

impl Run {
    /// The pages whose address the policy refuses fail now, without a request.
    fn refuse_addresses(&mut self) {
        for (id, t) in self.targets.iter().enumerate() {
            if let Some(r) = schedule::refusal(&t.url) {
                self.sched.refuse(id, Failure::Refused(r));
            }
        }
    }

    /// Why the page of this article was not fetched, in this run.
    pub fn failure_of(&self, key: &str) -> Option<&Failure> {
        let id = *self.by_key.get(key)?;
        self.sched.failures().find(|(i, _)| *i == id).map(|(_, f)| f)
    }

    fn running(&self) -> bool {
        *self.sched.state() == State::Running
    }
}

/// The schedule's clock: the page's monotonic clock (ms, sub-ms), the one Resource Timing uses.
fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

fn field(v: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(v, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

impl App {
    /// "Fetch full articles": the articles in scope whose page was not fetched this session (in
    /// the collection: those without text), not the page's own article. The collection's items
    /// are read first, so fetched articles in it are completed there too.
    pub fn start_fetch(&mut self) {
        if self.run.as_ref().is_some_and(Run::running) {
            return;
        }
        self.with_collection(|a| a.begin_run());
    }

    fn begin_run(&mut self) {
        let Some(page) = self.displayed() else { return };
        let idx = if self.c.scope.value() == "filtered" { self.shown.clone() } else { (0..page.articles.len()).collect() };
        let mut targets = Vec::new();
        let mut by_key = HashMap::new();
        for i in idx {
            let a = &page.articles[i];
            let (Some(url), Some(key)) = (a.url.as_deref(), key_of(a)) else { continue };
            // A page that showed part of a multi-page text (this page's own article, or a page
            // fetched before) names its one-page version: that is fetched. (An address the policy
            // refuses is in the run: it fails at once, with why.)
            let whole = one_page(a, &key).map(str::to_string);
            let done = self.fetched.contains_key(&key) || (self.view == View::Collection && !a.body.is_empty());
            if (a.role == Role::Main || done) && whole.is_none() || by_key.contains_key(&key) {
                continue;
            }
            by_key.insert(key.clone(), targets.len());
            targets.push(Target { key, url: whole.clone().unwrap_or_else(|| url.to_string()), whole: whole.is_some() });
        }
        if targets.is_empty() {
            // The run before stays: its hosts' timing holds for the next one.
            let text = self.t(Msg::FetchNothing);
            views::progress(&self.c, &Progress { done: 0, total: 0, failed: 0, text, running: false });
            self.refresh_flags();
            return;
        }
        self.runs += 1;
        let gen = self.runs;
        let hosts: Vec<String> = targets.iter().map(|t| crate::extract::url::host(&t.url).unwrap_or_default()).collect();
        let mut sched = Schedule::new(hosts);
        if let Some(earlier) = self.run.as_mut() {
            sched.follow(&earlier.sched);
            // A stopped run may still have a request open: it ends here, so the new run's two at
            // once are two.
            earlier.sched.cancel();
            for (_, c) in earlier.controllers.drain() {
                c.abort();
            }
        }
        let mut run =
            Run { gen, sched, targets, by_key, controllers: HashMap::new(), final_urls: HashMap::new(), timer: None, ready: false };
        run.refuse_addresses();
        self.run = Some(run);
        self.refresh_flags();
        self.draw_progress();
        // The session's cache first: a page fetched before (by another panel, before a reload
        // of this one) is not fetched again.
        let keys: Vec<String> = self.run.as_ref().expect("just set").targets.iter().map(|t| t.key.clone()).collect();
        let host = self.host.clone();
        let me = self.me.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let storage_keys: Vec<String> = keys.iter().map(|k| crate::wasm::library::fetched_key(k)).collect();
            let got = super::store::get(&host, super::store::Area::Session, &storage_keys).await.unwrap_or_default();
            let Some(app) = me.upgrade() else { return };
            let mut a = app.borrow_mut();
            if a.run.as_ref().is_none_or(|r| r.gen != gen) {
                return;
            }
            let mut found = 0;
            for (id, k) in keys.into_iter().enumerate() {
                if let Some(own) = got.get(&crate::wasm::library::fetched_key(&k)).and_then(|j| crate::wasm::library::read_article(j)) {
                    a.take_fetched(k, own, false);
                    a.run.as_mut().expect("checked").sched.skip(id);
                    found += 1;
                }
            }
            a.run.as_mut().expect("checked").ready = true;
            if found > 0 {
                a.redisplay();
            }
            a.pump();
        });
    }

    /// Does what the schedule says until it says to wait; then shows the progress.
    pub fn pump(&mut self) {
        while let Some(run) = self.run.as_mut().filter(|r| r.ready) {
            match run.sched.next(now()) {
                Step::Start(id) => self.send(id),
                Step::Abort(id) => {
                    if let Some(c) = run.controllers.remove(&id) {
                        c.abort();
                    }
                }
                Step::Wait(until) => {
                    let me = self.me.clone();
                    let gen = run.gen;
                    run.timer = until.is_finite().then(|| {
                        let ms = (until - now()).clamp(0.0, 600_000.0).ceil() as u32;
                        Timeout::new(ms, move || {
                            if let Some(app) = me.upgrade() {
                                let mut a = app.borrow_mut();
                                if a.run.as_ref().is_some_and(|r| r.gen == gen) {
                                    a.pump();
                                }
                            }
                        })
                    });
                    break;
                }
                Step::Done => {
                    run.timer = None;
                    break;
                }
            }
        }
        self.draw_progress();
        self.refresh_flags();
    }

    /// Sends the request of job `id` through the host.
    fn send(&mut self, id: usize) {
        let run = self.run.as_mut().expect("a run sends");
        let url = run.targets[id].url.clone();
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map_or(JsValue::UNDEFINED, |c| c.signal().into());
        // A private window's fetches carry none of the browser's cookies.
        let cookies = JsValue::from_bool(!self.private);
        let promise = self.host.call("fetchPage", &[url.into(), signal, cookies]).and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
        run.sched.sent(id, now());
        let Some(promise) = promise else {
            run.sched.reply(id, now(), Reply::Failed(Failure::Busy(None)));
            return;
        };
        if let Some(c) = controller {
            run.controllers.insert(id, c);
        }
        let gen = run.gen;
        let me = self.me.clone();
        let host = self.host.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = JsFuture::from(promise).await;
            let Some(read) = me.upgrade().and_then(|app| app.borrow_mut().answered(gen, id, answer)) else { return };
            // The body, when the head allows it: read as a stream, at most the cap.
            let response = read;
            let max = JsValue::from_f64(schedule::MAX_PAGE_BYTES as f64);
            let body = match host.call("readBody", &[response, max]).and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) {
                Some(p) => JsFuture::from(p).await,
                None => Err(JsValue::UNDEFINED),
            };
            if let Some(app) = me.upgrade() {
                app.borrow_mut().read(gen, id, body);
            }
        });
    }

    /// The head of the answer to job `id` (or the glue's refusal, or a network error): judged by
    /// the policy before any of its body is read. Returns the response whose body is to be read.
    fn answered(&mut self, gen: u32, id: usize, answer: Result<JsValue, JsValue>) -> Option<JsValue> {
        let run = self.run.as_mut().filter(|r| r.gen == gen)?;
        if !run.sched.in_flight(id) {
            run.controllers.remove(&id);
            return None;
        }
        let reply = match answer {
            // A network error (an abort is only ever of a request the schedule gave up).
            Err(_) => Reply::Busy { status: None, retry_after_ms: None },
            Ok(v) => {
                let text = |name: &str| field(&v, name).as_string().unwrap_or_default();
                if let Some(refused) = field(&v, "refused").as_string() {
                    // The glue's own check of the address as the browser parsed it.
                    Reply::Failed(Failure::Refused(Refusal::parse(&refused)))
                } else {
                    let url = text("url");
                    let (retry_after, content_type, content_length) = (text("retryAfter"), text("contentType"), text("contentLength"));
                    let head = Head {
                        status: field(&v, "status").as_f64().unwrap_or(0.0) as u16,
                        url: if url.is_empty() { &run.targets[id].url } else { &url },
                        redirect: field(&v, "redirect").as_bool().unwrap_or(false),
                        content_type: &content_type,
                        content_length: content_length.trim().parse().ok(),
                        // An HTTP date is on the wall clock; the wait it gives is a duration.
                        retry_after_ms: retry_after_ms(&retry_after, js_sys::Date::now()),
                    };
                    match schedule::verdict(&head) {
                        Verdict::Read => {
                            run.final_urls.insert(id, head.url.to_string());
                            return Some(field(&v, "response"));
                        }
                        Verdict::Reply(r) => {
                            self.host.call("discard", &[field(&v, "response")]);
                            r
                        }
                    }
                }
            }
        };
        let run = self.run.as_mut().expect("checked");
        run.controllers.remove(&id);
        run.sched.reply(id, now(), reply);
        self.pump();
        None
    }

    /// The body of the answer to job `id` (bytes; `null`: over the cap): the page is read by the
    /// same core, its article completes the entry; the schedule hears how it went.
    fn read(&mut self, gen: u32, id: usize, body: Result<JsValue, JsValue>) {
        let Some(run) = self.run.as_mut().filter(|r| r.gen == gen) else { return };
        run.controllers.remove(&id);
        let final_url = run.final_urls.remove(&id);
        if !run.sched.in_flight(id) {
            return;
        }
        let target = run.targets[id].clone();
        let final_url = final_url.unwrap_or_else(|| target.url.clone());
        let at = now();
        let (reply, own) = match body {
            Err(_) => (Reply::Busy { status: None, retry_after_ms: None }, None),
            Ok(b) if b.is_null() || b.is_undefined() => (Reply::Failed(Failure::TooLarge), None),
            Ok(b) => {
                let bytes = js_sys::Uint8Array::new(&b).to_vec();
                let html = String::from_utf8_lossy(&bytes);
                // BENCHMARKS.md: the cost of completing an entry from its page.
                let perf = web_sys::window().and_then(|w| w.performance());
                if let Some(p) = &perf {
                    let _ = p.mark("caixin-complete-start");
                }
                // The page's own article, and only if it is the entry's: another article's page
                // (or a page read as one) must not fill this entry.
                let own = crate::extract(&html, &final_url)
                    .ok()
                    .and_then(|p| p.articles.into_iter().find(|a| a.role == Role::Main))
                    .filter(|a| a.key.as_deref().is_none_or(|k| k == target.key));
                if let Some(p) = &perf {
                    let _ = p.measure_with_start_mark("caixin-fetched-extract", "caixin-complete-start");
                }
                match own {
                    // Part of a multi-page text: shown now, and its one-page version fetched next
                    // (once).
                    Some(a) => match one_page(&a, &target.key).filter(|u| !target.whole && *u != final_url.split('#').next().unwrap_or(""))
                    {
                        Some(u) => {
                            run.targets[id] = Target { key: target.key.clone(), url: u.to_string(), whole: true };
                            (Reply::Again, Some(a))
                        }
                        None => (Reply::Ok, Some(a)),
                    },
                    None => (Reply::Failed(Failure::NoArticle), None),
                }
            }
        };
        run.sched.reply(id, at, reply);
        if let Some(own) = own {
            self.take_fetched(target.key, own, true);
            self.redisplay();
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                let _ = p.measure_with_start_mark("caixin-fetched-shown", "caixin-complete-start");
            }
        }
        self.pump();
    }

    /// "Cancel": the run ends now, requests in flight are aborted.
    pub fn cancel_fetch(&mut self) {
        if let Some(run) = self.run.as_mut() {
            for id in run.sched.cancel() {
                if let Some(c) = run.controllers.remove(&id) {
                    c.abort();
                }
            }
            run.timer = None;
        }
        self.pump();
    }

    /// "Retry failed": the failed pages of the run go again (those the policy refuses fail again
    /// at once).
    pub fn retry_failed(&mut self) {
        if let Some(run) = self.run.as_mut() {
            run.sched.retry_failed();
            run.refuse_addresses();
        }
        self.pump();
    }

    /// Why a page was not fetched, for its card.
    pub fn why(&self, f: &Failure) -> String {
        match f {
            Failure::Status(s) | Failure::Busy(Some(s)) => fill(&self.t(Msg::WhyStatus), &[("status", &s.to_string())]),
            Failure::NoArticle => self.t(Msg::WhyNoArticle),
            Failure::TooLarge => self.t(Msg::WhyTooLarge),
            Failure::Refused(r) => self.t(match r {
                Refusal::NotHttps => Msg::WhyNotHttps,
                Refusal::UserInfo => Msg::WhyUserInfo,
                Refusal::Port => Msg::WhyPort,
                Refusal::OffSite => Msg::WhyOffSite,
                Refusal::Redirected => Msg::WhyRedirected,
                Refusal::BadAddress => Msg::WhyBadAddress,
            }),
            Failure::Busy(None) => self.t(Msg::WhyNetwork),
            Failure::TimedOut => self.t(Msg::WhyTimedOut),
            Failure::Stopped => self.t(Msg::WhyStopped),
        }
    }

    /// The fetch bar as the run stands.
    fn draw_progress(&self) {
        let Some(run) = &self.run else { return };
        let s = &run.sched;
        let (done, total, failed) = (s.done(), s.total(), s.failures().count());
        let n = |x: usize| x.to_string();
        let counts = [("done", n(done)), ("total", n(total))];
        let counts: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut text = match s.state() {
            State::Running => fill(&self.t(Msg::FetchProgress), &counts),
            State::Finished => fill(&self.t(Msg::FetchFinished), &counts),
            State::Cancelled => fill(&self.t(Msg::FetchCancelled), &counts),
            State::Stopped { wait_ms: Some(w), .. } => {
                let secs = n((w / 1000.0).ceil() as usize);
                fill(&self.t(Msg::FetchStoppedWait), &[counts[0], counts[1], ("s", &secs)])
            }
            State::Stopped { status, .. } => {
                let status = status.map_or_else(|| self.t(Msg::WhyNetwork), |s| s.to_string());
                fill(&self.t(Msg::FetchStopped), &[counts[0], counts[1], ("status", &status)])
            }
        };
        if failed > 0 {
            text.push_str(" · ");
            text.push_str(&fill(&self.t(Msg::FetchFailures), &[("n", &n(failed))]));
        }
        if let (State::Running, Some(until)) = (s.state(), s.held_until(now())) {
            text.push_str(" · ");
            text.push_str(&fill(&self.t(Msg::FetchWaiting), &[("s", &n(((until - now()) / 1000.0).ceil() as usize))]));
        }
        views::progress(&self.c, &Progress { done, total, failed, text, running: run.running() });
    }

    /// The run as the tests see it: `{"state", "done", "total", "failed"}`.
    pub fn fetch_state(&self) -> String {
        let Some(run) = &self.run else { return r#"{"state":"none","done":0,"total":0,"failed":0}"#.to_string() };
        let state = match run.sched.state() {
            State::Running => "running",
            State::Finished => "finished",
            State::Stopped { .. } => "stopped",
            State::Cancelled => "cancelled",
        };
        serde_json::json!({ "state": state, "done": run.sched.done(), "total": run.sched.total(), "failed": run.sched.failures().count() })
            .to_string()
    }
}
