//! The orchestrator: page HTML + URL → `Page`. It parses once, picks the site's rules, runs the
//! site-neutral passes of `extract/` with them, merges what they found, and decides the page kind.
//!
//! `extract_saved` is the list of its stages, in order; each is one function here (the stages
//! from "own article" on are methods of `Reading`, which holds what the earlier ones produced):
//!
//! 1. **parse** (`parse`) — the size limit, the address given, markup nested too deep flattened
//!    (`extract::depth`), one html5ever parse.
//! 2. **metadata** (`Meta::read`, `address`) — `<title>`, lang, canonical, OpenGraph, JSON-LD
//!    (`extract::metadata`); the page's address when none was given; the site's rules (`Ctx`).
//! 3. **blocks** (`Reading::new`) — the visible text as blocks in reading order, each link
//!    resolved once (`extract::blocks`), and which elements are or hold a paid mark
//!    (`teasers::PaidMarks`). Which element holds which article link (`teasers::KeyMap`) is
//!    built when a later stage first asks.
//! 4. **own article** (`Reading::own_article`) — full stories found by their byline line
//!    (`extract::stories`); on a page with fewer than two, the page's own article from the first
//!    layer that reads it: the site's markup (`SiteRules::main_article`), JSON-LD, the generic
//!    reader (`extract::article`), completed from the metadata and the page bar. Its reader
//!    reads the related lists of the blocks it reads (its text, its related boxes), and says which
//!    blocks those are (index ranges, `block::within`); a list that runs past the text's element
//!    (its template closed the element inside the list) is read on to its end (`Parts::list_past`).
//! 5. **related** (`Reading::related`) — "相关阅读" / "Related articles" lists in the blocks the
//!    own article's reader did not read (a side box, a list under the text) are its related links,
//!    not entries. Each block is read for related links once: by the reader, or here.
//! 6. **teasers** (`Reading::teasers`) — list entries found by article-shaped links
//!    (`extract::teasers`), except links already cited (related, full story, the own article's
//!    translations) and blocks already read.
//! 7. **item lists** (`Reading::item_lists`) — the entries of JSON-LD `ItemList`s.
//! 8. **merge** (`Reading::merge`) — the page kind from what was found; one article per URL, each
//!    field the best of its appearances, in the order of their `Rank` (`merge`).
//! 9. **complete** (`Reading::complete`) — the own article's people, times, section, contacts,
//!    tags and translations, each from the highest source that states it (`extract::stated`:
//!    structured data, the site's own fields, labelled lines, heuristics); for every article its
//!    word count, the day its URL names and its `key` (once: nothing downstream recomputes them),
//!    the channel of its host when no label gave a section, and its people.
//! 10. **warnings** (`Reading::warnings`) — what the page did not give; with the warnings of the
//!     stages before (deep markup, the layer that read the page, sources that disagree).

mod merge;

pub use merge::combine_articles;

use rustc_hash::FxHashSet as HashSet;
use scraper::Html;

use crate::extract::article::{fill_from_meta, generic_main};
use crate::extract::blocks::{Block, Blocks};
use crate::extract::metadata::{self, Meta};
use crate::extract::rules::Ctx;
use crate::extract::stated::{self, Claims, Source};
use crate::extract::teasers::{KeyMap, PaidMarks};
use crate::extract::{
    byline, depth, furniture, identify_from_url, navigation, person, sections, stories, teasers, text, url, Candidate, Rank,
};
use crate::model::{Article, Page, PageInfo, PageKind, Role, Site, SCHEMA_ID};
use crate::sites;

/// Pages larger than this are refused with a message instead of tying up the sidebar. The one
/// limit on a page's size: the CLI's reads, the WARC reader and the sidebar's fetches use it.
pub const MAX_HTML_BYTES: usize = 32 * 1024 * 1024;
/// A stream needs this many stories to be a listing (one story at its own URL is an article).
const MIN_LISTING_STORIES: usize = 2;

