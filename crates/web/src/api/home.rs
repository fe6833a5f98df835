//! The caller's work waiting, as the home page lists it: per institution, late work first.

use super::err;
use super::extract::Problem;
use super::page::{Page, Paging};
use crate::error::WebError;
use crate::session::ApiAuth;
use crate::AppState;
use axum::extract::{Query, State};
use axum::Json;
use serde::Serialize;
use swadaya_core::app::home;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct TaskOut {
    /// sheet_due, next_meeting, arrears, month_to_close, loans_to_decide, complaints_to_verify, ...
    pub kind: String,
    /// The task in one line of the caller's language
    pub text: String,
    /// The page where it is done
    pub href: String,
    /// Past its day
    pub late: bool,
}

#[derive(Serialize, ToSchema)]
pub struct DeskOut {
    pub institution_id: i64,
    pub institution: String,
    /// Whether the caller has work that could wait here (read-only roles have none)
    pub works_here: bool,
    pub tasks: Vec<TaskOut>,
}

#[utoipa::path(get, path = "/api/v1/home", params(Paging), responses((status = 200, body = Page<DeskOut>), (status = 401, body = Problem)))]
pub async fn home(
    State(st): State<AppState>,
    ApiAuth(ctx): ApiAuth,
    Query(pg): Query<Paging>,
) -> Result<Json<Page<DeskOut>>, WebError> {
    let today = chrono::Local::now().date_naive();
    let desks = home::desks(&st.db, &ctx, today).await.map_err(err(ctx.lang))?;
    Ok(Json(Page::cut(
        desks
            .into_iter()
            .map(|d| DeskOut {
                institution_id: d.institution.id,
                institution: d.institution.name,
                works_here: d.works_here,
                tasks: d
                    .tasks
                    .iter()
                    .map(|t| TaskOut {
                        kind: t.what.code().to_string(),
                        text: crate::home::describe(t, today, ctx.lang),
                        href: t.href.clone(),
                        late: t.late,
                    })
                    .collect(),
            })
            .collect(),
        &pg,
    )))
}
