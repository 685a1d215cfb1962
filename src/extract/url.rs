//! URL handling without the `url` crate: its IDNA tables would roughly double the wasm, and we only
//! need to resolve hrefs against an http(s) page URL and to recognise article paths. Site rules
//! (https upgrades, mobile copies, blog posts) come from the site's `UrlRules` (part of its `rules::SiteRules`); see `rules::Ctx`.

use std::borrow::Cow;

/// The common article path of news sites: `/YYYY-MM-DD/[<slug>-]<id>.html`, pages `_<n>.html`
/// (Caixin Global `/2020-11-27/<slug>-101633418.html`, caixin.com `/2026-08-06/102472081.html`).
/// Any host using the shape is accepted (mirrors, new channels): the date-and-id path is what
/// several independent scrapers key on. Hand-written rather than a regex: it runs for every link
/// on the page and was half of the extraction time as a regex-lite pattern.
/// Returns (year, month, day, id).
pub fn article_path(p: &str) -> Option<(i32, u32, u32, &str)> {
    let b = p.as_bytes();
    if b.len() < 13 || b[0] != b'/' || b[5] != b'-' || b[8] != b'-' || b[11] != b'/' {
        return None;
    }
    // The digits' value, read as they are checked.
    let number = |r: std::ops::Range<usize>| b[r].iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')));
    let (y, m, d) = (number(1..5)? as i32, number(6..8)?, number(9..11)?);
    let file = &p[12..];
    let stem = file.strip_suffix(".html").or_else(|| file.strip_suffix(".htm"))?;
    // (No `/` either: the stem is one file name.)
    if !stem.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_') {
        return None;
    }
    // `_<n>` page suffix.
    // (The stem is ASCII, checked above: byte positions are character positions.)
    let stem = match memchr::memrchr(b'_', stem.as_bytes()) {
        Some(u) if u + 1 < stem.len() && stem.as_bytes()[u + 1..].iter().all(u8::is_ascii_digit) => &stem[..u],
        _ => stem,
    };
    let id_start = stem.bytes().rposition(|c| !c.is_ascii_digit()).map_or(0, |i| i + 1);
    let id = &stem[id_start..];
    if id.len() < 6 || (id_start > 0 && !stem[..id_start].ends_with('-')) {
        return None;
    }
    Some((y, m, d, id))
}

/// The parts of an absolute http(s) URL that we use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed<'a> {
    pub scheme: &'a str,
    /// `user@host:port` as written.
    pub authority: &'a str,
    pub host: &'a str,
    /// Path without query and fragment; "/" when empty.
    pub path: &'a str,
}

pub fn parse(url: &str) -> Option<Parsed<'_>> {
    // Byte by byte: this runs several times for every link of the page.
    let b = url.as_bytes();
    let colon = b.iter().take(6).position(|&c| c == b':')?;
    if !b[colon..].starts_with(b"://") {
        return None;
    }
    let scheme = &url[..colon];
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let rest = &url[colon + 3..];
    // One pass over the authority, which is short (a search routine costs more to start): it
    // ends at `/`, `?` or `#`, and at a backslash too: browsers read it as `/` in http(s) URLs,
    // so `https://evil.example\@finance.caixin.com/` goes to evil.example, and must be read so
    // here. The host follows the last `@` (user names) and ends at the first `:` after it (a port).
    let rb = rest.as_bytes();
    let (mut end_host, mut host_start, mut port) = (rb.len(), 0, None);
    for (i, &c) in rb.iter().enumerate() {
        match c {
            b'/' | b'?' | b'#' | b'\\' => {
                end_host = i;
                break;
            }
            b'@' => (host_start, port) = (i + 1, None),
            b':' if port.is_none() => port = Some(i),
            _ => {}
        }
    }
    let authority = &rest[..end_host];
    let host = &rest[host_start..port.unwrap_or(end_host)];
    if host.is_empty() {
        return None;
    }
    let after = &rest[end_host..];
    let path_end = memchr::memchr2(b'?', b'#', after.as_bytes()).unwrap_or(after.len());
    let path = &after[..path_end];
    Some(Parsed { scheme, authority, host, path: if path.is_empty() { "/" } else { path } })
}

