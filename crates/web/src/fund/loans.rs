//! Loans to KSMs: the list, the application form with a share per member, and one loan's page
//! with its schedule (per member and for the group), payments, and the forms for each step.

use super::collection::collection_section;
use crate::error::WebError;
use crate::form::Checked;
use crate::form::FormData;
use crate::layout::{self, csrf_field, FormState};
use crate::registers::page_number;
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use swadaya_core::app::fund::loans::{Payment, Status};
use swadaya_core::app::fund::{loans as svc, portfolio};
use swadaya_core::app::AppError;
use swadaya_domain::fund::allocation::remaining;
use swadaya_domain::fund::indicators::percent;
use swadaya_domain::fund::schedule::{sum_by_number, Instalment};
use swadaya_domain::roles::Action;
use swadaya_domain::{Lang, Rupiah};

pub(super) fn app_err(lang: Lang) -> impl Fn(AppError) -> WebError {
    move |e| WebError::from_app(e, lang)
}

/// The status as people say it: a disbursed loan with nothing left owed is "Lunas".
pub fn status_label(status: &Status, owed: Option<i64>, lang: Lang) -> &'static str {
    if *status == Status::Disbursed && owed == Some(0) {
        return lang.pick("Lunas", "Repaid");
    }
    match status {
        Status::Applied => lang.pick("Diajukan", "Applied"),
        Status::Approved => lang.pick("Disetujui", "Approved"),
        Status::Rejected => lang.pick("Ditolak", "Rejected"),
        Status::Disbursed => lang.pick("Berjalan", "Running"),
    }
}

pub async fn list(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let loans = svc::list(&st.db, &s.ctx, id, None).await.map_err(app_err(lang))?;
    let owed = svc::owed(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let can = s.ctx.actor.can(id, Action::WriteBooks);
    let body = html! {
        p.muted { a href={"/i/" (id) "/books"} { "← " (lang.pick("Buku UPK", "UPK books")) } }
        h1 { (lang.pick("Pinjaman KSM", "KSM loans")) }
        p.actions {
            @if can { a.button href={"/i/" (id) "/loans/new"} { (lang.pick("Ajukan pinjaman", "New loan application")) } }
            a.button.secondary href={"/i/" (id) "/loans/products"} { (lang.pick("Produk pinjaman", "Loan products")) }
            a.button.secondary href={"/i/" (id) "/arrears"} { (lang.pick("Daftar tunggakan", "Arrears list")) }
        }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Perjanjian", "Agreement")) } th { "KSM" } th.num { (lang.pick("Pokok", "Principal")) } th { (lang.pick("Status", "Status")) } th { (lang.pick("Cair", "Disbursed")) } } }
            tbody { @for l in &loans {
                tr {
                    td data-label=(lang.pick("Perjanjian", "Agreement")) { a href={"/i/" (id) "/loans/" (l.id)} { (l.agreement_no) } }
                    td data-label="KSM" { (l.ksm_name) }
                    td.num data-label=(lang.pick("Pokok", "Principal")) { (Rupiah(l.principal)) }
                    td data-label=(lang.pick("Status", "Status")) { (status_label(&l.status, owed.get(&l.id).copied(), lang)) @if l.override_reason.is_some() { " " span.badge { (lang.pick("pengecualian", "exception")) } } }
                    td data-label=(lang.pick("Cair", "Disbursed")) { (l.disbursed_on.as_deref().map(|d| layout::date(lang, d)).unwrap_or_default()) }
                }
            } }
        } }
        @if loans.is_empty() { p.muted { (lang.pick("Belum ada pinjaman.", "No loans yet.")) } }
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Pinjaman KSM", "KSM loans"), body).into_response())
}

