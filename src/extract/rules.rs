//! What a site adapter tells the site-neutral passes: its URL rules, section vocabulary, paid
//! markers, credit words, and hooks for article and listing pages. Every method has the
//! site-neutral default, so the generic fallback (`GENERIC`) states nothing at all.
//!
//! The passes receive these through `Ctx`; they never name a site. (Adapters live in `sites/`,
//! which depends on this module, never the other way round.)

use scraper::Html;
use std::ops::Range;

use super::block::Block;
use super::dates::UrlDate;
use super::meta::Meta;
use super::stated::Claims;
use super::url::{self, ArticleUrl, UrlRules};
use crate::model::{Article, Site};

/// One site's facts and hooks. Implemented by each adapter in `sites/`, with its URL rules
/// (`url::UrlRules`: mobile copies, other article shapes).
pub trait SiteRules: UrlRules + Sync {
    /// The site's id in the export.
    fn site(&self) -> Site {
        Site::Other
    }

    /// Cheap test on the lower-case host name.
    fn matches(&self, _host: &str) -> bool {
        false
    }

    /// Language when `<html lang>` is missing.
    fn default_language(&self, _host: &str) -> Option<&'static str> {
        None
    }

    /// The site serves every page over https: plain-http links to it are upgraded, so the same
    /// story has one URL wherever it was linked from.
    fn serves_https(&self) -> bool {
        false
    }

    /// A link to an author's own page (a columnist's blog): the author, never a section.
    fn is_author_link(&self, _host: &str, _path: &str) -> bool {
        false
    }

    /// The site's sections: canonical names, other spellings, section pages, channel hosts.
    fn sections(&self) -> &'static [Section] {
        &[]
    }

    /// The site's own words and classes (its name, columns, box texts, page-bar words, interface
    /// classes): the generic passes read them from here, never from a constant of their own.
    fn vocabulary(&self) -> &'static Vocabulary {
        &Vocabulary::NONE
    }

    /// (container title, publisher) for citations; `lang` is the page language.
    fn publisher(&self, _lang: Option<&str>) -> Option<(&'static str, &'static str)> {
        None
    }

    /// The page's own article, from the site's article-page markup, and the ranges of `blocks`
    /// it read its text and furniture from. `blocks` are the page's (`extract::blocks`): the
    /// article's text is read from those under its element (`block::within`), not walked again;
    /// the pipeline's related stage reads the related lists of the other blocks only.
    fn main_article(&self, _doc: &Html, _meta: &Meta, _blocks: &[Block<'_>], _ctx: &Ctx<'_>) -> Option<(Article, Vec<Range<usize>>)> {
        None
    }

    /// What the site's own fields state about the page's article (`extract::stated`): its hidden
    /// author and time fields, inline JSON, labelled lines of its template. Each claim carries its
    /// rank; the pipeline weighs them against the other readers'.
    fn stated(&self, _doc: &Html, _meta: &Meta, _ctx: &Ctx<'_>) -> Claims {
        Claims::default()
    }

    /// Does the page hold the site's known list markup? (Only says which layer read the page.)
    fn known_listing(&self, _doc: &Html) -> bool {
        false
    }
}

/// One section of a site: its canonical name, other spellings of its label, the paths of its
/// section pages, and the channel hosts whose articles belong to it.
#[derive(Debug)]
pub struct Section {
    /// As the site's navigation writes it ("Business & Tech", "金融").
    pub name: &'static str,
    /// Other labels for it ("Business and Technology", "观点网"). Compared folded (`fold`).
    pub aliases: &'static [&'static str],
    /// Paths of its pages on the site's main host, with a trailing slash, or path + query
    /// (`/business-and-tech/`, `/section-news/?t=101010306`).
    pub paths: &'static [&'static str],
    /// Host prefixes of its channel (`finance.` for finance.caixin.com): a link to the channel's
    /// home page names the section, and so does an article's own host when no label does.
    pub hosts: &'static [&'static str],
}

