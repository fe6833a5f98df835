//! An activity's money: funding commitments per source, receipts and payments (each row points
//! at its journal entry; a reversed entry voids the row), contributions in kind, and the sums.

pub use crate::app::activities::money::{Commitment, InKind, Receipt, Spending};
use crate::store::{get_i64, get_str, opt_str, Tx};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor};

/// The two activity records a one-time key can make.
#[derive(Clone, Copy)]
pub enum Keyed {
    Commitment,
    InKind,
}

impl Keyed {
    fn table(self) -> &'static str {
        match self {
            Keyed::Commitment => "funding_commitments",
            Keyed::InKind => "in_kind",
        }
    }
}

/// The record of this activity a one-time key made.
pub async fn by_key(tx: &mut Tx, what: Keyed, institution_id: i64, activity_id: i64, key: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query(&format!("SELECT id FROM {} WHERE institution_id = $1 AND activity_id = $2 AND idem_key = $3", what.table()))
        .bind(institution_id)
        .bind(activity_id)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| get_i64(&r, "id"))
        .transpose()
}

// One argument per column of the row.
#[allow(clippy::too_many_arguments)]
pub async fn insert_commitment(
    tx: &mut Tx,
    institution_id: i64,
    activity_id: i64,
    source: &str,
    amount: i64,
    document: &str,
    note: Option<&str>,
    by: &str,
    idem_key: Option<&str>,
) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO funding_commitments (institution_id, activity_id, source, amount, document, note, created_by, created_at, idem_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(institution_id)
    .bind(activity_id)
    .bind(source)
    .bind(amount)
    .bind(document)
    .bind(note)
    .bind(by)
    .bind(crate::store::now_utc())
    .bind(idem_key)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

pub async fn commitments<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    activity_id: i64,
) -> sqlx::Result<Vec<Commitment>> {
    let rows = sqlx::query("SELECT * FROM funding_commitments WHERE institution_id = $1 AND activity_id = $2 ORDER BY id")
        .bind(institution_id)
        .bind(activity_id)
        .fetch_all(ex)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Commitment {
                id: get_i64(r, "id")?,
                source: get_str(r, "source")?,
                amount: get_i64(r, "amount")?,
                document: get_str(r, "document")?,
                note: opt_str(r, "note")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

/// A money row is void once its journal entry has been reversed.
const REVERSED: &str =
    "EXISTS (SELECT 1 FROM journal_entries r WHERE r.institution_id = x.institution_id AND r.reverses_id = x.journal_entry_id)";
/// `SELECT` of a money table with its `reversed` flag (1 once its entry has been reversed).
fn with_reversed(table: &str) -> String {
    format!("SELECT x.*, CASE WHEN {REVERSED} THEN 1 ELSE 0 END AS reversed FROM {table} x")
}

/// Void as of the date bound to $2: a reversal dated later does not change an earlier month.
const REVERSED_BY_2: &str = "EXISTS (SELECT 1 FROM journal_entries r
    WHERE r.institution_id = x.institution_id AND r.reverses_id = x.journal_entry_id AND r.posted_on <= $2)";

pub struct NewReceipt<'a> {
    pub activity_id: i64,
    pub source: &'a str,
    pub received_on: &'a str,
    pub amount: i64,
    pub account: &'a str,
    pub document: &'a str,
    pub journal_entry_id: i64,
    pub created_by: &'a str,
}

pub async fn insert_receipt(tx: &mut Tx, institution_id: i64, r: &NewReceipt<'_>) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO fund_receipts (institution_id, activity_id, source, received_on, amount, account, document, journal_entry_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(institution_id)
    .bind(r.activity_id)
    .bind(r.source)
    .bind(r.received_on)
    .bind(r.amount)
    .bind(r.account)
    .bind(r.document)
    .bind(r.journal_entry_id)
    .bind(r.created_by)
    .bind(crate::store::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn receipts<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    activity_id: i64,
) -> sqlx::Result<Vec<Receipt>> {
    let sel = with_reversed("fund_receipts");
    let rows = sqlx::query(&format!(
        "{sel}
         WHERE x.institution_id = $1 AND x.activity_id = $2 ORDER BY x.received_on, x.id"
    ))
    .bind(institution_id)
    .bind(activity_id)
    .fetch_all(ex)
    .await?;
    rows.iter().map(receipt_from).collect::<sqlx::Result<_>>()
}

/// Every fund receipt in a period, oldest first.
pub async fn receipts_between<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    from: &str,
    to: &str,
) -> sqlx::Result<Vec<Receipt>> {
    let sel = with_reversed("fund_receipts");
    let rows = sqlx::query(&format!(
        "{sel}
         WHERE x.institution_id = $1 AND x.received_on >= $2 AND x.received_on <= $3 ORDER BY x.received_on, x.id"
    ))
    .bind(institution_id)
    .bind(from)
    .bind(to)
    .fetch_all(ex)
    .await?;
    rows.iter().map(receipt_from).collect::<sqlx::Result<_>>()
}

