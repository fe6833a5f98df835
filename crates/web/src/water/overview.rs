//! The service's page: what it keeps, its fee schemes with the tariff in force, the months
//! billed and collected, and the forms to add an asset or a scheme (the board's decisions).

use super::{back, month, percent, tariff_words};
use crate::activities::proposals::app_err;
use crate::error::WebError;
use crate::form::Checked;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_core::app::water::setup::{self, AssetInput, SchemeInput};
use swadaya_core::app::water::{bills, customers};
use swadaya_core::app::AppError;
use swadaya_domain::roles::Action;
use swadaya_domain::Rupiah;

pub async fn page(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let assets = setup::assets(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let schemes = setup::schemes(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let mut in_force = Vec::new();
    let this = swadaya_core::app::water::this_month();
    for sc in &schemes {
        let (_, tariffs) = setup::scheme(&st.db, &s.ctx, id, sc.id).await.map_err(app_err(lang))?;
        let now = tariffs.iter().rev().find(|t| t.valid_from.as_str() <= format!("{this}-01").as_str()).cloned();
        in_force.push(now);
    }
    let months = bills::months(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let count = customers::list(&st.db, &s.ctx, id, None).await.map_err(app_err(lang))?.len();
    let can_set = s.ctx.actor.can(id, Action::SetTariffs);
    let can_run = s.ctx.actor.can(id, Action::RunWater);
    let body = html! {
        p.muted { a href={"/i/" (id)} { "← " (lang.pick("Lembaga", "Institution")) } }
        h1 { (lang.pick("Layanan & iuran pemeliharaan", "Service & maintenance fees")) }
        p { (lang.pick(
            "Sarana yang diserahterimakan, pelanggan dan skema iurannya, catat meter, tagihan bulanan dan pembayaran. Iuran dibukukan ke jurnal lembaga yang sama.",
            "Assets handed over, customers and their fee schemes, meter readings, monthly bills and payments. Fees post to the institution's own journal.")) }
        div.actions {
            a.button href={"/i/" (id) "/water/customers"} { (lang.pick("Pelanggan", "Customers")) " (" (count) ")" }
            a.button href={"/i/" (id) "/water/arrears"} { (lang.pick("Daftar tagih (tunggakan)", "Collection list (arrears)")) }
            @if can_run { a.button.secondary href={"/i/" (id) "/water/customers/new"} { (lang.pick("Tambah pelanggan", "Add a customer")) } }
            @if can_set { a.button.secondary href={"/i/" (id) "/water/assets"} { (lang.pick("Tambah sarana", "Add an asset")) } }
            @if can_set && !assets.is_empty() { a.button.secondary href={"/i/" (id) "/water/schemes"} { (lang.pick("Tambah skema iuran", "Add a fee scheme")) } }
        }
        h2 { (lang.pick("Sarana yang dikelola", "Assets kept")) }
        @if assets.is_empty() {
            p.card { (lang.pick("Belum ada sarana. Catat sarana yang diserahterimakan (misalnya SPAMS desa atau jalan lingkungan) lebih dulu, lalu skema iurannya.",
                "No assets yet. Record the asset handed over (e.g. the village water system or a neighbourhood road) first, then its fee scheme.")) }
        }
        @for a in &assets {
            div.card {
                strong { (a.name) } " · " (setup::asset_kind_label(&a.kind, lang))
                dl.facts {
                    dt { (lang.pick("Lokasi", "Location")) } dd { (a.region_name.as_deref().unwrap_or("–")) @if let Some(l) = &a.location { " — " (l) } }
                    dt { (lang.pick("Serah terima", "Handed over")) } dd { (layout::date(lang, &a.handed_over_on)) " · " (a.handed_over_by) }
                    dt { (lang.pick("Nilai", "Value")) } dd { (Rupiah(a.value)) }
                    dt { (lang.pick("Kapasitas", "Capacity")) } dd { (a.capacity.as_deref().unwrap_or("–")) }
                    dt { (lang.pick("Rumah tangga rencana", "Households planned")) } dd { (a.households) }
                }
            }
        }
        h2 { (lang.pick("Skema iuran", "Fee schemes")) }
        @if schemes.is_empty() { p.muted { (lang.pick("Belum ada skema iuran.", "No fee schemes yet.")) } }
        @if !schemes.is_empty() {
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("Skema", "Scheme")) } th { (lang.pick("Golongan", "Group")) } th { (lang.pick("Tarif berlaku", "Tariff in force")) } th.num { (lang.pick("Pelanggan", "Customers")) } } }
                tbody { @for (sc, t) in schemes.iter().zip(&in_force) { tr {
                    td data-label=(lang.pick("Skema", "Scheme")) { div { a href={"/i/" (id) "/water/schemes/" (sc.id)} { (sc.name) } br; span.muted { (setup::scheme_kind_label(&sc.kind, lang)) } } }
                    td data-label=(lang.pick("Golongan", "Group")) { (setup::group_label(&sc.customer_group, lang)) }
                    td data-label=(lang.pick("Tarif berlaku", "Tariff in force")) { @match t { Some(t) => (tariff_words(t, &sc.kind, lang)), None => span.muted { (lang.pick("belum ada tarif", "no tariff yet")) } } }
                    td.num data-label=(lang.pick("Pelanggan", "Customers")) { (sc.customers) }
                } } }
            } }
        }
        h2 { (lang.pick("Tagihan dan penerimaan per bulan", "Billed and collected by month")) }
        p.muted { (lang.pick("Efektivitas penagihan = iuran diterima dalam bulan itu ÷ tagihan bulan itu.", "Collection efficiency = fees received in the month ÷ the month's bills.")) }
        @if months.is_empty() { p.muted { (lang.pick("Belum ada tagihan.", "No bills yet.")) } }
        @if !months.is_empty() {
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("Bulan", "Month")) } th.num { (lang.pick("Ditagih", "Billed")) } th.num { (lang.pick("Diterima", "Collected")) } th.num { (lang.pick("Efektivitas", "Efficiency")) } } }
                tbody { @for m in months.iter().rev().take(12) { tr {
                    td data-label=(lang.pick("Bulan", "Month")) { (month(&m.month, lang)) }
                    td.num data-label=(lang.pick("Ditagih", "Billed")) { (Rupiah(m.billed)) }
                    td.num data-label=(lang.pick("Diterima", "Collected")) { (Rupiah(m.collected)) }
                    td.num data-label=(lang.pick("Efektivitas", "Efficiency")) { (percent(m.efficiency_bp)) }
                } } }
            } }
        }
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Layanan & iuran", "Service & fees"), body).into_response())
}

