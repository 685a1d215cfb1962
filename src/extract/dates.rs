//! Finding and parsing the date forms Caixin shows, into RFC 3339 in Beijing time.
//!
//! Forms: "Nov 27, 2020 07:07 PM", "Published: Nov. 27, 2020 7:07 p.m. GMT+8", "2020年11月27日 19:07",
//! "08月07日 14:40" (year taken from the article URL), "2026-08-06 22:10:25", ISO 8601 with offset.
//! Times without a zone are Beijing time (+08:00); a time with an explicit offset is converted.
//! A date with no time gives a plain `YYYY-MM-DD` (RFC 3339 full-date): no time is invented.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat};
use regex_lite::Regex;
use std::sync::OnceLock;

const BEIJING_SECS: i32 = 8 * 3600;

/// English month-name dates, with optional time (12 h with am/pm, or 24 h) and optional GMT+8.
const EN_DATE: &str = r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?:\s*([ap])\.?\s*m\b\.?)?)?(?:\s*(?:GMT|UTC)\s*\+\s*0?8(?::?00)?)?";
/// Chinese dates; the year may be missing on lists ("08月07日 14:40").
const ZH_DATE: &str = r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(\d{1,2})\s*[:：]\s*(\d{2})(?:[:：](\d{2}))?)?";
/// ISO-like dates: "2026-08-06 22:10:25", "2020-11-27T19:07:00+08:00", "2020-11-27T11:07:00Z".
const ISO_DATE: &str = r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?";

fn re(slot: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    slot.get_or_init(|| Regex::new(pat).expect("literal regex"))
}
fn en_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, EN_DATE)
}
fn zh_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, ZH_DATE)
}
fn iso_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, ISO_DATE)
}

/// A date found inside a longer text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range of the date text in the input.
    pub start: usize,
    pub end: usize,
    /// RFC 3339 (`2020-11-27T19:07:00+08:00`) or full-date (`2020-11-27`); `None` when the text
    /// looks like a date but is not a real one (Feb 30) or lacks a year we could infer.
    pub rfc3339: Option<String>,
}

impl Found {
    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }
}

/// The first date in `text`. `year_hint` fills in a missing year (from the article URL).
pub fn find(text: &str, year_hint: Option<i32>) -> Option<Found> {
    let mut best: Option<Found> = None;
    let mut consider = |f: Found| {
        if best.as_ref().is_none_or(|b| f.start < b.start) {
            best = Some(f);
        }
    };
    if let Some(c) = en_re().captures(text) {
        let m = c.get(0).expect("group 0");
        let month = month_number(&c[1]);
        let day: u32 = c[2].parse().unwrap_or(0);
        let year: i32 = c[3].parse().unwrap_or(0);
        let time = c.get(4).map(|h| {
            let mut hour: u32 = h.as_str().parse().unwrap_or(99);
            let min: u32 = c[5].parse().unwrap_or(99);
            if let Some(ap) = c.get(6) {
                let pm = ap.as_str().eq_ignore_ascii_case("p");
                if hour == 12 {
                    hour = 0;
                }
                if pm {
                    hour += 12;
                }
            }
            (hour, min, 0)
        });
        consider(Found { start: m.start(), end: m.end(), rfc3339: build(year, month, day, time, None) });
    }
    if let Some(c) = zh_re().captures(text) {
        let m = c.get(0).expect("group 0");
        let year = c.get(1).and_then(|y| y.as_str().parse().ok()).or(year_hint);
        let time = c.get(4).map(|h| {
            (h.as_str().parse().unwrap_or(99), c[5].parse().unwrap_or(99), c.get(6).map_or(0, |s| s.as_str().parse().unwrap_or(99)))
        });
        let rfc = year.and_then(|y| build(y, c[2].parse().unwrap_or(0), c[3].parse().unwrap_or(0), time, None));
        consider(Found { start: m.start(), end: m.end(), rfc3339: rfc });
    }
    if let Some(c) = iso_re().captures(text) {
        let m = c.get(0).expect("group 0");
        let time = c.get(4).map(|h| {
            (h.as_str().parse().unwrap_or(99), c[5].parse().unwrap_or(99), c.get(6).map_or(0, |s| s.as_str().parse().unwrap_or(99)))
        });
        let offset = c.get(7).and_then(|o| parse_offset(o.as_str()));
        let rfc = build(c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0), c[3].parse().unwrap_or(0), time, offset);
        consider(Found { start: m.start(), end: m.end(), rfc3339: rfc });
    }
    best
}

/// The whole of `text` as one date (e.g. a `datetime` attribute or a meta value).
pub fn parse(text: &str, year_hint: Option<i32>) -> Option<String> {
    find(text, year_hint).and_then(|f| f.rfc3339)
}

fn month_number(name: &str) -> u32 {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let lower = name.to_ascii_lowercase();
    MONTHS.iter().position(|m| lower.starts_with(m)).map_or(0, |i| i as u32 + 1)
}

fn parse_offset(s: &str) -> Option<i32> {
    if s == "Z" {
        return Some(0);
    }
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let digits: String = s[1..].chars().filter(|c| c.is_ascii_digit()).collect();
    let h: i32 = digits.get(..2)?.parse().ok()?;
    let m: i32 = digits.get(2..4).unwrap_or("00").parse().ok()?;
    Some(sign * (h * 3600 + m * 60))
}

/// Builds the output string; `offset_secs` is the zone the text gave (else Beijing).
fn build(year: i32, month: u32, day: u32, time: Option<(u32, u32, u32)>, offset_secs: Option<i32>) -> Option<String> {
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    if !(1990..=2100).contains(&year) {
        return None;
    }
    let Some((h, m, s)) = time else {
        return Some(date.format("%Y-%m-%d").to_string());
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
        assert_eq!(parse("文｜财新 罗国平 08月07日 14:40", Some(2026)).as_deref(), Some("2026-08-07T14:40:00+08:00"));
        assert_eq!(parse("08月07日 14:40", None), None);
        assert_eq!(parse("2026年08月07日", None).as_deref(), Some("2026-08-07"));
    }

    #[test]
    fn iso_forms_are_converted_to_beijing_time() {
        assert_eq!(parse("2026-08-06 22:10:25", None).as_deref(), Some("2026-08-06T22:10:25+08:00"));
        assert_eq!(parse("2026-08-06T14:10:25Z", None).as_deref(), Some("2026-08-06T22:10:25+08:00"));
        assert_eq!(parse("2020-11-27T19:07:00+08:00", None).as_deref(), Some("2020-11-27T19:07:00+08:00"));
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
}
