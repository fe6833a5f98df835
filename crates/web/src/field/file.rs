//! The page where an officer imports a sheet a phone could not send, from the file its outbox
//! downloaded (`app::field::file`).

use crate::activities::proposals::app_err;
use crate::error::WebError;
use crate::flash;
use crate::form::FormData;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::upload::Files;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use swadaya_core::app::field::file;
use swadaya_core::app::ksm::corrections::Outcome;
use swadaya_core::app::ksm::sheets::meeting_link;
use swadaya_core::app::{AppError, FieldError};
use swadaya_domain::roles::Action;
use swadaya_domain::Lang;

fn page(lang: Lang, s: &Session, id: i64, k: i64, group: &str, f: &FormState) -> Markup {
    let title = lang.pick("Impor berkas dari ponsel", "Import a file from a phone");
    layout::page(
        lang,
        Some(s),
        title,
        html! {
            p.muted { a href={"/i/" (id) "/ksm/" (k)} { "← " (group) } }
            h1 { (title) }
            p { (lang.pick(
                "Lembar yang ditolak di ponsel dapat diunduh sebagai berkas (\"Unduh berkas\" di kotak keluar mode lapangan). Impor berkas itu di sini: bila tanggal pertemuannya belum tercatat, lembarnya dicatat; bila sudah, lembarnya disimpan sebagai usulan koreksi di samping lembar asli untuk diterima atau ditolak. Berkas yang sama tidak pernah tercatat dua kali.",
                "A sheet refused on a phone can be downloaded as a file (\"Download file\" in the field mode outbox). Import it here: if its meeting date is not yet recorded, the sheet is recorded; if it is, the sheet is kept as a proposed correction beside the original, to accept or refuse. The same file is never recorded twice.")) }
            (f.error_summary(lang))
            form.stack.card method="post" action={"/i/" (id) "/ksm/" (k) "/field-file"} enctype="multipart/form-data" novalidate {
                (csrf_field(&s.csrf))
                label for="file" { (lang.pick("Berkas dari ponsel (.json)", "File from the phone (.json)")) }
                input #file type="file" name="file" accept=".json,application/json" class=[f.errors.get("file").map(|_| "invalid")];
                (f.errors_for("file"))
                button type="submit" { (lang.pick("Impor", "Import")) }
            }
        },
    )
}

async fn group_name(st: &AppState, s: &Session, id: i64, k: i64) -> Result<String, WebError> {
    Ok(swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(app_err(s.ctx.lang))?.data.name)
}

pub async fn form(State(st): State<AppState>, s: Session, Path((id, k)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require_ksm(id, k, Action::RecordMeetings).map_err(app_err(lang))?;
    let group = group_name(&st, &s, id, k).await?;
    Ok(page(lang, &s, id, k, &group, &FormState::default()).into_response())
}

pub async fn import(
    State(st): State<AppState>,
    s: Session,
    Path((id, k)): Path<(i64, i64)>,
    Files(mut mp): Files,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    // Refused before the upload is read: a file is no business of someone who may not post it.
    s.ctx.require_ksm(id, k, Action::RecordMeetings).map_err(app_err(lang))?;
    let group = group_name(&st, &s, id, k).await?;
    let bad = |_| {
        WebError::bad_request(
            lang,
            lang.pick("Unggahan tidak terbaca atau lebih dari 5 MB.", "The upload could not be read or is over 5 MB."),
        )
    };
    let (mut csrf, mut bytes) = (String::new(), Vec::new());
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "_csrf" => csrf = field.text().await.map_err(bad)?,
            "file" => bytes = field.bytes().await.map_err(bad)?.to_vec(),
            _ => {}
        }
    }
    FormData([("_csrf".to_string(), csrf)].into_iter().collect()).check_csrf(&s.csrf, lang)?;
    let refused = |errors: Vec<FieldError>| {
        let f = FormState::with_errors(Default::default(), &errors);
        (StatusCode::UNPROCESSABLE_ENTITY, page(lang, &s, id, k, &group, &f)).into_response()
    };
    if bytes.is_empty() {
        return Ok(refused(vec![FieldError {
            field: "file".into(),
            message: lang.pick("Pilih berkas dari ponsel dulu.", "Choose the file from the phone first.").into(),
        }]));
    }
    match file::import(&st.db, &s.ctx, id, k, &bytes).await {
        Ok(Outcome::Recorded(m)) => Ok(flash::saved(
            &meeting_link(id, k, m),
            lang.pick("Lembar dari berkas ponsel tercatat.", "The sheet from the phone's file is recorded."),
        )),
        Ok(Outcome::Proposed(_, original)) => Ok(flash::saved(
            &meeting_link(id, k, original),
            lang.pick(
                "Tanggal itu sudah tercatat: isi berkas disimpan sebagai usulan koreksi di halaman ini. Terima atau tolak usulannya.",
                "That date is already recorded: the file is kept as a proposed correction on this page. Accept or refuse it.",
            ),
        )),
        // The sheet's own reasons, each named by its member, under the file field.
        Err(AppError::Invalid(errs)) => {
            let members = swadaya_core::app::ksm::records::members(&st.db, &s.ctx, id, k).await.map_err(app_err(s.ctx.lang))?;
            // The phone writes the names of its sheet's members into the file; a member the
            // group no longer knows is named from there.
            let in_file: std::collections::HashMap<String, String> = serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|v| serde_json::from_value(v.get("names")?.clone()).ok())
                .unwrap_or_default();
            let named = errs
                .into_iter()
                .map(|e| {
                    let member = e.field.strip_prefix("line-").and_then(|r| r.split('-').next()).map(|m| {
                        let name = members.iter().find(|x| x.id.to_string() == m).map(|x| x.name.clone()).or_else(|| in_file.get(m).cloned());
                        format!("{}: ", name.unwrap_or_else(|| format!("{} {m}", lang.pick("anggota no.", "member no."))))
                    });
                    let message = match (e.field.as_str(), member) {
                        ("file", _) => e.message,
                        (_, Some(who)) if !e.message.contains(who.trim_end_matches(": ")) => format!("{who}{}", e.message),
                        _ => e.message,
                    };
                    FieldError { field: "file".into(), message }
                })
                .collect();
            Ok(refused(named))
        }
        Err(AppError::Conflict { message, .. }) => Ok(refused(vec![FieldError { field: "file".into(), message }])),
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
