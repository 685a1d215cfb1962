//! The page as a stream of text blocks in reading order, independent of class names.
//!
//! Paragraph-like elements (`p`, `h1`–`h6`, `li`, `dd`, …) become one block each; runs of inline
//! content directly inside containers (`div`, `section`, …) become anonymous blocks. Hidden
//! elements (`hidden`, `display:none`, `aria-hidden`) are kept but marked `hidden`: article text
//! passes skip them (we read what the reader sees and never un-hide anything), while the list pass
//! may list a hidden carousel slide or tab as an entry. Non-content tags are left out.

use bumpalo::Bump;
use ego_tree::NodeRef;
use scraper::node::Node;
use scraper::ElementRef;

use super::dom::{image_src, is_hidden, is_picture};
use super::rules::Ctx;
use super::rules::Vocabulary;
use super::text::TextSink;

/// What an element is to the block walk, by its tag name (one `match`: this runs for every
/// element of the page, three times).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    /// Holds one paragraph of text, unless it contains other blocks.
    Paragraph,
    /// Only groups blocks.
    Container,
    /// Never content.
    Skip,
    /// Inline content.
    Inline,
}

fn tag_kind(name: &str) -> TagKind {
    match name {
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "dt" | "dd" | "blockquote" | "figcaption" | "pre" | "td" | "th"
        | "caption" | "address" | "summary" | "legend" => TagKind::Paragraph,
        "html" | "body" | "div" | "section" | "article" | "main" | "aside" | "header" | "footer" | "nav" | "ul" | "ol" | "dl"
        | "figure" | "table" | "thead" | "tbody" | "tfoot" | "tr" | "center" | "details" | "hgroup" | "menu" | "picture" => {
            TagKind::Container
        }
        "script" | "style" | "noscript" | "template" | "head" | "svg" | "iframe" | "select" | "option" | "button" | "input"
        | "textarea" | "form" | "object" | "canvas" | "video" | "audio" | "map" | "dialog" => TagKind::Skip,
        _ => TagKind::Inline,
    }
}

/// Deeper markup than this is not read: real pages nest a few dozen levels; a hostile page could
/// nest thousands and overflow the stack of these recursive walks.
pub const MAX_DEPTH: usize = 256;

pub use super::block::{Block, BlockImage, BlockLink};

