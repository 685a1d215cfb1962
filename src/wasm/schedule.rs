//! When the sidebar's "Fetch full articles" may send each request: the policy as a state machine,
//! fed with the time and the replies, so it is tested natively (no browser, no clock of its own).
//! The browser side (`ui/fetcher.rs`) only does what `next` says and reports what came back.
//!
//! The policy (README, "Full text for listed articles"):
//! - at most [`MAX_IN_FLIGHT`] requests at once, and request starts at least [`SPACING_MS`] apart
//!   on the same host;
//! - a page that answers (2xx with an article, or a 404, …) resets its host's trouble count;
//! - *trouble* is a 429, 408 or 5xx, a network error or no answer within [`TIMEOUT_MS`]: the host
//!   then waits what `Retry-After` says, else [`BACKOFF_MS`] doubled at each trouble in a row, and
//!   the page goes to the end of the queue (at most [`MAX_ATTEMPTS`] tries per page: one broken
//!   page among good ones fails alone, its troubles are not in a row);
//! - [`MAX_TROUBLE_IN_ROW`] troubles in a row from one host, or a `Retry-After` longer than
//!   [`MAX_WAIT_MS`], stop the run: what was not fetched is failed, for "Retry failed";
//! - cancelling ends the run at once (the caller aborts the requests in flight).
//!
//! And what it fetches at all ([`refusal`], [`verdict`]): https addresses on a Caixin host, with no
//! user name and no port but 443, checked as written and as the browser reads them; a redirect is
//! not followed; the address answered is checked before the body is read, and the body is read up
//! to [`MAX_PAGE_BYTES`] whatever `Content-Length` says. A refused address is a final failure of
//! that page, never trouble: links a page shows cannot stop the run.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use std::collections::{HashMap, VecDeque};

/// Requests under way at once, all hosts together.
pub const MAX_IN_FLIGHT: usize = 2;
/// The least time between two request starts on one host.
pub const SPACING_MS: f64 = 500.0;
/// A request without an answer after this long is aborted, as trouble.
pub const TIMEOUT_MS: f64 = 30_000.0;
/// The wait after a first trouble without `Retry-After`; doubled at each trouble in a row.
pub const BACKOFF_MS: f64 = 2_000.0;
/// Troubles in a row from one host that stop the run.
pub const MAX_TROUBLE_IN_ROW: u32 = 3;
/// Tries of one page within a run.
pub const MAX_ATTEMPTS: u32 = 3;
/// A `Retry-After` longer than this stops the run rather than holding the panel for it.
pub const MAX_WAIT_MS: f64 = 120_000.0;

/// A page's body is read up to this many bytes (the core's limit); a larger one is not read.
pub const MAX_PAGE_BYTES: usize = crate::MAX_HTML_BYTES;

/// Why an address is not fetched, or what came back is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not `https:`.
    NotHttps,
    /// A user name or password in the address.
    UserInfo,
    /// A port other than https's own.
    Port,
    /// Not a Caixin host.
    OffSite,
    /// The site answered with a redirect (not followed: what is fetched is what was checked).
    Redirected,
    /// No address the browser reads.
    BadAddress,
}

impl Refusal {
    const ALL: [Refusal; 6] =
        [Refusal::NotHttps, Refusal::UserInfo, Refusal::Port, Refusal::OffSite, Refusal::Redirected, Refusal::BadAddress];

    /// Its name, as the glue reports it.
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::NotHttps => "not-https",
            Refusal::UserInfo => "user-info",
            Refusal::Port => "port",
            Refusal::OffSite => "off-site",
            Refusal::Redirected => "redirected",
            Refusal::BadAddress => "bad-address",
        }
    }

    /// The refusal of a name (`as_str`); an unknown one is a bad address.
    pub fn parse(s: &str) -> Refusal {
        Refusal::ALL.into_iter().find(|r| r.as_str() == s).unwrap_or(Refusal::BadAddress)
    }
}

/// Why `url` is not fetched (`None`: it may be). Called on the address as the sidebar has it and,
/// by the glue, on the same address as the browser parsed it (`new URL(…).href`).
pub fn refusal(url: &str) -> Option<Refusal> {
    let Some(p) = crate::extract::url::parse(url) else { return Some(Refusal::BadAddress) };
    if !p.scheme.eq_ignore_ascii_case("https") {
        return Some(Refusal::NotHttps);
    }
    if p.authority.contains('@') {
        return Some(Refusal::UserInfo);
    }
    if p.authority.split_once(':').is_some_and(|(_, port)| port != "443") {
        return Some(Refusal::Port);
    }
    if !crate::is_supported_url(url) {
        return Some(Refusal::OffSite);
    }
    None
}

