//! A recorded meeting: its page with every line and the corrections proposed from the field,
//! its amendment (a new version with a reason; the original is kept) and its minutes as PDF.

use super::sheets::{app_err, input_of, page, sheet_form};
use crate::error::WebError;
use crate::flash;
use crate::form::CheckedForm;
use crate::layout::{self, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use std::collections::HashMap;
use swadaya_core::app::ksm::records::{self, Line, Meeting, Member};
use swadaya_core::app::ksm::sheets::{self as svc};
use swadaya_core::app::AppError;
use swadaya_core::app::Ctx;
use swadaya_domain::ksm::{Attendance, SavingsKind};
use swadaya_domain::money::group_thousands;
use swadaya_domain::roles::Action;
use swadaya_domain::{Lang, Rupiah};

fn lines_table(lang: Lang, members: &HashMap<i64, String>, lines: &[Line]) -> Markup {
    let total = |f: fn(&Line) -> i64| Rupiah(lines.iter().map(f).sum());
    // Instalments paid at the meeting, when there were any (a proposed correction beside it shows them too).
    let paid = lines.iter().any(|l| l.instalment != 0);
    let instalment = lang.pick("Angsuran", "Instalment");
    html! {
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Anggota", "Member")) } th { (lang.pick("Kehadiran", "Attendance")) } th.num { (SavingsKind::Routine.short(lang)) } th.num { (SavingsKind::Voluntary.short(lang)) } th.num { (SavingsKind::JointLiability.short(lang)) } @if paid { th.num { (instalment) } } } }
            tbody {
                @for l in lines { tr {
                    td data-label=(lang.pick("Anggota", "Member")) { (members.get(&l.member_id).map(String::as_str).unwrap_or("?")) }
                    td data-label=(lang.pick("Kehadiran", "Attendance")) { (Attendance::parse(&l.attendance).map(|a| a.label(lang)).unwrap_or("")) }
                    td.num data-label=(SavingsKind::Routine.short(lang)) { (Rupiah(l.wajib)) }
                    td.num data-label=(SavingsKind::Voluntary.short(lang)) { (Rupiah(l.sukarela)) }
                    td.num data-label=(SavingsKind::JointLiability.short(lang)) { (Rupiah(l.tanggung_renteng)) }
                    @if paid { td.num data-label=(instalment) { (Rupiah(l.instalment)) } }
                } }
                tr {
                    td data-label="" { strong { (lang.pick("Jumlah", "Total")) } }
                    td data-label=(lang.pick("Hadir", "Present")) { (lines.iter().filter(|l| l.attendance == "hadir").count()) "/" (lines.len()) " " (lang.pick("hadir", "present")) }
                    td.num data-label=(SavingsKind::Routine.short(lang)) { strong { (total(|l| l.wajib)) } }
                    td.num data-label=(SavingsKind::Voluntary.short(lang)) { strong { (total(|l| l.sukarela)) } }
                    td.num data-label=(SavingsKind::JointLiability.short(lang)) { strong { (total(|l| l.tanggung_renteng)) } }
                    @if paid { td.num data-label=(instalment) { strong { (total(|l| l.instalment)) } } }
                }
            }
        } }
    }
}

