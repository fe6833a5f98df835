//! Proposals on the web: the list, the form with its budget lines and photos, one proposal's
//! page with the board's score sheet, and attachment downloads.

use crate::error::WebError;
use crate::form::CheckedForm;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::upload::files_field;
use crate::upload::Files;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use swadaya_core::app::activities::{proposals as svc, rab_field, ranking};
use swadaya_core::app::AppError;
use swadaya_domain::activity::rab::format_quantity;
use swadaya_domain::activity::{Kind, ALL_KINDS};
use swadaya_domain::roles::Action;
use swadaya_domain::{Lang, Rupiah};

/// Empty budget rows offered on a new proposal (works without JavaScript).
pub const RAB_ROWS: usize = 8;

pub fn app_err(lang: Lang) -> impl Fn(AppError) -> WebError {
    move |e| WebError::from_app(e, lang)
}

pub fn kind_label(code: &str, lang: Lang) -> &'static str {
    Kind::parse(code).map(|k| k.label(lang)).unwrap_or("?")
}

pub fn kind_options(lang: Lang) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), lang.pick("— pilih jenis —", "— choose a kind —").to_string())];
    v.extend(ALL_KINDS.iter().map(|k| (k.code().to_string(), k.label(lang).to_string())));
    v
}

pub fn status_badge(status: &str, lang: Lang) -> Markup {
    html! { span.badge { (ranking::outcome_label(status, lang)) } }
}

pub async fn list(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let rows = svc::list(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let body = html! {
        p.muted { a href={"/i/" (id) "/activities"} { "← " (lang.pick("Kegiatan", "Activities")) } }
        h1 { (lang.pick("Usulan kegiatan", "Activity proposals")) }
        p.actions {
            @if s.ctx.actor.can(id, Action::ProposeActivities) { a.button href={"/i/" (id) "/proposals/new"} { (lang.pick("Tulis usulan", "New proposal")) } }
            a.button.secondary href={"/i/" (id) "/proposals/ranking"} { (lang.pick("Peringkat & keputusan BKM", "Ranking & board decision")) }
        }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Usulan", "Proposal")) } th { (lang.pick("Pengusul", "Proposer")) } th.num { (lang.pick("KK miskin", "Poor households")) } th.num { "RAB" } th { (lang.pick("Status", "Status")) } } }
            tbody { @for p in &rows { tr {
                td data-label=(lang.pick("Usulan", "Proposal")) { div { a href={"/i/" (id) "/proposals/" (p.id)} { (p.title) } br; span.muted { (kind_label(&p.kind, lang)) } } }
                td data-label=(lang.pick("Pengusul", "Proposer")) { (p.proposer) }
                td.num data-label=(lang.pick("KK miskin", "Poor households")) { (p.poor_households) " / " (p.households) }
                td.num data-label="RAB" { (Rupiah(p.budget)) }
                td data-label=(lang.pick("Status", "Status")) { div { (status_badge(&p.status, lang)) } }
            } } }
        } }
        @if rows.is_empty() { p.muted { (lang.pick("Belum ada usulan.", "No proposals yet.")) } }
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Usulan kegiatan", "Activity proposals"), body).into_response())
}

/// The budget rows of a form, as many as were sent (at least `min`).
pub fn rab_rows(f: &FormState, lang: Lang, min: usize) -> Markup {
    let sent = (0..200).take_while(|i| f.values.contains_key(&rab_field(*i, "item"))).count();
    html! {
        fieldset.rab {
            legend { (lang.pick("Rencana anggaran biaya (RAB)", "Budget lines (RAB)")) }
            p.hint { (lang.pick("Satu barang atau pekerjaan per baris. Volume boleh pakai koma (12,5). Baris kosong dilewati.", "One item or job per row. Quantities may have decimals (12,5). Empty rows are skipped.")) }
            (f.errors_at("rab"))
            @for i in 0..sent.max(min) {
                div.rab-row {
                    (f.input(&rab_field(i, "item"), &format!("{} {}", lang.pick("Uraian", "Item"), i + 1), "text", None))
                    (f.input(&rab_field(i, "unit"), lang.pick("Satuan", "Unit"), "text", None))
                    (f.input(&rab_field(i, "quantity"), lang.pick("Volume", "Quantity"), "text", None))
                    (f.input(&rab_field(i, "unit_price"), lang.pick("Harga satuan (Rp)", "Unit price (Rp)"), "text", None))
                }
            }
        }
    }
}

