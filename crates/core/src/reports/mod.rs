//! Exports: one table, several formats (CSV, xlsx), from the same query results; PDFs.

pub mod pdf;
pub mod poster;

use rust_xlsxwriter::{Format, Workbook};

pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns holding whole numbers (amounts): written as numbers in xlsx, unquoted in CSV.
    pub numeric: Vec<usize>,
}

pub fn csv(t: &Table) -> anyhow::Result<Vec<u8>> {
    // The byte-order mark makes Excel read the file as UTF-8 (names with accents stay intact).
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(&t.headers)?;
    for r in &t.rows {
        // A leading = + - @ would make a spreadsheet evaluate the cell; quote it as text.
        w.write_record(r.iter().enumerate().map(|(i, c)| {
            let number = t.numeric.contains(&i) && c.parse::<i64>().is_ok();
            if !number && c.starts_with(['=', '+', '-', '@']) {
                format!("'{c}")
            } else {
                c.clone()
            }
        }))?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

pub fn xlsx(t: &Table) -> anyhow::Result<Vec<u8>> {
    xlsx_book(&[t])
}

/// One workbook, one sheet per table (the auditor's export: every book in one file).
pub fn xlsx_book(tables: &[&Table]) -> anyhow::Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let mut used: Vec<String> = Vec::new();
    for t in tables {
        let mut name: String = t.title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(28).collect();
        if name.is_empty() {
            name = "Data".into();
        }
        // Sheet names must be unique; a repeated title gets a number.
        let mut unique = name.clone();
        let mut n = 2;
        while used.iter().any(|u| u.eq_ignore_ascii_case(&unique)) {
            unique = format!("{name} {n}");
            n += 1;
        }
        used.push(unique.clone());
        let ws = wb.add_worksheet();
        ws.set_name(&unique)?;
        write_sheet(ws, t)?;
    }
    Ok(wb.save_to_buffer()?)
}

fn write_sheet(ws: &mut rust_xlsxwriter::Worksheet, t: &Table) -> anyhow::Result<()> {
    let bold = Format::new().set_bold();
    // The books' accounting form: a negative amount in brackets, as on the pages and in the PDF.
    let money = Format::new().set_num_format("#,##0;(#,##0)");
    for (c, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            // Strings, except declared amount columns: a NIK must not become 3.51913E+15.
            match v.parse::<i64>() {
                Ok(n) if t.numeric.contains(&c) => {
                    ws.write_number_with_format(r as u32 + 1, c as u16, n as f64, &money)?;
                }
                _ => {
                    ws.write_string(r as u32 + 1, c as u16, v)?;
                }
            }
        }
    }
    ws.autofit();
    // autofit measures a number as its bare digits; shown with separators and brackets it needs
    // more room, or the cell reads ####.
    for &c in &t.numeric {
        ws.set_column_width(c as u16, amount_column_width(t, c))?;
    }
    Ok(())
}

/// Characters an amount column needs: its widest amount as shown (separators, brackets for a
/// negative) or its heading, and a margin.
fn amount_column_width(t: &Table, c: usize) -> f64 {
    let shown = |n: i64| swadaya_domain::money::group_thousands(n).len() + if n < 0 { 1 } else { 0 };
    let widest = t
        .rows
        .iter()
        .filter_map(|row| row.get(c)?.parse::<i64>().ok())
        .map(shown)
        .chain(t.headers.get(c).map(|h| h.chars().count()))
        .max()
        .unwrap_or(0);
    widest as f64 + 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_column_is_as_wide_as_its_widest_amount_shown() {
        let t = Table {
            title: "Neraca".into(),
            headers: vec!["Akun".into(), "Saldo".into()],
            rows: vec![vec!["Kas".into(), "1183228996".into()], vec!["Selisih".into(), "-5000000".into()]],
            numeric: vec![1],
        };
        // "1.183.228.996" is 13 characters (autofit counted the 10 bare digits); a margin of 2.
        assert_eq!(amount_column_width(&t, 1), 15.0);
        let negative = Table { rows: vec![vec!["x".into(), "-123456789".into()]], ..t };
        // "(123.456.789)"
        assert_eq!(amount_column_width(&negative, 1), 15.0);
        assert!(xlsx(&negative).expect("xlsx").starts_with(b"PK"));
    }
}
