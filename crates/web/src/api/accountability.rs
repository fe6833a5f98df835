//! The figures behind the activity reports: each activity's money per source for a period (the
//! monthly report), each source's opening, received, spent and closing (the quarterly and annual
//! reports), and the community's promised and given share per activity of a year's work plan
//! (RKM). The pages print these as tables; here they are numbers.

use super::books::Period;
use super::err;
use super::extract::Problem;
use super::page::{Page, Paging};
use crate::error::WebError;
use crate::session::ApiAuth;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use swadaya_core::app::activities::accountability::{self, SourcePeriod};
use swadaya_core::app::activities::reports;
use utoipa::{IntoParams, ToSchema};

/// One source's money for one activity, as of the end of the period.
#[derive(Serialize, ToSchema)]
pub struct SourceMoney {
    /// blm_apbn, apbd, dana_desa, community_cash, community_in_kind, csr or other
    pub source: String,
    pub committed: i64,
    pub received: i64,
    pub spent: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ActivityFigures {
    pub activity_id: i64,
    pub name: String,
    pub budget: i64,
    /// Physical progress in hundredths of a percent
    pub percent_bp: i64,
    /// Spent within the period, cash and in kind
    pub spent_in_period: i64,
    /// Of which given in kind
    pub kind_in_period: i64,
    pub sources: Vec<SourceMoney>,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/activity-figures", params(("id" = i64, Path), Period, Paging),
    responses((status = 200, body = Page<ActivityFigures>, description = "Every activity with its money per source as of `to`; `from` starts the period of the in-period figures"), (status = 404, body = Problem)))]
pub async fn figures(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(p): Query<Period>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<ActivityFigures>>, WebError> {
    let (from, to) = p.range();
    let rows = reports::summaries(&st.db, &ctx, id, &from, &to).await.map_err(err(ctx.lang))?;
    Ok(Json(Page::cut(
        rows.into_iter()
            .map(|s| ActivityFigures {
                activity_id: s.activity.id,
                name: s.activity.name,
                budget: s.budget,
                percent_bp: s.percent_bp,
                spent_in_period: s.spent_in_period,
                kind_in_period: s.kind_in_period,
                sources: s
                    .sources
                    .iter()
                    .map(|(src, f)| SourceMoney {
                        source: src.code().into(),
                        committed: f.committed,
                        received: f.received,
                        spent: f.spent,
                    })
                    .collect(),
            })
            .collect(),
        &pg,
    )))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/money-by-source", params(("id" = i64, Path), Period, Paging),
    responses((status = 200, body = Page<SourcePeriod>, description = "Each source's unspent money at the start, received, spent and unspent at the end of the period"), (status = 404, body = Problem)))]
pub async fn by_source(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(p): Query<Period>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<SourcePeriod>>, WebError> {
    let (from, to) = p.range();
    Ok(Json(Page::cut(accountability::by_source(&st.db, &ctx, id, &from, &to).await.map_err(err(ctx.lang))?, &pg)))
}

#[derive(Deserialize, IntoParams)]
pub struct YearQuery {
    /// The work plan's year (default: this year)
    pub year: Option<i64>,
}

/// One activity of the year's work plan with the community's share promised and given.
#[derive(Serialize, ToSchema)]
pub struct RkmLine {
    pub activity_id: i64,
    pub name: String,
    pub budget: i64,
    pub promised_cash: i64,
    pub given_cash: i64,
    pub promised_kind: i64,
    pub given_kind: i64,
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}/rkm", params(("id" = i64, Path), YearQuery, Paging),
    responses((status = 200, body = Page<RkmLine>), (status = 404, body = Problem)))]
pub async fn rkm(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<RkmLine>>, WebError> {
    let year = q.year.unwrap_or_else(|| i64::from(chrono::Datelike::year(&chrono::Local::now().date_naive())));
    let rows = accountability::rkm(&st.db, &ctx, id, year).await.map_err(err(ctx.lang))?;
    Ok(Json(Page::cut(
        rows.into_iter()
            .map(|r| RkmLine {
                activity_id: r.summary.activity.id,
                name: r.summary.activity.name,
                budget: r.summary.budget,
                promised_cash: r.promised_cash,
                given_cash: r.given_cash,
                promised_kind: r.promised_kind,
                given_kind: r.given_kind,
            })
            .collect(),
        &pg,
    )))
}
