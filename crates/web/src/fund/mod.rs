//! The revolving loan fund on the web: products, loans with their schedules and payments, the
//! arrears list and the indicators.

pub mod collection;
pub mod loans;
pub mod papers;
pub mod portfolio;
pub mod products;
pub mod repayments;

use crate::routes::Routes;
use axum::routing::{get, post};

pub fn routes() -> Routes {
    Routes::new()
        .route("/i/{id}/loans", get(loans::list).post(loans::create))
        .route("/i/{id}/loans/new", get(loans::new_form))
        .route("/i/{id}/loans/products", get(products::page).post(products::create))
        .route("/i/{id}/loans/{l}", get(loans::show))
        .route("/i/{id}/loans/{l}/decide", post(loans::decide))
        .route("/i/{id}/loans/{l}/disburse", post(loans::disburse))
        .route("/i/{id}/loans/{l}/pay", post(repayments::pay))
        .route("/i/{id}/loans/{l}/cause", post(repayments::cause))
        .route("/i/{id}/loans/{l}/collection", post(collection::add_action))
        .route("/i/{id}/loans/{l}/drawdown", post(collection::drawdown))
        .route("/i/{id}/loans/{l}/write-off", post(collection::write_off))
        .route("/i/{id}/collection", get(portfolio::collection_plan))
        .route("/i/{id}/loans/{l}/payments/{p}/reverse", post(repayments::reverse))
        .route("/i/{id}/loans/{l}/agreement.pdf", get(papers::agreement_pdf))
        .route("/i/{id}/loans/{l}/statement", get(papers::statement))
        .route("/i/{id}/arrears", get(portfolio::arrears))
        .route("/i/{id}/indicators", get(portfolio::indicators))
}
