//! Demo water service and maintenance group (issue 21). BP-SPAMS Tirta Ganra runs the water
//! system KKM Tirta Ganra handed over (seed 000: "Badan Pengelola Sarana"): a year of meter
//! readings, bill runs and payments, with a tariff change, a replaced meter, an unusual month,
//! an advance, a reversed payment and customers in arrears. KPP Paseduluran Jalan Poros keeps
//! the Bibrik road (seed 001) with "jimpitan Rp. 5.000 per rumah di setiap hari jumat".
//!
//! The metered prices are BPSPAMS Tirto Manunggal's published "daftar tarif" (R1, then R2 as a
//! later version), the closest published village list; the customers and their use are made up.

use crate::demo::flat;
use swadaya_core::app::books::journal::ReversalInput;
use swadaya_core::app::water::bills::{self, RunInput};
use swadaya_core::app::water::customers::{self, CustomerInput, MeterChangeInput};
use swadaya_core::app::water::payments::{self, FeeInput};
use swadaya_core::app::water::readings::{self, month_shift, RoundEntry};
use swadaya_core::app::water::setup::{self, AssetInput, BlockInput, SchemeInput, TariffInput};
use swadaya_core::app::{Ctx, Db};

/// The twelve months of the demo year, oldest first.
pub const FIRST_MONTH: &str = "2025-12";
pub const MONTHS: i32 = 12;

const HOUSEHOLDS: &[(&str, &str)] = &[
    ("La Tahang", "Dusun Ganra, RT 001"),
    ("Hj. Sitti Aminah", "Dusun Ganra, RT 001"),
    ("Andi Baso Ridwan", "Dusun Ganra, RT 001"),
    ("Besse Hasnah", "Dusun Ganra, RT 002"),
    ("Muh. Arfah", "Dusun Ganra, RT 002"),
    ("Sitti Rahmah", "Dusun Ganra, RT 002"),
    ("La Ode Hamzah", "Dusun Ganra, RT 003"),
    ("Nurhayati", "Dusun Ganra, RT 003"),
    ("Abd. Rahman", "Dusun Ganra, RT 003"),
    ("Hasnawati", "Dusun Bakke, RT 001"),
    ("Mustari", "Dusun Bakke, RT 001"),
    ("Hj. Nurhaeda", "Dusun Bakke, RT 001"),
    ("Syamsuddin", "Dusun Bakke, RT 002"),
    ("I Made Suarta", "Dusun Bakke, RT 002"),
    ("Rosmiati", "Dusun Bakke, RT 002"),
    ("Ambo Tang", "Dusun Bakke, RT 003"),
    ("Haerani", "Dusun Bakke, RT 003"),
    ("Baharuddin", "Dusun Bakke, RT 003"),
    ("St. Nurbaya", "Dusun Lompulle, RT 001"),
    ("Patahuddin", "Dusun Lompulle, RT 001"),
    ("Jumriah", "Dusun Lompulle, RT 001"),
    ("Muhammad Yusuf", "Dusun Lompulle, RT 002"),
    ("Darmawati", "Dusun Lompulle, RT 002"),
    ("Andi Sompa", "Dusun Lompulle, RT 002"),
    ("Kasmawati", "Dusun Lompulle, RT 003"),
    ("La Sappe", "Dusun Lompulle, RT 003"),
];

/// Who pays late, and how: (customer index, months behind at the end of the demo).
const LATE: &[(usize, i32)] = &[(4, 2), (11, 3), (17, 5), (23, 1)];

fn blocks(list: &[(u32, Option<u32>, u32)]) -> Vec<BlockInput> {
    list.iter()
        .map(|(from, to, price)| BlockInput {
            from: from.to_string(),
            to: to.map(|t| t.to_string()).unwrap_or_default(),
            price: price.to_string(),
        })
        .collect()
}

/// A household's m³ in a month: steady per house, a little seasonal, never random.
fn use_of(house: usize, month: i32) -> i64 {
    let base = 9 + (house * 7 % 17) as i64;
    let dry = if (6..=9).contains(&((month + 11) % 12)) { 3 } else { 0 };
    base + dry + ((house as i64 + i64::from(month)) % 3)
}

pub async fn load(db: &Db, ctx: &Ctx, bpspams: i64, kpp: i64) -> anyhow::Result<()> {
    if !setup::assets(db, ctx, bpspams).await.map_err(flat)?.is_empty() {
        return Ok(());
    }
    load_water(db, ctx, bpspams).await?;
    load_road(db, ctx, kpp).await
}

