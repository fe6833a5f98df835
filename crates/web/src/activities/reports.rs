//! The monthly report (physical and financial progress side by side, per activity and per
//! source) and the treasurer's cash book, each on the page and as PDF, xlsx and CSV.

use super::proposals::app_err;
use crate::books::view::{self, Page, Report};
use crate::error::WebError;
use crate::layout;
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use maud::html;
use std::collections::HashMap;
use swadaya_core::app::activities::reports;
use swadaya_core::app::books::{month_bounds, month_label};
use swadaya_core::reports::Table;
use swadaya_domain::activity::rab::format_quantity;
use swadaya_domain::fund::indicators::percent;
use swadaya_domain::Lang;

pub(crate) fn ratio(part: i64, whole: i64, lang: Lang) -> String {
    swadaya_domain::money::share_bp(part, whole).map(|bp| percent(bp, lang)).unwrap_or_else(|| "-".into())
}

/// The monthly report's table: one row per activity, then one per source under it.
pub fn monthly_table(lang: Lang, title: String, rows: &[reports::Summary]) -> Table {
    let headers = [
        ("Kegiatan / sumber dana", "Activity / source"),
        ("Fisik", "Physical"),
        ("RAB", "Budget"),
        ("Komitmen", "Committed"),
        ("Diterima", "Received"),
        ("Belanja bulan ini", "Spent this month"),
        ("Belanja kumulatif", "Spent to date"),
        ("Sisa dana", "Unspent"),
        ("Keuangan", "Financial"),
    ];
    let mut out = Vec::new();
    for r in rows {
        let t = r.total();
        out.push(vec![
            r.activity.name.clone(),
            format!(
                "{} ({} / {} {})",
                percent(r.percent_bp, lang),
                format_quantity(r.quantity, lang),
                format_quantity(r.activity.target_volume, lang),
                r.activity.unit
            ),
            r.budget.to_string(),
            t.committed.to_string(),
            t.received.to_string(),
            r.spent_in_period.to_string(),
            t.spent.to_string(),
            (t.received - t.spent).to_string(),
            ratio(r.cash_spent(), r.budget, lang),
        ]);
        for (s, f) in &r.sources {
            out.push(vec![
                format!("   · {}", s.label(lang)),
                String::new(),
                String::new(),
                f.committed.to_string(),
                f.received.to_string(),
                String::new(),
                f.spent.to_string(),
                f.available().to_string(),
                ratio(f.spent, f.committed, lang),
            ]);
        }
    }
    Table {
        title,
        headers: headers.iter().map(|(i, e)| lang.pick(i, e).to_string()).collect(),
        rows: out,
        numeric: vec![2, 3, 4, 5, 6, 7],
    }
}

pub async fn monthly(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let this_month = chrono::Local::now().date_naive().format("%Y-%m").to_string();
    let month = q.get("month").filter(|m| month_bounds(m).is_some()).cloned().unwrap_or(this_month);
    let (first, last) = month_bounds(&month).expect("checked");
    let rows = reports::summaries(&st.db, &s.ctx, id, &first.to_string(), &last.to_string()).await.map_err(app_err(lang))?;
    let inst = swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(app_err(lang))?.name;
    let title = format!("{} {}", lang.pick("Laporan bulanan kegiatan", "Monthly activity report"), month_label(&month, lang));
    let table = monthly_table(lang, title.clone(), &rows);
    let report = Report {
        links: rows
            .iter()
            .flat_map(|r| {
                std::iter::once(Some(format!("/i/{id}/activities/{}", r.activity.id))).chain(r.sources.iter().map(|_| None))
            })
            .collect(),
        widths: vec![3.0, 1.8, 1.4, 1.4, 1.4, 1.4, 1.4, 1.4, 1.0],
        meta: vec![inst, title.clone()],
        file: format!("laporan-bulanan-{month}"),
        table,
    };
    let before = html! {
        p.muted.no-print { a href={"/i/" (id) "/activities"} { "← " (lang.pick("Kegiatan", "Activities")) } }
        h1 { (title) }
        form.search.no-print method="get" {
            label { (lang.pick("Bulan", "Month")) " " input type="month" name="month" value=(month); }
            button type="submit" { (lang.pick("Tampilkan", "Show")) }
        }
    };
    let after = html! { p.hint { (lang.pick("Fisik dari laporan kemajuan terakhir dalam bulan itu; keuangan = pembayaran tunai dibanding RAB. Swadaya natura dihitung diterima dan dipakai pada hari diberikan.", "Physical progress is the last report in the month; financial = cash paid against the budget. In-kind contributions count as received and used the day they are given.")) } };
    view::respond(&s, Page { title: &title, before, after, base: &format!("/i/{id}/activities/report"), query: &q }, &report)
}

