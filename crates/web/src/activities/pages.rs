//! Activities on the web: the list with physical and financial progress side by side, the form
//! that starts one, one activity's page, and one page per step (commitment, funds received,
//! payment with its receipt photo, contribution in kind, progress with photos, hand-over), so
//! each is a single short form on a phone.

use super::proposals::{app_err, attachment_links, kind_label, kind_options, rab_input, rab_rows, RAB_ROWS};
use crate::error::WebError;
use crate::form::CheckedForm;
use crate::form::FormData;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::upload::files_field;
use crate::AppState;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use swadaya_core::app::activities::proposals::{self as proposals_svc, RabLine};
use swadaya_core::app::activities::{money, plan, reports};
use swadaya_core::app::books::journal::ReversalInput;
use swadaya_core::app::AppError;
use swadaya_domain::activity::funding::{Source, ALL_SOURCES};
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
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let input = plan::ActivityInput {
        proposal_id: form.optional_id("proposal_id"),
        name: form.get("name"),
        kind: form.get("activity_kind"),
        location: form.get("location"),
        target_volume: form.get("target_volume"),
        unit: form.get("unit"),
        planned_start: form.get("planned_start"),
        planned_end: form.get("planned_end"),
        team: form.get("team"),
        technical_unit: form.get("technical_unit"),
        rkm_year: form.get("rkm_year"),
        rab: rab_input(&form),
    };
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

/// The steps of an activity, each a page with one form.
#[derive(Clone, Copy, PartialEq)]
enum Step {
    Commit,
    Receive,
    Spend,
    InKind,
    Progress,
    Handover,
}

impl Step {
    fn parse(s: &str) -> Option<Step> {
        Some(match s {
            "commit" => Step::Commit,
            "receive" => Step::Receive,
            "spend" => Step::Spend,
            "in-kind" => Step::InKind,
            "progress" => Step::Progress,
            "handover" => Step::Handover,
            _ => return None,
        })
    }
    fn title(self, lang: Lang) -> &'static str {
        match self {
            Step::Commit => lang.pick("Komitmen dana", "Funding commitment"),
            Step::Receive => lang.pick("Terima dana", "Funds received"),
            Step::Spend => lang.pick("Catat pembayaran", "Record a payment"),
            Step::InKind => lang.pick("Swadaya natura", "In-kind contribution"),
            Step::Progress => lang.pick("Lapor kemajuan fisik", "Report physical progress"),
            Step::Handover => lang.pick("Serah terima", "Hand-over"),
        }
    }
    fn multipart(self) -> bool {
        matches!(self, Step::Spend | Step::Progress)
    }
}

fn source_options(lang: Lang, cash_only: bool) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), lang.pick("— pilih sumber —", "— choose a source —").to_string())];
    v.extend(
        ALL_SOURCES.iter().filter(|s| !cash_only || !s.in_kind()).map(|s| (s.code().to_string(), s.label(lang).to_string())),
    );
    v
}

