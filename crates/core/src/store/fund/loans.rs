//! Loans to KSMs with their member shares and schedules. A loan's status moves forward
//! (applied, approved or rejected, disbursed) and every move is audited; schedules are append-only.

use super::products::terms_from;
pub use crate::app::fund::loans::{Share, Status};
use crate::store::{get_code, get_i64, get_str, opt_str, Tx};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor};
use swadaya_domain::fund::product::Terms;
use swadaya_domain::fund::schedule::Instalment;

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
        status: get_code(r, "status", Status::parse)?,
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
pub async fn list_loans(db: &crate::store::Db, institution_id: i64, ksm_id: Option<i64>) -> sqlx::Result<Vec<Loan>> {
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
    .bind(crate::store::now_utc())
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
    let sql = format!(
        "INSERT INTO loan_instalments (institution_id, loan_id, member_id, n, due_on, principal, interest) VALUES {}",
        crate::store::value_rows(rows.len(), 3, 4)
    );
    let mut q = sqlx::query(&sql).bind(institution_id).bind(loan_id).bind(member_id);
    for r in rows {
        q = q.bind(r.n as i64).bind(r.due_on.to_string()).bind(r.principal).bind(r.interest);
    }
    q.execute(&mut **tx).await?;
    Ok(())
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

/// What the portfolio pass needs of a disbursed loan: its group, agreement, rhythm, day and
/// number of member shares.
pub struct PortfolioLoan {
    pub ksm_id: i64,
    pub ksm_name: String,
    pub agreement_no: String,
    pub frequency: swadaya_domain::fund::product::Frequency,
    pub disbursed_on: String,
    pub shares: i64,
}

/// Every disbursed loan, by id, read lean: a district's portfolio holds tens of thousands.
pub async fn portfolio_loans(
    db: &crate::store::Db,
    institution_id: i64,
) -> sqlx::Result<std::collections::HashMap<i64, PortfolioLoan>> {
    let rows = sqlx::query(
        "SELECT l.id, l.ksm_id, k.name AS ksm_name, l.agreement_no, l.frequency, l.disbursed_on,
                (SELECT COUNT(*) FROM loan_shares s WHERE s.institution_id = l.institution_id AND s.loan_id = l.id) AS shares
         FROM loans l JOIN ksm k ON k.institution_id = l.institution_id AND k.id = l.ksm_id
         WHERE l.institution_id = $1 AND l.status = 'disbursed'",
    )
    .bind(institution_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let loan = PortfolioLoan {
                ksm_id: get_i64(r, "ksm_id")?,
                ksm_name: get_str(r, "ksm_name")?,
                agreement_no: get_str(r, "agreement_no")?,
                frequency: get_code(r, "frequency", swadaya_domain::fund::product::Frequency::parse)?,
                disbursed_on: get_str(r, "disbursed_on")?,
                shares: get_i64(r, "shares")?,
            };
            Ok((get_i64(r, "id")?, loan))
        })
        .collect::<sqlx::Result<_>>()
}

/// Member id to name, for every member of the institution's groups.
pub async fn member_names(db: &crate::store::Db, institution_id: i64) -> sqlx::Result<std::collections::HashMap<i64, String>> {
    let rows = sqlx::query(
        "SELECT m.id, p.name FROM ksm_members m JOIN people p ON p.institution_id = m.institution_id AND p.id = m.person_id WHERE m.institution_id = $1",
    )
    .bind(institution_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((get_i64(r, "id")?, get_str(r, "name")?))).collect::<sqlx::Result<_>>()
}
