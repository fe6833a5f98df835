//! Reading a budget from a spreadsheet: our template (bagian, kode, uraian, anggaran,
//! realisasi) or a realisation report exported from the village finance application, whose
//! title rows come before the column headings and whose PENDAPATAN / BELANJA / PEMBIAYAAN
//! heading rows say which part the codes below them belong to. Every problem names its row
//! and column; one problem and nothing is saved.

use crate::app::registers::import::read_table;
use crate::app::{AppError, FieldError};
use swadaya_domain::apbdes::{parse_code, Line, Section};
use swadaya_domain::{Lang, Rupiah};

pub const MAX_ROWS: usize = 2_000;

/// Largest amount on one line (Rp 1.000 triliun): far above any village's budget, and low
/// enough that 2,000 lines can never overflow a sum.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// The template's headings, in order.
pub const HEADERS: [&str; 5] = ["bagian", "kode", "uraian", "anggaran", "realisasi"];

/// One row as read, before checking.
pub struct RawRow {
    pub row: usize,
    pub section: Option<Section>,
    pub code: String,
    pub name: String,
    pub budget: String,
    pub realised: String,
}

fn column_of(header: &str) -> Option<&'static str> {
    let h: String = header.trim().to_lowercase().chars().filter(|c| c.is_alphanumeric() || *c == ' ').collect();
    let h = h.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match h.as_str() {
        "bagian" | "kelompok" | "section" => "bagian",
        "kode" | "kode rekening" | "kode rek" | "kd rek" | "kode rekeningbidang" | "code" => "kode",
        "uraian" | "nama" | "nama rekening" | "uraian rekening" | "name" => "uraian",
        "anggaran" | "anggaran rp" | "jumlah anggaran" | "pagu" | "anggaran setelah perubahan" | "budget" => "anggaran",
        "realisasi" | "realisasi rp" | "jumlah realisasi" | "realisasi sd" | "realised" => "realisasi",
        _ => return None,
    })
}

pub fn section_word(s: &str) -> Option<Section> {
    let w = s.trim().to_lowercase().replace('_', " ");
    match w.as_str() {
        "pendapatan" | "pendapatan desa" | "revenue" => Some(Section::Revenue),
        "belanja" | "belanja desa" | "spending" => Some(Section::Spending),
        "penerimaan pembiayaan" | "pembiayaan penerimaan" | "financing in" => Some(Section::FinancingIn),
        "pengeluaran pembiayaan" | "pembiayaan pengeluaran" | "financing out" => Some(Section::FinancingOut),
        _ => None,
    }
}

/// Rows without a code that only repeat a total (the application prints them): skipped.
fn is_subtotal(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    ["jumlah", "total", "surplus", "defisit", "pembiayaan neto", "pembiayaan netto", "sisa lebih", "silpa"]
        .iter()
        .any(|w| n.starts_with(w))
        || n == "pembiayaan"
        || n == "pembiayaan desa"
}

fn amount(lang: Lang, row: usize, column: &str, v: &str) -> Result<i64, String> {
    if v.trim().is_empty() || v.trim() == "-" {
        return Ok(0);
    }
    match Rupiah::parse(v) {
        Ok(r) if r.0 > MAX_AMOUNT => Err(lang
            .pick(
                "Baris {r}, kolom {k}: jumlah terlalu besar (paling besar Rp 1.000 triliun).",
                "Row {r}, column {k}: the amount is too large (at most Rp 1,000 trillion).",
            )
            .replace("{r}", &row.to_string())
            .replace("{k}", column)),
        Ok(r) if r.0 >= 0 => Ok(r.0),
        Ok(_) => Err(lang
            .pick("Baris {r}, kolom {k}: jumlah tidak boleh negatif.", "Row {r}, column {k}: the amount cannot be negative.")
            .replace("{r}", &row.to_string())
            .replace("{k}", column)),
        Err(_) => Err(lang
            .pick(
                "Baris {r}, kolom {k}: \"{v}\" bukan jumlah rupiah. Tulis angka saja, misalnya 791.958.000.",
                "Row {r}, column {k}: \"{v}\" is not a rupiah amount. Write digits only, e.g. 791.958.000.",
            )
            .replace("{r}", &row.to_string())
            .replace("{k}", column)
            .replace("{v}", &v.chars().take(40).collect::<String>())),
    }
}

