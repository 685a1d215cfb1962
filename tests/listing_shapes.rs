//! Listings of both sites, generated in many shapes: class names renamed to random tokens, the
//! section label inside or outside the entry, before or after it, entries wrapped in extra
//! elements, paid marks of several kinds, and a news ticker at the top that lists the same
//! articles again as bare links. Whatever the shape, every entry keeps the section, paid flag,
//! time and people the page shows for it, and none takes a field from its neighbour. (The entry
//! without a label stands between labelled ones: at either end of a list whose labels stand
//! outside the entries, it would make "before" and "after" indistinguishable, and the extractor
//! then takes no outside label at all.)

use caixin_sidebar::{extract, Article};

/// What the page shows for one entry, and what the export must say.
struct Entry {
    url: &'static str,
    title: &'static str,
    /// (label as shown, canonical section)
    label: Option<(&'static str, &'static str)>,
    /// The label's link (a section page), if it is a link.
    label_href: Option<&'static str>,
    /// (byline as shown, authors)
    byline: Option<(&'static str, &'static [&'static str])>,
    /// (time as shown, RFC 3339)
    time: Option<(&'static str, &'static str)>,
    paid: bool,
    summary: &'static str,
}

fn global_entries() -> Vec<Entry> {
    vec![
        Entry {
            url: "https://www.caixinglobal.com/2018-03-16/factory-gate-prices-slow-101222003.html",
            title: "Factory-Gate Prices Slow",
            label: Some(("ECONOMY", "Economy")),
            label_href: Some("/section-news/?t=101010305"),
            byline: Some(("By Wang Xiaoqing", &["Wang Xiaoqing"])),
            time: Some(("Mar 16, 2018 07:03 PM", "2018-03-16T19:03:00+08:00")),
            paid: true,
            summary: "Producer inflation eased for a fourth month as coal prices fell.",
        },
        Entry {
            url: "https://www.caixinglobal.com/2018-03-15/airline-reports-loss-101221970.html",
            title: "Airline Reports Loss",
            label: None,
            label_href: None,
            byline: Some(("By Bloomberg", &["Bloomberg"])),
            time: None,
            paid: false,
            summary: "Fuel costs and a weaker yuan hit the carrier's results.",
        },
        Entry {
            url: "https://www.caixinglobal.com/2018-03-16/phone-maker-cuts-prices-101222004.html",
            title: "Phone Maker Cuts Prices",
            label: Some(("BUSINESS & TECH", "Business & Tech")),
            label_href: None,
            byline: Some(("Qu Hui and Ding Yi", &["Qu Hui", "Ding Yi"])),
            time: Some(("Mar 16, 2018 11:20 AM", "2018-03-16T11:20:00+08:00")),
            paid: false,
            summary: "The company wants to win back buyers in smaller cities.",
        },
        Entry {
            url: "https://www.caixinglobal.com/2018-03-15/new-rules-for-wealth-products-101221990.html",
            title: "New Rules for Wealth Products",
            label: Some(("POLICY ＆ REGULATION", "Policy & Regulation")),
            label_href: Some("/regulation/"),
            byline: None,
            time: Some(("Mar 15, 2018 09:00 PM", "2018-03-15T21:00:00+08:00")),
            paid: true,
            summary: "Regulators cap leverage and demand daily valuation.",
        },
    ]
}

fn cn_entries() -> Vec<Entry> {
    vec![
        Entry {
            url: "https://china.caixin.com/2018-03-19/101223100.html",
            title: "王玉普成应急管理部首任部长",
            label: Some(("政经", "政经")),
            label_href: Some("http://china.caixin.com"),
            byline: Some(("记者 沈凡 黄凯茜 综合报道", &["沈凡", "黄凯茜"])),
            time: Some(("03月19日 11:54", "2018-03-19T11:54:00+08:00")),
            paid: true,
            summary: "应急管理部首任部长人选揭晓，由王玉普出任。",
        },
        Entry {
            url: "https://www.caixin.com/2018-03-19/101223120.html",
            title: "两会观察：机构改革的逻辑",
            label: None,
            label_href: None,
            byline: Some(("新华社", &[])),
            time: Some(("03月19日 10:02", "2018-03-19T10:02:00+08:00")),
            paid: false,
            summary: "机构改革方案对多个部门的职责作出调整。",
        },
        Entry {
            url: "https://www.caixin.com/2018-03-18/101223010.html",
            title: "普京出席集会 民调显示其赢得连任",
            label: Some(("世界", "世界")),
            label_href: Some("http://international.caixin.com"),
            byline: Some(("世界说 路尘 发自莫斯科", &["路尘"])),
            time: Some(("03月18日 23:10", "2018-03-18T23:10:00+08:00")),
            paid: false,
            summary: "俄罗斯总统选举投票结束，出口民调显示普京领先。",
        },
        Entry {
            url: "https://www.caixin.com/2018-03-18/101223001.html",
            title: "一位作家的告别",
            label: Some(("【读书】", "读书")),
            label_href: None,
            byline: Some(("李昕|文", &["李昕"])),
            time: Some(("03月18日 15:06", "2018-03-18T15:06:00+08:00")),
            paid: true,
            summary: "他留下了三十多部作品和一座书房。",
        },
    ]
}

/// Where the label stands.
#[derive(Clone, Copy, Debug)]
enum LabelAt {
    /// In the entry's own element, before the title.
    InsideBefore,
    /// In the entry's own element, after the summary.
    InsideAfter,
    /// A sibling element before the entry.
    OutsideBefore,
    /// A sibling element after the entry.
    OutsideAfter,
}

/// Deterministic class names: a small LCG over the seed.
struct Names(u64);

impl Names {
    fn next(&mut self) -> String {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        format!("c{:x}", (self.0 >> 33) % 0xfffff)
    }
}

/// A paid mark of one of four kinds; a `title` in the site's own words (caixin.com's `收费文章`, an
/// English page's "Paid").
fn paid_mark(kind: usize, names: &mut Names, cn: bool) -> String {
    match kind % 4 {
        0 => format!(r#"<i class="{}-key"></i>"#, names.next()),
        1 => format!(r#"<span class="{}" title="{}"></span>"#, names.next(), if cn { "收费文章" } else { "Paid article" }),
        2 => format!(r#"<var class="lock {}"></var>"#, names.next()),
        _ => r#"<span class="paid-badge"></span>"#.to_string(),
    }
}

fn label_html(e: &Entry, names: &mut Names) -> String {
    let Some((label, _)) = e.label else { return String::new() };
    let label = label.replace('&', "&amp;");
    match e.label_href {
        Some(href) => format!(r#"<div class="{}"><a href="{href}">{label}</a></div>"#, names.next()),
        None => format!(r#"<div class="{}">{label}</div>"#, names.next()),
    }
}

/// One listing page in the given shape.
fn page(entries: &[Entry], at: LabelAt, ticker: bool, wrap: usize, seed: u64, cn: bool) -> String {
    let mut n = Names(seed);
    let mut html = String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>List</title></head><body>\n");
    if ticker {
        html += &format!("<div class=\"{}\"><ul>\n", n.next());
        for e in entries {
            // The ticker shows a short time on caixin.com and nothing on Caixin Global.
            let time = match (cn, e.time) {
                (true, Some((_, rfc))) => format!("<span>{}-{} {}</span>", &rfc[5..7], &rfc[8..10], &rfc[11..16]),
                _ => String::new(),
            };
            html += &format!("<li><a href=\"{}\">{}</a>{time}</li>\n", e.url, e.title);
        }
        html += "</ul></div>\n";
    }
    html += &format!("<div class=\"{}\">\n", n.next());
    for (i, e) in entries.iter().enumerate() {
        let open: String = (0..wrap).map(|_| format!("<div class=\"{}\">", n.next())).collect();
        let close = "</div>".repeat(wrap);
        let paid = if e.paid { paid_mark(i + seed as usize, &mut n, cn) } else { String::new() };
        let meta = match (e.byline, e.time) {
            (Some((b, _)), Some((t, _))) if cn => format!("<span>{b} {t}</span>"),
            (Some((b, _)), Some((t, _))) => format!("<p class=\"{}\">{b} / {t}</p>", n.next()),
            (Some((b, _)), None) => format!("<p class=\"{}\">{b}</p>", n.next()),
            (None, Some((t, _))) => format!("<span>{t}</span>"),
            (None, None) => String::new(),
        };
        let label = label_html(e, &mut n);
        let title = format!("<h4><a href=\"{}\">{}</a>{paid}</h4>", e.url, e.title);
        let summary = format!("<p>{}</p>", e.summary);
        let item_class = n.next();
        let entry =
            |inside: &str, after: &str| format!("<div class=\"{item_class}\">{open}{inside}{title}{meta}{summary}{after}{close}</div>\n");
        html += &match at {
            LabelAt::InsideBefore => entry(&label, ""),
            LabelAt::InsideAfter => entry("", &label),
            LabelAt::OutsideBefore => format!("{label}{}", entry("", "")),
            LabelAt::OutsideAfter => format!("{}{label}", entry("", "")),
        };
    }
    html += "</div></body></html>\n";
    html
}

fn check(entries: &[Entry], got: &[Article], shape: &str) {
    if std::env::var_os("DUMP_SHAPES").is_some() {
        eprintln!("{shape}: {:#?}", got.iter().map(|a| (&a.title, &a.section, &a.role)).collect::<Vec<_>>());
    }
    assert_eq!(got.len(), entries.len(), "{shape}: articles");
    for (e, a) in entries.iter().zip(got) {
        let at = format!("{shape}: {}", e.title);
        assert_eq!(a.url.as_deref(), Some(e.url), "{at}: order or url");
        assert_eq!(a.title.as_deref(), Some(e.title), "{at}: title");
        assert_eq!(a.section.as_deref(), e.label.map(|l| l.1), "{at}: section");
        assert_eq!(a.paywalled, e.paid, "{at}: paid");
        assert_eq!(a.published.as_deref(), e.time.map(|t| t.1), "{at}: time");
        assert_eq!(a.byline.as_deref(), e.byline.map(|b| b.0), "{at}: byline");
        let want: Vec<String> = e.byline.map(|b| b.1.iter().map(|s| s.to_string()).collect()).unwrap_or_default();
        assert_eq!(a.authors, want, "{at}: authors");
        assert_eq!(a.summary.as_deref(), Some(e.summary), "{at}: summary");
        assert_eq!(a.url_date.as_deref(), Some(&e.url[e.url.find("/20").unwrap() + 1..][..10]), "{at}: url_date");
    }
}

fn all_shapes(entries: &[Entry], base: &str, cn: bool) {
    let mut pages = 0;
    for at in [LabelAt::InsideBefore, LabelAt::InsideAfter, LabelAt::OutsideBefore, LabelAt::OutsideAfter] {
        for ticker in [false, true] {
            for wrap in 0..3 {
                for seed in [1u64, 7, 42] {
                    let html = page(entries, at, ticker, wrap, seed, cn);
                    let shape = format!("{at:?} ticker={ticker} wrap={wrap} seed={seed}");
                    let got = extract(&html, base).unwrap_or_else(|e| panic!("{shape}: {e}"));
                    if std::env::var_os("DUMP_SHAPES").is_some() {
                        eprintln!("{html}");
                    }
                    check(entries, &got.articles, &shape);
                    pages += 1;
                }
            }
        }
    }
    assert_eq!(pages, 72);
}

#[test]
fn caixin_global_listings_in_every_shape() {
    all_shapes(&global_entries(), "https://www.caixinglobal.com/", false);
}

#[test]
fn caixin_cn_listings_in_every_shape() {
    all_shapes(&cn_entries(), "https://www.caixin.com/", true);
}