async fn render_new(st: &AppState, s: &Session, id: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::WriteBooks).map_err(app_err(lang))?;
    let groups = swadaya_core::app::ksm::list(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let products = svc::products(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let ksm_id: i64 = f.value("ksm_id").parse().unwrap_or(0);
    let members = if ksm_id > 0 && groups.iter().any(|g| g.id == ksm_id) {
        swadaya_core::app::ksm::records::members(&st.db, &s.ctx, id, ksm_id).await.map_err(app_err(lang))?
    } else {
        vec![]
    };
    let today = chrono::Local::now().date_naive();
    let gaps = if ksm_id > 0 && groups.iter().any(|g| g.id == ksm_id) {
        svc::eligibility_gaps(&st.db, &s.ctx, id, ksm_id, today).await.map_err(app_err(lang))?
    } else {
        vec![]
    };
    let mut ksm_options = vec![(String::new(), lang.pick("— pilih KSM —", "— choose a KSM —").to_string())];
    ksm_options.extend(groups.iter().map(|g| (g.id.to_string(), g.data.name.clone())));
    let product_options: Vec<(String, String)> = products
        .iter()
        .map(|p| (p.id.to_string(), format!("{} ({} {})", p.name, percent(p.terms.rate_bp, lang), p.terms.method.label(lang))))
        .collect();
    let t = today.to_string();
    let body = html! {
        p.muted { a href={"/i/" (id) "/loans"} { "← " (lang.pick("Pinjaman KSM", "KSM loans")) } }
        h1 { (lang.pick("Pengajuan pinjaman KSM", "KSM loan application")) }
        form.search method="get" action={"/i/" (id) "/loans/new"} {
            (f.select("ksm_id", "KSM", &ksm_options))
            button.secondary type="submit" { (lang.pick("Pilih", "Choose")) }
        }
        @if products.is_empty() {
            p.warn { (lang.pick("Belum ada produk pinjaman. ", "There is no loan product yet. ")) a href={"/i/" (id) "/loans/products"} { (lang.pick("Buat produk dulu.", "Create one first.")) } }
        } @else if ksm_id > 0 {
            @if gaps.is_empty() { p.flash { (lang.pick("KSM memenuhi syarat pinjaman.", "The KSM meets the loan conditions.")) } }
            @else {
                div.warn { strong { (lang.pick("Syarat belum terpenuhi:", "Conditions not yet met:")) } ul { @for g in &gaps { li { (g) } } }
                    a href={"/i/" (id) "/ksm/" (ksm_id) "/assessment"} { (lang.pick("Lihat penilaian KSM", "See the KSM's assessment")) } }
            }
            (f.error_summary(lang))
            form.stack.card method="post" action={"/i/" (id) "/loans"} novalidate {
                (csrf_field(&s.csrf))
                input type="hidden" name="ksm_id" value=(ksm_id);
                (f.select("product_id", lang.pick("Produk", "Product"), &product_options))
                (f.input("agreement_no", lang.pick("Nomor perjanjian", "Agreement number"), "text", Some(lang.pick("nomor urut/UPK/bulan/tahun", "number/UPK/month/year"))))
                (f.input("purpose", lang.pick("Untuk usaha apa", "Purpose"), "text", None))
                (f.input("applied_on", lang.pick("Tanggal pengajuan", "Application date"), "date", None))
                (f.input("term", lang.pick("Jangka (kali angsuran)", "Term (instalments)"), "number", Some(lang.pick("kosong = jangka biasa produk", "empty = the product's usual term"))))
                label { input type="checkbox" name="power_of_attorney" checked[f.value("power_of_attorney") == "on"];
                    (lang.pick("Perjanjian memuat surat kuasa mencairkan tabungan tanggung renteng bila menunggak", "The agreement includes the power of attorney to draw down joint-liability savings on arrears")) }
                h2 { (lang.pick("Pinjaman per anggota", "Amount per member")) }
                (f.errors_for("shares"))
                @for m in members.iter().filter(|m| m.active_on(&t)) {
                    (f.input(&svc::share_field(m.id), &m.name, "text", Some(lang.pick("kosong bila tidak meminjam", "empty if not borrowing"))))
                }
                // Shown always: eligibility is judged on the application date, which may differ from today.
                (f.input("override_reason", lang.pick("Alasan pengecualian (wajib bila syarat belum terpenuhi pada tanggal pengajuan)", "Reason for an exception (required when the conditions are not met on the application date)"), "text", None))
                button type="submit" { (lang.pick("Ajukan", "Submit application")) }
            }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Pengajuan pinjaman", "Loan application"), body)).into_response())
}

pub async fn new_form(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let mut f = FormState::default();
    f.values.insert("ksm_id".into(), q.get("ksm_id").cloned().unwrap_or_default());
    f.values.insert("applied_on".into(), chrono::Local::now().date_naive().to_string());
    f.values.insert("power_of_attorney".into(), "on".into());
    render_new(&st, &s, id, &f, StatusCode::OK).await
}

pub async fn create(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Checked { s, mut input, form }: Checked<svc::LoanInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    input.shares = form
        .0
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("share-").and_then(|m| m.parse().ok()).map(|m| svc::ShareInput { member_id: m, amount: v.clone() })
        })
        .collect();
    match svc::apply(&st.db, &s.ctx, id, &input).await {
        Ok(l) => Ok(Redirect::to(&format!("/i/{id}/loans/{l}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_new(&st, &s, id, &FormState::with_errors(form.0.clone(), &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

pub(super) fn schedule_table(lang: Lang, rows: &[Instalment], paid: Option<&HashMap<u32, i64>>) -> Markup {
    html! {
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Ke", "No.")) } th { (lang.pick("Jatuh tempo", "Due")) } th.num { (lang.pick("Pokok", "Principal")) } th.num { (lang.pick("Jasa", "Interest")) } th.num { (lang.pick("Jumlah", "Total")) }
                @if paid.is_some() { th.num { (lang.pick("Dibayar", "Paid")) } } } }
            tbody { @for i in rows {
                tr {
                    td data-label=(lang.pick("Ke", "No.")) { (i.n) }
                    td data-label=(lang.pick("Jatuh tempo", "Due")) { (swadaya_domain::dates::format_date(i.due_on, lang)) }
                    td.num data-label=(lang.pick("Pokok", "Principal")) { (Rupiah(i.principal)) }
                    td.num data-label=(lang.pick("Jasa", "Interest")) { (Rupiah(i.interest)) }
                    td.num data-label=(lang.pick("Jumlah", "Total")) { (Rupiah(i.total())) }
                    @if let Some(p) = paid { td.num data-label=(lang.pick("Dibayar", "Paid")) { (Rupiah(p.get(&i.n).copied().unwrap_or(0))) } }
                }
            } }
            tfoot { tr {
                th colspan="2" { (lang.pick("Jumlah", "Total")) }
                th.num data-label=(lang.pick("Pokok", "Principal")) { (Rupiah(rows.iter().map(|i| i.principal).sum())) }
                th.num data-label=(lang.pick("Jasa", "Interest")) { (Rupiah(rows.iter().map(|i| i.interest).sum())) }
                th.num data-label=(lang.pick("Jumlah", "Total")) { (Rupiah(rows.iter().map(|i| i.total()).sum())) }
                @if let Some(p) = paid { th.num data-label=(lang.pick("Dibayar", "Paid")) { (Rupiah(p.values().sum())) } }
            } }
        } }
    }
}

/// Payments listed on one screen of a loan's page.
pub(super) const PAYMENTS_PER_PAGE: i64 = 20;

pub(super) async fn render_loan(
    st: &AppState,
    s: &Session,
    id: i64,
    l: i64,
    f: &FormState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let v = svc::view(&st.db, &s.ctx, id, l).await.map_err(app_err(lang))?;
    let loan = &v.loan;
    let today = chrono::Local::now().date_naive().to_string();
    let can_write = s.ctx.actor.can(id, Action::WriteBooks);
    let can_decide = s.ctx.actor.can(id, Action::ApproveLoans);
    let cash: Vec<(String, String)> = swadaya_core::app::books::accounts::chart(&st.db, &s.ctx, id)
        .await
        .map_err(app_err(lang))?
        .into_iter()
        .filter(|a| a.cash)
        .map(|a| (a.code.clone(), format!("{} {}", a.code, a.name)))
        .collect();
    let by_member = |m: i64| v.dues.iter().filter(|d| d.member_id == m).map(|d| d.due).collect::<Vec<_>>();
    let group: Vec<Instalment> = sum_by_number(&v.dues.iter().map(|d| d.due.instalment()).collect::<Vec<_>>());
    let mut group_paid: HashMap<u32, i64> = HashMap::new();
    for d in &v.dues {
        *group_paid.entry(d.due.n).or_default() += d.due.principal_paid + d.due.interest_paid;
    }
    // Newest first, a page at a time; a refused reversal opens the page holding its payment.
    let newest_first: Vec<&Payment> = v.payments.iter().rev().collect();
    let payment_pages = ((newest_first.len() as i64 + PAYMENTS_PER_PAGE - 1) / PAYMENTS_PER_PAGE).max(1);
    let payments_page = f
        .value("reversing")
        .parse::<i64>()
        .ok()
        .and_then(|r| newest_first.iter().position(|p| p.id == r))
        .map(|i| i as i64 / PAYMENTS_PER_PAGE + 1)
        .unwrap_or_else(|| page_number(Some(f.value("page"))).min(payment_pages));
    let settled = loan.status == Status::Disbursed
        && !v.dues.is_empty()
        && remaining(&v.dues.iter().map(|d| d.due).collect::<Vec<_>>()) == 0;
    // Repayment, drawdown and write-off concern members who still owe.
    let member_options: Vec<(String, String)> = v
        .shares
        .iter()
        .filter(|sh| remaining(&by_member(sh.member_id)) > 0 || v.dues.is_empty())
        .map(|s| (s.member_id.to_string(), s.name.clone()))
        .collect();
    let rules = swadaya_core::app::fund::collectibility(&st.db, id).await.map_err(app_err(lang))?;
    let on = chrono::Local::now().date_naive();
    let class_of = |m: i64| swadaya_domain::fund::arrears::arrears(&by_member(m), on, loan.terms.frequency, &rules);
    let actions = svc::collection_actions(&st.db, &s.ctx, id, l).await.map_err(app_err(lang))?;
    let causes: Vec<(String, String)> =
        portfolio::CAUSES.iter().map(|(c, i, e)| (c.to_string(), lang.pick(i, e).to_string())).collect();
    let body = html! {
        p.muted { a href={"/i/" (id) "/loans"} { "← " (lang.pick("Pinjaman KSM", "KSM loans")) } }
        h1 { (lang.pick("Pinjaman", "Loan")) " " (loan.agreement_no) }
        (f.error_summary(lang))
        dl.facts.card {
            dt { "KSM" } dd { a href={"/i/" (id) "/ksm/" (loan.ksm_id)} { (loan.ksm_name) } }
            dt { (lang.pick("Status", "Status")) } dd { (status_label(&loan.status, settled.then_some(0), lang)) }
            dt { (lang.pick("Pokok", "Principal")) } dd { (Rupiah(loan.principal)) }
            dt { (lang.pick("Jasa", "Interest")) } dd { (percent(loan.terms.rate_bp, lang)) " " (lang.pick("per bulan", "a month")) ", " (loan.terms.method.label(lang)) }
            dt { (lang.pick("Jangka", "Term")) } dd { (loan.terms.term) " × " (loan.terms.frequency.label(lang).to_lowercase()) }
            dt { (lang.pick("Untuk", "Purpose")) } dd { (loan.purpose.clone().unwrap_or("–".into())) }
            dt { (lang.pick("Diajukan", "Applied")) } dd { (layout::date(lang, &loan.applied_on)) " · " (loan.created_by) }
            dt { (lang.pick("Surat kuasa tanggung renteng", "Joint-liability power of attorney")) } dd { (if loan.power_of_attorney { lang.pick("Ada", "Yes") } else { lang.pick("Tidak ada", "No") }) }
            @if let Some(r) = &loan.override_reason { dt { (lang.pick("Pengecualian syarat", "Exception to conditions")) } dd { (r) } }
            @if let Some(d) = &loan.decided_on { dt { (lang.pick("Keputusan", "Decision")) } dd { (layout::date(lang, d)) " · " (loan.decided_by.clone().unwrap_or_default()) ": " (loan.decision_note.clone().unwrap_or_default()) } }
            @if let Some(d) = &loan.disbursed_on { dt { (lang.pick("Dicairkan", "Disbursed")) } dd { (layout::date(lang, d)) " " (lang.pick("dari akun", "from account")) " " (loan.disbursed_from.clone().unwrap_or_default()) } }
        }
        p.actions {
            a.button.secondary href={"/i/" (id) "/loans/" (l) "/agreement.pdf"} { (lang.pick("Cetak perjanjian dan jadwal (PDF)", "Print agreement and schedule (PDF)")) }
            a.button.secondary href={"/i/" (id) "/loans/" (l) "/statement"} { (lang.pick("Rekening pinjaman", "Loan statement")) }
        }
        @if !v.refer.is_empty() { p.warn { (lang.pick("Sudah saatnya dirujuk ke bank (batas total atau siklus tercapai): ", "Time to refer to a bank (total or cycle limit reached): ")) (v.refer.join(", ")) } }
        @if loan.status == Status::Applied && can_decide {
            h2 { (lang.pick("Keputusan pengurus", "Board decision")) }
            form.stack.card method="post" action={"/i/" (id) "/loans/" (l) "/decide"} novalidate {
                (csrf_field(&s.csrf))
                (f.select("decision", lang.pick("Keputusan", "Decision"), &[("approve".into(), lang.pick("Setujui", "Approve").into()), ("reject".into(), lang.pick("Tolak", "Reject").into())]))
                (f.input("decided_on", lang.pick("Tanggal keputusan", "Decision date"), "date", None))
                (f.input("note", lang.pick("Rapat/SK yang memutuskan, dan alasan bila ditolak", "The meeting or decree that decided, and why if rejected"), "text", None))
                button type="submit" { (lang.pick("Simpan keputusan", "Record decision")) }
            }
        }
        @if loan.status == Status::Approved && can_write {
            h2 { (lang.pick("Pencairan", "Disbursement")) }
            form.stack.card method="post" action={"/i/" (id) "/loans/" (l) "/disburse"} novalidate {
                (csrf_field(&s.csrf))
                input type="hidden" name="idem_key" value=(f.value("idem_key"));
                (f.input("disbursed_on", lang.pick("Tanggal cair", "Disbursement date"), "date", None))
                (f.select("account", lang.pick("Dari akun", "From account"), &cash))
                button type="submit" { (lang.pick("Cairkan", "Disburse")) }
            }
        }
        h2 { (lang.pick("Bagian anggota", "Member shares")) }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Anggota", "Member")) } th.num { (lang.pick("Pinjaman", "Loan")) } th { (lang.pick("Siklus", "Cycle")) } th.num { (lang.pick("Sisa kewajiban", "Still owed")) } th { (lang.pick("Kolektibilitas", "Class")) } } }
            tbody { @for sh in &v.shares {
                @let a = class_of(sh.member_id);
                tr {
                    // Each member's schedule and payments are on their statement, one page each.
                    td data-label=(lang.pick("Anggota", "Member")) { a href={"/i/" (id) "/loans/" (l) "/statement?member=" (sh.member_id)} { (sh.name) } }
                    td.num data-label=(lang.pick("Pinjaman", "Loan")) { (Rupiah(sh.amount)) }
                    td data-label=(lang.pick("Siklus", "Cycle")) { (sh.cycle) }
                    td.num data-label=(lang.pick("Sisa kewajiban", "Still owed")) { (Rupiah(remaining(&by_member(sh.member_id)))) }
                    td data-label=(lang.pick("Kolektibilitas", "Class")) {
                        @if loan.status == Status::Disbursed {
                            (a.class) " " (swadaya_domain::fund::arrears::class_name(a.class, lang))
                            @if a.overdue_instalments > 0 { ", " (a.overdue_instalments) "× " (Rupiah(a.overdue_amount)) ", " (a.days_late) " " (lang.pick("hari", "days")) }
                        }
                    }
                }
            } }
        } }
        @if loan.status == Status::Disbursed {
            @if can_write && !settled {
                h2 { (lang.pick("Terima angsuran di kantor UPK", "Take a repayment at the UPK office")) }
                form.stack.card method="post" action={"/i/" (id) "/loans/" (l) "/pay"} novalidate {
                    (csrf_field(&s.csrf))
                    input type="hidden" name="idem_key" value=(f.value("idem_key"));
                    (f.select("member_id", lang.pick("Anggota", "Member"), &member_options))
                    (f.input("paid_on", lang.pick("Tanggal bayar", "Payment date"), "date", None))
                    (f.input("amount", lang.pick("Jumlah", "Amount"), "text", Some(lang.pick("dibagi: jasa dulu, lalu pokok, angsuran terlama dulu", "allocated: interest first, then principal, oldest first"))))
                    (f.select("account", lang.pick("Ke akun", "Into account"), &cash))
                    button type="submit" { (lang.pick("Simpan angsuran", "Record repayment")) }
                }
                details.card {
                    summary { (lang.pick("Catat penyebab tunggakan", "Record the cause of arrears")) }
                    form.stack method="post" action={"/i/" (id) "/loans/" (l) "/cause"} novalidate {
                        (csrf_field(&s.csrf))
                        (f.select("cause_member_id", lang.pick("Anggota", "Member"), &member_options))
                        (f.select("cause", lang.pick("Penyebab", "Cause"), &causes))
                        (f.input("cause_note", lang.pick("Keterangan", "Note"), "text", None))
                        button type="submit" { (lang.pick("Simpan", "Save")) }
                    }
                }
            }
            (collection_section(s, id, l, f, &actions, &member_options, loan.power_of_attorney, can_write && !settled, can_decide && !settled))
            h2 #payments { (lang.pick("Pembayaran", "Payments")) }
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("Tanggal", "Date")) } th { (lang.pick("Anggota", "Member")) } th.num { (lang.pick("Jumlah", "Amount")) } th.num { (lang.pick("Jasa", "Interest")) } th.num { (lang.pick("Pokok", "Principal")) } th { (lang.pick("Dari", "From")) } th {} } }
                tbody { @for p in newest_first.iter().skip((payments_page - 1) as usize * PAYMENTS_PER_PAGE as usize).take(PAYMENTS_PER_PAGE as usize) {
                    tr {
                        td data-label=(lang.pick("Tanggal", "Date")) { (layout::date(lang, &p.paid_on)) }
                        td data-label=(lang.pick("Anggota", "Member")) { (v.shares.iter().find(|s| s.member_id == p.member_id).map(|s| s.name.as_str()).unwrap_or("")) }
                        td.num data-label=(lang.pick("Jumlah", "Amount")) {
                            @if let Some(e) = p.entry_id { a href={"/i/" (id) "/books/journal/" (e)} { (Rupiah(p.amount)) } } @else { (Rupiah(p.amount)) }
                        }
                        td.num data-label=(lang.pick("Jasa", "Interest")) { (Rupiah(p.interest)) }
                        td.num data-label=(lang.pick("Pokok", "Principal")) { (Rupiah(p.principal)) }
                        td data-label=(lang.pick("Dari", "From")) {
                            @match p.source.as_str() {
                                "sheet" => { @if let Some(m) = p.meeting_id { a href={"/i/" (id) "/ksm/" (loan.ksm_id) "/meetings/" (m)} { (lang.pick("lembar pertemuan", "collection sheet")) } } }
                                "office" => { (lang.pick("kantor UPK", "UPK office")) }
                                "drawdown" => { (lang.pick("tabungan tanggung renteng", "joint-liability savings")) }
                                "writeoff" => { (lang.pick("hapus buku", "write-off")) }
                                "reversal" => { (lang.pick("pembatalan", "reversal")) }
                                other => { (other) }
                            }
                            @if p.reversed_by.is_some() { " " span.badge { (lang.pick("dibatalkan", "reversed")) } }
                        }
                        td { @if can_write && p.reverses_id.is_none() && p.reversed_by.is_none() && !matches!(p.source.as_str(), "writeoff" | "drawdown") {
                            // The box of the reversal just refused opens with what was typed and
                            // the reasons, its fields the ones the error summary links to.
                            @let refused = f.value("reversing") == p.id.to_string();
                            details open[refused] { summary { (lang.pick("Batalkan", "Reverse")) }
                                form.stack method="post" action={"/i/" (id) "/loans/" (l) "/payments/" (p.id) "/reverse"} novalidate {
                                    (csrf_field(&s.csrf))
                                    input type="hidden" name="reversing" value=(p.id);
                                    @if refused {
                                        (f.input("reversed_on", lang.pick("Tanggal pembatalan", "Reversal date"), "date", None))
                                        (f.input("reason", lang.pick("Alasan pembatalan", "Reason for the reversal"), "text", None))
                                    } @else {
                                        label { (lang.pick("Tanggal pembatalan", "Reversal date")) input type="date" name="reversed_on" value=(today); }
                                        label { (lang.pick("Alasan pembatalan", "Reason for the reversal")) input type="text" name="reason"; }
                                    }
                                    button.secondary type="submit" { (lang.pick("Batalkan pembayaran", "Reverse payment")) }
                                }
                            }
                        } }
                    }
                } }
            } }
            @if newest_first.len() as i64 > PAYMENTS_PER_PAGE {
                (layout::pager(lang, &format!("/i/{id}/loans/{l}"), &[], payments_page, PAYMENTS_PER_PAGE, newest_first.len() as i64))
            }
        }
        h2 { (lang.pick("Jadwal angsuran kelompok", "Group repayment schedule")) }
        @if group.is_empty() { p.muted { (lang.pick("Jadwal dibuat saat pinjaman dicairkan.", "The schedule is made when the loan is disbursed.")) } }
        @else { (schedule_table(lang, &group, Some(&group_paid))) }
    };
    Ok((status, layout::page(lang, Some(s), &loan.agreement_no, body)).into_response())
}