/// A site's own vocabulary: every word and class name that belongs to one site. The generic
/// passes know only universal newsroom words (`记者`, "By", `下一页`); what a site adds lives in its
/// adapter, through this struct.
#[derive(Debug)]
pub struct Vocabulary {
    /// Words of a byline that are not names on this site: the publisher's own name, column
    /// names (`财新`, `财新周刊`).
    pub credit_words: &'static [&'static str],
    /// Class names of the site's paid marks beside a title or over a body (paywall boxes) that
    /// the generic marks (`teasers::is_paid_mark`: key, lock, paywall…) do not name.
    pub paid_classes: &'static [&'static str],
    /// The whole text of the site's paid labels, and words of a paid mark's `title` (`收费`).
    pub paid_words: &'static [&'static str],
    /// What the site's paywall box says after the visible text (`收费文章`).
    pub paywall_phrases: &'static [&'static str],
    /// What the site's subscribe button says when nothing is left to read: the template's button
    /// of a reader who may read on (`本文共计0字`).
    pub nothing_left: &'static [&'static str],
    /// Contact lines without a colon: ("contact reporter", role), lower case.
    pub contact_lines: &'static [(&'static str, &'static str)],
    /// The link of a short item to its full story ("read the full story here"), lower case.
    pub read_full: &'static [&'static str],
    /// A page bar's link to the whole text on one page (`余下全文`).
    pub whole_text: &'static [&'static str],
    /// Whole texts of the site's interface: buttons, page-bar words (`听报道`).
    pub ui_words: &'static [&'static str],
    /// Starts of the site's interface lines (`当前登录账号`).
    pub ui_prefixes: &'static [&'static str],
    /// Classes and ids of the site's interface (page bars, listen buttons, question boxes): an
    /// extra signal beside the words; nothing inside them is content.
    pub ui_classes: &'static [&'static str],
    pub ui_ids: &'static [&'static str],
    /// Attribute name prefixes of interface widgets the site's scripts draw (Vue's `data-v-`).
    pub ui_attr_prefixes: &'static [&'static str],
    /// Headings of the site's boxes that link the same article in another language, with that
    /// language (`("英文报道", "en")`): read by the adapter into `translations`, never related
    /// reading or a list entry.
    pub translation_boxes: &'static [(&'static str, &'static str)],
}

impl Vocabulary {
    /// No words of its own (the generic fallback).
    pub const NONE: Vocabulary = Vocabulary {
        credit_words: &[],
        paid_classes: &[],
        paid_words: &[],
        paywall_phrases: &[],
        nothing_left: &[],
        contact_lines: &[],
        read_full: &[],
        whole_text: &[],
        ui_words: &[],
        ui_prefixes: &[],
        ui_classes: &[],
        ui_ids: &[],
        ui_attr_prefixes: &[],
        translation_boxes: &[],
    };

    /// Every word of the vocabulary (`tests/sites.rs`: none of them stands in a generic pass).
    pub fn words(&self) -> impl Iterator<Item = &'static str> {
        [
            self.credit_words,
            self.paid_words,
            self.paywall_phrases,
            self.nothing_left,
            self.read_full,
            self.whole_text,
            self.ui_words,
            self.ui_prefixes,
        ]
        .into_iter()
        .flatten()
        .copied()
        .chain(self.contact_lines.iter().map(|(w, _)| *w))
        .chain(self.translation_boxes.iter().map(|(w, _)| *w))
    }

    /// Does the site name any interface widget (class, id, attribute)? (Else no element is
    /// looked at: this runs for every element of a page.)
    pub fn has_ui_marks(&self) -> bool {
        !(self.ui_classes.is_empty() && self.ui_ids.is_empty() && self.ui_attr_prefixes.is_empty())
    }

    /// Is this element one of the site's interface widgets (by class, id or a script's attributes)?
    pub fn is_ui_element(&self, el: &scraper::node::Element) -> bool {
        if !self.has_ui_marks() {
            return false;
        }
        el.attrs().any(|(name, value)| match name {
            "class" => value.split_ascii_whitespace().any(|c| self.ui_classes.contains(&c)),
            "id" => self.ui_ids.contains(&value),
            _ => self.ui_attr_prefixes.iter().any(|p| name.starts_with(p)),
        })
    }

    /// Is this whole text (normalised) the site's interface?
    pub fn is_ui_text(&self, t: &str) -> bool {
        self.ui_words.contains(&t) || self.ui_prefixes.iter().any(|p| t.starts_with(p))
    }
}