pub fn is_heading_tag(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn skip(el: &scraper::node::Element) -> bool {
    tag_kind(el.name()) == TagKind::Skip
}

/// Builds the block stream under `root`.
pub struct Blocks<'a, 'c> {
    /// Links are resolved (once, here) against the page, with their sites' rules.
    ctx: &'c Ctx<'c>,
    /// Where the blocks' texts, links and addresses that are not the tree's own are written.
    arena: &'a Bump,
    /// The site's interface widgets are left out with what they hold (`None`: it names none).
    ui: Option<&'static Vocabulary>,
    /// The interface widgets `mark` found (each element is looked at once).
    ui_nodes: rustc_hash::FxHashSet<ego_tree::NodeId>,
    /// The elements that hold a paragraph or container element (`holds_block`).
    has_block: super::dom::NodeMap<bool>,
    pub out: Vec<Block<'a>>,
    /// > 0 while walking inside a hidden element.
    hidden_depth: usize,
    /// The text sink's buffer, kept from block to block: it grows a few times for the whole page,
    /// and each block's text is copied out of it once, at its size.
    scratch: String,
    /// The links of a block as collected, kept from block to block in the same way.
    scratch_links: Vec<LinkAt<'a>>,
    /// The paragraph and container elements `mark` saw: about as many blocks as the walk gives,
    /// so that `out` is sized once instead of growing (and moving every block) a dozen times.
    elements: usize,
}

impl<'a, 'c> Blocks<'a, 'c> {
    /// The blocks under `root`; what is not the tree's own is written in `arena`, which the
    /// blocks borrow.
    pub fn of(root: ElementRef<'a>, ctx: &'c Ctx<'c>, arena: &'a Bump) -> Vec<Block<'a>> {
        let vocab = ctx.site.vocabulary();
        let ui = vocab.has_ui_marks().then_some(vocab);
        let mut b = Blocks {
            ctx,
            arena,
            ui,
            ui_nodes: Default::default(),
            has_block: super::dom::NodeMap::default(),
            out: Vec::new(),
            hidden_depth: 0,
            scratch: String::new(),
            scratch_links: Vec::new(),
            elements: 0,
        };
        // A site with interface widgets has them found first, with the elements that hold
        // blocks (`mark`); other pages are not walked before the walk (`holds_block`).
        if b.ui.is_some() {
            b.mark(*root, 0);
            b.out.reserve(b.elements);
        } else if root.parent().is_some_and(|p| p.value().is_document()) {
            // The whole page: room for about one block per four nodes of the tree from the start
            // (a page of stories holds one per 4.3), not grown a dozen times, moving every block.
            b.out.reserve(root.tree().nodes().len() / 4);
        }
        b.hidden_depth =
            usize::from(root.ancestors().filter_map(ElementRef::wrap).any(|a| is_hidden(a.value())) || is_hidden(root.value()));
        b.children(root, 0);
        b.out
    }

    /// Post-order: does the subtree under `node` hold a paragraph or container element?
    fn mark(&mut self, node: NodeRef<'a, Node>, depth: usize) -> bool {
        let mut any = false;
        if depth > MAX_DEPTH {
            return false;
        }
        for child in node.children() {
            if let Node::Element(el) = child.value() {
                let kind = tag_kind(el.name());
                if kind == TagKind::Skip {
                    continue;
                }
                if self.ui.is_some_and(|ui| ui.is_ui_element(el)) {
                    self.ui_nodes.insert(child.id());
                    continue;
                }
                let below = self.mark(child, depth + 1);
                let is_block = matches!(kind, TagKind::Paragraph | TagKind::Container);
                self.elements += usize::from(is_block);
                any |= below || is_block;
            }
        }
        // Only the elements that hold blocks are recorded (a missing entry reads as `false`).
        if any {
            self.has_block.insert(node.id(), true);
        }
        any
    }

    /// Does the subtree under `node` hold a paragraph or container element? `mark`'s answer when
    /// it ran (a site with interface widgets to leave out); else looked for here, only under the
    /// paragraph and inline elements the walk meets (a container is walked into anyway), whose
    /// nodes it reads next: no walk of the whole tree beforehand. A subtree found to hold one is
    /// remembered (the walk then asks again of each element on the way down to it).
    fn holds_block(&mut self, node: NodeRef<'a, Node>, depth: usize) -> bool {
        if self.ui.is_some() || self.has_block.contains_key(&node.id()) {
            return self.has_block.get(&node.id()).copied().unwrap_or(false);
        }
        if depth > MAX_DEPTH {
            return false;
        }
        for c in node.children() {
            let Node::Element(el) = c.value() else { continue };
            let found = match tag_kind(el.name()) {
                TagKind::Skip => false,
                TagKind::Paragraph | TagKind::Container => true,
                TagKind::Inline => self.holds_block(c, depth + 1),
            };
            if found {
                self.has_block.insert(node.id(), true);
                return true;
            }
        }
        false
    }

    /// One of the site's interface widgets (found by `mark`)?
    fn is_ui(&self, id: ego_tree::NodeId) -> bool {
        !self.ui_nodes.is_empty() && self.ui_nodes.contains(&id)
    }

    fn children(&mut self, parent: ElementRef<'a>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let mut run: Vec<NodeRef<'a, Node>> = Vec::new();
        for child in parent.children() {
            match child.value() {
                Node::Text(_) => run.push(child),
                Node::Element(el) => {
                    let name = el.name();
                    let kind = tag_kind(name);
                    if kind == TagKind::Skip || self.is_ui(child.id()) {
                        continue;
                    }
                    let paragraph = kind == TagKind::Paragraph;
                    let nested = kind != TagKind::Container && self.holds_block(child, depth + 1);
                    if paragraph || kind == TagKind::Container || nested {
                        self.flush(parent, &mut run);
                        let child_el = ElementRef::wrap(child).expect("element node");
                        let hides = is_hidden(el);
                        self.hidden_depth += usize::from(hides);
                        if paragraph && !nested {
                            self.emit(child_el, name, &[child]);
                        } else {
                            self.children(child_el, depth + 1);
                        }
                        self.hidden_depth -= usize::from(hides);
                    } else {
                        run.push(child);
                    }
                }
                _ => {}
            }
        }
        self.flush(parent, &mut run);
    }

    fn flush(&mut self, parent: ElementRef<'a>, run: &mut Vec<NodeRef<'a, Node>>) {
        // The line breaks between elements are a run of their own: it holds nothing, and most
        // runs are such (no block is made of them, so none is started).
        if run.iter().all(|n| n.value().as_text().is_some_and(|t| t.bytes().all(|b| b.is_ascii_whitespace()))) {
            run.clear();
            return;
        }
        let nodes = std::mem::take(run);
        self.emit(parent, "#inline", &nodes);
    }

    fn emit(&mut self, el: ElementRef<'a>, tag: &'a str, nodes: &[NodeRef<'a, Node>]) {
        let text = TextSink::reusing(std::mem::take(&mut self.scratch));
        let mut links = std::mem::take(&mut self.scratch_links);
        links.clear();
        let mut c = Collect { ui_nodes: (!self.ui_nodes.is_empty()).then_some(&self.ui_nodes), text, links, ..Collect::default() };
        let mut hidden = self.hidden_depth > 0;
        for n in nodes {
            collect(*n, &mut c, false, 0);
        }
        // An inline run is hidden only if all of it is.
        if !hidden && !nodes.is_empty() {
            hidden = nodes.iter().all(|n| matches!(n.value(), Node::Element(e) if is_hidden(e)));
        }
        let Collect { text: sink, mut links, images, plain, texts, last_text, .. } = c;
        if sink.out.is_empty() && images.is_empty() {
            (self.scratch, self.scratch_links) = (sink.out, links);
            return;
        }
        // A block that is one text node, normal already (most paragraphs), borrows it from the
        // tree; any other is copied into the arena.
        let arena = self.arena;
        let text: &'a str = match last_text {
            Some(t) if texts == 1 && sink.out == t => t,
            _ => arena.alloc_str(&sink.out),
        };
        self.scratch = sink.out;
        // Each link's text is a part of the block's (the sink only appends).
        let ctx = self.ctx;
        let links_out: &'a [BlockLink<'a>] = if links.is_empty() {
            &[]
        } else {
            arena.alloc_slice_fill_iter(links.drain(..).map(|l| {
                let (url, article) = ctx.resolve_in(l.href, arena).map_or((None, None), |(u, a)| (Some(u), a));
                BlockLink { href: l.href, text: &text[l.text], url, article, node: l.node }
            }))
        };
        self.scratch_links = links;
        let images: &'a [BlockImage<'a>] = if images.is_empty() {
            &[]
        } else {
            arena.alloc_slice_fill_iter(images.into_iter().map(|(src, alt, picture)| BlockImage {
                src,
                alt: alt.map(|a| &*arena.alloc_str(&a)),
                picture,
            }))
        };
        // A heading, or all of its text in bold.
        let heading = is_heading_tag(tag) || (!text.is_empty() && !plain);
        let may_hold_line = super::dates::may_hold_a_line(text);
        let block = Block { el, tag, text, links: links_out, images, heading, hidden, may_hold_line };
        // Page bars, chapter lists, the site's buttons: never content (`navigation`).
        if !is_navigation(&block, self.ctx) {
            self.out.push(block);
        }
    }
}

