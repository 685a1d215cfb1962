//! List entries found by their links: every link whose URL has the article shape
//! (`/YYYY-MM-DD/…<id>.html`) is an article; the largest element around it that links to no
//! other article is its entry, and the entry's other blocks give summary, byline, date, section,
//! picture and paid mark. Works on home, channel and search pages whatever their class names.

use ego_tree::NodeId;
use scraper::ElementRef;
use std::collections::HashMap;

use super::blocks::{Block, BlockLink};
use super::rules::Ctx;
use super::{byline, dates, furniture, text, url, Candidate};
use crate::model::{Article, Image, Role};
use crate::sel;

/// Marks of a paid article in list entries: caixin.com's key icon (`title="收费文章"`), and the
/// paywall classes known from Caixin Global.
const PAID_MARKERS: &str = r#"[title="收费文章"], .icon_key, .cx-paywall, .cons-pay-tip"#;
/// A date line is short once the date is taken out ("文｜财新 王小青 发自香港").
const MAX_DATE_LINE_REST: usize = 48;
/// A label (section link) is short.
const MAX_LABEL_CHARS: usize = 12;
/// A summary is at least this long (characters); shorter texts are labels or counters.
const MIN_SUMMARY_CHARS: usize = 8;
/// Blocks either side of a link looked at when its element also links to other articles.
const NEAR: usize = 3;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Holds {
    One(usize),
    Many,
}

/// Which article keys each element holds (by index into `keys`).
pub struct KeyMap {
    pub keys: Vec<String>,
    holds: super::dom::NodeMap<Holds>,
}

impl KeyMap {
    pub fn build(root: ElementRef<'_>, ctx: &Ctx<'_>) -> KeyMap {
        let a = sel!("a[href]");
        let mut keys: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut holds: super::dom::NodeMap<Holds> = super::dom::NodeMap::default();
        for link in root.select(a) {
            let Some(key) = link.attr("href").and_then(|h| ctx.resolve(h)).and_then(|u| ctx.article_url(&u)).map(|u| u.key) else {
                continue;
            };
            let k = *index.entry(key.clone()).or_insert_with(|| {
                keys.push(key);
                keys.len() - 1
            });
            // Links without text (thumbnails, "EN" icons) do not decide where an entry ends: an
            // entry may carry an icon link to its translation.
            if link.text().all(|t| t.trim().is_empty()) {
                continue;
            }
            for node in std::iter::once(*link).chain(link.ancestors()) {
                let h = holds.entry(node.id()).or_insert(Holds::One(k));
                if *h != Holds::One(k) {
                    *h = Holds::Many;
                }
            }
        }
        KeyMap { keys, holds }
    }

    fn holds_only(&self, id: NodeId, k: usize) -> bool {
        self.holds.get(&id) == Some(&Holds::One(k))
    }
}

/// Per key: (first block, first block with a text link, the URL as linked there, what it says).
type FirstLinks = (usize, Option<usize>, String, url::ArticleUrl);