fn kind_options(lang: swadaya_domain::Lang) -> Vec<(String, String)> {
    setup::ASSET_KINDS.iter().map(|k| (k.to_string(), setup::asset_kind_label(k, lang).to_string())).collect()
}

fn render_asset(s: &Session, id: i64, f: &FormState, code: StatusCode) -> Response {
    let lang = s.ctx.lang;
    let body = html! {
        (back(id, lang))
        h1 { (lang.pick("Tambah sarana yang dikelola", "Add an asset kept")) }
        p { (lang.pick("Sarana yang diserahterimakan kepada lembaga ini untuk dioperasikan dan dipelihara.", "An asset handed over to this institution to run and keep.")) }
        (f.error_summary(lang))
        form.stack.card method="post" action={"/i/" (id) "/water/assets"} novalidate {
            (csrf_field(&s.csrf))
            (f.input("name", lang.pick("Nama sarana", "Name"), "text", Some(lang.pick("misalnya SPAMS Desa Ganra", "e.g. SPAMS Desa Ganra"))))
            (f.select("kind", lang.pick("Jenis", "Kind"), &kind_options(lang)))
            (f.input("region_code", lang.pick("Kode wilayah desa/dusun/RT", "Region code (village, hamlet, RT)"), "text", Some(lang.pick("boleh kosong", "optional"))))
            (f.input("location", lang.pick("Letak dan bagian-bagiannya", "Location and parts"), "text", Some(lang.pick("sumber, reservoir, pipa, hidran umum...", "source, reservoir, pipes, public taps..."))))
            (f.input("handed_over_on", lang.pick("Tanggal serah terima", "Handed over on"), "date", None))
            (f.input("handed_over_by", lang.pick("Diserahkan oleh dan berita acaranya", "Handed over by, and the record"), "text", None))
            (f.input("value", lang.pick("Nilai sarana (Rp)", "Value (Rp)"), "text", None))
            (f.input("capacity", lang.pick("Kapasitas", "Capacity"), "text", Some(lang.pick("misalnya 1,5 liter/detik", "e.g. 1.5 litres a second"))))
            (f.input("households", lang.pick("Rumah tangga yang dilayani (rencana)", "Households to serve (planned)"), "text", None))
            button type="submit" { (lang.pick("Simpan", "Save")) }
        }
    };
    (code, layout::page(lang, Some(s), lang.pick("Tambah sarana", "Add an asset"), body)).into_response()
}