/// `url` (absolute, http(s)) without the user name and password an address may carry
/// (`https://a:b@host/`: never a site's own link, and a way to make a link look like another), and
/// without its port when `drop_port` (a known site, served on its scheme's port) or when the port
/// is the scheme's default. Unchanged when it has neither.
pub fn without_credentials_or_port(url: String, drop_port: bool) -> String {
    let Some(p) = parse(&url) else { return url };
    if !p.authority.contains(['@', ':']) {
        return url;
    }
    let host_port = p.authority.rsplit('@').next().unwrap_or(p.authority);
    let default = if p.scheme.eq_ignore_ascii_case("https") { "443" } else { "80" };
    let keep = match host_port.split_once(':') {
        Some((_, port)) if !drop_port && port != default && !port.is_empty() => host_port,
        _ => p.host,
    };
    if keep.len() == p.authority.len() {
        return url;
    }
    let at = p.scheme.len() + 3;
    let mut out = String::with_capacity(url.len());
    out.push_str(&url[..at]);
    out.push_str(keep);
    out.push_str(&url[at + p.authority.len()..]);
    out
}

pub fn is_http(url: &str) -> bool {
    parse(url).is_some()
}

/// Resolves `href` against the absolute `base`; returns only http(s) URLs, without the fragment.
/// `javascript:`, `mailto:`, `data:` and the like give `None`.
#[cfg(test)]
pub fn resolve(base: &str, href: &str) -> Option<String> {
    let resolved = joined(parse(base).as_ref(), href)?;
    parse(&resolved)?;
    Some(resolved)
}

/// `href` joined to a base parsed once (`None`: relative links cannot be joined), with its
/// invisible characters encoded; the caller parses the result, which checks that it is an
/// http(s) URL (`Ctx::resolve_with` does, for every link of the page: one parse, not two).
pub fn joined(base: Option<&Parsed<'_>>, href: &str) -> Option<String> {
    joined_or_borrowed(base, href).map(Cow::into_owned)
}

/// `joined`, borrowing `href` when it is the result already (an absolute address with nothing
/// to drop or encode: most links of a real page).
pub fn joined_or_borrowed<'h>(base: Option<&Parsed<'_>>, href: &'h str) -> Option<Cow<'h, str>> {
    let href = href.trim();
    // Browsers drop tabs and line breaks anywhere in an address before reading it.
    if memchr::memchr3(b'\t', b'\n', b'\r', href.as_bytes()).is_some() {
        let stripped = href.replace(['\t', '\n', '\r'], "");
        return joined_or_borrowed(base, &stripped).map(|j| Cow::Owned(j.into_owned()));
    }
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    // (Bytes found by memchr: this runs for every link of the page.)
    let href = memchr::memchr(b'#', href.as_bytes()).map_or(href, |i| &href[..i]);
    let scheme = memchr::memchr(b':', href.as_bytes()).map(|i| &href[..i]).filter(|s| is_scheme(s));
    let resolved = if let Some(scheme) = scheme {
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return None;
        }
        // Printable ASCII (nearly every URL): nothing to encode, the address is `href`'s own.
        if printable_ascii(href.as_bytes()) {
            return Some(Cow::Borrowed(href));
        }
        href.to_string()
    } else {
        let b = base?;
        // Built with push_str: this runs for every link of the page.
        let mut out = String::with_capacity(b.scheme.len() + 3 + b.authority.len() + b.path.len() + href.len());
        out.push_str(b.scheme);
        out.push_str("://");
        if let Some(rest) = href.strip_prefix("//") {
            out.push_str(rest);
        } else {
            out.push_str(b.authority);
            if href.starts_with('/') {
                push_path(&mut out, href);
            } else if href.starts_with('?') {
                out.push_str(b.path);
                out.push_str(href);
            } else {
                let dir = &b.path[..b.path.rfind('/').map(|i| i + 1).unwrap_or(0)];
                let dir = if dir.is_empty() { "/" } else { dir };
                let mut joined = String::with_capacity(dir.len() + href.len());
                joined.push_str(dir);
                joined.push_str(href);
                push_path(&mut out, &joined);
            }
        }
        out
    };
    Some(Cow::Owned(encode_invisible(resolved)))
}

