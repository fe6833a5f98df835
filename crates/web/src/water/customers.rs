//! Customers: the list (per scheme), the form for a new one, one customer's statement with the
//! forms to take a fee and a meter reading, a payment's reversal, the meter's replacement, and
//! the collection list of everyone who owes.

use super::{back, month};
use crate::activities::proposals::app_err;
use crate::error::WebError;
use crate::form::{Checked, CheckedForm};
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use std::collections::HashMap;
use swadaya_core::app::books::journal::ReversalInput;
use swadaya_core::app::water::customers::{self as svc, ConnectionInput, CustomerInput, MeterChangeInput};
use swadaya_core::app::water::payments::{self, FeeInput};
use swadaya_core::app::water::readings::{self, ReadingInput};
use swadaya_core::app::water::setup;
use swadaya_core::app::AppError;
use swadaya_domain::roles::Action;
use swadaya_domain::water::bills::AGE_BANDS;
use swadaya_domain::Rupiah;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

pub async fn list(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let scheme = q.get("scheme").and_then(|x| x.parse::<i64>().ok());
    let schemes = setup::schemes(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let list = svc::list(&st.db, &s.ctx, id, scheme).await.map_err(app_err(lang))?;
    let owing: HashMap<i64, i64> = payments::arrears(&st.db, &s.ctx, id, scheme, today())
        .await
        .map_err(app_err(lang))?
        .into_iter()
        .map(|a| (a.customer_id, a.owed))
        .collect();
    let chip = |sid: Option<i64>, label: &str| {
        html! { a.chip.on[scheme == sid] href={"/i/" (id) "/water/customers" @if let Some(x) = sid { "?scheme=" (x) }} { (label) } " " }
    };
    let body = html! {
        (back(id, lang))
        h1 { (lang.pick("Pelanggan", "Customers")) " (" (list.len()) ")" }
        @if s.ctx.actor.can(id, Action::RunWater) { p.actions { a.button href={"/i/" (id) "/water/customers/new"} { (lang.pick("Tambah pelanggan", "Add a customer")) } } }
        p.filters { (chip(None, lang.pick("Semua", "All"))) @for sc in &schemes { (chip(Some(sc.id), &sc.name)) } }
        @if list.is_empty() { p.card { (lang.pick("Belum ada pelanggan.", "No customers yet.")) } }
        @if !list.is_empty() {
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("No.", "No.")) } th { (lang.pick("Nama", "Name")) } th { (lang.pick("Alamat", "Address")) } th { (lang.pick("Skema", "Scheme")) } th.num { (lang.pick("Tunggakan", "Owed")) } } }
                tbody { @for c in &list { tr {
                    td data-label=(lang.pick("No.", "No.")) { a href={"/i/" (id) "/water/customers/" (c.id)} { (c.number) } }
                    td data-label=(lang.pick("Nama", "Name")) { a href={"/i/" (id) "/water/customers/" (c.id)} { (c.name) } }
                    td data-label=(lang.pick("Alamat", "Address")) { (c.address) }
                    td data-label=(lang.pick("Skema", "Scheme")) { div { (c.scheme_name) @if let Some(m) = &c.meter { br; span.muted { (lang.pick("meter ", "meter ")) (m.serial) } } } }
                    td.num data-label=(lang.pick("Tunggakan", "Owed")) { (owing.get(&c.id).map(|o| Rupiah(*o).to_string()).unwrap_or_else(|| "–".into())) }
                } } }
            } }
        }
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Pelanggan", "Customers"), body).into_response())
}

