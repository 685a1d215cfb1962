//! Bylines: the raw text as shown → the list of author names. Role words and credits are not
//! authors: "By ", `记者`, `文|` / `|文`, `综合报道`, `发自香港`, news agencies in Chinese bylines
//! (`新华社`), and column names before the reporter (`世界说 路尘`). The site adds its own credit
//! words (its name, its columns) through `SiteRules::vocabulary`. What is left must read as a
//! person's name (`person::is_person`): `发布于` or `《财新周刊》` never becomes an author.

use super::person;
use std::borrow::Cow;

use super::text::{has_cjk, normalized};

/// English prefixes dropped before splitting ("By Ding Yi", "Written by …").
const EN_PREFIXES: [&str; 3] = ["written by ", "reported by ", "by "];
/// Markers of the writer's credit around the names: `文｜X`, `X|文`, `作者：X`.
const ZH_LEADS: [&str; 10] = ["作者：", "作者:", "撰文：", "撰文:", "文｜", "文|", "文/", "文／", "文 |", "文 ｜"];
const ZH_TAILS: [&str; 6] = ["|文", "｜文", "/文", "／文", " 文", "/摄"];
/// A token ending in one of these is a role, not a name (`驻华盛顿记者`, `专栏作家`, `特约作者`).
const ZH_ROLE_SUFFIXES: [&str; 13] =
    ["记者", "编辑", "通讯员", "作者", "撰文", "特约", "作家", "撰稿人", "评论员", "主笔", "研究员", "实习生", "编译"];
/// Whole tokens that are credits, not names: compiled reports, the writer's mark, agencies.
const ZH_CREDITS: [&str; 17] = [
    "文",
    "综合报道",
    "报道",
    "综合",
    "整理",
    "编译",
    "摄",
    "摄影",
    "新华社",
    "中新社",
    "中新网",
    "路透社",
    "法新社",
    "美联社",
    "彭博社",
    "共同社",
    "塔斯社",
];
/// A token ending in one of these is a credit line ("综合报道", "联合报道").
const ZH_CREDIT_SUFFIXES: [&str; 3] = ["报道", "整理", "编译"];
/// A Chinese name has at most this many characters (without a `·`).
const MAX_ZH_NAME_CHARS: usize = 4;

/// A byline read into people.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    /// The people, in the byline's order.
    pub names: Vec<String>,
    /// Some part of the line is neither a name nor a known credit, role, dateline or label: the
    /// line may not be a byline at all.
    pub doubtful: bool,
}

/// What one token of a byline is.
enum Token {
    Name(String),
    /// A credit, a role word, a dateline, a label: known, and not a person.
    Known,
    /// Text that reads as neither.
    Other,
}

/// Splits a byline into names: "By " removed, split on "and" / "," / "&" / "、" / "和" / "与";
/// for Chinese bylines also on spaces, with role words, credits, datelines (`发自…`) and column
/// names dropped. `credits`: the site's own words that are not names.
pub fn authors(byline: &str, credits: &[&str]) -> Vec<String> {
    read(byline, credits).names
}

