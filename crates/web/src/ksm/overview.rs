//! The facilitator's view across every KSM they can see: graduation status, attendance this month
//! against the month before, and groups that missed meetings, each drillable to its sheets.

use crate::error::WebError;
use crate::layout;
use crate::session::Session;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;
use swadaya_core::app::ksm::overview::{self, GroupStatus};

fn pct(v: Option<overview::Attendance>) -> Option<i64> {
    v.and_then(|a| a.percent())
}

pub async fn page(State(st): State<AppState>, s: Session) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let today = chrono::Local::now().date_naive();
    let found = overview::groups(&st.db, &s.ctx, today).await.map_err(|e| WebError::from_app(e, lang))?;
    let rows = found.groups;
    let graduated = rows.iter().filter(|r| r.graduated).count();
    let attention: Vec<&GroupStatus> = rows.iter().filter(|r| r.missed || r.falling()).collect();
    let table = |list: &[&GroupStatus]| {
        html! {
            div.table-wrap { table.cards {
                thead { tr { th { "KSM" } th { (lang.pick("Lembaga", "Institution")) } th.num { (lang.pick("Anggota", "Members")) } th { (lang.pick("Pertemuan terakhir", "Last meeting")) }
                    th.num { (lang.pick("Kehadiran 4 mgg", "Attendance 4 wks")) } th.num { (lang.pick("4 mgg sebelumnya", "4 wks before")) } th { (lang.pick("Lulus", "Graduated")) } } }
                tbody { @for r in list { tr {
                    td data-label="KSM" { a href={"/i/" (r.institution_id) "/ksm/" (r.ksm_id)} { (r.ksm) } }
                    td data-label=(lang.pick("Lembaga", "Institution")) { (r.institution) }
                    td.num data-label=(lang.pick("Anggota", "Members")) { (r.members) }
                    td data-label=(lang.pick("Terakhir", "Last")) { (r.last_meeting.as_deref().map(|d| layout::date(lang, d)).unwrap_or_else(|| "–".into()))
                        @if r.missed { " " span.badge { (lang.pick("terlewat", "missed")) } } }
                    td.num data-label=(lang.pick("Kehadiran", "Attendance")) { (pct(r.attendance_now).map(|p| format!("{p} %")).unwrap_or_else(|| "–".into()))
                        @if r.falling() { " ↓" } }
                    td.num data-label=(lang.pick("Sebelumnya", "Before")) { (pct(r.attendance_before).map(|p| format!("{p} %")).unwrap_or_else(|| "–".into())) }
                    td data-label=(lang.pick("Lulus", "Graduated")) { @if r.graduated { "✔" } @else { "–" }
                        " " a href={"/i/" (r.institution_id) "/ksm/" (r.ksm_id) "/assessment"} { (lang.pick("bukti", "evidence")) } }
                } } }
            } }
        }
    };
    let all: Vec<&GroupStatus> = rows.iter().collect();
    let body = html! {
        h1 { (lang.pick("KSM di wilayah Anda", "KSM groups in your area")) }
        p { (rows.len()) " KSM · " (graduated) " " (lang.pick("lulus sebagai KSM percontohan", "graduated as model KSM")) " · "
            (attention.len()) " " (lang.pick("perlu perhatian", "need attention")) }
        @if found.total > rows.len() { p.warn { (lang.pick("Hanya 300 KSM pertama yang dinilai; buka lembaga untuk melihat sisanya.", "Only the first 300 groups are assessed; open an institution for the rest.")) } }
        h2 { (lang.pick("Perlu perhatian: pertemuan terlewat atau kehadiran menurun", "Needs attention: missed meetings or falling attendance")) }
        @if attention.is_empty() { p.muted { (lang.pick("Tidak ada.", "None.")) } } @else { (table(&attention)) }
        h2 { (lang.pick("Semua KSM", "All groups")) }
        (table(&all))
    };
    Ok(layout::page(lang, Some(&s), "KSM", body).into_response())
}
