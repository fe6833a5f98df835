//! One report, four forms: an HTML table with drill-down links, and xlsx, CSV and PDF downloads
//! of the same rows. Amount columns hold whole rupiah; the page and the PDF show them as
//! "Rp 1.500.000", the spreadsheet keeps them as numbers.

use crate::error::WebError;
use crate::layout;
use crate::registers::page_number;
use crate::session::Session;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use swadaya_core::reports::{self, Table};
use swadaya_domain::{Lang, Rupiah};

pub struct Report {
    pub table: Table,
    /// A link per row (drill-down), same length as the rows or empty.
    pub links: Vec<Option<String>>,
    /// Relative PDF column widths.
    pub widths: Vec<f32>,
    pub meta: Vec<String>,
    pub file: String,
}

pub fn money_cell(v: &str) -> String {
    v.parse::<i64>().map(|n| Rupiah(n).to_string()).unwrap_or_else(|_| v.to_string())
}

pub fn html_table(r: &Report) -> Markup {
    table_rows(r, 0..r.table.rows.len())
}

/// The table with only the rows in `shown` (one page of a long report).
fn table_rows(r: &Report, shown: std::ops::Range<usize>) -> Markup {
    let t = &r.table;
    html! {
        div.table-wrap { table.cards {
            thead { tr { @for (i, h) in t.headers.iter().enumerate() { th class=[t.numeric.contains(&i).then_some("num")] { (h) } } } }
            tbody { @for (ri, row) in t.rows.iter().enumerate().skip(shown.start).take(shown.len()) {
                @let link = r.links.get(ri).cloned().flatten();
                tr { @for (i, c) in row.iter().enumerate() {
                    @let shown = if t.numeric.contains(&i) { money_cell(c) } else { c.clone() };
                    td class=[t.numeric.contains(&i).then_some("num")] data-label=(t.headers[i]) {
                        @match (&link, i) {
                            (Some(l), 0) => { a href=(l) { (shown) } }
                            _ => { (shown) }
                        }
                    }
                } }
            } }
        } }
    }
}

/// The download in the format asked for, or `None` for the HTML page.
pub fn download(r: &Report, format: &str, lang: Lang) -> Result<Option<Response>, WebError> {
    let t = &r.table;
    Ok(Some(match format {
        "xlsx" => {
            crate::download::file(reports::xlsx(t).map_err(WebError::internal)?, reports::XLSX_TYPE, &format!("{}.xlsx", r.file))
        }
        "csv" => crate::download::file(
            reports::csv(t).map_err(WebError::internal)?,
            "text/csv; charset=utf-8",
            &format!("{}.csv", r.file),
        ),
        "pdf" => {
            let shown = Table {
                title: t.title.clone(),
                headers: t.headers.clone(),
                rows: t
                    .rows
                    .iter()
                    .map(|row| {
                        row.iter()
                            .enumerate()
                            .map(|(i, c)| if t.numeric.contains(&i) { money_cell(c) } else { c.clone() })
                            .collect()
                    })
                    .collect(),
                numeric: t.numeric.clone(),
            };
            let layout = reports::pdf::Layout {
                meta: &r.meta,
                widths: &r.widths,
                right: &t.numeric,
                page_word: lang.pick("Halaman", "Page"),
                ..Default::default()
            };
            crate::download::file(
                reports::pdf::table(&shown, &layout).map_err(WebError::internal)?,
                "application/pdf",
                &format!("{}.pdf", r.file),
            )
        }
        _ => return Ok(None),
    }))
}

/// Links to the same page in each download format, keeping the query.
pub fn export_links(lang: Lang, base: &str, query: &HashMap<String, String>) -> Markup {
    let link = |fmt: &str| {
        // A download holds every row: the page number of the screen is not carried.
        let mut q: Vec<String> = query
            .iter()
            .filter(|(k, _)| *k != "format" && *k != "page")
            .map(|(k, v)| format!("{k}={}", urlencoding::encode(v)))
            .collect();
        q.sort();
        q.push(format!("format={fmt}"));
        format!("{base}?{}", q.join("&"))
    };
    html! {
        p.actions.no-print {
            span.muted { (lang.pick("Unduh:", "Download:")) }
            a.button.secondary href=(link("pdf")) { "PDF" }
            a.button.secondary href=(link("xlsx")) { "Excel" }
            a.button.secondary href=(link("csv")) { "CSV" }
        }
    }
}

/// A GET form choosing the period (or one date) of a report.
pub fn period_form(lang: Lang, action: &str, from: Option<&str>, to: &str) -> Markup {
    html! {
        form.search.no-print method="get" action=(action) {
            @if let Some(f) = from {
                label { (lang.pick("Dari", "From")) " " input type="date" name="from" value=(f); }
                label { (lang.pick("Sampai", "To")) " " input type="date" name="to" value=(to); }
            } @else {
                label { (lang.pick("Per tanggal", "As of")) " " input type="date" name="on" value=(to); }
            }
            button type="submit" { (lang.pick("Tampilkan", "Show")) }
        }
    }
}

pub struct Page<'a> {
    pub title: &'a str,
    pub before: Markup,
    pub after: Markup,
    pub base: &'a str,
    pub query: &'a HashMap<String, String>,
}

/// Rows of a report shown on one screen; a longer report is paged (its downloads hold every
/// row), so a year's cash book stays light on a phone's connection.
pub const ROWS_PER_PAGE: i64 = 100;

/// Renders the page, or the download when the query's `format` asks for one.
pub fn respond(s: &Session, p: Page<'_>, r: &Report) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let format = p.query.get("format").map(String::as_str).unwrap_or("");
    if let Some(resp) = download(r, format, lang)? {
        return Ok(resp);
    }
    let rows = r.table.rows.len() as i64;
    let page = page_number(p.query.get("page").map(String::as_str)).min((rows + ROWS_PER_PAGE - 1) / ROWS_PER_PAGE).max(1);
    let from = ((page - 1) * ROWS_PER_PAGE) as usize;
    let shown = from..(from + ROWS_PER_PAGE as usize).min(rows as usize);
    let mut params: Vec<(&str, &str)> =
        p.query.iter().filter(|(k, _)| *k != "page" && *k != "format").map(|(k, v)| (k.as_str(), v.as_str())).collect();
    params.sort();
    let body = html! {
        (p.before)
        @for m in &r.meta { p.muted { (m) } }
        (export_links(lang, p.base, p.query))
        (table_rows(r, shown))
        @if rows > ROWS_PER_PAGE { (layout::pager(lang, p.base, &params, page, ROWS_PER_PAGE, rows)) }
        (p.after)
    };
    Ok((StatusCode::OK, layout::page(lang, Some(s), p.title, body)).into_response())
}

/// Today, and the first day of this year: the default period.
pub fn default_period() -> (String, String) {
    let today = chrono::Local::now().date_naive();
    (format!("{}-01-01", today.format("%Y")), today.to_string())
}

/// A date from the query, or the default; a wrong date falls back with no error (it is a filter).
pub fn query_date(q: &HashMap<String, String>, key: &str, default: &str) -> String {
    q.get(key).and_then(|v| swadaya_domain::dates::parse_date(v)).map(|d| d.to_string()).unwrap_or_else(|| default.to_string())
}
