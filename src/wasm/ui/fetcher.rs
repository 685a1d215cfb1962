//! "Fetch full articles": one run that fetches each listed article's own page and completes the
//! entry from it. When each request goes, and what is fetched and read at all, is `schedule.rs`'s;
//! which pages are fetched is the model's (`Model::fetch_targets`). A run does what they say
//! through the host (`host.rs`): it asks for a page (`Host::fetch_page`: redirects not followed,
//! with the browser's cookies outside private windows), judges the answer's head
//! (`schedule::verdict`), then has its body read up to the cap or dropped, arms a timer for the
//! next step, aborts, and turns each answer into a `Reply`. What comes back from the host reaches
//! the run as an [`Event`], through the panel, which shows what the run found.
//!
//! Why the glue fetches rather than web-sys: a few lines of JS hand back the head and the body's
//! bytes, and the wasm needs no `Request`, `Response`, `Headers`, stream and promise bindings for
//! them.

use std::collections::HashMap;
use std::rc::Rc;

use super::host::{Answer, Handle, Host};
use super::i18n::{fill, Msg};
use super::model::{one_page, Target};
use crate::model::{Article, Role};
use crate::wasm::library;
use crate::wasm::schedule::{self, retry_after_ms, Failure, Head, Refusal, Reply, Schedule, State, Step, Verdict};

/// What the host answered, for run `gen`.
pub enum Event {
    /// The session's cache, looked up for the run's pages (storage key → text).
    Cached(HashMap<String, String>),
    /// The head of page `id`'s answer (`Err`: a network error or an abort).
    Answered(usize, Result<Answer, ()>),
    /// The body of page `id` (`None`: over the cap).
    Body(usize, Result<Option<Vec<u8>>, ()>),
    /// The time the schedule waited for has come.
    Tick,
}

/// Hands an event of run `gen` to the panel (which drops those of a run that is not its last).
pub type Deliver = Rc<dyn Fn(u32, Event)>;

/// How a run stands, as the fetch bar shows it.
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub failed: usize,
    /// The line under the bar.
    pub text: String,
    pub running: bool,
}

/// One run of "Fetch full articles".
pub struct Run {
    /// Which run (a reply to an earlier run is dropped).
    pub gen: u32,
    sched: Schedule,
    targets: Vec<Target>,
    by_key: HashMap<String, usize>,
    /// The requests in flight, to abort.
    requests: HashMap<usize, Handle>,
    /// The address that answered, for the pages whose body is being read.
    final_urls: HashMap<usize, String>,
    timer: Option<Handle>,
    /// The session's cache has been looked up: requests may go.
    ready: bool,
}

impl Run {
    /// Run `gen` of `targets`; an earlier run's hosts' timing holds for it, and what the earlier
    /// one still has in flight is aborted (a stopped run may still have a request open: the new
    /// run's two at once are two). Addresses the policy refuses fail now, without a request.
    pub fn new(gen: u32, targets: Vec<Target>, earlier: Option<&mut Run>, host: &dyn Host) -> Run {
        let hosts: Vec<String> = targets.iter().map(|t| crate::extract::url::host(&t.url).unwrap_or_default()).collect();
        let mut sched = Schedule::new(hosts);
        if let Some(earlier) = earlier {
            sched.follow(&earlier.sched);
            earlier.sched.cancel();
            for (_, r) in earlier.requests.drain() {
                host.abort(r);
            }
        }
        let by_key = targets.iter().enumerate().map(|(i, t)| (t.key.clone(), i)).collect();
        let mut run = Run { gen, sched, targets, by_key, requests: HashMap::new(), final_urls: HashMap::new(), timer: None, ready: false };
        run.refuse_addresses();
        run
    }

    fn refuse_addresses(&mut self) {
        for (id, t) in self.targets.iter().enumerate() {
            if let Some(r) = schedule::refusal(&t.url) {
                self.sched.refuse(id, Failure::Refused(r));
            }
        }
    }

    /// The session cache's keys of the run's pages (looked up before any request goes).
    pub fn cache_keys(&self) -> Vec<String> {
        self.targets.iter().map(|t| library::fetched_key(&t.key)).collect()
    }

