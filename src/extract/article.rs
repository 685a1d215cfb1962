//! The page's own article when neither the site's markup nor JSON-LD gives it: the generic
//! reader-mode fallback, and the fields only the page metadata holds.

use scraper::{ElementRef, Html};
use std::ops::Range;

use super::block::within;
use super::blocks::{shown_text, text_of, Block};
use super::dom::{self, NodeMap};
use super::metadata::Meta;
use super::rules::Ctx;
use super::{byline, dates, furniture, teasers, text};
use crate::extract::query::Select;
use crate::model::{Article, Image, Role};
use crate::sel;

/// Generic article detection: the main text cluster needs this much text.
const MIN_MAIN_TEXT_CHARS: usize = 280;
/// A shorter text is the article when its headline has a date line under it (a short news item,
/// or the part of a paid article shown before its paywall).
const MIN_DATED_TEXT_CHARS: usize = 80;
/// Without a headline to start from, the header is this many blocks before the text.
const MAX_HEADER_BLOCKS: usize = 6;

/// Fields of the page's own article that only the page metadata holds (title, address, summary,
/// picture). Its people, time and section are claims the pipeline weighs (`stated`,
/// `metadata::claims`).
pub fn fill_from_meta(a: &mut Article, meta: &Meta, ctx: &Ctx<'_>) {
    if a.title.is_none() {
        a.title = meta.og_title.clone();
    }
    if a.url.is_none() {
        a.url = meta.stated_url().and_then(|u| ctx.resolve(u)).or_else(|| Some(ctx.base.to_string()));
    }
    if a.id.is_none() {
        a.id = a.url.as_deref().and_then(|u| ctx.article_url(u)).and_then(|u| u.id);
    }
    if a.summary.is_none() {
        a.summary = meta.description.clone();
    }
    if a.images.is_empty() {
        // A site's logo as the share picture is no picture of the article.
        if let Some(img) = meta.og_image.as_deref().filter(|i| dom::is_picture_url(i)).and_then(|i| ctx.resolve(i)) {
            a.images.push(Image { url: img, caption: None, credit: None });
        }
    }
}

/// Does a byline name anybody (with the site's credit words)?
fn names_somebody(b: &str, credits: &[&str]) -> bool {
    !byline::authors(b, credits).is_empty()
}

/// The article's byline, when no line above its text gave one, from the reporters its first
/// paragraph names; then its authors from the byline. A writer's line of its own at the top of
/// the text (`文｜…`, `记者 …`, `By …`) leaves the body in any case: it is never text.
pub fn set_byline_and_authors(a: &mut Article, credits: &[&str]) {
    if let Some((names, whole)) = a.body.first().and_then(|p| byline::opening_byline(p, credits)) {
        if whole {
            a.body.remove(0);
        }
        // A line above that names nobody ("来源于 《财新周刊》") is no byline.
        if !a.byline.as_deref().is_some_and(|b| names_somebody(b, credits)) {
            a.byline = Some(names);
        }
    }
    if a.byline.as_deref().is_some_and(|b| !names_somebody(b, credits)) {
        a.byline = None;
    }
    a.authors = a.byline.as_deref().map(|b| byline::authors(b, credits)).unwrap_or_default();
}