/// Finds one entry per article key, placed at its first link. The entry is read around its first
/// link with text (a thumbnail link before the headline knows nothing of the entry).
pub fn find(blocks: &[Block<'_>], ctx: &Ctx<'_>, keys: &KeyMap, skip: &std::collections::HashSet<String>) -> Vec<Candidate> {
    let key_index: HashMap<&str, usize> = keys.keys.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    let mut first: Vec<Option<FirstLinks>> = vec![None; keys.keys.len()];
    for (i, b) in blocks.iter().enumerate() {
        for l in &b.links {
            let (Some(abs), Some(au)) = (&l.url, &l.article) else { continue };
            let Some(&k) = key_index.get(au.key.as_str()) else { continue };
            // A textless icon link beside another article's title is that entry's attachment.
            if l.text.is_empty() && b.links.iter().any(|o| !o.text.is_empty() && o.article.as_ref().is_some_and(|u| u.key != au.key)) {
                continue;
            }
            let has_text = is_title_text(&l.text);
            match &mut first[k] {
                None => first[k] = Some((i, has_text.then_some(i), abs.clone(), au.clone())),
                Some((_, with_text @ None, linked, _)) if has_text => {
                    *with_text = Some(i);
                    *linked = abs.clone();
                }
                _ => {}
            }
        }
    }
    let mut out: Vec<Candidate> = first
        .into_iter()
        .enumerate()
        .filter_map(|(k, f)| f.map(|(order, text_at, abs, au)| (k, order, text_at, abs, au)))
        .filter(|(k, ..)| !skip.contains(&keys.keys[*k]))
        .map(|(k, order, text_at, abs, au)| {
            let mut c = entry(blocks, text_at.unwrap_or(order), k, &abs, au, ctx, keys);
            c.order = order;
            c
        })
        .collect();
    out.sort_by_key(|c| c.order);
    out
}

fn entry(blocks: &[Block<'_>], i: usize, k: usize, abs: &str, au: url::ArticleUrl, ctx: &Ctx<'_>, keys: &KeyMap) -> Candidate {
    let key = keys.keys[k].clone();
    // Climb while the parent links to this article only.
    let mut container = blocks[i].el;
    if keys.holds_only(container.id(), k) {
        while let Some(parent) = container.parent().and_then(ElementRef::wrap) {
            if matches!(parent.value().name(), "body" | "html") || !keys.holds_only(parent.id(), k) {
                break;
            }
            container = parent;
        }
    }
    let inside = |b: &Block<'_>| b.el.id() == container.id() || b.el.ancestors().any(|a| a.id() == container.id());
    let mut lo = i;
    while lo > 0 && inside(&blocks[lo - 1]) {
        lo -= 1;
    }
    let mut hi = i + 1;
    while hi < blocks.len() && inside(&blocks[hi]) {
        hi += 1;
    }
    // An element that also links to other articles: only its blocks near this link can say what
    // this article's title is; nothing else in it can be attributed.
    let isolated = keys.holds_only(container.id(), k);
    let (lo, hi) = if isolated { (lo, hi) } else { (lo.max(i.saturating_sub(NEAR)), hi.min(i + NEAR + 1)) };
    let own: Vec<&Block<'_>> = blocks[lo..hi].iter().collect();
    let to_here = |l: &BlockLink| l.article.as_ref().is_some_and(|u| u.key == key);
    let links_here = |b: &Block<'_>| b.links.iter().any(to_here);

    // Title: the link text in a heading first, else the longest link text; a picture's alt last.
    let mut title: Option<(bool, String, usize)> = None;
    for (j, b) in own.iter().enumerate() {
        for l in &b.links {
            if !to_here(l) || !is_title_text(&l.text) {
                continue;
            }
            let cand = (b.heading, l.text.clone(), j);
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
    let title_text =
        title.map(|t| strip_nav_label(&t.1).to_string()).or_else(|| own.iter().flat_map(|b| &b.images).find_map(|im| im.alt.clone()));

    let year_hint = au.date.map(|d| d.0);
    let mut a =
        Article { id: au.id.clone(), url: Some(abs.to_string()), title: title_text.clone(), role: Role::Teaser, ..Article::default() };
    // Other short texts linking here are labels ("特稿", "封面报道").
    for l in own.iter().flat_map(|b| &b.links) {
        if to_here(l)
            && is_title_text(&l.text)
            && Some(&l.text) != title_text.as_ref()
            && l.text.chars().count() <= MAX_LABEL_CHARS
            && !a.tags.contains(&l.text)
        {
            a.tags.push(l.text.clone());
        }
    }
    if !isolated {
        return Candidate { order: i, key: Some(key), article: a };
    }
    let mut date_j = None;
    for (j, b) in own.iter().enumerate() {
        if Some(j) == title_j || date_j.is_some() {
            continue;
        }
        if let Some((names, found, section)) = date_line(&b.text, year_hint) {
            a.published_text = Some(found.text(&b.text).to_string());
            a.published = found.rfc3339.clone();
            if let Some(n) = names {
                a.authors = byline::authors(&n);
                a.byline = Some(n);
            }
            a.section = section;
            date_j = Some(j);
        }
    }
    // Summary: the longest other block that is prose, not a link to this article or a label.
    a.summary = own
        .iter()
        .enumerate()
        .filter(|(j, b)| Some(*j) != title_j && Some(*j) != date_j && !b.text.is_empty())
        .filter(|(_, b)| !links_here(b) || b.links.iter().all(|l| l.text.is_empty() || !is_title_text(&l.text)))
        .filter(|(_, b)| !b.links.iter().any(|l| !l.text.is_empty() && l.text == b.text))
        .filter(|(_, b)| b.text.chars().count() >= MIN_SUMMARY_CHARS && !furniture::is_ui_text(&b.text))
        .filter(|(_, b)| Some(&b.text) != title_text.as_ref())
        .max_by_key(|(_, b)| b.text.chars().count())
        .map(|(_, b)| b.text.clone());
    if a.section.is_none() {
        // "伍戈：停不下来的价格？" — a label followed by a colon names the columnist, not a section.
        let found = own.iter().find_map(|b| b.links.iter().find_map(|l| label(ctx, l)).map(|lab| (b, lab)));
        if let Some((b, lab)) = found {
            let names_author = [format!("{lab}："), format!("{lab}:")].iter().any(|p| b.text.contains(p.as_str()));
            if !names_author {
                a.section = Some(lab);
            } else if a.byline.is_none() {
                a.authors = vec![lab.clone()];
                a.byline = Some(lab);
            }
        }
    }
    a.images = own
        .iter()
        .flat_map(|b| &b.images)
        .filter_map(|im| ctx.resolve(&im.src))
        .take(1)
        .map(|u| Image { url: u, caption: None, credit: None })
        .collect();
    a.paywalled = container.select(sel!(PAID_MARKERS)).next().is_some();
    Candidate { order: i, key: Some(key), article: a }
}

/// Previous / next links carry their label in the link text ("上一篇：TITLE"); the title is the rest.
const NAV_LABELS: [&str; 6] = ["上一篇：", "下一篇：", "上一篇:", "下一篇:", "Previous: ", "Next: "];

fn strip_nav_label(t: &str) -> &str {
    NAV_LABELS.iter().find_map(|l| t.strip_prefix(l)).map(str::trim).filter(|r| !r.is_empty()).unwrap_or(t)
}

/// Link texts that cannot be titles: counters ("评论(0)", "0"), "more" links, empty.
pub fn is_title_text(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && !t.chars().all(|c| c.is_ascii_digit() || c.is_ascii_punctuation() || c.is_whitespace())
        && !t.starts_with("评论")
        && !furniture::is_ui_text(t)
        && !t.eq_ignore_ascii_case("read the full story here.")
}

/// A short line holding a date: (names before it, the date, a section after it).
pub fn date_line(s: &str, year_hint: Option<i32>) -> Option<(Option<String>, dates::Found, Option<String>)> {
    let found = dates::find(s, year_hint)?;
    let before = s[..found.start].trim();
    let after = s[found.end..].trim();
    let rest_len = before.chars().count() + after.chars().count();
    let prose = |x: &str| x.contains(['，', '。', ',', ';', '；', '！', '？']) && !x.ends_with(['/', '|']);
    if rest_len > MAX_DATE_LINE_REST || prose(before) || prose(after) {
        return None;
    }
    let sep = |c: char| c == '/' || c == '|' || c == '｜' || c == '·' || c.is_whitespace();
    let names = text::non_empty(before.trim_end_matches(sep)).filter(|n| !n.eq_ignore_ascii_case("published:") && n != "发布时间：");
    let names = names.map(|n| n.trim_start_matches("Published:").trim().to_string()).filter(|n| !n.is_empty());
    let section = text::non_empty(after.trim_start_matches(sep)).filter(|s| s.chars().count() <= 40 && !s.starts_with("GMT"));
    Some((names, found, section))
}

/// A short link to a channel page (not an article): the entry's section label.
fn label(ctx: &Ctx<'_>, l: &BlockLink) -> Option<String> {
    let (abs, text) = (l.url.as_deref()?, l.text.as_str());
    if l.article.is_some() || !is_title_text(text) || text.chars().count() > MAX_LABEL_CHARS {
        return None;
    }
    let h = url::host(abs)?;
    // A link to a columnist's blog is the author, not a section.
    if ctx.is_author_link(abs) {
        return None;
    }
    let b = url::host(ctx.base)?;
    let family = |x: &str| x.rsplitn(3, '.').take(2).collect::<Vec<_>>().join(".");
    (family(&h) == family(&b)).then(|| text.to_string())
}
