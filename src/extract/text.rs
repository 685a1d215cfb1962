//! Text normalisation and counting shared by every pass.

/// Runs of any whitespace (including U+3000 ideographic space and NBSP) become one space; trimmed.
/// Quotes, dashes and CJK characters are kept exactly (docs/export-contract.md).
///
/// Characters a reader cannot see are dropped (see [`is_invisible`]): page text must not be able to
/// reorder what the panel and the exports show (a byline `Ding Yi` U+202E `evil` U+202C displays as
/// "Ding Yilive"), nor hide words from the reader that filters, spreadsheets or terminals still
/// act on. ZWJ and ZWNJ are kept between two non-ASCII characters, where they change what is
/// drawn: emoji sequences (👩‍💻), Persian and Indic spelling. Next to ASCII or Chinese they draw
/// nothing and would only make two equal-looking names differ, so they go too.
pub fn normalize(s: &str) -> String {
    let mut sink = TextSink::with_capacity(s.len());
    sink.push(s);
    sink.out
}

/// `normalize`, borrowing `s` when it is normal already by [`is_plain`]'s quick test (most short
/// lines a reader takes apart: bylines, names, labels, which come from block texts normalised
/// once).
pub fn normalized(s: &str) -> std::borrow::Cow<'_, str> {
    if is_plain(s) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(normalize(s))
    }
}

/// Is `s` printable ASCII words with single spaces between them and none at either end, so that
/// `normalize(s) == s`? (Eight bytes at a time; `false` for other text, normal or not.)
pub fn is_plain(s: &str) -> bool {
    let b = s.as_bytes();
    let visible = |x: u8| x > 0x20 && x < 0x7F;
    if !b.first().is_some_and(|&c| visible(c)) || !b.last().is_some_and(|&c| visible(c)) {
        return false;
    }
    plain_run_end(b, 1) == b.len()
}

/// Where the run of printable ASCII words with single spaces between them that `b[at]` continues
/// ends (`b[at - 1]` is a visible byte): eight bytes at a time while they are such words. The one
/// scan behind `is_plain` and the text sink's one-copy path.
#[inline(always)]
fn plain_run_end(b: &[u8], at: usize) -> usize {
    let visible = |x: u8| x > 0x20 && x < 0x7F;
    // (Each step ends after a visible byte: a space starting the next is single.)
    let mut i = at;
    while i < b.len() {
        if let Some(w) = b.get(i..i + 8) {
            if plain_words(u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])) {
                i += 8;
                continue;
            }
        }
        if visible(b[i]) {
            i += 1;
        } else if b[i] == b' ' && b.get(i + 1).is_some_and(|&y| visible(y)) {
            i += 2;
        } else {
            break;
        }
    }
    i
}

/// `normalize` of text that arrives in pieces (the text nodes of an element): the same result as
/// `normalize` of the pieces joined, built in one pass without the joined copy. The block walk
/// uses it for every text of the page; ASCII, most of it, takes a byte-wise path.
#[derive(Debug, Default)]
pub struct TextSink {
    /// The text so far: normalised, with no leading or trailing space.
    pub out: String,
    pending_space: bool,
    prev: Option<char>,
    /// A ZWJ / ZWNJ at the end of a piece, judged when the next character arrives.
    held_joiner: Option<char>,
}

impl TextSink {
    pub fn with_capacity(n: usize) -> TextSink {
        TextSink { out: String::with_capacity(n), ..TextSink::default() }
    }

    /// An empty sink writing into `buffer` (cleared): its room is reused.
    pub fn reusing(mut buffer: String) -> TextSink {
        buffer.clear();
        TextSink { out: buffer, ..TextSink::default() }
    }

    /// A word break (`<br>`).
    pub fn space(&mut self) {
        self.held_joiner = None;
        self.pending_space = !self.out.is_empty();
        self.prev = Some(' ');
    }

    /// Whether any visible character was appended since the length `mark`.
    pub fn grew_since(&self, mark: usize) -> bool {
        self.out.len() > mark
    }

    /// The text appended since the length `mark`, as `normalize` would give it alone.
    pub fn since(&self, mark: usize) -> &str {
        self.out[mark.min(self.out.len())..].trim_start_matches(' ')
    }

