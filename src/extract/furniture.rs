//! Sorting an article's blocks into body paragraphs and "furniture": contacts, related links,
//! photo credits, "Read the full story here." links, share prompts, and the three parts of a
//! "Trending in China" story. Works on visible text patterns, so it survives class renames.

use super::blocks::Block;
use super::rules::Ctx;
use super::rules::Vocabulary;
use super::text::normalize;
use crate::model::{Contact, Image, Link, Trending};

// Furniture lines are "LABEL: rest" lines. They are read by `labelled` below rather than by
// regexes: regex-lite's matcher was a fifth of the extraction time on a long CX Tech page, and
// its case-folding tables weigh on the wasm.

/// Contact lines with a label and a colon: "Editor: Marcus Ryder (…)", "Reporter: …" (label, role).
/// A site's own formulas without a colon ("Contact reporter Ding Yi (…)") are its vocabulary
/// (`Vocabulary::contact_lines`).
const CONTACT_LABELS: &[(&str, &str)] =
    &[("editor", "editor"), ("reporter", "reporter"), ("writer", "writer"), ("translator", "translator")];
/// Chinese staff lines: "责任编辑：李箐 | 版面编辑：李东昊 图片编辑：刘青" (label, role), longest first.
const ZH_STAFF_ROLES: &[(&str, &str)] = &[
    ("责任编辑", "editor"),
    ("版面编辑", "layout editor"),
    ("图片编辑", "photo editor"),
    ("文字编辑", "copy editor"),
    ("实习编辑", "intern editor"),
    ("视频编辑", "video editor"),
    ("编辑", "editor"),
    ("校对", "proofreader"),
];
const RELATED_LABELS: &[&str] = &["related", "see also", "相关报道", "相关阅读", "相关文章", "延伸阅读"];
/// Headings over a list of related links (the label alone, maybe with a colon).
const RELATED_HEADINGS: &[&str] = &[
    "related",
    "related articles",
    "related stories",
    "related reading",
    "related news",
    "see also",
    "read more",
    "further reading",
    "相关报道",
    "相关阅读",
    "相关文章",
    "相关新闻",
    "延伸阅读",
];
/// A credit line: "Photo: VCG", "Photos: IC", "图：IC photo", "图/视觉中国", "图片来源：新华社".
const CREDIT_LABELS: &[&str] =
    &["photo credit", "image credit", "photos", "photo", "image", "图片来源", "图片提供", "图片来自", "图片", "图", "摄影", "摄"];
/// Interface text that is never part of an article.
const UI_TEXT: &[&str] =
    &["share this article", "load more", "open wechat and scan the qr code", "back to top", "加载更多文章", "加载更多", "分享到", "更多"];
/// The three headings of "Trending in China" stories (apostrophes folded to ').
const TRENDING_HEADINGS: [&[&str]; 3] =
    [&["what's trending"], &["what's the story"], &["what are people saying online", "what are people saying"]];

/// Lower-cased, curly apostrophes folded, for comparing labels.
fn fold(text: &str) -> String {
    text.to_lowercase().replace('’', "'")
}

/// If `text` starts with `label` (case-insensitive) followed by the end, spaces, or a colon,
/// returns what follows the colon / spaces. `colon`: the label must be followed by ':' or '：'.
#[inline(always)]
fn labelled<'a>(text: &'a str, label: &str, colon: bool) -> Option<&'a str> {
    // First byte first, inlined into the loops over the label lists: this runs for every label
    // on every paragraph, and nearly every one differs there.
    if text.as_bytes().first()?.to_ascii_lowercase() != label.as_bytes()[0] {
        return None;
    }
    labelled_rest(text, label, colon)
}

