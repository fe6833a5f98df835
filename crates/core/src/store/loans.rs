//! Loan products, loans to KSMs with their member shares and schedules, repayments and how each
//! was allocated. Schedules, payments and their parts are append-only; a loan's status moves
//! forward (applied, approved or rejected, disbursed) and every move is audited.

use super::{get_i64, get_str, opt_str, Tx};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor};
use swadaya_domain::fund::product::{Frequency, Limits, Method, Terms, DEFAULT_TERMS};
use swadaya_domain::fund::schedule::Instalment;
use swadaya_domain::Rupiah;

#[derive(Debug, Clone)]
pub struct Product {
    pub id: i64,
    pub name: String,
    pub terms: Terms,
    pub limits: Limits,
}

fn terms_from(r: &AnyRow) -> sqlx::Result<Terms> {
    Ok(Terms {
        method: Method::parse(&get_str(r, "method")?).unwrap_or(Method::Flat),
        rate_bp: get_i64(r, "rate_bp")?,
        term: get_i64(r, "term")?.clamp(1, 1_000) as u32,
        frequency: Frequency::parse(&get_str(r, "frequency")?).unwrap_or(Frequency::Monthly),
    })
}

fn product_from(r: &AnyRow) -> sqlx::Result<Product> {
    Ok(Product {
        id: get_i64(r, "id")?,
        name: get_str(r, "name")?,
        terms: terms_from(r)?,
        limits: Limits {
            first_loan: Rupiah(get_i64(r, "first_limit")?),
            later_loan: Rupiah(get_i64(r, "later_limit")?),
            ceiling: Rupiah(get_i64(r, "ceiling")?),
            max_cycles: get_i64(r, "max_cycles")? as u32,
            min_term: get_i64(r, "min_term")? as u32,
            max_term: get_i64(r, "max_term")? as u32,
        },
    })
}

pub async fn list_products<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64) -> sqlx::Result<Vec<Product>> {
    let rows = sqlx::query("SELECT * FROM loan_products WHERE institution_id = $1 ORDER BY name")
        .bind(institution_id)
        .fetch_all(ex)
        .await?;
    rows.iter().map(product_from).collect::<sqlx::Result<_>>()
}

pub async fn get_product<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    id: i64,
) -> sqlx::Result<Option<Product>> {
    let r = sqlx::query("SELECT * FROM loan_products WHERE institution_id = $1 AND id = $2")
        .bind(institution_id)
        .bind(id)
        .fetch_optional(ex)
        .await?;
    r.as_ref().map(product_from).transpose()
}

pub async fn insert_product(tx: &mut Tx, institution_id: i64, p: &Product) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO loan_products (institution_id, name, method, rate_bp, term, frequency, first_limit, later_limit, ceiling, max_cycles, min_term, max_term, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(institution_id)
    .bind(&p.name)
    .bind(p.terms.method.code())
    .bind(p.terms.rate_bp)
    .bind(p.terms.term as i64)
    .bind(p.terms.frequency.code())
    .bind(p.limits.first_loan.0)
    .bind(p.limits.later_loan.0)
    .bind(p.limits.ceiling.0)
    .bind(p.limits.max_cycles as i64)
    .bind(p.limits.min_term as i64)
    .bind(p.limits.max_term as i64)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Applied,
    Approved,
    Rejected,
    Disbursed,
}

