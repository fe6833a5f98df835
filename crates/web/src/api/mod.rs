//! `/api/v1`: JSON for machine clients with Bearer tokens, documented by an OpenAPI 3.1
//! document generated from the handlers themselves, browsable offline at `/api/docs`.

pub mod accountability;
pub mod activities;
pub mod apbdes;
pub mod books;
pub mod complaints;
pub mod extract;
pub mod fund;
pub mod home;
pub mod idempotency;
pub mod ksm;
pub mod page;
pub mod registers;
pub mod water;

use super::AppState;
use crate::routes::Routes;
use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Swadaya API", version = "1", description = "Registers of community institutions (BKM/LKM/KKM, village government): regions, institutions, units, people, positions, audit log; KSM groups with collection sheets, savings and graduation assessment; the UPK's double-entry books and the revolving loan fund (loans, repayments, arrears, month-end close); funded activities (proposals, ranking, decisions, activities, funds received, payments with proof, progress, hand-over) and the cash book; complaints (public filing and tracking without a token, the unit's register and steps), the village budget (APBDes) versions, and the service kept after a hand-over (assets, fee schemes and tariff versions, customers and meters, readings, monthly bill runs, payments, arrears). Amounts are whole rupiah; rates are in hundredths of a percent. Errors are application/problem+json with an `errors` list naming each field. POST requests honour an `Idempotency-Key` header: a retry with the same key returns the first answer."),
    paths(
        home::home,
        registers::list_regions,
        registers::list_institutions, registers::create_institution, registers::get_institution, registers::update_institution,
        registers::list_units, registers::create_unit,
        registers::list_people, registers::create_person, registers::get_person, registers::update_person,
        registers::list_positions, registers::create_position, registers::list_users, registers::settings,
        registers::public_register, registers::list_audit,
        ksm::overview, ksm::list, ksm::create, ksm::get, ksm::add_member, ksm::statement, ksm::meetings, ksm::record, ksm::meeting, ksm::amend, ksm::withdraw, ksm::assess, ksm::stages, ksm::independence,
        books::accounts, books::entries, books::post_entry, books::entry, books::trial_balance, books::balance_sheet, books::income_statement,
        books::cash_flow, books::ledger,
        fund::profit_years, fund::products, fund::list_loans, fund::apply, fund::loan, fund::schedule, fund::decide, fund::disburse, fund::pay, fund::reverse, fund::arrears,
        fund::closed_months, fund::close_month, fund::collection_plan,
        fund::add_action, fund::drawdown, fund::write_off,
        activities::list_proposals, activities::create_proposal, activities::proposal, activities::score, activities::ranking, activities::decide,
        activities::list_activities, activities::create_activity, activities::activity, activities::commit, activities::receive, activities::pay,
        activities::reverse_payment, activities::reverse_receipt, activities::in_kind, activities::progress, activities::hand_over,
        activities::attach, activities::cash_book, accountability::figures, accountability::by_source, accountability::rkm,
        complaints::file, complaints::track, complaints::list, complaints::register, complaints::detail, complaints::step, complaints::holidays, apbdes::year, apbdes::apbdes_version,
        water::assets, water::add_asset, water::schemes, water::add_scheme, water::scheme, water::add_tariff, water::run_bills,
        water::round, water::save_round, water::list_customers, water::add_customer, water::statement, water::pay, water::read,
        water::replace_meter, water::connection, water::reverse, water::arrears, water::months,
    ),
    components(schemas(extract::Problem, extract::ProblemField)),
    modifiers(&BearerAuth, &ProblemResponses),
    security(("bearer" = []))
)]
pub struct ApiDoc;

/// An application error as problem+json, in the caller's language.
fn err(lang: swadaya_domain::Lang) -> impl Fn(swadaya_core::app::AppError) -> super::error::WebError {
    move |e| super::error::WebError::from_app(e, lang).api()
}

/// `201 Created` with the new record's id.
fn created(id: i64) -> axum::response::Response {
    use axum::response::IntoResponse;
    (axum::http::StatusCode::CREATED, axum::Json(registers::Created { id })).into_response()
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

/// Every error answer as the server sends it: problem+json, and the answers any operation can
/// give (400 for a path or query it cannot read, 401 without a token, 404 for an id it does not
/// find, 413/415/422 for a body),
/// so the document and the server agree (checked by schemathesis, see docs/SECURITY.md).
struct ProblemResponses;

impl Modify for ProblemResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
        const PROBLEM: &str = "application/problem+json";
        let problem = |what: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(what)
                    .content(PROBLEM, ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build())
                    .build(),
            )
        };
        let is_problem =
            |c: &utoipa::openapi::Content| matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("/Problem"));
        for (path, item) in openapi.paths.paths.iter_mut() {
            let public = path.starts_with("/api/v1/public/");
            let ops = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for op in ops.into_iter().flatten() {
                for resp in op.responses.responses.values_mut() {
                    if let RefOr::T(r) = resp {
                        if r.content.get("application/json").is_some_and(is_problem) {
                            if let Some(c) = r.content.shift_remove("application/json") {
                                r.content.insert(PROBLEM.into(), c);
                            }
                        }
                    }
                }
                let responses = &mut op.responses.responses;
                responses
                    .entry("400".into())
                    .or_insert_with(|| problem("A path or query parameter, or the body, cannot be read"));
                if !public {
                    responses.entry("401".into()).or_insert_with(|| problem("No valid API token"));
                }
                if path.contains('{') {
                    responses.entry("404".into()).or_insert_with(|| problem("Not found, or not part of your institutions"));
                }
                if op.request_body.is_some() {
                    responses.entry("413".into()).or_insert_with(|| problem("The body is too large"));
                    responses.entry("415".into()).or_insert_with(|| problem("The body is not application/json"));
                    responses
                        .entry("422".into())
                        .or_insert_with(|| problem("Some fields are not right (each named in `errors`)"));
                }
            }
        }
    }
}

