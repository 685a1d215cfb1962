//! One article per URL: when an article appears several times on a page (a ticker line, a
//! headline box, a list entry, the full story), each field takes the best value from any
//! appearance. Page order is the first appearance's.
//!
//! Per field: a value beats none; the text of a section label beats a section read from a label
//! link's target; a time beats a bare date; a paid mark anywhere makes it paid; tags are joined.
//! Between two values of the same kind, the richer appearance wins (the page's own article, then
//! a full story, then a list entry), else the first; a title that another copy shows cut short
//! ("…") gives way to the whole one, a cut text to a whole one.

use rustc_hash::FxHashMap as HashMap;

use crate::extract::Candidate;
use crate::model::Article;

/// Merges candidates that share an article URL (see the module comment), in the order of their
/// ranks (a stable sort: equal ranks keep the order the passes found them in).
pub fn merge(mut candidates: Vec<Candidate>) -> Vec<Article> {
    crate::extract::sort_in_page_order(&mut candidates);
    let n = candidates.len();
    // The keys are taken out while merging, for the map to borrow (no copy of each), and given
    // back to the first appearance of each article (`combine` keeps the first one's key).
    let mut keys: Vec<Option<String>> = candidates.iter_mut().map(|c| c.article.key.take()).collect();
    let (mut out, mut from_link, mut first) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    let mut at: HashMap<&str, usize> = HashMap::with_capacity_and_hasher(n, Default::default());
    for (j, c) in candidates.into_iter().enumerate() {
        match keys[j].as_deref().and_then(|k| at.get(k)) {
            Some(&i) => combine(&mut out[i], &mut from_link[i], c.article, c.section_from_link),
            None => {
                if let Some(k) = keys[j].as_deref() {
                    at.insert(k, out.len());
                }
                out.push(c.article);
                from_link.push(c.section_from_link);
                first.push(j);
            }
        }
    }
    drop(at);
    for (a, j) in out.iter_mut().zip(first) {
        a.key = keys[j].take();
    }
    out
}

/// Two copies of one article met apart (the same article on two pages of a collection, a list
/// entry and its own page): each field the best of the two, by the rules above. `a` is the
/// earlier copy.
pub fn combine_articles(mut a: Article, b: Article) -> Article {
    combine(&mut a, &mut false, b, false);
    a
}

/// Takes into `a` what `b` shows better. `a_from_link` / `b_from_link`: each one's section was
/// read from a label link's target (`Candidate::section_from_link`); `a_from_link` follows the
/// section kept.
fn combine(a: &mut Article, a_from_link: &mut bool, b: Article, b_from_link: bool) {
    let richer = b.role > a.role;
    let take = |have: bool, offered: bool, better: bool| offered && (!have || better);

    if take(a.title.is_some(), b.title.is_some(), richer || completes(a.title.as_deref(), b.title.as_deref())) {
        a.title = b.title;
    }
    let section_rank = |s: &Option<String>, from_link: bool| {
        if s.is_none() {
            0
        } else if from_link {
            1
        } else {
            2
        }
    };
    let (ra, rb) = (section_rank(&a.section, *a_from_link), section_rank(&b.section, b_from_link));
    if rb > ra || (rb == ra && rb > 0 && richer) {
        a.section = b.section;
        *a_from_link = b_from_link;
    }
    if take(a.byline.is_some(), b.byline.is_some(), richer) {
        a.byline = b.byline;
        a.authors = b.authors;
    } else if a.authors.is_empty() {
        a.authors = b.authors;
    }
    let precision = |p: &Option<String>| p.as_deref().map_or(0, |p| if p.contains('T') { 2 } else { 1 });
    let (pa, pb) = (precision(&a.published), precision(&b.published));
    if pb > pa || (pb == pa && pb > 0 && richer) || (pa == 0 && pb == 0 && a.published_text.is_none()) {
        a.published = b.published;
        a.published_text = b.published_text.or(a.published_text.take());
    }
    if take(a.summary.is_some(), b.summary.is_some(), richer) {
        a.summary = b.summary;
    }
    macro_rules! part {
        ($($f:ident),*) => { $( if take(!a.$f.is_empty(), !b.$f.is_empty(), richer) { a.$f = b.$f; } )* };
    }
    // Whether the body is cut goes with the body; a whole text beats a cut one (a multi-page
    // article's first page completed from its one-page version).
    let whole_over_cut = a.truncated && !b.truncated && !b.body.is_empty();
    if take(!a.body.is_empty(), !b.body.is_empty(), richer || whole_over_cut) {
        a.body = b.body;
        a.truncated = b.truncated;
    }
    part!(images, related, contacts, translations);
    if take(a.updated.is_some(), b.updated.is_some(), richer) {
        a.updated = b.updated;
    }
    if take(a.trending.is_some(), b.trending.is_some(), richer) {
        a.trending = b.trending;
    }
    if take(a.full_story_url.is_some(), b.full_story_url.is_some(), richer) {
        a.full_story_url = b.full_story_url;
    }
    for t in b.tags {
        if !a.tags.contains(&t) {
            a.tags.push(t);
        }
    }
    a.id = a.id.take().or(b.id);
    a.url = a.url.take().or(b.url);
    a.key = a.key.take().or(b.key);
    a.paywalled |= b.paywalled;
    a.role = a.role.max(b.role);
}

