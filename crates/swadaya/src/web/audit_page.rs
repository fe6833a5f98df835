//! The audit log page: who did what to which record, filterable, for admins and auditors.

use super::error::WebError;
use super::layout;
use super::registers::page_number;
use super::session::Session;
use super::AppState;
use crate::app;
use crate::store::audit::AuditFilter;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::html;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new().route("/audit", get(page))
}

const PER_PAGE: i64 = 50;

async fn page(State(st): State<AppState>, s: Session, Query(q): Query<HashMap<String, String>>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let get = |k: &str| q.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let date_ok = |v: Option<String>| v.filter(|d| swadaya_domain::dates::parse_date(d).is_some());
    let from = date_ok(get("from"));
    let to = date_ok(get("to"));
    let filter = AuditFilter {
        institutions: get("institution").and_then(|i| i.parse().ok()).map(|i| vec![i]),
        actor: get("actor"),
        entity: get("entity"),
        entity_id: get("entity_id"),
        from: from.clone(),
        // "to" is inclusive of the whole day.
        to: to.as_deref().and_then(swadaya_domain::dates::parse_date).and_then(|d| d.succ_opt()).map(|d| d.to_string()),
    };
    let page = page_number(q.get("page").map(String::as_str));
    let (rows, total) = app::audit::list(&st.db, &s.ctx, filter, PER_PAGE, (page - 1) * PER_PAGE)
        .await
        .map_err(|e| WebError::from_app(e, lang))?;
    let v = |k: &str| get(k).unwrap_or_default();
    let params = [
        ("actor", v("actor")),
        ("entity", v("entity")),
        ("entity_id", v("entity_id")),
        ("from", v("from")),
        ("to", v("to")),
        ("institution", v("institution")),
    ];
    let params_ref: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let body = html! {
        h1 { (lang.pick("Jejak audit", "Audit log")) }
        p.muted { (lang.pick("Setiap perubahan tercatat dan dirantai dengan hash; `swadaya audit verify` membuktikan tidak ada yang diubah atau dihapus.",
                             "Every change is recorded and hash-chained; `swadaya audit verify` proves nothing was edited or deleted.")) }
        form.search method="get" action="/audit" {
            input name="actor" value=(v("actor")) placeholder=(lang.pick("Pengguna", "User")) aria-label=(lang.pick("Pengguna", "User"));
            input name="entity" value=(v("entity")) placeholder=(lang.pick("Jenis data (person, institution, ...)", "Record kind (person, institution, ...)")) aria-label=(lang.pick("Jenis data", "Record kind"));
            input name="entity_id" value=(v("entity_id")) placeholder="ID" aria-label="ID";
            input type="date" name="from" value=(v("from")) aria-label=(lang.pick("Dari tanggal", "From"));
            input type="date" name="to" value=(v("to")) aria-label=(lang.pick("Sampai tanggal", "To"));
            button type="submit" { (lang.pick("Saring", "Filter")) }
        }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Waktu (UTC)", "Time (UTC)")) } th { (lang.pick("Pengguna", "User")) } th { (lang.pick("Tindakan", "Action")) } th { (lang.pick("Data", "Record")) } th { (lang.pick("Sebelum → sesudah", "Before → after")) } } }
            tbody { @for r in &rows { tr {
                td data-label=(lang.pick("Waktu", "Time")) { (r.at.replace('T', " ").trim_end_matches('Z')) }
                td data-label=(lang.pick("Pengguna", "User")) { (r.actor) br; span.muted { (r.source) } }
                td data-label=(lang.pick("Tindakan", "Action")) { (r.action) }
                td data-label=(lang.pick("Data", "Record")) { (r.entity) " #" (r.entity_id) }
                td data-label=(lang.pick("Perubahan", "Change")) { @if !r.before.is_empty() { code { (r.before) } " → " } code { (r.after) } }
            } } }
        } }
        (layout::pager(lang, "/audit", &params_ref, page, PER_PAGE, total))
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Jejak audit", "Audit log"), body).into_response())
}