pub(super) fn defaults() -> FormState {
    let today = chrono::Local::now().date_naive().to_string();
    let mut f = FormState::default();
    for k in ["decided_on", "disbursed_on", "paid_on", "on_date", "drawdown_on", "writeoff_on"] {
        f.values.insert(k.into(), today.clone());
    }
    f.values.insert("idem_key".into(), swadaya_core::app::auth::random_token());
    f
}

pub async fn show(
    State(st): State<AppState>,
    s: Session,
    Path((id, l)): Path<(i64, i64)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let mut f = defaults();
    if let Some(page) = q.get("page") {
        f.values.insert("page".into(), page.clone());
    }
    render_loan(&st, &s, id, l, &f, StatusCode::OK).await
}

pub(super) async fn after(
    st: &AppState,
    s: &Session,
    id: i64,
    l: i64,
    form: &FormData,
    r: swadaya_core::app::AppResult<()>,
) -> Result<Response, WebError> {
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}/loans/{l}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            let mut f = FormState::with_errors(form.0.clone(), &errs);
            for (k, v) in defaults().values {
                f.values.entry(k).or_insert(v);
            }
            render_loan(st, s, id, l, &f, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, s.ctx.lang)),
    }
}

pub async fn decide(
    State(st): State<AppState>,
    Path((id, l)): Path<(i64, i64)>,
    Checked { s, input, form }: Checked<svc::DecisionInput>,
) -> Result<Response, WebError> {
    let r = svc::decide(&st.db, &s.ctx, id, l, &input).await;
    after(&st, &s, id, l, &form, r).await
}

pub async fn disburse(
    State(st): State<AppState>,
    Path((id, l)): Path<(i64, i64)>,
    Checked { s, input, form }: Checked<svc::DisbursementInput>,
) -> Result<Response, WebError> {
    let r = svc::disburse(&st.db, &s.ctx, id, l, &input).await.map(|_| ());
    after(&st, &s, id, l, &form, r).await
}
