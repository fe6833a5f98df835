//! Logging in and out, and choosing the language.

use super::error::WebError;
use super::form::FormData;
use super::layout::{self, FormState};
use super::session::{self, client_address, Viewer};
use super::AppState;
use crate::routes::Routes;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{html, Markup};
use swadaya_core::app::auth;
use swadaya_core::app::sessions;
use swadaya_domain::Lang;

pub fn routes() -> Routes {
    Routes::new().route("/login", get(login_page).post(login)).route("/logout", post(logout)).route("/lang", post(set_lang))
}

#[derive(serde::Deserialize)]
struct Next {
    next: Option<String>,
}

/// Only local paths, so a crafted link cannot send a user elsewhere after login. Without one
/// the user lands on their home page: the work waiting for them.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/home".into(),
    }
}

fn login_form(lang: Lang, f: &FormState, next: &str, message: Option<&str>) -> Markup {
    layout::bare(
        lang,
        lang.pick("Masuk", "Log in"),
        html! {
            h1 { (lang.pick("Masuk ke Swadaya", "Log in to Swadaya")) }
            @if let Some(m) = message { p.warn role="alert" { (m) } }
            form.stack.card method="post" action="/login" {
                input type="hidden" name="next" value=(next);
                (f.input("username", lang.pick("Nama pengguna", "Username"), "text", None))
                (f.input("password", lang.pick("Kata sandi", "Password"), "password", None))
                button type="submit" { (lang.pick("Masuk", "Log in")) }
            }
            p.muted { (lang.pick("Warga tidak perlu masuk untuk membaca ", "Citizens need no login to read the ")) a href="/p" { (lang.pick("papan informasi", "notice boards")) } "." }
        },
    )
}

async fn login_page(viewer: Viewer, Query(q): Query<Next>) -> Response {
    if viewer.session.is_some() {
        return Redirect::to(&safe_next(q.next.as_deref())).into_response();
    }
    login_form(viewer.lang, &FormState::default(), &safe_next(q.next.as_deref()), None).into_response()
}

async fn login(State(st): State<AppState>, headers: HeaderMap, req: Request) -> Result<Response, WebError> {
    let lang = session::visitor_lang(&headers);
    let (parts, body) = req.into_parts();
    let address = client_address(&parts);
    let form =
        <FormData as axum::extract::FromRequest<AppState>>::from_request(axum::extract::Request::from_parts(parts, body), &st)
            .await?;
    let username = form.get("username");
    let next = safe_next(Some(&form.get("next")));
    let mut fs = FormState::default();
    fs.values.insert("username".into(), username.clone());
    if st.limiter.blocked(&username, &address) {
        let msg = lang.pick(
            "Terlalu banyak percobaan masuk yang gagal. Tunggu 15 menit lalu coba lagi, atau minta admin mengganti kata sandi.",
            "Too many failed logins. Wait 15 minutes and try again, or ask an admin to reset the password.",
        );
        return Ok((StatusCode::TOO_MANY_REQUESTS, login_form(lang, &fs, &next, Some(msg))).into_response());
    }
    let user = auth::check_login(&st.db, &username, &form.get("password")).await.map_err(WebError::internal)?;
    let Some(user) = user else {
        st.limiter.fail(&username, &address);
        let msg = lang.pick("Nama pengguna atau kata sandi salah.", "Wrong username or password.");
        return Ok((StatusCode::UNAUTHORIZED, login_form(lang, &fs, &next, Some(msg))).into_response());
    };
    st.limiter.succeed(&username);
    // A new session token on every login: a token planted before login is never reused.
    let previous = session::cookie(&headers, session::SESSION_COOKIE);
    let token = sessions::sign_in(&st.db, user.id, previous.as_deref(), session::SESSION_HOURS)
        .await
        .map_err(|e| WebError::from_app(e, lang))?;
    Ok((
        StatusCode::SEE_OTHER,
        [(header::SET_COOKIE, session::session_cookie(&token, st.secure_cookies)), (header::LOCATION, next)],
    )
        .into_response())
}

async fn logout(
    State(st): State<AppState>,
    s: session::Session,
    headers: HeaderMap,
    form: FormData,
) -> Result<Response, WebError> {
    form.check_csrf(&s.csrf, s.ctx.lang)?;
    if let Some(token) = session::cookie(&headers, session::SESSION_COOKIE) {
        sessions::sign_out(&st.db, &token).await.map_err(|e| WebError::from_app(e, s.ctx.lang))?;
    }
    Ok((
        StatusCode::SEE_OTHER,
        [(header::SET_COOKIE, session::clear_session_cookie(st.secure_cookies)), (header::LOCATION, "/login".to_string())],
    )
        .into_response())
}

async fn set_lang(State(st): State<AppState>, viewer: Viewer, headers: HeaderMap, form: FormData) -> Result<Response, WebError> {
    let lang = Lang::parse(&form.get("lang")).unwrap_or_default();
    if let Some(s) = &viewer.session {
        form.check_csrf(&s.csrf, viewer.lang)?;
        sessions::set_lang(&st.db, &s.ctx, lang).await.map_err(|e| WebError::from_app(e, lang))?;
    }
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.find("://").and_then(|i| r[i + 3..].find('/').map(|j| r[i + 3 + j..].to_string())));
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, format!("{}={}; Path=/; SameSite=Lax; Max-Age=31536000", session::LANG_COOKIE, lang.code())),
            (header::LOCATION, safe_next(back.as_deref().or(Some("/")))),
        ],
    )
        .into_response())
}
