//! Opening balances from the UPK's current Excel books: one row per account (code, debit,
//! credit), checked row by row, posted once as the opening entry.

use super::journal::{manual, EntryInput, LineInput};
use crate::app::registers::import::read_table;
use crate::app::{AppError, AppResult, Ctx, FieldError};
use crate::store::Db;
use swadaya_domain::roles::Action;
use swadaya_domain::{Lang, Rupiah};

/// Columns of the template; `nama` is there for the reader and is not checked.
pub const HEADER: [&str; 4] = ["akun", "nama", "debit", "kredit"];

fn amount(lang: Lang, row: usize, col: &str, v: &str, errors: &mut Vec<String>) -> i64 {
    let v = v.trim();
    if v.is_empty() || v == "-" {
        return 0;
    }
    match Rupiah::parse(v) {
        Ok(r) if r.0 >= 0 && r.0 <= super::MAX_AMOUNT => r.0,
        Ok(_) => {
            errors.push(match lang {
                Lang::Id => format!("Baris {row}: {col} harus 0 atau lebih; saldo negatif ditulis di kolom sebelahnya."),
                Lang::En => format!("Row {row}: {col} must be 0 or more; write a negative balance in the other column."),
            });
            0
        }
        Err(e) => {
            errors.push(format!("{} {row}: {}", lang.pick("Baris", "Row"), e.msg(lang)));
            0
        }
    }
}

/// Checks every row and posts the opening entry, or reports every problem (nothing is saved).
pub async fn import(db: &Db, ctx: &Ctx, institution_id: i64, posted_on: &str, filename: &str, bytes: &[u8]) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteBooks)?;
    let lang = ctx.lang;
    let file_err = |m: String| AppError::Invalid(vec![FieldError { field: "file".into(), message: m }]);
    let rows = read_table(lang, filename, bytes).map_err(file_err)?;
    let mut it = rows.into_iter().enumerate().filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()));
    let Some((_, header)) = it.next() else {
        return Err(file_err(lang.pick("Berkasnya kosong.", "The file is empty.").into()));
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    if let Some(unknown) = header.iter().find(|h| !h.is_empty() && !HEADER.contains(&h.as_str())) {
        return Err(file_err(match lang {
            Lang::Id => format!("Kolom \"{unknown}\" tidak dikenal. Pakai kolom templat: akun, nama, debit, kredit."),
            Lang::En => format!("Unknown column \"{unknown}\". Use the template's columns: akun, nama, debit, kredit."),
        }));
    }
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(c_acc), Some(c_d), Some(c_c)) = (col("akun"), col("debit"), col("kredit")) else {
        return Err(file_err(
            lang.pick("Kolom akun, debit dan kredit wajib ada.", "The columns akun, debit and kredit are required.").into(),
        ));
    };
    let chart: Vec<String> = crate::app::books::accounts::ensure(db, institution_id).await?.into_iter().map(|a| a.code).collect();
    let mut errors = Vec::new();
    let mut lines = Vec::new();
    for (i, r) in it {
        let row = i + 1;
        let get = |c: usize| r.get(c).map(|s| s.trim().to_string()).unwrap_or_default();
        let code = get(c_acc);
        let d = amount(lang, row, "debit", &get(c_d), &mut errors);
        let c = amount(lang, row, "kredit", &get(c_c), &mut errors);
        if !chart.contains(&code) {
            errors.push(match lang {
                Lang::Id => {
                    format!("Baris {row}: akun \"{code}\" tidak ada di bagan akun. Tambahkan dulu atau perbaiki kodenya.")
                }
                Lang::En => {
                    format!("Row {row}: account \"{code}\" is not in the chart of accounts. Add it first or correct the code.")
                }
            });
            continue;
        }
        match (d, c) {
            (0, 0) => {}
            (d, 0) => lines.push(LineInput { account: code, debit: d.to_string(), credit: String::new() }),
            (0, c) => lines.push(LineInput { account: code, debit: String::new(), credit: c.to_string() }),
            _ => errors.push(match lang {
                Lang::Id => format!("Baris {row}: isi debit atau kredit, salah satu saja."),
                Lang::En => format!("Row {row}: fill in debit or credit, only one."),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors.into_iter().map(|m| FieldError { field: "file".into(), message: m }).collect()));
    }
    let input = EntryInput {
        posted_on: posted_on.to_string(),
        memo: format!("{} ({filename})", lang.pick("Saldo awal dari buku Excel", "Opening balances from the Excel books")),
        receipt: String::new(),
        opening: true,
        lines,
        idem_key: None,
    };
    manual(db, ctx, institution_id, &input).await
}

/// The template: the default chart's accounts with empty amounts.
pub fn template() -> crate::reports::Table {
    crate::reports::Table {
        title: "Saldo awal".into(),
        headers: HEADER.map(String::from).to_vec(),
        rows: swadaya_domain::ledger::DEFAULT_CHART
            .iter()
            .map(|a| vec![a.code.to_string(), a.name.to_string(), String::new(), String::new()])
            .collect(),
        numeric: vec![2, 3],
    }
}
