//! Registers through the services, on both databases.

use crate::common::*;
use swadaya_core::app::registers::{import, institutions, people, positions, regions};
use swadaya_core::app::AppError;

#[tokio::test]
async fn kkm_gets_seed_000_units_and_bkm_gets_upk() {
    each_backend(|db| async move {
        regions::import(&db, None, regions::SEED_CSV).await.expect("import").expect("valid seed");
        let ctx = system_ctx();
        let input = |kind: &str, name: &str| institutions::InstitutionInput {
            kind: kind.into(),
            name: name.into(),
            region_code: "35.19.09.2014".into(),
            with_template_units: true,
            ..Default::default()
        };
        let kkm = institutions::create(&db, &ctx, &input("KKM", "KKM Bibrik")).await.expect("create kkm");
        let units: Vec<String> =
            swadaya_core::store::registers::list_units(&db, kkm).await.expect("units").into_iter().map(|u| u.name).collect();
        assert_eq!(units.len(), 7, "{units:?}");
        assert!(units.iter().any(|u| u == "Unit Pengaduan Masyarakat"));
        let lkm = institutions::create(&db, &ctx, &input("LKM", "LKM Makmur Sentosa")).await.expect("create lkm");
        let units: Vec<String> =
            swadaya_core::store::registers::list_units(&db, lkm).await.expect("units").into_iter().map(|u| u.name).collect();
        assert!(units[0].starts_with("UPK"), "{units:?}");

        let bad = institutions::create(
            &db,
            &ctx,
            &institutions::InstitutionInput { region_code: "35.19.99.9999".into(), ..input("BKM", "X") },
        )
        .await;
        match bad {
            Err(AppError::Invalid(f)) => {
                assert!(f.iter().any(|e| e.field == "region_code" && e.message.contains("35.19.99.9999")))
            }
            other => panic!("unknown region must be refused, got {other:?}"),
        }
    })
    .await;
}

async fn setup(db: &swadaya_core::store::Db) -> i64 {
    regions::import(db, None, regions::SEED_CSV).await.expect("import").expect("valid seed");
    institutions::create(
        db,
        &system_ctx(),
        &institutions::InstitutionInput {
            kind: "KPMD".into(),
            name: "KPMD Desa Ganra".into(),
            region_code: "73.12.07.2002".into(),
            ..Default::default()
        },
    )
    .await
    .expect("institution")
}

