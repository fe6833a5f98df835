//! Forms with files (multipart): the text fields become a `FormData` (CSRF checked like any
//! form), the files a list of uploads; empty file inputs are left out.

use super::error::WebError;
use super::form::FormData;
use super::session::Viewer;
use super::AppState;
use crate::app::attachments::Upload;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
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
/// checks its own limits).
pub async fn read_with(mut mp: Multipart, lang: Lang) -> Result<(FormData, Vec<Upload>), WebError> {
    let bad = |_| {
        WebError::bad_request(
            lang,
            lang.pick(
                "Unggahan tidak terbaca atau lebih dari 5 MB seluruhnya. Kecilkan foto lalu kirim lagi.",
                "The upload could not be read or is over 5 MB in all. Make the photos smaller and send again.",
            ),
        )
    };
    let mut fields = std::collections::HashMap::new();
    let mut files = Vec::new();
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        match field.file_name().map(str::to_string) {
            Some(filename) => {
                let bytes = field.bytes().await.map_err(bad)?.to_vec();
                if !bytes.is_empty() {
                    files.push(Upload { filename, bytes });
                }
            }
            None => {
                fields.insert(name, field.text().await.map_err(bad)?);
            }
        }
    }
    Ok((FormData(fields), files))
}

/// A stored attachment shown in the browser (its type was checked by content on upload).
pub fn inline(meta: &crate::store::attachments::Meta, data: Vec<u8>, cache: &'static str) -> axum::response::Response {
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
