//! What a customer owes: a payment pays the oldest bill first (in part or whole), and what is
//! left over is an advance only when the payer confirms it; arrears are aged from each bill's
//! due date, the way a collector's list reads them.

use chrono::NaiveDate;

/// A bill with what is still owed on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Open {
    pub bill_id: i64,
    pub due_on: NaiveDate,
    pub owed: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Allocation {
    /// (bill, amount), oldest bill first.
    pub parts: Vec<(i64, i64)>,
    /// Paid ahead of any bill, kept for the next ones.
    pub advance: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentError {
    NotPositive,
    /// More than everything owed, not confirmed as an advance; carries what is owed.
    MoreThanOwed(i64),
}

/// Allocates `amount` over `open` bills, oldest due date first. More than everything owed is
/// refused unless `advance_confirmed`, and then the rest is the advance.
pub fn allocate(open: &[Open], amount: i64, advance_confirmed: bool) -> Result<Allocation, PaymentError> {
    if amount <= 0 {
        return Err(PaymentError::NotPositive);
    }
    let owed: i64 = open.iter().map(|o| o.owed.max(0)).sum();
    if amount > owed && !advance_confirmed {
        return Err(PaymentError::MoreThanOwed(owed));
    }
    let mut bills: Vec<&Open> = open.iter().filter(|o| o.owed > 0).collect();
    bills.sort_by_key(|o| (o.due_on, o.bill_id));
    let mut left = amount;
    let mut parts = Vec::new();
    for b in bills {
        if left == 0 {
            break;
        }
        let pay = left.min(b.owed);
        parts.push((b.bill_id, pay));
        left -= pay;
    }
    Ok(Allocation { parts, advance: left })
}

/// Days after the due date that close each age band: 1-30, 31-60, 61-90, then over 90.
pub const AGE_BANDS: [i64; 3] = [30, 60, 90];

/// Owed per age on a day: not yet due, then one amount per band of `AGE_BANDS` and one beyond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Ageing {
    pub not_due: i64,
    /// 1-30, 31-60, 61-90 and over 90 days late.
    pub late: [i64; 4],
    /// Days since the oldest unpaid bill fell due (0: nothing late).
    pub oldest_days: i64,
}

impl Ageing {
    pub fn total_late(&self) -> i64 {
        self.late.iter().sum()
    }
}

pub fn ageing(open: &[Open], on: NaiveDate) -> Ageing {
    let mut a = Ageing::default();
    for o in open.iter().filter(|o| o.owed > 0) {
        let days = (on - o.due_on).num_days();
        if days <= 0 {
            a.not_due += o.owed;
            continue;
        }
        let band = AGE_BANDS.iter().position(|&end| days <= end).unwrap_or(AGE_BANDS.len());
        a.late[band] += o.owed;
        a.oldest_days = a.oldest_days.max(days);
    }
    a
}
