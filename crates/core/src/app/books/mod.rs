//! The institution's double-entry books: chart of accounts, journal (posting, reversal, the
//! month lock) and the reports read from it. The loan fund and funded activities post here.

pub mod accounts;
pub mod allocation;
pub mod hledger;
pub mod journal;
pub mod opening;
pub mod reports;

use crate::app::{AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use swadaya_domain::dates::{format_date, parse_date};
use swadaya_domain::roles::Action;
use swadaya_domain::{Lang, Rupiah};

/// Per account: debits and credits posted up to a day (ISO date), as (code, debit, credit).
pub async fn totals_to(db: &Db, ctx: &Ctx, institution_id: i64, to: &str) -> AppResult<Vec<(String, i64, i64)>> {
    ctx.require(institution_id, Action::ReadBooks)?;
    Ok(store::books::totals(db, institution_id, None, to).await?)
}

/// The last month closed (YYYY-MM), if any.
pub async fn last_closed(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Option<String>> {
    ctx.require(institution_id, Action::ReadBooks)?;
    Ok(store::books::last_closed(&db.pool, institution_id).await?)
}

/// The most one amount may be: far above any village fund, far below overflow.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;

/// A positive amount typed into a form, or the error on `field`.
pub fn positive_amount(e: &mut Errors, lang: Lang, field: &str, v: &str) -> i64 {
    match Rupiah::parse(v) {
        Ok(r) if r.0 > 0 && r.0 <= MAX_AMOUNT => r.0,
        Ok(r) if r.0 > MAX_AMOUNT => {
            e.add(field, lang.pick("Jumlahnya terlalu besar.", "The amount is too large."));
            0
        }
        Ok(_) => {
            e.add(field, lang.pick("Jumlah harus lebih dari 0.", "The amount must be above 0."));
            0
        }
        Err(err) => {
            e.add(field, err.msg(lang));
            0
        }
    }
}

/// A date typed into a form (`24/11/2026` or `2026-11-24`), or the error on `field`.
pub fn any_date(e: &mut Errors, lang: Lang, field: &str, v: &str) -> Option<chrono::NaiveDate> {
    match parse_date(v) {
        None if v.trim().is_empty() => {
            e.add(field, lang.pick("Tanggal wajib diisi.", "The date is required."));
            None
        }
        None => {
            e.add(
                field,
                lang.pick("Tanggal tidak terbaca. Tulis seperti 24/11/2026.", "Cannot read the date. Write it like 24/11/2026."),
            );
            None
        }
        d => d,
    }
}

/// A date typed into a form, not in the future, or the error on `field`.
pub fn past_date(e: &mut Errors, lang: Lang, field: &str, v: &str) -> Option<chrono::NaiveDate> {
    match any_date(e, lang, field, v) {
        Some(d) if d > chrono::Local::now().date_naive() => {
            e.add(field, lang.pick("Tanggal tidak boleh di masa depan.", "The date cannot be in the future."));
            None
        }
        d => d,
    }
}

/// "2026-10" for a date.
pub fn month_of(date: &str) -> &str {
    date.get(..7).unwrap_or(date)
}

/// The first and last day of a "YYYY-MM" month.
pub fn month_bounds(month: &str) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    let first = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let last = first.checked_add_months(chrono::Months::new(1))?.pred_opt()?;
    Some((first, last))
}

pub fn month_label(month: &str, lang: Lang) -> String {
    match month_bounds(month) {
        Some((first, _)) => {
            use chrono::Datelike;
            format!("{} {}", swadaya_domain::dates::month_name(first.month(), lang), first.year())
        }
        None => month.to_string(),
    }
}

/// Refuses a date on or before the end of the last closed month.
pub async fn check_open(
    tx: &mut crate::store::WriteTx,
    lang: Lang,
    institution_id: i64,
    field: &str,
    date: &str,
) -> AppResult<()> {
    tx.hold_books(institution_id, false).await?;
    if let Some(closed) = crate::store::books::last_closed(&mut ***tx, institution_id).await? {
        if month_of(date) <= closed.as_str() {
            let end = month_bounds(&closed).map(|(_, l)| format_date(l, lang)).unwrap_or(closed.clone());
            return Err(AppError::field(
                field,
                match lang {
                    Lang::Id => format!(
                        "Buku sudah ditutup sampai {end}; tanggal ini terkunci. Catat koreksinya dengan tanggal sesudah {end}."
                    ),
                    Lang::En => format!(
                        "The books are closed up to {end}; this date is locked. Record the correction with a date after {end}."
                    ),
                },
            ));
        }
    }
    Ok(())
}
