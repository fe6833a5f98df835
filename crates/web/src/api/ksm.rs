//! KSM endpoints: groups, members, collection sheets (with Idempotency-Key), savings, assessment.

use super::extract::{ApiJson, Problem};
use super::page::{Page, Paging};
use super::registers::Created;
use crate::error::WebError;
use crate::session::ApiAuth;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use swadaya_core::app::ksm::records::{self, Line, Meeting, Member};
use swadaya_core::app::ksm::Ksm;
use swadaya_core::app::ksm::{assessment, checks, groups, overview, savings, sheets};
use utoipa::{IntoParams, ToSchema};

use super::{created, err};

#[utoipa::path(get, path = "/api/v1/institutions/{id}/ksm", params(("id" = i64, Path), Paging), responses((status = 200, body = Page<Ksm>), (status = 404, body = Problem)))]
pub async fn list(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<Ksm>>, WebError> {
    Ok(Json(Page::cut(swadaya_core::app::ksm::list(&st.db, &ctx, id).await.map_err(err(ctx.lang))?, &pg)))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/ksm", params(("id" = i64, Path)), request_body = groups::KsmInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<groups::KsmInput>,
) -> Result<Response, WebError> {
    Ok(created(groups::create(&st.db, &ctx, id, &input).await.map_err(err(ctx.lang))?))
}

#[derive(Serialize, ToSchema)]
pub struct MemberBalance {
    pub member_id: i64,
    pub wajib: i64,
    pub sukarela: i64,
    pub tanggung_renteng: i64,
}

#[derive(Serialize, ToSchema)]
pub struct KsmDetail {
    pub ksm: Ksm,
    pub members: Vec<Member>,
    pub balances: Vec<MemberBalance>,
    /// Sum of all members' savings (the group's cash from savings)
    pub savings_total: i64,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/ksm/{k}", params(("id" = i64, Path), ("k" = i64, Path)), responses((status = 200, body = KsmDetail), (status = 404, body = Problem)))]
pub async fn get(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, k)): Path<(i64, i64)>,
) -> Result<Json<KsmDetail>, WebError> {
    let ksm = swadaya_core::app::ksm::get(&st.db, &ctx, id, k).await.map_err(err(ctx.lang))?;
    let members = records::members(&st.db, &ctx, id, k).await.map_err(err(ctx.lang))?;
    let b = savings::balances(&st.db, id, k).await.map_err(err(ctx.lang))?;
    use swadaya_domain::ksm::SavingsKind::*;
    let balances = members
        .iter()
        .map(|m| MemberBalance {
            member_id: m.id,
            wajib: b.of(m.id, Routine).0,
            sukarela: b.of(m.id, Voluntary).0,
            tanggung_renteng: b.of(m.id, JointLiability).0,
        })
        .collect();
    Ok(Json(KsmDetail { ksm, members, balances, savings_total: b.total.0 }))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/ksm/{k}/members", params(("id" = i64, Path), ("k" = i64, Path)), request_body = groups::MemberInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_member(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, k)): Path<(i64, i64)>,
    ApiJson(m): ApiJson<groups::MemberInput>,
) -> Result<Response, WebError> {
    Ok(created(groups::add_member(&st.db, &ctx, id, k, m.person_id, &m.role, &m.joined_on).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/ksm/{k}/meetings", params(("id" = i64, Path), ("k" = i64, Path), Paging), responses((status = 200, body = Page<Meeting>), (status = 404, body = Problem)))]
pub async fn meetings(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, k)): Path<(i64, i64)>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<Meeting>>, WebError> {
    Ok(Json(Page::cut(records::meetings(&st.db, &ctx, id, k).await.map_err(err(ctx.lang))?, &pg)))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/ksm/{k}/meetings", params(("id" = i64, Path), ("k" = i64, Path), RecordQuery), request_body = sheets::SheetInput,
    responses((status = 201, body = Created), (status = 202, body = Proposed), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn record(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, k)): Path<(i64, i64)>,
    Query(q): Query<RecordQuery>,
    ApiJson(s): ApiJson<sheets::SheetInput>,
) -> Result<Response, WebError> {
    if q.on_conflict.as_deref() != Some("propose") {
        return Ok(created(sheets::record(&st.db, &ctx, id, k, &s).await.map_err(err(ctx.lang))?));
    }
    use swadaya_core::app::ksm::corrections::{record_or_propose, Outcome};
    match record_or_propose(&st.db, &ctx, id, k, &s).await.map_err(err(ctx.lang))? {
        Outcome::Recorded(mid) => Ok(created(mid)),
        Outcome::Proposed(p, original) => {
            Ok((axum::http::StatusCode::ACCEPTED, Json(Proposed { proposed_correction_id: p, original_id: original }))
                .into_response())
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct RecordQuery {
    /// "propose": a sheet for a meeting already recorded is kept as a proposed correction for
    /// the treasurer (202) instead of refused (409); what a syncing phone sends
    pub on_conflict: Option<String>,
}

/// The sheet was kept as a proposed correction of the meeting already recorded.
#[derive(Serialize, ToSchema)]
pub struct Proposed {
    pub proposed_correction_id: i64,
    pub original_id: i64,
}

#[derive(Serialize, ToSchema)]
pub struct MeetingDetail {
    pub meeting: Meeting,
    pub lines: Vec<Line>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/ksm/{k}/meetings/{mid}", params(("id" = i64, Path), ("k" = i64, Path), ("mid" = i64, Path)),
    responses((status = 200, body = MeetingDetail), (status = 404, body = Problem)))]
pub async fn meeting(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, k, mid)): Path<(i64, i64, i64)>,
) -> Result<Json<MeetingDetail>, WebError> {
    let meeting = records::meeting(&st.db, &ctx, id, k, mid).await.map_err(err(ctx.lang))?;
    let lines = records::lines(&st.db, &ctx, id, &meeting).await.map_err(err(ctx.lang))?;
    Ok(Json(MeetingDetail { meeting, lines }))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/ksm/{k}/meetings/{mid}/amendments", params(("id" = i64, Path), ("k" = i64, Path), ("mid" = i64, Path)),
    request_body = sheets::SheetInput, responses((status = 201, body = Created), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn amend(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, k, mid)): Path<(i64, i64, i64)>,
    ApiJson(s): ApiJson<sheets::SheetInput>,
) -> Result<Response, WebError> {
    Ok(created(sheets::amend(&st.db, &ctx, id, k, mid, &s).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/ksm/{k}/withdrawals", params(("id" = i64, Path), ("k" = i64, Path)), request_body = savings::WithdrawalInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn withdraw(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, k)): Path<(i64, i64)>,
    ApiJson(w): ApiJson<savings::WithdrawalInput>,
) -> Result<Response, WebError> {
    Ok(created(savings::withdraw(&st.db, &ctx, id, k, &w).await.map_err(err(ctx.lang))?))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AssessQuery {
    /// Last day of the window (default today)
    pub to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CriterionOut {
    /// rules, attendance, routine_savings, bookkeeping or agenda
    pub key: String,
    pub numerator: i64,
    pub denominator: i64,
    pub threshold_pct: i64,
    /// true: the value must be above the threshold; false: at least the threshold
    pub strict: bool,
    pub passes: bool,
    pub meetings: Vec<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct CheckOut {
    pub key: String,
    pub measured: String,
    pub passes: bool,
}

#[derive(Serialize, ToSchema)]
pub struct AssessmentOut {
    pub window_from: String,
    pub window_to: String,
    pub graduated: bool,
    pub criteria: Vec<CriterionOut>,
    pub eligibility: Vec<CheckOut>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/ksm/{k}/assessment", params(("id" = i64, Path), ("k" = i64, Path), AssessQuery),
    responses((status = 200, body = AssessmentOut), (status = 404, body = Problem)))]
pub async fn assess(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, k)): Path<(i64, i64)>,
    Query(q): Query<AssessQuery>,
) -> Result<Json<AssessmentOut>, WebError> {
    use swadaya_domain::graduation::Key;
    let today = chrono::Local::now().date_naive();
    let to = q.to.as_deref().and_then(swadaya_domain::dates::parse_date).filter(|d| *d <= today).unwrap_or(today);
    let a = assessment::graduation(&st.db, &ctx, id, k, to).await.map_err(err(ctx.lang))?;
    let checks = assessment::eligibility(&st.db, &ctx, id, k, today).await.map_err(err(ctx.lang))?;
    let key = |k: Key| match k {
        Key::Rules => "rules",
        Key::Attendance => "attendance",
        Key::RoutineSavings => "routine_savings",
        Key::Bookkeeping => "bookkeeping",
        Key::Agenda => "agenda",
    };
    Ok(Json(AssessmentOut {
        window_from: a.window_from.to_string(),
        window_to: a.window_to.to_string(),
        graduated: a.passes(),
        criteria: a
            .criteria
            .iter()
            .map(|c| CriterionOut {
                key: key(c.key).into(),
                numerator: c.numerator,
                denominator: c.denominator,
                threshold_pct: c.threshold_pct,
                strict: c.strict,
                passes: c.passes,
                meetings: c.meetings.clone(),
            })
            .collect(),
        eligibility: checks.into_iter().map(|c| CheckOut { key: c.key.into(), measured: c.measured, passes: c.passes }).collect(),
    }))
}

/// A member's savings account: every movement, oldest first, and the balance of each kind.
#[derive(Serialize, ToSchema)]
pub struct Statement {
    pub member: Member,
    pub lines: Vec<records::StatementLine>,
    /// Balance per kind (wajib, sukarela, tanggung_renteng) after the last movement
    pub balances: std::collections::BTreeMap<String, i64>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/ksm/{k}/members/{m}/statement", params(("id" = i64, Path), ("k" = i64, Path), ("m" = i64, Path)),
    responses((status = 200, body = Statement), (status = 404, body = Problem)))]
pub async fn statement(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, k, m)): Path<(i64, i64, i64)>,
) -> Result<Json<Statement>, WebError> {
    let (member, lines) = records::statement(&st.db, &ctx, id, k, m).await.map_err(err(ctx.lang))?;
    let mut balances = std::collections::BTreeMap::new();
    for l in &lines {
        *balances.entry(l.kind.clone()).or_insert(0) += l.amount;
    }
    Ok(Json(Statement { member, lines, balances }))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/ksm/{k}/stages", params(("id" = i64, Path), ("k" = i64, Path), Paging),
    responses((status = 200, body = Page<records::StageDecision>, description = "The group's stage decisions (Tunas, Tumbuh, Kembang) with their scores, newest first"), (status = 404, body = Problem)))]
