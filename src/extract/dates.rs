//! Finding and parsing the date forms Caixin shows, into RFC 3339 in Beijing time.
//!
//! Forms: "Nov 27, 2020 07:07 PM", "Published: Nov. 27, 2020 7:07 p.m. GMT+8", "2020年11月27日 19:07",
//! "08月07日 14:40" and "03-19 15:59" (year taken from the article URL), "2026-08-06 22:10:25", ISO
//! 8601 with offset.
//! Times without a zone are Beijing time (+08:00); a time with an explicit offset is converted.
//! A date with no time gives a plain `YYYY-MM-DD` (RFC 3339 full-date): no time is invented.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat};

const BEIJING_SECS: i32 = 8 * 3600;

/// The date an article's URL names (year, month, day): a date shown without a year takes the
/// year that puts it nearest to this one (a December URL showing "01-02" is early next year).
pub type UrlDate = (i32, u32, u32);

// Each form is read by a small hand-written parser: these run on every short block of a page,
// and regex-lite's matcher was the largest cost of extraction (and weight in the wasm).
//
// English: `Mon[th][.] D[,] YYYY[[,] [at] H:MM [am|pm|a.m.|p.m.]] [GMT+8]`  (`find_en`)
// Chinese: `[YYYY年]M月D日[ H:MM[:SS]]`                                      (`find_zh`)
// Short:   `MM-DD HH:MM` (tickers; only with the time, and only with a URL date) (`find_md`)
// ISO-like: `YYYY-MM-DD[(T| )HH:MM[:SS][.fff][Z|±HH[:]MM]]`, also `/` or `.` (`find_iso`)

/// A date found inside a longer text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Where the date text starts in the input (bytes).
    pub start: usize,
    /// Where it ends (bytes, exclusive).
    pub end: usize,
    /// RFC 3339 (`2020-11-27T19:07:00+08:00`) or full-date (`2020-11-27`); `None` when the text
    /// looks like a date but is not a real one (Feb 30) or lacks a year we could infer.
    pub rfc3339: Option<String>,
}

impl Found {
    /// The date text in the input it was found in.
    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }
}

/// Every date `find` finds starts with an ASCII digit (a year, a month, a day) or with the initial
/// of an English month's name.
pub fn may_start_a_date(c: u8) -> bool {
    c.is_ascii_digit() || is_month_initial(c)
}

/// Can `s` be a byline line (`stories::byline_line`: names, a date, a section, split by `/`, `|`
/// or `｜`)? Without a separator the date is the whole text: it must start where a date can
/// (`may_start_a_date`). Most paragraphs are answered here, before any date is looked for (the
/// separators are found by memchr); the block walk asks it of every block (`Block::may_hold_line`).
pub fn may_hold_a_line(s: &str) -> bool {
    let b = s.as_bytes();
    let full_bar = "｜".as_bytes();
    s.trim_start().as_bytes().first().is_some_and(|&c| may_start_a_date(c))
        || memchr::memchr3_iter(b'/', b'|', full_bar[0], b).any(|i| b[i] != full_bar[0] || b[i..].starts_with(full_bar))
}

/// The first date in `text`. `url_date` fills in a missing year (from the article URL).
pub fn find(text: &str, url_date: Option<UrlDate>) -> Option<Found> {
    // Cheap gates first: this runs on every short block of a page.
    let bytes = text.as_bytes();
    // One pass: runs of digits (a year has four, a time two, a colon, two), and 月 and 日.
    let (mut has_year, mut has_iso, mut has_time) = (false, false, false);
    let mut i = 0;
    while i < bytes.len() {
        // Most bytes are no digit: passed over eight at a time, then one at a time.
        if let Some(w) = bytes.get(i..i + 8) {
            if !has_digit(u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])) {
                i += 8;
                continue;
            }
        }
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        // Only the end of a run of two digits or more says anything.
        let run = i - start;
        if run >= 2 {
            has_year |= run >= 4;
            if let Some(&c) = bytes.get(i) {
                has_iso |= run >= 4 && matches!(c, b'-' | b'/' | b'.');
                has_time |= c == b':' && bytes.get(i + 1..i + 3).is_some_and(|n| n.iter().all(u8::is_ascii_digit));
            }
        }
    }
    let has_zh = !text.is_ascii() && text.contains('月') && text.contains('日');
    let has_md = url_date.is_some() && has_time;
    if !has_year && !has_zh && !has_md {
        return None;
    }
    let has_en = has_year && month_then_digit(bytes);
    let mut best: Option<Found> = None;
    let mut consider = |f: Found| {
        if best.as_ref().is_none_or(|b| f.start < b.start) {
            best = Some(f);
        }
    };
    if has_en {
        if let Some(f) = find_en(text) {
            consider(f);
        }
    }
    if has_zh {
        if let Some(f) = find_zh(text, url_date) {
            consider(f);
        }
    }
    if has_iso {
        if let Some(f) = find_iso(text) {
            consider(f);
        }
    }
    if has_md {
        if let Some(f) = url_date.and_then(|u| find_md(text, u)) {
            consider(f);
        }
    }
    best
}

