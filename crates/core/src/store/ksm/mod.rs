//! KSM groups and their members. Sheets, savings, stage decisions with the programme settings,
//! and checklists are in the files beside this one, named as in `app::ksm`, and re-exported here.

pub mod checks;
pub mod savings;
pub mod sheets;
pub mod stage;

pub use checks::*;
pub use savings::*;
pub use sheets::*;
pub use stage::*;

use super::{get_i64, get_str, opt_str, Db, Tx};
pub use crate::app::ksm::groups::{Ksm, KsmData, Member};
use sqlx::any::AnyRow;

const RULE_COLUMNS: [&str; 5] = ["rule_meetings", "rule_savings", "rule_bookkeeping", "rule_loans", "rule_instalments"];

fn ksm(r: &AnyRow) -> sqlx::Result<Ksm> {
    Ok(Ksm {
        id: get_i64(r, "id")?,
        institution_id: get_i64(r, "institution_id")?,
        data: KsmData {
            name: get_str(r, "name")?,
            kind: get_str(r, "kind")?,
            address: opt_str(r, "address")?,
            formed_on: get_str(r, "formed_on")?,
            rhythm: get_str(r, "rhythm")?,
            meeting_day: opt_str(r, "meeting_day")?,
            meeting_place: opt_str(r, "meeting_place")?,
            bookkeeping_days: get_i64(r, "bookkeeping_days")?,
            routine_amount: get_i64(r, "routine_amount")?,
            rules: [
                opt_str(r, RULE_COLUMNS[0])?,
                opt_str(r, RULE_COLUMNS[1])?,
                opt_str(r, RULE_COLUMNS[2])?,
                opt_str(r, RULE_COLUMNS[3])?,
                opt_str(r, RULE_COLUMNS[4])?,
            ],
        },
    })
}

pub async fn insert_ksm(tx: &mut Tx, institution_id: i64, d: &KsmData) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO ksm (institution_id, name, kind, address, formed_on, rhythm, meeting_day, meeting_place, bookkeeping_days, routine_amount,
         rule_meetings, rule_savings, rule_bookkeeping, rule_loans, rule_instalments, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
    )
    .bind(institution_id)
    .bind(&d.name)
    .bind(&d.kind)
    .bind(&d.address)
    .bind(&d.formed_on)
    .bind(&d.rhythm)
    .bind(&d.meeting_day)
    .bind(&d.meeting_place)
    .bind(d.bookkeeping_days)
    .bind(d.routine_amount)
    .bind(&d.rules[0])
    .bind(&d.rules[1])
    .bind(&d.rules[2])
    .bind(&d.rules[3])
    .bind(&d.rules[4])
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn update_ksm(tx: &mut Tx, institution_id: i64, id: i64, d: &KsmData) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE ksm SET name = $1, kind = $2, address = $3, formed_on = $4, rhythm = $5, meeting_day = $6, meeting_place = $7,
         bookkeeping_days = $8, routine_amount = $9, rule_meetings = $10, rule_savings = $11, rule_bookkeeping = $12, rule_loans = $13,
         rule_instalments = $14 WHERE institution_id = $15 AND id = $16",
    )
    .bind(&d.name)
    .bind(&d.kind)
    .bind(&d.address)
    .bind(&d.formed_on)
    .bind(&d.rhythm)
    .bind(&d.meeting_day)
    .bind(&d.meeting_place)
    .bind(d.bookkeeping_days)
    .bind(d.routine_amount)
    .bind(&d.rules[0])
    .bind(&d.rules[1])
    .bind(&d.rules[2])
    .bind(&d.rules[3])
    .bind(&d.rules[4])
    .bind(institution_id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get_ksm(db: &Db, institution_id: i64, id: i64) -> sqlx::Result<Option<Ksm>> {
    sqlx::query("SELECT * FROM ksm WHERE institution_id = $1 AND id = $2")
        .bind(institution_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| ksm(&r))
        .transpose()
}

pub async fn list_ksm(db: &Db, institution_id: i64) -> sqlx::Result<Vec<Ksm>> {
    let rows = sqlx::query("SELECT * FROM ksm WHERE institution_id = $1 ORDER BY LOWER(name), id")
        .bind(institution_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(ksm).collect::<sqlx::Result<_>>()
}

pub async fn insert_member(
    tx: &mut Tx,
    institution_id: i64,
    ksm_id: i64,
    person_id: i64,
    role: &str,
    joined_on: &str,
) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO ksm_members (institution_id, ksm_id, person_id, role, joined_on) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(institution_id)
    .bind(ksm_id)
    .bind(person_id)
    .bind(role)
    .bind(joined_on)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn end_member(tx: &mut Tx, institution_id: i64, id: i64, left_on: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE ksm_members SET left_on = $1 WHERE institution_id = $2 AND id = $3")
        .bind(left_on)
        .bind(institution_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Every member the group ever had, current ones first, by role then name.
pub async fn list_members(db: &Db, institution_id: i64, ksm_id: i64) -> sqlx::Result<Vec<Member>> {
    let rows = sqlx::query(
        "SELECT m.*, p.name AS name, p.sex AS sex FROM ksm_members m
         JOIN people p ON p.institution_id = m.institution_id AND p.id = m.person_id
         WHERE m.institution_id = $1 AND m.ksm_id = $2
         ORDER BY CASE WHEN m.left_on IS NULL THEN 0 ELSE 1 END,
                  CASE m.role WHEN 'ketua' THEN 0 WHEN 'sekretaris' THEN 1 WHEN 'bendahara' THEN 2 ELSE 3 END, LOWER(p.name), m.id",
    )
    .bind(institution_id)
    .bind(ksm_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Member {
                id: get_i64(r, "id")?,
                ksm_id: get_i64(r, "ksm_id")?,
                person_id: get_i64(r, "person_id")?,
                name: get_str(r, "name")?,
                sex: get_str(r, "sex")?,
                role: get_str(r, "role")?,
                joined_on: get_str(r, "joined_on")?,
                left_on: opt_str(r, "left_on")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

/// Current members per group of an institution (members who have not left).
pub async fn active_member_counts(db: &Db, institution_id: i64) -> sqlx::Result<std::collections::HashMap<i64, i64>> {
    let rows = sqlx::query(
        "SELECT ksm_id, COUNT(*) AS n FROM ksm_members WHERE institution_id = $1 AND left_on IS NULL GROUP BY ksm_id",
    )
    .bind(institution_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((get_i64(r, "ksm_id")?, get_i64(r, "n")?))).collect()
}