    /// The session's cache answered: the pages found there are not fetched (returned, by key);
    /// requests may go.
    pub fn cached(&mut self, got: &HashMap<String, String>) -> Vec<(String, Article)> {
        let mut found = Vec::new();
        for (id, t) in self.targets.iter().enumerate() {
            if let Some(own) = got.get(&library::fetched_key(&t.key)).and_then(|j| serde_json::from_str(j).ok()) {
                self.sched.skip(id);
                found.push((t.key.clone(), own));
            }
        }
        self.ready = true;
        found
    }

    /// Why the page of this article was not fetched, in this run.
    pub fn failure_of(&self, key: &str) -> Option<&Failure> {
        let id = *self.by_key.get(key)?;
        self.sched.failures().find(|(i, _)| *i == id).map(|(_, f)| f)
    }

    pub fn running(&self) -> bool {
        *self.sched.state() == State::Running
    }

    /// Does what the schedule says until it says to wait.
    pub fn pump(&mut self, host: &Rc<dyn Host>, cookies: bool, deliver: &Deliver) {
        if !self.ready {
            return;
        }
        loop {
            match self.sched.next(host.now()) {
                Step::Start(id) => self.send(id, host, cookies, deliver),
                Step::Abort(id) => {
                    if let Some(r) = self.requests.remove(&id) {
                        host.abort(r);
                    }
                }
                Step::Wait(until) => {
                    let (gen, d) = (self.gen, deliver.clone());
                    self.timer = until.is_finite().then(|| {
                        let ms = (until - host.now()).clamp(0.0, 600_000.0).ceil() as u32;
                        host.later(ms, Box::new(move || d(gen, Event::Tick)))
                    });
                    break;
                }
                Step::Done => {
                    self.timer = None;
                    break;
                }
            }
        }
    }

    /// Sends the request of page `id`.
    fn send(&mut self, id: usize, host: &Rc<dyn Host>, cookies: bool, deliver: &Deliver) {
        let (request, answer) = host.fetch_page(&self.targets[id].url, cookies);
        self.sched.sent(id, host.now());
        self.requests.insert(id, request);
        let (gen, d) = (self.gen, deliver.clone());
        host.spawn(Box::pin(async move { d(gen, Event::Answered(id, answer.await)) }));
    }

    /// The head of the answer to page `id` (or the glue's refusal, or a network error): judged by
    /// the policy before any of its body is read; the body is read when it may be.
    pub fn answered(&mut self, id: usize, answer: Result<Answer, ()>, host: &Rc<dyn Host>, deliver: &Deliver) {
        if !self.sched.in_flight(id) {
            self.requests.remove(&id);
            return;
        }
        let reply = match answer {
            // A network error (an abort is only ever of a request the schedule gave up).
            Err(()) => Reply::Busy { status: None, retry_after_ms: None },
            // The glue's own check of the address as the browser parsed it.
            Ok(Answer::Refused(r)) => Reply::Failed(Failure::Refused(Refusal::parse(&r))),
            Ok(Answer::Head { status, url, redirect, content_type, content_length, retry_after, body }) => {
                let url = if url.is_empty() { self.targets[id].url.clone() } else { url };
                let head = Head {
                    status,
                    url: &url,
                    redirect,
                    content_type: &content_type,
                    content_length: content_length.trim().parse().ok(),
                    // An HTTP date is on the wall clock; the wait it gives is a duration.
                    retry_after_ms: retry_after_ms(&retry_after, host.wall_clock()),
                };
                match schedule::verdict(&head) {
                    Verdict::Read => {
                        // The body, read as a stream, at most the cap.
                        self.final_urls.insert(id, url);
                        let read = host.read_body(body, schedule::MAX_PAGE_BYTES);
                        let (gen, d) = (self.gen, deliver.clone());
                        host.spawn(Box::pin(async move { d(gen, Event::Body(id, read.await)) }));
                        return;
                    }
                    Verdict::Reply(r) => {
                        host.discard(body);
                        r
                    }
                }
            }
        };
        self.requests.remove(&id);
        self.sched.reply(id, host.now(), reply);
    }

