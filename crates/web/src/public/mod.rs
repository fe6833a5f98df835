//! What any citizen may read without logging in: the list of institutions and, per
//! institution, its notice board (`board`) and open data (`data`). No NIK, phone, address,
//! birth date or individual's debt ever appears here; `app::transparency` decides what does.

mod board;
mod data;

use super::error::WebError;
use super::layout;
use super::registers::{page_number, PER_PAGE};
use super::session::Viewer;
use super::AppState;
use crate::routes::Routes;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::html;
use std::collections::HashMap;
use swadaya_core::app::registers::institutions::kind_label;

pub fn routes() -> Routes {
    Routes::new()
        .route("/p", get(index))
        .route("/p/{id}", get(board::page))
        .route("/p/{id}/data.json", get(data::json))
        .route("/p/{id}/activities.csv", get(data::activities_csv))
        .route("/p/{id}/payments.csv", get(data::payments_csv))
        .route("/p/{id}/feed.atom", get(data::feed))
        .route("/p/{id}/photos/{a}", get(data::photo))
}

async fn index(State(st): State<AppState>, v: Viewer, Query(q): Query<HashMap<String, String>>) -> Result<Response, WebError> {
    let page = page_number(q.get("page").map(String::as_str));
    let search = q.get("q").map(|s| s.trim()).filter(|s| !s.is_empty()).map(str::to_string);
    match search {
        // A search is the visitor's own; the plain list is what a crowd opens.
        Some(_) => Ok(index_page(&st, &v, page, search.as_deref()).await?.into_response()),
        None => {
            cached(&st, &v, format!("index:{page}"), || async {
                let markup = index_page(&st, &v, page, None).await?;
                Ok(("text/html; charset=utf-8", markup.into_string().into_bytes()))
            })
            .await
        }
    }
}

async fn index_page(st: &AppState, v: &Viewer, page: i64, search: Option<&str>) -> Result<maud::Markup, WebError> {
    let lang = v.lang;
    let (rows, total) = swadaya_core::app::transparency::institutions(&st.db, search, PER_PAGE, (page - 1) * PER_PAGE)
        .await
        .map_err(|e| WebError::from_app(e, lang))?;
    let title = lang.pick("Papan informasi lembaga", "Institution notice boards");
    Ok(layout::page(
        lang,
        v.session.as_ref(),
        title,
        html! {
            h1 { (title) }
            p { (lang.pick("Setiap warga berhak melihat siapa pengurus lembaga dan apa yang mereka kerjakan.", "Every citizen may see who runs each institution and what it does.")) }
            form.search method="get" action="/p" {
                input type="search" name="q" value=(search.unwrap_or("")) placeholder=(lang.pick("Cari lembaga atau desa", "Search institution or village")) aria-label=(lang.pick("Cari", "Search"));
                button type="submit" { (lang.pick("Cari", "Search")) }
            }
            @for i in &rows {
                div.card { a href={"/p/" (i.id)} { strong { (i.name) } } br; span.muted { (kind_label(&i.kind, lang)) " · " (swadaya_domain::region::qualified_name(&i.region_code, &i.region_name)) } }
            }
            (layout::no_match(lang, search.unwrap_or(""), total, lang.pick("lembaga atau desa", "institutions or villages"), "/p"))
            (layout::pager(lang, "/p", &[("q", search.unwrap_or(""))], page, PER_PAGE, total))
        },
    ))
}

/// A public response kept a minute for visitors (see `web::cache`); logged-in users get it fresh.
pub(crate) async fn cached<F, Fut>(st: &AppState, v: &Viewer, key: String, make: F) -> Result<Response, WebError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(&'static str, Vec<u8>), WebError>>,
{
    let key = format!("{key}|{}", v.lang.code());
    let fresh = move || async move { make().await.map(|(ct, body)| (ct, axum::body::Bytes::from(body))) };
    let (ct, body) = if v.session.is_none() { st.pages.get_or_make(&key, fresh).await? } else { fresh().await? };
    let cache = if v.session.is_none() { "public, max-age=60" } else { "private, no-store" };
    Ok(([(header::CONTENT_TYPE, ct), (header::CACHE_CONTROL, cache)], body).into_response())
}

/// `cached` for a download: the same answer with its file name.
pub(crate) async fn cached_file<F, Fut>(
    st: &AppState,
    v: &Viewer,
    key: String,
    filename: &str,
    make: F,
) -> Result<Response, WebError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(&'static str, Vec<u8>), WebError>>,
{
    let mut r = cached(st, v, key, make).await?;
    let disposition = format!("attachment; filename=\"{filename}\"");
    r.headers_mut().insert(header::CONTENT_DISPOSITION, disposition.parse().map_err(WebError::internal)?);
    Ok(r)
}

/// The institution a public page is about, or a 404 page.
pub(crate) async fn institution(
    st: &AppState,
    id: i64,
    lang: swadaya_domain::Lang,
) -> Result<swadaya_core::app::registers::institutions::Institution, WebError> {
    swadaya_core::app::transparency::institution(&st.db, id).await.map_err(|e| WebError::from_app(e, lang))
}
