//! Back, then Save again. A form that records something carries a one-time key, so the same
//! request sent twice is recorded once; but a page the browser fetches again on Back gets a fresh
//! key, and the browser may refill what was typed. This layer remembers, per user, a fingerprint
//! of every such form saved in the last minutes; the same content arriving again with another
//! key is held and the user is asked "save again?" instead of it being recorded silently. Only
//! an explicit yes (the held form, sent on unchanged) records a second one.
//!
//! The same layer ends every save on a page that says so: a save's redirect gets the plain
//! "Saved." unless its handler said more (`flash::saved`), and the page that shows it clears it.

use super::error::WebError;
use super::form::same_secret;
use super::session::{cookie, Session, SESSION_COOKIE};
use super::upload::MAX_UPLOAD_BODY;
use super::{flash, layout, AppState};
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::{header, request::Parts, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use maud::html;
use sha2::{Digest, Sha256};
use swadaya_core::app::auth;
use swadaya_core::app::repeats;
use swadaya_domain::Lang;

/// How long a saved form is remembered, and a repeated one held.
pub const WINDOW_MINUTES: i64 = 15;
/// The field of the "save again" answer: the held form's token.
pub const AGAIN: &str = "_again";
/// Posts that save nothing a user would look for afterwards.
const NOT_SAVES: [&str; 4] = ["/login", "/logout", "/lang", "/field/sync"];

pub async fn guard(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if req.method() != Method::POST || path.starts_with("/api/") || NOT_SAVES.contains(&path.as_str()) {
        let had_flash = cookie(req.headers(), flash::FLASH_COOKIE).is_some_and(|v| !v.is_empty());
        let mut resp = next.run(req).await;
        if had_flash && is_page(&resp) {
            flash::clear(resp.headers_mut());
        }
        return resp;
    }
    let token = cookie(req.headers(), SESSION_COOKIE);
    let Some(user) = signed_in(&st, token).await else { return next.run(req).await };
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let length = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if !is_form(&content_type) || length.is_none_or(|l| l > MAX_UPLOAD_BODY) {
        return after_save(next.run(req).await);
    }
    let (mut parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_UPLOAD_BODY).await else {
        return WebError::bad_request(user.lang, user.lang.pick("Isi formulir tidak terbaca.", "Cannot read the form."))
            .into_response();
    };
    let Some(fields) = fields_of(&content_type, &bytes, &parts.extensions).await else {
        return next.run(Request::from_parts(parts, Body::from(bytes))).await;
    };
    if let Some(token) = value(&fields, AGAIN) {
        return save_again(&st, &user, parts, &path, &token, &fields, next).await;
    }
    let Some(key) = value(&fields, "idem_key").filter(|k| !k.is_empty()) else {
        return after_save(next.run(Request::from_parts(parts, Body::from(bytes))).await);
    };
    let print = fingerprint(&path, &fields);
    let since = minutes_ago(WINDOW_MINUTES);
    match repeats::recent(&st.db, user.id, &print, &since).await {
        Ok(Some(r)) if r.idem_key != key => {
            let held = repeats::Held { path: path.clone(), content_type, body: bytes.to_vec() };
            return ask(&st, &mut parts, &user, &held, &r).await;
        }
        Ok(_) => {}
        Err(e) => return WebError::internal(e).into_response(),
    }
    let resp = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    remember(&st, &user, &print, &key, resp).await
}

/// The signed-in user behind a post, if any.
struct User {
    id: i64,
    csrf: String,
    lang: Lang,
}

async fn signed_in(st: &AppState, token: Option<String>) -> Option<User> {
    let token = token?;
    let (id, csrf, lang) = swadaya_core::app::sessions::session_user(&st.db, &token).await.ok()??;
    Some(User { id, csrf, lang })
}

fn is_form(content_type: &str) -> bool {
    content_type.starts_with("application/x-www-form-urlencoded") || content_type.starts_with("multipart/form-data")
}

fn is_page(resp: &Response) -> bool {
    resp.status() == StatusCode::OK
        && resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|c| c.starts_with("text/html"))
}

/// Where a save sent the user, when the answer is one (a redirect).
fn saved_to(resp: &Response) -> Option<String> {
    if !resp.status().is_redirection() {
        return None;
    }
    resp.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string)
}

fn after_save(mut resp: Response) -> Response {
    if saved_to(&resp).is_some() {
        flash::set_plain(resp.headers_mut());
    }
    resp
}

async fn remember(st: &AppState, user: &User, print: &str, key: &str, resp: Response) -> Response {
    let Some(location) = saved_to(&resp) else { return resp };
    let r = repeats::Recent { idem_key: key.to_string(), saved_at: repeats::now(), location };
    if let Err(e) = repeats::remember(&st.db, user.id, print, &r, &minutes_ago(24 * 60)).await {
        // The save itself is done; only the question next time is lost.
        tracing::warn!("could not remember a saved form: {e}");
    }
    after_save(resp)
}

/// The fields of a form body, files included, or None when it cannot be read (the handler then
/// gives its own answer).
async fn fields_of(content_type: &str, bytes: &Bytes, extensions: &axum::http::Extensions) -> Option<Vec<(String, Vec<u8>)>> {
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).ok()?;
        return Some(pairs.into_iter().map(|(k, v)| (k, v.into_bytes())).collect());
    }
    let mut req = Request::builder().header(header::CONTENT_TYPE, content_type).body(Body::from(bytes.clone())).ok()?;
    // The body limit travels in the extensions; without it the reader would stop at 2 MB.
    *req.extensions_mut() = extensions.clone();
    let mut mp = axum::extract::Multipart::from_request(req, &()).await.ok()?;
    let mut out = vec![];
    while let Some(field) = mp.next_field().await.ok()? {
        let name = field.name().unwrap_or_default().to_string();
        out.push((name, field.bytes().await.ok()?.to_vec()));
    }
    Some(out)
}

