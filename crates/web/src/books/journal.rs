//! The journal: entries newest first with filters, one entry with its lines and its reversal,
//! and the form for a manual entry (operating costs, income, opening balances).

use crate::error::WebError;
use crate::form::Checked;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use std::collections::HashMap;
use swadaya_core::app::books::journal as svc;
use swadaya_core::app::AppError;
use swadaya_domain::roles::Action;
use swadaya_domain::Rupiah;

const PER_PAGE: i64 = 50;
const FORM_LINES: usize = 6;

pub async fn list(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::ReadBooks).map_err(|e| WebError::from_app(e, lang))?;
    let page: i64 = q.get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1);
    let filter = svc::EntryFilter {
        from: q.get("from").and_then(|v| swadaya_domain::dates::parse_date(v)).map(|d| d.to_string()),
        to: q.get("to").and_then(|v| swadaya_domain::dates::parse_date(v)).map(|d| d.to_string()),
        account: q.get("account").map(|a| a.trim().to_string()).filter(|a| !a.is_empty()),
    };
    let (entries, total) = svc::entries(&st.db, &s.ctx, id, &filter, PER_PAGE, (page - 1) * PER_PAGE)
        .await
        .map_err(|e| WebError::from_app(e, lang))?;
    let can = s.ctx.actor.can(id, Action::WriteBooks);
    let (f, t, a) = (
        filter.from.clone().unwrap_or_default(),
        filter.to.clone().unwrap_or_default(),
        filter.account.clone().unwrap_or_default(),
    );
    let body = html! {
        p.muted { a href={"/i/" (id) "/books"} { "← " (lang.pick("Buku UPK", "UPK books")) } }
        h1 { (lang.pick("Jurnal umum", "Journal")) }
        @if can { p { a.button href={"/i/" (id) "/books/journal/new"} { (lang.pick("Catat jurnal", "Post an entry")) } } }
        form.search method="get" action={"/i/" (id) "/books/journal"} {
            input type="date" name="from" value=(f) aria-label=(lang.pick("Dari", "From"));
            input type="date" name="to" value=(t) aria-label=(lang.pick("Sampai", "To"));
            input type="text" name="account" value=(a) placeholder=(lang.pick("Kode akun", "Account code"));
            button type="submit" { (lang.pick("Saring", "Filter")) }
        }
        div.table-wrap { table.cards {
            thead { tr { th { "#" } th { (lang.pick("Tanggal", "Date")) } th { (lang.pick("Keterangan", "Memo")) } th { (lang.pick("Bukti", "Receipt")) } th.num { (lang.pick("Jumlah", "Amount")) } } }
            tbody { @for e in &entries {
                tr {
                    td data-label="#" { a href={"/i/" (id) "/books/journal/" (e.id)} { (e.id) } }
                    td data-label=(lang.pick("Tanggal", "Date")) { (layout::date(lang, &e.posted_on)) }
                    td data-label=(lang.pick("Keterangan", "Memo")) {
                        (e.memo)
                        @if e.reversed_by.is_some() { " " span.badge { (lang.pick("dibalik", "reversed")) } }
                    }
                    td data-label=(lang.pick("Bukti", "Receipt")) { (e.receipt.clone().unwrap_or_default()) }
                    td.num data-label=(lang.pick("Jumlah", "Amount")) { (Rupiah(e.total)) }
                }
            } }
        } }
        (layout::pager(lang, &format!("/i/{id}/books/journal"), &[("from", &f), ("to", &t), ("account", &a)], page, PER_PAGE, total))
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Jurnal umum", "Journal"), body).into_response())
}