pub async fn stages(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, k)): Path<(i64, i64)>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<records::StageDecision>>, WebError> {
    Ok(Json(Page::cut(records::stages(&st.db, &ctx, id, k).await.map_err(err(ctx.lang))?, &pg)))
}

/// One independence factor of a group: met, not met, or not confirmed yet (`met` null).
#[derive(Serialize, ToSchema)]
pub struct Independence {
    /// organisasi, administrasi, ...
    pub area: String,
    pub key: String,
    pub met: Option<bool>,
    /// Why, from the group's records or the confirmation, in the caller's language
    pub evidence: String,
    /// Who confirmed it and when, for the factors the records cannot show
    pub confirmation: Option<records::CheckRow>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/ksm/{k}/independence", params(("id" = i64, Path), ("k" = i64, Path), Paging),
    responses((status = 200, body = Page<Independence>), (status = 404, body = Problem)))]
pub async fn independence(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, k)): Path<(i64, i64)>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<Independence>>, WebError> {
    let today = chrono::Local::now().date_naive();
    let states = checks::independence(&st.db, &ctx, id, k, today).await.map_err(err(ctx.lang))?;
    Ok(Json(Page::cut(
        swadaya_domain::independence::ITEMS
            .iter()
            .zip(states)
            .map(|(item, s)| Independence {
                area: item.area.into(),
                key: item.key.into(),
                met: s.met,
                evidence: s.evidence,
                confirmation: s.confirmation,
            })
            .collect(),
        &pg,
    )))
}

#[utoipa::path(get, path = "/api/v1/ksm", params(Paging), responses((status = 200, body = Page<overview::GroupStatus>, description = "The groups the caller reaches, the first 300 assessed: members, last meeting, graduation, attendance now and in the window before, missed meetings. `total` counts every group reached; when it is more than 300, open each institution's list for the rest")))]
pub async fn overview(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<overview::GroupStatus>>, WebError> {
    let today = chrono::Local::now().date_naive();
    let found = overview::groups(&st.db, &ctx, today).await.map_err(err(ctx.lang))?;
    let mut page = Page::cut(found.groups, &pg);
    page.total = found.total as i64;
    Ok(Json(page))
}
