//! The chart of accounts, the journal and closed months. Entries and lines are append-only (the
//! database refuses updates and deletes); reports read sums straight from the lines.

use super::{get_code, get_i64, get_str, opt_i64, opt_str, Tx};
pub use crate::app::books::accounts::Account;
pub use crate::app::books::journal::Entry;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor};
use swadaya_domain::ledger::{AccountKind, DefaultAccount, Posting, DEFAULT_CHART, SERVICE_CHART};

impl Account {
    fn from_row(r: &AnyRow) -> sqlx::Result<Account> {
        Ok(Account {
            code: get_str(r, "code")?,
            name: get_str(r, "name")?,
            // Read as its code, and refused when this version does not know it.
            kind: get_code(r, "kind", |k| AccountKind::parse(k).map(|_| k.to_string()))?,
            contra: get_i64(r, "contra")? != 0,
            cash: get_i64(r, "cash")? != 0,
        })
    }
}

pub async fn list_accounts<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64) -> sqlx::Result<Vec<Account>> {
    let rows =
        sqlx::query("SELECT * FROM accounts WHERE institution_id = $1 ORDER BY code").bind(institution_id).fetch_all(ex).await?;
    rows.iter().map(Account::from_row).collect()
}

pub async fn insert_account(tx: &mut Tx, institution_id: i64, a: &Account) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO accounts (institution_id, code, name, kind, contra, cash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(institution_id)
    .bind(&a.code)
    .bind(&a.name)
    .bind(&a.kind)
    .bind(a.contra as i64)
    .bind(a.cash as i64)
    .bind(super::now_utc())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A default account, unless the chart has it: two first postings at once (PostgreSQL) both
/// seed the chart, and the second one's rows are simply already there.
async fn insert_default(tx: &mut Tx, institution_id: i64, a: &DefaultAccount) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "INSERT INTO accounts (institution_id, code, name, kind, contra, cash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (institution_id, code) DO NOTHING",
    )
    .bind(institution_id)
    .bind(a.code)
    .bind(a.name)
    .bind(a.kind.code())
    .bind(a.contra as i64)
    .bind(a.cash as i64)
    .bind(super::now_utc())
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

async fn chart_size(tx: &mut Tx, institution_id: i64) -> sqlx::Result<i64> {
    let r = sqlx::query("SELECT COUNT(*) AS n FROM accounts WHERE institution_id = $1")
        .bind(institution_id)
        .fetch_one(&mut **tx)
        .await?;
    get_i64(&r, "n")
}

/// Seeds the default chart the first time an institution's books are used.
pub async fn ensure_chart(tx: &mut Tx, institution_id: i64) -> sqlx::Result<bool> {
    if chart_size(tx, institution_id).await? > 0 {
        return Ok(false);
    }
    // Two first postings at once on PostgreSQL: the second waits here until the first has
    // seeded and committed, then finds the chart. (SQLite writers are one at a time already.)
    // An advisory lock, not a row lock: postings also hold the institution's row FOR SHARE.
    if tx.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(institution_id).execute(&mut **tx).await?;
        if chart_size(tx, institution_id).await? > 0 {
            return Ok(false);
        }
    }
    let mut added = 0;
    for a in DEFAULT_CHART {
        added += insert_default(tx, institution_id, a).await?;
    }
    Ok(added > 0)
}

/// Adds the default accounts named by `codes` that the institution's chart lacks (a chart
/// seeded before those accounts existed).
pub async fn ensure_default_accounts(tx: &mut Tx, institution_id: i64, codes: &[&str]) -> sqlx::Result<()> {
    ensure_chart(tx, institution_id).await?;
    let have: Vec<String> = list_accounts(&mut **tx, institution_id).await?.into_iter().map(|a| a.code).collect();
    let known = DEFAULT_CHART.iter().chain(SERVICE_CHART);
    for a in known.filter(|a| codes.contains(&a.code) && !have.iter().any(|h| h == a.code)) {
        insert_default(tx, institution_id, a).await?;
    }
    Ok(())
}

