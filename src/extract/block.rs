//! A block of the page's text and what it holds: the record the block walk (`blocks`) builds and
//! every later pass reads. Apart from the walk so that `rules::SiteRules` can hand an adapter the
//! page's blocks without a module cycle.

use scraper::ElementRef;

#[derive(Debug, Clone)]
pub struct BlockLink<'a> {
    /// As written in the page (`mailto:` links keep theirs here), borrowed from the tree.
    pub href: &'a str,
    pub text: String,
    /// Resolved against the page, http(s) only, with its site's URL rules (`Ctx::resolve`).
    pub url: Option<String>,
    /// What the URL says when it is an article's.
    pub article: Option<super::url::ArticleUrl>,
    /// The `<a>` element.
    pub node: ego_tree::NodeId,
}

#[derive(Debug, Clone)]
pub struct BlockImage {
    pub src: String,
    pub alt: Option<String>,
    /// A picture, not an icon, logo, avatar or tracking pixel (`dom::is_picture`): only pictures
    /// become an article's `images` (an icon still carries its link, and its block).
    pub picture: bool,
}

#[derive(Debug, Clone)]
pub struct Block<'a> {
    /// The element the block is (or, for an inline run, the container it sits in).
    pub el: ElementRef<'a>,
    pub tag: &'a str,
    pub text: std::borrow::Cow<'a, str>,
    pub links: Vec<BlockLink<'a>>,
    pub images: Vec<BlockImage>,
    /// `h1`–`h6`, or the whole text inside `strong`/`b` (sub-heads such as "What’s trending?").
    pub heading: bool,
    /// Inside an element hidden by its markup (inactive tab, carousel slide, SEO block).
    pub hidden: bool,
}

/// Where the blocks that stand in `root` (its own text and its descendants') are in `blocks`:
/// one index range, since the walk is in document order and an element's blocks come one after
/// another. An adapter's article text is a part of the page's block stream, not a walk of its own
/// (`&blocks[within(blocks, root)]`), and the range says which blocks it read (`SiteRules::main_article`).
// Not inlined: a copy of its scan in each adapter weighed 340 bytes of wasm gzip.
#[inline(never)]
pub fn within(blocks: &[Block<'_>], root: ElementRef<'_>) -> std::ops::Range<usize> {
    let id = root.id();
    let inside = |b: &Block<'_>| b.el.id() == id || b.el.ancestors().any(|x| x.id() == id);
    let Some(start) = blocks.iter().position(inside) else { return 0..0 };
    let end = start + blocks[start..].iter().take_while(|b| inside(b)).count();
    debug_assert!(blocks[end..].iter().all(|b| !inside(b)), "an element's blocks are consecutive in the walk");
    start..end
}