/// `labelled` past its first byte. Labels are ASCII (compared ignoring case) or Chinese
/// (compared exactly): no allocation.
#[inline(never)]
fn labelled_rest<'a>(text: &'a str, label: &str, colon: bool) -> Option<&'a str> {
    // The second byte before the rest ("Paragraph" and "photo" share their first letter): a
    // Chinese label's bytes are no ASCII letter, which ignoring case leaves as they are.
    if let (Some(t), Some(l)) = (text.as_bytes().get(1), label.as_bytes().get(1)) {
        if !t.eq_ignore_ascii_case(l) {
            return None;
        }
    }
    let n = label.len();
    let head = text.get(..n)?;
    let same = if label.is_ascii() { head.eq_ignore_ascii_case(label) } else { head == label };
    if !same {
        return None;
    }
    let rest = &text[n..];
    // A word continuing past the label ("Contacts", "Editorial") is not this label.
    if label.is_ascii() && rest.chars().next().is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    let trimmed = rest.trim_start();
    match trimmed.strip_prefix([':', '：', '/']) {
        Some(after) => Some(after.trim_start()),
        None if !colon => Some(trimmed),
        None => None,
    }
}

/// The email address in a text, if any.
fn find_email(text: &str) -> Option<&str> {
    let at = text.find('@')?;
    let ok_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let ok_domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    let start = text[..at].rfind(|c: char| !ok_local(c)).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let end = at + 1 + text[at + 1..].find(|c: char| !ok_domain(c)).unwrap_or(text.len() - at - 1);
    let (local, domain) = (&text[start..at], text[at + 1..end].trim_end_matches('.'));
    (!local.is_empty() && domain.contains('.') && !domain.starts_with('.')).then(|| &text[start..at + 1 + domain.len()])
}

/// What an article's blocks hold once the furniture is taken out.
#[derive(Debug, Default)]
pub struct Parts {
    pub body: Vec<String>,
    pub images: Vec<Image>,
    pub related: Vec<Link>,
    pub contacts: Vec<Contact>,
    pub trending: Option<Trending>,
    pub full_story_url: Option<String>,
    /// Credit lines with no picture before them ("图片来源：…" over the text): the article's
    /// pictures from its own markup take them.
    pub credits: Vec<String>,
    /// A related list (or its heading alone) ran to the end of the blocks given: its items may go
    /// on past the element they were read from (`list_past`).
    pub list_goes_on: bool,
}

impl Parts {
    /// Adds these parts to an article: body and lists appended, the rest filled where missing.
    pub fn add_to(self, a: &mut crate::model::Article) {
        append(&mut a.body, self.body);
        append(&mut a.images, self.images);
        // One link per address: a list in the text may repeat the site's related box.
        for l in self.related {
            if l.url.is_none() || !a.related.iter().any(|r| r.url == l.url) {
                a.related.push(l);
            }
        }
        append(&mut a.contacts, self.contacts);
        if a.trending.is_none() {
            a.trending = self.trending;
        }
        if a.full_story_url.is_none() {
            a.full_story_url = self.full_story_url;
        }
        for credit in self.credits {
            if let Some(img) = a.images.iter_mut().find(|i| i.credit.is_none()) {
                img.credit = Some(credit);
            }
        }
    }
}

/// `to.extend(more)`, taking `more` whole when `to` is empty (a story's lists start empty: no
/// second allocation and copy).
fn append<T>(to: &mut Vec<T>, mut more: Vec<T>) {
    if to.is_empty() {
        std::mem::swap(to, &mut more);
    } else {
        to.extend(more);
    }
}

/// `Some(credit)` for a photo-credit line.
pub fn credit(text: &str) -> Option<String> {
    CREDIT_LABELS.iter().find_map(|l| labelled(text, l, true)).and_then(super::text::non_empty)
}

/// Splits "caption。图：CREDIT" (caixin.com captions) into caption and credit.
pub fn caption_and_credit(text: &str) -> (Option<String>, Option<String>) {
    let text = normalize(text);
    for marker in ["图片来源：", "图片来源:", "图：", "图/", "Photo: ", "Photo:"] {
        if let Some(i) = text.rfind(marker) {
            let caption = super::text::non_empty(&text[..i]);
            let credit = super::text::non_empty(&text[i + marker.len()..]);
            return (caption, credit);
        }
    }
    (super::text::non_empty(&text), None)
}