pub async fn delete_account(tx: &mut Tx, institution_id: i64, code: &str) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM accounts WHERE institution_id = $1 AND code = $2")
        .bind(institution_id)
        .bind(code)
        .execute(&mut **tx)
        .await?
        .rows_affected())
}

pub async fn has_postings<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64, code: &str) -> sqlx::Result<bool> {
    let r = sqlx::query("SELECT COUNT(*) AS n FROM journal_lines WHERE institution_id = $1 AND account = $2")
        .bind(institution_id)
        .bind(code)
        .fetch_one(ex)
        .await?;
    Ok(get_i64(&r, "n")? > 0)
}

pub struct NewEntry<'a> {
    pub posted_on: &'a str,
    pub memo: &'a str,
    pub receipt: Option<&'a str>,
    pub source: &'a str,
    pub source_id: Option<i64>,
    pub reverses_id: Option<i64>,
    pub created_by: &'a str,
    pub idem_key: Option<&'a str>,
    pub lines: &'a [Posting],
}

/// Writes an entry and all its lines (the caller has checked the balance).
pub async fn insert_entry(tx: &mut Tx, institution_id: i64, e: &NewEntry<'_>) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO journal_entries (institution_id, posted_on, memo, receipt, source, source_id, reverses_id, created_by, created_at, idem_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(institution_id)
    .bind(e.posted_on)
    .bind(e.memo)
    .bind(e.receipt)
    .bind(e.source)
    .bind(e.source_id)
    .bind(e.reverses_id)
    .bind(e.created_by)
    .bind(super::now_utc())
    .bind(e.idem_key)
    .fetch_one(&mut **tx)
    .await?;
    let id = get_i64(&row, "id")?;
    let sql = format!(
        "INSERT INTO journal_lines (institution_id, entry_id, posted_on, line_no, account, debit, credit) VALUES {}",
        super::value_rows(e.lines.len(), 3, 4)
    );
    let mut q = sqlx::query(&sql).bind(institution_id).bind(id).bind(e.posted_on);
    for (i, l) in e.lines.iter().enumerate() {
        q = q.bind(i as i64 + 1).bind(&l.account).bind(l.debit).bind(l.credit);
    }
    q.execute(&mut **tx).await?;
    Ok(id)
}

fn entry_from(r: &AnyRow) -> sqlx::Result<Entry> {
    Ok(Entry {
        id: get_i64(r, "id")?,
        posted_on: get_str(r, "posted_on")?,
        memo: get_str(r, "memo")?,
        receipt: opt_str(r, "receipt")?,
        source: get_str(r, "source")?,
        source_id: opt_i64(r, "source_id")?,
        reverses_id: opt_i64(r, "reverses_id")?,
        reversed_by: opt_i64(r, "reversed_by")?,
        created_by: get_str(r, "created_by")?,
        created_at: get_str(r, "created_at")?,
        total: get_i64(r, "total")?,
    })
}

const ENTRY_COLUMNS: &str = "e.*, (SELECT r.id FROM journal_entries r WHERE r.institution_id = e.institution_id AND r.reverses_id = e.id) AS reversed_by,
    (SELECT CAST(SUM(l.debit) AS BIGINT) FROM journal_lines l WHERE l.institution_id = e.institution_id AND l.entry_id = e.id) AS total";

pub async fn get_entry<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64, id: i64) -> sqlx::Result<Option<Entry>> {
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM journal_entries e WHERE e.institution_id = $1 AND e.id = $2");
    sqlx::query(&sql).bind(institution_id).bind(id).fetch_optional(ex).await?.as_ref().map(entry_from).transpose()
}

pub async fn entry_by_idem(tx: &mut Tx, institution_id: i64, key: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query("SELECT id FROM journal_entries WHERE institution_id = $1 AND idem_key = $2")
        .bind(institution_id)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| get_i64(&r, "id"))
        .transpose()
}

