//! Field mode: the page a phone keeps for meetings without signal, its installable app files
//! (manifest, icons, service worker) and the three JSON calls its script makes. The script is a
//! progressive enhancement: every server-rendered page works without it.

pub mod assets;
pub mod file;
pub mod sync;

use super::layout;
use super::session::Viewer;
use crate::routes::Routes;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use maud::html;

pub fn routes() -> Routes {
    Routes::new()
        .route("/field", get(shell))
        .route("/field/session", get(sync::session))
        .route("/field/pack", get(sync::pack))
        .route("/field/sync", post(sync::send))
        .merge(assets::routes())
        // Phones on a weak signal download the pack and the script compressed. Only here: these
        // answers reflect nothing a visitor sent, so compressing them next to a CSRF token leaks
        // nothing (the BREACH attack needs both in one answer).
        .wrap(|r| r.layer(tower_http::compression::CompressionLayer::new()))
        // An ordinary page with the session's token: added after the compression, so not compressed.
        .route("/i/{id}/ksm/{k}/field-file", get(file::form).post(file::import).layer(crate::upload::import_limit()))
}

/// The field page. It holds nothing personal (the service worker keeps a copy for offline
/// starts); the script fills it from the phone's own storage.
async fn shell(v: Viewer) -> impl IntoResponse {
    let lang = v.lang;
    let title = lang.pick("Mode lapangan", "Field mode");
    let body = html! {
        h1 { (title) }
        noscript {
            div.card {
                p { (lang.pick(
                    "Mode lapangan (tanpa sinyal) memerlukan JavaScript. Tanpa itu, isi lembar pertemuan biasa saat ada sinyal, atau cetak lembar kertas dari halaman KSM.",
                    "Field mode (no signal) needs JavaScript. Without it, fill the usual meeting sheet while online, or print a paper sheet from the KSM's page.")) }
                p { a href="/ksm" { (lang.pick("Ke daftar KSM", "To the KSM list")) } }
            }
        }
        div #field data-lang=(lang.code()) {
            p.muted { (lang.pick("Memuat mode lapangan…", "Loading field mode…")) }
        }
    };
    // The service worker keeps only an answer carrying this mark, never a wifi sign-in page.
    (
        [(header::CACHE_CONTROL, "no-cache"), (header::HeaderName::from_static("x-swadaya-shell"), "1")],
        layout::app_shell(lang, title, body),
    )
}
