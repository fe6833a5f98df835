//! What any citizen may read without logging in: the institutions and, per institution, its
//! current officers and cadres with their decree numbers (like seed 004's KPMD table). No NIK,
//! phone, address or birth date ever appears here.

use super::error::WebError;
use super::layout;
use super::registers::{page_number, PER_PAGE};
use super::session::Viewer;
use super::AppState;
use crate::app::registers::institutions::kind_label;
use crate::store;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::html;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new().route("/p", get(index)).route("/p/{id}", get(board))
}

async fn index(State(st): State<AppState>, v: Viewer, Query(q): Query<HashMap<String, String>>) -> Result<Response, WebError> {
    let lang = v.lang;
    let page = page_number(q.get("page").map(String::as_str));
    let search = q.get("q").map(|s| s.trim()).filter(|s| !s.is_empty());
    let (rows, total) = store::registers::list_institutions(&st.db, None, search, PER_PAGE, (page - 1) * PER_PAGE)
        .await
        .map_err(WebError::internal)?;
    let title = lang.pick("Papan informasi lembaga", "Institution notice boards");
    Ok(layout::page(lang, v.session.as_ref(), title, html! {
        h1 { (title) }
        p { (lang.pick("Setiap warga berhak melihat siapa pengurus lembaga dan apa yang mereka kerjakan.", "Every citizen may see who runs each institution and what it does.")) }
        form.search method="get" action="/p" {
            input type="search" name="q" value=(search.unwrap_or("")) placeholder=(lang.pick("Cari lembaga atau desa", "Search institution or village")) aria-label=(lang.pick("Cari", "Search"));
            button type="submit" { (lang.pick("Cari", "Search")) }
        }
        @for i in &rows {
            div.card { a href={"/p/" (i.id)} { strong { (i.name) } } br; span.muted { (kind_label(&i.kind, lang)) " · " (swadaya_domain::region::qualified_name(&i.region_code, &i.region_name)) } }
        }
        (layout::pager(lang, "/p", &[("q", search.unwrap_or(""))], page, PER_PAGE, total))
    })
    .into_response())
}

async fn board(State(st): State<AppState>, v: Viewer, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = v.lang;
    let Some(inst) = store::registers::get_institution(&st.db, id).await.map_err(WebError::internal)? else {
        return Err(WebError::from_app(crate::app::AppError::NotFound, lang));
    };
    let today = chrono::Local::now().date_naive().to_string();
    let officers = store::registers::current_positions(&st.db, id, &today).await.map_err(WebError::internal)?;
    let units = store::registers::list_units(&st.db, id).await.map_err(WebError::internal)?;
    let path = store::registers::region_path(&st.db, &inst.region_code).await.map_err(WebError::internal)?;
    let place: Vec<String> = path.iter().rev().map(|r| swadaya_domain::region::qualified_name(&r.code, &r.name)).collect();
    let apbdes_years = crate::app::apbdes::years(&st.db, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let stats = crate::app::complaints::stats::of(&st.db, id, None).await.map_err(|e| WebError::from_app(e, lang))?;
    let body = html! {
        h1 { (inst.name) }
        p.muted { (kind_label(&inst.kind, lang)) " · " (place.join(", ")) }
        @if let Some(l) = &inst.legal_basis { p { (lang.pick("Dasar hukum: ", "Legal basis: ")) (l) } }
        h2 { (lang.pick("Struktur pengurus dan kader", "Officers and cadres")) }
        @if officers.is_empty() { p.muted { (lang.pick("Belum ada pengurus tercatat.", "No officers recorded yet.")) } }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Nama lengkap", "Full name")) } th { (lang.pick("Jabatan", "Position")) } th { (lang.pick("Pendidikan", "Education")) } th { (lang.pick("No. SK", "Decree no.")) } } }
            tbody { @for o in &officers { tr {
                td data-label=(lang.pick("Nama lengkap", "Full name")) { (o.person_name) }
                td data-label=(lang.pick("Jabatan", "Position")) { (o.title) @if let Some(u) = &o.unit_name { br; span.muted { (u) } } }
                td data-label=(lang.pick("Pendidikan", "Education")) { (o.education.as_deref().unwrap_or("–")) }
                td data-label=(lang.pick("No. SK", "Decree no.")) { (o.decree_no.as_deref().unwrap_or("–")) }
            } } }
        } }
        @if !units.is_empty() {
            h2 { (lang.pick("Unit dan tugasnya", "Units and their duties")) }
            @for u in &units { details.card { summary { (u.name) } @if let Some(d) = &u.duties { p { (d) } } } }
        }
        @if let Some(y) = apbdes_years.first() {
            h2 { "APBDes" }
            p { a.button href={"/p/" (id) "/apbdes/" (y)} { (lang.pick("APBDes tahun ", "Village budget ")) (y) } }
        }
        h2 { (lang.pick("Pengaduan masyarakat", "Complaints")) }
        (complaint_stats(lang, &stats))
        p.actions {
            a.button href={"/p/" (id) "/pengaduan"} { (lang.pick("Sampaikan pengaduan", "File a complaint")) }
            a.button.secondary href="/lacak" { (lang.pick("Lacak pengaduan", "Track a complaint")) }
        }
        p.muted { (lang.pick("Keadaan per ", "As of ")) (layout::date(lang, &today)) ". "
            a href={"/api/v1/public/institutions/" (id) "/register"} { (lang.pick("Data terbuka (JSON)", "Open data (JSON)")) } }
    };
    let mut resp = layout::page(lang, v.session.as_ref(), &inst.name, body).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("public, max-age=60"));
    Ok(resp)
}

/// Counts and speed only: who complained and what they wrote stay with the unit.
fn complaint_stats(lang: swadaya_domain::Lang, s: &crate::app::complaints::stats::Stats) -> maud::Markup {
    use crate::web::complaints::category_label;
    html! {
        @if s.received == 0 { p.muted { (lang.pick("Belum ada pengaduan tercatat.", "No complaints recorded yet.")) } }
        @else {
            div.card { dl.facts {
                dt { (lang.pick("Diterima", "Received")) } dd { (s.received) }
                dt { (lang.pick("Dijawab / selesai", "Answered / resolved")) } dd { (s.resolved) }
                dt { (lang.pick("Sedang ditangani", "Being handled")) } dd { (s.open) }
                dt { (lang.pick("Diteruskan ke jenjang atas", "Escalated")) } dd { (s.escalated) }
                dt { (lang.pick("Ditolak (bukan kewenangan)", "Rejected (not our authority)")) } dd { (s.rejected) }
                dt { (lang.pick("Median hari sampai dijawab", "Median days to answer")) }
                dd { @match s.median_days_to_answer { Some(d) => { (d) " " (lang.pick("hari", "days")) } None => { "–" } } }
            } }
            div.table-wrap { table {
                thead { tr { th { (lang.pick("Kategori", "Category")) } th.num { (lang.pick("Jumlah", "Count")) } } }
                tbody { @for (c, n) in &s.by_category { tr { td { (category_label(c, lang)) } td.num { (n) } } } }
            } }
        }
    }
}