fn receipt_from(r: &AnyRow) -> sqlx::Result<Receipt> {
    Ok(Receipt {
        id: get_i64(r, "id")?,
        activity_id: get_i64(r, "activity_id")?,
        source: get_str(r, "source")?,
        received_on: get_str(r, "received_on")?,
        amount: get_i64(r, "amount")?,
        account: get_str(r, "account")?,
        document: get_str(r, "document")?,
        journal_entry_id: get_i64(r, "journal_entry_id")?,
        reversed: get_i64(r, "reversed")? == 1,
    })
}

fn spending_from(r: &AnyRow) -> sqlx::Result<Spending> {
    Ok(Spending {
        id: get_i64(r, "id")?,
        activity_id: get_i64(r, "activity_id")?,
        rab_line_id: get_i64(r, "rab_line_id")?,
        source: get_str(r, "source")?,
        receipt_no: get_str(r, "receipt_no")?,
        spent_on: get_str(r, "spent_on")?,
        payee: get_str(r, "payee")?,
        item: get_str(r, "item")?,
        amount: get_i64(r, "amount")?,
        account: get_str(r, "account")?,
        approval: opt_str(r, "approval")?,
        journal_entry_id: get_i64(r, "journal_entry_id")?,
        reversed: get_i64(r, "reversed")? == 1,
    })
}

pub struct NewSpending<'a> {
    pub activity_id: i64,
    pub rab_line_id: i64,
    pub source: &'a str,
    pub receipt_no: &'a str,
    pub spent_on: &'a str,
    pub payee: &'a str,
    pub item: &'a str,
    pub amount: i64,
    pub account: &'a str,
    pub approval: Option<&'a str>,
    pub journal_entry_id: i64,
    pub created_by: &'a str,
}

pub async fn insert_spending(tx: &mut Tx, institution_id: i64, s: &NewSpending<'_>) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO spendings (institution_id, activity_id, rab_line_id, source, receipt_no, spent_on, payee, item, amount, account, approval, journal_entry_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(institution_id)
    .bind(s.activity_id)
    .bind(s.rab_line_id)
    .bind(s.source)
    .bind(s.receipt_no)
    .bind(s.spent_on)
    .bind(s.payee)
    .bind(s.item)
    .bind(s.amount)
    .bind(s.account)
    .bind(s.approval)
    .bind(s.journal_entry_id)
    .bind(s.created_by)
    .bind(crate::store::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn spendings<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    activity_id: i64,
) -> sqlx::Result<Vec<Spending>> {
    let sel = with_reversed("spendings");
    let rows = sqlx::query(&format!(
        "{sel}
         WHERE x.institution_id = $1 AND x.activity_id = $2 ORDER BY x.spent_on, x.id"
    ))
    .bind(institution_id)
    .bind(activity_id)
    .fetch_all(ex)
    .await?;
    rows.iter().map(spending_from).collect::<sqlx::Result<_>>()
}

/// Every payment in a period (the auditor's list), oldest first.
pub async fn spendings_between<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    from: &str,
    to: &str,
) -> sqlx::Result<Vec<Spending>> {
    let sel = with_reversed("spendings");
    let rows = sqlx::query(&format!(
        "{sel}
         WHERE x.institution_id = $1 AND x.spent_on >= $2 AND x.spent_on <= $3 ORDER BY x.spent_on, x.id"
    ))
    .bind(institution_id)
    .bind(from)
    .bind(to)
    .fetch_all(ex)
    .await?;
    rows.iter().map(spending_from).collect::<sqlx::Result<_>>()
}

/// The live (not reversed) payment with this receipt number, if any.
pub async fn receipt_in_use(tx: &mut Tx, institution_id: i64, receipt_no: &str) -> sqlx::Result<Option<(i64, i64)>> {
    let row = sqlx::query(&format!(
        "SELECT x.id, x.activity_id FROM spendings x
         WHERE x.institution_id = $1 AND LOWER(x.receipt_no) = LOWER($2) AND NOT {REVERSED} LIMIT 1"
    ))
    .bind(institution_id)
    .bind(receipt_no)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| Ok::<_, sqlx::Error>((get_i64(&r, "id")?, get_i64(&r, "activity_id")?))).transpose()
}