async fn render_new(st: &AppState, s: &Session, id: i64, f: &FormState, code: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let schemes = setup::schemes(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let mut options = vec![(String::new(), lang.pick("— pilih skema —", "— choose a scheme —").to_string())];
    options.extend(
        schemes.iter().map(|sc| (sc.id.to_string(), format!("{} ({})", sc.name, setup::scheme_kind_label(&sc.kind, lang)))),
    );
    let body = html! {
        (back(id, lang))
        h1 { (lang.pick("Tambah pelanggan", "Add a customer")) }
        @if schemes.is_empty() { p.warn { (lang.pick("Belum ada skema iuran. Pengurus menetapkan skema dan tarifnya dulu.", "No fee scheme yet. The board sets a scheme and its tariff first.")) } }
        (f.error_summary(lang))
        @if !schemes.is_empty() { form.stack.card method="post" action={"/i/" (id) "/water/customers"} novalidate {
            (csrf_field(&s.csrf))
            input type="hidden" name="idem_key" value=(f.value("idem_key"));
            (f.select("scheme_id", lang.pick("Skema iuran", "Fee scheme"), &options))
            (f.input("name", lang.pick("Nama pelanggan (kepala keluarga) atau hidran umum", "Customer (head of household) or public tap"), "text", None))
            (f.input("person_id", lang.pick("No. warga di buku warga", "Person no. in the register"), "text", Some(lang.pick("boleh kosong", "optional"))))
            (f.input("address", lang.pick("Alamat (dusun, RT/RW)", "Address (hamlet, RT/RW)"), "text", None))
            (f.input("number", lang.pick("Nomor pelanggan", "Customer number"), "text", Some(lang.pick("kosong: diberi nomor berikutnya", "blank: the next number"))))
            (f.input("connected_on", lang.pick("Tanggal sambung", "Connected on"), "date", None))
            fieldset {
                legend { (lang.pick("Meteran (skema meteran saja)", "Meter (metered schemes only)")) }
                (f.input("meter_serial", lang.pick("Nomor seri meteran", "Meter serial number"), "text", None))
                (f.input("start_reading", lang.pick("Angka awal meteran", "Meter's start reading"), "text", None))
            }
            button type="submit" { (lang.pick("Simpan", "Save")) }
        } }
    };
    Ok((code, layout::page(lang, Some(s), lang.pick("Tambah pelanggan", "Add a customer"), body)).into_response())
}

fn fresh_key() -> String {
    swadaya_core::app::auth::random_token()
}

pub async fn new_form(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    s.ctx.require(id, Action::RunWater).map_err(app_err(s.ctx.lang))?;
    let mut f = FormState::default();
    f.values.insert("connected_on".into(), today().to_string());
    f.values.insert("idem_key".into(), fresh_key());
    render_new(&st, &s, id, &f, StatusCode::OK).await
}

pub async fn add(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Checked { s, input, form }: Checked<CustomerInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::add(&st.db, &s.ctx, id, &input).await {
        Ok(cid) => Ok(Redirect::to(&format!("/i/{id}/water/customers/{cid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_new(&st, &s, id, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(app_err(lang)(e)),
    }
}

async fn render_show(
    st: &AppState,
    s: &Session,
    id: i64,
    cid: i64,
    f: &FormState,
    code: StatusCode,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let st_ = payments::statement(&st.db, &s.ctx, id, cid, today()).await.map_err(app_err(lang))?;
    let c = &st_.customer;
    let can_run = s.ctx.actor.can(id, Action::RunWater);
    let can_reverse = s.ctx.actor.can(id, Action::BillWater);
    let body = html! {
        p.muted { a href={"/i/" (id) "/water/customers"} { "← " (lang.pick("Pelanggan", "Customers")) } }
        h1 { (c.number) " · " (c.name) }
        p.muted { (c.address) " · " (c.scheme_name) " · " (lang.pick("sambung ", "connected ")) (layout::date(lang, &c.connected_on))
            @if let Some(m) = &c.meter { " · " (lang.pick("meter ", "meter ")) (m.serial) } }
        div.card { dl.facts {
            dt { (lang.pick("Tunggakan", "Owed")) } dd { strong { (Rupiah(st_.owed)) } }
            @if st_.advance > 0 { dt { (lang.pick("Uang muka", "Paid ahead")) } dd { (Rupiah(st_.advance)) } }
            dt { (lang.pick("Belum jatuh tempo", "Not yet due")) } dd { (Rupiah(st_.ageing.not_due)) }
            dt { (lang.pick("Terlambat 1–30 / 31–60 / 61–90 / >90 hari", "Late 1–30 / 31–60 / 61–90 / >90 days")) }
            dd { (Rupiah(st_.ageing.late[0])) " / " (Rupiah(st_.ageing.late[1])) " / " (Rupiah(st_.ageing.late[2])) " / " (Rupiah(st_.ageing.late[3])) }
        } }
        (f.error_summary(lang))
        @if can_run {
            form.stack.card method="post" action={"/i/" (id) "/water/customers/" (cid) "/payments"} novalidate {
                h2 { (lang.pick("Terima iuran", "Take a fee")) }
                (csrf_field(&s.csrf))
                input type="hidden" name="idem_key" value=(f.value("idem_key"));
                (f.input("paid_on", lang.pick("Tanggal bayar", "Paid on"), "date", None))
                (f.input("amount", lang.pick("Jumlah (Rp)", "Amount (Rp)"), "text", Some(lang.pick("dibayarkan ke tagihan terlama lebih dulu", "pays the oldest bill first"))))
                (f.input("receipt_no", lang.pick("No. kuitansi", "Receipt no."), "text", Some(lang.pick("kosong: diberi nomor", "blank: numbered for you"))))
                label.check { input type="checkbox" name="advance" checked[f.value("advance") == "on"]; " " (lang.pick("Simpan kelebihan sebagai uang muka bulan berikutnya", "Keep what is above the bills as an advance for the coming months")) }
                button type="submit" { (lang.pick("Simpan pembayaran", "Save the payment")) }
            }
            @if c.meter.is_some() {
                form.stack.card method="post" action={"/i/" (id) "/water/customers/" (cid) "/readings"} novalidate {
                    h2 { (lang.pick("Catat meter", "Record a reading")) }
                    (csrf_field(&s.csrf))
                    input type="hidden" name="idem_key" value=(f.value("reading_key"));
                    (f.input("month", lang.pick("Bulan pemakaian", "Month of use"), "month", None))
                    (f.input("reading", lang.pick("Angka meter", "Meter figure"), "text", Some(lang.pick("angka saja", "digits only"))))
                    (f.input("read_on", lang.pick("Tanggal dibaca", "Read on"), "date", None))
                    (f.input("note", lang.pick("Keterangan", "Note"), "text", None))
                    button type="submit" { (lang.pick("Simpan catatan meter", "Save the reading")) }
                }
                p { a href={"/i/" (id) "/water/customers/" (cid) "/meter"} { (lang.pick("Meteran diganti? Catat penggantiannya", "Meter replaced? Record the replacement")) } }
            }
        }
        h2 { (lang.pick("Sambungan", "Connection")) }
        p { @if c.connected { span.badge.ok { (lang.pick("tersambung", "connected")) } } @else { span.badge.late { (lang.pick("diputus", "disconnected")) } }
            " " span.muted { (lang.pick("Yang diputus tidak ditagih selama terputus.", "A closed connection is not billed while closed.")) } }
        @for e in &st_.events {
            p.muted { (layout::date(lang, &e.on_date)) " · " strong { (if e.kind == "disconnect" { lang.pick("diputus", "disconnected") } else { lang.pick("disambung kembali", "reconnected") }) }
                " · " (e.reason) " · " (lang.pick("keputusan: ", "decision: ")) (e.decision) }
        }
        @if can_run {
            details.card open[f.values.contains_key("decision")] {
                summary { @if c.connected { (lang.pick("Putus sambungan", "Disconnect")) } @else { (lang.pick("Sambung kembali", "Reconnect")) } }
                form.stack method="post" action={"/i/" (id) "/water/customers/" (cid) "/connection"} novalidate {
                    (csrf_field(&s.csrf))
                    input type="hidden" name="kind" value=(if c.connected { "disconnect" } else { "reconnect" });
                    (f.input("on_date", lang.pick("Tanggal", "Date"), "date", None))
                    (f.input("decision", lang.pick("Keputusan yang mendasari", "The decision behind it"), "text", Some(lang.pick("rapat pengurus dan tanggalnya, surat teguran", "board meeting and its date, warning letter"))))
                    (f.input("reason", lang.pick("Alasan", "Reason"), "text", None))
                    button type="submit" { (lang.pick("Simpan", "Save")) }
                }
            }
        }
        h2 { (lang.pick("Tagihan", "Bills")) }
        @if st_.bills.is_empty() { p.muted { (lang.pick("Belum ada tagihan.", "No bills yet.")) } }
        @if !st_.bills.is_empty() {
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("Bulan", "Month")) } th.num { "m³" } th.num { (lang.pick("Tagihan", "Bill")) } th.num { (lang.pick("Dibayar", "Paid")) } th { (lang.pick("Jatuh tempo", "Due")) } } }
                tbody { @for b in st_.bills.iter().rev() { tr {
                    td data-label=(lang.pick("Bulan", "Month")) { (month(&b.month, lang)) }
                    td.num data-label="m³" { (b.m3) }
                    td.num data-label=(lang.pick("Tagihan", "Bill")) { (Rupiah(b.total)) }
                    td.num data-label=(lang.pick("Dibayar", "Paid")) { div { (Rupiah(b.paid)) @if b.owed() > 0 { br; span.badge.late { (lang.pick("kurang ", "owes ")) (Rupiah(b.owed())) } } } }
                    td data-label=(lang.pick("Jatuh tempo", "Due")) { div { (layout::date(lang, &b.due_on)) " · " a href={"/i/" (id) "/water/bills/" (b.id) "/tagihan.pdf"} { (lang.pick("cetak", "print")) } } }
                } } }
            } }
        }
        h2 { (lang.pick("Pembayaran", "Payments")) }
        @if st_.payments.is_empty() { p.muted { (lang.pick("Belum ada pembayaran.", "No payments yet.")) } }
        @for p in &st_.payments {
            div.card {
                strong { (Rupiah(p.amount)) } " · " (layout::date(lang, &p.paid_on)) " · " (lang.pick("kuitansi ", "receipt ")) (p.receipt_no)
                @if p.reversed { " " span.badge { (lang.pick("dibatalkan", "reversed")) } }
                br; span.muted { (lang.pick("Kuitansi: ", "Receipt: ")) }
                a href={"/i/" (id) "/water/payments/" (p.id) "/kuitansi.pdf"} { "A4" } " · "
                a href={"/i/" (id) "/water/payments/" (p.id) "/kuitansi.pdf?size=narrow"} { (lang.pick("struk 80 mm", "80 mm slip")) }
                @if !p.parts.is_empty() { br; span.muted { (lang.pick("untuk ", "for ")) @for (i, x) in p.parts.iter().enumerate() { @if i > 0 { ", " } (month(&x.month, lang)) " " (Rupiah(x.amount)) } } }
                @if !p.reversed && p.amount > p.spent { br; span.muted { (lang.pick("uang muka tersisa ", "advance left ")) (Rupiah(p.amount - p.spent)) } }
                @if can_reverse && !p.reversed {
                    " · " a href={"/i/" (id) "/water/payments/" (p.id) "/reverse"} { (lang.pick("batalkan pembayaran ini", "reverse this payment")) }
                }
            }
        }
        @if c.meter.is_some() {
            h2 { (lang.pick("Catatan meter", "Readings")) }
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("Bulan", "Month")) } th.num { (lang.pick("Angka", "Figure")) } th.num { "m³" } th { (lang.pick("Keterangan", "Note")) } } }
                tbody { @for r in &st_.readings { tr {
                    td data-label=(lang.pick("Bulan", "Month")) { (month(&r.month, lang)) }
                    td.num data-label=(lang.pick("Angka", "Figure")) { (r.reading) }
                    td.num data-label="m³" { div { (r.m3) @if r.unusual { " " span.badge.warn { (lang.pick("tidak biasa", "unusual")) } } } }
                    td data-label=(lang.pick("Keterangan", "Note")) { div { (r.note.as_deref().unwrap_or("")) " " span.muted { (r.entered_in) } } }
                } } }
            } }
        }
    };
    Ok((code, layout::page(lang, Some(s), &c.name, body)).into_response())
}