/// Checks one row; every problem found is returned.
pub fn line_of(lang: Lang, r: &RawRow) -> Result<Line, Vec<String>> {
    let mut errs = Vec::new();
    let row = r.row;
    let code = parse_code(&r.code);
    if code.is_none() {
        errs.push(
            lang.pick(
                "Baris {r}, kolom kode: \"{v}\" bukan kode rekening. Contoh: 4.2.1 (pendapatan), 2.1.01 (belanja bidang 2), 6.1.1 (pembiayaan).",
                "Row {r}, column code: \"{v}\" is not an account code. E.g. 4.2.1 (revenue), 2.1.01 (spending field 2), 6.1.1 (financing).",
            )
            .replace("{r}", &row.to_string())
            .replace("{v}", &r.code.chars().take(30).collect::<String>()),
        );
    }
    let section = r.section.or_else(|| code.as_deref().and_then(Section::of_code));
    if code.is_some() && section.is_none() {
        errs.push(
            lang.pick(
                "Baris {r}, kolom bagian: kode {v} bukan pendapatan (4), belanja (bidang 1-5) atau pembiayaan (6.1/6.2). Isi kolom bagian.",
                "Row {r}, column section: code {v} is not revenue (4), spending (fields 1-5) or financing (6.1/6.2). Fill in the section column.",
            )
            .replace("{r}", &row.to_string())
            .replace("{v}", &r.code),
        );
    }
    let name = r.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        errs.push(
            lang.pick(
                "Baris {r}, kolom uraian: tulis nama rekening (paling banyak 200 huruf).",
                "Row {r}, column name: write the line's name (at most 200 letters).",
            )
            .replace("{r}", &row.to_string()),
        );
    }
    let budget = amount(lang, row, lang.pick("anggaran", "budget"), &r.budget).map_err(|e| errs.push(e)).ok();
    let realised = amount(lang, row, lang.pick("realisasi", "realisation"), &r.realised).map_err(|e| errs.push(e)).ok();
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(Line {
        section: section.expect("checked"),
        code: code.expect("checked"),
        name: name.to_string(),
        budget: budget.unwrap_or(0),
        realised: realised.unwrap_or(0),
    })
}

/// What an import read: the lines (with their row numbers) and the rows it passed over on
/// purpose (printed totals, headings), so the user sees that nothing was silently dropped.
#[derive(Debug)]
pub struct Read {
    pub lines: Vec<Line>,
    pub rows: Vec<usize>,
    pub skipped: Vec<String>,
}

