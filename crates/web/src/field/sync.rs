//! The field script's JSON calls, on the browser session (cookie) rather than an API token:
//! who is logged in (with the CSRF token a send needs), the pack, and one outbox item.

use crate::error::WebError;
use crate::session::{Session, Viewer};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use swadaya_core::app::field::{self, Item};
use swadaya_core::app::AppError;
use swadaya_domain::Lang;

/// The phone's outbox waits for a login instead of being sent to a login page.
fn logged_in(v: Viewer) -> Result<Session, WebError> {
    let lang = v.lang;
    v.session.ok_or_else(|| {
        WebError::new(
            StatusCode::UNAUTHORIZED,
            lang,
            lang.pick("Belum masuk", "Not logged in"),
            lang.pick(
                "Masuk ke Swadaya; lembar yang menunggu dikirim sesudahnya.",
                "Log in to Swadaya; the waiting sheets are sent afterwards.",
            ),
        )
        .api()
    })
}

fn private(json: Json<serde_json::Value>) -> Response {
    ([(header::CACHE_CONTROL, "private, no-store")], json).into_response()
}

pub async fn session(v: Viewer) -> Result<Response, WebError> {
    let s = logged_in(v)?;
    Ok(private(Json(serde_json::json!({
        "username": s.ctx.actor.username,
        "display_name": s.ctx.actor.display_name,
        "csrf": s.csrf,
    }))))
}

pub async fn pack(State(st): State<AppState>, v: Viewer) -> Result<Response, WebError> {
    let s = logged_in(v)?;
    let p = field::pack(&st.db, &s.ctx).await.map_err(|e| WebError::from_app(e, s.ctx.lang).api())?;
    Ok(private(Json(serde_json::to_value(p).map_err(WebError::internal)?)))
}

fn csrf_ok(headers: &HeaderMap, expected: &str) -> bool {
    crate::form::same_secret(headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or(""), expected)
}

/// Sends one waiting item. A refusal is a 200 answer with the reason; 5xx means "try later".
pub async fn send(
    State(st): State<AppState>,
    v: Viewer,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let s = logged_in(v)?;
    let lang = s.ctx.lang;
    if !csrf_ok(&headers, &s.csrf) {
        return Err(WebError::csrf(lang).api());
    }
    let item: Item = serde_json::from_slice(&body).map_err(|e| unreadable(lang, e))?;
    let reply = field::send(&st.db, &s.ctx, &item).await.map_err(|e: AppError| WebError::from_app(e, lang).api())?;
    if reply.status != field::Status::Refused {
        crate::fault::after_commit("field-sync").await;
    }
    Ok(private(Json(serde_json::to_value(reply).map_err(WebError::internal)?)))
}

fn unreadable(lang: Lang, e: serde_json::Error) -> WebError {
    WebError::new(
        StatusCode::BAD_REQUEST,
        lang,
        lang.pick("Kiriman tidak terbaca", "Unreadable item"),
        match lang {
            Lang::Id => format!("Item dari ponsel tidak sesuai bentuknya ({e}). Unduh item itu dan serahkan kepada pengurus."),
            Lang::En => {
                format!("The phone's item does not have the expected shape ({e}). Download it and give it to an officer.")
            }
        },
    )
    .api()
}
