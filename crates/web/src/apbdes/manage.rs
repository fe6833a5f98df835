//! Behind login: the institution's budgets and their versions, importing a spreadsheet, and
//! entering or updating the figures on a form. Each save is a new version; nothing is edited.

use crate::activities::proposals::app_err;
use crate::error::WebError;
use crate::form::CheckedForm;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use swadaya_core::app::apbdes::{self as svc, import, VersionInput, KINDS};
use swadaya_core::app::AppError;
use swadaya_core::reports::{self, Table};
use swadaya_domain::apbdes::ALL_SECTIONS;
use swadaya_domain::Lang;

fn kind_options(lang: Lang) -> Vec<(String, String)> {
    KINDS.iter().map(|k| (k.to_string(), svc::kind_label(k, lang).to_string())).collect()
}

fn header_fields(f: &FormState, lang: Lang) -> Markup {
    html! {
        (f.input("year", lang.pick("Tahun anggaran", "Budget year"), "number", None))
        (f.select("kind", lang.pick("Jenis", "Kind"), &kind_options(lang)))
        (f.input("title", lang.pick("Dasar / nama", "Basis / name"), "text", Some(lang.pick("misalnya Perdes No. 1 Tahun 2022, atau Laporan realisasi semester I", "e.g. Perdes No. 1 Tahun 2022, or first-half realisation report"))))
        (f.input("as_of", lang.pick("Keadaan per tanggal", "Figures as of"), "date", None))
    }
}

async fn render(st: &AppState, s: &Session, id: i64, f: &FormState, code: StatusCode) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    svc::require_write(&s.ctx, id).await.map_err(app_err(lang))?;
    let versions = svc::versions(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    // The one the public sees per year.
    let latest: Vec<i64> = versions
        .iter()
        .filter(|v| svc::latest(versions.iter().filter(|w| w.year == v.year)).map(|w| w.id) == Some(v.id))
        .map(|v| v.id)
        .collect();
    let latest_of_year = |v: &svc::Version| latest.contains(&v.id);
    let body = html! {
        p.muted { a href={"/i/" (id)} { "← " (lang.pick("Lembaga", "Institution")) } }
        h1 { "APBDes" }
        p { (lang.pick(
            "Setiap simpanan menjadi versi baru: APBDes awal, perubahan, dan laporan realisasi tetap tersimpan berdampingan. Halaman publik menampilkan versi terakhir tiap tahun.",
            "Each save is a new version: the original budget, amendments and realisation reports are all kept. The public page shows each year's latest version.")) }
        @if !versions.is_empty() {
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("Tahun", "Year")) } th { (lang.pick("Jenis", "Kind")) } th { (lang.pick("Dasar / nama", "Basis / name")) } th { (lang.pick("Keadaan per", "As of")) } th {} } }
                tbody { @for v in &versions { tr {
                    td data-label=(lang.pick("Tahun", "Year")) { (v.year) }
                    td data-label=(lang.pick("Jenis", "Kind")) { (svc::kind_label(&v.kind, lang)) }
                    td data-label=(lang.pick("Dasar / nama", "Basis / name")) { div { (v.title) br; span.muted { (v.source) " · " (v.created_by) } } }
                    td data-label=(lang.pick("Keadaan per", "As of")) { (layout::date(lang, &v.as_of)) }
                    td { div { @if latest_of_year(v) {
                        a href={"/p/" (id) "/apbdes/" (v.year)} { (lang.pick("lihat", "view")) } " · "
                        a href={"/i/" (id) "/apbdes/entry?year=" (v.year) "&kind=realisation"} { (lang.pick("perbarui realisasi", "update realisation")) }
                    } } }
                } } }
            } }
        }
        h2 { (lang.pick("Impor dari Excel atau CSV", "Import from Excel or CSV")) }
        p { (lang.pick("Kolom: bagian, kode, uraian, anggaran, realisasi. Laporan realisasi dari aplikasi keuangan desa juga bisa diimpor bila memuat kolom Kode Rekening, Uraian, Anggaran dan Realisasi. ", "Columns: bagian, kode, uraian, anggaran, realisasi. A realisation report exported from the village finance application also imports if it has Kode Rekening, Uraian, Anggaran and Realisasi columns. "))
            a href="/apbdes/template/templat-apbdes.xlsx" { (lang.pick("Unduh templat (xlsx)", "Download the template (xlsx)")) } " · "
            a href="/apbdes/template/templat-apbdes.csv" { "CSV" } }
        (f.error_summary(lang))
        form.stack.card method="post" action={"/i/" (id) "/apbdes/import"} enctype="multipart/form-data" novalidate {
            (csrf_field(&s.csrf))
            (header_fields(f, lang))
            label for="file" { (lang.pick("Berkas", "File")) " " span.hint { ".xlsx / .csv" } }
            input id="file" name="file" type="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            (f.errors_for("file"))
            button type="submit" { (lang.pick("Impor", "Import")) }
        }
        p { a.button.secondary href={"/i/" (id) "/apbdes/entry"} { (lang.pick("Atau isi lewat formulir", "Or enter on a form")) } }
    };
    Ok((code, layout::page(lang, Some(s), "APBDes", body)).into_response())
}

