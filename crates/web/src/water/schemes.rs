//! One fee scheme: its tariff versions (a change is a new version from a month, decided by the
//! board), the form for the next version, and the monthly bill run with the runs made so far.

use super::{back, month, tariff_words};
use crate::activities::proposals::app_err;
use crate::error::WebError;
use crate::form::CheckedForm;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_core::app::water::bills::{self, RunInput};
use swadaya_core::app::water::setup::{self, BlockInput, TariffInput};
use swadaya_core::app::AppError;
use swadaya_domain::roles::Action;
use swadaya_domain::{Lang, Rupiah};

const BLOCK_ROWS: usize = 6;

fn weekday_options(lang: Lang) -> Vec<(String, String)> {
    (1..=7).map(|n| (n.to_string(), setup::weekday_label(n, lang).to_string())).collect()
}

async fn render(st: &AppState, s: &Session, id: i64, sid: i64, f: &FormState, code: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (sc, tariffs) = setup::scheme(&st.db, &s.ctx, id, sid).await.map_err(app_err(lang))?;
    let runs: Vec<_> =
        bills::runs(&st.db, &s.ctx, id).await.map_err(app_err(lang))?.into_iter().filter(|r| r.scheme_id == sid).collect();
    let can_set = s.ctx.actor.can(id, Action::SetTariffs);
    let can_bill = s.ctx.actor.can(id, Action::BillWater);
    let metered = sc.kind == "metered";
    let body = html! {
        (back(id, lang))
        h1 { (sc.name) }
        p.muted { (setup::scheme_kind_label(&sc.kind, lang)) " · " (setup::group_label(&sc.customer_group, lang)) " · " (sc.asset_name) " · "
            (lang.pick("jatuh tempo tanggal ", "due on day ")) (sc.due_day) (lang.pick(" bulan berikutnya", " of the next month")) }
        div.actions {
            a.button href={"/i/" (id) "/water/customers?scheme=" (sid)} { (lang.pick("Pelanggan", "Customers")) " (" (sc.customers) ")" }
            @if metered { a.button href={"/i/" (id) "/water/schemes/" (sid) "/round"} { (lang.pick("Catat meter (ronde)", "Meter round")) } }
        }
        (f.error_summary(lang))
        h2 { (lang.pick("Tarif", "Tariffs")) }
        @if tariffs.is_empty() { p.card { (lang.pick("Belum ada tarif. Tetapkan tarif sebelum membuat tagihan.", "No tariff yet. Set one before billing.")) } }
        @if !tariffs.is_empty() {
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("Berlaku mulai", "From")) } th { (lang.pick("Tarif", "Tariff")) } th { (lang.pick("Keputusan", "Decision")) } } }
                tbody { @for t in tariffs.iter().rev() { tr {
                    td data-label=(lang.pick("Berlaku mulai", "From")) { (month(&t.valid_from[..7], lang)) }
                    td data-label=(lang.pick("Tarif", "Tariff")) { (tariff_words(t, &sc.kind, lang)) }
                    td data-label=(lang.pick("Keputusan", "Decision")) { (t.decision) }
                } } }
            } }
        }
        @if can_set {
            details.card open[f.values.contains_key("valid_from")] {
                summary { (lang.pick("Tetapkan tarif baru", "Set a new tariff")) }
                p.muted { (lang.pick("Tarif baru berlaku mulai tanggal 1 suatu bulan, sesudah tarif terakhir. Tarif lama tetap tersimpan dan dipakai untuk bulan-bulannya.",
                    "A new tariff starts on the first of a month, after the newest. Earlier tariffs are kept and price their own months.")) }
                form.stack method="post" action={"/i/" (id) "/water/schemes/" (sid) "/tariffs"} novalidate {
                    (csrf_field(&s.csrf))
                    (f.input("valid_from", lang.pick("Berlaku mulai bulan", "From the month"), "month", None))
                    @match sc.kind.as_str() {
                        "weekly" => {
                            (f.input("fixed", lang.pick("Iuran per rumah per minggu (Rp)", "Fee per house a week (Rp)"), "text", None))
                            (f.select("weekday", lang.pick("Dipungut setiap hari", "Collected every"), &weekday_options(lang)))
                        }
                        "metered" => {
                            (f.input("fixed", lang.pick("Beban tetap per bulan (Rp)", "Fixed charge a month (Rp)"), "text", None))
                            (f.input("minimum_m3", lang.pick("Pemakaian minimum (m³)", "Minimum use (m³)"), "text", Some(lang.pick("kosong: tanpa minimum", "blank: none"))))
                            (f.errors_at("blocks"))
                            p { (lang.pick("Blok pemakaian: dari m³, sampai m³ (kosong pada blok terakhir: ke atas), harga per m³.", "Blocks: from m³, to m³ (blank on the last: and above), price per m³.")) }
                            @for n in 0..BLOCK_ROWS {
                                fieldset.rab-row {
                                    legend { (lang.pick("Blok ", "Block ")) (n + 1) }
                                    @for (col, label) in [("from", lang.pick("Dari m³", "From m³")), ("to", lang.pick("Sampai m³", "To m³")), ("price", lang.pick("Harga per m³ (Rp)", "Price per m³ (Rp)"))] {
                                        @let name = format!("block-{n}-{col}");
                                        label for=(name) { (label) }
                                        input id=(name) name=(name) value=(f.value(&name)) inputmode="numeric";
                                        (f.errors_for(&name))
                                    }
                                }
                            }
                        }
                        _ => { (f.input("fixed", lang.pick("Iuran per bulan (Rp)", "Fee a month (Rp)"), "text", None)) }
                    }
                    (f.input("decision", lang.pick("Keputusan yang menetapkan", "The decision that set it"), "text", Some(lang.pick("musyawarah, nomor SK", "meeting, decree number"))))
                    button type="submit" { (lang.pick("Simpan tarif", "Save the tariff")) }
                }
            }
        }
        h2 { (lang.pick("Tagihan bulanan", "Monthly bills")) }
        @if can_bill {
            form.stack.card method="post" action={"/i/" (id) "/water/schemes/" (sid) "/bills"} novalidate {
                (csrf_field(&s.csrf))
                p.muted { (lang.pick(
                    "Membuat satu tagihan untuk setiap pelanggan skema ini. Bulan yang sudah ditagih tidak ditagih dua kali. Skema meteran: semua meter bulan itu harus sudah dicatat.",
                    "Makes one bill for every customer of this scheme. A month already billed is not billed twice. Metered: every meter of the month must be read first.")) }
                (f.input("month", lang.pick("Bulan pemakaian", "Month of use"), "month", None))
                button type="submit" { (lang.pick("Buat tagihan", "Make the bills")) }
            }
        }
        @if runs.is_empty() { p.muted { (lang.pick("Belum ada tagihan.", "No bills yet.")) } }
        @if !runs.is_empty() {
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("Bulan", "Month")) } th.num { (lang.pick("Tagihan", "Bills")) } th.num { (lang.pick("Jumlah", "Total")) } th { (lang.pick("Jurnal", "Entry")) } } }
                tbody { @for r in &runs { tr {
                    td data-label=(lang.pick("Bulan", "Month")) { (month(&r.month, lang)) }
                    td.num data-label=(lang.pick("Tagihan", "Bills")) { (r.bills) }
                    td.num data-label=(lang.pick("Jumlah", "Total")) { (Rupiah(r.total)) }
                    td data-label=(lang.pick("Jurnal", "Entry")) { @match r.journal_entry_id {
                        Some(e) if s.ctx.actor.can(id, Action::ReadBooks) => a href={"/i/" (id) "/books/journal/" (e)} { "#" (e) },
                        Some(e) => { "#" (e) }
                        None => "–",
                    } }
                } } }
            } }
        }
    };
    Ok((code, layout::page(lang, Some(s), &sc.name, body)).into_response())
}

