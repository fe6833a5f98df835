//! The month-end close button. The close runs in the background; the page refreshes itself
//! (a meta refresh, no script) and shows a progress bar until it is done.

use crate::error::WebError;
use crate::form::CheckedForm;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_core::app::books::month_label;
use swadaya_core::app::fund::close as svc;
use swadaya_core::app::AppError;
use swadaya_domain::roles::Action;
use swadaya_domain::Rupiah;

/// A close in progress or just finished, per institution.
#[derive(Clone, Default)]
pub struct Job {
    pub month: String,
    pub done: i64,
    pub total: i64,
    pub finished: bool,
    pub error: Option<String>,
    /// When it finished: the outcome is shown for a few minutes, then the page is plain again.
    pub finished_at: Option<std::time::Instant>,
}

fn next_month(closed: &[svc::Summary]) -> String {
    let today = chrono::Local::now().date_naive();
    match closed.first() {
        Some(c) => swadaya_core::app::books::month_bounds(&c.month)
            .and_then(|(_, l)| l.succ_opt())
            .map(|d| d.format("%Y-%m").to_string())
            .unwrap_or_default(),
        None => today.checked_sub_months(chrono::Months::new(1)).unwrap_or(today).format("%Y-%m").to_string(),
    }
}

async fn render(st: &AppState, s: &Session, id: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let closed = svc::history(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let job = st
        .jobs
        .lock()
        .map(|j| j.get(&id).cloned())
        .unwrap_or_default()
        .filter(|j| j.finished_at.is_none_or(|t| t.elapsed() < std::time::Duration::from_secs(300)));
    let running = job.as_ref().is_some_and(|j| !j.finished);
    let can = s.ctx.actor.can(id, Action::CloseMonth);
    let mut f2 = FormState { values: f.values.clone(), errors: f.errors.clone(), link_label: String::new() };
    f2.values.entry("month".into()).or_insert_with(|| next_month(&closed));
    let body = html! {
        @if running { meta http-equiv="refresh" content="1"; }
        p.muted { a href={"/i/" (id) "/books"} { "← " (lang.pick("Buku UPK", "UPK books")) } }
        h1 { (lang.pick("Tutup buku bulanan", "Month-end close")) }
        p.muted { (lang.pick(
            "Tutup buku menghitung tunggakan dan kolektibilitas per akhir bulan, membukukan selisih cadangan risiko pinjaman, menghitung indikator, lalu mengunci bulan itu. Koreksi sesudahnya dicatat di bulan yang masih terbuka.",
            "The close computes arrears and collectibility at the month's end, posts the change in the loan-loss reserve, computes the indicators, then locks the month. Later corrections go into the open month.")) }
        // A refusal just now is what the page is about; an earlier close's outcome would only
        // confuse it.
        @if let Some(j) = job.as_ref().filter(|_| f.errors.is_empty()) {
            div.card role="status" {
                @if let Some(e) = &j.error { p.warn { (e) } }
                @else if j.finished { p.flash { (month_label(&j.month, lang)) ": " (lang.pick("selesai ditutup.", "closed.")) } }
                @else {
                    p { (lang.pick("Menutup", "Closing")) " " (month_label(&j.month, lang)) "… " (j.done) " / " (j.total) " " (lang.pick("bagian pinjaman anggota", "member loan shares")) }
                    progress max=(j.total.max(1)) value=(j.done) { (j.done) }
                }
            }
        }
        @if can && !running {
            (f2.error_summary(lang))
            form.stack.card method="post" action={"/i/" (id) "/books/close"} novalidate {
                (csrf_field(&s.csrf))
                (f2.input("month", lang.pick("Bulan", "Month"), "month", Some(lang.pick("mis. 2026-10", "e.g. 2026-10"))))
                button type="submit" { (lang.pick("Tutup buku bulan ini", "Close this month")) }
            }
        }
        h2 { (lang.pick("Bulan yang sudah ditutup", "Closed months")) }
        div.table-wrap { table.cards {
            thead { tr {
                th { (lang.pick("Bulan", "Month")) } th.num { (lang.pick("Pinjaman beredar", "Outstanding")) }
                th.num { (lang.pick("Tunggakan", "Arrears")) } th.num { (lang.pick("Cadangan", "Reserve")) } th.num { (lang.pick("Dibukukan", "Posted")) }
            } }
            tbody { @for c in &closed {
                tr {
                    td data-label=(lang.pick("Bulan", "Month")) { a href={"/i/" (id) "/arrears?on=" (c.on)} { (month_label(&c.month, lang)) } }
                    td.num data-label=(lang.pick("Pinjaman beredar", "Outstanding")) { (Rupiah(c.outstanding)) }
                    td.num data-label=(lang.pick("Tunggakan", "Arrears")) { (Rupiah(c.overdue_amount)) }
                    td.num data-label=(lang.pick("Cadangan", "Reserve")) { (Rupiah(c.reserve_required)) }
                    td.num data-label=(lang.pick("Dibukukan", "Posted")) {
                        @if let Some(e) = c.reserve_entry { a href={"/i/" (id) "/books/journal/" (e)} { (Rupiah(c.reserve_posted)) } } @else { "–" }
                    }
                }
            } }
        } }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Tutup buku", "Month-end close"), body)).into_response())
}

pub async fn page(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    render(&st, &s, id, &FormState::default(), StatusCode::OK).await
}

pub async fn start(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::CloseMonth).map_err(|e| WebError::from_app(e, lang))?;
    let month = form.get("month").trim().to_string();
    if swadaya_core::app::books::month_bounds(&month).is_none() || month.len() != 7 {
        let errs = vec![swadaya_core::app::FieldError {
            field: "month".into(),
            message: lang.pick("Tulis bulan seperti 2026-10.", "Write the month like 2026-10.").into(),
        }];
        return render(&st, &s, id, &FormState::with_errors(form.0.clone(), &errs), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    {
        let mut jobs = st.jobs.lock().map_err(|_| WebError::internal("jobs lock"))?;
        if jobs.get(&id).is_some_and(|j| !j.finished) {
            return Ok(Redirect::to(&format!("/i/{id}/books/close")).into_response());
        }
        jobs.insert(id, Job { month: month.clone(), ..Job::default() });
    }
    let (db, ctx, jobs) = (st.db.clone(), s.ctx.clone(), st.jobs.clone());
    tokio::spawn(async move {
        let progress = {
            let jobs = jobs.clone();
            move |done: i64, total: i64| {
                if let Ok(mut j) = jobs.lock() {
                    if let Some(job) = j.get_mut(&id) {
                        job.done = done;
                        job.total = total;
                    }
                }
            }
        };
        let r = svc::close_month(&db, &ctx, id, &month, &progress).await;
        if let Ok(mut j) = jobs.lock() {
            if let Some(job) = j.get_mut(&id) {
                job.finished = true;
                job.finished_at = Some(std::time::Instant::now());
                job.error = match r {
                    Ok(o) if o.already => Some(
                        ctx.t(
                            "Bulan ini sudah ditutup sebelumnya; tidak ada yang berubah.",
                            "This month was already closed; nothing changed.",
                        )
                        .into(),
                    ),
                    Ok(_) => None,
                    Err(AppError::Invalid(f)) => Some(f.into_iter().map(|e| e.message).collect::<Vec<_>>().join(" ")),
                    Err(AppError::Conflict { message, .. }) => Some(message),
                    Err(e) => {
                        tracing::error!("month close failed: {e}");
                        Some(
                            ctx.t(
                                "Tutup buku gagal; tidak ada yang berubah. Coba lagi atau hubungi admin.",
                                "The close failed; nothing changed. Try again or ask the admin.",
                            )
                            .into(),
                        )
                    }
                };
            }
        }
    });
    Ok(Redirect::to(&format!("/i/{id}/books/close")).into_response())
}