    /// The body of the answer to page `id`: the page is read by the same core, and its article,
    /// when it is the entry's, is returned (by key) to complete the entry; the schedule hears how
    /// it went.
    pub fn read(&mut self, id: usize, body: Result<Option<Vec<u8>>, ()>, host: &dyn Host) -> Option<(String, Article)> {
        self.requests.remove(&id);
        let final_url = self.final_urls.remove(&id);
        if !self.sched.in_flight(id) {
            return None;
        }
        let target = self.targets[id].clone();
        let final_url = final_url.unwrap_or_else(|| target.url.clone());
        let at = host.now();
        let (reply, own) = match body {
            Err(()) => (Reply::Busy { status: None, retry_after_ms: None }, None),
            Ok(None) => (Reply::Failed(Failure::TooLarge), None),
            Ok(Some(bytes)) => {
                let html = String::from_utf8_lossy(&bytes);
                // BENCHMARKS.md: the cost of completing an entry from its page.
                host.mark("caixin-complete-start");
                // The page's own article, and only if it is the entry's: another article's page
                // (or a page read as one) must not fill this entry.
                let own = crate::extract(&html, &final_url)
                    .ok()
                    .and_then(|p| p.articles.into_iter().find(|a| a.role == Role::Main))
                    .filter(|a| a.url.as_deref().and_then(crate::article_key).is_none_or(|k| k == target.key));
                host.measure("caixin-fetched-extract", "caixin-complete-start");
                match own {
                    // Part of a multi-page text: shown now, and its one-page version fetched next
                    // (once).
                    Some(a) => match one_page(&a, &target.key).filter(|u| !target.whole && *u != final_url.split('#').next().unwrap_or(""))
                    {
                        Some(u) => {
                            self.targets[id] = Target { key: target.key.clone(), url: u.to_string(), whole: true };
                            (Reply::Again, Some(a))
                        }
                        None => (Reply::Ok, Some(a)),
                    },
                    None => (Reply::Failed(Failure::NoArticle), None),
                }
            }
        };
        self.sched.reply(id, at, reply);
        own.map(|a| (target.key, a))
    }

    /// "Cancel": the run ends now, requests in flight are aborted.
    pub fn cancel(&mut self, host: &dyn Host) {
        for id in self.sched.cancel() {
            if let Some(r) = self.requests.remove(&id) {
                host.abort(r);
            }
        }
        self.timer = None;
    }

    /// "Retry failed": the failed pages go again (those the policy refuses fail again at once).
    pub fn retry_failed(&mut self) {
        self.sched.retry_failed();
        self.refuse_addresses();
    }

    /// The fetch bar as the run stands.
    pub fn progress(&self, t: &dyn Fn(Msg) -> String, now: f64) -> Progress {
        let s = &self.sched;
        let (done, total, failed) = (s.done(), s.total(), s.failures().count());
        let n = |x: usize| x.to_string();
        let counts = [("done", n(done)), ("total", n(total))];
        let counts: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut text = match s.state() {
            State::Running => fill(&t(Msg::FetchProgress), &counts),
            State::Finished => fill(&t(Msg::FetchFinished), &counts),
            State::Cancelled => fill(&t(Msg::FetchCancelled), &counts),
            State::Stopped { wait_ms: Some(w), .. } => {
                let secs = n((w / 1000.0).ceil() as usize);
                fill(&t(Msg::FetchStoppedWait), &[counts[0], counts[1], ("s", &secs)])
            }
            State::Stopped { status, .. } => {
                let status = status.map_or_else(|| t(Msg::WhyNetwork), |s| s.to_string());
                fill(&t(Msg::FetchStopped), &[counts[0], counts[1], ("status", &status)])
            }
        };
        if failed > 0 {
            text.push_str(" · ");
            text.push_str(&fill(&t(Msg::FetchFailures), &[("n", &n(failed))]));
        }
        if let (State::Running, Some(until)) = (s.state(), s.held_until(now)) {
            text.push_str(" · ");
            text.push_str(&fill(&t(Msg::FetchWaiting), &[("s", &n(((until - now) / 1000.0).ceil() as usize))]));
        }
        Progress { done, total, failed, text, running: self.running() }
    }
}

/// A run as the tests see it: `{"state", "done", "total", "failed"}`.
pub fn state_json(run: Option<&Run>) -> String {
    let Some(run) = run else { return r#"{"state":"none","done":0,"total":0,"failed":0}"#.to_string() };
    let state = match run.sched.state() {
        State::Running => "running",
        State::Finished => "finished",
        State::Stopped { .. } => "stopped",
        State::Cancelled => "cancelled",
    };
    serde_json::json!({ "state": state, "done": run.sched.done(), "total": run.sched.total(), "failed": run.sched.failures().count() })
        .to_string()
}
