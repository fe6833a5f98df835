//! Importing people from CSV or xlsx. Every row is checked first and reported line by line;
//! a file with errors imports nothing unless the user explicitly asks for the valid rows only.

use super::people::{validate, PersonInput};
use crate::app::{to_json, AppError, AppResult, Ctx, FieldError};
use crate::store::{self, Db};
use swadaya_domain::roles::Action;
use swadaya_domain::Lang;

pub const MAX_ROWS: usize = 20_000;

#[derive(Debug, Clone, serde::Serialize)]
pub struct RowReport {
    pub line: usize,
    pub name: String,
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportReport {
    pub rows: Vec<RowReport>,
    pub valid: usize,
    pub invalid: usize,
    /// How many were written (0 when the file had errors and only_valid was not asked).
    pub imported: usize,
}

/// Header names accepted for each field (Indonesian and English, case-insensitive).
fn field_of(header: &str) -> Option<&'static str> {
    let h = header.trim().to_lowercase().replace([' ', '-'], "_");
    Some(match h.as_str() {
        "nama" | "nama_lengkap" | "name" => "name",
        "nik" => "nik",
        "jenis_kelamin" | "jk" | "l/p" | "sex" => "sex",
        "tanggal_lahir" | "tgl_lahir" | "birth_date" => "birth_date",
        "alamat" | "address" => "address",
        "dusun" | "hamlet" => "dusun",
        "rw" => "rw",
        "rt" => "rt",
        "telepon" | "hp" | "no_hp" | "phone" => "phone",
        "pendidikan" | "education" => "education",
        "miskin" | "warga_miskin" | "ps2" | "poor" => "poor",
        _ => return None,
    })
}

pub const TEMPLATE_HEADER: &str = "nama,nik,jenis_kelamin,tanggal_lahir,alamat,dusun,rw,rt,telepon,pendidikan,miskin";

fn to_input(cells: &[(String, String)]) -> PersonInput {
    let mut p = PersonInput::default();
    for (field, v) in cells {
        let v = v.clone();
        match field.as_str() {
            "name" => p.name = v,
            "nik" => p.nik = v.trim_start_matches('\'').to_string(),
            "sex" => p.sex = v,
            "birth_date" => p.birth_date = v,
            "address" => p.address = v,
            "dusun" => p.dusun = v,
            "rw" => p.rw = v,
            "rt" => p.rt = v,
            // A spreadsheet that stored 0812... as a number lost its leading zero.
            "phone" if v.len() >= 9 && v.starts_with('8') && v.bytes().all(|b| b.is_ascii_digit()) => p.phone = format!("0{v}"),
            "phone" => p.phone = v,
            "education" => p.education = v,
            "poor" => p.poor = matches!(v.trim().to_lowercase().as_str(), "ya" | "y" | "1" | "yes" | "true"),
            _ => {}
        }
    }
    p
}

/// Reads the rows of a CSV or xlsx file as (header, value) pairs.
pub fn read_table(lang: Lang, filename: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let lower = filename.to_lowercase();
    let is_xlsx = bytes.starts_with(b"PK\x03\x04");
    if lower.ends_with(".xlsx") || is_xlsx {
        if !is_xlsx {
            return Err(lang.pick("Berkas bukan xlsx yang sah.", "The file is not a valid xlsx.").into());
        }
        // A damaged file can make the xlsx library panic (found by fuzzing: an index out of
        // bounds in its cell reader); the person uploading gets the same plain answer as for
        // any unreadable file.
        return std::panic::catch_unwind(|| read_xlsx(lang, bytes)).unwrap_or_else(|_| Err(unreadable_xlsx(lang)));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        lang.pick(
            "Berkas CSV harus UTF-8. Simpan ulang dari Excel sebagai \"CSV UTF-8\".",
            "The CSV file must be UTF-8. Save it again from Excel as \"CSV UTF-8\".",
        )
        .to_string()
    })?;
    let text = text.trim_start_matches('\u{feff}');
    // Indonesian Excel writes CSV with ';' separators. Reports exported from other
    // applications start with title lines, so the first lines together decide.
    let head: String = text.lines().take(20).collect::<Vec<_>>().join("\n");
    let delim = if head.matches(';').count() > head.matches(',').count() { b';' } else { b',' };
    let mut rdr = csv::ReaderBuilder::new().delimiter(delim).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        // The reader skips blank lines; keep the file's line numbers for messages.
        if let Some(line) = rec.position().map(|p| p.line() as usize) {
            while out.len() + 1 < line {
                out.push(Vec::new());
            }
        }
        out.push(rec.iter().map(str::to_string).collect());
    }
    Ok(out)
}