/// Does any of the eight bytes of `w` hold an ASCII digit? Each byte's low seven bits plus
/// `0x80 - 0x30` (`0x80 - 0x3A`) reach the top bit when they are at least `0x30` (`0x3A`), with no
/// carry into the next byte; a digit is at least the one and below the other, top bit clear.
fn has_digit(w: u64) -> bool {
    use super::text::{ONES, TOPS};
    let low = w & !TOPS;
    let from_zero = low + ONES * (0x80 - 0x30);
    let past_nine = low + ONES * (0x80 - 0x3A);
    from_zero & !past_nine & !w & TOPS != 0
}

/// Reads up to `max` ASCII digits at `*j`; `None` when there are none.
fn digits(b: &[u8], j: &mut usize, max: usize) -> Option<u32> {
    let s = *j;
    let mut v: u32 = 0;
    while *j < b.len() && *j - s < max && b[*j].is_ascii_digit() {
        v = v * 10 + u32::from(b[*j] - b'0');
        *j += 1;
    }
    (*j > s).then_some(v)
}

fn skip_spaces(b: &[u8], j: &mut usize) {
    while *j < b.len() && b[*j] == b' ' {
        *j += 1;
    }
}

/// Optional `H:MM[:SS]` at `*j` (also with a full-width colon); advances past it.
fn time_at(b: &[u8], j: &mut usize) -> Option<(u32, u32, u32)> {
    let mut k = *j;
    let colon = |b: &[u8], k: &mut usize| {
        if b[*k..].starts_with(b":") {
            *k += 1;
            true
        } else if b[*k..].starts_with("：".as_bytes()) {
            *k += "：".len();
            true
        } else {
            false
        }
    };
    let h = digits(b, &mut k, 2)?;
    if !colon(b, &mut k) {
        return None;
    }
    let ms = k;
    let m = digits(b, &mut k, 2).filter(|_| k - ms == 2)?;
    let mut sec = 0;
    let before = k;
    if k < b.len() && colon(b, &mut k) {
        let ss = k;
        match digits(b, &mut k, 2).filter(|_| k - ss == 2) {
            Some(v) => sec = v,
            None => k = before,
        }
    }
    *j = k;
    Some((h, m, sec))
}

/// The first Chinese date: `[YYYY年]M月D日[ H:MM]`.
fn find_zh(text: &str, url_date: Option<UrlDate>) -> Option<Found> {
    let b = text.as_bytes();
    let (yue, ri) = ("月".as_bytes(), "日".as_bytes());
    let mut from = 0;
    while let Some(pos) = text[from..].find('月').map(|p| p + from) {
        from = pos + yue.len();
        // Month digits just before 月 (spaces allowed).
        let mut m_start = pos;
        while m_start > 0 && b[m_start - 1] == b' ' {
            m_start -= 1;
        }
        let m_end = m_start;
        while m_start > 0 && b[m_start - 1].is_ascii_digit() && m_end - m_start < 2 {
            m_start -= 1;
        }
        if m_start == m_end || (m_start > 0 && b[m_start - 1].is_ascii_digit()) {
            continue;
        }
        let month: u32 = text[m_start..m_end].parse().ok()?;
        // Optional year: `YYYY年` before the month.
        let mut start = m_start;
        let mut year = url_date.map(|u| nearest_year(u, month));
        let before = text[..m_start].trim_end_matches(' ');
        if let Some(y) = before.strip_suffix('年') {
            let y = y.trim_end_matches(' ');
            if y.len() >= 4 && y.as_bytes()[y.len() - 4..].iter().all(u8::is_ascii_digit) {
                year = y[y.len() - 4..].parse().ok();
                start = y.len() - 4;
            }
        }
        let mut j = pos + yue.len();
        skip_spaces(b, &mut j);
        let Some(day) = digits(b, &mut j, 2) else { continue };
        skip_spaces(b, &mut j);
        if !b[j..].starts_with(ri) {
            continue;
        }
        j += ri.len();
        let mut end = j;
        let mut k = j;
        skip_spaces(b, &mut k);
        let time = time_at(b, &mut k);
        if time.is_some() {
            end = k;
        }
        let rfc3339 = year.and_then(|y| build(y, month, day, time, None));
        return Some(Found { start, end, rfc3339 });
    }
    None
}

