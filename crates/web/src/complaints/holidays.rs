//! The holidays page: the days off the complaint clocks skip besides weekends. One calendar
//! serves the whole server, so only the system administrator changes it.

use crate::activities::proposals::app_err;
use crate::error::WebError;
use crate::form::CheckedForm;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_core::app::complaints::holidays as svc;
use swadaya_core::app::AppError;

async fn render(st: &AppState, s: &Session, f: &FormState, code: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require_system().map_err(app_err(lang))?;
    let days = svc::list(&st.db, &s.ctx).await.map_err(app_err(lang))?;
    let title = lang.pick("Hari libur", "Holidays");
    let body = html! {
        h1 { (title) }
        p { (lang.pick(
            "Batas waktu pengaduan dihitung dalam hari kerja: Sabtu, Minggu dan tanggal di bawah ini dilewati. Tambahkan libur nasional dan cuti bersama tahun berikutnya sesuai SKB 3 Menteri.",
            "Complaint deadlines count working days: Saturdays, Sundays and the dates below are skipped. Add next year's national holidays and cuti bersama from the joint ministerial decree (SKB 3 Menteri).")) }
        (f.error_summary(lang))
        form.stack.card method="post" action="/admin/holidays" novalidate {
            (csrf_field(&s.csrf))
            (f.input("day", lang.pick("Tanggal", "Date"), "date", None))
            (f.input("name", lang.pick("Keterangan", "Name"), "text", Some(lang.pick("misalnya Cuti bersama Idul Fitri", "e.g. Cuti bersama Idul Fitri"))))
            button type="submit" { (lang.pick("Tambah", "Add")) }
        }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Tanggal", "Date")) } th { (lang.pick("Keterangan", "Name")) } th {} } }
            tbody { @for (d, n) in &days { tr {
                td data-label=(lang.pick("Tanggal", "Date")) { (layout::date(lang, d)) }
                td data-label=(lang.pick("Keterangan", "Name")) { (n) }
                td { form method="post" action="/admin/holidays/delete" {
                    (csrf_field(&s.csrf)) input type="hidden" name="day" value=(d);
                    button.secondary type="submit" { (lang.pick("Hapus", "Remove")) }
                } }
            } } }
        } }
    };
    Ok((code, layout::page(lang, Some(s), title, body)).into_response())
}

pub async fn page(State(st): State<AppState>, s: Session) -> Result<Response, WebError> {
    render(&st, &s, &FormState::default(), StatusCode::OK).await
}

pub async fn add(State(st): State<AppState>, CheckedForm { s, form }: CheckedForm) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::add(&st.db, &s.ctx, &form.get("day"), &form.get("name")).await {
        Ok(_) => Ok(Redirect::to("/admin/holidays").into_response()),
        Err(AppError::Invalid(errs)) => {
            render(&st, &s, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

pub async fn remove(State(st): State<AppState>, CheckedForm { s, form }: CheckedForm) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    svc::remove(&st.db, &s.ctx, &form.get("day")).await.map_err(app_err(lang))?;
    Ok(Redirect::to("/admin/holidays").into_response())
}
