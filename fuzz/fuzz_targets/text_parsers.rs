//! What people type and spreadsheets hold: amounts, dates in both locales, NIK, region and budget
//! codes. Each is a value or a named error, never a panic; an amount or a date that is read back
//! from its own printed form is the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use swadaya_domain::dates::{format_date, parse_date, parse_iso};
use swadaya_domain::money::{group_thousands, Rupiah};
use swadaya_domain::nik::Nik;
use swadaya_domain::region::RegionCode;
use swadaya_domain::{apbdes, Lang};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(r) = Rupiah::parse(s) {
        assert_eq!(Rupiah::parse(&group_thousands(r.0)).map(|x| x.0), Ok(r.0), "{s:?}");
    }
    if let Some(d) = parse_date(s) {
        for lang in [Lang::Id, Lang::En] {
            let shown = format_date(d, lang);
            assert!(parse_date(&shown).is_none_or(|back| back == d), "{s:?} shown as {shown:?}");
        }
    }
    let _ = parse_iso(s);
    let _ = Nik::parse(s);
    let _ = RegionCode::parse(s);
    let _ = apbdes::parse_code(s);
    let _ = apbdes::Section::parse(s);
});
