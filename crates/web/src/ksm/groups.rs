//! KSM register pages: the list, create and edit with the five rules, and one group's page.
//! Members and their savings are in `members.rs`, the graduation assessment in `assessment.rs`.

use crate::charts::Bar;
use crate::error::WebError;
use crate::form::CheckedForm;
use crate::form::FormData;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use swadaya_core::app::ksm::groups::{self as svc, KsmInput};
use swadaya_core::app::ksm::records::{self, Meeting};
use swadaya_core::app::ksm::savings as savings_svc;
use swadaya_core::app::ksm::Ksm;
use swadaya_core::app::AppError;
use swadaya_domain::ksm::{kind_label, rhythm_label, role_label, KINDS, PANCA_SUTRA, RHYTHMS, ROLES, SAVINGS_KINDS};
use swadaya_domain::money::group_thousands;
use swadaya_domain::roles::Action;
use swadaya_domain::{Lang, Rupiah};

pub(super) fn app_err(lang: Lang) -> impl Fn(AppError) -> WebError {
    move |e| WebError::from_app(e, lang)
}

pub async fn list(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let inst = swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let groups = swadaya_core::app::ksm::list(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let counts = swadaya_core::app::ksm::member_counts(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let rows: Vec<_> = groups.iter().map(|g| (g, counts.get(&g.id).copied().unwrap_or(0))).collect();
    let body = html! {
        p.muted { a href={"/i/" (id)} { (inst.name) } }
        h1 { "KSM" }
        @if s.ctx.actor.can(id, Action::WriteGroups) { a.button href={"/i/" (id) "/ksm/new"} { (lang.pick("+ KSM baru", "+ New KSM")) } }
        @if rows.is_empty() { p.muted { (lang.pick("Belum ada KSM.", "No KSM yet.")) } }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Nama", "Name")) } th { (lang.pick("Jenis", "Kind")) } th { (lang.pick("Anggota", "Members")) } th { (lang.pick("Pertemuan", "Meetings")) } } }
            tbody { @for (g, n) in &rows { tr {
                td data-label=(lang.pick("Nama", "Name")) { a href={"/i/" (id) "/ksm/" (g.id)} { (g.data.name) } }
                td data-label=(lang.pick("Jenis", "Kind")) { (kind_label(&g.data.kind, lang)) }
                td data-label=(lang.pick("Anggota", "Members")) { (n) }
                td data-label=(lang.pick("Pertemuan", "Meetings")) { (rhythm_label(&g.data.rhythm, lang)) @if let Some(d) = &g.data.meeting_day { ", " (d) } }
            } } }
        } }
    };
    Ok(layout::page(lang, Some(&s), "KSM", body).into_response())
}

fn opts(list: &[&str], label: impl Fn(&str) -> &'static str) -> Vec<(String, String)> {
    list.iter().map(|k| (k.to_string(), label(k).to_string())).collect()
}

fn ksm_form(lang: Lang, s: &Session, f: &FormState, action: &str) -> Markup {
    html! {
        (f.error_summary(lang))
        form.stack.card method="post" action=(action) novalidate {
            (csrf_field(&s.csrf))
            (f.input("name", lang.pick("Nama KSM", "KSM name"), "text", Some(lang.pick("contoh: KSM Berkah Jaya", "e.g. KSM Berkah Jaya"))))
            (f.select("kind", lang.pick("Jenis kegiatan (tridaya)", "Kind (tridaya)"), &opts(&KINDS, |k| kind_label(k, lang))))
            (f.input("formed_on", lang.pick("Tanggal terbentuk", "Formed on"), "date", None))
            (f.input("address", lang.pick("Alamat", "Address"), "text", None))
            (f.select("rhythm", lang.pick("Jadwal pertemuan", "Meeting rhythm"), &opts(&RHYTHMS, |r| rhythm_label(r, lang))))
            (f.input("meeting_day", lang.pick("Hari pertemuan", "Meeting day"), "text", Some(lang.pick("contoh: Jumat sore", "e.g. Friday afternoon"))))
            (f.input("meeting_place", lang.pick("Tempat pertemuan", "Meeting place"), "text", None))
            (f.input("routine_amount", lang.pick("Tabungan wajib per pertemuan (Rp)", "Routine savings per meeting (Rp)"), "text", Some(lang.pick("contoh 5.000", "e.g. 5.000"))))
            (f.input("bookkeeping_days", lang.pick("Batas hari pencatatan setelah pertemuan", "Days allowed to enter a sheet"), "number", None))
            h2 { (lang.pick("Aturan main (Panca Sutra)", "Group rules (Panca Sutra)")) }
            @for (key, id_label, en_label) in PANCA_SUTRA { (f.textarea(key, lang.pick(id_label, en_label))) }
            button type="submit" { (lang.pick("Simpan", "Save")) }
        }
    }
}