pub async fn asset_form(s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::SetTariffs).map_err(app_err(lang))?;
    let mut f = FormState::default();
    f.values.insert("kind".into(), "water".into());
    Ok(render_asset(&s, id, &f, StatusCode::OK))
}

pub async fn add_asset(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Checked { s, input, form }: Checked<AssetInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match setup::add_asset(&st.db, &s.ctx, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/water")).into_response()),
        Err(AppError::Invalid(errs)) => {
            Ok(render_asset(&s, id, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(app_err(lang)(e)),
    }
}

async fn render_scheme(st: &AppState, s: &Session, id: i64, f: &FormState, code: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let assets = setup::assets(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let asset_options: Vec<(String, String)> = assets.iter().map(|a| (a.id.to_string(), a.name.clone())).collect();
    let groups: Vec<(String, String)> =
        setup::GROUPS.iter().map(|g| (g.to_string(), setup::group_label(g, lang).to_string())).collect();
    let kinds: Vec<(String, String)> =
        setup::SCHEME_KINDS.iter().map(|k| (k.to_string(), setup::scheme_kind_label(k, lang).to_string())).collect();
    let body = html! {
        (back(id, lang))
        h1 { (lang.pick("Tambah skema iuran", "Add a fee scheme")) }
        p { (lang.pick("Satu skema untuk satu golongan pelanggan. Besarnya iuran ditetapkan sesudahnya sebagai tarif yang berlaku mulai suatu bulan.",
            "One scheme per customer group. Its fee is set afterwards, as a tariff in force from a month.")) }
        (f.error_summary(lang))
        form.stack.card method="post" action={"/i/" (id) "/water/schemes"} novalidate {
            (csrf_field(&s.csrf))
            (f.select("asset_id", lang.pick("Sarana", "Asset"), &asset_options))
            (f.input("name", lang.pick("Nama skema", "Name"), "text", Some(lang.pick("misalnya Rumah tangga (R1)", "e.g. Household (R1)"))))
            (f.select("customer_group", lang.pick("Golongan pelanggan", "Customer group"), &groups))
            (f.select("kind", lang.pick("Cara menghitung iuran", "How the fee is counted"), &kinds))
            (f.input("due_day", lang.pick("Jatuh tempo: tanggal di bulan berikutnya", "Due: day of the next month"), "number", Some("1–28")))
            button type="submit" { (lang.pick("Simpan", "Save")) }
        }
    };
    Ok((code, layout::page(lang, Some(s), lang.pick("Tambah skema iuran", "Add a fee scheme"), body)).into_response())
}

pub async fn scheme_form(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::SetTariffs).map_err(app_err(lang))?;
    let mut f = FormState::default();
    f.values.insert("due_day".into(), "20".into());
    f.values.insert("kind".into(), "metered".into());
    render_scheme(&st, &s, id, &f, StatusCode::OK).await
}

pub async fn add_scheme(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Checked { s, input, form }: Checked<SchemeInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match setup::add_scheme(&st.db, &s.ctx, id, &input).await {
        Ok(sid) => Ok(Redirect::to(&format!("/i/{id}/water/schemes/{sid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_scheme(&st, &s, id, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(app_err(lang)(e)),
    }
}