pub async fn page(State(st): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, WebError> {
    let mut f = FormState::default();
    f.values.insert("kind".into(), "realisation".into());
    f.values.insert("as_of".into(), chrono::Local::now().date_naive().to_string());
    render(&st, &s, id, &f, StatusCode::OK).await
}

pub async fn import(State(st): State<AppState>, s: Session, Path(id): Path<i64>, req: Request) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    // Refused before the upload is read: a file is no business of someone who may not post it.
    swadaya_core::app::apbdes::require_write(&s.ctx, id).await.map_err(|e| WebError::from_app(e, lang))?;
    let mp = axum::extract::Multipart::from_request(req, &st).await.map_err(|_| crate::upload::not_multipart(lang))?;
    let (form, files) = crate::upload::read(mp, &s.csrf, lang).await?;
    let result = match files.first() {
        None => Err(AppError::field("file", lang.pick("Pilih berkas xlsx atau CSV.", "Choose an xlsx or CSV file."))),
        Some(file) => match import::read(lang, &file.filename, &file.bytes) {
            Ok(read) => {
                let mut source: String =
                    format!("import: {}", file.filename.chars().filter(|c| !c.is_control()).take(80).collect::<String>());
                // Rows passed over on purpose are named with the version, so none vanish unseen.
                if !read.skipped.is_empty() {
                    let rows: Vec<&str> = read.skipped.iter().map(|x| x.split(':').next().unwrap_or("")).collect();
                    source.push_str(&format!(
                        " ({} {})",
                        lang.pick("baris judul/jumlah dilewati:", "heading/total rows skipped:"),
                        rows.join(", ").chars().take(200).collect::<String>()
                    ));
                }
                svc::save(&st.db, &s.ctx, id, &form.parse::<VersionInput>(lang)?, &read.lines, &read.rows, &source).await
            }
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/p/{id}/apbdes/{}", form.get("year").trim())).into_response()),
        Err(AppError::Invalid(errs)) => {
            render(&st, &s, id, &FormState::with_errors(form.0, &errs), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

const BLANK_ROWS: usize = 5;

/// The first choice lets the code decide (4.x revenue, 1-5 spending, 6.1/6.2 financing).
fn section_options(lang: Lang) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), lang.pick("— menurut kode —", "— from the code —").to_string())];
    v.extend(ALL_SECTIONS.iter().map(|s| (s.code().to_string(), s.label(lang).to_string())));
    v
}

fn render_entry(s: &Session, id: i64, f: &FormState, rows: usize, code: StatusCode) -> Response {
    let lang = s.ctx.lang;
    // The budget's checks speak of "the file" for imports; typed in, it is the rows.
    let mut f = f.clone();
    if let Some(e) = f.errors.remove("file") {
        f.errors.insert("rows".into(), e);
    }
    let f = &f;
    let body = html! {
        p.muted { a href={"/i/" (id) "/apbdes"} { "← APBDes" } }
        h1 { (lang.pick("Isi APBDes", "Enter the village budget")) }
        p { (lang.pick("Satu baris satu rekening. Baris induk (misalnya 2 atau 2.1) boleh dikosongkan angkanya: jumlahnya dihitung dari rinciannya.", "One row per line. A heading row (e.g. 2 or 2.1) may be left without figures: it totals its lines.")) }
        (f.error_summary(lang))
        form.stack.card method="post" action={"/i/" (id) "/apbdes/entry"} novalidate {
            (csrf_field(&s.csrf))
            (header_fields(f, lang))
            (f.errors_at("rows"))
            @for n in 0..rows {
                fieldset.rab-row {
                    legend { (lang.pick("Baris ", "Row ")) (n + 1) }
                    @let sel = f.value(&format!("row-{n}-section")).to_string();
                    label for={"row-" (n) "-section"} { (lang.pick("Bagian", "Section")) }
                    select id={"row-" (n) "-section"} name={"row-" (n) "-section"} {
                        @for (v, l) in section_options(lang) { option value=(v) selected[sel == v] { (l) } }
                    }
                    label for={"row-" (n) "-code"} { (lang.pick("Kode", "Code")) }
                    input id={"row-" (n) "-code"} name={"row-" (n) "-code"} value=(f.value(&format!("row-{n}-code"))) inputmode="decimal";
                    label for={"row-" (n) "-name"} { (lang.pick("Uraian", "Line")) }
                    input id={"row-" (n) "-name"} name={"row-" (n) "-name"} value=(f.value(&format!("row-{n}-name")));
                    label for={"row-" (n) "-budget"} { (lang.pick("Anggaran (Rp)", "Budget (Rp)")) }
                    input id={"row-" (n) "-budget"} name={"row-" (n) "-budget"} value=(f.value(&format!("row-{n}-budget"))) inputmode="numeric";
                    label for={"row-" (n) "-realised"} { (lang.pick("Realisasi (Rp)", "Realisation (Rp)")) }
                    input id={"row-" (n) "-realised"} name={"row-" (n) "-realised"} value=(f.value(&format!("row-{n}-realised"))) inputmode="numeric";
                    (f.errors_at(&format!("row-{n}")))
                }
            }
            input type="hidden" name="rows" value=(rows);
            button type="submit" { (lang.pick("Simpan sebagai versi baru", "Save as a new version")) }
        }
    };
    (code, layout::page(lang, Some(s), lang.pick("Isi APBDes", "Enter the village budget"), body)).into_response()
}

pub async fn entry_form(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    svc::require_write(&s.ctx, id).await.map_err(app_err(lang))?;
    let mut f = FormState::default();
    let year = q.get("year").and_then(|y| y.parse::<i64>().ok());
    f.values.insert("kind".into(), q.get("kind").cloned().unwrap_or_else(|| "original".into()));
    f.values.insert("as_of".into(), chrono::Local::now().date_naive().to_string());
    let mut n = 0;
    if let Some(y) = year {
        f.values.insert("year".into(), y.to_string());
        if let Some(v) = svc::year_view(&st.db, id, y).await.map_err(app_err(lang))? {
            for l in &v.lines {
                for (k, val) in [
                    ("section", l.section.code().to_string()),
                    ("code", l.code.clone()),
                    ("name", l.name.clone()),
                    ("budget", swadaya_domain::money::group_thousands(l.budget)),
                    ("realised", swadaya_domain::money::group_thousands(l.realised)),
                ] {
                    f.values.insert(format!("row-{n}-{k}"), val);
                }
                n += 1;
            }
        }
    }
    Ok(render_entry(&s, id, &f, n + BLANK_ROWS, StatusCode::OK))
}

pub async fn entry(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let rows = form.get("rows").parse::<usize>().unwrap_or(BLANK_ROWS).clamp(1, import::MAX_ROWS);
    let result = match svc::lines_from_form(lang, &form.0) {
        Ok((lines, numbers)) => svc::save(&st.db, &s.ctx, id, &form.parse::<VersionInput>(lang)?, &lines, &numbers, "form").await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/p/{id}/apbdes/{}", form.get("year").trim())).into_response()),
        Err(AppError::Invalid(errs)) => {
            Ok(render_entry(&s, id, &FormState::with_errors(form.0, &errs), rows, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(WebError::from_app(e, lang)),
    }
}

/// The import template, with Desa Ganra's 2022 lines as the example rows.
pub async fn template(Path(file): Path<String>) -> Result<Response, WebError> {
    let t = Table {
        title: "APBDes".into(),
        headers: import::HEADERS.iter().map(|s| s.to_string()).collect(),
        rows: import::template_rows(&import::example_lines()),
        numeric: vec![3, 4],
    };
    match file.as_str() {
        "templat-apbdes.csv" => {
            Ok(crate::download::file(reports::csv(&t).map_err(WebError::internal)?, "text/csv; charset=utf-8", &file))
        }
        "templat-apbdes.xlsx" => {
            Ok(crate::download::file(reports::xlsx(&t).map_err(WebError::internal)?, reports::XLSX_TYPE, &file))
        }
        _ => Err(WebError::from_app(AppError::NotFound, Lang::Id)),
    }
}
