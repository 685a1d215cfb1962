//! Sorting an article's blocks into body paragraphs and "furniture": contacts, related links,
//! photo credits, "Read the full story here." links, share prompts, and the three parts of a
//! "Trending in China" story. Works on visible text patterns, so it survives class renames.

use regex_lite::Regex;
use std::sync::OnceLock;

use super::blocks::Block;
use super::text::normalize;
use super::url;
use crate::model::{Contact, Image, Link, Trending};

/// "Contact reporter Ding Yi (dingyi@…)", "Contact editor …", "Editor: Marcus Ryder (…)".
const CONTACT: &str = r"(?i)^(?:contact\s+(?:the\s+)?(reporter|editor|writer|author|translator)s?\s*:?|(editor|reporter|writer|translator|责任编辑|编辑)\s*[:：])\s*(.*)$";
const EMAIL: &str = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}";
const RELATED: &str = r"(?i)^(?:related|see also|相关报道|相关阅读)\s*[:：]\s*(.+)$";
/// A credit line: "Photo: VCG", "Photos: IC", "图：IC photo", "图/视觉中国".
const CREDIT: &str = r"(?i)^(?:photos?|image|图片?|摄影)\s*[:：/]\s*(.+)$";
const READ_FULL: &str = r"(?i)^read (?:the )?full (?:story|article)(?: here)?\.?$";
/// Interface text that is never part of an article.
const UI_TEXT: &[&str] = &[
    "share this article", "load more", "open wechat and scan the qr code", "back to top", "加载更多文章", "加载更多",
    "分享到", "更多",
];
/// The three headings of "Trending in China" stories (straight or curly apostrophes).
const TRENDING_HEADINGS: [&str; 3] = [r"(?i)^what[’']s trending\??$", r"(?i)^what[’']s the story\??$", r"(?i)^what are people saying(?: online)?\??$"];

/// Lower-cased text starts with one of `prefixes`: a cheap gate before an anchored regex.
fn starts_with_any(text: &str, prefixes: &[&str]) -> bool {
    let head: String = text.chars().take(12).collect::<String>().to_lowercase();
    prefixes.iter().any(|p| head.starts_with(p))
}

fn cached(slot: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    slot.get_or_init(|| Regex::new(pat).expect("literal regex"))
}
macro_rules! re {
    ($name:ident, $pat:expr) => {
        fn $name() -> &'static Regex {
            static R: OnceLock<Regex> = OnceLock::new();
            cached(&R, $pat)
        }
    };
}
re!(contact_re, CONTACT);
re!(email_re, EMAIL);
re!(related_re, RELATED);
re!(credit_re, CREDIT);
re!(read_full_re, READ_FULL);
re!(trending0, TRENDING_HEADINGS[0]);
re!(trending1, TRENDING_HEADINGS[1]);
re!(trending2, TRENDING_HEADINGS[2]);

/// What an article's blocks hold once the furniture is taken out.
#[derive(Debug, Default)]
pub struct Parts {
    pub body: Vec<String>,
    pub images: Vec<Image>,
    pub related: Vec<Link>,
    pub contacts: Vec<Contact>,
    pub trending: Option<Trending>,
    pub full_story_url: Option<String>,
}

/// `Some(credit)` for a photo-credit line.
pub fn credit(text: &str) -> Option<String> {
    if !starts_with_any(text, &["photo", "image", "图", "摄影"]) {
        return None;
    }
    credit_re().captures(text).map(|c| normalize(&c[1]))
}

/// Splits "caption。图：CREDIT" (caixin.com captions) into caption and credit.
pub fn caption_and_credit(text: &str) -> (Option<String>, Option<String>) {
    let text = normalize(text);
    for marker in ["图：", "图/", "Photo: ", "Photo:"] {
        if let Some(i) = text.rfind(marker) {
            let caption = super::text::non_empty(&text[..i]);
            let credit = super::text::non_empty(&text[i + marker.len()..]);
            return (caption, credit);
        }
    }
    (super::text::non_empty(&text), None)
}

pub fn is_ui_text(text: &str) -> bool {
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
    if !starts_with_any(text, &["what"]) {
        return None;
    }
    if trending0().is_match(text) {
        Some(0)
    } else if trending1().is_match(text) {
        Some(1)
    } else if trending2().is_match(text) {
        Some(2)
    } else {
        None
    }
}

