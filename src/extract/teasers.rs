//! List entries found by their links: every link whose URL has the article shape
//! (`/YYYY-MM-DD/…<id>.html`) is an article. Each place the page links an article is one
//! *appearance*: the largest element around the link that links to no other article (a news
//! ticker line, a headline box, a list entry). Every appearance becomes a candidate; the pipeline
//! merges them field by field, so a bare ticker line and the full entry further down give one
//! article with the entry's section, byline, time and paid mark.
//!
//! An entry's own blocks give its title, summary, byline and date, section label, picture and
//! paid mark. A section label may also stand just outside the entry, before or after it (a "tip"
//! line over each headline): which way the labels go is read from the layout of the list. Works on
//! home, channel and search pages whatever their class names.

use ego_tree::NodeId;
use rustc_hash::FxHashMap as HashMap;
use scraper::ElementRef;

use super::blocks::{text_of, Block, BlockLink};
use super::dates::UrlDate;
use super::dom::{hold, is_within, Holds, NodeMap};
use super::rules::Ctx;
use super::{byline, dates, furniture, sections, text, url, Candidate, Rank};
use crate::model::{Article, Image, Role};

/// A date line is short once the date is taken out ("文｜财新 王小青 发自香港").
const MAX_DATE_LINE_REST: usize = 48;
/// A link label of unknown vocabulary is short ("财新mini+", "特稿"); known ones may be longer.
const MAX_PLAIN_LABEL_CHARS: usize = 16;
/// Other short links to the article itself are tags ("特稿", "封面报道").
const MAX_TAG_CHARS: usize = 12;
/// A summary is at least this long (characters); shorter texts are labels or counters.
const MIN_SUMMARY_CHARS: usize = 8;
/// Blocks either side of a link looked at when its element also links to other articles.
const NEAR: usize = 3;
/// An entry holds at most this many blocks (title, label, summary, byline, picture…): a larger
/// element that links to one article is a page region (an article body with one link in it),
/// and nothing in it can be attributed to that link.
const MAX_ENTRY_BLOCKS: usize = 10;
/// Class-name words of a paid mark (`icon_key`, `key-icon`, `cx-paywall`, `lock`): compared as
/// whole words of the class, on elements without text.
const PAID_CLASS_WORDS: [&str; 7] = ["key", "lock", "locked", "paid", "paywall", "premium", "vip"];
/// Texts of a paid label, and words of a paid mark's `title` (a site adds its own:
/// `Vocabulary::paid_words`).
const PAID_WORDS: [&str; 5] = ["付费", "付费文章", "会员专享", "paid", "subscribers only"];
/// A `title` with these words is a free mark ("限时免费": free for a limited time).
const FREE_WORDS: [&str; 2] = ["免费", "free"];

/// Which article keys each element holds (by index into `keys`).
pub struct KeyMap {
    pub keys: Vec<String>,
    holds: NodeMap<Holds>,
}

impl KeyMap {
    /// From the links the block walk resolved (each link is resolved once, there).
    pub fn build(doc: &scraper::Html, blocks: &[Block<'_>]) -> KeyMap {
        let mut keys: Vec<String> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::default();
        // (Room for about one element per block from the start: each text link's element and its
        // ancestors are recorded, a few per list entry.)
        let mut holds: NodeMap<Holds> = NodeMap::default();
        holds.reserve(blocks.len());
        for l in blocks.iter().flat_map(|b| b.links) {
            let Some(au) = &l.article else { continue };
            let k = *index.entry(au.key).or_insert_with(|| {
                keys.push(au.key.to_string());
                keys.len() - 1
            });
            // Links without text (thumbnails, "EN" icons) do not decide where an entry ends: an
            // entry may carry an icon link to its translation.
            if l.text.is_empty() {
                continue;
            }
            let Some(link) = doc.tree.get(l.node) else { continue };
            hold(&mut holds, std::iter::once(link).chain(link.ancestors()).map(|n| n.id()), k);
        }
        KeyMap { keys, holds }
    }

    fn holds_only(&self, id: NodeId, k: usize) -> bool {
        self.holds.get(&id) == Some(&Holds::One(k))
    }

    fn holds_any(&self, id: NodeId) -> bool {
        self.holds.contains_key(&id)
    }
}

/// The elements that are or hold a paid mark (`is_paid_mark`): a story's or an entry's element is
/// paid when it is one of them.
#[derive(Default)]
pub struct PaidMarks(rustc_hash::FxHashSet<NodeId>);

impl PaidMarks {
    /// The paid marks of the page and every element above them. The elements are read in the
    /// tree's own order, one after another in memory (each story's and entry's elements walked
    /// apart, as before, chased the tree's links from node to node).
    pub fn of(doc: &scraper::Html, ctx: &Ctx<'_>) -> PaidMarks {
        let mut paid = PaidMarks::default();
        for e in doc.tree.nodes().filter_map(ElementRef::wrap) {
            paid.visit(e, ctx);
        }
        paid
    }