async fn render_step(
    st: &AppState,
    s: &Session,
    id: i64,
    aid: i64,
    step: Step,
    f: &FormState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let v = plan::view(&st.db, &s.ctx, id, aid).await.map_err(app_err(lang))?;
    let need = match step {
        Step::Receive | Step::Spend => Action::ActivityMoney,
        _ => Action::WriteActivities,
    };
    s.ctx.require(id, need).map_err(app_err(lang))?;
    let accounts: Vec<(String, String)> = swadaya_core::app::books::accounts::ensure(&st.db, id)
        .await
        .map_err(app_err(lang))?
        .into_iter()
        .filter(|a| a.cash)
        .map(|a| (a.code.clone(), format!("{} {}", a.code, a.name)))
        .collect();
    let lines: Vec<(String, String)> =
        std::iter::once((String::new(), lang.pick("— pilih baris RAB —", "— choose a budget line —").to_string()))
            .chain(v.lines.iter().map(|l| {
                (
                    l.line.id.to_string(),
                    format!("{} ({} {} {})", l.line.item, Rupiah(l.line.total), lang.pick("dibayar", "paid"), Rupiah(l.spent)),
                )
            }))
            .collect();
    let available: Vec<String> = v
        .sources
        .iter()
        .filter(|(s, f)| !s.in_kind() && f.received > 0)
        .map(|(s, f)| format!("{}: {}", s.label(lang), Rupiah(f.available())))
        .collect();
    let action = format!(
        "/i/{id}/activities/{aid}/{}",
        match step {
            Step::Commit => "commit",
            Step::Receive => "receive",
            Step::Spend => "spend",
            Step::InKind => "in-kind",
            Step::Progress => "progress",
            Step::Handover => "handover",
        }
    );
    let fields = match step {
        Step::Commit => html! {
            (f.select("source", lang.pick("Sumber dana", "Funding source"), &source_options(lang, false)))
            (f.input("amount", lang.pick("Jumlah (Rp)", "Amount (Rp)"), "text", None))
            (f.input("document", lang.pick("Dokumen sumber", "Source document"), "text", Some(lang.pick("SK, perjanjian atau surat, dengan nomornya", "decree, agreement or letter, with its number"))))
            (f.input("note", lang.pick("Catatan", "Note"), "text", None))
        },
        Step::Receive => html! {
            (f.select("source", lang.pick("Sumber dana", "Funding source"), &source_options(lang, true)))
            (f.input("received_on", lang.pick("Tanggal terima", "Date received"), "date", None))
            (f.input("amount", lang.pick("Jumlah (Rp)", "Amount (Rp)"), "text", None))
            (f.select("account", lang.pick("Masuk ke akun", "Into account"), &accounts))
            (f.input("document", lang.pick("Bukti penerimaan", "Proof of receipt"), "text", Some(lang.pick("nomor slip transfer atau surat pencairan tahap", "transfer slip or tranche letter number"))))
        },
        Step::Spend => html! {
            @if !available.is_empty() { p.muted { (lang.pick("Dana tersedia: ", "Funds available: ")) (available.join("; ")) } }
            (f.select("rab_line_id", lang.pick("Baris RAB", "Budget line"), &lines))
            (f.select("source", lang.pick("Dibayar dari sumber", "Paid from source"), &source_options(lang, true)))
            (f.input("receipt_no", lang.pick("Nomor kwitansi", "Receipt number"), "text", None))
            (f.input("spent_on", lang.pick("Tanggal bayar", "Date paid"), "date", None))
            (f.input("payee", lang.pick("Dibayar kepada", "Payee"), "text", None))
            (f.input("item", lang.pick("Untuk pembayaran", "Paid for"), "text", None))
            (f.input("amount", lang.pick("Jumlah (Rp)", "Amount (Rp)"), "text", None))
            (f.select("account", lang.pick("Dibayar dari akun", "From account"), &accounts))
            (files_field("files", lang.pick("Foto/scan kwitansi", "Photo/scan of the receipt"), f, lang))
            (f.input("approval", lang.pick("Persetujuan bila melebihi RAB", "Approval if over the budget line"), "text", Some(lang.pick("siapa, rapat dan tanggalnya; kosongkan bila tidak melebihi", "who, which meeting and date; leave empty if within"))))
        },
        Step::InKind => html! {
            (f.input("kind_on", lang.pick("Tanggal", "Date"), "date", None))
            (f.input("contributor", lang.pick("Pemberi swadaya", "Contributor"), "text", Some(lang.pick("misalnya Warga RT 09", "e.g. residents of RT 09"))))
            (f.input("kind_description", lang.pick("Bentuk swadaya", "What was given"), "text", Some(lang.pick("tenaga, bahan, taman, mural ...", "work, materials, gardens, murals ..."))))
            (f.input("kind_value", lang.pick("Nilai (Rp)", "Value (Rp)"), "text", None))
        },
        Step::Progress => html! {
            @if let Some(p) = v.progress.last() { p.muted { (lang.pick("Laporan terakhir: ", "Last report: ")) (percent(p.percent_bp, lang)) ", " (layout::date(lang, &p.reported_on)) } }
            (f.input("reported_on", lang.pick("Tanggal laporan", "Report date"), "date", None))
            (f.input("percent", lang.pick("Kemajuan fisik (%)", "Physical progress (%)"), "text", None))
            (f.input("quantity", &format!("{} ({})", lang.pick("Volume terukur", "Measured quantity"), v.activity.unit), "text", None))
            (f.textarea("note", lang.pick("Catatan lapangan", "Field notes")))
            (f.input("reason", lang.pick("Alasan bila kemajuan turun", "Reason if progress went down"), "text", None))
            (files_field("photos", lang.pick("Foto kemajuan (bertanggal)", "Progress photos (dated)"), f, lang))
        },
        Step::Handover => html! {
            (f.input("handover_on", lang.pick("Tanggal serah terima", "Hand-over date"), "date", None))
            (f.input("handed_to", lang.pick("Diserahkan kepada", "Handed over to"), "text", Some(lang.pick("kelompok pemelihara atau masyarakat", "the maintenance group or community"))))
            (f.textarea("record", lang.pick("Berita acara serah terima (nomor, kesepakatan pemeliharaan)", "Hand-over record (number, upkeep agreed)")))
        },
    };
    let body = html! {
        p.muted { a href={"/i/" (id) "/activities/" (aid)} { "← " (v.activity.name) } }
        h1 { (step.title(lang)) }
        (f.error_summary(lang))
        form.stack.card method="post" action=(action) enctype=[step.multipart().then_some("multipart/form-data")] novalidate {
            (csrf_field(&s.csrf))
            input type="hidden" name="idem_key" value=(f.value("idem_key"));
            (fields)
            button type="submit" { (lang.pick("Simpan", "Save")) }
        }
    };
    Ok((status, layout::page(lang, Some(s), step.title(lang), body)).into_response())
}

