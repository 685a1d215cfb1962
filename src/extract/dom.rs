//! DOM helpers shared by every pass: cached selectors, node-keyed maps, visible text, image
//! sources, hidden elements.

use scraper::ElementRef;

use super::blocks::collect_text;

#[doc(hidden)]
pub fn selector(slot: &'static std::sync::OnceLock<scraper::Selector>, css: &str) -> &'static scraper::Selector {
    slot.get_or_init(|| scraper::Selector::parse(css).expect("literal selector"))
}

/// A `static` selector from a literal, parsed once.
#[macro_export]
macro_rules! sel {
    ($css:expr) => {{
        static S: std::sync::OnceLock<scraper::Selector> = std::sync::OnceLock::new();
        $crate::extract::dom::selector(&S, $css)
    }};
}

/// A map keyed by tree node (FxHash: node ids are small integers, and SipHash, the std default,
/// was a visible cost).
pub type NodeMap<V> = rustc_hash::FxHashMap<ego_tree::NodeId, V>;

/// Is this element hidden by its own markup? (Stylesheets are not applied: we cannot see them.)
pub fn is_hidden(el: &scraper::node::Element) -> bool {
    // One pass over the attributes: this runs for every element of the page.
    el.attrs().any(|(name, value)| match name {
        "hidden" => true,
        "aria-hidden" => value == "true",
        "style" => {
            let s: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        }
        _ => false,
    })
}

/// Lazy-loading pages keep the real image in `data-src` (caixin.com: `img.cx-img-loader`).
pub fn image_src(el: &scraper::node::Element) -> Option<&str> {
    ["data-src", "data-original", "data-lazy-src", "src"]
        .iter()
        .filter_map(|a| el.attr(a))
        .map(str::trim)
        .find(|s| !s.is_empty() && !s.starts_with("data:"))
}

/// All visible text under an element, whitespace-normalised.
pub fn text_of(el: ElementRef<'_>) -> String {
    collect_text(el)
}

/// Is `el` the element `ancestor` or inside it?
pub fn is_within(el: ElementRef<'_>, ancestor: ego_tree::NodeId) -> bool {
    el.id() == ancestor || el.ancestors().any(|a| a.id() == ancestor)
}
