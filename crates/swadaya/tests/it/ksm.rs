//! KSM groups through the services, on both databases: the collection sheet, savings,
//! corrections, graduation and eligibility.

use crate::common::*;
use swadaya_core::app::ksm::{assessment, groups, savings, sheets};
use swadaya_core::app::AppError;
use swadaya_core::store::{self, Db};
use swadaya_domain::graduation::Key;
use swadaya_domain::ksm::SavingsKind;
use swadaya_domain::Rupiah;

async fn berkah_jaya(db: &Db) -> (i64, i64, Vec<(i64, String)>) {
    swadaya::demo::load_base(db, 0).await.expect("demo");
    let lkm = institution_id(db, "LKM Makmur Sentosa").await;
    let k = store::ksm::list_ksm(db, lkm)
        .await
        .expect("list")
        .into_iter()
        .find(|k| k.data.name == "KSM Berkah Jaya")
        .expect("ksm")
        .id;
    let members = store::ksm::list_members(db, lkm, k).await.expect("members").into_iter().map(|m| (m.id, m.name)).collect();
    (lkm, k, members)
}

fn sheet(day: &str, members: &[(i64, String)], wajib: &str) -> sheets::SheetInput {
    sheets::SheetInput {
        held_on: day.into(),
        agenda_planned: "2".into(),
        agenda_done: "2".into(),
        lines: members
            .iter()
            .map(|(id, _)| sheets::LineInput {
                member_id: *id,
                attendance: "hadir".into(),
                wajib: wajib.into(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

fn yesterday() -> String {
    (chrono::Local::now().date_naive() - chrono::Duration::days(1)).to_string()
}

fn field_errors(r: Result<i64, AppError>) -> Vec<String> {
    match r {
        Err(AppError::Invalid(f)) => f.into_iter().map(|e| e.field).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn a_sheet_is_saved_once_with_its_savings_and_bad_rows_are_named() {
    each_backend(|db| async move {
        let (lkm, k, members) = berkah_jaya(&db).await;
        let ctx = ctx_of(&db, "ksm").await;
        let mut s = sheet(&yesterday(), &members, "5.000");
        s.lines[1].sukarela = "10,000".into(); // English grouping is accepted too
        s.idem_key = Some("sheet-retry-1".into());
        let id = sheets::record(&db, &ctx, lkm, k, &s).await.expect("saved");
        assert_eq!(sheets::record(&db, &ctx, lkm, k, &s).await.expect("retry"), id, "a retry returns the first sheet");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM meetings").await, 25, "12 weeks x 2 demo groups + this one, once");
        let b = savings::balances(&db, lkm, k).await.expect("balances");
        assert_eq!(b.of(members[0].0, SavingsKind::Routine), Rupiah(5_000));
        assert_eq!(b.of(members[1].0, SavingsKind::Voluntary), Rupiah(10_000));
        assert_eq!(b.total, Rupiah(25_000));

        let mut again = sheet(&yesterday(), &members, "5.000");
        again.idem_key = Some("another-phone".into());
        match sheets::record(&db, &ctx, lkm, k, &again).await {
            Err(AppError::Conflict { link, .. }) => assert_eq!(link, Some(format!("/i/{lkm}/ksm/{k}/meetings/{id}"))),
            other => panic!("a second sheet for the same meeting must be refused, got {other:?}"),
        }

        let day = (chrono::Local::now().date_naive() - chrono::Duration::days(2)).to_string();
        let mut bad = sheet(&day, &members, "5.000");
        bad.lines[0].wajib = "-5.000".into();
        bad.lines[1].sukarela = "10.5".into();
        bad.lines[2].instalment = "20.000".into();
        bad.lines.push(sheets::LineInput { member_id: 999_999, attendance: "hadir".into(), ..Default::default() });
        let fields = field_errors(sheets::record(&db, &ctx, lkm, k, &bad).await);
        let (a, b2, c) = (members[0].0, members[1].0, members[2].0);
        assert_eq!(
            fields,
            vec![
                format!("line-{a}-wajib"),
                format!("line-{b2}-sukarela"),
                format!("line-{c}-instalment"),
                "line-999999-attendance".into()
            ]
        );
        let future = (chrono::Local::now().date_naive() + chrono::Duration::days(1)).to_string();
        assert_eq!(field_errors(sheets::record(&db, &ctx, lkm, k, &sheet(&future, &members, "5.000")).await), vec!["held_on"]);
        let mut missing = sheet(&day, &members, "5.000");
        missing.lines.pop();
        assert_eq!(field_errors(sheets::record(&db, &ctx, lkm, k, &missing).await), vec!["lines"]);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM meetings").await, 25, "refused sheets record nothing");
        assert!(sqlx::query("DELETE FROM meetings").execute(&db.pool).await.is_err(), "sheets are append-only in the database");
        let auditor = ctx_of(&db, "auditor").await;
        assert!(matches!(sheets::record(&db, &auditor, lkm, k, &sheet(&day, &members, "5.000")).await, Err(AppError::Forbidden)));
    })
    .await;
}

#[tokio::test]
async fn a_correction_moves_savings_by_the_difference_and_keeps_the_original() {
    each_backend(|db| async move {
        let (lkm, k, members) = berkah_jaya(&db).await;
        let ctx = ctx_of(&db, "ksm").await;
        let id = sheets::record(&db, &ctx, lkm, k, &sheet(&yesterday(), &members, "5.000")).await.expect("saved");
        let mut fix = sheet(&yesterday(), &members, "5.000");
        fix.lines[2].wajib = "3.000".into();
        fix.lines[2].attendance = "izin".into();
        assert_eq!(
            field_errors(sheets::amend(&db, &ctx, lkm, k, id, &fix).await),
            vec!["reason"],
            "a correction needs its reason"
        );
        fix.reason = "Sumarni hanya setor Rp 3.000 dan izin".into();
        let amended = sheets::amend(&db, &ctx, lkm, k, id, &fix).await.expect("amended");
        let b = savings::balances(&db, lkm, k).await.expect("balances");
        assert_eq!(b.of(members[2].0, SavingsKind::Routine), Rupiah(3_000));
        assert_eq!(b.total, Rupiah(13_000));
        let all = store::ksm::list_meetings(&db, lkm, k).await.expect("meetings");
        assert_eq!(all.len(), 2, "the original stays beside its correction");
        assert_eq!(sheets::latest_versions(&all)[0].id, amended);

        // Withdrawals never exceed the balance.
        let w = |amount: &str| savings::WithdrawalInput {
            member_id: members[2].0,
            kind: "wajib".into(),
            amount: amount.into(),
            on_date: yesterday(),
            note: String::new(),
            idem_key: None,
        };
        match savings::withdraw(&db, &ctx, lkm, k, &w("3.001")).await {
            Err(AppError::Invalid(f)) => assert!(f[0].message.contains("Rp 3.000"), "{}", f[0].message),
            other => panic!("over the balance must be refused, got {other:?}"),
        }
        savings::withdraw(&db, &ctx, lkm, k, &w("3.000")).await.expect("within the balance");
        assert_eq!(savings::balances(&db, lkm, k).await.expect("b").of(members[2].0, SavingsKind::Routine), Rupiah(0));
        // A correction that would make the balance negative (money already withdrawn) is refused.
        let mut down = sheet(&yesterday(), &members, "5.000");
        down.lines[2].wajib = "1.000".into();
        down.reason = "salah tulis".into();
        assert!(matches!(sheets::amend(&db, &ctx, lkm, k, id, &down).await, Err(AppError::Invalid(_))));
        assert_eq!(savings::balances(&db, lkm, k).await.expect("b").of(members[2].0, SavingsKind::Routine), Rupiah(0));
    })
    .await;
}

#[tokio::test]
async fn the_demo_groups_graduate_or_not_with_their_evidence() {
    each_backend(|db| async move {
        let (lkm, berkah, _) = berkah_jaya(&db).await;
        let ctx = ctx_of(&db, "fasilitator").await;
        let today = chrono::Local::now().date_naive();
        let groups = store::ksm::list_ksm(&db, lkm).await.expect("list");
        let id_of = |n: &str| groups.iter().find(|g| g.data.name == n).expect("group").id;
        let lele = assessment::graduation(&db, &ctx, lkm, id_of("KSM Lele Makmur"), today).await.expect("assess");
        assert!(lele.passes(), "{:?}", lele.criteria);
        let weak = assessment::graduation(&db, &ctx, lkm, id_of("KSM Sumber Rejeki"), today).await.expect("assess");
        assert!(!weak.passes());
        let get = |k: Key| weak.criteria.iter().find(|c| c.key == k).expect("criterion").clone();
        assert!(!get(Key::Attendance).passes && !get(Key::Rules).passes);
        assert_eq!(get(Key::Bookkeeping).meetings.len(), 1, "one late sheet, named");
        assert_eq!(get(Key::Agenda).meetings.len(), 1, "one meeting with unmet agenda, named");

        let checks = assessment::eligibility(&db, &ctx, lkm, berkah, today).await.expect("eligibility");
        let members = checks.iter().find(|c| c.key == "members").expect("members");
        assert_eq!((members.measured.as_str(), members.passes), ("3", false), "seed 001: three members remain, not yet eligible");
        let lele_checks = assessment::eligibility(&db, &ctx, lkm, id_of("KSM Lele Makmur"), today).await.expect("eligibility");
        assert!(lele_checks.iter().all(|c| c.passes), "{lele_checks:?}");
    })
    .await;
}

#[tokio::test]
async fn a_group_is_registered_with_its_rules_and_members() {
    each_backend(|db| async move {
        let (lkm, _, _) = berkah_jaya(&db).await;
        let ctx = ctx_of(&db, "upk").await;
        let input = groups::KsmInput {
            name: "KSM Baru".into(),
            kind: "ekonomi".into(),
            formed_on: yesterday(),
            rhythm: "bulanan".into(),
            routine_amount: "10.000".into(),
            ..Default::default()
        };
        let k = groups::create(&db, &ctx, lkm, &input).await.expect("created");
        assert!(matches!(groups::create(&db, &ctx, lkm, &input).await, Err(AppError::Invalid(_))), "same name twice");
        let bad =
            groups::KsmInput { kind: "lain".into(), routine_amount: "-1".into(), formed_on: "besok".into(), ..input.clone() };
        let fields: Vec<String> = match groups::create(&db, &ctx, lkm, &bad).await {
            Err(AppError::Invalid(f)) => f.into_iter().map(|e| e.field).collect(),
            other => panic!("{other:?}"),
        };
        assert_eq!(fields, vec!["kind", "formed_on", "routine_amount"]);
        let pid = swadaya_core::app::registers::people::create(
            &db,
            &ctx,
            lkm,
            &swadaya_core::app::registers::people::PersonInput { name: "Wagini".into(), sex: "P".into(), ..Default::default() },
        )
        .await
        .expect("person");
        let m = groups::add_member(&db, &ctx, lkm, k, pid, "ketua", &yesterday()).await.expect("member");
        assert!(
            matches!(groups::add_member(&db, &ctx, lkm, k, pid, "anggota", &yesterday()).await, Err(AppError::Invalid(_))),
            "already a member"
        );
        groups::end_member(&db, &ctx, lkm, k, m, &chrono::Local::now().date_naive().to_string()).await.expect("leaves");
        let members = store::ksm::list_members(&db, lkm, k).await.expect("members");
        assert!(members[0].left_on.is_some(), "leaving keeps the member in the history");
    })
    .await;
}

#[tokio::test]
async fn a_facilitator_records_the_stage_and_settings_change_the_rules() {
    each_backend(|db| async move {
        let (lkm, _, _) = berkah_jaya(&db).await;
        let lele = store::ksm::list_ksm(&db, lkm)
            .await
            .expect("list")
            .into_iter()
            .find(|g| g.data.name == "KSM Lele Makmur")
            .expect("ksm")
            .id;
        let fac = ctx_of(&db, "fasilitator").await;
        let manual =
            |v: &str| ["repayment", "bank", "partners", "issues"].iter().map(|k| (k.to_string(), v.to_string())).collect();
        let computed = swadaya_core::app::ksm::stage::computed(&db, &fac, lkm, lele, chrono::Local::now().date_naive())
            .await
            .expect("computed");
        assert_eq!(computed["meetings"].0, 100, "{:?}", computed["meetings"]);
        assert_eq!(computed["rules"], (100, "5/5".to_string()));
        let input =
            swadaya_core::app::ksm::stage::DecisionInput { manual: manual("60"), stage: "tunas".into(), note: String::new() };
        match swadaya_core::app::ksm::stage::decide(&db, &fac, lkm, lele, &input).await {
            Err(AppError::Invalid(f)) => assert_eq!(f[0].field, "note", "a stage against the suggestion needs a reason"),
            other => panic!("{other:?}"),
        }
        let input =
            swadaya_core::app::ksm::stage::DecisionInput { manual: manual("60"), stage: String::new(), note: String::new() };
        swadaya_core::app::ksm::stage::decide(&db, &fac, lkm, lele, &input).await.expect("decided");
        let history = store::ksm::stages(&db, lkm, lele).await.expect("history");
        assert_eq!(
            (history[0].stage.as_str(), history[0].score),
            ("kembang", Some(84)),
            "6 criteria at 100 and 4 at 60, equal weights"
        );
        let bad = swadaya_core::app::ksm::stage::DecisionInput { manual: manual("120"), ..Default::default() };
        assert!(matches!(swadaya_core::app::ksm::stage::decide(&db, &fac, lkm, lele, &bad).await, Err(AppError::Invalid(_))));
        let auditor = ctx_of(&db, "auditor").await;
        assert!(matches!(
            swadaya_core::app::ksm::stage::decide(&db, &auditor, lkm, lele, &input).await,
            Err(AppError::Forbidden)
        ));

        let admin = ctx_of(&db, "lkm.admin").await;
        let today = chrono::Local::now().date_naive();
        assert!(assessment::graduation(&db, &admin, lkm, lele, today).await.expect("assess").passes());
        let set = |k: &str, v: &str| [(k.to_string(), v.to_string())].into_iter().collect();
        assert!(
            matches!(
                swadaya_core::app::ksm::stage::save_settings(&db, &admin, lkm, &set("graduation.attendance_above_pct", "100"))
                    .await,
                Err(AppError::Invalid(_))
            ),
            "above 100 % could never be met"
        );
        swadaya_core::app::ksm::stage::save_settings(&db, &admin, lkm, &set("graduation.attendance_above_pct", "99"))
            .await
            .expect("saved");
        let a = assessment::graduation(&db, &admin, lkm, lele, today).await.expect("assess");
        let att = a.criteria.iter().find(|c| c.key == Key::Attendance).expect("attendance");
        assert_eq!(att.threshold_pct, 99, "the institution's threshold applies");
        assert!(
            matches!(
                swadaya_core::app::ksm::stage::save_settings(&db, &admin, lkm, &set("stage.tumbuh_min", "90")).await,
                Err(AppError::Invalid(_))
            ),
            "Tumbuh must stay below Kembang"
        );
        let upk = ctx_of(&db, "upk").await;
        assert!(matches!(
            swadaya_core::app::ksm::stage::save_settings(&db, &upk, lkm, &set("graduation.window_days", "14")).await,
            Err(AppError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn independence_items_are_computed_or_confirmed_with_who_and_when() {
    each_backend(|db| async move {
        use swadaya_core::app::ksm::checks;
        let (lkm, _, _) = berkah_jaya(&db).await;
        let lele = store::ksm::list_ksm(&db, lkm)
            .await
            .expect("list")
            .into_iter()
            .find(|g| g.data.name == "KSM Lele Makmur")
            .expect("ksm")
            .id;
        let fac = ctx_of(&db, "fasilitator").await;
        let today = chrono::Local::now().date_naive();
        let states = checks::independence(&db, &fac, lkm, lele, today).await.expect("states");
        let by_key =
            |k: &str| swadaya_domain::independence::ITEMS.iter().position(|i| i.key == k).map(|i| &states[i]).expect("item");
        for computed in ["adart", "pembukuan", "tabungan", "keanggotaan"] {
            assert_eq!(by_key(computed).met, Some(true), "{computed}: {}", by_key(computed).evidence);
        }
        assert_eq!(by_key("solidaritas").met, None, "not confirmed yet");
        checks::confirm(
            &db,
            &fac,
            lkm,
            lele,
            &checks::Tick { list: checks::INDEPENDENCE, item: "solidaritas", checked: true, note: "rapat rutin kompak" },
        )
        .await
        .expect("confirmed");
        let states = checks::independence(&db, &fac, lkm, lele, today).await.expect("states");
        let i = swadaya_domain::independence::ITEMS.iter().position(|i| i.key == "solidaritas").expect("item");
        let c = states[i].confirmation.as_ref().expect("who and when");
        assert_eq!((states[i].met, c.checked_by.as_str()), (Some(true), "fasilitator"));
        assert!(
            matches!(
                checks::confirm(
                    &db,
                    &fac,
                    lkm,
                    lele,
                    &checks::Tick { list: checks::INDEPENDENCE, item: "adart", checked: true, note: "" }
                )
                .await,
                Err(AppError::Invalid(_))
            ),
            "computed items are not ticked"
        );
        let auditor = ctx_of(&db, "auditor").await;
        assert!(matches!(
            checks::confirm(
                &db,
                &auditor,
                lkm,
                lele,
                &checks::Tick { list: checks::INDEPENDENCE, item: "tujuan", checked: true, note: "" }
            )
            .await,
            Err(AppError::Forbidden)
        ));

        let upk = ctx_of(&db, "upk").await;
        for (key, _, _) in swadaya_domain::independence::ELIGIBILITY_CONFIRMATIONS {
            checks::confirm(
                &db,
                &upk,
                lkm,
                lele,
                &checks::Tick { list: checks::ELIGIBILITY, item: key, checked: true, note: "" },
            )
            .await
            .expect("confirmed");
        }
        let current = checks::current(&db, lkm, lele, checks::ELIGIBILITY).await.expect("current");
        assert_eq!(current.len(), 3);
        checks::confirm(
            &db,
            &upk,
            lkm,
            lele,
            &checks::Tick { list: checks::ELIGIBILITY, item: "pelatihan", checked: false, note: "jadwal pelatihan diundur" },
        )
        .await
        .expect("withdrawn");
        let current = checks::current(&db, lkm, lele, checks::ELIGIBILITY).await.expect("current");
        assert!(!current["pelatihan"].checked, "the newest confirmation is in force");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM ksm_checks").await, 5, "history keeps every tick");
    })
    .await;
}

#[tokio::test]
async fn money_and_membership_stay_consistent_under_the_mistakes_testers_made() {
    each_backend(|db| async move {
        use swadaya_core::app::ksm::checks;
        let (lkm, k, members) = berkah_jaya(&db).await;
        let ctx = ctx_of(&db, "ksm").await;
        let day = |n: i64| (chrono::Local::now().date_naive() - chrono::Duration::days(n)).to_string();
        // An absurd amount is refused (and could never overflow a sum).
        let mut s = sheet(&day(3), &members, "5.000");
        s.lines[0].sukarela = "9223372036854775807".into();
        assert_eq!(field_errors(sheets::record(&db, &ctx, lkm, k, &s).await), vec![format!("line-{}-sukarela", members[0].0)]);
        sheets::record(&db, &ctx, lkm, k, &sheet(&day(3), &members, "5.000")).await.expect("sheet");
        // A withdrawal dated before the deposit it would draw on is refused.
        let w = |amount: &str, on: String, key: &str| savings::WithdrawalInput {
            member_id: members[0].0,
            kind: "wajib".into(),
            amount: amount.into(),
            on_date: on,
            note: String::new(),
            idem_key: Some(key.into()),
        };
        match savings::withdraw(&db, &ctx, lkm, k, &w("5.000", day(5), "w1")).await {
            Err(AppError::Invalid(f)) => assert_eq!(f[0].field, "on_date"),
            other => panic!("a backdated withdrawal below zero must be refused, got {other:?}"),
        }
        let first = savings::withdraw(&db, &ctx, lkm, k, &w("2.000", day(1), "w2")).await.expect("withdrawal");
        assert_eq!(
            savings::withdraw(&db, &ctx, lkm, k, &w("2.000", day(1), "w2")).await.expect("retry"),
            first,
            "a double tap records once"
        );
        assert_eq!(savings::balances(&db, lkm, k).await.expect("b").of(members[0].0, SavingsKind::Routine), Rupiah(3_000));
        // Leaving: not in the future, and not with savings left behind.
        let upk = ctx_of(&db, "upk").await;
        let tomorrow = (chrono::Local::now().date_naive() + chrono::Duration::days(1)).to_string();
        assert!(matches!(groups::end_member(&db, &upk, lkm, k, members[1].0, &tomorrow).await, Err(AppError::Invalid(_))));
        match groups::end_member(&db, &upk, lkm, k, members[1].0, &day(0)).await {
            Err(AppError::Invalid(f)) => assert!(f[0].message.contains("Rp 5.000"), "{}", f[0].message),
            other => panic!("leaving with savings must be refused, got {other:?}"),
        }
        // The formation date cannot move after records already kept.
        let g = store::ksm::get_ksm(&db, lkm, k).await.expect("get").expect("ksm").data;
        let moved = groups::KsmInput {
            name: g.name.clone(),
            kind: g.kind.clone(),
            formed_on: day(0),
            rhythm: g.rhythm.clone(),
            ..Default::default()
        };
        assert!(matches!(groups::update(&db, &upk, lkm, k, &moved).await, Err(AppError::Invalid(_))));
        // The group cannot certify its own loan eligibility.
        let t = checks::Tick { list: checks::ELIGIBILITY, item: "pelatihan", checked: true, note: "" };
        assert!(matches!(checks::confirm(&db, &ctx, lkm, k, &t).await, Err(AppError::Forbidden)));
        // Weights that make scoring meaningless are refused.
        let admin = ctx_of(&db, "lkm.admin").await;
        let zero: std::collections::HashMap<String, String> =
            swadaya_domain::stage::CRITERIA.iter().map(|c| (format!("stage.weight.{}", c.key), "0".to_string())).collect();
        assert!(matches!(swadaya_core::app::ksm::stage::save_settings(&db, &admin, lkm, &zero).await, Err(AppError::Invalid(_))));
    })
    .await;
}