    /// One element of the page (every element is visited once, in any order: `of`, or the
    /// metadata's pass over the elements). A mark is recorded with the elements above it; an
    /// element met already ends the climb, so each element is recorded once.
    pub fn visit(&mut self, e: ElementRef<'_>, ctx: &Ctx<'_>) {
        if !is_paid_mark(e, ctx) {
            return;
        }
        for n in std::iter::once(*e).chain(e.ancestors()) {
            if !self.0.insert(n.id()) {
                break;
            }
        }
    }

    /// Is `el` a paid mark, or does it hold one (`is_paid_mark` of `el` or of a descendant)?
    pub fn held_by(&self, el: ElementRef<'_>) -> bool {
        !self.0.is_empty() && self.0.contains(&el.id())
    }
}

/// One place the page links an article.
struct Appearance<'a> {
    k: usize,
    /// Its first block: page order.
    order: usize,
    /// The block of its first link with title text (else its first link).
    at: usize,
    /// `at` holds a link with title text.
    at_text: bool,
    /// The URL as linked there.
    abs: &'a str,
    au: url::ArticleRef<'a>,
    /// The element that is the entry, and its blocks `lo..hi`.
    container: ElementRef<'a>,
    lo: usize,
    hi: usize,
    /// The container links to this article only (else only the title can be attributed).
    isolated: bool,
}

/// Finds one candidate per appearance of each article key, in page order. Keys in `skip` (links
/// that are already an article's related or full-story links) are not entries, and links inside
/// `is_covered` blocks (full stories already read) are not appearances. Blocks marked in
/// `article_text` are the text of the page's own article: a link in them is an entry of its
/// title alone, and no entry grows into them.
pub fn find(
    blocks: &[Block<'_>],
    ctx: &Ctx<'_>,
    keys: &KeyMap,
    paid: &PaidMarks,
    skip: &rustc_hash::FxHashSet<String>,
    is_covered: &[bool],
    article_text: &[bool],
) -> Vec<Candidate> {
    let key_index: HashMap<&str, usize> = keys.keys.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    let mut apps: Vec<Appearance<'_>> = Vec::new();
    let mut by_container: HashMap<(usize, NodeId), usize> = HashMap::default();
    // Entries found from one block for one key (a block may hold the title and a counter link).
    let mut climbed: HashMap<(usize, usize), usize> = HashMap::default();
    for (i, b) in blocks.iter().enumerate() {
        if is_covered[i] {
            continue;
        }
        for l in b.links {
            let (Some(abs), Some(au)) = (l.url, l.article) else { continue };
            let Some(&k) = key_index.get(au.key) else { continue };
            if skip.contains(&keys.keys[k]) {
                continue;
            }
            // A hidden link to the page's own article is a field for search engines ("来源：<a>财新网</a>"
            // in an SEO block), not a mention of it: its text would title the article.
            if b.hidden && ctx.own_key.as_deref() == Some(au.key) {
                continue;
            }
            // A textless icon link beside another article's title is that entry's attachment.
            if l.text.is_empty() && b.links.iter().any(|o| !o.text.is_empty() && o.article.as_ref().is_some_and(|u| u.key != au.key)) {
                continue;
            }
            let has_text = is_title_text(l.text, ctx);
            let app = match climbed.get(&(i, k)) {
                Some(&a) => a,
                None => {
                    let (container, lo, hi, isolated) = climb(blocks, i, k, keys, article_text);
                    let a = *by_container.entry((k, container.id())).or_insert_with(|| {
                        let at_text = has_text;
                        apps.push(Appearance { k, order: i, at: i, at_text, abs, au, container, lo, hi, isolated });
                        apps.len() - 1
                    });
                    climbed.insert((i, k), a);
                    a
                }
            };
            // The entry is read around its first link with text (a thumbnail link before the
            // headline knows nothing of the entry).
            let app = &mut apps[app];
            if has_text && !app.at_text {
                (app.at, app.at_text, app.abs) = (i, true, abs);
            }
        }
    }
    let mut labels = OutsideLabels::default();
    let mut out: Vec<Candidate> = apps.iter().map(|app| entry(blocks, app, ctx, keys, paid, &mut labels)).collect();
    super::sort_in_page_order(&mut out);
    out
}

/// The entry around the link in block `i`: climbs while the parent links to article `k` only and
/// stays entry-sized and outside the page's own article text. Returns the container, its blocks
/// `lo..hi`, and whether it is isolated.
fn climb<'a>(blocks: &[Block<'a>], i: usize, k: usize, keys: &KeyMap, article_text: &[bool]) -> (ElementRef<'a>, usize, usize, bool) {
    let in_article = |lo: usize, hi: usize| article_text.get(lo..hi).is_some_and(|t| t.contains(&true));
    let mut container = blocks[i].el;
    let (mut lo, mut hi) = span(blocks, container.id(), i, i + 1);
    // A link in the article's running text ("……<a>十月降准回顾</a>显示，今年以来……"): the
    // sentence around it is the article's, not the linked one's summary.
    if !keys.holds_only(container.id(), k) || in_article(lo, hi) {
        return (container, lo, hi, false);
    }
    while let Some(parent) = container.parent().and_then(ElementRef::wrap) {
        if matches!(parent.value().name(), "body" | "html") || !keys.holds_only(parent.id(), k) {
            break;
        }
        let (plo, phi) = span(blocks, parent.id(), lo, hi);
        // Entry-sized, and not around the page's headline (an article's header is not a list
        // entry of the one link near it).
        if phi - plo > MAX_ENTRY_BLOCKS
            || in_article(plo, phi)
            || blocks[plo..phi].iter().any(|b| b.tag == "h1" && !b.links.iter().any(|l| l.article.is_some()))
        {
            break;
        }
        (container, lo, hi) = (parent, plo, phi);
    }
    (container, lo, hi, true)
}

