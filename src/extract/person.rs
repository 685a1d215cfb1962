//! A person is a name. Every reader of people goes through this one predicate (bylines, source
//! lines, JSON-LD and meta authors, contact and staff lines, on every layer): a value that does not
//! read as a person's name in its script is neither an author nor a contact, whoever found it.
//!
//! - Chinese: two Han characters (`王力`, a pen name `老愚`), three or four starting with a common
//!   surname (`韩宇航`, `欧阳明月`), or a transliterated name with `·` or `•` (`约翰·史密斯`).
//! - Latin: one to six capitalised words (`Ding Yi`, `Jean-Luc Picard`, `J. R. Smith`,
//!   `O’Neil`), with lower-case particles between them (`Ludwig van Beethoven`).
//! - Never: a function word (`发布于`, `来源于`, `更新于`, `出版日期`, `Published`), a role word
//!   (`记者`, `编辑`), a publication (anything in `《》`), a desk or an agency (`新华社`, `…编辑部`,
//!   `…网`), an issue number (`第09期`), a date or anything with digits, or a word the site names as
//!   its own (`SiteRules::vocabulary().credit_words`: `财新周刊`).
//!
//! An English agency byline ("By Bloomberg") stays a name: it reads as one, and the export
//! contract's own example keeps it.

use super::text::is_cjk;

/// Chinese words that label, date or credit, and are never a person. Sorted by bytes: looked up
/// by binary search (this runs for every token of every byline).
const ZH_FUNCTION_WORDS: &[&str] = &[
    "专栏",
    "主编",
    "作者",
    "全文",
    "写于",
    "出品",
    "出版日期",
    "出版时间",
    "分享",
    "刊发于",
    "刊登于",
    "制作",
    "原标题",
    "发布于",
    "发布日期",
    "发布时间",
    "发自",
    "发表于",
    "图片",
    "实习生",
    "快讯",
    "报道",
    "摄影",
    "收藏",
    "整理",
    "日期",
    "时间",
    "更新于",
    "更新日期",
    "更新时间",
    "本刊",
    "本台",
    "本报",
    "来源",
    "来源于",
    "校对",
    "正文",
    "点赞",
    "特稿",
    "独家",
    "留言",
    "监制",
    "策划",
    "统筹",
    "综合报道",
    "综述",
    "编译",
    "编辑",
    "记者",
    "评论",
    "责任编辑",
    "转载于",
    "返回",
    "通讯员",
    "首页",
];

fn is_zh_function_word(w: &str) -> bool {
    ZH_FUNCTION_WORDS.binary_search(&w).is_ok()
}

/// Endings of a desk, a publication or an organisation (three characters or more): `新华社`,
/// `人民网`, `经济日报`, `国际部`, `数据中心`.
const ZH_BODY_ENDINGS: &[&str] = &[
    "社",
    "网",
    "报",
    "台",
    "部",
    "组",
    "中心",
    "频道",
    "周刊",
    "杂志",
    "新闻",
    "编辑部",
    "工作室",
    "研究院",
    "研究所",
    "办公室",
    "委员会",
    "公司",
    "集团",
    "银行",
    "协会",
    "栏目",
];
/// Latin words that label a line and never stand in a name.
const EN_LABEL_WORDS: &[&str] = &["published", "updated", "posted", "source", "sources", "contact", "photo", "photos", "subscribe"];
/// Latin words that are not a name on their own.
const EN_NOT_ALONE: &[&str] = &[
    "by",
    "and",
    "editor",
    "editors",
    "reporter",
    "reporters",
    "author",
    "authors",
    "writer",
    "staff",
    "correspondent",
    "next",
    "previous",
    "home",
    "more",
    "related",
    "share",
    "listen",
    "read",
    "news",
    "agencies",
];
/// Lower-case particles inside Latin names.
const PARTICLES: &[&str] =
    &["van", "von", "der", "den", "de", "da", "di", "du", "del", "della", "la", "le", "bin", "al", "dos", "des", "ter", "ten", "y"];
/// Common Chinese surnames: a name of two to four characters starts with one. (A leading token
/// that does not is a column's name: `世界说 路尘`, `人事观察 李昕`.)
pub(crate) const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱丘江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由虎";
pub(crate) const COMPOUND_SURNAMES: [&str; 20] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "钟离", "端木",
    "独孤", "南宫", "西门",
];
/// Role words in parentheses after a name: `杨子锐（见习）`.
const PAREN_ROLES: &[&str] = &["见习", "实习", "特约", "驻站"];
/// A Chinese name has at most this many Han characters (without a `·`).
const MAX_HAN_NAME: usize = 4;
/// A transliterated name (`·`) has at most this many characters.
const MAX_DOTTED_NAME: usize = 16;
/// A Latin name has at most this many words.
const MAX_LATIN_WORDS: usize = 6;