async fn load_water(db: &Db, ctx: &Ctx, inst: i64) -> anyhow::Result<()> {
    let asset = setup::add_asset(
        db,
        ctx,
        inst,
        &AssetInput {
            name: "SPAMS Desa Ganra".into(),
            kind: "water".into(),
            region_code: "73.12.07.2002".into(),
            location: "Mata air Bulu Ganra, reservoir 30 m³, jaringan perpipaan ke Dusun Ganra, Bakke dan Lompulle".into(),
            handed_over_on: "2025-11-15".into(),
            handed_over_by: "KKM Tirta Ganra, Berita Acara Serah Terima Pengelolaan Sarana (demo)".into(),
            value: "312.500.000".into(),
            capacity: "1,5 liter/detik; 2 hidran umum dan sambungan rumah".into(),
            households: "120".into(),
        },
    )
    .await
    .map_err(flat)?;
    let scheme = |name: &str, group: &str, kind: &str| SchemeInput {
        asset_id: asset,
        name: name.into(),
        customer_group: group.into(),
        kind: kind.into(),
        due_day: "20".into(),
    };
    let houses = setup::add_scheme(db, ctx, inst, &scheme("Rumah tangga (R1)", "household", "metered")).await.map_err(flat)?;
    let taps = setup::add_scheme(db, ctx, inst, &scheme("Hidran umum", "public_tap", "flat")).await.map_err(flat)?;
    let decision = "Musyawarah desa Ganra 28/11/2025; SK BP-SPAMS Tirta Ganra No. 02/BP-SPAMS/XI/2025 (demo)";
    setup::add_tariff(
        db,
        ctx,
        inst,
        houses,
        &TariffInput {
            valid_from: FIRST_MONTH.into(),
            fixed: "4500".into(),
            decision: decision.into(),
            blocks: blocks(&[(1, Some(10), 100), (11, Some(20), 200), (21, Some(30), 300), (31, None, 400)]),
            ..TariffInput::default()
        },
    )
    .await
    .map_err(flat)?;
    setup::add_tariff(
        db,
        ctx,
        inst,
        houses,
        &TariffInput {
            valid_from: "2026-07".into(),
            fixed: "5500".into(),
            decision: "Musyawarah desa Ganra 20/06/2026: biaya perbaikan pompa dan cadangan (demo)".into(),
            blocks: blocks(&[(1, Some(10), 200), (11, Some(20), 300), (21, Some(30), 400), (31, None, 500)]),
            ..TariffInput::default()
        },
    )
    .await
    .map_err(flat)?;
    setup::add_tariff(
        db,
        ctx,
        inst,
        taps,
        &TariffInput {
            valid_from: FIRST_MONTH.into(),
            fixed: "20000".into(),
            decision: decision.into(),
            ..TariffInput::default()
        },
    )
    .await
    .map_err(flat)?;
    let mut ids = Vec::new();
    for (n, (name, address)) in HOUSEHOLDS.iter().enumerate() {
        let id = customers::add(
            db,
            ctx,
            inst,
            &CustomerInput {
                scheme_id: houses,
                name: name.to_string(),
                address: address.to_string(),
                connected_on: "2025-11-20".into(),
                meter_serial: format!("LX-{}", 250_101 + n),
                start_reading: "0".into(),
                ..CustomerInput::default()
            },
        )
        .await
        .map_err(flat)?;
        ids.push(id);
    }
    let mut tap_ids = Vec::new();
    for (name, address) in [("Hidran umum Masjid Nurul Huda", "Dusun Bakke"), ("Hidran umum Pasar Ganra", "Dusun Ganra")] {
        let id = customers::add(
            db,
            ctx,
            inst,
            &CustomerInput {
                scheme_id: taps,
                name: name.into(),
                address: address.into(),
                connected_on: "2025-11-20".into(),
                ..CustomerInput::default()
            },
        )
        .await
        .map_err(flat)?;
        tap_ids.push(id);
    }
    let mut totals = vec![0i64; ids.len()];
    // House 2's new meter counts from 0: its figure is the total less what the old one ran.
    let mut offset = 0;
    for m in 0..MONTHS {
        let month = month_shift(FIRST_MONTH, m);
        let read_on = format!("{}-28", month);
        if m == 7 {
            // The meter of house 2 stuck in July; replaced on the 10th with its last figure.
            let cid = ids[2];
            offset = totals[2] + 4;
            customers::replace_meter(
                db,
                ctx,
                inst,
                cid,
                &MeterChangeInput {
                    changed_on: format!("{month}-10"),
                    final_reading: offset.to_string(),
                    reason: "Meteran macet (jarum tidak berputar)".into(),
                    meter_serial: "LX-260417".into(),
                    start_reading: "0".into(),
                },
            )
            .await
            .map_err(flat)?;
        }
        let mut lines = Vec::new();
        for (n, cid) in ids.iter().enumerate() {
            // A leak behind house 9's meter in September: far above its usual use, flagged.
            let used = use_of(n, m) + if n == 9 && m == 9 { 38 } else { 0 };
            totals[n] += used;
            let figure = if n == 2 { totals[n] - offset } else { totals[n] };
            lines.push(RoundEntry { customer_id: *cid, reading: figure.to_string(), note: String::new() });
        }
        readings::record_round(db, ctx, inst, houses, &month, &read_on, &lines).await.map_err(flat)?;
        bills::run(db, ctx, inst, houses, &RunInput { month: month.clone() }).await.map_err(flat)?;
        bills::run(db, ctx, inst, taps, &RunInput { month: month.clone() }).await.map_err(flat)?;
        if m == MONTHS - 1 {
            // Five months behind and two warning letters unanswered: the board closes the tap.
            let input = customers::ConnectionInput {
                kind: "disconnect".into(),
                on_date: format!("{}-02", month_shift(&month, 1)),
                decision: "Rapat pengurus BP-SPAMS 01/12/2026; surat teguran kedua tidak dijawab (demo)".into(),
                reason: "Menunggak lima bulan".into(),
            };
            customers::change_connection(db, ctx, inst, ids[17], &input).await.map_err(flat)?;
            break;
        }
        // Paid in the next month, by the 10th, except those behind.
        let pay_month = month_shift(&month, 1);
        for (n, cid) in ids.iter().chain(tap_ids.iter()).enumerate() {
            if LATE.iter().any(|(late, behind)| *late == n && m >= MONTHS - 1 - behind) {
                continue;
            }
            let owed = payments::statement(db, ctx, inst, *cid, chrono::NaiveDate::MIN).await.map_err(flat)?.owed;
            if owed == 0 {
                continue;
            }
            let ahead = n == 6 && m == 5;
            let input = FeeInput {
                paid_on: format!("{pay_month}-{:02}", 3 + n % 8),
                amount: if ahead { (owed + 30_000).to_string() } else { owed.to_string() },
                advance: ahead,
                ..FeeInput::default()
            };
            let id = payments::pay(db, ctx, inst, *cid, &input).await.map_err(flat)?;
            if n == 13 && m == 3 {
                // Recorded on the wrong customer's card: reversed the same day and taken again.
                payments::reverse(
                    db,
                    ctx,
                    inst,
                    id,
                    &ReversalInput { posted_on: input.paid_on.clone(), reason: "Salah kartu pelanggan".into() },
                )
                .await
                .map_err(flat)?;
                payments::pay(db, ctx, inst, *cid, &input).await.map_err(flat)?;
            }
        }
    }
    Ok(())
}

