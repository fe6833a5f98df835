//! Bill runs, bills, payments and what each payment paid on each bill. A payment whose journal
//! entry has been reversed pays nothing: every sum below counts live payments only.

pub use crate::app::water::bills::{Bill, BillRun};
pub use crate::app::water::payments::{FeePayment, PaymentPart};
use crate::store::{get_i64, get_str, opt_i64, value_rows, Tx};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor};

/// A payment still standing: its journal entry has not been reversed.
const LIVE: &str = "NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.institution_id = p.institution_id AND j.reverses_id = p.journal_entry_id)";

fn run_from(r: &AnyRow) -> sqlx::Result<BillRun> {
    Ok(BillRun {
        id: get_i64(r, "id")?,
        scheme_id: get_i64(r, "scheme_id")?,
        month: get_str(r, "month")?,
        tariff_id: get_i64(r, "tariff_id")?,
        bills: get_i64(r, "bills")?,
        total: get_i64(r, "total")?,
        journal_entry_id: opt_i64(r, "journal_entry_id")?,
        created_by: get_str(r, "created_by")?,
    })
}

pub async fn run_of(tx: &mut Tx, institution_id: i64, scheme_id: i64, month: &str) -> sqlx::Result<Option<BillRun>> {
    sqlx::query("SELECT * FROM water_bill_runs WHERE institution_id = $1 AND scheme_id = $2 AND month = $3")
        .bind(institution_id)
        .bind(scheme_id)
        .bind(month)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| run_from(&r))
        .transpose()
}

/// The institution's bill runs, newest month first.
pub async fn runs<'c, E: Executor<'c, Database = Any>>(e: E, institution_id: i64) -> sqlx::Result<Vec<BillRun>> {
    sqlx::query("SELECT * FROM water_bill_runs WHERE institution_id = $1 ORDER BY month DESC, scheme_id")
        .bind(institution_id)
        .fetch_all(e)
        .await?
        .iter()
        .map(run_from)
        .collect()
}

pub struct NewRun<'a> {
    pub scheme_id: i64,
    pub month: &'a str,
    pub tariff_id: i64,
    pub bills: i64,
    pub total: i64,
    pub journal_entry_id: Option<i64>,
    pub created_by: &'a str,
}

pub async fn insert_run(tx: &mut Tx, institution_id: i64, r: &NewRun<'_>) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO water_bill_runs (institution_id, scheme_id, month, tariff_id, bills, total, journal_entry_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(institution_id)
    .bind(r.scheme_id)
    .bind(r.month)
    .bind(r.tariff_id)
    .bind(r.bills)
    .bind(r.total)
    .bind(r.journal_entry_id)
    .bind(r.created_by)
    .bind(super::super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub struct NewBill {
    pub customer_id: i64,
    pub reading_id: Option<i64>,
    pub m3: i64,
    pub fixed: i64,
    pub usage_amount: i64,
    pub total: i64,
    pub detail: String,
}

/// Rows per multi-row insert: far below either database's limit on parameters, and on SQLite
/// under a thousand parameters a statement, past which sqlx's SQLite driver slows down (a bill
/// run of 5,000 took 0.30 s with 400 rows a statement).
fn chunk(tx: &Tx, columns: usize) -> usize {
    if tx.backend_name() == "PostgreSQL" {
        400
    } else {
        (900 / columns).max(1)
    }
}

/// Writes a run's bills, a few hundred per statement; returns (customer, bill) pairs.
pub async fn insert_bills(
    tx: &mut Tx,
    institution_id: i64,
    run_id: i64,
    month: &str,
    due_on: &str,
    bills: &[NewBill],
) -> sqlx::Result<Vec<(i64, i64)>> {
    let mut out = Vec::with_capacity(bills.len());
    for chunk in bills.chunks(self::chunk(tx, 7)) {
        let sql = format!(
            "INSERT INTO water_bills (institution_id, run_id, month, due_on, customer_id, reading_id, m3, fixed, usage_amount, total, detail)
             VALUES {} RETURNING id, customer_id",
            value_rows(chunk.len(), 4, 7)
        );
        let mut q = sqlx::query(&sql).bind(institution_id).bind(run_id).bind(month).bind(due_on);
        for b in chunk {
            q = q
                .bind(b.customer_id)
                .bind(b.reading_id)
                .bind(b.m3)
                .bind(b.fixed)
                .bind(b.usage_amount)
                .bind(b.total)
                .bind(&b.detail);
        }
        for r in q.fetch_all(&mut **tx).await? {
            out.push((get_i64(&r, "customer_id")?, get_i64(&r, "id")?));
        }
    }
    Ok(out)
}

fn bill_from(r: &AnyRow) -> sqlx::Result<Bill> {
    Ok(Bill {
        id: get_i64(r, "id")?,
        customer_id: get_i64(r, "customer_id")?,
        month: get_str(r, "month")?,
        m3: get_i64(r, "m3")?,
        fixed: get_i64(r, "fixed")?,
        usage_amount: get_i64(r, "usage_amount")?,
        total: get_i64(r, "total")?,
        due_on: get_str(r, "due_on")?,
        paid: get_i64(r, "paid")?,
        detail: get_str(r, "detail")?,
    })
}

/// What live payments paid on each bill, as a column `paid`.
const BILLS: &str = "SELECT b.*, CAST(COALESCE((SELECT SUM(x.amount) FROM water_payment_parts x
        JOIN water_payments p ON p.institution_id = x.institution_id AND p.id = x.payment_id
        WHERE x.institution_id = b.institution_id AND x.bill_id = b.id AND NOT EXISTS (SELECT 1 FROM journal_entries j
              WHERE j.institution_id = p.institution_id AND j.reverses_id = p.journal_entry_id)), 0) AS BIGINT) AS paid
    FROM water_bills b";