/// Why a page could not be read at all. Everything short of these gives a `Page` (maybe empty,
/// with warnings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The page URL is not an absolute http(s) URL: links cannot be resolved against it.
    BadUrl(String),
    /// The HTML is larger than `MAX_HTML_BYTES`.
    TooLarge(usize),
    /// No address was given and the page states none (`extract_saved`).
    NoUrl,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::BadUrl(u) => write!(f, "the page URL {u:?} is not an http(s) URL; give the page's real address (CLI: --url https://…)"),
            Error::NoUrl => write!(f, "the page names no URL (no <link rel=canonical> or og:url): give its address (CLI: --url https://…)"),
            // Tenths by integer arithmetic: `{:.1}` of a float pulls the float formatter (~10 KB)
            // into the wasm for this one message.
            Error::TooLarge(n) => write!(
                f,
                "the page is {}.{} MB, more than the {} MB this tool reads; save a smaller page or a single article",
                (n + 50_000) / 1_000_000,
                (n + 50_000) / 100_000 % 10,
                MAX_HTML_BYTES / 1024 / 1024
            ),
        }
    }
}

impl std::error::Error for Error {}

/// Extracts the page. `page_url` is the address the HTML came from (used as given in `page.url`).
pub fn extract(html: &str, page_url: &str) -> Result<Page, Error> {
    extract_saved(html, Some(page_url))
}

/// `extract` for a saved page: without `page_url`, the address the page states for itself
/// (`<link rel=canonical>`, else `og:url`) is used. One parse either way. The stages are listed
/// in the module comment.
pub fn extract_saved(html: &str, page_url: Option<&str>) -> Result<Page, Error> {
    let (doc, deep_tags) = parse(html, page_url)?;
    // With the address given, the site's rules are known before the metadata is read, and the
    // paid marks are found in the same pass over the elements (one walk of the tree less).
    let (page_url, meta) = match page_url {
        Some(u) => (address(u.trim().to_string())?, None),
        None => {
            let meta = Meta::read(&doc);
            (address(meta.stated_url().ok_or(Error::NoUrl)?.to_string())?, Some(meta))
        }
    };
    let ctx = Ctx::new(&page_url, sites::SITES);
    let (meta, paid) = match meta {
        Some(meta) => (meta, PaidMarks::of(&doc, &ctx)),
        None => {
            let mut paid = PaidMarks::default();
            let meta = Meta::read_with(&doc, |e| paid.visit(e, &ctx));
            (meta, paid)
        }
    };
    // What the block walk writes beside the tree (texts and addresses that are not the tree's
    // own): freed at once with the page's other passes' data, not block by block.
    let arena = bumpalo::Bump::new();
    let mut r = Reading::new(&doc, &meta, &ctx, paid, deep_tags, &arena);
    r.own_article();
    r.related();
    r.teasers();
    r.item_lists();
    let (mut articles, kind) = r.merge();
    r.complete(&mut articles);
    let warnings = r.warnings(&articles);
    let rules = ctx.site;
    let title = meta.title.clone().or_else(|| meta.og_title.clone());
    let language = meta.lang.clone().or_else(|| url::host(&page_url).and_then(|h| rules.default_language(&h)).map(str::to_string));
    Ok(Page {
        schema: SCHEMA_ID.to_string(),
        page: PageInfo { url: page_url.clone(), site: rules.site(), kind, title, language },
        articles,
        warnings,
    })
}

/// Stage 1: the checks that refuse a page before any work, then one parse. Markup nested deeper
/// than any real page is flattened first (the parser's cost would grow with the square of the
/// depth); returns the tree and how many tags were too deep.
fn parse(html: &str, page_url: Option<&str>) -> Result<(Html, usize), Error> {
    if html.len() > MAX_HTML_BYTES {
        return Err(Error::TooLarge(html.len()));
    }
    if let Some(u) = page_url.filter(|u| url::host(u.trim()).is_none()) {
        return Err(Error::BadUrl(u.trim().to_string()));
    }
    let (flat, deep_tags) = depth::flatten(html, depth::MAX_DEPTH);
    Ok((Html::parse_document(&flat), deep_tags))
}

/// Stage 2: the page's address (as given, or as the page states it), with invisible and bidi
/// characters percent-encoded as in every other URL (`url::encode_invisible`).
fn address(u: String) -> Result<String, Error> {
    let u = url::encode_invisible(u);
    match url::host(&u) {
        Some(_) => Ok(u),
        None => Err(Error::BadUrl(u)),
    }
}

