//! The command line against hostile and unlucky inputs (RELIABILITY.md, "Command line: hostile
//! and unlucky inputs"): each case checks the report, the exit code, that the run goes on to the
//! next input, and the child's peak memory. The child runs with its address space limited
//! (RLIMIT_AS), so a regression fails here instead of eating the machine, and its peak resident
//! memory is read from the kernel when it is reaped (wait4). Inputs are generated
//! (tests/hostile/corpus.rs); the large ones are sparse or repeated gzip members.
#![cfg(target_os = "linux")]

mod common;
#[path = "hostile/corpus.rs"]
mod corpus;

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::TempDir;
use corpus::*;

/// Command-line arguments of any string or path type.
macro_rules! args {
    ($($a:expr),* $(,)?) => {
        vec![$(std::ffi::OsString::from(AsRef::<OsStr>::as_ref(&$a))),*]
    };
}

/// What the child may map: far above what a bounded run needs, far below what the unbounded reader
/// took (1.2 GB for a 600 MB header).
const ADDRESS_SPACE: u64 = 1 << 30;
/// The peak resident memory every case must stay under. Each hostile input here would take more
/// than this if it were read whole (300 MiB headers, 1 GiB bombs, 210 MiB pages).
const PEAK_RSS_BOUND_KIB: i64 = 128 << 10;
/// A run that takes longer has hung (the slowest case takes about 2 s in a debug build).
const HANG: Duration = Duration::from_secs(60);

/// Standard input of the child.
enum In {
    Null,
    /// Written until the child stops reading; the run reports how much it took.
    Endless,
}

/// Standard output or error of the child.
enum Out {
    Piped,
    /// A pipe whose reading end is closed before the child starts (`| head` that has ended).
    Closed,
    /// `> /dev/full`
    Full,
}

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    peak_rss_kib: i64,
    /// Bytes the child took from an endless standard input.
    stdin_taken: u64,
}

fn closed_pipe() -> Stdio {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe() writes.
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    // SAFETY: both descriptors were just created and are owned here only.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read);
    Stdio::from(write)
}

fn stdio(o: &Out) -> Stdio {
    match o {
        Out::Piped => Stdio::piped(),
        Out::Closed => closed_pipe(),
        Out::Full => Stdio::from(std::fs::File::create("/dev/full").unwrap()),
    }
}

fn run(args: Vec<OsString>, stdin: In, stdout: Out, stderr: Out) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_caixin-export"));
    // Two worker threads whatever the machine: the address-space limit does not depend on its cores.
    cmd.arg("-j").arg("2").args(&args);
    cmd.stdin(match stdin {
        In::Null => Stdio::null(),
        In::Endless => Stdio::piped(),
    });
    cmd.stdout(stdio(&stdout)).stderr(stdio(&stderr));
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: ADDRESS_SPACE, rlim_max: ADDRESS_SPACE };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let feeder = child.stdin.take().map(|mut w| {
        std::thread::spawn(move || {
            let chunk = vec![b'<'; 1 << 20];
            let mut taken = 0u64;
            // 210 MB at most: the child is expected to stop reading long before.
            while taken < 210 << 20 {
                match w.write(&chunk) {
                    Ok(n) => taken += n as u64,
                    Err(_) => break,
                }
            }
            taken
        })
    });
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(child.stdout.take().map(|r| Box::new(r) as Box<dyn Read + Send>));
    let err = drain(child.stderr.take().map(|r| Box::new(r) as Box<dyn Read + Send>));
    // wait4 reaps the child and gives its peak resident memory (std's wait does not).
    let start = Instant::now();
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value for wait4 to overwrite.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our child, not yet reaped; the pointers are to live locals.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break (status, usage);
        }
        assert_eq!(r, 0, "wait4: {}", std::io::Error::last_os_error());
        if start.elapsed() > HANG {
            // SAFETY: signalling our own unreaped child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("caixin-export {:?} hung (killed after {HANG:?})", cmd.get_args().collect::<Vec<_>>());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    std::mem::forget(child);
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let stdin_taken = feeder.map(|f| f.join().unwrap()).unwrap_or(0);
    Run {
        code,
        stdout: out.join().unwrap(),
        stderr: String::from_utf8(err.join().unwrap()).expect("reports are UTF-8"),
        peak_rss_kib: usage.ru_maxrss,
        stdin_taken,
    }
}

