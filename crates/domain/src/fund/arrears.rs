//! Arrears (tunggakan) and collectibility (kolektibilitas) at a date, by RULES.md: age counts from
//! the oldest unpaid instalment's due date; exactly 3 months is class 3, exactly 6 still class 3,
//! 6 months and a day class 4, exactly 9 still class 4, beyond that class 5.

use super::allocation::Due;
use super::product::Frequency;
use crate::Lang;
use chrono::{Months, NaiveDate};

/// Thresholds and reserve rates, editable per institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Collectibility {
    pub class3_months: u32,
    pub class4_after_months: u32,
    pub class5_after_months: u32,
    /// Loan-loss reserve on outstanding principal per class, in hundredths of a percent.
    pub reserve_bp: [i64; 5],
}

pub const DEFAULT_COLLECTIBILITY: Collectibility = Collectibility {
    class3_months: 3,
    class4_after_months: 6,
    class5_after_months: 9,
    reserve_bp: [50, 50, 1_000, 5_000, 10_000],
};

pub fn class_name(class: u8, lang: Lang) -> &'static str {
    match class {
        1 => lang.pick("Lancar", "Current"),
        2 => lang.pick("Dalam Perhatian Khusus", "Special mention"),
        3 => lang.pick("Kurang Lancar", "Substandard"),
        4 => lang.pick("Diragukan", "Doubtful"),
        _ => lang.pick("Macet", "Loss"),
    }
}

/// The state of one loan (or one member's share) at a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Arrears {
    pub overdue_instalments: u32,
    /// Principal and interest due before the date and not paid.
    pub overdue_amount: i64,
    pub overdue_principal: i64,
    pub oldest_unpaid: Option<NaiveDate>,
    pub days_late: i64,
    pub outstanding_principal: i64,
    /// Principal and interest that fell due up to the date, and what was paid on those.
    pub due_to_date: i64,
    pub paid_on_due: i64,
    pub class: u8,
}

impl Arrears {
    /// In arrears for the indicators: class 3 to 5.
    pub fn at_risk(&self) -> bool {
        self.class >= 3
    }
    pub fn reserve(&self, rules: &Collectibility) -> i64 {
        let bp = rules.reserve_bp[(self.class.clamp(1, 5) - 1) as usize];
        (self.outstanding_principal as i128 * bp as i128 + 5_000).div_euclid(10_000) as i64
    }
}

fn add_months(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m)).unwrap_or(NaiveDate::MAX)
}

/// The class of a debt whose oldest unpaid instalment fell due on `oldest`, seen on `on`.
pub fn class_at(oldest: Option<NaiveDate>, on: NaiveDate, frequency: Frequency, rules: &Collectibility) -> u8 {
    let Some(oldest) = oldest else { return 1 };
    match frequency {
        Frequency::Monthly => {
            if on < add_months(oldest, rules.class3_months) {
                2
            } else if on <= add_months(oldest, rules.class4_after_months) {
                3
            } else if on <= add_months(oldest, rules.class5_after_months) {
                4
            } else {
                5
            }
        }
        // Weekly loans: the equivalent age in days, 30 days a month.
        Frequency::Weekly => {
            let days = (on - oldest).num_days();
            if days < 30 * rules.class3_months as i64 {
                2
            } else if days <= 30 * rules.class4_after_months as i64 {
                3
            } else if days <= 30 * rules.class5_after_months as i64 {
                4
            } else {
                5
            }
        }
    }
}

