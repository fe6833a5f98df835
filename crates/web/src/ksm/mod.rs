//! KSM pages: the group register, the collection sheet, savings, graduation and eligibility.

pub mod assessment;
pub mod checks;
pub mod corrections;
pub mod groups;
pub mod meetings;
pub mod members;
pub mod overview;
pub mod paper;
pub mod settings;
pub mod sheets;
pub mod stage;

use crate::routes::Routes;
use axum::routing::{get, post};

pub fn routes() -> Routes {
    Routes::new()
        .route("/ksm", get(overview::page))
        .route("/i/{id}/ksm", get(groups::list).post(groups::create))
        .route("/i/{id}/ksm/new", get(groups::new_form))
        .route("/i/{id}/ksm/{k}", get(groups::show))
        .route("/i/{id}/ksm/{k}/edit", get(groups::edit_form).post(groups::update))
        .route("/i/{id}/ksm/{k}/export.xlsx", get(members::export_xlsx))
        .route("/i/{id}/ksm/{k}/export.csv", get(members::export_csv))
        .route("/i/{id}/ksm/{k}/members", post(members::add_member))
        .route("/i/{id}/ksm/{k}/members/{m}/leave", post(members::leave))
        .route("/i/{id}/ksm/{k}/members/{m}/statement", get(members::statement))
        .route("/i/{id}/ksm/{k}/members/{m}/statement.pdf", get(members::statement_pdf))
        .route("/i/{id}/ksm/{k}/withdraw", post(members::withdraw))
        .route("/i/{id}/ksm/{k}/assessment", get(assessment::assessment))
        .route("/i/{id}/ksm/{k}/stage", get(stage::page).post(stage::decide))
        .route("/i/{id}/ksm/{k}/independence", get(checks::page))
        .route("/i/{id}/ksm/{k}/checks", post(checks::confirm))
        .route("/i/{id}/settings", get(settings::page).post(settings::save))
        .route("/i/{id}/ksm/{k}/sheet", get(sheets::new_sheet).post(sheets::save))
        .route("/i/{id}/ksm/{k}/sheet.pdf", get(paper::sheet_pdf))
        .route("/i/{id}/ksm/{k}/meetings/{mid}", get(meetings::show))
        .route("/i/{id}/ksm/{k}/meetings/{mid}/minutes.pdf", get(meetings::minutes_pdf))
        .route("/i/{id}/ksm/{k}/meetings/{mid}/amend", get(meetings::amend_form).post(meetings::amend))
        .route("/i/{id}/ksm/{k}/meetings/{mid}/corrections/{p}/accept", post(corrections::accept))
        .route("/i/{id}/ksm/{k}/meetings/{mid}/corrections/{p}/reject", post(corrections::reject))
}
