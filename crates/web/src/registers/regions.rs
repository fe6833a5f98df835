//! The region tree for system administrators: browse, search, import the official list.

use super::{page_number, PER_PAGE};
use crate::error::WebError;
use crate::form::FormData;
use crate::layout::{self, csrf_field};
use crate::session::Session;
use crate::upload::Files;
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use swadaya_core::app::registers::regions;
use swadaya_domain::region::Level;

async fn render(st: &AppState, s: &Session, q: &HashMap<String, String>, notice: Option<Markup>) -> Result<Markup, WebError> {
    let lang = s.ctx.lang;
    let parent = q.get("parent").map(String::as_str).filter(|p| !p.is_empty());
    let search = q.get("q").map(|x| x.trim()).filter(|x| !x.is_empty());
    let page = page_number(q.get("page").map(String::as_str));
    let err = |e| WebError::from_app(e, lang);
    let (rows, total) = regions::list(&st.db, parent, search, PER_PAGE, (page - 1) * PER_PAGE).await.map_err(err)?;
    let path = match parent {
        Some(p) => regions::path(&st.db, p).await.map_err(err)?,
        None => vec![],
    };
    Ok(layout::page(
        lang,
        Some(s),
        lang.pick("Wilayah", "Regions"),
        html! {
            h1 { (lang.pick("Wilayah (kode Kemendagri)", "Regions (Kemendagri codes)")) }
            @if let Some(n) = notice { (n) }
            form.search method="get" action="/regions" {
                input type="search" name="q" value=(search.unwrap_or("")) placeholder=(lang.pick("Cari nama atau kode", "Search name or code")) aria-label=(lang.pick("Cari", "Search"));
                button type="submit" { (lang.pick("Cari", "Search")) }
            }
            p.muted { a href="/regions" { "Indonesia" } @for r in &path { " › " a href={"/regions?parent=" (r.code)} { (r.name) } } }
            div.table-wrap { table {
                thead { tr { th { (lang.pick("Kode", "Code")) } th { (lang.pick("Nama", "Name")) } th { (lang.pick("Tingkat", "Level")) } } }
                tbody { @for r in &rows { tr {
                    td { (r.code) } td { a href={"/regions?parent=" (r.code)} { (r.name) } }
                    td { (Level::from_depth(r.level as usize).map(|l| l.label(lang)).unwrap_or("")) }
                } } }
            } }
            (layout::no_match(lang, search.unwrap_or(""), total, lang.pick("wilayah", "regions"), "/regions"))
            (layout::pager(lang, "/regions", &[("parent", parent.unwrap_or("")), ("q", search.unwrap_or(""))], page, PER_PAGE, total))
            h2 { (lang.pick("Impor daftar wilayah resmi (CSV)", "Import the official region list (CSV)")) }
            p.muted { (lang.pick("Kolom: code,name — contoh: 35.19.09.2014,Bibrik. Induk harus ada di berkas atau sudah tersimpan. Bila ada baris salah, tidak ada yang disimpan.",
                                 "Columns: code,name — e.g. 35.19.09.2014,Bibrik. Parents must be in the file or already stored. If any row is wrong, nothing is saved.")) }
            form.stack.card method="post" action="/regions/import" enctype="multipart/form-data" {
                (csrf_field(&s.csrf))
                input type="file" name="file" accept=".csv" required aria-label="CSV";
                button type="submit" { (lang.pick("Impor", "Import")) }
            }
        },
    ))
}

pub async fn list(
    State(st): State<AppState>,
    s: Session,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    s.ctx.require_system().map_err(|e| WebError::from_app(e, s.ctx.lang))?;
    Ok(render(&st, &s, &q, None).await?.into_response())
}

pub async fn import(State(st): State<AppState>, s: Session, Files(mut mp): Files) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    // Refused before the upload is read: a file is no business of someone who may not post it.
    s.ctx.require_system().map_err(|e| WebError::from_app(e, lang))?;
    let bad = |_| {
        WebError::bad_request(
            lang,
            lang.pick("Unggahan tidak terbaca atau lebih dari 5 MB.", "The upload could not be read or is over 5 MB."),
        )
    };
    let (mut csrf, mut data) = (String::new(), Vec::new());
    while let Some(f) = mp.next_field().await.map_err(bad)? {
        match f.name().unwrap_or("") {
            "_csrf" => csrf = f.text().await.map_err(bad)?,
            "file" => data = f.bytes().await.map_err(bad)?.to_vec(),
            _ => {}
        }
    }
    FormData([("_csrf".to_string(), csrf)].into_iter().collect()).check_csrf(&s.csrf, lang)?;
    let text = String::from_utf8(data)
        .map_err(|_| WebError::bad_request(lang, lang.pick("Berkas CSV harus UTF-8.", "The CSV file must be UTF-8.")))?;
    let result = regions::import(&st.db, Some(&s.ctx), &text).await.map_err(|e| WebError::from_app(e, lang))?;
    let (status, notice) = match result {
        Ok(n) => {
            (StatusCode::OK, html! { p.flash role="status" { (n) " " (lang.pick("wilayah tersimpan.", "regions saved.")) } })
        }
        Err(rows) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            html! {
                div.warn role="alert" { p { strong { (lang.pick("Tidak ada yang disimpan. Perbaiki baris berikut:", "Nothing saved. Fix these lines:")) } }
                    ul { @for r in rows.iter().take(200) { li { (lang.pick("Baris ", "Line ")) (r.line) ": " (r.message) } } } }
            },
        ),
    };
    Ok((status, render(&st, &s, &HashMap::new(), Some(notice)).await?).into_response())
}
