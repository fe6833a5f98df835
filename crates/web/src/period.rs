//! A period that ends before it starts. Every report, list and export that takes `from` and `to`
//! would answer it with nothing at all, which reads as "no money moved"; instead the request is
//! refused here, once for every page and API route, naming both dates and offering the period
//! the other way round.

use super::error::{is_api, WebError};
use super::session::{api_lang, visitor_lang};
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use swadaya_core::app::FieldError;
use swadaya_domain::dates::{format_date, parse_date};
use swadaya_domain::Lang;

pub async fn refuse_reversed(req: Request, next: Next) -> Response {
    if req.method() != Method::GET {
        return next.run(req).await;
    }
    let query = req.uri().query().unwrap_or("");
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    let date = |k: &str| pairs.iter().find(|(n, _)| n == k).and_then(|(_, v)| parse_date(v.trim()));
    let (Some(from), Some(to)) = (date("from"), date("to")) else { return next.run(req).await };
    if to >= from {
        return next.run(req).await;
    }
    let api = is_api(req.uri());
    let lang = if api { api_lang(req.headers()) } else { visitor_lang(req.headers()) };
    let message = match lang {
        Lang::Id => format!(
            "Tanggal akhir ({}) sebelum tanggal awal ({}). Tukar kedua tanggal, atau pilih lagi periodenya.",
            format_date(to, lang),
            format_date(from, lang)
        ),
        Lang::En => format!(
            "The end date ({}) is before the start date ({}). Swap the two dates, or choose the period again.",
            format_date(to, lang),
            format_date(from, lang)
        ),
    };
    let swapped: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(k, v)| match k.as_str() {
            "from" => (k, to.to_string()),
            "to" => (k, from.to_string()),
            _ => (k, v),
        })
        .collect();
    let mut e = WebError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        lang,
        lang.pick("Periode terbalik", "Period the wrong way round"),
        message.clone(),
    );
    e.link = Some(format!("{}?{}", req.uri().path(), serde_urlencoded::to_string(&swapped).unwrap_or_default()));
    e.link_label = Some(lang.pick("Tampilkan periode yang ditukar", "Show the period swapped").to_string());
    if api {
        e.fields = vec![FieldError { field: "to".into(), message }];
        e.api().into_response()
    } else {
        e.into_response()
    }
}