/// The first ISO-like date: `YYYY-MM-DD[ HH:MM[:SS][.fff][Z|±HH:MM]]`.
fn find_iso(text: &str) -> Option<Found> {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 8 <= b.len() {
        let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if !(boundary && b[i..i + 4].iter().all(u8::is_ascii_digit) && matches!(b[i + 4], b'-' | b'/' | b'.')) {
            i += 1;
            continue;
        }
        let sep = b[i + 4];
        let mut j = i;
        let year = digits(b, &mut j, 4)? as i32;
        j += 1;
        let Some(month) = digits(b, &mut j, 2) else {
            i += 1;
            continue;
        };
        if j >= b.len() || b[j] != sep {
            i += 1;
            continue;
        }
        j += 1;
        let Some(day) = digits(b, &mut j, 2) else {
            i += 1;
            continue;
        };
        let mut end = j;
        let mut time = None;
        let mut offset = None;
        if j < b.len() && matches!(b[j], b'T' | b' ') {
            let mut k = j + 1;
            if let Some(t) = time_at(b, &mut k) {
                time = Some(t);
                if k < b.len() && b[k] == b'.' {
                    k += 1;
                    while k < b.len() && b[k].is_ascii_digit() {
                        k += 1;
                    }
                }
                let mut z = k;
                skip_spaces(b, &mut z);
                if z < b.len() && b[z] == b'Z' {
                    offset = Some(0);
                    k = z + 1;
                } else if z < b.len() && matches!(b[z], b'+' | b'-') {
                    let sign = if b[z] == b'-' { -1 } else { 1 };
                    let mut o = z + 1;
                    if let Some(h) = digits(b, &mut o, 2).filter(|_| o - z == 3) {
                        if o < b.len() && b[o] == b':' {
                            o += 1;
                        }
                        let ms = o;
                        let m = digits(b, &mut o, 2).filter(|_| o - ms == 2).unwrap_or(0);
                        offset = Some(sign * (h as i32 * 3600 + m as i32 * 60));
                        k = o;
                    }
                }
                end = k;
            }
        }
        return Some(Found { start: i, end, rfc3339: build(year, month, day, time, offset) });
    }
    None
}

/// The year for a month shown without one: the URL's, or the one before or after when the month
/// is more than half a year away from the URL's.
fn nearest_year((year, url_month, _): UrlDate, month: u32) -> i32 {
    match month as i32 - url_month as i32 {
        d if d > 6 => year - 1,
        d if d < -6 => year + 1,
        _ => year,
    }
}

/// The first `MM-DD HH:MM` (a ticker's time): month and day of two digits each, then the time. A
/// bare `MM-DD` is too common in other texts (scores, ranges) to read as a date.
fn find_md(text: &str, url_date: UrlDate) -> Option<Found> {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 11 <= b.len() {
        let boundary = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'-' | b'/' | b'.' | b':'));
        let shape = b[i..i + 2].iter().chain(&b[i + 3..i + 5]).all(u8::is_ascii_digit) && b[i + 2] == b'-';
        if !(boundary && shape) || b.get(i + 5).is_some_and(u8::is_ascii_digit) {
            i += 1;
            continue;
        }
        let month = u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
        let day = u32::from(b[i + 3] - b'0') * 10 + u32::from(b[i + 4] - b'0');
        let mut k = i + 5;
        skip_spaces(b, &mut k);
        if k == i + 5 {
            i += 1;
            continue;
        }
        let Some(time) = time_at(b, &mut k).filter(|_| !b.get(k).is_some_and(u8::is_ascii_digit)) else {
            i += 1;
            continue;
        };
        let rfc3339 = build(nearest_year(url_date, month), month, day, Some(time), None);
        return Some(Found { start: i, end: k, rfc3339 });
    }
    None
}

/// The first date in `text` (a `datetime` attribute, a meta value, a line), as RFC 3339 or a
/// full-date: `find`'s date without its place.
pub fn parse(text: &str, url_date: Option<UrlDate>) -> Option<String> {
    find(text, url_date).and_then(|f| f.rfc3339)
}

/// The first English date (grammar at the top of this file).
fn find_en(text: &str) -> Option<Found> {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(i) = month_at(b, from) {
        from = i + 1;
        if let Some(f) = parse_en_at(b, i) {
            return Some(f);
        }
    }
    None
}

