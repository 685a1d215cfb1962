//! One adapter per site, each the only place that names its site's facts (after
//! zotero/translators): a cheap host match, its URL rules, section vocabulary, paid marks, credit
//! words and publisher, and hooks that read its own article and list markup. The site-neutral
//! passes in `extract/` run for every site with these rules; an adapter only adds what they
//! cannot know. Adding a site: README.md, "Adding a site" (the one list of steps;
//! `tests/sites.rs` checks them).

pub mod caixin_cn;
pub mod caixin_global;

use crate::extract::rules::{SiteRules, GENERIC};
use crate::model::Site;

/// Sites in match order; a host none matches gets the generic rules (site `other`).
pub static SITES: &[&dyn SiteRules] = &[&caixin_global::CaixinGlobal, &caixin_cn::CaixinCn];

/// The rules for a (lower-case) host: its site's, else the generic ones.
pub fn for_host(host: &str) -> &'static dyn SiteRules {
    SITES.iter().copied().find(|s| s.matches(host)).unwrap_or(&GENERIC)
}

/// The rules of a site by its id.
pub fn for_site(site: Site) -> &'static dyn SiteRules {
    SITES.iter().copied().find(|s| s.site() == site).unwrap_or(&GENERIC)
}

/// Is this URL on a site the sidebar reads (a known host over http(s))?
pub fn is_supported_url(u: &str) -> bool {
    crate::extract::url::host(u).is_some_and(|h| for_host(&h).site() != Site::Other)
}

/// What a URL says when it is an article's, with the rules of the site it is on.
pub fn article_url(u: &str) -> Option<crate::extract::url::ArticleUrl> {
    let host = crate::extract::url::host(u)?;
    crate::extract::url::article_url(u, for_host(&host))
}

/// The identity of an article URL: host and path, without scheme, query, fragment, page number
/// or mobile prefix, so the same story linked from two pages, over http and https, or on its
/// mobile copy, is one article (collections, "new since the last visit"). `None` when the URL is
/// not an article's.
pub fn article_key(u: &str) -> Option<String> {
    article_url(u).map(|a| a.key)
}
