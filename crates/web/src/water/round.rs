//! A reader's round at the office: every meter of a metered scheme for a month, with its last
//! figure and the customer's usual use, and a box for this month's figure. Saved together: one
//! wrong figure keeps the whole round on the page with the error on its line.

use super::{back, month};
use crate::activities::proposals::app_err;
use crate::error::WebError;
use crate::form::CheckedForm;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use std::collections::HashMap;
use swadaya_core::app::water::readings::{self, RoundEntry};
use swadaya_core::app::water::setup;
use swadaya_core::app::{AppError, Errors};
use swadaya_domain::roles::Action;

async fn render(st: &AppState, s: &Session, id: i64, sid: i64, f: &FormState, code: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (sc, _) = setup::scheme(&st.db, &s.ctx, id, sid).await.map_err(app_err(lang))?;
    let mut e = Errors::default();
    let m = swadaya_core::app::water::month_field(&mut e, lang, "month", f.value("month"))
        .unwrap_or_else(|| readings::month_shift(&swadaya_core::app::water::this_month(), -1));
    let lines = readings::round(&st.db, &s.ctx, id, sid, &m).await.map_err(app_err(lang))?;
    let can_run = s.ctx.actor.can(id, Action::RunWater);
    let open = lines.iter().filter(|l| l.reading.is_none()).count();
    let body = html! {
        (back(id, lang))
        h1 { (lang.pick("Catat meter: ", "Meter round: ")) (sc.name) }
        form.filters method="get" action={"/i/" (id) "/water/schemes/" (sid) "/round"} {
            label for="round-month" { (lang.pick("Bulan pemakaian", "Month of use")) }
            input id="round-month" name="month" type="month" value=(m);
            button.secondary type="submit" { (lang.pick("Tampilkan", "Show")) }
        }
        p { (month(&m, lang)) ": " (lines.len() - open) " / " (lines.len()) " " (lang.pick("meter sudah dicatat.", "meters read.")) }
        (f.error_summary(lang))
        (f.errors_at("lines"))
        form.stack method="post" action={"/i/" (id) "/water/schemes/" (sid) "/round"} novalidate {
            (csrf_field(&s.csrf))
            input type="hidden" name="month" value=(m);
            @if can_run && open > 0 { (f.input("read_on", lang.pick("Tanggal dibaca", "Read on"), "date", None)) }
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("Pelanggan", "Customer")) } th.num { (lang.pick("Angka lalu", "Last figure")) } th.num { (lang.pick("Biasanya", "Usual")) } th { (lang.pick("Angka bulan ini", "This month's figure")) } } }
                tbody { @for (n, l) in lines.iter().enumerate() { tr {
                    td data-label=(lang.pick("Pelanggan", "Customer")) { div { input type="hidden" name={"line-" (n) "-customer_id"} value=(l.customer_id); a href={"/i/" (id) "/water/customers/" (l.customer_id)} { (l.number) " " (l.name) } br; span.muted { (l.address) " · " (l.serial) } } }
                    td.num data-label=(lang.pick("Angka lalu", "Last figure")) { div { (l.last_reading) @if let Some(lm) = &l.last_month { br; span.muted { (month(lm, lang)) } } } }
                    td.num data-label=(lang.pick("Biasanya", "Usual")) { @match l.usual_m3 { Some(u) => { (u) " m³" }, None => "–" } }
                    td data-label=(lang.pick("Angka bulan ini", "This month's figure")) { div {
                        @match &l.reading {
                            Some(r) => { strong { (r.reading) } " (" (r.m3) " m³)" @if r.unusual { " " span.badge.warn { (lang.pick("tidak biasa", "unusual")) } } }
                            None if can_run => {
                                @let name = format!("reading-{}", l.customer_id);
                                label.sr-only for=(name) { (lang.pick("Angka meter ", "Meter figure ")) (l.name) }
                                input id=(name) name={"line-" (n) "-reading"} value=(f.value(&format!("line-{n}-reading"))) inputmode="numeric" autocomplete="off";
                                (f.errors_for(&name))
                            }
                            None => span.muted { "–" },
                        }
                    } }
                } } }
            } }
            @if can_run && open > 0 { button type="submit" { (lang.pick("Simpan angka yang diisi", "Save the figures entered")) } }
        }
    };
    Ok((code, layout::page(lang, Some(s), lang.pick("Catat meter", "Meter round"), body)).into_response())
}

pub async fn page(
    State(st): State<AppState>,
    s: Session,
    Path((id, sid)): Path<(i64, i64)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let mut f = FormState::default();
    if let Some(m) = q.get("month") {
        f.values.insert("month".into(), m.clone());
    }
    f.values.insert("read_on".into(), chrono::Local::now().date_naive().to_string());
    render(&st, &s, id, sid, &f, StatusCode::OK).await
}

pub async fn save(
    State(st): State<AppState>,
    Path((id, sid)): Path<(i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let lines: Vec<RoundEntry> = form.rows(lang, "line", "customer_id")?;
    let (m, read_on) = (form.get("month"), form.get("read_on"));
    match readings::record_round(&st.db, &s.ctx, id, sid, &m, &read_on, &lines).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/water/schemes/{sid}/round?month={}", m.trim())).into_response()),
        Err(AppError::Invalid(errs)) => {
            render(&st, &s, id, sid, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(app_err(lang)(e)),
    }
}