impl Status {
    pub fn code(&self) -> &'static str {
        match self {
            Status::Applied => "applied",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Disbursed => "disbursed",
        }
    }
    pub fn parse(s: &str) -> Status {
        match s {
            "approved" => Status::Approved,
            "rejected" => Status::Rejected,
            "disbursed" => Status::Disbursed,
            _ => Status::Applied,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Loan {
    pub id: i64,
    pub ksm_id: i64,
    pub ksm_name: String,
    pub product_id: i64,
    pub agreement_no: String,
    pub purpose: Option<String>,
    pub terms: Terms,
    pub principal: i64,
    pub applied_on: String,
    pub status: Status,
    pub power_of_attorney: bool,
    pub override_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_on: Option<String>,
    pub decision_note: Option<String>,
    pub disbursed_on: Option<String>,
    pub disbursed_from: Option<String>,
    pub created_by: String,
}

fn loan_from(r: &AnyRow) -> sqlx::Result<Loan> {
    Ok(Loan {
        id: get_i64(r, "id")?,
        ksm_id: get_i64(r, "ksm_id")?,
        ksm_name: get_str(r, "ksm_name")?,
        product_id: get_i64(r, "product_id")?,
        agreement_no: get_str(r, "agreement_no")?,
        purpose: opt_str(r, "purpose")?,
        terms: terms_from(r)?,
        principal: get_i64(r, "principal")?,
        applied_on: get_str(r, "applied_on")?,
        status: Status::parse(&get_str(r, "status")?),
        power_of_attorney: get_i64(r, "power_of_attorney")? != 0,
        override_reason: opt_str(r, "override_reason")?,
        decided_by: opt_str(r, "decided_by")?,
        decided_on: opt_str(r, "decided_on")?,
        decision_note: opt_str(r, "decision_note")?,
        disbursed_on: opt_str(r, "disbursed_on")?,
        disbursed_from: opt_str(r, "disbursed_from")?,
        created_by: get_str(r, "created_by")?,
    })
}

const LOAN_SELECT: &str =
    "SELECT l.*, k.name AS ksm_name FROM loans l JOIN ksm k ON k.institution_id = l.institution_id AND k.id = l.ksm_id";

pub async fn get_loan<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64, id: i64) -> sqlx::Result<Option<Loan>> {
    let r = sqlx::query(&format!("{LOAN_SELECT} WHERE l.institution_id = $1 AND l.id = $2"))
        .bind(institution_id)
        .bind(id)
        .fetch_optional(ex)
        .await?;
    r.as_ref().map(loan_from).transpose()
}

/// Loans of an institution, newest first; `ksm_id` narrows to one group.
pub async fn list_loans(db: &super::Db, institution_id: i64, ksm_id: Option<i64>) -> sqlx::Result<Vec<Loan>> {
    let rows = sqlx::query(&format!(
        "{LOAN_SELECT} WHERE l.institution_id = $1 AND ($2 = 0 OR l.ksm_id = $2) ORDER BY l.applied_on DESC, l.id DESC"
    ))
    .bind(institution_id)
    .bind(ksm_id.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(loan_from).collect::<sqlx::Result<_>>()
}

pub struct NewLoan<'a> {
    pub ksm_id: i64,
    pub product_id: i64,
    pub agreement_no: &'a str,
    pub purpose: Option<&'a str>,
    pub terms: Terms,
    pub principal: i64,
    pub applied_on: &'a str,
    pub power_of_attorney: bool,
    pub override_reason: Option<&'a str>,
    pub created_by: &'a str,
}

pub async fn insert_loan(tx: &mut Tx, institution_id: i64, l: &NewLoan<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO loans (institution_id, ksm_id, product_id, agreement_no, purpose, method, rate_bp, term, frequency, principal, applied_on, status, power_of_attorney, override_reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'applied', $12, $13, $14, $15) RETURNING id",
    )
    .bind(institution_id)
    .bind(l.ksm_id)
    .bind(l.product_id)
    .bind(l.agreement_no)
    .bind(l.purpose)
    .bind(l.terms.method.code())
    .bind(l.terms.rate_bp)
    .bind(l.terms.term as i64)
    .bind(l.terms.frequency.code())
    .bind(l.principal)
    .bind(l.applied_on)
    .bind(l.power_of_attorney as i64)
    .bind(l.override_reason)
    .bind(l.created_by)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

/// A status move of a loan: from, to, by whom, when, and the decision's reference.
pub struct Decision<'a> {
    pub from: &'a Status,
    pub to: &'a Status,
    pub by: &'a str,
    pub on: &'a str,
    pub note: Option<&'a str>,
}

