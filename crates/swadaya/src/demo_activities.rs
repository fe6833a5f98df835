//! Demo activities from the seeds. Seed 001: LKM Makmur Sentosa of Desa Bibrik received an
//! APBD Kabupaten Madiun 2018 allocation of Rp 100.000.000 and paved 170 m of road in the
//! catfish-farming area of RT 09 and RT 10; the community added side paving (rabat), small
//! gardens and 3D murals, and formed "Paseduluran Jalan Poros RT.09 dan RT.10" (about 30
//! households, jimpitan Rp 5.000 per house every Friday) to maintain it; the village continued
//! the paving from Dana Desa. Seed 000: the KKM's Pamsimas water work plan (RKM).
//! Dates are relative to today so the demo always shows a recent history; the amounts the
//! seeds do not give (the RAB lines, the Dana Desa share, the Pamsimas budget) are illustrative.

use crate::demo::flat;
use chrono::{Months, NaiveDate};
use swadaya_core::app::activities::{money, plan, proposals, ranking, RabInput};
use swadaya_core::app::attachments::Upload;
use swadaya_core::app::Ctx;
use swadaya_core::app::Db;

fn rab(lines: &[(&str, &str, &str, &str)]) -> Vec<RabInput> {
    lines
        .iter()
        .map(|(item, unit, q, p)| RabInput {
            item: item.to_string(),
            unit: unit.to_string(),
            quantity: q.to_string(),
            unit_price: p.to_string(),
        })
        .collect()
}

/// A tiny but real PNG (1×1), standing in for a phone photo of a receipt or of the work.
pub const DEMO_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00,
    0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9C, 0x63, 0x60, 0x68, 0x60, 0xF8, 0x0F, 0x00, 0x01, 0x04, 0x01, 0x00, 0x5B, 0x3D, 0x3C, 0x1B, 0x00, 0x00, 0x00, 0x00, 0x49,
    0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

fn photo(name: &str) -> Vec<Upload> {
    vec![Upload::new(name, DEMO_PNG.to_vec())]
}