pub async fn page(State(st): State<AppState>, s: Session, Path((id, sid)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (_, tariffs) = setup::scheme(&st.db, &s.ctx, id, sid).await.map_err(app_err(lang))?;
    let mut f = FormState::default();
    // The newest tariff's figures as the starting point of the next one.
    if let Some(t) = tariffs.last() {
        f.values.insert("fixed".into(), t.fixed.to_string());
        f.values.insert("weekday".into(), t.weekday.unwrap_or(5).to_string());
        if t.minimum_m3 > 0 {
            f.values.insert("minimum_m3".into(), t.minimum_m3.to_string());
        }
        for (n, (b, from)) in t.blocks.iter().zip(t.block_starts()).enumerate() {
            f.values.insert(format!("block-{n}-from"), from.to_string());
            f.values.insert(format!("block-{n}-to"), b.up_to.map(|u| u.to_string()).unwrap_or_default());
            f.values.insert(format!("block-{n}-price"), b.price.to_string());
        }
    } else {
        f.values.insert("weekday".into(), "5".into());
    }
    f.values.remove("valid_from");
    // Meters are read at the month's end and billed after it: last month first.
    let this = swadaya_core::app::water::this_month();
    f.values.insert("month".into(), swadaya_core::app::water::readings::month_shift(&this, -1));
    render(&st, &s, id, sid, &f, StatusCode::OK).await
}

pub async fn add_tariff(
    State(st): State<AppState>,
    Path((id, sid)): Path<(i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let mut input: TariffInput = form.parse(lang)?;
    input.blocks = form.rows::<BlockInput>(lang, "block", "from")?;
    match setup::add_tariff(&st.db, &s.ctx, id, sid, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/water/schemes/{sid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render(&st, &s, id, sid, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(app_err(lang)(e)),
    }
}

pub async fn run_bills(
    State(st): State<AppState>,
    Path((id, sid)): Path<(i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let input: RunInput = form.parse(lang)?;
    match bills::run(&st.db, &s.ctx, id, sid, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/water/schemes/{sid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render(&st, &s, id, sid, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(app_err(lang)(e)),
    }
}
