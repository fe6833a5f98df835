//! Activities on the web: the list with physical and financial progress side by side, the form
//! that starts one, and one activity's page. Its steps, each a single short form on a phone, are
//! in `steps.rs`.

use super::proposals::{app_err, attachment_links, kind_label, kind_options, rab_rows, RAB_ROWS};
use crate::error::WebError;
use crate::form::Checked;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use swadaya_core::app::activities::proposals::{self as proposals_svc, RabLine};
use swadaya_core::app::activities::{plan, reports};
use swadaya_core::app::AppError;
use swadaya_domain::activity::funding::Source;
use swadaya_domain::activity::rab::format_quantity;
use swadaya_domain::fund::indicators::percent;
use swadaya_domain::roles::Action;
use swadaya_domain::{Lang, Rupiah};

fn pct(part: i64, whole: i64) -> i64 {
    swadaya_domain::money::share_bp(part, whole).unwrap_or(0)
}

/// A progress bar people can read without colour: the figure is written beside it.
pub(crate) fn bar(bp: i64, lang: Lang) -> Markup {
    html! { progress.bar max="10000" value=(bp.clamp(0, 10_000)) { (percent(bp, lang)) } " " (percent(bp, lang)) }
}

pub async fn list(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let today = chrono::Local::now().date_naive().to_string();
    let rows = reports::summaries(&st.db, &s.ctx, id, &today, "9999-12-31").await.map_err(app_err(lang))?;
    let can = |a| s.ctx.actor.can(id, a);
    let body = html! {
        h1 { (lang.pick("Kegiatan", "Activities")) }
        p.actions {
            a.button href={"/i/" (id) "/proposals"} { (lang.pick("Usulan & peringkat", "Proposals & ranking")) }
            @if can(Action::WriteActivities) { a.button.secondary href={"/i/" (id) "/activities/new"} { (lang.pick("Kegiatan RKM tanpa usulan", "Work-plan activity without a proposal")) } }
            a.button.secondary href={"/i/" (id) "/activities/report"} { (lang.pick("Laporan bulanan", "Monthly report")) }
            a.button.secondary href={"/i/" (id) "/activities/quarterly"} { (lang.pick("Laporan triwulan", "Quarterly report")) }
            a.button.secondary href={"/i/" (id) "/rkm"} { "RKM" }
            @if can(Action::ReadBooks) {
                a.button.secondary href={"/i/" (id) "/cash-book"} { (lang.pick("Buku kas umum", "Cash book")) }
                a.button.secondary href={"/i/" (id) "/activities/annual"} { (lang.pick("Laporan tahunan", "Annual report")) }
                a.button.secondary href={"/i/" (id) "/auditor-export.xlsx"} { (lang.pick("Ekspor untuk auditor (xlsx)", "Auditor export (xlsx)")) }
            }
        }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Kegiatan", "Activity")) } th { (lang.pick("Fisik", "Physical")) } th { (lang.pick("Keuangan", "Financial")) } th.num { (lang.pick("Diterima", "Received")) } th.num { (lang.pick("Dibelanjakan", "Spent")) } } }
            tbody { @for r in &rows {
                @let t = r.total();
                @let cash = r.cash_spent();
                tr {
                    td data-label=(lang.pick("Kegiatan", "Activity")) { div { a href={"/i/" (id) "/activities/" (r.activity.id)} { (r.activity.name) } br; span.muted { (kind_label(&r.activity.kind, lang)) ", " (r.activity.location) }
                        @if r.activity.handed_over_on.is_some() { " " span.badge { (lang.pick("diserahterimakan", "handed over")) } } } }
                    td data-label=(lang.pick("Fisik", "Physical")) { (bar(r.percent_bp, lang)) }
                    td data-label=(lang.pick("Keuangan", "Financial")) { (bar(pct(cash, r.budget), lang)) }
                    td.num data-label=(lang.pick("Diterima", "Received")) { (Rupiah(t.received)) }
                    td.num data-label=(lang.pick("Dibelanjakan", "Spent")) { (Rupiah(t.spent)) }
                }
            } }
        } }
        @if rows.is_empty() { p.muted { (lang.pick("Belum ada kegiatan. Kegiatan dimulai dari usulan yang diputuskan didanai.", "No activities yet. An activity starts from a proposal decided as funded.")) } }
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Kegiatan", "Activities"), body).into_response())
}

