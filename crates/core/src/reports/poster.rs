//! A poster of the village budget for the notice board (A3, or A1 for the big board): the three
//! totals, then every revenue source and spending field with budget, realisation and a bar.
//! Big type, no colour needed to read it (each bar's figure is printed beside it).

use super::pdf::{fit, width, wrap, FONT};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use swadaya_domain::Rupiah;

pub struct PosterRow {
    pub label: String,
    pub budget: i64,
    pub realised: i64,
}

pub struct Poster {
    pub title: String,
    pub subtitle: Vec<String>,
    /// The three totals: (label, budget, realised)
    pub totals: Vec<PosterRow>,
    /// (heading, rows)
    pub sections: Vec<(String, Vec<PosterRow>)>,
    /// The balance line (balanced, or by how much it is not)
    pub balance: String,
    pub footer: String,
    /// "Anggaran", "Realisasi"
    pub words: (String, String),
}

#[derive(Clone, Copy)]
pub enum Size {
    A3,
    A1,
}

fn percent(budget: i64, realised: i64) -> String {
    match swadaya_domain::money::share_bp(realised, budget) {
        Some(bp) => format!("{},{:02} %", bp / 100, bp % 100),
        None => "–".into(),
    }
}

struct Pen<'a, 'b> {
    s: &'a mut Surface<'b>,
    font: Font,
    face: &'a ttf_parser::Face<'a>,
    k: f32,
}

impl Pen<'_, '_> {
    fn text(&mut self, x: f32, y: f32, size: f32, t: &str) {
        self.s.draw_text(Point::from_xy(x * self.k, y * self.k), self.font.clone(), size * self.k, t, false, TextDirection::Auto);
    }

    fn right(&mut self, x: f32, y: f32, size: f32, t: &str) {
        let w = width(self.face, t, size * self.k) / self.k;
        self.text(x - w, y, size, t);
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, (r, g, b): (u8, u8, u8)) {
        if let Some(rect) = Rect::from_xywh(x * self.k, y * self.k, w.max(0.1) * self.k, h * self.k) {
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            if let Some(path) = pb.finish() {
                self.s.set_fill(Some(Fill { paint: rgb::Color::new(r, g, b).into(), ..Default::default() }));
                self.s.draw_path(&path);
                self.s.set_fill(Some(Fill::default()));
            }
        }
    }

    fn fitted(&self, t: &str, size: f32, max: f32) -> String {
        fit(self.face, t, size * self.k, max * self.k)
    }

    /// A row's name on as many lines as it needs (a bidang's name is never cut).
    fn lines(&self, t: &str, size: f32, max: f32) -> Vec<String> {
        wrap(self.face, t, size * self.k, max * self.k)
    }
}

const W: f32 = 842.0; // A3 portrait in points; A1 is twice as wide and tall
const H: f32 = 1191.0;
const M: f32 = 50.0;
const LIGHT: (u8, u8, u8) = (215, 224, 216);
const DARK: (u8, u8, u8) = (11, 107, 58);

fn bar(p: &mut Pen<'_, '_>, x: f32, y: f32, w: f32, row: &PosterRow) {
    p.rect(x, y, w, 9.0, LIGHT);
    if row.budget > 0 {
        let share = (row.realised as f64 / row.budget as f64).clamp(0.0, 1.0) as f32;
        p.rect(x, y, w * share, 9.0, DARK);
    } else if row.realised > 0 {
        p.rect(x, y, w, 9.0, DARK);
    }
}