async fn load_road(db: &Db, ctx: &Ctx, inst: i64) -> anyhow::Result<()> {
    let asset = setup::add_asset(
        db,
        ctx,
        inst,
        &AssetInput {
            name: "Jalan Poros RT.09 dan RT.10 Bibrik".into(),
            kind: "road".into(),
            region_code: "35.19.09.2014".into(),
            location: "Jalan poros lingkungan RT.09 dan RT.10, Desa Bibrik".into(),
            handed_over_on: "2025-11-30".into(),
            handed_over_by: "BKM/LKM Desa Bibrik, Berita Acara Serah Terima kepada KPP (demo)".into(),
            value: "96.000.000".into(),
            capacity: "Paving 320 m × 3 m".into(),
            households: "30".into(),
        },
    )
    .await
    .map_err(flat)?;
    let scheme = setup::add_scheme(
        db,
        ctx,
        inst,
        &SchemeInput {
            asset_id: asset,
            name: "Jimpitan Jumat".into(),
            customer_group: "household".into(),
            kind: "weekly".into(),
            due_day: "5".into(),
        },
    )
    .await
    .map_err(flat)?;
    setup::add_tariff(
        db,
        ctx,
        inst,
        scheme,
        &TariffInput {
            valid_from: FIRST_MONTH.into(),
            fixed: "5000".into(),
            weekday: "5".into(),
            decision: "Rapat warga RT.09 dan RT.10: jimpitan Rp. 5.000 per rumah di setiap hari Jumat (seed 001)".into(),
            ..TariffInput::default()
        },
    )
    .await
    .map_err(flat)?;
    let names = ["Sarmi", "Tukiran", "Suparno", "Wagiyem", "Sumarni", "Paijo", "Kasiyem", "Slamet", "Ngatini", "Marsudi"];
    let mut ids = Vec::new();
    for (n, name) in names.iter().enumerate() {
        let rt = if n < 5 { "RT.09" } else { "RT.10" };
        let id = customers::add(
            db,
            ctx,
            inst,
            &CustomerInput {
                scheme_id: scheme,
                name: name.to_string(),
                address: format!("{rt}, Desa Bibrik"),
                connected_on: "2025-12-01".into(),
                ..CustomerInput::default()
            },
        )
        .await
        .map_err(flat)?;
        ids.push(id);
    }
    for m in 0..MONTHS {
        let month = month_shift(FIRST_MONTH, m);
        bills::run(db, ctx, inst, scheme, &RunInput { month: month.clone() }).await.map_err(flat)?;
        if m == MONTHS - 1 {
            break;
        }
        for (n, cid) in ids.iter().enumerate() {
            if n == 7 && m >= MONTHS - 3 {
                continue;
            }
            let owed = payments::statement(db, ctx, inst, *cid, chrono::NaiveDate::MIN).await.map_err(flat)?.owed;
            let input =
                FeeInput { paid_on: format!("{}-02", month_shift(&month, 1)), amount: owed.to_string(), ..FeeInput::default() };
            payments::pay(db, ctx, inst, *cid, &input).await.map_err(flat)?;
        }
    }
    Ok(())
}