/// The site-neutral fallback: every default.
pub struct Generic;

impl UrlRules for Generic {}

impl SiteRules for Generic {
    fn matches(&self, _host: &str) -> bool {
        true
    }
}

pub static GENERIC: Generic = Generic;

/// What every pass needs to know about the page: its address and the rules of its site and of
/// every other known site (links lead across sites).
pub struct Ctx<'a> {
    /// The page's URL; links are resolved against it.
    pub base: &'a str,
    /// The page's own site.
    pub site: &'a dyn SiteRules,
    /// Every known site, for links to their hosts; the first that matches a host applies.
    pub sites: &'a [&'a dyn SiteRules],
    /// The year of the page's own article URL, for dates shown without a year.
    pub url_date: Option<UrlDate>,
    /// The key of the page's own article URL (`url::ArticleUrl::key`): links to its other pages
    /// are navigation.
    pub own_key: Option<String>,
    /// `base` parsed, once.
    parsed_base: Option<url::Parsed<'a>>,
}

impl<'a> Ctx<'a> {
    pub fn new(base: &'a str, sites: &'a [&'a dyn SiteRules]) -> Ctx<'a> {
        let mut ctx = Ctx { base, site: &GENERIC, sites, url_date: None, own_key: None, parsed_base: url::parse(base) };
        if let Some(h) = url::host(base) {
            ctx.site = ctx.rules_for(&h);
        }
        if let Some(own) = ctx.article_url(base) {
            ctx.url_date = own.date;
            ctx.own_key = Some(own.key);
        }
        ctx
    }

    /// A context with the generic rules only (tests of the toolkit alone).
    #[cfg(test)]
    pub fn plain(base: &'a str) -> Ctx<'a> {
        let own = url::article_url(base, &GENERIC);
        let (url_date, own_key) = (own.as_ref().and_then(|a| a.date), own.map(|a| a.key));
        Ctx { base, site: &GENERIC, sites: &[], url_date, own_key, parsed_base: url::parse(base) }
    }

    /// The rules for a (lower-case) host.
    pub fn rules_for(&self, host: &str) -> &'a dyn SiteRules {
        self.sites.iter().copied().find(|s| s.matches(host)).unwrap_or(&GENERIC)
    }

    /// `href` resolved against the page, http(s) only, with the rules of the host it leads to:
    /// no user name, no port on a known site's host, https where the site serves it, the desktop
    /// address of a mobile copy.
    pub fn resolve(&self, href: &str) -> Option<String> {
        self.resolve_with(href, false).map(|(u, _)| u)
    }

    /// `resolve`, and what the resolved URL says when it is an article's (`article_url`), read
    /// from the same parse when resolving changed nothing (nearly every link): the block walk's
    /// reading of each link. The address is borrowed from `href` when it is the result already,
    /// else written in `arena`; the article's key and id are parts of that address when they can
    /// be (`url::article_ref_of`). Nothing is allocated alone.
    pub fn resolve_in<'b>(&self, href: &'b str, arena: &'b bumpalo::Bump) -> Option<(&'b str, Option<url::ArticleRef<'b>>)> {
        let abs: &'b str = match url::joined_or_borrowed(self.parsed_base.as_ref(), href)? {
            std::borrow::Cow::Borrowed(u) => u,
            std::borrow::Cow::Owned(u) => arena.alloc_str(&u),
        };
        let p = url::parse(abs)?;
        if let Some((rules, None, false)) = self.edits_of(&p) {
            return Some((abs, url::article_ref_of(abs, &p, rules, arena)));
        }
        // Anything to edit (a mobile prefix, http to https, credentials, a port): resolved as
        // `resolve` does, then copied.
        let (u, au) = self.resolve_with(href, true)?;
        let u: &'b str = arena.alloc_str(&u);
        let au =
            au.map(|a| url::ArticleRef { key: arena.alloc_str(&a.key), id: a.id.as_deref().map(|i| &*arena.alloc_str(i)), date: a.date });
        Some((u, au))
    }