/// `items` carry what was paid up to `on`. An instalment is overdue the day after it falls due.
pub fn arrears(items: &[Due], on: NaiveDate, frequency: Frequency, rules: &Collectibility) -> Arrears {
    let mut a = Arrears::default();
    for d in items {
        a.outstanding_principal += d.unpaid_principal();
        if d.due_on <= on {
            a.due_to_date += d.principal + d.interest;
            a.paid_on_due += d.principal_paid + d.interest_paid;
        }
        if d.due_on < on && d.unpaid() > 0 {
            a.overdue_instalments += 1;
            a.overdue_amount += d.unpaid();
            a.overdue_principal += d.unpaid_principal();
            if a.oldest_unpaid.is_none_or(|o| d.due_on < o) {
                a.oldest_unpaid = Some(d.due_on);
            }
        }
    }
    a.days_late = a.oldest_unpaid.map(|o| (on - o).num_days()).unwrap_or(0);
    a.class = class_at(a.oldest_unpaid, on, frequency, rules);
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fund::allocation::{allocate, apply};
    use crate::fund::product::{Method, Terms};
    use crate::fund::schedule::schedule;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }
    const R: Collectibility = DEFAULT_COLLECTIBILITY;

    #[test]
    fn boundaries_from_rules() {
        let due = Some(d("2025-01-15"));
        let m = Frequency::Monthly;
        assert_eq!(class_at(None, d("2025-12-31"), m, &R), 1);
        assert_eq!(class_at(due, d("2025-01-16"), m, &R), 2);
        assert_eq!(class_at(due, d("2025-04-14"), m, &R), 2);
        assert_eq!(class_at(due, d("2025-04-15"), m, &R), 3, "exactly 3 months");
        assert_eq!(class_at(due, d("2025-07-15"), m, &R), 3, "exactly 6 months");
        assert_eq!(class_at(due, d("2025-07-16"), m, &R), 4, "6 months and 1 day");
        assert_eq!(class_at(due, d("2025-10-15"), m, &R), 4, "exactly 9 months");
        assert_eq!(class_at(due, d("2025-10-16"), m, &R), 5);
        let w = Frequency::Weekly;
        assert_eq!(class_at(due, d("2025-01-15") + chrono::Duration::days(89), w, &R), 2);
        assert_eq!(class_at(due, d("2025-01-15") + chrono::Duration::days(90), w, &R), 3);
        assert_eq!(class_at(due, d("2025-01-15") + chrono::Duration::days(180), w, &R), 3);
        assert_eq!(class_at(due, d("2025-01-15") + chrono::Duration::days(181), w, &R), 4);
        assert_eq!(class_at(due, d("2025-01-15") + chrono::Duration::days(271), w, &R), 5);
    }

    #[test]
    fn partial_payment_of_oldest_still_late_from_its_date() {
        let t = Terms { method: Method::Flat, rate_bp: 150, term: 10, frequency: Frequency::Monthly };
        let mut items: Vec<Due> = schedule(500_000, &t, d("2025-01-15"))
            .into_iter()
            .map(|i| Due {
                n: i.n,
                due_on: i.due_on,
                principal: i.principal,
                interest: i.interest,
                principal_paid: 0,
                interest_paid: 0,
            })
            .collect();
        let parts = allocate(&items, d("2025-02-15"), 40_000).expect("ok");
        apply(&mut items, &parts);
        let a = arrears(&items, d("2025-05-15"), Frequency::Monthly, &R);
        assert_eq!(a.oldest_unpaid, Some(d("2025-02-15")));
        assert_eq!(a.overdue_instalments, 3);
        assert_eq!(a.class, 3);
        assert_eq!(a.days_late, 89);
        assert_eq!(a.overdue_amount, 3 * 57_500 - 40_000);
        assert_eq!(a.reserve(&R), a.outstanding_principal / 10);
    }

    proptest! {
        /// With payments fixed, arrears and class never improve as the date moves on.
        #[test]
        fn monotone_in_the_date(paid in 0i64..575_000, step in 1i64..40, weekly in any::<bool>()) {
            let f = if weekly { Frequency::Weekly } else { Frequency::Monthly };
            let t = Terms { method: Method::Flat, rate_bp: 150, term: 10, frequency: f };
            let mut items: Vec<Due> = schedule(500_000, &t, d("2025-01-15"))
                .into_iter()
                .map(|i| Due { n: i.n, due_on: i.due_on, principal: i.principal, interest: i.interest, principal_paid: 0, interest_paid: 0 })
                .collect();
            let paid = paid.min(crate::fund::allocation::remaining(&items));
            if paid > 0 {
                let parts = allocate(&items, d("2025-01-15"), paid).expect("ok");
                apply(&mut items, &parts);
            }
            let mut prev = arrears(&items, d("2025-01-15"), f, &R);
            let mut day = d("2025-01-15");
            for _ in 0..40 {
                day += chrono::Duration::days(step);
                let a = arrears(&items, day, f, &R);
                prop_assert!(a.class >= prev.class);
                prop_assert!(a.overdue_amount >= prev.overdue_amount);
                prop_assert!(a.overdue_instalments >= prev.overdue_instalments);
                prop_assert!(a.days_late >= prev.days_late || prev.oldest_unpaid.is_none());
                prev = a;
            }
        }
    }
}
