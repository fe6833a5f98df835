//! JSON bodies and paging parameters, with every rejection turned into problem+json that says
//! what was wrong.

use crate::web::error::WebError;
use crate::web::session::api_lang;
use crate::web::AppState;
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
        serde_json::from_slice(&bytes).map(ApiJson).map_err(|e| {
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

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct Paging {
    /// Page number, from 1
    pub page: Option<String>,
    /// Rows per page, 1-200 (default 50)
    pub per_page: Option<String>,
    /// Search text
    pub q: Option<String>,
}

impl Paging {
    pub fn limit_offset(&self) -> (i64, i64, i64) {
        let page = self.page.as_deref().and_then(|p| p.parse::<i64>().ok()).filter(|p| *p >= 1 && *p < 1_000_000).unwrap_or(1);
        let per = self.per_page.as_deref().and_then(|p| p.parse::<i64>().ok()).filter(|p| (1..=200).contains(p)).unwrap_or(50);
        (page, per, (page - 1) * per)
    }

    pub fn search(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
}
