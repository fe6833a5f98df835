//! What a citizen does without an account: choose the institution, file a complaint (with a
//! photo if they like) and read where it stands with the tracking code. Tracking codes travel
//! in form bodies, never in addresses, so they stay out of browser history and server logs.

use super::{category_label, category_options, kind_label, kind_options, status_badge};
use crate::error::WebError;
use crate::form::FormData;
use crate::layout::{self, FormState};
use crate::public::institution;
use crate::registers::{page_number, PER_PAGE};
use crate::session::Viewer;
use crate::AppState;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use std::time::Duration;
use swadaya_core::app::complaints::{self as svc, ComplaintInput};
use swadaya_core::app::registers::institutions::Institution;
use swadaya_core::app::AppError;
use swadaya_domain::complaint::{Level, Status, Step, CONTENT_MAX};
use swadaya_domain::Lang;

/// Complaints one address may file per hour, and wrong tracking codes per quarter hour.
const FILINGS_PER_HOUR: u32 = 5;
const WRONG_CODES: u32 = 20;
const HOUR: Duration = Duration::from_secs(3600);
const QUARTER: Duration = Duration::from_secs(900);
/// Photos a citizen may send with one complaint.
const MAX_PHOTOS: usize = 3;

fn address(req: &Request) -> String {
    crate::session::address_of(req.headers(), req.extensions())
}

pub async fn choose(
    State(st): State<AppState>,
    v: Viewer,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = v.lang;
    let page = page_number(q.get("page").map(String::as_str));
    let search = q.get("q").map(|s| s.trim()).filter(|s| !s.is_empty());
    let (rows, total) = swadaya_core::app::transparency::institutions(&st.db, search, PER_PAGE, (page - 1) * PER_PAGE)
        .await
        .map_err(|e| WebError::from_app(e, lang))?;
    let title = lang.pick("Sampaikan pengaduan", "File a complaint");
    Ok(layout::page(lang, v.session.as_ref(), title, html! {
        h1 { (title) }
        p { (lang.pick("Pilih lembaga yang Anda adukan. Cari nama lembaga atau desanya.", "Choose the institution your complaint is about. Search by its name or village.")) }
        p { a href="/lacak" { (lang.pick("Sudah punya kode lacak? Lihat status pengaduan →", "Have a tracking code? See where your complaint stands →")) } }
        form.search method="get" action="/pengaduan" {
            input type="search" name="q" value=(search.unwrap_or("")) placeholder=(lang.pick("Cari lembaga atau desa", "Search institution or village")) aria-label=(lang.pick("Cari", "Search"));
            button type="submit" { (lang.pick("Cari", "Search")) }
        }
        @for i in &rows {
            div.card { a href={"/p/" (i.id) "/pengaduan"} { strong { (i.name) } } br; span.muted { (swadaya_domain::region::qualified_name(&i.region_code, &i.region_name)) } }
        }
        (layout::no_match(lang, search.unwrap_or(""), total, lang.pick("lembaga atau desa", "institutions or villages"), "/pengaduan"))
        (layout::pager(lang, "/pengaduan", &[("q", search.unwrap_or(""))], page, PER_PAGE, total))
    })
    .into_response())
}