pub fn is_ui_text(text: &str) -> bool {
    if text.len() > 64 {
        return false;
    }
    // An ASCII text keeps its length in lower case, holds no "©" and is a counter only with a
    // parenthesis: longer than every UI text and without one, it is none (no lower-case copy; this
    // runs on every headline).
    let longest = UI_TEXT.iter().map(|w| w.len()).max().unwrap_or(0);
    if text.len() > longest && text.is_ascii() && !text.contains('(') {
        return false;
    }
    let lower = text.to_lowercase();
    UI_TEXT.contains(&lower.as_str()) || lower.starts_with("copyright ©") || lower.starts_with('©') || is_counter(&lower)
}

/// Comment and share counters: "评论(0)", "评论（12）", "Comments (3)".
fn is_counter(lower: &str) -> bool {
    let Some(open) = lower.find(['(', '（']) else { return false };
    let label = lower[..open].trim();
    let inner = lower[open..].trim_matches(|c: char| matches!(c, '(' | ')' | '（' | '）') || c.is_whitespace());
    matches!(label, "评论" | "comments" | "comment" | "分享" | "shares") && inner.chars().all(|c| c.is_ascii_digit())
}

/// Which trending heading (0, 1, 2) a block is.
fn trending_heading(text: &str) -> Option<usize> {
    if text.len() > 40 || !text.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("what")) {
        return None;
    }
    let t = fold(text);
    let t = t.trim_end_matches('?').trim_end();
    TRENDING_HEADINGS.iter().position(|forms| forms.contains(&t))
}

/// The site's link from a short item to its full story ("Read the full story here.").
pub fn is_read_full(text: &str, vocab: &Vocabulary) -> bool {
    text.len() < 40 && vocab.read_full.contains(&fold(text).trim_end_matches('.').trim_end())
}

/// The contacts of a contact line: "Contact reporter Qu Hui (q@…) and editor Marcus Ryder (m@…)"
/// gives two; a later name without its own role word keeps the role before it. `vocab`: the
/// site's own contact formulas.
pub fn contacts(text: &str, links: &[super::blocks::BlockLink], vocab: &Vocabulary) -> Vec<Contact> {
    const ROLE_WORDS: [&str; 5] = ["reporter", "editor", "writer", "author", "translator"];
    if ZH_STAFF_ROLES.iter().any(|(label, _)| labelled(text, label, true).is_some()) {
        return staff_line(text);
    }
    let Some((mut rest, mut role)) = vocab
        .contact_lines
        .iter()
        .find_map(|(label, role)| labelled(text, label, false).map(|r| (r, *role)))
        .or_else(|| CONTACT_LABELS.iter().find_map(|(label, role)| labelled(text, label, true).map(|r| (r, *role))))
    else {
        return Vec::new();
    };
    let mailtos: Vec<String> =
        links.iter().filter_map(|l| l.href.strip_prefix("mailto:").map(|e| normalize(e.split('?').next().unwrap_or(e)))).collect();
    let mut out: Vec<Contact> = Vec::new();
    let mut named = 0;
    loop {
        let (head, tail) = match rest.find(['(', '（']) {
            Some(open) => {
                let close = rest[open..]
                    .find([')', '）'])
                    .map_or(rest.len(), |c| open + c + rest[open + c..].chars().next().map_or(1, char::len_utf8));
                (&rest[..close], &rest[close..])
            }
            None => (rest, ""),
        };
        let name = normalize(head.split(['(', '（']).next().unwrap_or(head));
        if name.is_empty() {
            break;
        }
        let email = find_email(head).map(str::to_string).or_else(|| mailtos.get(named).cloned());
        named += 1;
        // Only a person is a contact (`person::is_person`).
        if super::person::is_person(&name, vocab.credit_words) {
            out.push(Contact { role: role.to_string(), name, email });
        }
        // "and editor NAME (…)", ", NAME (…)"
        let next = tail.trim_start().trim_start_matches([',', '&', '，', '、']).trim_start();
        let next = next.strip_prefix("and ").unwrap_or(next).trim_start();
        if next.is_empty() {
            break;
        }
        if let Some(w) = ROLE_WORDS.iter().find(|w| labelled(next, w, false).is_some()) {
            role = match *w {
                "reporter" => "reporter",
                "editor" => "editor",
                "writer" => "writer",
                "author" => "author",
                _ => "translator",
            };
            rest = labelled(next, w, false).unwrap_or(next);
        } else {
            rest = next;
        }
    }
    out
}

