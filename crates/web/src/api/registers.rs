//! Register endpoints. Each is a thin shell around an `app` command.

use super::extract::{ApiJson, Problem};
use super::page::{Page, Paging, Search};
use crate::error::WebError;
use crate::session::{api_lang, ApiAuth};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use swadaya_core::app;
use swadaya_core::app::registers::institutions::{Institution, Unit};
use swadaya_core::app::registers::people::{PeopleSort, Person};
use swadaya_core::app::registers::positions::Position;
use swadaya_core::app::registers::regions::{self, Region};
use swadaya_core::app::registers::{institutions, people, positions};
use utoipa::ToSchema;

use super::{created, err};

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct RegionQuery {
    /// Children of this code (e.g. 35.19.09); omit for provinces
    pub parent: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/regions", params(Paging, RegionQuery, Search), responses((status = 200, body = Page<Region>), (status = 401, body = Problem)))]
pub async fn list_regions(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Query(p): Query<Paging>,
    Query(find): Query<Search>,
    Query(r): Query<RegionQuery>,
) -> Result<Json<Page<Region>>, WebError> {
    let (page, per, off) = p.limit_offset();
    let parent = r.parent.as_deref().filter(|s| !s.is_empty());
    let (items, total) = regions::list(&st.db, parent, find.text(), per, off).await.map_err(err(ctx.lang))?;
    Ok(Json(Page { items, page, per_page: per, total }))
}

#[utoipa::path(get, path = "/api/v1/institutions", params(Paging, Search), responses((status = 200, body = Page<Institution>), (status = 401, body = Problem)))]
pub async fn list_institutions(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Query(p): Query<Paging>,
    Query(find): Query<Search>,
) -> Result<Json<Page<Institution>>, WebError> {
    let (page, per, off) = p.limit_offset();
    let (items, total) = institutions::list(&st.db, &ctx, find.text(), per, off).await.map_err(err(ctx.lang))?;
    Ok(Json(Page { items, page, per_page: per, total }))
}

#[utoipa::path(post, path = "/api/v1/institutions", request_body = institutions::InstitutionInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_institution(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    ApiJson(input): ApiJson<institutions::InstitutionInput>,
) -> Result<Response, WebError> {
    Ok(created(institutions::create(&st.db, &ctx, &input).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}", params(("id" = i64, Path)), responses((status = 200, body = Institution), (status = 404, body = Problem)))]
pub async fn get_institution(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
) -> Result<Json<Institution>, WebError> {
    Ok(Json(institutions::get(&st.db, &ctx, id).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(put, path = "/api/v1/institutions/{id}", params(("id" = i64, Path)), request_body = institutions::InstitutionInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update_institution(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<institutions::InstitutionInput>,
) -> Result<StatusCode, WebError> {
    institutions::update(&st.db, &ctx, id, &input).await.map_err(err(ctx.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/units", params(("id" = i64, Path), Paging), responses((status = 200, body = Page<Unit>), (status = 404, body = Problem)))]
pub async fn list_units(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<Unit>>, WebError> {
    Ok(Json(Page::cut(institutions::units(&st.db, &ctx, id).await.map_err(err(ctx.lang))?, &pg)))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/units", params(("id" = i64, Path)), request_body = institutions::UnitInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_unit(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<institutions::UnitInput>,
) -> Result<Response, WebError> {
    Ok(created(institutions::create_unit(&st.db, &ctx, id, &input).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/people", params(("id" = i64, Path), Paging, Search), responses((status = 200, body = Page<Person>), (status = 404, body = Problem)))]
pub async fn list_people(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(p): Query<Paging>,
    Query(find): Query<Search>,
) -> Result<Json<Page<Person>>, WebError> {
    let (page, per, off) = p.limit_offset();
    let (items, total) = people::list(&st.db, &ctx, id, find.text(), PeopleSort::Name, per, off).await.map_err(err(ctx.lang))?;
    Ok(Json(Page { items, page, per_page: per, total }))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/people", params(("id" = i64, Path)), request_body = people::PersonInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_person(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<people::PersonInput>,
) -> Result<Response, WebError> {
    Ok(created(people::create(&st.db, &ctx, id, &input).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/people/{pid}", params(("id" = i64, Path), ("pid" = i64, Path)), responses((status = 200, body = Person), (status = 404, body = Problem)))]
pub async fn get_person(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, pid)): Path<(i64, i64)>,
) -> Result<Json<Person>, WebError> {
    Ok(Json(people::get(&st.db, &ctx, id, pid).await.map_err(err(ctx.lang))?))
}

#[utoipa::path(put, path = "/api/v1/institutions/{id}/people/{pid}", params(("id" = i64, Path), ("pid" = i64, Path)), request_body = people::PersonInput,
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn update_person(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path((id, pid)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<people::PersonInput>,
) -> Result<StatusCode, WebError> {
    people::update(&st.db, &ctx, id, pid, &input).await.map_err(err(ctx.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/positions", params(("id" = i64, Path), Paging), responses((status = 200, body = Page<Position>), (status = 404, body = Problem)))]
pub async fn list_positions(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<Position>>, WebError> {
    Ok(Json(Page::cut(positions::list(&st.db, &ctx, id).await.map_err(err(ctx.lang))?, &pg)))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/positions", params(("id" = i64, Path)), request_body = positions::PositionInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_position(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<positions::PositionInput>,
) -> Result<Response, WebError> {
    Ok(created(positions::create(&st.db, &ctx, id, &input).await.map_err(err(ctx.lang))?))
}

/// One line of the public register: never a NIK, phone, address or birth date.
#[derive(Serialize, ToSchema)]
pub struct PublicOfficer {
    pub name: String,
    pub position: String,
    pub unit: Option<String>,
    pub education: Option<String>,
    pub decree_no: Option<String>,
    pub since: String,
}

#[derive(Serialize, ToSchema)]
pub struct PublicRegister {
    pub institution: String,
    pub kind: String,
    pub region_code: String,
    pub region_name: String,
    pub officers: Vec<PublicOfficer>,
}

#[utoipa::path(get, path = "/api/v1/public/institutions/{id}/register", params(("id" = i64, Path)), security(()),
    responses((status = 200, body = PublicRegister), (status = 404, body = Problem)))]
pub async fn public_register(State(st): State<AppState>, headers: HeaderMap, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = api_lang(&headers);
    // Kept a minute like the notice board it mirrors (`web::cache`): a crowd costs one read.
    let key = format!("api-register:{id}|{}", lang.code());
    let (content_type, body) = st
        .pages
        .get_or_make(&key, || async {
            let inst = app::transparency::institution(&st.db, id).await.map_err(err(lang))?;
            let today = chrono::Local::now().date_naive().to_string();
            let officers = app::transparency::officers(&st.db, id, &today).await.map_err(err(lang))?;
            let register = PublicRegister {
                institution: inst.name,
                kind: inst.kind,
                region_code: inst.region_code,
                region_name: inst.region_name,
                officers: officers
                    .into_iter()
                    .map(|o| PublicOfficer {
                        name: o.person_name,
                        position: o.title,
                        unit: o.unit_name,
                        education: o.education,
                        decree_no: o.decree_no,
                        since: o.start_date,
                    })
                    .collect(),
            };
            let body = serde_json::to_vec(&register).map_err(WebError::internal)?;
            Ok::<_, WebError>(("application/json", axum::body::Bytes::from(body)))
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=60")], body).into_response())
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// From this date (YYYY-MM-DD)
    pub from: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/audit", params(Paging, AuditQuery), responses((status = 200, body = Page<app::audit::AuditRow>), (status = 403, body = Problem)))]
pub async fn list_audit(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Query(p): Query<Paging>,
    Query(a): Query<AuditQuery>,
) -> Result<Json<Page<app::audit::AuditRow>>, WebError> {
    let (page, per, off) = p.limit_offset();
    let f = app::audit::AuditFilter {
        institutions: None,
        actor: a.actor.filter(|s| !s.is_empty()),
        entity: a.entity.filter(|s| !s.is_empty()),
        entity_id: a.entity_id.filter(|s| !s.is_empty()),
        from: a.from.filter(|s| swadaya_domain::dates::parse_date(s).is_some()),
        to: None,
    };
    let (items, total) = app::audit::list(&st.db, &ctx, f, per, off).await.map_err(err(ctx.lang))?;

    Ok(Json(Page { items, page, per_page: per, total }))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/users", params(("id" = i64, Path), Paging),
    responses((status = 200, body = Page<app::auth::UserRole>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list_users(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<app::auth::UserRole>>, WebError> {
    let users = app::auth::users_of(&st.db, &ctx, id).await.map_err(err(ctx.lang))?;
    Ok(Json(Page::cut(users, &pg)))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/settings", params(("id" = i64, Path), Paging),
    responses((status = 200, body = Page<app::ksm::stage::Setting>, description = "The programme's thresholds and weights as the institution set them, with defaults and ranges"), (status = 404, body = Problem)))]
pub async fn settings(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<app::ksm::stage::Setting>>, WebError> {
    Ok(Json(Page::cut(app::ksm::stage::settings(&st.db, &ctx, id).await.map_err(err(ctx.lang))?, &pg)))
}
