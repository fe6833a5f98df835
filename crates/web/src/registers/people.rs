//! People pages: register list with search/sort/paging and exports, form with inline NIK
//! errors, detail with positions, import with a row-by-row report.

use super::{page_number, PER_PAGE};
use crate::error::WebError;
use crate::form::CheckedForm;
use crate::form::FormData;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::upload::Files;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use swadaya_core::app::registers::import::{self, TEMPLATE_HEADER};
use swadaya_core::app::registers::people::{self as svc, PersonInput};
use swadaya_core::app::registers::people::{PeopleSort, PersonData};
use swadaya_core::app::AppError;
use swadaya_core::reports::{self, Table};
use swadaya_domain::people::{Sex, EDUCATION_LEVELS};
use swadaya_domain::roles::Action;
use swadaya_domain::Lang;

fn app_err(lang: Lang) -> impl Fn(AppError) -> WebError {
    move |e| WebError::from_app(e, lang)
}

pub async fn list(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let inst = swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let page = page_number(q.get("page").map(String::as_str));
    let search = q.get("q").map(|s| s.trim().to_string()).unwrap_or_default();
    let sort = PeopleSort::parse(q.get("sort").map(String::as_str).unwrap_or(""));
    let (rows, total) = svc::list(
        &st.db,
        &s.ctx,
        id,
        Some(&search).filter(|s| !s.is_empty()).map(String::as_str),
        sort,
        PER_PAGE,
        (page - 1) * PER_PAGE,
    )
    .await
    .map_err(WebError::internal)?;
    let can_write = s.ctx.actor.can(id, Action::WritePeople);
    let sort_link = |code: &str| format!("/i/{id}/people?q={}&sort={code}", urlencoding::encode(&search));
    let body = html! {
        p.muted { a href={"/i/" (id)} { (inst.name) } }
        h1 { (lang.pick("Daftar warga", "People")) }
        form.search method="get" action={"/i/" (id) "/people"} {
            input type="search" name="q" value=(search) placeholder=(lang.pick("Cari nama atau NIK", "Search name or NIK")) aria-label=(lang.pick("Cari", "Search"));
            input type="hidden" name="sort" value=(sort.code());
            button type="submit" { (lang.pick("Cari", "Search")) }
        }
        div.actions {
            @if can_write {
                a.button href={"/i/" (id) "/people/new"} { (lang.pick("+ Warga baru", "+ New person")) }
                a.button.secondary href={"/i/" (id) "/people/import"} { (lang.pick("Impor xlsx/CSV", "Import xlsx/CSV")) }
            }
            a.button.secondary href={"/i/" (id) "/people/export.xlsx?q=" (urlencoding::encode(&search))} { (lang.pick("Unduh xlsx", "Download xlsx")) }
            a.button.secondary href={"/i/" (id) "/people/export.csv?q=" (urlencoding::encode(&search))} { (lang.pick("Unduh CSV", "Download CSV")) }
        }
        p.muted {
            (lang.pick("Urutkan: ", "Sort: "))
            a href=(sort_link("name")) { "A–Z" } " · " a href=(sort_link("-name")) { "Z–A" } " · " a href=(sort_link("newest")) { (lang.pick("terbaru", "newest")) }
        }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Nama", "Name")) } th { "L/P" } th { "NIK" } th { (lang.pick("Alamat", "Address")) } th { (lang.pick("Miskin (PS-2)", "Poverty list")) } } }
            tbody { @for p in &rows { tr {
                td data-label=(lang.pick("Nama", "Name")) { a href={"/i/" (id) "/people/" (p.id)} { (p.data.name) } }
                td data-label="L/P" { (p.data.sex) }
                td data-label="NIK" { (p.data.nik.as_deref().unwrap_or("–")) }
                td data-label=(lang.pick("Alamat", "Address")) { (address_line(lang, &p.data)) }
                td data-label=(lang.pick("Miskin (PS-2)", "Poverty list")) { @if p.data.poor { (lang.pick("ya", "yes")) } @else { "–" } }
            } } }
        } }
        (layout::no_match(lang, &search, total, lang.pick("warga", "people"), &format!("/i/{id}/people")))
        (layout::pager(lang, &format!("/i/{id}/people"), &[("q", &search), ("sort", sort.code())], page, PER_PAGE, total))
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Daftar warga", "People"), body).into_response())
}

