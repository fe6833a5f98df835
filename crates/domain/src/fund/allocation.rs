//! Allocating a repayment (RULES.md): interest first, then principal, oldest instalment first,
//! over what is due on the payment date; what is left pays ahead, instalment by instalment.

use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One instalment with what has been paid on it so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub n: u32,
    pub due_on: NaiveDate,
    pub principal: i64,
    pub interest: i64,
    pub principal_paid: i64,
    pub interest_paid: i64,
}

impl Due {
    /// The instalment as scheduled, without what was paid on it.
    pub fn instalment(&self) -> crate::fund::schedule::Instalment {
        crate::fund::schedule::Instalment { n: self.n, due_on: self.due_on, principal: self.principal, interest: self.interest }
    }

    pub fn unpaid_principal(&self) -> i64 {
        (self.principal - self.principal_paid).max(0)
    }
    pub fn unpaid_interest(&self) -> i64 {
        (self.interest - self.interest_paid).max(0)
    }
    pub fn unpaid(&self) -> i64 {
        self.unpaid_principal() + self.unpaid_interest()
    }
}

/// What a payment pays on one instalment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Part {
    pub n: u32,
    pub principal: i64,
    pub interest: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllocationError {
    NotPositive,
    /// More than everything still owed; carries what is owed.
    MoreThanOwed(i64),
}

pub fn remaining(items: &[Due]) -> i64 {
    items.iter().map(Due::unpaid).sum()
}

pub fn allocate(items: &[Due], on: NaiveDate, amount: i64) -> Result<Vec<Part>, AllocationError> {
    if amount <= 0 {
        return Err(AllocationError::NotPositive);
    }
    let owed = remaining(items);
    if amount > owed {
        return Err(AllocationError::MoreThanOwed(owed));
    }
    let mut sorted: Vec<&Due> = items.iter().collect();
    sorted.sort_by_key(|d| (d.due_on, d.n));
    let (due, ahead): (Vec<&Due>, Vec<&Due>) = sorted.into_iter().partition(|d| d.due_on <= on);
    let mut left = amount;
    let mut parts: BTreeMap<u32, Part> = BTreeMap::new();
    let mut take = |n: u32, open: i64, interest: bool, left: &mut i64| {
        let x = open.min(*left);
        if x > 0 {
            let p = parts.entry(n).or_insert(Part { n, ..Part::default() });
            if interest {
                p.interest += x;
            } else {
                p.principal += x;
            }
            *left -= x;
        }
    };
    for d in &due {
        take(d.n, d.unpaid_interest(), true, &mut left);
    }
    for d in &due {
        take(d.n, d.unpaid_principal(), false, &mut left);
    }
    for d in &ahead {
        take(d.n, d.unpaid_interest(), true, &mut left);
        take(d.n, d.unpaid_principal(), false, &mut left);
    }
    debug_assert_eq!(left, 0);
    Ok(parts.into_values().collect())
}

/// Applies allocated parts to the instalments (what a stored payment does to the state).
pub fn apply(items: &mut [Due], parts: &[Part]) {
    for p in parts {
        if let Some(d) = items.iter_mut().find(|d| d.n == p.n) {
            d.principal_paid += p.principal;
            d.interest_paid += p.interest;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fund::product::{Frequency, Method, Terms};
    use crate::fund::schedule::schedule;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn dues(p: i64, term: u32) -> Vec<Due> {
        let t = Terms { method: Method::Flat, rate_bp: 150, term, frequency: Frequency::Monthly };
        schedule(p, &t, d("2025-01-10"))
            .into_iter()
            .map(|i| Due {
                n: i.n,
                due_on: i.due_on,
                principal: i.principal,
                interest: i.interest,
                principal_paid: 0,
                interest_paid: 0,
            })
            .collect()
    }

    #[test]
    fn interest_first_then_principal_oldest_first() {
        // Two instalments overdue (50.000 + 7.500 each); Rp 20.000 pays both interests, then
        // Rp 5.000 of the oldest principal.
        let items = dues(500_000, 10);
        let parts = allocate(&items, d("2025-03-20"), 20_000).expect("ok");
        assert_eq!(parts, vec![Part { n: 1, principal: 5_000, interest: 7_500 }, Part { n: 2, principal: 0, interest: 7_500 }]);
    }

    #[test]
    fn overpayment_pays_ahead() {
        let items = dues(500_000, 10);
        let parts = allocate(&items, d("2025-02-10"), 60_000).expect("ok");
        assert_eq!(parts, vec![Part { n: 1, principal: 50_000, interest: 7_500 }, Part { n: 2, principal: 0, interest: 2_500 }]);
        assert_eq!(allocate(&items, d("2025-02-10"), 575_001), Err(AllocationError::MoreThanOwed(575_000)));
        assert_eq!(allocate(&items, d("2025-02-10"), 0), Err(AllocationError::NotPositive));
    }

    proptest! {
        /// Whatever the stream of payments, nothing is paid beyond what is due, every rupiah
        /// is allocated, and the loan is settled exactly when the total owed has been paid.
        #[test]
        fn allocation_never_overpays(p in 1_000i64..5_000_000, term in 1u32..24, pays in proptest::collection::vec((1i64..400_000, 0i64..60), 1..40)) {
            let mut items = dues(p, term);
            let owed = remaining(&items);
            let mut paid = 0;
            let mut day = d("2025-01-10");
            for (amount, gap) in pays {
                day += chrono::Duration::days(gap);
                match allocate(&items, day, amount) {
                    Ok(parts) => {
                        prop_assert_eq!(parts.iter().map(|x| x.principal + x.interest).sum::<i64>(), amount);
                        apply(&mut items, &parts);
                        paid += amount;
                    }
                    Err(AllocationError::MoreThanOwed(left)) => prop_assert_eq!(left, owed - paid),
                    Err(e) => prop_assert!(false, "{:?}", e),
                }
                prop_assert!(items.iter().all(|i| i.principal_paid <= i.principal && i.interest_paid <= i.interest));
            }
            prop_assert_eq!(remaining(&items), owed - paid);
        }
    }
}
