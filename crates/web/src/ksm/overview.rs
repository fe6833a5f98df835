//! The facilitator's view across every KSM they can see: graduation status, attendance this month
//! against the month before, and groups that missed meetings, each drillable to its sheets.

use crate::error::WebError;
use crate::layout;
use crate::session::Session;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;
use swadaya_core::app::ksm::{assessment, records};
use swadaya_domain::graduation::Key;

/// How many groups one page assesses; a district with more filters by institution.
const LIMIT: usize = 300;

struct Row {
    institution: String,
    institution_id: i64,
    ksm: String,
    ksm_id: i64,
    members: usize,
    last_meeting: Option<String>,
    graduated: bool,
    attendance_now: Option<(i64, i64)>,
    attendance_before: Option<(i64, i64)>,
    missed: bool,
}

fn pct(v: Option<(i64, i64)>) -> Option<i64> {
    v.filter(|(_, d)| *d > 0).map(|(n, d)| 100 * n / d)
}

pub async fn page(State(st): State<AppState>, s: Session) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (institutions, _) = swadaya_core::app::registers::institutions::list(&st.db, &s.ctx, None, 10_000, 0)
        .await
        .map_err(|e| WebError::from_app(e, lang))?;
    let today = chrono::Local::now().date_naive();
    let rules = swadaya_domain::graduation::GraduationRules::default();
    let mut rows = Vec::new();
    'outer: for inst in &institutions {
        for g in swadaya_core::app::ksm::list(&st.db, &s.ctx, inst.id).await.map_err(|e| WebError::from_app(e, lang))? {
            if rows.len() >= LIMIT {
                break 'outer;
            }
            let a =
                assessment::graduation(&st.db, &s.ctx, inst.id, g.id, today).await.map_err(|e| WebError::from_app(e, lang))?;
            let before = assessment::graduation(&st.db, &s.ctx, inst.id, g.id, today - chrono::Duration::days(rules.window_days))
                .await
                .map_err(|e| WebError::from_app(e, lang))?;
            let att = |a: &swadaya_domain::graduation::Assessment| {
                a.criteria.iter().find(|c| c.key == Key::Attendance).map(|c| (c.numerator, c.denominator))
            };
            let members = records::members(&st.db, &s.ctx, inst.id, g.id).await.map_err(|e| WebError::from_app(e, lang))?;
            let meetings = records::meetings(&st.db, &s.ctx, inst.id, g.id).await.map_err(|e| WebError::from_app(e, lang))?;
            let last = meetings.iter().map(|m| m.held_on.clone()).max();
            let gap_days = match g.data.rhythm.as_str() {
                "mingguan" => 10,
                "dua_mingguan" => 17,
                _ => 35,
            };
            let missed = match last.as_deref().and_then(swadaya_domain::dates::parse_date) {
                Some(d) => (today - d).num_days() > gap_days,
                None => (today - swadaya_domain::dates::parse_date(&g.data.formed_on).unwrap_or(today)).num_days() > gap_days,
            };
            rows.push(Row {
                institution: inst.name.clone(),
                institution_id: inst.id,
                ksm: g.data.name.clone(),
                ksm_id: g.id,
                members: members.iter().filter(|m| m.left_on.is_none()).count(),
                last_meeting: last,
                graduated: a.passes(),
                attendance_now: att(&a),
                attendance_before: att(&before),
                missed,
            });
        }
    }
    let graduated = rows.iter().filter(|r| r.graduated).count();
    let falling = |r: &Row| matches!((pct(r.attendance_now), pct(r.attendance_before)), (Some(n), Some(b)) if n < b);
    let attention: Vec<&Row> = rows.iter().filter(|r| r.missed || falling(r)).collect();
    let table = |list: &[&Row]| {
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
                        @if falling(r) { " ↓" } }
                    td.num data-label=(lang.pick("Sebelumnya", "Before")) { (pct(r.attendance_before).map(|p| format!("{p} %")).unwrap_or_else(|| "–".into())) }
                    td data-label=(lang.pick("Lulus", "Graduated")) { @if r.graduated { "✔" } @else { "–" }
                        " " a href={"/i/" (r.institution_id) "/ksm/" (r.ksm_id) "/assessment"} { (lang.pick("bukti", "evidence")) } }
                } } }
            } }
        }
    };
    let all: Vec<&Row> = rows.iter().collect();
    let body = html! {
        h1 { (lang.pick("KSM di wilayah Anda", "KSM groups in your area")) }
        p { (rows.len()) " KSM · " (graduated) " " (lang.pick("lulus sebagai KSM percontohan", "graduated as model KSM")) " · "
            (attention.len()) " " (lang.pick("perlu perhatian", "need attention")) }
        @if rows.len() >= LIMIT { p.warn { (lang.pick("Hanya 300 KSM pertama yang dinilai; buka lembaga untuk melihat sisanya.", "Only the first 300 groups are assessed; open an institution for the rest.")) } }
        h2 { (lang.pick("Perlu perhatian: pertemuan terlewat atau kehadiran menurun", "Needs attention: missed meetings or falling attendance")) }
        @if attention.is_empty() { p.muted { (lang.pick("Tidak ada.", "None.")) } } @else { (table(&attention)) }
        h2 { (lang.pick("Semua KSM", "All groups")) }
        (table(&all))
    };
    Ok(layout::page(lang, Some(&s), "KSM", body).into_response())
}
