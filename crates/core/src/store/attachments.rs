//! Files attached to records: proposal photos and sketches, receipt scans, progress photos.
//! They live in the database beside the rows they prove, so a backup holds both.

use super::{get_i64, get_str, Tx};
pub use crate::app::attachments::Meta;
use sqlx::{Any, Executor, Row};

pub struct NewAttachment<'a> {
    pub owner_kind: &'a str,
    pub owner_id: i64,
    pub filename: &'a str,
    pub mime: &'a str,
    pub data: &'a [u8],
    pub sha256: &'a str,
    pub created_by: &'a str,
}

pub async fn insert(tx: &mut Tx, institution_id: i64, a: &NewAttachment<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO attachments (institution_id, owner_kind, owner_id, filename, mime, size, sha256, data, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(institution_id)
    .bind(a.owner_kind)
    .bind(a.owner_id)
    .bind(a.filename)
    .bind(a.mime)
    .bind(a.data.len() as i64)
    .bind(a.sha256)
    .bind(a.data.to_vec())
    .bind(a.created_by)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

const META: &str = "SELECT id, owner_kind, owner_id, filename, mime, size, sha256, created_at FROM attachments";

fn meta_from(r: &sqlx::any::AnyRow) -> sqlx::Result<Meta> {
    Ok(Meta {
        id: get_i64(r, "id")?,
        owner_kind: get_str(r, "owner_kind")?,
        owner_id: get_i64(r, "owner_id")?,
        filename: get_str(r, "filename")?,
        mime: get_str(r, "mime")?,
        size: get_i64(r, "size")?,
        sha256: get_str(r, "sha256")?,
        created_at: get_str(r, "created_at")?,
    })
}

/// Attachments of every record of one kind in the institution (one query per page).
pub async fn of_kind<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    owner_kind: &str,
) -> sqlx::Result<Vec<Meta>> {
    let rows = sqlx::query(&format!("{META} WHERE institution_id = $1 AND owner_kind = $2 ORDER BY owner_id, id"))
        .bind(institution_id)
        .bind(owner_kind)
        .fetch_all(ex)
        .await?;
    rows.iter().map(meta_from).collect()
}

pub async fn get<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    id: i64,
) -> sqlx::Result<Option<(Meta, Vec<u8>)>> {
    let row = sqlx::query(
        "SELECT id, owner_kind, owner_id, filename, mime, size, sha256, created_at, data FROM attachments
         WHERE institution_id = $1 AND id = $2",
    )
    .bind(institution_id)
    .bind(id)
    .fetch_optional(ex)
    .await?;
    row.map(|r| Ok((meta_from(&r)?, r.try_get::<Vec<u8>, _>("data")?))).transpose()
}

/// The receipt scans and progress photos of one activity.
pub async fn of_activity<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    activity_id: i64,
) -> sqlx::Result<Vec<Meta>> {
    let rows = sqlx::query(&format!(
        "{META} WHERE institution_id = $1 AND (
            (owner_kind = 'spending' AND owner_id IN (SELECT id FROM spendings WHERE institution_id = $1 AND activity_id = $2))
         OR (owner_kind = 'progress' AND owner_id IN (SELECT id FROM progress_reports WHERE institution_id = $1 AND activity_id = $2)))
         ORDER BY owner_kind, owner_id, id"
    ))
    .bind(institution_id)
    .bind(activity_id)
    .fetch_all(ex)
    .await?;
    rows.iter().map(meta_from).collect()
}