fn input_of(lang: Lang, form: &FormData) -> Result<KsmInput, WebError> {
    let mut input: KsmInput = form.parse(lang)?;
    // The form gives each of the five rules its own box, named after the rule.
    input.rules = PANCA_SUTRA.map(|(k, _, _)| form.get(k));
    Ok(input)
}

fn form_page(lang: Lang, s: &Session, id: i64, title: &str, f: &FormState, action: &str, status: StatusCode) -> Response {
    (
        status,
        layout::page(
            lang,
            Some(s),
            title,
            html! { p.muted { a href={"/i/" (id) "/ksm"} { "KSM" } } h1 { (title) } (ksm_form(lang, s, f, action)) },
        ),
    )
        .into_response()
}

pub async fn new_form(s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::WriteGroups).map_err(app_err(lang))?;
    let mut f = FormState::default();
    f.values.insert("bookkeeping_days".into(), "2".into());
    Ok(form_page(lang, &s, id, lang.pick("KSM baru", "New KSM"), &f, &format!("/i/{id}/ksm"), StatusCode::OK))
}

pub async fn create(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::create(&st.db, &s.ctx, id, &input_of(lang, &form)?).await {
        Ok(k) => Ok(Redirect::to(&format!("/i/{id}/ksm/{k}")).into_response()),
        Err(AppError::Invalid(errs)) => Ok(form_page(
            lang,
            &s,
            id,
            lang.pick("KSM baru", "New KSM"),
            &FormState::with_errors(form.0.clone(), &errs),
            &format!("/i/{id}/ksm"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

pub async fn edit_form(State(st): State<AppState>, s: Session, Path((id, k)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::WriteGroups).map_err(app_err(lang))?;
    let g = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?.data;
    let mut f = FormState::default();
    for (key, v) in [
        ("name", Some(g.name)),
        ("kind", Some(g.kind)),
        ("address", g.address),
        ("formed_on", Some(g.formed_on)),
        ("rhythm", Some(g.rhythm)),
        ("meeting_day", g.meeting_day),
        ("meeting_place", g.meeting_place),
        ("bookkeeping_days", Some(g.bookkeeping_days.to_string())),
        ("routine_amount", Some(group_thousands(g.routine_amount))),
    ] {
        f.values.insert(key.into(), v.unwrap_or_default());
    }
    for ((key, _, _), rule) in PANCA_SUTRA.iter().zip(g.rules) {
        f.values.insert(key.to_string(), rule.unwrap_or_default());
    }
    Ok(form_page(lang, &s, id, lang.pick("Ubah KSM", "Edit KSM"), &f, &format!("/i/{id}/ksm/{k}/edit"), StatusCode::OK))
}

pub async fn update(
    State(st): State<AppState>,
    Path((id, k)): Path<(i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match svc::update(&st.db, &s.ctx, id, k, &input_of(lang, &form)?).await {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}/ksm/{k}")).into_response()),
        Err(AppError::Invalid(errs)) => Ok(form_page(
            lang,
            &s,
            id,
            lang.pick("Ubah KSM", "Edit KSM"),
            &FormState::with_errors(form.0.clone(), &errs),
            &format!("/i/{id}/ksm/{k}/edit"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

async fn render(st: &AppState, s: &Session, id: i64, g: &Ksm, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let k = g.id;
    let members = records::members(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    let balances = savings_svc::balances(&st.db, id, k).await.map_err(app_err(lang))?;
    let meetings = records::meetings(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    let waiting: HashMap<i64, i64> =
        records::waiting_corrections(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?.into_iter().collect();
    let can_group = s.ctx.actor.can(id, Action::WriteGroups);
    let people = if can_group { records::candidates(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))? } else { Vec::new() };
    let can_record = s.ctx.actor.can(id, Action::RecordMeetings);
    let today = chrono::Local::now().date_naive().to_string();
    let mut person_opts = vec![(String::new(), lang.pick("— pilih warga —", "— choose a person —").to_string())];
    person_opts.extend(people.iter().map(|p| {
        (p.id.to_string(), format!("{}{}", p.data.name, p.data.rt.as_deref().map(|r| format!(" · RT {r}")).unwrap_or_default()))
    }));
    let role_opts: Vec<(String, String)> = ROLES.iter().map(|r| (r.to_string(), role_label(r, lang).to_string())).collect();
    let active: Vec<_> = members.iter().filter(|m| m.left_on.is_none()).collect();
    // Members who left with savings still appear, so their money can be paid out.
    let member_opts: Vec<(String, String)> = members
        .iter()
        .filter(|m| m.left_on.is_none() || SAVINGS_KINDS.iter().any(|kd| balances.of(m.id, *kd).0 > 0))
        .map(|m| (m.id.to_string(), m.name.clone()))
        .collect();
    let kind_opts: Vec<(String, String)> =
        SAVINGS_KINDS.iter().map(|k| (k.code().to_string(), k.label(lang).to_string())).collect();
    let charts = meeting_charts(st, s, id, &meetings).await?;
    let stage = records::stages(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?.into_iter().next().map(|d| d.stage);
    let body = html! {
        p.muted { a href={"/i/" (id) "/ksm"} { "KSM" } }
        h1 { (g.data.name) }
        p.muted { (kind_label(&g.data.kind, lang)) " · " (lang.pick("terbentuk ", "formed ")) (layout::date(lang, &g.data.formed_on)) " · "
            (rhythm_label(&g.data.rhythm, lang)) @if let Some(d) = &g.data.meeting_day { ", " (d) } @if let Some(p) = &g.data.meeting_place { ", " (p) } }
        div.actions {
            @if can_record { a.button href={"/i/" (id) "/ksm/" (k) "/sheet"} { (lang.pick("+ Lembar pertemuan", "+ Meeting sheet")) } }
            a.button.secondary href={"/i/" (id) "/ksm/" (k) "/assessment"} { (lang.pick("Penilaian kelulusan & kelayakan", "Graduation & eligibility")) }
            a.button.secondary href={"/i/" (id) "/ksm/" (k) "/independence"} { (lang.pick("Faktor kemandirian", "Independence factors")) }
            a.button.secondary href={"/i/" (id) "/ksm/" (k) "/stage"} {
                (lang.pick("Tahap: ", "Stage: ")) (stage.as_deref().map(|s| swadaya_domain::stage::stage_label(s, lang)).unwrap_or(lang.pick("belum dinilai", "not assessed")))
            }
            @if can_group { a.button.secondary href={"/i/" (id) "/ksm/" (k) "/edit"} { (lang.pick("Ubah data & aturan", "Edit details & rules")) } }
        }
        @if let Some(msgs) = f.errors.get("member") { div.warn role="alert" { @for m in msgs { p { (m) } } } }
        (f.error_summary(lang))
        h2 { (lang.pick("Anggota dan tabungan", "Members and savings")) }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Nama", "Name")) } th { (lang.pick("Peran", "Role")) }
                @for kd in SAVINGS_KINDS { th.num { (kd.short(lang)) } } th {} } }
            tbody { @for m in &members { tr {
                td data-label=(lang.pick("Nama", "Name")) { a href={"/i/" (id) "/ksm/" (k) "/members/" (m.id) "/statement"} { (m.name) } " " span.muted { (m.sex) } }
                td data-label=(lang.pick("Peran", "Role")) { (role_label(&m.role, lang)) @if let Some(l) = &m.left_on { br; span.badge { (lang.pick("keluar ", "left ")) (layout::date(lang, l)) } } }
                @for kd in SAVINGS_KINDS { td.num data-label=(kd.short(lang)) { (balances.of(m.id, kd)) } }
                td { @if can_group && m.left_on.is_none() {
                    form.actions method="post" action={"/i/" (id) "/ksm/" (k) "/members/" (m.id) "/leave"} {
                        (csrf_field(&s.csrf))
                        input type="date" name="left_on" value=(today) aria-label=(lang.pick("Tanggal keluar", "Leaving date"));
                        button.secondary type="submit" { (lang.pick("Catat keluar", "Mark as left")) }
                    }
                } }
            } } }
        } }
        p { strong { (lang.pick("Kas tabungan kelompok: ", "Group savings cash: ")) (balances.total) } " · "
            a href={"/i/" (id) "/ksm/" (k) "/export.xlsx"} { (lang.pick("Unduh xlsx", "Download xlsx")) } " · "
            a href={"/i/" (id) "/ksm/" (k) "/export.csv"} { (lang.pick("Unduh CSV", "Download CSV")) } }
        @if can_group {
            details.card open[f.errors.keys().any(|k| k == "person_id" || k == "role" || k == "joined_on")] { summary { (lang.pick("+ Tambah anggota", "+ Add a member")) }
                form.stack method="post" action={"/i/" (id) "/ksm/" (k) "/members"} novalidate {
                    (csrf_field(&s.csrf))
                    (f.select("person_id", lang.pick("Warga", "Person"), &person_opts))
                    (f.select("role", lang.pick("Peran", "Role"), &role_opts))
                    (f.input("joined_on", lang.pick("Bergabung", "Joined"), "date", None))
                    button type="submit" { (lang.pick("Tambah", "Add")) }
                    p.muted { (lang.pick("Belum terdaftar sebagai warga? ", "Not in the register yet? ")) a href={"/i/" (id) "/people/new"} { (lang.pick("Daftarkan dulu", "Register first")) } }
                }
            }
        }
        @if can_record && !active.is_empty() {
            details.card open[f.errors.keys().any(|k| k == "amount" || k == "on_date" || k == "kind" || k == "member_id")] { summary { (lang.pick("Penarikan tabungan", "Savings withdrawal")) }
                form.stack method="post" action={"/i/" (id) "/ksm/" (k) "/withdraw"} novalidate {
                    (csrf_field(&s.csrf))
                    input type="hidden" name="idem_key" value=(swadaya_core::app::auth::random_token());
                    (f.select("member_id", lang.pick("Anggota", "Member"), &member_opts))
                    (f.select("kind", lang.pick("Jenis tabungan", "Kind of savings"), &kind_opts))
                    (f.input("amount", lang.pick("Jumlah (Rp)", "Amount (Rp)"), "text", None))
                    (f.input("on_date", lang.pick("Tanggal", "Date"), "date", None))
                    (f.input("note", lang.pick("Keterangan", "Note"), "text", None))
                    button type="submit" { (lang.pick("Catat penarikan", "Record the withdrawal")) }
                }
            }
        }
        @if !charts.0.is_empty() {
            div.charts {
                (crate::charts::bars(lang.pick("Kehadiran per pertemuan (%)", "Attendance per meeting (%)"), &charts.0, 100, Some((80, "80 %"))))
                (crate::charts::bars(lang.pick("Setoran tabungan per pertemuan", "Savings deposited per meeting"), &charts.1, 0, None))
            }
        }
        h2 { (lang.pick("Pertemuan", "Meetings")) }
        p.no-print {
            a href={"/i/" (id) "/ksm/" (k) "/sheet.pdf"} { (lang.pick("Cetak lembar isi tangan (PDF)", "Print a sheet to fill by hand (PDF)")) }
            @if can_record {
                " · " a href="/field" { (lang.pick("Mode lapangan (tanpa sinyal)", "Field mode (no signal)")) }
                " · " a href={"/i/" (id) "/ksm/" (k) "/field-file"} { (lang.pick("Impor berkas dari ponsel", "Import a file from a phone")) }
            }
        }
        @if meetings.is_empty() { p.muted { (lang.pick("Belum ada lembar pertemuan.", "No meeting sheets yet.")) } }
        ul { @for m in &meetings { li {
            a href={"/i/" (id) "/ksm/" (k) "/meetings/" (m.id)} { (layout::date(lang, &m.held_on)) }
            @if m.amends_id.is_some() { " " span.badge { (lang.pick("koreksi", "correction")) } }
            @if let Some(n) = waiting.get(&m.id) { " " span.badge.late { (n) " " (lang.pick("usulan koreksi menunggu", "proposed corrections waiting")) } }
            " " span.muted {
                (lang.pick("dicatat ", "entered ")) (layout::date(lang, &m.entered_on)) " · " (m.entered_by)
                @if m.from_field { " · " (lang.pick("dari ponsel (mode lapangan)", "from a phone (field mode)")) }
            }
            @if let Some(late) = days_late(m, g.data.bookkeeping_days) {
                " " span.badge.late { (lang.pick("terlambat ", "late by ")) (late) (lang.pick(" hari", " days")) }
            }
        } } }
        h2 #rules { (lang.pick("Aturan main (Panca Sutra)", "Group rules (Panca Sutra)")) }
        dl.facts { @for ((_, id_label, en_label), rule) in PANCA_SUTRA.iter().zip(&g.data.rules) {
            dt { (lang.pick(id_label, en_label)) } dd { (rule.as_deref().unwrap_or(lang.pick("belum ditulis", "not written yet"))) }
        } }
    };
    Ok((status, layout::page(lang, Some(s), &g.data.name, body)).into_response())
}

/// Days a sheet was entered after the group's agreed bookkeeping time (Panca Sutra: pencatatan),
/// or `None` when on time. Corrections are not counted: they are late by nature.
fn days_late(m: &Meeting, allowed: i64) -> Option<i64> {
    if m.amends_id.is_some() {
        return None;
    }
    let held = swadaya_domain::dates::parse_iso(&m.held_on)?;
    let entered = swadaya_domain::dates::parse_iso(m.entered_on.get(..10).unwrap_or(&m.entered_on))?;
    let late = (entered - held).num_days() - allowed;
    (late > 0).then_some(late)
}

/// Attendance % and savings deposited for the last 12 meetings (the sheets in force).
async fn meeting_charts(st: &AppState, s: &Session, id: i64, meetings: &[Meeting]) -> Result<(Vec<Bar>, Vec<Bar>), WebError> {
    let mut latest = swadaya_core::app::ksm::sheets::latest_versions(meetings);
    latest.truncate(12);
    latest.reverse();
    let (mut attendance, mut savings) = (Vec::new(), Vec::new());
    for m in &latest {
        let lines = records::lines(&st.db, &s.ctx, id, m).await.map_err(app_err(s.ctx.lang))?;
        let present = lines.iter().filter(|l| l.attendance == "hadir").count() as i64;
        let pct = if lines.is_empty() { 0 } else { 100 * present / lines.len() as i64 };
        let label = m.held_on.get(8..10).unwrap_or("").to_string() + "/" + m.held_on.get(5..7).unwrap_or("");
        attendance.push(Bar { label: label.clone(), value: pct, caption: format!("{present}/{} ({pct} %)", lines.len()) });
        let total: i64 = lines.iter().map(|l| l.wajib + l.sukarela + l.tanggung_renteng).sum();
        savings.push(Bar { label, value: total, caption: Rupiah(total).to_string() });
    }
    Ok((attendance, savings))
}

pub async fn show(State(st): State<AppState>, s: Session, Path((id, k)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let g = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(app_err(s.ctx.lang))?;
    let mut f = FormState::default();
    f.values.insert("joined_on".into(), chrono::Local::now().date_naive().to_string());
    f.values.insert("on_date".into(), chrono::Local::now().date_naive().to_string());
    f.values.insert("role".into(), "anggota".into());
    render(&st, &s, id, &g, &f, StatusCode::OK).await
}

pub(super) async fn after(
    st: &AppState,
    s: &Session,
    id: i64,
    k: i64,
    form: &FormData,
    r: swadaya_core::app::AppResult<()>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}/ksm/{k}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            let g = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
            render(st, s, id, &g, &FormState::with_errors(form.0.clone(), &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
