//! Demo data from the seed documents: LKM Makmur Sentosa of Desa Bibrik (seed 001), a Pamsimas
//! KKM with the units of seed 000, and Desa Ganra's government and KPMD (seed 004), plus one
//! user per role. Loading twice changes nothing.

use anyhow::Context;
use swadaya_core::app::auth::{self, NewUser};
use swadaya_core::app::registers::{institutions, people, positions, regions};
use swadaya_core::app::Db;
use swadaya_core::app::{AppError, Ctx};
use swadaya_domain::roles::Role;
use swadaya_domain::Lang;

pub const DEMO_PASSWORD: &str = "swadaya-demo";

/// (username, role, which institution, display name)
pub const DEMO_USERS: &[(&str, Option<Role>, &str, &str)] = &[
    ("admin", None, "", "Admin Sistem"),
    ("lkm.admin", Some(Role::Admin), "LKM", "Admin LKM Makmur Sentosa"),
    ("lkm.board", Some(Role::Board), "LKM", "Koordinator LKM"),
    ("upk", Some(Role::UpkOfficer), "LKM", "Petugas UPK"),
    ("ksm", Some(Role::KsmTreasurer), "LKM", "Bendahara KSM Berkah Jaya"),
    ("pengaduan", Some(Role::ComplaintsOfficer), "KKM", "Unit Pengaduan KKM"),
    ("pengaduan.kec", Some(Role::ComplaintsOfficer), "KEC", "Unit Pengaduan Kecamatan Ganra"),
    ("pengaduan.kab", Some(Role::ComplaintsOfficer), "KAB", "Unit Pengaduan DPMU Pamsimas Soppeng"),
    ("bendahara", Some(Role::Finance), "KKM", "Bendahara KKM"),
    ("desa", Some(Role::Finance), "DESA", "Kaur Keuangan Desa Ganra"),
    ("fasilitator", Some(Role::Facilitator), "35.19", "Ahmad Rofiqi (Askot)"),
    ("auditor", Some(Role::Auditor), "LKM", "Auditor LKM"),
    ("air", Some(Role::ServiceOfficer), "AIR", "Petugas BP-SPAMS Tirta Ganra"),
    ("air.bendahara", Some(Role::Finance), "AIR", "Bendahara BP-SPAMS Tirta Ganra"),
    ("kpp", Some(Role::Finance), "KPP", "Bendahara KPP Paseduluran Jalan Poros"),
];

pub const BPSPAMS: &str = "BP-SPAMS Tirta Ganra";
pub const KPP: &str = "KPP Paseduluran Jalan Poros";

pub fn print_logins() {
    println!("Demo logins (password for all: {DEMO_PASSWORD}):");
    for (u, role, _, name) in DEMO_USERS {
        let r = role.map(|r| r.label(Lang::Id)).unwrap_or("Admin sistem (semua lembaga)");
        println!("  {u:<14} {r} — {name}");
    }
}

pub(crate) fn system_ctx() -> Ctx {
    Ctx::system("demo")
}

pub(crate) fn flat(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(f) => {
            anyhow::anyhow!(f.iter().map(|x| format!("{}: {}", x.field, x.message)).collect::<Vec<_>>().join("; "))
        }
        other => anyhow::anyhow!(other.to_string()),
    }
}

async fn institution(
    db: &Db,
    ctx: &Ctx,
    kind: &str,
    name: &str,
    region: &str,
    legal: &str,
    address: &str,
) -> anyhow::Result<i64> {
    let (found, _) = institutions::list(db, ctx, Some(name), 1, 0).await.map_err(flat)?;
    if let Some(i) = found.into_iter().find(|i| i.name == name) {
        return Ok(i.id);
    }
    institutions::create(
        db,
        ctx,
        &institutions::InstitutionInput {
            kind: kind.into(),
            name: name.into(),
            region_code: region.into(),
            legal_basis: Some(legal.into()),
            address: Some(address.into()),
            phone: None,
            email: None,
            with_template_units: true,
        },
    )
    .await
    .map_err(flat)
}

