//! Year-end profit allocation: the last years' net profit, what was allocated, and the board's
//! form to allocate the rest.

use crate::error::WebError;
use crate::form::Checked;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use maud::html;
use swadaya_core::app::books::allocation as svc;
use swadaya_core::app::AppError;
use swadaya_domain::ledger::AccountKind;
use swadaya_domain::roles::Action;
use swadaya_domain::Rupiah;

const LINES: usize = 4;

async fn render(st: &AppState, s: &Session, id: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let this_year = chrono::Local::now().date_naive().year();
    let years = svc::recent_years(&st.db, &s.ctx, id, this_year).await.map_err(|e| WebError::from_app(e, lang))?;
    let chart = swadaya_core::app::books::accounts::chart(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let mut targets = vec![(String::new(), lang.pick("— akun tujuan —", "— account —").to_string())];
    targets.extend(
        chart
            .iter()
            .filter(|a| a.code != svc::ALLOCATED && matches!(a.kind(), AccountKind::Equity | AccountKind::Liability))
            .map(|a| (a.code.clone(), format!("{} {}", a.code, a.name))),
    );
    let year_options: Vec<(String, String)> = years.iter().map(|y| (y.year.to_string(), y.year.to_string())).collect();
    let can = s.ctx.actor.can(id, Action::ApproveLoans);
    let entries = swadaya_core::app::books::journal::entries(&st.db, &s.ctx, id, &Default::default(), 200, 0)
        .await
        .map_err(|e| WebError::from_app(e, lang))?
        .0;
    let body = html! {
        p.muted { a href={"/i/" (id) "/books"} { "← " (lang.pick("Buku UPK", "UPK books")) } }
        h1 { (lang.pick("Alokasi laba tahunan", "Year-end profit allocation")) }
        p.muted { (lang.pick(
            "Laba bersih setahun dialokasikan dengan keputusan pengurus, mis. ke cadangan (laba ditahan), operasional BKM, dan kegiatan sosial seperti penanganan kumuh. Tambahkan akun tujuan di Bagan akun bila perlu.",
            "A year's net profit is allocated by board decision, e.g. to reserves (retained earnings), BKM operations and social activities such as slum handling. Add destination accounts in the chart of accounts if needed.")) }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Tahun", "Year")) } th.num { (lang.pick("Laba bersih", "Net profit")) } th.num { (lang.pick("Dialokasikan", "Allocated")) } th.num { (lang.pick("Sisa", "Left")) } } }
            tbody { @for y in &years {
                tr {
                    td data-label=(lang.pick("Tahun", "Year")) { a href={"/i/" (id) "/books/income?from=" (y.year) "-01-01&to=" (y.year) "-12-31"} { (y.year) } }
                    td.num data-label=(lang.pick("Laba bersih", "Net profit")) { (Rupiah(y.net)) }
                    td.num data-label=(lang.pick("Dialokasikan", "Allocated")) { (Rupiah(y.allocated)) }
                    td.num data-label=(lang.pick("Sisa", "Left")) { (Rupiah(y.net - y.allocated)) }
                }
            } }
        } }
        @let done: Vec<_> = entries.iter().filter(|e| e.source == "allocation").collect();
        @if !done.is_empty() {
            h2 { (lang.pick("Keputusan alokasi", "Allocation decisions")) }
            ul { @for e in done { li { a href={"/i/" (id) "/books/journal/" (e.id)} { (layout::date(lang, &e.posted_on)) ": " (e.memo) " · " (Rupiah(e.total)) } } } }
        }
        @if can {
            h2 { (lang.pick("Alokasikan laba", "Allocate profit")) }
            (f.error_summary(lang))
            form.stack.card method="post" action={"/i/" (id) "/books/allocation"} novalidate {
                (csrf_field(&s.csrf))
                (f.select("year", lang.pick("Laba tahun", "Profit of the year"), &year_options))
                (f.input("decided_on", lang.pick("Tanggal keputusan", "Decision date"), "date", None))
                (f.input("decision", lang.pick("Keputusan pengurus (rapat, no. berita acara)", "Board decision (meeting, minutes no.)"), "text", None))
                @for i in 0..LINES {
                    div.card {
                        (f.select(&format!("alloc-{i}-account"), &format!("{} {}", lang.pick("Tujuan", "Destination"), i + 1), &targets))
                        (f.input(&format!("alloc-{i}-amount"), lang.pick("Jumlah", "Amount"), "text", None))
                    }
                }
                button type="submit" { (lang.pick("Simpan alokasi", "Record the allocation")) }
            }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Alokasi laba", "Profit allocation"), body)).into_response())
}

pub async fn page(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let mut f = FormState::default();
    f.values.insert("decided_on".into(), chrono::Local::now().date_naive().to_string());
    f.values.insert("year".into(), (chrono::Local::now().date_naive().year() - 1).to_string());
    render(&st, &s, id, &f, StatusCode::OK).await
}

pub async fn allocate(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Checked { s, mut input, form }: Checked<svc::AllocationInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    input.lines = form.rows(lang, "alloc", "account")?;
    match svc::allocate(&st.db, &s.ctx, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/books/allocation")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render(&st, &s, id, &FormState::with_errors(form.0.clone(), &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
