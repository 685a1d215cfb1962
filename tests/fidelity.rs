//! The facts a reader filters and exports on (section, paid flag, time, people), stated here
//! entry by entry for the pages written for them, so that re-blessing a golden file can never
//! quietly accept one of them going wrong. Each page is one pattern of the real sites, in markup
//! of its own: labels in capitals before or after their entry, key icons as empty elements, a
//! news ticker repeating the list, bylines with credits, an older article layout.

mod common;

use caixin_sidebar::{extract, Article, Page};

fn page(name: &str) -> Page {
    let f = common::get(name);
    extract(&f.html, &f.url).unwrap()
}

fn by_id<'a>(p: &'a Page, id: &str) -> &'a Article {
    p.articles.iter().find(|a| a.id.as_deref() == Some(id)).unwrap_or_else(|| panic!("no article {id}"))
}

/// (id, section, paid, published, authors)
type Facts<'a> = (&'a str, Option<&'a str>, bool, Option<&'a str>, &'a [&'a str]);

fn check(p: &Page, facts: &[Facts<'_>]) {
    for (id, section, paid, published, authors) in facts {
        let a = by_id(p, id);
        assert_eq!(a.section.as_deref(), *section, "{id} section");
        assert_eq!(a.paywalled, *paid, "{id} paid");
        assert_eq!(a.published.as_deref(), *published, "{id} published");
        assert_eq!(a.authors, *authors, "{id} authors");
    }
}

#[test]
fn caixin_global_home_labels_before_and_after_and_key_icons() {
    let p = page("caixin-global/home-labels-2018-shape");
    check(
        &p,
        &[
            // Tip lines over each headline, in capitals, one with a full-width ampersand.
            ("101222003", Some("Economy"), true, None, &[]),
            ("101222004", Some("Business & Tech"), false, None, &[]),
            ("101222001", Some("Policy & Regulation"), true, None, &[]),
            // Labels after the title in the entry: a topic-id link, lower case text, an icon link.
            ("101222002", Some("M&A"), true, None, &[]),
            ("101221990", Some("Finance"), false, None, &[]),
            ("101221980", Some("Opinion"), false, None, &[]),
            // Labels after each entry as sibling list items.
            ("101221970", Some("Property"), false, None, &[]),
            ("101221960", Some("Property"), true, None, &[]),
            // A ranking under a heading in capitals: no section borrowed from the heading.
            ("101219001", None, false, None, &[]),
            ("101219002", None, false, None, &[]),
        ],
    );
    // The top strip lists two articles again as bare links: one article each, at the first place.
    assert_eq!(p.articles.len(), 10);
    assert_eq!(p.articles[0].id.as_deref(), Some("101222001"));
    assert_eq!(by_id(&p, "101222001").summary.as_deref(), Some("New rules bar banks from moving loans off their books."));
    // No date on the page: the URL's day, for sorting and the date filter.
    assert_eq!(by_id(&p, "101222003").url_date.as_deref(), Some("2018-03-16"));
}

#[test]
fn caixin_cn_home_ticker_lines_merge_with_their_full_entries() {
    let p = page("caixin-cn/home-ticker-2018-shape");
    check(
        &p,
        &[
            // Ticker first (bare link, "03-19 15:59"), the full entry further down.
            ("101223100", Some("政经"), true, Some("2018-03-19T15:59:00+08:00"), &["沈凡", "黄凯茜"]),
            // A column name before the reporter, a dateline after; a 收费 label.
            ("101223010", Some("世界"), true, Some("2018-03-18T23:10:00+08:00"), &["路尘"]),
            // "限时免费" is not paid; "李昕|文" is 李昕.
            ("101223001", Some("文化"), false, Some("2018-03-18T15:06:00+08:00"), &["李昕"]),
            // An agency is not an author; no label and no channel host: no section.
            ("101223120", None, false, Some("2018-03-19T10:02:00+08:00"), &[]),
            // No label in the entry: the channel of the article's host.
            ("101223150", Some("金融"), false, Some("2018-03-19T14:20:00+08:00"), &[]),
            // An author line with role words and no date.
            ("101223219", Some("观点"), false, Some("2018-03-19T15:42:00+08:00"), &["邓海清", "陈曦"]),
        ],
    );
    assert_eq!(p.articles.len(), 6);
    assert_eq!(by_id(&p, "101223100").summary.as_deref(), Some("应急管理部首任部长人选揭晓。"));
}

#[test]
fn the_2026_home_ticker_gives_way_to_the_rich_entry() {
    let p = page("caixin-cn/home");
    let a = by_id(&p, "102472081");
    assert_eq!(p.articles[0].id.as_deref(), Some("102472081"), "the ticker's place");
    assert_eq!(a.section.as_deref(), Some("金融"));
    assert_eq!(a.authors, ["韩宇航"]);
    assert_eq!(a.published.as_deref(), Some("2026-08-06T22:10:00+08:00"));
    assert!(a.paywalled);
}

#[test]
fn an_older_article_layout_keeps_its_furniture_apart() {
    let f = common::get("caixin-cn/article-old-layout");
    // The site's markup, and the same page with every class and id renamed.
    let renamed = regex_lite::Regex::new(r#"\b(class|id)="[^"]*""#).unwrap().replace_all(&f.html, "$1=\"x\"").into_owned();
    for (shape, html) in [("site markup", f.html.clone()), ("renamed", renamed)] {
        let p = extract(&html, &f.url).unwrap();
        let a = &p.articles[0];
        assert_eq!(a.id.as_deref(), Some("101223155"), "{shape}");
        assert_eq!(a.section.as_deref(), Some("政经"), "{shape}: not the source line");
        assert_eq!(a.authors, ["李昕"], "{shape}: the author of the source line");
        assert_eq!(a.published.as_deref(), Some("2018-03-19T15:59:00+08:00"), "{shape}");
        let related: Vec<&str> = a.related.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(related, ["机构改革方案提请审议", "应急管理部首任部长人选揭晓"], "{shape}");
        // The related links are not list entries with borrowed fields.
        assert!(p.articles.iter().all(|x| x.id.as_deref() != Some("101220001") && x.id.as_deref() != Some("101222400")), "{shape}");
        let contacts: Vec<(&str, &str)> = a.contacts.iter().map(|c| (c.role.as_str(), c.name.as_str())).collect();
        assert_eq!(contacts, [("editor", "王五"), ("layout editor", "赵六")], "{shape}");
        assert_eq!(a.images.len(), 1, "{shape}");
        assert_eq!(a.images[0].credit.as_deref(), Some("视觉中国"), "{shape}: the credit line is the picture's");
        assert!(a.body.iter().all(|p| !p.contains("图片来源") && !p.contains("责任编辑")), "{shape}: furniture left the body");
        assert_eq!(a.body.len(), 5, "{shape}");
    }
    assert!(extract(&f.html, &f.url).unwrap().articles[0].paywalled, "the key icon in the headline");
}

#[test]
fn a_related_list_that_runs_past_the_text_box_keeps_every_link() {
    let f = common::get("caixin-cn/article-related-past-box-2018-shape");
    // The page as made (the box closes after the first item), the same with the box closing right
    // after the heading (every item outside it), and both with every class and id renamed (the
    // generic reader).
    let first = "一天迁入八千人</A></P></div>";
    assert!(f.html.contains(first), "the stray </div> after the first item");
    let heading = "<P><STRONG>相关阅读：</STRONG></P>";
    let heading_last = f.html.replace(first, "一天迁入八千人</A></P>").replace(heading, &format!("{heading}</div>"));
    let rename = |h: &str| regex_lite::Regex::new(r#"\b(class|id)="[^"]*""#).unwrap().replace_all(h, "$1=\"x\"").into_owned();
    let shapes = [
        ("first item in the box", f.html.clone()),
        ("heading last in the box", heading_last.clone()),
        ("first item in the box, renamed", rename(&f.html)),
        ("heading last in the box, renamed", rename(&heading_last)),
    ];
    for (shape, html) in shapes {
        let p = extract(&html, &f.url).unwrap();
        let a = &p.articles[0];
        assert_eq!(a.id.as_deref(), Some("101243210"), "{shape}");
        let related: Vec<(&str, &str)> = a.related.iter().map(|r| (r.title.as_str(), r.url.as_deref().unwrap_or(""))).collect();
        assert_eq!(
            related,
            [
                ("西安放宽落户 一天迁入八千人", "https://china.caixin.com/2018-03-27/101226001.html"),
                ("人才争夺战蔓延至二线城市", "https://china.caixin.com/2018-04-16/101235002.html"),
                ("落户新政能否撬动楼市", "https://economy.caixin.com/2018-04-28/101239003.html"),
            ],
            "{shape}"
        );
        for id in ["101226001", "101235002", "101239003"] {
            assert!(p.articles.iter().all(|x| x.id.as_deref() != Some(id)), "{shape}: {id} is a related link, not a list entry");
        }
        assert!(a.body.iter().all(|t| !t.contains("相关阅读") && !t.contains("人才争夺战")), "{shape}: {:?}", a.body);
        assert_eq!(a.body.len(), 4, "{shape}");
    }
}

#[test]
fn a_lone_link_on_an_article_page_borrows_nothing_from_the_article() {
    // A paywalled article shows two paragraphs; one link to another article sits below them, with
    // no heading. Its element and the article's share a wrapper: the entry must not reach up to
    // the article's source line, date or headline.
    let html = r#"<html><head><title>标题_政经频道_财新网</title></head><body><div class="x">
      <h1>国务院机构改革方案公布</h1>
      <div class="y">2018年03月19日 15:59 来源：财新网 作者：李昕</div>
      <p>　　【财新网】（记者 李昕）3月19日，十三届全国人大一次会议表决通过国务院机构改革方案。</p>
      <p>　　方案显示，新组建的应急管理部将承担安全生产监管、防灾减灾救灾等职责。</p>
      <div class="z"><a href="http://china.caixin.com/2018-03-13/101220001.html">机构改革方案提请审议</a></div>
    </div></body></html>"#;
    let p = extract(html, "http://china.caixin.com/2018-03-19/101223155.html").unwrap();
    let other = by_id(&p, "101220001");
    assert_eq!(other.published, None, "not the article's time");
    assert_eq!(other.byline, None, "not the article's author");
    assert_eq!(other.section.as_deref(), Some("政经"), "its own host's channel, not the source line");
    assert_eq!(other.summary, None, "not the article's text");
}

#[test]
fn a_list_entry_is_completed_from_its_own_page() {
    let list = extract(
        r#"<ul><li><b><a href="http://china.caixin.com/">政经</a></b><a href="http://china.caixin.com/2018-03-19/101223155.html">国务院机构改革方案公布</a><span>03-19 15:59</span></li>
            <li><a href="http://china.caixin.com/2018-03-19/101223100.html">王玉普成应急管理部首任部长</a></li></ul>"#,
        "https://www.caixin.com/",
    )
    .unwrap();
    let entry = by_id(&list, "101223155").clone();
    assert!(entry.body.is_empty() && entry.byline.is_none());
    let f = common::get("caixin-cn/article-old-layout");
    let article_page = extract(&f.html, &f.url).unwrap();
    let full = caixin_sidebar::with_article_page(&entry, &article_page).unwrap();
    // The entry's own facts stay where the page showed them; the article page adds the text.
    assert_eq!(full.role, entry.role);
    assert_eq!(full.url, entry.url);
    assert_eq!(full.section.as_deref(), Some("政经"));
    assert_eq!(full.published.as_deref(), Some("2018-03-19T15:59:00+08:00"));
    assert_eq!(full.authors, ["李昕"]);
    assert_eq!(full.body.len(), 5);
    assert!(full.word_count > 100);
    assert_eq!(full.contacts.len(), 2);
    assert_eq!(full.related.len(), 2);
    assert!(full.paywalled, "paid on either page");
    // A listing has no article of its own to complete an entry with.
    assert!(caixin_sidebar::with_article_page(&entry, &list).is_none());
}

#[test]
fn caixin_cn_article_templates_of_2015_to_2018() {
    // (fixture, id, section, paid, published, published_text, byline, authors, body paragraphs)
    type Main<'a> = (&'a str, &'a str, &'a str, bool, &'a str, &'a str, &'a str, &'a [&'a str], usize);
    let cases: [Main<'_>; 3] = [
        // A plain h1 over ".artInfo" ("DATE 来源于 财新网"): the reporter is in the lead's "（记者 …）".
        (
            "caixin-cn/article-artinfo-2015-shape",
            "100818001",
            "经济",
            false,
            "2015-06-12T09:33:00+08:00",
            "2015年06月12日 09:33",
            "记者 于海荣",
            &["于海荣"],
            4,
        ),
        // "出版日期：" labels the date, it names nobody; the writer's line over the text is the byline.
        (
            "caixin-cn/article-weekly-2016-shape",
            "100939876",
            "财新周刊",
            true,
            "2016-05-09",
            "2016-05-09",
            "文｜财新记者 王力 实习记者 陈楠",
            &["王力", "陈楠"],
            2,
        ),
        // "#conTit h1 em.icon_key"; the hidden #pubtime_baidu gives the seconds.
        (
            "caixin-cn/article-lead-byline-2018-shape",
            "101351001",
            "经济",
            true,
            "2018-11-22T11:36:40+08:00",
            "2018年11月22日 11:36",
            "记者 于海荣 实习记者 张三",
            &["于海荣", "张三"],
            3,
        ),
    ];
    for (name, id, section, paid, published, published_text, byline, authors, body) in cases {
        let p = page(name);
        let a = &p.articles[0];
        assert_eq!(a.role, caixin_sidebar::Role::Main, "{name}");
        check(&p, &[(id, Some(section), paid, Some(published), authors)]);
        assert_eq!(a.published_text.as_deref(), Some(published_text), "{name}");
        assert_eq!(a.byline.as_deref(), Some(byline), "{name}");
        assert_eq!(a.body.len(), body, "{name}");
        assert!(a.body.iter().all(|t| !t.starts_with("文｜") && !t.contains('\r') && !t.starts_with('\u{3000}')), "{name}: {:?}", a.body);
    }
    // The side box "相关报道" is the article's related reading, not an entry.
    let p = page("caixin-cn/article-artinfo-2015-shape");
    assert_eq!(p.articles[0].related.len(), 1);
    assert!(p.articles.iter().all(|x| x.id.as_deref() != Some("100810001")));
    // A link inside a paragraph of the text is an entry of its title alone: the paragraph around it
    // (and the article's reporters, time) are not its own.
    let p = page("caixin-cn/article-lead-byline-2018-shape");
    let cited = by_id(&p, "101333001");
    assert_eq!(cited.title.as_deref(), Some("十月降准回顾"));
    assert_eq!((cited.summary.as_deref(), cited.byline.as_deref(), cited.published.as_deref()), (None, None, None));
    assert_eq!(cited.section.as_deref(), Some("经济"), "its own host's channel");

    // The same pages with every class and id renamed: the generic reader finds the article (a
    // short text under a dated headline) and the lead's reporters; the key icon is unknowable.
    let renamed = regex_lite::Regex::new(r#"\b(class|id)="[^"]*""#).unwrap();
    for (name, published, authors) in [
        ("caixin-cn/article-artinfo-2015-shape", "2015-06-12T09:33:00+08:00", &["于海荣"][..]),
        ("caixin-cn/article-lead-byline-2018-shape", "2018-11-22T11:36:00+08:00", &["于海荣", "张三"][..]),
    ] {
        let f = common::get(name);
        let p = extract(&renamed.replace_all(&f.html, "$1=\"x\""), &f.url).unwrap();
        let a = &p.articles[0];
        assert_eq!(a.role, caixin_sidebar::Role::Main, "{name} renamed");
        assert_eq!((a.section.as_deref(), a.published.as_deref()), (Some("经济"), Some(published)), "{name} renamed");
        assert_eq!(a.authors, authors, "{name} renamed");
        assert!(p.articles[1..].iter().all(|x| x.summary.is_none() && x.byline.is_none() && x.published.is_none()), "{name} renamed");
    }
}

#[test]
fn caixin_cn_channel_lists_of_2015_to_2018() {
    let p = page("caixin-cn/channel-lists-2015-2018-shape");
    check(
        &p,
        &[
            // "div.topNews dl": no date shown, none borrowed from the list below.
            ("100818001", Some("经济"), true, None, &[]),
            // "#listArticle.ywListCon > .boxa": "<h4><a>TITLE</a></h4>…<span>BYLINE MM月DD日 HH:MM</span>".
            ("100817501", Some("经济"), false, Some("2015-06-11T10:05:00+08:00"), &["王长勇"]),
            ("100817222", Some("经济"), true, Some("2015-06-10T18:40:00+08:00"), &["赵煊", "萧辉"]),
            // "限时免费" is free; a time without a byline.
            ("100816900", Some("经济"), false, Some("2015-06-09T21:17:00+08:00"), &[]),
            // Another channel's article on this channel's page: its own channel.
            ("100816888", Some("观点"), false, Some("2015-06-09T08:30:00+08:00"), &["邓海清"]),
            // ".stitXtuwen_list dl dd": "YYYY年MM月DD日 HH:MM", an em.icon_key.
            ("101351001", Some("经济"), true, Some("2018-11-22T11:36:00+08:00"), &[]),
            ("101350500", Some("经济"), false, Some("2018-11-21T10:00:00+08:00"), &[]),
            // "dl > dd > h4 > a" with the byline and time after the summary; a .boxa among them.
            ("101350100", Some("经济"), true, Some("2018-11-20T19:25:00+08:00"), &["于海荣"]),
            ("101349900", Some("经济"), false, Some("2018-11-19T16:02:00+08:00"), &["刘彩萍"]),
            ("101349800", Some("世界"), false, Some("2018-11-19T08:12:00+08:00"), &["蒋梦婕"]),
        ],
    );
    assert_eq!(p.articles.len(), 10);
}

#[test]
fn caixin_global_section_list_after_2018() {
    let p = page("caixin-global/list-has-img-2020-shape");
    check(
        &p,
        &[
            // The page's heading names the list, not each entry: no section is stated per entry.
            ("101633001", None, true, Some("2020-11-27T19:07:00+08:00"), &["Liu Jiefei", "Guo Yingzhe"]),
            ("101632500", None, false, Some("2020-11-26T09:30:00+08:00"), &[]),
            ("101632100", None, false, Some("2020-11-25T22:15:00+08:00"), &["Timmy Shen"]),
        ],
    );
    assert_eq!(p.articles.len(), 3);
}

/// The facts of the page's own article that the 2026 shapes state (made from the classes of real
/// pages of that year; each fixture's NOTE.md says which): people, time, section, contacts, tags,
/// paid and cut, the one-page version, pictures.
struct Own<'a> {
    fixture: &'a str,
    section: &'a str,
    byline: &'a str,
    authors: &'a [&'a str],
    published: &'a str,
    published_text: &'a str,
    contacts: &'a [(&'a str, &'a str)],
    tags: &'a [&'a str],
    paid: bool,
    truncated: bool,
    full_story_url: Option<&'a str>,
    /// (picture, credit)
    images: &'a [(&'a str, Option<&'a str>)],
    paragraphs: usize,
}

const WEEKLY_AUTHORS: &[&str] = &["王力", "陈楠", "刘爽爽", "欧阳明月", "徐和谦", "郑丽纯", "黄凯茜", "蒋梦婕"];
const WEEKLY_BYLINE: &str = "文｜财新周刊 王力 陈楠 刘爽爽 欧阳明月 徐和谦 郑丽纯 黄凯茜 发自北京，蒋梦婕 发自美国首都华盛顿";

fn own_facts() -> Vec<Own<'static>> {
    vec![
        // "文｜财新 NAME 发自香港" over "发布于 DATE 更新于 DATE": no label is a person; the hidden
        // field's seconds, the shown text; the staff code is no part of a name.
        Own {
            fixture: "caixin-cn/article-updated-2026-shape",
            section: "金融",
            byline: "文｜财新 王小青 发自香港",
            authors: &["王小青"],
            published: "2026-03-11T19:08:33+08:00",
            published_text: "2026年03月11日 19:08",
            contacts: &[("editor", "张帆"), ("layout editor", "李东昊")],
            tags: &[],
            paid: true,
            truncated: false,
            full_story_url: None,
            images: &[("https://img.caixin.com/2026-03-11/177322301234567_840_560.jpg", Some("视觉中国"))],
            paragraphs: 10,
        },
        // "来源于 《财新周刊》 DATE第09期" names nobody and dates an issue; the reporters stand in the
        // first paragraph (which leaves the text) and in the hidden comma list; the page bar is no tag.
        Own {
            fixture: "caixin-cn/article-weekly-2026-shape",
            section: "财新周刊",
            byline: WEEKLY_BYLINE,
            authors: WEEKLY_AUTHORS,
            published: "2026-03-07T18:02:11+08:00",
            published_text: "2026-03-07 18:02:11",
            contacts: &[("editor", "王晨"), ("layout editor", "刘青")],
            tags: &[],
            paid: true,
            truncated: true,
            full_story_url: Some("https://weekly.caixin.com/2026-03-07/102418001.html?p0"),
            images: &[("https://img.caixin.com/2026-03-07/177286543210987_840_560.jpg", Some("视觉中国"))],
            paragraphs: 7,
        },
        Own {
            fixture: "caixin-cn/article-weekly-whole-2026-shape",
            section: "财新周刊",
            byline: WEEKLY_BYLINE,
            authors: WEEKLY_AUTHORS,
            published: "2026-03-07T18:02:11+08:00",
            published_text: "2026-03-07 18:02:11",
            contacts: &[("editor", "王晨"), ("layout editor", "刘青")],
            tags: &[],
            paid: true,
            truncated: false,
            full_story_url: None,
            images: &[("https://img.caixin.com/2026-03-07/177286543210987_840_560.jpg", Some("视觉中国"))],
            paragraphs: 16,
        },
        // A subscriber: the template's subscribe button says nothing is left; the text is whole.
        Own {
            fixture: "caixin-cn/article-subscriber-2026-shape",
            section: "公司",
            byline: "文｜财新 杨子锐（见习） 李宓",
            authors: &["杨子锐", "李宓"],
            published: "2026-03-10T20:15:07+08:00",
            published_text: "2026年03月10日 20:15",
            contacts: &[("editor", "王婧"), ("layout editor", "刘青")],
            tags: &[],
            paid: true,
            truncated: false,
            full_story_url: None,
            images: &[("https://img.caixin.com/2026-03-10/177314402345678_840_560.jpg", Some("IC photo"))],
            paragraphs: 12,
        },
        // The same article for a reader without a subscription: cut at the box.
        Own {
            fixture: "caixin-cn/article-paywalled-2026-shape",
            section: "公司",
            byline: "文｜财新 杨子锐（见习） 李宓",
            authors: &["杨子锐", "李宓"],
            published: "2026-03-10T20:15:07+08:00",
            published_text: "2026年03月10日 20:15",
            contacts: &[("editor", "王婧"), ("layout editor", "刘青")],
            tags: &[],
            paid: true,
            truncated: true,
            full_story_url: None,
            images: &[("https://img.caixin.com/2026-03-10/177314402345678_840_560.jpg", Some("IC photo"))],
            paragraphs: 2,
        },
        // Avatar, favicon, tracking pixel, svg icon, data: placeholder, WeChat icon, the logo as the
        // share picture: one picture, the photo, with its credit line.
        Own {
            fixture: "caixin-cn/article-icons-2026-shape",
            section: "政经",
            byline: "文｜财新 刘雁菲",
            authors: &["刘雁菲"],
            published: "2026-03-09T10:02:44+08:00",
            published_text: "2026年03月09日 10:02",
            contacts: &[("editor", "张帆"), ("layout editor", "李东昊")],
            tags: &[],
            paid: false,
            truncated: false,
            full_story_url: None,
            images: &[("https://img.caixin.com/2026-03-09/177300912345678_840_560.jpg", Some("财新 刘雁菲"))],
            paragraphs: 4,
        },
        // The author meta beside a "By …" paragraph opening the text (it leaves the text); the
        // inline entity's tags; the site's logo and a favicon are no pictures.
        Own {
            fixture: "caixin-global/article-byline-2026-shape",
            section: "Business & Tech",
            byline: "By Qu Hui and Ding Yi",
            authors: &["Qu Hui", "Ding Yi"],
            published: "2026-03-10T18:30:00+08:00",
            published_text: "Mar. 10, 2026 6:30 p.m. GMT+8",
            contacts: &[("reporter", "Qu Hui"), ("editor", "Marcus Ryder")],
            tags: &["Polysilicon", "Solar Power"],
            paid: false,
            truncated: false,
            full_story_url: None,
            images: &[("https://img.caixin.com/2026-03-10/102500777_0.jpg", Some("VCG"))],
            paragraphs: 3,
        },
    ]
}

#[test]
fn the_2026_articles_give_the_pages_own_statements() {
    for o in own_facts() {
        let p = page(o.fixture);
        let a = &p.articles[0];
        let name = o.fixture;
        assert_eq!(a.role, caixin_sidebar::Role::Main, "{name}");
        assert_eq!(a.section.as_deref(), Some(o.section), "{name}");
        assert_eq!(a.byline.as_deref(), Some(o.byline), "{name}");
        assert_eq!(a.authors, o.authors, "{name}");
        assert_eq!((a.published.as_deref(), a.published_text.as_deref()), (Some(o.published), Some(o.published_text)), "{name}");
        let contacts: Vec<(&str, &str)> = a.contacts.iter().map(|c| (c.role.as_str(), c.name.as_str())).collect();
        assert_eq!(contacts, o.contacts, "{name}");
        assert_eq!(a.tags, o.tags, "{name}");
        assert_eq!((a.paywalled, a.truncated), (o.paid, o.truncated), "{name}: paid, cut");
        assert_eq!(a.full_story_url.as_deref(), o.full_story_url, "{name}");
        let images: Vec<(&str, Option<&str>)> = a.images.iter().map(|i| (i.url.as_str(), i.credit.as_deref())).collect();
        assert_eq!(images, o.images, "{name}");
        assert_eq!(a.body.len(), o.paragraphs, "{name}: {:?}", a.body);
        // The writer's line left the text; no button, login line or question box is text.
        for t in &a.body {
            for not in ["文｜", "By Qu Hui", "听报道", "当前登录账号", "相关问题", "向AI提问", "订阅后继续阅读", "余下全文", "下一页"]
            {
                assert!(!t.contains(not), "{name}: paragraph “{t}”");
            }
        }
        // Warnings: the cut text says so, and only then; no source disagrees on these pages.
        let cut: Vec<&String> = p.warnings.iter().filter(|w| w.contains("only the visible part") || w.contains("several pages")).collect();
        assert_eq!(cut.len(), usize::from(o.truncated), "{name}: {:?}", p.warnings);
        assert!(!p.warnings.iter().any(|w| w.contains("kept over") || w.contains("left empty")), "{name}: {:?}", p.warnings);
        // Neither the page bar, nor the English version box, nor the hidden source field make the
        // page's own article an entry again, or a related link.
        assert!(p.articles[1..].iter().all(|x| x.id != a.id), "{name}: the article listed again");
        assert!(
            a.related.iter().all(|r| !r.url.as_deref().unwrap_or("").contains("caixinglobal.com") || name.contains("global")),
            "{name}"
        );
    }
}

/// The same pages with their statements changed: the higher source wins, and the warnings say
/// which value was kept over which.
#[test]
fn a_lower_source_that_disagrees_loses_and_is_named() {
    let f = common::get("caixin-cn/article-updated-2026-shape");
    let variant = |from: &str, to: &str| {
        assert!(f.html.contains(from), "{from}");
        extract(&f.html.replace(from, to), &f.url).unwrap()
    };
    // The site's hidden author field names two people, the visible line one.
    let p = variant(">作者：王小青<", ">作者：王小青,李四<");
    assert_eq!(p.articles[0].authors, ["王小青", "李四"]);
    assert_eq!(p.articles[0].byline.as_deref(), Some("作者：王小青,李四"), "the shown line names someone else");
    assert!(
        p.warnings.iter().any(|w| w.contains("authors “王小青, 李四” from the site's author field kept over “王小青” from the byline")),
        "{:?}",
        p.warnings
    );
    // The hidden time field says another minute than the info line.
    let p = variant(">2026-03-11 19:08:33<", ">2026-03-11 20:30:00<");
    assert_eq!(p.articles[0].published.as_deref(), Some("2026-03-11T20:30:00+08:00"));
    assert!(
        p.warnings.iter().any(|w| w.contains("publication time") && w.contains("kept over “2026年03月11日 19:08”")),
        "{:?}",
        p.warnings
    );
    // Without the hidden fields, the labelled lines speak: the same facts, no warning.
    let start = f.html.find("<div class=\"bd_block\"").unwrap();
    let end = start + f.html[start..].find("</div>").unwrap() + "</div>".len();
    let p = extract(&format!("{}{}", &f.html[..start], &f.html[end..]), &f.url).unwrap();
    let a = &p.articles[0];
    assert_eq!((a.authors.as_slice(), a.published.as_deref()), (&["王小青".to_string()][..], Some("2026-03-11T19:08:00+08:00")));
    assert!(!p.warnings.iter().any(|w| w.contains("kept over")), "{:?}", p.warnings);

    // The weekly without its hidden author list: the first paragraph's reporters, the same people.
    let w = common::get("caixin-cn/article-weekly-2026-shape");
    let html = w.html.replace(&format!(">作者：{}<", WEEKLY_AUTHORS.join(",")), "><");
    assert_ne!(html, w.html);
    assert_eq!(extract(&html, &w.url).unwrap().articles[0].authors, WEEKLY_AUTHORS);
}

/// Only a heuristic speaks, and what it read does not read as names: no author, and a warning.
#[test]
fn a_guess_that_is_no_name_leaves_the_authors_empty() {
    let html = r#"<html><head><title>城市更新进入新阶段</title></head><body><h1>城市更新进入新阶段</h1>
      <div>本期封面 深度 2026年03月09日 10:02</div>
      <div><p>全国两会期间，城市更新成为多位代表委员关注的话题。多位代表建议，城市更新要从大拆大建转向微改造、精细化更新，资金来源是最大难题，需要建立政府、企业、居民共同出资的机制。</p>
      <p>全国政协委员认为，老旧小区改造应尊重居民意愿，避免“一刀切”。住建部数据显示，2025年全国新开工改造城镇老旧小区5.2万个，惠及居民约860万户，改造的重点正从房屋本身转向社区服务和公共空间。</p></div>
      </body></html>"#;
    let p = extract(html, "https://news.example.com/2026-03-09/102419801.html").unwrap();
    let a = &p.articles[0];
    assert_eq!(a.role, caixin_sidebar::Role::Main);
    assert_eq!(a.published.as_deref(), Some("2026-03-09T10:02:00+08:00"));
    assert!(a.authors.is_empty() && a.byline.is_none(), "{:?} {:?}", a.authors, a.byline);
    assert!(p.warnings.iter().any(|w| w.contains("authors left empty") && w.contains("本期封面 深度")), "{:?}", p.warnings);
}

/// Page 1 of a multi-page article completed from its one-page version: the whole text replaces
/// the cut one; the entry keeps its address and role.
#[test]
fn a_first_page_is_completed_from_its_one_page_version() {
    let p1 = page("caixin-cn/article-weekly-2026-shape");
    let whole = page("caixin-cn/article-weekly-whole-2026-shape");
    let first = &p1.articles[0];
    let full = caixin_sidebar::with_article_page(first, &whole).unwrap();
    assert_eq!((full.truncated, full.body.len()), (false, whole.articles[0].body.len()));
    assert_eq!((full.url.as_deref(), full.role), (first.url.as_deref(), first.role));
    assert_eq!(full.authors, WEEKLY_AUTHORS);
    // The other way round (the whole text first) keeps the whole text.
    let back = caixin_sidebar::with_article_page(&whole.articles[0], &p1).unwrap();
    assert_eq!((back.truncated, back.body.len()), (false, whole.articles[0].body.len()));
}

/// `updated` and `translations` are the page's own statements about its own article: the
/// `更新于` of the info line and the `英文报道` box on the page that has them, which then is no list
/// entry; on every other page and for every list entry, nothing.
#[test]
fn updated_and_translations_only_where_the_page_states_them() {
    let english = "https://www.caixinglobal.com/2026-03-12/hong-kong-ipos-rebound-to-highest-monthly-haul-since-2021-102421555.html?sourceEntityId=102421001";
    for f in common::all() {
        let p = extract(&f.html, &f.url).unwrap();
        for a in &p.articles {
            assert_eq!(a.key, a.url.as_deref().and_then(caixin_sidebar::article_key), "{}: key", f.name);
            if f.name == "caixin-cn/article-updated-2026-shape" && a.role == caixin_sidebar::Role::Main {
                assert_eq!(a.updated.as_deref(), Some("2026-03-12T07:47:00+08:00"), "{}", f.name);
                let t: Vec<(&str, &str, Option<&str>)> =
                    a.translations.iter().map(|t| (t.lang.as_str(), t.url.as_str(), t.title.as_deref())).collect();
                assert_eq!(t, [("en", english, Some("Hong Kong IPOs Rebound to Highest Monthly Haul Since 2021"))]);
                assert!(!a.related.iter().any(|r| r.url.as_deref() == Some(english)), "not related reading");
            } else {
                assert_eq!(a.updated, None, "{}: {:?}", f.name, a.url);
                assert!(a.translations.is_empty(), "{}: {:?}", f.name, a.url);
            }
        }
        if f.name == "caixin-cn/article-updated-2026-shape" {
            assert!(!p.articles.iter().any(|a| a.url.as_deref() == Some(english)), "the English version is no list entry");
        }
    }
}

/// Structured data states the update too (JSON-LD `dateModified`, `article:modified_time`): the
/// highest source wins, a lower one that disagrees is reported, and a page that states none has
/// none (not the publication time). The Caixin Global article page, with each statement added.
#[test]
fn updated_from_structured_data_by_rank() {
    let f = common::get("caixin-global/article-new-template");
    let page = |head: &str| {
        let html = f.html.replacen("</head>", &format!("{head}</head>"), 1);
        let p = extract(&html, &f.url).unwrap();
        let a = p.articles.iter().find(|a| a.role == caixin_sidebar::Role::Main).cloned().expect("the page's own article");
        (a.published, a.updated, p.warnings)
    };
    let (published, updated, _) = page("");
    assert_eq!((published.as_deref(), updated), (Some("2026-11-27T19:07:00+08:00"), None), "nothing stated, nothing read");
    let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"China’s Solar Makers Agree to Curb Output","datePublished":"2026-11-27T19:07:00+08:00","dateModified":"2026-11-28T08:15:00+08:00"}</script>"#;
    let (published, updated, warnings) = page(ld);
    assert_eq!(published.as_deref(), Some("2026-11-27T19:07:00+08:00"));
    assert_eq!(updated.as_deref(), Some("2026-11-28T08:15:00+08:00"));
    assert!(!warnings.iter().any(|w| w.contains("update time")), "{warnings:?}");
    let (_, updated, _) = page(r#"<meta property="article:modified_time" content="2026-11-28T00:15:00Z">"#);
    assert_eq!(updated.as_deref(), Some("2026-11-28T08:15:00+08:00"), "in Beijing time");
    let (_, updated, warnings) = page(&format!("{ld}<meta property=\"article:modified_time\" content=\"2026-11-29T10:00:00+08:00\">"));
    assert_eq!(updated.as_deref(), Some("2026-11-28T08:15:00+08:00"), "JSON-LD, the first structured source");
    assert!(warnings.iter().any(|w| w.contains("update time") && w.contains("2026-11-29T10:00:00+08:00")), "{warnings:?}");
}