/// A person with a position; `edu` as in seed 004.
/// `who` is (name, sex, education); `office` is (title, unit name prefix, decree no., start date).
async fn officer(
    db: &Db,
    ctx: &Ctx,
    inst: i64,
    (name, sex, edu): (&str, &str, &str),
    (title, unit, sk, start): (&str, Option<&str>, &str, &str),
) -> anyhow::Result<()> {
    let pid = people::create(
        db,
        ctx,
        inst,
        &people::PersonInput { name: name.into(), sex: sex.into(), education: edu.into(), ..Default::default() },
    )
    .await
    .map_err(flat)?;
    let unit_id = match unit {
        Some(u) => {
            institutions::units(db, ctx, inst).await.map_err(flat)?.into_iter().find(|x| x.name.starts_with(u)).map(|x| x.id)
        }
        None => None,
    };
    positions::create(
        db,
        ctx,
        inst,
        &positions::PositionInput {
            person_id: pid,
            unit_id,
            title: title.into(),
            decree_no: sk.into(),
            start_date: start.into(),
            end_date: String::new(),
        },
    )
    .await
    .map_err(flat)?;
    Ok(())
}

pub async fn load(db: &Db, scale: u32) -> anyhow::Result<()> {
    load_base(db, scale).await?;
    let (lkm, _) = institutions::list(db, &system_ctx(), Some("LKM Makmur Sentosa"), 1, 0).await.map_err(flat)?;
    if let Some(lkm) = lkm.first() {
        crate::demo_fund::load(db, &system_ctx(), lkm.id).await?;
    }
    let (kkm, _) = institutions::list(db, &system_ctx(), Some("KKM Tirta Ganra"), 1, 0).await.map_err(flat)?;
    if let Some(kkm) = kkm.first() {
        crate::demo_activities::load_kkm(db, &system_ctx(), kkm.id).await?;
        crate::demo_complaints::load(db, &system_ctx(), kkm.id).await?;
    }
    let (desa, _) = institutions::list(db, &system_ctx(), Some("Pemerintah Desa Ganra"), 1, 0).await.map_err(flat)?;
    if let Some(desa) = desa.first() {
        crate::demo_apbdes::load(db, &system_ctx(), desa.id).await?;
    }
    let bpspams = institutions::list(db, &system_ctx(), Some(BPSPAMS), 1, 0).await.map_err(flat)?.0;
    let kpp = institutions::list(db, &system_ctx(), Some(KPP), 1, 0).await.map_err(flat)?.0;
    if let (Some(b), Some(k)) = (bpspams.first(), kpp.first()) {
        crate::demo_water::load(db, &system_ctx(), b.id, k.id).await?;
    }
    Ok(())
}