fn value(fields: &[(String, Vec<u8>)], name: &str) -> Option<String> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| String::from_utf8_lossy(v).trim().to_string())
}

/// What a form says, whatever its one-time key, CSRF token and the order of its fields.
fn fingerprint(path: &str, fields: &[(String, Vec<u8>)]) -> String {
    let mut said: Vec<(&str, [u8; 32])> = fields
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "_csrf" | "idem_key" | AGAIN))
        .map(|(k, v)| (k.as_str(), Sha256::digest(v).into()))
        .collect();
    said.sort();
    let mut h = Sha256::new();
    h.update(path.as_bytes());
    for (k, v) in said {
        h.update([0]);
        h.update(k.as_bytes());
        h.update([0]);
        h.update(v);
    }
    hex::encode(h.finalize())
}

fn minutes_ago(m: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::minutes(m)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Holds the repeated form and asks whether to save it again.
async fn ask(st: &AppState, parts: &mut Parts, user: &User, held: &repeats::Held, recent: &repeats::Recent) -> Response {
    let token = auth::random_token();
    if let Err(e) = repeats::hold(&st.db, &token, user.id, held, &minutes_ago(WINDOW_MINUTES)).await {
        return WebError::internal(e).into_response();
    }
    let session = match Session::from_request_parts(parts, st).await {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    let lang = user.lang;
    let ago = chrono::DateTime::parse_from_rfc3339(&recent.saved_at)
        .map(|t| (chrono::Utc::now() - t.with_timezone(&chrono::Utc)).num_minutes().max(0))
        .unwrap_or(0);
    let when = match (ago, lang) {
        (0, Lang::Id) => "kurang dari semenit lalu".to_string(),
        (0, Lang::En) => "less than a minute ago".to_string(),
        (m, Lang::Id) => format!("{m} menit lalu"),
        (m, Lang::En) => format!("{m} minutes ago"),
    };
    let title = lang.pick("Simpan lagi?", "Save again?");
    let body = html! {
        h1 { (title) }
        p.error-detail {
            (lang.pick("Isian yang sama persis sudah Anda simpan ", "You saved exactly the same "))
            (when)
            (lang.pick(
                ". Bila Anda menekan Kembali lalu Simpan, data itu sudah tercatat: tidak perlu disimpan lagi.",
                ". If you pressed Back and then Save, it is already recorded and need not be saved again.",
            ))
        }
        p { a.button href=(recent.location) { (lang.pick("Lihat yang sudah tersimpan", "See what was saved")) } }
        form.again.stack.card method="post" action=(held.path) {
            input type="hidden" name="_csrf" value=(session.csrf);
            input type="hidden" name=(AGAIN) value=(token);
            p { (lang.pick(
                "Hanya bila ini memang data baru dengan isi yang sama (misalnya angsuran kedua dengan jumlah yang sama):",
                "Only if this really is a new record with the same content (a second instalment of the same amount, say):",
            )) }
            button.secondary type="submit" { (lang.pick("Ya, simpan lagi sebagai data baru", "Yes, save it again as a new record")) }
        }
    };
    (StatusCode::CONFLICT, layout::page(lang, Some(&session), title, body)).into_response()
}

/// The user's "yes, save again": the held form goes on to its handler as it was sent.
async fn save_again(
    st: &AppState,
    user: &User,
    mut parts: Parts,
    path: &str,
    token: &str,
    fields: &[(String, Vec<u8>)],
    next: Next,
) -> Response {
    let lang = user.lang;
    if !same_secret(&value(fields, "_csrf").unwrap_or_default(), &user.csrf) {
        return WebError::csrf(lang).into_response();
    }
    let held = match repeats::take(&st.db, token, user.id, path, &minutes_ago(WINDOW_MINUTES)).await {
        Ok(Some(h)) => h,
        Ok(None) => {
            return WebError::new(
                StatusCode::CONFLICT,
                lang,
                lang.pick("Formulir tidak lagi disimpan sementara", "The form is no longer held"),
                lang.pick(
                    "Jawaban ini datang terlambat (lebih dari 15 menit) atau sudah dipakai. Periksa dulu apakah datanya sudah tercatat; bila belum, isi formulirnya lagi.",
                    "This answer came too late (over 15 minutes) or was already used. Check whether the record is there; if not, fill in the form again.",
                ),
            )
            .into_response()
        }
        Err(e) => return WebError::internal(e).into_response(),
    };
    let bytes = Bytes::from(held.body);
    let held_fields = fields_of(&held.content_type, &bytes, &parts.extensions).await.unwrap_or_default();
    let key = value(&held_fields, "idem_key").unwrap_or_default();
    let print = fingerprint(path, &held_fields);
    parts.headers.insert(header::CONTENT_TYPE, held.content_type.parse().unwrap_or(header::HeaderValue::from_static("")));
    parts.headers.insert(header::CONTENT_LENGTH, header::HeaderValue::from(bytes.len()));
    let resp = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    remember(st, user, &print, &key, resp).await
}
