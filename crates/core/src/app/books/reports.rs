//! Reports read from the journal alone: trial balance, balance sheet (neraca), income
//! statement (laba rugi), cash flow (arus kas) and the general ledger of one account.

use crate::app::{AppError, AppResult, Ctx};
use crate::store::{self, books::Account, Db};
use std::collections::HashMap;
use swadaya_domain::ledger::{normal_balance, AccountKind};
use swadaya_domain::roles::Action;

/// One account's line in the trial balance, signed debit-positive (as hledger prints it).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TrialRow {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub opening: i64,
    pub debit: i64,
    pub credit: i64,
    pub closing: i64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TrialBalance {
    pub from: String,
    pub to: String,
    pub rows: Vec<TrialRow>,
    pub total_debit: i64,
    pub total_credit: i64,
    /// Sum of all closing balances; zero when the books balance.
    pub closing_sum: i64,
}

pub async fn trial_balance(db: &Db, ctx: &Ctx, institution_id: i64, from: &str, to: &str) -> AppResult<TrialBalance> {
    let accounts = super::accounts::chart(db, ctx, institution_id).await?;
    // Opening totals through the day before `from`, closing through `to`; the period is between.
    let opening = match day_before(from) {
        Some(b) => store::books::totals_through(db, institution_id, &b).await?,
        None => store::books::Totals::new(),
    };
    // A period that ends before it starts moves nothing.
    let mut period = if to < from { opening.clone() } else { store::books::totals_through(db, institution_id, to).await? };
    store::books::less(&mut period, &opening);
    let mut rows = Vec::new();
    let (mut td, mut tc, mut sum) = (0, 0, 0);
    for a in &accounts {
        let (od, oc) = opening.get(&a.code).copied().unwrap_or_default();
        let (d, c) = period.get(&a.code).copied().unwrap_or_default();
        if od == 0 && oc == 0 && d == 0 && c == 0 {
            continue;
        }
        let row = TrialRow {
            code: a.code.clone(),
            name: a.name.clone(),
            kind: a.kind.clone(),
            opening: od - oc,
            debit: d,
            credit: c,
            closing: od - oc + d - c,
        };
        td += d;
        tc += c;
        sum += row.closing;
        rows.push(row);
    }
    Ok(TrialBalance { from: from.into(), to: to.into(), rows, total_debit: td, total_credit: tc, closing_sum: sum })
}

pub fn day_before(date: &str) -> Option<String> {
    swadaya_domain::dates::parse_date(date).and_then(|d| d.pred_opt()).map(|d| d.to_string())
}

/// A section of a statement: accounts with their normal-side amounts and the section total.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Section {
    pub kind: String,
    pub lines: Vec<(String, String, i64)>,
    pub total: i64,
}

async fn balances_by_account(
    db: &Db,
    institution_id: i64,
    from: Option<&str>,
    to: &str,
) -> AppResult<HashMap<String, (i64, i64)>> {
    Ok(store::books::totals(db, institution_id, from, to).await?.into_iter().map(|(a, d, c)| (a, (d, c))).collect())
}

