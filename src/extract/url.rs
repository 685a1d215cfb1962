//! URL handling without the `url` crate: its IDNA tables would roughly double the wasm, and we only
//! need to resolve hrefs against an http(s) page URL and to recognise Caixin article paths.

/// Article paths. Caixin Global: `/YYYY-MM-DD/<slug>-<9 digits>.html`; caixin.com:
/// `/YYYY-MM-DD/<id>.html`, pages `_<n>.html`, mobile `/m/…`. Other hosts using the same shape are
/// accepted too (mirrors, new channels): the date-and-id path is what several independent
/// scrapers key on. Hand-written rather than a regex: it runs for every link on the page and was
/// half of the extraction time as a regex-lite pattern.
/// Returns (year, month, day, id).
fn article_path(path: &str) -> Option<(i32, u32, u32, &str)> {
    let p = path.strip_prefix("/m").filter(|r| r.starts_with('/')).unwrap_or(path);
    let b = p.as_bytes();
    if b.len() < 13 || b[0] != b'/' || b[5] != b'-' || b[8] != b'-' || b[11] != b'/' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| b[r.clone()].iter().all(u8::is_ascii_digit).then(|| &p[r]);
    let (y, m, d) = (digits(1..5)?.parse().ok()?, digits(6..8)?.parse().ok()?, digits(9..11)?.parse().ok()?);
    let file = &p[12..];
    let stem = file.strip_suffix(".html").or_else(|| file.strip_suffix(".htm"))?;
    if stem.contains('/') || !stem.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_') {
        return None;
    }
    // `_<n>` page suffix.
    let stem = match stem.rsplit_once('_') {
        Some((head, n)) if !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()) => head,
        _ => stem,
    };
    let id_start = stem.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
    let id = &stem[id_start..];
    if id.len() < 6 || (id_start > 0 && !stem[..id_start].ends_with('-')) {
        return None;
    }
    Some((y, m, d, id))
}

/// caixin.com blogs: `https://<name>.blog.caixin.com/archives/<n>`.
fn blog_post(path: &str) -> Option<&str> {
    let n = path.strip_prefix("/archives/")?.trim_end_matches('/');
    (!n.is_empty() && n.bytes().all(|c| c.is_ascii_digit())).then_some(n)
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
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let end_host = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end_host];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host);
    if host.is_empty() {
        return None;
    }
    let after = &rest[end_host..];
    let path_end = after.find(['?', '#']).unwrap_or(after.len());
    let path = &after[..path_end];
    Some(Parsed { scheme, authority, host, path: if path.is_empty() { "/" } else { path } })
}

pub fn is_http(url: &str) -> bool {
    parse(url).is_some()
}

/// Resolves `href` against the absolute `base`; returns only http(s) URLs, without the fragment.
/// `javascript:`, `mailto:`, `data:` and the like give `None`.
pub fn resolve(base: &str, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let href = href.split('#').next().unwrap_or(href);
    let resolved = if let Some((scheme, _)) = href.split_once(':').filter(|(s, _)| is_scheme(s)) {
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return None;
        }
        href.to_string()
    } else {
        let b = parse(base)?;
        let origin = format!("{}://{}", b.scheme, b.authority);
        if let Some(rest) = href.strip_prefix("//") {
            format!("{}://{}", b.scheme, rest)
        } else if href.starts_with('/') {
            format!("{origin}{}", remove_dot_segments(href))
        } else if href.starts_with('?') {
            format!("{origin}{}{href}", b.path)
        } else {
            let dir = &b.path[..b.path.rfind('/').map(|i| i + 1).unwrap_or(0)];
            let dir = if dir.is_empty() { "/" } else { dir };
            format!("{origin}{}", remove_dot_segments(&format!("{dir}{href}")))
        }
    };
    let p = parse(&resolved)?;
    // Caixin's hosts all serve https; old pages still link with http. Upgrade, so that the sidebar
    // never opens a plain-http page and the same story has one URL wherever it was linked from.
    if p.scheme.eq_ignore_ascii_case("http") && is_caixin_host(&p.host.to_ascii_lowercase()) {
        return Some(format!("https{}", &resolved[4..]));
    }
    Some(resolved)
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
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

