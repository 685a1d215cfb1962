//! # caixin-sidebar
//!
//! Lists every article on a Caixin page as structured data (`caixin-sidebar.page/1`), and exports
//! it as JSON, NDJSON, CSV, Markdown or CSL-JSON. The core is pure Rust; `wasm/` binds it to the
//! browser extension's sidebar and `bin/caixin-export` to the command line; [`warc`] (native only)
//! finds the pages in web archives, with bounded memory.
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
//! let json = caixin_sidebar::render(&page, caixin_sidebar::export::Format::Json).unwrap();
//! assert!(json.starts_with("{\n  \"schema\": \"caixin-sidebar.page/1\""));
//! ```

#![warn(missing_docs)]

pub mod export;
pub mod filter;
// Native only: its decompressor is not in the wasm build.
#[cfg(not(target_arch = "wasm32"))]
pub mod warc;

pub(crate) mod extract;
pub(crate) mod model;
pub(crate) mod pipeline;
pub(crate) mod sample;
pub(crate) mod sites;

/// The browser side. Its pure parts (the fetch schedule, the collection and the seen-pages
/// records) also build natively, for their unit tests.
#[cfg(any(target_arch = "wasm32", test))]
pub mod wasm;

pub use model::{Article, Contact, Image, Link, Page, PageInfo, PageKind, Role, Site, Translation, Trending, SCHEMA_ID};
pub use pipeline::{combine_articles, complete_entry, extract, extract_saved, with_article_page, Error, MAX_HTML_BYTES};
pub use sites::{article_key, is_supported_url};

/// The page in one format, as the sidebar and the CLI write it: [`export::render`] with the
/// periodical and publisher of the page's site (CSL-JSON's `container-title` and `publisher`).
///
/// ```
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// let csl = caixin_sidebar::render(&page, caixin_sidebar::export::Format::Csl).unwrap();
/// assert!(csl.contains(r#""container-title": "Caixin Global""#) && csl.contains(r#""publisher": "Caixin Media""#));
/// ```
pub fn render(page: &Page, format: export::Format) -> Result<String, export::ExportError> {
    export::render(page, format, publisher(page.page.site, page.page.language.as_deref()))
}

/// The periodical and publisher of a site's pages in a language, as CSL-JSON names them (`None`
/// for a site that names none). The exports know no site: this is how they learn it.
///
/// ```
/// use caixin_sidebar::{publisher, Site};
/// assert_eq!(publisher(Site::CaixinCn, Some("zh-CN")).unwrap().container_title, "财新网");
/// assert_eq!(publisher(Site::CaixinCn, Some("en")).unwrap().name, "Caixin Media");
/// assert_eq!(publisher(Site::Other, None), None);
/// ```
pub fn publisher(site: Site, language: Option<&str>) -> Option<export::csl::Publisher<'static>> {
    sites::for_site(site).publisher(language).map(|(container_title, name)| export::csl::Publisher { container_title, name })
}

/// The CSL-JSON items of a page's articles, with its site's publisher and its language
/// ([`export::csl::items`]); gather many pages' with [`export::csl::Bibliography`].
///
/// ```
/// let html = r#"<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba’s Healthcare Unit Finds Tonic for Profits</a></h2>"#;
/// let page = caixin_sidebar::extract(html, "https://www.caixinglobal.com/live/").unwrap();
/// let items = caixin_sidebar::csl_items(&page);
/// assert_eq!((items[0].id.to_string().as_str(), items[0].container_title.as_deref()), ("caixin-101633418", Some("Caixin Global")));
/// ```
pub fn csl_items(page: &Page) -> Vec<export::csl::Item> {
    let source = export::csl::Source::of(page, publisher(page.page.site, page.page.language.as_deref()));
    export::csl::items(&page.articles, source)
}

/// The sites the core knows, for the tests that hold the adapters to the repository (fixture
/// folders, manifest hosts, the README's list, no site word in a generic pass). Not an API.
#[doc(hidden)]
pub mod known_sites {
    use crate::model::Site;

    /// Every site in `sites::SITES`, in match order.
    pub fn all() -> Vec<Site> {
        crate::sites::SITES.iter().map(|s| s.site()).collect()
    }

    /// Does the site's adapter serve this (lower-case) host?
    pub fn serves(site: Site, host: &str) -> bool {
        crate::sites::SITES.iter().any(|s| s.site() == site && s.matches(host))
    }

    /// Every word of the site's vocabulary (`SiteRules::vocabulary`).
    pub fn words(site: Site) -> Vec<&'static str> {
        crate::sites::for_site(site).vocabulary().words().collect()
    }

    /// Every class, id and attribute prefix the site's vocabulary names.
    pub fn marks(site: Site) -> Vec<&'static str> {
        let v = crate::sites::for_site(site).vocabulary();
        [v.paid_classes, v.ui_classes, v.ui_ids, v.ui_attr_prefixes].into_iter().flatten().copied().collect()
    }
}

/// A generated CX Tech-style page of any number of stories, for benchmarks and stress tests
/// (`benches/extract.rs`, `gen-bench-page`). Not part of the API.
#[doc(hidden)]
pub use sample::live_page;

/// The readers the fuzz targets (`fuzz/`) and `tests/fuzz_corpus.rs` call on their own. Not an
/// API: it keeps them reachable from outside the crate.
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::extract::dates::{find as find_date, parse as parse_date, Found};
    pub use crate::extract::url::ArticleUrl;

    /// The byline reader with caixin.com's credit words.
    pub fn authors(byline: &str) -> Vec<String> {
        use crate::extract::rules::SiteRules;
        crate::extract::byline::authors(byline, crate::sites::caixin_cn::CaixinCn.vocabulary().credit_words)
    }

    /// What a URL says when it is an article's, with its site's rules.
    pub fn article_url(u: &str) -> Option<ArticleUrl> {
        crate::sites::article_url(u)
    }

    /// A link resolved against a page as the passes resolve it (with the sites' URL rules).
    pub fn resolve(base: &str, href: &str) -> Option<String> {
        crate::extract::rules::Ctx::new(base, crate::sites::SITES).resolve(href)
    }
}