/// The Bibrik paving, from proposal to hand-over, and its continuation from Dana Desa. Called
/// right after the UPK's opening balances, before any month is closed; `start` is the month
/// the demo books begin.
pub async fn load_lkm(db: &Db, ctx: &Ctx, lkm: i64, start: NaiveDate) -> anyhow::Result<()> {
    let d = |months: u32, day: u32| -> String {
        let m = start.checked_add_months(Months::new(months)).unwrap_or(start);
        NaiveDate::from_ymd_opt(chrono::Datelike::year(&m), chrono::Datelike::month(&m), day).unwrap_or(m).to_string()
    };
    let paving = proposals::ProposalInput {
        title: "Pembangunan jalan paving kawasan budidaya lele".into(),
        kind: "road_paving".into(),
        proposer: "Panitia pembangunan RT 09 dan RT 10".into(),
        location: "RT 09 dan RT 10, Desa Bibrik, Kec. Jiwan".into(),
        households: "30".into(),
        poor_households: "12".into(),
        women: "41".into(),
        description: "Akses jalan kawasan budidaya lele untuk destinasi wisata edukasi dan kuliner, sesuai siteplan LKM bersama masyarakat; penanganan kumuh parameter jalan lingkungan.".into(),
        submitted_on: d(1, 5),
        rab: rab(&[
            ("Paving block K-300 tebal 8 cm, terpasang", "m²", "510", "135.000"),
            ("Kanstin beton", "m", "340", "42.500"),
            ("Urugan pasir dan sirtu", "m³", "45", "210.000"),
            ("Upah tukang dan pekerja", "HOK", "120", "100.000"),
        ]),
        ..Default::default()
    };
    let p1 = proposals::create(db, ctx, lkm, &paving, &photo("lokasi-jalan-lele.png")).await.map_err(flat)?;
    let drainage = proposals::ProposalInput {
        title: "Saluran drainase RT 04".into(),
        kind: "drainage".into(),
        proposer: "KSM Lele Makmur".into(),
        location: "RT 04, Desa Bibrik".into(),
        households: "22".into(),
        poor_households: "6".into(),
        women: "25".into(),
        submitted_on: d(1, 8),
        rab: rab(&[("Saluran U-ditch 40 cm, terpasang", "m", "60", "650.000")]),
        ..Default::default()
    };
    let p2 = proposals::create(db, ctx, lkm, &drainage, &[]).await.map_err(flat)?;
    let training = proposals::ProposalInput {
        title: "Pelatihan olahan lele dan jamur".into(),
        kind: "training".into(),
        proposer: "Kelompok perempuan RT 10".into(),
        location: "Balai Desa Bibrik".into(),
        households: "25".into(),
        poor_households: "15".into(),
        women: "25".into(),
        submitted_on: d(1, 9),
        rab: rab(&[("Bahan praktik", "paket", "25", "150.000"), ("Narasumber", "hari", "2", "750.000")]),
        ..Default::default()
    };
    let p3 = proposals::create(db, ctx, lkm, &training, &[]).await.map_err(flat)?;
    let crit = ranking::criteria(db, ctx, lkm).await.map_err(flat)?;
    type Sheet<'a> = (&'a str, [(i64, [&'a str; 4]); 3]);
    let sheets: [Sheet; 2] = [
        ("Ketua LKM", [(p1, ["5", "4", "5", "5"]), (p2, ["3", "4", "3", "3"]), (p3, ["4", "3", "3", "3"])]),
        ("Sekretaris LKM", [(p1, ["4", "5", "5", "4"]), (p2, ["3", "3", "3", "4"]), (p3, ["5", "3", "2", "3"])]),
    ];
    for (scorer, rows) in sheets {
        for (p, scores) in rows {
            let input = ranking::ScoreInput {
                scorer: scorer.into(),
                scores: crit.iter().zip(scores).map(|(c, s)| (c.id, s.to_string())).collect(),
            };
            ranking::score(db, ctx, lkm, p, &input).await.map_err(flat)?;
        }
    }
    let decision = ranking::DecisionInput {
        meeting_on: d(1, 20),
        attendance: "23".into(),
        minutes: "Rapat LKM Makmur Sentosa membahas tiga usulan warga dengan kriteria yang disepakati. Alokasi APBD Kabupaten Madiun TA 2018 sebesar Rp 100.000.000 untuk jalan paving kawasan budidaya lele (170 m).".into(),
        outcomes: vec![
            (p1, "funded".into(), String::new()),
            (p2, "deferred".into(), "Menunggu alokasi Dana Desa tahun berikutnya".into()),
            (p3, "rejected".into(), "Diusulkan ke program pelatihan Dinas Perikanan".into()),
        ],
    };
    ranking::decide(db, ctx, lkm, &decision).await.map_err(flat)?;
    let a = plan::create(
        db,
        ctx,
        lkm,
        &plan::ActivityInput {
            proposal_id: Some(p1),
            name: "Pembangunan jalan paving kawasan budidaya lele".into(),
            kind: "road_paving".into(),
            location: "RT 09 dan RT 10, Desa Bibrik".into(),
            target_volume: "170".into(),
            unit: "m".into(),
            planned_start: d(2, 1),
            planned_end: d(3, 31),
            team: "Panitia pembangunan RT 09 dan RT 10".into(),
            technical_unit: "Tim teknis LKM Makmur Sentosa".into(),
            ..Default::default()
        },
    )
    .await
    .map_err(flat)?;
    let commit = |source: &str, amount: &str, document: &str| plan::CommitmentInput {
        source: source.into(),
        amount: amount.into(),
        document: document.into(),
        note: String::new(),
        ..Default::default()
    };
    plan::commit(
        db,
        ctx,
        lkm,
        a,
        &commit("apbd", "100.000.000", "Alokasi APBD Kabupaten Madiun TA 2018 untuk LKM Makmur Sentosa"),
    )
    .await
    .map_err(flat)?;
    plan::commit(
        db,
        ctx,
        lkm,
        a,
        &commit("community_kind", "12.500.000", "Kesepakatan warga RT 09 dan RT 10: rabat, taman, mural"),
    )
    .await
    .map_err(flat)?;
    let receive = |on: String, amount: &str, doc: &str| money::ReceiptInput {
        source: "apbd".into(),
        received_on: on,
        amount: amount.into(),
        account: "11023".into(),
        document: doc.into(),
        idem_key: None,
    };
    money::receive(db, ctx, lkm, a, &receive(d(2, 3), "60.000.000", "SP2D tahap I")).await.map_err(flat)?;
    let lines = plan::view(db, ctx, lkm, a).await.map_err(flat)?.lines.into_iter().map(|l| l.line).collect::<Vec<_>>();
    let pay = |line: usize, no: &str, on: String, payee: &str, item: &str, amount: &str| money::SpendingInput {
        rab_line_id: lines[line].id,
        source: "apbd".into(),
        receipt_no: no.into(),
        spent_on: on,
        payee: payee.into(),
        item: item.into(),
        amount: amount.into(),
        account: "11023".into(),
        approval: String::new(),
        idem_key: None,
    };
    let payments = [
        (2, "KW-001", d(2, 6), "UD Sumber Pasir", "Pasir dan sirtu 45 m³", "9.450.000"),
        (0, "KW-002", d(2, 10), "CV Paving Jaya Madiun", "Paving K-300, 300 m²", "40.500.000"),
        (3, "KW-003", d(2, 28), "Mandor Sukiran", "Upah tukang dan pekerja bulan pertama", "4.750.000"),
    ];
    for (line, no, on, payee, item, amount) in payments {
        money::spend(db, ctx, lkm, a, &pay(line, no, on, payee, item, amount), &photo(&format!("{no}.png")))
            .await
            .map_err(flat)?;
    }
    let progress = |on: String, pct: &str, qty: &str, note: &str| plan::ProgressInput {
        reported_on: on,
        percent: pct.into(),
        quantity: qty.into(),
        note: note.into(),
        reason: String::new(),
    };
    plan::report_progress(
        db,
        ctx,
        lkm,
        a,
        &progress(d(2, 15), "35", "60", "Urugan selesai, pemasangan paving dimulai dari ujung RT 09."),
        &photo("kemajuan-35.png"),
    )
    .await
    .map_err(flat)?;
    money::receive(db, ctx, lkm, a, &receive(d(3, 2), "40.000.000", "SP2D tahap II")).await.map_err(flat)?;
    let payments = [
        (0, "KW-004", d(3, 4), "CV Paving Jaya Madiun", "Paving K-300, 210 m²", "28.350.000"),
        (1, "KW-005", d(3, 9), "CV Paving Jaya Madiun", "Kanstin beton 340 m", "14.450.000"),
    ];
    for (line, no, on, payee, item, amount) in payments {
        money::spend(db, ctx, lkm, a, &pay(line, no, on, payee, item, amount), &photo(&format!("{no}.png")))
            .await
            .map_err(flat)?;
    }
    plan::report_progress(
        db,
        ctx,
        lkm,
        a,
        &progress(d(3, 12), "70", "120", "Paving terpasang 120 m."),
        &photo("kemajuan-70.png"),
    )
    .await
    .map_err(flat)?;
    let kind = |on: String, who: &str, what: &str, value: &str| plan::InKindInput {
        on_date: on,
        contributor: who.into(),
        description: what.into(),
        value: value.into(),
        ..Default::default()
    };
    plan::add_in_kind(
        db,
        ctx,
        lkm,
        a,
        &kind(d(3, 14), "Warga RT 09 dan RT 10", "Rabat jalan di kanan kiri jalan paving", "6.000.000"),
    )
    .await
    .map_err(flat)?;
    plan::add_in_kind(
        db,
        ctx,
        lkm,
        a,
        &kind(d(3, 21), "Warga RT 09 dan RT 10", "Taman-taman kecil di sepanjang jalan", "2.500.000"),
    )
    .await
    .map_err(flat)?;
    plan::add_in_kind(
        db,
        ctx,
        lkm,
        a,
        &kind(d(3, 28), "Warga sekitar lokasi", "Sebagian gambar mural 3D sepanjang ±170 m", "4.000.000"),
    )
    .await
    .map_err(flat)?;
    // The last wages use what is left of the Rp 100.000.000; community work covered the rest.
    let last = pay(3, "KW-006", d(3, 29), "Mandor Sukiran", "Upah tukang dan pekerja, penyelesaian", "2.500.000");
    money::spend(db, ctx, lkm, a, &last, &photo("KW-006.png")).await.map_err(flat)?;
    plan::report_progress(
        db,
        ctx,
        lkm,
        a,
        &progress(d(3, 30), "100", "170", "Jalan paving 170 m selesai, mural 3D selesai."),
        &photo("selesai.png"),
    )
    .await
    .map_err(flat)?;
    plan::hand_over(
        db,
        ctx,
        lkm,
        a,
        &plan::HandoverInput {
            on_date: d(4, 5),
            handed_to: "Paseduluran Jalan Poros RT.09 dan RT.10".into(),
            record: "BAST 01/LKM-MS/BBR. Paguyuban (± 30 KK) memelihara jalan paving dan mural 3D; jimpitan Rp 5.000 per rumah setiap hari Jumat untuk biaya pemeliharaan dan penghijauan.".into(),
        },
    )
    .await
    .map_err(flat)?;

    // The village continues the paving from Dana Desa.
    let dd = plan::create(
        db,
        ctx,
        lkm,
        &plan::ActivityInput {
            proposal_id: None,
            name: "Lanjutan jalan paving kawasan budidaya lele (Dana Desa)".into(),
            kind: "road_paving".into(),
            location: "RT 10, Desa Bibrik".into(),
            target_volume: "90".into(),
            unit: "m".into(),
            planned_start: d(14, 1),
            planned_end: d(19, 28),
            team: "Pemerintah Desa Bibrik bersama LKM Makmur Sentosa".into(),
            rab: rab(&[
                ("Paving block K-300 tebal 8 cm, terpasang", "m²", "270", "135.000"),
                ("Upah tukang dan pekerja", "HOK", "60", "100.000"),
            ]),
            ..Default::default()
        },
    )
    .await
    .map_err(flat)?;
    plan::commit(db, ctx, lkm, dd, &commit("dana_desa", "42.450.000", "APBDes Bibrik: bidang pembangunan, jalan lingkungan"))
        .await
        .map_err(flat)?;
    let mut r = receive(d(14, 4), "25.000.000", "Transfer RKD tahap I");
    r.source = "dana_desa".into();
    money::receive(db, ctx, lkm, dd, &r).await.map_err(flat)?;
    let lines = plan::view(db, ctx, lkm, dd).await.map_err(flat)?.lines.into_iter().map(|l| l.line).collect::<Vec<_>>();
    let mut p = pay(0, "KW-DD-01", d(14, 8), "CV Paving Jaya Madiun", "Paving K-300, 150 m²", "20.250.000");
    p.rab_line_id = lines[0].id;
    p.source = "dana_desa".into();
    money::spend(db, ctx, lkm, dd, &p, &photo("KW-DD-01.png")).await.map_err(flat)?;
    plan::report_progress(db, ctx, lkm, dd, &progress(d(14, 20), "45", "40", "Paving 40 m terpasang."), &[])
        .await
        .map_err(flat)?;
    Ok(())
}

/// The KKM's Pamsimas water work (seed 000): an RKM activity with several sources, this year.
pub async fn load_kkm(db: &Db, ctx: &Ctx, kkm: i64) -> anyhow::Result<()> {
    if !plan::list(db, ctx, kkm).await.map_err(flat)?.is_empty() {
        return Ok(());
    }
    let today = chrono::Local::now().date_naive();
    let d = |back: u32, day: u32| -> String {
        let m = today.checked_sub_months(Months::new(back)).unwrap_or(today);
        NaiveDate::from_ymd_opt(chrono::Datelike::year(&m), chrono::Datelike::month(&m), day).unwrap_or(m).to_string()
    };
    let year = chrono::Datelike::year(&today).to_string();
    let a = plan::create(
        db,
        ctx,
        kkm,
        &plan::ActivityInput {
            name: "Sarana air minum perpipaan Pamsimas Dusun Ganra".into(),
            kind: "water".into(),
            location: "Dusun Ganra, Desa Ganra".into(),
            target_volume: "60".into(),
            unit: "sambungan rumah".into(),
            planned_start: d(3, 1),
            planned_end: d(0, 28),
            team: "Satlak Pamsimas, Unit Kerja Teknis Air Minum dan Sanitasi".into(),
            technical_unit: "Unit Kerja Teknis Air Minum dan Sanitasi".into(),
            rkm_year: year,
            rab: rab(&[
                ("Pipa HDPE 2 inci", "m", "1.200", "38.000"),
                ("Bak penampung 10 m³", "unit", "1", "22.000.000"),
                ("Sambungan rumah dan meteran", "unit", "60", "450.000"),
                ("Pelatihan kader PHBS", "orang", "20", "150.000"),
            ]),
            ..Default::default()
        },
    )
    .await
    .map_err(flat)?;
    for (source, amount, doc) in [
        ("blm_apbn", "70.000.000", "Perjanjian Kerja Sama Pamsimas (BLM APBN)"),
        ("apbd", "10.000.000", "BLM APBD Kabupaten"),
        ("community_cash", "4.000.000", "RKM: kontribusi tunai masyarakat"),
        ("community_kind", "16.000.000", "RKM: kontribusi tenaga dan bahan"),
    ] {
        plan::commit(
            db,
            ctx,
            kkm,
            a,
            &plan::CommitmentInput {
                source: source.into(),
                amount: amount.into(),
                document: doc.into(),
                note: String::new(),
                ..Default::default()
            },
        )
        .await
        .map_err(flat)?;
    }
    for (source, on, amount, doc) in [
        ("blm_apbn", d(3, 5), "35.000.000", "Pencairan BLM tahap I (50 %)"),
        ("community_cash", d(3, 6), "2.500.000", "Iuran warga"),
    ] {
        money::receive(
            db,
            ctx,
            kkm,
            a,
            &money::ReceiptInput {
                source: source.into(),
                received_on: on,
                amount: amount.into(),
                account: "11023".into(),
                document: doc.into(),
                idem_key: None,
            },
        )
        .await
        .map_err(flat)?;
    }
    let lines = plan::view(db, ctx, kkm, a).await.map_err(flat)?.lines.into_iter().map(|l| l.line).collect::<Vec<_>>();
    for (line, no, on, payee, item, amount) in [
        (0, "KKM-TG-001", d(2, 10), "Toko Bangunan Sinar Ganra", "Pipa HDPE 2 inci, 600 m", "22.800.000"),
        (1, "KKM-TG-002", d(1, 12), "Tukang Basri", "Upah bak penampung (bagian pertama)", "9.000.000"),
    ] {
        let s = money::SpendingInput {
            rab_line_id: lines[line].id,
            source: "blm_apbn".into(),
            receipt_no: no.into(),
            spent_on: on,
            payee: payee.into(),
            item: item.into(),
            amount: amount.into(),
            account: "11023".into(),
            approval: String::new(),
            idem_key: None,
        };
        money::spend(db, ctx, kkm, a, &s, &photo(&format!("{no}.png"))).await.map_err(flat)?;
    }
    plan::add_in_kind(
        db,
        ctx,
        kkm,
        a,
        &plan::InKindInput {
            on_date: d(2, 15),
            contributor: "Warga Dusun Ganra".into(),
            description: "Galian jalur pipa 600 m (gotong royong)".into(),
            value: "6.000.000".into(),
            ..Default::default()
        },
    )
    .await
    .map_err(flat)?;
    plan::report_progress(
        db,
        ctx,
        kkm,
        a,
        &plan::ProgressInput {
            reported_on: d(1, 20),
            percent: "40".into(),
            quantity: "0".into(),
            note: "Pipa transmisi 600 m terpasang; bak penampung dicor.".into(),
            reason: String::new(),
        },
        &[],
    )
    .await
    .map_err(flat)?;
    Ok(())
}