/// Registers, users and KSM groups, without the loan fund's eighteen months of books.
pub async fn load_base(db: &Db, scale: u32) -> anyhow::Result<()> {
    let ctx = system_ctx();
    let already = auth::user_exists(db, "admin").await.map_err(flat)?;
    if !already {
        regions::import(db, None, regions::SEED_CSV).await.map_err(flat)?.map_err(|e| anyhow::anyhow!("seed regions: {e:?}"))?;
        let lkm = institution(
            db,
            &ctx,
            "LKM",
            "LKM Makmur Sentosa",
            "35.19.09.2014",
            "Akta Notaris No. 12 Tahun 2009 (demo)",
            "Desa Bibrik, Kec. Jiwan, Kab. Madiun",
        )
        .await?;
        let kkm = institution(
            db,
            &ctx,
            "KKM",
            "KKM Tirta Ganra",
            "73.12.07.2002",
            "SK Kepala Desa Ganra (demo)",
            "Desa Ganra, Kec. Ganra, Kab. Soppeng",
        )
        .await?;
        let desa = institution(
            db,
            &ctx,
            "PEMDES",
            "Pemerintah Desa Ganra",
            "73.12.07.2002",
            "UU No. 6 Tahun 2014 tentang Desa",
            "Kantor Desa Ganra, Kec. Ganra, Kab. Soppeng",
        )
        .await?;
        let kpmd = institution(
            db,
            &ctx,
            "KPMD",
            "KPMD Desa Ganra",
            "73.12.07.2002",
            "SK 34/KPTS/DGR/VII/2020",
            "Desa Ganra, Kec. Ganra, Kab. Soppeng",
        )
        .await?;

        // Who keeps what was built after the hand-over (issue 21).
        let bpspams = institution(
            db,
            &ctx,
            "BPSPAMS",
            BPSPAMS,
            "73.12.07.2002",
            "Peraturan Desa Ganra tentang pengelolaan SPAMS (demo)",
            "Desa Ganra, Kec. Ganra, Kab. Soppeng",
        )
        .await?;
        let kpp = institution(
            db,
            &ctx,
            "KPP",
            KPP,
            "35.19.09.2014",
            "Berita Acara pembentukan KPP oleh warga RT.09 dan RT.10 (seed 001)",
            "RT.09 dan RT.10, Desa Bibrik, Kec. Jiwan, Kab. Madiun",
        )
        .await?;

        // The levels above Desa Ganra that take escalated complaints (names of the demo).
        let kecamatan = institution(
            db,
            &ctx,
            "LAINNYA",
            "Pemerintah Kecamatan Ganra",
            "73.12.07",
            "Perda Kab. Soppeng tentang pembentukan kecamatan (demo)",
            "Kantor Camat Ganra, Kab. Soppeng",
        )
        .await?;
        let kabupaten = institution(
            db,
            &ctx,
            "LAINNYA",
            "DPMU Pamsimas Kabupaten Soppeng",
            "73.12",
            "SK Bupati Soppeng (demo)",
            "Watansoppeng, Kab. Soppeng",
        )
        .await?;
        // Seed 004: STRUKTUR KPMD DESA GANRA, published 30 Juli 2020.
        for (name, sex, edu, title) in [
            ("Darmawansah, S.Pd", "L", "S1", "Ketua"),
            ("Rismawati", "P", "SLTP", "Anggota"),
            ("Mardati", "P", "SLTA", "Anggota"),
        ] {
            officer(db, &ctx, kpmd, (name, sex, edu), (title, None, "34/KPTS/DGR/VII/2020", "2020-07-30")).await?;
        }
        // Seed 004: Aparatur Desa Ganra.
        for (name, sex, title) in [
            ("ANDI WAHYU GUNAWAN, S.Sos.", "L", "Kepala Desa"),
            ("AHMAD AFANDI, S.Pd.", "L", "Sekretaris Desa"),
            ("JUMARNI", "P", "Kaur Tata Usaha dan Umum"),
            ("IRWAN, S.IP.", "L", "Kaur Perencanaan"),
            ("SUPRIADI, S.Kom.", "L", "Kaur Keuangan"),
            ("SULFAIDAH, S.IP.", "P", "Kasi Pemerintahan"),
            ("ANDI SUDIRMAN", "L", "Kasi Pelayanan"),
            ("NURLAELA", "P", "Kasi Kesejahteraan"),
            ("MIRWANG", "L", "Kepala Dusun Bakke"),
            ("MUHAMMAD TANG", "L", "Kepala Dusun Ganra"),
        ] {
            officer(db, &ctx, desa, (name, sex, ""), (title, None, "", "2022-01-01")).await?;
        }
        // LKM Makmur Sentosa (seed 001). Names of its officers are not in the seeds: demo people.
        for (name, sex, edu, title, unit) in [
            ("Sri Wahyuni", "P", "SLTA", "Koordinator", None),
            ("Bambang Sutrisno", "L", "S1", "Manajer UPK", Some("UPK")),
            ("Endang Lestari", "P", "D3", "Kasir UPK", Some("UPK")),
            ("Slamet Riyadi", "L", "SLTA", "Ketua UPL", Some("UPL")),
            ("Siti Aminah", "P", "SLTA", "Sekretaris", Some("Sekretariat")),
        ] {
            officer(db, &ctx, lkm, (name, sex, edu), (title, unit, "05/LKM-MS/I/2024", "2024-01-15")).await?;
        }
        // KSM Berkah Jaya members (seed 001: formed by 5 members, 3 remain) and other warga.
        for (name, nik, sex, birth, rt, poor) in [
            ("Suparmi", "3519095203850001", "P", "1985-03-12", "009", true),
            ("Tukiyem", "3519094507780002", "P", "1978-07-05", "010", true),
            ("Sumarni", "", "P", "", "009", true),
            ("Paijo", "3519091011700003", "L", "1970-11-10", "010", false),
        ] {
            people::create(
                db,
                &ctx,
                lkm,
                &people::PersonInput {
                    name: name.into(),
                    nik: nik.into(),
                    sex: sex.into(),
                    birth_date: birth.into(),
                    address: "Jl. Poros Budidaya Lele".into(),
                    rt: rt.into(),
                    rw: "003".into(),
                    dusun: "Bibrik".into(),
                    poor,
                    ..Default::default()
                },
            )
            .await
            .map_err(flat)?;
        }
        officer(db, &ctx, kkm, ("Hasanuddin", "L", "SLTA"), ("Ketua KKM", None, "07/KKM-TG/III/2023", "2023-03-01")).await?;
        officer(
            db,
            &ctx,
            kkm,
            ("Nurhayati", "P", "D3"),
            ("Bendahara", Some("Unit Pengelola Keuangan"), "07/KKM-TG/III/2023", "2023-03-01"),
        )
        .await?;

        for (username, role, inst, name) in DEMO_USERS {
            if *role == Some(Role::KsmTreasurer) {
                // Granted for one group, once the groups exist (`ksm_treasurer`).
                continue;
            }
            let (institution_id, region_code) = match *inst {
                "LKM" => (Some(lkm), None),
                "KKM" => (Some(kkm), None),
                "KEC" => (Some(kecamatan), None),
                "KAB" => (Some(kabupaten), None),
                "DESA" => (Some(desa), None),
                "AIR" => (Some(bpspams), None),
                "KPP" => (Some(kpp), None),
                "" => (None, None),
                region => (None, Some(region.to_string())),
            };
            auth::create_user(
                db,
                None,
                NewUser {
                    username: username.to_string(),
                    display_name: name.to_string(),
                    password: DEMO_PASSWORD.into(),
                    is_system: role.is_none(),
                    role: *role,
                    institution_id,
                    region_code,
                    ksm_id: None,
                },
            )
            .await
            .map_err(flat)
            .with_context(|| format!("demo user {username}"))?;
        }
    }
    let (lkm, _) = institutions::list(db, &system_ctx(), Some("LKM Makmur Sentosa"), 1, 0).await.map_err(flat)?;
    if let Some(lkm) = lkm.first() {
        load_ksm(db, lkm.id).await?;
        ksm_treasurer(db, lkm.id).await?;
    }
    if scale > 0 {
        scale_up(db, &ctx, scale).await?;
    }
    Ok(())
}

