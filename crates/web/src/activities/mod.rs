//! Funded activities on the web: proposals and the board's ranking, activities with their
//! money and progress, the monthly report and the treasurer's cash book.

pub mod accountability;
pub mod pages;
pub mod proposals;
pub mod ranking;
pub mod reports;
pub mod steps;

use crate::routes::Routes;
use axum::routing::{get, post};

pub fn routes() -> Routes {
    Routes::new()
        .route("/i/{id}/proposals", get(proposals::list).post(proposals::create))
        .route("/i/{id}/proposals/new", get(proposals::new_form))
        .route("/i/{id}/proposals/ranking", get(ranking::page))
        .route("/i/{id}/proposals/criteria", post(ranking::save_criteria))
        .route("/i/{id}/proposals/decisions", post(ranking::decide))
        .route("/i/{id}/proposals/{p}", get(proposals::show))
        .route("/i/{id}/proposals/{p}/score", post(proposals::score))
        .route("/i/{id}/attachments/{a}", get(proposals::attachment))
        .route("/i/{id}/activities", get(pages::list).post(pages::create))
        .route("/i/{id}/activities/new", get(pages::new_form))
        .route("/i/{id}/activities/report", get(reports::monthly))
        .route("/i/{id}/activities/quarterly", get(accountability::quarterly))
        .route("/i/{id}/activities/annual", get(accountability::annual))
        .route("/i/{id}/rkm", get(accountability::rkm))
        .route("/i/{id}/auditor-export.xlsx", get(accountability::auditor_export))
        .route("/i/{id}/activities/{a}", get(pages::show))
        .route("/i/{id}/activities/{a}/{step}", get(steps::step_form).post(steps::step_post))
        .route("/i/{id}/activities/{a}/{what}/{r}/reverse", get(steps::reverse_form).post(steps::reverse))
        .route("/i/{id}/activities/{a}/attach/{kind}/{r}", get(steps::attach_form).post(steps::attach))
        .route("/i/{id}/cash-book", get(reports::cash_book))
}
