//! Institution pages: list, create (system admin), show with units and officers, edit.

use super::{page_number, PER_PAGE};
use crate::error::WebError;
use crate::form::{Checked, CheckedForm};
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use swadaya_core::app::registers::institutions::{self as svc, InstitutionInput, UnitInput, KINDS};
use swadaya_core::app::AppError;
use swadaya_domain::roles::Action;
use swadaya_domain::Lang;

pub async fn list(
    State(st): State<AppState>,
    s: Session,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let page = page_number(q.get("page").map(String::as_str));
    let search = q.get("q").map(|s| s.trim()).filter(|s| !s.is_empty());
    let (rows, total) =
        svc::list(&st.db, &s.ctx, search, PER_PAGE, (page - 1) * PER_PAGE).await.map_err(|e| WebError::from_app(e, lang))?;
    if total == 1 && search.is_none() && !s.ctx.actor.is_system {
        return Ok(Redirect::to(&format!("/i/{}", rows[0].id)).into_response());
    }
    let body = html! {
        h1 { (lang.pick("Lembaga", "Institutions")) }
        form.search method="get" action="/institutions" {
            input type="search" name="q" value=(search.unwrap_or("")) placeholder=(lang.pick("Cari nama lembaga atau desa", "Search institution or village name")) aria-label=(lang.pick("Cari", "Search"));
            button type="submit" { (lang.pick("Cari", "Search")) }
        }
        @if s.ctx.actor.is_system { p { a.button href="/institutions/new" { (lang.pick("+ Lembaga baru", "+ New institution")) } } }
        @if rows.is_empty() && search.is_none() { p.card { (lang.pick("Belum ada lembaga yang dapat Anda lihat.", "There is no institution you can see yet.")) } }
        (layout::no_match(lang, search.unwrap_or(""), total, lang.pick("lembaga", "institutions"), "/institutions"))
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Nama", "Name")) } th { (lang.pick("Jenis", "Kind")) } th { (lang.pick("Wilayah", "Region")) } } }
            tbody { @for i in &rows { tr {
                td data-label=(lang.pick("Nama", "Name")) { a href={"/i/" (i.id)} { (i.name) } }
                td data-label=(lang.pick("Jenis", "Kind")) { (i.kind) }
                td data-label=(lang.pick("Wilayah", "Region")) { (i.region_name) " " span.muted { (i.region_code) } }
            } } }
        } }
        (layout::pager(lang, "/institutions", &[("q", search.unwrap_or(""))], page, PER_PAGE, total))
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Lembaga", "Institutions"), body).into_response())
}

fn kind_options(lang: Lang) -> Vec<(String, String)> {
    KINDS.iter().map(|k| (k.to_string(), svc::kind_label(k, lang))).collect()
}

fn institution_form(lang: Lang, s: &Session, f: &FormState, action: &str, is_new: bool) -> Markup {
    html! {
        (f.error_summary(lang))
        form.stack.card method="post" action=(action) novalidate {
            (csrf_field(&s.csrf))
            (f.select("kind", lang.pick("Jenis lembaga", "Kind"), &kind_options(lang)))
            (f.input("name", lang.pick("Nama lembaga", "Name"), "text", Some(lang.pick("contoh: LKM Makmur Sentosa", "e.g. LKM Makmur Sentosa"))))
            (f.input("region_code", lang.pick("Desa/kelurahan", "Village"), "text", Some(lang.pick("nama desa atau kode Kemendagri, contoh Bibrik atau 35.19.09.2014", "village name or Kemendagri code, e.g. Bibrik or 35.19.09.2014"))))
            (f.input("legal_basis", lang.pick("Dasar hukum (akta/SK)", "Legal basis (deed/decree)"), "text", None))
            (f.input("address", lang.pick("Alamat sekretariat", "Office address"), "text", None))
            (f.input("phone", lang.pick("Telepon", "Phone"), "tel", None))
            (f.input("email", "Email", "email", None))
            @if is_new {
                label { input type="checkbox" name="with_template_units" checked[f.value("with_template_units") != "off"];
                    (lang.pick("Tambahkan unit baku sesuai jenis (KKM: Pembina, Sekretariat, Satlak, Bendahara, unit teknis, kesehatan, pengaduan; BKM/LKM: UPK, UPL, UPS, Sekretariat). Bisa diubah nanti.",
                               "Add the standard units of this kind (KKM: seed 000 units; BKM/LKM: UPK, UPL, UPS, Secretariat). Editable later.")) }
            }
            button type="submit" { (lang.pick("Simpan", "Save")) }
            a.button.secondary href="/institutions" { (lang.pick("Batal", "Cancel")) }
        }
    }
}

pub async fn new_form(s: Session) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require_system().map_err(|e| WebError::from_app(e, lang))?;
    let f = FormState::default();
    let title = lang.pick("Lembaga baru", "New institution");
    Ok(layout::page(lang, Some(&s), title, html! { h1 { (title) } (institution_form(lang, &s, &f, "/institutions", true)) })
        .into_response())
}

