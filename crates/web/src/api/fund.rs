//! Loan-fund endpoints: products, loans with their decisions, disbursements and payments (all
//! POSTs honour Idempotency-Key), the arrears list, the collection plan and the month-end close.

use super::books::Period;
use super::extract::{ApiJson, Problem};
use super::page::{Page, Paging};
use super::registers::Created;
use super::{created, err};
use crate::error::WebError;
use crate::session::ApiAuth;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use swadaya_core::app::fund::loans::{Loan, Payment, Share};
use swadaya_core::app::fund::{close, collection, loans, portfolio, repayments};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct LoanOut {
    pub id: i64,
    pub ksm_id: i64,
    pub ksm_name: String,
    pub agreement_no: String,
    pub principal: i64,
    /// applied, approved, rejected or disbursed
    pub status: String,
    pub method: String,
    pub rate_bp: i64,
    pub term: u32,
    pub frequency: String,
    pub applied_on: String,
    pub disbursed_on: Option<String>,
    pub power_of_attorney: bool,
    pub override_reason: Option<String>,
}

impl From<&Loan> for LoanOut {
    fn from(l: &Loan) -> LoanOut {
        LoanOut {
            id: l.id,
            ksm_id: l.ksm_id,
            ksm_name: l.ksm_name.clone(),
            agreement_no: l.agreement_no.clone(),
            principal: l.principal,
            status: l.status.code().into(),
            method: l.terms.method.code().into(),
            rate_bp: l.terms.rate_bp,
            term: l.terms.term,
            frequency: l.terms.frequency.code().into(),
            applied_on: l.applied_on.clone(),
            disbursed_on: l.disbursed_on.clone(),
            power_of_attorney: l.power_of_attorney,
            override_reason: l.override_reason.clone(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/loans", params(("id" = i64, Path), Paging), responses((status = 200, body = Page<LoanOut>), (status = 404, body = Problem)))]
pub async fn list_loans(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<LoanOut>>, WebError> {
    Ok(Json(Page::cut(
        loans::list(&st.db, &ctx, id, None).await.map_err(err(ctx.lang))?.iter().map(LoanOut::from).collect(),
        &pg,
    )))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/loans", params(("id" = i64, Path)), request_body = loans::LoanInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn apply(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(l): ApiJson<loans::LoanInput>,
) -> Result<Response, WebError> {
    Ok(created(loans::apply(&st.db, &ctx, id, &l).await.map_err(err(ctx.lang))?))
}

#[derive(Serialize, ToSchema)]
pub struct LoanDetail {
    pub loan: LoanOut,
    pub shares: Vec<Share>,
    pub payments: Vec<Payment>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/loans/{l}", params(("id" = i64, Path), ("l" = i64, Path)), responses((status = 200, body = LoanDetail), (status = 404, body = Problem)))]
pub async fn loan(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, l)): Path<(i64, i64)>,
) -> Result<Json<LoanDetail>, WebError> {
    let v = loans::view(&st.db, &ctx, id, l).await.map_err(err(ctx.lang))?;
    Ok(Json(LoanDetail { loan: LoanOut::from(&v.loan), shares: v.shares, payments: v.payments }))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/loans/{l}/decision", params(("id" = i64, Path), ("l" = i64, Path)), request_body = loans::DecisionInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn decide(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, l)): Path<(i64, i64)>,
    ApiJson(d): ApiJson<loans::DecisionInput>,
) -> Result<Response, WebError> {
    loans::decide(&st.db, &ctx, id, l, &d).await.map_err(err(ctx.lang))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/loans/{l}/disbursement", params(("id" = i64, Path), ("l" = i64, Path)), request_body = loans::DisbursementInput,
    responses((status = 201, body = Created, description = "the journal entry"), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn disburse(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, l)): Path<(i64, i64)>,
    ApiJson(d): ApiJson<loans::DisbursementInput>,
) -> Result<Response, WebError> {
    Ok(created(loans::disburse(&st.db, &ctx, id, l, &d).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/loans/{l}/payments", params(("id" = i64, Path), ("l" = i64, Path)), request_body = repayments::PaymentInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn pay(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, l)): Path<(i64, i64)>,
    ApiJson(p): ApiJson<repayments::PaymentInput>,
) -> Result<Response, WebError> {
    Ok(created(repayments::pay(&st.db, &ctx, id, l, &p).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/loans/{l}/payments/{p}/reversal", params(("id" = i64, Path), ("l" = i64, Path), ("p" = i64, Path)), request_body = repayments::PaymentReversalInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn reverse(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, l, p)): Path<(i64, i64, i64)>,
    ApiJson(r): ApiJson<repayments::PaymentReversalInput>,
) -> Result<Response, WebError> {
    swadaya_core::app::fund::loans::payment(&st.db, &ctx, id, l, p).await.map_err(err(ctx.lang))?;
    Ok(created(repayments::reverse(&st.db, &ctx, id, p, &r).await.map_err(err(ctx.lang))?))
}

#[derive(Serialize, ToSchema)]
pub struct Arrears {
    pub on: String,
    pub shares: i64,
    pub outstanding: i64,
    pub outstanding_at_risk: i64,
    pub overdue_amount: i64,
    pub reserve_required: i64,
    /// Member shares in arrears, worst class first
    pub lines: Vec<portfolio::ArrearsLine>,
    pub indicators: Vec<close::IndicatorValue>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/arrears", params(("id" = i64, Path), Period), responses((status = 200, body = Arrears), (status = 404, body = Problem)))]
pub async fn arrears(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(p): Query<Period>,
) -> Result<Json<Arrears>, WebError> {
    let on = p.on();
    let (r, ind) = portfolio::at(&st.db, &ctx, id, &on).await.map_err(err(ctx.lang))?;
    Ok(Json(Arrears {
        on,
        shares: r.shares,
        outstanding: r.outstanding,
        outstanding_at_risk: r.outstanding_at_risk,
        overdue_amount: r.overdue_amount,
        reserve_required: r.reserve_required,
        lines: r.lines,
        indicators: ind
            .iter()
            .map(|i| close::IndicatorValue { code: i.code.into(), value_bp: i.value_bp, band: i.band.map(|b| b.code().into()) })
            .collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/closed-months", params(("id" = i64, Path), Paging),
    responses((status = 200, body = Page<close::Summary>, description = "Each closed month's summary (outstanding, arrears, indicators), newest first"), (status = 404, body = Problem)))]
pub async fn closed_months(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<close::Summary>>, WebError> {
    Ok(Json(Page::cut(close::history(&st.db, &ctx, id).await.map_err(err(ctx.lang))?, &pg)))
}

#[derive(Deserialize, IntoParams)]
pub struct PlanQuery {
    /// The first day of the plan, e.g. 2026-11-01 (default: today)
    pub from: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/collection-plan", params(("id" = i64, Path), PlanQuery, Paging),
    responses((status = 200, body = Page<collection::CollectionAction>, description = "Collection actions from the day on: visits planned, made and handed over, with promises to pay"), (status = 404, body = Problem)))]
pub async fn collection_plan(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(q): Query<PlanQuery>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<collection::CollectionAction>>, WebError> {
    let from = super::books::date_or_today(q.from.as_deref());
    Ok(Json(Page::cut(collection::plan(&st.db, &ctx, id, &from).await.map_err(err(ctx.lang))?, &pg)))
}

#[derive(Deserialize, ToSchema)]
pub struct CloseInput {
    /// e.g. 2026-10
    pub month: String,
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/closed-months", params(("id" = i64, Path)), request_body = CloseInput,
    responses((status = 200, body = close::Summary, description = "the close (or the earlier one: closing twice changes nothing)"), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn close_month(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(c): ApiJson<CloseInput>,
) -> Result<Json<close::Summary>, WebError> {
    Ok(Json(close::close_month(&st.db, &ctx, id, c.month.trim(), &|_, _| {}).await.map_err(err(ctx.lang))?.summary))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/loans/{l}/collection-actions", params(("id" = i64, Path), ("l" = i64, Path)), request_body = collection::ActionInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_action(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, l)): Path<(i64, i64)>,
    ApiJson(a): ApiJson<collection::ActionInput>,
) -> Result<Response, WebError> {
    Ok(created(collection::add_action(&st.db, &ctx, id, l, &a).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/loans/{l}/drawdown", params(("id" = i64, Path), ("l" = i64, Path)), request_body = collection::DrawdownInput,
    responses((status = 201, body = Created, description = "the repayment made from the savings"), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn drawdown(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, l)): Path<(i64, i64)>,
    ApiJson(d): ApiJson<collection::DrawdownInput>,
) -> Result<Response, WebError> {
    Ok(created(collection::drawdown(&st.db, &ctx, id, l, &d).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/loans/{l}/write-off", params(("id" = i64, Path), ("l" = i64, Path)), request_body = collection::WriteOffInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn write_off(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, l)): Path<(i64, i64)>,
    ApiJson(w): ApiJson<collection::WriteOffInput>,
) -> Result<Response, WebError> {
    Ok(created(collection::write_off(&st.db, &ctx, id, l, &w).await.map_err(err(ctx.lang))?))
}

/// A loan product as an applicant sees it: its terms and the limits a loan must keep.
#[derive(Serialize, ToSchema)]
pub struct ProductOut {
    pub id: i64,
    pub name: String,
    /// flat or declining
    pub method: String,
    /// Hundredths of a percent per period
    pub rate_bp: i64,
    pub term: u32,
    /// weekly, biweekly or monthly
    pub frequency: String,
    pub first_loan: i64,
    pub later_loan: i64,
    pub ceiling: i64,
    pub max_cycles: u32,
    pub min_term: u32,
    pub max_term: u32,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/loan-products", params(("id" = i64, Path), Paging), responses((status = 200, body = Page<ProductOut>), (status = 404, body = Problem)))]
pub async fn products(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<ProductOut>>, WebError> {
    let list = loans::products(&st.db, &ctx, id).await.map_err(err(ctx.lang))?;
    Ok(Json(Page::cut(
        list.into_iter()
            .map(|p| ProductOut {
                id: p.id,
                name: p.name,
                method: p.terms.method.code().to_string(),
                rate_bp: p.terms.rate_bp,
                term: p.terms.term,
                frequency: p.terms.frequency.code().to_string(),
                first_loan: p.limits.first_loan.0,
                later_loan: p.limits.later_loan.0,
                ceiling: p.limits.ceiling.0,
                max_cycles: p.limits.max_cycles,
                min_term: p.limits.min_term,
                max_term: p.limits.max_term,
            })
            .collect(),
        &pg,
    )))
}

/// One member's instalment of a loan, with what was paid on it up to today.
#[derive(Serialize, ToSchema)]
pub struct ScheduleLine {
    pub member_id: i64,
    pub n: u32,
    pub due_on: String,
    pub principal: i64,
    pub interest: i64,
    pub principal_paid: i64,
    pub interest_paid: i64,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/loans/{l}/schedule", params(("id" = i64, Path), ("l" = i64, Path), Paging),
    responses((status = 200, body = Page<ScheduleLine>), (status = 404, body = Problem)))]
pub async fn schedule(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, l)): Path<(i64, i64)>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<ScheduleLine>>, WebError> {
    let v = loans::view(&st.db, &ctx, id, l).await.map_err(err(ctx.lang))?;
    Ok(Json(Page::cut(
        v.dues
            .iter()
            .map(|d| ScheduleLine {
                member_id: d.member_id,
                n: d.due.n,
                due_on: d.due.due_on.to_string(),
                principal: d.due.principal,
                interest: d.due.interest,
                principal_paid: d.due.principal_paid,
                interest_paid: d.due.interest_paid,
            })
            .collect(),
        &pg,
    )))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/profit-allocation", params(("id" = i64, Path), Paging),
    responses((status = 200, body = Page<swadaya_core::app::books::allocation::YearResult>), (status = 404, body = Problem)))]
pub async fn profit_years(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<swadaya_core::app::books::allocation::YearResult>>, WebError> {
    use chrono::Datelike;
    let this_year = chrono::Local::now().date_naive().year();
    Ok(Json(Page::cut(
        swadaya_core::app::books::allocation::recent_years(&st.db, &ctx, id, this_year).await.map_err(err(ctx.lang))?,
        &pg,
    )))
}