/// The blocks inside element `id`, grown from `lo..hi` (blocks are in document order, so an
/// element's blocks are contiguous).
fn span(blocks: &[Block<'_>], id: NodeId, mut lo: usize, mut hi: usize) -> (usize, usize) {
    while lo > 0 && is_within(blocks[lo - 1].el, id) {
        lo -= 1;
    }
    while hi < blocks.len() && is_within(blocks[hi].el, id) {
        hi += 1;
    }
    (lo, hi)
}

fn entry(
    blocks: &[Block<'_>],
    app: &Appearance<'_>,
    ctx: &Ctx<'_>,
    keys: &KeyMap,
    paid: &PaidMarks,
    labels: &mut OutsideLabels,
) -> Candidate {
    let (i, key) = (app.at, &keys.keys[app.k]);
    // An element that also links to other articles: only its blocks near this link can say what
    // this article's title is; nothing else in it can be attributed.
    let (lo, hi) = if app.isolated { (app.lo, app.hi) } else { (app.lo.max(i.saturating_sub(NEAR)), app.hi.min(i + NEAR + 1)) };
    let own: Vec<&Block<'_>> = blocks[lo..hi].iter().collect();
    let to_here = |l: &BlockLink| l.article.as_ref().is_some_and(|u| u.key == *key);
    let links_here = |b: &Block<'_>| b.links.iter().any(to_here);

    // Title: the link text in a heading first, else the longest link text; a picture's alt last.
    let mut title: Option<(bool, &str, usize)> = None;
    for (j, b) in own.iter().enumerate() {
        for l in b.links {
            if !to_here(l) || !is_title_text(l.text, ctx) {
                continue;
            }
            let cand = (b.heading, l.text, j);
            let better = match &title {
                None => true,
                Some((h, t, _)) => (cand.0 && !*h) || (cand.0 == *h && cand.1.chars().count() > t.chars().count()),
            };
            if better {
                title = Some(cand);
            }
        }
    }
    let title_j = title.as_ref().map(|t| t.2);
    let title_link = title.as_ref().map(|t| t.1);
    let title_text = title
        .map(|t| strip_nav_label(t.1).to_string())
        .or_else(|| own.iter().flat_map(|b| b.images).find_map(|im| im.alt.map(str::to_string)));

    let url_date = app.au.date;
    let mut a = Article {
        id: app.au.id.map(str::to_string),
        url: Some(app.abs.to_string()),
        title: title_text.clone(),
        role: Role::Teaser,
        ..Article::default()
    };
    super::identify(&mut a, app.au);
    // Other short texts linking here are labels ("特稿", "封面报道").
    for l in own.iter().flat_map(|b| b.links) {
        if to_here(l)
            && is_title_text(l.text, ctx)
            && Some(l.text) != title_link
            && l.text.chars().count() <= MAX_TAG_CHARS
            && !a.tags.iter().any(|t| t == l.text)
        {
            a.tags.push(l.text.to_string());
        }
    }
    let mut c = Candidate { rank: Rank::Block(app.order), article: a, section_from_link: false, span: lo..hi };
    if !app.isolated {
        return c;
    }
    let a = &mut c.article;
    let mut date_j = None;
    for (j, b) in own.iter().enumerate() {
        if date_j.is_some() {
            break;
        }
        // The title's own block may hold the date after the link ("TITLE 03-19 15:59").
        let line = if Some(j) == title_j { title_link.and_then(|t| b.text.split_once(t)).map(|(_, r)| r.trim()) } else { Some(b.text) };
        let Some(line) = line.filter(|l| !l.is_empty()) else { continue };
        if let Some((names, found, section)) = date_line(line, url_date) {
            a.published_text = Some(found.text(line).to_string());
            a.published = found.rfc3339;
            if let Some(n) = names {
                a.authors = byline::authors(&n, ctx.site.vocabulary().credit_words);
                a.byline = Some(n);
            }
            a.section = section.and_then(|s| sections::name_of_label(ctx, &s));
            date_j = Some(j);
        }
    }
    // A byline standing alone, without a date ("专栏作家 邓海清").
    let mut byline_j = None;
    if a.byline.is_none() {
        let credits = ctx.site.vocabulary().credit_words;
        byline_j = own.iter().enumerate().position(|(j, b)| {
            Some(j) != title_j && Some(j) != date_j && b.links.iter().all(|l| l.article.is_none()) && byline::is_names_line(b.text, credits)
        });
        if let Some(j) = byline_j {
            a.authors = byline::authors(own[j].text, credits);
            a.byline = Some(own[j].text.to_string());
        }
    }
    // Summary: the longest other block that is prose, not a link to this article or a label.
    a.summary = own
        .iter()
        .enumerate()
        .filter(|(j, b)| Some(*j) != title_j && Some(*j) != date_j && Some(*j) != byline_j && !b.text.is_empty())
        .filter(|(_, b)| !links_here(b) || b.links.iter().all(|l| l.text.is_empty() || !is_title_text(l.text, ctx)))
        .filter(|(_, b)| !b.links.iter().any(|l| !l.text.is_empty() && l.text == b.text))
        .filter(|(_, b)| b.text.chars().count() >= MIN_SUMMARY_CHARS && !furniture::is_ui_text(b.text))
        .filter(|(_, b)| Some(b.text) != title_text.as_deref())
        .filter(|(_, b)| !(b.links.is_empty() && sections::known(ctx, b.text).is_some()))
        .max_by_key(|(_, b)| b.text.chars().count())
        .map(|(_, b)| b.text.to_string());
    if a.section.is_none() {
        let inside = own.iter().find_map(|b| block_label(ctx, b, true));
        match inside {
            Some(Label::Author(name)) => {
                // "伍戈：停不下来的价格？" — a label followed by a colon names the columnist.
                if a.byline.is_none() {
                    a.authors = vec![name.clone()];
                    a.byline = Some(name);
                }
            }
            Some(Label::Section(name, from_link_target)) => {
                a.section = Some(name);
                c.section_from_link = from_link_target;
            }
            None => {
                if let Some(name) = labels.of(app.container, keys, ctx) {
                    a.section = Some(name);
                }
            }
        }
    }
    let a = &mut c.article;
    a.images = own
        .iter()
        .flat_map(|b| b.images)
        .filter(|im| im.picture)
        .filter_map(|im| ctx.resolve(im.src))
        .take(1)
        .map(|u| Image { url: u, caption: None, credit: None })
        .collect();
    a.paywalled = paid.held_by(app.container);
    c
}

/// What a short block beside a title says.
pub(crate) enum Label {
    /// A section, and whether it was read from the link's target rather than its text.
    Section(String, bool),
    /// A linked name followed by a colon: the columnist.
    Author(String),
}

/// The section label a block holds: a short link to a section or channel page (`inside`: within
/// the entry, where any such link is the entry's; outside, where only a whole-block label counts),
/// or plain text the site's vocabulary knows, or a label in capitals.
pub(crate) fn block_label(ctx: &Ctx<'_>, b: &Block<'_>, inside: bool) -> Option<Label> {
    if b.hidden {
        return None;
    }
    for l in b.links {
        let Some(abs) = l.url else { continue };
        if l.article.is_some() || ctx.is_author_link(abs) || (!inside && l.text != b.text) {
            continue;
        }
        let target = sections::of_link(ctx, abs);
        let text = text::non_empty(l.text).filter(|t| is_title_text(t, ctx) && sections::label_shaped(t));
        let same_site = url::host(abs).zip(url::host(ctx.base)).is_some_and(|(h, b)| ctx.rules_for(&h).site() == ctx.rules_for(&b).site());
        let Some(text) = text else {
            // An icon or a counter linking to a section page: the page's name.
            if let Some(t) = target.filter(|_| l.text.is_empty()) {
                return Some(Label::Section(t.to_string(), true));
            }
            continue;
        };
        let known = sections::known(ctx, &text).is_some() || target.is_some() || sections::all_caps(&text);
        if !(same_site && (known || text.chars().count() <= MAX_PLAIN_LABEL_CHARS)) && target.is_none() {
            continue;
        }
        // "伍戈：", also with the markup's line breaks between the name and the colon ("伍戈 ：").
        let colon_after = b.text.match_indices(text.as_str()).any(|(i, _)| b.text[i + text.len()..].trim_start().starts_with(['：', ':']));
        if colon_after {
            return Some(Label::Author(text));
        }
        return sections::name_of_label(ctx, &text).map(|n| Label::Section(n, false));
    }
    if b.links.iter().any(|l| !l.text.is_empty()) || b.heading && !inside {
        return None;
    }
    // Plain text: only what the vocabulary knows, a label in capitals, or one in brackets ("【读书】").
    let t = b.text;
    let bracketed = t.starts_with('【') && t.ends_with('】');
    (sections::label_shaped(t) && (sections::known(ctx, t).is_some() || sections::all_caps(t) || bracketed))
        .then(|| sections::name_of_label(ctx, t))
        .flatten()
        .map(|n| Label::Section(n, false))
}

/// How a list places its labels, read once per list element.
#[derive(Default)]
pub(crate) struct OutsideLabels {
    /// Per list element: the label that applies to each of its child elements.
    lists: NodeMap<NodeMap<String>>,
}

impl OutsideLabels {
    /// The label standing outside an entry, next to it in its list: before it when the list opens
    /// with a label ("tip" lines over headlines; a single label over the whole list is the
    /// list's), after it when the list opens with an entry and ends with a label. Any other
    /// arrangement is ambiguous: no label is taken.
    pub(crate) fn of(&mut self, container: ElementRef<'_>, keys: &KeyMap, ctx: &Ctx<'_>) -> Option<String> {
        let parent = container.parent().and_then(ElementRef::wrap)?;
        let map = self.lists.entry(parent.id()).or_insert_with(|| list_labels(parent, keys, ctx));
        map.get(&container.id()).cloned()
    }
}

fn list_labels(parent: ElementRef<'_>, keys: &KeyMap, ctx: &Ctx<'_>) -> NodeMap<String> {
    enum Kid {
        Entry(NodeId),
        Label(String),
    }
    let mut seq: Vec<Kid> = Vec::new();
    let mut caps_only = 0;
    for kid in parent.children().filter_map(ElementRef::wrap) {
        if keys.holds_any(kid.id()) {
            seq.push(Kid::Entry(kid.id()));
            continue;
        }
        let t = text_of(kid);
        if t.is_empty() {
            continue;
        }
        let arena = bumpalo::Bump::new();
        let blocks = super::blocks::Blocks::of(kid, ctx, &arena);
        let label = match blocks.as_slice() {
            [b] => block_label(ctx, b, false),
            _ => None,
        };
        match label {
            Some(Label::Section(name, _)) => {
                // Unknown capitals count only when the list has several labels (a lone heading in
                // capitals is the list's title, "MOST POPULAR").
                if sections::known(ctx, &t).is_none() && !blocks[0].links.iter().any(|l| !l.text.is_empty()) {
                    caps_only += 1;
                }
                seq.push(Kid::Label(name));
            }
            _ => return NodeMap::default(),
        }
    }
    let n_labels = seq.iter().filter(|k| matches!(k, Kid::Label(_))).count();
    let mut out = NodeMap::default();
    if n_labels == 0 || (caps_only > 0 && n_labels < 2) {
        return out;
    }
    match (seq.first(), seq.last()) {
        // One label over the list: the list's section, for every entry in it.
        (Some(Kid::Label(l)), _) if n_labels == 1 => {
            for kid in &seq {
                if let Kid::Entry(id) = kid {
                    out.insert(*id, l.clone());
                }
            }
        }
        // A label over each entry: the entry right after it (an entry without one has none).
        (Some(Kid::Label(_)), _) => {
            for pair in seq.windows(2) {
                if let [Kid::Label(l), Kid::Entry(id)] = pair {
                    out.insert(*id, l.clone());
                }
            }
        }
        (Some(Kid::Entry(_)), Some(Kid::Label(_))) => {
            for pair in seq.windows(2) {
                if let [Kid::Entry(id), Kid::Label(l)] = pair {
                    out.insert(*id, l.clone());
                }
            }
        }
        _ => {}
    }
    out
}

/// A paid mark: the site's own (`Vocabulary::paid_classes`, `paid_words`), an element without text whose class
/// names a key, lock or paywall (`icon_key`, `key-icon`), a `title` saying it is paid, or a
/// label reading 收费 / 付费.
pub fn is_paid_mark(e: ElementRef<'_>, ctx: &Ctx<'_>) -> bool {
    let v = e.value();
    let vocab = ctx.site.vocabulary();
    // Most elements have neither a class nor a title, and are not a one-word label.
    if v.attrs.is_empty()
        && !e.first_child().is_some_and(|c| c.next_sibling().is_none() && c.value().as_text().is_some_and(|t| t.len() <= 64))
    {
        return false;
    }
    // The two attributes read, in one pass over the element's attributes (this runs for every
    // element of every story and entry).
    let (mut title, mut class) = (None, None);
    for (q, value) in v.attrs.iter().filter(|(q, _)| q.prefix.is_none() && q.ns.is_empty()) {
        match &*q.local {
            "title" if title.is_none() => title = Some(&**value),
            "class" if class.is_none() => class = Some(&**value),
            _ => {}
        }
    }
    let classes = || class.unwrap_or_default().split_ascii_whitespace();
    if let Some(title) = title.filter(|t| t.len() <= 64) {
        let title = title.to_lowercase();
        if FREE_WORDS.iter().any(|w| title.contains(w)) {
            return false;
        }
        if PAID_WORDS.iter().chain(vocab.paid_words).any(|w| title.contains(w)) {
            return true;
        }
    }
    if !vocab.paid_classes.is_empty() && classes().any(|c| vocab.paid_classes.contains(&c)) {
        return true;
    }
    let class_says = || classes().any(|c| class_words(c).any(|w| PAID_CLASS_WORDS.iter().any(|p| w.eq_ignore_ascii_case(p))));
    let mut kids = e.children();
    match (kids.next(), kids.next()) {
        // Empty: a key or lock icon if its class says so.
        (None, _) => class_says(),
        // One text: a small label whose whole text is the word ("收费"), or an icon's whitespace.
        (Some(only), None) => only.value().as_text().is_some_and(|t| {
            if t.len() > 64 {
                return false;
            }
            // Normalising keeps every ASCII letter and digit: a text with more of them than the
            // longest paid word is neither empty nor one of the words (no copy made).
            let longest = PAID_WORDS.iter().chain(vocab.paid_words).map(|w| w.len()).max().unwrap_or(0);
            if t.len() > longest && t.bytes().filter(u8::is_ascii_alphanumeric).nth(longest).is_some() {
                return false;
            }
            let t = text::normalized(t);
            (t.is_empty() && class_says()) || PAID_WORDS.iter().chain(vocab.paid_words).any(|w| t.eq_ignore_ascii_case(w))
        }),
        _ => class_says() && e.text().all(|t| text::normalize(t).is_empty()),
    }
}

/// Words of a class name: split at `-`, `_` and lower-to-upper case changes (`keyIcon`).
fn class_words(c: &str) -> impl Iterator<Item = &str> {
    let b = c.as_bytes();
    let mut start = 0;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let at = i;
            i += 1;
            let cut = matches!(b[at], b'-' | b'_');
            let camel = at > start && b[at].is_ascii_uppercase() && b[at - 1].is_ascii_lowercase();
            if cut || camel {
                let word = &c[start..at];
                start = if cut { at + 1 } else { at };
                if !word.is_empty() {
                    return Some(word);
                }
            }
        }
        let word = &c[start.min(b.len())..];
        start = b.len() + 1;
        (!word.is_empty()).then_some(word)
    })
}

