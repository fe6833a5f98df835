//! Positions: who holds which office, with the decree, and the history of past terms.

pub use crate::app::registers::positions::Position;
pub use crate::app::registers::positions::PositionData;
use crate::store::{get_i64, get_str, opt_i64, opt_str, Db, Tx};
use sqlx::any::AnyRow;

fn position(r: &AnyRow) -> sqlx::Result<Position> {
    Ok(Position {
        id: get_i64(r, "id")?,
        institution_id: get_i64(r, "institution_id")?,
        person_id: get_i64(r, "person_id")?,
        person_name: get_str(r, "person_name")?,
        education: opt_str(r, "education")?,
        unit_id: opt_i64(r, "unit_id")?,
        unit_name: opt_str(r, "unit_name")?,
        title: get_str(r, "title")?,
        decree_no: opt_str(r, "decree_no")?,
        start_date: get_str(r, "start_date")?,
        end_date: opt_str(r, "end_date")?,
    })
}

pub async fn insert_position(tx: &mut Tx, institution_id: i64, d: &PositionData) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO positions (institution_id, person_id, unit_id, title, decree_no, start_date, end_date, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(institution_id)
    .bind(d.person_id)
    .bind(d.unit_id)
    .bind(&d.title)
    .bind(&d.decree_no)
    .bind(&d.start_date)
    .bind(&d.end_date)
    .bind(crate::store::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn update_position(tx: &mut Tx, institution_id: i64, id: i64, d: &PositionData) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE positions SET person_id = $1, unit_id = $2, title = $3, decree_no = $4, start_date = $5, end_date = $6
         WHERE institution_id = $7 AND id = $8",
    )
    .bind(d.person_id)
    .bind(d.unit_id)
    .bind(&d.title)
    .bind(&d.decree_no)
    .bind(&d.start_date)
    .bind(&d.end_date)
    .bind(institution_id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn end_position(tx: &mut Tx, institution_id: i64, id: i64, end_date: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE positions SET end_date = $1 WHERE institution_id = $2 AND id = $3")
        .bind(end_date)
        .bind(institution_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

const POSITION_SELECT: &str = "SELECT ps.*, p.name AS person_name, p.education AS education, u.name AS unit_name
     FROM positions ps
     JOIN people p ON p.institution_id = ps.institution_id AND p.id = ps.person_id
     LEFT JOIN units u ON u.institution_id = ps.institution_id AND u.id = ps.unit_id";

/// Every position of the institution, current and past (the history).
pub async fn list_positions(db: &Db, institution_id: i64) -> sqlx::Result<Vec<Position>> {
    let rows = sqlx::query(&format!(
        "{POSITION_SELECT} WHERE ps.institution_id = $1 ORDER BY CASE WHEN ps.end_date IS NULL THEN 0 ELSE 1 END, ps.start_date DESC, ps.id"
    ))
    .bind(institution_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(position).collect::<sqlx::Result<_>>()
}

pub async fn get_position(db: &Db, institution_id: i64, id: i64) -> sqlx::Result<Option<Position>> {
    sqlx::query(&format!("{POSITION_SELECT} WHERE ps.institution_id = $1 AND ps.id = $2"))
        .bind(institution_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| position(&r))
        .transpose()
}

/// Officers holding office on `today`, in the order the register is read (Ketua first).
pub async fn current_positions(db: &Db, institution_id: i64, today: &str) -> sqlx::Result<Vec<Position>> {
    let rows = sqlx::query(&format!(
        "{POSITION_SELECT} WHERE ps.institution_id = $1 AND ps.start_date <= $2 AND (ps.end_date IS NULL OR ps.end_date >= $2)
         ORDER BY COALESCE(u.sort, -1), CASE WHEN LOWER(ps.title) = 'ketua' THEN 0 ELSE 1 END, ps.id"
    ))
    .bind(institution_id)
    .bind(today)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(position).collect::<sqlx::Result<_>>()
}