pub async fn create(State(st): State<AppState>, CheckedForm { s, form }: CheckedForm) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::create(&st.db, &s.ctx, &form.parse::<InstitutionInput>(lang)?).await {
        Ok(id) => Ok(Redirect::to(&format!("/i/{id}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            let mut values = form.0.clone();
            values.entry("with_template_units".into()).or_insert_with(|| "off".into());
            let f = FormState::with_errors(values, &errs);
            let title = lang.pick("Lembaga baru", "New institution");
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                layout::page(
                    lang,
                    Some(&s),
                    title,
                    html! { h1 { (title) } (institution_form(lang, &s, &f, "/institutions", true)) },
                ),
            )
                .into_response())
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

pub async fn show(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let inst = svc::get(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let units = svc::units(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let today = chrono::Local::now().date_naive().to_string();
    let officers = svc::officers(&st.db, &s.ctx, id, &today).await.map_err(|e| WebError::from_app(e, lang))?;
    let path =
        swadaya_core::app::registers::regions::path(&st.db, &inst.region_code).await.map_err(|e| WebError::from_app(e, lang))?;
    let can_org = s.ctx.actor.can(id, Action::WriteOrganisation);
    let mut roles: Vec<String> = s.ctx.actor.roles_in(id).iter().map(|r| r.label(lang).to_string()).collect();
    // A role held for one KSM names that KSM.
    for g in swadaya_core::app::ksm::list(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))? {
        if s.ctx.actor.ksm_only.contains(&(id, g.id)) {
            roles.push(format!("{} ({})", swadaya_domain::roles::Role::KsmTreasurer.label(lang), g.data.name));
        }
    }
    let body = html! {
        h1 { (inst.name) }
        p.muted { (svc::kind_label(&inst.kind, lang)) " · " @for (i, r) in path.iter().enumerate() { @if i > 0 { " › " } (swadaya_domain::region::qualified_name(&r.code, &r.name)) } }
        @if !roles.is_empty() { p.muted { (lang.pick("Peran Anda: ", "Your role: ")) (roles.join(", ")) } }
        div.actions {
            a.button href={"/i/" (id) "/people"} { (lang.pick("Warga", "People")) }
            a.button href={"/i/" (id) "/positions"} { (lang.pick("Jabatan & SK", "Positions & decrees")) }
            a.button href={"/i/" (id) "/ksm"} { "KSM" }
            @if s.ctx.actor.can(id, Action::ReadBooks) { a.button href={"/i/" (id) "/books"} { (lang.pick("Buku & dana bergulir", "Books & loan fund")) } }
            a.button href={"/i/" (id) "/activities"} { (lang.pick("Usulan & kegiatan", "Proposals & activities")) }
            @if s.ctx.actor.can(id, Action::WriteBudget) { a.button href={"/i/" (id) "/apbdes"} { "APBDes" } }
            @if s.ctx.actor.can(id, Action::ReadComplaints) { a.button href={"/i/" (id) "/complaints"} { (lang.pick("Pengaduan", "Complaints")) } }
            @if s.ctx.actor.can(id, Action::ReadWater) && swadaya_core::app::water::keeps_service(&inst.kind) {
                a.button href={"/i/" (id) "/water"} { (lang.pick("Layanan & iuran", "Service & fees")) }
            }
            a.button.secondary href={"/p/" (id)} { (lang.pick("Papan informasi publik", "Public notice board")) }
            @if can_org { a.button.secondary href={"/i/" (id) "/edit"} { (lang.pick("Ubah data lembaga", "Edit institution")) } }
            a.button.secondary href={"/i/" (id) "/settings"} { (lang.pick("Pengaturan aturan", "Rule settings")) }
            @if s.ctx.actor.can(id, Action::ManageUsers) { a.button.secondary href={"/i/" (id) "/users"} { (lang.pick("Pengguna", "Users")) } }
        }
        div.card { dl.facts {
            dt { (lang.pick("Kode wilayah", "Region code")) } dd { (inst.region_code) }
            dt { (lang.pick("Dasar hukum", "Legal basis")) } dd { (inst.legal_basis.as_deref().unwrap_or("–")) }
            dt { (lang.pick("Alamat", "Address")) } dd { (inst.address.as_deref().unwrap_or("–")) }
            dt { (lang.pick("Telepon", "Phone")) } dd { (inst.phone.as_deref().unwrap_or("–")) }
            dt { "Email" } dd { (inst.email.as_deref().unwrap_or("–")) }
        } }
        h2 { (lang.pick("Pengurus saat ini", "Current officers")) }
        @if officers.is_empty() { p.muted { (lang.pick("Belum ada jabatan tercatat.", "No positions recorded yet.")) } }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Nama", "Name")) } th { (lang.pick("Jabatan", "Position")) } th { "Unit" } th { (lang.pick("No. SK", "Decree no.")) } } }
            tbody { @for o in &officers { tr {
                td data-label=(lang.pick("Nama", "Name")) { a href={"/i/" (id) "/people/" (o.person_id)} { (o.person_name) } }
                td data-label=(lang.pick("Jabatan", "Position")) { (o.title) }
                td data-label="Unit" { (o.unit_name.as_deref().unwrap_or("–")) }
                td data-label=(lang.pick("No. SK", "Decree no.")) { (o.decree_no.as_deref().unwrap_or("–")) }
            } } }
        } }
        h2 { (lang.pick("Unit dan tugasnya", "Units and their duties")) }
        @for u in &units {
            div.card {
                strong { (u.name) }
                @if can_org { " " a href={"/i/" (id) "/units/" (u.id) "/edit"} { (lang.pick("ubah", "edit")) } }
                @if let Some(d) = &u.duties { p.muted { (d) } }
            }
        }
        @if can_org {
            details.card { summary { (lang.pick("+ Tambah unit", "+ Add unit")) }
                form.stack method="post" action={"/i/" (id) "/units"} {
                    (csrf_field(&s.csrf))
                    label for="unit-name" { (lang.pick("Nama unit", "Unit name")) }
                    input id="unit-name" name="name" required;
                    label for="unit-duties" { (lang.pick("Tugas", "Duties")) }
                    textarea id="unit-duties" name="duties" {}
                    button type="submit" { (lang.pick("Tambah", "Add")) }
                }
            }
        }
    };
    Ok(layout::page(lang, Some(&s), &inst.name, body).into_response())
}

pub async fn edit_form(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::WriteOrganisation).map_err(|e| WebError::from_app(e, lang))?;
    let i = svc::get(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let mut f = FormState::default();
    for (k, v) in [
        ("kind", Some(i.kind.clone())),
        ("name", Some(i.name.clone())),
        ("region_code", Some(i.region_code.clone())),
        ("legal_basis", i.legal_basis.clone()),
        ("address", i.address.clone()),
        ("phone", i.phone.clone()),
        ("email", i.email.clone()),
    ] {
        f.values.insert(k.into(), v.unwrap_or_default());
    }
    let title = lang.pick("Ubah data lembaga", "Edit institution");
    Ok(layout::page(
        lang,
        Some(&s),
        title,
        html! { h1 { (title) } (institution_form(lang, &s, &f, &format!("/i/{id}/edit"), false)) },
    )
    .into_response())
}

pub async fn update(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::update(&st.db, &s.ctx, id, &form.parse::<InstitutionInput>(lang)?).await {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            let f = FormState::with_errors(form.0.clone(), &errs);
            let title = lang.pick("Ubah data lembaga", "Edit institution");
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                layout::page(
                    lang,
                    Some(&s),
                    title,
                    html! { h1 { (title) } (institution_form(lang, &s, &f, &format!("/i/{id}/edit"), false)) },
                ),
            )
                .into_response())
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

pub async fn add_unit(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Checked { s, input, form }: Checked<UnitInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::create_unit(&st.db, &s.ctx, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            Ok(unit_page(lang, &s, id, None, &FormState::with_errors(form.0.clone(), &errs)).into_response())
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

fn unit_page(lang: Lang, s: &Session, id: i64, uid: Option<i64>, f: &FormState) -> (axum::http::StatusCode, Markup) {
    let action = match uid {
        Some(u) => format!("/i/{id}/units/{u}/edit"),
        None => format!("/i/{id}/units"),
    };
    let title = lang.pick("Unit", "Unit");
    let status = if f.errors.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    (
        status,
        layout::page(
            lang,
            Some(s),
            title,
            html! {
                h1 { (title) }
                (f.error_summary(lang))
                form.stack.card method="post" action=(action) {
                    (csrf_field(&s.csrf))
                    (f.input("name", lang.pick("Nama unit", "Unit name"), "text", None))
                    (f.textarea("duties", lang.pick("Tugas", "Duties")))
                    button type="submit" { (lang.pick("Simpan", "Save")) }
                    a.button.secondary href={"/i/" (id)} { (lang.pick("Batal", "Cancel")) }
                }
            },
        ),
    )
}

pub async fn unit_form(State(st): State<AppState>, s: Session, Path((id, uid)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::WriteOrganisation).map_err(|e| WebError::from_app(e, lang))?;
    let u = svc::unit(&st.db, &s.ctx, id, uid).await.map_err(|e| WebError::from_app(e, lang))?;
    let mut f = FormState::default();
    f.values.insert("name".into(), u.name);
    f.values.insert("duties".into(), u.duties.unwrap_or_default());
    Ok(unit_page(lang, &s, id, Some(uid), &f).into_response())
}

pub async fn update_unit(
    State(st): State<AppState>,
    Path((id, uid)): Path<(i64, i64)>,
    Checked { s, input, form }: Checked<UnitInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::update_unit(&st.db, &s.ctx, id, uid, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            Ok(unit_page(lang, &s, id, Some(uid), &FormState::with_errors(form.0.clone(), &errs)).into_response())
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
