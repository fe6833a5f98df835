//! The village budget (APBDes): a year's budget as it stands, and new versions (an original
//! Perdes, an amendment, a realisation report).

use super::extract::{ApiJson, Problem};
use super::registers::Created;
use super::{created, err};
use crate::error::WebError;
use crate::session::ApiAuth;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use swadaya_core::app::apbdes::{self, VersionInput};
use swadaya_core::app::AppError;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct YearQuery {
    /// The budget year (default: the latest year with a budget)
    pub year: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct BudgetLineOut {
    /// revenue, spending, financing_in or financing_out
    pub section: String,
    pub code: String,
    pub name: String,
    pub budget: i64,
    pub realised: i64,
}

/// A year's budget as it stands: the version in force (the latest figures) and its lines.
/// An institution with no budget yet has no year, no version and no lines.
#[derive(Serialize, ToSchema)]
pub struct BudgetYear {
    pub year: Option<i64>,
    /// Every year with a budget, newest first
    pub years: Vec<i64>,
    pub version: Option<apbdes::Version>,
    pub lines: Vec<BudgetLineOut>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/apbdes", params(("id" = i64, Path), YearQuery),
    responses((status = 200, body = BudgetYear), (status = 404, body = Problem)))]
pub async fn year(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> Result<Json<BudgetYear>, WebError> {
    let (years, view) = apbdes::read(&st.db, &ctx, id, q.year).await.map_err(err(ctx.lang))?;
    let Some(view) = view else {
        if q.year.is_some() {
            return Err(err(ctx.lang)(AppError::NotFound));
        }
        return Ok(Json(BudgetYear { year: None, years, version: None, lines: Vec::new() }));
    };
    Ok(Json(BudgetYear {
        year: Some(view.version.year),
        years,
        version: Some(view.version),
        lines: view
            .lines
            .into_iter()
            .map(|l| BudgetLineOut {
                section: l.section.code().to_string(),
                code: l.code,
                name: l.name,
                budget: l.budget,
                realised: l.realised,
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct BudgetLine {
    /// revenue, spending, financing_in or financing_out; empty: from the code
    #[serde(default)]
    pub section: String,
    /// e.g. 4.2.1, 2.1.01, 6.1.1
    pub code: String,
    pub name: String,
    /// Whole rupiah, as a number or text ("791.958.000")
    pub budget: String,
    #[serde(default)]
    pub realised: String,
}

#[derive(Deserialize, ToSchema)]
pub struct BudgetVersion {
    #[serde(flatten)]
    pub header: VersionInput,
    pub lines: Vec<BudgetLine>,
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/apbdes", params(("id" = i64, Path)), request_body = BudgetVersion,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn apbdes_version(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    ApiJson(v): ApiJson<BudgetVersion>,
) -> Result<Response, WebError> {
    let lang = ctx.lang;
    if v.lines.len() > apbdes::import::MAX_ROWS {
        return Err(WebError::from_app(
            AppError::field("lines", lang.pick("Paling banyak 2.000 baris.", "At most 2,000 lines.")),
            lang,
        )
        .api());
    }
    let raw = v.lines.iter().enumerate().map(|(n, l)| apbdes::import::RawRow {
        row: n + 1,
        section: swadaya_domain::apbdes::Section::parse(l.section.trim()).or_else(|| apbdes::import::section_word(&l.section)),
        code: l.code.clone(),
        name: l.name.clone(),
        budget: l.budget.clone(),
        realised: l.realised.clone(),
    });
    let (lines, rows) = apbdes::lines_from_rows(lang, raw).map_err(err(lang))?;
    Ok(created(apbdes::save(&st.db, &ctx, id, &v.header, &lines, &rows, "api").await.map_err(err(lang))?))
}
