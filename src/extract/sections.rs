//! Section labels: reading them in any case and spelling, and giving them in the site's canonical
//! form, so that `BUSINESS & TECH`, `Business&Tech` and a link to `/business-and-tech/` are one
//! section (one chip in the sidebar). The vocabulary is the site's (`SiteRules::sections`); what is
//! here knows no site.

use super::rules::Ctx;
use super::text::normalize;
use super::url;

pub use super::rules::Section;

/// A label longer than this is a headline or a sentence, not a section.
pub const MAX_LABEL_CHARS: usize = 32;
/// English labels have at most this many words ("Society & Culture", "Policy & Regulation").
const MAX_LABEL_WORDS: usize = 5;

/// A label folded for comparison: lower case, `＆` and "and" as `&`, brackets and spaces around
/// `&` removed, whitespace collapsed.
pub fn fold(label: &str) -> String {
    let t = strip_brackets(&normalize(label)).to_lowercase().replace('＆', "&").replace(" and ", " & ");
    normalize(&t.replace('&', " & "))
}

/// `【影视】` → `影视`, `[Opinion]` → `Opinion`.
fn strip_brackets(t: &str) -> &str {
    for (open, close) in [('【', '】'), ('[', ']'), ('〔', '〕'), ('［', '］')] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner.trim();
        }
    }
    t
}

/// Could this text be a section label at all? Short, no sentence punctuation, not a number.
pub fn label_shaped(t: &str) -> bool {
    // A character is at most four bytes: a longer text (a paragraph) is answered without counting.
    if t.len() > 4 * MAX_LABEL_CHARS {
        return false;
    }
    let n = t.chars().count();
    (1..=MAX_LABEL_CHARS).contains(&n)
        && t.split_whitespace().count() <= MAX_LABEL_WORDS
        && !t.contains(['，', '。', ',', '.', ';', '；', '！', '？', '!', '?', ':', '：', '|', '｜', '“', '"'])
        && t.chars().any(char::is_alphabetic)
}

/// Latin text written all in capitals ("BUSINESS & TECH"): a label's typography.
pub fn all_caps(t: &str) -> bool {
    t.chars().any(|c| c.is_ascii_alphabetic()) && !t.chars().any(|c| c.is_lowercase())
}

