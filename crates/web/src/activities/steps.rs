//! One page per step of an activity (commitment, funds received, payment with its receipt photo,
//! contribution in kind, progress with photos, hand-over), so each is a single short form on a
//! phone; the reversal of a receipt or payment with its reason; attaching proof afterwards.

use super::pages::source_label;
use super::proposals::app_err;
use crate::error::WebError;
use crate::form::Checked;
use crate::form::FormData;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::upload::files_field;
use crate::AppState;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use swadaya_core::app::activities::{money, plan};
use swadaya_core::app::books::journal::ReversalInput;
use swadaya_core::app::AppError;
use swadaya_domain::activity::funding::ALL_SOURCES;
use swadaya_domain::fund::indicators::percent;
use swadaya_domain::roles::Action;
use swadaya_domain::{Lang, Rupiah};

/// The steps of an activity, each a page with one form.
#[derive(Clone, Copy, PartialEq)]
enum Step {
    Commit,
    Receive,
    Spend,
    InKind,
    Progress,
    Handover,
}

impl Step {
    fn parse(s: &str) -> Option<Step> {
        Some(match s {
            "commit" => Step::Commit,
            "receive" => Step::Receive,
            "spend" => Step::Spend,
            "in-kind" => Step::InKind,
            "progress" => Step::Progress,
            "handover" => Step::Handover,
            _ => return None,
        })
    }
    fn title(self, lang: Lang) -> &'static str {
        match self {
            Step::Commit => lang.pick("Komitmen dana", "Funding commitment"),
            Step::Receive => lang.pick("Terima dana", "Funds received"),
            Step::Spend => lang.pick("Catat pembayaran", "Record a payment"),
            Step::InKind => lang.pick("Swadaya natura", "In-kind contribution"),
            Step::Progress => lang.pick("Lapor kemajuan fisik", "Report physical progress"),
            Step::Handover => lang.pick("Serah terima", "Hand-over"),
        }
    }
    fn multipart(self) -> bool {
        matches!(self, Step::Spend | Step::Progress)
    }
}

fn source_options(lang: Lang, cash_only: bool) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), lang.pick("— pilih sumber —", "— choose a source —").to_string())];
    v.extend(
        ALL_SOURCES.iter().filter(|s| !cash_only || !s.in_kind()).map(|s| (s.code().to_string(), s.label(lang).to_string())),
    );
    v
}