/// `authors`, saying also whether some part of the line was neither a name nor a known word.
pub fn read(byline: &str, credits: &[&str]) -> Names {
    // (Borrowed while nothing is changed: a byline from a block is normal already, and most only
    // lose their "By ".)
    let mut s = normalized(byline);
    // A whole byline in parentheses: "（记者 杨巧伶）".
    if let Some(inner) = s.strip_prefix(['（', '(']).and_then(|r| r.strip_suffix(['）', ')'])) {
        s = Cow::Owned(inner.trim().to_string());
    }
    // The Chinese credit marks, only where there is Chinese (English bylines are most of a
    // Caixin Global page).
    if !s.is_ascii() {
        for lead in ZH_LEADS {
            if let Some(i) = s.find(lead) {
                s = Cow::Owned(s[i + lead.len()..].trim().to_string());
            }
        }
        for tail in ZH_TAILS {
            if let Some(rest) = s.strip_suffix(tail) {
                s = Cow::Owned(rest.trim().to_string());
            }
        }
    }
    // (Compared ignoring ASCII case, without a lower-case copy.)
    if s.eq_ignore_ascii_case("by") {
        return Names::default();
    }
    for p in EN_PREFIXES {
        if s.as_bytes().get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes())) {
            s = match s {
                Cow::Borrowed(b) => Cow::Borrowed(&b[p.len()..]),
                Cow::Owned(o) => Cow::Owned(o[p.len()..].to_string()),
            };
            break;
        }
    }
    let cjk = has_cjk(&s);
    let mut out = Names::default();
    // (Copied only when there is something to replace: most bylines name one person.)
    let separators = ['&', '、', '，', ';', '；'];
    let b = s.as_bytes();
    // (" and " found at the spaces; the separators by bytes in ASCII.)
    let and = memchr::memchr_iter(b' ', b).any(|i| b[i + 1..].starts_with(b"and ") || b[i + 1..].starts_with(b"And "));
    let separated = if s.is_ascii() { b.iter().any(|&c| c == b'&' || c == b';') } else { s.contains(separators) };
    let replaced = if and || separated {
        Cow::Owned(s.replace(" and ", ",").replace(" And ", ",").replace(separators, ","))
    } else {
        Cow::Borrowed(&*s)
    };
    for part in replaced.split(',') {
        let part = split_conjunction(part);
        if part.is_empty() {
            continue;
        }
        let mut kept: Vec<String> = Vec::new();
        if cjk && has_cjk(&part) {
            let mut after_from = false;
            let mut tokens: Vec<Token> = Vec::new();
            for token in part.split(' ').map(|t| t.trim_matches(|c: char| c == '｜' || c == '|' || c == '/')) {
                // "发自 北京": the place after a dateline's word.
                if std::mem::take(&mut after_from) {
                    continue;
                }
                if token == "发自" {
                    after_from = true;
                    continue;
                }
                tokens.push(zh_token(token, credits));
            }
            // A leading token that is not a person's name, before other names, is a column
            // (`世界说 路尘`, `人事观察 李昕`). Unless the site names it, the line is doubtful: a
            // reader that guessed it is a byline may be wrong.
            let first_other = tokens.iter().position(|t| !matches!(t, Token::Known));
            if let Some(f) = first_other {
                let column = match &tokens[f] {
                    Token::Name(n) => !looks_like_zh_name(n),
                    Token::Other => true,
                    Token::Known => false,
                };
                if column && tokens[f + 1..].iter().any(|t| matches!(t, Token::Name(_))) {
                    tokens[f] = Token::Known;
                    out.doubtful = true;
                }
            }
            for t in tokens {
                match t {
                    Token::Name(n) => kept.push(n),
                    Token::Known => {}
                    Token::Other => out.doubtful = true,
                }
            }
        } else {
            let name = person::clean(agency_stripped(&part));
            if person::is_person(name, credits) {
                kept.push(name.to_string());
            } else if !name.is_empty() && !person::is_function_word(name, credits) {
                out.doubtful = true;
            }
        }
        for n in kept {
            if !out.names.contains(&n) {
                out.names.push(n);
            }
        }
    }
    out
}

/// The author a source line states: "来源：财新网 作者：李昕" → "李昕", "Author: Ding Yi".
pub fn labelled_author(line: &str) -> Option<&str> {
    const LABELS: [&str; 4] = ["作者：", "作者:", "Author: ", "Author:"];
    const NEXT: [&str; 6] = ["来源", "编辑", "责任编辑", "Source", "|", "｜"];
    let (at, label) = LABELS.iter().find_map(|l| line.find(l).map(|i| (i, *l)))?;
    let rest = line[at + label.len()..].trim_start();
    let end = NEXT.iter().filter_map(|n| rest.find(n)).min().unwrap_or(rest.len());
    Some(rest[..end].trim()).filter(|n| !n.is_empty())
}

