//! HTTP: server-rendered pages (Indonesian first) and the `/api/v1` JSON API. Handlers parse
//! the request, call one `app` command, and render; they hold no business rules.

// A WebError is built at most once per failed request and turned into a response at once;
// boxing it would only move the same bytes to the heap.
#![allow(clippy::result_large_err)]

pub mod activities;
pub mod apbdes;
pub mod api;
pub mod audit_page;
pub mod auth_pages;
pub mod books;
pub mod cache;
pub mod charts;
pub mod complaints;
pub mod download;
pub mod error;
pub mod fault;
pub mod field;
pub mod flash;
pub mod form;
pub mod fund;
pub mod home;
pub mod ksm;
pub mod layout;
pub mod limiter;
pub mod period;
pub mod public;
pub mod query_values;
pub mod registers;
pub mod repeat;
pub mod routes;
pub mod session;
pub mod upload;
pub mod water;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use routes::Routes;
use std::sync::Arc;
use swadaya_core::app::Db;
use tower_http::set_header::SetResponseHeaderLayer;

/// Largest request body without files; forms are far smaller. Forms with files may carry more
/// (`upload::MAX_UPLOAD_BODY`).
pub const MAX_BODY: usize = 5 * 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Sets the `Secure` flag on cookies; off only for plain-HTTP use on a laptop.
    pub secure_cookies: bool,
    pub limiter: Arc<limiter::Limiter>,
    /// Public complaint filings and tracking-code lookups per address.
    pub throttle: Arc<limiter::Throttle>,
    /// Public pages kept for a minute (see `cache`).
    pub pages: Arc<cache::PageCache>,
    /// Month-end closes running in the background, per institution.
    pub jobs: Arc<std::sync::Mutex<std::collections::HashMap<i64, books::close::Job>>>,
}

impl AppState {
    pub fn new(db: Db, secure_cookies: bool) -> AppState {
        AppState {
            db,
            secure_cookies,
            limiter: Arc::new(limiter::Limiter::default()),
            throttle: Default::default(),
            pages: Default::default(),
            jobs: Default::default(),
        }
    }
}

/// Every route of the app, before the layers that apply to all of them.
pub fn routes(state: AppState) -> Routes {
    Routes::new()
        .merge(home::routes())
        .route("/healthz", get(|| async { "ok" }))
        .merge(auth_pages::routes())
        .merge(registers::routes())
        .merge(ksm::routes())
        .merge(books::routes())
        .merge(fund::routes())
        .merge(activities::routes())
        .merge(complaints::routes())
        .merge(apbdes::routes())
        .merge(water::routes())
        .merge(field::routes())
        .merge(public::routes())
        .merge(audit_page::routes())
        .merge(api::routes(state))
}

pub fn router(state: AppState) -> Router {
    with_layers(routes(state.clone()).into_router(), state)
}

/// The layers every route gets: a handler's panic answered as a server error, a form saved twice
/// by mistake held for a question (`repeat`), a period that ends before it starts refused
/// (`period`), the body limits (`upload`), friendly pages for the framework's refusals framed with the
/// signed-in user's own header, and the security headers.
pub fn with_layers(routes: Router<AppState>, state: AppState) -> Router {
    let csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    routes
        .fallback(error::not_found_page)
        .layer(axum::middleware::from_fn(error::catch_panic))
        .layer(axum::middleware::from_fn_with_state(state.clone(), repeat::guard))
        .layer(axum::middleware::from_fn(period::refuse_reversed))
        .layer(axum::middleware::from_fn(query_values::refuse_unreadable))
        .layer(DefaultBodyLimit::max(upload::MAX_UPLOAD_BODY))
        .layer(axum::middleware::from_fn(upload::limit_body))
        .layer(axum::middleware::from_fn(error::polish))
        .layer(axum::middleware::from_fn_with_state(state.clone(), error::keep_header))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp)))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .with_state(state)
}
