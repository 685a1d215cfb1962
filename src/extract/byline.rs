//! Bylines: the raw text as shown → the list of author names.

use super::text::{has_cjk, normalize};

/// English prefixes dropped before splitting ("By Ding Yi", "Written by …").
const EN_PREFIXES: [&str; 3] = ["written by ", "reported by ", "by "];
/// Chinese role words: a token that is one of these, or ends with 记者/编辑/通讯员, is not a name.
const ZH_ROLE_SUFFIXES: [&str; 6] = ["记者", "编辑", "通讯员", "作者", "撰文", "特约"];
const ZH_NOT_NAMES: [&str; 5] = ["财新", "财新网", "财新记者", "财新周刊", "文"];

/// Splits a byline into names: "By " removed, split on "and" / "," / "&" / "、" / "和" / "与"; for
/// Chinese bylines also on spaces, with role words ("记者", "文｜财新") and "发自…" dropped.
pub fn authors(byline: &str) -> Vec<String> {
    let mut s = normalize(byline);
    for sep in ["作者：", "作者:", "文｜", "文|", "文/", "撰文："] {
        if let Some(i) = s.find(sep) {
            s = s[i + sep.len()..].to_string();
        }
    }
    let lower = s.to_ascii_lowercase();
    if lower == "by" {
        return Vec::new();
    }
    for p in EN_PREFIXES {
        if lower.starts_with(p) {
            s = s[p.len()..].to_string();
            break;
        }
    }
    let cjk = has_cjk(&s);
    let mut names = Vec::new();
    let replaced = s.replace(" and ", ",").replace(" And ", ",").replace(['&', '、', '，', ';', '；', '和', '与'], ",");
    for part in replaced.split(',') {
        let part = normalize(part);
        if part.is_empty() {
            continue;
        }
        if cjk && has_cjk(&part) {
            for token in part.split(' ') {
                let token = token.trim_matches(|c: char| c == '｜' || c == '|' || c == '/');
                if token.is_empty()
                    || ZH_NOT_NAMES.contains(&token)
                    || token.starts_with("发自")
                    || ZH_ROLE_SUFFIXES.iter().any(|r| token.ends_with(r))
                {
                    continue;
                }
                names.push(token.to_string());
            }
        } else {
            names.push(part);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_bylines() {
        assert_eq!(authors("By Ding Yi"), ["Ding Yi"]);
        assert_eq!(authors("Qu Hui and Ding Yi"), ["Qu Hui", "Ding Yi"]);
        assert_eq!(authors("By Nikkei Asian Review"), ["Nikkei Asian Review"]);
        assert_eq!(authors("A, B & C"), ["A", "B", "C"]);
        assert!(authors("").is_empty());
        assert!(authors("By ").is_empty());
    }

    #[test]
    fn chinese_bylines() {
        assert_eq!(authors("文｜财新 韩宇航"), ["韩宇航"]);
        assert_eq!(authors("作者：韩宇航"), ["韩宇航"]);
        assert_eq!(authors("文｜财新 王小青 发自香港"), ["王小青"]);
        assert_eq!(authors("实习记者 李宓 记者 彭岩锋"), ["李宓", "彭岩锋"]);
        assert_eq!(authors("驻香港见习记者 刘雁菲 记者 彭骎骎"), ["刘雁菲", "彭骎骎"]);
        assert_eq!(authors("记者 郑丽纯 王婧"), ["郑丽纯", "王婧"]);
        assert_eq!(authors("张三、李四和王五"), ["张三", "李四", "王五"]);
    }
}