/// The URL with the characters `text::normalize` drops (and ZWJ / ZWNJ) percent-encoded, as a
/// browser encodes any such character in a path or query: the link still leads where the page's
/// link led, and no bidi control or invisible character reaches the panel or an export.
pub fn encode_invisible(url: String) -> String {
    let hidden = |c: char| super::text::is_invisible(c) || matches!(c, '\u{200c}' | '\u{200d}');
    // Printable ASCII (nearly every URL, read in one pass): nothing can hide.
    if printable_ascii(url.as_bytes()) {
        return url;
    }
    if !url.contains(hidden) {
        return url;
    }
    let mut out = String::with_capacity(url.len() + 24);
    for ch in url.chars() {
        if hidden(ch) {
            let mut buf = [0; 4];
            for b in ch.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(ch);
        }
    }
    out
}

/// Is every byte printable ASCII (0x20–0x7E)? Eight bytes at a time (`text::printable_ascii_word`).
fn printable_ascii(b: &[u8]) -> bool {
    let mut words = b.chunks_exact(8);
    let all = words.all(|w| super::text::printable_ascii_word(u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])));
    all && words.remainder().iter().all(|b| (0x20..0x7F).contains(b))
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Appends a path (and query), with dot segments removed when it has any.
fn push_path(out: &mut String, path_and_query: &str) {
    let path = path_and_query.split('?').next().unwrap_or(path_and_query);
    if path.starts_with('.') || path.as_bytes().windows(2).any(|w| w == b"/.") {
        out.push_str(&remove_dot_segments(path_and_query));
    } else {
        out.push_str(path_and_query);
    }
}

/// RFC 3986 §5.2.4 on the path part only (the query is carried through untouched).
fn remove_dot_segments(path_and_query: &str) -> String {
    let (path, query) = match path_and_query.find('?') {
        Some(i) => path_and_query.split_at(i),
        None => (path_and_query, ""),
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    let joined = if joined.starts_with('/') { joined } else { format!("/{joined}") };
    format!("{joined}{query}")
}

/// What an article URL tells: its key for de-duplication, the site's numeric id and its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleUrl {
    /// host + path, lower-case host, no scheme/query/page suffix: the same story over http and
    /// https, with or without `?cxapp_link=true`, its page 2 or its mobile copy, is one article.
    pub key: String,
    /// The site's numeric id (the digits before `.html`; a blog post's number).
    pub id: Option<String>,
    /// `YYYY-MM-DD` from the path.
    pub date: Option<(i32, u32, u32)>,
}

/// An [`ArticleUrl`] whose key and id are borrowed (from the link's address, or the page's arena):
/// what the block walk records of each article link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleRef<'a> {
    pub key: &'a str,
    pub id: Option<&'a str>,
    pub date: Option<(i32, u32, u32)>,
}

impl ArticleUrl {
    /// The same, borrowed.
    pub fn borrowed(&self) -> ArticleRef<'_> {
        ArticleRef { key: &self.key, id: self.id.as_deref(), date: self.date }
    }
}

/// What a site's rules say about its URLs beyond the common shapes; part of `rules::SiteRules`
/// (here so that reading a URL needs nothing of the rest of the rules). Every method has the
/// site-neutral default.
pub trait UrlRules {
    /// The desktop path of a copy of a page (a mobile `/m/…` copy); `None` when it is the page.
    fn desktop_path<'a>(&self, _path: &'a str) -> Option<&'a str> {
        None
    }

    /// Article URLs beyond the common `/YYYY-MM-DD/…<id>.html` shape (blog posts): the article's
    /// id when `path` on `host` is one.
    fn other_article<'a>(&self, _host: &str, _path: &'a str) -> Option<&'a str> {
        None
    }
}

/// Recognises an article URL: the common date-and-id path (`article_path`), or what the host's
/// site calls an article (`UrlRules::other_article`). Mobile copies are keyed as the desktop page.
pub fn article_url(url: &str, rules: &dyn UrlRules) -> Option<ArticleUrl> {
    article_url_of(&parse(url)?, rules)
}

/// `article_url` of a parsed URL.
pub fn article_url_of(p: &Parsed<'_>, rules: &dyn UrlRules) -> Option<ArticleUrl> {
    let (host, path, html, id, date) = article_parts(p, rules)?;
    let mut key = String::with_capacity(host.len() + path.len() + html.len());
    key.push_str(&host);
    key.push_str(path);
    key.push_str(html);
    Some(ArticleUrl { key, id: Some(id.to_string()), date })
}