    fn emit(&mut self, ch: char) {
        if self.pending_space {
            self.out.push(' ');
            self.pending_space = false;
        }
        self.out.push(ch);
        self.prev = Some(ch);
    }

    pub fn push(&mut self, s: &str) {
        self.out.reserve(s.len());
        let mut rest = s;
        loop {
            // The ASCII run first: visible bytes are copied as they are.
            let b = rest.as_bytes();
            let mut i = 0;
            while i < b.len() && b[i] < 0x80 {
                self.held_joiner = None; // ASCII never joins
                let c = b[i];
                if c.is_ascii_whitespace() || c == 0x0B {
                    self.pending_space = !self.out.is_empty();
                    self.prev = Some(' ');
                } else if c >= 0x20 && c != 0x7F {
                    if self.pending_space {
                        self.out.push(' ');
                        self.pending_space = false;
                    }
                    // Words with single spaces between them are already normal: one copy.
                    let run = plain_run_end(&b[i..], 1);
                    self.out.push_str(&rest[i..i + run]);
                    self.prev = Some(b[i + run - 1] as char);
                    i += run;
                    continue;
                }
                i += 1;
            }
            rest = &rest[i..];
            let mut chars = rest.chars();
            let Some(ch) = chars.next() else { return };
            rest = chars.as_str();
            if let Some(j) = self.held_joiner.take() {
                if joins(ch) {
                    self.emit(j);
                }
            }
            if ch.is_whitespace() {
                self.pending_space = !self.out.is_empty();
                self.prev = Some(' ');
                continue;
            }
            match ch {
                '\u{200c}' | '\u{200d}' => match rest.chars().next() {
                    // Kept between two characters it can join; judged on the next piece at the end.
                    Some(next) if self.prev.is_some_and(joins) && joins(next) => self.emit(ch),
                    None if self.prev.is_some_and(joins) => self.held_joiner = Some(ch),
                    _ => {}
                },
                _ if is_invisible(ch) => {}
                _ => self.emit(ch),
            }
        }
    }
}

/// Are the eight bytes of `w` (in text order) already normal after a visible byte: printable
/// ASCII, no two spaces together, and no space last (whether a byte after it is visible is not
/// known here)? Each byte's low seven bits plus `0x80 - 0x20` (`0x80 - 0x7F`) reach the top bit
/// when they are at least a space (DEL), with no carry into the next byte; a space is a zero byte
/// of `w ^ 0x2020…`, found exactly by the same kind of sum.
fn plain_words(w: u64) -> bool {
    if !printable_ascii_word(w) {
        return false;
    }
    let x = w ^ (ONES * 0x20);
    let spaces = !(((x & LOWS) + LOWS) | x) & TOPS;
    spaces & (spaces >> 8) == 0 && spaces >> 56 == 0
}

/// A one in each byte of a word of eight bytes; the top bit of each byte.
pub(super) const ONES: u64 = 0x0101_0101_0101_0101;
pub(super) const TOPS: u64 = 0x8080_8080_8080_8080;
const LOWS: u64 = !TOPS;

/// Are the eight bytes of `w` printable ASCII (0x20–0x7E)? Each byte's low seven bits plus
/// `0x80 - 0x20` (`0x80 - 0x7F`) reach the top bit when they are at least a space (DEL), with no
/// carry into the next byte; the byte's own top bit is clear.
pub fn printable_ascii_word(w: u64) -> bool {
    let low = w & LOWS;
    (low + ONES * (0x80 - 0x20)) & !(low + ONES) /* 0x80 - 0x7F per byte */ & !w & TOPS == TOPS
}

/// The plain char-by-char form of `normalize`, kept to test the fast one against.
#[cfg(test)]
fn normalize_reference(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut prev: Option<char> = None;
    let mut chars = s.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch.is_whitespace() {
            pending_space = !out.is_empty();
            prev = Some(' ');
            continue;
        }
        let dropped = match ch {
            '\u{200c}' | '\u{200d}' => !(prev.is_some_and(joins) && chars.peek().copied().is_some_and(joins)),
            _ => is_invisible(ch),
        };
        if dropped {
            // Invisible: neither a character nor a word break (a ZWSP between two halves of a
            // word joins them, as the reader sees them).
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(ch);
        prev = Some(ch);
    }
    out
}

