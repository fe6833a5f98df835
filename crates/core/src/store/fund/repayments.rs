//! Repayments and how each was allocated (parts); append-only, a reversal writes them negated.

pub use crate::app::fund::repayments::Payment;
use crate::store::{get_i64, get_str, Tx};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor};

pub struct NewPayment<'a> {
    pub loan_id: i64,
    pub member_id: i64,
    pub paid_on: &'a str,
    pub amount: i64,
    pub source: &'a str,
    pub meeting_id: Option<i64>,
    pub entry_id: Option<i64>,
    pub reverses_id: Option<i64>,
    pub idem_key: Option<&'a str>,
    pub created_by: &'a str,
}

pub async fn insert_payment(
    tx: &mut Tx,
    institution_id: i64,
    p: &NewPayment<'_>,
    parts: &[swadaya_domain::fund::allocation::Part],
) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO loan_payments (institution_id, loan_id, member_id, paid_on, amount, source, meeting_id, entry_id, reverses_id, idem_key, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(institution_id)
    .bind(p.loan_id)
    .bind(p.member_id)
    .bind(p.paid_on)
    .bind(p.amount)
    .bind(p.source)
    .bind(p.meeting_id)
    .bind(p.entry_id)
    .bind(p.reverses_id)
    .bind(p.idem_key)
    .bind(p.created_by)
    .bind(crate::store::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    let id = get_i64(&r, "id")?;
    if parts.is_empty() {
        return Ok(id);
    }
    // One statement for all parts; each carries its instalment's key and the payment's date,
    // so the arrears scan reads them without going back to the payment.
    let sql = format!(
        "INSERT INTO payment_parts (institution_id, loan_id, member_id, payment_id, paid_on, n, principal, interest) VALUES {}",
        crate::store::value_rows(parts.len(), 5, 3)
    );
    let mut q = sqlx::query(&sql).bind(institution_id).bind(p.loan_id).bind(p.member_id).bind(id).bind(p.paid_on);
    for part in parts {
        q = q.bind(part.n as i64).bind(part.principal).bind(part.interest);
    }
    q.execute(&mut **tx).await?;
    Ok(id)
}

fn payment_from(r: &AnyRow) -> sqlx::Result<Payment> {
    Ok(Payment {
        id: get_i64(r, "id")?,
        loan_id: get_i64(r, "loan_id")?,
        member_id: get_i64(r, "member_id")?,
        paid_on: get_str(r, "paid_on")?,
        amount: get_i64(r, "amount")?,
        source: get_str(r, "source")?,
        meeting_id: crate::store::opt_i64(r, "meeting_id")?,
        entry_id: crate::store::opt_i64(r, "entry_id")?,
        reverses_id: crate::store::opt_i64(r, "reverses_id")?,
        reversed_by: crate::store::opt_i64(r, "reversed_by")?,
        created_by: get_str(r, "created_by")?,
        principal: get_i64(r, "principal")?,
        interest: get_i64(r, "interest")?,
    })
}

const PAYMENT_SELECT: &str = "SELECT x.*,
    (SELECT r.id FROM loan_payments r WHERE r.institution_id = x.institution_id AND r.reverses_id = x.id) AS reversed_by,
    (SELECT CAST(COALESCE(SUM(pt.principal), 0) AS BIGINT) FROM payment_parts pt WHERE pt.institution_id = x.institution_id AND pt.payment_id = x.id) AS principal,
    (SELECT CAST(COALESCE(SUM(pt.interest), 0) AS BIGINT) FROM payment_parts pt WHERE pt.institution_id = x.institution_id AND pt.payment_id = x.id) AS interest
    FROM loan_payments x";

pub async fn payments_of<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    loan_id: i64,
) -> sqlx::Result<Vec<Payment>> {
    let rows = sqlx::query(&format!("{PAYMENT_SELECT} WHERE x.institution_id = $1 AND x.loan_id = $2 ORDER BY x.paid_on, x.id"))
        .bind(institution_id)
        .bind(loan_id)
        .fetch_all(ex)
        .await?;
    rows.iter().map(payment_from).collect::<sqlx::Result<_>>()
}

pub async fn get_payment<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    id: i64,
) -> sqlx::Result<Option<Payment>> {
    let r = sqlx::query(&format!("{PAYMENT_SELECT} WHERE x.institution_id = $1 AND x.id = $2"))
        .bind(institution_id)
        .bind(id)
        .fetch_optional(ex)
        .await?;
    r.as_ref().map(payment_from).transpose()
}

pub async fn payment_by_idem(tx: &mut Tx, institution_id: i64, key: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query("SELECT id FROM loan_payments WHERE institution_id = $1 AND idem_key = $2")
        .bind(institution_id)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| get_i64(&r, "id"))
        .transpose()
}

/// Payments a collection sheet made (originals not yet reversed), to undo when it is corrected.
pub async fn live_payments_of_meeting(tx: &mut Tx, institution_id: i64, meeting_ids: &[i64]) -> sqlx::Result<Vec<Payment>> {
    let mut out = Vec::new();
    for m in meeting_ids {
        let rows = sqlx::query(&format!(
            "{PAYMENT_SELECT} WHERE x.institution_id = $1 AND x.meeting_id = $2 AND x.reverses_id IS NULL
             AND NOT EXISTS (SELECT 1 FROM loan_payments r WHERE r.institution_id = x.institution_id AND r.reverses_id = x.id)"
        ))
        .bind(institution_id)
        .bind(m)
        .fetch_all(&mut **tx)
        .await?;
        out.extend(rows.iter().map(payment_from).collect::<sqlx::Result<Vec<_>>>()?);
    }
    Ok(out)
}

/// Parts of one payment (a reversal writes them negated).
pub async fn parts_of(
    tx: &mut Tx,
    institution_id: i64,
    payment_id: i64,
) -> sqlx::Result<Vec<swadaya_domain::fund::allocation::Part>> {
    let rows =
        sqlx::query("SELECT n, principal, interest FROM payment_parts WHERE institution_id = $1 AND payment_id = $2 ORDER BY n")
            .bind(institution_id)
            .bind(payment_id)
            .fetch_all(&mut **tx)
            .await?;
    rows.iter()
        .map(|r| {
            Ok(swadaya_domain::fund::allocation::Part {
                n: get_i64(r, "n")? as u32,
                principal: get_i64(r, "principal")?,
                interest: get_i64(r, "interest")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}
