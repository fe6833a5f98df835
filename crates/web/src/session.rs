//! Who is asking: a browser session (cookie), an API token (Bearer), or nobody; and in which
//! language to answer.

use super::error::WebError;
use super::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use std::net::SocketAddr;
use swadaya_core::app::sessions::{self, SignedIn};
use swadaya_core::app::Ctx;
use swadaya_domain::Lang;

pub const SESSION_COOKIE: &str = "swadaya_session";
pub const LANG_COOKIE: &str = "swadaya_lang";
pub const SESSION_HOURS: i64 = 12;

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Set once at start (`serve --behind-proxy`): the server is reached only through a reverse
/// proxy that appends the client's address to `X-Forwarded-For`. Without it the header is
/// ignored, since anyone can send one.
pub static BEHIND_PROXY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The client's address, for throttling and the audit log.
pub fn address_of(headers: &HeaderMap, extensions: &axum::http::Extensions) -> String {
    if BEHIND_PROXY.load(std::sync::atomic::Ordering::Relaxed) {
        // The last entry is the one our own proxy added; earlier ones the client may have forged.
        let forwarded =
            headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()).and_then(|v| v.rsplit(',').next()).map(str::trim);
        if let Some(ip) = forwarded.filter(|ip| ip.parse::<std::net::IpAddr>().is_ok()) {
            return ip.to_string();
        }
    }
    extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "local".into())
}

pub fn client_address(parts: &Parts) -> String {
    address_of(&parts.headers, &parts.extensions)
}

/// Language of a page for a visitor without a session: the choice they made (cookie), else
/// Indonesian, whatever the phone's own language is set to.
pub fn visitor_lang(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE).and_then(|c| Lang::parse(&c)).unwrap_or(Lang::Id)
}

/// Language of an API answer: `Accept-Language` (machine clients say what they want).
pub fn api_lang(headers: &HeaderMap) -> Lang {
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if accept.trim_start().starts_with("en") {
        Lang::En
    } else {
        Lang::Id
    }
}

/// A logged-in browser user. Pages that need one redirect to the login page otherwise.
pub struct Session {
    pub ctx: Ctx,
    pub csrf: String,
    /// What the previous request saved, shown once at the top of this page (`flash`).
    pub flash: Option<String>,
}

/// Anyone: a logged-in user or a visitor.
pub struct Viewer {
    pub lang: Lang,
    pub session: Option<Session>,
}

async fn load_session(state: &AppState, parts: &Parts) -> Result<Option<Session>, WebError> {
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else { return Ok(None) };
    let signed_in =
        sessions::session(&state.db, &token).await.map_err(|e| WebError::from_app(e, visitor_lang(&parts.headers)))?;
    let Some(SignedIn { actor, lang, csrf, .. }) = signed_in else { return Ok(None) };
    let flash = super::flash::read(&parts.headers, lang);
    Ok(Some(Session { ctx: Ctx { actor, source: client_address(parts), lang }, csrf, flash }))
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let session = load_session(state, parts).await?;
        let lang = session.as_ref().map(|s| s.ctx.lang).unwrap_or_else(|| visitor_lang(&parts.headers));
        Ok(Viewer { lang, session })
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match load_session(state, parts).await? {
            Some(s) => Ok(s),
            None => Err(WebError::login_required(parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"))),
        }
    }
}

/// A machine client with `Authorization: Bearer <token>`.
pub struct ApiAuth(pub Ctx);

/// The API caller found by a layer before the handler (`api::idempotency`), so the token is
/// looked up once per request.
#[derive(Clone)]
pub struct Caller(pub i64, pub swadaya_core::app::Actor);

/// The API caller's user id, left in the request for the body extractor (see `ApiJson`).
#[derive(Clone, Copy)]
pub struct ApiUser(pub i64);

impl FromRequestParts<AppState> for ApiAuth {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = api_lang(&parts.headers);
        if let Some(Caller(user_id, actor)) = parts.extensions.remove::<Caller>() {
            parts.extensions.insert(ApiUser(user_id));
            return Ok(ApiAuth(Ctx { actor, source: client_address(parts), lang }));
        }
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let Some(token) = bearer else { return Err(WebError::unauthorized(lang)) };
        let Some((user_id, actor)) = sessions::bearer(&state.db, token).await.map_err(|e| WebError::from_app(e, lang).api())?
        else {
            return Err(WebError::unauthorized(lang));
        };
        parts.extensions.insert(ApiUser(user_id));
        Ok(ApiAuth(Ctx { actor, source: client_address(parts), lang }))
    }
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        SESSION_HOURS * 3600,
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_session_cookie(secure: bool) -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}", if secure { "; Secure" } else { "" })
}
