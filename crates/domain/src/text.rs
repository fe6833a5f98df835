//! Free text typed by users: trimmed, bounded, and free of control characters that would
//! corrupt exports, terminals or the audit chain.

use crate::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    Required,
    TooLong { max: usize, got: usize },
    ControlChar,
    Phone,
}

impl TextError {
    pub fn msg(&self, lang: Lang) -> String {
        match (self, lang) {
            (TextError::Required, Lang::Id) => "Wajib diisi.".into(),
            (TextError::Required, Lang::En) => "This field is required.".into(),
            (TextError::TooLong { max, got }, Lang::Id) => {
                format!("Terlalu panjang: {got} karakter, paling banyak {max}. Persingkat isinya.")
            }
            (TextError::TooLong { max, got }, Lang::En) => {
                format!("Too long: {got} characters, at most {max}. Shorten it.")
            }
            (TextError::ControlChar, Lang::Id) => {
                "Berisi karakter kendali yang tidak terlihat. Ketik ulang teksnya tanpa menyalin dari dokumen lain.".into()
            }
            (TextError::Phone, Lang::Id) => {
                "Nomor telepon hanya angka (boleh diawali +), 8 sampai 15 angka, misalnya 0812 3456 7890.".into()
            }
            (TextError::Phone, Lang::En) => {
                "A phone number has only digits (may start with +), 8 to 15 of them, e.g. 0812 3456 7890.".into()
            }
            (TextError::ControlChar, Lang::En) => {
                "Contains invisible control characters. Retype the text instead of pasting it.".into()
            }
        }
    }
}

fn check(s: &str, max: usize, multiline: bool) -> Result<String, TextError> {
    let t = s.trim();
    // Invisible formatting characters (zero-width, bidirectional overrides) can make two names
    // look identical or reverse what a reader sees; they are refused like control characters.
    let invisible =
        |c: char| matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
    let bad = |c: char| invisible(c) || (c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')));
    if t.chars().any(bad) {
        return Err(TextError::ControlChar);
    }
    // Counted as kept: a browser sends each line break as two characters.
    let t = t.replace("\r\n", "\n");
    let n = t.chars().count();
    if n > max {
        return Err(TextError::TooLong { max, got: n });
    }
    Ok(t)
}

/// A one-line field; empty is allowed (returns `None`).
pub fn optional_line(s: &str, max: usize) -> Result<Option<String>, TextError> {
    check(s, max, false).map(|t| if t.is_empty() { None } else { Some(t) })
}

/// A one-line field that must not be empty.
pub fn required_line(s: &str, max: usize) -> Result<String, TextError> {
    match optional_line(s, max)? {
        Some(t) => Ok(t),
        None => Err(TextError::Required),
    }
}

/// A multi-line field (duties, notes); empty allowed.
pub fn optional_text(s: &str, max: usize) -> Result<Option<String>, TextError> {
    check(s, max, true).map(|t| if t.is_empty() { None } else { Some(t) })
}

/// A multi-line field that must not be empty (minutes, records).
pub fn required_text(s: &str, max: usize) -> Result<String, TextError> {
    optional_text(s, max)?.ok_or(TextError::Required)
}

/// The text's first `max` characters and "…" when it is longer; whole otherwise.
pub fn shortened(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// A phone number as people write it: digits, spaces and dashes, optionally a leading `+`;
/// 8 to 15 digits. Returns it with spaces and dashes removed.
pub fn phone(s: &str) -> Result<Option<String>, TextError> {
    let Some(t) = optional_line(s, 25)? else { return Ok(None) };
    let digits: String = t.trim_start_matches('+').chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if !(8..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TextError::Phone);
    }
    Ok(Some(if t.starts_with('+') { format!("+{digits}") } else { digits }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_shortened_at_a_character_not_a_byte() {
        assert_eq!(shortened("Pipa bocor", 20), "Pipa bocor");
        assert_eq!(shortened("Pipa bocor", 4), "Pipa…");
        assert_eq!(shortened("Kuitansi “BKK”", 11), "Kuitansi “B…");
    }

    #[test]
    fn a_line_break_counts_once_as_the_page_counted_it() {
        let text = "ab\r\ncd";
        assert_eq!(required_text(text, 5).as_deref(), Ok("ab\ncd"));
        assert_eq!(required_text(text, 4), Err(TextError::TooLong { max: 4, got: 5 }));
    }

    #[test]
    fn lines() {
        assert_eq!(required_line("  Rismawati ", 100), Ok("Rismawati".into()));
        assert_eq!(required_line("   ", 100), Err(TextError::Required));
        assert_eq!(required_line("a\u{0}b", 100), Err(TextError::ControlChar));
        assert_eq!(required_line("a\nb", 100), Err(TextError::ControlChar));
        assert_eq!(optional_text("a\r\nb", 100), Ok(Some("a\nb".into())));
        assert_eq!(required_line("abcdef", 5), Err(TextError::TooLong { max: 5, got: 6 }));
        assert_eq!(optional_line("", 5), Ok(None));
        assert_eq!(required_line("Suparmi\u{202E}", 100), Err(TextError::ControlChar));
        assert_eq!(required_line("Sup\u{200B}armi", 100), Err(TextError::ControlChar));
        assert_eq!(phone("0812-3456 7890"), Ok(Some("081234567890".into())));
        assert_eq!(phone("+62 812 3456 7890"), Ok(Some("+6281234567890".into())));
        assert_eq!(phone("xx"), Err(TextError::Phone));
        assert_eq!(phone("123"), Err(TextError::Phone));
        assert_eq!(phone(""), Ok(None));
    }
}