async fn render_new(st: &AppState, s: &Session, id: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::WriteActivities).map_err(app_err(lang))?;
    let proposal_id: i64 = f.value("proposal_id").parse().unwrap_or(0);
    let proposal =
        if proposal_id > 0 { proposals_svc::find(&st.db, &s.ctx, id, proposal_id).await.map_err(app_err(lang))? } else { None };
    let body = html! {
        p.muted { a href={"/i/" (id) "/activities"} { "← " (lang.pick("Kegiatan", "Activities")) } }
        h1 { (lang.pick("Mulai kegiatan", "Start an activity")) }
        @if let Some(p) = &proposal { p { (lang.pick("Dari usulan: ", "From the proposal: ")) a href={"/i/" (id) "/proposals/" (p.id)} { (p.title) } " — RAB " (Rupiah(p.budget)) } }
        (f.error_summary(lang))
        form.stack.card method="post" action={"/i/" (id) "/activities"} novalidate {
            (csrf_field(&s.csrf))
            input type="hidden" name="proposal_id" value=(f.value("proposal_id"));
            (f.errors_for("proposal_id"))
            (f.input("name", lang.pick("Nama kegiatan", "Name"), "text", None))
            (f.select("activity_kind", lang.pick("Jenis kegiatan", "Kind of activity"), &kind_options(lang)))
            (f.input("location", lang.pick("Lokasi", "Location"), "text", None))
            (f.input("target_volume", lang.pick("Target volume", "Target volume"), "text", Some(lang.pick("misalnya 170", "e.g. 170"))))
            (f.input("unit", lang.pick("Satuan", "Unit"), "text", Some(lang.pick("misalnya m, unit, orang", "e.g. m, unit, people"))))
            (f.input("planned_start", lang.pick("Rencana mulai", "Planned start"), "date", None))
            (f.input("planned_end", lang.pick("Rencana selesai", "Planned end"), "date", None))
            (f.input("team", lang.pick("Pelaksana (KSM/panitia)", "Team (KSM/working group)"), "text", None))
            (f.input("technical_unit", lang.pick("Unit teknis (bila ada)", "Technical unit (if any)"), "text", None))
            (f.input("rkm_year", lang.pick("Tahun RKM (bila bagian rencana kerja masyarakat)", "RKM year (if part of the community work plan)"), "number", None))
            @if proposal.is_none() { (rab_rows(f, lang, RAB_ROWS)) }
            button type="submit" { (lang.pick("Mulai kegiatan", "Start the activity")) }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Mulai kegiatan", "Start an activity"), body)).into_response())
}

pub async fn new_form(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let mut f = FormState::default();
    if let Some(p) = q.get("proposal_id").and_then(|p| p.parse::<i64>().ok()) {
        if let Some(p) = proposals_svc::find(&st.db, &s.ctx, id, p).await.map_err(app_err(s.ctx.lang))? {
            f.values.insert("proposal_id".into(), p.id.to_string());
            f.values.insert("name".into(), p.title.clone());
            f.values.insert("activity_kind".into(), p.kind.clone());
            f.values.insert("location".into(), p.location.clone());
            f.values.insert("team".into(), p.proposer.clone());
        }
    }
    render_new(&st, &s, id, &f, StatusCode::OK).await
}

pub async fn create(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Checked { s, mut input, form }: Checked<plan::ActivityInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    input.rab = form.rows(lang, "rab", "item")?;
    match plan::create(&st.db, &s.ctx, id, &input).await {
        Ok(a) => Ok(Redirect::to(&format!("/i/{id}/activities/{a}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_new(&st, &s, id, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

pub(crate) fn source_label(code: &str, lang: Lang) -> &'static str {
    Source::parse(code).map(|s| s.label(lang)).unwrap_or("?")
}

pub async fn show(State(st): State<AppState>, s: Session, Path((id, aid)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let v = plan::view(&st.db, &s.ctx, id, aid).await.map_err(app_err(lang))?;
    let a = &v.activity;
    let can = |x| s.ctx.actor.can(id, x);
    let step =
        |path: &str, label: &str| html! { a.button.secondary href={"/i/" (id) "/activities/" (aid) "/" (path)} { (label) } };
    let total = swadaya_domain::activity::funding::total(&v.sources);
    // Financial progress is cash paid against the budget; work given in kind is shown apart.
    let cash_spent = swadaya_domain::activity::funding::cash_spent(&v.sources);
    let spent: Vec<i64> = v.lines.iter().map(|l| l.spent).collect();
    let lines: Vec<RabLine> = v.lines.iter().map(|l| l.line.clone()).collect();
    let body = html! {
        p.muted { a href={"/i/" (id) "/activities"} { "← " (lang.pick("Kegiatan", "Activities")) } }
        h1 { (a.name) }
        dl.facts {
            dt { (lang.pick("Jenis", "Kind")) } dd { (kind_label(&a.kind, lang)) }
            dt { (lang.pick("Lokasi", "Location")) } dd { (a.location) }
            dt { (lang.pick("Target", "Target")) } dd { (format_quantity(a.target_volume, lang)) " " (a.unit) }
            dt { (lang.pick("Rencana", "Planned")) } dd { (layout::date(lang, &a.planned_start)) " – " (layout::date(lang, &a.planned_end)) }
            dt { (lang.pick("Pelaksana", "Team")) } dd { (a.team) @if let Some(t) = &a.technical_unit { ", " (t) } }
            @if let Some(p) = a.proposal_id { dt { (lang.pick("Usulan", "Proposal")) } dd { a href={"/i/" (id) "/proposals/" (p)} { "#" (p) } } }
            @if let Some(y) = a.rkm_year { dt { "RKM" } dd { (y) } }
        }
        div.side-by-side {
            div.card {
                h2 { (lang.pick("Kemajuan fisik", "Physical progress")) }
                p { (bar(v.percent(), lang)) }
                @if let Some(p) = v.progress.last() { p.muted { (format_quantity(p.quantity, lang)) " " (a.unit) " " (lang.pick("per", "as of")) " " (layout::date(lang, &p.reported_on)) } }
            }
            div.card {
                h2 { (lang.pick("Kemajuan keuangan", "Financial progress")) }
                p { (bar(pct(cash_spent, v.budget()), lang)) }
                p.muted { (lang.pick("Dibayar tunai", "Paid in cash")) " " (Rupiah(cash_spent)) " / RAB " (Rupiah(v.budget())) }
            }
        }
        @if let (Some(on), Some(to)) = (&a.handed_over_on, &a.handed_over_to) {
            div.flash { strong { (lang.pick("Diserahterimakan", "Handed over")) } " " (layout::date(lang, on)) " — " (to)
                @if let Some(r) = &a.handover_record { p.pre { (r) } } }
        }
        p.actions.no-print {
            @if can(Action::ActivityMoney) { (step("receive", lang.pick("Terima dana", "Funds received"))) (step("spend", lang.pick("Catat pembayaran", "Record a payment"))) }
            @if can(Action::WriteActivities) {
                (step("progress", lang.pick("Lapor kemajuan", "Report progress")))
                (step("commit", lang.pick("Komitmen dana", "Funding commitment")))
                (step("in-kind", lang.pick("Swadaya natura", "In-kind contribution")))
                @if a.handed_over_on.is_none() && v.percent() == swadaya_domain::activity::progress::FULL { (step("handover", lang.pick("Serah terima", "Hand over"))) }
            }
        }
        h2 { (lang.pick("Dana per sumber", "Funds by source")) }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Sumber", "Source")) } th.num { (lang.pick("Komitmen", "Committed")) } th.num { (lang.pick("Diterima", "Received")) } th.num { (lang.pick("Dibelanjakan", "Spent")) } th.num { (lang.pick("Sisa", "Unspent")) } } }
            tbody { @for (src, f) in &v.sources { tr {
                td data-label=(lang.pick("Sumber", "Source")) { (src.label(lang)) }
                td.num data-label=(lang.pick("Komitmen", "Committed")) { (Rupiah(f.committed)) }
                td.num data-label=(lang.pick("Diterima", "Received")) { (Rupiah(f.received)) }
                td.num data-label=(lang.pick("Dibelanjakan", "Spent")) { (Rupiah(f.spent)) }
                td.num data-label=(lang.pick("Sisa", "Unspent")) { (Rupiah(f.available())) }
            } } }
            tfoot { tr { th { (lang.pick("Jumlah", "Total")) } th.num data-label=(lang.pick("Komitmen", "Committed")) { (Rupiah(total.committed)) } th.num data-label=(lang.pick("Diterima", "Received")) { (Rupiah(total.received)) } th.num data-label=(lang.pick("Dibelanjakan", "Spent")) { (Rupiah(total.spent)) } th.num data-label=(lang.pick("Sisa", "Unspent")) { (Rupiah(total.available())) } } }
        } }
        @if !v.commitments.is_empty() {
            ul { @for c in &v.commitments { li { (source_label(&c.source, lang)) ": " (Rupiah(c.amount)) " — " (c.document) @if let Some(n) = &c.note { " (" (n) ")" } } } }
        }
        h2 { "RAB" }
        (super::proposals::rab_table(lang, &lines, Some(&spent)))
        h2 { (lang.pick("Dana diterima", "Funds received")) }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Tanggal", "Date")) } th { (lang.pick("Sumber", "Source")) } th { (lang.pick("Dokumen", "Document")) } th.num { (lang.pick("Jumlah", "Amount")) } th { (lang.pick("Jurnal", "Entry")) } } }
            tbody { @for r in &v.receipts { tr class=[r.reversed.then_some("void")] {
                td data-label=(lang.pick("Tanggal", "Date")) { (layout::date(lang, &r.received_on)) }
                td data-label=(lang.pick("Sumber", "Source")) { (source_label(&r.source, lang)) " → " (r.account) }
                td data-label=(lang.pick("Dokumen", "Document")) { (r.document) }
                td.num data-label=(lang.pick("Jumlah", "Amount")) { (Rupiah(r.amount)) }
                td data-label=(lang.pick("Jurnal", "Entry")) { div { @if can(Action::ReadBooks) { a href={"/i/" (id) "/books/journal/" (r.journal_entry_id)} { "#" (r.journal_entry_id) } } @else { "#" (r.journal_entry_id) }
                    @if r.reversed { " " span.badge { (lang.pick("dibatalkan", "reversed")) } }
                    @else if can(Action::ActivityMoney) { " " a href={"/i/" (id) "/activities/" (aid) "/receipts/" (r.id) "/reverse"} { (lang.pick("batalkan", "reverse")) } } } }
            } } }
        } }
        h2 { (lang.pick("Pembayaran", "Payments")) }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Tanggal", "Date")) } th { (lang.pick("Kwitansi", "Receipt")) } th { (lang.pick("Dibayar kepada / untuk", "Payee / for")) } th { (lang.pick("Sumber", "Source")) } th.num { (lang.pick("Jumlah", "Amount")) } th { (lang.pick("Bukti", "Proof")) } } }
            tbody { @for x in &v.spendings { tr class=[x.reversed.then_some("void")] {
                td data-label=(lang.pick("Tanggal", "Date")) { (layout::date(lang, &x.spent_on)) }
                td data-label=(lang.pick("Kwitansi", "Receipt")) { div { (x.receipt_no) @if x.reversed { " " span.badge { (lang.pick("dibatalkan", "reversed")) } } } }
                td data-label=(lang.pick("Dibayar kepada / untuk", "Payee / for")) { div { (x.payee) " — " (x.item) @if let Some(ap) = &x.approval { br; span.muted { (lang.pick("Disetujui melebihi RAB: ", "Approved over budget: ")) (ap) } } } }
                td data-label=(lang.pick("Sumber", "Source")) { (source_label(&x.source, lang)) }
                td.num data-label=(lang.pick("Jumlah", "Amount")) { (Rupiah(x.amount)) }
                td data-label=(lang.pick("Bukti", "Proof")) { div { (attachment_links(id, &v.files_of("spending", x.id)))
                    @if !x.reversed && can(Action::ActivityMoney) {
                        a href={"/i/" (id) "/activities/" (aid) "/attach/spending/" (x.id)} { (lang.pick("+ foto", "+ photo")) } " · "
                        a href={"/i/" (id) "/activities/" (aid) "/payments/" (x.id) "/reverse"} { (lang.pick("batalkan", "reverse")) }
                    } } }
            } } }
        } }
        @if !v.in_kind.is_empty() {
            h2 { (lang.pick("Swadaya natura", "In-kind contributions")) }
            ul { @for k in &v.in_kind { li { (layout::date(lang, &k.on_date)) ": " (k.contributor) " — " (k.description) " (" (Rupiah(k.value)) ")" } } }
        }
        h2 { (lang.pick("Laporan kemajuan fisik", "Physical progress reports")) }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Tanggal", "Date")) } th.num { "%" } th.num { (lang.pick("Volume", "Quantity")) } th { (lang.pick("Catatan", "Notes")) } th { (lang.pick("Foto", "Photos")) } } }
            tbody { @for p in v.progress.iter().rev() { tr {
                td data-label=(lang.pick("Tanggal", "Date")) { (layout::date(lang, &p.reported_on)) }
                td.num data-label="%" { (percent(p.percent_bp, lang)) }
                td.num data-label=(lang.pick("Volume", "Quantity")) { (format_quantity(p.quantity, lang)) " " (a.unit) }
                td data-label=(lang.pick("Catatan", "Notes")) { div { (p.note.clone().unwrap_or_default()) @if let Some(r) = &p.reason { br; span.muted { (lang.pick("Alasan turun: ", "Why lower: ")) (r) } } } }
                td data-label=(lang.pick("Foto", "Photos")) { div { (attachment_links(id, &v.files_of("progress", p.id)))
                    @if can(Action::WriteActivities) { a href={"/i/" (id) "/activities/" (aid) "/attach/progress/" (p.id)} { (lang.pick("+ foto", "+ photo")) } } } }
            } } }
        } }
    };
    Ok(layout::page(lang, Some(&s), &a.name, body).into_response())
}
