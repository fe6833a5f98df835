//! Savings movements (append-only; balances are their sums), withdrawals and statements.
//! They are indexed by group and day (migration 0016), so a member's own queries name the
//! member's group: the index then narrows to that group's rows.

pub use crate::app::ksm::savings::StatementLine;
use crate::store::{get_i64, get_str, opt_i64, opt_str, Db, Tx};

pub struct Movement<'a> {
    pub ksm_id: i64,
    pub member_id: i64,
    pub kind: &'a str,
    pub amount: i64,
    pub on_date: &'a str,
    pub meeting_id: Option<i64>,
    pub note: Option<&'a str>,
    pub created_by: &'a str,
    /// The form's key for a withdrawal (a retried submission is recorded once)
    pub idem_key: Option<&'a str>,
}

pub async fn insert_movement(tx: &mut Tx, institution_id: i64, m: &Movement<'_>) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO savings_movements (institution_id, ksm_id, member_id, kind, amount, on_date, meeting_id, note, created_by, created_at, idem_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(institution_id)
    .bind(m.ksm_id)
    .bind(m.member_id)
    .bind(m.kind)
    .bind(m.amount)
    .bind(m.on_date)
    .bind(m.meeting_id)
    .bind(m.note)
    .bind(m.created_by)
    .bind(crate::store::now_utc())
    .bind(m.idem_key)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

/// Balance per (member, kind) of a group, from its movements.
pub async fn balances(db: &Db, institution_id: i64, ksm_id: i64) -> sqlx::Result<Vec<(i64, String, i64)>> {
    let rows = sqlx::query(
        "SELECT member_id, kind, CAST(SUM(amount) AS BIGINT) AS total FROM savings_movements
         WHERE institution_id = $1 AND ksm_id = $2 GROUP BY member_id, kind ORDER BY member_id, kind",
    )
    .bind(institution_id)
    .bind(ksm_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((get_i64(r, "member_id")?, get_str(r, "kind")?, get_i64(r, "total")?))).collect::<sqlx::Result<_>>()
}

/// The lowest point the running balance of one member's savings of one kind reaches, movements
/// in date order, inside a write transaction: a backdated withdrawal must not dip below zero.
pub async fn lowest_running_in_tx(tx: &mut Tx, institution_id: i64, member_id: i64, kind: &str) -> sqlx::Result<i64> {
    let rows = sqlx::query(
        "SELECT amount FROM savings_movements WHERE institution_id = $1 AND ksm_id = (SELECT ksm_id FROM ksm_members WHERE institution_id = $1 AND id = $2) AND member_id = $2 AND kind = $3 ORDER BY on_date, id",
    )
    .bind(institution_id)
    .bind(member_id)
    .bind(kind)
    .fetch_all(&mut **tx)
    .await?;
    Ok(swadaya_domain::savings::lowest_running(
        rows.iter().map(|r| get_i64(r, "amount").map(swadaya_domain::Rupiah)).collect::<sqlx::Result<Vec<_>>>()?,
    )
    .0)
}

pub async fn withdrawal_by_idem(tx: &mut Tx, institution_id: i64, key: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query("SELECT id FROM savings_movements WHERE institution_id = $1 AND idem_key = $2")
        .bind(institution_id)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| get_i64(&r, "id"))
        .transpose()
}

/// Balance of one member's savings of one kind, inside a write transaction (for withdrawals).
pub async fn balance_in_tx(tx: &mut Tx, institution_id: i64, member_id: i64, kind: &str) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS total FROM savings_movements
         WHERE institution_id = $1 AND ksm_id = (SELECT ksm_id FROM ksm_members WHERE institution_id = $1 AND id = $2) AND member_id = $2 AND kind = $3",
    )
    .bind(institution_id)
    .bind(member_id)
    .bind(kind)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "total")
}

pub async fn statement(db: &Db, institution_id: i64, member_id: i64) -> sqlx::Result<Vec<StatementLine>> {
    let rows = sqlx::query(
        "SELECT * FROM savings_movements WHERE institution_id = $1 AND ksm_id = (SELECT ksm_id FROM ksm_members WHERE institution_id = $1 AND id = $2) AND member_id = $2 ORDER BY on_date, id",
    )
        .bind(institution_id)
        .bind(member_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(StatementLine {
                on_date: get_str(r, "on_date")?,
                kind: get_str(r, "kind")?,
                amount: get_i64(r, "amount")?,
                meeting_id: opt_i64(r, "meeting_id")?,
                note: opt_str(r, "note")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

/// Deposits per calendar month (`YYYY-MM`), for "3 consecutive months of group savings".
pub async fn movements_by_month(
    db: &Db,
    institution_id: i64,
    ksm_id: i64,
) -> sqlx::Result<std::collections::HashMap<String, i64>> {
    let rows = sqlx::query(
        "SELECT SUBSTR(on_date, 1, 7) AS month, CAST(SUM(amount) AS BIGINT) AS total FROM savings_movements
         WHERE institution_id = $1 AND ksm_id = $2 AND amount > 0 GROUP BY SUBSTR(on_date, 1, 7)",
    )
    .bind(institution_id)
    .bind(ksm_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((get_str(r, "month")?, get_i64(r, "total")?))).collect::<sqlx::Result<_>>()
}

/// The group's savings (all members, all kinds) as they stood at the end of `day`.
pub async fn savings_until(db: &Db, institution_id: i64, ksm_id: i64, day: &str) -> sqlx::Result<i64> {
    let r = sqlx::query("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS total FROM savings_movements WHERE institution_id = $1 AND ksm_id = $2 AND on_date <= $3")
        .bind(institution_id)
        .bind(ksm_id)
        .bind(day)
        .fetch_one(&db.pool)
        .await?;
    get_i64(&r, "total")
}