pub fn render(poster: &Poster, size: Size) -> anyhow::Result<Vec<u8>> {
    let face = ttf_parser::Face::parse(FONT, 0).map_err(|e| anyhow::anyhow!("font: {e}"))?;
    let font = Font::new(FONT.into(), 0).ok_or_else(|| anyhow::anyhow!("cannot load the PDF font"))?;
    let k = match size {
        Size::A3 => 1.0,
        Size::A1 => 2.0,
    };
    let mut doc = Document::new();
    let settings = || PageSettings::from_wh(W * k, H * k).ok_or_else(|| anyhow::anyhow!("page size"));
    let mut page = doc.start_page_with(settings()?);
    let mut surface = page.surface();
    let mut pages_left: Vec<(String, Vec<&PosterRow>)> =
        poster.sections.iter().map(|(h, rows)| (h.clone(), rows.iter().collect())).collect();
    {
        let mut p = Pen { s: &mut surface, font: font.clone(), face: &face, k };
        let title = p.fitted(&poster.title, 30.0, W - 2.0 * M);
        p.text(M, M + 28.0, 30.0, &title);
        let mut y = M + 56.0;
        for s in &poster.subtitle {
            let s = p.fitted(s, 14.0, W - 2.0 * M);
            p.text(M, y, 14.0, &s);
            y += 20.0;
        }
        y += 14.0;
        // The three totals side by side.
        let n = poster.totals.len().max(1) as f32;
        let gap = 16.0;
        let bw = (W - 2.0 * M - gap * (n - 1.0)) / n;
        for (i, t) in poster.totals.iter().enumerate() {
            let x = M + i as f32 * (bw + gap);
            p.rect(x, y, bw, 118.0, (243, 246, 243));
            p.text(x + 10.0, y + 24.0, 18.0, &t.label);
            p.text(x + 10.0, y + 48.0, 11.0, &poster.words.0);
            p.right(x + bw - 10.0, y + 48.0, 13.0, &Rupiah(t.budget).to_string());
            p.text(x + 10.0, y + 70.0, 11.0, &poster.words.1);
            p.right(x + bw - 10.0, y + 70.0, 13.0, &Rupiah(t.realised).to_string());
            bar(&mut p, x + 10.0, y + 84.0, bw - 20.0, t);
            p.right(x + bw - 10.0, y + 110.0, 12.0, &percent(t.budget, t.realised));
        }
        y += 150.0;
        let line = poster.balance.clone();
        let line = p.fitted(&line, 13.0, W - 2.0 * M);
        p.text(M, y, 13.0, &line);
        y += 30.0;
        draw_sections(&mut p, &mut pages_left, &poster.words, y);
    }
    // What did not fit continues on further pages, the heading repeated.
    while pages_left.iter().any(|(_, r)| !r.is_empty()) {
        surface.finish();
        page.finish();
        page = doc.start_page_with(settings()?);
        surface = page.surface();
        let mut p = Pen { s: &mut surface, font: font.clone(), face: &face, k };
        draw_sections(&mut p, &mut pages_left, &poster.words, M + 20.0);
    }
    {
        let mut p = Pen { s: &mut surface, font: font.clone(), face: &face, k };
        let footer = p.fitted(&poster.footer, 10.0, W - 2.0 * M);
        p.text(M, H - M + 20.0, 10.0, &footer);
    }
    surface.finish();
    page.finish();
    doc.finish().map_err(|e| anyhow::anyhow!("PDF: {e:?}"))
}

const ROW_H: f32 = 48.0;
const LINE_H: f32 = 17.0;

/// Draws rows until the page is full; what is drawn is taken out of `left`.
fn draw_sections(p: &mut Pen<'_, '_>, left: &mut [(String, Vec<&PosterRow>)], words: &(String, String), mut y: f32) {
    let bottom = H - M - 10.0;
    let amount_x = W - M;
    for (heading, rows) in left.iter_mut() {
        if rows.is_empty() {
            continue;
        }
        if y + 30.0 + ROW_H > bottom {
            return;
        }
        p.text(M, y, 20.0, heading);
        p.right(amount_x - 160.0, y, 10.0, &words.0);
        p.right(amount_x, y, 10.0, &words.1);
        y += 12.0;
        while let Some(r) = rows.first() {
            let label = p.lines(&r.label, 14.0, W - 2.0 * M - 340.0);
            // Each line after the first moves the row's bar down by one line.
            let extra = LINE_H * (label.len().max(1) - 1) as f32;
            if y + ROW_H + extra > bottom {
                return;
            }
            for (i, l) in label.iter().enumerate() {
                p.text(M, y + 18.0 + LINE_H * i as f32, 14.0, l);
            }
            p.right(amount_x - 160.0, y + 18.0, 14.0, &Rupiah(r.budget).to_string());
            p.right(amount_x, y + 18.0, 14.0, &Rupiah(r.realised).to_string());
            bar(p, M, y + 25.0 + extra, W - 2.0 * M - 70.0, r);
            p.right(amount_x, y + 35.0 + extra, 11.0, &percent(r.budget, r.realised));
            y += ROW_H + extra;
            rows.remove(0);
        }
        y += 18.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_budget_continues_on_another_page() {
        let rows = |n: usize| {
            (0..n).map(|i| PosterRow { label: format!("Kegiatan {i}"), budget: 1_000_000, realised: 400_000 }).collect()
        };
        let poster = Poster {
            title: "APBDes Desa Ganra 2022".into(),
            subtitle: vec!["Laporan realisasi".into()],
            totals: vec![PosterRow { label: "Pendapatan".into(), budget: 2_239_690_779, realised: 1_183_228_996 }],
            sections: vec![("Pendapatan".into(), rows(5)), ("Belanja".into(), rows(40))],
            balance: "Seimbang".into(),
            footer: "Swadaya".into(),
            words: ("Anggaran".into(), "Realisasi".into()),
        };
        for size in [Size::A3, Size::A1] {
            let pdf = render(&poster, size).expect("pdf");
            assert!(pdf.starts_with(b"%PDF-"));
            let text = String::from_utf8_lossy(&pdf);
            assert!(text.matches("/Type /Page").count() + text.matches("/Type/Page").count() >= 2, "45 rows take two pages");
        }
        assert_eq!(percent(2_239_690_779, 1_183_228_996), "52,83 %");
    }
}