    fn resolve_with(&self, href: &str, article: bool) -> Option<(String, Option<ArticleUrl>)> {
        // Joined, then parsed once: the parse is also the check that it is an http(s) URL.
        let mut abs = url::joined(self.parsed_base.as_ref(), href)?;
        let p = url::parse(&abs)?;
        // (Nearly every link has neither: parsed once, the edits below read from that parse.)
        match self.edits_of(&p) {
            Some((rules, None, false)) => {
                let au = if article { url::article_url_of(&p, rules) } else { None };
                return Some((abs, au));
            }
            Some((_, cut, https)) => apply(&mut abs, cut, https),
            None => {
                let known = self.rules_for(&url::lower(p.host)).site() != Site::Other;
                abs = url::without_credentials_or_port(abs, known);
                let p = url::parse(&abs)?;
                let (cut, https) = edits(self.rules_for(&url::lower(p.host)), &p);
                apply(&mut abs, cut, https);
            }
        }
        let au = if article { self.article_url(&abs) } else { None };
        Some((abs, au))
    }

    /// The rules of the host of `p` (a parsed absolute URL) and what they change in it (`edits`);
    /// `None` when its authority holds credentials or a port, which come off first. `(rules,
    /// None, false)`: nothing to change, the URL is its own resolution (nearly every link).
    #[allow(clippy::type_complexity)]
    fn edits_of(&self, p: &url::Parsed<'_>) -> Option<(&'a dyn SiteRules, Option<std::ops::Range<usize>>, bool)> {
        if p.authority.contains(['@', ':']) {
            return None;
        }
        let rules = self.rules_for(&url::lower(p.host));
        let (cut, https) = edits(rules, p);
        Some((rules, cut, https))
    }

    /// What an absolute URL says when it is an article's (key, id, date).
    pub fn article_url(&self, u: &str) -> Option<ArticleUrl> {
        let p = url::parse(u)?;
        url::article_url_of(&p, self.rules_for(&url::lower(p.host)))
    }

    /// Is this a link to an author's page (a blog) on a known site?
    pub fn is_author_link(&self, u: &str) -> bool {
        url::parse(u).is_some_and(|p| {
            let host = p.host.to_ascii_lowercase();
            self.rules_for(&host).is_author_link(&host, p.path)
        })
    }
}

/// What `Ctx::resolve` changes in a parsed absolute URL, by the rules of its host: the mobile
/// prefix to remove ("/m" right after the authority, when the desktop path is an article's), and
/// whether http becomes https.
fn edits(rules: &dyn SiteRules, p: &url::Parsed<'_>) -> (Option<std::ops::Range<usize>>, bool) {
    let https = rules.serves_https() && p.scheme.eq_ignore_ascii_case("http");
    let cut = rules.desktop_path(p.path).filter(|d| url::article_path(d).is_some()).map(|desktop| {
        let at = p.scheme.len() + 3 + p.authority.len();
        at..at + (p.path.len() - desktop.len())
    });
    (cut, https)
}

fn apply(abs: &mut String, cut: Option<std::ops::Range<usize>>, https: bool) {
    if let Some(cut) = cut {
        abs.replace_range(cut, "");
    }
    if https {
        abs.replace_range(..4, "https");
    }
}