pub async fn cash_book(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (from0, to0) = view::default_period();
    let from = view::query_date(&q, "from", &from0);
    let to = view::query_date(&q, "to", &to0);
    let accounts = swadaya_core::app::books::accounts::chart(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let cash: Vec<_> = accounts.iter().filter(|a| a.cash).collect();
    let code = q.get("account").cloned().unwrap_or_else(|| swadaya_domain::ledger::codes::CASH.to_string());
    let gl = reports::cash_book(&st.db, &s.ctx, id, &code, &from, &to).await.map_err(app_err(lang))?;
    let title = format!("{}: {} {}", lang.pick("Buku kas umum", "Cash book"), gl.account.code, gl.account.name);
    let mut rows = vec![vec![
        String::new(),
        String::new(),
        lang.pick("Saldo awal", "Opening balance").to_string(),
        String::new(),
        String::new(),
        gl.opening.to_string(),
    ]];
    let mut links = vec![None];
    for r in &gl.rows {
        rows.push(vec![
            layout::date(lang, &r.posted_on),
            r.receipt.clone().unwrap_or_default(),
            r.memo.clone(),
            if r.debit > 0 { r.debit.to_string() } else { String::new() },
            if r.credit > 0 { r.credit.to_string() } else { String::new() },
            r.balance.to_string(),
        ]);
        links.push(Some(format!("/i/{id}/books/journal/{}", r.entry_id)));
    }
    rows.push(vec![
        String::new(),
        String::new(),
        lang.pick("Jumlah / saldo akhir", "Totals / closing balance").to_string(),
        gl.rows.iter().map(|r| r.debit).sum::<i64>().to_string(),
        gl.rows.iter().map(|r| r.credit).sum::<i64>().to_string(),
        gl.closing.to_string(),
    ]);
    links.push(None);
    let headers = [
        ("Tanggal", "Date"),
        ("Bukti", "Receipt"),
        ("Uraian", "Description"),
        ("Penerimaan", "In"),
        ("Pengeluaran", "Out"),
        ("Saldo", "Balance"),
    ];
    let report = Report {
        table: Table {
            title: title.clone(),
            headers: headers.iter().map(|(i, e)| lang.pick(i, e).to_string()).collect(),
            rows,
            numeric: vec![3, 4, 5],
        },
        links,
        widths: vec![1.9, 1.5, 4.4, 1.7, 1.7, 1.7],
        meta: vec![title.clone(), format!("{} – {}", layout::date(lang, &from), layout::date(lang, &to))],
        file: format!("buku-kas-{code}-{from}-{to}"),
    };
    let before = html! {
        p.muted.no-print { a href={"/i/" (id) "/activities"} { "← " (lang.pick("Kegiatan", "Activities")) } " · " a href={"/i/" (id) "/books"} { (lang.pick("Buku", "Books")) } }
        h1 { (title) }
        form.search.no-print method="get" {
            label { (lang.pick("Akun", "Account")) " " select name="account" { @for a in &cash { option value=(a.code) selected[a.code == code] { (a.code) " " (a.name) } } } }
            label { (lang.pick("Dari", "From")) " " input type="date" name="from" value=(from); }
            label { (lang.pick("Sampai", "To")) " " input type="date" name="to" value=(to); }
            button type="submit" { (lang.pick("Tampilkan", "Show")) }
        }
    };
    view::respond(&s, Page { title: &title, before, after: html! {}, base: &format!("/i/{id}/cash-book"), query: &q }, &report)
}