fn form_page(lang: Lang, v: &Viewer, inst: &Institution, f: &FormState) -> Markup {
    let title = lang.pick("Sampaikan pengaduan", "File a complaint");
    layout::page(
        lang,
        v.session.as_ref(),
        title,
        html! {
            p.muted { a href={"/p/" (inst.id)} { "← " (inst.name) } }
            h1 { (title) }
            p { (lang.pick(
                "Pengaduan Anda diterima oleh Unit Pengaduan ", "Your complaint goes to the complaints unit of "))
                strong { (inst.name) } (lang.pick(
                ". Nama boleh dikosongkan (anonim). Kontak hanya dipakai untuk menjawab dan tidak pernah ditampilkan di publik.",
                ". You may leave your name out (anonymous). Your contact is used only to answer you and is never shown in public.")) }
            (f.error_summary(lang))
            form.stack.card #form method="post" action={"/p/" (inst.id) "/pengaduan"} enctype="multipart/form-data" novalidate {
                input type="hidden" name="idem_key" value=(f.value("idem_key"));
                (f.select("complaint_kind", lang.pick("Jenis", "Kind"), &kind_options(lang)))
                (f.select("category", lang.pick("Tentang apa?", "What is it about?"), &category_options(lang)))
                label for="content" { (lang.pick("Isi pengaduan", "Your complaint")) " " span.hint { (lang.pick("apa yang terjadi, di mana, kapan; paling banyak 4.000 karakter", "what happened, where, when; at most 4,000 characters")) } }
                // No maxlength: a browser cuts a pasted text there without a word. The counter
                // (field.js) shows the limit as it is typed; the server refuses a longer text
                // with its count and gives it back whole.
                textarea id="content" name="content" rows="6" data-max=(CONTENT_MAX) class=[f.errors.get("content").map(|_| "invalid")] { (f.value("content")) }
                (f.errors_for("content"))
                (f.input("addressed_to", lang.pick("Ditujukan kepada", "Addressed to"), "text", Some(lang.pick("boleh kosong; misalnya Ketua KKM, kegiatan perpipaan", "optional; e.g. the KKM chair, the piping work"))))
                (f.input("name", lang.pick("Nama Anda", "Your name"), "text", Some(lang.pick("boleh kosong", "optional"))))
                (f.input("contact", lang.pick("Telepon/WA atau email", "Phone/WhatsApp or e-mail"), "text", Some(lang.pick("boleh kosong; tidak ditampilkan", "optional; never shown"))))
                label for="files" { (lang.pick("Foto", "Photo")) " " span.hint { (lang.pick("boleh kosong; foto JPG/PNG/WebP (foto ponsel diperkecil otomatis) atau PDF sampai 4 MB; paling banyak 3", "optional; JPG/PNG/WebP photo (phone photos are made smaller here) or PDF up to 4 MB; at most 3")) } }
                input id="files" name="files" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" multiple;
                (f.errors_for("files"))
                // A field people never see: software that fills every field gives itself away.
                div.hp aria-hidden="true" {
                    label for="website" { "Website" }
                    input id="website" name="website" type="text" tabindex="-1" autocomplete="off";
                }
                button type="submit" { (lang.pick("Kirim pengaduan", "Send complaint")) }
            }
        },
    )
}

pub async fn form(State(st): State<AppState>, v: Viewer, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = v.lang;
    let inst = institution(&st, id, lang).await?;
    let mut f = FormState::default();
    f.values.insert("idem_key".into(), swadaya_core::app::auth::random_token());
    Ok(form_page(lang, &v, &inst, &f).into_response())
}

/// One limit on public filings, for the web form and the API alike: per client address.
pub(crate) fn may_file(st: &AppState, address: &str) -> bool {
    !st.throttle.exceeded(&format!("complaint:{address}"), FILINGS_PER_HOUR, HOUR)
}

pub(crate) fn count_filing(st: &AppState, address: &str) {
    st.throttle.hit(&format!("complaint:{address}"), HOUR);
}

fn too_many(lang: Lang, detail: &str) -> WebError {
    WebError::new(StatusCode::TOO_MANY_REQUESTS, lang, lang.pick("Terlalu sering", "Too many attempts"), detail)
}

