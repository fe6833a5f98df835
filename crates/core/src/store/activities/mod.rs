//! Activities (kegiatan): funding commitments per source, money received and spent (each row
//! points at its journal entry; a reversed entry voids the row), contributions in kind,
//! physical progress and the hand-over. This file holds the activity rows; `money` the
//! commitments, receipts, payments and in-kind contributions; `progress_reports` the progress.

pub mod money;
pub mod progress_reports;

pub use money::*;
pub use progress_reports::*;

use super::{get_i64, get_str, opt_i64, opt_str, Tx};
pub use crate::app::activities::Activity;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor};

fn activity_from(r: &AnyRow) -> sqlx::Result<Activity> {
    Ok(Activity {
        id: get_i64(r, "id")?,
        proposal_id: opt_i64(r, "proposal_id")?,
        name: get_str(r, "name")?,
        kind: get_str(r, "kind")?,
        location: get_str(r, "location")?,
        target_volume: get_i64(r, "target_volume")?,
        unit: get_str(r, "unit")?,
        planned_start: get_str(r, "planned_start")?,
        planned_end: get_str(r, "planned_end")?,
        team: get_str(r, "team")?,
        technical_unit: opt_str(r, "technical_unit")?,
        rkm_year: opt_i64(r, "rkm_year")?,
        handed_over_on: opt_str(r, "handed_over_on")?,
        handed_over_to: opt_str(r, "handed_over_to")?,
        handover_record: opt_str(r, "handover_record")?,
    })
}

pub struct NewActivity<'a> {
    pub proposal_id: Option<i64>,
    pub name: &'a str,
    pub kind: &'a str,
    pub location: &'a str,
    pub target_volume: i64,
    pub unit: &'a str,
    pub planned_start: &'a str,
    pub planned_end: &'a str,
    pub team: &'a str,
    pub technical_unit: Option<&'a str>,
    pub rkm_year: Option<i64>,
    pub created_by: &'a str,
}

pub async fn insert(tx: &mut Tx, institution_id: i64, a: &NewActivity<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO activities (institution_id, proposal_id, name, kind, location, target_volume, unit, planned_start, planned_end, team, technical_unit, rkm_year, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(institution_id)
    .bind(a.proposal_id)
    .bind(a.name)
    .bind(a.kind)
    .bind(a.location)
    .bind(a.target_volume)
    .bind(a.unit)
    .bind(a.planned_start)
    .bind(a.planned_end)
    .bind(a.team)
    .bind(a.technical_unit)
    .bind(a.rkm_year)
    .bind(a.created_by)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

pub async fn list<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64) -> sqlx::Result<Vec<Activity>> {
    let rows = sqlx::query("SELECT * FROM activities WHERE institution_id = $1 ORDER BY planned_start, id")
        .bind(institution_id)
        .fetch_all(ex)
        .await?;
    rows.iter().map(activity_from).collect::<sqlx::Result<_>>()
}

pub async fn get<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64, id: i64) -> sqlx::Result<Option<Activity>> {
    let row = sqlx::query("SELECT * FROM activities WHERE institution_id = $1 AND id = $2")
        .bind(institution_id)
        .bind(id)
        .fetch_optional(ex)
        .await?;
    row.as_ref().map(activity_from).transpose()
}

/// The activity that carries out a proposal, if it has started.
pub async fn of_proposal<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    proposal_id: i64,
) -> sqlx::Result<Option<i64>> {
    let row = sqlx::query("SELECT id FROM activities WHERE institution_id = $1 AND proposal_id = $2")
        .bind(institution_id)
        .bind(proposal_id)
        .fetch_optional(ex)
        .await?;
    row.map(|r| get_i64(&r, "id")).transpose()
}

/// Records the hand-over once; false if it was already handed over.
pub async fn hand_over(tx: &mut Tx, institution_id: i64, id: i64, on: &str, to: &str, record: &str) -> sqlx::Result<bool> {
    let n = sqlx::query(
        "UPDATE activities SET handed_over_on = $3, handed_over_to = $4, handover_record = $5
         WHERE institution_id = $1 AND id = $2 AND handed_over_on IS NULL",
    )
    .bind(institution_id)
    .bind(id)
    .bind(on)
    .bind(to)
    .bind(record)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Per activity: the sum of its budget lines.
pub async fn budgets<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT l.activity_id, CAST(SUM(l.total) AS BIGINT) AS total FROM rab_lines l
         WHERE l.institution_id = $1 AND l.activity_id IS NOT NULL GROUP BY l.activity_id",
    )
    .bind(institution_id)
    .fetch_all(ex)
    .await?;
    rows.iter().map(|r| Ok((get_i64(r, "activity_id")?, get_i64(r, "total")?))).collect::<sqlx::Result<_>>()
}