async fn render_step(
    st: &AppState,
    s: &Session,
    id: i64,
    aid: i64,
    step: Step,
    f: &FormState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let v = plan::view(&st.db, &s.ctx, id, aid).await.map_err(app_err(lang))?;
    let need = match step {
        Step::Receive | Step::Spend => Action::ActivityMoney,
        _ => Action::WriteActivities,
    };
    s.ctx.require(id, need).map_err(app_err(lang))?;
    let accounts: Vec<(String, String)> = swadaya_core::app::books::accounts::ensure(&st.db, id)
        .await
        .map_err(app_err(lang))?
        .into_iter()
        .filter(|a| a.cash)
        .map(|a| (a.code.clone(), format!("{} {}", a.code, a.name)))
        .collect();
    let lines: Vec<(String, String)> =
        std::iter::once((String::new(), lang.pick("— pilih baris RAB —", "— choose a budget line —").to_string()))
            .chain(v.lines.iter().map(|l| {
                (
                    l.line.id.to_string(),
                    format!("{} ({} {} {})", l.line.item, Rupiah(l.line.total), lang.pick("dibayar", "paid"), Rupiah(l.spent)),
                )
            }))
            .collect();
    let available: Vec<String> = v
        .sources
        .iter()
        .filter(|(s, f)| !s.in_kind() && f.received > 0)
        .map(|(s, f)| format!("{}: {}", s.label(lang), Rupiah(f.available())))
        .collect();
    let action = format!(
        "/i/{id}/activities/{aid}/{}",
        match step {
            Step::Commit => "commit",
            Step::Receive => "receive",
            Step::Spend => "spend",
            Step::InKind => "in-kind",
            Step::Progress => "progress",
            Step::Handover => "handover",
        }
    );
    let fields = match step {
        Step::Commit => html! {
            (f.select("source", lang.pick("Sumber dana", "Funding source"), &source_options(lang, false)))
            (f.input("amount", lang.pick("Jumlah (Rp)", "Amount (Rp)"), "text", None))
            (f.input("document", lang.pick("Dokumen sumber", "Source document"), "text", Some(lang.pick("SK, perjanjian atau surat, dengan nomornya", "decree, agreement or letter, with its number"))))
            (f.input("note", lang.pick("Catatan", "Note"), "text", None))
        },
        Step::Receive => html! {
            (f.select("source", lang.pick("Sumber dana", "Funding source"), &source_options(lang, true)))
            (f.input("received_on", lang.pick("Tanggal terima", "Date received"), "date", None))
            (f.input("amount", lang.pick("Jumlah (Rp)", "Amount (Rp)"), "text", None))
            (f.select("account", lang.pick("Masuk ke akun", "Into account"), &accounts))
            (f.input("document", lang.pick("Bukti penerimaan", "Proof of receipt"), "text", Some(lang.pick("nomor slip transfer atau surat pencairan tahap", "transfer slip or tranche letter number"))))
        },
        Step::Spend => html! {
            @if !available.is_empty() { p.muted { (lang.pick("Dana tersedia: ", "Funds available: ")) (available.join("; ")) } }
            (f.select("rab_line_id", lang.pick("Baris RAB", "Budget line"), &lines))
            (f.select("source", lang.pick("Dibayar dari sumber", "Paid from source"), &source_options(lang, true)))
            (f.input("receipt_no", lang.pick("Nomor kwitansi", "Receipt number"), "text", None))
            (f.input("spent_on", lang.pick("Tanggal bayar", "Date paid"), "date", None))
            (f.input("payee", lang.pick("Dibayar kepada", "Payee"), "text", None))
            (f.input("item", lang.pick("Untuk pembayaran", "Paid for"), "text", None))
            (f.input("amount", lang.pick("Jumlah (Rp)", "Amount (Rp)"), "text", None))
            (f.select("account", lang.pick("Dibayar dari akun", "From account"), &accounts))
            (files_field("files", lang.pick("Foto/scan kwitansi", "Photo/scan of the receipt"), f, lang))
            (f.input("approval", lang.pick("Persetujuan bila melebihi RAB", "Approval if over the budget line"), "text", Some(lang.pick("siapa, rapat dan tanggalnya; kosongkan bila tidak melebihi", "who, which meeting and date; leave empty if within"))))
        },
        Step::InKind => html! {
            (f.input("kind_on", lang.pick("Tanggal", "Date"), "date", None))
            (f.input("contributor", lang.pick("Pemberi swadaya", "Contributor"), "text", Some(lang.pick("misalnya Warga RT 09", "e.g. residents of RT 09"))))
            (f.input("kind_description", lang.pick("Bentuk swadaya", "What was given"), "text", Some(lang.pick("tenaga, bahan, taman, mural ...", "work, materials, gardens, murals ..."))))
            (f.input("kind_value", lang.pick("Nilai (Rp)", "Value (Rp)"), "text", None))
        },
        Step::Progress => html! {
            @if let Some(p) = v.progress.last() { p.muted { (lang.pick("Laporan terakhir: ", "Last report: ")) (percent(p.percent_bp, lang)) ", " (layout::date(lang, &p.reported_on)) } }
            (f.input("reported_on", lang.pick("Tanggal laporan", "Report date"), "date", None))
            (f.input("percent", lang.pick("Kemajuan fisik (%)", "Physical progress (%)"), "text", None))
            (f.input("quantity", &format!("{} ({})", lang.pick("Volume terukur", "Measured quantity"), v.activity.unit), "text", None))
            (f.textarea("note", lang.pick("Catatan lapangan", "Field notes")))
            (f.input("reason", lang.pick("Alasan bila kemajuan turun", "Reason if progress went down"), "text", None))
            (files_field("photos", lang.pick("Foto kemajuan (bertanggal)", "Progress photos (dated)"), f, lang))
        },
        Step::Handover => html! {
            (f.input("handover_on", lang.pick("Tanggal serah terima", "Hand-over date"), "date", None))
            (f.input("handed_to", lang.pick("Diserahkan kepada", "Handed over to"), "text", Some(lang.pick("kelompok pemelihara atau masyarakat", "the maintenance group or community"))))
            (f.textarea("record", lang.pick("Berita acara serah terima (nomor, kesepakatan pemeliharaan)", "Hand-over record (number, upkeep agreed)")))
        },
    };
    let body = html! {
        p.muted { a href={"/i/" (id) "/activities/" (aid)} { "← " (v.activity.name) } }
        h1 { (step.title(lang)) }
        (f.error_summary(lang))
        form.stack.card method="post" action=(action) enctype=[step.multipart().then_some("multipart/form-data")] novalidate {
            (csrf_field(&s.csrf))
            input type="hidden" name="idem_key" value=(f.value("idem_key"));
            (fields)
            button type="submit" { (lang.pick("Simpan", "Save")) }
        }
    };
    Ok((status, layout::page(lang, Some(s), step.title(lang), body)).into_response())
}

