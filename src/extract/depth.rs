//! Markup nested deeper than any real page, flattened before parsing. The HTML parser checks the
//! stack of open elements at every tag, so a page of 100,000 nested `<div>`s costs it time that
//! grows with the square of the depth (over 20 s); browsers cap the depth of their trees (Blink at
//! 512). Here, start tags beyond `MAX_DEPTH` open elements are dropped with their end tags, so
//! their content stays, one level up. Real pages nest a few dozen levels and are passed through
//! untouched (borrowed, not copied).

use std::borrow::Cow;

/// Open elements allowed: below the depth the block walk reads (`blocks::MAX_DEPTH`), with room
/// for the elements not counted here (`<p>`, `<li>`, `<a>`, table cells) inside the deepest ones.
pub const MAX_DEPTH: usize = super::blocks::MAX_DEPTH - 56;

/// Elements without an end tag.
const VOID: [&[u8]; 16] = [
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param", b"source", b"track", b"wbr", b"keygen",
    b"frame",
];
/// Elements whose end tag may be left out, or that the parser closes when another starts (`<p>`,
/// `<li>`, a second `<a>`): they do not nest by themselves, so they are not counted.
const SELF_CLOSING_BY_PARSER: [&[u8]; 21] = [
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"rt",
    b"rp",
    b"rb",
    b"rtc",
    b"optgroup",
    b"option",
    b"tr",
    b"td",
    b"th",
    b"thead",
    b"tbody",
    b"tfoot",
    b"colgroup",
    b"caption",
    b"a",
    b"nobr",
    b"button",
];
/// Elements whose content is text up to their end tag.
const RAW_TEXT: [&[u8]; 8] = [b"script", b"style", b"textarea", b"title", b"xmp", b"iframe", b"noembed", b"noframes"];

/// A tag name of at most eight bytes as one number (its bytes from the low end, zeros after):
/// the lists above are compared as numbers, not byte strings (this runs for every tag).
const fn packed(name: &[u8]) -> u64 {
    let mut k = 0;
    let mut i = 0;
    while i < name.len() {
        k |= (name[i] as u64) << (8 * i);
        i += 1;
    }
    k
}

const fn packed_list<const N: usize>(names: [&[u8]; N]) -> [u64; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        assert!(names[i].len() <= 8);
        out[i] = packed(names[i]);
        i += 1;
    }
    out
}

const VOID_KEYS: [u64; 16] = packed_list(VOID);
const SELF_CLOSING_KEYS: [u64; 21] = packed_list(SELF_CLOSING_BY_PARSER);
const RAW_TEXT_KEYS: [u64; 8] = packed_list(RAW_TEXT);