fn batch(args: Vec<OsString>) -> Run {
    run(args, In::Null, Out::Piped, Out::Piped)
}

impl Run {
    /// The exit code, no panic, no control character on stderr, peak memory under the bound.
    fn check(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "exit code; stderr:\n{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        assert!(!self.stderr.chars().any(|c| c.is_control() && c != '\n'), "raw control characters on stderr: {:?}", self.stderr);
        assert!(
            self.peak_rss_kib < PEAK_RSS_BOUND_KIB,
            "peak RSS {} MiB over {} MiB; stderr:\n{}",
            self.peak_rss_kib >> 10,
            PEAK_RSS_BOUND_KIB >> 10,
            self.stderr
        );
        self
    }

    /// A report line (`caixin-export: failed …`) starting with `prefix` and holding `what`.
    fn reports(&self, prefix: &str, what: &str) -> &Self {
        let prefix = format!("caixin-export: {prefix}");
        assert!(
            self.stderr.lines().any(|l| l.starts_with(&prefix) && l.contains(what)),
            "no line {prefix:?} … {what:?} in:\n{}",
            self.stderr
        );
        self
    }

    fn summary(&self, expected: &str) -> &Self {
        let last = self.stderr.lines().last().unwrap_or_default();
        assert!(last.starts_with("caixin-export: ") && last.contains(expected), "summary {last:?}, expected {expected:?}");
        self
    }

    /// The good page's article was written (the run went on past the hostile input).
    fn has_good_page(&self) -> &Self {
        let out = String::from_utf8_lossy(&self.stdout);
        let ids: Vec<&str> = out.lines().filter(|l| l.contains(&format!("\"id\":\"{GOOD_ARTICLE_ID}\""))).collect();
        assert_eq!(ids.len(), 1, "the good page once in:\n{out}");
        self
    }
}

#[test]
fn an_endless_warc_header_is_reported_and_the_next_record_read() {
    let tmp = TempDir::new("hostile-endless");
    let plain = tmp.0.join("endless.warc");
    let gz = tmp.0.join("endless.warc.gz");
    endless_header_warc(&plain, ENDLESS_HEADER_MIB as u64);
    endless_header_warc_gz(&gz, ENDLESS_HEADER_MIB);
    for (file, offset) in [(&plain, "(offset 0)"), (&gz, "(offset 0 uncompressed)")] {
        batch(args!["--format", "ndjson", file])
            .check(1)
            .reports(&format!("failed {}: record 1 {offset}", file.display()), "WARC header is longer than 1 MiB")
            .summary("1 pages, 1 articles; 0 skipped, 1 failed")
            .has_good_page();
    }
}

#[test]
fn gzip_bombs_stop_at_the_limit_and_the_run_goes_on() {
    let tmp = TempDir::new("hostile-bombs");
    let page = tmp.0.join("bomb-page.warc.gz");
    let record = tmp.0.join("bomb-record.warc.gz");
    gzip_bomb_page_warc_gz(&page, BOMB_MIB);
    gzip_bomb_record_warc_gz(&record, BOMB_MIB);
    batch(args!["--format", "ndjson", page])
        .check(1)
        .reports(&format!("failed {}: record 1 (offset 0 uncompressed)", page.display()), "the page is more than 32 MB")
        .summary("1 pages, 1 articles; 0 skipped, 1 failed")
        .has_good_page();
    // 1 GiB of a record that is not a page streams by.
    batch(args!["--format", "ndjson", record])
        .check(0)
        .summary("1 pages, 1 articles; 0 skipped, 0 failed; 1 other WARC records")
        .has_good_page();
}