pub async fn spending<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    id: i64,
) -> sqlx::Result<Option<Spending>> {
    let sel = with_reversed("spendings");
    let row = sqlx::query(&format!("{sel} WHERE x.institution_id = $1 AND x.id = $2"))
        .bind(institution_id)
        .bind(id)
        .fetch_optional(ex)
        .await?;
    row.as_ref().map(spending_from).transpose()
}

/// Per activity and source: (activity, source, received, spent) up to a date, live rows only.
pub async fn money_by_source<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    to: &str,
) -> sqlx::Result<Vec<(i64, String, i64, i64)>> {
    let rows = sqlx::query(&format!(
        "SELECT activity_id, source, CAST(SUM(received) AS BIGINT) AS received, CAST(SUM(spent) AS BIGINT) AS spent FROM (
            SELECT x.activity_id, x.source, x.amount AS received, 0 AS spent FROM fund_receipts x
             WHERE x.institution_id = $1 AND x.received_on <= $2 AND NOT {REVERSED_BY_2}
            UNION ALL
            SELECT x.activity_id, x.source, 0 AS received, x.amount AS spent FROM spendings x
             WHERE x.institution_id = $1 AND x.spent_on <= $2 AND NOT {REVERSED_BY_2}
         ) m GROUP BY activity_id, source ORDER BY activity_id, source"
    ))
    .bind(institution_id)
    .bind(to)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| Ok((get_i64(r, "activity_id")?, get_str(r, "source")?, get_i64(r, "received")?, get_i64(r, "spent")?)))
        .collect::<sqlx::Result<_>>()
}

/// Per activity and source: the amount committed.
pub async fn committed_by_source<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
) -> sqlx::Result<Vec<(i64, String, i64)>> {
    let rows = sqlx::query(
        "SELECT c.activity_id, c.source, CAST(SUM(c.amount) AS BIGINT) AS amount FROM funding_commitments c
         WHERE c.institution_id = $1 GROUP BY c.activity_id, c.source",
    )
    .bind(institution_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| Ok((get_i64(r, "activity_id")?, get_str(r, "source")?, get_i64(r, "amount")?)))
        .collect::<sqlx::Result<_>>()
}

/// Per activity: the value of contributions in kind up to a date.
pub async fn in_kind_by_activity<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    to: &str,
) -> sqlx::Result<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT k.activity_id, CAST(SUM(k.value) AS BIGINT) AS value FROM in_kind k
         WHERE k.institution_id = $1 AND k.on_date <= $2 GROUP BY k.activity_id",
    )
    .bind(institution_id)
    .bind(to)
    .fetch_all(ex)
    .await?;
    rows.iter().map(|r| Ok((get_i64(r, "activity_id")?, get_i64(r, "value")?))).collect::<sqlx::Result<_>>()
}

// One argument per column of the row.
#[allow(clippy::too_many_arguments)]
pub async fn insert_in_kind(
    tx: &mut Tx,
    institution_id: i64,
    activity_id: i64,
    on: &str,
    contributor: &str,
    description: &str,
    value: i64,
    by: &str,
    idem_key: Option<&str>,
) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO in_kind (institution_id, activity_id, on_date, contributor, description, value, created_by, created_at, idem_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(institution_id)
    .bind(activity_id)
    .bind(on)
    .bind(contributor)
    .bind(description)
    .bind(value)
    .bind(by)
    .bind(crate::store::now_utc())
    .bind(idem_key)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

pub async fn in_kind<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    activity_id: i64,
) -> sqlx::Result<Vec<InKind>> {
    let rows = sqlx::query("SELECT * FROM in_kind WHERE institution_id = $1 AND activity_id = $2 ORDER BY on_date, id")
        .bind(institution_id)
        .bind(activity_id)
        .fetch_all(ex)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(InKind {
                id: get_i64(r, "id")?,
                on_date: get_str(r, "on_date")?,
                contributor: get_str(r, "contributor")?,
                description: get_str(r, "description")?,
                value: get_i64(r, "value")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

/// The receipt or payment (by table) that a journal entry recorded.
pub async fn row_of_entry<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    table: &str,
    entry: i64,
) -> sqlx::Result<Option<i64>> {
    let table = if table == "spendings" { "spendings" } else { "fund_receipts" };
    let row = sqlx::query(&format!("SELECT id FROM {table} WHERE institution_id = $1 AND journal_entry_id = $2"))
        .bind(institution_id)
        .bind(entry)
        .fetch_optional(ex)
        .await?;
    row.map(|r| get_i64(&r, "id")).transpose()
}
