//! DOM helpers shared by every pass: cached selectors, node-keyed maps, visible text, image
//! sources, hidden elements.

use scraper::ElementRef;

pub use super::query::{attr, classes, Query, Select};

#[doc(hidden)]
pub fn selector(slot: &'static std::sync::OnceLock<Query>, css: &str) -> &'static Query {
    // Every literal is parsed by a test (`extract::query`), so this cannot fail in use.
    slot.get_or_init(|| Query::parse(css).expect("literal selector"))
}

/// A `static` selector from a literal, parsed once; match it with [`Select::query`].
#[macro_export]
macro_rules! sel {
    ($css:expr) => {{
        static S: std::sync::OnceLock<$crate::extract::query::Query> = std::sync::OnceLock::new();
        $crate::extract::dom::selector(&S, $css)
    }};
}

/// A map keyed by tree node (FxHash: node ids are small integers, and SipHash, the std default,
/// was a visible cost).
pub type NodeMap<V> = rustc_hash::FxHashMap<ego_tree::NodeId, V>;

/// What an element holds of some numbered things (article keys, byline lines): one, by its
/// number, or several.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Holds {
    One(usize),
    Many,
}

/// Records that the nodes of `up` (a node, then its ancestors, upwards) hold thing `k`. The climb
/// stops at a node that holds `k` already, or several: its ancestors hold all it holds, and stay
/// as they are, so each node is climbed through about once per thing, not once per mention.
pub fn hold(holds: &mut NodeMap<Holds>, up: impl IntoIterator<Item = ego_tree::NodeId>, k: usize) {
    for id in up {
        match holds.entry(id) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(Holds::One(k));
            }
            std::collections::hash_map::Entry::Occupied(mut o) => match *o.get() {
                Holds::One(j) if j != k => *o.get_mut() = Holds::Many,
                _ => break,
            },
        }
    }
}

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
        .filter_map(|a| attr(el, a))
        .map(str::trim)
        .find(|s| !s.is_empty() && !s.starts_with("data:"))
}

/// Words of an image's file name, class or id that say it is part of the page's interface.
const UI_IMAGE_WORDS: &[&str] = &[
    "favicon",
    "icon",
    "icons",
    "ico",
    "logo",
    "logos",
    "avatar",
    "avatars",
    "sprite",
    "sprites",
    "pixel",
    "spacer",
    "blank",
    "emoji",
    "badge",
    "btn",
    "button",
    "loading",
    "placeholder",
    "qrcode",
];
/// An image this small (width or height, in pixels) is an icon or a tracking pixel.
const MAX_ICON_PX: u32 = 32;

/// Is this `<img>` a picture of the article, rather than an icon, favicon, logo, avatar, tracking
/// pixel or interface image? Not when a size attribute is 32 px or less (1×1 pixels too), its
/// class or id names such an image, or its address does (`is_picture_url`).
pub fn is_picture(el: &scraper::node::Element) -> bool {
    let px = |a: &str| attr(el, a).and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok());
    if px("width").is_some_and(|w| w <= MAX_ICON_PX) || px("height").is_some_and(|h| h <= MAX_ICON_PX) {
        return false;
    }
    if attr(el, "class").is_some_and(names_ui_image) || attr(el, "id").is_some_and(names_ui_image) {
        return false;
    }
    image_src(el).is_none_or(is_picture_url)
}

/// Is this image address a picture's? Not an `.ico`, `.svg` or `.cur` file, nor one whose file or
/// folder name says favicon, icon, logo, avatar, sprite, pixel… (`UI_IMAGE_WORDS`).
pub fn is_picture_url(u: &str) -> bool {
    let no_query = u.split(['?', '#']).next().unwrap_or(u);
    // The path only: a host named "icons.example" says nothing of one picture.
    let path = no_query.split_once("//").map_or(no_query, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let lower = path.to_ascii_lowercase();
    if [".ico", ".svg", ".cur"].iter().any(|e| lower.ends_with(e)) {
        return false;
    }
    let mut segments = path.rsplit('/').filter(|s| !s.is_empty());
    let tail: Vec<&str> = segments.by_ref().take(2).collect();
    !tail.iter().any(|seg| names_ui_image(seg))
}

/// Does a name (a file name, a class) hold one of `UI_IMAGE_WORDS` as a word of its own? Words
/// split at anything not a letter and at lower-to-upper changes (`siteLogo`); no allocation.
fn names_ui_image(v: &str) -> bool {
    let b = v.as_bytes();
    let mut start = 0;
    for i in 0..=b.len() {
        let end = i == b.len() || !b[i].is_ascii_alphabetic() || (i > start && b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase());
        if !end {
            continue;
        }
        // Bytes, not `str`: a word ends at any byte that is no ASCII letter, inside a character too.
        let word = &b[start.min(i)..i];
        // The words' first letters, before comparing them all (this runs for every image).
        let first = word.first().map(u8::to_ascii_lowercase);
        if matches!(first, Some(b'a' | b'b' | b'e' | b'f' | b'i' | b'l' | b'p' | b'q' | b's'))
            && UI_IMAGE_WORDS.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(word))
        {
            return true;
        }
        start = if i < b.len() && b[i].is_ascii_alphabetic() { i } else { i + 1 };
    }
    false
}

/// Is `el` the element `ancestor` or inside it?
pub fn is_within(el: ElementRef<'_>, ancestor: ego_tree::NodeId) -> bool {
    el.id() == ancestor || el.ancestors().any(|a| a.id() == ancestor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn img(attrs: &str) -> bool {
        let html = scraper::Html::parse_fragment(&format!("<img {attrs}>"));
        let el = html.query(crate::sel!("img")).next().unwrap();
        is_picture(el.value())
    }

    #[test]
    fn icons_avatars_and_pixels_are_no_pictures() {
        assert!(img(r#"src="https://img.caixin.com/2026-03-10/177312345678_840_560.jpg""#));
        assert!(img(r#"src="/a.jpg" width="640" height="427""#));
        assert!(img(r#"src="/a.jpg" width="100%""#));
        for no in [
            r#"src="https://www.caixin.com/favicon.ico""#,
            r#"src="//file.caixin.com/webchannel/all/img/icon_key.png""#,
            r#"src="https://img.example/u/123.jpg" class="author-avatar""#,
            r#"src="https://img.example/avatars/123.jpg""#,
            r#"src="https://tracker.example/pv.gif?x=1" width="1" height="1""#,
            r#"src="/img/share.png" width="16""#,
            r#"src="/img/sprite.svg""#,
            r#"src="/static/siteLogo.png""#,
            r#"src="/a.jpg" id="qrcode""#,
        ] {
            assert!(!img(no), "{no}");
        }
        assert!(!is_picture_url("https://www.caixin.com/favicon.ico"));
        assert!(is_picture_url("https://icons.example/2026/photo.jpg"), "a host name says nothing");
        assert!(is_picture_url("https://img.example/2026/silicon-valley.jpg"), "a word inside a word");
        assert!(!is_picture_url("https://img.example/头像/图标-icon.png"), "words beside other scripts");
        assert!(is_picture_url("https://img.example/新闻/照片é.jpg"));
    }
}