/// A character that ZWJ / ZWNJ can join to something visible: neither ASCII (Latin draws the same
/// either way) nor Han / kana / hangul (no joining forms), nor space or another invisible.
fn joins(ch: char) -> bool {
    !ch.is_ascii() && !ch.is_whitespace() && !is_cjk(ch) && !is_invisible(ch) && !matches!(ch, '\u{200c}' | '\u{200d}')
}

/// Characters that are never drawn and that `normalize` drops: control characters other than
/// whitespace (an ESC would reach a terminal through the CLI's CSV or Markdown), bidi controls
/// (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), and the other format characters Unicode
/// marks Default_Ignorable (soft hyphen, ZWSP, word joiner and invisible operators, BOM, Hangul
/// fillers, shorthand and musical format controls), the interlinear annotation marks (they hide
/// text) and the tag characters U+E0000–U+E007F ("ASCII smuggling" of hidden instructions; the
/// price is that the three UK subdivision flags show as a plain black flag).
///
/// Kept: variation selectors (U+FE00–FE0F, U+E0100–E01EF, Mongolian U+180B–180D/F), which choose
/// a glyph (emoji presentation, ideographic variants of Chinese names); the prepended
/// concatenation marks (U+0600–0605, U+06DD, …), which draw a visible sign; the Egyptian
/// hieroglyph format controls, which arrange visible signs; ZWJ/ZWNJ, which `normalize` judges by
/// their neighbours.
pub fn is_invisible(ch: char) -> bool {
    // Below the soft hyphen only the controls; Han, kana and hangul are drawn.
    let c = ch as u32;
    if (0xA0..0xAD).contains(&c) || ((0x3000..0xA000).contains(&c) && c != 0x3164) || (0xAC00..0xD7B0).contains(&c) {
        return false;
    }
    (ch.is_control() && !ch.is_whitespace())
        || matches!(ch as u32,
            0x00AD                // soft hyphen
            | 0x061C              // Arabic letter mark (bidi)
            | 0x115F | 0x1160     // Hangul choseong / jungseong fillers
            | 0x17B4 | 0x17B5     // Khmer inherent vowels (invisible by design)
            | 0x180E              // Mongolian vowel separator
            | 0x200B              // zero-width space
            | 0x200E | 0x200F     // LRM, RLM
            | 0x202A..=0x202E     // LRE, RLE, PDF, LRO, RLO
            | 0x2060..=0x206F     // word joiner, invisible operators, isolates, deprecated controls
            | 0x3164 | 0xFFA0     // Hangul fillers
            | 0xFEFF              // BOM / zero-width no-break space
            | 0xFFF0..=0xFFFB     // unassigned ignorables, interlinear annotation
            | 0x1BCA0..=0x1BCA3   // shorthand format controls
            | 0x1D173..=0x1D17A   // musical symbol format controls
            | 0xE0000..=0xE00FF   // tag characters and unassigned ignorables
            | 0xE01F0..=0xE0FFF)
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
    // (ASCII, most text on an English page, eight bytes at a time.)
    !s.is_ascii() && s.chars().any(is_cjk)
}

/// Words in English text, characters in CJK text: each CJK character counts one, and each run of
/// other non-space characters that holds a letter or digit counts one.
pub fn word_count(paragraphs: &[String]) -> usize {
    paragraphs.iter().map(|p| words(p)).sum()
}

/// `word_count` of one text. A word counts at its first letter or digit; whitespace, CJK
/// punctuation and a CJK character (which counts one itself) end it. Only a non-ASCII byte starts
/// a character: English text with a curly quote or a dash stays on the byte path.
fn words(p: &str) -> usize {
    let b = p.as_bytes();
    let (mut count, mut seen, mut i) = (0, 0, 0);
    loop {
        // The ASCII run up to the next character of more than one byte (all of an English text).
        i += ascii_run(&b[i..], &mut count, &mut seen);
        // (`i` is at a character's first byte: every byte before it was a whole character.)
        let Some(ch) = p[i..].chars().next() else { break };
        i += ch.len_utf8();
        if is_cjk(ch) {
            count += 1;
            seen = 0;
        } else if ch.is_whitespace() || is_cjk_punct(ch) {
            seen = 0;
        } else if seen == 0 && ch.is_alphanumeric() {
            count += 1;
            seen = 1;
        }
    }
    count
}