fn address_line(lang: Lang, p: &PersonData) -> String {
    let mut parts = Vec::new();
    if let Some(a) = &p.address {
        parts.push(a.clone());
    }
    if let Some(rt) = &p.rt {
        parts.push(format!("RT {rt}"));
    }
    if let Some(rw) = &p.rw {
        parts.push(format!("RW {rw}"));
    }
    if let Some(d) = &p.dusun {
        parts.push(format!("{} {d}", lang.pick("Dusun", "Hamlet")));
    }
    if parts.is_empty() {
        "–".into()
    } else {
        parts.join(", ")
    }
}

fn person_form(lang: Lang, s: &Session, f: &FormState, action: &str, cancel: &str) -> Markup {
    let sexes = vec![
        (String::new(), lang.pick("— pilih —", "— choose —").to_string()),
        ("L".to_string(), Sex::Male.label(lang).to_string()),
        ("P".to_string(), Sex::Female.label(lang).to_string()),
    ];
    let mut edu = vec![(String::new(), "–".to_string())];
    edu.extend(EDUCATION_LEVELS.iter().map(|e| (e.to_string(), e.to_string())));
    html! {
        (f.error_summary(lang))
        form.stack.card method="post" action=(action) novalidate {
            (csrf_field(&s.csrf))
            (f.input("name", lang.pick("Nama lengkap", "Full name"), "text", None))
            (f.select("sex", lang.pick("Jenis kelamin", "Sex"), &sexes))
            (f.input("birth_date", lang.pick("Tanggal lahir", "Birth date"), "date", None))
            (f.input("nik", "NIK", "text", Some(lang.pick("16 angka; boleh kosong bila belum punya", "16 digits; may be empty if none"))))
            (f.input("address", lang.pick("Alamat", "Address"), "text", None))
            (f.input("rt", "RT", "text", None))
            (f.input("rw", "RW", "text", None))
            (f.input("dusun", lang.pick("Dusun/Lingkungan", "Hamlet"), "text", None))
            (f.input("phone", lang.pick("Telepon/HP", "Phone"), "tel", None))
            (f.select("education", lang.pick("Pendidikan terakhir", "Education"), &edu))
            label { input type="checkbox" name="poor" checked[f.value("poor") == "on"]; (lang.pick("Terdaftar sebagai warga miskin (PS-2)", "On the poverty list (PS-2)")) }
            button type="submit" { (lang.pick("Simpan", "Save")) }
            a.button.secondary href=(cancel) { (lang.pick("Batal", "Cancel")) }
        }
    }
}

fn form_page(lang: Lang, s: &Session, id: i64, title: &str, f: &FormState, action: &str, status: StatusCode) -> Response {
    (
        status,
        layout::page(
            lang,
            Some(s),
            title,
            html! {
                p.muted { a href={"/i/" (id) "/people"} { (lang.pick("Daftar warga", "People")) } }
                h1 { (title) }
                (person_form(lang, s, f, action, &format!("/i/{id}/people")))
            },
        ),
    )
        .into_response()
}

