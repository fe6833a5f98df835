//! What is due and owed: instalments with what was paid on each, the portfolio's member shares
//! for the month-end close, recorded causes of arrears, and what is still owed per loan and member.

use crate::store::{get_i64, get_str, opt_str, Tx};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor};

/// One member's instalments with what was paid on each up to `upto` (inclusive).
#[derive(Debug, Clone)]
pub struct DueRow {
    pub loan_id: i64,
    pub member_id: i64,
    pub due: swadaya_domain::fund::allocation::Due,
}

/// Read by position (the columns of `due_select`): the close decodes one row per instalment.
fn due_from(r: &AnyRow) -> sqlx::Result<DueRow> {
    use sqlx::Row;
    let i = |k: usize| r.try_get::<i64, _>(k);
    let day: &str = r.try_get(3)?;
    Ok(DueRow {
        loan_id: i(0)?,
        member_id: i(1)?,
        due: swadaya_domain::fund::allocation::Due {
            n: i(2)? as u32,
            due_on: swadaya_domain::dates::parse_iso(day)
                .ok_or_else(|| sqlx::Error::Decode(format!("loan_instalments.due_on holds \"{day}\", not a date").into()))?,
            principal: i(4)?,
            interest: i(5)?,
            principal_paid: i(6)?,
            interest_paid: i(7)?,
        },
    })
}

/// Instalments with what was paid on each up to $2 (a date), for loans $3 to $4 (ids,
/// inclusive). The payment parts are stored in instalment order, so the database sums them per
/// instalment in one ordered pass and merges the sums with the instalments, which are in the same
/// order.
const DUE_SELECT: &str =
    "SELECT i.loan_id, i.member_id, i.n, i.due_on, i.principal, i.interest, COALESCE(p.pp, 0) AS pp, COALESCE(p.ip, 0) AS ip
     FROM loan_instalments i
     LEFT JOIN (SELECT loan_id, member_id, n, CAST(SUM(principal) AS BIGINT) AS pp, CAST(SUM(interest) AS BIGINT) AS ip
                FROM payment_parts WHERE institution_id = $1 AND paid_on <= $2 AND loan_id BETWEEN $3 AND $4
                GROUP BY loan_id, member_id, n) p
       ON p.loan_id = i.loan_id AND p.member_id = i.member_id AND p.n = i.n
     WHERE i.institution_id = $1 AND i.loan_id BETWEEN $3 AND $4";

/// A loan's instalments (every member) with payments up to `upto`, by member then number.
pub async fn dues_of<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    loan_id: i64,
    upto: &str,
) -> sqlx::Result<Vec<DueRow>> {
    let sql = format!("{DUE_SELECT} ORDER BY i.member_id, i.n");
    let rows = sqlx::query(&sql).bind(institution_id).bind(upto).bind(loan_id).bind(loan_id).fetch_all(ex).await?;
    rows.iter().map(due_from).collect::<sqlx::Result<_>>()
}

/// The member shares of loans `first` to `last` (ids, inclusive) at `upto`, one row each, in
/// loan and member order: the sums `swadaya_domain::fund::arrears::arrears` computes, done by the
/// database in one pass (a test holds the two to the same figures). Every loan with instalments
/// is disbursed; the caller leaves out those disbursed after `upto`.
fn shares_sql() -> &'static str {
    SHARES_SQL.get_or_init(|| {
        format!(
            "SELECT d.loan_id, d.member_id,
                CAST(SUM(d.principal - d.pp) AS BIGINT) AS outstanding,
                CAST(SUM(CASE WHEN d.due_on < $2 AND d.principal + d.interest - d.pp - d.ip > 0 THEN 1 ELSE 0 END) AS BIGINT) AS overdue_n,
                CAST(SUM(CASE WHEN d.due_on < $2 THEN d.principal + d.interest - d.pp - d.ip ELSE 0 END) AS BIGINT) AS overdue_amount,
                CAST(SUM(CASE WHEN d.due_on < $2 THEN d.principal - d.pp ELSE 0 END) AS BIGINT) AS overdue_principal,
                MIN(CASE WHEN d.due_on < $2 AND d.principal + d.interest - d.pp - d.ip > 0 THEN d.due_on END) AS oldest,
                CAST(SUM(CASE WHEN d.due_on <= $2 THEN d.principal + d.interest ELSE 0 END) AS BIGINT) AS due_to_date,
                CAST(SUM(CASE WHEN d.due_on <= $2 THEN d.pp + d.ip ELSE 0 END) AS BIGINT) AS paid_on_due
             FROM ({DUE_SELECT}) d
             GROUP BY d.loan_id, d.member_id ORDER BY d.loan_id, d.member_id"
        )
    })
}

static SHARES_SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The member shares of every range of loan ids at `upto`, each range read on its own connection
/// at the same time, so a server sums a district's portfolio on all its cores (as a partitioned
/// close-of-business job does). Rows arrive as they are read: in loan and member order within a
/// range, ranges interleaved; the channel holds a few hundred, so the portfolio never has to fit
/// in memory. A range that fails sends its error and stops; dropping the receiver stops them all.
pub fn portfolio_shares(
    db: &crate::store::Db,
    institution_id: i64,
    upto: &str,
    ranges: &[(i64, i64)],
) -> tokio::sync::mpsc::Receiver<sqlx::Result<ShareRow>> {
    let (send, receive) = tokio::sync::mpsc::channel(512);
    for &(first, last) in ranges {
        let (db, send, upto) = (db.clone(), send.clone(), upto.to_string());
        tokio::spawn(async move {
            if let Err(e) = read_range(&db, institution_id, &upto, first, last, &send).await {
                let _ = send.send(Err(e)).await;
            }
        });
    }
    receive
}