pub fn contact(text: &str, links: &[super::blocks::BlockLink]) -> Option<Contact> {
    if !starts_with_any(text, &["contact", "editor", "reporter", "writer", "translator", "责任编辑", "编辑"]) {
        return None;
    }
    let c = contact_re().captures(text)?;
    let role_raw = c.get(1).or(c.get(2)).map(|m| m.as_str().to_lowercase()).unwrap_or_default();
    let role = match role_raw.as_str() {
        "责任编辑" | "编辑" => "editor".to_string(),
        r => r.to_string(),
    };
    let rest = &c[3];
    let name = normalize(rest.split(['(', '（']).next().unwrap_or(rest));
    let email = email_re()
        .find(rest)
        .map(|m| m.as_str().to_string())
        .or_else(|| links.iter().find_map(|l| l.href.strip_prefix("mailto:").map(|e| e.split('?').next().unwrap_or(e).to_string())));
    if name.is_empty() {
        return None;
    }
    Some(Contact { role, name, email })
}

/// Sorts `blocks` (an article's blocks after its title and byline) into parts.
pub fn split(blocks: &[&Block<'_>], base: &str) -> Parts {
    let mut parts = Parts::default();
    let mut trending = Trending::default();
    let mut trending_part: Option<usize> = None;
    for b in blocks.iter().filter(|b| !b.hidden) {
        let text = b.text.as_str();
        if !b.images.is_empty() {
            for img in &b.images {
                if let Some(u) = url::resolve(base, &img.src) {
                    let credit = img.alt.as_deref().and_then(credit);
                    parts.images.push(Image { url: u, caption: None, credit });
                }
            }
            if text.is_empty() || b.images.iter().any(|i| i.alt.as_deref() == Some(text)) {
                continue;
            }
        }
        if let Some(k) = trending_heading(text) {
            trending_part = Some(k);
            continue;
        }
        if let Some(cr) = credit(text) {
            // The credit line under a picture: give it to the last picture that lacks one.
            if let Some(img) = parts.images.last_mut() {
                if img.credit.is_none() {
                    img.credit = Some(cr);
                }
            }
            continue;
        }
        if let Some(c) = contact(text, &b.links) {
            parts.contacts.push(c);
            continue;
        }
        if let Some(c) = starts_with_any(text, &["related", "see also", "相关"]).then(|| related_re().captures(text)).flatten() {
            let title = normalize(&c[1]);
            let link = b.links.iter().filter_map(|l| url::resolve(base, &l.href)).next();
            parts.related.push(Link { title, url: link });
            continue;
        }
        if starts_with_any(text, &["read "]) && read_full_re().is_match(text) {
            parts.full_story_url = b.links.iter().find_map(|l| url::resolve(base, &l.href));
            continue;
        }
        if is_ui_text(text) {
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
            // `#…#` with no quote or second tag inside is Weibo's form.
            if !inner.is_empty() && !inner.contains(['“', '"', '”']) && inner.chars().count() <= 60 && !super::text::has_cjk(&p[..start]) && !inner.ends_with(' ') {
                if !(start == 0 && super::text::has_cjk(inner.split(' ').next().unwrap_or(""))) {
                    return (Some(p[start..start + len + 2].to_string()), None);
                }
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
        let c = contact("Contact reporter Ding Yi (dingyi@caixin.example)", &[]).unwrap();
        assert_eq!((c.role.as_str(), c.name.as_str(), c.email.as_deref()), ("reporter", "Ding Yi", Some("dingyi@caixin.example")));
        let c = contact("Editor: Marcus Ryder (", &[]).unwrap();
        assert_eq!((c.role.as_str(), c.name.as_str(), c.email), ("editor", "Marcus Ryder", None));
        assert!(contact("Contacts matter in business", &[]).is_none());
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
    fn captions_and_credits() {
        assert_eq!(caption_and_credit("宇树G1人形机器人。图：IC photo"), (Some("宇树G1人形机器人。".into()), Some("IC photo".into())));
        assert_eq!(credit("Photo: VCG").as_deref(), Some("VCG"));
        assert_eq!(credit("Photograph of a cat"), None);
    }
}
