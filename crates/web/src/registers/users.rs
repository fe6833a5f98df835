//! An institution's users: who has which role; its admin adds users with a role here.

use crate::error::WebError;
use crate::form::CheckedForm;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_core::app::auth::{self, NewUser};
use swadaya_core::app::AppError;
use swadaya_domain::roles::{Action, Role, ALL_ROLES};

async fn render(st: &AppState, s: &Session, id: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::ManageUsers).map_err(|e| WebError::from_app(e, lang))?;
    let inst =
        swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let users = swadaya_core::app::auth::users_of(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    // No default: a hurried volunteer must choose, not create an admin by accident.
    let mut roles = vec![(String::new(), lang.pick("— pilih peran —", "— choose a role —").to_string())];
    roles.extend(ALL_ROLES.iter().filter(|r| !r.scoped_by_region()).map(|r| (r.code().to_string(), r.label(lang).to_string())));
    let groups = swadaya_core::app::ksm::list(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let mut ksm_options = vec![(String::new(), lang.pick("— pilih KSM —", "— choose a KSM —").to_string())];
    ksm_options.extend(groups.iter().map(|g| (g.id.to_string(), g.data.name.clone())));
    let body = html! {
        p.muted { a href={"/i/" (id)} { (inst.name) } }
        h1 { (lang.pick("Pengguna dan peran", "Users and roles")) }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Nama pengguna", "Username")) } th { (lang.pick("Nama", "Name")) } th { (lang.pick("Peran", "Role")) } th { (lang.pick("Tindakan", "Actions")) } } }
            tbody { @for u in &users { tr {
                td data-label=(lang.pick("Nama pengguna", "Username")) { (u.username) }
                td data-label=(lang.pick("Nama", "Name")) { (u.display_name) }
                td data-label=(lang.pick("Peran", "Role")) {
                    (Role::parse(&u.role).map(|r| r.label(lang)).unwrap_or(&u.role))
                    @if let Some(k) = &u.ksm { " · " (k) }
                    @if u.disabled { " " span.badge { (lang.pick("nonaktif", "disabled")) } }
                }
                td data-label=(lang.pick("Tindakan", "Actions")) { @if u.user_id != s.ctx.actor.user_id && !u.is_system {
                    form.actions method="post" action={"/i/" (id) "/users/" (u.user_id) "/disabled"} {
                        (csrf_field(&s.csrf))
                        input type="hidden" name="disabled" value=(if u.disabled { "0" } else { "1" });
                        button.secondary type="submit" { @if u.disabled { (lang.pick("Aktifkan", "Enable")) } @else { (lang.pick("Nonaktifkan", "Disable")) } }
                    }
                    form.actions method="post" action={"/i/" (id) "/users/" (u.user_id) "/password"} {
                        (csrf_field(&s.csrf))
                        input type="password" name="password" autocomplete="new-password" placeholder=(lang.pick("kata sandi baru", "new password")) aria-label=(lang.pick("Kata sandi baru", "New password"));
                        button.secondary type="submit" { (lang.pick("Ganti kata sandi", "Reset password")) }
                    }
                } }
            } } }
        } }
        @if let Some(msgs) = f.errors.get("user") { div.warn role="alert" { @for m in msgs { p { (m) } } } }
        h2 { (lang.pick("Tambah pengguna", "Add a user")) }
        p.muted { (lang.pick("Fasilitator (per wilayah) ditambahkan oleh admin sistem.", "Facilitators (per region) are added by the system administrator.")) }
        (f.error_summary(lang))
        form.stack.card method="post" action={"/i/" (id) "/users"} novalidate {
            (csrf_field(&s.csrf))
            (f.input("username", lang.pick("Nama pengguna", "Username"), "text", Some(lang.pick("huruf kecil, angka, titik, _ atau -", "lower-case letters, digits, dot, _ or -"))))
            (f.input("display_name", lang.pick("Nama lengkap", "Full name"), "text", None))
            (f.select("role", lang.pick("Peran", "Role"), &roles))
            @if !groups.is_empty() {
                (f.select("ksm_id", lang.pick("KSM yang dipegang (untuk Bendahara KSM)", "KSM kept (for a KSM treasurer)"), &ksm_options))
            }
            (f.input("password", lang.pick("Kata sandi awal", "Initial password"), "password", Some(lang.pick("minimal 8 karakter", "at least 8 characters"))))
            button type="submit" { (lang.pick("Tambah", "Add")) }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Pengguna", "Users"), body)).into_response())
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
    let role = Role::parse(&form.get("role")).filter(|r| !r.scoped_by_region());
    let Some(role) = role else {
        let mut values = form.0.clone();
        values.remove("password");
        let f = FormState::with_errors(
            form.0.clone(),
            &[swadaya_core::app::FieldError {
                field: "role".into(),
                message: lang.pick("Pilih peran dari daftar.", "Pick a role from the list.").into(),
            }],
        );
        return render(&st, &s, id, &f, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let ksm_id = form.get("ksm_id").parse::<i64>().ok();
    let new = NewUser {
        username: form.get("username").trim().to_string(),
        display_name: form.get("display_name"),
        password: form.get("password"),
        is_system: false,
        role: Some(role),
        institution_id: Some(id),
        region_code: None,
        ksm_id: ksm_id.filter(|_| role == Role::KsmTreasurer),
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

/// Problems with one user's row are shown above the form, where the list is.
async fn user_action(st: &AppState, s: &Session, id: i64, r: swadaya_core::app::AppResult<()>) -> Result<Response, WebError> {
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}/users")).into_response()),
        Err(AppError::Invalid(errs)) => {
            let msgs: Vec<_> =
                errs.into_iter().map(|e| swadaya_core::app::FieldError { field: "user".into(), message: e.message }).collect();
            render(st, s, id, &FormState::with_errors(Default::default(), &msgs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, s.ctx.lang)),
    }
}

pub async fn set_disabled(
    State(st): State<AppState>,
    Path((id, uid)): Path<(i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let disabled = match form.get("disabled").as_str() {
        "1" => true,
        "0" => false,
        // Never read anything else as "enable": the button sends 1 or 0.
        _ => {
            return Err(WebError::bad_request(
                lang,
                lang.pick(
                    "Permintaan ini tidak dikenal. Muat ulang halaman pengguna lalu tekan tombolnya lagi.",
                    "This request is not recognised. Reload the users page and press the button again.",
                ),
            ))
        }
    };
    let r = auth::set_disabled(&st.db, &s.ctx, id, uid, disabled).await;
    user_action(&st, &s, id, r).await
}

pub async fn reset_password(
    State(st): State<AppState>,
    Path((id, uid)): Path<(i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let r = auth::reset_password(&st.db, &s.ctx, id, uid, &form.get("password")).await;
    user_action(&st, &s, id, r).await
}
