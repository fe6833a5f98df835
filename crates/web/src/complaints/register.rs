//! The complaints unit's register: the list with overdue complaints flagged first, the form
//! for complaints that came by letter, box, visit, call, media or field finding, one
//! complaint's page with its whole history, and one page per step.

use super::{category_label, category_options, kind_label, kind_options, status_badge};
use crate::activities::proposals::app_err;
use crate::error::WebError;
use crate::form::Checked;
use crate::layout::{self, csrf_field, FormState};
use crate::registers::{page_number, PER_PAGE};
use crate::session::Session;
use crate::upload::files_field;
use crate::AppState;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use swadaya_core::app::complaints::steps::{self, StepInput};
use swadaya_core::app::complaints::{self as svc, ComplaintInput};
use swadaya_core::app::AppError;
use swadaya_domain::complaint::{sla::Overdue, Channel, Level, Step, ALL_CHANNELS};
use swadaya_domain::roles::Action;
use swadaya_domain::Lang;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn flags(o: &[Overdue], lang: Lang) -> Markup {
    html! { @for x in o { span.badge.late { "⚠ " (x.label(lang)) } " " } }
}

pub async fn list(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let page = page_number(q.get("page").map(String::as_str));
    let status = q.get("status").map(String::as_str).filter(|x| !x.is_empty());
    let reg = svc::list(&st.db, &s.ctx, id, status, PER_PAGE, (page - 1) * PER_PAGE, today()).await.map_err(app_err(lang))?;
    let can_handle = s.ctx.actor.can(id, Action::HandleComplaints);
    let row = |l: &svc::Listed| {
        let c = &l.complaint;
        html! { tr {
            td data-label=(lang.pick("Diterima", "Received")) { (layout::date(lang, &c.received_on)) }
            td data-label=(lang.pick("Kode", "Code")) { a href={"/i/" (id) "/complaints/" (c.id)} { (c.tracking_code) } }
            td data-label=(lang.pick("Kategori", "Category")) { (category_label(&c.category, lang)) }
            td data-label="Status" { div { (status_badge(&c.status, lang)) " " (flags(&l.overdue, lang))
                @if c.institution_id != id { br; span.muted { (lang.pick("di ", "at ")) (c.institution_name) } } } }
        } }
    };
    let filter = |code: &str, label: &str| {
        let on = status.unwrap_or("") == code;
        html! { a.chip.on[on] href={"/i/" (id) "/complaints" @if !code.is_empty() { "?status=" (code) }} { (label) } " " }
    };
    let body = html! {
        p.muted { a href={"/i/" (id)} { "← " (lang.pick("Lembaga", "Institution")) } }
        h1 { (lang.pick("Register pengaduan", "Complaint register")) }
        p.actions {
            @if can_handle { a.button href={"/i/" (id) "/complaints/new"} { (lang.pick("Catat pengaduan", "Register a complaint")) } }
            a.button.secondary href={"/p/" (id) "/pengaduan"} { (lang.pick("Formulir publik", "Public form")) }
            @if s.ctx.actor.is_system { a.button.secondary href="/admin/holidays" { (lang.pick("Hari libur", "Holidays")) } }
        }
        @if !reg.overdue.is_empty() {
            div.warn #overdue role="alert" {
                strong { (lang.pick("Lewat batas waktu layanan", "Past the service levels")) " (" (reg.overdue.len()) ")" }
                ul { @for l in &reg.overdue { li {
                    a href={"/i/" (id) "/complaints/" (l.complaint.id)} { (l.complaint.tracking_code) } " · "
                    (layout::date(lang, &l.complaint.received_on)) " · " (flags(&l.overdue, lang))
                } } }
            }
        }
        p.filters {
            (filter("", lang.pick("Semua", "All")))
            (filter("open", lang.pick("Belum selesai", "Open")))
            @for (st_, n) in &reg.counts { (filter(st_.code(), &format!("{} ({n})", st_.label(lang)))) }
        }
        @if reg.rows.is_empty() { p.muted { (lang.pick("Belum ada pengaduan di sini.", "No complaints here yet.")) } }
        @else {
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("Diterima", "Received")) } th { (lang.pick("Kode", "Code")) } th { (lang.pick("Kategori", "Category")) } th { "Status" } } }
                tbody { @for l in &reg.rows { (row(l)) } }
            } }
        }
        (layout::pager(lang, &format!("/i/{id}/complaints"), &[("status", status.unwrap_or(""))], page, PER_PAGE, reg.total))
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Pengaduan", "Complaints"), body).into_response())
}

