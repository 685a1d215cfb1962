//! Caixin Chinese: `www.caixin.com` and its channel subdomains (`finance.`, `companies.`, `weekly.`,
//! `en.`, …).
//!
//! URLs: articles `https://<channel>.caixin.com/YYYY-MM-DD/<id>.html` (pages `_<n>.html`, mobile
//! `/m/…`); lists on channel home pages. Page kinds: article, listing.
//! Fixtures: `tests/fixtures/caixin-cn/*` (real pages recorded 2026-08, text redacted).
//! Markup relied on (seen in served HTML 2026-08; before 2018, from scrapers of the time: a plain
//! `h1` over `.artInfo`, text in `.textbox`): article `#conTit h1` (with `em.icon_key` when
//! paid), the hidden SEO block `#pubtime_baidu` / `#author_baidu` / `#editor_baidu` (the site's
//! own fields: `stated`), `#artInfo` (`.top-author`, `发布于 … 更新于 …`, or a weekly's
//! `来源于 《财新周刊》 DATE第NN期`), `#subhead`, `dl.media_pic`, `#Main_Content_Val p`,
//! `#chargeWall`, `.pip_rel dd a` (`.pip_rel_en`: the English version), `.idetor`, `#pageNext`.
//! A subscriber's DOM after the site's scripts (2026) adds a listen button, an AI question box
//! (Vue `data-v-*`), a login line and a hidden subscribe button: the vocabulary below keeps them
//! out. List entries are left to the generic link pass (it finds `.boxa`, `dl > dd` entries by
//! structure). Body text is data: the AI-summary notes (`.aitt`, `.dialog_desc`) are kept out.

use scraper::{ElementRef, Html};
use std::ops::Range;

use crate::extract::block::{within, Block};
use crate::extract::blocks::{shown_text, text_of};
use crate::extract::dom::{image_src, is_hidden, is_picture};
use crate::extract::metadata::Meta;
use crate::extract::query::Select;
use crate::extract::rules::{Ctx, SiteRules, Vocabulary};
use crate::extract::sections::Section;
use crate::extract::stated::{Claim, Claims, Source, Time};
use crate::extract::text::non_empty;
use crate::extract::url::UrlRules;
use crate::extract::{byline, dates, furniture, teasers, teasers_date_line, url};
use crate::model::{Article, Image, Link, Role, Site, Translation};
use crate::sel;

/// caixin.com and its channels.
pub struct CaixinCn;

impl UrlRules for CaixinCn {
    /// The mobile copy `/m/YYYY-MM-DD/…` is the article at `/YYYY-MM-DD/…`.
    fn desktop_path<'a>(&self, path: &'a str) -> Option<&'a str> {
        path.strip_prefix("/m").filter(|r| r.starts_with('/'))
    }

    /// Blog posts: `https://<name>.blog.caixin.com/archives/<n>`.
    fn other_article<'a>(&self, host: &str, path: &'a str) -> Option<&'a str> {
        let n = path.strip_prefix("/archives/")?.trim_end_matches('/');
        (host.ends_with(".blog.caixin.com") && !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit())).then_some(n)
    }
}

impl SiteRules for CaixinCn {
    fn site(&self) -> Site {
        Site::CaixinCn
    }

    fn matches(&self, host: &str) -> bool {
        url::host_is(host, "caixin.com")
    }

    fn default_language(&self, host: &str) -> Option<&'static str> {
        Some(if host.starts_with("en.") { "en" } else { "zh" })
    }

    fn serves_https(&self) -> bool {
        true
    }

    fn is_author_link(&self, host: &str, _path: &str) -> bool {
        host.ends_with(".blog.caixin.com")
    }

    fn vocabulary(&self) -> &'static Vocabulary {
        &VOCABULARY
    }

    fn stated(&self, doc: &Html, meta: &Meta, ctx: &Ctx<'_>) -> Claims {
        stated(doc, meta, ctx)
    }

    fn sections(&self) -> &'static [Section] {
        SECTIONS
    }

    fn publisher(&self, lang: Option<&str>) -> Option<(&'static str, &'static str)> {
        Some(if lang == Some("en") { ("Caixin", "Caixin Media") } else { ("财新网", "财新传媒") })
    }

    fn main_article(&self, doc: &Html, meta: &Meta, blocks: &[Block<'_>], ctx: &Ctx<'_>) -> Option<(Article, Vec<Range<usize>>)> {
        main_article(doc, meta, blocks, ctx)
    }

    fn known_listing(&self, doc: &Html) -> bool {
        doc.query(sel!("#listArticle, .ywListCon .boxa, .stitXtuwen_list, .news_list")).next().is_some()
    }
}

