//! The arrears list (Daftar Tunggakan) at any date, and the indicators with their bands and a
//! twelve-month trend from the closed months. Aggregates only; the arrears list names members
//! and is for officers, never for the public board.

use crate::books::view::{period_form, query_date, respond, Page, Report};
use crate::charts::{bars, Bar};
use crate::error::WebError;
use crate::layout;
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use std::collections::HashMap;
use swadaya_core::app::books::month_label;
use swadaya_core::app::fund::{close, portfolio as svc};
use swadaya_core::reports::Table;
use swadaya_domain::fund::arrears::class_name;
use swadaya_domain::fund::indicators::{percent, Band};
use swadaya_domain::{Lang, Rupiah};

fn cause_label(c: &str, lang: Lang) -> String {
    svc::CAUSES.iter().find(|(k, _, _)| *k == c).map(|(_, i, e)| lang.pick(i, e).to_string()).unwrap_or_default()
}

pub async fn arrears(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let on = query_date(&q, "on", &chrono::Local::now().date_naive().to_string());
    let (r, _) = svc::at(&st.db, &s.ctx, id, &on).await.map_err(|e| WebError::from_app(e, lang))?;
    let inst =
        swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let rows: Vec<Vec<String>> = r
        .lines
        .iter()
        .map(|l| {
            vec![
                l.ksm_name.clone(),
                l.member_name.clone(),
                l.agreement_no.clone(),
                l.overdue_instalments.to_string(),
                l.overdue_amount.to_string(),
                l.days_late.to_string(),
                format!("{} {}", l.class, class_name(l.class, lang)),
                l.outstanding_principal.to_string(),
                [l.cause.as_deref().map(|c| cause_label(c, lang)).unwrap_or_default(), l.cause_note.clone().unwrap_or_default()]
                    .iter()
                    .filter(|x| !x.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(": "),
            ]
        })
        .collect();
    let links = r.lines.iter().map(|l| Some(format!("/i/{id}/loans/{}", l.loan_id))).collect();
    let title = lang.pick("Daftar tunggakan", "Arrears list");
    let report = Report {
        table: Table {
            title: title.into(),
            headers: [
                "KSM",
                lang.pick("Anggota", "Member"),
                lang.pick("Perjanjian", "Agreement"),
                lang.pick("Angsuran", "Instalments"),
                lang.pick("Tunggakan", "Overdue"),
                lang.pick("Hari", "Days"),
                lang.pick("Kolektibilitas", "Class"),
                lang.pick("Sisa pokok", "Principal left"),
                lang.pick("Penyebab", "Cause"),
            ]
            .map(String::from)
            .to_vec(),
            rows,
            numeric: vec![4, 7],
        },
        links,
        widths: vec![1.4, 1.4, 1.3, 0.7, 1.1, 0.6, 1.3, 1.1, 1.6],
        meta: vec![
            inst.name.clone(),
            format!(
                "{} {} · {} {} · {} {}",
                lang.pick("Per", "As of"),
                layout::date(lang, &on),
                lang.pick("sisa pinjaman", "outstanding"),
                Rupiah(r.outstanding),
                lang.pick("tunggakan", "overdue"),
                Rupiah(r.overdue_amount)
            ),
        ],
        file: format!("daftar-tunggakan-{on}"),
    };
    let before = html! {
        p.muted.no-print { a href={"/i/" (id) "/books"} { "← " (lang.pick("Buku UPK", "UPK books")) } }
        h1 { (title) }
        (period_form(lang, &format!("/i/{id}/arrears"), None, &on))
        @let (class_h, shares_h, outstanding_h, reserve_h) = (lang.pick("Kolektibilitas", "Class"), lang.pick("Bagian anggota", "Shares"), lang.pick("Sisa pokok", "Outstanding"), lang.pick("Cadangan", "Reserve"));
        div.table-wrap { table.cards {
            thead { tr { th { (class_h) } th.num { (shares_h) } th.num { (outstanding_h) } th.num { (reserve_h) } } }
            tbody { @for (i, c) in r.classes.iter().enumerate() {
                tr { td data-label=(class_h) { (i + 1) " " (class_name(i as u8 + 1, lang)) } td.num data-label=(shares_h) { (c.shares) } td.num data-label=(outstanding_h) { (Rupiah(c.outstanding)) } td.num data-label=(reserve_h) { (Rupiah(c.reserve)) } }
            } }
            tfoot { tr { th { (lang.pick("Jumlah", "Total")) } th.num data-label=(shares_h) { (r.shares) } th.num data-label=(outstanding_h) { (Rupiah(r.outstanding)) } th.num data-label=(reserve_h) { (Rupiah(r.reserve_required)) } } }
        } }
        h2 { (lang.pick("Anggota yang menunggak", "Members in arrears")) }
        p.no-print { a href={"/i/" (id) "/collection"} { (lang.pick("Rencana kerja penagihan →", "Collection work plan →")) } }
    };
    let after = html! {
        h2 { (lang.pick("Tingkat pengembalian kumulatif per KSM", "Cumulative repayment rate per KSM")) }
        div.table-wrap { table.cards {
            thead { tr { th { "KSM" } th.num { (lang.pick("Jatuh tempo", "Fallen due")) } th.num { (lang.pick("Dibayar", "Paid")) } th.num { "%" } } }
            tbody { @for k in &r.ksm {
                tr {
                    td data-label="KSM" { a href={"/i/" (id) "/ksm/" (k.ksm_id)} { (k.name) } }
                    td.num data-label=(lang.pick("Jatuh tempo", "Fallen due")) { (Rupiah(k.due_to_date)) }
                    td.num data-label=(lang.pick("Dibayar", "Paid")) { (Rupiah(k.paid_on_due.min(k.due_to_date))) }
                    td.num data-label="%" { (k.repayment_rate_bp().map(|v| percent(v, lang)).unwrap_or("–".into())) }
                }
            } }
        } }
    };
    respond(&s, Page { title, before, after, base: &format!("/i/{id}/arrears"), query: &q }, &report)
}

fn band_badge(b: Option<Band>, lang: Lang) -> maud::Markup {
    html! { @if let Some(b) = b { span class={"badge band-" (b.code())} { (b.label(lang)) } } @else { "–" } }
}

pub async fn indicators(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let on = query_date(&q, "on", &chrono::Local::now().date_naive().to_string());
    let (r, ind) = svc::at(&st.db, &s.ctx, id, &on).await.map_err(|e| WebError::from_app(e, lang))?;
    let history = close::history(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let last12: Vec<&close::Summary> = history.iter().take(12).rev().collect();
    // The indicator sheet: one row per closed month (the trend) and the chosen date, with bands.
    let cell = |v: Option<i64>, b: Option<&str>| {
        let band = b.and_then(|b| [Band::Satisfactory, Band::Minimum, Band::Inadequate].into_iter().find(|x| x.code() == b));
        match v {
            Some(v) => format!("{} ({})", percent(v, lang), band.map(|b| b.label(lang)).unwrap_or("")),
            None => "–".into(),
        }
    };
    let mut rows: Vec<Vec<String>> = last12
        .iter()
        .map(|c| {
            let mut row = vec![month_label(&c.month, lang)];
            for code in ["LAR", "PAR", "RR", "CCR", "ROI"] {
                let i = c.indicators.iter().find(|i| i.code == code);
                row.push(cell(i.and_then(|i| i.value_bp), i.and_then(|i| i.band.as_deref())));
            }
            row.push(c.outstanding.to_string());
            row
        })
        .collect();
    let mut now = vec![layout::date(lang, &on)];
    now.extend(ind.iter().map(|i| cell(i.value_bp, i.band.map(|b| b.code()))));
    now.push(r.outstanding.to_string());
    rows.push(now);
    let sheet = Report {
        table: Table {
            title: lang.pick("Indikator kinerja", "Performance indicators").into(),
            headers: [lang.pick("Bulan", "Month"), "LAR", "PAR", "RR", "CCR", "ROI", lang.pick("Sisa pinjaman", "Outstanding")]
                .map(String::from)
                .to_vec(),
            rows,
            numeric: vec![6],
        },
        links: vec![],
        widths: vec![1.3, 1.4, 1.4, 1.4, 1.4, 1.4, 1.3],
        meta: vec![
            swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id)
                .await
                .map_err(|e| WebError::from_app(e, lang))?
                .name,
            lang.pick(
                "Tingkat: Memuaskan / Minimum / Tidak memadai (POB 2013)",
                "Bands: satisfactory / minimum / inadequate (POB 2013)",
            )
            .into(),
        ],
        file: format!("indikator-{on}"),
    };
    if let Some(resp) = crate::books::view::download(&sheet, q.get("format").map(String::as_str).unwrap_or(""), lang)? {
        return Ok(resp);
    }
    let chart = |code: &str| {
        let data: Vec<Bar> = last12
            .iter()
            .map(|c| {
                let v = c.indicators.iter().find(|i| i.code == code).and_then(|i| i.value_bp).unwrap_or(0);
                Bar {
                    label: c.month[5..].to_string(),
                    value: v.max(0),
                    caption: format!("{}: {}", month_label(&c.month, lang), percent(v, lang)),
                }
            })
            .collect();
        let mark = match code {
            "LAR" | "PAR" => Some((1_000, "10 %")),
            "RR" => Some((9_000, "90 %")),
            "CCR" => Some((12_500, "125 %")),
            _ => Some((1_000, "10 %")),
        };
        bars(
            &format!("{code} · {}", lang.pick("12 bulan terakhir", "last 12 months")),
            &data,
            mark.map(|m| m.0).unwrap_or(0),
            mark,
        )
    };
    let body = html! {
        p.muted { a href={"/i/" (id) "/books"} { "← " (lang.pick("Buku UPK", "UPK books")) } }
        h1 { (lang.pick("Indikator kinerja dana bergulir", "Revolving fund indicators")) }
        (period_form(lang, &format!("/i/{id}/indicators"), None, &on))
        (crate::books::view::export_links(lang, &format!("/i/{id}/indicators"), &q))
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Indikator", "Indicator")) } th.num { (lang.pick("Nilai", "Value")) } th { (lang.pick("Tingkat", "Band")) } th { (lang.pick("Rincian", "Behind it")) } } }
            tbody { @for i in &ind {
                tr {
                    td data-label=(lang.pick("Indikator", "Indicator")) { (i.name(lang)) }
                    td.num data-label=(lang.pick("Nilai", "Value")) { (i.value_bp.map(|v| percent(v, lang)).unwrap_or("–".into())) }
                    td data-label=(lang.pick("Tingkat", "Band")) { (band_badge(i.band, lang)) }
                    td data-label=(lang.pick("Rincian", "Behind it")) {
                        @match i.code {
                            "LAR" | "PAR" | "RR" => { a href={"/i/" (id) "/arrears?on=" (on)} { (lang.pick("daftar tunggakan", "arrears list")) } }
                            _ => { a href={"/i/" (id) "/books/income?from=" (&on[..4]) "-01-01&to=" (on)} { (lang.pick("laba rugi", "income statement")) } }
                        }
                    }
                }
            } }
        } }
        p.muted { (lang.pick("Menunggak = kolektibilitas 3–5 (3 angsuran atau lebih). Sisa pinjaman", "In arrears = class 3–5 (3 or more instalments). Outstanding")) " " (Rupiah(r.outstanding)) ", " (lang.pick("berisiko", "at risk")) " " (Rupiah(r.outstanding_at_risk)) "." }
        h2 { (lang.pick("Tren (bulan yang sudah ditutup)", "Trend (closed months)")) }
        @if last12.is_empty() { p.muted { (lang.pick("Belum ada bulan yang ditutup.", "No month has been closed yet.")) } }
        @else { div.charts { (chart("PAR")) (chart("LAR")) (chart("RR")) (chart("CCR")) } }
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Indikator", "Indicators"), body).into_response())
}

