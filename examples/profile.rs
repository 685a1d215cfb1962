//! `cargo run --release --example profile [N]`: extract() on the generated N-story page, for
//! profilers (valgrind --tool=callgrind). Not a benchmark: see benches/extract.rs.
fn main() {
    let n = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(300);
    let html = caixin_sidebar::live_page(n);
    let page = caixin_sidebar::extract(&html, "https://www.caixinglobal.com/live/").expect("extract");
    println!("{} articles", page.articles.len());
}