/// caixin.com's own words and classes.
static VOCABULARY: Vocabulary = Vocabulary {
    // The publisher's name, and columns that stand before the reporter in bylines.
    credit_words: &[
        "财新",
        "财新网",
        "财新记者",
        "财新周刊",
        "世界说",
        "人事观察",
        "火线评论",
        "天下事",
        "旁观中国",
        "财新名家",
        "意见领袖",
        "社评",
    ],
    // `<em class="icon_key" title="收费文章">`, a "收费" label on lists.
    paid_words: &["收费", "收费文章"],
    // "本文为《财新周刊》收费文章，请订阅后阅读全文。"
    paywall_phrases: &["收费文章"],
    // The template's subscribe button of a reader who may read on: "本文共计0字 订阅后继续阅读".
    nothing_left: &["本文共计0字"],
    // The page bar's link to the whole text on one page (`?p0`).
    whole_text: &["余下全文"],
    // The listen button, the share buttons.
    ui_words: &["听报道", "分享到新浪微博", "分享到微信朋友圈", "订阅电邮"],
    // The logged-in reader's line at the top.
    ui_prefixes: &["当前登录账号"],
    // The page bar's chapter list, the listen button, the AI question box, the subscribe button.
    ui_classes: &["pageNav", "pc-aivoice", "hot_questions", "cost-uibtn"],
    ui_ids: &["pageNext", "pageBtn", "questions_container", "showLoginId"],
    // Widgets the site's Vue scripts draw (the AI question box, the listen button): its articles
    // are served as HTML, never drawn by a script.
    ui_attr_prefixes: &["data-v-"],
    // The box linking the article's Caixin Global English version, beside `相关报道`.
    translation_boxes: &[("英文报道", "en")],
    ..Vocabulary::NONE
};

/// What caixin.com says of its article in fields of its own (`extract::stated`).
const FROM_AUTHOR_FIELD: &str = "the site's author field";
const FROM_TIME_FIELD: &str = "the site's time field";
const FROM_EDITOR_FIELD: &str = "the site's editor field";
const FROM_TITLE: &str = "the channel in the page title";
const FROM_INFO_LINE: &str = "the info line";
const FROM_ENGLISH_BOX: &str = "the English report box";
/// A paid article whose visible text is shorter than this, over the paywall box, is cut (the
/// served HTML holds only the first paragraphs; a subscriber's DOM holds the whole text).
const SHORT_BODY_CHARS: usize = 500;

