//! Navigation is not content. Page bars and chapter lists (links to the page's own article with a
//! page number: `?p2`, `_2.html`), "next page" and "rest of the text", and the site's interface
//! (listen and share buttons, question boxes, login lines: `SiteRules::vocabulary`) never reach
//! `body`, `tags`, `related` or the list: `Blocks` leaves them out of the block stream
//! (`blocks::is_navigation`, beside the walk that calls it). They are
//! known by what they are — where their links lead, the words of a page bar — and the site's
//! classes and ids are an extra signal only.
//!
//! A page bar also says something: that the article goes on over other pages, and where it stands
//! on one page (caixin.com's `余下全文`, `?p0`): `page_bar`.

use scraper::{ElementRef, Html};

use super::rules::Ctx;
use super::text::normalize;
use crate::extract::query::Select;
use crate::sel;

/// The words of a page bar's "next" link.
const NEXT_WORDS: &[&str] = &["下一页", "下一頁", "next page", "next »"];

/// What a page bar says of the page's own article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageBar {
    /// Another page of the text follows (a "next page" link, or a link to the whole text that is
    /// not this page).
    pub more: bool,
    /// The whole text on one page (`余下全文` → `?p0`), resolved, without its fragment.
    pub whole: Option<String>,
}

/// The page bar of the page's own article, read from its links (wherever they stand, whatever
/// their classes).
pub fn page_bar(doc: &Html, ctx: &Ctx<'_>) -> PageBar {
    let mut bar = PageBar::default();
    let Some(own) = ctx.own_key.as_deref() else { return bar };
    let vocab = ctx.site.vocabulary();
    let here = ctx.base.split('#').next().unwrap_or(ctx.base);
    for a in doc.query(sel!("a[href]")) {
        let text = link_text(a);
        let whole = vocab.whole_text.contains(&text.as_str());
        let next = NEXT_WORDS.iter().any(|w| text.eq_ignore_ascii_case(w));
        if !(whole || next) {
            continue;
        }
        let Some(target) = a.attr("href").and_then(|h| ctx.resolve(h)) else { continue };
        if target == here || ctx.article_url(&target).is_none_or(|t| t.key != own) {
            continue;
        }
        bar.more = true;
        if whole && bar.whole.is_none() {
            bar.whole = Some(target);
        }
    }
    bar
}

fn link_text(a: ElementRef<'_>) -> String {
    normalize(&a.text().collect::<String>())
}
