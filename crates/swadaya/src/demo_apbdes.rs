//! Seed 004: Desa Ganra's APBDes 2022 as its website published it ("APBDes 2022 Pelaksanaan"),
//! every revenue source and spending field with budget and realisation. The seed gives the
//! financing only as one total, so it is one line of financing receipts.

use crate::demo::flat;
use swadaya_core::app::apbdes::{self, VersionInput};
use swadaya_core::app::Ctx;
use swadaya_core::app::Db;
use swadaya_domain::apbdes::Line;

/// Desa Ganra's 2022 lines (they are also the import template's example rows).
pub fn ganra_lines() -> Vec<Line> {
    swadaya_core::app::apbdes::import::example_lines()
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
