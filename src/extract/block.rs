//! A block of the page's text and what it holds: the record the block walk (`blocks`) builds and
//! every later pass reads. Apart from the walk so that `rules::SiteRules` can hand an adapter the
//! page's blocks without a module cycle.

use scraper::ElementRef;

#[derive(Debug, Clone)]
pub struct BlockLink {
    /// As written in the page (`mailto:` links keep theirs here).
    pub href: String,
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
    pub text: String,
    pub links: Vec<BlockLink>,
    pub images: Vec<BlockImage>,
    /// `h1`–`h6`, or the whole text inside `strong`/`b` (sub-heads such as "What’s trending?").
    pub heading: bool,
    /// Inside an element hidden by its markup (inactive tab, carousel slide, SEO block).
    pub hidden: bool,
}

/// The blocks of `blocks` (in document order) that stand in `root`: its own text and its
/// descendants'. An adapter's article text is a part of the page's block stream, not a walk of
/// its own.
pub fn within<'b, 'a>(blocks: &'b [Block<'a>], root: ElementRef<'a>) -> Vec<&'b Block<'a>> {
    let id = root.id();
    blocks.iter().filter(|b| b.el.id() == id || b.el.ancestors().any(|x| x.id() == id)).collect()
}