async fn render_form(st: &AppState, s: &Session, id: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let chart = swadaya_core::app::books::accounts::chart(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let mut options = vec![(String::new(), lang.pick("— pilih akun —", "— choose an account —").to_string())];
    options.extend(chart.iter().map(|a| (a.code.clone(), format!("{} {}", a.code, a.name))));
    let body = html! {
        p.muted { a href={"/i/" (id) "/books/journal"} { "← " (lang.pick("Jurnal umum", "Journal")) } }
        h1 { (lang.pick("Catat jurnal", "Post an entry")) }
        p.muted { (lang.pick("Jurnal tidak bisa diubah setelah disimpan; kesalahan dikoreksi dengan jurnal pembalik.", "An entry cannot be changed once saved; a mistake is corrected by a reversing entry.")) }
        (f.error_summary(lang))
        form.stack.card method="post" action={"/i/" (id) "/books/journal"} novalidate {
            (csrf_field(&s.csrf))
            input type="hidden" name="idem_key" value=(f.value("idem_key"));
            (f.input("posted_on", lang.pick("Tanggal", "Date"), "date", None))
            (f.input("memo", lang.pick("Keterangan", "Memo"), "text", Some(lang.pick("mis. Pembelian ATK November", "e.g. Office supplies, November"))))
            (f.input("receipt", lang.pick("No. bukti", "Receipt no."), "text", None))
            (f.errors_for("lines"))
            @for i in 0..FORM_LINES {
                div.card {
                    (f.select(&svc::line_field(i, "account"), &format!("{} {}", lang.pick("Baris", "Line"), i + 1), &options))
                    (f.input(&svc::line_field(i, "debit"), "Debit", "text", None))
                    (f.input(&svc::line_field(i, "credit"), lang.pick("Kredit", "Credit"), "text", None))
                }
            }
            label { input type="checkbox" name="opening" checked[f.value("opening") == "on"]; (lang.pick("Ini saldo awal (hanya sekali, sebelum jurnal lain)", "These are the opening balances (once, before any other entry)")) }
            (f.errors_for("opening"))
            button type="submit" { (lang.pick("Simpan jurnal", "Save entry")) }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Catat jurnal", "Post an entry"), body)).into_response())
}

pub async fn new_form(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    s.ctx.require(id, Action::WriteBooks).map_err(|e| WebError::from_app(e, s.ctx.lang))?;
    let mut f = FormState::default();
    f.values.insert("posted_on".into(), chrono::Local::now().date_naive().to_string());
    f.values.insert("idem_key".into(), swadaya_core::app::auth::random_token());
    render_form(&st, &s, id, &f, StatusCode::OK).await
}

pub async fn create(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Checked { s, mut input, form }: Checked<svc::EntryInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    input.lines = form.rows(lang, "line", "account")?;
    match svc::manual(&st.db, &s.ctx, id, &input).await {
        Ok(eid) => Ok(Redirect::to(&format!("/i/{id}/books/journal/{eid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_form(&st, &s, id, &FormState::with_errors(form.0.clone(), &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

async fn render_entry(
    st: &AppState,
    s: &Session,
    id: i64,
    eid: i64,
    f: &FormState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::ReadBooks).map_err(|e| WebError::from_app(e, lang))?;
    let (e, lines) = svc::entry(&st.db, &s.ctx, id, eid).await.map_err(|e| WebError::from_app(e, lang))?;
    let names: HashMap<String, String> = swadaya_core::app::books::accounts::chart(&st.db, &s.ctx, id)
        .await
        .map_err(|e| WebError::from_app(e, lang))?
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect();
    let reversible = e.reverses_id.is_none()
        && e.reversed_by.is_none()
        && matches!(e.source.as_str(), "manual" | "opening")
        && s.ctx.actor.can(id, Action::WriteBooks);
    let source_link = match (e.source.as_str(), e.source_id) {
        ("disbursement" | "repayment" | "reversal", Some(l)) => Some(format!("/i/{id}/loans/{l}")),
        _ => None,
    };
    let body = html! {
        p.muted { a href={"/i/" (id) "/books/journal"} { "← " (lang.pick("Jurnal umum", "Journal")) } }
        h1 { (lang.pick("Jurnal", "Entry")) " #" (e.id) }
        dl.facts.card {
            dt { (lang.pick("Tanggal", "Date")) } dd { (layout::date(lang, &e.posted_on)) }
            dt { (lang.pick("Keterangan", "Memo")) } dd { (e.memo) }
            dt { (lang.pick("Bukti", "Receipt")) } dd { (e.receipt.clone().unwrap_or("–".into())) }
            dt { (lang.pick("Dicatat oleh", "Recorded by")) } dd { (e.created_by) " · " (e.created_at) }
            @if let Some(l) = &source_link { dt { (lang.pick("Asal", "Source")) } dd { a href=(l) { (lang.pick("Pinjaman", "Loan")) } } }
            @if let Some(r) = e.reverses_id { dt { (lang.pick("Membalik", "Reverses")) } dd { a href={"/i/" (id) "/books/journal/" (r)} { "#" (r) } } }
            @if let Some(r) = e.reversed_by { dt { (lang.pick("Dibalik oleh", "Reversed by")) } dd { a href={"/i/" (id) "/books/journal/" (r)} { "#" (r) } } }
        }
        @let (account_h, credit_h) = (lang.pick("Akun", "Account"), lang.pick("Kredit", "Credit"));
        div.table-wrap { table.cards {
            thead { tr { th { (account_h) } th.num { "Debit" } th.num { (credit_h) } } }
            tbody { @for l in &lines {
                tr {
                    td data-label=(account_h) { span { a href={"/i/" (id) "/books/ledger/" (l.account)} { (l.account) } " " (names.get(&l.account).cloned().unwrap_or_default()) } }
                    td.num data-label="Debit" { @if l.debit > 0 { (Rupiah(l.debit)) } }
                    td.num data-label=(credit_h) { @if l.credit > 0 { (Rupiah(l.credit)) } }
                }
            } }
        } }
        @if reversible {
            h2 { (lang.pick("Balik jurnal ini", "Reverse this entry")) }
            (f.error_summary(lang))
            form.stack.card method="post" action={"/i/" (id) "/books/journal/" (eid) "/reverse"} novalidate {
                (csrf_field(&s.csrf))
                (f.input("posted_on", lang.pick("Tanggal pembalikan", "Reversal date"), "date", Some(lang.pick("di bulan yang belum ditutup", "in a month not yet closed"))))
                (f.input("reason", lang.pick("Alasan", "Reason"), "text", None))
                button type="submit" { (lang.pick("Balik jurnal", "Reverse")) }
            }
        }
    };
    Ok((status, layout::page(lang, Some(s), &format!("{} #{eid}", lang.pick("Jurnal", "Entry")), body)).into_response())
}

pub async fn show(State(st): State<AppState>, s: Session, Path((id, eid)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let mut f = FormState::default();
    f.values.insert("posted_on".into(), chrono::Local::now().date_naive().to_string());
    render_entry(&st, &s, id, eid, &f, StatusCode::OK).await
}

pub async fn reverse(
    State(st): State<AppState>,
    Path((id, eid)): Path<(i64, i64)>,
    Checked { s, input, form }: Checked<svc::ReversalInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::reverse(&st.db, &s.ctx, id, eid, &input).await {
        Ok(rid) => Ok(Redirect::to(&format!("/i/{id}/books/journal/{rid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_entry(&st, &s, id, eid, &FormState::with_errors(form.0.clone(), &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