/// What an answer's status line and headers say, before its body is read.
#[derive(Debug, Clone, PartialEq)]
pub struct Head<'a> {
    /// The HTTP status (0: none, as for a redirect not followed).
    pub status: u16,
    /// The address that answered.
    pub url: &'a str,
    /// A redirect, not followed (`fetch(…, { redirect: 'manual' })` gives an `opaqueredirect`).
    pub redirect: bool,
    /// `Content-Type` (empty when absent).
    pub content_type: &'a str,
    /// `Content-Length`, when given.
    pub content_length: Option<u64>,
    /// `Retry-After` as a wait in ms.
    pub retry_after_ms: Option<f64>,
}

/// What to do with an answer, from its head.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Read its body (at most [`MAX_PAGE_BYTES`]).
    Read,
    /// Do not read it: this is how the page went.
    Reply(Reply),
}

/// The answer's fate before its body is read: a redirect or a refused address is final, as is
/// what is no HTML page or larger than the core reads; 408, 429 and 5xx are trouble; any other
/// status is final.
pub fn verdict(head: &Head<'_>) -> Verdict {
    let failed = |f| Verdict::Reply(Reply::Failed(f));
    if head.redirect {
        return failed(Failure::Refused(Refusal::Redirected));
    }
    if let Some(r) = refusal(head.url) {
        return failed(Failure::Refused(r));
    }
    match head.status {
        200..=299 => {
            let ct = head.content_type.to_ascii_lowercase();
            if !ct.is_empty() && !ct.contains("html") {
                failed(Failure::NoArticle)
            } else if head.content_length.is_some_and(|n| n > MAX_PAGE_BYTES as u64) {
                failed(Failure::TooLarge)
            } else {
                Verdict::Read
            }
        }
        408 | 429 | 500..=599 => Verdict::Reply(Reply::Busy { status: Some(head.status), retry_after_ms: head.retry_after_ms }),
        s => failed(Failure::Status(s)),
    }
}

/// Why a page was not fetched.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// An answer that is no page of ours: 404, 403, …
    Status(u16),
    /// A page without an article of its own (a list, an error page served as 200), or no HTML.
    NoArticle,
    /// An address not fetched, or an answer not read (module comment).
    Refused(Refusal),
    /// Larger than [`MAX_PAGE_BYTES`].
    TooLarge,
    /// Trouble (429, 5xx: the status; `None`: a network error) at every try.
    Busy(Option<u16>),
    /// No answer in time at the last try.
    TimedOut,
    /// The run stopped before this page's turn.
    Stopped,
}

/// What came back for a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The page, with an article of its own.
    Ok,
    /// A final answer that is not one (404, a page without an article…): not tried again.
    Failed(Failure),
    /// 429, 408, 5xx (`status`), or a network error (`None`): try again later.
    Busy { status: Option<u16>, retry_after_ms: Option<f64> },
    /// The page answered, and says its text is whole at another address (a multi-page article's
    /// one-page version): the job goes once more, to that address, after the others queued. An
    /// answer, not trouble: the host's spacing holds, its trouble count starts again.
    Again,
}

/// What to do now.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Send the request of job `id`.
    Start(usize),
    /// Abort the request of job `id`: it has had no answer for [`TIMEOUT_MS`].
    Abort(usize),
    /// Nothing before this time (ms), unless a reply comes first.
    Wait(f64),
    /// The run is over: nothing in flight, nothing left (or stopped, or cancelled).
    Done,
}

/// How a run stands.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// Requests are being sent.
    Running,
    /// Every page was tried.
    Finished,
    /// The site was in trouble: `status` of the last trouble (`None`: network or time-out), or it
    /// asked to wait `wait_ms`.
    Stopped { status: Option<u16>, wait_ms: Option<f64> },
    /// The reader cancelled.
    Cancelled,
}

#[derive(Debug, Clone, PartialEq)]
enum JobState {
    Queued,
    InFlight { since: f64 },
    Done,
    Failed(Failure),
    Cancelled,
}

#[derive(Debug)]
struct Job {
    host: String,
    attempts: u32,
    state: JobState,
}

#[derive(Debug, Default)]
struct Host {
    last_start: Option<f64>,
    not_before: f64,
    trouble: u32,
}

impl Host {
    fn ready_at(&self) -> f64 {
        self.last_start.map_or(f64::NEG_INFINITY, |t| t + SPACING_MS).max(self.not_before)
    }
}

/// One run of "Fetch full articles": its jobs (one per page, by index) and its hosts.
#[derive(Debug)]
pub struct Schedule {
    jobs: Vec<Job>,
    queue: VecDeque<usize>,
    hosts: HashMap<String, Host>,
    in_flight: usize,
    state: State,
}

impl Schedule {
    /// A run over pages on these hosts (job `i` is the `i`th), all queued in that order.
    pub fn new<S: Into<String>>(hosts: impl IntoIterator<Item = S>) -> Schedule {
        let jobs: Vec<Job> = hosts.into_iter().map(|h| Job { host: h.into(), attempts: 0, state: JobState::Queued }).collect();
        let hosts = jobs.iter().map(|j| (j.host.clone(), Host::default())).collect();
        Schedule { queue: (0..jobs.len()).collect(), jobs, hosts, in_flight: 0, state: State::Running }
    }

