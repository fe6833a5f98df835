//! Rupiah are whole numbers. No floats anywhere near money.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Rupiah(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("empty amount")]
    Empty,
    #[error("not a whole number of rupiah: {0}")]
    Invalid(String),
    #[error("amount too large: {0}")]
    TooLarge(String),
}

impl MoneyError {
    pub fn msg(&self, lang: crate::Lang) -> String {
        match (self, lang) {
            (MoneyError::Empty, crate::Lang::Id) => "Jumlah uang wajib diisi.".into(),
            (MoneyError::Empty, crate::Lang::En) => "The amount is required.".into(),
            (MoneyError::Invalid(s), crate::Lang::Id) => {
                format!("\"{s}\" bukan jumlah rupiah yang sah. Tulis angka bulat, misalnya 1.500.000.")
            }
            (MoneyError::Invalid(s), crate::Lang::En) => {
                format!("\"{s}\" is not a valid rupiah amount. Write a whole number, e.g. 1.500.000.")
            }
            (MoneyError::TooLarge(s), crate::Lang::Id) => {
                format!("Jumlah \"{s}\" terlalu besar.")
            }
            (MoneyError::TooLarge(s), crate::Lang::En) => format!("The amount \"{s}\" is too large."),
        }
    }
}

impl Rupiah {
    pub const ZERO: Rupiah = Rupiah(0);

    /// Reads an amount as people type it: `1.500.000`, `Rp 1.500.000`, `1500000`,
    /// `1.500.000,00` (Indonesian) or `1,500,000` (English); `(Rp 5.000)` is minus 5.000. Cents other than zero are refused:
    /// the programme keeps whole rupiah.
    pub fn parse(input: &str) -> Result<Rupiah, MoneyError> {
        let s = input.trim();
        // The books' accounting form, "(Rp 5.000)", is a negative amount.
        if let Some(inner) = s.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
            // Brackets and a minus sign together ("(Rp -5.000)") say two things: refused.
            return match Rupiah::parse(inner.trim()) {
                Ok(r) if r.0 >= 0 && !inner.trim().starts_with('(') => Ok(Rupiah(-r.0)),
                Err(MoneyError::TooLarge(t)) => Err(MoneyError::TooLarge(t)),
                _ => Err(MoneyError::Invalid(s.to_string())),
            };
        }
        let s = s.strip_prefix("Rp.").or_else(|| s.strip_prefix("Rp")).or_else(|| s.strip_prefix("rp")).unwrap_or(s).trim();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest.trim()),
            None => (false, s),
        };
        let invalid = || MoneyError::Invalid(input.trim().to_string());
        // A trailing ",00" or ".00" are zero cents, accepted and dropped.
        let body = strip_zero_cents(body);
        if body.is_empty() {
            return Err(invalid());
        }
        let groups: Vec<&str> = body.split(['.', ',']).collect();
        if groups.len() > 1 {
            let seps: Vec<char> = body.chars().filter(|c| *c == '.' || *c == ',').collect();
            let mixed = seps.iter().any(|c| *c != seps[0]);
            let well_grouped = groups[0].len() <= 3 && !groups[0].is_empty() && groups[1..].iter().all(|g| g.len() == 3);
            if mixed || !well_grouped {
                return Err(invalid());
            }
        }
        let digits: String = groups.concat();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let v: i64 = digits.parse().map_err(|_| MoneyError::TooLarge(input.trim().to_string()))?;
        Ok(Rupiah(if neg { -v } else { v }))
    }

    pub fn checked_add(self, o: Rupiah) -> Option<Rupiah> {
        self.0.checked_add(o.0).map(Rupiah)
    }
}

fn strip_zero_cents(s: &str) -> &str {
    for suffix in [",00", ",0", ".00"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            // ".00" only when the rest does not use '.' for thousands.
            if suffix == ".00" && rest.contains('.') {
                continue;
            }
            return rest;
        }
    }
    s
}

/// `part` as a share of `whole` in basis points (10000 = 100 %), rounded down; `None` when there
/// is nothing to divide by. Wide arithmetic, so no amount can overflow.
pub fn share_bp(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (part as i128 * 10_000 / whole as i128) as i64)
}

/// `1183228996` -> `1.183.228.996`
pub fn group_thousands(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

impl fmt::Display for Rupiah {
    /// Always the Indonesian form the programme prints: `Rp 1.183.228.996`; a negative amount in
    /// the accounting form of the books, `(Rp 5.000)`, never `Rp -5.000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 < 0 {
            write!(f, "(Rp {})", group_thousands(self.0).trim_start_matches('-'))
        } else {
            write!(f, "Rp {}", group_thousands(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The table the phone's parser is tested against too (field.js, tests/it/field_browser.rs).
    #[test]
    fn every_amount_in_the_shared_table_reads_as_written_there() {
        let mut cases = 0;
        for line in include_str!("../cases/amounts.txt").lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let (input, want) = line.split_once('\t').expect("input, a tab, then the rupiah or refused");
            let got = Rupiah::parse(input).ok().map(|r| r.0.to_string()).unwrap_or_else(|| "refused".into());
            assert_eq!(got, want, "{input:?}");
            cases += 1;
        }
        assert!(cases > 20, "{cases} cases");
    }

    #[test]
    fn formats_like_the_ganra_notice_board() {
        assert_eq!(Rupiah(1_183_228_996).to_string(), "Rp 1.183.228.996");
        assert_eq!(Rupiah(0).to_string(), "Rp 0");
        assert_eq!(Rupiah(999).to_string(), "Rp 999");
        assert_eq!(Rupiah(1000).to_string(), "Rp 1.000");
        assert_eq!(Rupiah(-5_000).to_string(), "(Rp 5.000)");
        assert_eq!(Rupiah(i64::MIN).to_string(), "(Rp 9.223.372.036.854.775.808)");
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Rupiah::parse("Rp 2.239.690.779,00"), Ok(Rupiah(2_239_690_779)));
        assert_eq!(Rupiah::parse("1.500.000"), Ok(Rupiah(1_500_000)));
        assert_eq!(Rupiah::parse("1,500,000"), Ok(Rupiah(1_500_000)));
        assert_eq!(Rupiah::parse("500000"), Ok(Rupiah(500_000)));
        assert_eq!(Rupiah::parse("Rp. 5.000"), Ok(Rupiah(5_000)));
        assert_eq!(Rupiah::parse("-5.000"), Ok(Rupiah(-5_000)));
    }

    #[test]
    fn refuses_what_is_not_money() {
        assert_eq!(Rupiah::parse(""), Err(MoneyError::Empty));
        assert!(Rupiah::parse("1.5").is_err());
        assert!(Rupiah::parse("1.500,50").is_err());
        assert!(Rupiah::parse("12a").is_err());
        assert!(Rupiah::parse("1.500,000.00").is_err());
        assert!(matches!(Rupiah::parse("99999999999999999999"), Err(MoneyError::TooLarge(_))));
    }

    proptest! {
        #[test]
        fn display_and_parse_round_trip(v in -1_000_000_000_000i64..1_000_000_000_000i64) {
            let shown = Rupiah(v).to_string();
            prop_assert_eq!(Rupiah::parse(&shown), Ok(Rupiah(v)));
        }
    }
}
