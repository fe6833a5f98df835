//! The audit log page: who did what to which record, filterable, for admins and auditors.

use super::error::WebError;
use super::layout;
use super::registers::page_number;
use super::session::Session;
use super::AppState;
use crate::download::file as download;
use crate::routes::Routes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::html;
use std::collections::HashMap;
use swadaya_core::app;
use swadaya_core::app::audit::AuditFilter;
use swadaya_core::reports::{self, Table};
use swadaya_domain::text;

pub fn routes() -> Routes {
    Routes::new()
        .route("/audit", get(page))
        .route("/audit/export.csv", get(export_csv))
        .route("/audit/export.xlsx", get(export_xlsx))
}

const PER_PAGE: i64 = 25;

/// Characters of a record's before/after shown in the list; the downloads hold it whole.
const SHOWN: usize = 600;

/// The filter from the query string; unreadable dates are ignored rather than refused.
fn filter_of(q: &HashMap<String, String>) -> AuditFilter {
    let get = |k: &str| q.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let date = |k: &str| get(k).as_deref().and_then(swadaya_domain::dates::parse_date);
    AuditFilter {
        institutions: get("institution").and_then(|i| i.parse().ok()).map(|i| vec![i]),
        actor: get("actor"),
        entity: get("entity"),
        entity_id: get("entity_id"),
        from: date("from").map(|d| d.to_string()),
        // "to" is inclusive of the whole day.
        to: date("to").and_then(|d| d.succ_opt()).map(|d| d.to_string()),
    }
}

async fn export_table(st: &AppState, s: &Session, q: &HashMap<String, String>) -> Result<Table, WebError> {
    let (rows, _) =
        app::audit::list(&st.db, &s.ctx, filter_of(q), 100_000, 0).await.map_err(|e| WebError::from_app(e, s.ctx.lang))?;
    Ok(Table {
        numeric: Vec::new(),
        title: "Jejak audit".into(),
        headers: ["chain", "seq", "at", "actor", "source", "action", "entity", "entity_id", "before", "after", "hash"]
            .map(String::from)
            .to_vec(),
        rows: rows
            .into_iter()
            .map(|r| {
                vec![
                    r.chain.to_string(),
                    r.seq.to_string(),
                    r.at,
                    r.actor,
                    r.source,
                    r.action,
                    r.entity,
                    r.entity_id,
                    r.before,
                    r.after,
                    r.hash,
                ]
            })
            .collect(),
    })
}

async fn export_csv(
    State(st): State<AppState>,
    s: Session,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let t = export_table(&st, &s, &q).await?;
    Ok(download(reports::csv(&t).map_err(WebError::internal)?, "text/csv; charset=utf-8", "jejak-audit.csv"))
}

async fn export_xlsx(
    State(st): State<AppState>,
    s: Session,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let t = export_table(&st, &s, &q).await?;
    Ok(download(reports::xlsx(&t).map_err(WebError::internal)?, reports::XLSX_TYPE, "jejak-audit.xlsx"))
}

async fn page(State(st): State<AppState>, s: Session, Query(q): Query<HashMap<String, String>>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let get = |k: &str| q.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let page = page_number(q.get("page").map(String::as_str));
    let (rows, total) = app::audit::list(&st.db, &s.ctx, filter_of(&q), PER_PAGE, (page - 1) * PER_PAGE)
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
            input name="entity" value=(v("entity")) placeholder=(lang.pick("Jenis data (person, position, user, ...)", "Record kind (person, position, user, ...)")) aria-label=(lang.pick("Jenis data", "Record kind"));
            input name="entity_id" value=(v("entity_id")) placeholder="ID" aria-label="ID";
            input type="date" name="from" value=(v("from")) aria-label=(lang.pick("Dari tanggal", "From"));
            input type="date" name="to" value=(v("to")) aria-label=(lang.pick("Sampai tanggal", "To"));
            button type="submit" { (lang.pick("Saring", "Filter")) }
        }
        @let qs = params.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", urlencoding::encode(v))).collect::<Vec<_>>().join("&");
        p.muted { (lang.pick("Perubahan yang panjang dipotong di daftar ini; unduhan memuatnya utuh.", "Long changes are cut short in this list; the downloads hold them whole.")) }
        div.actions {
            a.button.secondary href={"/audit/export.xlsx?" (qs)} { (lang.pick("Unduh xlsx", "Download xlsx")) }
            a.button.secondary href={"/audit/export.csv?" (qs)} { (lang.pick("Unduh CSV", "Download CSV")) }
        }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Waktu (UTC)", "Time (UTC)")) } th { (lang.pick("Pengguna", "User")) } th { (lang.pick("Tindakan", "Action")) } th { (lang.pick("Data", "Record")) } th { (lang.pick("Sebelum → sesudah", "Before → after")) } } }
            tbody { @for r in &rows { tr {
                td data-label=(lang.pick("Waktu", "Time")) { (r.at.replace('T', " ").trim_end_matches('Z')) }
                td data-label=(lang.pick("Pengguna", "User")) { (r.actor) br; span.muted { (r.source) } }
                td data-label=(lang.pick("Tindakan", "Action")) { (r.action) }
                td data-label=(lang.pick("Data", "Record")) { (r.entity) " #" (r.entity_id) }
                td data-label=(lang.pick("Perubahan", "Change")) { @if !r.before.is_empty() { code { (text::shortened(&r.before, SHOWN)) } " → " } code { (text::shortened(&r.after, SHOWN)) } }
            } } }
        } }
        (layout::pager(lang, "/audit", &params_ref, page, PER_PAGE, total))
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Jejak audit", "Audit log"), body).into_response())
}
