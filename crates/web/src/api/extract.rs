//! JSON bodies and paging parameters, with every rejection turned into problem+json that says
//! what was wrong.

use crate::error::WebError;
use crate::session::api_lang;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

/// problem+json (RFC 9457) as this API sends it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Problem {
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub errors: Option<Vec<ProblemField>>,
    /// Link to the existing record on a duplicate (409)
    pub existing: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub message: String,
}

pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = WebError;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = api_lang(req.headers());
        let key = idem_key_of(&req);
        let ct = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        if !ct.starts_with("application/json") {
            return Err(WebError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                lang,
                lang.pick("Jenis isi tidak didukung", "Unsupported content type"),
                lang.pick("Kirim isi sebagai application/json.", "Send the body as application/json."),
            )
            .api());
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|_| {
            WebError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                lang,
                lang.pick("Terlalu besar", "Too large"),
                lang.pick("Isi permintaan terlalu besar.", "The request body is too large."),
            )
            .api()
        })?;
        let parsed = serde_json::from_slice::<serde_json::Value>(&bytes).and_then(|mut v| {
            // The command records the key in the same transaction as its write, so a retry after
            // a crash between that commit and the stored answer still finds what it made.
            if let (Some(key), Some(body)) = (key, v.as_object_mut()) {
                if body.get("idem_key").and_then(|k| k.as_str()).is_none_or(|k| k.trim().is_empty()) {
                    body.insert("idem_key".into(), serde_json::Value::String(key));
                }
            }
            serde_json::from_value::<T>(v)
        });
        parsed.map(ApiJson).map_err(|e| {
            let what = match lang {
                swadaya_domain::Lang::Id => {
                    format!("JSON tidak sah: {e}. Periksa nama dan jenis setiap kolom di /api/v1/openapi.json.")
                }
                swadaya_domain::Lang::En => {
                    format!("Invalid JSON: {e}. Check each field's name and type in /api/v1/openapi.json.")
                }
            };
            WebError::bad_request(lang, what).api()
        })
    }
}

/// The `Idempotency-Key` header as the command's own key: per caller (two users may pick the
/// same key), hashed to a fixed length the commands accept.
fn idem_key_of(req: &Request) -> Option<String> {
    use sha2::{Digest, Sha256};
    let user = req.extensions().get::<crate::session::ApiUser>()?.0;
    let key = req.headers().get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::trim).filter(|k| !k.is_empty())?;
    Some(format!("api-{user}-{}", &hex::encode(Sha256::digest(key.as_bytes()))[..40]))
}
