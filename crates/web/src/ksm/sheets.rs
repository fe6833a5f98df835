//! The collection sheet as a phone shows it: one card per member, prefilled "present, paid as
//! usual", so the treasurer only touches the exceptions. A recorded meeting's page, its
//! amendment and minutes are in `meetings.rs`.

use crate::error::WebError;
use crate::flash;
use crate::form::CheckedForm;
use crate::form::FormData;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use swadaya_core::app::ksm::records::{self, Meeting, Member};
use swadaya_core::app::ksm::sheets::{self as svc, line_field, LineInput, SheetInput};
use swadaya_core::app::ksm::Ksm;
use swadaya_core::app::AppError;
use swadaya_core::app::Ctx;
use swadaya_domain::ksm::{amount_entered, Attendance, SavingsKind};
use swadaya_domain::money::group_thousands;
use swadaya_domain::roles::Action;
use swadaya_domain::{Lang, Rupiah};

pub(super) fn app_err(lang: Lang) -> impl Fn(AppError) -> WebError {
    move |e| WebError::from_app(e, lang)
}

pub(super) fn sheet_form(
    lang: Lang,
    s: &Session,
    group: &Ksm,
    members: &[&Member],
    f: &FormState,
    action: &str,
    amend: bool,
) -> Markup {
    let att_options = [Attendance::Present, Attendance::Excused, Attendance::Absent];
    html! {
        (f.error_summary(lang))
        form.stack.sheet method="post" action=(action) novalidate {
            (csrf_field(&s.csrf))
            input type="hidden" name="idem_key" value=(f.value("idem_key"));
            // Enter in a field presses a form's first button: let that be Save, not the date's
            // reload below (kept off screen, not hidden, so browsers still press it).
            button.default-submit type="submit" tabindex="-1" aria-hidden="true" { (lang.pick("Simpan", "Save")) }
            div.card {
                @if amend {
                    p { strong { (lang.pick("Tanggal pertemuan: ", "Meeting date: ")) (layout::date(lang, f.value("held_on"))) } }
                    (f.input("reason", lang.pick("Alasan koreksi", "Reason for the correction"), "text", Some(lang.pick("wajib, tampil di samping lembar asli", "required, shown beside the original"))))
                } @else {
                    // The date decides who is on the sheet: changing it reloads the members with
                    // everything typed kept (`redate`), with or without the page's script.
                    label for="held_on" { (lang.pick("Tanggal pertemuan", "Meeting date")) }
                    div.inline {
                        input id="held_on" type="date" name="held_on" value=(f.value("held_on")) class=[f.errors.get("held_on").map(|_| "invalid")];
                        button.secondary type="submit" name=(REDATE) value="1" formnovalidate { (lang.pick("Muat anggota tanggal ini", "Load that date's members")) }
                    }
                    p.hint { (lang.pick("Mengganti tanggal tidak menghapus isian.", "Changing the date keeps what you typed.")) }
                    (f.errors_for("held_on"))
                    @if let Some(l) = f.errors.get(&format!("held_on{}", layout::LINK)).and_then(|l| l.first()) { p.field-error { a href=(l) { "→ " (f.link_label) } } }
                }
                (f.errors_at("lines"))
            }
            @for m in members {
                @let id = m.id;
                @let att = f.value(&format!("m{id}_att"));
                div.card.member {
                    strong { (m.name) } " " span.muted { (swadaya_domain::ksm::role_label(&m.role, lang)) }
                    div.att id=(line_field(id, "attendance")) role="radiogroup" aria-label=(lang.pick("Kehadiran", "Attendance")) {
                        @for a in att_options {
                            label.radio { input type="radio" name={"m" (id) "_att"} value=(a.code()) checked[att == a.code()]; (a.label(lang)) }
                        }
                    }
                    (f.errors_for(&line_field(id, "attendance")))
                    div.amounts {
                        @for (kind, col) in [(SavingsKind::Routine, "wajib"), (SavingsKind::Voluntary, "sukarela"), (SavingsKind::JointLiability, "tanggung_renteng")] {
                            @let name = format!("m{id}_{col}");
                            @let field = line_field(id, col);
                            @let proposed = f.values.get(&proposed_name(&name)).filter(|p| !p.is_empty());
                            label { span { (kind.short(lang)) } input id=(field) name=(name) inputmode="numeric" value=(f.value(&name)) data-proposed=[proposed] class=[f.errors.get(&field).map(|_| "invalid")] aria-label={(m.name) " " (kind.short(lang))}; }
                            @if let Some(p) = proposed { input type="hidden" name=(proposed_name(&name)) value=(p); }
                            (f.errors_for(&field))
                        }
                        @let inst_name = format!("m{id}_instalment");
                        @if f.values.contains_key(&inst_name) {
                            @let field = line_field(id, "instalment");
                            @let proposed = f.values.get(&proposed_name(&inst_name)).filter(|p| !p.is_empty());
                            label { span { (lang.pick("Angsuran", "Instalment")) } input id=(field) name=(inst_name) inputmode="numeric" value=(f.value(&inst_name)) data-proposed=[proposed] class=[f.errors.get(&field).map(|_| "invalid")] aria-label={(m.name) " " (lang.pick("angsuran", "instalment"))}; }
                            @if let Some(p) = proposed { input type="hidden" name=(proposed_name(&inst_name)) value=(p); }
                            (f.errors_for(&field))
                        }
                    }
                }
            }
            div.card {
                (f.textarea("agenda", lang.pick("Agenda (satu per baris)", "Agenda (one item per line)")))
                (f.input("agenda_planned", lang.pick("Jumlah agenda direncanakan", "Agenda items planned"), "number", None))
                (f.input("agenda_done", lang.pick("Jumlah agenda terlaksana", "Agenda items done"), "number", None))
                (f.textarea("notes", lang.pick("Catatan / notulen", "Notes / minutes")))
                p.muted { (lang.pick("Rutin per anggota: ", "Routine per member: ")) (Rupiah(group.data.routine_amount)) }
                button.save type="submit" { (lang.pick("Simpan lembar pertemuan", "Save the meeting sheet")) }
            }
        }
    }
}

