//! The institution's programme thresholds and weights (RULES.md defaults, changeable).

use crate::error::WebError;
use crate::form::CheckedForm;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_core::app::ksm::stage as svc;
use swadaya_core::app::AppError;
use swadaya_domain::roles::Action;
use swadaya_domain::stage::CRITERIA;
use swadaya_domain::Lang;

fn label(key: &str, lang: Lang) -> String {
    let fixed = match key {
        "graduation.window_days" => Some(lang.pick("Kelulusan: masa penilaian (hari)", "Graduation: window (days)")),
        "graduation.attendance_above_pct" => {
            Some(lang.pick("Kelulusan: kehadiran harus di atas (%)", "Graduation: attendance must be above (%)"))
        }
        "graduation.routine_min_pct" => {
            Some(lang.pick("Kelulusan: anggota menabung rutin minimal (%)", "Graduation: routine savers at least (%)"))
        }
        "graduation.bookkeeping_min_pct" => {
            Some(lang.pick("Kelulusan: pembukuan tepat waktu minimal (%)", "Graduation: books on time at least (%)"))
        }
        "graduation.agenda_min_pct" => {
            Some(lang.pick("Kelulusan: agenda terpenuhi minimal (%)", "Graduation: agenda met at least (%)"))
        }
        "stage.tumbuh_min" => Some(lang.pick("Tahap: nilai minimal Tumbuh", "Stage: minimum score for Tumbuh")),
        "stage.kembang_min" => Some(lang.pick("Tahap: nilai minimal Kembang", "Stage: minimum score for Kembang")),
        "fund.class3_months" => Some(lang.pick("Kolektibilitas 3 mulai menunggak (bulan)", "Class 3 from months late")),
        "fund.class4_after_months" => {
            Some(lang.pick("Kolektibilitas 4 bila lebih dari (bulan)", "Class 4 when more than (months)"))
        }
        "fund.class5_after_months" => {
            Some(lang.pick("Kolektibilitas 5 bila lebih dari (bulan)", "Class 5 when more than (months)"))
        }
        _ => None,
    };
    if let Some(c) = key.strip_prefix("fund.reserve_bp.") {
        return match lang {
            Lang::Id => format!("Cadangan risiko kolektibilitas {c} (per seratus persen, 50 = 0,5 %)"),
            Lang::En => format!("Loan-loss reserve for class {c} (hundredths of a percent, 50 = 0.5 %)"),
        };
    }
    match fixed {
        Some(l) => l.to_string(),
        None => {
            let c = CRITERIA.iter().find(|c| key == format!("stage.weight.{}", c.key));
            format!("{}{}", lang.pick("Bobot: ", "Weight: "), c.map(|c| lang.pick(c.id, c.en)).unwrap_or(key))
        }
    }
}

async fn render(st: &AppState, s: &Session, id: i64, f: &mut FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let inst =
        swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let settings = svc::settings(&st.db, &s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    for set in &settings {
        f.values.entry(set.key.clone()).or_insert_with(|| set.value.to_string());
    }
    let can = s.ctx.actor.can(id, Action::ChangeSettings);
    let body = html! {
        p.muted { a href={"/i/" (id)} { (inst.name) } }
        h1 { (lang.pick("Pengaturan aturan program", "Programme rule settings")) }
        p.muted { (lang.pick("Nilai awal dari dokumen program; setiap perubahan tercatat di jejak audit.", "Defaults from the programme documents; every change is recorded in the audit log.")) }
        (f.error_summary(lang))
        form.stack.card method="post" action={"/i/" (id) "/settings"} novalidate {
            (csrf_field(&s.csrf))
            fieldset disabled[!can] {
                @for set in &settings {
                    (f.input(&set.key, &label(&set.key, lang), "number", Some(&format!("{}–{}; {} {}", set.min, set.max, lang.pick("awal", "default"), set.default))))
                }
            }
            @if can { button type="submit" { (lang.pick("Simpan", "Save")) } }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Pengaturan", "Settings"), body)).into_response())
}

pub async fn page(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    render(&st, &s, id, &mut FormState::default(), StatusCode::OK).await
}

pub async fn save(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::save_settings(&st.db, &s.ctx, id, &form.0).await {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}/settings")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render(&st, &s, id, &mut FormState::with_errors(form.0.clone(), &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
