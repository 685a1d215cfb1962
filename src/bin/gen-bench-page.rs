//! `gen-bench-page [N]`: prints a generated CX Tech-style page with N stories (default 2000), the
//! "big page" of the benchmarks and the sidebar's stress tests.
fn main() {
    let n = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
    print!("{}", caixin_sidebar::live_page(n));
}
