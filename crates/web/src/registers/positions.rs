//! Positions and decrees (jabatan, No. SK): current officers, history, add and end.

use crate::error::WebError;
use crate::form::CheckedForm;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use swadaya_core::app::registers::people::PeopleSort;
use swadaya_core::app::registers::positions::{self as svc, PositionInput};
use swadaya_core::app::AppError;
use swadaya_core::app::Ctx;
use swadaya_core::reports;
use swadaya_domain::roles::Action;
use swadaya_domain::Lang;

/// (value, label) pairs of a select.
type Options = Vec<(String, String)>;

/// The person and unit choices; a person is told apart from a namesake by RT and birth year.
async fn options(st: &AppState, ctx: &Ctx, id: i64) -> Result<(Options, Options), WebError> {
    let lang = ctx.lang;
    let err = |e| WebError::from_app(e, lang);
    let units = swadaya_core::app::registers::institutions::units(&st.db, ctx, id).await.map_err(err)?;
    let (people, _) =
        swadaya_core::app::registers::people::list(&st.db, ctx, id, None, PeopleSort::Name, 5000, 0).await.map_err(err)?;
    let mut person_opts = vec![(String::new(), lang.pick("— pilih warga —", "— choose a person —").to_string())];
    person_opts.extend(people.iter().map(|p| {
        let mut label = p.data.name.clone();
        if let Some(rt) = &p.data.rt {
            label.push_str(&format!(" · RT {rt}"));
        }
        if let Some(b) = &p.data.birth_date {
            label.push_str(&format!(" · {}", &b[..4.min(b.len())]));
        }
        (p.id.to_string(), label)
    }));
    let mut unit_opts = vec![(String::new(), lang.pick("(lembaga)", "(institution)").to_string())];
    unit_opts.extend(units.iter().map(|u| (u.id.to_string(), u.name.clone())));
    Ok((person_opts, unit_opts))
}

fn position_form(lang: Lang, s: &Session, f: &FormState, action: &str, opts: &(Options, Options)) -> Markup {
    html! {
        (f.error_summary(lang))
        form.stack.card method="post" action=(action) novalidate {
            (csrf_field(&s.csrf))
            (f.select("person_id", lang.pick("Warga", "Person"), &opts.0))
            (f.select("unit_id", "Unit", &opts.1))
            (f.input("title", lang.pick("Jabatan", "Position"), "text", Some(lang.pick("Ketua, Sekretaris, Bendahara, Anggota, ...", "Ketua, Sekretaris, Bendahara, Anggota, ..."))))
            (f.input("decree_no", lang.pick("No. SK", "Decree no."), "text", Some(lang.pick("contoh 34/KPTS/DGR/VII/2020", "e.g. 34/KPTS/DGR/VII/2020"))))
            (f.input("start_date", lang.pick("Mulai", "Start"), "date", None))
            (f.input("end_date", lang.pick("Selesai (boleh kosong)", "End (may be empty)"), "date", None))
            button type="submit" { (lang.pick("Simpan", "Save")) }
        }
    }
}

