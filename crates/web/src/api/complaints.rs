//! Complaint endpoints. Public, no token: file a complaint (throttled per address like the web
//! form; `Idempotency-Key` makes a resend file once) and read one by its tracking code (sent in
//! the body, never the URL). With a token: the unit's register, one complaint with its history
//! and deadlines, registering one, and taking a step. Also the village budget as a new version.

use super::extract::{ApiJson, Problem};
use super::page::{Page, Paging};
use super::registers::Created;
use super::{created, err};
use crate::error::WebError;
use crate::session::{api_lang, ApiAuth};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use swadaya_core::app::complaints::steps::{self, StepInput};
use swadaya_core::app::complaints::{self, ComplaintInput};
use swadaya_core::app::complaints::{Complaint, StepRow};
use swadaya_core::app::AppError;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct Filed {
    /// Keep it: the only way to read the complaint's status and answers
    pub tracking_code: String,
}

#[utoipa::path(post, path = "/api/v1/public/institutions/{id}/complaints", params(("id" = i64, Path)), request_body = ComplaintInput, security(()),
    responses((status = 201, body = Filed), (status = 404, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn file(
    State(st): State<AppState>,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Path(id): Path<i64>,
    ApiJson(mut input): ApiJson<ComplaintInput>,
) -> Result<Response, WebError> {
    let lang = api_lang(&headers);
    let address = crate::session::address_of(&headers, &ext);
    if !crate::complaints::public::may_file(&st, &address) {
        return Err(WebError::new(
            StatusCode::TOO_MANY_REQUESTS,
            lang,
            lang.pick("Terlalu sering", "Too many requests"),
            lang.pick(
                "Sudah 5 pengaduan dari alamat ini dalam satu jam. Coba lagi nanti.",
                "Five complaints came from this address within the hour. Try again later.",
            ),
        )
        .api());
    }
    // Only the public channel; the register's own fields are the unit's.
    input.channel = String::new();
    input.received_on = String::new();
    if let Some(k) = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).filter(|k| !k.trim().is_empty()) {
        // Hashed to a length the command keeps, whatever the header's (up to 200 characters).
        use sha2::{Digest, Sha256};
        input.idem_key = format!("api:{}", &hex::encode(Sha256::digest(k.trim().as_bytes()))[..40]);
    }
    let ctx = complaints::citizen_ctx(&address, lang);
    let (_, code) = complaints::file_public(&st.db, &ctx, id, &input, &[]).await.map_err(err(lang))?;
    crate::complaints::public::count_filing(&st, &address);
    Ok((StatusCode::CREATED, Json(Filed { tracking_code: code })).into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct TrackQuery {
    pub code: String,
}

#[derive(Serialize, ToSchema)]
pub struct PublicStep {
    pub step: String,
    pub step_on: String,
    pub institution: String,
    pub escalated_to: Option<String>,
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct Tracked {
    pub tracking_code: String,
    /// received, verified, in_process, answered, escalated or rejected
    pub status: String,
    pub handled_by: String,
    pub level: String,
    pub received_on: String,
    pub kind: String,
    pub category: String,
    pub content: String,
    /// Rejections, answers, corrections and escalations (not the unit's working notes)
    pub steps: Vec<PublicStep>,
}

#[utoipa::path(post, path = "/api/v1/public/complaints/track", request_body = TrackQuery, security(()),
    responses((status = 200, body = Tracked), (status = 404, body = Problem)))]
pub async fn track(
    State(st): State<AppState>,
    headers: HeaderMap,
    ApiJson(q): ApiJson<TrackQuery>,
) -> Result<Json<Tracked>, WebError> {
    let lang = api_lang(&headers);
    let Some(t) = complaints::track(&st.db, &q.code).await.map_err(err(lang))? else {
        return Err(WebError::from_app(AppError::NotFound, lang).api());
    };
    let c = t.complaint;
    Ok(Json(Tracked {
        tracking_code: c.tracking_code,
        status: c.status,
        handled_by: c.institution_name,
        level: c.level,
        received_on: c.received_on,
        kind: c.kind,
        category: c.category,
        content: c.content,
        steps: t
            .steps
            .into_iter()
            .map(|s| PublicStep {
                step: s.step,
                step_on: s.step_on,
                institution: s.institution_name,
                escalated_to: s.to_institution_name,
                text: s.body,
            })
            .collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// A status, or "open" for every status not yet closed
    pub status: Option<String>,
    /// Read before the list took `page` and `per_page`; refused now, so an old client does not
    /// page through the same rows forever.
    #[param(ignore)]
    pub limit: Option<String>,
    #[param(ignore)]
    pub offset: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Listed {
    pub complaint: Complaint,
    /// verify, decide or resolve: the service levels missed today
    pub overdue: Vec<String>,
}

fn overdue_codes(o: &[swadaya_domain::complaint::sla::Overdue]) -> Vec<String> {
    use swadaya_domain::complaint::sla::Overdue::*;
    o.iter()
        .map(|x| {
            match x {
                Verify => "verify",
                Decide => "decide",
                Resolve => "resolve",
            }
            .to_string()
        })
        .collect()
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/complaints", params(("id" = i64, Path), ListQuery, Paging),
    responses((status = 200, body = Page<Listed>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<Listed>>, WebError> {
    let today = chrono::Local::now().date_naive();
    if q.limit.is_some() || q.offset.is_some() {
        let lang = ctx.lang;
        return Err(WebError::bad_request(
            lang,
            lang.pick(
                "Daftar ini memakai page dan per_page, bukan limit dan offset.",
                "This list takes page and per_page, not limit and offset.",
            ),
        )
        .api());
    }
    let (page, per_page, offset) = pg.limit_offset();
    let reg = complaints::list(&st.db, &ctx, id, q.status.as_deref(), per_page, offset, today).await.map_err(err(ctx.lang))?;
    let items = reg.rows.into_iter().map(|l| Listed { overdue: overdue_codes(&l.overdue), complaint: l.complaint }).collect();
    Ok(Json(Page { items, page, per_page, total: reg.total }))
}

#[derive(Serialize, ToSchema)]
pub struct Registered {
    pub id: i64,
    pub tracking_code: String,
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/complaints", params(("id" = i64, Path)), request_body = ComplaintInput,
    responses((status = 201, body = Registered), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn register(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ComplaintInput>,
) -> Result<Response, WebError> {
    let (cid, code) = complaints::register(&st.db, &ctx, id, &input, &[]).await.map_err(err(ctx.lang))?;
    Ok((StatusCode::CREATED, Json(Registered { id: cid, tracking_code: code })).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct Detail {
    pub complaint: Complaint,
    pub steps: Vec<StepRow>,
    pub verify_by: String,
    pub decide_by: String,
    pub resolve_by: String,
    pub overdue: Vec<String>,
    /// The next step is this institution's to take
    pub can_act: bool,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/complaints/{c}", params(("id" = i64, Path), ("c" = i64, Path)),
    responses((status = 200, body = Detail), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn detail(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, c)): Path<(i64, i64)>,
) -> Result<Json<Detail>, WebError> {
    let v = complaints::view(&st.db, &ctx, id, c, chrono::Local::now().date_naive()).await.map_err(err(ctx.lang))?;
    Ok(Json(Detail {
        verify_by: v.deadlines.verify_by.to_string(),
        decide_by: v.deadlines.decide_by.to_string(),
        resolve_by: v.deadlines.resolve_by.to_string(),
        overdue: overdue_codes(&v.overdue),
        can_act: v.can_act,
        complaint: v.complaint,
        steps: v.steps,
    }))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/complaints/{c}/steps", params(("id" = i64, Path), ("c" = i64, Path)), request_body = StepInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn step(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, c)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<StepInput>,
) -> Result<Response, WebError> {
    Ok(created(steps::take(&st.db, &ctx, id, c, &input).await.map_err(err(ctx.lang))?))
}

/// A day off that the complaint clocks skip.
#[derive(Serialize, ToSchema)]
pub struct Holiday {
    /// e.g. 2026-08-17
    pub day: String,
    pub name: String,
}

#[utoipa::path(get, path = "/api/v1/holidays", params(Paging), responses((status = 200, body = Page<Holiday>), (status = 403, body = Problem)))]
pub async fn holidays(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<Holiday>>, WebError> {
    let days = complaints::holidays::list(&st.db, &ctx).await.map_err(err(ctx.lang))?;
    Ok(Json(Page::cut(days.into_iter().map(|(day, name)| Holiday { day, name }).collect(), &pg)))
}
