//! The text parsers that read what people type and what spreadsheets hold, fed arbitrary input:
//! they answer Ok or a named error, never panic, and what they accept round-trips. This is the
//! bounded fuzzing run in every `cargo test`; a longer run:
//! `PROPTEST_CASES=200000 cargo test -p swadaya-domain --test parsers_fuzz --release`
//! (coverage-guided: `cargo fuzz run -s none text_parsers` in `fuzz/`; see docs/SECURITY.md).

use chrono::NaiveDate;
use proptest::prelude::*;
use swadaya_domain::dates::{format_date, parse_date, parse_iso};
use swadaya_domain::money::{group_thousands, Rupiah};
use swadaya_domain::nik::Nik;
use swadaya_domain::region::RegionCode;
use swadaya_domain::{apbdes, savings, Lang};

/// Strings people and spreadsheets produce: digits, separators, letters, control characters and
/// anything else Unicode has.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof!["[0-9.,\\- /Rp]{0,30}", "[0-9]{0,20}", "\\PC{0,40}", any::<String>(),]
}

proptest! {
    #[test]
    fn no_parser_panics_on_any_text(s in typed()) {
        let _ = Rupiah::parse(&s);
        let _ = savings::entry(&s);
        let _ = parse_date(&s);
        let _ = parse_iso(&s);
        let _ = Nik::parse(&s);
        let _ = RegionCode::parse(&s);
        let _ = apbdes::parse_code(&s);
        let _ = apbdes::Section::parse(&s);
    }

    #[test]
    fn amounts_written_the_indonesian_way_read_back(n in 0i64..1_000_000_000_000_000) {
        prop_assert_eq!(Rupiah::parse(&group_thousands(n)).map(|r| r.0), Ok(n));
        prop_assert_eq!(Rupiah::parse(&n.to_string()).map(|r| r.0), Ok(n));
    }

    #[test]
    fn dates_in_every_accepted_form_read_back(days in 0i64..60_000) {
        let d = NaiveDate::from_ymd_opt(1900, 1, 1).expect("day") + chrono::Duration::days(days);
        prop_assert_eq!(parse_date(&d.to_string()), Some(d));
        prop_assert_eq!(parse_date(&d.format("%d/%m/%Y").to_string()), Some(d));
        prop_assert_eq!(parse_date(&d.format("%d-%m-%Y").to_string()), Some(d));
        // Shown as "30 Juli 2020" / "30 July 2020": never mistaken for another day.
        for lang in [Lang::Id, Lang::En] {
            let shown = format_date(d, lang);
            prop_assert!(parse_date(&shown).is_none_or(|back| back == d), "{}", shown);
        }
    }

    #[test]
    fn sixteen_digits_are_a_nik_or_a_named_error(s in "[0-9]{16}") {
        match Nik::parse(&s) {
            Ok(n) => prop_assert_eq!(Nik::parse(n.as_str()).map(|m| m.as_str().to_string()), Ok(n.as_str().to_string())),
            // A refusal says what is wrong, in both languages.
            Err(e) => prop_assert!(!e.msg(Lang::Id).is_empty() && !e.msg(Lang::En).is_empty()),
        }
    }
}