async fn render(st: &AppState, s: &Session, id: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let inst =
        swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let all = svc::list(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let can = s.ctx.actor.can(id, Action::WriteOrganisation);
    let opts = options(st, &s.ctx, id).await?;
    let today = chrono::Local::now().date_naive().to_string();
    let body = html! {
        p.muted { a href={"/i/" (id)} { (inst.name) } }
        h1 { (lang.pick("Jabatan dan SK", "Positions and decrees")) }
        div.actions {
            a.button.secondary href={"/i/" (id) "/positions/export.xlsx"} { (lang.pick("Unduh xlsx", "Download xlsx")) }
            a.button.secondary href={"/i/" (id) "/positions/export.csv"} { (lang.pick("Unduh CSV", "Download CSV")) }
        }
        @if let Some(msgs) = f.errors.get("end") { div.warn role="alert" { @for m in msgs { p { (m) } } } }
        @if all.is_empty() { p.muted { (lang.pick("Belum ada jabatan tercatat.", "No positions recorded yet.")) } }
        @if !all.is_empty() { div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Nama", "Name")) } th { (lang.pick("Jabatan", "Position")) } th { "Unit" } th { (lang.pick("No. SK", "Decree no.")) } th { (lang.pick("Masa", "Term")) } th {} } }
            tbody { @for p in &all { tr {
                td data-label=(lang.pick("Nama", "Name")) { a href={"/i/" (id) "/people/" (p.person_id)} { (p.person_name) } }
                td data-label=(lang.pick("Jabatan", "Position")) { (p.title) }
                td data-label="Unit" { (p.unit_name.as_deref().unwrap_or("–")) }
                td data-label=(lang.pick("No. SK", "Decree no.")) { (p.decree_no.as_deref().unwrap_or("–")) }
                td data-label=(lang.pick("Masa", "Term")) { (layout::date(lang, &p.start_date)) " – " (p.end_date.as_deref().map(|e| layout::date(lang, e)).unwrap_or_else(|| lang.pick("sekarang", "now").into())) }
                td { @if can { a href={"/i/" (id) "/positions/" (p.id) "/edit"} { (lang.pick("koreksi", "correct")) } }
                    @if can && p.end_date.is_none() {
                    form.actions method="post" action={"/i/" (id) "/positions/" (p.id) "/end"} {
                        (csrf_field(&s.csrf))
                        input type="date" name="end_date" value=(today) aria-label=(lang.pick("Tanggal selesai", "End date"));
                        button.secondary type="submit" { (lang.pick("Akhiri", "End")) }
                    }
                } }
            } } }
        } } }
        @if can {
            h2 { (lang.pick("Tambah jabatan", "Add a position")) }
            (position_form(lang, s, f, &format!("/i/{id}/positions"), &opts))
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Jabatan", "Positions"), body)).into_response())
}

pub async fn list(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    render(&st, &s, id, &FormState::default(), StatusCode::OK).await
}

pub async fn create(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let input = form.parse::<PositionInput>(lang)?;
    match svc::create(&st.db, &s.ctx, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/positions")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render(&st, &s, id, &FormState::with_errors(form.0.clone(), &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

pub async fn end(
    State(st): State<AppState>,
    Path((id, pos)): Path<(i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    // Problems are shown above the list, where the user pressed the button.
    let problem = |message: String| vec![swadaya_core::app::FieldError { field: "end".into(), message }];
    match svc::end(&st.db, &s.ctx, id, pos, &form.get("end_date")).await {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}/positions")).into_response()),
        Err(AppError::Invalid(errs)) => {
            let msgs: Vec<_> = errs.into_iter().flat_map(|e| problem(e.message)).collect();
            render(&st, &s, id, &FormState::with_errors(Default::default(), &msgs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::Conflict { message, .. }) => {
            render(&st, &s, id, &FormState::with_errors(Default::default(), &problem(message)), StatusCode::CONFLICT).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

async fn edit_page(
    st: &AppState,
    s: &Session,
    id: i64,
    pos: i64,
    f: &FormState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let opts = options(st, &s.ctx, id).await?;
    let title = lang.pick("Koreksi jabatan", "Correct a position");
    let body = html! {
        p.muted { a href={"/i/" (id) "/positions"} { (lang.pick("Jabatan dan SK", "Positions and decrees")) } }
        h1 { (title) }
        p.muted { (lang.pick("Untuk memperbaiki salah ketik. Isi sebelumnya tetap tersimpan di jejak audit.", "For correcting typing mistakes. What it said before stays in the audit log.")) }
        (position_form(lang, s, f, &format!("/i/{id}/positions/{pos}/edit"), &opts))
    };
    Ok((status, layout::page(lang, Some(s), title, body)).into_response())
}

pub async fn edit_form(State(st): State<AppState>, s: Session, Path((id, pos)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::WriteOrganisation).map_err(|e| WebError::from_app(e, lang))?;
    let p = svc::get(&st.db, &s.ctx, id, pos).await.map_err(|e| WebError::from_app(e, lang))?;
    let mut f = FormState::default();
    for (k, v) in [
        ("person_id", Some(p.person_id.to_string())),
        ("unit_id", p.unit_id.map(|u| u.to_string())),
        ("title", Some(p.title)),
        ("decree_no", p.decree_no),
        ("start_date", Some(p.start_date)),
        ("end_date", p.end_date),
    ] {
        f.values.insert(k.into(), v.unwrap_or_default());
    }
    edit_page(&st, &s, id, pos, &f, StatusCode::OK).await
}

pub async fn update(
    State(st): State<AppState>,
    Path((id, pos)): Path<(i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::update(&st.db, &s.ctx, id, pos, &form.parse::<PositionInput>(lang)?).await {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}/positions")).into_response()),
        Err(AppError::Invalid(errs)) => {
            edit_page(&st, &s, id, pos, &FormState::with_errors(form.0.clone(), &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

async fn export_table(st: &AppState, s: &Session, id: i64) -> Result<reports::Table, WebError> {
    let lang = s.ctx.lang;
    let inst =
        swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let all = svc::list(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    Ok(reports::Table {
        numeric: Vec::new(),
        title: format!("Jabatan {}", inst.name),
        headers: ["nama", "jabatan", "unit", "pendidikan", "no_sk", "mulai", "selesai"].map(String::from).to_vec(),
        rows: all
            .into_iter()
            .map(|p| {
                vec![
                    p.person_name,
                    p.title,
                    p.unit_name.unwrap_or_default(),
                    p.education.unwrap_or_default(),
                    p.decree_no.unwrap_or_default(),
                    p.start_date,
                    p.end_date.unwrap_or_default(),
                ]
            })
            .collect(),
    })
}

pub async fn export_csv(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let t = export_table(&st, &s, id).await?;
    Ok(crate::download::file(reports::csv(&t).map_err(WebError::internal)?, "text/csv; charset=utf-8", "jabatan.csv"))
}

pub async fn export_xlsx(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let t = export_table(&st, &s, id).await?;
    Ok(crate::download::file(reports::xlsx(&t).map_err(WebError::internal)?, reports::XLSX_TYPE, "jabatan.xlsx"))
}
