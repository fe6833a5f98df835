//! Proposals (usulan) with their budget lines, the board's criteria and scores, and the
//! meetings that decided them. A proposal's status moves once, by a recorded decision.

use super::{get_i64, get_str, opt_i64, opt_str, Tx};
pub use crate::app::activities::proposals::{Criterion, Decision, Proposal, RabLine};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor};
use swadaya_domain::activity::rab;

fn proposal_from(r: &AnyRow) -> sqlx::Result<Proposal> {
    Ok(Proposal {
        id: get_i64(r, "id")?,
        title: get_str(r, "title")?,
        kind: get_str(r, "kind")?,
        proposer: get_str(r, "proposer")?,
        ksm_id: opt_i64(r, "ksm_id")?,
        region_code: opt_str(r, "region_code")?,
        location: get_str(r, "location")?,
        households: get_i64(r, "households")?,
        poor_households: get_i64(r, "poor_households")?,
        women: get_i64(r, "women")?,
        description: opt_str(r, "description")?,
        submitted_on: get_str(r, "submitted_on")?,
        status: get_str(r, "status")?,
        decision_id: opt_i64(r, "decision_id")?,
        decision_reason: opt_str(r, "decision_reason")?,
        budget: get_i64(r, "budget")?,
    })
}

const SELECT: &str =
    "SELECT p.*, COALESCE((SELECT CAST(SUM(l.total) AS BIGINT) FROM rab_lines l WHERE l.institution_id = p.institution_id AND l.proposal_id = p.id), 0) AS budget
     FROM proposals p";

pub struct NewProposal<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub proposer: &'a str,
    pub ksm_id: Option<i64>,
    pub region_code: Option<&'a str>,
    pub location: &'a str,
    pub households: i64,
    pub poor_households: i64,
    pub women: i64,
    pub description: Option<&'a str>,
    pub submitted_on: &'a str,
    pub created_by: &'a str,
}

