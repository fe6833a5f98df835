//! An institution's users: who has which role; its admin adds users with a role here.

use crate::app::auth::{self, NewUser};
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
use swadaya_domain::roles::{Action, Role, ALL_ROLES};

async fn render(st: &AppState, s: &Session, id: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::ManageUsers).map_err(|e| WebError::from_app(e, lang))?;
    let inst = crate::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let users = store::auth::users_of_institution(&st.db, id).await.map_err(WebError::internal)?;
    let roles: Vec<(String, String)> =
        ALL_ROLES.iter().filter(|r| !r.scoped_by_region()).map(|r| (r.code().to_string(), r.label(lang).to_string())).collect();
    let body = html! {
        p.muted { a href={"/i/" (id)} { (inst.name) } }
        h1 { (lang.pick("Pengguna dan peran", "Users and roles")) }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Nama pengguna", "Username")) } th { (lang.pick("Nama", "Name")) } th { (lang.pick("Peran", "Role")) } } }
            tbody { @for (u, role) in &users { tr {
                td data-label=(lang.pick("Nama pengguna", "Username")) { (u.username) }
                td data-label=(lang.pick("Nama", "Name")) { (u.display_name) }
                td data-label=(lang.pick("Peran", "Role")) { (Role::parse(role).map(|r| r.label(lang)).unwrap_or(role)) }
            } } }
        } }
        h2 { (lang.pick("Tambah pengguna", "Add a user")) }
        p.muted { (lang.pick("Fasilitator (per wilayah) ditambahkan oleh admin sistem.", "Facilitators (per region) are added by the system administrator.")) }
        (f.error_summary(lang))
        form.stack.card method="post" action={"/i/" (id) "/users"} novalidate {
            (csrf_field(&s.csrf))
            (f.input("username", lang.pick("Nama pengguna", "Username"), "text", Some(lang.pick("huruf, angka, titik", "letters, digits, dots")), html! {}))
            (f.input("display_name", lang.pick("Nama lengkap", "Full name"), "text", None, html! {}))
            (f.select("role", lang.pick("Peran", "Role"), &roles))
            (f.input("password", lang.pick("Kata sandi awal", "Initial password"), "password", Some(lang.pick("minimal 8 karakter", "at least 8 characters")), html! {}))
            button type="submit" { (lang.pick("Tambah", "Add")) }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Pengguna", "Users"), body)).into_response())
}

pub async fn list(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    render(&st, &s, id, &FormState::default(), StatusCode::OK).await
}

pub async fn create(State(st): State<AppState>, s: Session, Path(id): Path<i64>, form: FormData) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    form.check_csrf(&s.csrf, lang)?;
    let role = Role::parse(&form.get("role")).filter(|r| !r.scoped_by_region());
    let Some(role) = role else {
        let f = FormState::with_errors(
            form.0.clone(),
            &[crate::app::FieldError {
                field: "role".into(),
                message: lang.pick("Pilih peran dari daftar.", "Pick a role from the list.").into(),
            }],
        );
        return render(&st, &s, id, &f, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let new = NewUser {
        username: form.get("username").trim().to_string(),
        display_name: form.get("display_name"),
        password: form.get("password"),
        is_system: false,
        role: Some(role),
        institution_id: Some(id),
        region_code: None,
    };
    match auth::create_user(&st.db, Some(&s.ctx), new).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/users")).into_response()),
        Err(AppError::Invalid(errs)) => {
            let mut values = form.0.clone();
            values.remove("password");
            render(&st, &s, id, &FormState::with_errors(values, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
