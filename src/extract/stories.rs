//! Stories of the CX Tech / "live" layout, found by the line readers see under each headline:
//! `[By ]NAMES / Mon DD, YYYY hh:mm AM|PM / SECTION`. No class name is used (none is known for
//! this layout), so renamed markup still yields every story.

use ego_tree::NodeId;
use scraper::ElementRef;

use super::blocks::Block;
use super::dates::UrlDate;
use super::dom::{self, Holds, NodeMap};
use super::rules::Ctx;
use super::teasers::{self, KeyMap, Label, OutsideLabels, PaidMarks};
use super::{byline, dates, furniture, text, Candidate, Rank};
use crate::model::{Article, Role};

/// A byline line is short; anything longer is a paragraph that happens to hold a date.
const MAX_BYLINE_CHARS: usize = 160;
/// At most this many words of names before the date (longer means it is prose).
const MAX_NAME_WORDS: usize = 16;
/// Names and section standing in blocks of their own are short.
const MAX_NAME_CHARS: usize = 80;
const MAX_SECTION_CHARS: usize = 40;

/// The parts of a byline line.
#[derive(Debug, Clone, PartialEq)]
pub struct BylineLine {
    pub names: Option<String>,
    pub date_text: String,
    pub published: Option<String>,
    pub section: Option<String>,
}

/// Reads `NAMES / DATE / SECTION` (either side optional, `/` or `|` as separator).
pub fn byline_line(s: &str, url_date: Option<UrlDate>) -> Option<BylineLine> {
    // Bytes first: a character is at most four of them.
    if s.len() > 4 * MAX_BYLINE_CHARS || (s.len() > MAX_BYLINE_CHARS && s.chars().count() > MAX_BYLINE_CHARS) {
        return None;
    }
    if !dates::may_hold_a_line(s) {
        return None;
    }
    let found = dates::find(s, url_date)?;
    let before = s[..found.start].trim();
    let after = s[found.end..].trim();
    let sep = |c: char| c == '/' || c == '|' || c == '｜';
    if !before.is_empty() && !before.ends_with(sep) {
        return None;
    }
    if !after.is_empty() && !after.starts_with(sep) {
        return None;
    }
    let names = text::non_empty(before.trim_end_matches(sep));
    if names.as_deref().is_some_and(|n| n.split(' ').count() > MAX_NAME_WORDS) {
        return None;
    }
    Some(BylineLine {
        names,
        date_text: found.text(s).to_string(),
        published: found.rfc3339,
        section: text::non_empty(after.trim_start_matches(sep)),
    })
}

fn is_ancestor(ancestor: NodeId, el: ElementRef<'_>) -> bool {
    el.id() == ancestor || el.ancestors().any(|a| a.id() == ancestor)
}

/// A byline line found in the blocks: one block, or names / date / section in sibling blocks.
struct Line {
    /// The block holding the date.
    at: usize,
    /// The last block of the line (the section's, when it stands alone).
    last: usize,
    /// The headline's block.
    title: usize,
    parts: BylineLine,
    /// Read from separate sibling blocks (which is as good as slashes: it is a byline line).
    split: bool,
}

fn same_parent(a: &Block<'_>, b: &Block<'_>) -> bool {
    a.el.id() != b.el.id() && a.el.parent().map(|p| p.id()) == b.el.parent().map(|p| p.id())
}

/// A short sibling block that can be part of a split byline line (names or section).
fn line_piece(b: &Block<'_>, max_chars: usize) -> bool {
    !b.hidden && !b.heading && b.text.chars().count() <= max_chars && b.links.iter().all(|l| l.article.is_none())
}

