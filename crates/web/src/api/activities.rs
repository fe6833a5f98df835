//! Funded-activity endpoints: proposals with their scores and the board's decision, activities
//! with commitments, funds received, payments, contributions in kind, progress and hand-over,
//! attachments (raw body, type checked by content), the cash book and the monthly figures.
//! Every POST honours Idempotency-Key.

use super::extract::{ApiJson, Problem};
use super::page::{Page, Paging};
use super::registers::Created;
use super::{created, err};
use crate::error::WebError;
use crate::session::ApiAuth;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use swadaya_core::app::activities::{self as sa, proposals as sp};
use swadaya_core::app::activities::{money, plan, proposals, ranking, reports};
use swadaya_core::app::attachments::Meta;
use swadaya_core::app::attachments::Upload;
use swadaya_core::app::books::journal::ReversalInput;
use swadaya_core::app::books::reports::GeneralLedger;
use utoipa::{IntoParams, ToSchema};

type R<T> = Result<Json<T>, WebError>;

fn no_content(r: swadaya_core::app::AppResult<()>, lang: swadaya_domain::Lang) -> Result<Response, WebError> {
    r.map_err(err(lang))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/proposals", params(("id" = i64, Path), Paging), responses((status = 200, body = Page<sp::Proposal>), (status = 404, body = Problem)))]
pub async fn list_proposals(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(pg): Query<Paging>,
) -> R<Page<sp::Proposal>> {
    Ok(Json(Page::cut(proposals::list(&st.db, &ctx, id).await.map_err(err(ctx.lang))?, &pg)))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/proposals", params(("id" = i64, Path)), request_body = proposals::ProposalInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_proposal(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(p): ApiJson<proposals::ProposalInput>,
) -> Result<Response, WebError> {
    Ok(created(proposals::create(&st.db, &ctx, id, &p, &[]).await.map_err(err(ctx.lang))?))
}

#[derive(Serialize, ToSchema)]
pub struct ProposalDetail {
    pub proposal: sp::Proposal,
    pub rab: Vec<sp::RabLine>,
    pub attachments: Vec<Meta>,
    pub activity_id: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/proposals/{p}", params(("id" = i64, Path), ("p" = i64, Path)), responses((status = 200, body = ProposalDetail), (status = 404, body = Problem)))]
pub async fn proposal(State(st): State<AppState>, ApiAuth(ctx): ApiAuth, Path((id, p)): Path<(i64, i64)>) -> R<ProposalDetail> {
    let v = proposals::view(&st.db, &ctx, id, p).await.map_err(err(ctx.lang))?;
    Ok(Json(ProposalDetail { proposal: v.proposal, rab: v.lines, attachments: v.files, activity_id: v.activity_id }))
}

#[derive(Deserialize, ToSchema)]
pub struct ScoreItem {
    pub criterion_id: i64,
    /// 1 to 5
    pub score: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ScoreSheet {
    /// The board member scoring, or "Musyawarah" for a consensus sheet
    pub scorer: String,
    pub scores: Vec<ScoreItem>,
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/proposals/{p}/scores", params(("id" = i64, Path), ("p" = i64, Path)), request_body = ScoreSheet,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn score(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, p)): Path<(i64, i64)>,
    ApiJson(s): ApiJson<ScoreSheet>,
) -> Result<Response, WebError> {
    let input =
        ranking::ScoreInput { scorer: s.scorer, scores: s.scores.into_iter().map(|x| (x.criterion_id, x.score)).collect() };
    no_content(ranking::score(&st.db, &ctx, id, p, &input).await, ctx.lang)
}

#[derive(Serialize, ToSchema)]
pub struct RankedOut {
    pub proposal: sp::Proposal,
    /// Weighted total in hundredths of a point (0 to 500); null when nobody has scored
    pub total: Option<i64>,
    pub scorers: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Ranking {
    pub criteria: Vec<sp::Criterion>,
    pub proposals: Vec<RankedOut>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/proposal-ranking", params(("id" = i64, Path)), responses((status = 200, body = Ranking), (status = 404, body = Problem)))]
pub async fn ranking(State(st): State<AppState>, ApiAuth(ctx): ApiAuth, Path(id): Path<i64>) -> R<Ranking> {
    let (criteria, ranked) = ranking::ranking(&st.db, &ctx, id).await.map_err(err(ctx.lang))?;
    let proposals = ranked.into_iter().map(|r| RankedOut { proposal: r.proposal, total: r.total, scorers: r.scorers }).collect();
    Ok(Json(Ranking { criteria, proposals }))
}

#[derive(Deserialize, ToSchema)]
pub struct Outcome {
    pub proposal_id: i64,
    /// funded, deferred or rejected
    pub outcome: String,
    /// Required when deferred or rejected
    #[serde(default)]
    pub reason: String,
}

#[derive(Deserialize, ToSchema)]
#[schema(as = ProposalDecisionRequest)]
pub struct Decision {
    pub meeting_on: String,
    pub attendance: String,
    pub minutes: String,
    pub outcomes: Vec<Outcome>,
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/proposal-decisions", params(("id" = i64, Path)), request_body = Decision,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn decide(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(d): ApiJson<Decision>,
) -> Result<Response, WebError> {
    let input = ranking::DecisionInput {
        meeting_on: d.meeting_on,
        attendance: d.attendance,
        minutes: d.minutes,
        outcomes: d.outcomes.into_iter().map(|o| (o.proposal_id, o.outcome, o.reason)).collect(),
    };
    Ok(created(ranking::decide(&st.db, &ctx, id, &input).await.map_err(err(ctx.lang))?))
}

#[derive(Serialize, ToSchema)]
pub struct ActivitySummary {
    pub activity: sa::Activity,
    pub budget: i64,
    /// Last physical progress, hundredths of a percent
    pub percent_bp: i64,
    /// Last measured quantity, thousandths of the unit
    pub quantity: i64,
    pub committed: i64,
    pub received: i64,
    /// Spent, in cash and in kind
    pub spent: i64,
    /// Paid in cash: the financial progress against the budget
    pub cash_spent: i64,
    /// Spent in the month asked for
    pub spent_in_period: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct MonthQuery {
    /// YYYY-MM (default: this month)
    pub month: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/activities", params(("id" = i64, Path), MonthQuery, Paging), responses((status = 200, body = Page<ActivitySummary>), (status = 404, body = Problem)))]
pub async fn list_activities(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(q): Query<MonthQuery>,
    Query(pg): Query<Paging>,
) -> R<Page<ActivitySummary>> {
    let this = chrono::Local::now().date_naive().format("%Y-%m").to_string();
    let month = q.month.filter(|m| swadaya_core::app::books::month_bounds(m).is_some()).unwrap_or(this);
    let (first, last) = swadaya_core::app::books::month_bounds(&month).expect("checked");
    let rows = reports::summaries(&st.db, &ctx, id, &first.to_string(), &last.to_string()).await.map_err(err(ctx.lang))?;
    Ok(Json(Page::cut(
        rows.into_iter()
            .map(|r| {
                let t = r.total();
                ActivitySummary {
                    cash_spent: r.cash_spent(),
                    budget: r.budget,
                    percent_bp: r.percent_bp,
                    quantity: r.quantity,
                    committed: t.committed,
                    received: t.received,
                    spent: t.spent,
                    spent_in_period: r.spent_in_period,
                    activity: r.activity,
                }
            })
            .collect(),
        &pg,
    )))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/activities", params(("id" = i64, Path)), request_body = plan::ActivityInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_activity(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(a): ApiJson<plan::ActivityInput>,
) -> Result<Response, WebError> {
    Ok(created(plan::create(&st.db, &ctx, id, &a).await.map_err(err(ctx.lang))?))
}

#[derive(Serialize, ToSchema)]
pub struct LineOut {
    #[serde(flatten)]
    pub line: proposals::RabLine,
    /// Paid on this line (live payments)
    pub spent: i64,
}

#[derive(Serialize, ToSchema)]
pub struct SourceOut {
    pub source: String,
    pub committed: i64,
    pub received: i64,
    pub spent: i64,
    pub available: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ActivityDetail {
    pub activity: sa::Activity,
    pub rab: Vec<LineOut>,
    pub sources: Vec<SourceOut>,
    pub commitments: Vec<sa::Commitment>,
    pub receipts: Vec<sa::Receipt>,
    pub payments: Vec<sa::Spending>,
    pub in_kind: Vec<sa::InKind>,
    pub progress: Vec<sa::Progress>,
    pub attachments: Vec<Meta>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/activities/{a}", params(("id" = i64, Path), ("a" = i64, Path)), responses((status = 200, body = ActivityDetail), (status = 404, body = Problem)))]
pub async fn activity(State(st): State<AppState>, ApiAuth(ctx): ApiAuth, Path((id, a)): Path<(i64, i64)>) -> R<ActivityDetail> {
    let v = plan::view(&st.db, &ctx, id, a).await.map_err(err(ctx.lang))?;
    Ok(Json(ActivityDetail {
        rab: v.lines.into_iter().map(|l| LineOut { line: l.line, spent: l.spent }).collect(),
        sources: v
            .sources
            .iter()
            .map(|(s, f)| SourceOut {
                source: s.code().into(),
                committed: f.committed,
                received: f.received,
                spent: f.spent,
                available: f.available(),
            })
            .collect(),
        activity: v.activity,
        commitments: v.commitments,
        receipts: v.receipts,
        payments: v.spendings,
        in_kind: v.in_kind,
        progress: v.progress,
        attachments: v.files,
    }))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/activities/{a}/commitments", params(("id" = i64, Path), ("a" = i64, Path)), request_body = plan::CommitmentInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn commit(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, a)): Path<(i64, i64)>,
    ApiJson(c): ApiJson<plan::CommitmentInput>,
) -> Result<Response, WebError> {
    Ok(created(plan::commit(&st.db, &ctx, id, a, &c).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/activities/{a}/receipts", params(("id" = i64, Path), ("a" = i64, Path)), request_body = money::ReceiptInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn receive(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, a)): Path<(i64, i64)>,
    ApiJson(r): ApiJson<money::ReceiptInput>,
) -> Result<Response, WebError> {
    Ok(created(money::receive(&st.db, &ctx, id, a, &r).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/activities/{a}/payments", params(("id" = i64, Path), ("a" = i64, Path)), request_body = money::SpendingInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn pay(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, a)): Path<(i64, i64)>,
    ApiJson(s): ApiJson<money::SpendingInput>,
) -> Result<Response, WebError> {
    Ok(created(money::spend(&st.db, &ctx, id, a, &s, &[]).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/activities/{a}/payments/{p}/reversal", params(("id" = i64, Path), ("a" = i64, Path), ("p" = i64, Path)), request_body = ReversalInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn reverse_payment(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, a, p)): Path<(i64, i64, i64)>,
    ApiJson(r): ApiJson<ReversalInput>,
) -> Result<Response, WebError> {
    Ok(created(money::reverse_spending(&st.db, &ctx, id, a, p, &r).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/activities/{a}/receipts/{r}/reversal", params(("id" = i64, Path), ("a" = i64, Path), ("r" = i64, Path)), request_body = ReversalInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn reverse_receipt(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, a, r)): Path<(i64, i64, i64)>,
    ApiJson(x): ApiJson<ReversalInput>,
) -> Result<Response, WebError> {
    Ok(created(money::reverse_receipt(&st.db, &ctx, id, a, r, &x).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/activities/{a}/in-kind", params(("id" = i64, Path), ("a" = i64, Path)), request_body = plan::InKindInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn in_kind(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, a)): Path<(i64, i64)>,
    ApiJson(k): ApiJson<plan::InKindInput>,
) -> Result<Response, WebError> {
    Ok(created(plan::add_in_kind(&st.db, &ctx, id, a, &k).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/activities/{a}/progress", params(("id" = i64, Path), ("a" = i64, Path)), request_body = plan::ProgressInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn progress(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, a)): Path<(i64, i64)>,
    ApiJson(p): ApiJson<plan::ProgressInput>,
) -> Result<Response, WebError> {
    Ok(created(plan::report_progress(&st.db, &ctx, id, a, &p, &[]).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/activities/{a}/handover", params(("id" = i64, Path), ("a" = i64, Path)), request_body = plan::HandoverInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn hand_over(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, a)): Path<(i64, i64)>,
    ApiJson(h): ApiJson<plan::HandoverInput>,
) -> Result<Response, WebError> {
    no_content(plan::hand_over(&st.db, &ctx, id, a, &h).await, ctx.lang)
}

#[derive(Deserialize, IntoParams)]
pub struct AttachTo {
    /// proposal, spending or progress
    pub owner: String,
    /// The id of that record
    pub owner_id: i64,
    /// The file's name as the user knows it
    pub filename: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AttachmentIds {
    pub ids: Vec<i64>,
}

/// The body is the file itself (any Content-Type); its real type is read from its content.
#[utoipa::path(post, path = "/api/v1/institutions/{id}/attachments", params(("id" = i64, Path), AttachTo), request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = AttachmentIds), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn attach(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(q): Query<AttachTo>,
    body: Bytes,
) -> Result<Response, WebError> {
    let files = if body.is_empty() { vec![] } else { vec![Upload::new(q.filename.unwrap_or_default(), body.to_vec())] };
    let ids =
        swadaya_core::app::activities::attach(&st.db, &ctx, id, &q.owner, q.owner_id, &files).await.map_err(err(ctx.lang))?;
    Ok((StatusCode::CREATED, Json(AttachmentIds { ids })).into_response())
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/cash-book", params(("id" = i64, Path), super::books::Period), responses((status = 200, body = GeneralLedger), (status = 404, body = Problem)))]
pub async fn cash_book(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(p): Query<super::books::Period>,
) -> R<GeneralLedger> {
    let (from, to) = p.range();
    let account = p.account.clone().unwrap_or_else(|| swadaya_domain::ledger::codes::CASH.into());
    Ok(Json(reports::cash_book(&st.db, &ctx, id, &account, &from, &to).await.map_err(err(ctx.lang))?))
}