pub async fn show(
    State(st): State<AppState>,
    s: Session,
    Path((id, k, mid)): Path<(i64, i64, i64)>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let group = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    let m = records::meeting(&st.db, &s.ctx, id, k, mid).await.map_err(app_err(lang))?;
    let root = m.amends_id.unwrap_or(m.id);
    let versions: Vec<_> = records::meetings(&st.db, &s.ctx, id, k)
        .await
        .map_err(app_err(lang))?
        .into_iter()
        .filter(|v| v.amends_id.unwrap_or(v.id) == root)
        .collect();
    let names: HashMap<i64, String> =
        records::members(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?.into_iter().map(|m| (m.id, m.name)).collect();
    let mut sections = Vec::new();
    for v in versions.iter().rev() {
        sections.push((v.clone(), records::lines(&st.db, &s.ctx, id, v).await.map_err(app_err(lang))?));
    }
    let can = s.ctx.actor.can(id, Action::RecordMeetings);
    let title = format!("{} {}", lang.pick("Pertemuan", "Meeting"), layout::date(lang, &m.held_on));
    let proposed = swadaya_core::app::ksm::corrections::of_original(&st.db, &s.ctx, id, root).await.map_err(app_err(lang))?;
    // Oldest first: the last is the version in force.
    let in_force: &[Line] = sections.last().map(|(_, l)| l.as_slice()).unwrap_or(&[]);
    let body = html! {
        @for (v, lines) in sections.iter().rev() {
            div.card {
                @if let Some(r) = &v.reason {
                    h2 { (lang.pick("Koreksi", "Correction")) " · " (layout::date(lang, &v.entered_on)) }
                    p { strong { (lang.pick("Alasan: ", "Reason: ")) } (r) }
                } @else {
                    h2 { (lang.pick("Lembar asli", "Original sheet")) }
                }
                p.muted { (lang.pick("Dicatat oleh ", "Entered by ")) (v.entered_by) " · " (layout::date(lang, &v.entered_on))
                    " · " (lang.pick("agenda ", "agenda ")) (v.agenda_done) "/" (v.agenda_planned) }
                @if let Some(a) = &v.agenda { p.pre { (lang.pick("Agenda: ", "Agenda: ")) br; (a) } }
                (lines_table(lang, &names, lines))
                @if let Some(n) = &v.notes { p.pre { (lang.pick("Catatan: ", "Notes: ")) br; (n) } }
            }
        }
        (super::corrections::section(lang, &s, (id, k, root), &names, in_force, &proposed))
        @if can { a.button.secondary href={"/i/" (id) "/ksm/" (k) "/meetings/" (root) "/amend"} { (lang.pick("Buat koreksi", "Correct this sheet")) } }
        a.button.secondary href={"/i/" (id) "/ksm/" (k) "/meetings/" (root) "/minutes.pdf"} { (lang.pick("Unduh notulen (PDF)", "Download minutes (PDF)")) }
        a.button.secondary href={"/i/" (id) "/ksm/" (k)} { (lang.pick("Kembali ke KSM", "Back to the KSM")) }
    };
    Ok(page(lang, &s, id, &group, &title, body, StatusCode::OK))
}

async fn current_version(st: &AppState, ctx: &Ctx, id: i64, k: i64, mid: i64) -> Result<(Meeting, Vec<Line>), WebError> {
    let lang = ctx.lang;
    let all = records::meetings(&st.db, ctx, id, k).await.map_err(app_err(lang))?;
    let original = all
        .iter()
        .find(|m| m.id == mid && m.amends_id.is_none())
        .cloned()
        .ok_or_else(|| WebError::from_app(AppError::NotFound, lang))?;
    let current = svc::latest_versions(&all).into_iter().find(|m| m.amends_id.unwrap_or(m.id) == mid).unwrap_or(original);
    let lines = records::lines(&st.db, ctx, id, &current).await.map_err(app_err(lang))?;
    Ok((current, lines))
}

/// Who a correction lists: everyone the sheet has, and anyone it missed who was a member on its
/// date (a correction must give each of them a line).
fn on_correction(m: &Member, sheet: &Meeting, lines: &[Line]) -> bool {
    lines.iter().any(|l| l.member_id == m.id) || m.active_on(&sheet.held_on)
}

pub async fn amend_form(
    State(st): State<AppState>,
    s: Session,
    Path((id, k, mid)): Path<(i64, i64, i64)>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::RecordMeetings).map_err(app_err(lang))?;
    let group = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    let (current, lines) = current_version(&st, &s.ctx, id, k, mid).await?;
    let members = records::members(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    let in_sheet: Vec<&Member> = members.iter().filter(|m| on_correction(m, &current, &lines)).collect();
    let borrowers =
        swadaya_core::app::fund::repayments::due_on_sheet(&st.db, id, k, &current.held_on).await.map_err(app_err(lang))?;
    let mut f = FormState::default();
    f.values.insert("held_on".into(), current.held_on.clone());
    f.values.insert("idem_key".into(), swadaya_core::app::auth::random_token());
    f.values.insert("agenda".into(), current.agenda.clone().unwrap_or_default());
    f.values.insert("agenda_planned".into(), current.agenda_planned.to_string());
    f.values.insert("agenda_done".into(), current.agenda_done.to_string());
    f.values.insert("notes".into(), current.notes.clone().unwrap_or_default());
    for l in &lines {
        f.values.insert(format!("m{}_att", l.member_id), l.attendance.clone());
        for (col, v) in [("wajib", l.wajib), ("sukarela", l.sukarela), ("tanggung_renteng", l.tanggung_renteng)] {
            f.values.insert(format!("m{}_{col}", l.member_id), if v == 0 { String::new() } else { group_thousands(v) });
        }
        if l.instalment != 0 || borrowers.contains_key(&l.member_id) {
            f.values.insert(
                format!("m{}_instalment", l.member_id),
                if l.instalment == 0 { String::new() } else { group_thousands(l.instalment) },
            );
        }
    }
    let body = sheet_form(lang, &s, &group, &in_sheet, &f, &format!("/i/{id}/ksm/{k}/meetings/{mid}/amend"), true);
    Ok(page(lang, &s, id, &group, lang.pick("Koreksi lembar pertemuan", "Correct a meeting sheet"), body, StatusCode::OK))
}

pub async fn amend(
    State(st): State<AppState>,
    Path((id, k, mid)): Path<(i64, i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let group = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    let (current, lines) = current_version(&st, &s.ctx, id, k, mid).await?;
    let members = records::members(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    let in_sheet: Vec<Member> = members.into_iter().filter(|m| on_correction(m, &current, &lines)).collect();
    match svc::amend(&st.db, &s.ctx, id, k, mid, &input_of(lang, &form, &in_sheet)?).await {
        Ok(new_id) => Ok(flash::saved(
            &format!("/i/{id}/ksm/{k}/meetings/{new_id}"),
            s.ctx.lang.pick("Koreksi lembar pertemuan tersimpan.", "The correction of the meeting sheet is saved."),
        )),
        Err(AppError::Invalid(errs)) => {
            let mut values = form.0.clone();
            values.insert("held_on".into(), current.held_on);
            let f = FormState::with_errors(values, &errs);
            let refs: Vec<&Member> = in_sheet.iter().collect();
            let body = sheet_form(lang, &s, &group, &refs, &f, &format!("/i/{id}/ksm/{k}/meetings/{mid}/amend"), true);
            Ok(page(
                lang,
                &s,
                id,
                &group,
                lang.pick("Koreksi lembar pertemuan", "Correct a meeting sheet"),
                body,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

/// The minutes of a meeting (the sheet in force, and the reason of any correction) as a PDF.
pub async fn minutes_pdf(
    State(st): State<AppState>,
    s: Session,
    Path((id, k, mid)): Path<(i64, i64, i64)>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let group = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    let inst = swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let m = records::meeting(&st.db, &s.ctx, id, k, mid).await.map_err(app_err(lang))?;
    let root = m.amends_id.unwrap_or(m.id);
    let (current, lines) = current_version(&st, &s.ctx, id, k, root).await?;
    let names: HashMap<i64, String> =
        records::members(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?.into_iter().map(|m| (m.id, m.name)).collect();
    let total = |f: fn(&Line) -> i64| Rupiah(lines.iter().map(f).sum()).to_string();
    let mut rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            vec![
                names.get(&l.member_id).cloned().unwrap_or_default(),
                Attendance::parse(&l.attendance).map(|a| a.label(lang)).unwrap_or("").to_string(),
                Rupiah(l.wajib).to_string(),
                Rupiah(l.sukarela).to_string(),
                Rupiah(l.tanggung_renteng).to_string(),
            ]
        })
        .collect();
    let present = lines.iter().filter(|l| l.attendance == "hadir").count();
    rows.push(vec![
        lang.pick("Jumlah", "Total").into(),
        format!("{present}/{}", lines.len()),
        total(|l| l.wajib),
        total(|l| l.sukarela),
        total(|l| l.tanggung_renteng),
    ]);
    let mut meta = vec![
        format!("{} · {}", group.data.name, inst.name),
        format!(
            "{} {} · {} {}/{}",
            lang.pick("Tanggal:", "Date:"),
            layout::date(lang, &current.held_on),
            lang.pick("agenda terlaksana", "agenda done"),
            current.agenda_done,
            current.agenda_planned
        ),
        format!(
            "{} {} · {}",
            lang.pick("Dicatat oleh", "Entered by"),
            current.entered_by,
            layout::date(lang, &current.entered_on)
        ),
    ];
    if let Some(r) = &current.reason {
        meta.push(format!(
            "{} {}",
            lang.pick("Koreksi atas lembar asli. Alasan:", "Correction of the original sheet. Reason:"),
            r
        ));
    }
    if let Some(a) = &current.agenda {
        meta.push(format!("{}\n{a}", lang.pick("Agenda:", "Agenda:")));
    }
    if let Some(n) = &current.notes {
        meta.push(format!("{}\n{n}", lang.pick("Notulen:", "Minutes:")));
    }
    let t = swadaya_core::reports::Table {
        numeric: Vec::new(),
        title: lang.pick("Notulen pertemuan KSM", "KSM meeting minutes").into(),
        headers: [
            lang.pick("Anggota", "Member"),
            lang.pick("Kehadiran", "Attendance"),
            SavingsKind::Routine.short(lang),
            SavingsKind::Voluntary.short(lang),
            SavingsKind::JointLiability.short(lang),
        ]
        .map(String::from)
        .to_vec(),
        rows,
    };
    let pdf = swadaya_core::reports::pdf::table(
        &t,
        &swadaya_core::reports::pdf::Layout {
            meta: &meta,
            widths: &[2.2, 1.2, 1.1, 1.1, 1.1],
            right: &[2, 3, 4],
            page_word: lang.pick("Halaman", "Page"),
            ..Default::default()
        },
    )
    .map_err(WebError::internal)?;
    Ok(crate::download::file(pdf, "application/pdf", "notulen-pertemuan.pdf"))
}
