//! The pilot graduation assessment of a group: each criterion with its evidence, and the
//! eligibility checks for a loan.

use super::groups::app_err;
use crate::error::WebError;
use crate::layout;
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use std::collections::HashMap;
use swadaya_core::app::ksm::assessment as assess_svc;
use swadaya_core::app::ksm::records;
use swadaya_domain::graduation::Key;
use swadaya_domain::Lang;

fn criterion_label(k: Key, lang: Lang) -> &'static str {
    match k {
        Key::Rules => lang.pick("Memiliki lima aturan dasar tertulis", "All five basic rules written"),
        Key::Attendance => lang.pick("Kehadiran rata-rata pada pertemuan rutin", "Mean attendance at regular meetings"),
        Key::RoutineSavings => {
            lang.pick("Anggota yang menabung rutin (setiap pertemuan)", "Members saving routinely (every meeting)")
        }
        Key::Bookkeeping => lang.pick("Pembukuan tepat waktu", "Books on time"),
        Key::Agenda => lang.pick("Agenda pertemuan terpenuhi", "Meeting agenda met"),
    }
}

pub async fn assessment(
    State(st): State<AppState>,
    s: Session,
    Path((id, k)): Path<(i64, i64)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let g = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    let today = chrono::Local::now().date_naive();
    let to = q.get("to").and_then(|d| swadaya_domain::dates::parse_date(d)).filter(|d| *d <= today).unwrap_or(today);
    let a = assess_svc::graduation(&st.db, &s.ctx, id, k, to).await.map_err(app_err(lang))?;
    let checks = assess_svc::eligibility(&st.db, &s.ctx, id, k, today).await.map_err(app_err(lang))?;
    let confirmations = swadaya_core::app::ksm::checks::current(&st.db, id, k, swadaya_core::app::ksm::checks::ELIGIBILITY)
        .await
        .map_err(app_err(lang))?;
    // Evidence is shown as meeting dates (short, as the charts write them), linking to the sheets.
    let dates: HashMap<i64, String> =
        records::meetings(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?.into_iter().map(|m| (m.id, m.held_on)).collect();
    let short = |d: &str| format!("{}/{}", d.get(8..10).unwrap_or(""), d.get(5..7).unwrap_or(""));
    let meeting_links = |ids: &[i64]| html! { @for (i, m) in ids.iter().enumerate() { @if i > 0 { ", " } a href={"/i/" (id) "/ksm/" (k) "/meetings/" (m)} { (dates.get(m).map(|d| short(d)).unwrap_or_else(|| m.to_string())) } } };
    let body = html! {
        p.muted { a href={"/i/" (id) "/ksm/" (k)} { (g.data.name) } }
        h1 { (lang.pick("Penilaian KSM percontohan", "Pilot graduation assessment")) }
        form.search method="get" {
            label for="to" { (lang.pick("Sampai tanggal", "Up to")) }
            input id="to" type="date" name="to" value=(to.to_string());
            button type="submit" { (lang.pick("Hitung ulang", "Assess")) }
        }
        p { (lang.pick("Masa penilaian: ", "Window: ")) (swadaya_domain::dates::format_date(a.window_from, lang)) " – " (swadaya_domain::dates::format_date(a.window_to, lang)) }
        p.flash[a.passes()] .warn[!a.passes()] role="status" { strong { @if a.passes() { (lang.pick("LULUS sebagai KSM percontohan.", "PASSES as a model KSM.")) } @else { (lang.pick("Belum lulus.", "Does not pass yet.")) } } }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Kriteria", "Criterion")) } th.num { (lang.pick("Hasil ukur", "Value")) } th { (lang.pick("Syarat", "Threshold")) } th { (lang.pick("Hasil", "Result")) } th { (lang.pick("Bukti", "Evidence")) } } }
            tbody { @for c in &a.criteria { tr {
                td data-label=(lang.pick("Kriteria", "Criterion")) { (criterion_label(c.key, lang)) }
                td.num data-label=(lang.pick("Nilai", "Value")) { (c.percent(lang)) " (" (c.numerator) "/" (c.denominator) ")" }
                td data-label=(lang.pick("Syarat", "Threshold")) { @if c.strict { "> " } @else { "≥ " } (c.threshold_pct) " %" }
                td data-label=(lang.pick("Hasil", "Result")) { @if c.passes { "✔ " (lang.pick("memenuhi", "met")) } @else { "✘ " (lang.pick("belum", "not met")) } }
                td data-label=(lang.pick("Bukti", "Evidence")) {
                    @match c.key {
                        Key::Bookkeeping | Key::Agenda if !c.meetings.is_empty() => { (lang.pick("tidak memenuhi: ", "failing: ")) (meeting_links(&c.meetings)) }
                        Key::Rules => { a href={"/i/" (id) "/ksm/" (k) "#rules"} { (lang.pick("aturan main", "group rules")) } }
                        _ => { (meeting_links(&c.meetings)) }
                    }
                }
            } } }
        } }
        h2 { (lang.pick("Kelayakan pinjaman hari ini (yang dapat dibuktikan dari catatan)", "Loan eligibility today (what the records prove)")) }
        ul { @for c in &checks { li {
            @if c.passes { "✔ " } @else { "✘ " }
            (match c.key {
                "members" => lang.pick("Minimal 5 anggota aktif", "At least 5 active members"),
                "women" => lang.pick("Minimal 30 % perempuan", "At least 30 % women"),
                "savings_3_months" => lang.pick("Menabung 3 bulan berturut-turut", "Savings in 3 consecutive months"),
                _ => lang.pick("Lulus sebagai KSM percontohan", "Graduated as a model KSM"),
            })
            @if !c.measured.is_empty() { " — " (c.measured) }
        } } }
        h2 { (lang.pick("Konfirmasi petugas", "Officer's confirmations")) }
        ul.checklist { @for (key, id_label, en_label) in swadaya_domain::independence::ELIGIBILITY_CONFIRMATIONS { li {
            @let c = confirmations.get(key);
            @if c.is_some_and(|c| c.checked) { "✔ " } @else { "○ " }
            (lang.pick(id_label, en_label))
            (super::checks::tick(lang, &s, id, k, swadaya_core::app::ksm::checks::ELIGIBILITY, key, c))
        } } }
        @let eligible = checks.iter().all(|c| c.passes) && swadaya_domain::independence::ELIGIBILITY_CONFIRMATIONS.iter().all(|(key, _, _)| confirmations.get(*key).is_some_and(|c| c.checked));
        p.flash[eligible] .warn[!eligible] { strong { @if eligible { (lang.pick("LAYAK mengajukan pinjaman.", "ELIGIBLE to request a loan.")) } @else { (lang.pick("Belum layak mengajukan pinjaman.", "Not yet eligible for a loan.")) } } }
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Penilaian KSM", "KSM assessment"), body).into_response())
}
