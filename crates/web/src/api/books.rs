//! The books: chart of accounts, journal and its entries, the statements (trial balance,
//! balance sheet, income statement, cash flow) and one account's general ledger.

use super::extract::{ApiJson, Problem};
use super::page::{Page, Paging};
use super::registers::Created;
use super::{created, err};
use crate::error::WebError;
use crate::session::ApiAuth;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use swadaya_core::app::books::accounts::Account;
use swadaya_core::app::books::journal::{Entry, EntryFilter};
use swadaya_core::app::books::{journal, reports};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct Period {
    /// First day, e.g. 2026-01-01 (default: 1 January this year)
    pub from: Option<String>,
    /// Last day (default: today)
    pub to: Option<String>,
    /// One date for balances as of it (default: today)
    pub on: Option<String>,
    /// Journal: only entries touching this account. Cash book: the cash or bank account (default 11010 Kas)
    pub account: Option<String>,
}

impl Period {
    pub(super) fn range(&self) -> (String, String) {
        let (f, t) = crate::books::view::default_period();
        let d = |v: &Option<String>, def: String| {
            v.as_deref().and_then(swadaya_domain::dates::parse_date).map(|d| d.to_string()).unwrap_or(def)
        };
        (d(&self.from, f), d(&self.to, t))
    }
    pub(super) fn on(&self) -> String {
        date_or_today(self.on.as_deref())
    }
}

/// A date the query gives (`2026-01-31`, `31/01/2026`), as `YYYY-MM-DD`, or today.
pub(super) fn date_or_today(v: Option<&str>) -> String {
    v.and_then(swadaya_domain::dates::parse_date).unwrap_or_else(|| chrono::Local::now().date_naive()).to_string()
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/accounts", params(("id" = i64, Path), Paging), responses((status = 200, body = Page<Account>), (status = 404, body = Problem)))]
pub async fn accounts(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<Account>>, WebError> {
    Ok(Json(Page::cut(swadaya_core::app::books::accounts::chart(&st.db, &ctx, id).await.map_err(err(ctx.lang))?, &pg)))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/journal", params(("id" = i64, Path), Period, Paging), responses((status = 200, body = Page<Entry>), (status = 404, body = Problem)))]
pub async fn entries(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(p): Query<Period>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<Entry>>, WebError> {
    let f = EntryFilter { from: p.from.clone(), to: p.to.clone(), account: p.account.clone() };
    let (page, per_page, offset) = pg.limit_offset();
    let (items, total) = journal::entries(&st.db, &ctx, id, &f, per_page, offset).await.map_err(err(ctx.lang))?;
    Ok(Json(Page { items, page, per_page, total }))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/journal", params(("id" = i64, Path)), request_body = journal::EntryInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn post_entry(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(e): ApiJson<journal::EntryInput>,
) -> Result<Response, WebError> {
    Ok(created(journal::manual(&st.db, &ctx, id, &e).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/trial-balance", params(("id" = i64, Path), Period), responses((status = 200, body = reports::TrialBalance), (status = 404, body = Problem)))]
pub async fn trial_balance(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(p): Query<Period>,
) -> Result<Json<reports::TrialBalance>, WebError> {
    let (from, to) = p.range();
    Ok(Json(reports::trial_balance(&st.db, &ctx, id, &from, &to).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/balance-sheet", params(("id" = i64, Path), Period), responses((status = 200, body = reports::BalanceSheet), (status = 404, body = Problem)))]
pub async fn balance_sheet(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(p): Query<Period>,
) -> Result<Json<reports::BalanceSheet>, WebError> {
    Ok(Json(reports::balance_sheet(&st.db, &ctx, id, &p.on()).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/income-statement", params(("id" = i64, Path), Period), responses((status = 200, body = reports::IncomeStatement), (status = 404, body = Problem)))]
pub async fn income_statement(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(p): Query<Period>,
) -> Result<Json<reports::IncomeStatement>, WebError> {
    let (from, to) = p.range();
    Ok(Json(reports::income_statement(&st.db, &ctx, id, &from, &to).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/cash-flow", params(("id" = i64, Path), Period), responses((status = 200, body = reports::CashFlow), (status = 404, body = Problem)))]
pub async fn cash_flow(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(p): Query<Period>,
) -> Result<Json<reports::CashFlow>, WebError> {
    let (from, to) = p.range();
    Ok(Json(reports::cash_flow(&st.db, &ctx, id, &from, &to).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/ledger/{code}", params(("id" = i64, Path), ("code" = String, Path, description = "Account code, e.g. 11010"), Period),
    responses((status = 200, body = reports::GeneralLedger), (status = 404, body = Problem)))]
pub async fn ledger(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, code)): Path<(i64, String)>,
    Query(p): Query<Period>,
) -> Result<Json<reports::GeneralLedger>, WebError> {
    let (from, to) = p.range();
    Ok(Json(reports::general_ledger(&st.db, &ctx, id, &code, &from, &to).await.map_err(err(ctx.lang))?))
}

/// One line of a journal entry: an account debited or credited.
#[derive(Serialize, ToSchema)]
pub struct EntryLine {
    pub account: String,
    pub debit: i64,
    pub credit: i64,
}

#[derive(Serialize, ToSchema)]
pub struct EntryDetail {
    pub entry: Entry,
    /// Debits and credits, balanced
    pub lines: Vec<EntryLine>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/journal/{eid}", params(("id" = i64, Path), ("eid" = i64, Path)),
    responses((status = 200, body = EntryDetail), (status = 404, body = Problem)))]
pub async fn entry(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, eid)): Path<(i64, i64)>,
) -> Result<Json<EntryDetail>, WebError> {
    let (entry, lines) = journal::entry(&st.db, &ctx, id, eid).await.map_err(err(ctx.lang))?;
    let lines = lines.into_iter().map(|p| EntryLine { account: p.account, debit: p.debit, credit: p.credit }).collect();
    Ok(Json(EntryDetail { entry, lines }))
}