pub fn routes(state: AppState) -> Routes {
    let api = Routes::new()
        .route("/api/v1/home", get(home::home))
        .route("/api/v1/regions", get(registers::list_regions))
        .route("/api/v1/institutions", get(registers::list_institutions).post(registers::create_institution))
        .route("/api/v1/institutions/{id}", get(registers::get_institution).put(registers::update_institution))
        .route("/api/v1/institutions/{id}/units", get(registers::list_units).post(registers::create_unit))
        .route("/api/v1/institutions/{id}/people", get(registers::list_people).post(registers::create_person))
        .route("/api/v1/institutions/{id}/people/{pid}", get(registers::get_person).put(registers::update_person))
        .route("/api/v1/institutions/{id}/positions", get(registers::list_positions).post(registers::create_position))
        .route("/api/v1/institutions/{id}/users", get(registers::list_users))
        .route("/api/v1/institutions/{id}/settings", get(registers::settings))
        .route("/api/v1/public/institutions/{id}/register", get(registers::public_register))
        .route("/api/v1/audit", get(registers::list_audit))
        .route("/api/v1/holidays", get(complaints::holidays))
        .route("/api/v1/ksm", get(ksm::overview))
        .route("/api/v1/institutions/{id}/ksm", get(ksm::list).post(ksm::create))
        .route("/api/v1/institutions/{id}/ksm/{k}", get(ksm::get))
        .route("/api/v1/institutions/{id}/ksm/{k}/members", axum::routing::post(ksm::add_member))
        .route("/api/v1/institutions/{id}/ksm/{k}/meetings", get(ksm::meetings).post(ksm::record))
        .route("/api/v1/institutions/{id}/ksm/{k}/meetings/{mid}", get(ksm::meeting))
        .route("/api/v1/institutions/{id}/ksm/{k}/meetings/{mid}/amendments", axum::routing::post(ksm::amend))
        .route("/api/v1/institutions/{id}/ksm/{k}/withdrawals", axum::routing::post(ksm::withdraw))
        .route("/api/v1/institutions/{id}/ksm/{k}/assessment", get(ksm::assess))
        .route("/api/v1/institutions/{id}/ksm/{k}/stages", get(ksm::stages))
        .route("/api/v1/institutions/{id}/ksm/{k}/independence", get(ksm::independence))
        .route("/api/v1/institutions/{id}/ksm/{k}/members/{m}/statement", get(ksm::statement))
        .route("/api/v1/institutions/{id}/accounts", get(books::accounts))
        .route("/api/v1/institutions/{id}/journal", get(books::entries).post(books::post_entry))
        .route("/api/v1/institutions/{id}/trial-balance", get(books::trial_balance))
        .route("/api/v1/institutions/{id}/balance-sheet", get(books::balance_sheet))
        .route("/api/v1/institutions/{id}/income-statement", get(books::income_statement))
        .route("/api/v1/institutions/{id}/cash-flow", get(books::cash_flow))
        .route("/api/v1/institutions/{id}/ledger/{code}", get(books::ledger))
        .route("/api/v1/institutions/{id}/journal/{eid}", get(books::entry))
        .route("/api/v1/institutions/{id}/loans", get(fund::list_loans).post(fund::apply))
        .route("/api/v1/institutions/{id}/profit-allocation", get(fund::profit_years))
        .route("/api/v1/institutions/{id}/loan-products", get(fund::products))
        .route("/api/v1/institutions/{id}/loans/{l}", get(fund::loan))
        .route("/api/v1/institutions/{id}/loans/{l}/schedule", get(fund::schedule))
        .route("/api/v1/institutions/{id}/loans/{l}/decision", axum::routing::post(fund::decide))
        .route("/api/v1/institutions/{id}/loans/{l}/disbursement", axum::routing::post(fund::disburse))
        .route("/api/v1/institutions/{id}/loans/{l}/payments", axum::routing::post(fund::pay))
        .route("/api/v1/institutions/{id}/loans/{l}/payments/{p}/reversal", axum::routing::post(fund::reverse))
        .route("/api/v1/institutions/{id}/loans/{l}/collection-actions", axum::routing::post(fund::add_action))
        .route("/api/v1/institutions/{id}/loans/{l}/drawdown", axum::routing::post(fund::drawdown))
        .route("/api/v1/institutions/{id}/loans/{l}/write-off", axum::routing::post(fund::write_off))
        .route("/api/v1/institutions/{id}/arrears", get(fund::arrears))
        .route("/api/v1/institutions/{id}/closed-months", get(fund::closed_months).post(fund::close_month))
        .route("/api/v1/institutions/{id}/collection-plan", get(fund::collection_plan))
        .route("/api/v1/institutions/{id}/proposals", get(activities::list_proposals).post(activities::create_proposal))
        .route("/api/v1/institutions/{id}/proposals/{p}", get(activities::proposal))
        .route("/api/v1/institutions/{id}/proposals/{p}/scores", axum::routing::post(activities::score))
        .route("/api/v1/institutions/{id}/proposal-ranking", get(activities::ranking))
        .route("/api/v1/institutions/{id}/proposal-decisions", axum::routing::post(activities::decide))
        .route("/api/v1/institutions/{id}/activities", get(activities::list_activities).post(activities::create_activity))
        .route("/api/v1/institutions/{id}/activities/{a}", get(activities::activity))
        .route("/api/v1/institutions/{id}/activities/{a}/commitments", axum::routing::post(activities::commit))
        .route("/api/v1/institutions/{id}/activities/{a}/receipts", axum::routing::post(activities::receive))
        .route("/api/v1/institutions/{id}/activities/{a}/receipts/{r}/reversal", axum::routing::post(activities::reverse_receipt))
        .route("/api/v1/institutions/{id}/activities/{a}/payments", axum::routing::post(activities::pay))
        .route("/api/v1/institutions/{id}/activities/{a}/payments/{p}/reversal", axum::routing::post(activities::reverse_payment))
        .route("/api/v1/institutions/{id}/activities/{a}/in-kind", axum::routing::post(activities::in_kind))
        .route("/api/v1/institutions/{id}/activities/{a}/progress", axum::routing::post(activities::progress))
        .route("/api/v1/institutions/{id}/activities/{a}/handover", axum::routing::post(activities::hand_over))
        .route("/api/v1/institutions/{id}/attachments", axum::routing::post(activities::attach))
        .route("/api/v1/institutions/{id}/cash-book", get(activities::cash_book))
        .route("/api/v1/institutions/{id}/activity-figures", get(accountability::figures))
        .route("/api/v1/institutions/{id}/money-by-source", get(accountability::by_source))
        .route("/api/v1/institutions/{id}/rkm", get(accountability::rkm))
        .route("/api/v1/public/institutions/{id}/complaints", axum::routing::post(complaints::file))
        .route("/api/v1/public/complaints/track", axum::routing::post(complaints::track))
        .route("/api/v1/institutions/{id}/complaints", get(complaints::list).post(complaints::register))
        .route("/api/v1/institutions/{id}/complaints/{c}", get(complaints::detail))
        .route("/api/v1/institutions/{id}/complaints/{c}/steps", axum::routing::post(complaints::step))
        .route("/api/v1/institutions/{id}/apbdes", get(apbdes::year).post(apbdes::apbdes_version))
        .route("/api/v1/institutions/{id}/water/assets", get(water::assets).post(water::add_asset))
        .route("/api/v1/institutions/{id}/water/schemes", get(water::schemes).post(water::add_scheme))
        .route("/api/v1/institutions/{id}/water/schemes/{s}", get(water::scheme))
        .route("/api/v1/institutions/{id}/water/schemes/{s}/tariffs", axum::routing::post(water::add_tariff))
        .route("/api/v1/institutions/{id}/water/schemes/{s}/bill-runs", axum::routing::post(water::run_bills))
        .route("/api/v1/institutions/{id}/water/schemes/{s}/round", get(water::round).post(water::save_round))
        .route("/api/v1/institutions/{id}/water/customers", get(water::list_customers).post(water::add_customer))
        .route("/api/v1/institutions/{id}/water/customers/{c}", get(water::statement))
        .route("/api/v1/institutions/{id}/water/customers/{c}/payments", axum::routing::post(water::pay))
        .route("/api/v1/institutions/{id}/water/customers/{c}/readings", axum::routing::post(water::read))
        .route("/api/v1/institutions/{id}/water/customers/{c}/meter", axum::routing::post(water::replace_meter))
        .route("/api/v1/institutions/{id}/water/customers/{c}/connection", axum::routing::post(water::connection))
        .route("/api/v1/institutions/{id}/water/payments/{p}/reversal", axum::routing::post(water::reverse))
        .route("/api/v1/institutions/{id}/water/arrears", get(water::arrears))
        .route("/api/v1/institutions/{id}/water/months", get(water::months))
        .wrap(|r| r.route_layer(axum::middleware::from_fn_with_state(state, idempotency::layer)));
    // Swagger UI sets inline styles; its pages get a CSP that allows them, and nothing else.
    let docs: Router<AppState> = Router::from(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", ApiDoc::openapi())).layer(SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'"),
    ));
    api.merge_foreign(docs, &["/api/docs", "/api/docs/", "/api/docs/{*rest}", "/api/v1/openapi.json"])
}
