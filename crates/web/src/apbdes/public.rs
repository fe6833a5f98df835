//! The budget as a citizen reads it: no login, cacheable, printable, and downloadable.

use super::{poster_of, table, year_body};
use crate::error::WebError;
use crate::layout;
use crate::public::{cached, cached_file, institution};
use crate::session::Viewer;
use crate::AppState;
use axum::extract::{Path, State};
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

pub async fn year(State(st): State<AppState>, v: Viewer, Path((id, year)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let (st2, lang, session) = (st.clone(), v.lang, v.session.as_ref());
    cached(&st, &v, format!("apbdes:{id}:{year}"), || async move {
        let inst = institution(&st2, id, lang).await?;
        let view = year_of(&st2, id, year, lang).await?;
        let years = svc::years(&st2.db, id).await.map_err(|e| WebError::from_app(e, lang))?;
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
        let page = layout::page(lang, session, &title, body);
        Ok(("text/html; charset=utf-8", page.into_string().into_bytes()))
    })
    .await
}

/// The year's budget as published, or a 404 page.
async fn year_of(st: &AppState, id: i64, year: i64, lang: swadaya_domain::Lang) -> Result<svc::YearView, WebError> {
    svc::year_view(&st.db, id, year)
        .await
        .map_err(|e| WebError::from_app(e, lang))?
        .ok_or_else(|| WebError::from_app(AppError::NotFound, lang))
}

/// The year's budget as a file a citizen downloads: the posters, CSV, Excel and JSON. Each is
/// kept a minute for visitors like the page, so a village that shares the link at once costs
/// one rendering.
pub async fn download(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, year, file)): Path<(i64, i64, String)>,
) -> Result<Response, WebError> {
    let lang = v.lang;
    // Each file with its type and the name it is saved under (JSON opens in the browser).
    let (content_type, filename) = match file.as_str() {
        "data.csv" => ("text/csv; charset=utf-8", Some(format!("apbdes-{id}-{year}.csv"))),
        "data.xlsx" => (reports::XLSX_TYPE, Some(format!("apbdes-{id}-{year}.xlsx"))),
        "data.json" => ("application/json", None),
        "poster-a3.pdf" | "poster-a1.pdf" => ("application/pdf", Some(format!("apbdes-{id}-{year}-{file}"))),
        _ => return Err(WebError::from_app(AppError::NotFound, lang)),
    };
    let st2 = st.clone();
    let key = format!("apbdes:{id}:{year}:{file}");
    let make = || async move {
        let bytes = render_file(&st2, id, year, &file, lang).await?;
        Ok((content_type, bytes))
    };
    match filename {
        Some(name) => cached_file(&st, &v, key, &name, make).await,
        None => cached(&st, &v, key, make).await,
    }
}

async fn render_file(st: &AppState, id: i64, year: i64, file: &str, lang: swadaya_domain::Lang) -> Result<Vec<u8>, WebError> {
    let inst = institution(st, id, lang).await?;
    let view = year_of(st, id, year, lang).await?;
    let owner = super::owner(&inst);
    Ok(match file {
        "data.csv" => reports::csv(&table(&view, lang, &owner)).map_err(WebError::internal)?,
        "data.xlsx" => reports::xlsx(&table(&view, lang, &owner)).map_err(WebError::internal)?,
        "data.json" => {
            let t = table(&view, lang, &owner);
            let s = &view.summary;
            let body = serde_json::json!({
                "institution": inst.name, "owner": owner, "year": year, "version": view.version,
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
            body.to_string().into_bytes()
        }
        _ => {
            let size = if file == "poster-a1.pdf" { poster::Size::A1 } else { poster::Size::A3 };
            let path = swadaya_core::app::transparency::place(&st.db, &inst.region_code)
                .await
                .map_err(|e| WebError::from_app(e, lang))?;
            let place: Vec<String> =
                path.iter().rev().map(|r| swadaya_domain::region::qualified_name(&r.code, &r.name)).collect();
            poster::render(&poster_of(&view, lang, &owner, &place.join(", ")), size).map_err(WebError::internal)?
        }
    })
}