/// What an article URL tells: its key for de-duplication, Caixin's numeric id and its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleUrl {
    /// host + path, lower-case host, no scheme/query: the same story over http and https, with or
    /// without `?cxapp_link=true`, is one article.
    pub key: String,
    pub id: Option<String>,
    /// `YYYY-MM-DD` from the path.
    pub date: Option<(i32, u32, u32)>,
}

/// Recognises an article URL (see `ARTICLE_PATH`, `BLOG_PATH`).
pub fn article_url(url: &str) -> Option<ArticleUrl> {
    let p = parse(url)?;
    let host = p.host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").map(|h| format!("www.{h}")).unwrap_or(host);
    if let Some((y, m, d, id)) = article_path(p.path) {
        // Pages `_2.html` and the mobile `/m/` copy are the same article.
        let path = p.path.strip_prefix("/m/").map(|s| format!("/{s}")).unwrap_or_else(|| p.path.to_string());
        let path = match path.rfind('_') {
            Some(i) if path[..i].ends_with(id) => format!("{}.html", &path[..i]),
            _ => path,
        };
        return Some(ArticleUrl { key: format!("{host}{path}"), id: Some(id.to_string()), date: Some((y, m, d)) });
    }
    if host.ends_with(".blog.caixin.com") {
        if let Some(n) = blog_post(p.path) {
            return Some(ArticleUrl { key: format!("{host}/archives/{n}"), id: Some(n.to_string()), date: None });
        }
    }
    None
}

/// caixin.com's mobile copy `/m/YYYY-MM-DD/…` is the same article as `/YYYY-MM-DD/…`: give the
/// desktop address (the sidebar runs on desktop browsers).
pub fn canonical_article(u: &str) -> String {
    if !u.contains("/m/") {
        return u.to_string();
    }
    match parse(u) {
        Some(p) if is_caixin_host(&p.host.to_ascii_lowercase()) && p.path.starts_with("/m/") && article_url(u).is_some() => {
            let at = u.find("/m/").unwrap_or(0);
            format!("{}{}", &u[..at], &u[at + 2..])
        }
        _ => u.to_string(),
    }
}

pub fn is_caixin_host(host: &str) -> bool {
    host_is(host, "caixin.com") || host_is(host, "caixinglobal.com")
}

pub fn host(url: &str) -> Option<String> {
    parse(url).map(|p| p.host.to_ascii_lowercase())
}