/// Moves a loan from one status to the next; 0 rows when it was no longer in `from` (someone
/// else acted first).
pub async fn decide(tx: &mut Tx, institution_id: i64, id: i64, d: &Decision<'_>) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE loans SET status = $4, decided_by = $5, decided_on = $6, decision_note = $7 WHERE institution_id = $1 AND id = $2 AND status = $3",
    )
    .bind(institution_id)
    .bind(id)
    .bind(d.from.code())
    .bind(d.to.code())
    .bind(d.by)
    .bind(d.on)
    .bind(d.note)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

pub async fn mark_disbursed(tx: &mut Tx, institution_id: i64, id: i64, on: &str, from_account: &str) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE loans SET status = 'disbursed', disbursed_on = $3, disbursed_from = $4 WHERE institution_id = $1 AND id = $2 AND status = 'approved'",
    )
    .bind(institution_id)
    .bind(id)
    .bind(on)
    .bind(from_account)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Share {
    pub member_id: i64,
    pub name: String,
    pub amount: i64,
    /// 1 for the member's first loan
    pub cycle: i64,
}

pub async fn insert_shares(tx: &mut Tx, institution_id: i64, loan_id: i64, shares: &[Share]) -> sqlx::Result<()> {
    for s in shares {
        sqlx::query("INSERT INTO loan_shares (institution_id, loan_id, member_id, amount, cycle) VALUES ($1, $2, $3, $4, $5)")
            .bind(institution_id)
            .bind(loan_id)
            .bind(s.member_id)
            .bind(s.amount)
            .bind(s.cycle)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn shares_of<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    loan_id: i64,
) -> sqlx::Result<Vec<Share>> {
    let rows = sqlx::query(
        "SELECT s.member_id, s.amount, s.cycle, p.name FROM loan_shares s
         JOIN ksm_members m ON m.institution_id = s.institution_id AND m.id = s.member_id
         JOIN people p ON p.institution_id = m.institution_id AND p.id = m.person_id
         WHERE s.institution_id = $1 AND s.loan_id = $2 ORDER BY p.name",
    )
    .bind(institution_id)
    .bind(loan_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Share {
                member_id: get_i64(r, "member_id")?,
                name: get_str(r, "name")?,
                amount: get_i64(r, "amount")?,
                cycle: get_i64(r, "cycle")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

/// A person's earlier loans (in any KSM of the institution, rejected ones not counted): how many
/// and how much, for the cycle number and the "refer to a bank" note.
pub async fn history_of_person<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    person_id: i64,
) -> sqlx::Result<(i64, i64)> {
    let r = sqlx::query(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(s.amount), 0) AS BIGINT) AS total FROM loan_shares s
         JOIN ksm_members m ON m.institution_id = s.institution_id AND m.id = s.member_id
         JOIN loans l ON l.institution_id = s.institution_id AND l.id = s.loan_id
         WHERE s.institution_id = $1 AND m.person_id = $2 AND l.status <> 'rejected'",
    )
    .bind(institution_id)
    .bind(person_id)
    .fetch_one(ex)
    .await?;
    Ok((get_i64(&r, "n")?, get_i64(&r, "total")?))
}

pub async fn insert_instalments(
    tx: &mut Tx,
    institution_id: i64,
    loan_id: i64,
    member_id: i64,
    rows: &[Instalment],
) -> sqlx::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut sql =
        String::from("INSERT INTO loan_instalments (institution_id, loan_id, member_id, n, due_on, principal, interest) VALUES ");
    for i in 0..rows.len() {
        let b = i * 4 + 4;
        sql.push_str(&format!("{}($1, $2, $3, ${}, ${}, ${}, ${})", if i > 0 { ", " } else { "" }, b, b + 1, b + 2, b + 3));
    }
    let mut q = sqlx::query(&sql).bind(institution_id).bind(loan_id).bind(member_id);
    for r in rows {
        q = q.bind(r.n as i64).bind(r.due_on.to_string()).bind(r.principal).bind(r.interest);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// One member's instalments with what was paid on each up to `upto` (inclusive).
#[derive(Debug, Clone)]
pub struct DueRow {
    pub loan_id: i64,
    pub member_id: i64,
    pub due: swadaya_domain::fund::allocation::Due,
}

/// Read by position (the columns of DUE_SELECT): the close decodes one row per instalment.
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

const DUE_SELECT: &str = "SELECT i.loan_id, i.member_id, i.n, i.due_on, i.principal, i.interest,
        COALESCE(p.pp, 0) AS pp, COALESCE(p.ip, 0) AS ip
    FROM loan_instalments i
    LEFT JOIN (SELECT x.loan_id, x.member_id, pt.n, CAST(SUM(pt.principal) AS BIGINT) AS pp, CAST(SUM(pt.interest) AS BIGINT) AS ip
               FROM payment_parts pt JOIN loan_payments x ON x.institution_id = pt.institution_id AND x.id = pt.payment_id
               WHERE x.institution_id = $1 AND x.paid_on <= $2 AND ($3 = 0 OR x.loan_id = $3)
               GROUP BY x.loan_id, x.member_id, pt.n) p
      ON p.loan_id = i.loan_id AND p.member_id = i.member_id AND p.n = i.n";

/// A loan's instalments (every member) with payments up to `upto`, by member then number.
pub async fn dues_of<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    loan_id: i64,
    upto: &str,
) -> sqlx::Result<Vec<DueRow>> {
    let sql = format!("{DUE_SELECT} WHERE i.institution_id = $1 AND i.loan_id = $3 ORDER BY i.member_id, i.n");
    let rows = sqlx::query(&sql).bind(institution_id).bind(upto).bind(loan_id).fetch_all(ex).await?;
    rows.iter().map(due_from).collect::<sqlx::Result<_>>()
}

/// Every disbursed loan's member shares at `upto`, one row each, in loan and member order: the
/// sums `swadaya_domain::fund::arrears::arrears` computes, done by the database in one pass (a
/// test holds the two to the same figures). The close streams these rows, so a district's
/// portfolio never has to fit in memory.
pub fn portfolio_shares<'a>(
    db: &'a super::Db,
    institution_id: i64,
    upto: &'a str,
) -> futures_util::stream::BoxStream<'a, sqlx::Result<AnyRow>> {
    let sql: &'static str = PORTFOLIO_SQL.get_or_init(|| {
        format!(
            "SELECT d.loan_id, d.member_id,
                CAST(SUM(d.principal - d.pp) AS BIGINT) AS outstanding,
                CAST(SUM(CASE WHEN d.due_on < $2 AND d.principal + d.interest - d.pp - d.ip > 0 THEN 1 ELSE 0 END) AS BIGINT) AS overdue_n,
                CAST(SUM(CASE WHEN d.due_on < $2 THEN d.principal + d.interest - d.pp - d.ip ELSE 0 END) AS BIGINT) AS overdue_amount,
                CAST(SUM(CASE WHEN d.due_on < $2 THEN d.principal - d.pp ELSE 0 END) AS BIGINT) AS overdue_principal,
                MIN(CASE WHEN d.due_on < $2 AND d.principal + d.interest - d.pp - d.ip > 0 THEN d.due_on END) AS oldest,
                CAST(SUM(CASE WHEN d.due_on <= $2 THEN d.principal + d.interest ELSE 0 END) AS BIGINT) AS due_to_date,
                CAST(SUM(CASE WHEN d.due_on <= $2 THEN d.pp + d.ip ELSE 0 END) AS BIGINT) AS paid_on_due
             FROM ({DUE_SELECT} JOIN loans l ON l.institution_id = i.institution_id AND l.id = i.loan_id
                   WHERE i.institution_id = $1 AND l.status = 'disbursed' AND l.disbursed_on <= $2) d
             GROUP BY d.loan_id, d.member_id ORDER BY d.loan_id, d.member_id"
        )
    });
    sqlx::query(sql).bind(institution_id).bind(upto).bind(0i64).fetch(&db.pool)
}

