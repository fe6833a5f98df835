//! The independence checklist page and the tick forms for confirmations.

use crate::error::WebError;
use crate::form::CheckedForm;
use crate::layout::{self, csrf_field};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use swadaya_core::app::ksm::checks::CheckRow;
use swadaya_core::app::ksm::checks::{self as svc, ELIGIBILITY, INDEPENDENCE};
use swadaya_core::app::AppError;
use swadaya_domain::independence::{AREAS, ITEMS};
use swadaya_domain::roles::Action;
use swadaya_domain::Lang;

/// Who may tick a list's items (mirrors `app::ksm::checks::confirm`).
pub fn can_confirm(s: &Session, id: i64, list: &str) -> bool {
    let a = &s.ctx.actor;
    if list == ELIGIBILITY {
        a.can(id, Action::ConfirmEligibility)
    } else {
        a.can(id, Action::RecordMeetings) || a.can(id, Action::WriteGroups) || a.can(id, Action::DecideStage)
    }
}

/// A tick box for one item, with who confirmed it and when.
pub fn tick(lang: Lang, s: &Session, id: i64, k: i64, list: &str, item: &str, current: Option<&CheckRow>) -> Markup {
    let checked = current.is_some_and(|c| c.checked);
    let can = can_confirm(s, id, list);
    html! {
        @if let Some(c) = current {
            span.muted { " · " @if c.checked { (lang.pick("dikonfirmasi ", "confirmed by ")) } @else { (lang.pick("dibatalkan ", "withdrawn by ")) } (c.checked_by) ", " (layout::date(lang, &c.checked_on))
                @if let Some(n) = &c.note { " — " (n) } }
        }
        @if can {
            form.actions method="post" action={"/i/" (id) "/ksm/" (k) "/checks"} {
                (csrf_field(&s.csrf))
                input type="hidden" name="list" value=(list);
                input type="hidden" name="item" value=(item);
                input type="hidden" name="checked" value=(if checked { "0" } else { "1" });
                input name="note" placeholder=(lang.pick("catatan (boleh kosong)", "note (optional)")) aria-label=(lang.pick("Catatan", "Note"));
                button.secondary type="submit" { @if checked { (lang.pick("Batalkan konfirmasi", "Undo confirmation")) } @else { (lang.pick("Konfirmasi", "Confirm")) } }
            }
        }
    }
}

pub async fn page(State(st): State<AppState>, s: Session, Path((id, k)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let g = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(|e| WebError::from_app(e, lang))?;
    let states = svc::independence(&st.db, &s.ctx, id, k, chrono::Local::now().date_naive())
        .await
        .map_err(|e| WebError::from_app(e, lang))?;
    let met = states.iter().filter(|x| x.met == Some(true)).count();
    let body = html! {
        p.muted { a href={"/i/" (id) "/ksm/" (k)} { (g.data.name) } }
        h1 { (lang.pick("Faktor kemandirian KSM", "KSM independence factors")) }
        p { (met) "/" (ITEMS.len()) " " (lang.pick("butir terpenuhi. Butir bertanda (catatan) dihitung dari catatan KSM; yang lain dikonfirmasi pengurus atau fasilitator.",
                                                     "items met. Items marked (records) are computed from the group's records; the others are confirmed by its officers or the facilitator.")) }
        @for (area, id_label, en_label) in AREAS {
            h2 { (lang.pick(id_label, en_label)) }
            ul.checklist { @for (item, state) in ITEMS.iter().zip(&states).filter(|(i, _)| i.area == area) { li {
                @match state.met { Some(true) => { "✔ " }, Some(false) => { "✘ " }, None => { "○ " } }
                (lang.pick(item.text, item.en))
                @if !state.evidence.is_empty() { " " span.badge { (lang.pick("catatan", "records")) } br; span.muted { (state.evidence) } }
                @else { (tick(lang, &s, id, k, INDEPENDENCE, item.key, state.confirmation.as_ref())) }
            } } }
        }
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Faktor kemandirian", "Independence factors"), body).into_response())
}

pub async fn confirm(
    State(st): State<AppState>,
    Path((id, k)): Path<(i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let list = form.get("list");
    let (item, note) = (form.get("item"), form.get("note"));
    let checked = match form.get("checked").as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(WebError::bad_request(lang, lang.pick("Nilai konfirmasi tidak sah.", "Invalid confirmation value."))),
    };
    let t = svc::Tick { list: &list, item: &item, checked, note: &note };
    match svc::confirm(&st.db, &s.ctx, id, k, &t).await {
        Ok(_) => {
            let back = if list == ELIGIBILITY { "assessment" } else { "independence" };
            Ok(Redirect::to(&format!("/i/{id}/ksm/{k}/{back}")).into_response())
        }
        Err(AppError::Invalid(errs)) => Err(WebError::from_app(AppError::Invalid(errs), lang)),
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
