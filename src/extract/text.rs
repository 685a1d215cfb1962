//! Text normalisation and counting shared by every pass.

/// Runs of any whitespace (including U+3000 ideographic space and NBSP) become one space; trimmed.
/// Quotes, dashes and CJK characters are kept exactly (export-schema rule).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for ch in s.chars() {
        if ch.is_whitespace() || ch == '\u{200b}' || ch == '\u{feff}' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(ch);
        }
    }
    out
}

/// `normalize`, and `None` when nothing is left.
pub fn non_empty(s: &str) -> Option<String> {
    let n = normalize(s);
    (!n.is_empty()).then_some(n)
}

/// Han ideographs, kana and hangul: characters that count as one word each.
pub fn is_cjk(ch: char) -> bool {
    matches!(ch as u32,
        0x3040..=0x30FF   // kana
        | 0x3400..=0x4DBF // CJK ext A
        | 0x4E00..=0x9FFF // CJK unified
        | 0xAC00..=0xD7AF // hangul
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0x20000..=0x2FA1F)
}

pub fn has_cjk(s: &str) -> bool {
    s.chars().any(is_cjk)
}

/// Words in English text, characters in CJK text: each CJK character counts one, and each run of
/// other non-space characters that holds a letter or digit counts one.
pub fn word_count(paragraphs: &[String]) -> usize {
    let mut count = 0;
    for p in paragraphs {
        let mut in_word = false;
        let mut word_has_alnum = false;
        for ch in p.chars() {
            if is_cjk(ch) {
                if in_word && word_has_alnum {
                    count += 1;
                }
                in_word = false;
                word_has_alnum = false;
                count += 1;
            } else if ch.is_whitespace() || is_cjk_punct(ch) {
                if in_word && word_has_alnum {
                    count += 1;
                }
                in_word = false;
                word_has_alnum = false;
            } else {
                in_word = true;
                word_has_alnum |= ch.is_alphanumeric();
            }
        }
        if in_word && word_has_alnum {
            count += 1;
        }
    }
    count
}

fn is_cjk_punct(ch: char) -> bool {
    matches!(ch as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

/// Cuts `s` to at most `max` characters on a char boundary (for warnings and labels).
pub fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_all_whitespace_kinds() {
        assert_eq!(normalize("  a\n\t b\u{3000}\u{3000}c\u{a0}d  "), "a b c d");
        assert_eq!(normalize("“Quote” – dash"), "“Quote” – dash");
        assert_eq!(non_empty(" \n "), None);
    }

    #[test]
    fn word_count_counts_cjk_characters_and_english_words() {
        assert_eq!(word_count(&["Hello, world — 42 times.".into()]), 4);
        assert_eq!(word_count(&["【财新网】宇树科技IPO".into()]), 3 + 4 + 1);
        assert_eq!(word_count(&[]), 0);
    }

    #[test]
    fn truncate_keeps_char_boundaries() {
        assert_eq!(truncate_chars("宇树科技", 2), "宇树…");
        assert_eq!(truncate_chars("ab", 5), "ab");
    }
}