/// The entry a one-time key made, with what made it (`source`, `source_id`).
pub async fn entry_origin_by_idem(
    tx: &mut Tx,
    institution_id: i64,
    key: &str,
) -> sqlx::Result<Option<(i64, String, Option<i64>)>> {
    sqlx::query("SELECT id, source, source_id FROM journal_entries WHERE institution_id = $1 AND idem_key = $2")
        .bind(institution_id)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| Ok::<_, sqlx::Error>((get_i64(&r, "id")?, get_str(&r, "source")?, super::opt_i64(&r, "source_id")?)))
        .transpose()
}

pub async fn lines_of<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    entry_id: i64,
) -> sqlx::Result<Vec<Posting>> {
    let rows = sqlx::query(
        "SELECT account, debit, credit FROM journal_lines WHERE institution_id = $1 AND entry_id = $2 ORDER BY line_no",
    )
    .bind(institution_id)
    .bind(entry_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| Ok(Posting { account: get_str(r, "account")?, debit: get_i64(r, "debit")?, credit: get_i64(r, "credit")? }))
        .collect::<sqlx::Result<_>>()
}

#[derive(Default)]
pub struct EntryFilter {
    pub from: Option<String>,
    pub to: Option<String>,
    pub account: Option<String>,
}

pub async fn list_entries(
    db: &super::Db,
    institution_id: i64,
    f: &EntryFilter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<Entry>, i64)> {
    let mut cond = String::from("e.institution_id = $1 AND ($2 = '' OR e.posted_on >= $2) AND ($3 = '' OR e.posted_on <= $3)");
    cond.push_str(
        " AND ($4 = '' OR EXISTS (SELECT 1 FROM journal_lines a WHERE a.institution_id = e.institution_id AND a.entry_id = e.id AND a.account = $4))",
    );
    let (from, to, acc) =
        (f.from.clone().unwrap_or_default(), f.to.clone().unwrap_or_default(), f.account.clone().unwrap_or_default());
    let total = sqlx::query(&format!("SELECT COUNT(*) AS n FROM journal_entries e WHERE {cond}"))
        .bind(institution_id)
        .bind(&from)
        .bind(&to)
        .bind(&acc)
        .fetch_one(&db.pool)
        .await
        .and_then(|r| get_i64(&r, "n"))?;
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM journal_entries e WHERE {cond} ORDER BY e.posted_on DESC, e.id DESC LIMIT $5 OFFSET $6"
    );
    let rows = sqlx::query(&sql)
        .bind(institution_id)
        .bind(&from)
        .bind(&to)
        .bind(&acc)
        .bind(limit)
        .bind(offset)
        .fetch_all(&db.pool)
        .await?;
    Ok((rows.iter().map(entry_from).collect::<sqlx::Result<_>>()?, total))
}

/// Debit and credit per account, by account code.
pub type Totals = std::collections::BTreeMap<String, (i64, i64)>;

/// Debit and credit totals per account for entries dated in [from, to] (from = None: since the
/// beginning), as (code, debit, credit) in code order: the totals through `to` less those
/// through the day before `from`, each read from closed months (`totals_through`).
pub async fn totals(db: &super::Db, institution_id: i64, from: Option<&str>, to: &str) -> sqlx::Result<Vec<(String, i64, i64)>> {
    if from.is_some_and(|f| f > to) {
        return Ok(Vec::new());
    }
    let mut con = db.pool.acquire().await?;
    let mut upto = through(&mut con, institution_id, to).await?;
    let before = from.and_then(swadaya_domain::dates::parse_iso).and_then(|d| d.pred_opt());
    if let Some(before) = before {
        less(&mut upto, &through(&mut con, institution_id, &before.to_string()).await?);
    }
    Ok(upto.into_iter().filter(|(_, (d, c))| *d != 0 || *c != 0).map(|(a, (d, c))| (a, d, c)).collect())
}

