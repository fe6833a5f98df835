//! `Idempotency-Key` on POST: the first answer is stored with the key (per user) and replayed
//! for a retry with the same body; the same key with a different body is refused. The answer
//! is stored in the command's own transaction (`app::idempotency::scope`), so the write and
//! the remembered answer are one commit.

use crate::error::WebError;
use crate::session::api_lang;
use crate::session::Caller;
use crate::{AppState, MAX_BODY};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use swadaya_core::app::idempotency::{self, Finished};
use swadaya_core::app::sessions;

pub async fn layer(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
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
    let bearer = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let caller = match bearer {
        Some(t) => match sessions::bearer(&st.db, t.trim()).await {
            Ok(Some(found)) => found,
            Ok(None) => return next.run(req).await,
            Err(e) => return WebError::internal(e).api().into_response(),
        },
        None => return next.run(req).await,
    };
    let user = caller.0;
    // Resolved once: the handler's `ApiAuth` takes the caller from here.
    req.extensions_mut().insert(Caller(caller.0, caller.1));
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
        Ok(Some(stored)) if stored.request == fingerprint => return replay(stored),
        Ok(Some(_)) => return key_reused(lang),
        Ok(None) => {}
        Err(e) => return WebError::internal(e).api().into_response(),
    }
    let key = idempotency::Key { user_id: user, key, request: fingerprint.clone() };
    let db = st.db.clone();
    idempotency::scope(key, async move {
        let resp = next.run(Request::from_parts(parts, Body::from(bytes))).await;
        let (rparts, rbody) = resp.into_parts();
        let Ok(rbytes) = axum::body::to_bytes(rbody, MAX_BODY).await else {
            // Not remembered, but what the command wrote stands, as it would without a key.
            if let Err(e) = idempotency::finish(&db, 500, "", false).await {
                return WebError::internal(e).api().into_response();
            }
            return WebError::internal("response too large to remember").api().into_response();
        };
        let text = String::from_utf8_lossy(&rbytes);
        match idempotency::finish(&db, rparts.status.as_u16(), &text, !rparts.status.is_server_error()).await {
            Ok(Finished::Done) => Response::from_parts(rparts, Body::from(rbytes)),
            Ok(Finished::AnsweredBefore(first)) if first.request == fingerprint => replay(first),
            Ok(Finished::AnsweredBefore(_)) => key_reused(lang),
            // The write did not commit: the answer the handler made would be untrue.
            Err(e) => WebError::internal(e).api().into_response(),
        }
    })
    .await
}

fn replay(stored: idempotency::Stored) -> Response {
    let mut r = (StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK), stored.body).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    r
}

fn key_reused(lang: swadaya_domain::Lang) -> Response {
    WebError::new(
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