/// Previous / next links carry their label in the link text ("上一篇：TITLE"); the title is the rest.
const NAV_LABELS: [&str; 6] = ["上一篇：", "下一篇：", "上一篇:", "下一篇:", "Previous: ", "Next: "];

fn strip_nav_label(t: &str) -> &str {
    NAV_LABELS.iter().find_map(|l| t.strip_prefix(l)).map(str::trim).filter(|r| !r.is_empty()).unwrap_or(t)
}

/// Link texts that cannot be titles: counters ("评论(0)", "0"), "more" links, empty.
pub fn is_title_text(t: &str, ctx: &Ctx<'_>) -> bool {
    let t = t.trim();
    !t.is_empty()
        && !t.chars().all(|c| c.is_ascii_digit() || c.is_ascii_punctuation() || c.is_whitespace())
        && !t.starts_with("评论")
        && !furniture::is_ui_text(t)
        && !furniture::is_read_full(t, ctx.site.vocabulary())
}

/// Words that open a source or author line ("来源：财新网 作者：李昕"): never a section.
const NOT_SECTION_STARTS: [&str; 6] = ["来源", "作者", "出版", "编辑", "记者", "Source"];

/// A short line holding a date: (names before it, the date, a section after it).
pub fn date_line(s: &str, url_date: Option<UrlDate>) -> Option<(Option<String>, dates::Found, Option<String>)> {
    let found = dates::find(s, url_date)?;
    let before = s[..found.start].trim();
    let after = s[found.end..].trim();
    let rest_len = before.chars().count() + after.chars().count();
    let prose = |x: &str| x.contains(['，', '。', ',', ';', '；', '！', '？']) && !x.ends_with(['/', '|']);
    if rest_len > MAX_DATE_LINE_REST || prose(before) || prose(after) {
        return None;
    }
    // "2026年03月09日第09期": an issue's date, not when the article was published.
    if after.strip_prefix('第').is_some_and(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with('期')) {
        return None;
    }
    let sep = |c: char| c == '/' || c == '|' || c == '｜' || c == '·' || c.is_whitespace();
    // The date's own label names nobody: "Published:", "发布时间：", "出版日期：" (alone or after
    // the names: "By Ding Yi Published:"); "发布于" and "更新于" need no colon.
    // The label may run into the names when two inline elements touch ("Ding YiPublished:").
    const DATE_LABELS: [&str; 12] =
        ["published", "updated", "posted", "发布时间", "出版日期", "更新时间", "发布日期", "日期", "时间", "发布于", "更新于", "发表于"];
    const BARE_LABELS: [&str; 3] = ["发布于", "更新于", "发表于"];
    let names = text::non_empty(before.trim_end_matches(sep)).map(|n| {
        if let Some(head) = BARE_LABELS.iter().find_map(|l| n.strip_suffix(l)) {
            return head.trim_end_matches(sep).to_string();
        }
        let Some(label_end) = n.strip_suffix([':', '：']) else { return n };
        let label_at = |l: &str| {
            let at = label_end.len().checked_sub(l.len())?;
            label_end.get(at..).filter(|tail| tail.eq_ignore_ascii_case(l)).map(|_| at)
        };
        match DATE_LABELS.iter().find_map(|l| label_at(l)) {
            Some(at) => label_end[..at].trim_end_matches(sep).to_string(),
            // Not a date's label: the names end with the colon ("By Ding Yi: Nov 27…").
            None => label_end.trim_end_matches(sep).to_string(),
        }
    });
    let names = names.map(|n| n.trim_start_matches("Published:").trim().to_string()).filter(|n| !n.is_empty());
    // "2018年03月19日 15:59 来源：财新网 作者：李昕": the author stated after the date.
    let names = names.or_else(|| byline::labelled_author(after).map(str::to_string));
    // A second date after it ("更新于 …") is no section either.
    let section = text::non_empty(after.trim_start_matches(sep)).filter(|s| {
        !s.starts_with("GMT")
            && sections::label_shaped(s)
            && !NOT_SECTION_STARTS.iter().any(|w| s.starts_with(w))
            && dates::find(s, url_date).is_none()
    });
    Some((names, found, section))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_split_into_words() {
        let w = |c: &'static str| class_words(c).collect::<Vec<_>>();
        assert_eq!(w("icon_key"), ["icon", "key"]);
        assert_eq!(w("key-icon"), ["key", "icon"]);
        assert_eq!(w("keyIcon"), ["key", "Icon"]);
        assert_eq!(w("keyword"), ["keyword"]);
    }

    #[test]
    fn paywall_messages_in_words() {
        let ctx = Ctx::plain("https://www.example.com/");
        let is_paywall_text = |t: &str| furniture::is_paywall_text(t, &ctx);
        assert!(is_paywall_text("本文为付费内容，请订阅后阅读全文。"));
        assert!(is_paywall_text("  Subscribe to read the full story  "));
        assert!(!is_paywall_text("订阅"), "a bare word is a button, not a message");
        assert!(!is_paywall_text(&"分析人士认为，订阅后阅读的文章比例在上升。".repeat(8)), "a paragraph that mentions it");
        assert!(!is_paywall_text("Related: a new app launches"));
    }

    #[test]
    fn a_date_label_is_not_a_name() {
        for (line, names) in [
            ("出版日期：2016-05-09　来源于 《财新周刊》", None),
            ("发布时间：2018-03-19 15:59", None),
            ("Published: Nov 27, 2020 07:07 PM", None),
            ("By Ding Yi Published: Nov 27, 2020 07:07 PM", Some("By Ding Yi")),
            ("记者 于海荣 日期：03月19日 13:43", Some("记者 于海荣")),
            ("记者 于海荣 03月19日 13:43", Some("记者 于海荣")),
            // Two inline elements with no space between them.
            ("By Qu Hui and Ding YiPublished: Nov. 27, 2026 7:07 p.m. GMT+8", Some("By Qu Hui and Ding Yi")),
            ("记者 于海荣发布时间：2018-03-19 15:59", Some("记者 于海荣")),
            // A colon after the names is not a label.
            ("By Ding Yi: Nov 27, 2020 07:07 PM", Some("By Ding Yi")),
            ("记者 于海荣：2020年11月27日 19:07", Some("记者 于海荣")),
            ("Posted: Nov 27, 2020 07:07 PM", None),
            // Labels without a colon.
            ("文｜财新 王小青 发自香港 发布于 2026年03月11日 19:08 更新于 2026年03月12日 07:47", Some("文｜财新 王小青 发自香港")),
            ("发布于 2026年03月11日 19:08", None),
        ] {
            assert_eq!(date_line(line, None).unwrap().0.as_deref(), names, "{line}");
        }
    }

    #[test]
    fn an_issue_date_is_no_publication_date() {
        assert!(date_line("来源于 《财新周刊》 2026年03月09日第09期", None).is_none());
        assert!(date_line("出版日期：2016-05-09　来源于 《财新周刊》 2016年第18期", None).is_some());
        let (_, _, section) = date_line("发布于 2026年03月11日 19:08 更新于 2026年03月12日 07:47", None).unwrap();
        assert_eq!(section, None, "a second date is no section");
    }

    #[test]
    fn source_lines_are_not_sections() {
        let (_, _, section) = date_line("2018年03月19日 15:59 来源：财新网", None).unwrap();
        assert_eq!(section, None);
        let (names, _, section) = date_line("Ding Yi / Nov 26, 2020 06:07 PM / Business & Tech", None).unwrap();
        assert_eq!((names.as_deref(), section.as_deref()), (Some("Ding Yi"), Some("Business & Tech")));
    }
}
