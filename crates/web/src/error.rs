//! Errors as users meet them: a friendly page in their language, or `application/problem+json`
//! naming the field for API clients.

use super::layout;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_core::app::{AppError, FieldError};
use swadaya_domain::Lang;

#[derive(Debug)]
pub struct WebError {
    pub status: StatusCode,
    pub lang: Lang,
    pub api: bool,
    pub title: String,
    pub detail: String,
    pub fields: Vec<FieldError>,
    pub link: Option<String>,
    /// The link's text, when it is not "open the existing record".
    pub link_label: Option<String>,
    pub redirect: Option<String>,
}

impl WebError {
    pub fn new(status: StatusCode, lang: Lang, title: &str, detail: impl Into<String>) -> WebError {
        WebError {
            status,
            lang,
            api: false,
            title: title.into(),
            detail: detail.into(),
            fields: vec![],
            link: None,
            link_label: None,
            redirect: None,
        }
    }

    pub fn api(mut self) -> WebError {
        self.api = true;
        self
    }

    pub fn internal(e: impl std::fmt::Display) -> WebError {
        tracing::error!("internal error: {e}");
        WebError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            Lang::Id,
            "Terjadi kesalahan di server / Server error",
            "Permintaan tidak dapat diproses; data yang sudah tersimpan tidak berubah. Coba lagi, atau hubungi admin. / The request could not be processed; saved data is unchanged.",
        )
    }

    pub fn login_required(next: &str) -> WebError {
        let mut e = WebError::new(StatusCode::SEE_OTHER, Lang::Id, "", "");
        e.redirect = Some(format!("/login?next={}", urlencoding::encode(next)));
        e
    }

    pub fn unauthorized(lang: Lang) -> WebError {
        WebError::new(
            StatusCode::UNAUTHORIZED,
            lang,
            lang.pick("Perlu token API", "API token required"),
            lang.pick(
                "Kirim header Authorization: Bearer <token>. Buat token dengan `swadaya user token`.",
                "Send the header Authorization: Bearer <token>. Create one with `swadaya user token`.",
            ),
        )
        .api()
    }

    pub fn bad_request(lang: Lang, detail: impl Into<String>) -> WebError {
        WebError::new(StatusCode::BAD_REQUEST, lang, lang.pick("Permintaan tidak sah", "Bad request"), detail)
    }

    pub fn csrf(lang: Lang) -> WebError {
        WebError::new(
            StatusCode::FORBIDDEN,
            lang,
            lang.pick("Formulir kedaluwarsa", "Form expired"),
            lang.pick(
                "Formulir ini sudah kedaluwarsa atau bukan dari Swadaya. Muat ulang halaman lalu kirim lagi.",
                "This form has expired or did not come from Swadaya. Reload the page and submit again.",
            ),
        )
    }

    pub fn from_app(e: AppError, lang: Lang) -> WebError {
        match e {
            AppError::Invalid(fields) => {
                let detail = fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; ");
                let mut w = WebError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    lang,
                    lang.pick("Isian belum benar", "Some fields are not right"),
                    detail,
                );
                w.fields = fields;
                w
            }
            AppError::NotFound => WebError::new(
                StatusCode::NOT_FOUND,
                lang,
                lang.pick("Tidak ditemukan", "Not found"),
                lang.pick(
                    "Data ini tidak ada atau bukan bagian dari lembaga Anda.",
                    "This record does not exist or is not part of your institution.",
                ),
            ),
            AppError::Forbidden => WebError::new(
                StatusCode::FORBIDDEN,
                lang,
                lang.pick("Tidak diizinkan", "Not allowed"),
                lang.pick(
                    "Peran Anda tidak mengizinkan tindakan ini. Minta admin lembaga bila perlu.",
                    "Your role does not allow this. Ask your institution's admin if you need it.",
                ),
            ),
            AppError::Conflict { message, link } => {
                let mut w = WebError::new(StatusCode::CONFLICT, lang, lang.pick("Sudah ada", "Already exists"), message);
                w.link = link;
                w
            }
            AppError::Db(e) => WebError::internal(e),
            AppError::Internal(e) => WebError::internal(e),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let Some(to) = self.redirect {
            return Redirect::to(&to).into_response();
        }
        if self.api {
            let mut body = serde_json::json!({
                "type": "about:blank",
                "title": self.title,
                "status": self.status.as_u16(),
                "detail": self.detail,
            });
            if !self.fields.is_empty() {
                body["errors"] = serde_json::to_value(&self.fields).unwrap_or_default();
            }
            if let Some(l) = &self.link {
                body["existing"] = serde_json::Value::from(l.as_str());
            }
            return (self.status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response();
        }
        let lang = self.lang;
        let body = html! {
                h1 { (self.title) }
                p.error-detail { (self.detail) }
                @if !self.fields.is_empty() {
                    ul.errors { @for f in &self.fields { li { (f.message) } } }
                }
                @if let Some(l) = &self.link {
                    p { a href=(l) { (self.link_label.as_deref().unwrap_or(lang.pick("Buka data yang sudah ada", "Open the existing record"))) } }
                }
                p { a href="/" { (lang.pick("Kembali ke beranda", "Back to the home page")) } }
        };
        let mut resp = (self.status, layout::bare(lang, &self.title, body.clone())).into_response();
        resp.extensions_mut().insert(ErrorPage { title: self.title, body: body.into_string() });
        resp
    }
}

