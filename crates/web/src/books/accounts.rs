//! The chart of accounts: the list with a form to add an account, and removal of unused ones.

use crate::error::WebError;
use crate::form::{Checked, CheckedForm};
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_core::app::books::accounts as svc;
use swadaya_core::app::AppError;
use swadaya_domain::ledger::ALL_KINDS;
use swadaya_domain::roles::Action;

async fn render(st: &AppState, s: &Session, id: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let chart = svc::chart(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let can = s.ctx.actor.can(id, Action::WriteBooks);
    let kinds: Vec<(String, String)> = ALL_KINDS.iter().map(|k| (k.code().to_string(), k.label(lang).to_string())).collect();
    let body = html! {
        p.muted { a href={"/i/" (id) "/books"} { "← " (lang.pick("Buku UPK", "UPK books")) } }
        h1 { (lang.pick("Bagan akun", "Chart of accounts")) }
        (f.error_summary(lang))
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Kode", "Code")) } th { (lang.pick("Nama", "Name")) } th { (lang.pick("Golongan", "Kind")) } th {} } }
            tbody { @for a in &chart {
                tr {
                    td data-label=(lang.pick("Kode", "Code")) { a href={"/i/" (id) "/books/ledger/" (a.code)} { (a.code) } }
                    td data-label=(lang.pick("Nama", "Name")) { (a.name) }
                    td data-label=(lang.pick("Golongan", "Kind")) {
                        (a.kind().label(lang))
                        @if a.contra { " " span.badge { (lang.pick("pengurang", "contra")) } }
                        @if a.cash { " " span.badge { (lang.pick("kas/bank", "cash/bank")) } }
                    }
                    td { @if can {
                        form method="post" action={"/i/" (id) "/books/accounts/" (a.code) "/delete"} {
                            (csrf_field(&s.csrf))
                            button.secondary type="submit" { (lang.pick("Hapus", "Delete")) }
                        }
                    } }
                }
            } }
        } }
        @if can {
            h2 { (lang.pick("Tambah akun", "Add an account")) }
            form.stack.card method="post" action={"/i/" (id) "/books/accounts"} novalidate {
                (csrf_field(&s.csrf))
                (f.input("code", lang.pick("Kode akun", "Account code"), "text", Some(lang.pick("3–10 angka, mis. 51050", "3–10 digits, e.g. 51050"))))
                (f.input("name", lang.pick("Nama akun", "Account name"), "text", None))
                (f.select("kind", lang.pick("Golongan", "Kind"), &kinds))
                label { input type="checkbox" name="contra" checked[f.value("contra") == "on"]; (lang.pick("Akun pengurang (mis. akumulasi penyusutan)", "Contra account (e.g. accumulated depreciation)")) }
                label { input type="checkbox" name="cash" checked[f.value("cash") == "on"]; (lang.pick("Akun kas atau bank", "Cash or bank account")) }
                (f.errors_for("cash"))
                button type="submit" { (lang.pick("Simpan akun", "Save account")) }
            }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Bagan akun", "Chart of accounts"), body)).into_response())
}

pub async fn page(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    render(&st, &s, id, &FormState::default(), StatusCode::OK).await
}

pub async fn add(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Checked { s, input, form }: Checked<svc::AccountInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::add(&st.db, &s.ctx, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/books/accounts")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render(&st, &s, id, &FormState::with_errors(form.0.clone(), &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

pub async fn delete(
    State(st): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
    CheckedForm { s, form: _ }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::remove(&st.db, &s.ctx, id, &code).await {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}/books/accounts")).into_response()),
        Err(AppError::Conflict { message, .. }) => {
            let mut f = FormState::default();
            f.errors.insert("code".into(), vec![message]);
            render(&st, &s, id, &f, StatusCode::CONFLICT).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