/// A line that is only a byline, without a date: "By Ding Yi", "专栏作家 邓海清 特约作者 陈曦",
/// "李昕|文", or two to four Chinese names ("徐和谦 刘爽爽").
pub fn is_names_line(line: &str, credits: &[&str]) -> bool {
    const MARKERS: [&str; 9] = ["记者", "作者", "作家", "文｜", "文|", "|文", "｜文", "撰文", "评论员"];
    if line.chars().count() > 40 || line.contains(['，', '。', '！', '？', ',', '.', ';', '；', ':', '：', '!', '?']) {
        return false;
    }
    let names = authors(line, credits);
    if names.is_empty() {
        return false;
    }
    if line.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("by ")) {
        return true;
    }
    if !has_cjk(line) {
        return false;
    }
    if MARKERS.iter().any(|m| line.contains(m)) {
        return true;
    }
    let tokens: Vec<&str> = line.split([' ', '、']).filter(|t| !t.is_empty()).collect();
    (2..=4).contains(&tokens.len()) && tokens.iter().all(|t| looks_like_zh_name(t) && has_cjk(t))
}

/// The reporters a text names at its start, when no line above it does: a writer's line of its
/// own (`文｜财新记者 王力 实习记者 陈楠`; `whole` = the paragraph is only that, not text), or the
/// Chinese news lead's parentheses (`【财新网】（记者 于海荣）…`, `新华社北京3月19日电（记者 李四）…`;
/// the paragraph stays text). Returns (byline, whole).
pub fn opening_byline(first: &str, credits: &[&str]) -> Option<(String, bool)> {
    /// The lead's source and dateline before the parentheses are short, not a sentence.
    const MAX_LEAD_PREFIX_CHARS: usize = 24;
    // A paragraph of its own only with a writer's mark: a bare "黄金 白银" or "By the numbers"
    // opening the text is text, not a byline.
    const MARKS: [&str; 8] = ["记者", "作者", "文｜", "文|", "|文", "｜文", "撰文", "评论员"];
    let by_names = first
        .strip_prefix("By ")
        .is_some_and(|rest| rest.split_whitespace().all(|w| w == "and" || w == "&" || w.chars().next().is_some_and(char::is_uppercase)));
    if (by_names || MARKS.iter().any(|m| first.contains(m))) && (is_names_line(first, credits) || is_long_byline(first, credits)) {
        return Some((first.to_string(), true));
    }
    let open = first.find(['（', '('])?;
    let prefix = &first[..open];
    if prefix.chars().count() > MAX_LEAD_PREFIX_CHARS || prefix.contains(['，', '。', '；', ',', ';']) {
        return None;
    }
    let inner = first[open..].trim_start_matches(['（', '(']);
    let names = inner[..inner.find(['）', ')'])?].trim();
    // A role word inside: "（更新）" or "（2018年）" name nobody.
    (names.contains("记者") && is_names_line(names, credits)).then(|| (names.to_string(), false))
}

/// A writer's line longer than a names line: several reporters with their datelines,
/// `文｜财新周刊 王力 陈楠 发自北京，约翰·史密斯 发自美国首都华盛顿`. Every part is a name or a known word
/// (a credit, a role, a dateline), and it is no sentence.
fn is_long_byline(line: &str, credits: &[&str]) -> bool {
    const MAX_BYLINE_PARAGRAPH_CHARS: usize = 160;
    if line.chars().count() > MAX_BYLINE_PARAGRAPH_CHARS || line.contains(['。', '！', '？', '!', '?', ';', '；', '.']) {
        return false;
    }
    let r = read(line, credits);
    !r.names.is_empty() && !r.doubtful
}

/// "李四和王五" → "李四", "王五"; but "徐和谦" is one name: 和 and 与 join names only when each
/// side is a name of two characters or more.
/// Returns the part normalised, with such a 和 / 与 turned into a space (Chinese bylines are split
/// on spaces next).
fn split_conjunction(part: &str) -> Cow<'_, str> {
    let part = normalized(part);
    // Without 和 or 与 the tokens are joined back as they were.
    if part.is_ascii() || !part.contains(['和', '与']) {
        return part;
    }
    let mut out: Vec<&str> = Vec::new();
    for token in part.split(' ') {
        let pieces: Vec<&str> = token.split(['和', '与']).collect();
        if pieces.len() > 1 && pieces.iter().all(|p| p.chars().count() >= 2) {
            out.extend(pieces);
        } else {
            out.push(token);
        }
    }
    Cow::Owned(out.join(" "))
}

