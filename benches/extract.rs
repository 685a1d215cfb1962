//! `cargo bench --bench extract`: extract() throughput on the seed page and on a generated
//! 2,000-story page, beside html5ever's bare parse of the same bytes in the same run (the ratio is
//! what to compare across machines). Prints a Markdown table for BENCHMARKS.md.

use std::time::{Duration, Instant};

fn median_time(mut f: impl FnMut(), min_runs: usize, min_total: Duration) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < min_runs || start.elapsed() < min_total {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/caixin-global/cx-tech-2020-11-27/source.html"))
        .unwrap();
    let big = caixin_sidebar::sample::live_page(2000);
    println!("| page | size | articles | html5ever parse only | full extract() | extract MB/s | extract ÷ parse |");
    println!("|---|---|---|---|---|---|---|");
    for (name, html, runs) in [("seed (CX Tech 2020-11-27)", &seed, 50), ("generated 2,000 stories", &big, 5)] {
        let n = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap().articles.len();
        let parse = median_time(|| drop(std::hint::black_box(scraper::Html::parse_document(html))), runs, Duration::from_secs(2));
        let full = median_time(
            || drop(std::hint::black_box(caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap())),
            runs,
            Duration::from_secs(2),
        );
        let mb = html.len() as f64 / 1e6;
        println!(
            "| {name} | {:.0} KB | {n} | {:.2} ms | {:.2} ms | {:.1} | {:.2}× |",
            html.len() as f64 / 1e3,
            parse.as_secs_f64() * 1e3,
            full.as_secs_f64() * 1e3,
            mb / full.as_secs_f64(),
            full.as_secs_f64() / parse.as_secs_f64()
        );
    }
}