/// The byline line whose date is in block `i`, if any.
fn line_at(blocks: &[Block<'_>], i: usize, url_date: Option<UrlDate>, ctx: &Ctx<'_>) -> Option<Line> {
    let b = &blocks[i];
    // (`may_hold_line`: the block walk's answer to `dates::may_hold_a_line`, asked while it had
    // the text at hand: most blocks are answered without reading their text again.)
    if i == 0 || b.heading || b.hidden || !b.may_hold_line {
        return None;
    }
    let parts = byline_line(b.text, url_date)?;
    if let Some(title) = title_index(blocks, i, ctx) {
        return Some(Line { at: i, last: i, title, parts, split: false });
    }
    // Names, date and section as sibling elements with no slashes between them.
    if parts.names.is_some() || parts.section.is_some() {
        return None;
    }
    let names = &blocks[i - 1];
    if !same_parent(names, b) || !line_piece(names, MAX_NAME_CHARS) || byline_line(names.text, None).is_some() {
        return None;
    }
    let title = title_index(blocks, i - 1, ctx)?;
    let mut line = Line { at: i, last: i, title, parts, split: true };
    line.parts.names = text::non_empty(names.text.trim_end_matches(['/', '|']));
    if let Some(section) = blocks.get(i + 1).filter(|s| same_parent(s, b) && line_piece(s, MAX_SECTION_CHARS)) {
        line.parts.section = text::non_empty(section.text.trim_start_matches(['/', '|']));
        line.last = i + 1;
    }
    Some(line)
}

/// Finds every story in the block stream. `keys` gives the article keys each element holds when
/// a story's label is looked for outside it (built then: most stories carry their own).
pub fn find<'k>(blocks: &[Block<'_>], ctx: &Ctx<'_>, keys: impl Fn() -> &'k KeyMap, paid: &PaidMarks) -> Vec<Candidate> {
    let mut outside = OutsideLabels::default();
    let url_date = ctx.url_date;
    let lines: Vec<Line> = (0..blocks.len()).filter_map(|i| line_at(blocks, i, url_date, ctx)).collect();
    // Whether each element holds one byline line or several, to find each story's own container.
    let mut lines_under: NodeMap<Holds> = NodeMap::default();
    for (n, l) in lines.iter().enumerate() {
        dom::hold(&mut lines_under, holders(&blocks[l.at]).map(|a| a.id()), n);
    }
    let mut out = Vec::with_capacity(lines.len());
    // Each story ends at the next one's headline at the latest. (The lines are consumed: their
    // parts move into the articles, uncopied.)
    let next_titles: Vec<usize> = lines.iter().skip(1).map(|l| l.title).collect();
    for (k, l) in lines.into_iter().enumerate() {
        let (i, t, line) = (l.at, l.title, l.parts);
        let title_block = &blocks[t];
        // The story's container: the highest ancestor of its byline holding no other byline
        // (or the byline's parent when stories are not wrapped, as siblings in one container).
        let line_el = blocks[i].el;
        let mut container = holders(&blocks[i]).next().and_then(ElementRef::wrap).unwrap_or(line_el);
        for anc in holders(&blocks[i]).filter_map(ElementRef::wrap) {
            if lines_under.get(&anc.id()) == Some(&Holds::Many) {
                break;
            }
            container = anc;
        }
        let end = next_titles.get(k).copied().unwrap_or(blocks.len());
        let inside = |b: &Block<'_>| is_ancestor(container.id(), b.el);
        // The story ends at the next story's headline or with its own element. (The element's
        // blocks come one after another, the byline line's among them: those after the line are
        // the ones up to the first block outside it.)
        let span_end = first_outside(blocks, container.id(), l.last + 1, end);
        let mut label: Option<(String, bool)> = None;
        let body_blocks: Vec<&Block<'_>> = blocks[l.last + 1..span_end]
            .iter()
            .filter(|b| !b.hidden)
            .filter(|b| {
                // A section label standing apart from the byline line is not text.
                match (&line.section, teasers::block_label(ctx, b, true)) {
                    (None, Some(Label::Section(name, from_link))) if b.links.iter().all(|l| l.article.is_none()) => {
                        label.get_or_insert((name, from_link));
                        false
                    }
                    _ => true,
                }
            })
            .collect();
        let parts = furniture::split(&body_blocks, ctx);
        // A bare date (no names, no section, no slash) makes a story only under a real heading,
        // with more than one paragraph: otherwise it is a dated list entry.
        let slash_line = l.split || line.names.is_some() || line.section.is_some() || blocks[i].text.contains('/');
        if parts.body.is_empty() || (!slash_line && (parts.body.len() < 2 || !title_block.heading)) {
            continue;
        }

        let (link, art_url) = title_block.links.iter().find(|l| l.article.is_some()).map_or((None, None), |l| (l.url, l.article));
        let byline = line.names;
        let mut a = Article {
            id: art_url.and_then(|u| u.id).map(str::to_string),
            url: link.map(str::to_string),
            title: Some(title_block.text.to_string()),
            section: line.section,
            authors: byline.as_deref().map(|b| byline::authors(b, ctx.site.vocabulary().credit_words)).unwrap_or_default(),
            byline,
            published: line.published,
            published_text: Some(line.date_text),
            role: Role::Story,
            ..Article::default()
        };
        // One paragraph and nothing else under the byline line: a list entry and its summary.
        let entry = parts.body.len() == 1
            && parts.images.is_empty()
            && parts.related.is_empty()
            && parts.contacts.is_empty()
            && parts.trending.is_none()
            && parts.full_story_url.is_none();
        parts.add_to(&mut a);
        if entry {
            a.summary = a.body.pop();
            a.role = Role::Teaser;
        }
        // A list entry in this shape (headline, byline line, summary) may carry its label apart
        // from the byline line, inside its element or beside it, and a paid mark.
        let mut section_from_link = false;
        if let (None, Some((name, from_link))) = (&a.section, label) {
            (a.section, section_from_link) = (Some(name), from_link);
        }
        if a.section.is_none() {
            // The container's blocks: one run around the byline line's (the walk is in document
            // order), found from there instead of testing every block of the page.
            let mut lo = i;
            while lo > 0 && inside(&blocks[lo - 1]) {
                lo -= 1;
            }
            let hi = first_outside(blocks, container.id(), i + 1, blocks.len());
            let own = (lo..hi).filter(|&j| !(j >= t && j <= l.last)).map(|j| &blocks[j]);
            match own.filter_map(|b| teasers::block_label(ctx, b, true)).next() {
                Some(Label::Section(name, from_link)) => (a.section, section_from_link) = (Some(name), from_link),
                _ => a.section = outside.of(container, keys(), ctx),
            }
        }
        a.paywalled |= paid.held_by(container);
        if let Some(au) = art_url {
            super::identify(&mut a, au);
        }
        out.push(Candidate { rank: Rank::Block(t), article: a, section_from_link, span: t..span_end });
    }
    out
}