static PORTFOLIO_SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();

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

pub fn share_row(r: &AnyRow) -> sqlx::Result<ShareRow> {
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
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    let id = get_i64(&r, "id")?;
    for part in parts {
        sqlx::query("INSERT INTO payment_parts (institution_id, payment_id, n, principal, interest) VALUES ($1, $2, $3, $4, $5)")
            .bind(institution_id)
            .bind(id)
            .bind(part.n as i64)
            .bind(part.principal)
            .bind(part.interest)
            .execute(&mut **tx)
            .await?;
    }
    Ok(id)
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Payment {
    pub id: i64,
    pub loan_id: i64,
    pub member_id: i64,
    pub paid_on: String,
    pub amount: i64,
    /// sheet, office, drawdown, writeoff or reversal
    pub source: String,
    pub meeting_id: Option<i64>,
    pub entry_id: Option<i64>,
    pub reverses_id: Option<i64>,
    pub reversed_by: Option<i64>,
    pub created_by: String,
    pub principal: i64,
    pub interest: i64,
}

fn payment_from(r: &AnyRow) -> sqlx::Result<Payment> {
    Ok(Payment {
        id: get_i64(r, "id")?,
        loan_id: get_i64(r, "loan_id")?,
        member_id: get_i64(r, "member_id")?,
        paid_on: get_str(r, "paid_on")?,
        amount: get_i64(r, "amount")?,
        source: get_str(r, "source")?,
        meeting_id: super::opt_i64(r, "meeting_id")?,
        entry_id: super::opt_i64(r, "entry_id")?,
        reverses_id: super::opt_i64(r, "reverses_id")?,
        reversed_by: super::opt_i64(r, "reversed_by")?,
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

/// Disbursed loans in which these members hold a share: (loan, member), oldest loan first.
pub async fn running_shares<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    ksm_id: i64,
) -> sqlx::Result<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT s.loan_id, s.member_id FROM loan_shares s JOIN loans l ON l.institution_id = s.institution_id AND l.id = s.loan_id
         WHERE s.institution_id = $1 AND l.ksm_id = $2 AND l.status = 'disbursed' ORDER BY l.disbursed_on, l.id",
    )
    .bind(institution_id)
    .bind(ksm_id)
    .fetch_all(ex)
    .await?;
    rows.iter().map(|r| Ok((get_i64(r, "loan_id")?, get_i64(r, "member_id")?))).collect::<sqlx::Result<_>>()
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
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

/// The newest recorded cause per (loan, member).
pub async fn causes(
    db: &super::Db,
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

/// Member id to name and KSM for the arrears list.
pub async fn member_names(db: &super::Db, institution_id: i64) -> sqlx::Result<std::collections::HashMap<i64, String>> {
    let rows = sqlx::query(
        "SELECT m.id, p.name FROM ksm_members m JOIN people p ON p.institution_id = m.institution_id AND p.id = m.person_id WHERE m.institution_id = $1",
    )
    .bind(institution_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((get_i64(r, "id")?, get_str(r, "name")?))).collect::<sqlx::Result<_>>()
}

pub fn default_product(name: &str) -> Product {
    Product { id: 0, name: name.to_string(), terms: DEFAULT_TERMS, limits: swadaya_domain::fund::product::DEFAULT_LIMITS }
}

/// Member shares of loans disbursed by `on`: the month-end close's progress total.
pub async fn count_shares(db: &super::Db, institution_id: i64, on: &str) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "SELECT COUNT(*) AS n FROM loan_shares s JOIN loans l ON l.institution_id = s.institution_id AND l.id = s.loan_id
         WHERE s.institution_id = $1 AND l.status = 'disbursed' AND l.disbursed_on <= $2",
    )
    .bind(institution_id)
    .bind(on)
    .fetch_one(&db.pool)
    .await?;
    get_i64(&r, "n")
}

/// What is still owed (principal and interest) on every disbursed loan.
pub async fn owed_by_loan(db: &super::Db, institution_id: i64) -> sqlx::Result<std::collections::HashMap<i64, i64>> {
    let due = sqlx::query("SELECT loan_id, CAST(SUM(principal + interest) AS BIGINT) AS v FROM loan_instalments WHERE institution_id = $1 GROUP BY loan_id")
        .bind(institution_id)
        .fetch_all(&db.pool)
        .await?;
    let paid = sqlx::query(
        "SELECT x.loan_id, CAST(SUM(pt.principal + pt.interest) AS BIGINT) AS v FROM payment_parts pt
         JOIN loan_payments x ON x.institution_id = pt.institution_id AND x.id = pt.payment_id
         WHERE pt.institution_id = $1 GROUP BY x.loan_id",
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

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Action {
    pub id: i64,
    pub loan_id: i64,
    pub member_id: Option<i64>,
    /// plan, visit or handover
    pub kind: String,
    pub on_date: String,
    pub officer: Option<String>,
    pub village_official: Option<String>,
    pub promise_on: Option<String>,
    pub promise_amount: Option<i64>,
    pub note: Option<String>,
    pub created_by: String,
    pub ksm_name: String,
    pub agreement_no: String,
}

pub struct NewAction<'a> {
    pub loan_id: i64,
    pub member_id: Option<i64>,
    pub kind: &'a str,
    pub on_date: &'a str,
    pub officer: Option<&'a str>,
    pub village_official: Option<&'a str>,
    pub promise_on: Option<&'a str>,
    pub promise_amount: Option<i64>,
    pub note: Option<&'a str>,
    pub created_by: &'a str,
}

pub async fn insert_action(tx: &mut Tx, institution_id: i64, a: &NewAction<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO collection_actions (institution_id, loan_id, member_id, kind, on_date, officer, village_official, promise_on, promise_amount, note, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(institution_id)
    .bind(a.loan_id)
    .bind(a.member_id)
    .bind(a.kind)
    .bind(a.on_date)
    .bind(a.officer)
    .bind(a.village_official)
    .bind(a.promise_on)
    .bind(a.promise_amount)
    .bind(a.note)
    .bind(a.created_by)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

/// Collection actions of one loan (`loan_id` > 0) or of the institution from a date on.
pub async fn actions(db: &super::Db, institution_id: i64, loan_id: i64, from: &str) -> sqlx::Result<Vec<Action>> {
    let rows = sqlx::query(
        "SELECT a.*, k.name AS ksm_name, l.agreement_no FROM collection_actions a
         JOIN loans l ON l.institution_id = a.institution_id AND l.id = a.loan_id
         JOIN ksm k ON k.institution_id = l.institution_id AND k.id = l.ksm_id
         WHERE a.institution_id = $1 AND ($2 = 0 OR a.loan_id = $2) AND a.on_date >= $3
         ORDER BY a.on_date, a.id",
    )
    .bind(institution_id)
    .bind(loan_id)
    .bind(from)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Action {
                id: get_i64(r, "id")?,
                loan_id: get_i64(r, "loan_id")?,
                member_id: super::opt_i64(r, "member_id")?,
                kind: get_str(r, "kind")?,
                on_date: get_str(r, "on_date")?,
                officer: opt_str(r, "officer")?,
                village_official: opt_str(r, "village_official")?,
                promise_on: opt_str(r, "promise_on")?,
                promise_amount: super::opt_i64(r, "promise_amount")?,
                note: opt_str(r, "note")?,
                created_by: get_str(r, "created_by")?,
                ksm_name: get_str(r, "ksm_name")?,
                agreement_no: get_str(r, "agreement_no")?,
            })
        })
        .collect::<sqlx::Result<_>>()
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
        "SELECT x.member_id, CAST(SUM(pt.principal + pt.interest) AS BIGINT) AS v FROM payment_parts pt
         JOIN loan_payments x ON x.institution_id = pt.institution_id AND x.id = pt.payment_id
         JOIN loans l ON l.institution_id = x.institution_id AND l.id = x.loan_id
         WHERE pt.institution_id = $1 AND l.ksm_id = $2 GROUP BY x.member_id",
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
