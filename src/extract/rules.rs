//! What a site adapter tells the site-neutral passes: its URL rules, section vocabulary, paid
//! markers, credit words, and hooks for article and listing pages. Every method has the
//! site-neutral default, so the generic fallback (`GENERIC`) states nothing at all.
//!
//! The passes receive these through `Ctx`; they never name a site. (Adapters live in `sites/`,
//! which depends on this module, never the other way round.)

use scraper::Html;

use super::dates::UrlDate;
use super::metadata::Meta;
use super::sections::Section;
use super::url::{self, ArticleUrl};
use crate::model::{Article, Site};

/// One site's facts and hooks. Implemented by each adapter in `sites/`.
pub trait SiteRules: Sync {
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

    /// The desktop path of a copy of a page (a mobile `/m/…` copy); `None` when it is the page.
    fn desktop_path<'a>(&self, _path: &'a str) -> Option<&'a str> {
        None
    }

    /// Article URLs beyond the common `/YYYY-MM-DD/…<id>.html` shape (blog posts): the article's
    /// id when `path` on `host` is one.
    fn other_article<'a>(&self, _host: &str, _path: &'a str) -> Option<&'a str> {
        None
    }

    /// A link to an author's own page (a columnist's blog): the author, never a section.
    fn is_author_link(&self, _host: &str, _path: &str) -> bool {
        false
    }

    /// The site's sections: canonical names, other spellings, section pages, channel hosts.
    fn sections(&self) -> &'static [Section] {
        &[]
    }

    /// Class names of the site's paid marks beside a title or over a body (paywall boxes) that
    /// the generic marks (`teasers::is_paid_mark`: key, lock, paywall…) do not name.
    fn paid_classes(&self) -> &'static [&'static str] {
        &[]
    }

    /// Words of a byline that are not names on this site: the publisher's own name, column
    /// names ("财新", "财新周刊").
    fn credit_words(&self) -> &'static [&'static str] {
        &[]
    }

    /// (container title, publisher) for citations; `lang` is the page language.
    fn publisher(&self, _lang: Option<&str>) -> Option<(&'static str, &'static str)> {
        None
    }

    /// The page's own article, from the site's article-page markup.
    fn main_article(&self, _doc: &Html, _meta: &Meta, _ctx: &Ctx<'_>) -> Option<Article> {
        None
    }

    /// Does the page hold the site's known list markup? (Only says which layer read the page.)
    fn known_listing(&self, _doc: &Html) -> bool {
        false
    }
}

/// The site-neutral fallback: every default.
pub struct Generic;

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
    /// `base` parsed, once.
    parsed_base: Option<url::Parsed<'a>>,
}

impl<'a> Ctx<'a> {
    pub fn new(base: &'a str, sites: &'a [&'a dyn SiteRules]) -> Ctx<'a> {
        let mut ctx = Ctx { base, site: &GENERIC, sites, url_date: None, parsed_base: url::parse(base) };
        if let Some(h) = url::host(base) {
            ctx.site = ctx.rules_for(&h);
        }
        ctx.url_date = ctx.article_url(base).and_then(|a| a.date);
        ctx
    }

    /// A context with the generic rules only (tests of the toolkit alone).
    #[cfg(test)]
    pub fn plain(base: &'a str) -> Ctx<'a> {
        let url_date = url::article_url(base, &GENERIC).and_then(|a| a.date);
        Ctx { base, site: &GENERIC, sites: &[], url_date, parsed_base: url::parse(base) }
    }

    /// The rules for a (lower-case) host.
    pub fn rules_for(&self, host: &str) -> &'a dyn SiteRules {
        self.sites.iter().copied().find(|s| s.matches(host)).unwrap_or(&GENERIC)
    }

    /// `href` resolved against the page, http(s) only, with the rules of the host it leads to:
    /// no user name, no port on a known site's host, https where the site serves it, the desktop
    /// address of a mobile copy.
    pub fn resolve(&self, href: &str) -> Option<String> {
        let mut abs = url::resolve_against(self.parsed_base.as_ref(), href)?;
        let p = url::parse(&abs)?;
        // (Nearly every link has neither: no second parse for them.)
        if p.authority.contains(['@', ':']) {
            let known = self.rules_for(&url::lower(p.host)).site() != Site::Other;
            abs = url::without_credentials_or_port(abs, known);
        }
        let p = url::parse(&abs)?;
        let rules = self.rules_for(&url::lower(p.host));
        let https = rules.serves_https() && p.scheme.eq_ignore_ascii_case("http");
        if let Some(desktop) = rules.desktop_path(p.path).filter(|d| url::article_path(d).is_some()) {
            // The mobile prefix ("/m") sits right after the authority: remove it.
            let at = p.scheme.len() + 3 + p.authority.len();
            abs.replace_range(at..at + (p.path.len() - desktop.len()), "");
        }
        if https {
            abs.replace_range(..4, "https");
        }
        Some(abs)
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
