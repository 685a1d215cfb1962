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
            if let Some(own) = got.get(&library::fetched_key(&t.key)).and_then(|j| library::read_article(j)) {
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
                    .filter(|a| a.key.as_deref().is_none_or(|k| k == target.key));
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
    // (Written out: the state is one of four words, the rest numbers.)
    format!(r#"{{"state":"{state}","done":{},"total":{},"failed":{}}}"#, run.sched.done(), run.sched.total(), run.sched.failures().count())
}

#[cfg(test)]
mod tests {
    //! A run driven natively through a fake host: its clock moves only when a timer is due, its
    //! fetches answer from a table, its tasks are polled to the end.
    use std::cell::{Cell, RefCell};
    use std::collections::VecDeque;
    use std::task::{Context, Poll, Waker};

    use super::*;
    use crate::wasm::ui::host::{Area, Body, Task, Watcher};
    use crate::wasm::ui::model::key_of;

    const ARTICLE: &str = include_str!("../../../tests/fixtures/caixin-global/article-new-template/source.html");
    const ARTICLE_URL: &str = "https://www.caixinglobal.com/2026-11-27/chinas-solar-makers-agree-to-curb-output-102500555.html";

    /// A timer: when it is due, and what it does then.
    type Timer = (f64, Box<dyn FnOnce()>);

    #[derive(Default)]
    struct Fake {
        clock: Cell<f64>,
        /// Address → status and HTML.
        pages: HashMap<String, (u16, String)>,
        /// Each request: address, time, with cookies.
        requests: RefCell<Vec<(String, f64, bool)>>,
        tasks: RefCell<Vec<Task<()>>>,
        timers: RefCell<Vec<Timer>>,
        discarded: Cell<usize>,
    }

    impl Host for Fake {
        fn translate(&self, _: Msg) -> Option<String> {
            None
        }
        fn scroll_to(&self, _: Option<&str>, _: Option<&str>, _: Option<&str>) {}
        fn open(&self, _: &str) {}
        fn download(&self, _: &str, _: &str, _: &str) {}
        fn copy(&self, _: &str) {}
        fn save_format(&self, _: crate::export::Format) {}
        fn rescan(&self) {}
        fn storage_get(&self, _: Area, _: Option<Vec<String>>) -> Task<Result<HashMap<String, String>, String>> {
            Box::pin(async { Ok(HashMap::new()) })
        }
        fn storage_keys(&self, _: Area) -> Task<Result<Vec<String>, String>> {
            Box::pin(async { Ok(Vec::new()) })
        }
        fn storage_apply(&self, _: Area, _: library::Writes) -> Task<Result<(), String>> {
            Box::pin(async { Ok(()) })
        }
        fn watch_storage(&self, _: Watcher) {}
        fn locked(&self, work: Task<Result<(), String>>) -> Task<Result<(), String>> {
            work
        }
        fn fetch_page(&self, url: &str, cookies: bool) -> (Handle, Task<Result<Answer, ()>>) {
            self.requests.borrow_mut().push((url.to_string(), self.now(), cookies));
            let (status, html) = self.pages.get(url).cloned().unwrap_or((404, String::new()));
            let answer = Answer::Head {
                status,
                url: url.to_string(),
                redirect: false,
                content_type: "text/html; charset=utf-8".into(),
                content_length: String::new(),
                retry_after: String::new(),
                body: Body(Box::new(html)),
            };
            (Box::new(()), Box::pin(async move { Ok(answer) }))
        }
        fn abort(&self, _: Handle) {}
        fn read_body(&self, body: Body, max: usize) -> Task<Result<Option<Vec<u8>>, ()>> {
            let html = *body.0.downcast::<String>().expect("the fake's body");
            Box::pin(async move { Ok((html.len() <= max).then(|| html.into_bytes())) })
        }
        fn discard(&self, _: Body) {
            self.discarded.set(self.discarded.get() + 1);
        }
        fn now(&self) -> f64 {
            self.clock.get()
        }
        fn wall_clock(&self) -> f64 {
            1.7e12 + self.clock.get()
        }
        fn spawn(&self, task: Task<()>) {
            self.tasks.borrow_mut().push(task);
        }
        fn later(&self, ms: u32, f: Box<dyn FnOnce()>) -> Handle {
            self.timers.borrow_mut().push((self.clock.get() + f64::from(ms), f));
            Box::new(())
        }
        fn mark(&self, _: &str) {}
        fn measure(&self, _: &str, _: &str) {}
    }

    /// Drives `run` as the panel does until nothing is left to happen; returns the articles read.
    fn drive(run: &mut Run, fake: &Rc<Fake>, events: &Rc<RefCell<VecDeque<(u32, Event)>>>) -> Vec<(String, Article)> {
        let host: Rc<dyn Host> = fake.clone();
        let queue = events.clone();
        let deliver: Deliver = Rc::new(move |gen, e| queue.borrow_mut().push_back((gen, e)));
        let mut read = Vec::new();
        run.pump(&host, true, &deliver);
        loop {
            let tasks: Vec<Task<()>> = fake.tasks.borrow_mut().drain(..).collect();
            let any_task = !tasks.is_empty();
            for mut t in tasks {
                assert!(t.as_mut().poll(&mut Context::from_waker(Waker::noop())) == Poll::Ready(()), "the fake answers at once");
            }
            let event = events.borrow_mut().pop_front();
            if let Some((gen, e)) = event {
                assert_eq!(gen, run.gen);
                match e {
                    Event::Cached(got) => read.extend(run.cached(&got)),
                    Event::Answered(id, a) => run.answered(id, a, &host, &deliver),
                    Event::Body(id, b) => read.extend(run.read(id, b, &*host)),
                    Event::Tick => {}
                }
                run.pump(&host, true, &deliver);
                continue;
            }
            if any_task {
                continue;
            }
            let due = {
                let mut timers = fake.timers.borrow_mut();
                let first = (0..timers.len()).min_by(|&a, &b| timers[a].0.total_cmp(&timers[b].0));
                first.map(|i| timers.remove(i))
            };
            match due {
                Some((at, f)) => {
                    fake.clock.set(fake.clock.get().max(at));
                    f();
                }
                None => break,
            }
        }
        read
    }

    fn target(url: &str) -> Target {
        Target { key: crate::article_key(url).expect("an article address"), url: url.to_string(), whole: false }
    }

    #[test]
    fn a_run_reads_each_page_spaced_per_host_and_says_what_failed() {
        let gone = "https://www.caixinglobal.com/2026-11-27/gone-102500556.html";
        let fake =
            Rc::new(Fake { pages: [(ARTICLE_URL.to_string(), (200, ARTICLE.to_string()))].into_iter().collect(), ..Fake::default() });
        let targets = vec![target(ARTICLE_URL), target(gone), target("http://www.caixinglobal.com/2026-11-27/plain-102500557.html")];
        let mut run = Run::new(1, targets, None, &*fake);
        assert_eq!(run.cache_keys().len(), 3);
        let events = Rc::new(RefCell::new(VecDeque::new()));
        let mut read = drive(&mut run, &fake, &events);
        assert!(read.is_empty() && fake.requests.borrow().is_empty(), "nothing goes before the session's cache answered");
        events.borrow_mut().push_back((1, Event::Cached(HashMap::new())));
        read.extend(drive(&mut run, &fake, &events));

        let requests = fake.requests.borrow();
        assert_eq!(requests.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), [ARTICLE_URL, gone], "the http address is refused unasked");
        assert!(requests[1].1 - requests[0].1 >= 500.0, "500 ms apart on one host: {requests:?}");
        assert!(requests.iter().all(|r| r.2), "with the browser's cookies");
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].0, crate::article_key(ARTICLE_URL).unwrap());
        assert_eq!(key_of(&read[0].1).as_deref(), Some(read[0].0.as_str()));
        assert!(!read[0].1.body.is_empty(), "the page's own article, with its text");
        assert_eq!(run.failure_of(&crate::article_key(gone).unwrap()), Some(&Failure::Status(404)));
        assert_eq!(fake.discarded.get(), 1, "the 404's body is dropped unread");
        assert!(matches!(
            run.failure_of(&target("http://www.caixinglobal.com/2026-11-27/plain-102500557.html").key),
            Some(Failure::Refused(_))
        ));
        let state: serde_json::Value = serde_json::from_str(&state_json(Some(&run))).unwrap();
        assert_eq!((state["state"].as_str(), state["done"].as_u64(), state["failed"].as_u64()), (Some("finished"), Some(1), Some(2)));
        let t = |m: Msg| crate::wasm::ui::i18n::english(m).to_string();
        let p = run.progress(&t, fake.now());
        assert!(!p.running && p.failed == 2 && p.done == 1 && p.total == 3);
    }

    #[test]
    fn pages_in_the_sessions_cache_are_not_fetched_and_another_articles_page_fills_nothing() {
        let other = "https://www.caixinglobal.com/2026-11-27/other-102500558.html";
        // The article's page served at another article's address: read, and refused as its page.
        let fake = Rc::new(Fake { pages: [(other.to_string(), (200, ARTICLE.to_string()))].into_iter().collect(), ..Fake::default() });
        let mut run = Run::new(1, vec![target(ARTICLE_URL), target(other)], None, &*fake);
        let cached = serde_json::to_string(&Article { title: Some("cached".into()), ..Default::default() }).unwrap();
        let events =
            Rc::new(RefCell::new(VecDeque::from([(1, Event::Cached([(run.cache_keys()[0].clone(), cached)].into_iter().collect()))])));
        let read = drive(&mut run, &fake, &events);
        assert_eq!(read.len(), 1, "only the cached one");
        assert_eq!(read[0].1.title.as_deref(), Some("cached"));
        assert_eq!(fake.requests.borrow().len(), 1, "the cached page is not asked for");
        assert_eq!(run.failure_of(&crate::article_key(other).unwrap()), Some(&Failure::NoArticle));
    }
}
