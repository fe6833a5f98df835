//! Loan products: the list and the form for a new one (prefilled with RULES.md's defaults).

use crate::error::WebError;
use crate::form::Checked;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_core::app::fund::products as svc;
use swadaya_core::app::AppError;
use swadaya_domain::fund::indicators::percent;
use swadaya_domain::fund::product::{Frequency, Method};
use swadaya_domain::roles::Action;

const FIELDS: [&str; 11] = [
    "name",
    "method",
    "rate",
    "term",
    "frequency",
    "first_limit",
    "later_limit",
    "ceiling",
    "max_cycles",
    "min_term",
    "max_term",
];

async fn render(st: &AppState, s: &Session, id: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let list = svc::list(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let can = s.ctx.actor.can(id, Action::WriteBooks);
    let methods: Vec<(String, String)> =
        [Method::Flat, Method::Declining].iter().map(|m| (m.code().into(), m.label(lang).into())).collect();
    let freqs: Vec<(String, String)> =
        [Frequency::Monthly, Frequency::Weekly].iter().map(|m| (m.code().into(), m.label(lang).into())).collect();
    let body = html! {
        p.muted { a href={"/i/" (id) "/loans"} { "← " (lang.pick("Pinjaman KSM", "KSM loans")) } }
        h1 { (lang.pick("Produk pinjaman", "Loan products")) }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Nama", "Name")) } th { (lang.pick("Jasa", "Interest")) } th { (lang.pick("Jangka", "Term")) } th { (lang.pick("Batas per anggota", "Limit per member")) } } }
            tbody { @for p in &list {
                tr {
                    td data-label=(lang.pick("Nama", "Name")) { (p.name) }
                    td data-label=(lang.pick("Jasa", "Interest")) { (percent(p.terms.rate_bp, lang)) " " (lang.pick("per bulan", "a month")) ", " (p.terms.method.label(lang)) }
                    td data-label=(lang.pick("Jangka", "Term")) { (p.terms.term) " × " (p.terms.frequency.label(lang).to_lowercase()) " (" (p.limits.min_term) "–" (p.limits.max_term) ")" }
                    td data-label=(lang.pick("Batas per anggota", "Limit per member")) {
                        (lang.pick("pertama", "first")) " " (p.limits.first_loan) ", " (lang.pick("berikutnya", "later")) " " (p.limits.later_loan)
                        br; span.muted { (lang.pick("rujuk ke bank bila total", "refer to a bank at")) " " (p.limits.ceiling) " " (lang.pick("atau", "or")) " " (p.limits.max_cycles) " " (lang.pick("siklus", "cycles")) }
                    }
                }
            } }
        } }
        @if can {
            h2 { (lang.pick("Produk baru", "New product")) }
            (f.error_summary(lang))
            form.stack.card method="post" action={"/i/" (id) "/loans/products"} novalidate {
                (csrf_field(&s.csrf))
                (f.input("name", lang.pick("Nama produk", "Product name"), "text", None))
                (f.select("method", lang.pick("Cara hitung jasa", "Interest method"), &methods))
                (f.input("rate", lang.pick("Jasa per bulan (%)", "Interest a month (%)"), "text", Some("1,5")))
                (f.select("frequency", lang.pick("Angsuran", "Instalments"), &freqs))
                (f.input("term", lang.pick("Jangka biasa (kali angsuran)", "Usual term (instalments)"), "number", None))
                (f.input("min_term", lang.pick("Jangka terpendek", "Shortest term"), "number", None))
                (f.input("max_term", lang.pick("Jangka terpanjang", "Longest term"), "number", None))
                (f.input("first_limit", lang.pick("Pinjaman pertama paling banyak (per anggota)", "First loan at most (per member)"), "text", None))
                (f.input("later_limit", lang.pick("Pinjaman berikutnya paling banyak", "Later loans at most"), "text", None))
                (f.input("ceiling", lang.pick("Rujuk ke bank bila total pinjaman mencapai", "Refer to a bank when total loans reach"), "text", None))
                (f.input("max_cycles", lang.pick("… atau jumlah siklus mencapai", "… or the number of cycles reaches"), "number", None))
                button type="submit" { (lang.pick("Simpan produk", "Save product")) }
            }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Produk pinjaman", "Loan products"), body)).into_response())
}

pub async fn page(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let d = svc::defaults(s.ctx.lang);
    let mut f = FormState::default();
    for (k, v) in FIELDS.iter().zip([
        d.name,
        d.method,
        d.rate,
        d.term,
        d.frequency,
        d.first_limit,
        d.later_limit,
        d.ceiling,
        d.max_cycles,
        d.min_term,
        d.max_term,
    ]) {
        f.values.insert(k.to_string(), v);
    }
    render(&st, &s, id, &f, StatusCode::OK).await
}

pub async fn create(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Checked { s, input, form }: Checked<svc::ProductInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::create(&st.db, &s.ctx, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/loans/products")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render(&st, &s, id, &FormState::with_errors(form.0.clone(), &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
