//! Positions and decrees (jabatan, No. SK): current officers, history, add and end.

use crate::app::registers::positions::{self as svc, PositionInput};
use crate::app::AppError;
use crate::store;
use crate::web::error::WebError;
use crate::web::form::FormData;
use crate::web::layout::{self, csrf_field, FormState};
use crate::web::session::Session;
use crate::web::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_domain::roles::Action;

async fn render(st: &AppState, s: &Session, id: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let inst = crate::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let all = store::registers::list_positions(&st.db, id).await.map_err(WebError::internal)?;
    let units = store::registers::list_units(&st.db, id).await.map_err(WebError::internal)?;
    let (people, _) = store::registers::list_people(&st.db, id, None, store::registers::PeopleSort::Name, 2000, 0)
        .await
        .map_err(WebError::internal)?;
    let can = s.ctx.actor.can(id, Action::WriteOrganisation);
    let mut person_opts = vec![(String::new(), lang.pick("— pilih warga —", "— choose a person —").to_string())];
    person_opts.extend(people.iter().map(|p| (p.id.to_string(), p.data.name.clone())));
    let mut unit_opts = vec![(String::new(), lang.pick("(lembaga)", "(institution)").to_string())];
    unit_opts.extend(units.iter().map(|u| (u.id.to_string(), u.name.clone())));
    let today = chrono::Local::now().date_naive().to_string();
    let body = html! {
        p.muted { a href={"/i/" (id)} { (inst.name) } }
        h1 { (lang.pick("Jabatan dan SK", "Positions and decrees")) }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Nama", "Name")) } th { (lang.pick("Jabatan", "Position")) } th { "Unit" } th { (lang.pick("No. SK", "Decree no.")) } th { (lang.pick("Masa", "Term")) } th {} } }
            tbody { @for p in &all { tr {
                td data-label=(lang.pick("Nama", "Name")) { a href={"/i/" (id) "/people/" (p.person_id)} { (p.person_name) } }
                td data-label=(lang.pick("Jabatan", "Position")) { (p.title) }
                td data-label="Unit" { (p.unit_name.as_deref().unwrap_or("–")) }
                td data-label=(lang.pick("No. SK", "Decree no.")) { (p.decree_no.as_deref().unwrap_or("–")) }
                td data-label=(lang.pick("Masa", "Term")) { (layout::date(lang, &p.start_date)) " – " (p.end_date.as_deref().map(|e| layout::date(lang, e)).unwrap_or_else(|| lang.pick("sekarang", "now").into())) }
                td { @if can && p.end_date.is_none() {
                    form.actions method="post" action={"/i/" (id) "/positions/" (p.id) "/end"} {
                        (csrf_field(&s.csrf))
                        input type="date" name="end_date" value=(today) aria-label=(lang.pick("Tanggal selesai", "End date"));
                        button.secondary type="submit" { (lang.pick("Akhiri", "End")) }
                    }
                } }
            } } }
        } }
        @if can {
            h2 { (lang.pick("Tambah jabatan", "Add a position")) }
            (f.error_summary(lang))
            form.stack.card method="post" action={"/i/" (id) "/positions"} novalidate {
                (csrf_field(&s.csrf))
                (f.select("person_id", lang.pick("Warga", "Person"), &person_opts))
                (f.select("unit_id", "Unit", &unit_opts))
                (f.input("title", lang.pick("Jabatan", "Position"), "text", Some(lang.pick("Ketua, Sekretaris, Bendahara, Anggota, ...", "Ketua, Sekretaris, Bendahara, Anggota, ...")), html! {}))
                (f.input("decree_no", lang.pick("No. SK", "Decree no."), "text", Some(lang.pick("contoh 34/KPTS/DGR/VII/2020", "e.g. 34/KPTS/DGR/VII/2020")), html! {}))
                (f.input("start_date", lang.pick("Mulai", "Start"), "date", None, html! {}))
                (f.input("end_date", lang.pick("Selesai (boleh kosong)", "End (may be empty)"), "date", None, html! {}))
                button type="submit" { (lang.pick("Simpan", "Save")) }
            }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Jabatan", "Positions"), body)).into_response())
}

pub async fn list(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    render(&st, &s, id, &FormState::default(), StatusCode::OK).await
}

pub async fn create(State(st): State<AppState>, s: Session, Path(id): Path<i64>, form: FormData) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    form.check_csrf(&s.csrf, lang)?;
    let input = PositionInput {
        person_id: form.optional_id("person_id").unwrap_or(0),
        unit_id: form.optional_id("unit_id"),
        title: form.get("title"),
        decree_no: form.get("decree_no"),
        start_date: form.get("start_date"),
        end_date: form.get("end_date"),
    };
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
    s: Session,
    Path((id, pos)): Path<(i64, i64)>,
    form: FormData,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    form.check_csrf(&s.csrf, lang)?;
    svc::end(&st.db, &s.ctx, id, pos, &form.get("end_date")).await.map_err(|e| WebError::from_app(e, lang))?;
    Ok(Redirect::to(&format!("/i/{id}/positions")).into_response())
}