/// Re-shows the form with the user's input and the errors (or the duplicate-NIK link).
fn rejected(
    lang: Lang,
    s: &Session,
    id: i64,
    title: &str,
    action: &str,
    form: &FormData,
    e: AppError,
) -> Result<Response, WebError> {
    match e {
        AppError::Invalid(errs) => Ok(form_page(
            lang,
            s,
            id,
            title,
            &FormState::with_errors(form.0.clone(), &errs),
            action,
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        AppError::Conflict { message, link } => {
            let mut f = FormState::with_errors(form.0.clone(), &[swadaya_core::app::FieldError { field: "nik".into(), message }]);
            if let Some(l) = link {
                f.errors.insert(format!("nik{}", layout::LINK), vec![l]);
                f.link_label = lang.pick("Buka data orang yang sudah terdaftar", "Open the person already registered").into();
            }
            Ok(form_page(lang, s, id, title, &f, action, StatusCode::CONFLICT))
        }
        other => Err(WebError::from_app(other, lang)),
    }
}

pub async fn new_form(s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::WritePeople).map_err(app_err(lang))?;
    Ok(form_page(
        lang,
        &s,
        id,
        lang.pick("Warga baru", "New person"),
        &FormState::default(),
        &format!("/i/{id}/people"),
        StatusCode::OK,
    ))
}

pub async fn create(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::create(&st.db, &s.ctx, id, &form.parse::<PersonInput>(lang)?).await {
        Ok(pid) => Ok(crate::flash::saved(
            &format!("/i/{id}/people/{pid}"),
            s.ctx.lang.pick("Data warga tersimpan.", "The person is saved."),
        )),
        Err(e) => rejected(lang, &s, id, lang.pick("Warga baru", "New person"), &format!("/i/{id}/people"), &form, e),
    }
}

pub async fn show(State(st): State<AppState>, s: Session, Path((id, pid)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let p = svc::get(&st.db, &s.ctx, id, pid).await.map_err(app_err(lang))?;
    let positions: Vec<_> = swadaya_core::app::registers::positions::list(&st.db, &s.ctx, id)
        .await
        .map_err(app_err(lang))?
        .into_iter()
        .filter(|x| x.person_id == pid)
        .collect();
    let d = &p.data;
    let body = html! {
        p.muted { a href={"/i/" (id) "/people"} { (lang.pick("Daftar warga", "People")) } }
        h1 { (d.name) }
        div.card { dl.facts {
            dt { "NIK" } dd { (d.nik.as_deref().unwrap_or("–")) }
            dt { (lang.pick("Jenis kelamin", "Sex")) } dd { (Sex::parse(&d.sex).map(|x| x.label(lang)).unwrap_or("–")) }
            dt { (lang.pick("Tanggal lahir", "Birth date")) } dd { (d.birth_date.as_deref().map(|b| layout::date(lang, b)).unwrap_or_else(|| "–".into())) }
            dt { (lang.pick("Alamat", "Address")) } dd { (address_line(lang, d)) }
            dt { (lang.pick("Telepon", "Phone")) } dd { (d.phone.as_deref().unwrap_or("–")) }
            dt { (lang.pick("Pendidikan", "Education")) } dd { (d.education.as_deref().unwrap_or("–")) }
            dt { (lang.pick("Warga miskin (PS-2)", "Poverty list (PS-2)")) } dd { @if d.poor { (lang.pick("ya", "yes")) } @else { (lang.pick("tidak", "no")) } }
        } }
        @if s.ctx.actor.can(id, Action::WritePeople) { a.button href={"/i/" (id) "/people/" (pid) "/edit"} { (lang.pick("Ubah", "Edit")) } }
        @if s.ctx.actor.can(id, Action::ReadAudit) {
            a.button.secondary href={"/audit?entity=person&entity_id=" (pid) "&institution=" (id)} { (lang.pick("Riwayat perubahan", "Change history")) }
        }
        h2 { (lang.pick("Jabatan", "Positions")) }
        @if positions.is_empty() { p.muted { "–" } }
        @for x in &positions { p { (x.title) @if let Some(u) = &x.unit_name { " · " (u) } " · " (layout::date(lang, &x.start_date)) " – " (x.end_date.as_deref().map(|e| layout::date(lang, e)).unwrap_or_else(|| lang.pick("sekarang", "now").into())) } }
    };
    Ok(layout::page(lang, Some(&s), &d.name, body).into_response())
}

pub async fn edit_form(State(st): State<AppState>, s: Session, Path((id, pid)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::WritePeople).map_err(app_err(lang))?;
    let p = svc::get(&st.db, &s.ctx, id, pid).await.map_err(app_err(lang))?.data;
    let mut f = FormState::default();
    for (k, v) in [
        ("name", Some(p.name)),
        ("nik", p.nik),
        ("sex", Some(p.sex)),
        ("birth_date", p.birth_date),
        ("address", p.address),
        ("dusun", p.dusun),
        ("rw", p.rw),
        ("rt", p.rt),
        ("phone", p.phone),
        ("education", p.education),
    ] {
        f.values.insert(k.into(), v.unwrap_or_default());
    }
    if p.poor {
        f.values.insert("poor".into(), "on".into());
    }
    Ok(form_page(
        lang,
        &s,
        id,
        lang.pick("Ubah data warga", "Edit person"),
        &f,
        &format!("/i/{id}/people/{pid}/edit"),
        StatusCode::OK,
    ))
}

pub async fn update(
    State(st): State<AppState>,
    Path((id, pid)): Path<(i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::update(&st.db, &s.ctx, id, pid, &form.parse::<PersonInput>(lang)?).await {
        Ok(()) => Ok(crate::flash::saved(
            &format!("/i/{id}/people/{pid}"),
            s.ctx.lang.pick("Perubahan data warga tersimpan.", "The changes are saved."),
        )),
        Err(e) => {
            rejected(lang, &s, id, lang.pick("Ubah data warga", "Edit person"), &format!("/i/{id}/people/{pid}/edit"), &form, e)
        }
    }
}

async fn export_table(st: &AppState, s: &Session, id: i64, q: &HashMap<String, String>) -> Result<Table, WebError> {
    let lang = s.ctx.lang;
    let inst = swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let search = q.get("q").map(|s| s.trim()).filter(|s| !s.is_empty());
    let (rows, _) = svc::list(&st.db, &s.ctx, id, search, PeopleSort::Name, i64::MAX / 2, 0).await.map_err(app_err(lang))?;
    let headers = TEMPLATE_HEADER.split(',').map(str::to_string).collect();
    Ok(Table {
        numeric: Vec::new(),
        title: format!("Warga {}", inst.name),
        headers,
        rows: rows
            .into_iter()
            .map(|p| {
                let d = p.data;
                vec![
                    d.name,
                    d.nik.unwrap_or_default(),
                    d.sex,
                    d.birth_date.unwrap_or_default(),
                    d.address.unwrap_or_default(),
                    d.dusun.unwrap_or_default(),
                    d.rw.unwrap_or_default(),
                    d.rt.unwrap_or_default(),
                    d.phone.unwrap_or_default(),
                    d.education.unwrap_or_default(),
                    if d.poor { "ya".into() } else { "tidak".into() },
                ]
            })
            .collect(),
    })
}

pub async fn export_csv(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let t = export_table(&st, &s, id, &q).await?;
    let bytes = reports::csv(&t).map_err(WebError::internal)?;
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"warga.csv\"")],
        bytes,
    )
        .into_response())
}

