//! Opening balances imported from the UPK's Excel books (xlsx or CSV), with a template.

use crate::error::WebError;
use crate::form::FormData;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::upload::Files;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_core::app::books::opening as svc;
use swadaya_core::app::AppError;
use swadaya_domain::roles::Action;

fn render(s: &Session, id: i64, f: &FormState, status: StatusCode) -> Response {
    let lang = s.ctx.lang;
    let body = html! {
        p.muted { a href={"/i/" (id) "/books"} { "← " (lang.pick("Buku UPK", "UPK books")) } }
        h1 { (lang.pick("Impor saldo awal dari Excel", "Import opening balances from Excel")) }
        p { (lang.pick(
            "Satu baris per akun: kode akun, nama (boleh kosong), saldo debit atau kredit. Jumlah debit harus sama dengan kredit. Saldo awal hanya dicatat sekali, sebelum jurnal lain.",
            "One row per account: account code, name (may be empty), debit or credit balance. Debits must equal credits. Opening balances are recorded once, before any other entry.")) }
        p { a.button.secondary href={"/i/" (id) "/books/opening/template.xlsx"} { (lang.pick("Unduh templat (xlsx)", "Download the template (xlsx)")) } }
        (f.error_summary(lang))
        @if let Some(es) = f.errors.get("file") {
            div.warn role="alert" { ul { @for e in es { li { (e) } } } }
        }
        form.stack.card method="post" action={"/i/" (id) "/books/opening"} enctype="multipart/form-data" novalidate {
            (csrf_field(&s.csrf))
            (f.input("posted_on", lang.pick("Tanggal saldo awal", "Date of the opening balances"), "date", None))
            label for="file" { (lang.pick("Berkas xlsx atau CSV", "xlsx or CSV file")) }
            input id="file" name="file" type="file" accept=".xlsx,.csv";
            button type="submit" { (lang.pick("Periksa dan catat", "Check and record")) }
        }
    };
    (status, layout::page(lang, Some(s), lang.pick("Impor saldo awal", "Import opening balances"), body)).into_response()
}

pub async fn page(s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    s.ctx.require(id, Action::WriteBooks).map_err(|e| WebError::from_app(e, s.ctx.lang))?;
    let mut f = FormState::default();
    f.values.insert("posted_on".into(), chrono::Local::now().date_naive().to_string());
    Ok(render(&s, id, &f, StatusCode::OK))
}

pub async fn template(s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    s.ctx.require(id, Action::ReadBooks).map_err(|e| WebError::from_app(e, s.ctx.lang))?;
    Ok(crate::download::file(
        swadaya_core::reports::xlsx(&svc::template()).map_err(WebError::internal)?,
        swadaya_core::reports::XLSX_TYPE,
        "templat-saldo-awal.xlsx",
    ))
}

pub async fn upload(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Files(mut mp): Files,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    // Refused before the upload is read: a file is no business of someone who may not post it.
    s.ctx.require(id, Action::WriteBooks).map_err(|e| WebError::from_app(e, lang))?;
    let bad = |_| {
        WebError::bad_request(
            lang,
            lang.pick("Unggahan tidak terbaca atau lebih dari 5 MB.", "The upload could not be read or is over 5 MB."),
        )
    };
    let (mut csrf, mut posted_on, mut file) = (String::new(), String::new(), None);
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "_csrf" => csrf = field.text().await.map_err(bad)?,
            "posted_on" => posted_on = field.text().await.map_err(bad)?,
            "file" => {
                let name = field.file_name().unwrap_or("").to_string();
                file = Some((name, field.bytes().await.map_err(bad)?.to_vec()));
            }
            _ => {}
        }
    }
    FormData([("_csrf".to_string(), csrf)].into_iter().collect()).check_csrf(&s.csrf, lang)?;
    let mut values = std::collections::HashMap::new();
    values.insert("posted_on".to_string(), posted_on.clone());
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let errs = vec![swadaya_core::app::FieldError {
            field: "file".into(),
            message: lang.pick("Pilih berkas dulu.", "Choose a file first.").into(),
        }];
        return Ok(render(&s, id, &FormState::with_errors(values, &errs), StatusCode::UNPROCESSABLE_ENTITY));
    };
    match svc::import(&st.db, &s.ctx, id, &posted_on, &name, &bytes).await {
        Ok(eid) => Ok(Redirect::to(&format!("/i/{id}/books/journal/{eid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            Ok(render(&s, id, &FormState::with_errors(values, &errs), StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
