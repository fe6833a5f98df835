//! The budget as a citizen reads it: no login, cacheable, printable, and downloadable.

use super::{poster_of, table, year_body};
use crate::error::WebError;
use crate::layout;
use crate::public::institution;
use crate::session::Viewer;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_core::app::apbdes as svc;
use swadaya_core::app::AppError;
use swadaya_core::reports::{self, poster};

pub async fn latest(State(st): State<AppState>, v: Viewer, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = v.lang;
    let inst = institution(&st, id, lang).await?;
    let years = svc::years(&st.db, id).await.map_err(|e| WebError::from_app(e, lang))?;
    if let Some(y) = years.first() {
        return Ok(Redirect::to(&format!("/p/{id}/apbdes/{y}")).into_response());
    }
    let title = format!("APBDes · {}", inst.name);
    Ok(layout::page(
        lang,
        v.session.as_ref(),
        &title,
        html! {
            p.muted { a href={"/p/" (id)} { "← " (inst.name) } }
            h1 { "APBDes" }
            p { (lang.pick("Lembaga ini belum mengumumkan APBDes.", "This institution has not published a village budget yet.")) }
        },
    )
    .into_response())
}

/// Visitors' copies may be cached; a logged-in page carries the user's menu and form token.
fn public_cache(v: &Viewer, mut r: Response) -> Response {
    let value = if v.session.is_some() { "private, no-store" } else { "public, max-age=300" };
    r.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static(value));
    r
}

pub async fn year(State(st): State<AppState>, v: Viewer, Path((id, year)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = v.lang;
    let inst = institution(&st, id, lang).await?;
    let Some(view) = svc::year_view(&st.db, id, year).await.map_err(|e| WebError::from_app(e, lang))? else {
        return Err(WebError::from_app(AppError::NotFound, lang));
    };
    let years = svc::years(&st.db, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let title = format!("APBDes {} {}", super::owner(&inst), year);
    let body = html! {
        p.muted { a href={"/p/" (id)} { "← " (inst.name) } }
        h1 { (title) }
        @if years.len() > 1 { p.filters { @for y in &years { a.chip.on[*y == year] href={"/p/" (id) "/apbdes/" (y)} { (y) } " " } } }
        (year_body(&view, lang))
        h2 { (lang.pick("Unduh", "Download")) }
        p.actions {
            a.button href={"/p/" (id) "/apbdes/" (year) "/poster-a3.pdf"} { (lang.pick("Poster A3 (PDF)", "A3 poster (PDF)")) }
            a.button.secondary href={"/p/" (id) "/apbdes/" (year) "/poster-a1.pdf"} { (lang.pick("Poster A1", "A1 poster")) }
            a.button.secondary href={"/p/" (id) "/apbdes/" (year) "/data.csv"} { "CSV" }
            a.button.secondary href={"/p/" (id) "/apbdes/" (year) "/data.xlsx"} { "Excel" }
            a.button.secondary href={"/p/" (id) "/apbdes/" (year) "/data.json"} { "JSON" }
        }
        @if view.versions.len() > 1 {
            h2 { (lang.pick("Riwayat versi", "Versions")) }
            ul { @for x in &view.versions { li { (svc::kind_label(&x.kind, lang)) " · " (x.title) " · " (layout::date(lang, &x.as_of)) } } }
        }
    };
    Ok(public_cache(&v, layout::page(lang, v.session.as_ref(), &title, body).into_response()))
}

pub async fn download(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, year, file)): Path<(i64, i64, String)>,
) -> Result<Response, WebError> {
    let lang = v.lang;
    let inst = institution(&st, id, lang).await?;
    let Some(view) = svc::year_view(&st.db, id, year).await.map_err(|e| WebError::from_app(e, lang))? else {
        return Err(WebError::from_app(AppError::NotFound, lang));
    };
    let base = format!("apbdes-{id}-{year}");
    let resp = match file.as_str() {
        "data.csv" => crate::download::file(
            reports::csv(&table(&view, lang, &super::owner(&inst))).map_err(WebError::internal)?,
            "text/csv; charset=utf-8",
            &format!("{base}.csv"),
        ),
        "data.xlsx" => crate::download::file(
            reports::xlsx(&table(&view, lang, &super::owner(&inst))).map_err(WebError::internal)?,
            reports::XLSX_TYPE,
            &format!("{base}.xlsx"),
        ),
        "data.json" => {
            let t = table(&view, lang, &super::owner(&inst));
            let s = &view.summary;
            let body = serde_json::json!({
                "institution": inst.name, "owner": super::owner(&inst), "year": year, "version": view.version,
                "totals": {
                    "revenue": {"budget": s.get(swadaya_domain::apbdes::Section::Revenue).budget, "realised": s.get(swadaya_domain::apbdes::Section::Revenue).realised},
                    "spending": {"budget": s.get(swadaya_domain::apbdes::Section::Spending).budget, "realised": s.get(swadaya_domain::apbdes::Section::Spending).realised},
                    "net_financing": {"budget": s.net_financing().budget, "realised": s.net_financing().realised},
                    "balance": {"budget": s.balance().budget, "realised": s.balance().realised},
                },
                "lines": t.rows.iter().map(|r| serde_json::json!({
                    "section": r[0], "code": r[1], "name": r[2], "budget": r[3].parse::<i64>().unwrap_or(0),
                    "realised": r[4].parse::<i64>().unwrap_or(0), "original_budget": r[5].parse::<i64>().ok(), "depth": r[6].parse::<i64>().unwrap_or(0),
                })).collect::<Vec<_>>(),
            });
            ([(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
        }
        "poster-a3.pdf" | "poster-a1.pdf" => {
            let size = if file == "poster-a1.pdf" { poster::Size::A1 } else { poster::Size::A3 };
            let path = swadaya_core::app::transparency::place(&st.db, &inst.region_code)
                .await
                .map_err(|e| WebError::from_app(e, lang))?;
            let place: Vec<String> =
                path.iter().rev().map(|r| swadaya_domain::region::qualified_name(&r.code, &r.name)).collect();
            let pdf = poster::render(&poster_of(&view, lang, &super::owner(&inst), &place.join(", ")), size)
                .map_err(WebError::internal)?;
            crate::download::file(pdf, "application/pdf", &format!("{base}-{}", file))
        }
        _ => return Err(WebError::from_app(AppError::NotFound, lang)),
    };
    Ok(public_cache(&v, resp))
}
