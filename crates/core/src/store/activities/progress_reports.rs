//! Physical progress reported on an activity, newest last; a lower figure carries its reason.

pub use crate::app::activities::Progress;
use crate::store::{get_i64, get_str, opt_str, Tx};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor};

fn progress_from(r: &AnyRow) -> sqlx::Result<Progress> {
    Ok(Progress {
        id: get_i64(r, "id")?,
        reported_on: get_str(r, "reported_on")?,
        percent_bp: get_i64(r, "percent_bp")?,
        quantity: get_i64(r, "quantity")?,
        note: opt_str(r, "note")?,
        reason: opt_str(r, "reason")?,
    })
}

pub struct NewProgress<'a> {
    pub reported_on: &'a str,
    pub percent_bp: i64,
    pub quantity: i64,
    pub note: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub created_by: &'a str,
}

pub async fn insert_progress(tx: &mut Tx, institution_id: i64, activity_id: i64, p: &NewProgress<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO progress_reports (institution_id, activity_id, reported_on, percent_bp, quantity, note, reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(institution_id)
    .bind(activity_id)
    .bind(p.reported_on)
    .bind(p.percent_bp)
    .bind(p.quantity)
    .bind(p.note)
    .bind(p.reason)
    .bind(p.created_by)
    .bind(crate::store::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

pub async fn progress<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    activity_id: i64,
) -> sqlx::Result<Vec<Progress>> {
    let rows =
        sqlx::query("SELECT * FROM progress_reports WHERE institution_id = $1 AND activity_id = $2 ORDER BY reported_on, id")
            .bind(institution_id)
            .bind(activity_id)
            .fetch_all(ex)
            .await?;
    rows.iter().map(progress_from).collect::<sqlx::Result<_>>()
}

/// Per activity: the latest progress report on or before a date.
pub async fn latest_progress<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    to: &str,
) -> sqlx::Result<Vec<(i64, Progress)>> {
    let rows = sqlx::query(
        "SELECT p.* FROM progress_reports p
         WHERE p.institution_id = $1 AND p.reported_on <= $2 ORDER BY p.activity_id, p.reported_on, p.id",
    )
    .bind(institution_id)
    .bind(to)
    .fetch_all(ex)
    .await?;
    let mut out: Vec<(i64, Progress)> = Vec::new();
    for r in &rows {
        let a = get_i64(r, "activity_id")?;
        match out.last_mut() {
            Some((last, p)) if *last == a => *p = progress_from(r)?,
            _ => out.push((a, progress_from(r)?)),
        }
    }
    Ok(out)
}

/// Whether a progress report belongs to one of the institution's activities.
pub async fn progress_in<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64, id: i64) -> sqlx::Result<bool> {
    let row = sqlx::query("SELECT p.id FROM progress_reports p WHERE p.institution_id = $1 AND p.id = $2")
        .bind(institution_id)
        .bind(id)
        .fetch_optional(ex)
        .await?;
    Ok(row.is_some())
}