/// Takes an earlier date's totals off later ones, leaving what moved between the two dates.
pub fn less(later: &mut Totals, earlier: &Totals) {
    for (account, (d, c)) in earlier {
        let t = later.entry(account.clone()).or_default();
        t.0 -= d;
        t.1 -= c;
    }
}

/// Each account's debit and credit totals over every entry dated up to `day` (ISO date): the
/// totals kept by the newest closed month ending on or before it, plus the lines after that
/// month. Reports over years of journal read one closed month and one month of lines.
pub async fn totals_through(db: &super::Db, institution_id: i64, day: &str) -> sqlx::Result<Totals> {
    through(&mut *db.pool.acquire().await?, institution_id, day).await
}

/// `totals_through` inside a transaction (it sees the transaction's own postings).
pub async fn totals_through_in(tx: &mut Tx, institution_id: i64, day: &str) -> sqlx::Result<Totals> {
    through(tx, institution_id, day).await
}

async fn through(con: &mut sqlx::AnyConnection, institution_id: i64, day: &str) -> sqlx::Result<Totals> {
    let mut out = Totals::new();
    let closed = match last_whole_month(day) {
        Some(month) => {
            let r = sqlx::query("SELECT MAX(month) AS m FROM closed_months WHERE institution_id = $1 AND month <= $2")
                .bind(institution_id)
                .bind(month)
                .fetch_one(&mut *con)
                .await?;
            opt_str(&r, "m")?
        }
        None => None,
    };
    if let Some(month) = &closed {
        let rows = sqlx::query("SELECT account, debit, credit FROM closed_month_totals WHERE institution_id = $1 AND month = $2")
            .bind(institution_id)
            .bind(month)
            .fetch_all(&mut *con)
            .await?;
        for r in &rows {
            out.insert(get_str(r, "account")?, (get_i64(r, "debit")?, get_i64(r, "credit")?));
        }
    }
    // "YYYY-MM-31" sorts after every day of its month and before the next month's first.
    let after = closed.map(|m| format!("{m}-31")).unwrap_or_default();
    // Through the accounts, so each account's lines are one range of the balances index.
    let rows = sqlx::query(
        "SELECT a.code AS account, CAST(SUM(l.debit) AS BIGINT) AS d, CAST(SUM(l.credit) AS BIGINT) AS c FROM accounts a
         JOIN journal_lines l ON l.institution_id = a.institution_id AND l.account = a.code AND l.posted_on > $2 AND l.posted_on <= $3
         WHERE a.institution_id = $1 GROUP BY a.code",
    )
    .bind(institution_id)
    .bind(after)
    .bind(day)
    .fetch_all(&mut *con)
    .await?;
    for r in &rows {
        let t = out.entry(get_str(r, "account")?).or_default();
        t.0 += get_i64(r, "d")?;
        t.1 += get_i64(r, "c")?;
    }
    Ok(out)
}

/// The newest month ("2026-10") whose last day is on or before `day`.
fn last_whole_month(day: &str) -> Option<String> {
    use chrono::Datelike;
    let d = swadaya_domain::dates::parse_iso(day)?;
    let month_end = d.succ_opt().is_none_or(|next| next.month() != d.month());
    let in_month = if month_end { d } else { d.with_day(1)?.pred_opt()? };
    Some(in_month.format("%Y-%m").to_string())
}

