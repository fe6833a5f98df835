//! Free text typed by users: trimmed, bounded, and free of control characters that would
//! corrupt exports, terminals or the audit chain.

use crate::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    Required,
    TooLong { max: usize, got: usize },
    ControlChar,
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
            (TextError::ControlChar, Lang::En) => {
                "Contains invisible control characters. Retype the text instead of pasting it.".into()
            }
        }
    }
}

fn check(s: &str, max: usize, multiline: bool) -> Result<String, TextError> {
    let t = s.trim();
    let bad = |c: char| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'));
    if t.chars().any(bad) {
        return Err(TextError::ControlChar);
    }
    let n = t.chars().count();
    if n > max {
        return Err(TextError::TooLong { max, got: n });
    }
    Ok(t.replace("\r\n", "\n"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        assert_eq!(required_line("  Rismawati ", 100), Ok("Rismawati".into()));
        assert_eq!(required_line("   ", 100), Err(TextError::Required));
        assert_eq!(required_line("a\u{0}b", 100), Err(TextError::ControlChar));
        assert_eq!(required_line("a\nb", 100), Err(TextError::ControlChar));
        assert_eq!(optional_text("a\r\nb", 100), Ok(Some("a\nb".into())));
        assert_eq!(required_line("abcdef", 5), Err(TextError::TooLong { max: 5, got: 6 }));
        assert_eq!(optional_line("", 5), Ok(None));
    }
}