/// A customer's bills, oldest month first, with what has been paid on each.
pub async fn bills<'c, E: Executor<'c, Database = Any>>(e: E, institution_id: i64, customer_id: i64) -> sqlx::Result<Vec<Bill>> {
    sqlx::query(&format!("{BILLS} WHERE b.institution_id = $1 AND b.customer_id = $2 ORDER BY b.month"))
        .bind(institution_id)
        .bind(customer_id)
        .fetch_all(e)
        .await?
        .iter()
        .map(bill_from)
        .collect()
}

pub async fn bill<'c, E: Executor<'c, Database = Any>>(e: E, institution_id: i64, id: i64) -> sqlx::Result<Option<Bill>> {
    sqlx::query(&format!("{BILLS} WHERE b.institution_id = $1 AND b.id = $2"))
        .bind(institution_id)
        .bind(id)
        .fetch_optional(e)
        .await?
        .map(|r| bill_from(&r))
        .transpose()
}

/// Every bill not fully paid, of one scheme or all (`None`), by customer and month: the
/// collection list and the arrears read these.
pub async fn unpaid<'c, E: Executor<'c, Database = Any>>(
    e: E,
    institution_id: i64,
    scheme_id: Option<i64>,
) -> sqlx::Result<Vec<Bill>> {
    let sql = format!(
        "SELECT * FROM ({BILLS} JOIN water_customers c ON c.institution_id = b.institution_id AND c.id = b.customer_id
           WHERE b.institution_id = $1 AND ($2 IS NULL OR c.scheme_id = $2)) t
         WHERE t.paid < t.total ORDER BY t.customer_id, t.month"
    );
    sqlx::query(&sql).bind(institution_id).bind(scheme_id).fetch_all(e).await?.iter().map(bill_from).collect()
}

/// Live payments with money not yet spent on bills, oldest first: (customer, payment, left).
pub async fn advances(tx: &mut Tx, institution_id: i64, scheme_id: i64) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    let sql = format!(
        "SELECT p.customer_id, p.id, p.amount - CAST(COALESCE((SELECT SUM(x.amount) FROM water_payment_parts x
                 WHERE x.institution_id = p.institution_id AND x.payment_id = p.id), 0) AS BIGINT) AS left_over
         FROM water_payments p JOIN water_customers c ON c.institution_id = p.institution_id AND c.id = p.customer_id
         WHERE p.institution_id = $1 AND c.scheme_id = $2 AND {LIVE}
         ORDER BY p.customer_id, p.paid_on, p.id"
    );
    let rows = sqlx::query(&sql).bind(institution_id).bind(scheme_id).fetch_all(&mut **tx).await?;
    let mut out = Vec::new();
    for r in rows {
        let left = get_i64(&r, "left_over")?;
        if left > 0 {
            out.push((get_i64(&r, "customer_id")?, get_i64(&r, "id")?, left));
        }
    }
    Ok(out)
}

pub struct NewPayment<'a> {
    pub customer_id: i64,
    pub paid_on: &'a str,
    pub amount: i64,
    pub account: &'a str,
    pub receipt_no: &'a str,
    pub journal_entry_id: i64,
    pub created_by: &'a str,
}

