//! Calendar dates as the programme writes them: `30 Juli 2020`.

use crate::Lang;
use chrono::{Datelike, NaiveDate};

const MONTHS_ID: [&str; 12] =
    ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];
const MONTHS_EN: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

pub fn month_name(month: u32, lang: Lang) -> &'static str {
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Id => MONTHS_ID[i],
        Lang::En => MONTHS_EN[i],
    }
}

pub fn format_date(d: NaiveDate, lang: Lang) -> String {
    format!("{} {} {}", d.day(), month_name(d.month(), lang), d.year())
}

/// Accepts ISO `2020-07-30` (what date inputs send) and `30/07/2020` or `30-07-2020`
/// (what people type and what Indonesian spreadsheets hold).
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_004_date() {
        let d = NaiveDate::from_ymd_opt(2020, 7, 30).expect("valid date");
        assert_eq!(format_date(d, Lang::Id), "30 Juli 2020");
        assert_eq!(format_date(d, Lang::En), "30 July 2020");
    }

    #[test]
    fn parses_typed_dates() {
        let d = NaiveDate::from_ymd_opt(2020, 7, 30);
        assert_eq!(parse_date("2020-07-30"), d);
        assert_eq!(parse_date("30/07/2020"), d);
        assert_eq!(parse_date("30-07-2020"), d);
        assert_eq!(parse_date("31/02/2020"), None);
        assert_eq!(parse_date("kemarin"), None);
    }
}

/// A stored date (always `YYYY-MM-DD`) read without the format detection of `parse_date`:
/// the month-end close reads one per instalment.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as u32))
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

#[cfg(test)]
mod iso_tests {
    #[test]
    fn iso_dates() {
        assert_eq!(super::parse_iso("2025-02-28").map(|d| d.to_string()), Some("2025-02-28".into()));
        assert_eq!(super::parse_iso("2025-02-30"), None);
        assert_eq!(super::parse_iso("28/02/2025"), None);
        assert_eq!(super::parse_iso("2025-2-28"), None);
    }
}