/// Every member who may appear on a sheet for `day`: those active on it, and current members.
async fn members_on(st: &AppState, ctx: &Ctx, id: i64, k: i64, day: &str) -> Result<Vec<Member>, WebError> {
    let all = records::members(&st.db, ctx, id, k).await.map_err(app_err(ctx.lang))?;
    let day = swadaya_domain::dates::parse_date(day).map(|d| d.to_string());
    Ok(all.into_iter().filter(|m| day.as_deref().is_some_and(|d| m.active_on(d)) || m.left_on.is_none()).collect())
}

/// The button that reloads the sheet for the date typed, instead of saving it.
const REDATE: &str = "_redate";

/// Says before anything is typed that the sheet's date already has a recorded sheet, with the
/// way to it; else when the group last met on record.
fn recorded_notice(lang: Lang, id: i64, k: i64, day: &str, meetings: &[Meeting]) -> Markup {
    let originals = || meetings.iter().filter(|m| m.amends_id.is_none());
    let same_day = originals().find(|m| m.held_on == day);
    let last = originals().map(|m| m.held_on.as_str()).max();
    html! {
        @if let Some(m) = same_day {
            p.warn role="status" {
                strong { (lang.pick("Lembar tanggal ini sudah tercatat. ", "This date's sheet is already recorded. ")) }
                a href={"/i/" (id) "/ksm/" (k) "/meetings/" (m.id)} { (lang.pick("Buka lembarnya (koreksi di sana)", "Open it (corrections are made there)")) }
                (lang.pick(", atau pilih tanggal lain di bawah.", ", or choose another date below."))
            }
        } @else if let Some(last) = last {
            p.muted { (lang.pick("Lembar terakhir tercatat: ", "Last sheet recorded: ")) (layout::date(lang, last)) }
        }
    }
}

/// The hidden field that keeps what the sheet proposed for an amount field, so the server can
/// tell a proposal left standing from an amount someone entered (`ksm::amount_entered`).
fn proposed_name(field: &str) -> String {
    format!("{field}_proposed")
}

fn prefill(group: &Ksm, members: &[Member], day: &str, due: &HashMap<i64, i64>) -> FormState {
    let mut f = FormState::default();
    f.values.insert("held_on".into(), day.into());
    f.values.insert("idem_key".into(), swadaya_core::app::auth::random_token());
    f.values.insert("agenda_planned".into(), "".into());
    for m in members {
        f.values.insert(format!("m{}_att", m.id), "hadir".into());
        let routine = group_thousands(group.data.routine_amount);
        f.values.insert(proposed_name(&format!("m{}_wajib", m.id)), routine.clone());
        f.values.insert(format!("m{}_wajib", m.id), routine);
        if let Some(d) = due.get(&m.id) {
            let due = if *d > 0 { group_thousands(*d) } else { String::new() };
            f.values.insert(proposed_name(&format!("m{}_instalment", m.id)), due.clone());
            f.values.insert(format!("m{}_instalment", m.id), due);
        }
    }
    f
}

