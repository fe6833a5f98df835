//! The money side's next work: arrears, the month to close and loans to pay out (UPK), loans
//! to decide (board), and for an activity's treasurer the money promised and not yet received
//! and payments still without a scan of their proof.

use super::{Task, What};
use crate::app::{AppResult, Ctx};
use crate::store::{self, fund::Status, Db};
use chrono::{Datelike, Months, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};
use swadaya_domain::activity::funding::Source;
use swadaya_domain::Rupiah;

pub(super) async fn loans(db: &Db, ctx: &Ctx, id: i64, all: &[store::fund::Loan], today: NaiveDate) -> AppResult<Vec<Task>> {
    let mut out = vec![];
    let (report, _) = crate::app::fund::portfolio::at(db, ctx, id, &today.to_string()).await?;
    if !report.lines.is_empty() {
        out.push(Task {
            institution_id: id,
            what: What::Arrears { shares: report.lines.len(), amount: Rupiah(report.overdue_amount) },
            href: format!("/i/{id}/arrears"),
            late: report.lines.iter().any(|l| l.class >= 3),
        });
    }
    if let Some(month) = month_to_close(db, id, all, today).await? {
        let first_open = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").unwrap_or(today);
        out.push(Task {
            institution_id: id,
            // More than the month just ended is open: the books are behind.
            late: first_open.checked_add_months(Months::new(2)).is_some_and(|d| d <= today),
            what: What::MonthToClose { month },
            href: format!("/i/{id}/books/close"),
        });
    }
    let approved: Vec<&store::fund::Loan> = all.iter().filter(|l| l.status == Status::Approved).collect();
    if !approved.is_empty() {
        out.push(Task {
            institution_id: id,
            what: What::LoansToDisburse { count: approved.len() },
            href: one_or_all(id, &approved),
            late: false,
        });
    }
    Ok(out)
}

/// The month after the last one closed, once it has ended; with no month closed yet, the month
/// just ended if any loan has been paid out.
async fn month_to_close(db: &Db, id: i64, loans: &[store::fund::Loan], today: NaiveDate) -> AppResult<Option<String>> {
    let this_month = today.with_day(1).unwrap_or(today);
    let next = match store::books::last_closed(&db.pool, id).await? {
        Some(m) => {
            NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok().and_then(|d| d.checked_add_months(Months::new(1)))
        }
        None if loans.iter().any(|l| l.status == Status::Disbursed) => this_month.checked_sub_months(Months::new(1)),
        None => None,
    };
    Ok(next.filter(|m| *m < this_month).map(|m| m.format("%Y-%m").to_string()))
}

pub(super) fn loans_to_decide(id: i64, all: &[store::fund::Loan]) -> Option<Task> {
    let applied: Vec<&store::fund::Loan> = all.iter().filter(|l| l.status == Status::Applied).collect();
    (!applied.is_empty()).then(|| Task {
        institution_id: id,
        what: What::LoansToDecide { count: applied.len() },
        href: one_or_all(id, &applied),
        late: false,
    })
}

fn one_or_all(id: i64, loans: &[&store::fund::Loan]) -> String {
    match loans {
        [one] => format!("/i/{id}/loans/{}", one.id),
        _ => format!("/i/{id}/loans"),
    }
}

pub(super) async fn activities(db: &Db, id: i64, today: NaiveDate) -> AppResult<Vec<Task>> {
    let pool = &db.pool;
    let mut awaited: BTreeMap<i64, i64> = BTreeMap::new();
    let received: BTreeMap<(i64, String), i64> = store::activities::money_by_source(pool, id, &today.to_string())
        .await?
        .into_iter()
        .map(|(a, source, received, _)| ((a, source), received))
        .collect();
    for (a, source, committed) in store::activities::committed_by_source(pool, id).await? {
        // Work and materials in kind are received the day they are given, never awaited.
        if source == Source::CommunityInKind.code() {
            continue;
        }
        let missing = committed - received.get(&(a, source)).copied().unwrap_or(0);
        if missing > 0 {
            *awaited.entry(a).or_default() += missing;
        }
    }
    let mut out = vec![];
    if !awaited.is_empty() {
        out.push(Task {
            institution_id: id,
            what: What::FundsAwaited { activities: awaited.len(), amount: Rupiah(awaited.values().sum()) },
            href: activity_or_all(id, awaited.keys().copied()),
            late: false,
        });
    }
    let proved: BTreeSet<i64> =
        store::attachments::of_kind(pool, id, "spending").await?.into_iter().map(|f| f.owner_id).collect();
    let unproved: Vec<store::activities::Spending> =
        store::activities::spendings_between(pool, id, "0001-01-01", &today.to_string())
            .await?
            .into_iter()
            .filter(|s| !s.reversed && !proved.contains(&s.id))
            .collect();
    if !unproved.is_empty() {
        out.push(Task {
            institution_id: id,
            what: What::PaymentsWithoutProof { count: unproved.len() },
            href: activity_or_all(id, unproved.iter().map(|s| s.activity_id)),
            late: false,
        });
    }
    Ok(out)
}

/// The activity's page when the work is in one activity, else the list.
fn activity_or_all(id: i64, activities: impl Iterator<Item = i64>) -> String {
    let set: BTreeSet<i64> = activities.collect();
    match set.iter().next() {
        Some(a) if set.len() == 1 => format!("/i/{id}/activities/{a}"),
        _ => format!("/i/{id}/activities"),
    }
}