#[tokio::test]
async fn nik_that_contradicts_sex_or_birth_date_is_refused_and_nothing_is_saved() {
    each_backend(|db| async move {
        let inst = setup(&db).await;
        let ctx = system_ctx();
        let mut p = people::PersonInput {
            name: "Rismawati".into(),
            sex: "P".into(),
            nik: "7312074507900001".into(),
            birth_date: "1990-07-05".into(),
            ..Default::default()
        };
        people::create(&db, &ctx, inst, &p).await.expect("valid woman");

        p.name = "Mardati".into();
        p.nik = "7312070507900002".into(); // day 05: a man's NIK
        match people::create(&db, &ctx, inst, &p).await {
            Err(AppError::Invalid(f)) => {
                let nik = f.iter().find(|e| e.field == "nik").expect("nik error");
                assert!(nik.message.contains("laki-laki") && nik.message.contains("perempuan"), "{}", nik.message);
            }
            other => panic!("expected refusal, got {other:?}"),
        }
        p.nik = "7312074507910002".into(); // year 91 but birth 1990
        match people::create(&db, &ctx, inst, &p).await {
            Err(AppError::Invalid(f)) => assert!(f.iter().any(|e| e.field == "nik" && e.message.contains("1990"))),
            other => panic!("expected refusal, got {other:?}"),
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM people").await, 1, "refused people are not saved");
    })
    .await;
}

#[tokio::test]
async fn duplicate_nik_links_to_the_existing_person() {
    each_backend(|db| async move {
        let inst = setup(&db).await;
        let ctx = system_ctx();
        let p =
            people::PersonInput { name: "Suparmi".into(), sex: "P".into(), nik: "3519095203850001".into(), ..Default::default() };
        let first = people::create(&db, &ctx, inst, &p).await.expect("first");
        match people::create(&db, &ctx, inst, &people::PersonInput { name: "Suparmi lagi".into(), ..p.clone() }).await {
            Err(AppError::Conflict { message, link }) => {
                assert!(message.contains("Suparmi"));
                assert_eq!(link, Some(format!("/i/{inst}/people/{first}")));
            }
            other => panic!("expected conflict, got {other:?}"),
        }
        // A person without NIK is fine, twice.
        let no_nik = people::PersonInput { name: "Sumarni".into(), sex: "P".into(), ..Default::default() };
        people::create(&db, &ctx, inst, &no_nik).await.expect("no nik 1");
        people::create(&db, &ctx, inst, &no_nik).await.expect("no nik 2");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM people").await, 3);
    })
    .await;
}

#[tokio::test]
async fn positions_keep_history_and_the_public_register_shows_current_officers() {
    each_backend(|db| async move {
        let inst = setup(&db).await;
        let ctx = system_ctx();
        let mut ids = vec![];
        for (name, sex, edu) in [("Darmawansah, S.Pd", "L", "S1"), ("Rismawati", "P", "SLTP"), ("Mardati", "P", "SLTA")] {
            ids.push(
                people::create(
                    &db,
                    &ctx,
                    inst,
                    &people::PersonInput { name: name.into(), sex: sex.into(), education: edu.into(), ..Default::default() },
                )
                .await
                .expect("person"),
            );
        }
        let pos = |person_id: i64, title: &str, start: &str, end: &str| positions::PositionInput {
            person_id,
            unit_id: None,
            title: title.into(),
            decree_no: "34/KPTS/DGR/VII/2020".into(),
            start_date: start.into(),
            end_date: end.into(),
        };
        match positions::create(&db, &ctx, inst, &pos(ids[0], "Ketua", "30/07/2020", "01/01/2020")).await {
            Err(AppError::Invalid(f)) => assert!(f.iter().any(|e| e.field == "end_date")),
            other => panic!("end before start must be refused, got {other:?}"),
        }
        let ketua = positions::create(&db, &ctx, inst, &pos(ids[0], "Ketua", "30/07/2020", "")).await.expect("ketua");
        positions::create(&db, &ctx, inst, &pos(ids[1], "Anggota", "2020-07-30", "")).await.expect("anggota");
        positions::create(&db, &ctx, inst, &pos(ids[2], "Anggota", "2020-07-30", "")).await.expect("anggota");
        let current = swadaya_core::store::registers::current_positions(&db, inst, "2022-01-01").await.expect("current");
        let table: Vec<(String, String, Option<String>, Option<String>)> =
            current.iter().map(|p| (p.person_name.clone(), p.title.clone(), p.education.clone(), p.decree_no.clone())).collect();
        assert_eq!(
            table[0],
            ("Darmawansah, S.Pd".into(), "Ketua".into(), Some("S1".into()), Some("34/KPTS/DGR/VII/2020".into()))
        );
        assert_eq!(table.len(), 3);

        positions::end(&db, &ctx, inst, ketua, "2023-12-31").await.expect("end");
        let now = swadaya_core::store::registers::current_positions(&db, inst, "2024-01-01").await.expect("current");
        assert_eq!(now.len(), 2, "the ended position leaves the current register");
        let all = swadaya_core::store::registers::list_positions(&db, inst).await.expect("all");
        assert_eq!(all.len(), 3, "history keeps the ended position");
    })
    .await;
}

#[tokio::test]
async fn people_import_reports_each_bad_row_and_saves_nothing_unless_asked() {
    each_backend(|db| async move {
        let inst = setup(&db).await;
        let ctx = system_ctx();
        let csv = "nama;nik;jenis_kelamin;tanggal_lahir;rt\n\
                   Suparmi;3519095203850001;P;12/03/1985;009\n\
                   Tukiyem;3519095203850009;L;;010\n\
                   ;;P;;\n\
                   Paijo;;L;;01a\n";
        let r = import::import_people(&db, &ctx, inst, "warga.csv", csv.as_bytes(), false).await.expect("report");
        assert_eq!((r.valid, r.invalid, r.imported), (1, 3, 0));
        let lines: Vec<usize> = r.rows.iter().filter(|x| !x.errors.is_empty()).map(|x| x.line).collect();
        assert_eq!(lines, vec![3, 4, 5]);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM people").await, 0, "a file with errors imports nothing");

        let r = import::import_people(&db, &ctx, inst, "warga.csv", csv.as_bytes(), true).await.expect("report");
        assert_eq!(r.imported, 1);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM people").await, 1);

        // The same file again: the NIK is now a duplicate, reported by name.
        let r = import::import_people(&db, &ctx, inst, "warga.csv", csv.as_bytes(), false).await.expect("report");
        assert!(r.rows[0].errors.iter().any(|e| e.message.contains("Suparmi")));
    })
    .await;
}

#[tokio::test]
async fn people_import_reads_xlsx() {
    each_backend(|db| async move {
        let inst = setup(&db).await;
        let t = swadaya_core::reports::Table {
            numeric: Vec::new(),
            title: "warga".into(),
            headers: vec!["Nama".into(), "NIK".into(), "Jenis Kelamin".into(), "Pendidikan".into()],
            rows: vec![
                vec!["Rismawati".into(), "".into(), "P".into(), "SMP".into()],
                vec!["Mardati".into(), "".into(), "P".into(), "SLTA".into()],
            ],
        };
        let bytes = swadaya_core::reports::xlsx(&t).expect("xlsx");
        let r = import::import_people(&db, &system_ctx(), inst, "warga.xlsx", &bytes, false).await.expect("report");
        assert_eq!(r.imported, 2, "{:?}", r.rows);
        let (rows, _) =
            swadaya_core::store::registers::list_people(&db, inst, None, Default::default(), 10, 0).await.expect("list");
        assert_eq!(rows[1].data.education.as_deref(), Some("SLTP"), "SMP is read as SLTP");
    })
    .await;
}

#[tokio::test]
async fn region_import_refuses_a_file_with_any_bad_line() {
    each_backend(|db| async move {
        regions::import(&db, None, regions::SEED_CSV).await.expect("import").expect("valid seed");
        let before = count(&db, "SELECT COUNT(*) FROM regions").await;
        assert_eq!(before, 24);
        let bad = "code,name\n35.19.10,Mejayan\n35.19.10.2001,\n35.1x,Salah\n99.01.01.2001,Yatim\n";
        let errs = regions::import(&db, None, bad).await.expect("no app error").expect_err("bad file");
        assert_eq!(errs.iter().map(|e| e.line).collect::<Vec<_>>(), vec![3, 4]);
        let orphan = "code,name\n99.01.01.2001,Yatim\n";
        assert!(
            regions::import(&db, None, orphan).await.expect("no app error").is_err(),
            "a region without its parent is refused"
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM regions").await, before);
        let good = "code,name\n35.19.10,Mejayan\n35.19.10.2001,Kaliabu\n";
        assert_eq!(regions::import(&db, None, good).await.expect("ok").expect("valid"), 2);
    })
    .await;
}

#[tokio::test]
async fn services_refuse_roles_outside_their_rights() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let kpmd = institution_id(&db, "KPMD Desa Ganra").await;
        let p = people::PersonInput { name: "Warga Baru".into(), sex: "L".into(), ..Default::default() };
        let auditor = ctx_of(&db, "auditor").await;
        assert!(matches!(people::create(&db, &auditor, lkm, &p).await, Err(AppError::Forbidden)));
        let fac = ctx_of(&db, "fasilitator").await;
        assert!(matches!(people::create(&db, &fac, lkm, &p).await, Err(AppError::Forbidden)));
        assert!(institutions::get(&db, &fac, lkm).await.is_ok(), "a Madiun facilitator reads a Madiun LKM");
        assert!(matches!(institutions::get(&db, &fac, kpmd).await, Err(AppError::NotFound)), "but not a Soppeng KPMD");
        let upk = ctx_of(&db, "upk").await;
        assert!(matches!(people::create(&db, &upk, kpmd, &p).await, Err(AppError::NotFound)), "another institution is invisible");
        assert!(people::create(&db, &upk, lkm, &p).await.is_ok());
        assert!(matches!(
            institutions::create(&db, &ctx_of(&db, "lkm.admin").await, &institutions::InstitutionInput::default()).await,
            Err(AppError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn a_village_can_be_given_by_name_when_the_name_is_unique() {
    each_backend(|db| async move {
        regions::import(&db, None, regions::SEED_CSV).await.expect("import").expect("valid seed");
        let ctx = system_ctx();
        let id = institutions::create(
            &db,
            &ctx,
            &institutions::InstitutionInput {
                kind: "LKM".into(),
                name: "LKM Makmur Sentosa".into(),
                region_code: "bibrik".into(),
                ..Default::default()
            },
        )
        .await
        .expect("by name");
        assert_eq!(institutions::get(&db, &ctx, id).await.expect("get").region_code, "35.19.09.2014");
        // Two villages named Jiwan? Only one desa here, but "Ganra" is a desa and a kecamatan: the desa wins.
        let g = institutions::create(
            &db,
            &ctx,
            &institutions::InstitutionInput {
                kind: "PEMDES".into(),
                name: "Pemerintah Desa Ganra".into(),
                region_code: "Ganra".into(),
                ..Default::default()
            },
        )
        .await
        .expect("desa by name");
        assert_eq!(institutions::get(&db, &ctx, g).await.expect("get").region_code, "73.12.07.2002");
        regions::import(&db, None, "code,name\n35.19.10,Mejayan\n35.19.10.2005,Bibrik\n").await.expect("import").expect("valid");
        match institutions::create(
            &db,
            &ctx,
            &institutions::InstitutionInput {
                kind: "BKM".into(),
                name: "BKM X".into(),
                region_code: "Bibrik".into(),
                ..Default::default()
            },
        )
        .await
        {
            Err(AppError::Invalid(f)) => {
                assert!(f[0].message.contains("35.19.09.2014") && f[0].message.contains("35.19.10.2005"), "{}", f[0].message)
            }
            other => panic!("an ambiguous name must list the candidates, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn a_double_tap_never_duplicates_and_corrections_are_audited() {
    each_backend(|db| async move {
        let inst = setup(&db).await;
        let ctx = system_ctx();
        let pid = people::create(&db, &ctx, inst, &people::PersonInput { name: "Mardati".into(), sex: "P".into(), ..Default::default() }).await.expect("person");
        let pos = positions::PositionInput {
            person_id: pid,
            unit_id: None,
            title: "Anggota".into(),
            decree_no: "34/KPTS/DGR/VII/2020".into(),
            start_date: "2020-07-30".into(),
            end_date: String::new(),
        };
        let id = positions::create(&db, &ctx, inst, &pos).await.expect("first");
        assert!(matches!(positions::create(&db, &ctx, inst, &pos).await, Err(AppError::Invalid(_))), "the same office twice is refused");
        let far = positions::PositionInput { start_date: "2099-01-01".into(), ..pos.clone() };
        assert!(matches!(positions::create(&db, &ctx, inst, &far).await, Err(AppError::Invalid(_))), "a start far in the future is refused");
        let fixed = positions::PositionInput { decree_no: "35/KPTS/DGR/VII/2020".into(), ..pos.clone() };
        positions::update(&db, &ctx, inst, id, &fixed).await.expect("correct the decree number");
        let now = swadaya_core::store::registers::get_position(&db, inst, id).await.expect("get").expect("exists");
        assert_eq!(now.decree_no.as_deref(), Some("35/KPTS/DGR/VII/2020"));
        let before = count(&db, &format!("SELECT COUNT(*) FROM audit_log WHERE entity = 'position' AND action = 'update' AND before_json LIKE '%34/KPTS%' AND entity_id = '{id}'")).await;
        assert_eq!(before, 1, "the audit log keeps what the decree number said before");

        let twin = institutions::InstitutionInput { kind: "KPMD".into(), name: "kpmd desa ganra".into(), region_code: "73.12.07.2002".into(), ..Default::default() };
        assert!(matches!(institutions::create(&db, &ctx, &twin).await, Err(AppError::Conflict { .. })), "the same institution twice is refused");
        let bad_phone = institutions::InstitutionInput { name: "BKM Lain".into(), phone: Some("xx".into()), ..twin };
        match institutions::create(&db, &ctx, &bad_phone).await {
            Err(AppError::Invalid(f)) => assert!(f.iter().any(|e| e.field == "phone")),
            other => panic!("a phone of letters must be refused, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn import_refuses_unknown_columns_and_finds_people_already_registered() {
    each_backend(|db| async move {
        let inst = setup(&db).await;
        let ctx = system_ctx();
        let misspelt = "nama,jenis_kelamin,tanggal_lahr\nSuparmi,P,12/03/1985\n";
        match import::import_people(&db, &ctx, inst, "w.csv", misspelt.as_bytes(), true).await {
            Err(AppError::Invalid(f)) => assert!(f[0].message.contains("tanggal_lahr"), "{}", f[0].message),
            other => panic!("a misspelt column must refuse the file, got {other:?}"),
        }
        let file = "nama,jenis_kelamin,rt,telepon\nSuparmi,P,9,81234567001\nTukiyem,P,10,\nSuparmi,P,009,\n";
        let r = import::import_people(&db, &ctx, inst, "w.csv", file.as_bytes(), true).await.expect("report");
        assert_eq!((r.imported, r.invalid), (2, 1), "{:?}", r.rows);
        let (rows, _) =
            swadaya_core::store::registers::list_people(&db, inst, None, Default::default(), 10, 0).await.expect("list");
        let suparmi = rows.iter().find(|p| p.data.name == "Suparmi").expect("imported");
        assert_eq!(suparmi.data.rt.as_deref(), Some("009"), "RT is written with three digits");
        assert_eq!(suparmi.data.phone.as_deref(), Some("081234567001"), "the lost leading zero is restored");
        let again = import::import_people(&db, &ctx, inst, "w.csv", file.as_bytes(), false).await.expect("report");
        assert_eq!((again.imported, again.invalid), (0, 3), "importing the same file twice adds nobody");
    })
    .await;
}

/// A KSM treasurer keeps one group's books: a user giving the role in an institution with groups
/// must say which group (the page and the API alike); the command line may still give it
/// institution-wide, on purpose.
#[tokio::test]
async fn a_ksm_treasurer_is_given_a_group_by_whoever_grants_the_role() {
    use swadaya_core::app::auth::{create_user, NewUser};
    use swadaya_domain::roles::Role;
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let new = |username: &str, ksm_id: Option<i64>| NewUser {
            username: username.into(),
            display_name: "Bendahara Baru".into(),
            password: "bendahara-baru-123".into(),
            is_system: false,
            role: Some(Role::KsmTreasurer),
            institution_id: Some(lkm),
            region_code: None,
            ksm_id,
        };
        let admin = ctx_of(&db, "lkm.admin").await;
        match create_user(&db, Some(&admin), new("bendahara.baru", None)).await {
            Err(AppError::Invalid(errs)) => {
                assert_eq!(errs.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["ksm_id"], "{errs:?}")
            }
            other => panic!("a treasurer without a group is refused by name: {other:?}"),
        }
        let k = count(&db, &format!("SELECT MIN(id) FROM ksm WHERE institution_id = {lkm}")).await;
        create_user(&db, Some(&admin), new("bendahara.baru", Some(k))).await.expect("with its group");
        create_user(&db, None, new("bendahara.lembaga", None)).await.expect("the command line may grant it institution-wide");
    })
    .await;
}
