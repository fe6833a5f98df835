//! Service levels of SP4N-LAPOR! (RULES.md "Complaints"): verified within 3 working days,
//! handling decided within 5 working days, resolved within 60 days. Working days skip Saturday,
//! Sunday and the holidays the institution keeps as data (national holidays and cuti bersama).

use super::Status;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeSet;

pub const VERIFY_WORKING_DAYS: u32 = 3;
pub const DECIDE_WORKING_DAYS: u32 = 5;
pub const RESOLVE_DAYS: u64 = 60;

/// The days off that are not weekends.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        Calendar { holidays: holidays.into_iter().collect() }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&d)
    }

    /// The `n`th working day after `start` (the day a complaint arrives does not count).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = d + Days::new(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

/// The dates by which each step is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    pub verify_by: NaiveDate,
    pub decide_by: NaiveDate,
    pub resolve_by: NaiveDate,
}

/// `received` starts the 60 days; `clock_start` (the receipt, or the escalation at the level now
/// handling it) starts the working-day clocks, since each level takes the same steps again.
pub fn deadlines(cal: &Calendar, received: NaiveDate, clock_start: NaiveDate) -> Deadlines {
    Deadlines {
        verify_by: cal.add_working_days(clock_start, VERIFY_WORKING_DAYS),
        decide_by: cal.add_working_days(clock_start, DECIDE_WORKING_DAYS),
        resolve_by: received + Days::new(RESOLVE_DAYS),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overdue {
    Verify,
    Decide,
    Resolve,
}

impl Overdue {
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            Overdue::Verify => lang.pick("Verifikasi lewat 3 hari kerja", "Verification over 3 working days"),
            Overdue::Decide => {
                lang.pick("Penanganan belum diputuskan dalam 5 hari kerja", "Handling not decided in 5 working days")
            }
            Overdue::Resolve => lang.pick("Belum selesai dalam 60 hari", "Not resolved in 60 days"),
        }
    }
}

/// Which service levels a complaint in `status` has missed on `today`.
pub fn overdue(status: Status, d: &Deadlines, today: NaiveDate) -> Vec<Overdue> {
    let mut out = Vec::new();
    if status.is_closed() {
        return out;
    }
    if status.awaits_verification() && today > d.verify_by {
        out.push(Overdue::Verify);
    }
    if matches!(status, Status::Received | Status::Escalated | Status::Verified) && today > d.decide_by {
        out.push(Overdue::Decide);
    }
    if today > d.resolve_by {
        out.push(Overdue::Resolve);
    }
    out
}

/// The median of whole days, rounded down; `None` for no values.
pub fn median_days(mut days: Vec<i64>) -> Option<i64> {
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    let n = days.len();
    Some(if n % 2 == 1 { days[n / 2] } else { (days[n / 2 - 1] + days[n / 2]) / 2 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let cal = Calendar::new([d("2026-08-17")]);
        // Friday 14 August 2026 + 3 working days: Tue 18 (Mon 17 is Independence Day), Wed 19, Thu 20.
        assert_eq!(cal.add_working_days(d("2026-08-14"), 1), d("2026-08-18"));
        assert_eq!(cal.add_working_days(d("2026-08-14"), 3), d("2026-08-20"));
        // A complaint on a Saturday: the clock starts on Monday.
        assert_eq!(Calendar::default().add_working_days(d("2026-11-21"), 1), d("2026-11-23"));
        assert_eq!(Calendar::default().add_working_days(d("2026-11-23"), 0), d("2026-11-23"));
    }

    #[test]
    fn flags_on_fixed_dates() {
        let cal = Calendar::default();
        // Received Monday 2 November 2026: verify by Thu 5, decide by Mon 9, resolve by 1 January 2027.
        let dl = deadlines(&cal, d("2026-11-02"), d("2026-11-02"));
        assert_eq!((dl.verify_by, dl.decide_by, dl.resolve_by), (d("2026-11-05"), d("2026-11-09"), d("2027-01-01")));
        assert!(overdue(Status::Received, &dl, d("2026-11-05")).is_empty(), "due today is not late");
        assert_eq!(overdue(Status::Received, &dl, d("2026-11-06")), vec![Overdue::Verify]);
        assert_eq!(overdue(Status::Received, &dl, d("2026-11-10")), vec![Overdue::Verify, Overdue::Decide]);
        assert_eq!(overdue(Status::Verified, &dl, d("2026-11-10")), vec![Overdue::Decide]);
        assert!(overdue(Status::InProcess, &dl, d("2026-12-31")).is_empty());
        assert_eq!(overdue(Status::InProcess, &dl, d("2027-01-02")), vec![Overdue::Resolve]);
        assert!(overdue(Status::Answered, &dl, d("2027-06-01")).is_empty());
        assert!(overdue(Status::Rejected, &dl, d("2027-06-01")).is_empty());
    }

    #[test]
    fn escalation_restarts_the_working_day_clocks_only() {
        let cal = Calendar::default();
        let dl = deadlines(&cal, d("2026-09-01"), d("2026-11-02"));
        assert_eq!(dl.verify_by, d("2026-11-05"));
        assert_eq!(dl.resolve_by, d("2026-10-31"));
        assert_eq!(overdue(Status::Escalated, &dl, d("2026-11-03")), vec![Overdue::Resolve]);
    }

    #[test]
    fn median() {
        assert_eq!(median_days(vec![]), None);
        assert_eq!(median_days(vec![9, 1, 4]), Some(4));
        assert_eq!(median_days(vec![1, 2, 3, 10]), Some(2));
    }
}