/// `true` for `caixin.com` and its subdomains (not `notcaixin.com`).
pub fn host_is(host: &str, domain: &str) -> bool {
    host == domain || host.ends_with(&format!(".{domain}"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            resolve(BASE, "http://finance.caixin.com/2020-04-10/101540879.html").as_deref(),
            Some("https://finance.caixin.com/2020-04-10/101540879.html")
        );
        assert_eq!(resolve(BASE, "http://example.com/a").as_deref(), Some("http://example.com/a"));
    }

    #[test]
    fn refuses_non_http_links() {
        for href in ["javascript:void(0)", "mailto:a@b.c", "data:text/html,hi", "#top", "", "  ", "JavaScript:alert(1)"] {
            assert_eq!(resolve(BASE, href), None, "{href}");
        }
        assert_eq!(resolve("file:///tmp/x.html", "a.html"), None);
    }

    #[test]
    fn recognises_article_urls_of_both_sites() {
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
        let mobile = article_url("https://weekly.caixin.com/m/2026-07-31/102469828.html").unwrap();
        assert_eq!(mobile.key, "weekly.caixin.com/2026-07-31/102469828.html");
        assert_eq!(
            canonical_article("https://weekly.caixin.com/m/2026-07-31/102469828.html"),
            "https://weekly.caixin.com/2026-07-31/102469828.html"
        );
        assert_eq!(article_url("https://tangya.blog.caixin.com/archives/287966").unwrap().id.as_deref(), Some("287966"));
        for not in
            ["https://www.caixin.com/tech/", "https://weekly.caixin.com/2026/cw1217/", "https://www.caixinglobal.com/live/", "mailto:x@y"]
        {
            assert!(article_url(not).is_none(), "{not}");
        }
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
    fn only_caixin_hosts_are_upgraded_to_https() {
        assert_eq!(resolve(BASE, "http://WWW.CAIXIN.COM/x").as_deref(), Some("https://WWW.CAIXIN.COM/x"));
        assert_eq!(resolve(BASE, "http://caixinglobal.com/x").as_deref(), Some("https://caixinglobal.com/x"));
        assert_eq!(resolve(BASE, "http://notcaixin.com/x").as_deref(), Some("http://notcaixin.com/x"));
        assert_eq!(resolve(BASE, "https://caixin.com/x").as_deref(), Some("https://caixin.com/x"));
        assert_eq!(resolve("http://www.caixin.com/a/", "b").as_deref(), Some("https://www.caixin.com/a/b"), "a relative link too");
        assert!(is_caixin_host("caixin.com") && is_caixin_host("m.caixin.com") && is_caixin_host("www.caixinglobal.com"));
        assert!(!is_caixin_host("caixin.com.evil.net") && !is_caixin_host("xcaixin.com") && !is_caixin_host(""));
        assert!(host_is("a.b.caixin.com", "caixin.com") && !host_is("caixin.co", "caixin.com"));
    }

    #[test]
    fn article_paths_at_their_edges() {
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
        let a = article_url("https://WWW.Caixin.com/m/2020-11-27/123456_3.html?x=1").unwrap();
        assert_eq!((a.key.as_str(), a.date), ("www.caixin.com/2020-11-27/123456.html", Some((2020, 11, 27))));
        // A page suffix on something else than the id is part of the path.
        let b = article_url("https://www.caixinglobal.com/2020-11-27/a_1-123456.html").unwrap();
        assert_eq!(b.key, "www.caixinglobal.com/2020-11-27/a_1-123456.html");
        assert_eq!(article_url("https://caixin.com/2020-11-27/123456.html").unwrap().key, "caixin.com/2020-11-27/123456.html");
    }

    #[test]
    fn blog_posts_of_caixin_columnists_only() {
        let a = article_url("https://TangYa.blog.caixin.com/archives/287966/").unwrap();
        assert_eq!((a.key.as_str(), a.id.as_deref(), a.date), ("tangya.blog.caixin.com/archives/287966", Some("287966"), None));
        for not in [
            "https://tangya.blog.caixin.com/archives/",
            "https://tangya.blog.caixin.com/archives/28x",
            "https://tangya.blog.caixin.com/posts/287966",
            "https://blog.caixin.com/archives/287966",
            "https://tangya.blog.example.com/archives/287966",
        ] {
            assert_eq!(article_url(not), None, "{not}");
        }
    }

    #[test]
    fn mobile_copies_become_the_desktop_address_on_caixin_only() {
        let m = "https://m.caixin.com/m/2026-07-31/102469828.html?p=1";
        assert_eq!(canonical_article(m), "https://m.caixin.com/2026-07-31/102469828.html?p=1");
        for same in [
            "https://example.com/m/2026-07-31/102469828.html",
            "https://www.caixin.com/m/news/",
            "https://www.caixin.com/search/?q=/m/2026-07-31/102469828.html",
            "https://www.caixin.com/2026-07-31/102469828.html",
            "not a url /m/",
        ] {
            assert_eq!(canonical_article(same), same);
        }
    }
}