fn section(kind: AccountKind, accounts: &[Account], sums: &HashMap<String, (i64, i64)>) -> Section {
    let mut lines = Vec::new();
    let mut total = 0;
    for a in accounts.iter().filter(|a| a.kind() == kind) {
        let (d, c) = sums.get(&a.code).copied().unwrap_or_default();
        if d == 0 && c == 0 {
            continue;
        }
        // A contra account shows as a negative line under its kind (the reserve under assets).
        let v = normal_balance(kind, false, d, c);
        total += v;
        lines.push((a.code.clone(), a.name.clone(), v));
    }
    Section { kind: kind.code().into(), lines, total }
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct BalanceSheet {
    pub on: String,
    pub assets: Section,
    pub liabilities: Section,
    pub equity: Section,
    /// Income less expenses of the year up to the date, and of earlier years not yet allocated.
    pub result_this_year: i64,
    pub result_earlier: i64,
    pub total_liabilities_equity: i64,
    pub balanced: bool,
}

pub async fn balance_sheet(db: &Db, ctx: &Ctx, institution_id: i64, on: &str) -> AppResult<BalanceSheet> {
    let accounts = super::accounts::chart(db, ctx, institution_id).await?;
    let sums = balances_by_account(db, institution_id, None, on).await?;
    let year_start = format!("{}-01-01", on.get(..4).unwrap_or("1970"));
    let year = balances_by_account(db, institution_id, Some(&year_start), on).await?;
    let result = |s: &HashMap<String, (i64, i64)>| {
        section(AccountKind::Income, &accounts, s).total - section(AccountKind::Expense, &accounts, s).total
    };
    let result_all = result(&sums);
    let result_this_year = result(&year);
    let assets = section(AccountKind::Asset, &accounts, &sums);
    let liabilities = section(AccountKind::Liability, &accounts, &sums);
    let mut equity = section(AccountKind::Equity, &accounts, &sums);
    // 32020 holds what was allocated from past profits: it reduces the unallocated profit
    // rather than standing as a line of its own.
    let allocated: i64 = equity.lines.iter().filter(|(c, _, _)| c == super::allocation::ALLOCATED).map(|(_, _, v)| *v).sum();
    equity.lines.retain(|(c, _, _)| c != super::allocation::ALLOCATED);
    equity.total -= allocated;
    let total = liabilities.total + equity.total + result_all + allocated;
    Ok(BalanceSheet {
        on: on.into(),
        balanced: total == assets.total,
        assets,
        liabilities,
        equity,
        result_this_year,
        result_earlier: result_all - result_this_year + allocated,
        total_liabilities_equity: total,
    })
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct IncomeStatement {
    pub from: String,
    pub to: String,
    pub income: Section,
    pub expenses: Section,
    pub net: i64,
}

pub async fn income_statement(db: &Db, ctx: &Ctx, institution_id: i64, from: &str, to: &str) -> AppResult<IncomeStatement> {
    let accounts = super::accounts::chart(db, ctx, institution_id).await?;
    let sums = balances_by_account(db, institution_id, Some(from), to).await?;
    let income = section(AccountKind::Income, &accounts, &sums);
    let expenses = section(AccountKind::Expense, &accounts, &sums);
    let net = income.total - expenses.total;
    Ok(IncomeStatement { from: from.into(), to: to.into(), income, expenses, net })
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CashFlow {
    pub from: String,
    pub to: String,
    pub opening: i64,
    /// Operating (income, expenses, liabilities), lending (loans and other assets), financing (capital).
    pub operating: Section,
    pub lending: Section,
    pub financing: Section,
    pub closing: i64,
    /// opening + flows = closing, as the cash accounts say.
    pub agrees: bool,
}

pub async fn cash_flow(db: &Db, ctx: &Ctx, institution_id: i64, from: &str, to: &str) -> AppResult<CashFlow> {
    let accounts = super::accounts::chart(db, ctx, institution_id).await?;
    let cash: Vec<&Account> = accounts.iter().filter(|a| a.cash).collect();
    let cash_balance =
        |s: &HashMap<String, (i64, i64)>| cash.iter().map(|a| s.get(&a.code).map(|(d, c)| d - c).unwrap_or(0)).sum::<i64>();
    let opening = match day_before(from) {
        Some(b) => cash_balance(&balances_by_account(db, institution_id, None, &b).await?),
        None => 0,
    };
    let closing = cash_balance(&balances_by_account(db, institution_id, None, to).await?);
    let flows = store::books::cash_flows(db, institution_id, from, to).await?;
    let by_code: HashMap<&str, &Account> = accounts.iter().map(|a| (a.code.as_str(), a)).collect();
    let mut sections = [
        Section { kind: "operating".into(), lines: vec![], total: 0 },
        Section { kind: "lending".into(), lines: vec![], total: 0 },
        Section { kind: "financing".into(), lines: vec![], total: 0 },
    ];
    for (code, flow) in flows {
        let a = by_code.get(code.as_str());
        let i = match a.map(|a| a.kind()) {
            Some(AccountKind::Asset) => 1,
            Some(AccountKind::Equity) => 2,
            _ => 0,
        };
        sections[i].total += flow;
        sections[i].lines.push((code.clone(), a.map(|a| a.name.clone()).unwrap_or_default(), flow));
    }
    let [operating, lending, financing] = sections;
    let agrees = opening + operating.total + lending.total + financing.total == closing;
    Ok(CashFlow { from: from.into(), to: to.into(), opening, operating, lending, financing, closing, agrees })
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct LedgerRow {
    pub entry_id: i64,
    pub posted_on: String,
    pub memo: String,
    /// Receipt or voucher number (bukti)
    pub receipt: Option<String>,
    pub debit: i64,
    pub credit: i64,
    /// Running balance on the account's normal side
    pub balance: i64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct GeneralLedger {
    pub account: Account,
    pub from: String,
    pub to: String,
    pub opening: i64,
    pub rows: Vec<LedgerRow>,
    pub closing: i64,
}

pub async fn general_ledger(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    code: &str,
    from: &str,
    to: &str,
) -> AppResult<GeneralLedger> {
    ctx.require(institution_id, Action::ReadBooks)?;
    let accounts = super::accounts::chart(db, ctx, institution_id).await?;
    let account = accounts.into_iter().find(|a| a.code == code).ok_or(AppError::NotFound)?;
    let kind = account.kind();
    let opening = match day_before(from) {
        Some(b) => {
            let (d, c) = balances_by_account(db, institution_id, None, &b).await?.get(code).copied().unwrap_or_default();
            normal_balance(kind, account.contra, d, c)
        }
        None => 0,
    };
    let mut balance = opening;
    let rows = store::books::ledger_lines(db, institution_id, code, from, to)
        .await?
        .into_iter()
        .map(|l| {
            balance += normal_balance(kind, account.contra, l.debit, l.credit);
            LedgerRow {
                entry_id: l.entry_id,
                posted_on: l.posted_on,
                memo: l.memo,
                receipt: l.receipt,
                debit: l.debit,
                credit: l.credit,
                balance,
            }
        })
        .collect();
    Ok(GeneralLedger { account, from: from.into(), to: to.into(), opening, rows, closing: balance })
}