/// Synthetic institutions for benchmarks: one per desa of Kec. Jiwan in turn, 50 people each.
async fn scale_up(db: &Db, ctx: &Ctx, n: u32) -> anyhow::Result<()> {
    let (desa, _) = regions::list(db, Some("35.19.09"), None, 100, 0).await.map_err(flat)?;
    for i in 0..n {
        let d = &desa[i as usize % desa.len()];
        let inst =
            institution(db, ctx, "BKM", &format!("BKM Demo {} {}", d.name, i + 1), &d.code, "demo", &format!("Desa {}", d.name))
                .await?;
        for j in 0..50 {
            people::create(
                db,
                ctx,
                inst,
                &people::PersonInput {
                    name: format!("Warga {} {}", i + 1, j + 1),
                    sex: if j % 2 == 0 { "P".into() } else { "L".into() },
                    rt: format!("{:03}", j % 12 + 1),
                    poor: j % 3 == 0,
                    ..Default::default()
                },
            )
            .await
            .map_err(flat)?;
        }
        officer(
            db,
            ctx,
            inst,
            (&format!("Koordinator {}", i + 1), "L", "SLTA"),
            ("Koordinator", None, &format!("{:02}/BKM/I/2025", i + 1), "2025-01-10"),
        )
        .await?;
        if (i + 1) % 10 == 0 || i + 1 == n {
            eprintln!("demo: {}/{} institutions", i + 1, n);
        }
    }
    Ok(())
}