/// `words` of ASCII text (most paragraphs: `is_ascii` reads eight bytes at a time), without the
/// test for a character's start on each byte.
#[cfg(test)]
fn ascii_words(b: &[u8]) -> usize {
    let (mut count, mut seen) = (0, 0);
    assert_eq!(ascii_run(b, &mut count, &mut seen), b.len(), "ASCII only");
    count
}

/// What each ASCII byte is to a word count: `WS` whitespace (space, \t, \n, \x0B, \x0C, \r),
/// `ALNUM` a letter or digit, 0 anything else (punctuation, controls: part of a word, making none).
const WORD_BYTES: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = if b == b' ' || (b >= 0x09 && b <= 0x0D) {
            WS
        } else if b.is_ascii_alphanumeric() {
            ALNUM
        } else {
            0
        };
        c += 1;
    }
    t
};
const WS: u8 = 1;
const ALNUM: u8 = 2;

/// The words of the ASCII bytes that start `b` (up to its first byte of a longer character),
/// `seen` (1: the current word is counted) carried in and out; returns how many bytes it read.
/// Whitespace ends a word; a word counts at its first letter or digit. Eight bytes at a time
/// (`ascii_words8`), the last few by a table of each byte's class and two bit operations (no
/// branch per byte: a word boundary every few bytes made the branches mispredict).
#[inline(always)]
fn ascii_run(b: &[u8], count: &mut usize, seen: &mut usize) -> usize {
    let (mut n, mut s) = (*count, *seen);
    let mut chunks = b.chunks_exact(8);
    let mut i = 0;
    for c in chunks.by_ref() {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        if w & TOPS != 0 {
            break;
        }
        let (words, seen) = ascii_words8(w, s);
        (n, s, i) = (n + words, seen, i + 8);
    }
    for &c in &b[i..] {
        if c >= 0x80 {
            break;
        }
        let k = WORD_BYTES[usize::from(c)];
        let alnum = usize::from(k >> 1);
        n += alnum & !s & 1;
        s = (s | alnum) & usize::from((k & WS) ^ WS);
        i += 1;
    }
    (*count, *seen) = (n, s);
    i
}

