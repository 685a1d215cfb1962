//! The `caixin-export` binary: every format on every fixture, the URL taken from the page, and
//! clear errors with a non-zero exit for what it cannot do.

mod common;

use std::process::{Command, Stdio};

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_caixin-export"))
}

#[test]
fn every_format_on_every_fixture() {
    for f in common::all() {
        let path = f.dir.join("source.html");
        for format in ["json", "csv", "md", "ndjson", "csl"] {
            let out = cli().args(["--format", format, "--url", &f.url]).arg(&path).output().unwrap();
            assert!(out.status.success(), "{} {format}: {}", f.name, String::from_utf8_lossy(&out.stderr));
            let page = caixin_sidebar::extract(&f.html, &f.url).unwrap();
            let want = caixin_sidebar::render(&page, caixin_sidebar::export::Format::parse(format).unwrap()).unwrap();
            assert_eq!(String::from_utf8(out.stdout).unwrap(), want, "{} {format}", f.name);
        }
    }
}

#[test]
fn url_defaults_to_the_canonical_link_and_stdin_works() {
    let f = common::get("caixin-global/cx-tech-2020-11-27");
    let mut child = cli().arg("-").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), f.html.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["page"]["url"], "https://www.caixinglobal.com/live/");
    assert!(v.get("exported_at").is_none(), "no export time unless asked: output must be deterministic");
}

#[test]
fn output_file_and_exported_at() {
    let f = common::get("caixin-global/cx-tech-2020-11-27");
    let dir = std::env::temp_dir().join(format!("caixin-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("out.json");
    let out = cli().arg("--exported-at").arg("-o").arg(&target).arg(f.dir.join("source.html")).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(v["exported_at"].as_str().unwrap()).is_ok());
    std::fs::remove_dir_all(&dir).ok();
}

/// Exit code 2 is for a command line that is wrong in itself; a page that cannot be read is 1.
#[test]
fn errors_are_clear_and_exit_non_zero() {
    let f = common::get("caixin-global/cx-tech-2020-11-27");
    let seed = f.dir.join("source.html");
    let cases: [(&[&str], &str, i32); 6] = [
        (&["--format", "xml", "x.html"], "unknown format \"xml\"", 2),
        (&[], "no input file", 2),
        (&["--url", "ftp://x", seed.to_str().unwrap()], "not an http(s) URL", 2),
        (&["--bogus"], "unknown option", 2),
        (&["--jobs"], "--jobs needs a number", 2),
        (&["/no/such/file.html"], "cannot read /no/such/file.html", 1),
    ];
    for (args, msg, code) in cases {
        let out = cli().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(msg), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // A file without a stated URL needs --url: the page failed, the command line was fine.
    let no_url = common::get("caixin-global/live-missing-byline");
    let out = cli().arg(no_url.dir.join("source.html")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--url"));
}