/// KSM demo: KSM Berkah Jaya of seed 001 (three members remain of five: not yet eligible), and
/// two generated groups with twelve weeks of meetings, one graduating and one not.
/// The demo's KSM treasurer keeps the books of KSM Berkah Jaya only, as the name says.
async fn ksm_treasurer(db: &Db, lkm: i64) -> anyhow::Result<()> {
    let Some((username, role, _, name)) = DEMO_USERS.iter().find(|u| u.1 == Some(Role::KsmTreasurer)) else { return Ok(()) };
    if auth::user_exists(db, username).await.map_err(flat)? {
        return Ok(());
    }
    let berkah = swadaya_core::app::ksm::list(db, &system_ctx(), lkm)
        .await
        .map_err(flat)?
        .into_iter()
        .find(|g| g.data.name == "KSM Berkah Jaya")
        .map(|g| g.id);
    let user = NewUser {
        username: username.to_string(),
        display_name: name.to_string(),
        password: DEMO_PASSWORD.into(),
        is_system: false,
        role: *role,
        institution_id: Some(lkm),
        region_code: None,
        ksm_id: berkah,
    };
    auth::create_user(db, None, user).await.map_err(flat).with_context(|| format!("demo user {username}"))?;
    Ok(())
}

pub async fn load_ksm(db: &Db, lkm: i64) -> anyhow::Result<()> {
    use swadaya_core::app::ksm::{groups, sheets};
    let ctx = system_ctx();
    if !swadaya_core::app::ksm::list(db, &ctx, lkm).await.map_err(flat)?.is_empty() {
        return Ok(());
    }
    let today = chrono::Local::now().date_naive();
    let rules = [
        "Pertemuan rutin setiap Jumat sore di rumah ketua.",
        "Tabungan wajib Rp 5.000 setiap pertemuan; sukarela bebas.",
        "Lembar pertemuan dicatat paling lambat 2 hari setelah pertemuan.",
        "Pinjaman dari UPK dengan tanggung renteng seluruh anggota.",
        "Angsuran dibayar pada pertemuan rutin setiap bulan.",
    ];
    let input = |name: &str, kind: &str, formed: chrono::NaiveDate, all_rules: bool| groups::KsmInput {
        name: name.into(),
        kind: kind.into(),
        address: "Desa Bibrik, Kec. Jiwan".into(),
        formed_on: formed.to_string(),
        rhythm: "mingguan".into(),
        meeting_day: "Jumat".into(),
        meeting_place: "Rumah ketua".into(),
        bookkeeping_days: "2".into(),
        routine_amount: "5.000".into(),
        rules: rules.map(|r| if all_rules || !r.starts_with("Angsuran") { r.to_string() } else { String::new() }),
    };
    let formed = today - chrono::Duration::days(7 * 14);
    // Seed 001: "awal terbentuk dengan jumlah anggota sebanyak 5 orang dan sekarang tinggal 3 orang".
    let berkah = groups::create(db, &ctx, lkm, &input("KSM Berkah Jaya", "ekonomi", formed, true)).await.map_err(flat)?;
    let (everyone, _) = people::list(db, &ctx, lkm, None, Default::default(), 1000, 0).await.map_err(flat)?;
    let find = |n: &str| everyone.iter().find(|p| p.data.name == n).map(|p| p.id);
    for (n, role) in [("Suparmi", "ketua"), ("Tukiyem", "bendahara"), ("Sumarni", "anggota")] {
        if let Some(pid) = find(n) {
            groups::add_member(db, &ctx, lkm, berkah, pid, role, &formed.to_string()).await.map_err(flat)?;
        }
    }
    for (name, kind, graduating, members) in [
        (
            "KSM Lele Makmur",
            "ekonomi",
            true,
            &[
                ("Wartini", "P"),
                ("Sri Rahayu", "P"),
                ("Giyem", "P"),
                ("Sutini", "P"),
                ("Parmi", "P"),
                ("Katini", "P"),
                ("Sukirno", "L"),
                ("Darmaji", "L"),
            ][..],
        ),
        (
            "KSM Sumber Rejeki",
            "sosial",
            false,
            &[("Marsini", "P"), ("Tumini", "P"), ("Warsito", "L"), ("Suyono", "L"), ("Jumadi", "L"), ("Sarmi", "P")][..],
        ),
    ] {
        let k = groups::create(db, &ctx, lkm, &input(name, kind, formed, graduating)).await.map_err(flat)?;
        let mut ids = Vec::new();
        for (i, (n, sex)) in members.iter().enumerate() {
            let pid = people::create(
                db,
                &ctx,
                lkm,
                &people::PersonInput {
                    name: n.to_string(),
                    sex: sex.to_string(),
                    rt: "009".into(),
                    poor: true,
                    ..Default::default()
                },
            )
            .await
            .map_err(flat)?;
            let role = ["ketua", "sekretaris", "bendahara"].get(i).copied().unwrap_or("anggota");
            ids.push(groups::add_member(db, &ctx, lkm, k, pid, role, &formed.to_string()).await.map_err(flat)?);
        }
        // Twelve Fridays, the group's meeting day, up to the last one before today: on a
        // Friday today's meeting is still the volunteer's to write.
        let yesterday = today - chrono::Duration::days(1);
        let last_friday = swadaya_domain::ksm::schedule::last_due(yesterday, Some("Jumat"), "mingguan", None);
        for week in (1..=12).rev() {
            let held = last_friday - chrono::Duration::days(7 * (week - 1));
            let lines = ids
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    // The weaker group: two members often miss meetings and their savings.
                    let skips = !graduating && i >= 3 && (week + i as i64) % 2 == 0;
                    sheets::LineInput {
                        member_id: *id,
                        attendance: if skips { "absen".into() } else { "hadir".into() },
                        wajib: if skips { String::new() } else { "5.000".into() },
                        sukarela: if i % 3 == 0 && !skips { "2.000".into() } else { String::new() },
                        tanggung_renteng: if !skips { "1.000".into() } else { String::new() },
                        instalment: String::new(),
                    }
                })
                .collect();
            let sheet = sheets::SheetInput {
                held_on: held.to_string(),
                agenda: "Setoran tabungan\nPembahasan usaha\nLain-lain".into(),
                agenda_planned: "3".into(),
                agenda_done: if !graduating && week == 2 { "2".into() } else { "3".into() },
                notes: String::new(),
                lines,
                idem_key: None,
                reason: String::new(),
            };
            let entered = if !graduating && week == 3 { held + chrono::Duration::days(5) } else { held };
            sheets::record_entered(db, &ctx, lkm, k, &sheet, entered.min(today)).await.map_err(flat)?;
        }
    }
    Ok(())
}