/// The words of a page bar on any Chinese or English news page (whole link texts, lower case).
const PAGE_WORDS: &[&str] = &["下一页", "上一页", "下一頁", "上一頁", "末页", "尾页", "next page", "previous page", "next »", "« previous"];
/// Text beside a page bar's links (page numbers, separators) is short.
const MAX_BAR_TEXT_CHARS: usize = 48;

/// Is `b` navigation or interface, never content? (Its links are resolved already.)
pub fn is_navigation(b: &Block<'_>, ctx: &Ctx<'_>) -> bool {
    let vocab = ctx.site.vocabulary();
    let t = b.text;
    if vocab.is_ui_text(t) || vocab.whole_text.contains(&t) {
        return true;
    }
    if b.links.is_empty() {
        return false;
    }
    if t.len() <= 24 && PAGE_WORDS.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        return true;
    }
    // Every link leads to another page of the page's own article: a page bar, a chapter list.
    let Some(own) = ctx.own_key.as_deref() else { return false };
    t.chars().count() <= MAX_BAR_TEXT_CHARS
        && b.links
            .iter()
            .all(|l| l.article.as_ref().is_some_and(|a| a.key == own) && l.url.is_some_and(|u| super::url::page_number(u).is_some()))
}

/// A link as the walk meets it: its text as a range of the block's text.
struct LinkAt<'a> {
    href: &'a str,
    text: std::ops::Range<usize>,
    node: ego_tree::NodeId,
}

