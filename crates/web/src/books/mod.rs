//! The UPK's books on the web: the overview, chart of accounts, journal, statements and the
//! month-end close.

pub mod accounts;
pub mod allocation;
pub mod close;
pub mod journal;
pub mod opening;
pub mod statements;
pub mod view;

use super::AppState;
use crate::error::WebError;
use crate::layout;
use crate::routes::Routes;
use crate::session::Session;
use crate::upload::import_limit;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::html;
use swadaya_core::app::books::month_label;
use swadaya_domain::roles::Action;
use swadaya_domain::Rupiah;

pub fn routes() -> Routes {
    Routes::new()
        .route("/i/{id}/books", get(home))
        .route("/i/{id}/books/accounts", get(accounts::page).post(accounts::add))
        .route("/i/{id}/books/accounts/{code}/delete", post(accounts::delete))
        .route("/i/{id}/books/journal", get(journal::list).post(journal::create))
        .route("/i/{id}/books/journal/new", get(journal::new_form))
        .route("/i/{id}/books/journal/{eid}", get(journal::show))
        .route("/i/{id}/books/journal/{eid}/reverse", post(journal::reverse))
        .route("/i/{id}/books/trial-balance", get(statements::trial_balance))
        .route("/i/{id}/books/balance-sheet", get(statements::balance_sheet))
        .route("/i/{id}/books/income", get(statements::income))
        .route("/i/{id}/books/cash-flow", get(statements::cash_flow))
        .route("/i/{id}/books/ledger/{code}", get(statements::ledger))
        .route("/i/{id}/books/close", get(close::page).post(close::start))
        .route("/i/{id}/books/opening", get(opening::page).post(opening::upload).layer(import_limit()))
        .route("/i/{id}/books/allocation", get(allocation::page).post(allocation::allocate))
        .route("/i/{id}/books/opening/template.xlsx", get(opening::template))
}

async fn home(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let inst =
        swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let chart = swadaya_core::app::books::accounts::chart(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let today = chrono::Local::now().date_naive().to_string();
    let totals =
        swadaya_core::app::books::totals_to(&st.db, &s.ctx, id, &today).await.map_err(|e| WebError::from_app(e, lang))?;
    let balance = |code: &str| totals.iter().filter(|(a, _, _)| a == code).map(|(_, d, c)| d - c).sum::<i64>();
    let cash: i64 = chart.iter().filter(|a| a.cash).map(|a| balance(&a.code)).sum();
    let closed = swadaya_core::app::books::last_closed(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let link = |path: &str, id_label: &str, en_label: &str| html! { li { a href={"/i/" (id) "/" (path)} { (lang.pick(id_label, en_label)) } } };
    let body = html! {
        p.muted { a href={"/i/" (id)} { (inst.name) } }
        h1 { (lang.pick("Buku UPK dan dana bergulir", "UPK books and revolving fund")) }
        dl.facts.card {
            dt { (lang.pick("Kas dan bank", "Cash and bank")) } dd.nowrap { (Rupiah(cash)) }
            dt { (lang.pick("Pinjaman KSM beredar", "KSM loans outstanding")) } dd.nowrap { a href={"/i/" (id) "/books/ledger/11030"} { (Rupiah(balance("11030"))) } }
            dt { (lang.pick("Tutup buku terakhir", "Last month closed")) } dd { (closed.as_deref().map(|m| month_label(m, lang)).unwrap_or_else(|| lang.pick("belum ada", "none yet").into())) }
        }
        div.charts {
            div.card {
                h2 { (lang.pick("Dana bergulir", "Revolving fund")) }
                ul {
                    (link("loans", "Pinjaman KSM", "KSM loans"))
                    (link("arrears", "Daftar tunggakan dan kolektibilitas", "Arrears list and collectibility"))
                    (link("indicators", "Indikator kinerja (LAR, PAR, RR, CCR, ROI)", "Performance indicators (LAR, PAR, RR, CCR, ROI)"))
                    (link("loans/products", "Produk pinjaman", "Loan products"))
                }
            }
            div.card {
                h2 { (lang.pick("Pembukuan", "Bookkeeping")) }
                ul {
                    (link("books/journal", "Jurnal umum", "Journal"))
                    (link("books/accounts", "Bagan akun", "Chart of accounts"))
                    @if s.ctx.actor.can(id, Action::WriteBooks) { (link("books/opening", "Impor saldo awal dari Excel", "Import opening balances from Excel")) }
                    (link("books/trial-balance", "Neraca saldo", "Trial balance"))
                    (link("books/balance-sheet", "Neraca", "Balance sheet"))
                    (link("books/income", "Laba rugi", "Income statement"))
                    (link("books/cash-flow", "Arus kas", "Cash flow"))
                    (link("books/allocation", "Alokasi laba tahunan", "Year-end profit allocation"))
                    @if s.ctx.actor.can(id, Action::CloseMonth) || s.ctx.actor.can(id, Action::ReadBooks) { (link("books/close", "Tutup buku bulanan", "Month-end close")) }
                }
            }
        }
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Buku UPK", "UPK books"), body).into_response())
}