pub async fn insert(tx: &mut Tx, institution_id: i64, p: &NewProposal<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO proposals (institution_id, title, kind, proposer, ksm_id, region_code, location, households, poor_households, women, description, submitted_on, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(institution_id)
    .bind(p.title)
    .bind(p.kind)
    .bind(p.proposer)
    .bind(p.ksm_id)
    .bind(p.region_code)
    .bind(p.location)
    .bind(p.households)
    .bind(p.poor_households)
    .bind(p.women)
    .bind(p.description)
    .bind(p.submitted_on)
    .bind(p.created_by)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

/// Where a budget line belongs: a proposal's RAB, or the activity's copy of it.
#[derive(Clone, Copy)]
pub enum LineOwner {
    Proposal(i64),
    Activity(i64),
}

pub async fn insert_line(tx: &mut Tx, institution_id: i64, owner: LineOwner, position: i64, l: &rab::Line) -> sqlx::Result<i64> {
    let (p, a) = match owner {
        LineOwner::Proposal(p) => (Some(p), None),
        LineOwner::Activity(a) => (None, Some(a)),
    };
    let r = sqlx::query(
        "INSERT INTO rab_lines (institution_id, proposal_id, activity_id, position, item, unit, quantity, unit_price, total)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(institution_id)
    .bind(p)
    .bind(a)
    .bind(position)
    .bind(&l.item)
    .bind(&l.unit)
    .bind(l.quantity)
    .bind(l.unit_price)
    .bind(l.total())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

pub async fn lines<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    owner: LineOwner,
) -> sqlx::Result<Vec<RabLine>> {
    let (col, id) = match owner {
        LineOwner::Proposal(p) => ("proposal_id", p),
        LineOwner::Activity(a) => ("activity_id", a),
    };
    let rows = sqlx::query(&format!("SELECT * FROM rab_lines WHERE institution_id = $1 AND {col} = $2 ORDER BY position, id"))
        .bind(institution_id)
        .bind(id)
        .fetch_all(ex)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(RabLine {
                id: get_i64(r, "id")?,
                item: get_str(r, "item")?,
                unit: get_str(r, "unit")?,
                quantity: get_i64(r, "quantity")?,
                unit_price: get_i64(r, "unit_price")?,
                total: get_i64(r, "total")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

pub async fn list<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64) -> sqlx::Result<Vec<Proposal>> {
    let rows = sqlx::query(&format!("{SELECT} WHERE p.institution_id = $1 ORDER BY p.submitted_on, p.id"))
        .bind(institution_id)
        .fetch_all(ex)
        .await?;
    rows.iter().map(proposal_from).collect::<sqlx::Result<_>>()
}

pub async fn get<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64, id: i64) -> sqlx::Result<Option<Proposal>> {
    let row = sqlx::query(&format!("{SELECT} WHERE p.institution_id = $1 AND p.id = $2"))
        .bind(institution_id)
        .bind(id)
        .fetch_optional(ex)
        .await?;
    row.as_ref().map(proposal_from).transpose()
}

/// Moves a submitted (or deferred) proposal to its decided status; false if it had moved on.
pub async fn decide(
    tx: &mut Tx,
    institution_id: i64,
    id: i64,
    status: &str,
    decision_id: i64,
    reason: Option<&str>,
) -> sqlx::Result<bool> {
    let n = sqlx::query(
        "UPDATE proposals SET status = $3, decision_id = $4, decision_reason = $5
         WHERE institution_id = $1 AND id = $2 AND status IN ('submitted', 'deferred')",
    )
    .bind(institution_id)
    .bind(id)
    .bind(status)
    .bind(decision_id)
    .bind(reason)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub async fn criteria<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64) -> sqlx::Result<Vec<Criterion>> {
    let rows = sqlx::query("SELECT id, name, weight FROM priority_criteria WHERE institution_id = $1 ORDER BY position, id")
        .bind(institution_id)
        .fetch_all(ex)
        .await?;
    rows.iter()
        .map(|r| Ok(Criterion { id: get_i64(r, "id")?, name: get_str(r, "name")?, weight: get_i64(r, "weight")? }))
        .collect::<sqlx::Result<_>>()
}

pub async fn insert_criterion(tx: &mut Tx, institution_id: i64, name: &str, weight: i64, position: i64) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO priority_criteria (institution_id, name, weight, position) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(institution_id)
    .bind(name)
    .bind(weight)
    .bind(position)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

pub async fn update_criterion(tx: &mut Tx, institution_id: i64, id: i64, name: &str, weight: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE priority_criteria SET name = $3, weight = $4 WHERE institution_id = $1 AND id = $2")
        .bind(institution_id)
        .bind(id)
        .bind(name)
        .bind(weight)
        .execute(&mut **tx)
        .await?
        .rows_affected())
}

/// One scorer's sheet for one proposal replaces that scorer's earlier sheet.
pub async fn replace_scores(
    tx: &mut Tx,
    institution_id: i64,
    proposal_id: i64,
    scorer: &str,
    scores: &[(i64, i64)],
    by: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM proposal_scores WHERE institution_id = $1 AND proposal_id = $2 AND scorer = $3")
        .bind(institution_id)
        .bind(proposal_id)
        .bind(scorer)
        .execute(&mut **tx)
        .await?;
    let now = super::now_utc();
    for (c, s) in scores {
        sqlx::query(
            "INSERT INTO proposal_scores (institution_id, proposal_id, criterion_id, scorer, score, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(institution_id)
        .bind(proposal_id)
        .bind(c)
        .bind(scorer)
        .bind(s)
        .bind(by)
        .bind(&now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// (proposal, criterion, scorer, score) for every proposal of the institution.
pub async fn scores<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
) -> sqlx::Result<Vec<(i64, i64, String, i64)>> {
    let rows = sqlx::query(
        "SELECT s.proposal_id, s.criterion_id, s.scorer, s.score FROM proposal_scores s
         WHERE s.institution_id = $1 ORDER BY s.proposal_id, s.scorer, s.criterion_id",
    )
    .bind(institution_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| Ok((get_i64(r, "proposal_id")?, get_i64(r, "criterion_id")?, get_str(r, "scorer")?, get_i64(r, "score")?)))
        .collect::<sqlx::Result<_>>()
}

pub async fn insert_decision(
    tx: &mut Tx,
    institution_id: i64,
    meeting_on: &str,
    attendance: i64,
    minutes: &str,
    by: &str,
) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO proposal_decisions (institution_id, meeting_on, attendance, minutes, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(institution_id)
    .bind(meeting_on)
    .bind(attendance)
    .bind(minutes)
    .bind(by)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

pub async fn decisions<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64) -> sqlx::Result<Vec<Decision>> {
    let rows = sqlx::query(
        "SELECT id, meeting_on, attendance, minutes FROM proposal_decisions WHERE institution_id = $1 ORDER BY meeting_on DESC, id DESC",
    )
    .bind(institution_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Decision {
                id: get_i64(r, "id")?,
                meeting_on: get_str(r, "meeting_on")?,
                attendance: get_i64(r, "attendance")?,
                minutes: get_str(r, "minutes")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}