/// Does `offered` complete a title that `have` shows cut short ("宇树科技IPO估值…")?
fn completes(have: Option<&str>, offered: Option<&str>) -> bool {
    let (Some(have), Some(offered)) = (have, offered) else { return false };
    let stem = have.trim_end_matches(['…', '.', ' ']);
    stem.len() < have.len() && offered.len() > stem.len() && offered.starts_with(stem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    fn cand(order: usize, a: Article, from_link: bool) -> Candidate {
        // One article's appearances: the same key.
        let article = Article { key: Some("k".into()), ..a };
        Candidate { rank: crate::extract::Rank::Block(order), article, section_from_link: from_link, span: 0..0 }
    }

    #[test]
    fn each_field_takes_the_best_appearance() {
        // A ticker line first, then the full list entry, then a link-only copy.
        let ticker = Article {
            title: Some("宇树科技IPO估值…".into()),
            published: Some("2026-08-06".into()),
            published_text: Some("08-06".into()),
            ..Article::default()
        };
        let entry = Article {
            title: Some("宇树科技IPO估值600亿元".into()),
            section: Some("金融".into()),
            byline: Some("文｜财新 韩宇航".into()),
            authors: vec!["韩宇航".into()],
            published: Some("2026-08-06T22:10:00+08:00".into()),
            published_text: Some("08月06日 22:10".into()),
            paywalled: true,
            tags: vec!["特稿".into()],
            ..Article::default()
        };
        let link_only = Article { section: Some("Finance".into()), tags: vec!["封面".into()], ..Article::default() };
        let merged = merge(vec![cand(9, link_only, true), cand(1, ticker, false), cand(5, entry, false)]);
        assert_eq!(merged.len(), 1);
        let a = &merged[0];
        assert_eq!(a.title.as_deref(), Some("宇树科技IPO估值600亿元"));
        assert_eq!(a.section.as_deref(), Some("金融"));
        assert_eq!((a.byline.as_deref(), a.authors.as_slice()), (Some("文｜财新 韩宇航"), &["韩宇航".to_string()][..]));
        assert_eq!(a.published.as_deref(), Some("2026-08-06T22:10:00+08:00"));
        assert_eq!(a.published_text.as_deref(), Some("08月06日 22:10"));
        assert!(a.paywalled);
        assert_eq!(a.tags, ["特稿", "封面"]);
    }

    #[test]
    fn the_richer_role_wins_between_values_of_the_same_kind() {
        let teaser = Article { title: Some("Short".into()), summary: Some("teaser".into()), ..Article::default() };
        let story = Article { title: Some("The Story".into()), summary: Some("story".into()), role: Role::Story, ..Article::default() };
        let a = &merge(vec![cand(0, teaser, false), cand(3, story, false)])[0];
        assert_eq!((a.title.as_deref(), a.summary.as_deref(), a.role), (Some("The Story"), Some("story"), Role::Story));
    }

    #[test]
    fn a_title_cut_short_gives_way_only_to_a_longer_one() {
        let art = |t: &str| Article { title: Some(t.to_string()), ..Article::default() };
        let title = |a: &str, b: &str| merge(vec![cand(0, art(a), false), cand(1, art(b), false)]).remove(0).title.unwrap();
        assert_eq!(title("宇树科技IPO估值…", "宇树科技IPO估值600亿元"), "宇树科技IPO估值600亿元");
        assert_eq!(title("Li Ka-shing Retires...", "Li Ka-shing Retires, Ending an Era"), "Li Ka-shing Retires, Ending an Era");
        // The same words without the ellipsis complete nothing; another title does not either.
        assert_eq!(title("宇树科技IPO估值…", "宇树科技IPO估值"), "宇树科技IPO估值…");
        assert_eq!(title("宇树科技IPO估值…", "另一篇文章的标题"), "宇树科技IPO估值…");
        assert_eq!(title("Whole Title", "Whole Title, Longer"), "Whole Title", "a title not cut short stays");
    }

    /// The section of two appearances, in page order: (section, read from a link's target, role).
    fn section_of(first: (Option<&str>, bool, Role), second: (Option<&str>, bool, Role)) -> Option<String> {
        let art = |(s, _, role): (Option<&str>, bool, Role)| Article { section: s.map(str::to_string), role, ..Article::default() };
        merge(vec![cand(0, art(first), first.1), cand(1, art(second), second.1)]).remove(0).section
    }

    #[test]
    fn a_label_beats_a_link_target_beats_none_and_the_richer_wins_a_tie() {
        use Role::{Main, Teaser};
        let s = |x: &str| Some(x.to_string());
        // A value beats none, either way round.
        assert_eq!(section_of((None, false, Teaser), (Some("金融"), false, Teaser)), s("金融"));
        assert_eq!(section_of((Some("金融"), false, Teaser), (None, false, Main)), s("金融"));
        // A label's text beats a link's target, either way round and whatever the role.
        assert_eq!(section_of((Some("Economy"), true, Main), (Some("Finance"), false, Teaser)), s("Finance"));
        assert_eq!(section_of((Some("Finance"), false, Teaser), (Some("Economy"), true, Main)), s("Finance"));
        // Two of a kind: the richer appearance, else the first.
        assert_eq!(section_of((Some("A"), false, Teaser), (Some("B"), false, Main)), s("B"));
        assert_eq!(section_of((Some("A"), false, Main), (Some("B"), false, Teaser)), s("A"));
        assert_eq!(section_of((Some("A"), false, Teaser), (Some("B"), false, Teaser)), s("A"));
        assert_eq!(section_of((Some("A"), true, Teaser), (Some("B"), true, Main)), s("B"));
        assert_eq!(section_of((Some("A"), true, Teaser), (Some("B"), true, Teaser)), s("A"));
    }

    /// The time of two appearances, in page order: (published, published_text, role).
    fn time_of(first: (Option<&str>, Option<&str>, Role), second: (Option<&str>, Option<&str>, Role)) -> (Option<String>, Option<String>) {
        let art = |(p, t, role): (Option<&str>, Option<&str>, Role)| Article {
            published: p.map(str::to_string),
            published_text: t.map(str::to_string),
            role,
            ..Article::default()
        };
        let a = merge(vec![cand(0, art(first), false), cand(1, art(second), false)]).remove(0);
        (a.published, a.published_text)
    }

    #[test]
    fn a_time_beats_a_date_beats_none_and_the_richer_wins_a_tie() {
        use Role::{Main, Teaser};
        let t = |p: &str, x: &str| (Some(p.to_string()), Some(x.to_string()));
        let (date, time, later) = ("2018-03-19", "2018-03-19T15:59:00+08:00", "2018-03-19T16:03:00+08:00");
        assert_eq!(time_of((Some(date), Some("03-19"), Main), (Some(time), Some("15:59"), Teaser)), t(time, "15:59"));
        assert_eq!(time_of((Some(time), Some("15:59"), Teaser), (Some(date), Some("03-19"), Main)), t(time, "15:59"));
        assert_eq!(time_of((None, None, Teaser), (Some(date), Some("03-19"), Teaser)), t(date, "03-19"));
        assert_eq!(time_of((Some(date), Some("03-19"), Teaser), (None, None, Main)), t(date, "03-19"));
        // Two of a kind: the richer appearance, else the first.
        assert_eq!(time_of((Some(time), Some("15:59"), Teaser), (Some(later), Some("16:03"), Main)), t(later, "16:03"));
        assert_eq!(time_of((Some(time), Some("15:59"), Main), (Some(later), Some("16:03"), Teaser)), t(time, "15:59"));
        assert_eq!(time_of((Some(time), Some("15:59"), Teaser), (Some(later), Some("16:03"), Teaser)), t(time, "15:59"));
        // No time anywhere: a text that was not read as one is kept, the first that exists.
        assert_eq!(time_of((None, None, Teaser), (None, Some("刚刚"), Teaser)), (None, Some("刚刚".into())));
        assert_eq!(time_of((None, Some("刚刚"), Teaser), (None, Some("昨天"), Main)), (None, Some("刚刚".into())));
        // A time taken keeps the earlier text when it has none of its own.
        assert_eq!(time_of((Some(date), Some("03-19"), Teaser), (Some(time), None, Teaser)), t(time, "03-19"));
    }
}