pub async fn import_people(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    filename: &str,
    bytes: &[u8],
    only_valid: bool,
) -> AppResult<ImportReport> {
    ctx.require(institution_id, Action::WritePeople)?;
    let lang = ctx.lang;
    let table = read_table(lang, filename, bytes).map_err(|m| AppError::field("file", m))?;
    let Some((header, rows)) = table.split_first() else {
        return Err(AppError::field("file", lang.pick("Berkas kosong.", "The file is empty.")));
    };
    let fields: Vec<Option<&str>> = header.iter().map(|h| field_of(h)).collect();
    let unknown: Vec<&str> =
        header.iter().zip(&fields).filter(|(h, f)| f.is_none() && !h.trim().is_empty()).map(|(h, _)| h.as_str()).collect();
    if !unknown.is_empty() {
        // A misspelt column would otherwise be dropped without a word.
        return Err(AppError::field(
            "file",
            match lang {
                Lang::Id => format!(
                    "Kolom tidak dikenal: {}. Perbaiki judul kolomnya; yang dikenal: {TEMPLATE_HEADER}.",
                    unknown.join(", ")
                ),
                Lang::En => format!("Unknown columns: {}. Fix the headers; known ones: {TEMPLATE_HEADER}.", unknown.join(", ")),
            },
        ));
    }
    if rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
        return Err(AppError::field(
            "file",
            lang.pick(
                "Berkas hanya berisi judul kolom, belum ada baris data.",
                "The file has only the header row, no data rows.",
            ),
        ));
    }
    if !fields.contains(&Some("name")) || !fields.contains(&Some("sex")) {
        return Err(AppError::field(
            "file",
            match lang {
                Lang::Id => format!(
                    "Baris pertama harus berisi judul kolom, minimal \"nama\" dan \"jenis_kelamin\". Contoh: {TEMPLATE_HEADER}"
                ),
                Lang::En => format!(
                    "The first row must hold column headers, at least \"nama\" and \"jenis_kelamin\". Example: {TEMPLATE_HEADER}"
                ),
            },
        ));
    }
    if rows.len() > MAX_ROWS {
        return Err(AppError::field(
            "file",
            match lang {
                Lang::Id => {
                    format!("Terlalu banyak baris ({}); paling banyak {MAX_ROWS} per berkas. Bagi berkasnya.", rows.len())
                }
                Lang::En => format!("Too many rows ({}); at most {MAX_ROWS} per file. Split the file.", rows.len()),
            },
        ));
    }
    let mut reports = Vec::new();
    let mut valid_rows = Vec::new();
    let mut niks_in_file = std::collections::HashMap::new();
    // Without a NIK, the same name, birth date and RT is taken as the same person.
    let identity = |d: &crate::store::registers::PersonData| (d.name.to_lowercase(), d.birth_date.clone(), d.rt.clone());
    let (existing, _) = store::registers::list_people(db, institution_id, None, Default::default(), i64::MAX / 2, 0).await?;
    let known: std::collections::HashSet<_> = existing.iter().map(|p| identity(&p.data)).collect();
    let mut seen_in_file = std::collections::HashMap::new();
    let mut tx = db.begin().await?;
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells: Vec<(String, String)> =
            fields.iter().zip(row.iter()).filter_map(|(f, v)| f.map(|f| (f.to_string(), v.clone()))).collect();
        let input = to_input(&cells);
        let mut errors = Vec::new();
        match validate(lang, &input) {
            Ok(data) => {
                if let Some(nik) = &data.nik {
                    if let Some(first) = niks_in_file.insert(nik.clone(), line) {
                        errors.push(FieldError {
                            field: "nik".into(),
                            message: match lang {
                                Lang::Id => format!("NIK sama dengan baris {first}."),
                                Lang::En => format!("Same NIK as line {first}."),
                            },
                        });
                    } else if let Some(existing) = store::registers::find_person_by_nik(&mut tx, institution_id, nik).await? {
                        errors.push(FieldError {
                            field: "nik".into(),
                            message: match lang {
                                Lang::Id => format!("NIK sudah terdaftar atas nama {}.", existing.data.name),
                                Lang::En => format!("NIK already registered to {}.", existing.data.name),
                            },
                        });
                    }
                }
                if errors.is_empty() && data.nik.is_none() {
                    let id = identity(&data);
                    if known.contains(&id) {
                        errors.push(FieldError {
                            field: "name".into(),
                            message: lang
                                .pick(
                                    "Sudah terdaftar (nama, tanggal lahir dan RT sama).",
                                    "Already registered (same name, birth date and RT).",
                                )
                                .into(),
                        });
                    } else if let Some(first) = seen_in_file.insert(id, line) {
                        errors.push(FieldError {
                            field: "name".into(),
                            message: match lang {
                                Lang::Id => format!("Sama dengan baris {first} (nama, tanggal lahir dan RT)."),
                                Lang::En => format!("Same as line {first} (name, birth date and RT)."),
                            },
                        });
                    }
                }
                if errors.is_empty() {
                    valid_rows.push(data);
                }
            }
            Err(e) => errors = e,
        }
        reports.push(RowReport { line, name: input.name.clone(), errors });
    }
    let invalid = reports.iter().filter(|r| !r.errors.is_empty()).count();
    let mut report = ImportReport { valid: valid_rows.len(), invalid, imported: 0, rows: reports };
    if invalid > 0 && !only_valid {
        return Ok(report);
    }
    for data in &valid_rows {
        let id = store::registers::insert_person(&mut tx, institution_id, data).await?;
        let mut ev = ctx.audit("import", "person", id, Some(institution_id));
        ev.after = to_json(data);
        store::audit::append(&mut tx, ev).await?;
    }
    tx.commit().await?;
    report.imported = valid_rows.len();
    Ok(report)
}

fn unreadable_xlsx(lang: Lang) -> String {
    lang.pick(
        "Berkas xlsx rusak atau bukan buatan Excel/LibreOffice. Buka di Excel, simpan ulang sebagai .xlsx, lalu unggah lagi.",
        "The xlsx file is damaged or not from Excel/LibreOffice. Open it in Excel, save it again as .xlsx, and upload again.",
    )
    .to_string()
}

fn read_xlsx(lang: Lang, bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    use calamine::Reader;
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).map_err(|_| unreadable_xlsx(lang))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| lang.pick("Berkas xlsx tidak punya lembar kerja.", "The xlsx file has no worksheet.").to_string())?
        .map_err(|_| unreadable_xlsx(lang))?;
    Ok(range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    calamine::Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    calamine::Data::DateTime(d) => d.as_datetime().map(|x| x.date().to_string()).unwrap_or_default(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}
