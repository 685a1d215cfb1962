//! A block of the page's text and what it holds: the record the block walk (`blocks`) builds and
//! every later pass reads. Apart from the walk so that `rules::SiteRules` can hand an adapter the
//! page's blocks without a module cycle.

use scraper::ElementRef;

/// A link of a block. Nothing of it is freed alone: its texts are the tree's or the page's
/// arena's (`bumpalo::Bump`, made by `extract_saved` for the block walk).
#[derive(Debug, Clone, Copy)]
pub struct BlockLink<'a> {
    /// As written in the page (`mailto:` links keep theirs here), borrowed from the tree.
    pub href: &'a str,
    /// Its text as the block's text holds it (a part of `Block::text`).
    pub text: &'a str,
    /// Resolved against the page, http(s) only, with its site's URL rules (`Ctx::resolve`).
    pub url: Option<&'a str>,
    /// What the URL says when it is an article's.
    pub article: Option<super::url::ArticleRef<'a>>,
    /// The `<a>` element.
    pub node: ego_tree::NodeId,
}

#[derive(Debug, Clone, Copy)]
pub struct BlockImage<'a> {
    pub src: &'a str,
    pub alt: Option<&'a str>,
    /// A picture, not an icon, logo, avatar or tracking pixel (`dom::is_picture`): only pictures
    /// become an article's `images` (an icon still carries its link, and its block).
    pub picture: bool,
}

/// A block of the page. Its texts and lists are the tree's or the arena's: a block has nothing
/// of its own to free.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    /// The element the block is (or, for an inline run, the container it sits in).
    pub el: ElementRef<'a>,
    pub tag: &'a str,
    pub text: &'a str,
    pub links: &'a [BlockLink<'a>],
    pub images: &'a [BlockImage<'a>],
    /// `h1`–`h6`, or the whole text inside `strong`/`b` (sub-heads such as "What’s trending?").
    pub heading: bool,
    /// Inside an element hidden by its markup (inactive tab, carousel slide, SEO block).
    pub hidden: bool,
    /// `dates::may_hold_a_line` of its text, asked by the block walk while the text was at hand:
    /// `false` when the text cannot be a byline line.
    pub may_hold_line: bool,
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
