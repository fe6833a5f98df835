//! Sheets proposed as corrections of a meeting already recorded, and the treasurer's decision.
//! Their table keeps its first name, `sheet_proposals` (and the audit log its entity
//! `sheet_proposal`): renaming stored names would break the audit chain and the upgrade of
//! earlier databases for a word. In the code they are corrections, never "proposals", which are
//! the BKM's activity proposals.

use super::{get_i64, get_str, opt_i64, opt_str, Db, Tx};
pub use crate::app::ksm::corrections::Correction;
use sqlx::any::AnyRow;

fn from(r: &AnyRow) -> sqlx::Result<Correction> {
    Ok(Correction {
        id: get_i64(r, "id")?,
        ksm_id: get_i64(r, "ksm_id")?,
        original_id: get_i64(r, "original_id")?,
        held_on: get_str(r, "held_on")?,
        payload: get_str(r, "payload")?,
        proposed_by: get_str(r, "proposed_by")?,
        proposed_at: get_str(r, "proposed_at")?,
        status: get_str(r, "status")?,
        decided_by: opt_str(r, "decided_by")?,
        decided_at: opt_str(r, "decided_at")?,
        decision_reason: opt_str(r, "decision_reason")?,
        amendment_id: opt_i64(r, "amendment_id")?,
    })
}

pub struct NewCorrection<'a> {
    pub ksm_id: i64,
    pub original_id: i64,
    pub held_on: &'a str,
    pub payload: &'a str,
    pub proposed_by: &'a str,
    pub idem_key: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, institution_id: i64, p: &NewCorrection<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO sheet_proposals (institution_id, ksm_id, original_id, held_on, payload, proposed_by, proposed_at, idem_key, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending') RETURNING id",
    )
    .bind(institution_id)
    .bind(p.ksm_id)
    .bind(p.original_id)
    .bind(p.held_on)
    .bind(p.payload)
    .bind(p.proposed_by)
    .bind(super::now_utc())
    .bind(p.idem_key)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

pub async fn by_idem(db: &Db, institution_id: i64, key: &str) -> sqlx::Result<Option<Correction>> {
    sqlx::query("SELECT * FROM sheet_proposals WHERE institution_id = $1 AND idem_key = $2")
        .bind(institution_id)
        .bind(key)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| from(&r))
        .transpose()
}

pub async fn get(db: &Db, institution_id: i64, id: i64) -> sqlx::Result<Option<Correction>> {
    sqlx::query("SELECT * FROM sheet_proposals WHERE institution_id = $1 AND id = $2")
        .bind(institution_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| from(&r))
        .transpose()
}

/// Every proposed correction of one original sheet, oldest first.
pub async fn of_original(db: &Db, institution_id: i64, original_id: i64) -> sqlx::Result<Vec<Correction>> {
    let rows = sqlx::query("SELECT * FROM sheet_proposals WHERE institution_id = $1 AND original_id = $2 ORDER BY id")
        .bind(institution_id)
        .bind(original_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(from).collect::<sqlx::Result<_>>()
}

/// Original sheet ids of a group with proposed corrections waiting, and how many.
pub async fn pending_in(db: &Db, institution_id: i64, ksm_id: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT original_id, COUNT(*) AS n FROM sheet_proposals WHERE institution_id = $1 AND ksm_id = $2 AND status = 'pending' GROUP BY original_id",
    )
    .bind(institution_id)
    .bind(ksm_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((get_i64(r, "original_id")?, get_i64(r, "n")?))).collect::<sqlx::Result<_>>()
}

/// Claims a proposed correction for acceptance: a pending one, or one whose earlier claim is older than
/// `stale_before` (the server died between claiming and amending). `false` when another claim
/// won.
pub async fn claim(tx: &mut Tx, institution_id: i64, id: i64, by: &str, stale_before: &str) -> sqlx::Result<bool> {
    let r = sqlx::query(
        "UPDATE sheet_proposals SET status = 'accepting', decided_by = $1, decided_at = $2
         WHERE institution_id = $3 AND id = $4 AND (status = 'pending' OR (status = 'accepting' AND decided_at < $5))",
    )
    .bind(by)
    .bind(super::now_utc())
    .bind(institution_id)
    .bind(id)
    .bind(stale_before)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Decides a pending proposed correction; `false` when someone decided it first.
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    tx: &mut Tx,
    institution_id: i64,
    id: i64,
    from_status: &str,
    status: &str,
    by: &str,
    reason: Option<&str>,
    amendment_id: Option<i64>,
) -> sqlx::Result<bool> {
    let r = sqlx::query(
        "UPDATE sheet_proposals SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4, amendment_id = $5
         WHERE institution_id = $6 AND id = $7 AND status = $8",
    )
    .bind(status)
    .bind(by)
    .bind(super::now_utc())
    .bind(reason)
    .bind(amendment_id)
    .bind(institution_id)
    .bind(id)
    .bind(from_status)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}
