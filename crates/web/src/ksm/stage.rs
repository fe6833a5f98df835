//! The development stage page: computed and facilitator scores, weighted total, suggested stage,
//! the decision form and the history of decisions.

use crate::error::WebError;
use crate::form::Checked;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_core::app::ksm::stage::{self as svc, DecisionInput};
use swadaya_core::app::AppError;
use swadaya_domain::roles::Action;
use swadaya_domain::stage::{stage_label, weighted, STAGES};

async fn render(st: &AppState, s: &Session, id: i64, k: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let g = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(|e| WebError::from_app(e, lang))?;
    let today = chrono::Local::now().date_naive();
    let computed = svc::computed(&st.db, &s.ctx, id, k, today).await.map_err(|e| WebError::from_app(e, lang))?;
    let w = svc::weights_for(&st.db, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let history =
        swadaya_core::app::ksm::records::stages(&st.db, &s.ctx, id, k).await.map_err(|e| WebError::from_app(e, lang))?;
    let pairs: Vec<(Option<i64>, i64)> =
        w.weights.iter().filter(|(c, _)| c.computed).map(|(c, wt)| (computed.get(c.key).map(|(s, _)| *s), *wt)).collect();
    let partial = weighted(&pairs);
    let graduated = swadaya_core::app::ksm::assessment::graduation(&st.db, &s.ctx, id, k, today)
        .await
        .map_err(|e| WebError::from_app(e, lang))?
        .passes();
    let can = s.ctx.actor.can(id, Action::DecideStage);
    let mut stage_opts = vec![(String::new(), lang.pick("— sesuai saran —", "— as suggested —").to_string())];
    stage_opts.extend(STAGES.iter().map(|s| (s.to_string(), stage_label(s, lang).to_string())));
    let body = html! {
        p.muted { a href={"/i/" (id) "/ksm/" (k)} { (g.data.name) } }
        h1 { (lang.pick("Tahap perkembangan KSM", "KSM development stage")) }
        p.warn { (lang.pick("Bobot dan batas tahap di bawah adalah nilai awal Swadaya: batas resmi KOTAKU tidak ditemukan. Lembaga dapat mengubahnya di ",
                             "The weights and cut-offs below are Swadaya's defaults: the official KOTAKU cut-offs were not found. The institution can change them in "))
            a href={"/i/" (id) "/settings"} { (lang.pick("pengaturan", "settings")) } "." }
        @if let Some(last) = history.first() {
            p { strong { (lang.pick("Tahap saat ini: ", "Current stage: ")) (stage_label(&last.stage, lang)) } " · " (layout::date(lang, &last.decided_on)) " · " (last.decided_by) }
        }
        (f.error_summary(lang))
        form.stack method="post" action={"/i/" (id) "/ksm/" (k) "/stage"} novalidate {
            (csrf_field(&s.csrf))
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("Kriteria", "Criterion")) } th.num { (lang.pick("Bobot", "Weight")) } th.num { (lang.pick("Nilai (0-100)", "Score (0-100)")) } th { (lang.pick("Bukti (12 minggu)", "Evidence (12 weeks)")) } } }
                tbody { @for (c, weight) in &w.weights { tr {
                    td data-label=(lang.pick("Kriteria", "Criterion")) { (lang.pick(c.id, c.en)) }
                    td.num data-label=(lang.pick("Bobot", "Weight")) { (weight) }
                    td.num data-label=(lang.pick("Nilai", "Score")) {
                        @if c.computed { (computed.get(c.key).map(|(s, _)| s.to_string()).unwrap_or_else(|| "–".into())) }
                        @else if can {
                            @let name = format!("manual-{}", c.key);
                            input id=(name) name=(name) inputmode="numeric" value=(f.value(&name)) aria-label=(lang.pick(c.id, c.en)) class=[f.errors.get(&name).map(|_| "invalid")];
                            (f.errors_for(&name))
                        } @else { "–" }
                    }
                    td data-label=(lang.pick("Bukti", "Evidence")) { @if c.computed { (computed.get(c.key).map(|(_, e)| e.as_str()).unwrap_or("–")) } @else { span.muted { (lang.pick("dinilai fasilitator", "scored by the facilitator")) } } }
                } } }
            } }
            p { (lang.pick("Nilai dari catatan saja: ", "Score from the records alone: ")) strong { (partial.map(|p| p.to_string()).unwrap_or_else(|| "–".into())) }
                @if partial.is_some() { " → " (stage_label(svc::suggest(partial, &w, graduated), lang))
                    @if !graduated { " " span.muted { (lang.pick("(Kembang hanya untuk KSM yang lulus penilaian percontohan)", "(Kembang only for groups that passed the graduation assessment)")) } } }
                " · " (lang.pick("Tumbuh ≥ ", "Tumbuh ≥ ")) (w.tumbuh_min) ", Kembang ≥ " (w.kembang_min) }
            @if can {
                (f.select("stage", lang.pick("Tahap yang diputuskan", "Stage decided"), &stage_opts))
                (f.textarea("note", lang.pick("Catatan (wajib bila berbeda dari saran)", "Note (required if different from the suggestion)")))
                button type="submit" { (lang.pick("Catat keputusan", "Record the decision")) }
            }
        }
        h2 { (lang.pick("Riwayat keputusan", "Decision history")) }
        @if history.is_empty() { p.muted { (lang.pick("Belum ada keputusan tahap.", "No stage decision yet.")) } }
        ul { @for d in &history { li {
            strong { (stage_label(&d.stage, lang)) } " · " (layout::date(lang, &d.decided_on)) " · " (d.decided_by)
            @if let Some(sc) = d.score { " · " (lang.pick("nilai ", "score ")) (sc) }
            @if let Some(n) = &d.note { br; span.muted { (n) } }
        } } }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Tahap perkembangan", "Development stage"), body)).into_response())
}

pub async fn page(State(st): State<AppState>, s: Session, Path((id, k)): Path<(i64, i64)>) -> Result<Response, WebError> {
    render(&st, &s, id, k, &FormState::default(), StatusCode::OK).await
}

pub async fn decide(
    State(st): State<AppState>,
    Path((id, k)): Path<(i64, i64)>,
    Checked { s, mut input, form }: Checked<DecisionInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    input.manual = form.0.iter().filter_map(|(key, v)| key.strip_prefix("manual-").map(|k| (k.to_string(), v.clone()))).collect();
    match svc::decide(&st.db, &s.ctx, id, k, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/ksm/{k}/stage")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render(&st, &s, id, k, &FormState::with_errors(form.0.clone(), &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