/// What a block's nodes hold, gathered in one walk.
#[derive(Default)]
struct Collect<'u, 'a> {
    /// The site's interface widgets, left out (`None`: everything is collected).
    ui: Option<&'static Vocabulary>,
    /// The same, found already (`Blocks::mark`).
    ui_nodes: Option<&'u rustc_hash::FxHashSet<ego_tree::NodeId>>,
    text: TextSink,
    links: Vec<LinkAt<'a>>,
    /// Each picture's address, its `alt` text, and whether it is a picture (`dom::is_picture`).
    images: Vec<(&'a str, Option<String>, bool)>,
    /// The text nodes read, and the last one (`emit` borrows a block's text when it is its one
    /// node unchanged).
    texts: usize,
    last_text: Option<&'a str>,
    /// Some visible text stands outside `strong` / `b`.
    plain: bool,
}

fn collect<'a>(node: NodeRef<'a, Node>, c: &mut Collect<'_, 'a>, in_emphasis: bool, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match node.value() {
        Node::Text(t) => {
            let mark = c.text.out.len();
            c.text.push(t);
            c.plain |= !in_emphasis && c.text.grew_since(mark);
            c.texts += 1;
            c.last_text = Some(&**t);
        }
        Node::Element(el) => {
            if skip(el) || c.ui.is_some_and(|ui| ui.is_ui_element(el)) || c.ui_nodes.is_some_and(|u| u.contains(&node.id())) {
                return;
            }
            match el.name() {
                "br" => c.text.space(),
                "img" => {
                    if let Some(src) = image_src(el) {
                        let alt = super::dom::attr(el, "alt").and_then(super::text::non_empty);
                        c.images.push((src, alt, is_picture(el)));
                    }
                }
                "a" => {
                    let mark = c.text.out.len();
                    for child in node.children() {
                        collect(child, c, in_emphasis, depth + 1);
                    }
                    if let Some(href) = super::dom::attr(el, "href") {
                        let end = c.text.out.len();
                        let text = end - c.text.since(mark).len()..end;
                        c.links.push(LinkAt { href, text, node: node.id() });
                    }
                }
                name => {
                    let emph = in_emphasis || matches!(name, "strong" | "b");
                    for child in node.children() {
                        collect(child, c, emph, depth + 1);
                    }
                }
            }
        }
        _ => {}
    }
}

/// All visible text under an element, normalised, as the block walk reads it.
pub fn text_of(el: ElementRef<'_>) -> String {
    let mut c = Collect::default();
    for child in el.children() {
        collect(child, &mut c, false, 0);
    }
    c.text.out
}

/// The text a reader sees under `el`: without hidden elements and the site's interface widgets.
pub fn shown_text(el: ElementRef<'_>, ui: &'static Vocabulary) -> String {
    let mut c = Collect { ui: Some(ui), ..Collect::default() };
    for child in el.children() {
        let hidden = matches!(child.value(), Node::Element(e) if is_hidden(e));
        if !hidden {
            collect_shown(child, &mut c, 0);
        }
    }
    c.text.out
}