/// A page being read: what the stages so far produced (the module comment lists them).
struct Reading<'a> {
    doc: &'a Html,
    meta: &'a Meta,
    ctx: &'a Ctx<'a>,
    blocks: Vec<Block<'a>>,
    /// Built when first needed (`Reading::keys`): a page whose article links all stand in its
    /// stories needs it only for a story without a label of its own.
    keys: std::cell::OnceCell<KeyMap>,
    paid: PaidMarks,
    /// Every appearance of an article found so far, to be merged.
    candidates: Vec<Candidate>,
    /// The page's own article as its layer read it, before other mentions of it were merged in
    /// (`candidates[0]` while there is one).
    own: Option<(Article, Layer)>,
    /// What the page states of its own article beside its reader (settled in `complete`); its
    /// translations' links are known before the list entries are looked for.
    claims: Option<Claims>,
    /// The blocks the own article's reader read its text and furniture from (its related lists
    /// among them), as index ranges of `blocks`: the related stage reads the others.
    read: Vec<std::ops::Range<usize>>,
    stories: usize,
    teasers: usize,
    warnings: Vec<String>,
}

impl<'a> Reading<'a> {
    /// Stage 3: the block stream and the article links each element holds.
    fn new(doc: &'a Html, meta: &'a Meta, ctx: &'a Ctx<'a>, paid: PaidMarks, deep_tags: usize, arena: &'a bumpalo::Bump) -> Reading<'a> {
        let mut warnings = Vec::new();
        if deep_tags > 0 {
            warnings.push(format!(
                "the page nests its markup deeper than {} levels: {deep_tags} deeper tags were ignored (their text is kept)",
                depth::MAX_DEPTH
            ));
        }
        let blocks = Blocks::of(doc.root_element(), ctx, arena);
        Reading {
            doc,
            meta,
            ctx,
            blocks,
            keys: std::cell::OnceCell::new(),
            paid,
            candidates: Vec::new(),
            own: None,
            claims: None,
            read: Vec::new(),
            stories: 0,
            teasers: 0,
            warnings,
        }
    }

    /// Which article links each element holds (`teasers::KeyMap`), built on first use.
    fn keys(&self) -> &KeyMap {
        self.keys.get_or_init(|| KeyMap::build(self.doc, &self.blocks))
    }

    /// Stage 4: the full stories, and on a page with fewer than two the page's own article.
    fn own_article(&mut self) {
        let stories = stories::find(&self.blocks, self.ctx, || self.keys(), &self.paid);
        self.stories = stories.len();
        if self.stories < MIN_LISTING_STORIES {
            if let Some((a, layer, read)) = read_main(self.doc, self.meta, &self.blocks, self.ctx) {
                self.read = read;
                if layer != Layer::SiteMarkup && self.ctx.site.site() != Site::Other {
                    self.warnings.push(format!("the site's article markup was not found; the article was read from {}", layer.name()));
                }
                self.own = Some((a.clone(), layer));
                self.claims = Some(Claims::of_page(self.doc, self.meta, self.ctx));
                let mut a = a;
                identify_from_url(&mut a, self.ctx);
                self.candidates.push(Candidate { rank: Rank::OwnArticle, article: a, section_from_link: false, span: 0..0 });
            }
        }
        // (Moved whole when nothing came before: an article is large, and a page of stories
        // has no own article.)
        if self.candidates.is_empty() {
            self.candidates = stories;
        } else {
            self.candidates.extend(stories);
        }
    }

    /// Stage 5: "相关阅读" / "Related articles" lists elsewhere on the page join the own article's
    /// related links (they are not list entries of their own). The blocks its reader read (`read`:
    /// its text, its related boxes, a list in the text that runs past it) are passed over, so each
    /// block is read for related links once.
    fn related(&mut self) {
        let Some(c) = self.candidates.first_mut().filter(|_| self.own.is_some()) else { return };
        // The visible blocks, and where each is in the page.
        let (visible, at): (Vec<&Block<'_>>, Vec<usize>) =
            self.blocks.iter().enumerate().filter(|(_, b)| !b.hidden).map(|(k, b)| (b, k)).unzip();
        let mut i = 0;
        while i < visible.len() {
            // Over the blocks of a range the reader read (a few ranges: no sort, no index).
            if let Some(r) = self.read.iter().find(|r| r.contains(&at[i])) {
                i += at[i..].partition_point(|&k| k < r.end);
                continue;
            }
            match furniture::related_list(&visible, i) {
                Some((links, end)) => {
                    for l in links {
                        if !c.article.related.iter().any(|r| r.url == l.url) {
                            c.article.related.push(l);
                        }
                    }
                    i = end;
                }
                None => i += 1,
            }
        }
    }

    /// Stage 6: list entries. A link already given as an article's "Related:" or full-story link,
    /// or as the page's own article's translation, is not listed again as an entry of its own (it
    /// is in that article's `related` / `full_story_url` / `translations`); blocks a full story was
    /// read from hold no entries (a page whose article links all stand in its stories has none to
    /// look for).
    fn teasers(&mut self) {
        let ctx = self.ctx;
        let n = self.blocks.len();
        let mut is_covered = vec![false; n];
        for r in self.candidates.iter().map(|c| &c.span) {
            is_covered[r.start.min(n)..r.end.min(n)].fill(true);
        }
        // No article link outside the blocks full stories were read from: no entry to look for
        // (a page of stories only), and none of what follows to build.
        if !self.blocks.iter().zip(&is_covered).any(|(b, &c)| !c && b.links.iter().any(|l| l.url.is_some() && l.article.is_some())) {
            return;
        }
        // (Fx hashes: keys are page text, hashed once per link. Room for one key per candidate
        // from the start, instead of growing from nothing: a listing cites about one link each.)
        let room = self.candidates.len();
        let mut own: HashSet<&str> = HashSet::with_capacity_and_hasher(room, Default::default());
        own.extend(self.candidates.iter().filter_map(|c| c.article.key.as_deref()));
        let cited_urls: Vec<&str> = self
            .candidates
            .iter()
            .flat_map(|c| c.article.related.iter().filter_map(|r| r.url.as_deref()).chain(c.article.full_story_url.as_deref()))
            .chain(self.claims.iter().flat_map(|c| &c.translations).flat_map(|c| &c.value).map(|t| t.url.as_str()))
            .collect();
        let walked = walked_keys(&self.blocks, cited_urls.len());
        let mut cited: HashSet<String> = HashSet::with_capacity_and_hasher(room, Default::default());
        cited.extend(
            cited_urls
                .into_iter()
                .filter_map(|u| walked.get(u).map(|k| k.to_string()).or_else(|| ctx.article_url(u).map(|a| a.key)))
                .filter(|k| !own.contains(k.as_str())),
        );
        // The page's own article's paragraphs, as blocks: links in them are entries of their title
        // alone, and no entry around another link reaches into them. (A listing has no such
        // article: no block's text is hashed for it.)
        let main_body: HashSet<&str> =
            self.candidates.iter().filter(|c| c.article.role == Role::Main).flat_map(|c| &c.article.body).map(String::as_str).collect();
        let article_text: Vec<bool> =
            if main_body.is_empty() { Vec::new() } else { self.blocks.iter().map(|b| main_body.contains(b.text)).collect() };
        let found = teasers::find(&self.blocks, ctx, self.keys(), &self.paid, &cited, &is_covered, &article_text);
        self.teasers = found.len();
        self.candidates.extend(found);
    }

    /// Stage 7: the entries of the page's JSON-LD item lists, after everything the text shows.
    fn item_lists(&mut self) {
        let ctx = self.ctx;
        self.candidates.extend(metadata::ld_item_list(self.meta, ctx).into_iter().enumerate().map(|(i, mut a)| {
            identify_from_url(&mut a, ctx);
            Candidate { rank: Rank::ItemList(i), article: a, section_from_link: false, span: 0..0 }
        }));
    }

    /// Stage 8: the page kind from what was found (an article of its own, several stories or
    /// entries, one story), then one article per URL.
    fn merge(&mut self) -> (Vec<Article>, PageKind) {
        let kind = if self.own.is_some() {
            PageKind::Article
        } else if self.stories >= MIN_LISTING_STORIES || self.teasers >= 2 {
            PageKind::Listing
        } else if self.stories == 1 {
            self.candidates[0].article.role = Role::Main;
            PageKind::Article
        } else {
            PageKind::Unknown
        };
        if self.ctx.site.site() != Site::Other && kind == PageKind::Listing && self.stories == 0 && !self.ctx.site.known_listing(self.doc) {
            self.warnings.push("the site's list markup was not recognised; entries were found by their article links".to_string());
        }
        let articles = merge::merge(std::mem::take(&mut self.candidates));
        let kind = if kind == PageKind::Unknown && articles.len() >= 2 { PageKind::Listing } else { kind };
        (articles, kind)
    }

    /// Stage 9: the own article's statements settled, then what every article derives from its
    /// own fields.
    fn complete(&mut self, articles: &mut [Article]) {
        let ctx = self.ctx;
        if let (Some((read, layer)), Some(claims)) = (&self.own, self.claims.take()) {
            settle_main(articles, read, *layer, claims, ctx, &mut self.warnings);
        }
        for a in articles {
            a.word_count = text::word_count(&a.body);
            // The article's identity and day, once, from its URL: nothing downstream recomputes
            // them. The passes that read the URL set them already (`extract::identify`).
            if a.key.is_none() {
                identify_from_url(a, ctx);
            }
            // No label anywhere on the page: the channel the article's own host belongs to.
            if a.section.is_none() {
                a.section = a.url.as_deref().and_then(|u| sections::of_article_host(ctx, u)).map(str::to_string);
            }
            keep_people(a, ctx.site.vocabulary().credit_words);
        }
    }

    /// Stage 10: the warnings of the stages before, and what the page did not give.
    fn warnings(self, articles: &[Article]) -> Vec<String> {
        let mut warnings = self.warnings;
        describe_gaps(articles, self.ctx.site.site(), &mut warnings);
        warnings
    }
}

/// The article key of each article link the block walk resolved, by its URL (`BlockLink::article`
/// was read from that URL then): the teasers stage looks its cited links up here instead of
/// reading their URLs again. Empty when there is nothing to look up.
fn walked_keys<'b>(blocks: &[Block<'b>], lookups: usize) -> rustc_hash::FxHashMap<&'b str, &'b str> {
    let mut keys = rustc_hash::FxHashMap::default();
    if lookups == 0 {
        return keys;
    }
    for l in blocks.iter().flat_map(|b| b.links) {
        if let (Some(u), Some(a)) = (l.url, &l.article) {
            keys.entry(u).or_insert(a.key);
        }
    }
    keys
}

