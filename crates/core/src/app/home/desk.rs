//! The complaints unit's and the board's desk: complaints past their service level or waiting
//! to be verified (those escalated from below among them), proposals to score and to decide.

use super::{Task, What};
use crate::app::complaints::{calendar, overdue_of, status_of};
use crate::app::{AppResult, Ctx};
use crate::store::{self, Db};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use swadaya_domain::complaint::Status;

pub(super) async fn complaints(db: &Db, _ctx: &Ctx, id: i64, today: NaiveDate) -> AppResult<Vec<Task>> {
    let open = store::complaints::open_at(db, id).await?;
    let cal = calendar(db).await?;
    let overdue = open.iter().filter(|c| !overdue_of(&cal, c, today).is_empty()).count();
    let to_verify: Vec<_> = open.iter().filter(|c| status_of(c).awaits_verification()).collect();
    let escalated = to_verify.iter().filter(|c| status_of(c) == Status::Escalated).count();
    let mut out = vec![];
    if overdue > 0 {
        out.push(Task {
            institution_id: id,
            what: What::ComplaintsOverdue { count: overdue },
            href: format!("/i/{id}/complaints#overdue"),
            late: true,
        });
    }
    if !to_verify.is_empty() {
        let status = match escalated {
            0 => "received",
            n if n == to_verify.len() => "escalated",
            _ => "open",
        };
        out.push(Task {
            institution_id: id,
            what: What::ComplaintsToVerify { count: to_verify.len(), escalated },
            href: format!("/i/{id}/complaints?status={status}"),
            late: false,
        });
    }
    Ok(out)
}

pub(super) async fn proposals(db: &Db, id: i64) -> AppResult<Vec<Task>> {
    let waiting: Vec<i64> = store::proposals::list(&db.pool, id)
        .await?
        .into_iter()
        .filter(|p| p.status == "submitted" || p.status == "deferred")
        .map(|p| p.id)
        .collect();
    let scored: BTreeSet<i64> = store::proposals::scores(&db.pool, id).await?.into_iter().map(|s| s.0).collect();
    let to_score = waiting.iter().filter(|p| !scored.contains(p)).count();
    let to_decide = waiting.len() - to_score;
    let mut out = vec![];
    if to_score > 0 {
        out.push(Task {
            institution_id: id,
            what: What::ProposalsToScore { count: to_score },
            href: format!("/i/{id}/proposals/ranking"),
            late: false,
        });
    }
    if to_decide > 0 {
        out.push(Task {
            institution_id: id,
            what: What::ProposalsToDecide { count: to_decide },
            href: format!("/i/{id}/proposals/decisions"),
            late: false,
        });
    }
    Ok(out)
}
