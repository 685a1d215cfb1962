//! Lines on stderr: never a panic when stderr is closed (`2>&1 | head -1`), and never a control
//! character from a file name, an archive's address or a server's header reaching the terminal.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write as _;

/// `caixin-export: …` on stderr, escaped; a write error is ignored (there is nowhere left to say it).
macro_rules! report {
    ($($arg:tt)*) => {
        $crate::report::line(&format!($($arg)*))
    };
}
pub(crate) use report;

pub fn line(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "caixin-export: {}", escape(message));
}

/// Control characters (C0, DEL, C1) and the invisible marks that reorder text on a terminal,
/// written as Rust escapes (`\u{1b}`): a name holding them can neither drive the terminal nor
/// forge a line of the report.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if needs_escape(c) {
            let _ = write!(out, "{}", c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn controls_and_bidi_marks_are_escaped_the_rest_kept() {
        assert_eq!(escape("https://www.caixin.com/财新.html"), "https://www.caixin.com/财新.html");
        assert_eq!(escape("a\u{1b}[2Jb\nc\rd\te\u{7f}\u{9b}"), "a\\u{1b}[2Jb\\u{a}c\\u{d}d\\u{9}e\\u{7f}\\u{9b}");
        assert_eq!(escape("x\u{202e}y\u{2066}"), "x\\u{202e}y\\u{2066}");
    }
}
