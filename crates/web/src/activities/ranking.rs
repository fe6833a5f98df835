//! The board's page: criteria and weights, the ranked proposals with their weighted totals,
//! and the meeting form that funds, defers or rejects them.

use super::proposals::{app_err, kind_label, status_badge};
use crate::error::WebError;
use crate::form::FormData;
use crate::form::{Checked, CheckedForm};
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_core::app::activities::ranking as svc;
use swadaya_core::app::AppError;
use swadaya_domain::activity::priority::format_total;
use swadaya_domain::roles::Action;
use swadaya_domain::Rupiah;

async fn render(st: &AppState, s: &Session, id: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (crit, ranked) = svc::ranking(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let decisions = swadaya_core::app::activities::proposals::decisions(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let can = s.ctx.actor.can(id, Action::DecideProposals);
    let open: Vec<&svc::Ranked> =
        ranked.iter().filter(|r| matches!(r.proposal.status.as_str(), "submitted" | "deferred")).collect();
    let mut outcome_opts = vec![(String::new(), lang.pick("— belum dibahas —", "— not taken up —").to_string())];
    outcome_opts.extend(svc::OUTCOMES.iter().map(|(c, i, e)| (c.to_string(), lang.pick(i, e).to_string())));
    let body = html! {
        p.muted { a href={"/i/" (id) "/proposals"} { "← " (lang.pick("Usulan kegiatan", "Activity proposals")) } }
        h1 { (lang.pick("Peringkat usulan", "Proposal ranking")) }
        (f.error_summary(lang))
        h2 { (lang.pick("Kriteria yang disepakati", "Agreed criteria")) }
        @if can {
            form.stack.card method="post" action={"/i/" (id) "/proposals/criteria"} novalidate {
                (csrf_field(&s.csrf))
                (f.errors_at("criteria"))
                @for (i, c) in crit.iter().enumerate() {
                    input type="hidden" name={"crit-" (i) "-id"} value=(c.id);
                    div.rab-row {
                        (f.input(&format!("crit-{i}-name"), lang.pick("Kriteria", "Criterion"), "text", None))
                        (f.input(&format!("crit-{i}-weight"), lang.pick("Bobot (%)", "Weight (%)"), "number", None))
                    }
                }
                @let n = crit.len();
                div.rab-row {
                    (f.input(&format!("crit-{n}-name"), lang.pick("Kriteria baru (boleh kosong)", "New criterion (may be empty)"), "text", None))
                    (f.input(&format!("crit-{n}-weight"), lang.pick("Bobot (%)", "Weight (%)"), "number", None))
                }
                button.secondary type="submit" { (lang.pick("Simpan kriteria", "Save the criteria")) }
            }
        } @else {
            ul { @for c in &crit { li { (c.name) " — " (c.weight) " %" } } }
        }
        h2 { (lang.pick("Peringkat", "Ranking")) }
        p.hint { (lang.pick("Nilai akhir = rata-rata berbobot dari rata-rata nilai para penilai (1 sampai 5). Usulan yang masih menunggu keputusan di atas, urut nilai.", "Final score = weighted mean of the scorers' mean scores (1 to 5). Proposals awaiting a decision come first, by score.")) }
        div.table-wrap { table.cards {
            thead { tr { th { "#" } th { (lang.pick("Usulan", "Proposal")) } th.num { (lang.pick("Nilai", "Score")) } th { (lang.pick("Penilai", "Scorers")) } th.num { "RAB" } th { (lang.pick("Status", "Status")) } } }
            tbody { @for (i, r) in ranked.iter().enumerate() { tr {
                td data-label="#" { (i + 1) }
                td data-label=(lang.pick("Usulan", "Proposal")) { div { a href={"/i/" (id) "/proposals/" (r.proposal.id)} { (r.proposal.title) } br; span.muted { (kind_label(&r.proposal.kind, lang)) ", " (r.proposal.poor_households) " " (lang.pick("KK miskin", "poor households")) } } }
                td.num data-label=(lang.pick("Nilai", "Score")) { @match r.total { Some(t) => strong { (format_total(t, lang)) }, None => span.muted { (lang.pick("belum dinilai", "not scored")) } } }
                td data-label=(lang.pick("Penilai", "Scorers")) { (r.scorers.join(", ")) }
                td.num data-label="RAB" { (Rupiah(r.proposal.budget)) }
                td data-label=(lang.pick("Status", "Status")) { (status_badge(&r.proposal.status, lang)) }
            } } }
        } }
        @if can && !open.is_empty() {
            h2 { (lang.pick("Keputusan rapat BKM", "Board meeting decision")) }
            form.stack.card method="post" action={"/i/" (id) "/proposals/decisions"} novalidate {
                (csrf_field(&s.csrf))
                (f.input("meeting_on", lang.pick("Tanggal rapat", "Meeting date"), "date", None))
                (f.input("attendance", lang.pick("Jumlah hadir", "Attendance"), "number", None))
                (f.textarea("minutes", lang.pick("Notulen rapat", "Minutes of the meeting")))
                (f.errors_for("outcomes"))
                @for r in &open {
                    fieldset {
                        legend { (r.proposal.title) " — " (Rupiah(r.proposal.budget)) }
                        (f.select(&svc::outcome_field(r.proposal.id), lang.pick("Keputusan", "Decision"), &outcome_opts))
                        (f.input(&svc::reason_field(r.proposal.id), lang.pick("Alasan (wajib bila ditunda/ditolak)", "Reason (required when deferred/rejected)"), "text", None))
                    }
                }
                button type="submit" { (lang.pick("Catat keputusan", "Record the decision")) }
            }
        }
        @if !decisions.is_empty() {
            h2 { (lang.pick("Rapat keputusan", "Decision meetings")) }
            @for d in &decisions {
                div.card {
                    strong { (layout::date(lang, &d.meeting_on)) } " — " (d.attendance) " " (lang.pick("hadir", "attended"))
                    p.pre { (d.minutes) }
                    ul { @for r in ranked.iter().filter(|r| r.proposal.decision_id == Some(d.id)) {
                        li { (r.proposal.title) ": " (svc::outcome_label(&r.proposal.status, lang)) @if let Some(x) = &r.proposal.decision_reason { " — " (x) } }
                    } }
                }
            }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Peringkat usulan", "Proposal ranking"), body)).into_response())
}

async fn defaults(st: &AppState, s: &Session, id: i64) -> Result<FormState, WebError> {
    let crit = svc::criteria(&st.db, &s.ctx, id).await.map_err(app_err(s.ctx.lang))?;
    let mut f = FormState::default();
    for (i, c) in crit.iter().enumerate() {
        f.values.insert(format!("crit-{i}-name"), c.name.clone());
        f.values.insert(format!("crit-{i}-weight"), c.weight.to_string());
    }
    f.values.insert("meeting_on".into(), chrono::Local::now().date_naive().to_string());
    Ok(f)
}

pub async fn page(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let f = defaults(&st, &s, id).await?;
    render(&st, &s, id, &f, StatusCode::OK).await
}

/// Re-renders with the sent values over the defaults, so the other form keeps its values.
async fn invalid(
    st: &AppState,
    s: &Session,
    id: i64,
    form: FormData,
    errs: &[swadaya_core::app::FieldError],
) -> Result<Response, WebError> {
    let mut f = defaults(st, s, id).await?;
    f.values.extend(form.0);
    let f = FormState::with_errors(f.values, errs);
    render(st, s, id, &f, StatusCode::UNPROCESSABLE_ENTITY).await
}

pub async fn save_criteria(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let input: Vec<svc::CriterionInput> = form.rows(lang, "crit", "name")?;
    match svc::save_criteria(&st.db, &s.ctx, id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}/proposals/ranking")).into_response()),
        Err(AppError::Invalid(errs)) => invalid(&st, &s, id, form, &errs).await,
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

pub async fn decide(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Checked { s, mut input, form }: Checked<svc::DecisionInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    input.outcomes = form
        .0
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("outcome-")
                .and_then(|p| p.parse::<i64>().ok())
                .map(|p| (p, v.clone(), form.get(&svc::reason_field(p))))
        })
        .collect();
    match svc::decide(&st.db, &s.ctx, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/proposals/ranking")).into_response()),
        Err(AppError::Invalid(errs)) => invalid(&st, &s, id, form, &errs).await,
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
