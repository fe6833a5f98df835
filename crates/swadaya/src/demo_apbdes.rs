//! Seed 004: Desa Ganra's APBDes 2022 as its website published it ("APBDes 2022 Pelaksanaan"),
//! every revenue source and spending field with budget and realisation. The seed gives the
//! financing only as one total, so it is one line of financing receipts.

use crate::app::apbdes::{self, VersionInput};
use crate::app::Ctx;
use crate::demo::flat;
use crate::store::Db;
use swadaya_domain::apbdes::{Line, Section};

/// (section, code, name, budget, realisation)
pub const GANRA_2022: &[(Section, &str, &str, i64, i64)] = &[
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

pub fn ganra_lines() -> Vec<Line> {
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

pub async fn load(db: &Db, ctx: &Ctx, desa: i64) -> anyhow::Result<()> {
    if !apbdes::years(db, desa).await.map_err(flat)?.is_empty() {
        return Ok(());
    }
    let lines = ganra_lines();
    let rows: Vec<usize> = (1..=lines.len()).collect();
    // The budget as adopted (realisation not yet known), then the published realisation.
    let budget_only: Vec<Line> = lines.iter().map(|l| Line { realised: 0, ..l.clone() }).collect();
    let original = VersionInput {
        year: "2022".into(),
        kind: "original".into(),
        title: "APBDes Desa Ganra Tahun Anggaran 2022".into(),
        as_of: "2022-01-03".into(),
    };
    apbdes::save(db, ctx, desa, &original, &budget_only, &rows, "form").await.map_err(flat)?;
    let realisation = VersionInput {
        year: "2022".into(),
        kind: "realisation".into(),
        title: "APBDes 2022 Pelaksanaan (website Desa Ganra)".into(),
        as_of: "2022-12-31".into(),
    };
    apbdes::save(db, ctx, desa, &realisation, &lines, &rows, "form").await.map_err(flat)?;
    Ok(())
}
