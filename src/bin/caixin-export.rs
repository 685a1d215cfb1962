//! `caixin-export`: export a saved Caixin page (HTML file or stdin) as JSON, CSV, Markdown, NDJSON
//! or CSL-JSON, with the same core the sidebar uses.

use std::io::{Read, Write};
use std::process::ExitCode;

use caixin_sidebar::export::{self, Format};

const USAGE: &str = "usage: caixin-export [--format json|csv|md|ndjson|csl] [--url URL] [--exported-at] [-o FILE] FILE|-

Reads a saved page (FILE, or - for standard input) and prints what the sidebar would export.
  --format F     json (default), csv, md, ndjson, csl
  --url URL      the page's address (default: the file's <link rel=canonical> or og:url)
  -o FILE        write to FILE instead of standard output
  --exported-at  add \"exported_at\" (UTC, RFC 3339) to the JSON export";

struct Args {
    format: Format,
    url: Option<String>,
    out: Option<String>,
    input: String,
    exported_at: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut format = Format::Json;
    let (mut url, mut out, mut input, mut exported_at) = (None, None, None, false);
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
            s if s.starts_with("--format=") => {
                let v = &s["--format=".len()..];
                format = Format::parse(v).ok_or_else(|| format!("unknown format {v:?}: use json, csv, md, ndjson or csl"))?;
            }
            s if s.starts_with('-') && s != "-" => return Err(format!("unknown option {s:?}")),
            s => {
                if input.replace(s.to_string()).is_some() {
                    return Err("give one input file".into());
                }
            }
        }
    }
    Ok(Args { format, url, out, input: input.ok_or("no input file given (use - for standard input)")?, exported_at })
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let mut bytes = Vec::new();
    if args.input == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        bytes = std::fs::read(&args.input).map_err(|e| format!("cannot read {}: {e}", args.input))?;
    }
    if bytes.len() > caixin_sidebar::pipeline::MAX_HTML_BYTES {
        return Err(caixin_sidebar::Error::TooLarge(bytes.len()).to_string());
    }
    // Saved pages are UTF-8 in practice; a stray invalid byte must not stop the export.
    let html = String::from_utf8_lossy(&bytes);
    let page = caixin_sidebar::extract_saved(&html, args.url.as_deref()).map_err(|e| e.to_string())?;
    let mut text = export::render(&page, args.format).map_err(|e| e.to_string())?;
    if args.exported_at && args.format == Format::Json {
        let mut v: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        v["exported_at"] = serde_json::Value::String(now_rfc3339());
        text = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())? + "\n";
    }
    match args.out {
        Some(path) => std::fs::write(&path, text).map_err(|e| format!("cannot write {path}: {e}"))?,
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (| head) is not an error worth a message.
            let _ = out.write_all(text.as_bytes());
        }
    }
    Ok(())
}

fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    chrono::DateTime::from_timestamp(secs, 0).map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or_default()
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("caixin-export: {e}");
            eprintln!("{}", USAGE.lines().next().unwrap_or(""));
            ExitCode::from(2)
        }
    }
}