/// The site's own fields: the hidden SEO block (`#author_baidu` "作者：A,B,C", `#pubtime_baidu`
/// with seconds, `#editor_baidu`), the channel of the page title ("X_金融频道_财新网"), the info
/// line's `更新于 …`, the English version's box.
fn stated(doc: &Html, meta: &Meta, ctx: &Ctx<'_>) -> Claims {
    let credits = VOCABULARY.credit_words;
    let mut c = Claims::default();
    // The hidden SEO block, in one pass over the page.
    for field in doc.query(sel!("#author_baidu, #pubtime_baidu, #editor_baidu")) {
        let Some(t) = non_empty(&text_of(field)) else { continue };
        match field.value().id() {
            Some("author_baidu") if c.people.is_empty() => c.byline(Source::SiteField, FROM_AUTHOR_FIELD, &t, false, credits),
            Some("pubtime_baidu") if c.published.is_empty() => c.time(Source::SiteField, FROM_TIME_FIELD, &t, false, ctx.url_date),
            Some("editor_baidu") if c.contacts.is_empty() => {
                c.contacts(Source::SiteField, FROM_EDITOR_FIELD, furniture::contacts(&t, &[], &VOCABULARY), credits)
            }
            _ => {}
        }
    }
    c.section(Source::SiteField, FROM_TITLE, meta.title.as_deref().and_then(section_from_title));
    // "发布于 2026年03月11日 19:08 更新于 2026年03月12日 07:47": the update, for `updated`.
    if let Some(info) = doc.query(sel!("#artInfo, .artInfo")).next() {
        let t = shown_text(info, &VOCABULARY);
        if let Some(f) = t.find("更新于").and_then(|i| dates::find(&t[i..], ctx.url_date).map(|f| (i, f))) {
            let (at, found) = f;
            if let Some(rfc3339) = found.rfc3339.clone() {
                let value = Time { rfc3339, text: Some(found.text(&t[at..]).to_string()), shown: true };
                c.updated.push(Claim { source: Source::Labelled, from: FROM_INFO_LINE, value });
            }
        }
    }
    for (rel, lang) in doc.query(sel!(".pip_rel")).filter_map(|r| translation_box(r).map(|l| (r, l))) {
        let links: Vec<Translation> = rel
            .query(sel!("dd a[href]"))
            .filter_map(|l| {
                let url = l.attr("href").and_then(|h| ctx.resolve(h))?;
                Some(Translation { lang: lang.to_string(), url, title: non_empty(&text_of(l)) })
            })
            .collect();
        if !links.is_empty() {
            c.translations.push(Claim { source: Source::SiteField, from: FROM_ENGLISH_BOX, value: links });
        }
    }
    c
}