/// A Han ideograph (not kana, hangul or CJK punctuation).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF)
}

/// Does a Chinese name start with a common surname (one character, or two: `欧阳`)?
pub fn has_surname(name: &str) -> bool {
    name.chars().next().is_some_and(|c| SURNAMES.contains(c)) || COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s))
}

/// The name in a token as a page writes it, without what surrounds a name but is not one: the
/// separators and brackets around it, a staff code or a role in parentheses after it
/// (`李东昊(ZN028)`, `杨子锐（见习）`).
pub fn clean(token: &str) -> &str {
    let mut t = token.trim_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '｜' | '/' | '／' | '：' | ':' | '，' | ',' | '、'));
    if let Some(open) = t.find(['（', '(']) {
        let inner = t[open..].trim_start_matches(['（', '(']).trim_end_matches(['）', ')']);
        // A staff code has letters ("ZN028"); "(0)" is a counter, and stays (no name has one).
        let code = inner.chars().any(|c| c.is_ascii_alphabetic()) && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if (code || PAREN_ROLES.iter().any(|r| inner.contains(r))) && open > 0 && t.ends_with(['）', ')']) {
            t = t[..open].trim();
        }
    }
    t
}

/// Is `name` a word that labels, dates or credits (known not to be a person, as opposed to text
/// that merely does not read as a name)?
pub fn is_function_word(name: &str, not_names: &[&str]) -> bool {
    // Compared without allocating: this runs for every name of every article.
    let latin = |list: &[&str], w: &str| list.iter().any(|l| l.eq_ignore_ascii_case(w));
    if not_names.contains(&name) {
        return true;
    }
    if name.is_ascii() {
        // (Words split on the bytes: ASCII.)
        let label_word = |w: &[u8]| {
            let end = w.iter().rposition(|&c| c != b':').map_or(0, |i| i + 1);
            EN_LABEL_WORDS.iter().any(|l| l.as_bytes().eq_ignore_ascii_case(&w[..end]))
        };
        return latin(EN_NOT_ALONE, name) || name.as_bytes().split(|&b| b == b' ').any(label_word);
    }
    is_zh_function_word(name) || is_publication(name) || is_issue(name)
}

/// Anything in `《》` (a publication), or a word of a desk or an organisation.
fn is_publication(name: &str) -> bool {
    if name.contains(['《', '》', '【', '】', '〈', '〉']) {
        return true;
    }
    let n = name.chars().count();
    n >= 3 && name.chars().all(is_han) && ZH_BODY_ENDINGS.iter().any(|e| name.ends_with(e))
}

/// `第09期`, `2026年第18期`.
fn is_issue(name: &str) -> bool {
    name.starts_with('第') && name.ends_with('期') || name.contains("年第")
}

/// Does `name` read as a person's name? `not_names`: the site's own words that are not
/// (`SiteRules::vocabulary().credit_words`).
pub fn is_person(name: &str, not_names: &[&str]) -> bool {
    let name = name.trim();
    !is_function_word(name, not_names) && reads_as_name(name)
}

/// The shape of a name in its script (`is_person` without the words that are known not to be).
pub fn reads_as_name(name: &str) -> bool {
    // ASCII (most names on an English page): its only numerals are digits, and it holds no dot of
    // a transliteration and no CJK: a Latin name or none.
    if name.is_ascii() {
        return !name.is_empty() && !name.bytes().any(|b| b.is_ascii_digit()) && is_latin_name(name);
    }
    if name.is_empty() || name.chars().any(|c| c.is_ascii_digit() || !is_han(c) && c.is_numeric()) {
        return false;
    }
    let n = name.chars().count();
    if name.contains(['·', '•', '・']) {
        // A transliterated name: every part Han (or every part Latin: "Jean·Paul" is rare, but
        // harmless), no spaces.
        let parts: Vec<&str> = name.split(['·', '•', '・']).collect();
        return n <= MAX_DOTTED_NAME
            && !name.contains(' ')
            && parts.iter().all(|p| !p.is_empty() && (p.chars().all(is_han) || p.chars().all(char::is_alphabetic)));
    }
    // Two characters: any (a pen name, `老愚`); three or four: a common surname first (`本期封面`,
    // `深度调查` are words, not people).
    if name.chars().all(is_han) {
        return n == 2 || (3..=MAX_HAN_NAME).contains(&n) && has_surname(name);
    }
    if name.chars().all(is_hangul) {
        return (2..=MAX_HAN_NAME).contains(&n);
    }
    if name.chars().any(is_cjk) {
        // Han mixed with kana (a Japanese name) stays short; anything else mixed is not a name.
        return n <= 2 * MAX_HAN_NAME && name.chars().all(|c| is_cjk(c) && !is_hangul(c));
    }
    is_latin_name(name)
}

