//! The water service and maintenance fees (issue 21): assets, fee schemes and tariff versions,
//! customers and meters, readings one by one or as a round, monthly bill runs, payments and
//! their reversal, a customer's statement, the collection list and the months' figures.

use super::extract::{ApiJson, Problem};
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
use swadaya_core::app::books::journal::ReversalInput;
use swadaya_core::app::water::bills::{self, BillRun, MonthFigures, RunInput, RunOutcome};
use swadaya_core::app::water::customers::{self, ConnectionInput, Customer, CustomerInput, MeterChangeInput};
use swadaya_core::app::water::payments::{self, Arrear, CustomerStatement, FeeInput};
use swadaya_core::app::water::readings::{self, ReadingInput, RoundEntry, RoundLine, Saved};
use swadaya_core::app::water::setup::{self, Asset, AssetInput, Scheme, SchemeInput, Tariff, TariffInput};
use utoipa::{IntoParams, ToSchema};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/water/assets", params(("id" = i64, Path)),
    responses((status = 200, body = [Asset]), (status = 404, body = Problem)))]
pub async fn assets(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Asset>>, WebError> {
    Ok(Json(setup::assets(&st.db, &ctx, id).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/water/assets", params(("id" = i64, Path)), request_body = AssetInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_asset(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(a): ApiJson<AssetInput>,
) -> Result<Response, WebError> {
    Ok(created(setup::add_asset(&st.db, &ctx, id, &a).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/water/schemes", params(("id" = i64, Path)),
    responses((status = 200, body = [Scheme]), (status = 404, body = Problem)))]
pub async fn schemes(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Scheme>>, WebError> {
    Ok(Json(setup::schemes(&st.db, &ctx, id).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/water/schemes", params(("id" = i64, Path)), request_body = SchemeInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_scheme(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(s): ApiJson<SchemeInput>,
) -> Result<Response, WebError> {
    Ok(created(setup::add_scheme(&st.db, &ctx, id, &s).await.map_err(err(ctx.lang))?))
}

/// A scheme with its tariff versions (oldest first) and its bill runs (newest first).
#[derive(Serialize, ToSchema)]
pub struct SchemeDetail {
    pub scheme: Scheme,
    pub tariffs: Vec<Tariff>,
    pub runs: Vec<BillRun>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/water/schemes/{s}", params(("id" = i64, Path), ("s" = i64, Path)),
    responses((status = 200, body = SchemeDetail), (status = 404, body = Problem)))]
pub async fn scheme(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, s)): Path<(i64, i64)>,
) -> Result<Json<SchemeDetail>, WebError> {
    let (scheme, tariffs) = setup::scheme(&st.db, &ctx, id, s).await.map_err(err(ctx.lang))?;
    let runs = bills::runs(&st.db, &ctx, id).await.map_err(err(ctx.lang))?.into_iter().filter(|r| r.scheme_id == s).collect();
    Ok(Json(SchemeDetail { scheme, tariffs, runs }))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/water/schemes/{s}/tariffs", params(("id" = i64, Path), ("s" = i64, Path)), request_body = TariffInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_tariff(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, s)): Path<(i64, i64)>,
    ApiJson(t): ApiJson<TariffInput>,
) -> Result<Response, WebError> {
    Ok(created(setup::add_tariff(&st.db, &ctx, id, s, &t).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/water/schemes/{s}/bill-runs", params(("id" = i64, Path), ("s" = i64, Path)), request_body = RunInput,
    responses((status = 201, description = "The month is billed now", body = RunOutcome), (status = 200, description = "The month was billed before; nothing new", body = RunOutcome),
        (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn run_bills(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, s)): Path<(i64, i64)>,
    ApiJson(r): ApiJson<RunInput>,
) -> Result<Response, WebError> {
    let out = bills::run(&st.db, &ctx, id, s, &r).await.map_err(err(ctx.lang))?;
    let code = if out.created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((code, Json(out)).into_response())
}

#[derive(Deserialize, IntoParams)]
pub struct MonthQuery {
    /// The month of use, YYYY-MM (default: last month)
    pub month: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/water/schemes/{s}/round", params(("id" = i64, Path), ("s" = i64, Path), MonthQuery),
    responses((status = 200, body = [RoundLine]), (status = 404, body = Problem)))]
pub async fn round(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, s)): Path<(i64, i64)>,
    Query(q): Query<MonthQuery>,
) -> Result<Json<Vec<RoundLine>>, WebError> {
    let mut e = swadaya_core::app::Errors::default();
    let month = match q.month.as_deref() {
        Some(m) => swadaya_core::app::water::month_field(&mut e, ctx.lang, "month", m),
        None => Some(readings::month_shift(&swadaya_core::app::water::this_month(), -1)),
    };
    e.finish().map_err(err(ctx.lang))?;
    let month = month.unwrap_or_default();
    Ok(Json(readings::round(&st.db, &ctx, id, s, &month).await.map_err(err(ctx.lang))?))
}

/// A round's figures, saved together: all or, if any is wrong, none.
#[derive(Deserialize, Serialize, ToSchema, Default)]
pub struct RoundInput {
    /// The month of use, YYYY-MM
    pub month: String,
    /// The day the meters were read
    pub read_on: String,
    pub lines: Vec<RoundEntry>,
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/water/schemes/{s}/round", params(("id" = i64, Path), ("s" = i64, Path)), request_body = RoundInput,
    responses((status = 201, body = [Saved]), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn save_round(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, s)): Path<(i64, i64)>,
    ApiJson(r): ApiJson<RoundInput>,
) -> Result<Response, WebError> {
    let saved = readings::record_round(&st.db, &ctx, id, s, &r.month, &r.read_on, &r.lines).await.map_err(err(ctx.lang))?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

#[derive(Deserialize, IntoParams)]
pub struct SchemeQuery {
    /// Only this scheme's customers
    pub scheme: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/water/customers", params(("id" = i64, Path), SchemeQuery),
    responses((status = 200, body = [Customer]), (status = 404, body = Problem)))]
pub async fn list_customers(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(q): Query<SchemeQuery>,
) -> Result<Json<Vec<Customer>>, WebError> {
    Ok(Json(customers::list(&st.db, &ctx, id, q.scheme).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/water/customers", params(("id" = i64, Path)), request_body = CustomerInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_customer(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(c): ApiJson<CustomerInput>,
) -> Result<Response, WebError> {
    Ok(created(customers::add(&st.db, &ctx, id, &c).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/water/customers/{c}", params(("id" = i64, Path), ("c" = i64, Path)),
    responses((status = 200, body = CustomerStatement), (status = 404, body = Problem)))]
pub async fn statement(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, c)): Path<(i64, i64)>,
) -> Result<Json<CustomerStatement>, WebError> {
    Ok(Json(payments::statement(&st.db, &ctx, id, c, today()).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/water/customers/{c}/payments", params(("id" = i64, Path), ("c" = i64, Path)), request_body = FeeInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn pay(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, c)): Path<(i64, i64)>,
    ApiJson(p): ApiJson<FeeInput>,
) -> Result<Response, WebError> {
    Ok(created(payments::pay(&st.db, &ctx, id, c, &p).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/water/customers/{c}/readings", params(("id" = i64, Path), ("c" = i64, Path)), request_body = ReadingInput,
    responses((status = 201, body = Saved), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn read(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, c)): Path<(i64, i64)>,
    ApiJson(mut r): ApiJson<ReadingInput>,
) -> Result<Response, WebError> {
    r.customer_id = c;
    let saved = readings::record(&st.db, &ctx, id, &r, "office").await.map_err(err(ctx.lang))?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/water/customers/{c}/meter", params(("id" = i64, Path), ("c" = i64, Path)), request_body = MeterChangeInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn replace_meter(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, c)): Path<(i64, i64)>,
    ApiJson(m): ApiJson<MeterChangeInput>,
) -> Result<Response, WebError> {
    Ok(created(customers::replace_meter(&st.db, &ctx, id, c, &m).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/water/customers/{c}/connection", params(("id" = i64, Path), ("c" = i64, Path)), request_body = ConnectionInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn connection(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, c)): Path<(i64, i64)>,
    ApiJson(i): ApiJson<ConnectionInput>,
) -> Result<Response, WebError> {
    Ok(created(customers::change_connection(&st.db, &ctx, id, c, &i).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/water/payments/{p}/reversal", params(("id" = i64, Path), ("p" = i64, Path)), request_body = ReversalInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn reverse(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, p)): Path<(i64, i64)>,
    ApiJson(r): ApiJson<ReversalInput>,
) -> Result<Response, WebError> {
    Ok(created(payments::reverse(&st.db, &ctx, id, p, &r).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/water/arrears", params(("id" = i64, Path), SchemeQuery),
    responses((status = 200, body = [Arrear]), (status = 404, body = Problem)))]
pub async fn arrears(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(q): Query<SchemeQuery>,
) -> Result<Json<Vec<Arrear>>, WebError> {
    Ok(Json(payments::arrears(&st.db, &ctx, id, q.scheme, today()).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/water/months", params(("id" = i64, Path)),
    responses((status = 200, body = [MonthFigures]), (status = 404, body = Problem)))]
pub async fn months(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
) -> Result<Json<Vec<MonthFigures>>, WebError> {
    Ok(Json(bills::months(&st.db, &ctx, id).await.map_err(err(ctx.lang))?))
}