/// The words that start in eight ASCII bytes (`w`, in text order from its low byte) and whether
/// the last one is counted (`seen` in, as in `ascii_run`). Each byte is classed at once by sums
/// that cannot carry from byte to byte (every byte is below 0x80), the classes gathered into
/// eight-bit masks; a letter or digit starts a word when the last whitespace or letter or digit
/// before it (other bytes do not count) is whitespace, or there is none and `seen` is 0.
fn ascii_words8(w: u64, seen: usize) -> (usize, usize) {
    // Bytes in `lo..=hi`: the top bit of `b + 0x80 - lo` and not of `b + 0x7F - hi`.
    let within = |x: u64, lo: u64, hi: u64| (x + ONES * (0x80 - lo)) & !(x + ONES * (0x7F - hi)) & TOPS;
    let x = w ^ (ONES * 0x20);
    let space = !(x + ONES * 0x7F) & TOPS;
    let ws = space | within(w, 0x09, 0x0D);
    let alnum = within(w, b'0'.into(), b'9'.into()) | within(w | (ONES * 0x20), b'a'.into(), b'z'.into());
    // The top bit of byte i to bit i.
    let gather = |m: u64| (m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
    let (a, ws) = (gather(alnum), gather(ws));
    let other = !(a | ws) & 0xFF;
    let open = (seen as u64 ^ 1) & 1;
    // The bytes after which a letter or digit starts a word: whitespace, and the other bytes
    // that follow it (or, from the first byte, an open start), filled forward run by run.
    let mut after_ws = ws | (open & other);
    let mut run = other;
    after_ws |= (after_ws << 1) & run;
    run &= run << 1;
    after_ws |= (after_ws << 2) & run;
    run &= run << 2;
    after_ws |= (after_ws << 4) & run;
    let starts = a & ((after_ws << 1) | open);
    (starts.count_ones() as usize, ((after_ws >> 7) & 1 ^ 1) as usize)
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
    fn the_fast_normalize_equals_the_plain_one() {
        let pieces = [
            "a",
            " ",
            "\t",
            "\n",
            "\u{3000}",
            "\u{a0}",
            "宇",
            "é",
            "\u{200b}",
            "\u{202e}",
            "\u{200d}",
            "👩",
            "\u{1}",
            "\u{7f}",
            "\u{85}",
            "\u{ad}",
            "\u{3164}",
            "ب",
            "\u{b}",
            "x y",
            "\u{e0041}",
            "，",
        ];
        // Every string of up to four pieces.
        let mut n = 0;
        for a in &pieces {
            for b in &pieces {
                for c in &pieces {
                    for d in &pieces {
                        let s = format!("{a}{b}{c}{d}");
                        assert_eq!(normalize(&s), normalize_reference(&s), "{s:?}");
                        n += 1;
                    }
                }
            }
        }
        assert_eq!(n, pieces.len().pow(4));
    }

    #[test]
    fn long_runs_normalise_as_the_reference() {
        // Longer than the eight-byte steps, with each piece at each offset within a step.
        let pieces = ["a", "bc", " ", "  ", "\n", "\t", "\u{7f}", "\u{1}", "宇", "\u{a0}", "\u{200b}", "x y z", "~", "!"];
        for p in &pieces {
            for q in &pieces {
                for at in 0..12 {
                    let s = format!("{}{p}{}{q}{}", "word ".repeat(at), "ab cd".repeat(3), "e".repeat(at));
                    assert_eq!(normalize(&s), normalize_reference(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn plain_text_is_normal_text() {
        let pieces = ["a", "bc", " ", "  ", "\n", "\t", "\u{7f}", "\u{1}", "~", "!", "\u{a0}", "é", "x y z", "word word "];
        for p in &pieces {
            for q in &pieces {
                for at in 0..12 {
                    for s in
                        [format!("{}{p}{}{q}{}", "w ".repeat(at), "ab cd".repeat(2), "e".repeat(at)), format!("{p}{q}"), format!("{p}x{q}")]
                    {
                        assert_eq!(is_plain(&s), s.is_ascii() && normalize(&s) == s && !s.is_empty(), "{s:?}");
                        assert_eq!(normalized(&s), normalize(&s), "{s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn plain_words_accepts_only_printable_single_spaced_words() {
        assert!(plain_words(u64::from_le_bytes(*b"ab cd ef")));
        assert!(plain_words(u64::from_le_bytes(*b" a b c d")));
        for bad in [b"ab  cd e", b"abcdefg ", b"abc\ndefg", b"abc\x7fdefg", b"abc\x1fdefg", b"abc\xa0defg", b"abc\xe5defg"] {
            assert!(!plain_words(u64::from_le_bytes(bad[..8].try_into().unwrap())), "{bad:?}");
        }
        for b in 0..=255u8 {
            for at in 0..7 {
                let mut w = *b"abcdefgh";
                w[at] = b;
                assert_eq!(plain_words(u64::from_le_bytes(w)), (0x20..0x7F).contains(&b), "byte {b:#x} at {at}");
            }
        }
    }

    #[test]
    fn text_in_pieces_normalises_as_the_pieces_joined() {
        let pieces = ["a ", " b", "\u{200d}", "👩", "💻", "宇", "\u{202e}", " ", "", "\t\n", "ب"];
        for a in &pieces {
            for b in &pieces {
                for c in &pieces {
                    let mut sink = TextSink::default();
                    for p in [a, b, c] {
                        sink.push(p);
                    }
                    assert_eq!(sink.out, normalize_reference(&format!("{a}{b}{c}")), "{a:?} {b:?} {c:?}");
                }
            }
        }
    }

    #[test]
    fn normalize_folds_all_whitespace_kinds() {
        assert_eq!(normalize("  a\n\t b\u{3000}\u{3000}c\u{a0}d  "), "a b c d");
        assert_eq!(normalize("“Quote” – dash"), "“Quote” – dash");
        assert_eq!(non_empty(" \n "), None);
    }

    #[test]
    fn normalize_drops_bidi_controls_and_invisible_format_characters() {
        // The byline of the issue: shown reversed ("Ding Yilive") if the override stayed.
        assert_eq!(normalize("Ding Yi\u{202e}evil\u{202c}"), "Ding Yievil");
        for c in ['\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'] {
            assert_eq!(normalize(&format!("a{c}b")), "ab", "U+{:04X}", c as u32);
        }
        for c in ['\u{200b}', '\u{200e}', '\u{200f}', '\u{2060}', '\u{2064}', '\u{feff}', '\u{ad}', '\u{61c}', '\u{180e}', '\u{3164}'] {
            assert_eq!(normalize(&format!("a{c}b")), "ab", "U+{:04X}", c as u32);
        }
        // Control characters (an ESC sequence for a terminal) and tag characters (hidden text).
        assert_eq!(normalize("a\u{1b}[31mb\u{7}\u{7f}\u{9b}"), "a[31mb");
        assert_eq!(normalize("Title\u{e0069}\u{e0067}\u{e006e}\u{e006f}\u{e0072}\u{e0065}"), "Title");
        // Dropped characters are not word breaks, and never leave a space at an edge.
        assert_eq!(normalize("\u{feff} \u{202e}Caixin\u{200b}Global \u{2069}"), "CaixinGlobal");
        assert_eq!(normalize("a \u{202e} b"), "a b");
        // Whitespace still folds, and a formula start hidden behind an override is now first.
        assert_eq!(normalize("\u{202e}=cmd|' /C calc'!A0"), "=cmd|' /C calc'!A0");
    }

    #[test]
    fn normalize_keeps_joiners_where_they_draw_something_and_variation_selectors() {
        // Emoji ZWJ sequence (woman technologist) and a Persian word with ZWNJ.
        assert_eq!(normalize("👩\u{200d}💻"), "👩\u{200d}💻");
        assert_eq!(normalize("می\u{200c}خواهم"), "می\u{200c}خواهم");
        // Between ASCII letters, Han characters, at an edge or doubled, they draw nothing.
        assert_eq!(normalize("Ding\u{200d} Y\u{200c}i"), "Ding Yi");
        assert_eq!(normalize("丁\u{200d}义"), "丁义");
        assert_eq!(normalize("\u{200d}👩\u{200d}"), "👩");
        assert_eq!(normalize("👩\u{200d}\u{200d}💻"), "👩\u{200d}💻");
        // Variation selectors pick a glyph: emoji presentation, an ideographic variant.
        assert_eq!(normalize("☺\u{fe0f} 葛\u{e0100}"), "☺\u{fe0f} 葛\u{e0100}");
        // Visible format characters stay (Arabic number sign).
        assert_eq!(normalize("\u{600}١٢"), "\u{600}١٢");
    }

    #[test]
    fn ascii_words_count_each_run_with_a_letter_or_digit_once() {
        // Every whitespace byte the old loop knew (space, \t, \n, \x0B, \x0C, \r) separates words; other
        // control bytes and punctuation belong to a word without making one.
        let cases = [("", 0), (" \t\n\x0B\x0C\r", 0), ("a\tb\nc\x0Bd\x0Ce\rf g", 7), ("- -- ... &", 0), ("x-y z.", 2), ("\x01a\x01", 1)];
        for (s, n) in cases {
            assert_eq!(ascii_words(s.as_bytes()), n, "{s:?}");
            assert_eq!(words(s), n, "{s:?}");
        }
    }

    #[test]
    fn word_count_counts_cjk_characters_and_english_words() {
        assert_eq!(word_count(&["Hello, world — 42 times.".into()]), 4);
        assert_eq!(word_count(&["【财新网】宇树科技IPO".into()]), 3 + 4 + 1);
        assert_eq!(word_count(&[]), 0);
        // The byte-wise ASCII path counts as the char path does.
        assert_eq!(word_count(&[" a  b\tc - -- d. ".into(), "x".into(), "".into(), "Hello, world, 42 times.".into()]), 4 + 1 + 4);
        assert_eq!(word_count(&[" a  b\tc - -- d. é".into()]), 5);
        assert_eq!(word_count(&["It’s “fine” — Café naïve 3½".into()]), 5);
    }

    /// The word count as it was read before the byte path: one character at a time, a word
    /// counted at its end.
    fn words_by_chars(p: &str) -> usize {
        let (mut count, mut in_word, mut has_alnum) = (0, false, false);
        for ch in p.chars() {
            let ends = is_cjk(ch) || ch.is_whitespace() || is_cjk_punct(ch);
            if ends {
                count += usize::from(in_word && has_alnum) + usize::from(is_cjk(ch));
                (in_word, has_alnum) = (false, false);
            } else {
                in_word = true;
                has_alnum |= ch.is_alphanumeric();
            }
        }
        count + usize::from(in_word && has_alnum)
    }

    /// Eight bytes at a time (`ascii_words8`) as one byte at a time: every string of three
    /// ASCII bytes of each class placed at every offset of two words, with each start state.
    #[test]
    fn ascii_words_eight_at_a_time_as_byte_by_byte() {
        let bytewise = |b: &[u8], mut s: usize| {
            let mut n = 0;
            for &c in b {
                let k = WORD_BYTES[usize::from(c)];
                let alnum = usize::from(k >> 1);
                n += alnum & !s & 1;
                s = (s | alnum) & usize::from((k & WS) ^ WS);
            }
            (n, s)
        };
        let classes =
            [b'a', b'Z', b'0', b'9', b' ', b'\t', b'\r', 0x0B, 0x0C, b'-', b'.', 0x1F, 0x7F, b'@', b'[', b'`', b'{', b'/', b':', 0];
        for a in classes {
            for b in classes {
                for c in classes {
                    for at in 0..14 {
                        let mut text = [b'x'; 16];
                        text[at..at + 3].copy_from_slice(&[a, b, c]);
                        text[(at + 7) % 16] = b' ';
                        for s in [0, 1] {
                            let (mut n, mut seen) = (0, s);
                            assert_eq!(ascii_run(&text, &mut n, &mut seen), 16);
                            assert_eq!((n, seen), bytewise(&text, s), "{text:?} from {s}");
                        }
                    }
                }
            }
        }
        // Up to a longer character: the bytes before it only.
        let (mut n, mut seen) = (0, 0);
        assert_eq!(ascii_run("Hello, wide world é then".as_bytes(), &mut n, &mut seen), 18);
        assert_eq!((n, seen), (3, 0));
    }

    #[test]
    fn words_count_as_one_character_at_a_time() {
        // ASCII letters, digits, whitespace, a control and punctuation; curly quotes, a dash,
        // accented letters, a vulgar fraction, no-break, ideographic and line-separator spaces;
        // CJK punctuation, Han, kana, hangul, a supplementary-plane ideograph; an Arabic digit, a
        // zero-width space, a combining accent, an emoji, full-width letters and digits.
        let pieces: Vec<char> = "aZ9 \t\u{0B}\u{1C}-\u{2019}\u{201C}\u{2014}\u{E9}\u{BD}\u{A0}\u{3000}\u{3001}\u{FF0C}\u{5B87}\u{30AB}\u{D55C}\u{20001}\u{661}\u{2028}\u{200B}\u{301}\u{1F600}\u{FF21}\u{FF10}"
            .chars()
            .collect();
        // Every string of three pieces, and each piece between words.
        let mut cases = vec![String::new()];
        for a in &pieces {
            for b in &pieces {
                for c in &pieces {
                    cases.push(format!("{a}{b}{c}"));
                }
            }
            cases.push(format!("Hello{a}world, 42{a}"));
        }
        for s in &cases {
            assert_eq!(words(s), words_by_chars(s), "{s:?}");
        }
    }

    #[test]
    fn truncate_keeps_char_boundaries() {
        assert_eq!(truncate_chars("宇树科技", 2), "宇树…");
        assert_eq!(truncate_chars("ab", 5), "ab");
    }
}
