//! For profilers (valgrind --tool=callgrind), not a benchmark (see benches/extract.rs):
//!
//! - `cargo run --release --example profile [N]`: extract() on the generated N-story page;
//! - `cargo run --release --example profile PAGE.html URL [TIMES]`: extract() on a saved page
//!   (a fixture's `source.html` at its `url.txt`), TIMES times (default 1), so that a small
//!   article page's passes outweigh the program's start.
//!
//! The page is made or read first; then html5ever's bare parse of the same bytes (`bare_parse`)
//! and the whole extraction (`extraction`, which parses again) run TIMES times each, each behind
//! a function of its own, so that one callgrind run gives both figures, and nothing else (the
//! page's generation, the program's start):
//!
//! ```sh
//! valgrind --tool=callgrind --callgrind-out-file=cg.out target/release/examples/profile 300
//! callgrind_annotate --inclusive=yes cg.out | grep -E 'profile::(bare_parse|extraction)'
//! ```
use scraper::Html;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (html, url, times) = match args.first().and_then(|a| a.parse::<usize>().ok()) {
        Some(n) => (caixin_sidebar::live_page(n), "https://www.caixinglobal.com/live/".to_string(), 1),
        None if args.len() >= 2 => {
            let html = std::fs::read_to_string(&args[0]).expect("the page");
            (html, args[1].clone(), args.get(2).and_then(|t| t.parse().ok()).unwrap_or(1))
        }
        None => (caixin_sidebar::live_page(300), "https://www.caixinglobal.com/live/".to_string(), 1),
    };
    // Once each before measuring, so that both measured parts find the allocator in the state
    // a page leaves it in (freed chunks to reuse), as every page after the first does: the
    // first allocations of a fresh process cost less than later ones.
    warm_up(&html, &url);
    let (mut articles, mut nodes) = (0, 0);
    for _ in 0..times {
        // (Each result is freed outside the measured call: the bare parse is the parse alone,
        // and the extraction is what `extract()` does until it hands the page over.)
        let doc = bare_parse(&html);
        nodes = doc.tree.nodes().count();
        drop(doc);
        let page = extraction(&html, &url);
        articles = page.articles.len();
    }
    println!("{articles} articles; the bare parse gave {nodes} nodes");
}

/// html5ever's parse of the page, nothing else: what extraction is measured against.
#[inline(never)]
fn bare_parse(html: &str) -> Html {
    Html::parse_document(std::hint::black_box(html))
}

/// `extract()`: everything the extraction does, its own parse and the freeing of the tree and
/// of what its stages made included.
#[inline(never)]
fn extraction(html: &str, url: &str) -> caixin_sidebar::Page {
    caixin_sidebar::extract(std::hint::black_box(html), url).expect("extract")
}

/// One extraction and one parse, not measured.
#[inline(never)]
fn warm_up(html: &str, url: &str) {
    drop(caixin_sidebar::extract(std::hint::black_box(html), url));
    drop(Html::parse_document(std::hint::black_box(html)));
}