pub fn read(lang: Lang, filename: &str, bytes: &[u8]) -> Result<Read, AppError> {
    let file_err = |m: String| AppError::Invalid(vec![FieldError { field: "file".into(), message: m }]);
    let table = read_table(lang, filename, bytes).map_err(file_err)?;
    // The headings row: the first with a "kode" column, after any title rows.
    let Some((hrow, headers)) = table.iter().enumerate().take(30).find(|(_, r)| r.iter().any(|c| column_of(c) == Some("kode")))
    else {
        return Err(file_err(
            lang.pick(
                "Judul kolom tidak ditemukan. Baris judul harus memuat: bagian, kode, uraian, anggaran, realisasi (unduh templatnya).",
                "No column headings found. The heading row must hold: bagian, kode, uraian, anggaran, realisasi (download the template).",
            )
            .into(),
        ));
    };
    let col = |name: &str| headers.iter().position(|h| column_of(h) == Some(name));
    let missing: Vec<&str> = ["kode", "uraian", "anggaran"].into_iter().filter(|c| col(c).is_none()).collect();
    if !missing.is_empty() {
        let found: Vec<&str> = headers.iter().map(|h| h.trim()).filter(|h| !h.is_empty()).collect();
        return Err(file_err(
            lang.pick(
                "Baris {r}: kolom {m} tidak ada. Kolom yang terbaca: {f}. Gunakan judul kolom templat: bagian, kode, uraian, anggaran, realisasi.",
                "Row {r}: column {m} is missing. Columns read: {f}. Use the template's headings: bagian, kode, uraian, anggaran, realisasi.",
            )
            .replace("{r}", &(hrow + 1).to_string())
            .replace("{m}", &missing.join(", "))
            .replace("{f}", &found.join(", ")),
        ));
    }
    let cell = |r: &Vec<String>, name: &str| col(name).and_then(|i| r.get(i)).map(|s| s.trim().to_string()).unwrap_or_default();
    let mut heading: Option<Section> = None;
    let mut lines = Vec::new();
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    let mut errs: Vec<FieldError> = Vec::new();
    let mut ambiguous: Vec<usize> = Vec::new();
    for (i, r) in table.iter().enumerate().skip(hrow + 1) {
        let row = i + 1;
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if lines.len() >= MAX_ROWS {
            errs.push(FieldError {
                field: "file".into(),
                message: lang.pick("Paling banyak 2.000 baris sekali impor.", "At most 2,000 rows per import.").into(),
            });
            break;
        }
        let (code, name) = (cell(r, "kode"), cell(r, "uraian"));
        let bagian = cell(r, "bagian");
        let written = section_word(&bagian);
        if !bagian.is_empty() && written.is_none() {
            errs.push(FieldError {
                field: "file".into(),
                message: lang
                    .pick(
                        "Baris {r}, kolom bagian: \"{v}\" tidak dikenal. Pakai: pendapatan, belanja, penerimaan pembiayaan, pengeluaran pembiayaan.",
                        "Row {r}, column section: \"{v}\" is unknown. Use: pendapatan, belanja, penerimaan pembiayaan, pengeluaran pembiayaan.",
                    )
                    .replace("{r}", &row.to_string())
                    .replace("{v}", &bagian.chars().take(30).collect::<String>()),
            });
            continue;
        }
        let no_amounts = cell(r, "anggaran").is_empty() && cell(r, "realisasi").is_empty();
        if code.is_empty() || code == "6" {
            // A heading row (PENDAPATAN, BELANJA, ...) says which part the codes below belong to.
            if let Some(s) = section_word(&name).or(written.filter(|_| no_amounts)) {
                heading = Some(s);
                skipped.push(format!("{row}: {name}"));
                continue;
            }
            // Printed totals repeat what the lines already say.
            if code == "6" || is_subtotal(&name) {
                skipped.push(format!("{row}: {name}"));
                continue;
            }
        }
        // Under a BELANJA heading, 4.x is bidang 4, not revenue.
        let section = written.or(match (heading, parse_code(&code).as_deref().and_then(Section::of_code)) {
            (Some(Section::Spending), Some(Section::Revenue)) => Some(Section::Spending),
            (Some(Section::FinancingIn | Section::FinancingOut), Some(s)) => Some(s),
            (_, s) => s,
        });
        // "4" or "4.1" with nothing saying which part: revenue's heading or bidang 4's?
        if written.is_none() && heading.is_none() && section == Some(Section::Revenue) && code.split('.').count() <= 2 {
            ambiguous.push(row);
        }
        let raw = RawRow { row, section, code, name, budget: cell(r, "anggaran"), realised: cell(r, "realisasi") };
        match line_of(lang, &raw) {
            Ok(l) => {
                lines.push(l);
                rows.push(row);
            }
            Err(m) => errs.extend(m.into_iter().map(|message| FieldError { field: "file".into(), message })),
        }
    }
    // Only ambiguous when the file also has spending fields (1, 2, 3, 5): then 4 may be one.
    if lines.iter().any(|l| l.section == Section::Spending) {
        for row in ambiguous {
            errs.push(FieldError {
                field: "file".into(),
                message: lang
                    .pick(
                        "Baris {r}, kolom bagian: kode ini bisa Pendapatan atau Bidang 4 (Pemberdayaan). Isi kolom bagian (pendapatan atau belanja), atau beri baris judul PENDAPATAN/BELANJA.",
                        "Row {r}, column section: this code could be revenue or spending field 4. Fill in the section column (pendapatan or belanja), or add a PENDAPATAN/BELANJA heading row.",
                    )
                    .replace("{r}", &row.to_string()),
            });
        }
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    Ok(Read { lines, rows, skipped })
}

/// The template: our headings and Desa Ganra's 2022 lines as the example.
pub fn template_rows(lines: &[Line]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| {
            let s = match l.section {
                Section::Revenue => "pendapatan",
                Section::Spending => "belanja",
                Section::FinancingIn => "penerimaan pembiayaan",
                Section::FinancingOut => "pengeluaran pembiayaan",
            };
            vec![s.to_string(), l.code.clone(), l.name.clone(), l.budget.to_string(), l.realised.to_string()]
        })
        .collect()
}