/// Authors and contacts are people (`person::is_person`), on every layer; a byline that names
/// nobody and reads as no byline (a counter, "评论(0)") is no byline.
fn keep_people(a: &mut Article, credits: &[&str]) {
    a.authors = person::people(std::mem::take(&mut a.authors), credits);
    a.contacts.retain(|c| person::is_person(&c.name, credits));
    if a.authors.is_empty() && a.byline.as_deref().is_some_and(|b| byline::read(b, credits).doubtful) {
        a.byline = None;
    }
}

/// Which layer read the page's own article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    /// The site's article markup (`SiteRules::main_article`).
    SiteMarkup,
    /// JSON-LD.
    JsonLd,
    /// The generic reader (`extract::article::generic_main`).
    TextPatterns,
}

impl Layer {
    /// For the warning that says which layer read the page.
    fn name(self) -> &'static str {
        match self {
            Layer::SiteMarkup => "site markup",
            Layer::JsonLd => "embedded metadata (JSON-LD)",
            Layer::TextPatterns => "text patterns",
        }
    }

    /// The rank of what this layer states (`extract::stated`): the site's markup reads its labelled
    /// lines; the generic reader guesses from the layout.
    fn source(self) -> Source {
        match self {
            Layer::SiteMarkup => Source::Labelled,
            Layer::JsonLd => Source::Structured,
            Layer::TextPatterns => Source::Heuristic,
        }
    }
}