/// `article_url_of` of `p`, a parse of `url`, with its key and id in `url` itself when they are
/// parts of it (an address without a mobile prefix or page suffix, its host in lower case), else
/// written in `arena`: no allocation of its own (the block walk reads every link of the page).
pub fn article_ref_of<'u>(url: &'u str, p: &Parsed<'u>, rules: &dyn UrlRules, arena: &'u bumpalo::Bump) -> Option<ArticleRef<'u>> {
    let (host, path, html, id, date) = article_parts(p, rules)?;
    // Where `host` and `path` start in `url` (both are parts of it when borrowed).
    let at = |part: &str| (part.as_ptr() as usize).wrapping_sub(url.as_ptr() as usize);
    let key = match host {
        Cow::Borrowed(h) if html.is_empty() && at(h) <= url.len() && at(h) + h.len() == at(path) && at(path) + path.len() <= url.len() => {
            &url[at(h)..at(path) + path.len()]
        }
        _ => &*arena.alloc_str(&[&*host, path, html].concat()),
    };
    Some(ArticleRef { key, id: Some(id), date })
}

/// What an article URL's key is made of (the host in lower case, then its path, then ".html" when
/// a page suffix was cut), its id and its date; `None` when it is no article URL.
#[allow(clippy::type_complexity)]
fn article_parts<'p>(
    p: &Parsed<'p>,
    rules: &dyn UrlRules,
) -> Option<(Cow<'p, str>, &'p str, &'static str, &'p str, Option<(i32, u32, u32)>)> {
    let path = rules.desktop_path(p.path).unwrap_or(p.path);
    let host = lower(p.host);
    if let Some((y, m, d, id)) = article_path(path) {
        // Page `_2.html` is the same article.
        return Some(match memchr::memrchr(b'_', path.as_bytes()) {
            Some(i) if path[..i].ends_with(id) => (host, &path[..i], ".html", id, Some((y, m, d))),
            _ => (host, path, "", id, Some((y, m, d))),
        });
    }
    let id = rules.other_article(&host, path)?;
    Some((host, path.trim_end_matches('/'), "", id, None))
}

pub fn host(url: &str) -> Option<String> {
    parse(url).map(|p| p.host.to_ascii_lowercase())
}

/// A host in lower case, copied only when it is not already.
pub fn lower(host: &str) -> std::borrow::Cow<'_, str> {
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(host.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(host)
    }
}

/// The page of a multi-page article a URL names: `?p2`, `?p=2`, `?page=2` in the query, or a
/// `_2.html` path suffix; `Some(0)` for `?p0` (the whole text on one page, caixin.com's form).
/// `None` when the URL names no page.
pub fn page_number(url: &str) -> Option<u32> {
    let no_fragment = url.split('#').next().unwrap_or(url);
    let (path, query) = no_fragment.split_once('?').unwrap_or((no_fragment, ""));
    for pair in query.split('&') {
        let v = pair.strip_prefix("page=").or_else(|| pair.strip_prefix("p=")).or_else(|| pair.strip_prefix('p'));
        if let Some(n) = v.filter(|v| !v.is_empty() && v.len() <= 4 && v.bytes().all(|c| c.is_ascii_digit())) {
            return n.parse().ok();
        }
    }
    let stem = path.strip_suffix(".html").or_else(|| path.strip_suffix(".htm"))?;
    let (_, n) = stem.rsplit_once('_')?;
    (!n.is_empty() && n.len() <= 4 && n.bytes().all(|c| c.is_ascii_digit())).then(|| n.parse().ok()).flatten()
}

