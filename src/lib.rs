//! # caixin-sidebar
//!
//! Lists every article on a Caixin page as structured data (`caixin-sidebar.page/1`), and exports
//! it as JSON, NDJSON, CSV, Markdown or CSL-JSON. The core is pure Rust; `wasm/` binds it to the
//! browser extension's sidebar and `bin/caixin-export` to the command line.
//!
//! ```
//! let html = r#"<html lang="en"><body><div>
//!   <h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>
//!   <p>Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p>
//!   <p>Alibaba’s healthcare subsidiary AliHealth turned a profit.</p>
//! </div></body></html>"#;
//! let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
//! let a = &page.articles[0];
//! assert_eq!(a.id.as_deref(), Some("101633418"));
//! assert_eq!(a.authors, ["Ding Yi"]);
//! assert_eq!(a.published.as_deref(), Some("2020-11-27T19:03:00+08:00"));
//! let json = caixin_sidebar::export::render(&page, caixin_sidebar::export::Format::Json).unwrap();
//! assert!(json.starts_with("{\n  \"schema\": \"caixin-sidebar.page/1\""));
//! ```

pub mod export;
pub mod extract;
pub mod filter;
pub mod model;
pub mod sample;
pub mod sites;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use extract::{extract, Error};

/// The readers the fuzz targets (`fuzz/`) and `tests/fuzz_corpus.rs` call on their own. Not an
/// API: it keeps them reachable from outside the crate whatever the visibility of `extract::*`.
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::extract::byline::authors;
    pub use crate::extract::dates::{find as find_date, parse as parse_date, Found};
    pub use crate::extract::url::{article_url, resolve, ArticleUrl};
}
pub use model::{Article, Page};
