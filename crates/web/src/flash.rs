//! "Saved": the one-line message the page after a save shows (post/redirect/get). A save answers
//! with a redirect and a short-lived cookie holding what was saved; the next page shows it once
//! (`layout::page`) and `web::repeat` clears it. A save whose handler says nothing more gets the
//! plain "Saved." so no save ends on a page that looks as if nothing happened.

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use swadaya_domain::Lang;

pub const FLASH_COOKIE: &str = "swadaya_flash";
/// The cookie's value for the plain message, shown in the language of the page that reads it.
const PLAIN: &str = "1";
const MAX_CHARS: usize = 300;

/// A redirect after a save, carrying the message the next page shows.
pub fn saved(location: &str, message: &str) -> Response {
    let mut r = Redirect::to(location).into_response();
    set(r.headers_mut(), message);
    r
}

fn set(headers: &mut HeaderMap, value: &str) {
    let value: String = value.chars().filter(|c| !c.is_control()).take(MAX_CHARS).collect();
    let cookie = format!("{FLASH_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age=300", urlencoding::encode(&value));
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        headers.append(header::SET_COOKIE, v);
    }
}

/// Whether a response already carries a message.
fn is_set(headers: &HeaderMap) -> bool {
    headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).any(|v| v.starts_with(FLASH_COOKIE))
}

/// Gives a save's redirect the plain message when its handler set none.
pub fn set_plain(headers: &mut HeaderMap) {
    if !is_set(headers) {
        set(headers, PLAIN);
    }
}

pub fn clear(headers: &mut HeaderMap) {
    let expired = format!("{FLASH_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    if let Ok(v) = HeaderValue::from_str(&expired) {
        headers.append(header::SET_COOKIE, v);
    }
}

/// The message waiting for this request's page, in the page's language.
pub fn read(headers: &HeaderMap, lang: Lang) -> Option<String> {
    let raw = super::session::cookie(headers, FLASH_COOKIE).filter(|v| !v.is_empty())?;
    if raw == PLAIN {
        return Some(lang.pick("Tersimpan.", "Saved.").to_string());
    }
    let text = urlencoding::decode(&raw).ok()?;
    Some(text.chars().filter(|c| !c.is_control()).take(MAX_CHARS).collect())
}