/// Keeps a month's totals as it closes (`totals_through` its last day, read in the closing
/// transaction after its last posting).
pub async fn insert_closed_totals(tx: &mut Tx, institution_id: i64, month: &str, totals: &Totals) -> sqlx::Result<()> {
    for chunk in totals.iter().collect::<Vec<_>>().chunks(100) {
        let sql = format!(
            "INSERT INTO closed_month_totals (institution_id, month, account, debit, credit) VALUES {}",
            super::value_rows(chunk.len(), 2, 3)
        );
        let mut q = sqlx::query(&sql).bind(institution_id).bind(month);
        for (account, (d, c)) in chunk {
            q = q.bind(account.as_str()).bind(*d).bind(*c);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// One account's debit and credit totals up to `to` (an index seek, whatever the journal's size).
pub async fn account_totals<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    account: &str,
    to: &str,
) -> sqlx::Result<(i64, i64)> {
    let r = sqlx::query(
        "SELECT CAST(COALESCE(SUM(debit), 0) AS BIGINT) AS d, CAST(COALESCE(SUM(credit), 0) AS BIGINT) AS c FROM journal_lines
         WHERE institution_id = $1 AND account = $2 AND posted_on <= $3",
    )
    .bind(institution_id)
    .bind(account)
    .bind(to)
    .fetch_one(ex)
    .await?;
    Ok((get_i64(&r, "d")?, get_i64(&r, "c")?))
}

/// Net cash moved in [from, to] attributed to each non-cash account it came from or went to:
/// in an entry that touches cash, every other line's (credit - debit) is cash in from it.
pub async fn cash_flows(db: &super::Db, institution_id: i64, from: &str, to: &str) -> sqlx::Result<Vec<(String, i64)>> {
    let rows = sqlx::query(
        "SELECT l.account, CAST(SUM(l.credit - l.debit) AS BIGINT) AS flow FROM journal_lines l
         JOIN journal_entries e ON e.institution_id = l.institution_id AND e.id = l.entry_id
         JOIN accounts a ON a.institution_id = l.institution_id AND a.code = l.account
         WHERE l.institution_id = $1 AND e.posted_on >= $2 AND e.posted_on <= $3 AND a.cash = 0
           AND EXISTS (SELECT 1 FROM journal_lines c JOIN accounts ca ON ca.institution_id = c.institution_id AND ca.code = c.account
                       WHERE c.institution_id = l.institution_id AND c.entry_id = l.entry_id AND ca.cash = 1)
         GROUP BY l.account ORDER BY l.account",
    )
    .bind(institution_id)
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((get_str(r, "account")?, get_i64(r, "flow")?))).collect::<sqlx::Result<_>>()
}

/// One account's lines in [from, to], oldest first, with the entry they belong to.
pub struct LedgerLine {
    pub entry_id: i64,
    pub posted_on: String,
    pub memo: String,
    pub receipt: Option<String>,
    pub debit: i64,
    pub credit: i64,
}

pub async fn ledger_lines(
    db: &super::Db,
    institution_id: i64,
    account: &str,
    from: &str,
    to: &str,
) -> sqlx::Result<Vec<LedgerLine>> {
    let rows = sqlx::query(
        "SELECT e.id, e.posted_on, e.memo, e.receipt, l.debit, l.credit FROM journal_lines l
         JOIN journal_entries e ON e.institution_id = l.institution_id AND e.id = l.entry_id
         WHERE l.institution_id = $1 AND l.account = $2 AND l.posted_on >= $3 AND l.posted_on <= $4
         ORDER BY l.posted_on, l.entry_id, l.line_no",
    )
    .bind(institution_id)
    .bind(account)
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(LedgerLine {
                entry_id: get_i64(r, "id")?,
                posted_on: get_str(r, "posted_on")?,
                memo: get_str(r, "memo")?,
                receipt: super::opt_str(r, "receipt")?,
                debit: get_i64(r, "debit")?,
                credit: get_i64(r, "credit")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

/// Every entry with its lines in date order, for the hledger export (streamed row by row).
pub fn all_lines<'a>(db: &'a super::Db, institution_id: i64) -> futures_util::stream::BoxStream<'a, sqlx::Result<AnyRow>> {
    sqlx::query(
        "SELECT e.id, e.posted_on, e.memo, l.account, l.debit, l.credit FROM journal_entries e
         JOIN journal_lines l ON l.institution_id = e.institution_id AND l.entry_id = e.id
         WHERE e.institution_id = $1 ORDER BY e.posted_on, e.id, l.line_no",
    )
    .bind(institution_id)
    .fetch(&db.pool)
}

/// The newest closed month ("2026-10"), if any. Every date up to its end is locked.
pub async fn last_closed<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64) -> sqlx::Result<Option<String>> {
    let r = sqlx::query("SELECT MAX(month) AS m FROM closed_months WHERE institution_id = $1")
        .bind(institution_id)
        .fetch_one(ex)
        .await?;
    opt_str(&r, "m")
}

pub struct ClosedMonth {
    pub month: String,
    pub summary: String,
}

pub async fn closed_months(db: &super::Db, institution_id: i64) -> sqlx::Result<Vec<ClosedMonth>> {
    let rows = sqlx::query("SELECT month, summary FROM closed_months WHERE institution_id = $1 ORDER BY month DESC")
        .bind(institution_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| Ok(ClosedMonth { month: get_str(r, "month")?, summary: get_str(r, "summary")? }))
        .collect::<sqlx::Result<_>>()
}

pub async fn insert_closed(tx: &mut Tx, institution_id: i64, month: &str, by: &str, summary: &str) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO closed_months (institution_id, month, closed_by, closed_at, summary) VALUES ($1, $2, $3, $4, $5)")
        .bind(institution_id)
        .bind(month)
        .bind(by)
        .bind(super::now_utc())
        .bind(summary)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What has been allocated from one year's profit (allocation entries debit 32020).
pub async fn allocated_for(pool: &sqlx::AnyPool, institution_id: i64, year: i64) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "SELECT CAST(COALESCE(SUM(l.debit - l.credit), 0) AS BIGINT) AS v FROM journal_lines l
         JOIN journal_entries e ON e.institution_id = l.institution_id AND e.id = l.entry_id
         WHERE l.institution_id = $1 AND e.source = 'allocation' AND e.source_id = $2 AND l.account = '32020'",
    )
    .bind(institution_id)
    .bind(year)
    .fetch_one(pool)
    .await?;
    get_i64(&r, "v")
}