pub async fn export_xlsx(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let t = export_table(&st, &s, id, &q).await?;
    Ok(crate::download::file(reports::xlsx(&t).map_err(WebError::internal)?, reports::XLSX_TYPE, "warga.xlsx"))
}

fn import_page(lang: Lang, s: &Session, id: i64, report: Option<&import::ImportReport>, error: Option<&str>) -> Markup {
    html! {
        p.muted { a href={"/i/" (id) "/people"} { (lang.pick("Daftar warga", "People")) } }
        h1 { (lang.pick("Impor warga dari xlsx/CSV", "Import people from xlsx/CSV")) }
        p { (lang.pick("Baris pertama berisi judul kolom: ", "The first row holds the column headers: ")) code { (TEMPLATE_HEADER) } ". "
            (lang.pick("Kolom wajib: nama, jenis_kelamin (L/P). Semua baris diperiksa dulu; bila ada yang salah, tidak ada yang disimpan kecuali Anda memilih \"hanya baris yang benar\".",
                       "Required: nama, jenis_kelamin (L/P). Every row is checked first; if any is wrong nothing is saved unless you choose \"valid rows only\".")) }
        @if let Some(e) = error { p.warn role="alert" { (e) } }
        @if let Some(r) = report {
            @if r.imported > 0 { p.flash role="status" { (r.imported) " " (lang.pick("warga tersimpan.", "people saved.")) } }
            @if r.invalid > 0 {
                p.warn role="alert" { (r.invalid) " " (lang.pick("baris bermasalah, ", "rows with problems, ")) (r.valid) " " (lang.pick("baris benar.", "valid rows.")) @if r.imported == 0 { " " (lang.pick("Belum ada yang disimpan.", "Nothing saved yet.")) } }
                div.table-wrap { table {
                    thead { tr { th { (lang.pick("Baris", "Line")) } th { (lang.pick("Nama", "Name")) } th { (lang.pick("Masalah", "Problem")) } } }
                    tbody { @for row in r.rows.iter().filter(|x| !x.errors.is_empty()).take(200) { tr {
                        td { (row.line) } td { (row.name) } td { @for e in &row.errors { div { strong { (layout::field_label(lang, &e.field)) } ": " (e.message) } } }
                    } } }
                } }
                @if r.invalid > 200 { p.muted { (lang.pick("… dan ", "… and ")) (r.invalid - 200) (lang.pick(" baris bermasalah lainnya. Perbaiki yang di atas dulu.", " more rows with problems. Fix the ones above first.")) } }
            }
        }
        form.stack.card method="post" action={"/i/" (id) "/people/import"} enctype="multipart/form-data" {
            (csrf_field(&s.csrf))
            label for="file" { (lang.pick("Berkas (.xlsx atau .csv, maks. 5 MB)", "File (.xlsx or .csv, max 5 MB)")) }
            input id="file" type="file" name="file" accept=".xlsx,.csv" required;
            label { input type="checkbox" name="only_valid"; (lang.pick("Simpan hanya baris yang benar bila ada baris yang salah", "Save only the valid rows if some rows are wrong")) }
            button type="submit" { (lang.pick("Periksa dan impor", "Check and import")) }
        }
    }
}