/// A page that says it is an article (og:type) or has an article-shaped URL, whose text is one
/// dominant run of paragraphs under a heading: the generic reader-mode fallback. With the
/// article, the ranges of `blocks` its text and furniture were read from.
pub fn generic_main(doc: &Html, meta: &Meta, blocks: &[Block<'_>], ctx: &Ctx<'_>) -> Option<(Article, Vec<Range<usize>>)> {
    let says_article = meta.og_type.as_deref() == Some("article") || ctx.article_url(ctx.base).is_some();
    if !says_article {
        return None;
    }
    // The element whose own <p> children hold the most text.
    let mut by_parent: NodeMap<(usize, ElementRef<'_>)> = NodeMap::default();
    for b in blocks.iter().filter(|b| b.tag == "p") {
        if let Some(parent) = b.el.parent().and_then(ElementRef::wrap) {
            by_parent.entry(parent.id()).or_insert((0, parent)).0 += b.text.chars().count();
        }
    }
    let (chars, body_el) = by_parent.into_values().max_by_key(|(n, _)| *n)?;
    if chars < MIN_DATED_TEXT_CHARS {
        return None;
    }
    let text = within(blocks, body_el);
    let inside: Vec<&Block<'_>> = blocks[text.clone()].iter().collect();
    let mut parts = furniture::split(&inside, ctx);
    let read = vec![text.clone(), parts.list_past(blocks, text.end)];
    let h1_el = doc.query(sel!("h1")).next();
    let h1 = h1_el.map(text_of).and_then(|t| text::non_empty(&t));
    let mut a = Article { role: Role::Main, title: meta.og_title.clone().or(h1), ..Article::default() };
    // The header: between the heading and the text (else the few blocks before the text).
    let first_body = text.start;
    let h1_at = h1_el.and_then(|h| blocks[..first_body].iter().rposition(|b| b.el.id() == h.id()));
    let header = &blocks[h1_at.map_or(first_body.saturating_sub(MAX_HEADER_BLOCKS), |h| h + 1)..first_body];
    let url_date = ctx.url_date;
    let credits = ctx.site.vocabulary().credit_words;
    // The first date line under the heading is the article's. A block that is a link to another
    // article (a related story titled "… 8月5日询价") states nothing about this one.
    // (Link texts are collected normalised, as block texts are: compared as they are, as
    // `teasers` compares them.)
    let is_link_to_article = |b: &Block<'_>| !b.text.is_empty() && b.links.iter().any(|l| l.article.is_some() && l.text == b.text);
    let mut names_line: Option<&str> = None;
    for b in header.iter().filter(|b| !b.hidden) {
        if a.published.is_none() && !is_link_to_article(b) {
            if let Some((names, found, section)) = teasers::date_line(b.text, url_date) {
                a.published_text = Some(found.text(b.text).to_string());
                a.published = found.rfc3339;
                a.byline = names.filter(|n| names_somebody(n, credits));
                a.section = section.and_then(|s| super::sections::name_of_label(ctx, &s));
            } else if names_line.is_none() && byline::is_names_line(b.text, credits) {
                // "文｜财新 韩宇航" on a line of its own over the date.
                names_line = Some(b.text);
            }
        }
        // The lead picture over the text.
        a.images.extend(b.images.iter().filter(|im| im.picture).filter_map(|im| ctx.resolve(im.src)).map(|url| Image {
            url,
            caption: None,
            credit: None,
        }));
    }
    if a.byline.is_none() {
        a.byline = names_line.map(str::to_string);
    }
    if chars < MIN_MAIN_TEXT_CHARS && (h1_at.is_none() || a.published.is_none()) {
        return None;
    }
    // Paid: a mark in the headline or the text. Cut: a paywall box right after the text that a
    // reader sees, and that says so in words or is marked paid (a box in the template that is
    // hidden or empty cuts nothing).
    let marked = |el: ElementRef<'_>| {
        std::iter::once(el).chain(el.descendants().filter_map(ElementRef::wrap)).any(|e| teasers::is_paid_mark(e, ctx))
    };
    let vocab = ctx.site.vocabulary();
    a.truncated = body_el.next_siblings().filter_map(ElementRef::wrap).take(3).any(|e| {
        let shown = shown_text(e, vocab);
        !dom::is_hidden(e.value())
            && !shown.is_empty()
            && !vocab.nothing_left.iter().any(|w| shown.contains(w))
            && (marked(e) || furniture::is_paywall_text(&shown, ctx))
    });
    a.paywalled = a.truncated || h1_el.into_iter().chain(std::iter::once(body_el)).any(marked);
    if a.published.is_none() {
        if let Some(t) = doc.query(sel!("time[datetime]")).next() {
            a.published = t.attr("datetime").and_then(|d| dates::parse(d, url_date));
            a.published_text = text::non_empty(&text_of(t));
        }
    }
    parts.add_to(&mut a);
    set_byline_and_authors(&mut a, credits);
    Some((a, read))
}