/// One row per journal line in a period, with its entry's date, receipt, memo and origin: the
/// auditor's copy of the journal.
pub async fn journal_rows(
    db: &super::Db,
    institution_id: i64,
    from: &str,
    to: &str,
) -> sqlx::Result<Vec<(i64, String, Option<String>, String, String, Option<i64>, String, i64, i64)>> {
    let rows = sqlx::query(
        "SELECT e.id, e.posted_on, e.receipt, e.memo, e.source, e.reverses_id, l.account, l.debit, l.credit FROM journal_entries e
         JOIN journal_lines l ON l.institution_id = e.institution_id AND l.entry_id = e.id
         WHERE e.institution_id = $1 AND e.posted_on >= $2 AND e.posted_on <= $3 ORDER BY e.posted_on, e.id, l.line_no",
    )
    .bind(institution_id)
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok({
                (
                    get_i64(r, "id")?,
                    get_str(r, "posted_on")?,
                    super::opt_str(r, "receipt")?,
                    get_str(r, "memo")?,
                    get_str(r, "source")?,
                    super::opt_i64(r, "reverses_id")?,
                    get_str(r, "account")?,
                    get_i64(r, "debit")?,
                    get_i64(r, "credit")?,
                )
            })
        })
        .collect::<sqlx::Result<_>>()
}

/// One account's net movement (debit - credit) per day after `after`, in date order: what a
/// check needs to see that a back-dated payment leaves no later day below zero.
pub async fn daily_moves_after<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    account: &str,
    after: &str,
) -> sqlx::Result<Vec<(String, i64)>> {
    let rows = sqlx::query(
        "SELECT posted_on, CAST(SUM(debit) - SUM(credit) AS BIGINT) AS net FROM journal_lines
         WHERE institution_id = $1 AND account = $2 AND posted_on > $3 GROUP BY posted_on ORDER BY posted_on",
    )
    .bind(institution_id)
    .bind(account)
    .bind(after)
    .fetch_all(ex)
    .await?;
    rows.iter().map(|r| Ok((get_str(r, "posted_on")?, get_i64(r, "net")?))).collect::<sqlx::Result<_>>()
}