#[test]
fn fifos_and_devices_are_reported_never_opened_for_reading() {
    let tmp = TempDir::new("hostile-special");
    let dir = tmp.0.join("pages");
    std::fs::create_dir(&dir).unwrap();
    fifo(&dir.join("wait.html"));
    dev_zero_link(&dir.join("zero.html"));
    fifo(&dir.join("wait.warc"));
    std::fs::write(dir.join("good.html"), good_html()).unwrap();
    let r = batch(args!["--format", "ndjson", dir]);
    r.check(1).summary("1 pages, 1 articles; 0 skipped, 3 failed").has_good_page();
    for name in ["wait.html", "zero.html", "wait.warc"] {
        r.reports(&format!("failed {}: ", dir.join(name).display()), "not a regular file");
    }
    // Named on the command line: one page mode, and among others.
    for special in [dir.join("wait.html"), PathBuf::from("/dev/zero")] {
        batch(args![special]).check(1).reports(&format!("cannot read {}: ", special.display()), "not a regular file");
        batch(args!["--format", "ndjson", special, dir.join("good.html")])
            .check(1)
            .reports(&format!("failed {}: ", special.display()), "not a regular file")
            .has_good_page();
    }
}

#[test]
fn a_warc_cut_inside_a_header_is_a_truncated_warc_and_a_failure() {
    let tmp = TempDir::new("hostile-truncated");
    let plain = tmp.0.join("cut.warc");
    truncated_warc(&plain);
    let gz = tmp.0.join("cut.warc.gz");
    let mut bytes = gzip(&std::fs::read(&plain).unwrap());
    std::fs::write(&gz, &bytes).unwrap();
    let offset = good_record().len();
    for (file, suffix) in [(&plain, ""), (&gz, " uncompressed")] {
        batch(args!["--format", "ndjson", file])
            .check(1)
            .reports(&format!("failed {}: record 2 (offset {offset}{suffix}): ", file.display()), "truncated WARC")
            .summary("1 pages, 1 articles; 0 skipped, 1 failed")
            .has_good_page();
    }
    // The gzip stream itself cut short, inside the first record.
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&gz, &bytes).unwrap();
    batch(args!["--format", "ndjson", gz])
        .check(1)
        .reports(&format!("failed {}: record 1 ", gz.display()), "truncated WARC")
        .summary("0 pages, 0 articles; 0 skipped, 1 failed");
}

#[test]
fn escapes_in_addresses_and_file_names_are_written_escaped() {
    let tmp = TempDir::new("hostile-escapes");
    let warc = tmp.0.join("escapes.warc");
    escapes_warc(&warc);
    let name = escaping_name(&tmp.0);
    let r = batch(args!["--format", "ndjson", warc, name]);
    r.check(1)
        .reports(
            &format!("skipped {}: record 1 (offset 0): ", warc.display()),
            r"https://evil.example/\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e} is not a Caixin page",
        )
        .reports(&format!("failed {}: record 2 ", warc.display()), r"https://www.caixin.com/\u{1b}[31mred\u{1b}[0m.html: Content-Encoding")
        .reports("failed ", r"name\u{1b}[2J\u{a}failed forged.html: the page names no URL")
        .summary("1 pages, 1 articles; 1 skipped, 2 failed")
        .has_good_page();
    // No report line was forged by the newline in the name.
    assert!(!r.stderr.lines().any(|l| l.starts_with("failed forged")), "{}", r.stderr);
    // One page mode names the file the same way.
    batch(args![name]).check(1).reports("the page names no URL", "");
}

