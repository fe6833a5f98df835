//! The notice board as open data: JSON of the whole board, CSV of activities and payments,
//! an Atom feed of what is new, and the progress photos.

use super::{cached, cached_file, institution};
use crate::error::WebError;
use crate::session::Viewer;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{html, PreEscaped};
use swadaya_core::app::transparency;
use swadaya_core::app::AppError;
use swadaya_core::reports::{self, Table};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

pub async fn json(State(st): State<AppState>, v: Viewer, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = v.lang;
    let st2 = st.clone();
    cached(&st, &v, format!("json:{id}"), || async move {
        let inst = institution(&st2, id, lang).await?;
        let b = transparency::board(&st2.db, id, today(), lang).await.map_err(|e| WebError::from_app(e, lang))?;
        let officers =
            transparency::officers(&st2.db, id, &today().to_string()).await.map_err(|e| WebError::from_app(e, lang))?;
        let body = serde_json::json!({
            "institution": {"id": inst.id, "name": inst.name, "kind": inst.kind, "region_code": inst.region_code, "legal_basis": inst.legal_basis},
            "as_of": b.today.to_string(),
            "officers": officers.iter().map(|o| serde_json::json!({
                "name": o.person_name, "title": o.title, "unit": o.unit_name, "education": o.education, "decree_no": o.decree_no, "start_date": o.start_date,
            })).collect::<Vec<_>>(),
            "activities": b.activities,
            "payments_latest": b.payments,
            "payments_total": b.payments_total,
            "finances": b.periods.iter().map(|(label, from, to, rows)| serde_json::json!({"label": label, "from": from, "to": to, "by_source": rows})).collect::<Vec<_>>(),
            "loan_fund": b.loan_fund.as_ref().map(|f| serde_json::json!({
                "as_of": f.on, "outstanding": f.outstanding, "outstanding_in_arrears": f.outstanding_at_risk,
                "ksm_borrowing": f.ksm_active, "ksm_in_arrears": f.ksm_at_risk,
                "indicators": f.indicators.iter().map(|i| serde_json::json!({"code": i.code, "value_bp": i.value_bp, "band": i.band.map(|b| b.code())})).collect::<Vec<_>>(),
            })),
            "complaints": b.complaints,
            "apbdes_years": b.apbdes_years,
        });
        Ok(("application/json", body.to_string().into_bytes()))
    })
    .await
}

pub async fn activities_csv(State(st): State<AppState>, v: Viewer, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = v.lang;
    let st2 = st.clone();
    cached_file(&st, &v, format!("activities.csv:{id}"), &format!("kegiatan-{id}.csv"), || async move {
        activities_table(&st2, id, lang).await
    })
    .await
}

