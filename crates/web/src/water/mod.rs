//! The water service and maintenance fees on the web (issue 21): the service's page (assets,
//! schemes, months billed and collected), a scheme with its tariff versions and bill runs, the
//! reader's round, customers with their statement, payments and meter, and the collection list.

pub mod customers;
pub mod overview;
pub mod papers;
pub mod round;
pub mod schemes;

use crate::routes::Routes;
use axum::routing::{get, post};
use maud::{html, Markup};
use swadaya_core::app::water::setup::{self, Tariff};
use swadaya_domain::{Lang, Rupiah};

pub fn routes() -> Routes {
    Routes::new()
        .route("/i/{id}/water", get(overview::page))
        .route("/i/{id}/water/assets", get(overview::asset_form).post(overview::add_asset))
        .route("/i/{id}/water/schemes", get(overview::scheme_form).post(overview::add_scheme))
        .route("/i/{id}/water/schemes/{s}", get(schemes::page))
        .route("/i/{id}/water/schemes/{s}/tariffs", post(schemes::add_tariff))
        .route("/i/{id}/water/schemes/{s}/bills", post(schemes::run_bills))
        .route("/i/{id}/water/schemes/{s}/round", get(round::page).post(round::save))
        .route("/i/{id}/water/customers", get(customers::list).post(customers::add))
        .route("/i/{id}/water/customers/new", get(customers::new_form))
        .route("/i/{id}/water/customers/{c}", get(customers::show))
        .route("/i/{id}/water/customers/{c}/payments", post(customers::pay))
        .route("/i/{id}/water/customers/{c}/readings", post(customers::read))
        .route("/i/{id}/water/customers/{c}/meter", get(customers::meter_form).post(customers::replace_meter))
        .route("/i/{id}/water/customers/{c}/connection", post(customers::connection))
        .route("/i/{id}/water/payments/{p}/reverse", get(customers::reverse_form).post(customers::reverse))
        .route("/i/{id}/water/arrears", get(customers::arrears))
        .route("/i/{id}/water/bills/{b}/tagihan.pdf", get(papers::bill))
        .route("/i/{id}/water/payments/{p}/kuitansi.pdf", get(papers::receipt))
}

/// A tariff version in words: "Rp 4.500 beban + 1-10 m³ Rp 100, 11-20 m³ Rp 200, ...".
pub fn tariff_words(t: &Tariff, kind: &str, lang: Lang) -> String {
    match kind {
        "weekly" => match lang {
            Lang::Id => {
                format!("{} per rumah setiap hari {}", Rupiah(t.fixed), setup::weekday_label(t.weekday.unwrap_or(5), lang))
            }
            Lang::En => format!("{} per house every {}", Rupiah(t.fixed), setup::weekday_label(t.weekday.unwrap_or(5), lang)),
        },
        "metered" => {
            let blocks: Vec<String> = t
                .blocks
                .iter()
                .zip(t.block_starts())
                .map(|(b, from)| match b.up_to {
                    Some(to) => format!("{from}–{to} m³ {}", Rupiah(b.price)),
                    None => format!("≥{from} m³ {}", Rupiah(b.price)),
                })
                .collect();
            let min = if t.minimum_m3 > 0 {
                format!("; {} {} m³", lang.pick("minimum", "minimum"), t.minimum_m3)
            } else {
                String::new()
            };
            format!("{} {} + {}{min}", lang.pick("beban", "fixed"), Rupiah(t.fixed), blocks.join(", "))
        }
        _ => format!("{} {}", Rupiah(t.fixed), lang.pick("per bulan", "a month")),
    }
}

/// "November 2026" for "2026-11".
pub fn month(m: &str, lang: Lang) -> String {
    swadaya_core::app::books::month_label(m, lang)
}

/// A share in basis points as "87,5 %".
pub fn percent(bp: Option<i64>) -> String {
    match bp {
        Some(v) => format!("{},{} %", v / 100, (v % 100) / 10),
        None => "–".into(),
    }
}

pub fn back(id: i64, lang: Lang) -> Markup {
    html! { p.muted { a href={"/i/" (id) "/water"} { "← " (lang.pick("Layanan & iuran", "Service & fees")) } } }
}
