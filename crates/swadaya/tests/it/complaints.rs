//! Complaints through the services on both databases: filing (once, however often it is
//! sent), the service-level clocks in working days on fixed dates, every step and its
//! refusals, escalation to the kecamatan with the whole history, and the register's words
//! kept by the database itself.

use crate::common::*;
use chrono::NaiveDate;
use swadaya_core::app::complaints::{self, holidays, stats, steps, ComplaintInput};
use swadaya_core::app::AppError;
use swadaya_domain::complaint::sla::Overdue;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn step(step: &str, body: &str, on: &str) -> steps::StepInput {
    steps::StepInput { step: step.into(), body: body.into(), step_on: on.into(), ..Default::default() }
}

fn field_of<T: std::fmt::Debug>(r: Result<T, AppError>) -> Vec<String> {
    match r {
        Err(AppError::Invalid(f)) => f.into_iter().map(|e| e.field).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn letter() -> ComplaintInput {
    ComplaintInput {
        kind: "problem".into(),
        category: "procurement".into(),
        content: "Harga pipa HDPE 2 inci yang dibeli KKM lebih mahal dari harga toko di Watansoppeng.".into(),
        name: "Forum Warga RT 02".into(),
        contact: "0812-4455-6677".into(),
        channel: "letter".into(),
        received_on: "2026-11-02".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn complaints_escalate_with_their_history_and_keep_their_clocks() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let kkm = institution_id(&db, "KKM Tirta Ganra").await;
        let kec = institution_id(&db, "Pemerintah Kecamatan Ganra").await;
        let kab = institution_id(&db, "DPMU Pamsimas Kabupaten Soppeng").await;
        let officer = ctx_of(&db, "pengaduan").await;
        let kec_officer = ctx_of(&db, "pengaduan.kec").await;
        let treasurer = ctx_of(&db, "bendahara").await;
        let lkm_admin = ctx_of(&db, "lkm.admin").await;

        // A citizen's form sent twice (a double tap) is one complaint with one code.
        let citizen = complaints::citizen_ctx("192.0.2.7", swadaya_domain::Lang::Id);
        let web = ComplaintInput {
            kind: "question".into(),
            category: "finance".into(),
            content: "Berapa iuran air per bulan dan ke mana dibayarkan?".into(),
            idem_key: "form-key-1".into(),
            ..Default::default()
        };
        let (a, code_a) = complaints::file_public(&db, &citizen, kkm, &web, &[]).await.expect("filed");
        let (a2, code_a2) = complaints::file_public(&db, &citizen, kkm, &web, &[]).await.expect("resent");
        assert_eq!((a, &code_a), (a2, &code_a2));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM complaints").await, 1);
        let empty = ComplaintInput { content: "  ".into(), ..Default::default() };
        let errs = field_of(complaints::file_public(&db, &citizen, kkm, &empty, &[]).await);
        assert!(errs.contains(&"content".into()) && errs.contains(&"category".into()) && errs.contains(&"complaint_kind".into()));
        let long = ComplaintInput { content: "a".repeat(4001), idem_key: String::new(), ..web.clone() };
        assert_eq!(field_of(complaints::file_public(&db, &citizen, kkm, &long, &[]).await), vec!["content"]);

        // Registered from a letter received Monday 2 November 2026.
        assert!(matches!(complaints::register(&db, &treasurer, kkm, &letter(), &[]).await, Err(AppError::Forbidden)));
        assert!(matches!(complaints::register(&db, &lkm_admin, kkm, &letter(), &[]).await, Err(AppError::NotFound)));
        let bad = ComplaintInput { channel: "pigeon".into(), received_on: "2099-01-01".into(), ..letter() };
        let errs = field_of(complaints::register(&db, &officer, kkm, &bad, &[]).await);
        assert!(errs.contains(&"channel".into()) && errs.contains(&"received_on".into()), "{errs:?}");
        let (b, code_b) = complaints::register(&db, &officer, kkm, &letter(), &[]).await.expect("registered");

        // Verify by Thursday 5 November: late on Friday, on time with a holiday on the 4th.
        let flags_on = |d: &str| {
            let db = db.clone();
            let officer = officer.clone();
            let d = day(d);
            async move {
                let reg = complaints::list(&db, &officer, kkm, None, 50, 0, d).await.expect("list");
                reg.overdue.into_iter().find(|l| l.complaint.id == b).map(|l| l.overdue).unwrap_or_default()
            }
        };
        assert!(flags_on("2026-11-05").await.is_empty());
        assert_eq!(flags_on("2026-11-06").await, vec![Overdue::Verify]);
        assert_eq!(flags_on("2026-11-10").await, vec![Overdue::Verify, Overdue::Decide]);
        let system = system_ctx();
        assert!(matches!(holidays::add(&db, &officer, "2026-11-04", "Cuti bersama (uji)").await, Err(AppError::Forbidden)));
        holidays::add(&db, &system, "2026-11-04", "Cuti bersama (uji)").await.expect("holiday");
        assert_eq!(field_of(holidays::add(&db, &system, "2026-11-04", "lagi").await), vec!["day"]);
        assert!(flags_on("2026-11-06").await.is_empty(), "the holiday moves the deadline to Friday");
        holidays::remove(&db, &system, "2026-11-04").await.expect("removed");
        assert_eq!(flags_on("2026-11-06").await, vec![Overdue::Verify]);

        // Steps in the register's order, refused out of it.
        assert_eq!(field_of(steps::take(&db, &officer, kkm, b, &step("decide", "x", "2026-11-03")).await), vec!["step"]);
        assert_eq!(field_of(steps::take(&db, &officer, kkm, b, &step("verify", "x", "2026-11-01")).await), vec!["step_on"]);
        assert_eq!(field_of(steps::take(&db, &officer, kkm, b, &step("verify", " ", "2026-11-03")).await), vec!["body"]);
        assert!(matches!(
            steps::take(&db, &treasurer, kkm, b, &step("verify", "x", "2026-11-03")).await,
            Err(AppError::Forbidden)
        ));
        steps::take(&db, &officer, kkm, b, &step("verify", "Penawaran pembanding tidak ada di arsip.", "2026-11-03"))
            .await
            .expect("verified");
        let stale = steps::StepInput { seen_status: "received".into(), ..step("verify", "x", "2026-11-04") };
        assert!(matches!(steps::take(&db, &officer, kkm, b, &stale).await, Err(AppError::Conflict { .. })));

        // Escalation: the kecamatan first, then the kabupaten programme office.
        let targets = steps::targets(&db, kkm).await.expect("targets");
        let ids: Vec<i64> = targets.iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![kec, kab], "nearest level first");
        assert_eq!(
            field_of(steps::take(&db, &officer, kkm, b, &step("escalate", "Di luar kapasitas KKM.", "2026-11-04")).await),
            vec!["to"]
        );
        let national = steps::StepInput { to: "national".into(), ..step("escalate", "x", "2026-11-04") };
        assert_eq!(field_of(steps::take(&db, &officer, kkm, b, &national).await), vec!["external_ref"]);
        let up = steps::StepInput { to: kec.to_string(), ..step("escalate", "Pengadaan diaudit kecamatan.", "2026-11-04") };
        steps::take(&db, &officer, kkm, b, &up).await.expect("escalated");
        let c = swadaya_core::store::complaints::get(&db.pool, b).await.expect("get").expect("exists");
        assert_eq!(
            (c.status.as_str(), c.institution_id, c.level.as_str(), c.clock_start.as_str()),
            ("escalated", kec, "kecamatan", "2026-11-04")
        );

        // The village unit keeps reading it but can no longer move it.
        let v = complaints::view(&db, &officer, kkm, b, day("2026-11-05")).await.expect("still readable");
        assert!(!v.can_act);
        assert!(matches!(
            steps::take(&db, &officer, kkm, b, &step("answer", "x", "2026-11-05")).await,
            Err(AppError::Conflict { .. })
        ));
        assert!(
            matches!(complaints::view(&db, &kec_officer, kec, a, day("2026-11-05")).await, Err(AppError::NotFound)),
            "not the kecamatan's"
        );

        // The kecamatan sees it with the whole history; its clocks start at the escalation.
        let v = complaints::view(&db, &kec_officer, kec, b, day("2026-11-10")).await.expect("kecamatan reads");
        assert!(v.can_act);
        assert_eq!(v.steps.len(), 2);
        assert_eq!(v.deadlines.verify_by, day("2026-11-09"));
        assert_eq!(v.deadlines.resolve_by, day("2027-01-01"), "60 days from the first receipt");
        assert_eq!(v.overdue, vec![Overdue::Verify]);
        let reg = complaints::list(&db, &kec_officer, kec, Some("open"), 50, 0, day("2026-11-10")).await.expect("list");
        assert_eq!(reg.rows.len(), 1);
        steps::take(&db, &kec_officer, kec, b, &step("verify", "Camat meminta dokumen pengadaan.", "2026-11-09"))
            .await
            .expect("verify");
        steps::take(&db, &kec_officer, kec, b, &step("decide", "Inspektorat memeriksa harga.", "2026-11-10"))
            .await
            .expect("decide");
        steps::take(
            &db,
            &kec_officer,
            kec,
            b,
            &step("answer", "Selisih harga Rp 12.000 per batang dikembalikan ke kas KKM.", "2026-11-20"),
        )
        .await
        .expect("answer");
        assert_eq!(
            field_of(steps::take(&db, &kec_officer, kec, b, &step("answer", "Jawaban kedua", "2026-11-21")).await),
            vec!["step"],
            "an answer is never replaced"
        );
        steps::take(&db, &kec_officer, kec, b, &step("correction", "Ralat: Rp 10.000 per batang.", "2026-11-21"))
            .await
            .expect("correction");
        let c = swadaya_core::store::complaints::get(&db.pool, b).await.expect("get").expect("exists");
        assert_eq!(
            (c.status.as_str(), c.answered_on.as_deref(), c.closed_on.as_deref()),
            ("answered", Some("2026-11-20"), Some("2026-11-20"))
        );

        // Passed up again, the kecamatan keeps it in its register (read-only).
        let c2 = complaints::register(&db, &officer, kkm, &ComplaintInput { received_on: "2026-11-09".into(), ..letter() }, &[])
            .await
            .expect("second")
            .0;
        let up = steps::StepInput { to: kec.to_string(), ..step("escalate", "Perlu audit kecamatan.", "2026-11-09") };
        steps::take(&db, &officer, kkm, c2, &up).await.expect("to the kecamatan");
        let up = steps::StepInput { to: kab.to_string(), ..step("escalate", "Perlu dana kabupaten.", "2026-11-10") };
        steps::take(&db, &kec_officer, kec, c2, &up).await.expect("to the kabupaten");
        let reg = complaints::list(&db, &kec_officer, kec, None, 50, 0, day("2026-11-10")).await.expect("list");
        assert!(reg.rows.iter().any(|l| l.complaint.id == c2), "the middle level still lists it");
        assert!(reg.counts.iter().any(|(s, n)| s.code() == "escalated" && *n >= 1), "and counts it");

        // Forwarded to SP4N-LAPOR!: the clocks stop; the unit records the answer that comes back.
        let c3 = complaints::register(&db, &officer, kkm, &ComplaintInput { received_on: "2026-11-02".into(), ..letter() }, &[])
            .await
            .expect("third")
            .0;
        let out = steps::StepInput {
            to: "national".into(),
            external_ref: "LAPOR-2611-0042".into(),
            ..step("escalate", "Kewenangan kementerian.", "2026-11-03")
        };
        steps::take(&db, &officer, kkm, c3, &out).await.expect("forwarded");
        let v = complaints::view(&db, &officer, kkm, c3, day("2027-03-01")).await.expect("view");
        assert!(v.overdue.is_empty(), "no clocks once forwarded out: {:?}", v.overdue);
        assert_eq!(field_of(steps::take(&db, &officer, kkm, c3, &step("verify", "x", "2026-11-04")).await), vec!["step"]);
        steps::take(&db, &officer, kkm, c3, &step("answer", "Jawaban kementerian lewat LAPOR!: tarif ditinjau.", "2026-11-20"))
            .await
            .expect("answer recorded");

        // The same form key at another institution is another complaint.
        let (k1, _) = complaints::file_public(&db, &citizen, kec, &web, &[]).await.expect("filed at the kecamatan");
        assert_ne!(k1, a);

        // The citizen's view: outcomes, not working notes, never the contact.
        let t = complaints::track(&db, &code_b.to_lowercase()).await.expect("track").expect("found");
        let seen: Vec<&str> = t.steps.iter().map(|s| s.step.as_str()).collect();
        assert_eq!(seen, vec!["escalate", "answer", "correction"]);
        assert!(complaints::track(&db, "ADU-00000-00000").await.expect("track").is_none());
        assert!(complaints::track(&db, "<b>").await.expect("track").is_none());
        assert_eq!(code_a.len(), 15);

        // Statistics of the village unit count what was filed there, wherever it was answered.
        let s = stats::of(&db, kkm, Some(2026)).await.expect("stats");
        assert_eq!((s.received, s.resolved, s.open, s.escalated), (4, 2, 1, 1), "{s:?}");
        assert_eq!(s.median_days_to_answer, Some(18), "18 days each");

        // The database itself keeps the words and the history.
        for sql in [
            "UPDATE complaints SET content = 'diubah' WHERE id = 1",
            "UPDATE complaint_steps SET body = 'diubah'",
            "DELETE FROM complaint_steps",
            "DELETE FROM complaints",
        ] {
            assert!(sqlx::query(sql).execute(&db.pool).await.is_err(), "{sql} must be refused");
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'complaint'").await, 2 + 3 + 4 + 5 + 3 + 1);
        swadaya_core::store::audit::verify(&db).await.expect("verify").expect("chain intact");
    })
    .await;
}