/// `collect`, skipping hidden elements at every depth.
fn collect_shown<'a>(node: NodeRef<'a, Node>, c: &mut Collect<'_, 'a>, depth: usize) {
    match node.value() {
        Node::Element(el) if depth <= MAX_DEPTH && !is_hidden(el) && !skip(el) && !c.ui.is_some_and(|ui| ui.is_ui_element(el)) => {
            if el.name() == "br" {
                c.text.space();
            }
            for child in node.children() {
                collect_shown(child, c, depth + 1);
            }
        }
        Node::Text(t) => c.text.push(t),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    #[test]
    fn tags_are_classified_by_name() {
        let kinds = ["p", "h3", "td", "div", "ul", "picture", "script", "svg", "form", "span", "a", "strong"].map(tag_kind);
        use TagKind::{Container, Inline, Paragraph, Skip};
        assert_eq!(kinds, [Paragraph, Paragraph, Paragraph, Container, Container, Container, Skip, Skip, Skip, Inline, Inline, Inline]);
    }

    #[test]
    fn paragraphs_inline_runs_and_hidden_elements() {
        let html = Html::parse_document(
            r#"<body><div>Lead <b>in</b> text<p>One <a href="/x">link</a></p><p style="display: none">secret</p>
            <ul><li><h3>Head</h3><p>Para</p></li></ul><p><strong>What’s trending?</strong></p><script>var x</script></div></body>"#,
        );
        let ctx = Ctx::plain("https://www.caixinglobal.com/");
        let arena = Bump::new();
        let blocks = Blocks::of(html.root_element(), &ctx, &arena);
        let texts: Vec<&str> = blocks.iter().filter(|b| !b.hidden).map(|b| b.text).collect();
        assert_eq!(texts, ["Lead in text", "One link", "Head", "Para", "What’s trending?"]);
        assert!(blocks.iter().any(|b| b.hidden && b.text == "secret"));
        let visible: Vec<&Block<'_>> = blocks.iter().filter(|b| !b.hidden).collect();
        assert_eq!(visible[1].links[0].href, "/x");
        assert!(visible[2].heading && !visible[3].heading && visible[4].heading);
    }

    #[test]
    fn blocks_held_below_inline_and_paragraph_elements_are_found_without_the_marking_walk() {
        // Inline elements around blocks (a chain of them, a link around a div), a list item around
        // paragraphs, a paragraph-like cell holding a table, skipped and hidden parts: the walk
        // without `mark` (a site without interface widgets) gives the blocks the marked walk gives
        // (caixin.com names widgets, none of which is here).
        let html = Html::parse_document(
            r#"<body><div>Lead <span>in <b><i><span>deep <div>block</div></span> tail</i></b></span> text
            <a href="/x"><div>linked block</div><span>and inline</span></a><ul><li>item <p>one</p><p>two</p></li><li>plain</li></ul>
            <table><tr><td>cell <table><tr><td>inner</td></tr></table></td></tr></table><em><form><p>form</p></form>em</em>
            <span hidden><p>gone</p></span><dl><dt>term</dt><dd><span>def <blockquote>quote</blockquote></span></dd></dl></div></body>"#,
        );
        fn ctx(site: &str) -> Ctx<'_> {
            Ctx::new(site, crate::sites::SITES)
        }
        let read = |site: &str| -> Vec<(String, String, bool)> {
            let ctx = ctx(site);
            let arena = Bump::new();
            Blocks::of(html.root_element(), &ctx, &arena).iter().map(|b| (b.tag.to_string(), b.text.to_string(), b.hidden)).collect()
        };
        let marked = read("https://www.caixin.com/");
        assert!(ctx("https://www.caixin.com/").site.vocabulary().has_ui_marks());
        assert!(!ctx("https://www.caixinglobal.com/").site.vocabulary().has_ui_marks());
        assert_eq!(read("https://www.caixinglobal.com/"), marked);
        assert!(marked.iter().any(|(_, t, _)| t == "block") && marked.iter().any(|(_, t, _)| t == "inner"), "{marked:?}");
    }

    #[test]
    fn lazy_images_prefer_data_src() {
        let html = Html::parse_document(r#"<p><img src="data:image/gif;base64,AA" data-src="//img.caixin.com/a.jpg" alt=" A "></p>"#);
        let ctx = Ctx::plain("https://www.caixinglobal.com/");
        let arena = Bump::new();
        let blocks = Blocks::of(html.root_element(), &ctx, &arena);
        assert_eq!(blocks[0].images[0].src, "//img.caixin.com/a.jpg");
        assert_eq!(blocks[0].images[0].alt, Some("A"));
    }
}
