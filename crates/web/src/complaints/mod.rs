//! Complaints on the web: the citizen's form and tracking page (no login), and the complaints
//! unit's register, one page per step, and the holidays its clocks skip.

pub mod holidays;
pub mod public;
pub mod register;

use crate::routes::Routes;
use axum::routing::{get, post};
use maud::{html, Markup};
use swadaya_domain::complaint::{Category, Kind, Status, ALL_CATEGORIES, ALL_KINDS};
use swadaya_domain::Lang;

pub fn routes() -> Routes {
    Routes::new()
        .route("/pengaduan", get(public::choose))
        .route("/p/{id}/pengaduan", get(public::form).post(public::file))
        .route("/lacak", get(public::track_form).post(public::track))
        .route("/i/{id}/complaints", get(register::list).post(register::create))
        .route("/i/{id}/complaints/new", get(register::new_form))
        .route("/i/{id}/complaints/{c}", get(register::show))
        .route("/i/{id}/complaints/{c}/files/{f}", get(register::file))
        .route("/i/{id}/complaints/{c}/{step}", get(register::step_form).post(register::step_post))
        .route("/admin/holidays", get(holidays::page).post(holidays::add))
        .route("/admin/holidays/delete", post(holidays::remove))
}

pub fn kind_options(lang: Lang) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), lang.pick("— pilih jenis —", "— choose —").to_string())];
    v.extend(ALL_KINDS.iter().map(|k| (k.code().to_string(), k.label(lang).to_string())));
    v
}

pub fn category_options(lang: Lang) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), lang.pick("— pilih kategori —", "— choose a category —").to_string())];
    v.extend(ALL_CATEGORIES.iter().map(|k| (k.code().to_string(), k.label(lang).to_string())));
    v
}

pub fn category_label(code: &str, lang: Lang) -> &'static str {
    Category::parse(code).map(|c| c.label(lang)).unwrap_or("?")
}

pub fn kind_label(code: &str, lang: Lang) -> &'static str {
    Kind::parse(code).map(|c| c.label(lang)).unwrap_or("?")
}

/// The status in words, with a class for its colour (the words carry the meaning).
pub fn status_badge(code: &str, lang: Lang) -> Markup {
    let s = Status::parse(code).unwrap_or(Status::Received);
    let class = match s {
        Status::Answered => "badge ok",
        Status::Rejected => "badge",
        Status::Escalated => "badge warn",
        _ => "badge open",
    };
    html! { span class=(class) { (s.label(lang)) } }
}
