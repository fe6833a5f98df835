//! Register pages: institutions and units, people, positions, regions.

pub mod institutions;
pub mod people;
pub mod positions;
pub mod regions;
pub mod users;

use crate::routes::Routes;
use crate::upload::import_limit;
use axum::routing::{get, post};

pub const PER_PAGE: i64 = 25;

pub fn routes() -> Routes {
    Routes::new()
        .route("/institutions", get(institutions::list).post(institutions::create))
        .route("/institutions/new", get(institutions::new_form))
        .route("/i/{id}", get(institutions::show))
        .route("/i/{id}/edit", get(institutions::edit_form).post(institutions::update))
        .route("/i/{id}/units", post(institutions::add_unit))
        .route("/i/{id}/units/{uid}/edit", get(institutions::unit_form).post(institutions::update_unit))
        .route("/i/{id}/people", get(people::list).post(people::create))
        .route("/i/{id}/people/new", get(people::new_form))
        .route("/i/{id}/people/export.csv", get(people::export_csv))
        .route("/i/{id}/people/export.xlsx", get(people::export_xlsx))
        .route("/i/{id}/people/import", get(people::import_form).post(people::import).layer(import_limit()))
        .route("/i/{id}/people/{pid}", get(people::show))
        .route("/i/{id}/people/{pid}/edit", get(people::edit_form).post(people::update))
        .route("/i/{id}/positions", get(positions::list).post(positions::create))
        .route("/i/{id}/positions/export.csv", get(positions::export_csv))
        .route("/i/{id}/positions/export.xlsx", get(positions::export_xlsx))
        .route("/i/{id}/positions/{pos}/end", post(positions::end))
        .route("/i/{id}/positions/{pos}/edit", get(positions::edit_form).post(positions::update))
        .route("/i/{id}/users", get(users::list).post(users::create))
        .route("/i/{id}/users/{uid}/disabled", post(users::set_disabled))
        .route("/i/{id}/users/{uid}/password", post(users::reset_password))
        .route("/regions", get(regions::list))
        .route("/regions/import", post(regions::import).layer(import_limit()))
}

/// `?page=` as a positive number, defaulting to 1 for anything else.
pub fn page_number(p: Option<&str>) -> i64 {
    p.and_then(|s| s.parse::<i64>().ok()).filter(|n| *n >= 1 && *n < 1_000_000).unwrap_or(1)
}