pub async fn file(State(st): State<AppState>, v: Viewer, Path(id): Path<i64>, req: Request) -> Result<Response, WebError> {
    let lang = v.lang;
    let addr = address(&req);
    let inst = institution(&st, id, lang).await?;
    if !may_file(&st, &addr) {
        return Err(too_many(
            lang,
            lang.pick(
                "Sudah 5 pengaduan dari alamat ini dalam satu jam. Coba lagi nanti, atau sampaikan langsung ke kantor lembaga.",
                "Five complaints came from this address within the hour. Try again later, or bring it to the institution's office.",
            ),
        ));
    }
    let mp = Multipart::from_request(req, &st).await.map_err(|_| crate::upload::not_multipart(lang))?;
    let (form, files) = crate::upload::read_with(mp, lang).await?;
    if files.len() > MAX_PHOTOS {
        return Err(WebError::bad_request(
            lang,
            lang.pick("Paling banyak 3 foto untuk satu pengaduan.", "At most 3 photos per complaint."),
        ));
    }
    if !form.get("website").is_empty() {
        // Software fills every field; a person whose browser did gets the form back, emptied of
        // the hidden field, with everything else kept, and sends it again.
        let mut values = form.0.clone();
        values.remove("website");
        let errs = [swadaya_core::app::FieldError {
            field: "form".into(),
            message: lang
                .pick(
                    "Pengaduan belum terkirim. Periksa isian lalu tekan Kirim sekali lagi.",
                    "Not sent yet. Check the form and press Send once more.",
                )
                .into(),
        }];
        let f = FormState::with_errors(values, &errs);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, form_page(lang, &v, &inst, &f)).into_response());
    }
    // The channel and the day are the web's and today: `file_public` sets them, whatever is sent.
    let input: ComplaintInput = form.parse(lang)?;
    let ctx = svc::citizen_ctx(&addr, lang);
    match svc::file_public(&st.db, &ctx, id, &input, &files).await {
        Ok((_, code)) => {
            count_filing(&st, &addr);
            Ok(filed_page(lang, &v, &inst, &code).into_response())
        }
        Err(AppError::Invalid(mut errs)) => {
            reattach_note(&mut errs, &files, lang);
            let f = FormState::with_errors(form.0, &errs);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, form_page(lang, &v, &inst, &f)).into_response())
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

/// A browser cannot keep chosen files on a returned form: say so, or they vanish unseen.
pub fn reattach_note(
    errs: &mut Vec<swadaya_core::app::FieldError>,
    files: &[swadaya_core::app::attachments::Upload],
    lang: Lang,
) {
    if !files.is_empty() && !errs.iter().any(|e| e.field == "files") {
        errs.push(swadaya_core::app::FieldError {
            field: "files".into(),
            message: lang
                .pick(
                    "Foto belum tersimpan: pilih lagi fotonya sebelum mengirim.",
                    "The photos were not saved yet: choose them again before sending.",
                )
                .into(),
        });
    }
}

fn code_form(code: &str, button: &str) -> Markup {
    html! {
        form method="post" action="/lacak" {
            input type="hidden" name="code" value=(code);
            button type="submit" { (button) }
        }
    }
}

fn filed_page(lang: Lang, v: &Viewer, inst: &Institution, code: &str) -> Markup {
    let title = lang.pick("Pengaduan diterima", "Complaint received");
    layout::page(
        lang,
        v.session.as_ref(),
        title,
        html! {
            h1 { (title) }
            div.card.notice {
                p { (lang.pick("Kode lacak Anda:", "Your tracking code:")) }
                p.code-big id="tracking-code" { (code) }
                p { (lang.pick(
                    "Catat atau foto kode ini. Dengan kode ini Anda dapat melihat status dan jawaban pengaduan kapan saja, tanpa mendaftar. Kode tidak dapat dipulihkan bila hilang.",
                    "Write this code down or take a photo of it. With it you can read the status and the answers at any time, without an account. A lost code cannot be recovered.")) }
            }
            p { (lang.pick("Diterima oleh: ", "Received by: ")) (inst.name) }
            (code_form(code, lang.pick("Lihat status pengaduan", "See the status")))
        },
    )
}

fn track_page(lang: Lang, v: &Viewer, f: &FormState, message: Option<&str>) -> Markup {
    let title = lang.pick("Lacak pengaduan", "Track a complaint");
    layout::page(
        lang,
        v.session.as_ref(),
        title,
        html! {
            h1 { (title) }
            @if let Some(m) = message { p.warn role="alert" { (m) } }
            form.stack.card method="post" action="/lacak" novalidate {
                (f.input("code", lang.pick("Kode lacak", "Tracking code"), "text", Some(lang.pick("misalnya ADU-7K3M9-Q2TXW", "e.g. ADU-7K3M9-Q2TXW"))))
                button type="submit" { (lang.pick("Lihat status", "See the status")) }
            }
            p { a href="/pengaduan" { (lang.pick("Sampaikan pengaduan baru →", "File a new complaint →")) } }
        },
    )
}