pub async fn import_form(s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::WritePeople).map_err(app_err(lang))?;
    Ok(layout::page(lang, Some(&s), lang.pick("Impor warga", "Import people"), import_page(lang, &s, id, None, None))
        .into_response())
}

pub async fn import(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Files(mut mp): Files,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    // Refused before the upload is read: a file is no business of someone who may not post it.
    s.ctx.require(id, Action::WritePeople).map_err(app_err(lang))?;
    let (mut csrf, mut only_valid, mut file): (String, bool, Option<(String, Vec<u8>)>) = (String::new(), false, None);
    let bad = |_| {
        WebError::bad_request(
            lang,
            lang.pick("Unggahan tidak terbaca atau lebih dari 5 MB.", "The upload could not be read or is over 5 MB."),
        )
    };
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "_csrf" => csrf = field.text().await.map_err(bad)?,
            "only_valid" => only_valid = true,
            "file" => {
                let name = field.file_name().unwrap_or("").to_string();
                file = Some((name, field.bytes().await.map_err(bad)?.to_vec()));
            }
            _ => {}
        }
    }
    FormData([("_csrf".to_string(), csrf)].into_iter().collect()).check_csrf(&s.csrf, lang)?;
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let page = import_page(lang, &s, id, None, Some(lang.pick("Pilih berkas dulu.", "Choose a file first.")));
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            layout::page(lang, Some(&s), lang.pick("Impor warga", "Import people"), page),
        )
            .into_response());
    };
    match import::import_people(&st.db, &s.ctx, id, &name, &bytes, only_valid).await {
        Ok(r) => {
            let status = if r.invalid > 0 && r.imported == 0 { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
            Ok((
                status,
                layout::page(
                    lang,
                    Some(&s),
                    lang.pick("Impor warga", "Import people"),
                    import_page(lang, &s, id, Some(&r), None),
                ),
            )
                .into_response())
        }
        Err(AppError::Invalid(errs)) => {
            let msg = errs.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join(" ");
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                layout::page(
                    lang,
                    Some(&s),
                    lang.pick("Impor warga", "Import people"),
                    import_page(lang, &s, id, None, Some(&msg)),
                ),
            )
                .into_response())
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