fn channel_options(lang: Lang) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), lang.pick("— pilih —", "— choose —").to_string())];
    v.extend(ALL_CHANNELS.iter().filter(|c| **c != Channel::Web).map(|c| (c.code().to_string(), c.label(lang).to_string())));
    v
}

fn render_new(s: &Session, id: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::HandleComplaints).map_err(app_err(lang))?;
    let body = html! {
        p.muted { a href={"/i/" (id) "/complaints"} { "← " (lang.pick("Register pengaduan", "Complaint register")) } }
        h1 { (lang.pick("Catat pengaduan", "Register a complaint")) }
        (f.error_summary(lang))
        form.stack.card method="post" action={"/i/" (id) "/complaints"} enctype="multipart/form-data" novalidate {
            (csrf_field(&s.csrf))
            input type="hidden" name="idem_key" value=(f.value("idem_key"));
            (f.select("channel", lang.pick("Diterima melalui", "Received through"), &channel_options(lang)))
            (f.input("received_on", lang.pick("Tanggal diterima", "Received on"), "date", None))
            (f.select("complaint_kind", lang.pick("Jenis", "Kind"), &kind_options(lang)))
            (f.select("category", lang.pick("Kategori", "Category"), &category_options(lang)))
            (f.textarea("content", lang.pick("Isi pengaduan", "Complaint")))
            (f.input("addressed_to", lang.pick("Ditujukan kepada", "Addressed to"), "text", Some(lang.pick("boleh kosong", "optional"))))
            (f.input("name", lang.pick("Nama pengadu", "Complainant's name"), "text", Some(lang.pick("kosongkan bila anonim", "empty if anonymous"))))
            (f.input("contact", lang.pick("Kontak pengadu", "Complainant's contact"), "text", Some(lang.pick("boleh kosong; tidak ditampilkan di publik", "optional; never public"))))
            (files_field("files", lang.pick("Surat, foto atau kliping", "Letter, photo or clipping"), f, lang))
            button type="submit" { (lang.pick("Simpan ke register", "Save to the register")) }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Catat pengaduan", "Register a complaint"), body)).into_response())
}

pub async fn new_form(s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let mut f = FormState::default();
    f.values.insert("received_on".into(), today().to_string());
    f.values.insert("idem_key".into(), swadaya_core::app::auth::random_token());
    render_new(&s, id, &f, StatusCode::OK)
}

pub async fn create(State(st): State<AppState>, s: Session, Path(id): Path<i64>, req: Request) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    // Refused before the upload is read: a file is no business of someone who may not post it.
    s.ctx.require(id, Action::HandleComplaints).map_err(|e| WebError::from_app(e, lang))?;
    let mp = axum::extract::Multipart::from_request(req, &st).await.map_err(|_| crate::upload::not_multipart(lang))?;
    let (form, files) = crate::upload::read(mp, &s.csrf, lang).await?;
    let input: ComplaintInput = form.parse(lang)?;
    match svc::register(&st.db, &s.ctx, id, &input, &files).await {
        Ok((cid, _)) => Ok(Redirect::to(&format!("/i/{id}/complaints/{cid}")).into_response()),
        Err(AppError::Invalid(mut errs)) => {
            super::public::reattach_note(&mut errs, &files, lang);
            render_new(&s, id, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

const STEPS: [Step; 7] = [Step::Verify, Step::Decide, Step::Answer, Step::Correction, Step::Escalate, Step::Reject, Step::Note];

pub async fn show(State(st): State<AppState>, s: Session, Path((id, cid)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let v = svc::view(&st.db, &s.ctx, id, cid, today()).await.map_err(app_err(lang))?;
    let c = &v.complaint;
    let status = svc::status_of(c);
    let d = &v.deadlines;
    let open = !status.is_closed();
    let body = html! {
        p.muted { a href={"/i/" (id) "/complaints"} { "← " (lang.pick("Register pengaduan", "Complaint register")) } }
        h1 { (lang.pick("Pengaduan ", "Complaint ")) (c.tracking_code) }
        p { (status_badge(&c.status, lang)) " " (flags(&v.overdue, lang)) }
        @if c.institution_id != id {
            p.warn { (lang.pick("Pengaduan ini sudah diteruskan ke ", "This complaint was escalated to ")) strong { (c.institution_name) }
                (lang.pick(". Langkah berikutnya dicatat di sana; riwayatnya tetap terlihat di sini.", ". The next steps are recorded there; the history stays visible here.")) }
        }
        @if v.can_act {
            div.actions { @for st_ in STEPS.iter().filter(|x| svc::next_status(c, **x).is_some() && **x != Step::Note) {
                a.button href={"/i/" (id) "/complaints/" (c.id) "/" (st_.code())} { (st_.label(lang)) }
            } a.button.secondary href={"/i/" (id) "/complaints/" (c.id) "/note"} { (Step::Note.label(lang)) } }
        }
        div.card { dl.facts {
            dt { (lang.pick("Diterima", "Received")) } dd { (layout::date(lang, &c.received_on)) " · " (Channel::parse(&c.channel).map(|x| x.label(lang)).unwrap_or("")) }
            dt { (lang.pick("Jenis / kategori", "Kind / category")) } dd { (kind_label(&c.kind, lang)) " · " (category_label(&c.category, lang)) }
            dt { (lang.pick("Pengadu", "Complainant")) } dd { (c.complainant_name.as_deref().unwrap_or(lang.pick("anonim", "anonymous"))) }
            dt { (lang.pick("Kontak", "Contact")) } dd { (c.complainant_contact.as_deref().unwrap_or("–")) }
            dt { (lang.pick("Ditujukan kepada", "Addressed to")) } dd { (c.addressed_to.as_deref().unwrap_or("–")) }
            dt { (lang.pick("Ditangani oleh", "Handled by")) } dd { (c.institution_name) " · " (Level::parse(&c.level).map(|l| l.label(lang)).unwrap_or("")) }
            @if let Some(r) = &c.external_ref { dt { "SP4N-LAPOR!" } dd { (r) } }
            @if open {
                dt { (lang.pick("Batas verifikasi", "Verify by")) } dd { (layout::date(lang, &d.verify_by.to_string())) }
                dt { (lang.pick("Batas keputusan penanganan", "Decide handling by")) } dd { (layout::date(lang, &d.decide_by.to_string())) }
                dt { (lang.pick("Batas selesai", "Resolve by")) } dd { (layout::date(lang, &d.resolve_by.to_string())) }
            }
        } }
        h2 { (lang.pick("Isi pengaduan", "Complaint")) }
        p.prewrap { (c.content) }
        @if !v.files.is_empty() { ul.files { @for f in &v.files {
            li { a href={"/i/" (id) "/complaints/" (c.id) "/files/" (f.id)} { (f.filename) } " " span.muted { "(" (f.size / 1024 + 1) " KB)" } }
        } } }
        h2 { (lang.pick("Riwayat", "History")) }
        ol.history {
            li { strong { (layout::date(lang, &c.received_on)) } " · " (lang.pick("Diterima", "Received")) }
            @for x in &v.steps { li {
                strong { (layout::date(lang, &x.step_on)) } " · " (Step::parse(&x.step).map(|y| y.label(lang)).unwrap_or("")) " · "
                span.muted { (x.institution_name) " · " (x.created_by) }
                @if let Some(to) = &x.to_institution_name { br; (lang.pick("Diteruskan kepada ", "Escalated to ")) strong { (to) } }
                p.prewrap { (x.body) }
            } }
        }
    };
    Ok(layout::page(lang, Some(&s), &c.tracking_code, body).into_response())
}

pub async fn file(
    State(st): State<AppState>,
    s: Session,
    Path((id, cid, fid)): Path<(i64, i64, i64)>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (meta, data) = svc::file(&st.db, &s.ctx, id, cid, fid, today()).await.map_err(app_err(lang))?;
    Ok(crate::upload::inline(&meta, data, "private, max-age=3600"))
}

/// A complaint up to this many characters is shown whole above a step's form.
const SHORT_CONTENT: usize = 280;

/// The complaint's first words, for the line that opens it.
fn excerpt(content: &str) -> String {
    swadaya_domain::text::shortened(&content.split_whitespace().collect::<Vec<_>>().join(" "), 90)
}

#[allow(clippy::too_many_arguments)]
async fn render_step(
    st: &AppState,
    s: &Session,
    id: i64,
    cid: i64,
    step: Step,
    f: &FormState,
    code: StatusCode,
    notice: Option<&str>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::HandleComplaints).map_err(app_err(lang))?;
    let v = svc::view(&st.db, &s.ctx, id, cid, today()).await.map_err(app_err(lang))?;
    let c = &v.complaint;
    let status = svc::status_of(c);
    if notice.is_none() && (!v.can_act || svc::next_status(c, step).is_none()) {
        let message = if c.institution_id != id {
            lang.pick(
                "Pengaduan ini sudah diteruskan ke {}; langkah berikutnya dicatat di sana.",
                "This complaint was escalated to {}; the next steps are recorded there.",
            )
            .replace("{}", &c.institution_name)
        } else {
            lang.pick("Langkah itu tidak bisa diambil pada status {}.", "That step cannot be taken when the status is {}.")
                .replace("{}", status.label(lang))
        };
        return Err(WebError::from_app(AppError::Conflict { message, link: Some(format!("/i/{id}/complaints/{cid}")) }, lang));
    }
    let (body_label, hint) = match step {
        Step::Verify => (
            lang.pick("Hasil verifikasi / investigasi", "Verification / investigation findings"),
            lang.pick("siapa yang dihubungi, apa yang diperiksa di lapangan", "whom you contacted, what you checked on site"),
        ),
        Step::Reject => (
            lang.pick("Alasan penolakan", "Reason for rejecting"),
            lang.pick(
                "misalnya bukan kewenangan lembaga ini, dan ke mana sebaiknya mengadu",
                "e.g. not this institution's authority, and where to go instead",
            ),
        ),
        Step::Decide => (
            lang.pick("Penanganan yang diputuskan", "Handling decided"),
            lang.pick("apa yang akan dilakukan, oleh siapa, kapan", "what will be done, by whom, when"),
        ),
        Step::Answer => (
            lang.pick("Jawaban kepada pengadu", "Answer to the complainant"),
            lang.pick("pengadu membaca ini dengan kode lacaknya", "the complainant reads this with the tracking code"),
        ),
        Step::Correction => (
            lang.pick("Ralat jawaban", "Correction"),
            lang.pick(
                "jawaban pertama tetap tercatat; ralat ditambahkan di bawahnya",
                "the first answer stays; the correction is added below it",
            ),
        ),
        Step::Escalate => (
            lang.pick("Alasan diteruskan", "Why it goes up"),
            lang.pick("mengapa di luar kapasitas lembaga ini", "why it is beyond this institution"),
        ),
        Step::Note => (
            lang.pick("Catatan", "Note"),
            lang.pick("catatan kerja, tidak terlihat oleh pengadu", "working note, not shown to the complainant"),
        ),
    };
    let targets = if step == Step::Escalate { steps::targets(&st.db, id).await.map_err(app_err(lang))? } else { vec![] };
    let mut to_options = vec![(String::new(), lang.pick("— pilih —", "— choose —").to_string())];
    to_options.extend(
        targets
            .iter()
            .map(|t| (t.id.to_string(), format!("{} ({})", t.name, Level::parse(&t.level).map(|l| l.label(lang)).unwrap_or("")))),
    );
    to_options.push(("national".into(), Level::National.label(lang).to_string()));
    let body = html! {
        p.muted { a href={"/i/" (id) "/complaints/" (c.id)} { "← " (c.tracking_code) } }
        h1 { (step.label(lang)) }
        p.muted { (status_badge(&c.status, lang)) " · " (category_label(&c.category, lang)) }
        // The complaint is read on its own page; here it stays one line away so the answer box is
        // in view, open when it is short.
        details.card.complaint-text open[c.content.chars().count() <= SHORT_CONTENT] {
            summary { strong { (lang.pick("Isi pengaduan", "The complaint")) } span.excerpt { ": " (excerpt(&c.content)) } }
            p.prewrap { (c.content) }
        }
        @if let Some(n) = notice {
            p.warn role="alert" { (n) " " (lang.pick("Teks yang Anda ketik masih ada di bawah; salin bila perlu.", "What you typed is still below; copy it if you need it.")) " "
                a href={"/i/" (id) "/complaints/" (c.id)} { (lang.pick("Buka riwayatnya", "Open its history")) } }
        }
        (f.error_summary(lang))
        form.stack.card method="post" action={"/i/" (id) "/complaints/" (c.id) "/" (step.code())} novalidate {
            (csrf_field(&s.csrf))
            input type="hidden" name="seen_status" value=(f.value("seen_status"));
            @if step == Step::Escalate {
                (f.select("to", lang.pick("Diteruskan kepada", "Escalate to"), &to_options))
                @if targets.is_empty() { p.muted { (lang.pick("Belum ada lembaga tingkat kecamatan, kabupaten atau provinsi yang terdaftar di atas lembaga ini; pengaduan dapat diteruskan ke SP4N-LAPOR!.", "No kecamatan, regency or province institution is registered above this one; the complaint can go to SP4N-LAPOR!.")) } }
                (f.input("external_ref", lang.pick("Nomor lacak SP4N-LAPOR!", "SP4N-LAPOR! tracking number"), "text", Some(lang.pick("hanya bila diteruskan ke SP4N-LAPOR!", "only when forwarded to SP4N-LAPOR!"))))
            }
            label for="body" { (body_label) " " span.hint { (hint) } }
            textarea id="body" name="body" rows="5" data-max=(steps::BODY_MAX) class=[f.errors.get("body").map(|_| "invalid")] { (f.value("body")) }
            (f.errors_for("body"))
            (f.input("step_on", lang.pick("Tanggal", "Date"), "date", None))
            (f.errors_for("step"))
            button type="submit" { (lang.pick("Simpan", "Save")) }
        }
    };
    Ok((code, layout::page(lang, Some(s), step.label(lang), body)).into_response())
}

fn parse_step(step: &str, lang: Lang) -> Result<Step, WebError> {
    Step::parse(step).ok_or_else(|| WebError::from_app(AppError::NotFound, lang))
}

pub async fn step_form(
    State(st): State<AppState>,
    s: Session,
    Path((id, cid, step)): Path<(i64, i64, String)>,
) -> Result<Response, WebError> {
    let step = parse_step(&step, s.ctx.lang)?;
    let v = svc::view(&st.db, &s.ctx, id, cid, today()).await.map_err(app_err(s.ctx.lang))?;
    let mut f = FormState::default();
    f.values.insert("step_on".into(), today().to_string());
    f.values.insert("seen_status".into(), v.complaint.status);
    render_step(&st, &s, id, cid, step, &f, StatusCode::OK, None).await
}

pub async fn step_post(
    State(st): State<AppState>,
    Path((id, cid, step)): Path<(i64, i64, String)>,
    Checked { s, mut input, form }: Checked<StepInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let step = parse_step(&step, lang)?;
    input.step = step.code().into();
    match steps::take(&st.db, &s.ctx, id, cid, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/complaints/{cid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_step(&st, &s, id, cid, step, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY, None)
                .await
        }
        // Moved by someone else meanwhile: the form again, with the typed text and the reason.
        Err(AppError::Conflict { message, .. }) => {
            let f = FormState { values: form.0, ..Default::default() };
            render_step(&st, &s, id, cid, step, &f, StatusCode::CONFLICT, Some(&message)).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