/// The site's canonical name for a label, when its vocabulary has it.
pub fn known(ctx: &Ctx<'_>, label: &str) -> Option<&'static str> {
    let f = fold(label);
    ctx.site.sections().iter().find(|s| fold(s.name) == f || s.aliases.iter().any(|a| fold(a) == f)).map(|s| s.name)
}

/// The section a label names, in the site's canonical form: the vocabulary's name, else the label
/// itself with brackets dropped, `＆` as `&`, and capitals as title case (`MARKETS` → `Markets`).
pub fn name_of_label(ctx: &Ctx<'_>, label: &str) -> Option<String> {
    let label = normalize(label);
    if !label_shaped(&label) {
        return None;
    }
    if let Some(k) = known(ctx, &label) {
        return Some(k.to_string());
    }
    let t = strip_brackets(&label).replace('＆', "&");
    Some(if all_caps(&t) { title_case(&t) } else { t })
}

/// `POLICY & REGULATION` → `Policy & Regulation`; short words stay lower case inside, and two
/// letters stay capitals (`US`, `EU`).
fn title_case(t: &str) -> String {
    const SMALL: [&str; 9] = ["and", "of", "the", "in", "on", "for", "to", "a", "an"];
    t.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && SMALL.contains(&lower.as_str()) {
                lower
            } else if w.len() <= 2 && w.chars().all(|c| c.is_ascii_uppercase()) {
                w.to_string()
            } else {
                let mut c = lower.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The section a link to a section page names (`/business-and-tech/`, `/section-news/?t=ID`, a
/// channel's home page `https://finance.caixin.com/`).
pub fn of_link(ctx: &Ctx<'_>, u: &str) -> Option<&'static str> {
    let p = url::parse(u)?;
    let host = p.host.to_ascii_lowercase();
    let rules = ctx.rules_for(&host);
    let query = u.split_once('?').map(|(_, q)| q).unwrap_or("");
    let path = if p.path.ends_with('/') { p.path.to_string() } else { format!("{}/", p.path) };
    let with_query = format!("{}?{query}", p.path);
    rules
        .sections()
        .iter()
        .find(|s| {
            s.paths.iter().any(|sp| *sp == path || (!query.is_empty() && *sp == with_query))
                || (path == "/" && s.hosts.iter().any(|h| host.starts_with(h)))
        })
        .map(|s| s.name)
}

/// The section an article's own host implies (a channel subdomain), if its site says so.
pub fn of_article_host(ctx: &Ctx<'_>, u: &str) -> Option<&'static str> {
    let host = url::host(u)?;
    ctx.rules_for(&host).sections().iter().find(|s| s.hosts.iter().any(|h| host.starts_with(h))).map(|s| s.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fold_and_take_a_canonical_form() {
        assert_eq!(fold("BUSINESS & TECH"), fold("Business&Tech"));
        assert_eq!(fold("Business and Tech"), "business & tech");
        assert_eq!(fold("POLICY ＆ REGULATION"), "policy & regulation");
        assert_eq!(fold("【影视】"), "影视");
        let ctx = Ctx::plain("https://example.com/");
        assert_eq!(name_of_label(&ctx, "MARKETS & THE ECONOMY").as_deref(), Some("Markets & the Economy"));
        assert_eq!(name_of_label(&ctx, "US TRADE").as_deref(), Some("US Trade"));
        assert_eq!(name_of_label(&ctx, "【影视】").as_deref(), Some("影视"));
        assert_eq!(name_of_label(&ctx, "来源：财新网"), None);
        assert_eq!(name_of_label(&ctx, "The central bank said on Monday it would act."), None);
        assert_eq!(name_of_label(&ctx, "0"), None);
        // A small word is lowered only after the first word ("A" first stays a capital).
        assert_eq!(name_of_label(&ctx, "A SHARE MARKET").as_deref(), Some("A Share Market"));
        assert_eq!(name_of_label(&ctx, "ABC OF TECH").as_deref(), Some("Abc of Tech"));
    }

    #[test]
    fn section_pages_by_path_query_and_channel_host() {
        let ctx = Ctx::new("https://www.caixinglobal.com/", crate::sites::SITES);
        let of = |u: &str| of_link(&ctx, u);
        assert_eq!(of("https://www.caixinglobal.com/finance/"), Some("Finance"));
        assert_eq!(of("https://www.caixinglobal.com/finance"), Some("Finance"), "without the trailing slash");
        // A topic id names a section only with its query, and only its own.
        assert_eq!(of("https://www.caixinglobal.com/section-news/?t=101010304"), Some("Finance"));
        assert_eq!(of("https://www.caixinglobal.com/section-news/?t=101010305"), Some("Economy"));
        assert_eq!(of("https://www.caixinglobal.com/section-news/?t=1"), None);
        assert_eq!(of("https://www.caixinglobal.com/section-news/"), None);
        // Any other query on a page that is not a section's does not make it one.
        assert_eq!(of("https://www.caixinglobal.com/search/?keyword=finance"), None);
        // A channel's home page names its channel; a page under it (a columnist's) does not.
        assert_eq!(of("http://finance.caixin.com/"), Some("金融"));
        assert_eq!(of("https://finance.caixin.com"), Some("金融"));
        assert_eq!(of("https://opinion.caixin.com/wuge_mjxx/"), None);
        assert_eq!(of("https://www.caixin.com/"), None);
        assert_eq!(of_article_host(&ctx, "https://finance.caixin.com/2018-03-19/101223100.html"), Some("金融"));
        assert_eq!(of_article_host(&ctx, "https://www.caixin.com/2018-03-19/101223100.html"), None);
    }
}