pub async fn track_form(v: Viewer) -> Response {
    track_page(v.lang, &v, &FormState::default(), None).into_response()
}

pub async fn track(State(st): State<AppState>, v: Viewer, req: Request) -> Result<Response, WebError> {
    let lang = v.lang;
    let addr = address(&req);
    let key = format!("track:{addr}");
    let form = FormData::from_request(req, &st).await?;
    let mut f = FormState::default();
    f.values.insert("code".into(), form.get("code").chars().take(40).collect());
    if st.throttle.exceeded(&key, WRONG_CODES, QUARTER) {
        let msg = lang.pick(
            "Terlalu banyak kode salah dari alamat ini. Tunggu 15 menit lalu coba lagi.",
            "Too many wrong codes from this address. Wait 15 minutes and try again.",
        );
        return Ok((StatusCode::TOO_MANY_REQUESTS, track_page(lang, &v, &f, Some(msg))).into_response());
    }
    let Some(t) = svc::track(&st.db, &form.get("code")).await.map_err(|e| WebError::from_app(e, lang))? else {
        st.throttle.hit(&key, QUARTER);
        // The same words whether the code is malformed or unknown: nothing to learn by guessing.
        let msg = lang.pick(
            "Kode lacak tidak cocok dengan pengaduan mana pun. Periksa kembali huruf dan angkanya (contoh: ADU-7K3M9-Q2TXW).",
            "The tracking code matches no complaint. Check its letters and digits again (e.g. ADU-7K3M9-Q2TXW).",
        );
        return Ok((StatusCode::NOT_FOUND, track_page(lang, &v, &f, Some(msg))).into_response());
    };
    let c = &t.complaint;
    let title = lang.pick("Status pengaduan", "Complaint status");
    let status = Status::parse(&c.status).unwrap_or(Status::Received);
    Ok(layout::page(lang, v.session.as_ref(), title, html! {
        h1 { (title) }
        p.code-big { (c.tracking_code) }
        div.card { dl.facts {
            dt { "Status" } dd { (status_badge(&c.status, lang)) }
            dt { (lang.pick("Ditangani oleh", "Handled by")) } dd { (c.institution_name) " · " (Level::parse(&c.level).map(|l| l.label(lang)).unwrap_or("")) }
            dt { (lang.pick("Diterima", "Received")) } dd { (layout::date(lang, &c.received_on)) }
            dt { (lang.pick("Jenis", "Kind")) } dd { (kind_label(&c.kind, lang)) }
            dt { (lang.pick("Kategori", "Category")) } dd { (category_label(&c.category, lang)) }
            @if let Some(r) = &c.external_ref { dt { "SP4N-LAPOR!" } dd { (r) } }
        } }
        @if !status.is_closed() {
            p.muted { (lang.pick(
                "Unit pengaduan memverifikasi dalam 3 hari kerja, memutuskan penanganan dalam 5 hari kerja, dan menyelesaikan paling lama 60 hari.",
                "The unit verifies within 3 working days, decides the handling within 5 working days and resolves within 60 days.")) }
        }
        h2 { (lang.pick("Isi pengaduan", "Your complaint")) }
        p.prewrap { (c.content) }
        h2 { (lang.pick("Jawaban dan riwayat", "Answers and history")) }
        ol.history {
            li { strong { (layout::date(lang, &c.received_on)) } " · " (lang.pick("Pengaduan diterima", "Complaint received")) }
            @for s in &t.steps {
                li {
                    strong { (layout::date(lang, &s.step_on)) } " · " (Step::parse(&s.step).map(|x| x.label(lang)).unwrap_or("")) " · " span.muted { (s.institution_name) }
                    @if let Some(to) = &s.to_institution_name { br; (lang.pick("Diteruskan kepada ", "Escalated to ")) strong { (to) } }
                    p.prewrap { (s.body) }
                }
            }
        }
        (code_form(&c.tracking_code, lang.pick("Muat ulang status", "Refresh the status")))
    })
    .into_response())
}