async fn render_new(st: &AppState, s: &Session, id: i64, f: &FormState, status: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    s.ctx.require(id, Action::ProposeActivities).map_err(app_err(lang))?;
    // The groups this user may propose for: all of them, or a KSM treasurer's own.
    let groups = swadaya_core::app::ksm::list(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let mut ksm_options = if s.ctx.actor.only_some_ksm(id) {
        vec![]
    } else {
        vec![(String::new(), lang.pick("— bukan KSM / panitia —", "— not a KSM / working group —").to_string())]
    };
    ksm_options.extend(groups.iter().map(|g| (g.id.to_string(), g.data.name.clone())));
    let body = html! {
        p.muted { a href={"/i/" (id) "/proposals"} { "← " (lang.pick("Usulan kegiatan", "Activity proposals")) } }
        h1 { (lang.pick("Usulan kegiatan baru", "New activity proposal")) }
        (f.error_summary(lang))
        form.stack.card method="post" action={"/i/" (id) "/proposals"} enctype="multipart/form-data" novalidate {
            (csrf_field(&s.csrf))
            (f.input("proposal_title", lang.pick("Judul usulan", "Title"), "text", Some(lang.pick("misalnya Pembangunan jalan paving", "e.g. Road paving"))))
            (f.select("activity_kind", lang.pick("Jenis kegiatan", "Kind of activity"), &kind_options(lang)))
            (f.input("proposer", lang.pick("Pengusul (KSM atau panitia)", "Proposer (KSM or working group)"), "text", None))
            (f.select("ksm_id", lang.pick("KSM terdaftar (bila ada)", "Registered KSM (if any)"), &ksm_options))
            (f.input("location", lang.pick("Lokasi", "Location"), "text", Some(lang.pick("sampai RT/RW, misalnya RT 09 dan RT 10", "down to RT/RW"))))
            (f.input("households", lang.pick("KK penerima manfaat", "Beneficiary households"), "number", None))
            (f.input("poor_households", lang.pick("di antaranya KK miskin", "of which poor households"), "number", None))
            (f.input("women", lang.pick("Perempuan penerima manfaat", "Women beneficiaries"), "number", None))
            (f.textarea("description", lang.pick("Uraian dan alasan", "Description and reasons")))
            (f.input("submitted_on", lang.pick("Tanggal usulan", "Date proposed"), "date", None))
            (rab_rows(f, lang, RAB_ROWS))
            (files_field("files", lang.pick("Foto lokasi, sketsa", "Site photos, sketches"), f, lang))
            button type="submit" { (lang.pick("Simpan usulan", "Save the proposal")) }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Usulan baru", "New proposal"), body)).into_response())
}

pub async fn new_form(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let mut f = FormState::default();
    f.values.insert("submitted_on".into(), chrono::Local::now().date_naive().to_string());
    render_new(&st, &s, id, &f, StatusCode::OK).await
}

pub async fn create(State(st): State<AppState>, s: Session, Path(id): Path<i64>, Files(mp): Files) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    // Refused before the upload is read: a file is no business of someone who may not post it.
    s.ctx.require(id, Action::ProposeActivities).map_err(|e| WebError::from_app(e, lang))?;
    let (form, files) = crate::upload::read(mp, &s.csrf, lang).await?;
    let mut input: svc::ProposalInput = form.parse(lang)?;
    input.rab = form.rows(lang, "rab", "item")?;
    match svc::create(&st.db, &s.ctx, id, &input, &files).await {
        Ok(p) => Ok(Redirect::to(&format!("/i/{id}/proposals/{p}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_new(&st, &s, id, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

pub fn rab_table(lang: Lang, lines: &[svc::RabLine], spent: Option<&[i64]>) -> Markup {
    html! {
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Uraian", "Item")) } th.num { (lang.pick("Volume", "Quantity")) } th.num { (lang.pick("Harga satuan", "Unit price")) } th.num { (lang.pick("Jumlah", "Total")) }
                @if spent.is_some() { th.num { (lang.pick("Dibayar", "Paid")) } } } }
            tbody { @for (i, l) in lines.iter().enumerate() { tr {
                td data-label=(lang.pick("Uraian", "Item")) { (l.item) }
                td.num data-label=(lang.pick("Volume", "Quantity")) { (format_quantity(l.quantity, lang)) " " (l.unit) }
                td.num data-label=(lang.pick("Harga satuan", "Unit price")) { (Rupiah(l.unit_price)) }
                td.num data-label=(lang.pick("Jumlah", "Total")) { (Rupiah(l.total)) }
                @if let Some(sp) = spent {
                    @let v = sp.get(i).copied().unwrap_or(0);
                    td.num data-label=(lang.pick("Dibayar", "Paid")) class=[(v > l.total).then_some("over")] { (Rupiah(v)) }
                }
            } } }
            tfoot { tr { th colspan="3" { (lang.pick("Jumlah RAB", "Budget total")) } th.num data-label=(lang.pick("Jumlah", "Total")) { (Rupiah(lines.iter().map(|l| l.total).sum())) }
                @if let Some(sp) = spent { th.num data-label=(lang.pick("Dibayar", "Paid")) { (Rupiah(sp.iter().sum())) } } } }
        } }
    }
}

pub fn attachment_links(id: i64, files: &[&swadaya_core::app::attachments::Meta]) -> Markup {
    html! {
        @if !files.is_empty() { ul.files { @for f in files {
            li { a href={"/i/" (id) "/attachments/" (f.id)} { (f.filename) } " " span.muted { "(" (f.size / 1024 + 1) " KB)" } }
        } } }
    }
}

async fn render_show(
    st: &AppState,
    s: &Session,
    id: i64,
    pid: i64,
    f: &FormState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let v = svc::view(&st.db, &s.ctx, id, pid).await.map_err(app_err(lang))?;
    let p = &v.proposal;
    let open = matches!(p.status.as_str(), "submitted" | "deferred");
    let crit = if open && s.ctx.actor.can(id, Action::DecideProposals) {
        ranking::criteria(&st.db, &s.ctx, id).await.map_err(app_err(lang))?
    } else {
        vec![]
    };
    let score_opts: Vec<(String, String)> =
        std::iter::once((String::new(), "—".to_string())).chain((1..=5).map(|n| (n.to_string(), n.to_string()))).collect();
    let files: Vec<&swadaya_core::app::attachments::Meta> = v.files.iter().collect();
    let body = html! {
        p.muted { a href={"/i/" (id) "/proposals"} { "← " (lang.pick("Usulan kegiatan", "Activity proposals")) } }
        h1 { (p.title) }
        // A refused score sheet comes back here, at the top, where the page opens.
        (f.error_summary(lang))
        p { (status_badge(&p.status, lang)) @if let Some(r) = &p.decision_reason { " " (r) } }
        dl.facts {
            dt { (lang.pick("Jenis", "Kind")) } dd { (kind_label(&p.kind, lang)) }
            dt { (lang.pick("Pengusul", "Proposer")) } dd { (p.proposer) }
            dt { (lang.pick("Lokasi", "Location")) } dd { (p.location) }
            dt { (lang.pick("Penerima manfaat", "Beneficiaries")) } dd { (p.households) " KK, " (p.poor_households) " " (lang.pick("KK miskin", "poor households")) ", " (p.women) " " (lang.pick("perempuan", "women")) }
            dt { (lang.pick("Tanggal usulan", "Date proposed")) } dd { (layout::date(lang, &p.submitted_on)) }
        }
        @if let Some(d) = &p.description { p { (d) } }
        h2 { "RAB" }
        (rab_table(lang, &v.lines, None))
        (attachment_links(id, &files))
        @if let Some(a) = v.activity_id {
            p { a.button href={"/i/" (id) "/activities/" (a)} { (lang.pick("Lihat kegiatannya", "See its activity")) } }
        } @else if p.status == "funded" && s.ctx.actor.can(id, Action::WriteActivities) {
            p { a.button href={"/i/" (id) "/activities/new?proposal_id=" (pid)} { (lang.pick("Jadikan kegiatan", "Start the activity")) } }
        }
        @if !crit.is_empty() {
            h2 { (lang.pick("Lembar penilaian", "Score sheet")) }
            p.hint { (lang.pick("Nilai 1 (kurang) sampai 5 (sangat baik) per kriteria. Penilai yang sama menilai ulang: nilainya diganti.", "Score 1 (poor) to 5 (very good) per criterion. The same scorer scoring again replaces the earlier sheet.")) }
            form.stack.card method="post" action={"/i/" (id) "/proposals/" (pid) "/score"} novalidate {
                (csrf_field(&s.csrf))
                (f.input("scorer", lang.pick("Penilai", "Scorer"), "text", Some(lang.pick("nama pengurus, atau Musyawarah untuk nilai bersama", "board member's name, or Musyawarah for a consensus"))))
                @for c in &crit { (f.select(&ranking::score_field(c.id), &format!("{} ({} %)", c.name, c.weight), &score_opts)) }
                button type="submit" { (lang.pick("Simpan nilai", "Save the scores")) }
            }
        }
    };
    Ok((status, layout::page(lang, Some(s), &p.title, body)).into_response())
}

pub async fn show(State(st): State<AppState>, s: Session, Path((id, pid)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let mut f = FormState::default();
    f.values.insert("scorer".into(), s.ctx.actor.display_name.clone());
    render_show(&st, &s, id, pid, &f, StatusCode::OK).await
}

pub async fn score(
    State(st): State<AppState>,
    Path((id, pid)): Path<(i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let mut input: ranking::ScoreInput = form.parse(lang)?;
    input.scores = form
        .0
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("score-").and_then(|c| c.parse().ok()).map(|c| (c, v.clone())))
        .collect();
    match ranking::score(&st.db, &s.ctx, id, pid, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}/proposals/ranking")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_show(&st, &s, id, pid, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

/// An attachment, shown in the browser when it is a photo or PDF (its type was checked on upload).
pub async fn attachment(State(st): State<AppState>, s: Session, Path((id, aid)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (meta, data) = svc::attachment(&st.db, &s.ctx, id, aid).await.map_err(app_err(lang))?;
    Ok(crate::upload::inline(&meta, data, "private, max-age=3600"))
}
