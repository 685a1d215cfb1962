//! `cargo bench --bench extract`: extract() throughput on the seed page and on a generated
//! 2,000-story page, beside html5ever's bare parse of the same bytes. The two are timed in turn,
//! run after run, so both see the same machine load; the ratio is what to compare across
//! machines. Prints a Markdown table for BENCHMARKS.md.

use std::time::{Duration, Instant};

const URL: &str = "https://www.caixinglobal.com/live/";

fn main() {
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/caixin-global/cx-tech-2020-11-27/source.html"))
        .unwrap();
    let big = caixin_sidebar::live_page(2000);
    println!("| page | size | articles | html5ever parse only | full extract() | extract MB/s | extract ÷ parse |");
    println!("|---|---|---|---|---|---|---|");
    for (name, html, min_runs) in [("seed (CX Tech 2020-11-27)", &seed, 60), ("generated 2,000 stories", &big, 9)] {
        let n = caixin_sidebar::extract(html, URL).unwrap().articles.len();
        let (mut parse, mut full) = (Vec::new(), Vec::new());
        let start = Instant::now();
        while parse.len() < min_runs || start.elapsed() < Duration::from_secs(3) {
            let t = Instant::now();
            drop(std::hint::black_box(scraper::Html::parse_document(html)));
            parse.push(t.elapsed());
            let t = Instant::now();
            drop(std::hint::black_box(caixin_sidebar::extract(html, URL).unwrap()));
            full.push(t.elapsed());
        }
        parse.sort();
        full.sort();
        let (p, f) = (parse[parse.len() / 2].as_secs_f64(), full[full.len() / 2].as_secs_f64());
        println!(
            "| {name} | {:.0} KB | {n} | {:.2} ms | {:.2} ms | {:.1} | {:.2}× |",
            html.len() as f64 / 1e3,
            p * 1e3,
            f * 1e3,
            html.len() as f64 / 1e6 / f,
            f / p
        );
    }
}
