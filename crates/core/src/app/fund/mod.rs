//! The revolving loan fund: products, loans to KSMs, repayments, arrears and the month-end close.
//! Every money movement posts its journal entry in the same transaction as the loan record.

pub mod close;
pub mod collection;
pub mod loans;
pub mod portfolio;
pub mod products;
pub mod repayments;

use crate::app::AppResult;
use crate::store::{self, Db};
use swadaya_domain::fund::arrears::{Collectibility, DEFAULT_COLLECTIBILITY};

/// The settings keys of the collectibility table, with their allowed ranges.
pub fn setting_keys() -> Vec<(String, i64, i64)> {
    let mut keys: Vec<(String, i64, i64)> = vec![
        ("fund.class3_months".into(), 1, 24),
        ("fund.class4_after_months".into(), 1, 36),
        ("fund.class5_after_months".into(), 1, 48),
    ];
    keys.extend((1..=5).map(|c| (format!("fund.reserve_bp.{c}"), 0, 10_000)));
    keys
}

pub fn setting_default(key: &str) -> Option<i64> {
    let d = DEFAULT_COLLECTIBILITY;
    match key {
        "fund.class3_months" => Some(d.class3_months as i64),
        "fund.class4_after_months" => Some(d.class4_after_months as i64),
        "fund.class5_after_months" => Some(d.class5_after_months as i64),
        k => k
            .strip_prefix("fund.reserve_bp.")
            .and_then(|c| c.parse::<usize>().ok())
            .filter(|c| (1..=5).contains(c))
            .map(|c| d.reserve_bp[c - 1]),
    }
}

/// The institution's collectibility thresholds: RULES.md defaults, overridden in `settings`.
pub async fn collectibility(db: &Db, institution_id: i64) -> AppResult<Collectibility> {
    let mut r = DEFAULT_COLLECTIBILITY;
    let get = |v: Option<i64>, d: i64| v.unwrap_or(d);
    r.class3_months = get(store::ksm::setting(db, institution_id, "fund.class3_months").await?, r.class3_months as i64) as u32;
    r.class4_after_months =
        get(store::ksm::setting(db, institution_id, "fund.class4_after_months").await?, r.class4_after_months as i64) as u32;
    r.class5_after_months =
        get(store::ksm::setting(db, institution_id, "fund.class5_after_months").await?, r.class5_after_months as i64) as u32;
    for c in 0..5 {
        if let Some(v) = store::ksm::setting(db, institution_id, &format!("fund.reserve_bp.{}", c + 1)).await? {
            r.reserve_bp[c] = v;
        }
    }
    Ok(r)
}

/// "1,5" or "1.5" (percent) to hundredths of a percent; at most two decimals.
pub fn parse_percent(s: &str) -> Option<i64> {
    let s = s.trim().trim_end_matches('%').trim().replace(',', ".");
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let w: i64 = whole.parse().ok()?;
    let f: i64 = format!("{frac:0<2}").parse().ok()?;
    w.checked_mul(100)?.checked_add(f)
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent() {
        assert_eq!(super::parse_percent("1,5"), Some(150));
        assert_eq!(super::parse_percent("1.25 %"), Some(125));
        assert_eq!(super::parse_percent("2"), Some(200));
        assert_eq!(super::parse_percent("1,555"), None);
        assert_eq!(super::parse_percent("-1"), None);
        assert_eq!(super::parse_percent(""), None);
    }
}