/// The collection work plan (Rencana Kerja Penagihan): planned visits and promises to pay from a
/// date on, for the officers and the village government.
pub async fn collection_plan(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let today = chrono::Local::now().date_naive();
    let from = query_date(&q, "on", &(today - chrono::Duration::days(30)).to_string());
    let actions =
        swadaya_core::app::fund::collection::plan(&st.db, &s.ctx, id, &from).await.map_err(|e| WebError::from_app(e, lang))?;
    let inst =
        swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let names =
        swadaya_core::app::fund::loans::member_names(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let kind = |k: &str| {
        swadaya_core::app::fund::collection::KINDS
            .iter()
            .find(|(c, _, _)| *c == k)
            .map(|(_, i, e)| lang.pick(i, e).to_string())
            .unwrap_or_default()
    };
    let rows: Vec<Vec<String>> = actions
        .iter()
        .map(|a| {
            vec![
                layout::date(lang, &a.on_date),
                kind(&a.kind),
                a.ksm_name.clone(),
                a.member_id.and_then(|m| names.get(&m).cloned()).unwrap_or_else(|| lang.pick("seluruh KSM", "whole KSM").into()),
                a.officer.clone().unwrap_or_default(),
                a.village_official.clone().unwrap_or_default(),
                a.promise_on.as_deref().map(|p| layout::date(lang, p)).unwrap_or_default(),
                a.promise_amount.map(|x| x.to_string()).unwrap_or_default(),
                a.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let links = actions.iter().map(|a| Some(format!("/i/{id}/loans/{}", a.loan_id))).collect();
    let title = lang.pick("Rencana kerja penagihan", "Collection work plan");
    let report = Report {
        table: Table {
            title: title.into(),
            headers: [
                lang.pick("Tanggal", "Date"),
                lang.pick("Kegiatan", "Action"),
                "KSM",
                lang.pick("Anggota", "Member"),
                lang.pick("Petugas", "Officer"),
                lang.pick("Aparat desa", "Village official"),
                lang.pick("Janji bayar", "Promise"),
                lang.pick("Jumlah janji", "Promised"),
                lang.pick("Catatan", "Note"),
            ]
            .map(String::from)
            .to_vec(),
            rows,
            numeric: vec![7],
        },
        links,
        widths: vec![1.2, 1.4, 1.3, 1.3, 1.1, 1.1, 1.1, 1.0, 1.6],
        meta: vec![inst.name, format!("{} {}", lang.pick("Sejak", "From"), layout::date(lang, &from))],
        file: format!("rencana-penagihan-{from}"),
    };
    let before = html! {
        p.muted.no-print { a href={"/i/" (id) "/arrears"} { "← " (lang.pick("Daftar tunggakan", "Arrears list")) } }
        h1 { (title) }
        (period_form(lang, &format!("/i/{id}/collection"), None, &from))
        p.muted.no-print { (lang.pick("Rencana dan kunjungan dicatat di halaman pinjaman masing-masing.", "Plans and visits are recorded on each loan's page.")) }
    };
    respond(&s, Page { title, before, after: html! {}, base: &format!("/i/{id}/collection"), query: &q }, &report)
}