/// What one token of a Chinese byline is.
fn zh_token(token: &str, credits: &[&str]) -> Token {
    let t = person::clean(token.trim_matches(|c: char| matches!(c, '[' | ']')));
    if t.is_empty()
        || credits.contains(&t)
        || ZH_CREDITS.contains(&t)
        || t.starts_with("发自")
        || t.starts_with('据')
        || ZH_ROLE_SUFFIXES.iter().any(|r| t.ends_with(r))
        || ZH_CREDIT_SUFFIXES.iter().any(|r| t.ends_with(r))
        || person::is_function_word(t, credits)
    {
        return Token::Known;
    }
    // (The known words were ruled out above.)
    if person::reads_as_name(t) {
        Token::Name(t.to_string())
    } else {
        Token::Other
    }
}

/// Two to four Chinese characters starting with a common surname, or a transliterated name
/// with `·`, or Latin letters.
fn looks_like_zh_name(t: &str) -> bool {
    if t.contains(['·', '•']) || !has_cjk(t) {
        return true;
    }
    (2..=MAX_ZH_NAME_CHARS).contains(&t.chars().count()) && person::has_surname(t)
}

/// `CNBC-Christina Farr`: an agency in capitals joined to the writer's name.
fn agency_stripped(part: &str) -> &str {
    match part.split_once(['-', '–']) {
        Some((agency, name))
            if agency.len() >= 2
                && agency.chars().all(|c| c.is_ascii_uppercase())
                && name.trim().chars().next().is_some_and(char::is_uppercase)
                && name.contains(' ') =>
        {
            name.trim()
        }
        _ => part,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAIXIN: &[&str] = &["财新", "财新网", "财新记者"];

    #[test]
    fn the_reporters_a_text_opens_with() {
        let o = |s: &str| opening_byline(s, CAIXIN);
        assert_eq!(o("【财新网】（记者 于海荣 实习记者 张三）11月22日，央行宣布降准。"), Some(("记者 于海荣 实习记者 张三".into(), false)));
        assert_eq!(o("新华社北京3月19日电（记者 李四）十三届全国人大一次会议闭幕。"), Some(("记者 李四".into(), false)));
        assert_eq!(o("文｜财新记者 王力 实习记者 陈楠"), Some(("文｜财新记者 王力 实习记者 陈楠".into(), true)));
        assert_eq!(o("【财新网】（更新）央行宣布降准。"), None);
        assert_eq!(o("By Qu Hui and Ding Yi"), Some(("By Qu Hui and Ding Yi".into(), true)));
        // Text that only looks like names.
        assert_eq!(o("By the numbers"), None);
        assert_eq!(o("黄金 白银"), None);
        assert_eq!(o("【财新网】11月22日，央行宣布降准（记者 于海荣）。"), None, "not at the start");
        assert_eq!(o("分析人士认为，这一调整有助于形成统一指挥、反应灵敏的应急体系（记者 李四 注）。"), None);
    }

    #[test]
    fn english_bylines() {
        let a = |s: &str| authors(s, &[]);
        assert_eq!(a("By Ding Yi"), ["Ding Yi"]);
        assert_eq!(a("Qu Hui and Ding Yi"), ["Qu Hui", "Ding Yi"]);
        assert_eq!(a("By Nikkei Asian Review"), ["Nikkei Asian Review"]);
        assert_eq!(a("A, B & C"), ["A", "B", "C"]);
        assert_eq!(a("CNBC-Christina Farr"), ["Christina Farr"]);
        assert_eq!(a("Jean-Luc Picard"), ["Jean-Luc Picard"]);
        assert!(a("").is_empty());
        assert!(a("By ").is_empty());
    }

    #[test]
    fn chinese_bylines() {
        let a = |s: &str| authors(s, CAIXIN);
        assert_eq!(a("文｜财新 韩宇航"), ["韩宇航"]);
        assert_eq!(a("作者：韩宇航"), ["韩宇航"]);
        assert_eq!(a("文｜财新 王小青 发自香港"), ["王小青"]);
        assert_eq!(a("实习记者 李宓 记者 彭岩锋"), ["李宓", "彭岩锋"]);
        assert_eq!(a("驻香港见习记者 刘雁菲 记者 彭骎骎"), ["刘雁菲", "彭骎骎"]);
        assert_eq!(a("记者 郑丽纯 王婧"), ["郑丽纯", "王婧"]);
        assert_eq!(a("张三、李四和王五"), ["张三", "李四", "王五"]);
        assert_eq!(a("徐和谦 刘爽爽"), ["徐和谦", "刘爽爽"]);
        assert_eq!(a("记者 张三与李四"), ["张三", "李四"]);
    }

    #[test]
    fn credits_roles_agencies_and_columns_are_not_authors() {
        let a = |s: &str| authors(s, CAIXIN);
        assert_eq!(a("李昕|文"), ["李昕"]);
        assert_eq!(a("李昕｜文"), ["李昕"]);
        assert_eq!(a("文/李昕"), ["李昕"]);
        assert_eq!(a("文| 财新记者 杨巧伶"), ["杨巧伶"]);
        assert_eq!(a("记者 沈凡 黄凯茜 综合报道"), ["沈凡", "黄凯茜"]);
        assert!(a("综合报道").is_empty());
        assert!(a("新华社").is_empty());
        assert_eq!(a("新华社记者 张三"), ["张三"]);
        assert_eq!(a("世界说 路尘 发自莫斯科"), ["路尘"]);
        assert_eq!(a("人事观察 李昕"), ["李昕"]);
        assert_eq!(a("专栏作家 邓海清 特约作者 陈曦"), ["邓海清", "陈曦"]);
        assert_eq!(a("记者 田佳玮 驻华盛顿记者 蒋梦婕"), ["田佳玮", "蒋梦婕"]);
        assert_eq!(a("文｜财新 杨子锐（见习）"), ["杨子锐"]);
        assert_eq!(a("（记者 杨巧伶）"), ["杨巧伶"]);
        assert_eq!(a("欧阳明月 约翰·史密斯"), ["欧阳明月", "约翰·史密斯"]);
        // A lone name the surname list does not know is still the author (a pen name).
        assert_eq!(a("老愚"), ["老愚"]);
    }

    #[test]
    fn edges_of_the_chinese_token_rules() {
        let a = |s: &str| authors(s, CAIXIN);
        // An English name among Chinese ones stays whole.
        assert_eq!(a("张三, John Smith"), ["张三", "John Smith"]);
        // Separators stuck to names, and alone between them.
        assert_eq!(a("张三| 李四/ 王五｜"), ["张三", "李四", "王五"]);
        assert_eq!(a("张三 | 李四"), ["张三", "李四"]);
        // A column in brackets after the name, and a transliterated name first.
        assert_eq!(a("张三 【财新时间】"), ["张三"]);
        assert_eq!(a("约翰·史密斯 张三"), ["约翰·史密斯", "张三"]);
        // Five characters without a `·` are not a name; four are.
        assert_eq!(a("张三 欧阳明月"), ["张三", "欧阳明月"]);
        assert_eq!(a("张三 财新一线报"), ["张三"]);
    }

    #[test]
    fn authors_stated_on_source_lines() {
        assert_eq!(labelled_author("来源：财新网 作者：李昕"), Some("李昕"));
        assert_eq!(labelled_author("作者：李昕 来源：新华社"), Some("李昕"));
        assert_eq!(labelled_author("Source: Caixin | Author: Ding Yi"), Some("Ding Yi"));
        assert_eq!(labelled_author("来源：财新网"), None);
    }

    #[test]
    fn lines_that_are_only_names() {
        for yes in ["By Ding Yi", "专栏作家 邓海清 特约作者 陈曦", "李昕|文", "徐和谦 刘爽爽", "记者 沈凡 黄凯茜 综合报道"]
        {
            assert!(is_names_line(yes, CAIXIN), "{yes}");
        }
        // At most 40 characters.
        assert!(is_names_line(&format!("By {}", "A".repeat(37)), CAIXIN));
        assert!(!is_names_line(&format!("By {}", "A".repeat(38)), CAIXIN));
        for no in [
            "By the way, prices rose",
            "金融",
            "显影",
            "The central bank said it would act.",
            "Byte-sized news",
            "宇树科技开启询价",
            "财新周刊 2026年第30期",
            "综合报道",
        ] {
            assert!(!is_names_line(no, CAIXIN), "{no}");
        }
    }
}