/// (section, code, name, budget, realisation)
const GANRA_2022: &[(Section, &str, &str, i64, i64)] = &[
    (Section::Revenue, "4.1.1", "Hasil Usaha Desa", 10_250_000, 10_250_000),
    (Section::Revenue, "4.1.4", "Lain-lain Pendapatan Asli Desa", 0, 18_093_013),
    (Section::Revenue, "4.2.1", "Dana Desa", 791_958_000, 409_839_840),
    (Section::Revenue, "4.2.2", "Bagi Hasil Pajak Dan Retribusi", 78_504_631, 0),
    (Section::Revenue, "4.2.3", "Alokasi Dana Desa", 1_358_978_148, 745_046_143),
    (Section::Spending, "1", "Bidang Penyelenggaran Pemerintahan Desa", 943_018_155, 464_504_803),
    (Section::Spending, "2", "Bidang Pelaksanaan Pembangunan Desa", 596_140_115, 239_710_700),
    (Section::Spending, "3", "Bidang Pembinaan Kemasyarakatan Desa", 367_322_313, 236_600_000),
    (Section::Spending, "4", "Bidang Pemberdayaan Masyarakat Desa", 204_257_383, 161_656_984),
    (Section::Spending, "5", "Bidang Penanggulangan Bencana, Darurat Dan Mendesak Desa", 320_400_000, 29_700_000),
    (Section::FinancingIn, "6.1", "Penerimaan Pembiayaan", 191_447_187, 247_379_463),
];

/// The import template's example rows: Desa Ganra's APBDes 2022 as its website published it
/// (seed 004), every revenue source and spending field with budget and realisation.
pub fn example_lines() -> Vec<Line> {
    GANRA_2022
        .iter()
        .map(|(section, code, name, budget, realised)| Line {
            section: *section,
            code: code.to_string(),
            name: name.to_string(),
            budget: *budget,
            realised: *realised,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_recognised_however_written() {
        assert_eq!(column_of(" Kode Rek. "), Some("kode"));
        assert_eq!(column_of("ANGGARAN (Rp)"), Some("anggaran"));
        assert_eq!(column_of("Realisasi (Rp)"), Some("realisasi"));
        assert_eq!(column_of("Lebih/(Kurang)"), None);
        assert_eq!(section_word("BELANJA"), Some(Section::Spending));
    }

    #[test]
    fn an_export_with_title_rows_and_headings_reads() {
        let csv = "LAPORAN REALISASI PELAKSANAAN APBDESA\nDESA GANRA TAHUN ANGGARAN 2022\n\nKode Rek;Uraian;Anggaran;Realisasi;Lebih/(Kurang)\n;PENDAPATAN;;;\n4.2.1;Dana Desa;791.958.000,00;409.839.840,00;382.118.160,00\n;JUMLAH PENDAPATAN;791.958.000,00;409.839.840,00;\n;BELANJA;;;\n4;Bidang Pemberdayaan Masyarakat Desa;204.257.383,00;161.656.984,00;\n6;PEMBIAYAAN;;;\n6.1;Penerimaan Pembiayaan;191.447.187,00;247.379.463,00;\n";
        let r = read(Lang::Id, "realisasi.csv", csv.as_bytes()).unwrap_or_else(|_| panic!("reads"));
        let got: Vec<(Section, &str, i64)> = r.lines.iter().map(|l| (l.section, l.code.as_str(), l.budget)).collect();
        assert_eq!(
            got,
            vec![
                (Section::Revenue, "4.2.1", 791_958_000),
                (Section::Spending, "4", 204_257_383),
                (Section::FinancingIn, "6.1", 191_447_187)
            ]
        );
        assert_eq!(r.rows, vec![6, 9, 11]);
        assert_eq!(r.skipped.len(), 4, "{:?}", r.skipped);
    }

    #[test]
    fn problems_name_row_and_column() {
        let csv = "kode,uraian,anggaran,realisasi\n4.2.1,Dana Desa,seratus,0\nx.1,Salah,1,1\n4.2.3,,5,-\n";
        let Err(AppError::Invalid(errs)) = read(Lang::Id, "a.csv", csv.as_bytes()) else { panic!("refused") };
        let m: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
        assert!(m.iter().any(|x| x.starts_with("Baris 2, kolom anggaran: \"seratus\"")), "{m:?}");
        assert!(m.iter().any(|x| x.starts_with("Baris 3, kolom kode")), "{m:?}");
        assert!(m.iter().any(|x| x.starts_with("Baris 4, kolom uraian")), "{m:?}");
        let wrong = "kode,uraian,angaran\n4.2.1,Dana Desa,1\n";
        let Err(AppError::Invalid(errs)) = read(Lang::Id, "b.csv", wrong.as_bytes()) else { panic!("refused") };
        assert!(errs[0].message.contains("kolom anggaran tidak ada") && errs[0].message.contains("angaran"), "{:?}", errs[0]);
    }
}