pub(super) fn page(lang: Lang, s: &Session, id: i64, group: &Ksm, title: &str, body: Markup, status: StatusCode) -> Response {
    (
        status,
        layout::page(
            lang,
            Some(s),
            title,
            html! {
                p.muted { a href={"/i/" (id) "/ksm/" (group.id)} { (group.data.name) } }
                h1 { (title) }
                (body)
            },
        ),
    )
        .into_response()
}

/// A meeting's sheet as it starts, online or on paper: its date (`?date=`, ISO or as people type
/// it; else the group's last meeting day due), the group's members on that date (not today), each
/// borrower's instalment due then, and the sheets already recorded.
pub(super) struct SheetStart {
    pub day: String,
    pub members: Vec<Member>,
    pub due: HashMap<i64, i64>,
    pub meetings: Vec<Meeting>,
}

pub(super) async fn sheet_start(
    st: &AppState,
    ctx: &Ctx,
    group: &Ksm,
    q: &HashMap<String, String>,
) -> Result<SheetStart, WebError> {
    let lang = ctx.lang;
    let (id, k) = (group.institution_id, group.id);
    let meetings = records::meetings(&st.db, ctx, id, k).await.map_err(app_err(lang))?;
    let day = match q.get("date").and_then(|d| swadaya_domain::dates::parse_date(d)) {
        Some(d) => d,
        None => {
            let last_held = meetings.iter().filter_map(|m| swadaya_domain::dates::parse_iso(&m.held_on)).max();
            let today = chrono::Local::now().date_naive();
            swadaya_domain::ksm::schedule::last_due(today, group.data.meeting_day.as_deref(), &group.data.rhythm, last_held)
        }
    }
    .to_string();
    let members: Vec<Member> =
        records::members(&st.db, ctx, id, k).await.map_err(app_err(lang))?.into_iter().filter(|m| m.active_on(&day)).collect();
    let due = swadaya_core::app::fund::repayments::due_on_sheet(&st.db, id, k, &day).await.map_err(app_err(lang))?;
    Ok(SheetStart { day, members, due, meetings })
}

pub async fn new_sheet(
    State(st): State<AppState>,
    s: Session,
    Path((id, k)): Path<(i64, i64)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::RecordMeetings).map_err(app_err(lang))?;
    let group = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    let start = sheet_start(&st, &s.ctx, &group, &q).await?;
    let f = prefill(&group, &start.members, &start.day, &start.due);
    Ok(sheet_page(lang, &s, &group, &start, &f))
}

/// The sheet to fill, with the ways to paper and field mode.
fn sheet_page(lang: Lang, s: &Session, group: &Ksm, start: &SheetStart, f: &FormState) -> Response {
    let (id, k, day) = (group.institution_id, group.id, &start.day);
    let refs: Vec<&Member> = start.members.iter().collect();
    let body = html! {
        (recorded_notice(lang, id, k, day, &start.meetings))
        p.no-print {
            a href={"/i/" (id) "/ksm/" (k) "/sheet.pdf?date=" (day)} { (lang.pick("Cetak lembar isi tangan (PDF) untuk pertemuan tanpa ponsel", "Print a sheet to fill by hand (PDF) for a meeting without a phone")) }
            " · " a href="/field" { (lang.pick("Mode lapangan: isi tanpa sinyal, kirim nanti", "Field mode: fill without signal, send later")) }
        }
        (sheet_form(lang, s, group, &refs, f, &format!("/i/{id}/ksm/{k}/sheet"), false))
    };
    page(lang, s, id, group, lang.pick("Lembar pertemuan", "Meeting sheet"), body, StatusCode::OK)
}

