//! The installable app's files, embedded in the binary: manifest, icons, field script and the
//! service worker. The worker's cache is named after a hash of these files, so an upgraded
//! server replaces what phones keep.

use crate::routes::Routes;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

const FIELD_JS: &str = include_str!("../../static/field.js");
const SW_JS: &str = include_str!("../../static/sw.js");
const APP_CSS: &str = include_str!("../../static/app.css");
const ICON_192: &[u8] = include_bytes!("../../static/icon-192.png");
const ICON_512: &[u8] = include_bytes!("../../static/icon-512.png");

/// FNV-1a over the shell's files, computed when the binary is built.
const fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut p = 0;
    while p < parts.len() {
        let bytes = parts[p];
        let mut i = 0;
        while i < bytes.len() {
            h ^= bytes[i] as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
            i += 1;
        }
        p += 1;
    }
    h
}

pub const SHELL_VERSION: u64 =
    fnv1a(&[FIELD_JS.as_bytes(), SW_JS.as_bytes(), APP_CSS.as_bytes(), ICON_192, ICON_512, env!("CARGO_PKG_VERSION").as_bytes()]);

pub fn routes() -> Routes {
    Routes::new()
        .route("/sw.js", get(service_worker))
        .route("/manifest.webmanifest", get(manifest))
        .route("/static/app.css", get(|| async { asset("text/css; charset=utf-8", APP_CSS.as_bytes()) }))
        .route("/static/field.js", get(|| async { asset("text/javascript; charset=utf-8", FIELD_JS.as_bytes()) }))
        .route("/static/icon-192.png", get(|| async { asset("image/png", ICON_192) }))
        .route("/static/icon-512.png", get(|| async { asset("image/png", ICON_512) }))
}

fn asset(content_type: &'static str, body: &'static [u8]) -> impl IntoResponse {
    // Short-lived in the HTTP cache: the service worker, not this header, keeps phones offline-ready.
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body)
}

async fn service_worker() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")],
        SW_JS.replace("__VERSION__", &format!("{SHELL_VERSION:016x}")),
    )
}

async fn manifest() -> impl IntoResponse {
    let m = serde_json::json!({
        "name": "Swadaya",
        "short_name": "Swadaya",
        "description": "Lembar pertemuan KSM, pinjaman bergulir dan pengaduan, juga tanpa sinyal",
        "lang": "id",
        "start_url": "/field",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f4f6f3",
        "theme_color": "#0b6b3a",
        "icons": [
            {"src": "/static/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any maskable"},
            {"src": "/static/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any maskable"}
        ]
    });
    ([(header::CONTENT_TYPE, "application/manifest+json"), (header::CACHE_CONTROL, "public, max-age=3600")], m.to_string())
}
