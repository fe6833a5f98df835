//! PDF: a titled table on A4 pages (header repeated, page numbers), with DejaVu Sans embedded so
//! every Indonesian name prints, and amounts right-aligned by measuring the font's advances.
//! See docs/adr/0004-pdf.md.

use super::Table;
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use krilla::Document;

pub(super) static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

const W: f32 = 595.0; // A4 in points
const H: f32 = 842.0;
const MARGIN: f32 = 40.0;
const SIZE: f32 = 9.0;
const ROW: f32 = 14.0;

/// Width of `text` at `size` points, from the font's horizontal advances.
pub(super) fn width(face: &ttf_parser::Face<'_>, text: &str, size: f32) -> f32 {
    let per_unit = size / face.units_per_em() as f32;
    text.chars()
        .map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).unwrap_or(face.units_per_em() / 2) as f32 * per_unit)
        .sum()
}

/// Shortens `text` with an ellipsis until it fits `max` points.
pub(super) fn fit(face: &ttf_parser::Face<'_>, text: &str, size: f32, max: f32) -> String {
    if width(face, text, size) <= max {
        return text.to_string();
    }
    let mut s: String = text.to_string();
    while !s.is_empty() && width(face, &format!("{s}…"), size) > max {
        s.pop();
    }
    format!("{s}…")
}

/// Breaks text into lines no wider than `max` (at word boundaries; a word longer than a line is
/// cut), keeping every character: minutes and notes are printed whole.
pub(super) fn wrap(face: &ttf_parser::Face<'_>, text: &str, size: f32, max: f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ') {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if width(face, &candidate, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            let mut rest = word.to_string();
            while width(face, &rest, size) > max && rest.chars().count() > 1 {
                let mut head = String::new();
                for c in rest.chars() {
                    if width(face, &format!("{head}{c}"), size) > max {
                        break;
                    }
                    head.push(c);
                }
                let taken = head.chars().count().max(1);
                out.push(rest.chars().take(taken).collect());
                rest = rest.chars().skip(taken).collect();
            }
            line = rest;
        }
        out.push(line);
    }
    out
}

#[derive(Default)]
pub struct Layout<'a> {
    /// Lines under the title (institution, period, who printed it).
    pub meta: &'a [String],
    /// Relative column widths; columns listed in `right` are right-aligned (amounts).
    pub widths: &'a [f32],
    pub right: &'a [usize],
    /// "Halaman" / "Page"
    pub page_word: &'a str,
    /// A form to fill by hand: rows tall enough to write in, with lines around every cell.
    pub ruled: bool,
    /// A receipt printer's strip, 80 mm wide, one page as long as the content.
    pub narrow: bool,
}

/// 80 mm in points, and the strip's margin.
const NARROW: f32 = 226.8;
const NARROW_MARGIN: f32 = 10.0;

/// Row height of a ruled (handwriting) table.
const RULED_ROW: f32 = 24.0;

fn rule(s: &mut krilla::surface::Surface<'_>, from: (f32, f32), to: (f32, f32)) {
    let mut pb = PathBuilder::new();
    pb.move_to(from.0, from.1);
    pb.line_to(to.0, to.1);
    if let Some(path) = pb.finish() {
        s.set_stroke(Some(Stroke { width: 0.5, ..Default::default() }));
        s.draw_path(&path);
        s.set_stroke(None);
    }
}

/// Most lines one cell may take before it is shortened with an ellipsis.
const MAX_LINES: usize = 6;

