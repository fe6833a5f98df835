//! Stage decisions with their scores, and the institution's programme settings.

pub use crate::app::ksm::stage::StageDecision;
use crate::store::{get_i64, get_str, opt_i64, opt_str, Db, Tx};

pub struct NewStage<'a> {
    pub ksm_id: i64,
    pub stage: &'a str,
    pub score: Option<i64>,
    pub scores_json: &'a str,
    pub decided_on: &'a str,
    pub decided_by: &'a str,
    pub note: Option<&'a str>,
}

pub async fn insert_stage(tx: &mut Tx, institution_id: i64, d: &NewStage<'_>) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO ksm_stages (institution_id, ksm_id, stage, score, scores_json, decided_on, decided_by, note, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(institution_id)
    .bind(d.ksm_id)
    .bind(d.stage)
    .bind(d.score)
    .bind(d.scores_json)
    .bind(d.decided_on)
    .bind(d.decided_by)
    .bind(d.note)
    .bind(crate::store::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

/// The group's stage decisions, newest first.
pub async fn stages(db: &Db, institution_id: i64, ksm_id: i64) -> sqlx::Result<Vec<StageDecision>> {
    let rows =
        sqlx::query("SELECT * FROM ksm_stages WHERE institution_id = $1 AND ksm_id = $2 ORDER BY decided_on DESC, id DESC")
            .bind(institution_id)
            .bind(ksm_id)
            .fetch_all(&db.pool)
            .await?;
    rows.iter()
        .map(|r| {
            Ok(StageDecision {
                id: get_i64(r, "id")?,
                stage: get_str(r, "stage")?,
                score: opt_i64(r, "score")?,
                scores_json: get_str(r, "scores_json")?,
                decided_on: get_str(r, "decided_on")?,
                decided_by: get_str(r, "decided_by")?,
                note: opt_str(r, "note")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

/// A per-institution override of a programme threshold, if one was set.
pub async fn setting(db: &Db, institution_id: i64, key: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query("SELECT value FROM settings WHERE institution_id = $1 AND key = $2")
        .bind(institution_id)
        .bind(key)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| get_i64(&r, "value"))
        .transpose()
}

pub async fn set_setting(tx: &mut Tx, institution_id: i64, key: &str, value: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO settings (institution_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (institution_id, key) DO UPDATE SET value = excluded.value")
        .bind(institution_id)
        .bind(key)
        .bind(value)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