pub async fn step_form(
    State(st): State<AppState>,
    s: Session,
    Path((id, aid, step)): Path<(i64, i64, String)>,
) -> Result<Response, WebError> {
    let step = Step::parse(&step).ok_or_else(|| WebError::from_app(AppError::NotFound, s.ctx.lang))?;
    let mut f = FormState::default();
    let today = chrono::Local::now().date_naive().to_string();
    for k in ["received_on", "spent_on", "kind_on", "reported_on", "handover_on"] {
        f.values.insert(k.into(), today.clone());
    }
    f.values.insert("account".into(), swadaya_domain::ledger::codes::ACTIVITY_BANK.into());
    f.values.insert("idem_key".into(), swadaya_core::app::auth::random_token());
    render_step(&st, &s, id, aid, step, &f, StatusCode::OK).await
}

pub async fn step_post(
    State(st): State<AppState>,
    s: Session,
    Path((id, aid, step)): Path<(i64, i64, String)>,
    req: Request,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let step = Step::parse(&step).ok_or_else(|| WebError::from_app(AppError::NotFound, lang))?;
    let (form, files) = if step.multipart() {
        let mp = axum::extract::Multipart::from_request(req, &st).await.map_err(|_| crate::upload::not_multipart(lang))?;
        crate::upload::read(mp, &s.csrf, lang).await?
    } else {
        let form = FormData::from_request(req, &st).await?;
        form.check_csrf(&s.csrf, lang)?;
        (form, vec![])
    };
    let (db, ctx) = (&st.db, &s.ctx);
    let result = match step {
        Step::Commit => plan::commit(db, ctx, id, aid, &form.parse(lang)?).await.map(|_| ()),
        Step::Receive => money::receive(db, ctx, id, aid, &form.parse(lang)?).await.map(|_| ()),
        Step::Spend => money::spend(db, ctx, id, aid, &form.parse(lang)?, &files).await.map(|_| ()),
        Step::InKind => plan::add_in_kind(db, ctx, id, aid, &form.parse(lang)?).await.map(|_| ()),
        Step::Progress => plan::report_progress(db, ctx, id, aid, &form.parse(lang)?, &files).await.map(|_| ()),
        Step::Handover => plan::hand_over(db, ctx, id, aid, &form.parse(lang)?).await,
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/i/{id}/activities/{aid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            if !files.is_empty() && !errs.iter().any(|e| e.field == "files" || e.field == "photos") {
                // The browser cannot keep a chosen file across a reload; say so beside the field.
                let mut errs = errs;
                let field = if step == Step::Spend { "files" } else { "photos" };
                errs.push(swadaya_core::app::FieldError {
                    field: field.into(),
                    message: lang
                        .pick(
                            "Pilih lagi fotonya: berkas tidak bisa diingat setelah ada isian yang salah.",
                            "Choose the photos again: a file cannot be kept after a wrong field.",
                        )
                        .into(),
                });
                return render_step(
                    &st,
                    &s,
                    id,
                    aid,
                    step,
                    &FormState::with_errors(form.0, &errs),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
            render_step(&st, &s, id, aid, step, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

async fn render_reverse(
    st: &AppState,
    s: &Session,
    path: (i64, i64, String, i64),
    f: &FormState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (id, aid, what, rid) = path;
    s.ctx.require(id, Action::ActivityMoney).map_err(app_err(lang))?;
    let v = plan::view(&st.db, &s.ctx, id, aid).await.map_err(app_err(lang))?;
    let described = match what.as_str() {
        "payments" => v
            .spendings
            .iter()
            .find(|x| x.id == rid)
            .map(|x| format!("{} {} — {} ({})", lang.pick("Kwitansi", "Receipt"), x.receipt_no, x.item, Rupiah(x.amount))),
        "receipts" => v
            .receipts
            .iter()
            .find(|x| x.id == rid)
            .map(|x| format!("{} — {} ({})", source_label(&x.source, lang), x.document, Rupiah(x.amount))),
        _ => None,
    }
    .ok_or_else(|| WebError::from_app(AppError::NotFound, lang))?;
    let body = html! {
        p.muted { a href={"/i/" (id) "/activities/" (aid)} { "← " (v.activity.name) } }
        h1 { (lang.pick("Batalkan catatan", "Reverse a record")) }
        p { (described) }
        p.hint { (lang.pick("Jurnalnya dibalik dengan tanggal pembatalan; catatan asli tetap terlihat, dicoret.", "Its entry is reversed on the reversal date; the original stays visible, struck through.")) }
        (f.error_summary(lang))
        form.stack.card method="post" novalidate {
            (csrf_field(&s.csrf))
            (f.input("posted_on", lang.pick("Tanggal pembatalan", "Reversal date"), "date", None))
            (f.input("reason", lang.pick("Alasan", "Reason"), "text", None))
            button type="submit" { (lang.pick("Batalkan", "Reverse")) }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Batalkan catatan", "Reverse a record"), body)).into_response())
}

pub async fn reverse_form(
    State(st): State<AppState>,
    s: Session,
    Path(path): Path<(i64, i64, String, i64)>,
) -> Result<Response, WebError> {
    let mut f = FormState::default();
    f.values.insert("posted_on".into(), chrono::Local::now().date_naive().to_string());
    render_reverse(&st, &s, path, &f, StatusCode::OK).await
}

pub async fn reverse(
    State(st): State<AppState>,
    Path(path): Path<(i64, i64, String, i64)>,
    Checked { s, input, form }: Checked<ReversalInput>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (id, aid, what, rid) = path.clone();
    let r = match what.as_str() {
        "payments" => money::reverse_spending(&st.db, &s.ctx, id, aid, rid, &input).await,
        "receipts" => money::reverse_receipt(&st.db, &s.ctx, id, aid, rid, &input).await,
        _ => Err(AppError::NotFound),
    };
    match r {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/activities/{aid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_reverse(&st, &s, path, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

async fn render_attach(
    st: &AppState,
    s: &Session,
    path: (i64, i64, String, i64),
    f: &FormState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (id, aid, kind, rid) = path;
    let v = plan::view(&st.db, &s.ctx, id, aid).await.map_err(app_err(lang))?;
    let (need, what) = match kind.as_str() {
        "spending" => (
            Action::ActivityMoney,
            v.spendings
                .iter()
                .find(|x| x.id == rid)
                .map(|x| format!("{} {} — {} ({})", lang.pick("Kwitansi", "Receipt"), x.receipt_no, x.item, Rupiah(x.amount))),
        ),
        "progress" => (
            Action::WriteActivities,
            v.progress.iter().find(|p| p.id == rid).map(|p| {
                format!(
                    "{} {} — {}",
                    lang.pick("Laporan kemajuan", "Progress report"),
                    layout::date(lang, &p.reported_on),
                    percent(p.percent_bp, lang)
                )
            }),
        ),
        _ => (Action::ActivityMoney, None),
    };
    s.ctx.require(id, need).map_err(app_err(lang))?;
    let what = what.ok_or_else(|| WebError::from_app(AppError::NotFound, lang))?;
    let body = html! {
        p.muted { a href={"/i/" (id) "/activities/" (aid)} { "← " (v.activity.name) } }
        h1 { (lang.pick("Tambah foto atau scan", "Add a photo or scan")) }
        p { (what) }
        (f.error_summary(lang))
        form.stack.card method="post" enctype="multipart/form-data" novalidate {
            (csrf_field(&s.csrf))
            (files_field("files", lang.pick("Berkas", "Files"), f, lang))
            button type="submit" { (lang.pick("Unggah", "Upload")) }
        }
    };
    Ok((status, layout::page(lang, Some(s), lang.pick("Tambah foto", "Add a photo"), body)).into_response())
}

pub async fn attach_form(
    State(st): State<AppState>,
    s: Session,
    Path(path): Path<(i64, i64, String, i64)>,
) -> Result<Response, WebError> {
    render_attach(&st, &s, path, &FormState::default(), StatusCode::OK).await
}

pub async fn attach(
    State(st): State<AppState>,
    s: Session,
    Path(path): Path<(i64, i64, String, i64)>,
    crate::upload::Files(mp): crate::upload::Files,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    // Refused before the upload is read: a file is no business of someone who may not post it.
    let needs = match path.2.as_str() {
        "spending" => Action::ActivityMoney,
        "progress" => Action::WriteActivities,
        _ => return Err(WebError::from_app(AppError::NotFound, lang)),
    };
    s.ctx.require(path.0, needs).map_err(|e| WebError::from_app(e, lang))?;
    let (form, files) = crate::upload::read(mp, &s.csrf, lang).await?;
    let (id, aid, kind, rid) = path.clone();
    // The record must belong to this activity: the page above checks it before anything is stored.
    let v = plan::view(&st.db, &s.ctx, id, aid).await.map_err(app_err(lang))?;
    let mine = match kind.as_str() {
        "spending" => v.spendings.iter().any(|x| x.id == rid),
        "progress" => v.progress.iter().any(|p| p.id == rid),
        _ => false,
    };
    if !mine {
        return Err(WebError::from_app(AppError::NotFound, lang));
    }
    match swadaya_core::app::activities::attach(&st.db, &s.ctx, id, &kind, rid, &files).await {
        Ok(_) => Ok(Redirect::to(&format!("/i/{id}/activities/{aid}")).into_response()),
        Err(AppError::Invalid(errs)) => {
            render_attach(&st, &s, path, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}