    /// Takes the hosts' timing from an earlier run (the last start, a wait still due), so a run
    /// started right after another, or after a cancel, keeps their spacing.
    pub fn follow(&mut self, earlier: &Schedule) {
        for (name, h) in &mut self.hosts {
            if let Some(e) = earlier.hosts.get(name) {
                h.last_start = e.last_start;
                h.not_before = e.not_before;
            }
        }
    }

    /// A queued job needs no request (its page was in the cache).
    pub fn skip(&mut self, id: usize) {
        self.settle(id, JobState::Done);
    }

    /// A queued job is not sent: it failed already (its address is refused).
    pub fn refuse(&mut self, id: usize, failure: Failure) {
        self.settle(id, JobState::Failed(failure));
    }

    fn settle(&mut self, id: usize, state: JobState) {
        if self.jobs.get(id).is_some_and(|j| j.state == JobState::Queued) {
            self.jobs[id].state = state;
            self.queue.retain(|&q| q != id);
        }
    }

    /// What to do at time `now` (ms). Call again after acting on a `Start` or `Abort`.
    pub fn next(&mut self, now: f64) -> Step {
        // A request past its time is given up in any state: after a stop, a hung request would
        // otherwise hold the run (and keep the caller waking) until the browser gives up.
        if let Some(id) = self.jobs.iter().position(|j| matches!(j.state, JobState::InFlight { since } if now >= since + TIMEOUT_MS)) {
            if self.state == State::Running {
                self.trouble(id, now, None, None, true);
            } else {
                self.in_flight -= 1;
                self.jobs[id].state = JobState::Failed(Failure::TimedOut);
            }
            return Step::Abort(id);
        }
        let deadline = self
            .jobs
            .iter()
            .filter_map(|j| if let JobState::InFlight { since } = j.state { Some(since + TIMEOUT_MS) } else { None })
            .reduce(f64::min);
        if self.state != State::Running {
            return if self.in_flight == 0 { Step::Done } else { Step::Wait(deadline.unwrap_or(f64::INFINITY)) };
        }
        if self.queue.is_empty() && self.in_flight == 0 {
            self.state = State::Finished;
            return Step::Done;
        }
        let mut ready_at = f64::INFINITY;
        if self.in_flight < MAX_IN_FLIGHT {
            for (pos, &id) in self.queue.iter().enumerate() {
                let at = self.hosts[&self.jobs[id].host].ready_at();
                if at <= now {
                    self.queue.remove(pos);
                    let job = &mut self.jobs[id];
                    job.attempts += 1;
                    job.state = JobState::InFlight { since: now };
                    self.hosts.get_mut(&job.host).expect("every job's host has an entry").last_start = Some(now);
                    self.in_flight += 1;
                    return Step::Start(id);
                }
                ready_at = ready_at.min(at);
            }
        }
        Step::Wait(ready_at.min(deadline.unwrap_or(f64::INFINITY)))
    }

    /// The request of job `id` left at `now` (after `Start`, once the browser took it): its host's
    /// spacing counts from then, so the next start is 500 ms after this one however long the
    /// hand-over took.
    pub fn sent(&mut self, id: usize, now: f64) {
        if let Some(job) = self.jobs.get(id) {
            if let Some(h) = self.hosts.get_mut(&job.host) {
                h.last_start = Some(h.last_start.map_or(now, |t| t.max(now)));
            }
        }
    }

    /// The reply to job `id` at time `now`. A reply to a job no longer in flight (cancelled,
    /// timed out) is ignored: `false`.
    pub fn reply(&mut self, id: usize, now: f64, reply: Reply) -> bool {
        if !self.jobs.get(id).is_some_and(|j| matches!(j.state, JobState::InFlight { .. })) {
            return false;
        }
        match reply {
            Reply::Ok => self.answered(id, JobState::Done),
            Reply::Failed(f) => self.answered(id, JobState::Failed(f)),
            Reply::Busy { status, retry_after_ms } => self.trouble(id, now, status, retry_after_ms, false),
            Reply::Again => {
                self.answered(id, JobState::Queued);
                // A new address: its own tries (in a stopped run it is not fetched).
                self.jobs[id].attempts = 0;
                if self.state == State::Running {
                    self.queue.push_back(id);
                } else {
                    self.jobs[id].state = JobState::Failed(Failure::Stopped);
                }
            }
        }
        true
    }

    fn answered(&mut self, id: usize, state: JobState) {
        self.in_flight -= 1;
        let job = &mut self.jobs[id];
        job.state = state;
        self.hosts.get_mut(&job.host).expect("every job's host has an entry").trouble = 0;
    }