pub fn table(t: &Table, layout: &Layout<'_>) -> anyhow::Result<Vec<u8>> {
    let face = ttf_parser::Face::parse(FONT, 0).map_err(|e| anyhow::anyhow!("font: {e}"))?;
    let font = Font::new(FONT.into(), 0).ok_or_else(|| anyhow::anyhow!("cannot load the PDF font"))?;
    // A wide table prints on a landscape page; a receipt on a strip as long as it needs.
    let margin = if layout.narrow { NARROW_MARGIN } else { MARGIN };
    let (pw, mut ph) = if layout.narrow {
        (NARROW, H)
    } else if t.headers.len() > 6 {
        (H, W)
    } else {
        (W, H)
    };
    let usable = pw - 2.0 * margin;
    // Amount columns are never cut: each gets the width of its widest figure; the text columns
    // share the rest by their relative widths (and shorten with an ellipsis if they must).
    let fixed: Vec<Option<f32>> = (0..layout.widths.len())
        .map(|i| {
            layout.right.contains(&i).then(|| {
                std::iter::once(t.headers.get(i).map(String::as_str).unwrap_or(""))
                    .chain(t.rows.iter().filter_map(|r| r.get(i).map(String::as_str)))
                    .map(|v| width(&face, v, SIZE) + 6.0)
                    .fold(0.0f32, f32::max)
            })
        })
        .collect();
    let fixed_total: f32 = fixed.iter().flatten().sum();
    let flexible: f32 = layout.widths.iter().zip(&fixed).filter(|(_, f)| f.is_none()).map(|(w, _)| *w).sum::<f32>().max(1.0);
    let rest = (usable - fixed_total).max(usable * 0.25);
    let cols: Vec<(f32, f32)> = {
        let mut x = margin;
        layout
            .widths
            .iter()
            .zip(&fixed)
            .map(|(w, f)| {
                let cw = f.unwrap_or(rest * w / flexible);
                let c = (x, cw);
                x += cw;
                c
            })
            .collect()
    };
    let meta: Vec<String> = layout.meta.iter().flat_map(|m| wrap(&face, m, SIZE, usable)).collect();
    let first_top = margin + 24.0 + ROW * meta.len() as f32 + 10.0;
    // Text cells wrap (a description or a note is never cut short unless it is very long);
    // amounts stay on one line. Each row is as tall as its tallest cell.
    let lines_of = |i: usize, text: &str| -> Vec<String> {
        let cw = cols.get(i).map(|c| c.1).unwrap_or(0.0) - 4.0;
        if layout.right.contains(&i) {
            return vec![fit(&face, text, SIZE, cw)];
        }
        let mut l = wrap(&face, text, SIZE, cw.max(10.0));
        if l.len() > MAX_LINES {
            l.truncate(MAX_LINES);
            let last = l.pop().unwrap_or_default();
            l.push(fit(&face, &format!("{last} …"), SIZE, cw));
        }
        l
    };
    let rows: Vec<Vec<Vec<String>>> =
        t.rows.iter().map(|r| r.iter().enumerate().map(|(i, v)| lines_of(i, v)).collect()).collect();
    let height = |r: &Vec<Vec<String>>| {
        let h = r.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * ROW;
        if layout.ruled {
            h.max(RULED_ROW)
        } else {
            h
        }
    };
    if layout.narrow {
        ph = first_top + ROW + rows.iter().map(height).sum::<f32>() + margin + 30.0;
    }
    // Rows per page, in order (a row taller than a page still gets a page of its own).
    let bottom = ph - margin - 20.0;
    let mut pages: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut from, mut y) = (0, first_top + ROW);
    for (i, r) in rows.iter().enumerate() {
        let h = height(r);
        if y + h > bottom && i > from {
            pages.push(from..i);
            from = i;
            y = margin + ROW;
        }
        y += h;
    }
    pages.push(from..rows.len());

    let mut doc = Document::new();
    let total = pages.len();
    for (p, range) in pages.into_iter().enumerate() {
        let mut page = doc.start_page_with(PageSettings::from_wh(pw, ph).ok_or_else(|| anyhow::anyhow!("page size"))?);
        let mut s = page.surface();
        let mut y = margin;
        if p == 0 {
            s.draw_text(Point::from_xy(margin, y + 14.0), font.clone(), 14.0, &t.title, false, TextDirection::Auto);
            y += 24.0;
            for m in &meta {
                y += ROW;
                s.draw_text(Point::from_xy(margin, y), font.clone(), SIZE, m, false, TextDirection::Auto);
            }
            y += 10.0;
        }
        let cell = |s: &mut krilla::surface::Surface<'_>, i: usize, y: f32, text: &str| {
            let (x, cw) = cols.get(i).copied().unwrap_or((margin, 0.0));
            let text = fit(&face, text, SIZE, cw - 4.0);
            let tx = if layout.right.contains(&i) { x + cw - 2.0 - width(&face, &text, SIZE) } else { x + 2.0 };
            s.draw_text(Point::from_xy(tx, y), font.clone(), SIZE, &text, false, TextDirection::Auto);
        };
        y += ROW;
        for (i, h) in t.headers.iter().enumerate() {
            cell(&mut s, i, y, h);
        }
        let mut pb = PathBuilder::new();
        pb.move_to(margin, y + 4.0);
        pb.line_to(pw - margin, y + 4.0);
        if let Some(path) = pb.finish() {
            s.set_stroke(Some(Stroke { width: 0.6, ..Default::default() }));
            s.draw_path(&path);
            s.set_stroke(None);
        }
        let table_top = y - ROW + 2.0;
        for r in &rows[range] {
            for (i, lines) in r.iter().enumerate() {
                for (k, l) in lines.iter().enumerate() {
                    cell(&mut s, i, y + ROW * (k as f32 + 1.0), l);
                }
            }
            y += height(r);
            if layout.ruled {
                rule(&mut s, (margin, y + 4.0), (pw - margin, y + 4.0));
            }
        }
        if layout.ruled {
            for x in cols.iter().map(|c| c.0).chain(std::iter::once(pw - margin)) {
                rule(&mut s, (x, table_top), (x, y + 4.0));
            }
            rule(&mut s, (margin, table_top), (pw - margin, table_top));
        }
        let footer = format!("{} {} / {}", layout.page_word, p + 1, total);
        s.draw_text(
            Point::from_xy(pw - margin - width(&face, &footer, 8.0), ph - margin + 10.0),
            font.clone(),
            8.0,
            &footer,
            false,
            TextDirection::Auto,
        );
        s.finish();
        page.finish();
    }
    doc.finish().map_err(|e| anyhow::anyhow!("PDF: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_character() {
        let face = ttf_parser::Face::parse(FONT, 0).expect("font");
        let text = "Rapat membahas setoran tabungan dan rencana usaha keripik tempe bersama seluruh anggota kelompok.\nKedua";
        let lines = wrap(&face, text, SIZE, 120.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| width(&face, l, SIZE) <= 120.0));
        assert_eq!(lines.join(" ").replace(' ', ""), text.replace(['\n', ' '], ""));
    }

    #[test]
    fn a_long_table_paginates_and_is_a_pdf() {
        let t = Table {
            numeric: Vec::new(),
            title: "Rekening".into(),
            headers: vec!["a".into(), "b".into()],
            rows: (0..200).map(|i| vec![i.to_string(), "Rp 5.000".into()]).collect(),
        };
        let pdf = table(
            &t,
            &Layout {
                meta: &["KSM Berkah Jaya".into()],
                widths: &[1.0, 1.0],
                right: &[1],
                page_word: "Halaman",
                ..Default::default()
            },
        )
        .expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(
            text.matches("/Type /Page").count() >= 4 || text.matches("/Type/Page").count() >= 4,
            "200 rows take several pages"
        );
    }
}