async fn read_range(
    db: &crate::store::Db,
    institution_id: i64,
    upto: &str,
    first: i64,
    last: i64,
    send: &tokio::sync::mpsc::Sender<sqlx::Result<ShareRow>>,
) -> sqlx::Result<()> {
    use futures_util::TryStreamExt;
    let mut tx = db.pool.begin().await?;
    if db.backend == crate::store::Backend::Postgres {
        // The ranges already use the cores. A parallel plan would have every worker sum all the
        // range's payment parts again for its share of the instalments.
        sqlx::query("SET LOCAL max_parallel_workers_per_gather = 0").execute(&mut *tx).await?;
    }
    let mut rows = sqlx::query(shares_sql()).bind(institution_id).bind(upto).bind(first).bind(last).fetch(&mut *tx);
    while let Some(row) = rows.try_next().await? {
        if send.send(share_row(&row)).await.is_err() {
            break;
        }
    }
    Ok(())
}

/// One row of `portfolio_shares`, read by position.
pub struct ShareRow {
    pub loan_id: i64,
    pub member_id: i64,
    pub outstanding: i64,
    pub overdue_instalments: i64,
    pub overdue_amount: i64,
    pub overdue_principal: i64,
    pub oldest_unpaid: Option<chrono::NaiveDate>,
    pub due_to_date: i64,
    pub paid_on_due: i64,
}

fn share_row(r: &AnyRow) -> sqlx::Result<ShareRow> {
    use sqlx::Row;
    let i = |k: usize| r.try_get::<i64, _>(k);
    let oldest: Option<String> = r.try_get(6)?;
    Ok(ShareRow {
        loan_id: i(0)?,
        member_id: i(1)?,
        outstanding: i(2)?,
        overdue_instalments: i(3)?,
        overdue_amount: i(4)?,
        overdue_principal: i(5)?,
        oldest_unpaid: oldest.as_deref().and_then(swadaya_domain::dates::parse_iso),
        due_to_date: i(7)?,
        paid_on_due: i(8)?,
    })
}

pub async fn record_cause(
    tx: &mut Tx,
    institution_id: i64,
    loan_id: i64,
    member_id: i64,
    cause: &str,
    note: Option<&str>,
    by: &str,
) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO arrears_causes (institution_id, loan_id, member_id, cause, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(institution_id)
    .bind(loan_id)
    .bind(member_id)
    .bind(cause)
    .bind(note)
    .bind(by)
    .bind(crate::store::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

/// The newest recorded cause per (loan, member).
pub async fn causes(
    db: &crate::store::Db,
    institution_id: i64,
) -> sqlx::Result<std::collections::HashMap<(i64, i64), (String, Option<String>)>> {
    let rows = sqlx::query("SELECT loan_id, member_id, cause, note FROM arrears_causes WHERE institution_id = $1 ORDER BY id")
        .bind(institution_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| Ok(((get_i64(r, "loan_id")?, get_i64(r, "member_id")?), (get_str(r, "cause")?, opt_str(r, "note")?))))
        .collect::<sqlx::Result<_>>()
}

/// What is still owed (principal and interest) on every disbursed loan.
pub async fn owed_by_loan(db: &crate::store::Db, institution_id: i64) -> sqlx::Result<std::collections::HashMap<i64, i64>> {
    let due = sqlx::query("SELECT loan_id, CAST(SUM(principal + interest) AS BIGINT) AS v FROM loan_instalments WHERE institution_id = $1 GROUP BY loan_id")
        .bind(institution_id)
        .fetch_all(&db.pool)
        .await?;
    let paid = sqlx::query(
        "SELECT loan_id, CAST(SUM(principal + interest) AS BIGINT) AS v FROM payment_parts WHERE institution_id = $1 GROUP BY loan_id",
    )
    .bind(institution_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out: std::collections::HashMap<i64, i64> =
        due.iter().map(|r| Ok((get_i64(r, "loan_id")?, get_i64(r, "v")?))).collect::<sqlx::Result<_>>()?;
    for r in &paid {
        *out.entry(get_i64(r, "loan_id")?).or_default() -= get_i64(r, "v")?;
    }
    Ok(out)
}

/// What is still owed on disbursed loans of a KSM, per member (principal and interest).
pub async fn owed_in_ksm(tx: &mut Tx, institution_id: i64, ksm_id: i64) -> sqlx::Result<std::collections::HashMap<i64, i64>> {
    let due = sqlx::query(
        "SELECT i.member_id, CAST(SUM(i.principal + i.interest) AS BIGINT) AS v FROM loan_instalments i
         JOIN loans l ON l.institution_id = i.institution_id AND l.id = i.loan_id
         WHERE i.institution_id = $1 AND l.ksm_id = $2 AND l.status = 'disbursed' GROUP BY i.member_id",
    )
    .bind(institution_id)
    .bind(ksm_id)
    .fetch_all(&mut **tx)
    .await?;
    let paid = sqlx::query(
        "SELECT pt.member_id, CAST(SUM(pt.principal + pt.interest) AS BIGINT) AS v FROM payment_parts pt
         JOIN loans l ON l.institution_id = pt.institution_id AND l.id = pt.loan_id
         WHERE pt.institution_id = $1 AND l.ksm_id = $2 GROUP BY pt.member_id",
    )
    .bind(institution_id)
    .bind(ksm_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut out: std::collections::HashMap<i64, i64> =
        due.iter().map(|r| Ok((get_i64(r, "member_id")?, get_i64(r, "v")?))).collect::<sqlx::Result<_>>()?;
    for r in &paid {
        *out.entry(get_i64(r, "member_id")?).or_default() -= get_i64(r, "v")?;
    }
    out.retain(|_, v| *v > 0);
    Ok(out)
}