/// An error page's title and body, kept with the response so `keep_header` can frame it again
/// for the signed-in user who met it.
#[derive(Clone)]
struct ErrorPage {
    title: String,
    body: String,
}

/// A signed-in user who meets an error (403, 404, a refused form) keeps their own header: the
/// error is framed like every other page they see, not with a visitor's "Masuk".
pub async fn keep_header(
    axum::extract::State(st): axum::extract::State<super::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use axum::extract::FromRequestParts;
    if is_api(req.uri()) || super::session::cookie(req.headers(), super::session::SESSION_COOKIE).is_none() {
        return next.run(req).await;
    }
    let (headers, uri) = (req.headers().clone(), req.uri().clone());
    let mut resp = next.run(req).await;
    let Some(page) = resp.extensions_mut().remove::<ErrorPage>() else { return resp };
    let Ok(probe) = axum::http::Request::builder().uri(uri).body(()) else { return resp };
    let (mut parts, ()) = probe.into_parts();
    parts.headers = headers;
    let Ok(session) = super::session::Session::from_request_parts(&mut parts, &st).await else { return resp };
    let framed = layout::page(session.ctx.lang, Some(&session), &page.title, maud::PreEscaped(page.body));
    resp.headers_mut().remove(header::CONTENT_LENGTH);
    *resp.body_mut() = axum::body::Body::from(framed.into_string());
    resp
}

/// Requests answered as the API answers (problem+json) rather than with a page.
pub fn is_api(uri: &Uri) -> bool {
    uri.path().starts_with("/api/")
}

pub async fn not_found_page(uri: Uri, headers: axum::http::HeaderMap) -> WebError {
    if is_api(&uri) {
        WebError::from_app(AppError::NotFound, super::session::api_lang(&headers)).api()
    } else {
        WebError::from_app(AppError::NotFound, super::session::visitor_lang(&headers))
    }
}

/// Rejections produced by the framework itself (an id that is not a number, a wrong method, a
/// malformed query) come as plain English text; they are turned into the same friendly page or
/// problem+json as every other error. Pages for signed-in users (and API answers) are marked
/// `no-store` so a shared phone does not keep personal data in its cache.
/// A bug that makes a handler panic gets the server-error page (or problem+json on the API) and
/// a log line, instead of a dropped connection. A transaction still open rolls back as the panic
/// unwinds, so what was saved before stays as it was, as the page says.
pub async fn catch_panic(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    use futures_util::FutureExt;
    let api = is_api(req.uri());
    match std::panic::AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(resp) => resp,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let e = WebError::internal(format!("a handler panicked: {what}"));
            if api {
                e.api().into_response()
            } else {
                e.into_response()
            }
        }
    }
}

pub async fn polish(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = is_api(req.uri());
    let headers = req.headers().clone();
    let private =
        headers.contains_key(header::AUTHORIZATION) || super::session::cookie(&headers, super::session::SESSION_COOKIE).is_some();
    let mut resp = next.run(req).await;
    let plain =
        resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|c| c.starts_with("text/plain"));
    let status = resp.status();
    if plain && (status.is_client_error()) {
        let lang = if api { super::session::api_lang(&headers) } else { super::session::visitor_lang(&headers) };
        let e = match status {
            StatusCode::NOT_FOUND | StatusCode::BAD_REQUEST if !api => WebError::from_app(AppError::NotFound, lang),
            StatusCode::METHOD_NOT_ALLOWED => WebError::new(
                status,
                lang,
                lang.pick("Cara akses tidak didukung", "Method not allowed"),
                lang.pick("Alamat ini tidak menerima cara akses tersebut.", "This address does not accept that method."),
            ),
            StatusCode::NOT_FOUND => WebError::from_app(AppError::NotFound, lang),
            _ => WebError::bad_request(
                lang,
                lang.pick(
                    "Permintaan tidak dapat dibaca: periksa alamat dan isinya.",
                    "The request could not be read: check the address and its contents.",
                ),
            ),
        };
        resp = if api { e.api().into_response() } else { e.into_response() };
    }
    if private && !resp.headers().contains_key(header::CACHE_CONTROL) {
        resp.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    }
    resp
}