/// `true` for `caixin.com` and its subdomains (not `notcaixin.com`).
pub fn host_is(host: &str, domain: &str) -> bool {
    host.strip_suffix(domain).is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_ascii_agrees_with_a_byte_test() {
        // Every byte value at every place of a 19-byte text (two words and a tail) among printable ones.
        for at in 0..19 {
            for v in 0..=255u8 {
                let mut b = *b"https://example.com";
                b[at] = v;
                assert_eq!(printable_ascii(&b), b.iter().all(|c| (0x20..0x7F).contains(c)), "byte {v:#x} at {at}");
            }
        }
    }

    const BASE: &str = "https://www.caixinglobal.com/live/index.html?x=1";

    #[test]
    fn resolves_every_href_form() {
        assert_eq!(resolve(BASE, "https://a.com/x#frag").as_deref(), Some("https://a.com/x"));
        assert_eq!(
            resolve(BASE, "//www.caixinglobal.com/2020-11-27/a-101633455.html?cxapp_link=true").as_deref(),
            Some("https://www.caixinglobal.com/2020-11-27/a-101633455.html?cxapp_link=true")
        );
        assert_eq!(resolve(BASE, "/2020-11-27/a-1.html").as_deref(), Some("https://www.caixinglobal.com/2020-11-27/a-1.html"));
        assert_eq!(resolve(BASE, "b.html").as_deref(), Some("https://www.caixinglobal.com/live/b.html"));
        assert_eq!(resolve(BASE, "../b.html").as_deref(), Some("https://www.caixinglobal.com/b.html"));
        assert_eq!(resolve(BASE, "?page=2").as_deref(), Some("https://www.caixinglobal.com/live/index.html?page=2"));
        assert_eq!(resolve("https://caixin.com", "x").as_deref(), Some("https://caixin.com/x"));
        // Upgrades to https are the site's rule (`rules::Ctx::resolve`), not the resolver's.
        assert_eq!(resolve(BASE, "http://example.com/a").as_deref(), Some("http://example.com/a"));
    }

    #[test]
    fn the_host_is_the_one_a_browser_would_visit() {
        // A backslash is a slash to the browser: the host is evil.example, not Caixin's.
        let sneaky = "https://evil.example\\@finance.caixin.com/2018-03-19/101223100.html";
        assert_eq!(parse(sneaky).map(|p| p.host), Some("evil.example"));
        assert_eq!(parse("https://evil.example\\x").map(|p| p.host), Some("evil.example"));
        assert!(!crate::sites::is_supported_url(sneaky));
        // What stands before an `@` is a user name.
        assert_eq!(parse("https://evil.example@finance.caixin.com/x").map(|p| p.host), Some("finance.caixin.com"));
        // Tabs and line breaks inside an href are dropped, as browsers do.
        assert_eq!(
            resolve(BASE, "https://www.caixin\n.com/2018-03-19/1\t01.html").as_deref(),
            Some("https://www.caixin.com/2018-03-19/101.html")
        );
        assert_eq!(resolve(BASE, "java\tscript:alert(1)"), None);
    }

    #[test]
    fn user_names_and_ports_are_dropped() {
        let strip = |u: &str, drop_port: bool| without_credentials_or_port(u.to_string(), drop_port);
        assert_eq!(strip("https://a:b@www.caixin.com/x.html?q=1", false), "https://www.caixin.com/x.html?q=1");
        assert_eq!(strip("https://evil@www.caixin.com:8443/x", true), "https://www.caixin.com/x");
        assert_eq!(strip("https://www.caixin.com:8443/x", false), "https://www.caixin.com:8443/x", "another site's port is its own");
        assert_eq!(strip("https://www.caixin.com:443/x", false), "https://www.caixin.com/x");
        assert_eq!(strip("http://example.com:80", false), "http://example.com");
        assert_eq!(strip("http://example.com:/a", false), "http://example.com/a");
        assert_eq!(strip("https://www.caixin.com/a:b@c", true), "https://www.caixin.com/a:b@c", "only the authority");
        assert_eq!(strip("mailto:x@y", true), "mailto:x@y");
    }

    /// A link with a user name or a port to a known site is that site's own address: it keys like
    /// it and, listed with it, does not replace it (`rules::Ctx::resolve`).
    #[test]
    fn resolved_links_to_a_site_carry_no_user_name_or_port() {
        let ctx = super::super::rules::Ctx::new("https://www.caixinglobal.com:8080/live/", crate::sites::SITES);
        let real = "https://www.caixinglobal.com/2020-11-27/a-101633455.html";
        for href in [
            "https://user:pass@www.caixinglobal.com/2020-11-27/a-101633455.html",
            "https://www.caixinglobal.com:8443/2020-11-27/a-101633455.html",
            "http://x@www.caixinglobal.com:80/2020-11-27/a-101633455.html",
            "/2020-11-27/a-101633455.html",
        ] {
            assert_eq!(ctx.resolve(href).as_deref(), Some(real), "{href}");
        }
        assert_eq!(ctx.resolve("https://a@example.com:8080/x").as_deref(), Some("https://example.com:8080/x"));
    }

    /// The block walk's reading of a link (`Ctx::resolve_in`: the address and the article's key
    /// borrowed where they can be) gives what resolving and reading the URL give, in every shape:
    /// absolute and relative, a fragment, tabs, a mobile copy, a page suffix, a host in capitals,
    /// http to https, credentials and ports, a blog post, invisible characters, no article.
    #[test]
    fn the_walks_borrowed_reading_of_a_link_is_the_resolved_ones() {
        let arena = bumpalo::Bump::new();
        for base in ["https://www.caixinglobal.com/live/", "https://www.caixin.com/2020-11-27/101633418.html", "http://example.com/a/b"] {
            let ctx = super::super::rules::Ctx::new(base, crate::sites::SITES);
            for href in [
                "https://www.caixinglobal.com/2020-11-27/a-101633455.html",
                "https://www.caixinglobal.com/2020-11-27/a-101633455.html#top",
                "https://www.caixinglobal.com/2020-11-27/a-101633455.html?cxapp_link=true",
                "https://www.caixinglobal.com/2020-11-27/a-101633455_2.html",
                "https://WWW.Caixinglobal.com/2020-11-27/a-101633455.html",
                "http://www.caixinglobal.com/2020-11-27/a-101633455.html",
                "http://example.com/2020-11-27/a-101633455.html",
                " https://www.caixinglobal.com/2020-11-27/\ta-101633455.html ",
                "https://user@www.caixinglobal.com/2020-11-27/a-101633455.html",
                "https://www.caixinglobal.com:8443/2020-11-27/a-101633455.html",
                "https://example.com:8443/2020-11-27/a-101633455.html",
                "https://www.caixin.com/m/2020-11-27/101633418.html",
                "https://m.caixin.com/m/2020-11-27/101633418.html",
                "https://www.caixin.com/2020-11-27/101633418_3.html?p2",
                "https://someone.blog.caixin.com/archives/123456/",
                "/2020-11-27/a-101633455.html",
                "2020-11-27/a-101633455.html",
                "//www.caixinglobal.com/2020-11-27/a-101633455.html",
                "?page=2",
                "/section-0/",
                "https://www.caixinglobal.com/2020-11-27/a\u{200b}-101633455.html",
                "https://www.caixinglobal.com/2020-11-27/宇-101633455.html",
                "https://www.caixinglobal.com/",
                "mailto:a@b.c",
                "#top",
                "",
            ] {
                let expected = ctx.resolve(href).map(|u| {
                    let au = ctx.article_url(&u);
                    (u, au)
                });
                let got = ctx.resolve_in(href, &arena);
                assert_eq!(got.map(|(u, _)| u), expected.as_ref().map(|(u, _)| u.as_str()), "{base} {href}");
                assert_eq!(
                    got.and_then(|(_, a)| a),
                    expected.as_ref().and_then(|(_, a)| a.as_ref().map(ArticleUrl::borrowed)),
                    "{base} {href}"
                );
            }
        }
    }

    #[test]
    fn refuses_non_http_links() {
        for href in ["javascript:void(0)", "mailto:a@b.c", "data:text/html,hi", "#top", "", "  ", "JavaScript:alert(1)"] {
            assert_eq!(resolve(BASE, href), None, "{href}");
        }
        assert_eq!(resolve("file:///tmp/x.html", "a.html"), None);
    }

    #[test]
    fn recognises_the_common_article_path() {
        let article_url = |u: &str| article_url(u, &super::super::rules::GENERIC);
        let g = article_url(
            "https://www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html?cxapp_link=true",
        )
        .unwrap();
        assert_eq!(g.id.as_deref(), Some("101633418"));
        assert_eq!(g.date, Some((2020, 11, 27)));
        assert_eq!(g.key, "www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html");
        let c = article_url("https://finance.caixin.com/2026-08-06/102472081.html").unwrap();
        assert_eq!(c.id.as_deref(), Some("102472081"));
        let page2 = article_url("http://finance.caixin.com/2026-08-06/102472081_2.html").unwrap();
        assert_eq!(page2.key, c.key);
        // Mobile copies and blog posts are site rules (sites/caixin_cn.rs).
        for not in [
            "https://www.caixin.com/tech/",
            "https://weekly.caixin.com/2026/cw1217/",
            "https://www.caixinglobal.com/live/",
            "mailto:x@y",
            "https://tangya.blog.caixin.com/archives/287966",
        ] {
            assert!(article_url(not).is_none(), "{not}");
        }
        assert!(host_is("finance.caixin.com", "caixin.com") && host_is("caixin.com", "caixin.com"));
        for (u, n) in [
            ("https://weekly.caixin.com/2026-03-07/102418001.html?p2", Some(2)),
            ("https://weekly.caixin.com/2026-03-07/102418001.html?p0#page2", Some(0)),
            ("https://x.example/2026-03-07/a-102418001.html?page=3&x=1", Some(3)),
            ("https://x.example/2026-03-07/a-102418001.html?x=1&p=4", Some(4)),
            ("https://www.caixin.com/2026-03-07/102418001_2.html", Some(2)),
            ("https://weekly.caixin.com/2026-03-07/102418001.html", None),
            ("https://weekly.caixin.com/2026-03-07/102418001.html?cxapp_link=true", None),
            ("https://weekly.caixin.com/2026-03-07/102418001.html?p", None),
        ] {
            assert_eq!(page_number(u), n, "{u}");
        }
        assert!(!host_is("notcaixin.com", "caixin.com"));
    }

    // The edges of each reader, one assertion per boundary (cargo-mutants: see RELIABILITY.md).

    #[test]
    fn parse_takes_scheme_host_and_path() {
        let p = parse("HTTPS://user@Finance.Caixin.com:8443/2026/x.html?q=1#f").unwrap();
        assert_eq!(
            (p.scheme, p.authority, p.host, p.path),
            ("HTTPS", "user@Finance.Caixin.com:8443", "Finance.Caixin.com", "/2026/x.html")
        );
        assert_eq!(parse("http://caixin.com").unwrap().path, "/");
        assert_eq!(parse("http://caixin.com?x").unwrap().path, "/");
        assert_eq!(parse("http://caixin.com#x").unwrap().host, "caixin.com");
        for bad in ["ftp://caixin.com/", "http:///x", "http://:80/", "caixin.com/x", "//caixin.com/x", ""] {
            assert_eq!(parse(bad), None, "{bad}");
            assert!(!is_http(bad), "{bad}");
        }
        assert!(is_http("http://a.b"));
        assert_eq!(host("https://WWW.Caixin.COM:443/x").as_deref(), Some("www.caixin.com"));
        assert_eq!(host("mailto:x@caixin.com"), None);
    }

    #[test]
    fn relative_references_per_rfc_3986() {
        let r = |base: &str, href: &str| resolve(base, href);
        let dir = "https://www.caixinglobal.com/a/b/c.html";
        assert_eq!(r(dir, "d.html").as_deref(), Some("https://www.caixinglobal.com/a/b/d.html"));
        assert_eq!(r(dir, "./d.html").as_deref(), Some("https://www.caixinglobal.com/a/b/d.html"));
        assert_eq!(r(dir, ".").as_deref(), Some("https://www.caixinglobal.com/a/b/"));
        assert_eq!(r(dir, "..").as_deref(), Some("https://www.caixinglobal.com/a/"));
        assert_eq!(r(dir, "../../../../d").as_deref(), Some("https://www.caixinglobal.com/d"), "never above the root");
        assert_eq!(r(dir, "/x/./y/../z?a=../b").as_deref(), Some("https://www.caixinglobal.com/x/z?a=../b"), "the query is kept as is");
        assert_eq!(r(dir, "/x/y/..").as_deref(), Some("https://www.caixinglobal.com/x/"));
        assert_eq!(r(dir, "/x/y/.").as_deref(), Some("https://www.caixinglobal.com/x/y/"));
        assert_eq!(r(dir, "e/?p=1").as_deref(), Some("https://www.caixinglobal.com/a/b/e/?p=1"));
        assert_eq!(r("https://www.caixin.com", "x.html").as_deref(), Some("https://www.caixin.com/x.html"));
        assert_eq!(r("https://www.caixin.com/?q=1", "?p=2").as_deref(), Some("https://www.caixin.com/?p=2"));
        assert_eq!(r("http://user@Example.com:8080/a/b", "/c").as_deref(), Some("http://user@Example.com:8080/c"), "origin as written");
        assert_eq!(r("http://example.com/a/b", "//cdn.example.com/i.png").as_deref(), Some("http://cdn.example.com/i.png"));
        assert_eq!(r(dir, "  /x#top  ").as_deref(), Some("https://www.caixinglobal.com/x"));
        assert_eq!(r("not a url", "x.html"), None, "a relative link needs an http(s) base");
        assert_eq!(r("not a url", "https://a.com/").as_deref(), Some("https://a.com/"), "an absolute one does not");
    }

    #[test]
    fn schemes_are_recognised_by_their_syntax() {
        assert_eq!(resolve(BASE, "HTTPS://a.com/x").as_deref(), Some("HTTPS://a.com/x"));
        assert_eq!(resolve(BASE, "c++:x"), None, "letters, digits, + - . make a scheme");
        assert_eq!(resolve(BASE, "web+cal:x"), None);
        assert_eq!(resolve(BASE, "a.b-c:x"), None);
        assert_eq!(resolve(BASE, "2020:x").as_deref(), Some("https://www.caixinglobal.com/live/2020:x"), "a scheme starts with a letter");
        assert_eq!(resolve(BASE, "a b:x").as_deref(), Some("https://www.caixinglobal.com/live/a b:x"), "no spaces in a scheme");
        assert_eq!(resolve(BASE, ":x").as_deref(), Some("https://www.caixinglobal.com/live/:x"));
        assert_eq!(resolve(BASE, "https:"), None, "no host");
    }

    #[test]
    fn article_paths_at_their_edges() {
        let article_url = |u: &str| article_url(u, &super::super::rules::GENERIC);
        let id = |u: &str| article_url(u).and_then(|a| a.id);
        assert_eq!(id("https://www.caixinglobal.com/2020-11-27/a-b-123456.html").as_deref(), Some("123456"), "six digits");
        assert_eq!(id("https://www.caixinglobal.com/2020-11-27/a-b-12345.html"), None, "five digits");
        assert_eq!(id("https://www.caixin.com/2020-11-27/123456.htm").as_deref(), Some("123456"));
        assert_eq!(id("https://www.caixin.com/2020-11-27/123456.shtml"), None);
        assert_eq!(id("https://www.caixin.com/2020-11-27/ab123456.html"), None, "an id glued to a word");
        assert_eq!(id("https://www.caixin.com/2020-11-27/a/b-123456.html"), None, "a folder in between");
        assert_eq!(id("https://www.caixin.com/2020-11-27/a.b-123456.html"), None);
        assert_eq!(id("https://www.caixin.com/2020-11-27/a_b-123456.html").as_deref(), Some("123456"));
        assert_eq!(id("https://www.caixin.com/2020-11-27/123456_x.html"), None, "not a page number");
        assert_eq!(id("https://www.caixin.com/2020-11-27/123456_.html"), None);
        assert_eq!(id("https://www.caixin.com/2020-11-27/123456_12.html").as_deref(), Some("123456"));
        for bad in [
            "https://www.caixin.com/2020-11-2/123456.html",
            "https://www.caixin.com/2020/11/27/123456.html",
            "https://www.caixin.com/2020-11-27-123456.html",
            "https://www.caixin.com/2020x11-27/123456.html",
            "https://www.caixin.com/2020-11x27/123456.html",
            "https://www.caixin.com/2020-11-27x123456.html",
            "https://www.caixin.com/20x0-11-27/123456.html",
            "https://www.caixin.com/2020-1x-27/123456.html",
            "https://www.caixin.com/2020-11-2x/123456.html",
            "https://www.caixin.com/x/2020-11-27/123456.html",
            "https://www.caixin.com/mx/2020-11-27/123456.html",
            "https://www.caixin.com/2020-11-27/.html",
        ] {
            assert_eq!(article_url(bad), None, "{bad}");
        }
        let a = article_url("https://WWW.Caixin.com/2020-11-27/123456_3.html?x=1").unwrap();
        assert_eq!((a.key.as_str(), a.date), ("www.caixin.com/2020-11-27/123456.html", Some((2020, 11, 27))));
        assert!(host_is("a.b.caixin.com", "caixin.com") && !host_is("caixin.co", "caixin.com"));
        // A page suffix on something else than the id is part of the path.
        let b = article_url("https://www.caixinglobal.com/2020-11-27/a_1-123456.html").unwrap();
        assert_eq!(b.key, "www.caixinglobal.com/2020-11-27/a_1-123456.html");
        assert_eq!(article_url("https://caixin.com/2020-11-27/123456.html").unwrap().key, "caixin.com/2020-11-27/123456.html");
    }
}
