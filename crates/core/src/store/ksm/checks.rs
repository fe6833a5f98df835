//! Confirmed checklist items (independence, eligibility) with who confirmed them and when.

pub use crate::app::ksm::checks::CheckRow;
use crate::store::{get_i64, get_str, opt_str, Db, Tx};

pub async fn insert_check(tx: &mut Tx, institution_id: i64, ksm_id: i64, list: &str, row: &CheckRow) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO ksm_checks (institution_id, ksm_id, list, item, checked, checked_by, checked_on, note, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(institution_id)
    .bind(ksm_id)
    .bind(list)
    .bind(&row.item)
    .bind(row.checked as i64)
    .bind(&row.checked_by)
    .bind(&row.checked_on)
    .bind(&row.note)
    .bind(crate::store::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

/// Every confirmation of a list, oldest first (the last one per item is in force).
pub async fn checks(db: &Db, institution_id: i64, ksm_id: i64, list: &str) -> sqlx::Result<Vec<CheckRow>> {
    let rows = sqlx::query("SELECT * FROM ksm_checks WHERE institution_id = $1 AND ksm_id = $2 AND list = $3 ORDER BY id")
        .bind(institution_id)
        .bind(ksm_id)
        .bind(list)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(CheckRow {
                item: get_str(r, "item")?,
                checked: get_i64(r, "checked")? != 0,
                checked_by: get_str(r, "checked_by")?,
                checked_on: get_str(r, "checked_on")?,
                note: opt_str(r, "note")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}