/// The language of a `.pip_rel` box that links the article in another language: `<dt>英文报道</dt>`
/// (the vocabulary's `translation_boxes`), or the class `pip_rel_en` alone. Not related reading.
fn translation_box(rel: ElementRef<'_>) -> Option<&'static str> {
    let heading = rel.query(sel!("dt")).next().map(text_of);
    let by_heading = VOCABULARY.translation_boxes.iter().find(|(h, _)| heading.as_deref() == Some(*h)).map(|(_, l)| *l);
    by_heading.or_else(|| crate::extract::dom::classes(rel.value()).any(|c| c == "pip_rel_en").then_some("en"))
}

/// Channels (subdomains) and the section pages of www.caixin.com, as the site's navigation names
/// them (2018 navigation; the www.caixin.com/<name>/ pages from later years).
static SECTIONS: &[Section] = &[
    Section { name: "经济", aliases: &[], paths: &["/economy/"], hosts: &["economy."] },
    Section { name: "金融", aliases: &[], paths: &["/finance/"], hosts: &["finance."] },
    Section { name: "公司", aliases: &[], paths: &["/companies/"], hosts: &["companies."] },
    Section { name: "政经", aliases: &[], paths: &["/china/"], hosts: &["china."] },
    Section { name: "世界", aliases: &["国际"], paths: &["/international/"], hosts: &["international."] },
    Section { name: "观点", aliases: &["观点网"], paths: &["/opinion/"], hosts: &["opinion."] },
    Section { name: "文化", aliases: &[], paths: &["/culture/"], hosts: &["culture."] },
    Section { name: "财新周刊", aliases: &["周刊"], paths: &["/weekly/"], hosts: &["weekly."] },
    Section { name: "图片", aliases: &[], paths: &["/photos/"], hosts: &["photos."] },
    Section { name: "视频", aliases: &[], paths: &["/video/"], hosts: &["video."] },
    Section { name: "数字说", aliases: &[], paths: &["/datanews/"], hosts: &["datanews."] },
    Section { name: "专题", aliases: &[], paths: &[], hosts: &["topics."] },
    Section { name: "环科", aliases: &[], paths: &["/science/"], hosts: &["science."] },
    Section { name: "运动家", aliases: &[], paths: &[], hosts: &["sports."] },
    Section { name: "财新mini+", aliases: &[], paths: &[], hosts: &["mini."] },
    Section { name: "科技", aliases: &[], paths: &["/tech/"], hosts: &[] },
    Section { name: "汽车", aliases: &[], paths: &["/auto/"], hosts: &[] },
    Section { name: "消费", aliases: &[], paths: &["/consumer/"], hosts: &[] },
    Section { name: "能源", aliases: &[], paths: &["/energy/"], hosts: &[] },
    Section { name: "地产", aliases: &["房地产"], paths: &["/property/"], hosts: &[] },
    Section { name: "健康", aliases: &[], paths: &["/health/"], hosts: &[] },
    Section { name: "民生", aliases: &[], paths: &["/livelihood/"], hosts: &[] },
    Section { name: "ESG", aliases: &[], paths: &["/esg/"], hosts: &[] },
];

/// Classes of text Caixin injects for AI summarisers; never body text.
const NOT_BODY: &str = ".aitt, .dialog_desc";

/// The article, and the ranges of `blocks` it read: its text box (with a related list that runs
/// past it) and its related boxes.
fn main_article(doc: &Html, meta: &Meta, blocks: &[Block<'_>], ctx: &Ctx<'_>) -> Option<(Article, Vec<Range<usize>>)> {
    // 2018 on: `#conTit h1`. The older templates (2015–2017) put a plain `h1` over `.artInfo`
    // ("2015年06月12日 09:33 来源于 财新网") and the text in `#Main_Content_Val` / `.textbox`.
    // Their date line (`.artInfo`) or text (`#Main_Content_Val`) marks an article page; a
    // `.textbox` alone does not (it is also a search field's class).
    let h1 = doc
        .query(sel!("#conTit h1, #the_content h1"))
        .next()
        .or_else(|| doc.query(sel!(".artInfo, #artInfo, #Main_Content_Val")).next().and_then(|_| doc.query(sel!("h1")).next()))?;
    let page_url = meta.stated_url().and_then(|u| ctx.resolve(u)).unwrap_or_else(|| ctx.base.to_string());
    let au = ctx.article_url(&page_url).or_else(|| ctx.article_url(ctx.base));
    let url_date = au.as_ref().and_then(|a| a.date);
    let first_text = |q: &'static crate::extract::query::Query| doc.query(q).next().map(text_of).and_then(|t| non_empty(&t));

    let mut a = Article { role: Role::Main, id: au.as_ref().and_then(|u| u.id.clone()), url: Some(page_url.clone()), ..Article::default() };
    a.title = non_empty(&text_of(h1));
    let credits = VOCABULARY.credit_words;

    // The info line as a reader sees it: "文｜财新 韩宇航 2026年08月06日 22:10", "文｜财新 NAME 发自香港
    // 发布于 DATE 更新于 DATE", a weekly's "来源于 《财新周刊》 DATE第NN期" (an issue's date, no
    // publication time: `date_line` says so). The hidden SEO block's fields are `stated`.
    if let Some(info) = doc.query(sel!("#artInfo, .artInfo")).next().map(|i| shown_text(i, &VOCABULARY)).filter(|t| !t.is_empty()) {
        if let Some((names, found, _)) = teasers_date_line(&info, url_date) {
            a.published_text = Some(found.text(&info).to_string());
            a.published = found.rfc3339.clone();
            a.byline = names.filter(|n| !byline::authors(n, credits).is_empty());
        }
    }
    a.summary = first_text(sel!("#subhead, .subhead")).or_else(|| meta.description.clone());

    for pic in doc.query(sel!("dl.media_pic")) {
        let Some(src) =
            pic.query(sel!("img")).next().filter(|i| is_picture(i.value())).and_then(|i| image_src(i.value())).and_then(|s| ctx.resolve(s))
        else {
            continue;
        };
        let (caption, credit) = pic.query(sel!("dd")).next().map(|dd| furniture::caption_and_credit(&text_of(dd))).unwrap_or((None, None));
        a.images.push(Image { url: src, caption, credit });
    }

    // The related boxes first (the links a list in the text repeats are kept once).
    let boxes: Vec<ElementRef<'_>> = doc.query(sel!(".pip_rel")).filter(|r| translation_box(*r).is_none()).collect();
    a.related = boxes
        .iter()
        .flat_map(|r| r.query(sel!("dd a[href]")))
        .filter_map(|l| Some(Link { title: non_empty(&text_of(l))?, url: l.attr("href").and_then(|h| ctx.resolve(h)) }))
        .collect();
    let mut read: Vec<Range<usize>> = boxes.iter().map(|r| within(blocks, *r)).collect();
    if let Some(content) = doc.query(sel!("#Main_Content_Val")).next().or_else(|| doc.query(sel!(".textbox")).next()) {
        let not_body: Vec<ElementRef<'_>> = content.query(sel!(NOT_BODY)).collect();
        let text = within(blocks, content);
        let kept: Vec<_> = blocks[text.clone()]
            .iter()
            .filter(|b| !not_body.iter().any(|nb| b.el.id() == nb.id() || b.el.ancestors().any(|x| x.id() == nb.id())))
            .collect();
        let mut parts = furniture::split(&kept, ctx);
        read.push(parts.list_past(blocks, text.end));
        read.push(text);
        parts.add_to(&mut a);
    }
    crate::extract::article::set_byline_and_authors(&mut a, credits);
    set_paid_and_cut(&mut a, doc, h1, ctx);

    // "责任编辑：李箐 | 版面编辑：李东昊 图片编辑：刘青" (the hidden `#editor_baidu` is `stated`).
    if let Some(ed) = first_text(sel!(".idetor")) {
        a.contacts.extend(furniture::contacts(&ed, &[], &VOCABULARY));
    }
    Some((a, read))
}

/// Paid: the site's marks (a key icon in the headline, a paywall box that offers a
/// subscription). Cut: the visible text stops at the box — the box offers a subscription to a
/// reader who cannot read on, or the article is paid and its visible text is short over the box
/// (the served HTML of a paid article). The template's box alone is neither: a subscriber's is
/// empty, and its subscribe button hidden or saying nothing is left (`本文共计0字`).
fn set_paid_and_cut(a: &mut Article, doc: &Html, h1: ElementRef<'_>, ctx: &Ctx<'_>) {
    // The box, and the subscribe button (in the box, or elsewhere), in one pass over the page.
    let found: Vec<ElementRef<'_>> = doc.query(sel!("#chargeWall, .cx-paywall, a.cost-uibtn")).collect();
    let boxes = found.iter().filter(|e| e.value().name() != "a").count();
    let offers = found.iter().any(|b| {
        let said = shown_text(*b, &Vocabulary::NONE);
        !is_hidden(b.value())
            && b.ancestors().filter_map(ElementRef::wrap).all(|p| !is_hidden(p.value()))
            && !said.is_empty()
            && !VOCABULARY.nothing_left.iter().any(|w| said.contains(w))
    });
    let marked = std::iter::once(h1).chain(h1.descendants().filter_map(ElementRef::wrap)).any(|e| teasers::is_paid_mark(e, ctx));
    let text_chars: usize = a.body.iter().map(|p| p.chars().count()).sum();
    a.truncated = offers || (marked && boxes > 0 && text_chars < SHORT_BODY_CHARS);
    a.paywalled = marked || offers;
}

/// "X_金融频道_财新网" → "金融".
fn section_from_title(title: &str) -> Option<String> {
    let parts: Vec<&str> = title.split('_').collect();
    if parts.len() >= 3 && parts[parts.len() - 1].contains("财新") {
        return non_empty(parts[parts.len() - 2].trim_end_matches("频道"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sites::SITES;

    #[test]
    fn editors_line() {
        let c = furniture::contacts("责任编辑：李箐 | 版面编辑：李东昊(ZN028) 图片编辑：刘青", &[], &VOCABULARY);
        let got: Vec<(&str, &str)> = c.iter().map(|c| (c.role.as_str(), c.name.as_str())).collect();
        assert_eq!(got, [("editor", "李箐"), ("layout editor", "李东昊"), ("photo editor", "刘青")]);
    }

    #[test]
    fn url_rules_mobile_copies_blogs_and_https() {
        let sites = crate::sites::SITES;
        let ctx = Ctx::new("https://www.caixinglobal.com/live/", sites);
        assert_eq!(
            ctx.resolve("http://finance.caixin.com/2020-04-10/101540879.html").as_deref(),
            Some("https://finance.caixin.com/2020-04-10/101540879.html")
        );
        assert_eq!(
            ctx.resolve("https://weekly.caixin.com/m/2026-07-31/102469828.html?p=1").as_deref(),
            Some("https://weekly.caixin.com/2026-07-31/102469828.html?p=1")
        );
        assert_eq!(
            ctx.resolve("http://example.com/m/2026-07-31/102469828.html").as_deref(),
            Some("http://example.com/m/2026-07-31/102469828.html")
        );
        let mobile = ctx.article_url("https://weekly.caixin.com/m/2026-07-31/102469828.html").unwrap();
        assert_eq!(mobile.key, "weekly.caixin.com/2026-07-31/102469828.html");
        assert_eq!(ctx.article_url("https://tangya.blog.caixin.com/archives/287966").unwrap().id.as_deref(), Some("287966"));
        assert!(ctx.article_url("https://www.caixin.com/archives/287966").is_none());
        assert!(ctx.is_author_link("https://tangya.blog.caixin.com/"));
    }

    #[test]
    fn section_from_the_title() {
        assert_eq!(section_from_title("宇树科技IPO估值600亿元_金融频道_财新网").as_deref(), Some("金融"));
        assert_eq!(section_from_title("财新网_原创新闻"), None);
    }

    #[test]
    fn only_caixin_hosts_are_upgraded_to_https() {
        let ctx = Ctx::new("https://www.caixinglobal.com/live/index.html?x=1", SITES);
        assert_eq!(ctx.resolve("http://WWW.CAIXIN.COM/x").as_deref(), Some("https://WWW.CAIXIN.COM/x"));
        assert_eq!(ctx.resolve("http://caixinglobal.com/x").as_deref(), Some("https://caixinglobal.com/x"));
        assert_eq!(ctx.resolve("http://notcaixin.com/x").as_deref(), Some("http://notcaixin.com/x"));
        assert_eq!(ctx.resolve("https://caixin.com/x").as_deref(), Some("https://caixin.com/x"));
        assert_eq!(
            Ctx::new("http://www.caixin.com/a/", SITES).resolve("b").as_deref(),
            Some("https://www.caixin.com/a/b"),
            "a relative link too"
        );
        let caixin = |h: &str| crate::sites::is_supported_url(&format!("https://{h}/"));
        assert!(caixin("caixin.com") && caixin("m.caixin.com") && caixin("www.caixinglobal.com"));
        assert!(!caixin("caixin.com.evil.net") && !caixin("xcaixin.com") && !caixin(""));
    }

    #[test]
    fn blog_posts_of_caixin_columnists_only() {
        let article_url = |u: &str| crate::sites::article_url(u);
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
        let ctx = Ctx::new("https://www.caixin.com/", SITES);
        let canonical_article = |u: &str| ctx.resolve(u).unwrap_or_else(|| u.to_string());
        let m = "https://m.caixin.com/m/2026-07-31/102469828.html?p=1";
        assert_eq!(canonical_article(m), "https://m.caixin.com/2026-07-31/102469828.html?p=1");
        let a = crate::sites::article_url("https://WWW.Caixin.com/m/2020-11-27/123456_3.html?x=1").unwrap();
        assert_eq!(a.key, "www.caixin.com/2020-11-27/123456.html");
        for same in [
            "https://example.com/m/2026-07-31/102469828.html",
            "https://www.caixin.com/m/news/",
            "https://www.caixin.com/search/?q=/m/2026-07-31/102469828.html",
            "https://www.caixin.com/2026-07-31/102469828.html",
        ] {
            assert_eq!(canonical_article(same), same);
        }
    }
}