fn show_defaults() -> FormState {
    let mut f = FormState::default();
    f.values.insert("paid_on".into(), today().to_string());
    f.values.insert("read_on".into(), today().to_string());
    f.values.insert("month".into(), readings::month_shift(&swadaya_core::app::water::this_month(), -1));
    f.values.insert("idem_key".into(), fresh_key());
    f.values.insert("reading_key".into(), fresh_key());
    f.values.insert("on_date".into(), today().to_string());
    f
}

pub async fn show(State(st): State<AppState>, s: Session, Path((id, cid)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let mut f = show_defaults();
    // The month after the newest reading (not after this month) is the one to read next.
    let this = swadaya_core::app::water::this_month();
    let newest = svc::readings(&st.db, &s.ctx, id, cid).await.map_err(app_err(lang))?.first().map(|r| r.month.clone());
    if let Some(next) = newest.map(|m| readings::month_shift(&m, 1)).filter(|m| *m <= this) {
        f.values.insert("month".into(), next);
    }
    render_show(&st, &s, id, cid, &f, StatusCode::OK).await
}

/// The form's own values back, with fresh keys for the other form on the page.
fn refill(form: HashMap<String, String>, errs: &[swadaya_core::app::FieldError]) -> FormState {
    let mut f = FormState::with_errors(form, errs);
    for (k, v) in show_defaults().values {
        f.values.entry(k).or_insert(v);
    }
    f
}

pub async fn pay(
    State(st): State<AppState>,
    Path((id, cid)): Path<(i64, i64)>,
    Checked { s, input, form }: Checked<FeeInput>,
) -> Result<Response, WebError> {
    let result = payments::pay(&st.db, &s.ctx, id, cid, &input).await;
    answer(&st, &s, id, cid, result, form.0).await
}

/// After a form on the customer's page: back to the page, or the page again with the errors
/// and what was typed.
async fn answer<T>(
    st: &AppState,
    s: &Session,
    id: i64,
    cid: i64,
    result: Result<T, AppError>,
    values: HashMap<String, String>,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/water/customers/{cid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_show(st, s, id, cid, &refill(values, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(app_err(s.ctx.lang)(e)),
    }
}

pub async fn read(
    State(st): State<AppState>,
    Path((id, cid)): Path<(i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let mut input: ReadingInput = form.parse(lang)?;
    input.customer_id = cid;
    let result = readings::record(&st.db, &s.ctx, id, &input, "office").await;
    let mut values = form.0;
    // The reading form's key went in as idem_key; the payment form gets a fresh one.
    if let Some(k) = values.remove("idem_key") {
        values.insert("reading_key".into(), k);
    }
    answer(&st, &s, id, cid, result, values).await
}

pub async fn connection(
    State(st): State<AppState>,
    Path((id, cid)): Path<(i64, i64)>,
    Checked { s, input, form }: Checked<ConnectionInput>,
) -> Result<Response, WebError> {
    let result = svc::change_connection(&st.db, &s.ctx, id, cid, &input).await;
    answer(&st, &s, id, cid, result, form.0).await
}

async fn render_reverse(
    st: &AppState,
    s: &Session,
    id: i64,
    pid: i64,
    f: &FormState,
    code: StatusCode,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::BillWater).map_err(app_err(lang))?;
    let customer = payments::customer_of(&st.db, &s.ctx, id, pid).await.map_err(app_err(lang))?;
    let statement = payments::statement(&st.db, &s.ctx, id, customer, today()).await.map_err(app_err(lang))?;
    let p = statement.payments.iter().find(|x| x.id == pid).ok_or_else(|| app_err(lang)(AppError::NotFound))?;
    let c = &statement.customer;
    let body = html! {
        p.muted { a href={"/i/" (id) "/water/customers/" (c.id)} { "← " (c.name) } }
        h1 { (lang.pick("Batalkan pembayaran", "Reverse a payment")) }
        div.card {
            strong { (Rupiah(p.amount)) } " · " (layout::date(lang, &p.paid_on)) " · " (lang.pick("kuitansi ", "receipt ")) (p.receipt_no) br;
            (c.number) " " (c.name)
            @if !p.parts.is_empty() { br; span.muted { (lang.pick("untuk ", "for ")) @for (i, x) in p.parts.iter().enumerate() { @if i > 0 { ", " } (month(&x.month, lang)) " " (Rupiah(x.amount)) } } }
        }
        @if p.reversed { p.warn { (lang.pick("Pembayaran ini sudah dibatalkan.", "This payment has already been reversed.")) } }
        @else {
            p { (lang.pick("Semua yang dibayarnya kembali terutang, juga yang diambil tagihan dari uang mukanya. Jurnal pembaliknya dibukukan pada tanggal pembatalan.",
                "Everything it paid is owed again, including what bills took from its advance. The reversing entry is posted on the reversal date.")) }
            (f.error_summary(lang))
            form.stack.card method="post" action={"/i/" (id) "/water/payments/" (pid) "/reverse"} novalidate {
                (csrf_field(&s.csrf))
                (f.input("posted_on", lang.pick("Tanggal pembatalan", "Reversal date"), "date", None))
                (f.input("reason", lang.pick("Alasan", "Reason"), "text", Some(lang.pick("misalnya salah kartu pelanggan", "e.g. recorded on the wrong customer"))))
                button.danger type="submit" { (lang.pick("Batalkan pembayaran", "Reverse the payment")) }
            }
        }
    };
    Ok((code, layout::page(lang, Some(s), lang.pick("Batalkan pembayaran", "Reverse a payment"), body)).into_response())
}

pub async fn reverse_form(
    State(st): State<AppState>,
    s: Session,
    Path((id, pid)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let mut f = FormState::default();
    f.values.insert("posted_on".into(), today().to_string());
    render_reverse(&st, &s, id, pid, &f, StatusCode::OK).await
}

pub async fn reverse(
    State(st): State<AppState>,
    Path((id, pid)): Path<(i64, i64)>,
    Checked { s, input, form }: Checked<ReversalInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let customer = payments::customer_of(&st.db, &s.ctx, id, pid).await.map_err(app_err(lang))?;
    match payments::reverse(&st.db, &s.ctx, id, pid, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/water/customers/{customer}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_reverse(&st, &s, id, pid, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(app_err(lang)(e)),
    }
}

fn render_meter(s: &Session, id: i64, c: &svc::Customer, f: &FormState, code: StatusCode) -> Response {
    let lang = s.ctx.lang;
    let body = html! {
        p.muted { a href={"/i/" (id) "/water/customers/" (c.id)} { "← " (c.name) } }
        h1 { (lang.pick("Ganti meteran", "Replace the meter")) }
        p { (c.number) " · " (c.name) @if let Some(m) = &c.meter { " · " (lang.pick("meter sekarang ", "meter now ")) (m.serial) } }
        p.muted { (lang.pick("Angka terakhir meteran lama ikut dihitung: pemakaian sejak catatan bulan lalu masuk ke bulan pertama meteran baru.",
            "The old meter's last figure counts: what it ran since last month's reading goes into the new meter's first month.")) }
        (f.error_summary(lang))
        form.stack.card method="post" action={"/i/" (id) "/water/customers/" (c.id) "/meter"} novalidate {
            (csrf_field(&s.csrf))
            (f.input("changed_on", lang.pick("Tanggal diganti", "Replaced on"), "date", None))
            (f.input("final_reading", lang.pick("Angka terakhir meteran lama", "Old meter's last figure"), "text", None))
            (f.input("reason", lang.pick("Alasan", "Reason"), "text", Some(lang.pick("rusak, macet, hilang...", "broken, stuck, stolen..."))))
            (f.input("meter_serial", lang.pick("Nomor seri meteran baru", "New meter's serial"), "text", None))
            (f.input("start_reading", lang.pick("Angka awal meteran baru", "New meter's start figure"), "text", None))
            button type="submit" { (lang.pick("Simpan penggantian", "Save the replacement")) }
        }
    };
    (code, layout::page(lang, Some(s), lang.pick("Ganti meteran", "Replace the meter"), body)).into_response()
}

pub async fn meter_form(State(st): State<AppState>, s: Session, Path((id, cid)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::RunWater).map_err(app_err(lang))?;
    let c = svc::get(&st.db, &s.ctx, id, cid).await.map_err(app_err(lang))?;
    let mut f = FormState::default();
    f.values.insert("changed_on".into(), today().to_string());
    f.values.insert("start_reading".into(), "0".into());
    Ok(render_meter(&s, id, &c, &f, StatusCode::OK))
}

pub async fn replace_meter(
    State(st): State<AppState>,
    Path((id, cid)): Path<(i64, i64)>,
    Checked { s, input, form }: Checked<MeterChangeInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::replace_meter(&st.db, &s.ctx, id, cid, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/water/customers/{cid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            let c = svc::get(&st.db, &s.ctx, id, cid).await.map_err(app_err(lang))?;
            Ok(render_meter(&s, id, &c, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(app_err(lang)(e)),
    }
}

pub async fn arrears(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let scheme = q.get("scheme").and_then(|x| x.parse::<i64>().ok());
    let list = payments::arrears(&st.db, &s.ctx, id, scheme, today()).await.map_err(app_err(lang))?;
    let report = arrears_report(lang, &list);
    if let Some(file) = crate::books::view::download(&report, q.get("format").map(String::as_str).unwrap_or(""), lang)? {
        return Ok(file);
    }
    let total: i64 = list.iter().map(|a| a.owed).sum();
    let late: Vec<&payments::Arrear> = list.iter().filter(|a| a.ageing.total_late() > 0).collect();
    let late_total: i64 = late.iter().map(|a| a.ageing.total_late()).sum();
    let bands = [
        lang.pick("1–30 hari", "1–30 days").to_string(),
        lang.pick("31–60 hari", "31–60 days").to_string(),
        lang.pick("61–90 hari", "61–90 days").to_string(),
        format!("> {} {}", AGE_BANDS[2], lang.pick("hari", "days")),
    ];
    let body = html! {
        (back(id, lang))
        h1 { (lang.pick("Daftar tagih", "Collection list")) }
        p { strong { (late.len()) } " " (lang.pick("pelanggan menunggak lewat jatuh tempo, jumlah ", "customers are past due, owing ")) strong { (Rupiah(late_total)) } ". "
            (list.len()) " " (lang.pick("pelanggan belum lunas, termasuk tagihan yang belum jatuh tempo: ", "customers have bills open, including those not yet due: ")) (Rupiah(total)) ". "
            (lang.pick("Yang paling lama menunggak di atas.", "The longest late first.")) }
        (crate::books::view::export_links(lang, &format!("/i/{id}/water/arrears"), &q))
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Pelanggan", "Customer")) } th { (lang.pick("Bulan tertunggak", "Months owed")) } th.num { (lang.pick("Tunggakan", "Owed")) } th { (lang.pick("Umur", "Age")) } } }
            tbody { @for a in &list { tr {
                td data-label=(lang.pick("Pelanggan", "Customer")) { div { a href={"/i/" (id) "/water/customers/" (a.customer_id)} { (a.number) " " (a.name) } br; span.muted { (a.address) } } }
                td data-label=(lang.pick("Bulan tertunggak", "Months owed")) { div { @for (i, m) in a.months.iter().enumerate() { @if i > 0 { ", " } (month(m, lang)) } } }
                td.num data-label=(lang.pick("Tunggakan", "Owed")) { (Rupiah(a.owed)) }
                td data-label=(lang.pick("Umur", "Age")) { div {
                    @if a.ageing.oldest_days > 0 { strong { (a.ageing.oldest_days) " " (lang.pick("hari", "days")) } br; }
                    @for (i, v) in a.ageing.late.iter().enumerate() { @if *v > 0 { span.muted { (bands[i]) ": " (Rupiah(*v)) } br; } }
                    @if a.ageing.not_due > 0 { span.muted { (lang.pick("belum jatuh tempo: ", "not yet due: ")) (Rupiah(a.ageing.not_due)) } }
                } }
            } } }
        } }
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Daftar tagih", "Collection list"), body).into_response())
}

/// The collection list as a table for the collector's paper and spreadsheet: amounts as whole
/// rupiah, one column per age band.
fn arrears_report(lang: swadaya_domain::Lang, list: &[payments::Arrear]) -> crate::books::view::Report {
    let headers = vec![
        lang.pick("No.", "No.").to_string(),
        lang.pick("Pelanggan", "Customer").to_string(),
        lang.pick("Alamat", "Address").to_string(),
        lang.pick("Bulan tertunggak", "Months owed").to_string(),
        lang.pick("Belum jatuh tempo", "Not yet due").to_string(),
        "1–30".to_string(),
        "31–60".to_string(),
        "61–90".to_string(),
        format!("> {}", AGE_BANDS[2]),
        lang.pick("Jumlah", "Total").to_string(),
        lang.pick("Hari", "Days").to_string(),
    ];
    let rows = list
        .iter()
        .map(|a| {
            let mut r = vec![
                a.number.clone(),
                a.name.clone(),
                a.address.clone(),
                a.months.iter().map(|m| month(m, lang)).collect::<Vec<_>>().join(", "),
                a.ageing.not_due.to_string(),
            ];
            r.extend(a.ageing.late.iter().map(|v| v.to_string()));
            r.push(a.owed.to_string());
            r.push(a.ageing.oldest_days.to_string());
            r
        })
        .collect();
    crate::books::view::Report {
        table: swadaya_core::reports::Table {
            title: lang.pick("Daftar tagih iuran", "Fee collection list").into(),
            headers,
            rows,
            numeric: vec![4, 5, 6, 7, 8, 9],
        },
        links: Vec::new(),
        widths: vec![0.6, 1.6, 1.4, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5],
        meta: vec![format!("{} {}", lang.pick("Per tanggal", "As of"), layout::date(lang, &today().to_string()))],
        file: format!("daftar-tagih-{}", today()),
    }
}