/// One to six words, each capitalised (a letter first, then letters, `-`, `'`, `’`, `.`), or a
/// particle in lower case between them.
fn is_latin_name(name: &str) -> bool {
    if name.is_ascii() {
        // Most names on an English page: read on the bytes (split without a char searcher; the
        // letters are ASCII letters, and `’` cannot occur).
        let words = || name.as_bytes().split(|&b| b == b' ').filter(|w| !w.is_empty());
        return latin_words(
            words,
            |w| PARTICLES.iter().any(|p| p.as_bytes() == w),
            |w| w[0].is_ascii_uppercase() && w.iter().all(|&c| c.is_ascii_alphabetic() || matches!(c, b'-' | b'\'' | b'.')),
        );
    }
    let words = || name.split(' ').filter(|w| !w.is_empty());
    latin_words(
        words,
        |w| PARTICLES.contains(&w),
        |w| {
            w.chars().next().is_some_and(|c| c.is_alphabetic() && c.is_uppercase())
                && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        },
    )
}

/// The rule of `is_latin_name` over its words (each not empty, given afresh by `words`: they are
/// counted, then read, and no list is made), whatever they are read as.
fn latin_words<W: Copy, I: Iterator<Item = W>>(
    words: impl Fn() -> I,
    particle: impl Fn(W) -> bool,
    capitalised_word: impl Fn(W) -> bool,
) -> bool {
    let count = words().count();
    if count == 0 || count > MAX_LATIN_WORDS {
        return false;
    }
    let mut capitalised = 0;
    for (i, w) in words().enumerate() {
        if i > 0 && i + 1 < count && particle(w) {
            continue;
        }
        if !capitalised_word(w) {
            return false;
        }
        capitalised += 1;
    }
    capitalised > 0
}

/// The people of a list, each cleaned (`clean`), those that are no person left out, each once.
pub fn people(names: impl IntoIterator<Item = String>, not_names: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        let c = clean(&n);
        if is_person(c, not_names) && !out.iter().any(|o| o == c) {
            // The name itself when cleaning left it whole (most names: `clean` gives a part of
            // it), else the cleaned copy.
            let cleaned = (c.len() != n.len()).then(|| c.to_string());
            out.push(cleaned.unwrap_or(n));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &[&str] = &["财新", "财新周刊"];

    #[test]
    fn names_in_their_scripts() {
        for yes in [
            "王力",
            "欧阳明月",
            "韩宇航",
            "老愚",
            "约翰·史密斯",
            "Ding Yi",
            "Qu Hui",
            "Jean-Luc Picard",
            "J. R. Smith",
            "Ludwig van Beethoven",
            "O’Neil",
            "Bloomberg",
            "Nikkei Asian Review",
            "김민수",
        ] {
            assert!(is_person(yes, SITE), "{yes}");
        }
    }

    #[test]
    fn words_that_are_no_person() {
        for no in [
            "发布于",
            "来源于",
            "更新于",
            "出版日期",
            "作者",
            "编辑",
            "记者",
            "《财新周刊》",
            "财新周刊",
            "财新",
            "第09期",
            "2026年第18期",
            "2026年03月09日",
            "新华社",
            "国际编辑部",
            "人民网",
            "财新一线报",
            "Published",
            "Updated: Nov 27",
            "Source",
            "By",
            "Staff",
            "ding yi",
            "Ding Yi 2020",
            "A sentence, with a comma",
            "the numbers",
            "张三丰李四海",
            "本期封面",
            "深度调查",
            "",
        ] {
            assert!(!is_person(no, SITE), "{no}");
        }
    }

    #[test]
    fn the_function_words_are_sorted_for_their_binary_search() {
        assert!(ZH_FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(ZH_FUNCTION_WORDS.iter().all(|w| is_zh_function_word(w)));
    }

    #[test]
    fn what_surrounds_a_name_is_cleaned_off() {
        assert_eq!(clean("李东昊(ZN028)"), "李东昊");
        assert_eq!(clean("杨子锐（见习）"), "杨子锐");
        assert_eq!(clean(" |王五｜"), "王五");
        assert_eq!(clean("（更新）"), "（更新）");
        assert_eq!(clean("评论(0)"), "评论(0)");
        assert!(!is_person("评论(0)", SITE) && !is_person("评论", SITE));
        assert_eq!(people(["王五".into(), "发布于".into(), "王五".into(), "李东昊(ZN028)".into()], SITE), ["王五", "李东昊"]);
    }
}
