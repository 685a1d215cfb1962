//! `caixin-export`: export a saved Caixin page (HTML file or stdin) as JSON, CSV, Markdown, NDJSON
//! or CSL-JSON, with the same core the sidebar uses; or many pages at once (files, directories,
//! WARC files) as one stream (`batch.rs`).

// Batch mode is native only: the wasm build (its test binaries build this bin too) must not need
// rayon, indicatif, flate2, httparse or walkdir.
#[cfg(not(target_arch = "wasm32"))]
mod batch;
#[cfg(not(target_arch = "wasm32"))]
mod inputs;
mod read;
mod report;

use std::io::{self, Write};
use std::process::ExitCode;

use caixin_sidebar::export::{self, Format};
use report::report;

const USAGE: &str = "usage: caixin-export [--format json|csv|md|ndjson|csl] [--url URL] [--exported-at] [-o FILE] [-j N] INPUT...

Reads a saved page (FILE, or - for standard input) and prints what the sidebar would export.
With several inputs, a directory (its .html, .htm, .shtml, .warc and .warc.gz files, recursively)
or a WARC file (.warc, .warc.gz: its HTML responses from Caixin hosts), writes one stream:
ndjson = one article per line with its \"page_url\", json = one page object per line, csv = one
table, csl = one array. A page that cannot be read is reported on stderr and the run goes on.
Exit code: 0 all read, 1 a page or the output failed, 2 a usage error.
  --format F     json (default), csv, md (one page only), ndjson, csl
  --url URL      the page's address (one page only; default: its <link rel=canonical> or og:url)
  -o FILE        write to FILE instead of standard output
  --exported-at  add \"exported_at\" (UTC, RFC 3339) to the JSON export
  -j, --jobs N   pages read in parallel (default: one per core)";

// `jobs` is read by batch mode only, which the wasm build leaves out.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
struct Args {
    format: Format,
    url: Option<String>,
    out: Option<String>,
    inputs: Vec<String>,
    exported_at: bool,
    jobs: Option<usize>,
}

fn parse_args() -> Result<Args, String> {
    let mut format = Format::Json;
    let (mut url, mut out, mut inputs, mut exported_at, mut jobs) = (None, None, Vec::new(), false, None);
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => return Err(String::new()),
            "--format" | "-f" => {
                let v = it.next().ok_or("--format needs a value")?;
                format = Format::parse(&v).ok_or_else(|| format!("unknown format {v:?}: use json, csv, md, ndjson or csl"))?;
            }
            "--url" => url = Some(it.next().ok_or("--url needs a value")?),
            "-o" | "--output" => out = Some(it.next().ok_or("-o needs a file name")?),
            "--exported-at" => exported_at = true,
            "-j" | "--jobs" => {
                let v = it.next().ok_or("--jobs needs a number")?;
                jobs = Some(
                    v.parse::<usize>()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or_else(|| format!("--jobs {v:?}: give a number of threads, 1 or more"))?,
                );
            }
            s if s.starts_with("--format=") => {
                let v = &s["--format=".len()..];
                format = Format::parse(v).ok_or_else(|| format!("unknown format {v:?}: use json, csv, md, ndjson or csl"))?;
            }
            s if s.starts_with('-') && s != "-" => return Err(format!("unknown option {s:?}")),
            s => inputs.push(s.to_string()),
        }
    }
    if inputs.is_empty() {
        return Err("no input file given (use - for standard input)".into());
    }
    Ok(Args { format, url, out, inputs, exported_at, jobs })
}

/// Why a run ends early: a usage error (exit 2: the command line itself is wrong) or a failure
/// to read the input or write the output (exit 1).
enum Failure {
    Usage(String),
    Input(String),
}

/// One saved page (a file or standard input): the export exactly as the sidebar writes it.
fn run_single(args: Args) -> Result<(), Failure> {
    let input = &args.inputs[0];
    let bytes = if input == "-" {
        read::page_stdin().map_err(|e| Failure::Input(e.describe("standard input")))?
    } else {
        read::page_file(std::path::Path::new(input)).map_err(|e| Failure::Input(e.describe(input)))?
    };
    // Saved pages are UTF-8 in practice; a stray invalid byte must not stop the export.
    let html = String::from_utf8_lossy(&bytes);
    let page = caixin_sidebar::extract_saved(&html, args.url.as_deref()).map_err(|e| match e {
        // The address given on the command line is not one: a usage error.
        caixin_sidebar::Error::BadUrl(_) if args.url.is_some() => Failure::Usage(e.to_string()),
        _ => Failure::Input(e.to_string()),
    })?;
    let failed = |e: &dyn std::fmt::Display| Failure::Input(e.to_string());
    // `exported_at` last, after the contract's fields, as in batch mode's JSON lines.
    let text = if args.exported_at && args.format == Format::Json {
        export::json::Document { page: &page, exported_at: Some(&now_rfc3339()) }.to_pretty()
    } else {
        caixin_sidebar::render(&page, args.format)
    }
    .map_err(|e| failed(&e))?;
    let written = match &args.out {
        Some(path) => std::fs::File::create(path).and_then(|mut f| f.write_all(text.as_bytes())),
        None => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|()| out.flush())
        }
    };
    match written {
        Ok(()) => Ok(()),
        // A closed pipe (| head) is the reader's choice, not a failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe && args.out.is_none() => Ok(()),
        Err(e) => Err(Failure::Input(format!("cannot write {}: {e}", args.out.as_deref().unwrap_or("the output")))),
    }
}

fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    chrono::DateTime::from_timestamp(secs, 0).map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or_default()
}

fn run() -> Result<ExitCode, Failure> {
    let args = parse_args().map_err(Failure::Usage)?;
    // One page file (or stdin): single-file mode, whose output is the sidebar's export.
    if args.inputs.len() == 1 && is_single_page(&args.inputs[0]) {
        return run_single(args).map(|()| ExitCode::SUCCESS);
    }
    if args.url.is_some() {
        return Err(Failure::Usage(
            "--url is the address of one page: with several pages, each states its own (canonical link, og:url, WARC-Target-URI)".into(),
        ));
    }
    if args.format == Format::Markdown {
        return Err(Failure::Usage("--format md writes one document per page: with several pages use ndjson, json, csv or csl".into()));
    }
    run_batch(args)
}

#[cfg(not(target_arch = "wasm32"))]
fn is_single_page(arg: &str) -> bool {
    inputs::is_single_page(arg)
}

#[cfg(target_arch = "wasm32")]
fn is_single_page(_: &str) -> bool {
    true
}

#[cfg(target_arch = "wasm32")]
fn run_batch(_: Args) -> Result<ExitCode, Failure> {
    Err(Failure::Usage("several pages at once need the native build".into()))
}

#[cfg(not(target_arch = "wasm32"))]
fn run_batch(args: Args) -> Result<ExitCode, Failure> {
    let opts = batch::Options {
        format: args.format,
        out: args.out,
        exported_at: (args.exported_at && args.format == Format::Json).then(now_rfc3339),
        jobs: args.jobs,
    };
    Ok(batch::run(&args.inputs, opts))
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(Failure::Usage(e)) if e.is_empty() => {
            // --help; a closed stdout is no error here either.
            let _ = writeln!(io::stdout().lock(), "{USAGE}");
            ExitCode::SUCCESS
        }
        Err(Failure::Usage(e)) => {
            report!("{e}");
            let _ = writeln!(io::stderr().lock(), "{}", USAGE.lines().next().unwrap_or(""));
            ExitCode::from(2)
        }
        Err(Failure::Input(e)) => {
            report!("{e}");
            ExitCode::from(1)
        }
    }
}