pub async fn insert_payment(tx: &mut Tx, institution_id: i64, p: &NewPayment<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO water_payments (institution_id, customer_id, paid_on, amount, account, receipt_no, journal_entry_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(institution_id)
    .bind(p.customer_id)
    .bind(p.paid_on)
    .bind(p.amount)
    .bind(p.account)
    .bind(p.receipt_no)
    .bind(p.journal_entry_id)
    .bind(p.created_by)
    .bind(super::super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

/// (payment, bill, amount, bill run that spent an advance on it)
pub type NewPart = (i64, i64, i64, Option<i64>);

pub async fn insert_parts(tx: &mut Tx, institution_id: i64, parts: &[NewPart]) -> sqlx::Result<()> {
    for chunk in parts.chunks(self::chunk(tx, 4)) {
        let sql = format!(
            "INSERT INTO water_payment_parts (institution_id, payment_id, bill_id, amount, run_id) VALUES {}",
            value_rows(chunk.len(), 1, 4)
        );
        let mut q = sqlx::query(&sql).bind(institution_id);
        for (payment, bill, amount, run) in chunk {
            q = q.bind(*payment).bind(*bill).bind(*amount).bind(*run);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

fn payment_from(r: &AnyRow) -> sqlx::Result<FeePayment> {
    Ok(FeePayment {
        id: get_i64(r, "id")?,
        customer_id: get_i64(r, "customer_id")?,
        paid_on: get_str(r, "paid_on")?,
        amount: get_i64(r, "amount")?,
        account: get_str(r, "account")?,
        receipt_no: get_str(r, "receipt_no")?,
        journal_entry_id: get_i64(r, "journal_entry_id")?,
        reversed: get_i64(r, "live")? == 0,
        spent: get_i64(r, "spent")?,
        created_by: get_str(r, "created_by")?,
        parts: Vec::new(),
    })
}

fn payments_sql(filter: &str) -> String {
    format!(
        "SELECT p.*, CAST(CASE WHEN {LIVE} THEN 1 ELSE 0 END AS BIGINT) AS live,
            CAST(COALESCE((SELECT SUM(x.amount) FROM water_payment_parts x WHERE x.institution_id = p.institution_id AND x.payment_id = p.id), 0) AS BIGINT) AS spent
         FROM water_payments p WHERE p.institution_id = $1 AND {filter}"
    )
}

/// A customer's payments, newest first, each with the bills it paid.
pub async fn payments(conn: &mut sqlx::AnyConnection, institution_id: i64, customer_id: i64) -> sqlx::Result<Vec<FeePayment>> {
    let mut list: Vec<FeePayment> =
        sqlx::query(&format!("{} ORDER BY p.paid_on DESC, p.id DESC", payments_sql("p.customer_id = $2")))
            .bind(institution_id)
            .bind(customer_id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(payment_from)
            .collect::<sqlx::Result<_>>()?;
    let parts = sqlx::query(
        "SELECT x.payment_id, x.bill_id, x.amount, b.month FROM water_payment_parts x
         JOIN water_bills b ON b.institution_id = x.institution_id AND b.id = x.bill_id
         WHERE x.institution_id = $1 AND b.customer_id = $2 ORDER BY b.month",
    )
    .bind(institution_id)
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?;
    for r in parts {
        let pid = get_i64(&r, "payment_id")?;
        if let Some(p) = list.iter_mut().find(|p| p.id == pid) {
            p.parts.push(PaymentPart {
                bill_id: get_i64(&r, "bill_id")?,
                month: get_str(&r, "month")?,
                amount: get_i64(&r, "amount")?,
            });
        }
    }
    Ok(list)
}

pub async fn payment(tx: &mut Tx, institution_id: i64, id: i64) -> sqlx::Result<Option<FeePayment>> {
    sqlx::query(&payments_sql("p.id = $2"))
        .bind(institution_id)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| payment_from(&r))
        .transpose()
}

pub async fn payment_of_entry(tx: &mut Tx, institution_id: i64, entry_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query("SELECT id FROM water_payments WHERE institution_id = $1 AND journal_entry_id = $2")
        .bind(institution_id)
        .bind(entry_id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| get_i64(&r, "id"))
        .transpose()
}

pub async fn receipt_taken(tx: &mut Tx, institution_id: i64, receipt_no: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query("SELECT id FROM water_payments WHERE institution_id = $1 AND receipt_no = $2")
        .bind(institution_id)
        .bind(receipt_no)
        .fetch_optional(&mut **tx)
        .await?
        .is_some())
}

pub async fn count_payments(tx: &mut Tx, institution_id: i64) -> sqlx::Result<i64> {
    let r = sqlx::query("SELECT COUNT(*) AS n FROM water_payments WHERE institution_id = $1")
        .bind(institution_id)
        .fetch_one(&mut **tx)
        .await?;
    get_i64(&r, "n")
}

/// Billed and collected per month (live payments, by the day paid), for the service's figures.
pub async fn month_totals<'c, E: Executor<'c, Database = Any>>(
    e: E,
    institution_id: i64,
) -> sqlx::Result<Vec<(String, i64, i64)>> {
    let sql = format!(
        "SELECT month, CAST(SUM(billed) AS BIGINT) AS billed, CAST(SUM(collected) AS BIGINT) AS collected FROM (
             SELECT month, total AS billed, 0 AS collected FROM water_bills WHERE institution_id = $1
             UNION ALL
             SELECT SUBSTR(p.paid_on, 1, 7) AS month, 0 AS billed, p.amount AS collected FROM water_payments p
             WHERE p.institution_id = $1 AND {LIVE}
         ) t GROUP BY month ORDER BY month"
    );
    sqlx::query(&sql)
        .bind(institution_id)
        .fetch_all(e)
        .await?
        .iter()
        .map(|r| Ok((get_str(r, "month")?, get_i64(r, "billed")?, get_i64(r, "collected")?)))
        .collect()
}