/// The first of `blocks[from..end]` that does not stand in element `container` (`end` if all do).
/// A block whose parent is the parent of the block before it, which stood inside `container`
/// without being it, stands inside too: the tree is climbed only when the parent changes (the
/// paragraphs of one story's text share theirs).
fn first_outside(blocks: &[Block<'_>], container: NodeId, from: usize, end: usize) -> usize {
    let mut parent_inside: Option<NodeId> = None;
    for (j, b) in blocks.iter().enumerate().take(end).skip(from) {
        let parent = b.el.parent().map(|p| p.id());
        let same_parent = parent.is_some() && parent == parent_inside;
        if b.el.id() != container && !same_parent && !is_ancestor(container, b.el) {
            return j;
        }
        parent_inside = if b.el.id() == container { None } else { parent };
    }
    end.max(from)
}

/// The elements that hold a block: an inline run's own container, else the block's ancestors.
fn holders<'a>(b: &Block<'a>) -> impl Iterator<Item = ego_tree::NodeRef<'a, scraper::node::Node>> {
    let own = (b.tag == "#inline").then_some(*b.el);
    own.into_iter().chain(b.el.ancestors())
}

/// The headline of the byline line at `i`: the nearest text block before it (pictures between
/// are skipped), which must be short, not itself a byline line, and look like a headline: a
/// heading (`h1`–`h6`, or all bold) or a link to an article. (An article page's "文｜财新 NAME"
/// over its date is not a story.)
fn title_index(blocks: &[Block<'_>], i: usize, ctx: &Ctx<'_>) -> Option<usize> {
    let mut j = i;
    while j > 0 {
        j -= 1;
        let b = &blocks[j];
        if b.text.is_empty() || b.hidden {
            continue;
        }
        let chars = b.text.chars().count();
        let looks_like_title = chars <= 300
            && (b.heading || b.links.iter().any(|l| l.article.is_some()))
            && teasers::is_title_text(b.text, ctx)
            && byline_line(b.text, None).is_none();
        return looks_like_title.then_some(j);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byline_lines_in_every_shape() {
        let l = byline_line("By Ding Yi / Nov 26, 2020 06:07 PM / Business & Tech", None).unwrap();
        assert_eq!(l.names.as_deref(), Some("By Ding Yi"));
        assert_eq!(l.section.as_deref(), Some("Business & Tech"));
        assert_eq!(l.published.as_deref(), Some("2020-11-26T18:07:00+08:00"));
        let l = byline_line("Nov 26, 2020 06:07 PM / World", None).unwrap();
        assert_eq!((l.names, l.section.as_deref()), (None, Some("World")));
        let l = byline_line("/ Nov 26, 2020 06:07 PM", None).unwrap();
        assert_eq!((l.names, l.section), (None, None));
        assert!(byline_line("On Nov 26, 2020 the company said it would appeal the ruling.", None).is_none());
    }

    #[test]
    fn the_line_gate_lets_every_byline_line_through() {
        for s in [
            "Nov 26, 2020 06:07 PM",
            "nov. 26, 2020",
            "2020年11月27日 10:20",
            "11月27日",
            "2020-11-27",
            "By Ding Yi | Nov 26, 2020",
            "王力｜2020年11月27日",
            "Ding Yi / Nov 26, 2020 06:07 PM / World",
        ] {
            assert!(byline_line(s, None).is_some(), "{s}");
            assert!(dates::may_hold_a_line(s), "{s}");
        }
        // No separator, and no date can start where the text does.
        for s in ["Paragraph one: revenue of 100 million yuan in 2020", "Contact reporter Ding Yi", "Updated 2020-11-27"] {
            assert!(!dates::may_hold_a_line(s) && byline_line(s, None).is_none(), "{s}");
        }
    }
}