/// The HTML with markup deeper than `max_depth` flattened, and how many start tags were dropped.
pub fn flatten(html: &str, max_depth: usize) -> (Cow<'_, str>, usize) {
    let b = html.as_bytes();
    let mut depth = 0usize;
    // Start tags dropped and not yet closed: the next counted end tags are theirs.
    let mut open_dropped = 0usize;
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut dropped = 0usize;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let start = i + off;
        i = start + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let end_tag = b.get(i) == Some(&b'/');
        let name_start = i + usize::from(end_tag);
        let name_end = b[name_start..].iter().position(|c| !c.is_ascii_alphanumeric()).map_or(b.len(), |p| name_start + p);
        if name_end == name_start || !b[name_start].is_ascii_alphabetic() {
            continue; // "<!DOCTYPE", "< 3", "<?xml": not an element tag.
        }
        // The name in lower case, packed in a number (`packed`; longer names are in no list: 0).
        let len = name_end - name_start;
        let mut key = 0;
        if len <= 8 {
            for (k, c) in b[name_start..name_end].iter().enumerate() {
                key |= u64::from(c.to_ascii_lowercase()) << (8 * k);
            }
        }
        // (Most tags end right after their name: `<p>`, `</div>`.)
        let close = if b.get(name_end) == Some(&b'>') { name_end + 1 } else { tag_end(b, name_end) };
        i = close;
        let self_closing = close >= 2 && b[close - 2] == b'/';
        let counted = key == 0 || !(VOID_KEYS.contains(&key) || SELF_CLOSING_KEYS.contains(&key));
        if end_tag {
            if counted {
                if open_dropped > 0 {
                    open_dropped -= 1;
                    cuts.push((start, close));
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
            continue;
        }
        if key != 0 && RAW_TEXT_KEYS.contains(&key) {
            let name = &b[name_start..name_end];
            // Skip to this element's end tag: its content is not markup.
            let mut j = close;
            while let Some(lt) = find(b, j, b"</") {
                let n = &b[lt + 2..(lt + 2 + name.len()).min(b.len())];
                if n.eq_ignore_ascii_case(name) {
                    break;
                }
                j = lt + 2;
            }
            i = find(b, j, b"</").unwrap_or(b.len());
            continue;
        }
        if counted && !self_closing {
            if depth >= max_depth {
                open_dropped += 1;
                dropped += 1;
                cuts.push((start, close));
            } else {
                depth += 1;
            }
        }
    }
    if cuts.is_empty() {
        return (Cow::Borrowed(html), 0);
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (s, e) in cuts {
        out.push_str(&html[at..s]);
        at = e;
    }
    out.push_str(&html[at..]);
    (Cow::Owned(out), dropped)
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, pat).map(|p| from + p)
}

/// The index after the `>` that ends the tag whose name ends at `i` (quoted values skipped).
fn tag_end(b: &[u8], mut i: usize) -> usize {
    // Most tags hold no quote before their `>`.
    match memchr::memchr3(b'>', b'"', b'\'', &b[i..]) {
        Some(p) if b[i + p] == b'>' => return i + p + 1,
        Some(p) => i += p,
        None => return b.len(),
    }
    // At a quote: skip to its closing quote, then to the next `>` or quote, and so on.
    loop {
        let q = b[i];
        let Some(close) = memchr::memchr(q, &b[i + 1..]) else { return b.len() };
        i += 1 + close + 1;
        match memchr::memchr3(b'>', b'"', b'\'', &b[i..]) {
            Some(p) if b[i + p] == b'>' => return i + p + 1,
            Some(p) => i += p,
            None => return b.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_pages_pass_untouched() {
        let html = r#"<html><body><div class="a>b"><p>one<p>two<ul><li>x<li>y</ul><script>if (a < b) { x = "<div>"; }</script>
            <img src=x><br/><!-- <div> --><a href=1>a<a href=2>b</div></body></html>"#;
        // html, body, div, ul: four open elements at most.
        let (out, dropped) = flatten(html, 4);
        assert!(matches!(out, Cow::Borrowed(_)));
        assert_eq!(dropped, 0);
    }

    #[test]
    fn text_under_the_deepest_kept_tags_is_within_the_block_walk() {
        // Uncounted elements (a list item, a link) inside the deepest counted ones stay readable.
        let html = format!(
            "<html><body>{}<ul><li><a href=\"/x\">deep text</a></li></ul>{}</body></html>",
            "<div>".repeat(5_000),
            "</div>".repeat(5_000)
        );
        let (flat, dropped) = flatten(&html, MAX_DEPTH);
        assert!(dropped > 4_000);
        let doc = scraper::Html::parse_document(&flat);
        let ctx = super::super::rules::Ctx::plain("https://example.com/");
        let arena = bumpalo::Bump::new();
        let blocks = super::super::blocks::Blocks::of(doc.root_element(), &ctx, &arena);
        assert!(blocks.iter().any(|b| b.text == "deep text" && b.links.len() == 1), "the deepest text was not read");
    }

    #[test]
    fn comments_are_skipped_whole_wherever_they_stand() {
        let (out, dropped) = flatten("<div><!--a <div> b--><div><div>x</div></div></div>", 2);
        assert_eq!((out.as_ref(), dropped), ("<div><!--a <div> b--><div>x</div></div>", 1));
        // An unclosed comment runs to the end: nothing after it is markup.
        assert_eq!(flatten("<div><!-- <div><div><div>", 1).1, 0);
    }

    #[test]
    fn deeper_tags_are_dropped_with_their_end_tags() {
        let html = "<div><div><div><div>deep</div></div></div><p>after</p></div>";
        let (out, dropped) = flatten(html, 2);
        assert_eq!(out, "<div><div>deep</div><p>after</p></div>");
        assert_eq!(dropped, 2);
    }
}