/// The sheet again for the date now typed: that date's members and instalments due, with
/// everything typed kept. An amount still as the sheet proposed it follows the new date's
/// proposal; one someone changed stays as typed.
async fn redate(st: &AppState, s: &Session, group: &Ksm, typed: &FormData) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let q: HashMap<String, String> = [("date".to_string(), typed.get("held_on"))].into();
    let mut start = sheet_start(st, &s.ctx, group, &q).await?;
    if swadaya_domain::dates::parse_date(&typed.get("held_on")).is_none() {
        // An unreadable date keeps the sheet as it was, with the reason at the date.
        let listed: Vec<i64> = typed.0.keys().filter_map(|k| member_of(k)).collect();
        start.members = members_on(st, &s.ctx, group.institution_id, group.id, "").await?;
        start.members.retain(|m| listed.contains(&m.id));
        let error = swadaya_core::app::FieldError {
            field: "held_on".into(),
            message: lang
                .pick("Tanggal tidak terbaca. Contoh: 27-11-2026.", "The date cannot be read. Example: 27-11-2026.")
                .into(),
        };
        let mut f = FormState::with_errors(typed.0.clone(), &[error]);
        f.values.remove(REDATE);
        return Ok(sheet_page(lang, s, group, &start, &f));
    }
    let mut f = prefill(group, &start.members, &start.day, &start.due);
    let on_sheet = |key: &str| member_of(key).is_none_or(|m| start.members.iter().any(|x| x.id == m));
    for (key, value) in &typed.0 {
        if ["_csrf", REDATE, "held_on"].contains(&key.as_str()) || key.ends_with("_proposed") || !on_sheet(key) {
            continue;
        }
        let left_standing = typed.0.get(&proposed_name(key)).is_some_and(|p| p.trim() == value.trim());
        if !left_standing {
            f.values.insert(key.clone(), value.clone());
        }
    }
    Ok(sheet_page(lang, s, group, &start, &f))
}

/// The member a sheet field belongs to (`m12_wajib` -> 12).
fn member_of(field: &str) -> Option<i64> {
    field.strip_prefix('m')?.split('_').next()?.parse().ok()
}

pub(super) fn input_of(lang: Lang, form: &FormData, members: &[Member]) -> Result<SheetInput, WebError> {
    let mut input: SheetInput = form.parse(lang)?;
    // One row per member: `m12_att`, `m12_wajib`, ... name the member's fields.
    input.lines = members
        .iter()
        .filter(|m| form.0.contains_key(&format!("m{}_att", m.id)) || form.0.contains_key(&format!("m{}_wajib", m.id)))
        .map(|m| {
            let attendance = form.get(&format!("m{}_att", m.id));
            // An absent member pays nothing unless someone entered an amount; with or
            // without the page's script, the server decides.
            let paid = |col: &str| {
                let name = format!("m{}_{col}", m.id);
                amount_entered(&attendance, &form.get(&name), &form.get(&proposed_name(&name))).to_string()
            };
            LineInput {
                member_id: m.id,
                wajib: paid("wajib"),
                sukarela: paid("sukarela"),
                tanggung_renteng: paid("tanggung_renteng"),
                instalment: paid("instalment"),
                attendance,
            }
        })
        .collect();
    Ok(input)
}

pub async fn save(
    State(st): State<AppState>,
    Path((id, k)): Path<(i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let group = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    if form.0.contains_key(REDATE) {
        s.ctx.require(id, Action::RecordMeetings).map_err(app_err(lang))?;
        return redate(&st, &s, &group, &form).await;
    }
    let members = members_on(&st, &s.ctx, id, k, &form.get("held_on")).await?;
    // On a refused sheet show the members of the meeting date, and any row that was posted.
    let day = swadaya_domain::dates::parse_date(&form.get("held_on")).map(|d| d.to_string());
    let shown: Vec<&Member> = members
        .iter()
        .filter(|m| {
            form.0.contains_key(&format!("m{}_att", m.id)) || day.as_deref().map_or(m.left_on.is_none(), |d| m.active_on(d))
        })
        .collect();
    let title = lang.pick("Lembar pertemuan", "Meeting sheet");
    match svc::record(&st.db, &s.ctx, id, k, &input_of(lang, &form, &members)?).await {
        Ok(mid) => Ok(flash::saved(
            &format!("/i/{id}/ksm/{k}/meetings/{mid}"),
            s.ctx.lang.pick("Lembar pertemuan tersimpan.", "The meeting sheet is saved."),
        )),
        Err(AppError::Invalid(errs)) => {
            let f = FormState::with_errors(form.0.clone(), &errs);
            Ok(page(
                lang,
                &s,
                id,
                &group,
                title,
                sheet_form(lang, &s, &group, &shown, &f, &format!("/i/{id}/ksm/{k}/sheet"), false),
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(AppError::Conflict { message, link }) => {
            let mut f =
                FormState::with_errors(form.0.clone(), &[swadaya_core::app::FieldError { field: "held_on".into(), message }]);
            if let Some(l) = link {
                f.errors.insert(format!("held_on{}", layout::LINK), vec![l]);
                f.link_label = lang.pick("Buka lembar yang sudah tercatat", "Open the recorded sheet").into();
            }
            Ok(page(
                lang,
                &s,
                id,
                &group,
                title,
                sheet_form(lang, &s, &group, &shown, &f, &format!("/i/{id}/ksm/{k}/sheet"), false),
                StatusCode::CONFLICT,
            ))
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
