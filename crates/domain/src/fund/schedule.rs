//! Repayment schedules in integer Rupiah. The principal of the instalments sums exactly to the
//! loan: every instalment but the last carries the rounded-down equal part (flat) or the
//! annuity's principal (declining); the last takes what is left.

use super::product::{Frequency, Method, Terms};
use chrono::{Months, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instalment {
    pub n: u32,
    pub due_on: NaiveDate,
    pub principal: i64,
    pub interest: i64,
}

impl Instalment {
    pub fn total(&self) -> i64 {
        self.principal + self.interest
    }
}

/// The period rate as a fraction num/den of one: a month's rate, or a week's (12/52 of it).
fn period_rate(terms: &Terms) -> (i128, i128) {
    match terms.frequency {
        Frequency::Monthly => (terms.rate_bp as i128, 10_000),
        Frequency::Weekly => (terms.rate_bp as i128 * 12, 520_000),
    }
}

fn round_div(a: i128, b: i128) -> i64 {
    // Half away from zero; a and b are never negative here.
    ((a + b / 2) / b) as i64
}

pub fn due_date(start: NaiveDate, frequency: Frequency, n: u32) -> NaiveDate {
    match frequency {
        // A loan made on 31 January falls due on the last day of shorter months.
        Frequency::Monthly => start.checked_add_months(Months::new(n)).unwrap_or(start),
        Frequency::Weekly => start + chrono::Duration::days(7 * n as i64),
    }
}

/// The schedule of one loan (or one member's share) disbursed on `start`.
pub fn schedule(principal: i64, terms: &Terms, start: NaiveDate) -> Vec<Instalment> {
    let n = terms.term.max(1);
    let (num, den) = period_rate(terms);
    let p = principal.max(0);
    let mut out = Vec::with_capacity(n as usize);
    match terms.method {
        Method::Flat => {
            let part = p / n as i64;
            let interest = round_div(p as i128 * num, den);
            for k in 1..=n {
                let principal = if k == n { p - part * (n as i64 - 1) } else { part };
                out.push(Instalment { n: k, due_on: due_date(start, terms.frequency, k), principal, interest });
            }
        }
        Method::Declining => {
            let payment = annuity_payment(p, num, den, n);
            let mut balance = p;
            for k in 1..=n {
                let interest = round_div(balance as i128 * num, den);
                let principal = if k == n { balance } else { (payment - interest).clamp(0, balance) };
                balance -= principal;
                out.push(Instalment { n: k, due_on: due_date(start, terms.frequency, k), principal, interest });
            }
        }
    }
    out
}

/// The level payment of an annuity, rounded to the rupiah: P·i / (1 - (1+i)^-n).
fn annuity_payment(p: i64, num: i128, den: i128, n: u32) -> i64 {
    if num == 0 {
        return (p + n as i64 - 1) / n as i64;
    }
    let i = num as f64 / den as f64;
    let a = p as f64 * i / (1.0 - (1.0 + i).powi(-(n as i32)));
    a.round() as i64
}

/// The group's schedule: members' instalments of the same number added together.
pub fn sum_by_number<'a>(parts: impl IntoIterator<Item = &'a Instalment>) -> Vec<Instalment> {
    let mut by_n: std::collections::BTreeMap<u32, Instalment> = std::collections::BTreeMap::new();
    for i in parts {
        by_n.entry(i.n)
            .and_modify(|s| {
                s.principal += i.principal;
                s.interest += i.interest;
            })
            .or_insert(*i);
    }
    by_n.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fund::product::DEFAULT_TERMS;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn flat_default_product() {
        // Rp 500.000 over 10 months at 1,5 % flat: Rp 50.000 principal and Rp 7.500 jasa a month.
        let s = schedule(500_000, &DEFAULT_TERMS, d("2025-01-31"));
        assert_eq!(s.len(), 10);
        assert!(s.iter().all(|i| i.principal == 50_000 && i.interest == 7_500));
        assert_eq!(s[0].due_on, d("2025-02-28"));
        assert_eq!(s[9].due_on, d("2025-11-30"));
    }

    #[test]
    fn last_instalment_absorbs_rounding() {
        let t = Terms { term: 3, ..DEFAULT_TERMS };
        let s = schedule(100_000, &t, d("2025-03-01"));
        assert_eq!(s.iter().map(|i| i.principal).collect::<Vec<_>>(), vec![33_333, 33_333, 33_334]);
    }

    proptest! {
        #[test]
        fn principal_sums_to_the_loan(
            p in 1i64..50_000_000,
            rate in 0i64..500,
            term in 1u32..60,
            declining in any::<bool>(),
            weekly in any::<bool>(),
        ) {
            let t = Terms {
                method: if declining { Method::Declining } else { Method::Flat },
                rate_bp: rate,
                term,
                frequency: if weekly { Frequency::Weekly } else { Frequency::Monthly },
            };
            let s = schedule(p, &t, d("2024-01-15"));
            prop_assert_eq!(s.len() as u32, term);
            prop_assert_eq!(s.iter().map(|i| i.principal).sum::<i64>(), p);
            prop_assert!(s.iter().all(|i| i.principal >= 0 && i.interest >= 0));
            prop_assert!(s.windows(2).all(|w| w[0].due_on < w[1].due_on));
        }
    }
}
