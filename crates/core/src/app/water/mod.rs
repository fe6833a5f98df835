//! The service after the hand-over (issue 21): a maintenance institution (BP-SPAMS, KPP or the
//! KKM itself) keeps an asset working and collects fees for it. `setup` holds the assets, fee
//! schemes and tariff versions; `customers` the connections and their meters; `readings` the
//! monthly meter readings and a reader's round; `bills` the monthly bill run; `payments` the
//! fees taken, their reversal, a customer's statement and the arrears a collector works from.

pub mod bills;
pub mod customers;
pub mod payments;
pub mod readings;
pub mod setup;

use crate::app::Errors;
use chrono::{Datelike, NaiveDate};
use swadaya_domain::Lang;

/// A month typed into a form (`2026-11` from a month field, or `11/2026`), as "YYYY-MM".
pub fn month_field(e: &mut Errors, lang: Lang, field: &str, v: &str) -> Option<String> {
    let v = v.trim();
    let parsed = NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(&format!("01/{v}"), "%d/%m/%Y").ok())
        .or_else(|| swadaya_domain::dates::parse_date(v));
    match parsed {
        Some(d) => Some(format!("{:04}-{:02}", d.year(), d.month())),
        None if v.is_empty() => {
            e.add(field, lang.pick("Bulan wajib diisi.", "The month is required."));
            None
        }
        None => {
            e.add(
                field,
                lang.pick("Bulan tidak terbaca. Tulis seperti 11/2026.", "Cannot read the month. Write it like 11/2026."),
            );
            None
        }
    }
}

/// The month of today, "YYYY-MM".
pub fn this_month() -> String {
    chrono::Local::now().date_naive().format("%Y-%m").to_string()
}

/// Refuses a month after this one: its water has not been used yet.
pub fn not_ahead(e: &mut Errors, lang: Lang, field: &str, month: &Option<String>) {
    if month.as_deref().is_some_and(|m| m > this_month().as_str()) {
        e.add(field, lang.pick("Bulan ini belum berjalan.", "That month has not begun yet."));
    }
}

/// A whole number of m3 or days typed into a form: digits only, 0 allowed.
pub fn count_field(e: &mut Errors, lang: Lang, field: &str, v: &str, max: i64) -> i64 {
    let t: String = v.trim().chars().filter(|c| *c != '.' && *c != ' ').collect();
    match t.parse::<i64>() {
        Ok(n) if (0..=max).contains(&n) => n,
        Ok(_) => {
            e.add(
                field,
                match lang {
                    Lang::Id => format!("Isi angka 0 sampai {max}."),
                    Lang::En => format!("Enter a number from 0 to {max}."),
                },
            );
            0
        }
        Err(_) if t.is_empty() => 0,
        Err(_) => {
            e.add(field, lang.pick("Isi dengan angka saja.", "Enter digits only."));
            0
        }
    }
}

/// Institutions that keep a service after a hand-over: a water operator, a users' and
/// maintenance group, or the KKM itself until it hands over.
pub fn keeps_service(kind: &str) -> bool {
    matches!(kind, "BPSPAMS" | "KPP" | "KKM" | "LAINNYA")
}