    /// Job `id` met trouble: its host waits, the job is tried again or failed, or the run stops.
    fn trouble(&mut self, id: usize, now: f64, status: Option<u16>, retry_after_ms: Option<f64>, timed_out: bool) {
        self.in_flight -= 1;
        // After a stop, nothing is queued again (it would be neither done nor failed).
        let running = self.state == State::Running;
        let job = &mut self.jobs[id];
        let host = self.hosts.get_mut(&job.host).expect("every job's host has an entry");
        host.trouble += 1;
        let wait = retry_after_ms.map(|w| w.max(0.0)).unwrap_or(BACKOFF_MS * f64::from(1u32 << (host.trouble - 1).min(16)));
        host.not_before = host.not_before.max(now + wait);
        let failure = if timed_out { Failure::TimedOut } else { Failure::Busy(status) };
        let stop = if wait > MAX_WAIT_MS {
            Some(State::Stopped { status, wait_ms: Some(wait) })
        } else if host.trouble >= MAX_TROUBLE_IN_ROW {
            Some(State::Stopped { status, wait_ms: None })
        } else {
            None
        };
        if stop.is_some() || job.attempts >= MAX_ATTEMPTS || !running {
            job.state = JobState::Failed(failure);
        } else {
            job.state = JobState::Queued;
            self.queue.push_back(id);
        }
        if let Some(s) = stop {
            self.state = s;
            for q in self.queue.drain(..) {
                self.jobs[q].state = JobState::Failed(Failure::Stopped);
            }
        }
    }

    /// Ends the run now; returns the jobs in flight, whose requests the caller aborts.
    pub fn cancel(&mut self) -> Vec<usize> {
        let mut aborted = Vec::new();
        for (id, j) in self.jobs.iter_mut().enumerate() {
            match j.state {
                JobState::InFlight { .. } => {
                    aborted.push(id);
                    j.state = JobState::Cancelled;
                }
                JobState::Queued => j.state = JobState::Cancelled,
                _ => {}
            }
        }
        self.queue.clear();
        self.in_flight = 0;
        if self.state == State::Running {
            self.state = State::Cancelled;
        }
        aborted
    }

    /// Queues the failed jobs again ("Retry failed") and runs. The hosts' waits still hold; their
    /// trouble counts start again. Returns how many were queued.
    pub fn retry_failed(&mut self) -> usize {
        let mut n = 0;
        for (id, j) in self.jobs.iter_mut().enumerate() {
            if matches!(j.state, JobState::Failed(_)) {
                j.state = JobState::Queued;
                j.attempts = 0;
                self.queue.push_back(id);
                n += 1;
            }
        }
        for h in self.hosts.values_mut() {
            h.trouble = 0;
        }
        if n > 0 || self.in_flight > 0 {
            self.state = State::Running;
        }
        n
    }

    /// How the run stands.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Pages in the run.
    pub fn total(&self) -> usize {
        self.jobs.len()
    }

    /// Pages fetched (or found in the cache).
    pub fn done(&self) -> usize {
        self.jobs.iter().filter(|j| j.state == JobState::Done).count()
    }

    /// Pages that failed, with why.
    pub fn failures(&self) -> impl Iterator<Item = (usize, &Failure)> {
        self.jobs.iter().enumerate().filter_map(|(i, j)| if let JobState::Failed(f) = &j.state { Some((i, f)) } else { None })
    }

    /// Is job `id` in flight?
    pub fn in_flight(&self, id: usize) -> bool {
        self.jobs.get(id).is_some_and(|j| matches!(j.state, JobState::InFlight { .. }))
    }

    /// Until when a host in trouble makes the queue wait (ms), when that is later than `now` and
    /// pages of that host are queued: for "waiting N s".
    pub fn held_until(&self, now: f64) -> Option<f64> {
        self.queue.iter().map(|&id| self.hosts[&self.jobs[id].host].not_before).filter(|&t| t > now).reduce(f64::min)
    }
}