#[test]
fn a_page_over_the_limit_is_refused_after_reading_at_most_the_limit() {
    let cap = (caixin_sidebar::MAX_HTML_BYTES + 1) as u64;
    // 210 MB on standard input: one page mode, then batch mode beside a good page.
    let single = run(args!["-"], In::Endless, Out::Piped, Out::Piped);
    single.check(1).reports("the page is more than the 32 MB", "reading stopped there");
    let tmp = TempDir::new("hostile-big");
    let good = tmp.0.join("good.html");
    std::fs::write(&good, good_html()).unwrap();
    let mixed = run(args!["--format", "ndjson", "-", good], In::Endless, Out::Piped, Out::Piped);
    mixed.check(1).reports("failed (standard input): ", "more than the 32 MB").has_good_page();
    for r in [&single, &mixed] {
        // What the pipe holds beyond what was read is at most its buffer (64 KiB to 1 MiB).
        assert!(r.stdin_taken >= cap && r.stdin_taken <= cap + (2 << 20), "{} bytes taken from stdin", r.stdin_taken);
    }
    // A 210 MB file: refused by its size, unread.
    let big = tmp.0.join("big.html");
    big_page(&big, BIG_PAGE_MIB);
    let r = batch(args![big]);
    r.check(1).reports("the page is 220.2 MB", "more than the 32 MB");
    assert!(r.peak_rss_kib < 32 << 10, "a file refused by its size is not read: {} MiB", r.peak_rss_kib >> 10);
    batch(args!["--format", "ndjson", big, good])
        .check(1)
        .reports(&format!("failed {}: ", big.display()), "more than the 32 MB")
        .has_good_page();
}

#[test]
fn a_full_disk_is_a_write_error() {
    let page = common_page();
    for inputs in [args![page], args!["--format", "ndjson", page, page]] {
        let r = run(inputs.clone(), In::Null, Out::Full, Out::Piped);
        r.check(1).reports("cannot write the output: ", "No space left on device");
        let r = run([args!["-o", "/dev/full"], inputs].concat(), In::Null, Out::Piped, Out::Piped);
        r.check(1).reports("cannot write /dev/full: ", "No space left on device");
    }
    // An output file that cannot be created: a write error too.
    for inputs in [args![page], args!["--format", "ndjson", page, page]] {
        let r = run([args!["-o", "/no/such/dir/out.json"], inputs].concat(), In::Null, Out::Piped, Out::Piped);
        r.check(1).reports("cannot write /no/such/dir/out.json", "");
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn closed_stderr_or_stdout_never_panics() {
    let tmp = TempDir::new("hostile-closed");
    let warc = tmp.0.join("cut.warc");
    truncated_warc(&warc);
    let page = common_page();
    // `2>&1 | head -1` after head has ended: the failure is counted, the reports go nowhere.
    let r = run(args!["--format", "ndjson", warc, page], In::Null, Out::Piped, Out::Closed);
    assert_eq!(r.code, Some(1), "a run with a failure, its stderr closed");
    assert!(r.peak_rss_kib < PEAK_RSS_BOUND_KIB);
    let lines = String::from_utf8_lossy(&r.stdout).lines().count();
    assert!(lines > 1, "both pages' articles written: {lines} lines");
    // One page mode failing with stderr closed; a usage error too.
    assert_eq!(run(args![tmp.0.join("no-such.html")], In::Null, Out::Piped, Out::Closed).code, Some(1));
    assert_eq!(run(args!["--bogus"], In::Null, Out::Piped, Out::Closed).code, Some(2));
    // A closed stdout (`| head` that has ended) stops the run quietly.
    for inputs in [args![page], args!["--format", "ndjson", page, page], args!["--help"]] {
        let r = run(inputs.clone(), In::Null, Out::Closed, Out::Piped);
        r.check(0);
        assert!(r.stderr.is_empty(), "{inputs:?}: {}", r.stderr);
    }
}

fn common_page() -> PathBuf {
    common::get("caixin-global/cx-tech-2020-11-27").dir.join("source.html")
}