async fn activities_table(st: &AppState, id: i64, lang: swadaya_domain::Lang) -> Result<(&'static str, Vec<u8>), WebError> {
    institution(st, id, lang).await?;
    let rows = transparency::activities(&st.db, id, today()).await.map_err(|e| WebError::from_app(e, lang))?;
    let t = Table {
        title: "kegiatan".into(),
        headers: [
            "id",
            "nama",
            "jenis",
            "lokasi",
            "mulai",
            "selesai",
            "diserahterimakan",
            "anggaran",
            "dibayar_tunai",
            "fisik_persen",
            "keuangan_persen",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        rows: rows
            .iter()
            .map(|a| {
                vec![
                    a.id.to_string(),
                    a.name.clone(),
                    a.kind.clone(),
                    a.location.clone(),
                    a.planned_start.clone(),
                    a.planned_end.clone(),
                    a.handed_over_on.clone().unwrap_or_default(),
                    a.budget.to_string(),
                    a.cash_spent.to_string(),
                    format!("{:.2}", a.physical_bp as f64 / 100.0),
                    format!("{:.2}", a.financial_bp as f64 / 100.0),
                ]
            })
            .collect(),
        numeric: vec![0, 7, 8],
    };
    Ok(("text/csv; charset=utf-8", reports::csv(&t).map_err(WebError::internal)?))
}

pub async fn payments_csv(State(st): State<AppState>, v: Viewer, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = v.lang;
    let st2 = st.clone();
    cached_file(&st, &v, format!("payments.csv:{id}"), &format!("pembayaran-{id}.csv"), || async move {
        payments_table(&st2, id, lang).await
    })
    .await
}

async fn payments_table(st: &AppState, id: i64, lang: swadaya_domain::Lang) -> Result<(&'static str, Vec<u8>), WebError> {
    institution(st, id, lang).await?;
    let rows = transparency::payments(&st.db, id, today()).await.map_err(|e| WebError::from_app(e, lang))?;
    let t = Table {
        title: "pembayaran".into(),
        headers: ["tanggal", "kegiatan", "sumber_dana", "dibayar_kepada", "uraian", "no_kwitansi", "jumlah"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        rows: rows
            .iter()
            .map(|p| {
                vec![
                    p.spent_on.clone(),
                    p.activity.clone(),
                    p.source.clone(),
                    p.payee.clone(),
                    p.item.clone(),
                    p.receipt_no.clone(),
                    p.amount.to_string(),
                ]
            })
            .collect(),
        numeric: vec![6],
    };
    Ok(("text/csv; charset=utf-8", reports::csv(&t).map_err(WebError::internal)?))
}

/// New on the board: payments, progress reports with photos, hand-overs and budget versions,
/// newest first (at most 50).
pub async fn feed(State(st): State<AppState>, v: Viewer, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = v.lang;
    let st2 = st.clone();
    cached(&st, &v, format!("feed:{id}"), || async move {
        let inst = institution(&st2, id, lang).await?;
        let day = today();
        let mut items: Vec<(String, String, String, String)> = Vec::new(); // (updated, id, title, link)
        for p in transparency::payments(&st2.db, id, day).await.map_err(|e| WebError::from_app(e, lang))? {
            items.push((
                p.spent_on.clone(),
                format!("payment-{}", p.id),
                format!(
                    "{}: {} {} ({})",
                    lang.pick("Pembayaran", "Payment"),
                    swadaya_domain::Rupiah(p.amount),
                    p.item,
                    p.activity
                ),
                format!("/p/{id}#pembayaran"),
            ));
        }
        for a in transparency::activities(&st2.db, id, day).await.map_err(|e| WebError::from_app(e, lang))? {
            for r in transparency::progress(&st2.db, id, a.id).await.map_err(|e| WebError::from_app(e, lang))? {
                items.push((
                    r.reported_on.clone(),
                    format!("progress-{}", r.id),
                    format!(
                        "{}: {} {}",
                        a.name,
                        lang.pick("kemajuan fisik", "physical progress"),
                        swadaya_domain::fund::indicators::percent(r.percent_bp, lang)
                    ),
                    format!("/p/{id}#kegiatan"),
                ));
            }
            if let Some(d) = &a.handed_over_on {
                items.push((
                    d.clone(),
                    format!("handover-{}", a.id),
                    format!("{}: {}", a.name, lang.pick("diserahterimakan", "handed over")),
                    format!("/p/{id}#kegiatan"),
                ));
            }
        }
        for x in transparency::budget_versions(&st2.db, id).await.map_err(|e| WebError::from_app(e, lang))? {
            items.push((
                x.as_of.clone(),
                format!("apbdes-{}", x.id),
                format!("APBDes {}: {} ({})", x.year, swadaya_core::app::apbdes::kind_label(&x.kind, lang), x.title),
                format!("/p/{id}/apbdes/{}", x.year),
            ));
        }
        items.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
        items.truncate(50);
        let updated = items.first().map(|i| i.0.clone()).unwrap_or_else(|| day.to_string());
        let xml = html! {
            (PreEscaped("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"))
            feed xmlns="http://www.w3.org/2005/Atom" {
                title { (inst.name) " · " (lang.pick("Papan informasi", "Notice board")) }
                id { "urn:swadaya:institution:" (id) }
                updated { (updated) "T00:00:00Z" }
                link rel="alternate" href={"/p/" (id)} {}
                @for (when, key, title, link) in &items {
                    entry {
                        id { "urn:swadaya:institution:" (id) ":" (key) }
                        title { (title) }
                        updated { (when) "T00:00:00Z" }
                        link rel="alternate" href=(link) {}
                        author { name { (inst.name) } }
                    }
                }
            }
        };
        Ok(("application/atom+xml; charset=utf-8", xml.into_string().into_bytes()))
    })
    .await
}

pub async fn photo(State(st): State<AppState>, v: Viewer, Path((id, aid)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let Some((meta, data)) = transparency::photo(&st.db, id, aid).await.map_err(|e| WebError::from_app(e, v.lang))? else {
        return Err(WebError::from_app(AppError::NotFound, v.lang));
    };
    Ok(([(header::CONTENT_TYPE, meta.mime.clone()), (header::CACHE_CONTROL, "public, max-age=86400".to_string())], data)
        .into_response())
}