/// A Chinese staff line, every role with its people: "责任编辑：李箐 | 版面编辑：李东昊 图片编辑：刘青".
fn staff_line(s: &str) -> Vec<Contact> {
    let mut out = Vec::new();
    for part in s.split(['|', '｜']) {
        let mut rest = part.trim();
        while !rest.is_empty() {
            let Some((label, role)) = ZH_STAFF_ROLES.iter().find(|(l, _)| rest.starts_with(l)) else { break };
            rest = rest[label.len()..].trim_start_matches(['：', ':']).trim();
            // The names run to the next role label or the end.
            let end = ZH_STAFF_ROLES.iter().filter_map(|(l, _)| rest.find(l)).min().unwrap_or(rest.len());
            for name in super::byline::authors(&rest[..end], &[]) {
                out.push(Contact { role: role.to_string(), name, email: None });
            }
            rest = rest[end..].trim();
        }
    }
    out
}

/// What a paywall box says, in words, right after an article's visible text (its class may say
/// nothing: renamed, or generic). A site adds its own (`Vocabulary::paywall_phrases`).
const PAYWALL_PHRASES: [&str; 7] =
    ["订阅后阅读", "订阅后继续阅读", "订阅后查看", "付费阅读", "subscribe to read", "subscribe to continue", "subscribers only"];
/// A paywall box's sentence is short; a paragraph of the article that mentions one is not.
const MAX_PAYWALL_TEXT_CHARS: usize = 120;

/// Whether a block of text right after an article's text is its paywall's message
/// ("本文为《财新周刊》收费文章，请订阅后阅读全文。", "Subscribe to read the full story"), in the
/// generic words or the site's.
pub fn is_paywall_text(t: &str, ctx: &Ctx<'_>) -> bool {
    // A character is at most four bytes: longer texts are paragraphs (this runs on each of them).
    if t.len() > 4 * MAX_PAYWALL_TEXT_CHARS {
        return false;
    }
    let t = normalize(t);
    is_paywall_message(&t, ctx)
}

