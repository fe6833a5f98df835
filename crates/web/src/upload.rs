//! Forms with files (multipart): the text fields become a `FormData` (CSRF checked like any
//! form), the files a list of uploads; empty file inputs are left out.

use super::error::WebError;
use super::form::FormData;
use super::session::Viewer;
use super::AppState;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use swadaya_core::app::attachments::Upload;
use swadaya_domain::Lang;

/// A form with files. Anything else posted to it gets a page saying how the form is sent
/// (axum's own refusal would reach the visitor as "not found").
pub struct Files(pub Multipart);

impl FromRequest<AppState> for Files {
    type Rejection = WebError;
    async fn from_request(req: Request, st: &AppState) -> Result<Self, WebError> {
        let (mut parts, body) = req.into_parts();
        let lang = Viewer::from_request_parts(&mut parts, st).await?.lang;
        Multipart::from_request(Request::from_parts(parts, body), st).await.map(Files).map_err(|_| not_multipart(lang))
    }
}

pub fn not_multipart(lang: Lang) -> WebError {
    WebError::bad_request(
        lang,
        lang.pick(
            "Berkas tidak terbaca: formulir ini dikirim sebagai multipart/form-data. Kirim berkas dari halaman formulirnya.",
            "The file could not be read: this form is sent as multipart/form-data. Send the file from the form's page.",
        ),
    )
}

/// Most files one form may carry.
const MAX_FILES: usize = 5;

pub async fn read(mp: Multipart, csrf: &str, lang: Lang) -> Result<(FormData, Vec<Upload>), WebError> {
    let (form, files) = read_with(mp, lang).await?;
    form.check_csrf(csrf, lang)?;
    if files.len() > MAX_FILES {
        return Err(WebError::bad_request(lang, lang.pick("Paling banyak 5 berkas sekali kirim.", "At most 5 files at a time.")));
    }
    Ok((form, files))
}

/// The fields and files of a multipart form, unchecked (a public form without a session
/// checks its own limits). A file over `MAX_RECEIVED` is read to its end and dropped, so the
/// fields after it still arrive and the form comes back with everything typed and the reason
/// at the file field.
pub async fn read_with(mut mp: Multipart, lang: Lang) -> Result<(FormData, Vec<Upload>), WebError> {
    let bad = |_| unreadable(lang);
    let mut fields = std::collections::HashMap::new();
    let mut files = Vec::new();
    while let Some(mut field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        match field.file_name().map(str::to_string) {
            Some(filename) => {
                let (mut bytes, mut received) = (Vec::new(), 0usize);
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    received += chunk.len();
                    if received <= MAX_RECEIVED {
                        bytes.extend_from_slice(&chunk);
                    } else {
                        bytes = Vec::new();
                    }
                }
                if received > MAX_RECEIVED {
                    files.push(Upload::dropped(filename, received));
                } else if !bytes.is_empty() {
                    files.push(Upload::new(filename, bytes));
                }
            }
            None => {
                fields.insert(name, field.text().await.map_err(bad)?);
            }
        }
    }
    Ok((FormData(fields), files))
}

/// The answer when the body itself is broken or over `MAX_UPLOAD_BODY`: nothing of the form can
/// be trusted, so only the reason can be given.
fn unreadable(lang: Lang) -> WebError {
    WebError::bad_request(
        lang,
        lang.pick(
            "Unggahan tidak terbaca atau lebih dari 64 MB seluruhnya. Kirim paling banyak 5 foto sekali kirim, lalu kirim lagi.",
            "The upload could not be read or is over 64 MB in all. Send at most 5 photos at a time, then send again.",
        ),
    )
}

/// Largest request body of a form with files: five phone photos of 3-8 MB with room to spare.
/// Other bodies stay under `MAX_BODY`.
pub const MAX_UPLOAD_BODY: usize = 64 * 1024 * 1024;

/// Largest single file read; photos are shrunk after (`app::attachments`), so this is what a
/// phone camera makes, not what is kept.
pub const MAX_RECEIVED: usize = swadaya_core::app::attachments::MAX_RECEIVED;

/// Largest spreadsheet or CSV an import reads.
pub const MAX_IMPORT: usize = 5 * 1024 * 1024;

/// The body limit of an import's route: a spreadsheet is read whole into memory, so it stays
/// under `MAX_IMPORT` though forms with photos may carry more.
pub fn import_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(MAX_IMPORT)
}

/// Bodies that carry files (a form with files, or a photo sent to the API as itself) may be as
/// large as `MAX_UPLOAD_BODY`; every other body stays under `MAX_BODY`, so a text form cannot
/// make the server hold 64 MB.
pub async fn limit_body(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let content_type = req.headers().get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let carries_files = ["multipart/form-data", "image/", "application/pdf", "application/octet-stream"]
        .iter()
        .any(|t| content_type.starts_with(t));
    let limit = if carries_files { MAX_UPLOAD_BODY } else { super::MAX_BODY };
    let (parts, body) = req.into_parts();
    next.run(axum::extract::Request::from_parts(parts, axum::body::Body::new(http_body_util::Limited::new(body, limit)))).await
}

/// A stored attachment shown in the browser (its type was checked by content on upload).
pub fn inline(meta: &swadaya_core::app::attachments::Meta, data: Vec<u8>, cache: &'static str) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let safe: String = meta.filename.chars().filter(|c| c.is_ascii_alphanumeric() || ".-_ ".contains(*c)).collect();
    (
        [
            (header::CONTENT_TYPE, meta.mime.clone()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{safe}\"")),
            (header::CACHE_CONTROL, cache.to_string()),
        ],
        data,
    )
        .into_response()
}

/// A form's file input, with what it takes (in the words of the checks in `app::attachments`)
/// and its errors beside it.
pub fn files_field(name: &str, label: &str, f: &super::layout::FormState, lang: Lang) -> maud::Markup {
    let hint = lang.pick(
        "foto JPG/PNG/WebP (foto ponsel diperkecil otomatis) atau PDF sampai 4 MB; paling banyak 5",
        "JPG/PNG/WebP photo (phone photos are made smaller here) or PDF up to 4 MB; at most 5",
    );
    maud::html! {
        label for=(name) { (label) " " span.hint { (hint) } }
        input id=(name) name=(name) type="file" accept="image/jpeg,image/png,image/webp,application/pdf" multiple;
        (f.errors_for(name))
    }
}
