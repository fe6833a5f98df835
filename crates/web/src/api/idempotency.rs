//! `Idempotency-Key` on POST: the first answer is stored with the key (per user) and replayed
//! for a retry with the same body; the same key with a different body is refused.

use crate::error::WebError;
use crate::session::api_lang;
use crate::{AppState, MAX_BODY};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use swadaya_core::app::idempotency;

pub async fn layer(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let key = req.headers().get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_string);
    let (Some(key), true) = (key, req.method() == Method::POST) else {
        return next.run(req).await;
    };
    let lang = api_lang(req.headers());
    if key.is_empty() || key.len() > 200 {
        return WebError::bad_request(
            lang,
            lang.pick("Idempotency-Key harus 1-200 karakter.", "Idempotency-Key must have 1-200 characters."),
        )
        .api()
        .into_response();
    }
    let user =
        match req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")) {
            Some(t) => match swadaya_core::app::sessions::bearer_user(&st.db, t.trim()).await {
                Ok(Some(u)) => u,
                Ok(None) => return next.run(req).await,
                Err(e) => return WebError::internal(e).api().into_response(),
            },
            None => return next.run(req).await,
        };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return WebError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            lang,
            "Too large",
            lang.pick("Isi permintaan terlalu besar.", "The request body is too large."),
        )
        .api()
        .into_response();
    };
    let fingerprint = format!("{} {} {}", parts.method, parts.uri.path(), hex::encode(Sha256::digest(&bytes)));
    match idempotency::get(&st.db, user, &key).await {
        Ok(Some(stored)) if stored.request == fingerprint => {
            let mut r = (StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK), stored.body).into_response();
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            r.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
            return r;
        }
        Ok(Some(_)) => {
            return WebError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                lang,
                lang.pick("Kunci dipakai ulang", "Key reused"),
                lang.pick(
                    "Idempotency-Key ini sudah dipakai untuk permintaan lain. Pakai kunci baru untuk setiap permintaan baru.",
                    "This Idempotency-Key was used for a different request. Use a new key for each new request.",
                ),
            )
            .api()
            .into_response()
        }
        Ok(None) => {}
        Err(e) => return WebError::internal(e).api().into_response(),
    }
    let resp = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let (rparts, rbody) = resp.into_parts();
    let Ok(rbytes) = axum::body::to_bytes(rbody, MAX_BODY).await else {
        return WebError::internal("response too large to remember").api().into_response();
    };
    if !rparts.status.is_server_error() {
        let text = String::from_utf8_lossy(&rbytes).to_string();
        if let Err(e) = idempotency::put(&st.db, user, &key, &fingerprint, rparts.status.as_u16(), &text).await {
            tracing::error!("cannot store idempotency key: {e}");
        }
    }
    Response::from_parts(rparts, Body::from(rbytes))
}