const MONTHS: [&[u8; 3]; 12] = [b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec"];

/// The month (1–12) an English three-letter abbreviation names, in any case (`b"Oct"` → 10).
pub fn month_of_abbreviation(w: &[u8]) -> Option<u32> {
    MONTHS.iter().position(|m| m.eq_ignore_ascii_case(w)).map(|i| i as u32 + 1)
}

/// Can this byte start a month's name (`j f m a s o n d`, either case)? Most bytes cannot: the
/// scans below look no further at them.
pub fn is_month_initial(c: u8) -> bool {
    matches!(c | 0x20, b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd')
}

/// Next index ≥ `from` where a word starts with a month abbreviation.
fn month_at(b: &[u8], from: usize) -> Option<usize> {
    (from..b.len().saturating_sub(2)).find(|&i| {
        is_month_initial(b[i])
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && MONTHS.iter().any(|m| m.iter().zip(&b[i..i + 3]).all(|(x, y)| *x == y.to_ascii_lowercase()))
    })
}

fn parse_en_at(b: &[u8], start: usize) -> Option<Found> {
    let month = month_of_abbreviation(&b[start..start + 3])?;
    let mut j = start + 3;
    let skip = |j: &mut usize, pred: &dyn Fn(u8) -> bool| {
        while *j < b.len() && pred(b[*j]) {
            *j += 1;
        }
    };
    let number = |j: &mut usize, max: usize| -> Option<u32> {
        let s = *j;
        while *j < b.len() && *j - s < max && b[*j].is_ascii_digit() {
            *j += 1;
        }
        (*j > s).then(|| std::str::from_utf8(&b[s..*j]).ok()?.parse().ok()).flatten()
    };
    skip(&mut j, &|c| c.is_ascii_alphabetic());
    if j < b.len() && b[j] == b'.' {
        j += 1;
    }
    let before_space = j;
    skip(&mut j, &|c| c.is_ascii_whitespace());
    if j == before_space {
        return None;
    }
    let day = number(&mut j, 2)?;
    if j < b.len() && b[j].is_ascii_digit() {
        return None;
    }
    if j < b.len() && b[j] == b',' {
        j += 1;
    }
    skip(&mut j, &|c| c.is_ascii_whitespace());
    let year_start = j;
    let year = number(&mut j, 4)? as i32;
    if j - year_start != 4 || (j < b.len() && b[j].is_ascii_digit()) {
        return None;
    }
    let mut end = j;
    // Optional time: [,] [at] H:MM [am|pm|a.m.|p.m.]
    let mut k = j;
    if k < b.len() && b[k] == b',' {
        k += 1;
    }
    skip(&mut k, &|c| c.is_ascii_whitespace());
    if b[k..].len() >= 3 && b[k..k + 3].eq_ignore_ascii_case(b"at ") {
        k += 3;
    }
    let mut time = None;
    let hour_start = k;
    if let Some(h) = number(&mut k, 2) {
        if k < b.len() && b[k] == b':' && k > hour_start {
            k += 1;
            let min_start = k;
            if let Some(mi) = number(&mut k, 2).filter(|_| k - min_start == 2) {
                let (mut hour, mut tend) = (h, k);
                let mut m = k;
                skip(&mut m, &|c| c.is_ascii_whitespace());
                if m < b.len() && matches!(b[m].to_ascii_lowercase(), b'a' | b'p') {
                    let pm = b[m].eq_ignore_ascii_case(&b'p');
                    let mut n = m + 1;
                    if n < b.len() && b[n] == b'.' {
                        n += 1;
                    }
                    skip(&mut n, &|c| c == b' ');
                    if n < b.len() && b[n].eq_ignore_ascii_case(&b'm') && (n + 1 >= b.len() || !b[n + 1].is_ascii_alphabetic()) {
                        n += 1;
                        if n < b.len() && b[n] == b'.' {
                            n += 1;
                        }
                        hour = if hour > 12 || hour == 0 { 99 } else { hour % 12 + if pm { 12 } else { 0 } };
                        tend = n;
                    }
                }
                time = Some((hour, mi, 0));
                end = tend;
                // Optional "GMT+8" / "UTC+08:00".
                let mut g = end;
                skip(&mut g, &|c| c.is_ascii_whitespace());
                for zone in [&b"GMT"[..], b"UTC"] {
                    if b[g..].len() >= 5 && b[g..g + 3].eq_ignore_ascii_case(zone) {
                        let mut z = g + 3;
                        skip(&mut z, &|c| c == b' ');
                        if z < b.len() && b[z] == b'+' {
                            z += 1;
                            skip(&mut z, &|c| c == b' ');
                            let zs = z;
                            if number(&mut z, 2) == Some(8) && z > zs {
                                if b[z..].starts_with(b":00") {
                                    z += 3;
                                } else if b[z..].starts_with(b"00") {
                                    z += 2;
                                }
                                end = z;
                            }
                        }
                    }
                }
            }
        }
    }
    Some(Found { start, end, rfc3339: build(year, month, day, time, None) })
}

/// A word starting with a month abbreviation, then letters / a dot, spaces and a digit: the only
/// texts worth parsing for an English date.
fn month_then_digit(b: &[u8]) -> bool {
    for i in 0..b.len().saturating_sub(4) {
        if i > 0 && b[i - 1].is_ascii_alphabetic() {
            continue;
        }
        if !is_month_initial(b[i]) {
            continue;
        }
        let w = [b[i].to_ascii_lowercase(), b[i + 1].to_ascii_lowercase(), b[i + 2].to_ascii_lowercase()];
        if !MONTHS.iter().any(|m| **m == w) {
            continue;
        }
        let mut j = i + 3;
        while j < b.len() && (b[j].is_ascii_alphabetic() || b[j] == b'.') {
            j += 1;
        }
        let spaces = j;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j > spaces && j < b.len() && b[j].is_ascii_digit() {
            return true;
        }
    }
    false
}

/// `YYYY-MM-DD`, written digit by digit (the formatter costs more than the rest of a date's
/// reading; this runs for every dated article). Years outside 0–9999 keep their sign and digits.
pub fn day_text(year: i32, month: u32, day: u32) -> String {
    if !(0..=9999).contains(&year) || month > 99 || day > 99 {
        return format!("{year:04}-{month:02}-{day:02}");
    }
    let y = year as u32;
    let digit = |n: u32| char::from(b'0' + n as u8);
    let mut out = String::with_capacity(10);
    out.extend([digit(y / 1000), digit(y / 100 % 10), digit(y / 10 % 10), digit(y % 10), '-']);
    out.extend([digit(month / 10), digit(month % 10), '-', digit(day / 10), digit(day % 10)]);
    out
}

/// Builds the output string; `offset_secs` is the zone the text gave (else Beijing).
fn build(year: i32, month: u32, day: u32, time: Option<(u32, u32, u32)>, offset_secs: Option<i32>) -> Option<String> {
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    if !(1990..=2100).contains(&year) {
        return None;
    }
    let Some((h, m, s)) = time else {
        // Written by hand: chrono's `format` brings its whole strftime reader into the wasm.
        return Some(day_text(year, month, day));
    };
    let naive = NaiveDateTime::new(date, NaiveTime::from_hms_opt(h, m, s)?);
    let beijing = FixedOffset::east_opt(BEIJING_SECS)?;
    let given = FixedOffset::east_opt(offset_secs.unwrap_or(BEIJING_SECS))?;
    let dt: DateTime<FixedOffset> = naive.and_local_timezone(given).single()?;
    Some(dt.with_timezone(&beijing).to_rfc3339_opts(SecondsFormat::Secs, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_text_is_the_formatted_day() {
        for (y, m, d) in [(2020, 11, 27), (1999, 1, 5), (7, 0, 99), (0, 12, 31), (9999, 99, 0), (10000, 1, 1), (-5, 3, 4), (2020, 100, 1)] {
            assert_eq!(day_text(y, m, d), format!("{y:04}-{m:02}-{d:02}"));
        }
    }

    #[test]
    fn has_digit_finds_each_digit_in_each_byte_and_nothing_else() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut w = [b'x'; 8];
                w[at] = b;
                assert_eq!(has_digit(u64::from_le_bytes(w)), b.is_ascii_digit(), "byte {b:#x} at {at}");
            }
        }
        // The neighbours of the digits, and the digits with the top bit set, all in one word.
        assert!(!has_digit(u64::from_le_bytes(*b"/:/:\xb0\xb9\xaf\xba")));
    }

    #[test]
    fn english_list_and_article_forms() {
        assert_eq!(parse("Nov 27, 2020 07:07 PM", None).as_deref(), Some("2020-11-27T19:07:00+08:00"));
        assert_eq!(parse("Nov 27, 2020 12:05 AM", None).as_deref(), Some("2020-11-27T00:05:00+08:00"));
        assert_eq!(parse("Nov 27, 2020 12:05 PM", None).as_deref(), Some("2020-11-27T12:05:00+08:00"));
        assert_eq!(parse("Published: Nov. 27, 2020 7:07 p.m. GMT+8", None).as_deref(), Some("2020-11-27T19:07:00+08:00"));
        assert_eq!(parse("September 3, 2021", None).as_deref(), Some("2021-09-03"));
    }

    #[test]
    fn chinese_forms_with_and_without_year() {
        assert_eq!(parse("2020年11月27日 19:07", None).as_deref(), Some("2020-11-27T19:07:00+08:00"));
        assert_eq!(parse("文｜财新 罗国平 08月07日 14:40", Some((2026, 8, 7))).as_deref(), Some("2026-08-07T14:40:00+08:00"));
        assert_eq!(parse("08月07日 14:40", None), None);
        assert_eq!(parse("2026年08月07日", None).as_deref(), Some("2026-08-07"));
        assert_eq!(parse("2026 年 8 月 7 日 9：05", None).as_deref(), Some("2026-08-07T09:05:00+08:00"));
        assert_eq!(parse("发行价150.80元/股，8月10日打新", Some((2026, 8, 6))).as_deref(), Some("2026-08-10"));
        assert_eq!(parse("12月份", Some((2026, 8, 6))), None);
        // Across the turn of the year, the year nearest the URL's date.
        assert_eq!(parse("12月31日 23:50", Some((2019, 1, 1))).as_deref(), Some("2018-12-31T23:50:00+08:00"));
        assert_eq!(parse("01月01日 00:10", Some((2018, 12, 31))).as_deref(), Some("2019-01-01T00:10:00+08:00"));
    }

    #[test]
    fn ticker_times_take_the_year_of_the_url() {
        let url = Some((2018, 3, 19));
        assert_eq!(parse("03-19 15:59", url).as_deref(), Some("2018-03-19T15:59:00+08:00"));
        let s = "组建自然资源部 03-19 15:59";
        let f = find(s, url).unwrap();
        assert_eq!(f.text(s), "03-19 15:59");
        // Without a URL date, or without a time, or inside other numbers: not a date.
        assert_eq!(parse("03-19 15:59", None), None);
        assert_eq!(parse("比分 3-1，03-19", url), None);
        assert_eq!(parse("编号 2018-03-19 15:59", url).as_deref(), Some("2018-03-19T15:59:00+08:00"));
        assert_eq!(parse("tel 010-03-19 15:59", url), None);
        assert_eq!(parse("02-30 10:00", url), None);
    }

    #[test]
    fn iso_forms_are_converted_to_beijing_time() {
        assert_eq!(parse("2026-08-06 22:10:25", None).as_deref(), Some("2026-08-06T22:10:25+08:00"));
        assert_eq!(parse("2026-08-06T14:10:25Z", None).as_deref(), Some("2026-08-06T22:10:25+08:00"));
        assert_eq!(parse("2020-11-27T19:07:00+08:00", None).as_deref(), Some("2020-11-27T19:07:00+08:00"));
        assert_eq!(parse("2024-05-01T09:30:00-04:00", None).as_deref(), Some("2024-05-01T21:30:00+08:00"));
        assert_eq!(parse("2022-01-05T03:20:00.000Z", None).as_deref(), Some("2022-01-05T11:20:00+08:00"));
        assert_eq!(parse("2026/08/06", None).as_deref(), Some("2026-08-06"));
        assert_eq!(parse("id 12026-08-06", None), None);
    }

    #[test]
    fn impossible_dates_are_none_not_a_guess() {
        assert_eq!(parse("Feb 30, 2020 10:00 AM", None), None);
        assert_eq!(parse("Nov 27, 2020 13:07 PM", None), None);
        assert_eq!(parse("no date here", None), None);
    }

    #[test]
    fn find_reports_where_the_date_is() {
        let s = "文｜财新 王小青 发自香港 2026年08月07日 20:14";
        let f = find(s, None).unwrap();
        assert_eq!(f.text(s), "2026年08月07日 20:14");
        assert_eq!(s[..f.start].trim(), "文｜财新 王小青 发自香港");
    }

    // The edges of each reader, one assertion per boundary (cargo-mutants: see RELIABILITY.md).

    /// `find`'s date text and value.
    fn found(s: &str, year: Option<i32>) -> Option<(&str, Option<String>)> {
        find(s, year.map(|y| (y, 6, 15))).map(|f| (f.text(s), f.rfc3339))
    }

    #[test]
    fn the_earliest_date_in_the_text_wins_whatever_its_form() {
        let s = "2026-08-05 updated Nov 27, 2020 and 2026年08月07日";
        assert_eq!(found(s, None), Some(("2026-08-05", Some("2026-08-05".into()))));
        let s = "Nov 27, 2020 and 2026-08-05";
        assert_eq!(found(s, None), Some(("Nov 27, 2020", Some("2020-11-27".into()))));
        let s = "8月7日 then 2026-08-05";
        assert_eq!(found(s, Some(2026)), Some(("8月7日", Some("2026-08-07".into()))));
        let s = "Nov 27, 2020 8月7日";
        assert_eq!(found(s, Some(2026)), Some(("Nov 27, 2020", Some("2020-11-27".into()))));
        let s = "8月7日 Nov 27, 2020";
        assert_eq!(found(s, Some(2026)), Some(("8月7日", Some("2026-08-07".into()))));
    }

    #[test]
    fn texts_without_a_year_or_chinese_month_and_day_have_no_date() {
        assert_eq!(find("", None), None);
        assert_eq!(find("Nov 27, 20", None), None);
        assert_eq!(find("Nov 27 at 7:07 PM", None), None);
        assert_eq!(find("8月7", Some((2026, 6, 15))), None);
        assert_eq!(find("7日", Some((2026, 6, 15))), None);
        assert_eq!(find("1234", None), None);
    }

    #[test]
    fn iso_dates_at_their_edges() {
        // The shortest form fills the text exactly.
        assert_eq!(found("2026-8-6", None), Some(("2026-8-6", Some("2026-08-06".into()))));
        assert_eq!(found("2026.08.06", None), Some(("2026.08.06", Some("2026-08-06".into()))));
        assert_eq!(found("(2026-08-06)", None), Some(("2026-08-06", Some("2026-08-06".into()))));
        assert_eq!(find("x2026-08-06", None), None, "glued to a word");
        assert_eq!(find("2026-08/06", None), None, "mixed separators");
        assert_eq!(find("2026-011-27", None), None, "a three-digit month");
        assert_eq!(find("2026-08-", None), None);
        assert_eq!(find("2026-", None), None);
        // A bad candidate is skipped and a later one read.
        assert_eq!(found("2026-1x 2026-08-06", None), Some(("2026-08-06", Some("2026-08-06".into()))));
        assert_eq!(found("2026-08/06, 2026-08-07", None), Some(("2026-08-07", Some("2026-08-07".into()))));
        assert_eq!(found("2026-08-x 2026-08-07", None), Some(("2026-08-07", Some("2026-08-07".into()))));
        assert_eq!(found("2026-xx 2026-08-07", None), Some(("2026-08-07", Some("2026-08-07".into()))));
        // Not a real day: found, but no value.
        assert_eq!(found("2026-02-30", None), Some(("2026-02-30", None)));
        assert_eq!(found("2026-13-01 x", None), Some(("2026-13-01", None)));
    }

    #[test]
    fn iso_times_seconds_fractions_and_zones() {
        assert_eq!(found("2026-08-06T22:10", None), Some(("2026-08-06T22:10", Some("2026-08-06T22:10:00+08:00".into()))));
        assert_eq!(found("2026-08-06 22:10:25 x", None), Some(("2026-08-06 22:10:25", Some("2026-08-06T22:10:25+08:00".into()))));
        assert_eq!(found("2026-08-06 22:10:2x", None), Some(("2026-08-06 22:10", Some("2026-08-06T22:10:00+08:00".into()))));
        assert_eq!(found("2026-08-06 22:1", None), Some(("2026-08-06", Some("2026-08-06".into()))), "one minute digit: no time");
        assert_eq!(found("2026-08-06 22:100", None), Some(("2026-08-06 22:10", Some("2026-08-06T22:10:00+08:00".into()))));
        assert_eq!(found("2026-08-06x22:10", None), Some(("2026-08-06", Some("2026-08-06".into()))));
        assert_eq!(found("2026-08-06 22:10:25.5 Z", None), Some(("2026-08-06 22:10:25.5 Z", Some("2026-08-07T06:10:25+08:00".into()))));
        assert_eq!(found("2024-05-01T09:30:00+0530", None), Some(("2024-05-01T09:30:00+0530", Some("2024-05-01T12:00:00+08:00".into()))));
        assert_eq!(found("2024-05-01T09:30-02", None), Some(("2024-05-01T09:30-02", Some("2024-05-01T19:30:00+08:00".into()))));
        assert_eq!(parse("2024-05-01T09:30-02:3", None).as_deref(), Some("2024-05-01T19:30:00+08:00"), "a one-digit zone minute is none");
        assert_eq!(
            found("2024-05-01T09:30+5", None),
            Some(("2024-05-01T09:30", Some("2024-05-01T09:30:00+08:00".into()))),
            "a one-digit zone hour is no zone"
        );
        assert_eq!(found("2024-05-01T09:30:00+24:00", None), Some(("2024-05-01T09:30:00+24:00", None)), "no such zone");
        assert_eq!(found("2024-05-01T24:30", None), Some(("2024-05-01T24:30", None)), "no such hour");
    }

    #[test]
    fn chinese_dates_at_their_edges() {
        assert_eq!(found("约2026年8月7日", None), Some(("2026年8月7日", Some("2026-08-07".into()))));
        assert_eq!(found("26年8月7日", Some(2020)), Some(("8月7日", Some("2020-08-07".into()))), "a two-digit year is not read");
        assert_eq!(find("123月4日", Some((2026, 6, 15))), None, "a three-digit month");
        assert_eq!(find("8月123日", Some((2026, 6, 15))), None, "a three-digit day");
        assert_eq!(find("8月日", Some((2026, 6, 15))), None, "no day");
        assert_eq!(find("8月7号", Some((2026, 6, 15))), None);
        assert_eq!(find("月7日", Some((2026, 6, 15))), None, "no month");
        assert_eq!(found("8 月 7 日", Some(2026)), Some(("8 月 7 日", Some("2026-08-07".into()))));
        assert_eq!(found("12月份，8月7日", Some(2026)), Some(("8月7日", Some("2026-08-07".into()))), "a later 月 is read");
        assert_eq!(found("8月7日 9:05", Some(2026)), Some(("8月7日 9:05", Some("2026-08-07T09:05:00+08:00".into()))));
        assert_eq!(found("8月7日 9:05:30", Some(2026)), Some(("8月7日 9:05:30", Some("2026-08-07T09:05:30+08:00".into()))));
        assert_eq!(found("8月7日 9:5", Some(2026)), Some(("8月7日", Some("2026-08-07".into()))));
        assert_eq!(found("8月7日 9", Some(2026)), Some(("8月7日", Some("2026-08-07".into()))));
        assert_eq!(found("8月7日", None), Some(("8月7日", None)), "no year known");
        assert_eq!(found("2月30日", Some(2026)), Some(("2月30日", None)));
        assert_eq!(found("8月7日 25:00", Some(2026)), Some(("8月7日 25:00", None)));
    }

    #[test]
    fn english_dates_at_their_edges() {
        assert_eq!(found("Nov 27 2020", None), Some(("Nov 27 2020", Some("2020-11-27".into()))), "no comma");
        assert_eq!(found("nov. 7, 2020", None), Some(("nov. 7, 2020", Some("2020-11-07".into()))));
        assert_eq!(found("NOVEMBER 27, 2020.", None), Some(("NOVEMBER 27, 2020", Some("2020-11-27".into()))));
        assert_eq!(find("Nov27, 2020", None), None, "no space after the month");
        assert_eq!(find("Nov 123, 2020", None), None, "a three-digit day");
        assert_eq!(find("Nov 272020", None), None, "a day run into the year");
        assert_eq!(find("2020: Nov 27", None), None, "the text ends after the day");
        assert_eq!(find("2020: Nov 27 and Dec", None), None, "the text ends after a month");
        assert_eq!(find("2020 Nov  ", None), None, "the text ends after a month and spaces");
        assert_eq!(find("Nov 27, 20201", None), None, "a five-digit year");
        assert_eq!(find("Nov 27, 202 x", None), None, "a three-digit year");
        assert_eq!(find("Nov , 2020", None), None, "no day");
        assert_eq!(find("Renovated 27, 2020", None), None, "a month inside a word");
        assert_eq!(find("1Nov 27, 2020", None), None, "a month glued to a digit");
        assert_eq!(found("Nov 2020, Dec 1, 2020", None), Some(("Dec 1, 2020", Some("2020-12-01".into()))), "a later month is read");
        assert_eq!(found("Jan 1, 1990", None), Some(("Jan 1, 1990", Some("1990-01-01".into()))));
        assert_eq!(found("Dec 31, 2100", None), Some(("Dec 31, 2100", Some("2100-12-31".into()))));
        assert_eq!(found("Dec 31, 1989", None), Some(("Dec 31, 1989", None)), "before 1990");
        assert_eq!(found("Jan 1, 2101", None), Some(("Jan 1, 2101", None)), "after 2100");
    }

    #[test]
    fn english_times_at_their_edges() {
        let t = |s: &'static str| found(s, None).map(|(text, v)| (text, v.unwrap_or_default()));
        assert_eq!(t("Nov 27, 2020, at 7:07 pm"), Some(("Nov 27, 2020, at 7:07 pm", "2020-11-27T19:07:00+08:00".into())));
        assert_eq!(t("Nov 27, 2020 19:07"), Some(("Nov 27, 2020 19:07", "2020-11-27T19:07:00+08:00".into())), "24-hour clock");
        assert_eq!(t("Nov 27, 2020 7:07 Pacific"), Some(("Nov 27, 2020 7:07", "2020-11-27T07:07:00+08:00".into())), "not pm");
        assert_eq!(t("Nov 27, 2020 7:07 a. m."), Some(("Nov 27, 2020 7:07 a. m.", "2020-11-27T07:07:00+08:00".into())));
        assert_eq!(t("Nov 27, 2020 7:07pm"), Some(("Nov 27, 2020 7:07pm", "2020-11-27T19:07:00+08:00".into())));
        assert_eq!(t("Nov 27, 2020 7:07 P"), Some(("Nov 27, 2020 7:07", "2020-11-27T07:07:00+08:00".into())));
        assert_eq!(t("Nov 27, 2020 7:7 PM"), Some(("Nov 27, 2020", "2020-11-27".into())), "one minute digit: no time");
        assert_eq!(t("Nov 27, 2020 7 PM"), Some(("Nov 27, 2020", "2020-11-27".into())));
        assert_eq!(t("Nov 27, 2020 :07 PM"), Some(("Nov 27, 2020", "2020-11-27".into())));
        assert_eq!(found("Nov 27, 2020 0:30 AM", None), Some(("Nov 27, 2020 0:30 AM", None)), "no hour 0 on a 12-hour clock");
        assert_eq!(found("Nov 27, 2020 12:30 AM", None).and_then(|f| f.1), Some("2020-11-27T00:30:00+08:00".into()));
        assert_eq!(found("Nov 27, 2020 11:30 AM", None).and_then(|f| f.1), Some("2020-11-27T11:30:00+08:00".into()));
        assert_eq!(found("Nov 27, 2020 11:30 PM", None).and_then(|f| f.1), Some("2020-11-27T23:30:00+08:00".into()));
    }

    #[test]
    fn english_time_zones_beijing_only() {
        let text = |s: &'static str| found(s, None).map(|f| f.0);
        assert_eq!(text("Nov 27, 2020 7:07 PM GMT+8"), Some("Nov 27, 2020 7:07 PM GMT+8"));
        assert_eq!(text("Nov 27, 2020 7:07 PM utc + 08:00 x"), Some("Nov 27, 2020 7:07 PM utc + 08:00"));
        assert_eq!(text("Nov 27, 2020 7:07 PM GMT+0800"), Some("Nov 27, 2020 7:07 PM GMT+0800"));
        assert_eq!(text("Nov 27, 2020 7:07 PM GMT+9"), Some("Nov 27, 2020 7:07 PM"), "another zone is not read");
        assert_eq!(text("Nov 27, 2020 7:07 PM GMT-8"), Some("Nov 27, 2020 7:07 PM"));
        assert_eq!(text("Nov 27, 2020 7:07 PM GMT+"), Some("Nov 27, 2020 7:07 PM"));
        assert_eq!(text("Nov 27, 2020 7:07 PM EST+8"), Some("Nov 27, 2020 7:07 PM"));
        assert_eq!(text("Nov 27, 2020 7:07 PM GMT"), Some("Nov 27, 2020 7:07 PM"));
        assert_eq!(found("Nov 27, 2020 7:07 PM GMT+8", None).and_then(|f| f.1), Some("2020-11-27T19:07:00+08:00".into()));
    }

    #[test]
    fn parse_is_the_value_of_the_first_date_found() {
        assert_eq!(parse("Feb 30, 2020 and Nov 27, 2020", None), None, "the first date, even when it is not a real one");
        assert_eq!(parse("8月7日", Some((2026, 6, 15))).as_deref(), Some("2026-08-07"));
        assert_eq!(parse("8月7日", None), None);
    }
}