/// `is_paywall_text` for a text normalised already (a block's).
pub fn is_paywall_message(t: &str, ctx: &Ctx<'_>) -> bool {
    // (An ASCII text has as many characters as bytes: counted only otherwise.)
    let long = t.len() > MAX_PAYWALL_TEXT_CHARS && (t.is_ascii() || t.chars().count() > MAX_PAYWALL_TEXT_CHARS);
    if t.is_empty() || t.len() > 4 * MAX_PAYWALL_TEXT_CHARS || long {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    PAYWALL_PHRASES.iter().chain(ctx.site.vocabulary().paywall_phrases).any(|p| lower.contains(p))
}

/// A list of related links under a heading ("相关阅读", "Related articles") starting at block
/// `i`: the links, and the index after the list. Each item is a block that is one link.
pub fn related_list(blocks: &[&Block<'_>], i: usize) -> Option<(Vec<Link>, usize)> {
    if blocks.get(i + 1).is_none_or(|b| b.links.is_empty()) || !is_related_heading(blocks[i]) {
        return None;
    }
    let mut links = Vec::new();
    let mut j = i + 1;
    while let Some(l) = blocks.get(j).and_then(|b| related_item(b)) {
        links.push(l);
        j += 1;
    }
    (!links.is_empty()).then_some((links, j))
}

/// The heading of a related list: the label alone, maybe with a colon, and no link to an article.
/// Compared without a copy (the headings are ASCII or Chinese, and hold no apostrophe nor a `k`,
/// the one ASCII letter a non-ASCII one lower-cases to): this runs on every short block.
fn is_related_heading(b: &Block<'_>) -> bool {
    if b.text.len() > 48 {
        return false;
    }
    let head = b.text.trim_end_matches([':', '：']).trim();
    RELATED_HEADINGS.iter().any(|h| head.eq_ignore_ascii_case(h)) && b.links.iter().all(|l| l.article.is_none())
}

/// An item of a related list: a block that starts with its link to an article.
fn related_item(b: &Block<'_>) -> Option<Link> {
    let l = b.links.iter().find(|l| l.article.is_some() && !l.text.is_empty() && b.text.starts_with(l.text))?;
    Some(Link { title: l.text.to_string(), url: l.url.map(str::to_string) })
}

impl Parts {
    /// The rest of a related list that ran to the end of an article's element (`list_goes_on`:
    /// its template closed the element inside the list): the items that follow in the page's
    /// blocks from index `from` (hidden blocks passed over, as the split passes over them) join
    /// the related links. Returns the blocks read, `from..from` when the list ended with the element.
    pub fn list_past(&mut self, blocks: &[Block<'_>], from: usize) -> std::ops::Range<usize> {
        let mut end = from;
        if self.list_goes_on {
            for (j, b) in blocks.iter().enumerate().skip(from) {
                if b.hidden {
                    continue;
                }
                let Some(l) = related_item(b) else { break };
                self.related.push(l);
                end = j + 1;
            }
        }
        from..end
    }
}

/// Sorts `blocks` (an article's blocks after its title and byline) into parts.
pub fn split(blocks: &[&Block<'_>], ctx: &Ctx<'_>) -> Parts {
    let vocab = ctx.site.vocabulary();
    let mut parts = Parts::default();
    let mut trending = Trending::default();
    let mut trending_part: Option<usize> = None;
    let visible: Vec<&Block<'_>> = blocks.iter().copied().filter(|b| !b.hidden).collect();
    let mut skip_to = 0;
    for (i, b) in visible.iter().enumerate() {
        if i < skip_to {
            continue;
        }
        if let Some((links, end)) = related_list(&visible, i) {
            parts.related.extend(links);
            parts.list_goes_on = end == visible.len();
            skip_to = end;
            continue;
        }
        // The heading as the last block: its items, if any, follow the element (`list_past`).
        if i + 1 == visible.len() && is_related_heading(b) {
            parts.list_goes_on = true;
            continue;
        }
        let text = b.text;
        if !b.images.is_empty() {
            // Icons, avatars, tracking pixels are no pictures of the article.
            for img in b.images.iter().filter(|i| i.picture) {
                if let Some(u) = ctx.resolve(img.src) {
                    let credit = img.alt.and_then(credit);
                    parts.images.push(Image { url: u, caption: None, credit });
                }
            }
            if text.is_empty() || b.images.iter().any(|i| i.alt == Some(text)) {
                continue;
            }
        }
        if let Some(k) = trending_heading(text) {
            trending_part = Some(k);
            continue;
        }
        if let Some(cr) = credit(text) {
            // The credit line under a picture: give it to the last picture that lacks one; with
            // no picture before it, to the article's first picture without one.
            match parts.images.last_mut() {
                Some(img) if img.credit.is_none() => img.credit = Some(cr),
                Some(_) => {}
                None => parts.credits.push(cr),
            }
            continue;
        }
        let found = contacts(text, b.links, vocab);
        if !found.is_empty() {
            parts.contacts.extend(found);
            continue;
        }
        if let Some(rest) = RELATED_LABELS.iter().find_map(|l| labelled(text, l, true)).filter(|r| !r.is_empty()) {
            // "相关阅读：<a>A</a> <a>B</a>": each link is one; "Related: TITLE" with one link or none.
            let several: Vec<&super::blocks::BlockLink> = b.links.iter().filter(|l| l.url.is_some() && !l.text.is_empty()).collect();
            if several.len() > 1 {
                parts.related.extend(several.into_iter().map(|l| Link { title: l.text.to_string(), url: l.url.map(str::to_string) }));
            } else {
                parts.related.push(Link { title: normalize(rest), url: b.links.iter().find_map(|l| l.url.map(str::to_string)) });
            }
            continue;
        }
        if is_read_full(text, vocab) {
            parts.full_story_url = b.links.iter().find_map(|l| l.url.map(str::to_string));
            continue;
        }
        // A paywall box's message ("订阅后继续阅读") is the site's, never the article's.
        if is_ui_text(text) || is_paywall_message(text, ctx) {
            continue;
        }
        parts.body.push(text.to_string());
        match trending_part {
            Some(0) => trending.whats_trending.push(text.to_string()),
            Some(1) => trending.story.push(text.to_string()),
            Some(_) => trending.reactions.push(text.to_string()),
            None => {}
        }
    }
    if trending_part.is_some() {
        if let Some(first) = trending.whats_trending.first() {
            let (tag, translation) = hashtag(first);
            trending.hashtag = tag;
            trending.hashtag_translation = translation;
        }
        parts.trending = Some(trending);
    }
    parts
}

/// The hashtag of a "What’s trending?" paragraph, and its English rendering when one follows:
/// `#川渝将… “#Sichuan and Chongqing’s …” was trending` → (`#川渝将…`, `Sichuan and Chongqing’s …`);
/// Weibo's `#…#` form inside a sentence; an all-English `#…` line is the hashtag itself.
pub fn hashtag(p: &str) -> (Option<String>, Option<String>) {
    if let Some(start) = p.find('#') {
        if let Some(len) = p[start + 1..].find('#') {
            let inner = &p[start + 1..start + 1 + len];
            // `#…#` with no quote or second tag inside is Weibo's form; a line that starts with a
            // Chinese tag followed by its translation is the other form, read below.
            let weibo = !inner.is_empty()
                && !inner.contains(['“', '"', '”'])
                && inner.chars().count() <= 60
                && !super::text::has_cjk(&p[..start])
                && !inner.ends_with(' ');
            let tag_then_translation = start == 0 && super::text::has_cjk(inner.split(' ').next().unwrap_or(""));
            if weibo && !tag_then_translation {
                return (Some(p[start..start + len + 2].to_string()), None);
            }
        }
    }
    let Some(rest) = p.strip_prefix('#') else { return (None, None) };
    let first = rest.split(' ').next().unwrap_or("");
    if super::text::has_cjk(first) {
        let tag = format!("#{first}");
        let after = rest[first.len()..].trim();
        let translation = if let Some(q) = after.strip_prefix(['“', '"']) {
            q.split(['”', '"']).next().map(|s| s.trim_start_matches('#').trim().to_string())
        } else {
            Some(after.trim_start_matches('#').trim().to_string())
        };
        (Some(tag), translation.filter(|s| !s.is_empty()))
    } else {
        (Some(p.to_string()), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_in_all_forms() {
        const LINES: Vocabulary = Vocabulary {
            contact_lines: &[("contact reporters", "reporter"), ("contact reporter", "reporter"), ("contact editor", "editor")],
            ..Vocabulary::NONE
        };
        let one = |t: &str| contacts(t, &[], &LINES).into_iter().map(|c| (c.role, c.name, c.email)).collect::<Vec<_>>();
        let s = |x: &str| x.to_string();
        assert_eq!(
            one("Contact reporter Ding Yi (dingyi@caixin.example)"),
            [(s("reporter"), s("Ding Yi"), Some(s("dingyi@caixin.example")))]
        );
        assert_eq!(one("Editor: Marcus Ryder ("), [(s("editor"), s("Marcus Ryder"), None)]);
        assert_eq!(
            one("Contact reporter Qu Hui (quhui@caixin.example) and editor Marcus Ryder (marcusryder@caixin.example)"),
            [
                (s("reporter"), s("Qu Hui"), Some(s("quhui@caixin.example"))),
                (s("editor"), s("Marcus Ryder"), Some(s("marcusryder@caixin.example")))
            ]
        );
        assert_eq!(
            one("Contact reporters Qu Hui (quhui@caixin.example) and Ding Yi (dingyi@caixin.example)"),
            [
                (s("reporter"), s("Qu Hui"), Some(s("quhui@caixin.example"))),
                (s("reporter"), s("Ding Yi"), Some(s("dingyi@caixin.example")))
            ]
        );
        assert!(one("Contacts matter in business").is_empty());
        assert!(contacts("Contact reporter Ding Yi (dingyi@caixin.example)", &[], &Vocabulary::NONE).is_empty(), "a site's formula");
        assert!(one("Editorial: markets are calm").is_empty());
    }

    #[test]
    fn staff_lines_give_one_contact_per_person() {
        let c = contacts("责任编辑：王五 | 版面编辑：赵六", &[], &Vocabulary::NONE);
        let got: Vec<(&str, &str)> = c.iter().map(|c| (c.role.as_str(), c.name.as_str())).collect();
        assert_eq!(got, [("editor", "王五"), ("layout editor", "赵六")]);
        let c = contacts("责任编辑：张三、李四 校对：钱七", &[], &Vocabulary::NONE);
        let got: Vec<(&str, &str)> = c.iter().map(|c| (c.role.as_str(), c.name.as_str())).collect();
        assert_eq!(got, [("editor", "张三"), ("editor", "李四"), ("proofreader", "钱七")]);
    }

    #[test]
    fn hashtags() {
        assert_eq!(
            hashtag("#川渝将共同申办2032年夏季奥运会 “#Sichuan and Chongqing’s joint application to host 2032 Summer Olympic Games” was trending on Friday."),
            (Some("#川渝将共同申办2032年夏季奥运会".into()), Some("Sichuan and Chongqing’s joint application to host 2032 Summer Olympic Games".into()))
        );
        assert_eq!(
            hashtag("#旅美大熊猫幼崽取名小奇迹 #U.S. Resident Panda’s Baby Named Little Miracle"),
            (Some("#旅美大熊猫幼崽取名小奇迹".into()), Some("U.S. Resident Panda’s Baby Named Little Miracle".into()))
        );
        assert_eq!(
            hashtag("The hashtag #Are the elderly marginalized by technology# is trending on Chinese social media."),
            (Some("#Are the elderly marginalized by technology#".into()), None)
        );
        assert_eq!(hashtag("#Shanghai goods inspection uncovers fakes").0.as_deref(), Some("#Shanghai goods inspection uncovers fakes"));
        assert_eq!(hashtag("No tag here"), (None, None));
    }

    #[test]
    fn related_headings_in_any_case_without_a_copy() {
        // What `is_related_heading` relies on to compare without folding the text.
        for h in RELATED_HEADINGS {
            assert!(!h.contains(['k', '\'', '’']) && *h == fold(h), "{h}");
        }
        let block = |text: &'static str| {
            let doc = Box::leak(Box::new(scraper::Html::parse_fragment("<p></p>")));
            Block { el: doc.root_element(), tag: "p", text, links: &[], images: &[], heading: false, hidden: false, may_hold_line: true }
        };
        for yes in ["Related Articles:", "SEE ALSO", "相关阅读：", " 延伸阅读 "] {
            assert!(is_related_heading(&block(yes)), "{yes}");
        }
        for no in ["Related articles in this series", "相关阅读推荐", "Unrelated"] {
            assert!(!is_related_heading(&block(no)), "{no}");
        }
    }

    #[test]
    fn captions_and_credits() {
        assert_eq!(caption_and_credit("宇树G1人形机器人。图：IC photo"), (Some("宇树G1人形机器人。".into()), Some("IC photo".into())));
        assert_eq!(credit("Photo: VCG").as_deref(), Some("VCG"));
        assert_eq!(credit("图片来源：视觉中国").as_deref(), Some("视觉中国"));
        assert_eq!(caption_and_credit("北京街景 图片来源：新华社"), (Some("北京街景".into()), Some("新华社".into())));
        assert_eq!(credit("Photograph of a cat"), None);
    }
}