/// The page's own article, from the first layer that finds it: the site's markup, JSON-LD, the
/// generic reader; completed from the page metadata, and from its page bar (a multi-page
/// article is cut, and its one-page version is its full story). With the blocks its layer read
/// (none for JSON-LD).
fn read_main(doc: &Html, meta: &Meta, blocks: &[Block<'_>], ctx: &Ctx<'_>) -> Option<(Article, Layer, Vec<std::ops::Range<usize>>)> {
    let (mut a, layer, read) = if let Some((a, read)) = ctx.site.main_article(doc, meta, blocks, ctx) {
        (a, Layer::SiteMarkup, read)
    } else if let Some(v) = meta.ld_article() {
        (metadata::article_from_ld(v, ctx), Layer::JsonLd, Vec::new())
    } else {
        let (a, read) = generic_main(doc, meta, blocks, ctx)?;
        (a, Layer::TextPatterns, read)
    };
    fill_from_meta(&mut a, meta, ctx);
    let bar = navigation::page_bar(doc, ctx);
    if bar.more {
        a.truncated = true;
    }
    if a.full_story_url.is_none() {
        a.full_story_url = bar.whole;
    }
    Some((a, layer, read))
}

impl Claims {
    /// What the page states of its own article beside its reader: the metadata, and the site's
    /// own fields (`SiteRules::stated`).
    fn of_page(doc: &Html, meta: &Meta, ctx: &Ctx<'_>) -> Claims {
        let mut c = metadata::claims(meta, ctx);
        c.extend(ctx.site.stated(doc, meta, ctx));
        c
    }
}

/// The page's own article's people, time, section, contacts and tags, each from the highest
/// source that states it (`extract::stated`): `page` (the metadata, the site's fields), what its
/// layer read (`read`), what other mentions of it on the page added, and the channel its address
/// names.
fn settle_main(articles: &mut [Article], read: &Article, layer: Layer, mut claims: Claims, ctx: &Ctx<'_>, warnings: &mut Vec<String>) {
    let Some(i) = articles.iter().position(|a| a.role == Role::Main) else { return };
    let credits = ctx.site.vocabulary().credit_words;
    claims.read_from(read, layer.source(), None, credits);
    claims.read_from(&articles[i], Source::Heuristic, Some(read), credits);
    let channel = articles[i].url.as_deref().and_then(|u| sections::of_article_host(ctx, u)).map(str::to_string);
    claims.section(Source::Heuristic, "the channel its address names", channel);
    let label = format!("article {} (“{}”)", i + 1, articles[i].title.as_deref().map(|t| text::truncate_chars(t, 40)).unwrap_or_default());
    stated::settle(&mut articles[i], &claims, &label, warnings);
}

/// A list entry completed from its article's own page (fetched by the sidebar's "Fetch full
/// articles"): the page's article gives the body, pictures, related links, contacts, authors and
/// time it shows, field by field as `combine_articles` weighs them; the entry keeps its place
/// and role on its list, and its URL as linked there. `None` when the page has no article of its
/// own (a listing, an error page).
pub fn with_article_page(entry: &Article, page: &Page) -> Option<Article> {
    page.articles.iter().find(|a| a.role == Role::Main).map(|own| complete_entry(entry, own))
}

/// A list entry completed from `own`, the article of its own page, as `with_article_page` does
/// (the sidebar holds the fetched article, not its page).
pub fn complete_entry(entry: &Article, own: &Article) -> Article {
    let mut out = combine_articles(entry.clone(), own.clone());
    out.role = entry.role;
    out.url = entry.url.clone().or(out.url);
    out.key = entry.key.clone().or(out.key);
    out.word_count = text::word_count(&out.body);
    out
}

/// Warnings the reader should see: what the page did not give.
fn describe_gaps(articles: &[Article], site: Site, warnings: &mut Vec<String>) {
    if articles.is_empty() {
        warnings.push(match site {
            Site::Other => "no articles found: this does not look like a Caixin page".to_string(),
            _ => "no articles found on this page".to_string(),
        });
        return;
    }
    if site == Site::Other {
        warnings.push("not a Caixin page: read with the generic passes only".to_string());
    }
    for (i, a) in articles.iter().enumerate().filter(|(_, a)| a.role != Role::Teaser) {
        // (Cut short only for a warning: most articles need none.)
        let label = || a.title.as_deref().map(|t| text::truncate_chars(t, 40)).unwrap_or_default();
        if a.published.is_none() {
            warnings.push(format!("article {} (“{}”): no date found", i + 1, label()));
        }
        if a.title.is_none() {
            warnings.push(format!("article {}: no title found", i + 1));
        }
        // Only when the text is in fact cut: a paid article a subscriber reads whole is not.
        if a.truncated {
            let label = label();
            warnings.push(match (&a.full_story_url, a.paywalled) {
                (Some(whole), _) => format!(
                    "article {} (“{label}”): the text goes on over several pages; only this one was read (the whole text: {whole})",
                    i + 1
                ),
                (None, true) => format!("article {} (“{label}”): paywalled, only the visible part was read", i + 1),
                (None, false) => format!("article {} (“{label}”): only part of the text is shown", i + 1),
            });
        }
    }
    let undated = articles.iter().filter(|a| a.role == Role::Teaser && a.published.is_none()).count();
    let teasers = articles.iter().filter(|a| a.role == Role::Teaser).count();
    if undated > 0 {
        warnings.push(format!("{undated} of {teasers} list entries show no date"));
    }
}
