//! Proposed corrections on a meeting's page: a sheet that arrived for a meeting already
//! recorded, shown beside the original with what differs, for the treasurer to accept or reject.

use crate::error::WebError;
use crate::form::CheckedForm;
use crate::layout::{self, csrf_field};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use swadaya_core::app::ksm::corrections as svc;
use swadaya_core::app::ksm::corrections::Correction;
use swadaya_core::app::ksm::records::Line;
use swadaya_core::app::ksm::sheets::SheetInput;
use swadaya_core::app::AppError;
use swadaya_domain::ksm::{Attendance, SavingsKind};
use swadaya_domain::{Lang, Rupiah};

fn amount(s: &str) -> i64 {
    Rupiah::parse(s).map(|r| r.0).unwrap_or(0)
}

/// The proposed corrections of one original sheet; `current` is the sheet in force, to mark what differs.
pub fn section(
    lang: Lang,
    s: &Session,
    (id, k, root): (i64, i64, i64),
    names: &HashMap<i64, String>,
    current: &[Line],
    corrections: &[(Correction, SheetInput)],
) -> Markup {
    let can = s.ctx.actor.can(id, swadaya_domain::roles::Action::RecordMeetings);
    let now: HashMap<i64, &Line> = current.iter().map(|l| (l.member_id, l)).collect();
    html! {
        @for (p, sheet) in corrections {
            div.card.proposal id={"usulan-" (p.id)} {
                h2 { (lang.pick("Usulan koreksi", "Proposed correction")) " · " (p.proposed_by) " · " (layout::date(lang, p.proposed_at.get(..10).unwrap_or(""))) }
                p { span.badge { (status_label(&p.status, lang)) }
                    @if let Some(r) = &p.decision_reason { " " (r) }
                    @if let Some(d) = &p.decided_by { " " span.muted { "(" (d) ")" } } }
                p.muted { (lang.pick("Lembar ini tiba untuk pertemuan yang sudah tercatat. Yang berbeda dari lembar yang berlaku ditandai.", "This sheet arrived for a meeting already recorded. What differs from the sheet in force is marked.")) }
                div.table-wrap { table.cards {
                    thead { tr { th { (lang.pick("Anggota", "Member")) } th { (lang.pick("Kehadiran", "Attendance")) } th.num { (SavingsKind::Routine.short(lang)) } th.num { (SavingsKind::Voluntary.short(lang)) } th.num { (SavingsKind::JointLiability.short(lang)) } th.num { (lang.pick("Angsuran", "Instalment")) } } }
                    tbody { @for l in &sheet.lines {
                        @let cur = now.get(&l.member_id);
                        @let differs = |v: i64, f: fn(&Line) -> i64| cur.map(|c| f(c) != v).unwrap_or(true);
                        tr {
                            td data-label=(lang.pick("Anggota", "Member")) { (names.get(&l.member_id).map(String::as_str).unwrap_or("?")) }
                            td data-label=(lang.pick("Kehadiran", "Attendance")) class=[cur.filter(|c| c.attendance != l.attendance).map(|_| "over")] { (Attendance::parse(&l.attendance).map(|a| a.label(lang)).unwrap_or("?")) }
                            td data-label=(SavingsKind::Routine.short(lang)) class=(if differs(amount(&l.wajib), |c| c.wajib) { "num over" } else { "num" }) { (Rupiah(amount(&l.wajib))) }
                            td data-label=(SavingsKind::Voluntary.short(lang)) class=(if differs(amount(&l.sukarela), |c| c.sukarela) { "num over" } else { "num" }) { (Rupiah(amount(&l.sukarela))) }
                            td data-label=(SavingsKind::JointLiability.short(lang)) class=(if differs(amount(&l.tanggung_renteng), |c| c.tanggung_renteng) { "num over" } else { "num" }) { (Rupiah(amount(&l.tanggung_renteng))) }
                            td data-label=(lang.pick("Angsuran", "Instalment")) class=(if differs(amount(&l.instalment), |c| c.instalment) { "num over" } else { "num" }) { (Rupiah(amount(&l.instalment))) }
                        }
                    } }
                } }
                @if !sheet.notes.trim().is_empty() { p.pre { (lang.pick("Catatan: ", "Notes: ")) (sheet.notes) } }
                @if can && p.status == "pending" {
                    div.actions {
                        form method="post" action={"/i/" (id) "/ksm/" (k) "/meetings/" (root) "/corrections/" (p.id) "/accept"} {
                            (csrf_field(&s.csrf))
                            button type="submit" { (lang.pick("Terima sebagai koreksi", "Accept as a correction")) }
                        }
                    }
                    form.stack method="post" action={"/i/" (id) "/ksm/" (k) "/meetings/" (root) "/corrections/" (p.id) "/reject"} {
                        (csrf_field(&s.csrf))
                        label for={"reason-" (p.id)} { (lang.pick("Alasan menolak", "Reason to reject")) }
                        input id={"reason-" (p.id)} name="reason" required;
                        button.secondary type="submit" { (lang.pick("Tolak usulan", "Reject the proposal")) }
                    }
                }
            }
        }
    }
}

fn status_label(s: &str, lang: Lang) -> &'static str {
    match s {
        "pending" => lang.pick("Menunggu keputusan bendahara", "Waiting for the treasurer"),
        "accepted" => lang.pick("Diterima sebagai koreksi", "Accepted as a correction"),
        "rejected" => lang.pick("Ditolak", "Rejected"),
        _ => lang.pick("Sedang diproses", "Being processed"),
    }
}

pub async fn accept(
    State(st): State<AppState>,
    Path((id, k, root, p)): Path<(i64, i64, i64, i64)>,
    CheckedForm { s, form: _ }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let amendment = svc::accept(&st.db, &s.ctx, id, k, p).await.map_err(|e| WebError::from_app(e, lang))?;
    let _ = root;
    Ok(Redirect::to(&format!("/i/{id}/ksm/{k}/meetings/{amendment}?saved=1")).into_response())
}

pub async fn reject(
    State(st): State<AppState>,
    Path((id, k, root, p)): Path<(i64, i64, i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::reject(&st.db, &s.ctx, id, k, p, &form.get("reason")).await {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}/ksm/{k}/meetings/{root}#usulan-{p}")).into_response()),
        Err(AppError::Invalid(errs)) => Err(WebError::from_app(AppError::Invalid(errs), lang)),
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
