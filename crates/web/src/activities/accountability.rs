//! The quarterly and annual reports, the work plan (RKM) with the community's contribution,
//! and the auditor's workbook.

use super::proposals::{app_err, kind_label};
use crate::books::view::{self, Page, Report};
use crate::error::WebError;
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::Datelike;
use maud::html;
use std::collections::HashMap;
use swadaya_core::app::activities::accountability as svc;
use swadaya_core::reports::{self, Table};
use swadaya_domain::fund::indicators::percent;
use swadaya_domain::Lang;

fn this_year() -> i32 {
    chrono::Local::now().date_naive().year()
}

fn year_of(q: &HashMap<String, String>) -> i32 {
    q.get("year").and_then(|y| y.parse::<i32>().ok()).filter(|y| (2000..=2100).contains(y)).unwrap_or_else(this_year)
}

fn back(id: i64, lang: Lang) -> maud::Markup {
    html! { p.muted.no-print { a href={"/i/" (id) "/activities"} { "← " (lang.pick("Kegiatan", "Activities")) } } }
}

fn report(table: Table, widths: Vec<f32>, meta: Vec<String>, file: String) -> Report {
    Report { links: vec![], widths, meta, file, table }
}

pub async fn quarterly(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let today = chrono::Local::now().date_naive();
    let year = year_of(&q);
    let quarter: u32 =
        q.get("quarter").and_then(|x| x.parse().ok()).filter(|x| (1..=4).contains(x)).unwrap_or(today.month0() / 3 + 1);
    let first = chrono::NaiveDate::from_ymd_opt(year, (quarter - 1) * 3 + 1, 1).expect("valid quarter");
    let last = first.checked_add_months(chrono::Months::new(3)).and_then(|d| d.pred_opt()).expect("valid quarter");
    let title = format!(
        "{} {} {year}",
        lang.pick("Laporan keuangan kegiatan triwulan", "Quarterly activity-fund report, quarter"),
        ["I", "II", "III", "IV"][quarter as usize - 1]
    );
    let table =
        svc::quarterly(&st.db, &s.ctx, id, &first.to_string(), &last.to_string(), title.clone()).await.map_err(app_err(lang))?;
    let inst = swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(app_err(lang))?.name;
    let r = report(table, vec![4.0, 1.6, 1.6, 1.6, 1.6], vec![inst, title.clone()], format!("laporan-triwulan-{year}-{quarter}"));
    let before = html! {
        (back(id, lang))
        h1 { (title) }
        form.search.no-print method="get" {
            label { (lang.pick("Tahun", "Year")) " " input type="number" name="year" value=(year) min="2000" max="2100"; }
            label { (lang.pick("Triwulan", "Quarter")) " " select name="quarter" { @for n in 1..=4u32 { option value=(n) selected[n == quarter] { (n) } } } }
            button type="submit" { (lang.pick("Tampilkan", "Show")) }
        }
    };
    view::respond(
        &s,
        Page { title: &title, before, after: html! {}, base: &format!("/i/{id}/activities/quarterly"), query: &q },
        &r,
    )
}

pub async fn annual(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let year = year_of(&q);
    let table = svc::annual(&st.db, &s.ctx, id, year).await.map_err(app_err(lang))?;
    let title = table.title.clone();
    let inst = swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(app_err(lang))?.name;
    let r = report(table, vec![2.2, 4.0, 1.7, 1.7, 4.0], vec![inst.clone(), title.clone()], format!("laporan-tahunan-{year}"));
    let before = html! {
        (back(id, lang))
        h1 { (title) }
        p.muted { (inst) " — " (lang.pick("untuk Rapat Anggota Tahunan / musyawarah pertanggungjawaban", "for the annual accountability meeting")) }
        form.search.no-print method="get" {
            label { (lang.pick("Tahun", "Year")) " " input type="number" name="year" value=(year) min="2000" max="2100"; }
            button type="submit" { (lang.pick("Tampilkan", "Show")) }
        }
    };
    view::respond(&s, Page { title: &title, before, after: html! {}, base: &format!("/i/{id}/activities/annual"), query: &q }, &r)
}

pub async fn rkm(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let year = year_of(&q);
    let rows = svc::rkm(&st.db, &s.ctx, id, year as i64).await.map_err(app_err(lang))?;
    let ratio = |a: i64, b: i64| super::reports::ratio(a, b, lang);
    let title = format!("{} {year}", lang.pick("Rencana Kerja Masyarakat (RKM)", "Community work plan (RKM)"));
    let headers = [
        ("Kegiatan", "Activity"),
        ("RAB", "Budget"),
        ("Fisik", "Physical"),
        ("Tunai dijanjikan", "Cash promised"),
        ("Tunai diberikan", "Cash given"),
        ("Natura dijanjikan", "Kind promised"),
        ("Natura diberikan", "Kind given"),
        ("Realisasi", "Realised"),
    ];
    let table = Table {
        title: title.clone(),
        headers: headers.iter().map(|(i, e)| lang.pick(i, e).to_string()).collect(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    format!("{} ({})", r.summary.activity.name, kind_label(&r.summary.activity.kind, lang)),
                    r.summary.budget.to_string(),
                    percent(r.summary.percent_bp, lang),
                    r.promised_cash.to_string(),
                    r.given_cash.to_string(),
                    r.promised_kind.to_string(),
                    r.given_kind.to_string(),
                    ratio(r.given_cash + r.given_kind, r.promised_cash + r.promised_kind),
                ]
            })
            .collect(),
        numeric: vec![1, 3, 4, 5, 6],
    };
    let mut rep = report(table, vec![4.0, 1.6, 1.0, 1.6, 1.6, 1.6, 1.6, 1.2], vec![title.clone()], format!("rkm-{year}"));
    rep.links = rows.iter().map(|r| Some(format!("/i/{id}/activities/{}", r.summary.activity.id))).collect();
    let before = html! {
        (back(id, lang))
        h1 { (title) }
        p { (lang.pick("Kegiatan yang dicatat dengan tahun RKM ini, dengan swadaya masyarakat (tunai dan natura/tenaga) yang dijanjikan dalam komitmen dan yang sudah diberikan.", "Activities recorded with this RKM year, with the community's contribution (cash and in kind) promised in commitments and given.")) }
        form.search.no-print method="get" {
            label { (lang.pick("Tahun", "Year")) " " input type="number" name="year" value=(year) min="2000" max="2100"; }
            button type="submit" { (lang.pick("Tampilkan", "Show")) }
        }
    };
    let after = html! { @if rows.is_empty() { p.muted { (lang.pick("Belum ada kegiatan dengan tahun RKM ini.", "No activity has this RKM year yet.")) } } };
    view::respond(&s, Page { title: &title, before, after, base: &format!("/i/{id}/rkm"), query: &q }, &rep)
}

pub async fn auditor_export(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (f0, t0) = view::default_period();
    let (from, to) = (view::query_date(&q, "from", &f0), view::query_date(&q, "to", &t0));
    let tables = svc::auditor_tables(&st.db, &s.ctx, id, &from, &to).await.map_err(app_err(lang))?;
    let refs: Vec<&Table> = tables.iter().collect();
    Ok(crate::download::file(
        reports::xlsx_book(&refs).map_err(WebError::internal)?,
        reports::XLSX_TYPE,
        &format!("ekspor-auditor-{from}-{to}.xlsx"),
    ))
}