pub async fn step_form(
    State(st): State<AppState>,
    s: Session,
    Path((id, aid, step)): Path<(i64, i64, String)>,
) -> Result<Response, WebError> {
    let step = Step::parse(&step).ok_or_else(|| WebError::from_app(AppError::NotFound, s.ctx.lang))?;
    let mut f = FormState::default();
    let today = chrono::Local::now().date_naive().to_string();
    for k in ["received_on", "spent_on", "kind_on", "reported_on", "handover_on"] {
        f.values.insert(k.into(), today.clone());
    }
    f.values.insert("account".into(), swadaya_domain::ledger::codes::ACTIVITY_BANK.into());
    f.values.insert("idem_key".into(), swadaya_core::app::auth::random_token());
    render_step(&st, &s, id, aid, step, &f, StatusCode::OK).await
}

pub async fn step_post(
    State(st): State<AppState>,
    s: Session,
    Path((id, aid, step)): Path<(i64, i64, String)>,
    req: Request,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let step = Step::parse(&step).ok_or_else(|| WebError::from_app(AppError::NotFound, lang))?;
    let (form, files) = if step.multipart() {
        let mp = axum::extract::Multipart::from_request(req, &st).await.map_err(|_| crate::upload::not_multipart(lang))?;
        crate::upload::read(mp, &s.csrf, lang).await?
    } else {
        let form = FormData::from_request(req, &st).await?;
        form.check_csrf(&s.csrf, lang)?;
        (form, vec![])
    };
    let (db, ctx) = (&st.db, &s.ctx);
    let result = match step {
        Step::Commit => plan::commit(
            db,
            ctx,
            id,
            aid,
            &plan::CommitmentInput {
                source: form.get("source"),
                amount: form.get("amount"),
                document: form.get("document"),
                note: form.get("note"),
                idem_key: Some(form.get("idem_key")),
            },
        )
        .await
        .map(|_| ()),
        Step::Receive => money::receive(
            db,
            ctx,
            id,
            aid,
            &money::ReceiptInput {
                source: form.get("source"),
                received_on: form.get("received_on"),
                amount: form.get("amount"),
                account: form.get("account"),
                document: form.get("document"),
                idem_key: Some(form.get("idem_key")),
            },
        )
        .await
        .map(|_| ()),
        Step::Spend => {
            let input = money::SpendingInput {
                rab_line_id: form.optional_id("rab_line_id").unwrap_or(0),
                source: form.get("source"),
                receipt_no: form.get("receipt_no"),
                spent_on: form.get("spent_on"),
                payee: form.get("payee"),
                item: form.get("item"),
                amount: form.get("amount"),
                account: form.get("account"),
                approval: form.get("approval"),
                idem_key: Some(form.get("idem_key")),
            };
            money::spend(db, ctx, id, aid, &input, &files).await.map(|_| ())
        }
        Step::InKind => plan::add_in_kind(
            db,
            ctx,
            id,
            aid,
            &plan::InKindInput {
                on_date: form.get("kind_on"),
                contributor: form.get("contributor"),
                description: form.get("kind_description"),
                value: form.get("kind_value"),
                idem_key: Some(form.get("idem_key")),
            },
        )
        .await
        .map(|_| ()),
        Step::Progress => {
            let input = plan::ProgressInput {
                reported_on: form.get("reported_on"),
                percent: form.get("percent"),
                quantity: form.get("quantity"),
                note: form.get("note"),
                reason: form.get("reason"),
            };
            plan::report_progress(db, ctx, id, aid, &input, &files).await.map(|_| ())
        }
        Step::Handover => {
            plan::hand_over(
                db,
                ctx,
                id,
                aid,
                &plan::HandoverInput {
                    on_date: form.get("handover_on"),
                    handed_to: form.get("handed_to"),
                    record: form.get("record"),
                },
            )
            .await
        }
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}/activities/{aid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            if !files.is_empty() && !errs.iter().any(|e| e.field == "files" || e.field == "photos") {
                // The browser cannot keep a chosen file across a reload; say so beside the field.
                let mut errs = errs;
                let field = if step == Step::Spend { "files" } else { "photos" };
                errs.push(swadaya_core::app::FieldError {
                    field: field.into(),
                    message: lang
                        .pick(
                            "Pilih lagi fotonya: berkas tidak bisa diingat setelah ada isian yang salah.",
                            "Choose the photos again: a file cannot be kept after a wrong field.",
                        )
                        .into(),
                });
                return render_step(
                    &st,
                    &s,
                    id,
                    aid,
                    step,
                    &FormState::with_errors(form.0, &errs),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
            render_step(&st, &s, id, aid, step, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

async fn render_reverse(
    st: &AppState,
    s: &Session,
    path: (i64, i64, String, i64),
    f: &FormState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (id, aid, what, rid) = path;
    s.ctx.require(id, Action::ActivityMoney).map_err(app_err(lang))?;
    let v = plan::view(&st.db, &s.ctx, id, aid).await.map_err(app_err(lang))?;
    let described = match what.as_str() {
        "payments" => v
            .spendings
            .iter()
            .find(|x| x.id == rid)
            .map(|x| format!("{} {} — {} ({})", lang.pick("Kwitansi", "Receipt"), x.receipt_no, x.item, Rupiah(x.amount))),
        "receipts" => v
            .receipts
            .iter()
            .find(|x| x.id == rid)
            .map(|x| format!("{} — {} ({})", source_label(&x.source, lang), x.document, Rupiah(x.amount))),
        _ => None,
    }
    .ok_or_else(|| WebError::from_app(AppError::NotFound, lang))?;
    let body = html! {
        p.muted { a href={"/i/" (id) "/activities/" (aid)} { "← " (v.activity.name) } }
        h1 { (lang.pick("Batalkan catatan", "Reverse a record")) }
        p { (described) }
        p.hint { (lang.pick("Jurnalnya dibalik dengan tanggal pembatalan; catatan asli tetap terlihat, dicoret.", "Its entry is reversed on the reversal date; the original stays visible, struck through.")) }
        (f.error_summary(lang))
        form.stack.card method="post" novalidate {
            (csrf_field(&s.csrf))
            (f.input("reverse_on", lang.pick("Tanggal pembatalan", "Reversal date"), "date", None))
            (f.input("reason", lang.pick("Alasan", "Reason"), "text", None))
            button type="submit" { (lang.pick("Batalkan", "Reverse")) }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Batalkan catatan", "Reverse a record"), body)).into_response())
}

pub async fn reverse_form(
    State(st): State<AppState>,
    s: Session,
    Path(path): Path<(i64, i64, String, i64)>,
) -> Result<Response, WebError> {
    let mut f = FormState::default();
    f.values.insert("reverse_on".into(), chrono::Local::now().date_naive().to_string());
    render_reverse(&st, &s, path, &f, StatusCode::OK).await
}

pub async fn reverse(
    State(st): State<AppState>,
    Path(path): Path<(i64, i64, String, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (id, aid, what, rid) = path.clone();
    let input = ReversalInput { posted_on: form.get("reverse_on"), reason: form.get("reason") };
    let r = match what.as_str() {
        "payments" => money::reverse_spending(&st.db, &s.ctx, id, aid, rid, &input).await,
        "receipts" => money::reverse_receipt(&st.db, &s.ctx, id, aid, rid, &input).await,
        _ => Err(AppError::NotFound),
    };
    match r {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/activities/{aid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_reverse(&st, &s, path, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

async fn render_attach(
    st: &AppState,
    s: &Session,
    path: (i64, i64, String, i64),
    f: &FormState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (id, aid, kind, rid) = path;
    let v = plan::view(&st.db, &s.ctx, id, aid).await.map_err(app_err(lang))?;
    let (need, what) = match kind.as_str() {
        "spending" => (
            Action::ActivityMoney,
            v.spendings
                .iter()
                .find(|x| x.id == rid)
                .map(|x| format!("{} {} — {} ({})", lang.pick("Kwitansi", "Receipt"), x.receipt_no, x.item, Rupiah(x.amount))),
        ),
        "progress" => (
            Action::WriteActivities,
            v.progress.iter().find(|p| p.id == rid).map(|p| {
                format!(
                    "{} {} — {}",
                    lang.pick("Laporan kemajuan", "Progress report"),
                    layout::date(lang, &p.reported_on),
                    percent(p.percent_bp, lang)
                )
            }),
        ),
        _ => (Action::ActivityMoney, None),
    };
    s.ctx.require(id, need).map_err(app_err(lang))?;
    let what = what.ok_or_else(|| WebError::from_app(AppError::NotFound, lang))?;
    let body = html! {
        p.muted { a href={"/i/" (id) "/activities/" (aid)} { "← " (v.activity.name) } }
        h1 { (lang.pick("Tambah foto atau scan", "Add a photo or scan")) }
        p { (what) }
        (f.error_summary(lang))
        form.stack.card method="post" enctype="multipart/form-data" novalidate {
            (csrf_field(&s.csrf))
            (files_field("files", lang.pick("Berkas", "Files"), f, lang))
            button type="submit" { (lang.pick("Unggah", "Upload")) }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Tambah foto", "Add a photo"), body)).into_response())
}

pub async fn attach_form(
    State(st): State<AppState>,
    s: Session,
    Path(path): Path<(i64, i64, String, i64)>,
) -> Result<Response, WebError> {
    render_attach(&st, &s, path, &FormState::default(), StatusCode::OK).await
}

pub async fn attach(
    State(st): State<AppState>,
    s: Session,
    Path(path): Path<(i64, i64, String, i64)>,
    crate::upload::Files(mp): crate::upload::Files,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    // Refused before the upload is read: a file is no business of someone who may not post it.
    let needs = match path.2.as_str() {
        "spending" => Action::ActivityMoney,
        "progress" => Action::WriteActivities,
        _ => return Err(WebError::from_app(AppError::NotFound, lang)),
    };
    s.ctx.require(path.0, needs).map_err(|e| WebError::from_app(e, lang))?;
    let (form, files) = crate::upload::read(mp, &s.csrf, lang).await?;
    let (id, aid, kind, rid) = path.clone();
    // The record must belong to this activity: the page above checks it before anything is stored.
    let v = plan::view(&st.db, &s.ctx, id, aid).await.map_err(app_err(lang))?;
    let mine = match kind.as_str() {
        "spending" => v.spendings.iter().any(|x| x.id == rid),
        "progress" => v.progress.iter().any(|p| p.id == rid),
        _ => false,
    };
    if !mine {
        return Err(WebError::from_app(AppError::NotFound, lang));
    }
    match swadaya_core::app::activities::attach(&st.db, &s.ctx, id, &kind, rid, &files).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/activities/{aid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_attach(&st, &s, path, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