/// A `Retry-After` value in ms from `now_ms`: delay-seconds, or an HTTP date in the form
/// servers send (IMF-fixdate, `Wed, 21 Oct 2015 07:28:00 GMT`, RFC 9110 §5.6.7). `None` when it
/// is neither. (Read by hand: chrono's RFC 2822 parser would add its whole format machinery to
/// the wasm for this one line.)
pub fn retry_after_ms(value: &str, now_ms: f64) -> Option<f64> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(secs as f64 * 1000.0);
    }
    let mut parts = v.split_ascii_whitespace();
    let (_weekday, day, month, year, time, zone) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if zone != "GMT" || parts.next().is_some() {
        return None;
    }
    let month = crate::extract::dates::month_of_abbreviation(month.as_bytes())?;
    let mut hms = time.split(':').map(|x| x.parse::<u32>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    let at = chrono::NaiveDate::from_ymd_opt(year.parse().ok()?, month, day.parse().ok()?)?.and_hms_opt(h, m, s)?.and_utc();
    Some((at.timestamp_millis() as f64 - now_ms).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How a simulated server answers one try of a page: after `ms`, with `reply`.
    #[derive(Clone)]
    struct Answer {
        ms: f64,
        reply: Reply,
    }

    fn ok(ms: f64) -> Answer {
        Answer { ms, reply: Reply::Ok }
    }

    fn busy(ms: f64, status: u16, retry_after_ms: Option<f64>) -> Answer {
        Answer { ms, reply: Reply::Busy { status: Some(status), retry_after_ms } }
    }

    /// Runs a schedule against a simulated clock: `answers[i]` are the successive answers of page
    /// `i` (the last repeats). Returns the start times per job and the schedule at the end.
    /// Checks at every step that no more than two requests are in flight and that starts on one
    /// host are 500 ms apart.
    fn simulate(hosts: &[&str], answers: &[Vec<Answer>], cancel_at: Option<f64>) -> (Vec<Vec<f64>>, Schedule) {
        let mut s = Schedule::new(hosts.iter().copied());
        let mut now = 0.0;
        let mut pending: Vec<(f64, usize, Reply)> = Vec::new();
        let mut starts: Vec<Vec<f64>> = vec![Vec::new(); hosts.len()];
        let mut last_on_host: HashMap<&str, f64> = HashMap::new();
        for _ in 0..10_000 {
            if cancel_at.is_some_and(|c| now >= c) && *s.state() == State::Running {
                s.cancel();
                pending.clear();
            }
            match s.next(now) {
                Step::Start(id) => {
                    let host = hosts[id];
                    if let Some(t) = last_on_host.get(host) {
                        assert!(now - t >= SPACING_MS, "{host}: starts {t} and {now}");
                    }
                    last_on_host.insert(host, now);
                    let k = starts[id].len().min(answers[id].len() - 1);
                    let a = answers[id][k].clone();
                    starts[id].push(now);
                    pending.push((now + a.ms, id, a.reply));
                    assert!(pending.len() <= MAX_IN_FLIGHT, "in flight: {}", pending.len());
                }
                Step::Abort(id) => pending.retain(|p| p.1 != id),
                Step::Wait(until) => {
                    pending.sort_by(|a, b| a.0.total_cmp(&b.0));
                    let reply_at = pending.first().map_or(f64::INFINITY, |p| p.0);
                    let cancel = cancel_at.filter(|&c| c > now && *s.state() == State::Running).unwrap_or(f64::INFINITY);
                    let t = until.min(reply_at).min(cancel);
                    assert!(t.is_finite() && t >= now, "stuck at {now}");
                    now = t;
                    if reply_at <= now {
                        let (_, id, reply) = pending.remove(0);
                        assert!(s.reply(id, now, reply));
                    }
                }
                Step::Done => return (starts, s),
            }
        }
        panic!("did not end");
    }

    #[test]
    fn two_at_once_and_half_a_second_apart_per_host() {
        let hosts = ["a", "a", "a", "a", "b", "b", "a"];
        let answers: Vec<Vec<Answer>> = (0..hosts.len()).map(|i| vec![ok(100.0 + 300.0 * i as f64)]).collect();
        let (starts, s) = simulate(&hosts, &answers, None);
        assert_eq!(*s.state(), State::Finished);
        assert_eq!((s.done(), s.total()), (7, 7));
        // Host a's pages start every 500 ms while b's fill the other slot in between.
        assert_eq!(starts[0], [0.0]);
        assert_eq!(starts[1], [500.0]);
        assert!(starts[4][0] < starts[3][0], "b's first page is not held behind a's spacing");
    }

    #[test]
    fn a_slow_page_holds_one_slot_only() {
        let hosts = ["a"; 5];
        let mut answers: Vec<Vec<Answer>> = vec![vec![ok(50.0)]; 5];
        answers[0] = vec![ok(10_000.0)];
        let (starts, s) = simulate(&hosts, &answers, None);
        assert_eq!(s.done(), 5);
        // The four others went one after the other, 500 ms apart, while the first was loading.
        assert_eq!(starts.iter().map(|s| s[0]).collect::<Vec<_>>(), [0.0, 500.0, 1000.0, 1500.0, 2000.0]);
    }

    #[test]
    fn retry_after_is_respected_and_a_404_is_final() {
        let hosts = ["a"; 3];
        let answers = vec![
            vec![busy(20.0, 429, Some(3_000.0)), ok(20.0)],
            vec![Answer { ms: 20.0, reply: Reply::Failed(Failure::Status(404)) }],
            vec![ok(20.0)],
        ];
        let (starts, s) = simulate(&hosts, &answers, None);
        // Page 0 answered 429 at 20 ms, before page 1's turn at 500 ms: the host waits 3 s from
        // then; page 0 is tried again after the others, 500 ms apart.
        assert_eq!(starts[1], [3020.0]);
        assert_eq!(starts[2], [3520.0]);
        assert_eq!(starts[0], [0.0, 4020.0]);
        assert_eq!(starts[1].len(), 1, "a 404 is not tried again");
        assert_eq!(s.failures().collect::<Vec<_>>(), [(1, &Failure::Status(404))]);
        assert_eq!(s.done(), 2);
    }

    #[test]
    fn backoff_doubles_and_three_troubles_in_a_row_stop_the_run() {
        let hosts = ["a"; 4];
        let answers = vec![vec![busy(10.0, 503, None)]; 4];
        let (starts, s) = simulate(&hosts, &answers, None);
        assert_eq!(*s.state(), State::Stopped { status: Some(503), wait_ms: None });
        // Tries at 0, then 2 s after the first answer, then 4 s after the second.
        let all: Vec<f64> = starts.iter().flatten().copied().collect();
        assert_eq!(all, [0.0, 2010.0, 6020.0], "{starts:?}");
        assert_eq!(s.done(), 0);
        let f: Vec<_> = s.failures().map(|(_, f)| f.clone()).collect();
        assert_eq!(f, [Failure::Stopped, Failure::Stopped, Failure::Busy(Some(503)), Failure::Stopped]);
    }

    #[test]
    fn an_answer_between_troubles_resets_the_count_but_a_page_has_three_tries() {
        // Page 0 always fails with 500; the others succeed in between.
        let hosts = ["a"; 6];
        let mut answers = vec![vec![ok(10.0)]; 6];
        answers[0] = vec![busy(10.0, 500, Some(0.0))];
        let (starts, s) = simulate(&hosts, &answers, None);
        assert_eq!(*s.state(), State::Finished);
        assert_eq!(starts[0].len(), 3);
        assert_eq!(s.failures().collect::<Vec<_>>(), [(0, &Failure::Busy(Some(500)))]);
        assert_eq!(s.done(), 5);
    }

    #[test]
    fn a_long_retry_after_stops_at_once() {
        let (_, s) = simulate(&["a", "a"], &[vec![busy(10.0, 429, Some(600_000.0))], vec![ok(10.0)]], None);
        assert_eq!(*s.state(), State::Stopped { status: Some(429), wait_ms: Some(600_000.0) });
        // Page 0's answer at 10 ms stopped the run before page 1's turn at 500 ms.
        assert_eq!(s.done(), 0);
    }

    #[test]
    fn no_answer_in_time_is_trouble_and_tried_again() {
        let answers = vec![vec![ok(60_000.0), ok(10.0)]];
        let (starts, s) = simulate(&["a"], &answers, None);
        assert_eq!(starts[0], [0.0, TIMEOUT_MS + BACKOFF_MS]);
        assert_eq!(s.done(), 1);
    }

    #[test]
    fn cancel_ends_the_run_and_late_replies_are_ignored() {
        let hosts = ["a"; 6];
        let answers = vec![vec![ok(300.0)]; 6];
        let (starts, mut s) = simulate(&hosts, &answers, Some(1200.0));
        assert_eq!(*s.state(), State::Cancelled);
        let started = starts.iter().filter(|s| !s.is_empty()).count();
        assert_eq!(started, 3, "started at 0, 500 and 1000 ms");
        assert_eq!(s.done(), 2);
        assert!(!s.reply(2, 1300.0, Reply::Ok), "the reply of a cancelled request is ignored");
        assert_eq!(s.next(1300.0), Step::Done);
    }

    #[test]
    fn retry_failed_runs_the_failed_pages_only() {
        let mut s = Schedule::new(["a", "a", "a"]);
        assert_eq!(s.next(0.0), Step::Start(0));
        assert_eq!(s.next(0.0), Step::Wait(SPACING_MS));
        assert!(s.reply(0, 100.0, Reply::Failed(Failure::Status(404))));
        assert_eq!(s.next(500.0), Step::Start(1));
        assert!(s.reply(1, 600.0, Reply::Ok));
        assert_eq!(s.next(1000.0), Step::Start(2));
        assert!(s.reply(2, 1100.0, Reply::Failed(Failure::NoArticle)));
        assert_eq!(s.next(1100.0), Step::Done);
        assert_eq!(*s.state(), State::Finished);
        assert_eq!(s.retry_failed(), 2);
        assert_eq!(*s.state(), State::Running);
        assert_eq!(s.next(1200.0), Step::Wait(1500.0), "spacing holds across the retry");
        assert_eq!(s.next(1500.0), Step::Start(0));
        assert!(s.reply(0, 1600.0, Reply::Ok));
        assert_eq!(s.next(2000.0), Step::Start(2));
        assert!(s.reply(2, 2100.0, Reply::Ok));
        assert_eq!(s.next(2100.0), Step::Done);
        assert_eq!((s.done(), s.failures().count()), (3, 0));
    }

    #[test]
    fn a_run_after_a_cancel_keeps_the_spacing_and_the_waits() {
        let mut first = Schedule::new(["a", "a", "b"]);
        assert_eq!(first.next(0.0), Step::Start(0));
        assert_eq!(first.next(0.0), Step::Start(2));
        assert!(first.reply(2, 10.0, Reply::Busy { status: Some(429), retry_after_ms: Some(4_000.0) }));
        assert_eq!(first.cancel(), [0]);
        let mut second = Schedule::new(["a", "b", "c"]);
        second.follow(&first);
        assert_eq!(second.next(100.0), Step::Start(2), "c is new: at once; a was started at 0, b waits until 4010");
        assert_eq!(second.next(100.0), Step::Wait(SPACING_MS));
        assert_eq!(second.next(500.0), Step::Start(0));
    }

    /// Three troubles from host a stop the run while b's request hangs: it is given up at its
    /// time, not waited for (a caller woken again and again), and nothing is queued again.
    #[test]
    fn after_a_stop_a_hung_request_is_given_up_and_nothing_requeued() {
        let mut s = Schedule::new(["b", "a", "a", "a", "a"]);
        assert_eq!(s.next(0.0), Step::Start(0));
        assert_eq!(s.next(0.0), Step::Start(1));
        let busy = || Reply::Busy { status: Some(503), retry_after_ms: Some(0.0) };
        assert!(s.reply(1, 10.0, busy()));
        // A page met trouble goes to the back of the queue: the next pages of a go first.
        assert_eq!(s.next(500.0), Step::Start(2));
        assert!(s.reply(2, 510.0, busy()));
        assert_eq!(s.next(1_000.0), Step::Start(3));
        assert!(s.reply(3, 1_010.0, busy()));
        assert!(matches!(s.state(), State::Stopped { .. }));
        assert_eq!(s.next(1_010.0), Step::Wait(TIMEOUT_MS), "b's request still has its time");
        assert_eq!(s.next(TIMEOUT_MS), Step::Abort(0));
        assert_eq!(s.next(TIMEOUT_MS), Step::Done);
        let failed: Vec<(usize, &Failure)> = s.failures().collect();
        assert_eq!(failed.len(), 5, "every page failed, none queued: {failed:?}");
        assert!(failed.contains(&(0, &Failure::TimedOut)));
        assert_eq!(s.next(TIMEOUT_MS + 1.0), Step::Done);
    }

    #[test]
    fn spacing_counts_from_when_the_request_left() {
        let mut s = Schedule::new(["a", "a"]);
        assert_eq!(s.next(0.0), Step::Start(0));
        s.sent(0, 3.5);
        assert_eq!(s.next(10.0), Step::Wait(503.5));
        s.sent(0, 1.0);
        assert_eq!(s.next(10.0), Step::Wait(503.5), "never earlier");
    }

    #[test]
    fn a_page_that_points_to_its_whole_text_goes_again_once_spaced() {
        let mut s = Schedule::new(["a", "a"]);
        assert_eq!(s.next(0.0), Step::Start(0));
        assert!(s.reply(0, 100.0, Reply::Again));
        assert!(!s.in_flight(0));
        // The other page first, then the whole text, 500 ms after the last start on the host.
        assert_eq!(s.next(500.0), Step::Start(1));
        assert_eq!(s.next(600.0), Step::Wait(1_000.0));
        assert_eq!(s.next(1_000.0), Step::Start(0));
        assert!(s.reply(0, 1_100.0, Reply::Ok) && s.reply(1, 1_200.0, Reply::Ok));
        assert_eq!(s.next(1_200.0), Step::Done);
        assert_eq!((s.done(), s.total(), s.failures().count()), (2, 2, 0));
    }

    #[test]
    fn cached_pages_are_skipped() {
        let mut s = Schedule::new(["a", "a"]);
        s.skip(0);
        assert_eq!(s.next(0.0), Step::Start(1));
        assert!(s.reply(1, 5.0, Reply::Ok));
        assert_eq!(s.next(5.0), Step::Done);
        assert_eq!(s.done(), 2);
        let mut empty = Schedule::new(Vec::<String>::new());
        assert_eq!(empty.next(0.0), Step::Done);
        assert_eq!(*empty.state(), State::Finished);
    }

    #[test]
    fn held_until_says_how_long_a_host_makes_the_queue_wait() {
        let mut s = Schedule::new(["a", "a"]);
        assert_eq!(s.next(0.0), Step::Start(0));
        assert!(s.reply(0, 10.0, Reply::Busy { status: Some(429), retry_after_ms: Some(5_000.0) }));
        assert_eq!(s.held_until(10.0), Some(5_010.0));
        assert_eq!(s.next(10.0), Step::Wait(5_010.0));
        assert_eq!(s.held_until(6_000.0), None);
    }

    #[test]
    fn only_https_caixin_addresses_without_user_or_port_are_fetched() {
        assert_eq!(refusal("https://www.caixinglobal.com/2020-11-27/a-101633418.html"), None);
        assert_eq!(refusal("https://finance.caixin.com:443/2026-08-06/102472081.html"), None);
        for (url, why) in [
            ("http://www.caixinglobal.com/2020-11-27/a-101633418.html", Refusal::NotHttps),
            ("https://a:b@www.caixinglobal.com/2020-11-27/a-101633418.html", Refusal::UserInfo),
            ("https://www.caixin.com@evil.example/2020-11-27/a-101633418.html", Refusal::UserInfo),
            ("https://www.caixinglobal.com:8443/2020-11-27/a-101633418.html", Refusal::Port),
            ("https://www.caixinglobal.com:/x", Refusal::Port),
            ("https://evil.example/2020-11-27/a-101633418.html", Refusal::OffSite),
            ("https://evil.example\\@finance.caixin.com/2018-03-19/101223100.html", Refusal::OffSite),
            ("https://notcaixin.com/2020-11-27/a-101633418.html", Refusal::OffSite),
            ("javascript:alert(1)", Refusal::BadAddress),
            ("ftp://www.caixin.com/x", Refusal::BadAddress),
        ] {
            assert_eq!(refusal(url), Some(why), "{url}");
            assert_eq!(Refusal::parse(why.as_str()), why);
        }
        assert_eq!(Refusal::parse("anything else"), Refusal::BadAddress);
    }

    #[test]
    fn the_answer_is_judged_before_its_body_is_read() {
        let url = "https://www.caixinglobal.com/2020-11-27/a-101633418.html";
        let head = |status: u16| Head {
            status,
            url,
            redirect: false,
            content_type: "text/html; charset=utf-8",
            content_length: None,
            retry_after_ms: None,
        };
        assert_eq!(verdict(&head(200)), Verdict::Read);
        let failed = |f| Verdict::Reply(Reply::Failed(f));
        assert_eq!(verdict(&Head { redirect: true, status: 0, ..head(0) }), failed(Failure::Refused(Refusal::Redirected)));
        assert_eq!(verdict(&Head { url: "http://www.caixinglobal.com/x", ..head(200) }), failed(Failure::Refused(Refusal::NotHttps)));
        assert_eq!(verdict(&Head { url: "https://evil.example/x", ..head(200) }), failed(Failure::Refused(Refusal::OffSite)));
        assert_eq!(
            verdict(&Head { url: "https://evil.example/x", ..head(503) }),
            failed(Failure::Refused(Refusal::OffSite)),
            "whatever the status"
        );
        assert_eq!(verdict(&Head { content_type: "application/pdf", ..head(200) }), failed(Failure::NoArticle));
        assert_eq!(verdict(&Head { content_type: "", ..head(200) }), Verdict::Read);
        assert_eq!(verdict(&Head { content_length: Some(MAX_PAGE_BYTES as u64 + 1), ..head(200) }), failed(Failure::TooLarge));
        assert_eq!(verdict(&Head { content_length: Some(MAX_PAGE_BYTES as u64), ..head(200) }), Verdict::Read);
        assert_eq!(verdict(&head(404)), failed(Failure::Status(404)));
        assert_eq!(
            verdict(&Head { retry_after_ms: Some(3e3), ..head(429) }),
            Verdict::Reply(Reply::Busy { status: Some(429), retry_after_ms: Some(3e3) })
        );
        assert_eq!(verdict(&head(503)), Verdict::Reply(Reply::Busy { status: Some(503), retry_after_ms: None }));
    }

    /// Refused addresses fail one by one, at once and without a request, and never stop the run:
    /// five hostile links among good ones.
    #[test]
    fn refused_addresses_fail_alone_and_the_run_goes_on() {
        let hosts = ["a"; 8];
        let mut s = Schedule::new(hosts);
        for id in [0, 2, 3, 5, 6] {
            s.refuse(id, Failure::Refused(Refusal::OffSite));
        }
        let mut now = 0.0;
        let mut sent = Vec::new();
        loop {
            match s.next(now) {
                Step::Start(id) => {
                    sent.push(id);
                    // What came back was refused too (a redirect), for one of them.
                    let reply = if id == 4 { Reply::Failed(Failure::Refused(Refusal::Redirected)) } else { Reply::Ok };
                    assert!(s.reply(id, now + 10.0, reply));
                }
                Step::Wait(t) => now = t,
                Step::Abort(_) => unreachable!(),
                Step::Done => break,
            }
        }
        assert_eq!(sent, [1, 4, 7]);
        assert_eq!(*s.state(), State::Finished);
        assert_eq!((s.done(), s.failures().count()), (2, 6));
        // Retried: refused again by the caller, never sent.
        assert_eq!(s.retry_failed(), 6);
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(retry_after_ms("120", 0.0), Some(120_000.0));
        assert_eq!(retry_after_ms(" 0 ", 0.0), Some(0.0));
        // 2015-10-21T07:28:00Z is 1445412480000 ms.
        assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_470_000.0), Some(10_000.0));
        assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_490_000.0), Some(0.0));
        assert_eq!(retry_after_ms("soon", 0.0), None);
        assert_eq!(retry_after_ms("-5", 0.0), None);
        assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:28:00 CET", 0.0), None);
        assert_eq!(retry_after_ms("Wed, 31 Feb 2015 07:28:00 GMT", 0.0), None);
        assert_eq!(retry_after_ms("Wed, 21 Okt 2015 07:28:00 GMT", 0.0), None);
    }
}
