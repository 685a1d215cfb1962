//! For profilers (valgrind --tool=callgrind), not a benchmark (see benches/extract.rs):
//!
//! - `cargo run --release --example profile [N]`: extract() on the generated N-story page;
//! - `cargo run --release --example profile PAGE.html URL [TIMES]`: extract() on a saved page
//!   (a fixture's `source.html` at its `url.txt`), TIMES times (default 1), so that a small
//!   article page's passes outweigh the program's start.
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
    let mut articles = 0;
    for _ in 0..times {
        articles = caixin_sidebar::extract(&html, &url).expect("extract").articles.len();
    }
    println!("{articles} articles");
}
