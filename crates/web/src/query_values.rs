//! Query values that cannot be read. A page or API answer asked for `?on=2025-02-30` or
//! `?page=abc` must not quietly show today's figures or the first page, which read as the
//! answer to the question asked: the request is refused here, once for every page and API
//! route, with 400 naming the parameter, its value and what it must look like. An empty value
//! is "not given" (a form's blank field); names outside this list are each route's own.

use super::error::{is_api, WebError};
use super::session::{api_lang, visitor_lang};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use swadaya_core::app::FieldError;
use swadaya_domain::dates::parse_date;
use swadaya_domain::Lang;

/// What a well-known parameter holds, wherever it appears.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Date,
    Month,
    Year,
    Quarter,
    /// A page number or an id: 1 or more.
    Positive,
    /// A count to skip or take: 0 or more.
    Count,
}

const KNOWN: [(&str, Kind); 15] = [
    ("from", Kind::Date),
    ("to", Kind::Date),
    ("on", Kind::Date),
    ("date", Kind::Date),
    ("month", Kind::Month),
    ("year", Kind::Year),
    ("quarter", Kind::Quarter),
    ("page", Kind::Positive),
    ("per_page", Kind::Positive),
    ("ksm_id", Kind::Positive),
    ("member", Kind::Positive),
    ("proposal_id", Kind::Positive),
    ("owner_id", Kind::Positive),
    ("limit", Kind::Count),
    ("offset", Kind::Count),
];

fn readable(kind: Kind, v: &str) -> bool {
    let int = v.parse::<i64>().ok();
    match kind {
        Kind::Date => parse_date(v).is_some(),
        Kind::Month => v.len() == 7 && NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d").is_ok(),
        Kind::Year => int.is_some_and(|y| (2000..=2100).contains(&y)),
        Kind::Quarter => int.is_some_and(|q| (1..=4).contains(&q)),
        Kind::Positive => int.is_some_and(|n| n >= 1),
        Kind::Count => int.is_some_and(|n| n >= 0),
    }
}

fn expected(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Date => lang.pick("tanggal seperti 2026-01-31", "a date such as 2026-01-31"),
        Kind::Month => lang.pick("bulan seperti 2026-01", "a month such as 2026-01"),
        Kind::Year => lang.pick("tahun antara 2000 dan 2100", "a year from 2000 to 2100"),
        Kind::Quarter => lang.pick("triwulan 1, 2, 3 atau 4", "a quarter: 1, 2, 3 or 4"),
        Kind::Positive => lang.pick("bilangan bulat 1 atau lebih", "a whole number, 1 or more"),
        Kind::Count => lang.pick("bilangan bulat 0 atau lebih", "a whole number, 0 or more"),
    }
}

/// The first parameter whose value cannot be read, with its value and kind.
fn first_unreadable(query: &str) -> Option<(String, String, Kind)> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    pairs.into_iter().find_map(|(name, value)| {
        let (_, kind) = KNOWN.iter().find(|(k, _)| *k == name)?;
        let v = value.trim();
        (!v.is_empty() && !readable(*kind, v)).then(|| (name, v.to_string(), *kind))
    })
}

pub async fn refuse_unreadable(req: Request, next: Next) -> Response {
    let Some((name, value, kind)) = first_unreadable(req.uri().query().unwrap_or("")) else { return next.run(req).await };
    let api = is_api(req.uri());
    let lang = if api { api_lang(req.headers()) } else { visitor_lang(req.headers()) };
    let shown: String = value.chars().take(40).collect();
    let message = match lang {
        Lang::Id => format!("Nilai \"{shown}\" pada {name} tidak bisa dibaca: tulis {}.", expected(kind, lang)),
        Lang::En => format!("The value \"{shown}\" of {name} cannot be read: write {}.", expected(kind, lang)),
    };
    let mut e = WebError::new(
        StatusCode::BAD_REQUEST,
        lang,
        lang.pick("Alamat berisi nilai yang tidak bisa dibaca", "The address holds a value that cannot be read"),
        message.clone(),
    );
    if api {
        e.fields = vec![FieldError { field: name, message }];
        e.api().into_response()
    } else {
        e.link = Some(req.uri().path().to_string());
        e.link_label = Some(lang.pick("Buka halaman tanpa nilai itu", "Open the page without that value").to_string());
        e.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_dates_and_numbers_are_named() {
        assert_eq!(first_unreadable("on=2025-02-30").map(|x| x.0), Some("on".into()));
        assert_eq!(first_unreadable("from=2026-01-01&to=garbage").map(|x| x.0), Some("to".into()));
        assert_eq!(first_unreadable("page=abc").map(|x| x.2), Some(Kind::Positive));
        assert_eq!(first_unreadable("page=0").map(|x| x.0), Some("page".into()));
        assert_eq!(first_unreadable("month=2026-13").map(|x| x.0), Some("month".into()));
        assert_eq!(first_unreadable("quarter=5").map(|x| x.0), Some("quarter".into()));
    }

    #[test]
    fn readable_blank_and_unknown_values_pass() {
        for q in [
            "on=2025-02-28",
            "from=01/02/2026&to=2026-02-28",
            "page=99999999999",
            "month=2026-02",
            "from=&to=",
            "sort=name",
            "q=2025-02-30",
            "",
        ] {
            assert_eq!(first_unreadable(q), None, "{q}");
        }
    }
}
