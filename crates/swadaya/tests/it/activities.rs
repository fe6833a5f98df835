//! Funded activities through the services, on both databases: proposal -> ranking -> activity
//! -> funds -> payments -> progress -> hand-over, with every refusal the issue lists, the
//! journal balanced and the cash book agreeing with it.

use crate::common::*;
use swadaya::demo_activities::DEMO_PNG;
use swadaya_core::app::activities::{money, plan, proposals, ranking, reports as act_reports, RabInput};
use swadaya_core::app::attachments::Upload;
use swadaya_core::app::books::{journal::ReversalInput, reports};
use swadaya_core::app::fund::close;
use swadaya_core::app::AppError;

fn fields<T: std::fmt::Debug>(r: Result<T, AppError>) -> Vec<String> {
    match r {
        Err(AppError::Invalid(f)) => f.into_iter().map(|e| format!("{}: {}", e.field, e.message)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn has(errs: &[String], field: &str, text: &str) -> bool {
    errs.iter().any(|e| e.starts_with(&format!("{field}:")) && e.contains(text))
}

fn png(name: &str) -> Vec<Upload> {
    vec![Upload::new(name, DEMO_PNG.to_vec())]
}

fn proposal(title: &str, rab: &[(&str, &str, &str, &str)]) -> proposals::ProposalInput {
    proposals::ProposalInput {
        title: title.into(),
        kind: "road_paving".into(),
        proposer: "Panitia RT 09 dan RT 10".into(),
        location: "RT 09 dan RT 10, Desa Bibrik".into(),
        households: "30".into(),
        poor_households: "12".into(),
        women: "41".into(),
        submitted_on: "2025-01-10".into(),
        rab: rab
            .iter()
            .map(|(i, u, q, p)| RabInput {
                item: i.to_string(),
                unit: u.to_string(),
                quantity: q.to_string(),
                unit_price: p.to_string(),
            })
            .collect(),
        ..Default::default()
    }
}

fn spending(line: i64, no: &str, on: &str, amount: &str) -> money::SpendingInput {
    money::SpendingInput {
        rab_line_id: line,
        source: "apbd".into(),
        receipt_no: no.into(),
        spent_on: on.into(),
        payee: "CV Paving Jaya Madiun".into(),
        item: "Paving K-300".into(),
        amount: amount.into(),
        account: "11023".into(),
        approval: String::new(),
        idem_key: None,
    }
}

fn progress(on: &str, pct: &str, qty: &str, reason: &str) -> plan::ProgressInput {
    plan::ProgressInput {
        reported_on: on.into(),
        percent: pct.into(),
        quantity: qty.into(),
        note: String::new(),
        reason: reason.into(),
    }
}

#[tokio::test]
async fn proposal_to_hand_over_with_the_books_balanced() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let admin = ctx_of(&db, "lkm.admin").await;
        let board = ctx_of(&db, "lkm.board").await;
        let upk = ctx_of(&db, "upk").await;

        // Bad proposals: zero and negative quantities, more poor than all households, a "photo"
        // that is a script. Nothing is saved.
        let mut bad = proposal("Jalan paving", &[("Paving", "m²", "0", "135.000"), ("Kanstin", "m", "-3", "42.500")]);
        bad.poor_households = "40".into();
        let fake = vec![Upload::new("foto.jpg", b"<script>alert(1)</script>".to_vec())];
        let errs = fields(proposals::create(&db, &upk, lkm, &bad, &fake).await);
        assert!(has(&errs, "rab-0-quantity", "lebih dari 0"), "{errs:?}");
        assert!(has(&errs, "rab-1-quantity", "lebih dari 0"), "{errs:?}");
        assert!(has(&errs, "poor_households", "KK miskin"), "{errs:?}");
        assert!(has(&errs, "files", "bukan foto"), "{errs:?}");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM proposals").await, 0);
        let huge = proposal("Jalan", &[("Paving", "m²", "10.000.000", "999.999.999.999")]);
        assert!(has(&fields(proposals::create(&db, &upk, lkm, &huge, &[]).await), "rab-0-unit_price", "terlalu besar"));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM attachments").await, 0);

        let good = proposal(
            "Jalan paving kawasan budidaya lele",
            &[("Paving K-300", "m²", "510", "135.000"), ("Upah", "HOK", "10", "100.000")],
        );
        let p1 = proposals::create(&db, &upk, lkm, &good, &png("lokasi.png")).await.expect("proposal");
        let p2 = proposals::create(&db, &upk, lkm, &proposal("Drainase RT 04", &[("U-ditch", "m", "60", "650.000")]), &[])
            .await
            .expect("p2");
        let v = proposals::view(&db, &upk, lkm, p1).await.expect("view");
        assert_eq!(v.proposal.budget, 68_850_000 + 1_000_000);
        assert_eq!(v.files.len(), 1);

        // Scores 1..5 only; the ranking puts the better-scored proposal first.
        let crit = ranking::criteria(&db, &board, lkm).await.expect("criteria");
        assert_eq!(crit.iter().map(|c| c.weight).sum::<i64>(), 100);
        let sheet = |v: &str| ranking::ScoreInput {
            scorer: "Ketua LKM".into(),
            scores: crit.iter().map(|c| (c.id, v.to_string())).collect(),
        };
        assert!(has(
            &fields(ranking::score(&db, &board, lkm, p1, &sheet("6")).await),
            &format!("score-{}", crit[0].id),
            "1 sampai 5"
        ));
        ranking::score(&db, &board, lkm, p2, &sheet("2")).await.expect("score p2");
        ranking::score(&db, &board, lkm, p1, &sheet("5")).await.expect("score p1");
        let (_, ranked) = ranking::ranking(&db, &board, lkm).await.expect("ranking");
        assert_eq!(ranked.iter().map(|r| (r.proposal.id, r.total)).collect::<Vec<_>>(), vec![(p1, Some(500)), (p2, Some(200))]);

        // The decision: a reason for what is not funded; only the board decides.
        let mut d = ranking::DecisionInput {
            meeting_on: "2025-01-20".into(),
            attendance: "23".into(),
            minutes: "Rapat LKM membahas usulan warga.".into(),
            outcomes: vec![(p1, "funded".into(), String::new()), (p2, "rejected".into(), String::new())],
        };
        assert!(has(&fields(ranking::decide(&db, &board, lkm, &d).await), &format!("reason-{p2}"), "alasan"));
        assert!(matches!(ranking::decide(&db, &upk, lkm, &d).await, Err(AppError::Forbidden)));
        d.outcomes[1].2 = "Menunggu Dana Desa".into();
        ranking::decide(&db, &board, lkm, &d).await.expect("decide");

        // An activity comes from a funded proposal, once.
        let mut act = plan::ActivityInput {
            proposal_id: Some(p2),
            name: "Drainase".into(),
            kind: "drainage".into(),
            location: "RT 04".into(),
            target_volume: "60".into(),
            unit: "m".into(),
            planned_start: "2025-02-01".into(),
            planned_end: "2025-03-31".into(),
            team: "KSM Lele Makmur".into(),
            ..Default::default()
        };
        assert!(has(&fields(plan::create(&db, &admin, lkm, &act).await), "proposal_id", "belum diputuskan didanai"));
        act.proposal_id = Some(p1);
        act.name = "Pembangunan jalan paving kawasan budidaya lele".into();
        act.target_volume = "170".into();
        act.rkm_year = "2025".into();
        let a = plan::create(&db, &admin, lkm, &act).await.expect("activity");
        assert!(matches!(plan::create(&db, &admin, lkm, &act).await, Err(AppError::Conflict { .. })));
        let lines = plan::view(&db, &admin, lkm, a).await.expect("view").lines;
        let (paving, wages) = (lines[0].line.id, lines[1].line.id);

        // Funds: only what was committed, only by the treasurer's roles.
        let commit = plan::CommitmentInput {
            source: "apbd".into(),
            amount: "100.000.000".into(),
            document: "Alokasi APBD Kab. Madiun TA 2018".into(),
            note: String::new(),
            ..Default::default()
        };
        plan::commit(&db, &admin, lkm, a, &commit).await.expect("commit");
        let kind = plan::CommitmentInput {
            source: "community_kind".into(),
            amount: "8.000.000".into(),
            document: "Kesepakatan warga".into(),
            note: String::new(),
            ..Default::default()
        };
        plan::commit(&db, &admin, lkm, a, &kind).await.expect("commit in kind");
        let mut r = money::ReceiptInput {
            source: "apbd".into(),
            received_on: "2025-02-03".into(),
            amount: "120.000.000".into(),
            account: "11023".into(),
            document: "SP2D tahap I".into(),
            idem_key: None,
        };
        assert!(has(&fields(money::receive(&db, &admin, lkm, a, &r).await), "amount", "Rp 100.000.000"));
        r.amount = "60.000.000".into();
        assert!(matches!(money::receive(&db, &upk, lkm, a, &r).await, Err(AppError::Forbidden)));
        r.idem_key = Some("form-7c1f".into());
        let receipt = money::receive(&db, &admin, lkm, a, &r).await.expect("receive");
        assert_eq!(
            money::receive(&db, &admin, lkm, a, &r).await.expect("the same form again"),
            receipt,
            "a double click records once"
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM fund_receipts").await, 1);

        // Payments: a receipt number is required and used once; not over the funds received;
        // over the budget line only with a recorded approval.
        let errs = fields(money::spend(&db, &admin, lkm, a, &spending(paving, "  ", "2025-02-10", "9.450.000"), &[]).await);
        assert!(has(&errs, "receipt_no", "wajib"), "{errs:?}");
        assert!(has(
            &fields(money::spend(&db, &admin, lkm, a, &spending(paving, "KW-001", "2025-02-10", "70.000.000"), &[]).await),
            "amount",
            "Rp 60.000.000"
        ));
        let kw1 = money::spend(&db, &admin, lkm, a, &spending(paving, "KW-001", "2025-02-10", "40.500.000"), &png("KW-001.png"))
            .await
            .expect("spend");
        let again = fields(money::spend(&db, &admin, lkm, a, &spending(paving, "kw-001", "2025-02-11", "1.000.000"), &[]).await);
        assert!(has(&again, "receipt_no", "sudah dicatat"), "{again:?}");
        let over = fields(money::spend(&db, &admin, lkm, a, &spending(wages, "KW-002", "2025-02-12", "1.500.000"), &[]).await);
        assert!(has(&over, "approval", "Rp 500.000"), "{over:?}");
        let mut approved = spending(wages, "KW-002", "2025-02-12", "1.500.000");
        approved.approval = "Rapat LKM 11/02/2025, notulen no. 3".into();
        money::spend(&db, &admin, lkm, a, &approved, &[]).await.expect("approved over budget");

        // A payment entered by mistake is reversed; its receipt number is free again. Funds
        // already spent cannot be "un-received".
        let rev = ReversalInput { posted_on: "2025-02-14".into(), reason: "Salah jumlah".into() };
        money::reverse_spending(&db, &admin, lkm, a, kw1, &rev).await.expect("reverse");
        assert!(money::reverse_spending(&db, &admin, lkm, a, kw1, &rev).await.is_err(), "a payment is reversed once");
        money::spend(&db, &admin, lkm, a, &spending(paving, "KW-001", "2025-02-15", "40.050.000"), &png("KW-001b.png"))
            .await
            .expect("re-recorded");
        assert!(matches!(money::reverse_receipt(&db, &admin, lkm, a, receipt, &rev).await, Err(AppError::Conflict { .. })));
        // A back-dated payment cannot take money a later payment already used.
        let early = fields(money::spend(&db, &admin, lkm, a, &spending(paving, "KW-009", "2025-02-04", "19.000.000"), &[]).await);
        assert!(has(&early, "amount", "Rp 18.450.000"), "{early:?}");
        // Activity funds do not move by a manual entry.
        let manual = swadaya_core::app::books::journal::EntryInput {
            posted_on: "2025-02-20".into(),
            memo: "Pindah dana".into(),
            lines: vec![
                swadaya_core::app::books::journal::LineInput {
                    account: "22020".into(),
                    debit: "1.000.000".into(),
                    credit: String::new(),
                },
                swadaya_core::app::books::journal::LineInput {
                    account: "11023".into(),
                    debit: String::new(),
                    credit: "1.000.000".into(),
                },
            ],
            ..Default::default()
        };
        assert!(has(
            &fields(swadaya_core::app::books::journal::manual(&db, &upk, lkm, &manual).await),
            "line-0-account",
            "dana kegiatan"
        ));

        // A closed month is locked for payments.
        close::close_month(&db, &upk, lkm, "2025-02", &|_, _| {}).await.expect("close february");
        let locked = fields(money::spend(&db, &admin, lkm, a, &spending(paving, "KW-003", "2025-02-20", "1.000.000"), &[]).await);
        assert!(has(&locked, "spent_on", "terkunci"), "{locked:?}");

        // Progress: not over 100 %, not backwards without a reason; hand-over only at 100 %.
        assert!(has(
            &fields(plan::report_progress(&db, &admin, lkm, a, &progress("2025-03-01", "120", "", ""), &[]).await),
            "percent",
            "100 %"
        ));
        plan::report_progress(&db, &admin, lkm, a, &progress("2025-03-01", "40", "60", ""), &png("p40.png")).await.expect("40 %");
        assert!(has(
            &fields(plan::report_progress(&db, &admin, lkm, a, &progress("2025-03-05", "30", "50", ""), &[]).await),
            "percent",
            "40,0 %"
        ));
        plan::report_progress(&db, &admin, lkm, a, &progress("2025-03-05", "30", "50", "Salah ukur minggu lalu"), &[])
            .await
            .expect("with a reason");
        let handover = plan::HandoverInput {
            on_date: "2025-03-20".into(),
            handed_to: "Paseduluran Jalan Poros RT.09 dan RT.10".into(),
            record: "BAST 01/LKM-MS".into(),
        };
        assert!(matches!(plan::hand_over(&db, &admin, lkm, a, &handover).await, Err(AppError::Conflict { .. })));
        plan::report_progress(&db, &admin, lkm, a, &progress("2025-03-15", "100", "170", ""), &[]).await.expect("done");
        plan::add_in_kind(
            &db,
            &admin,
            lkm,
            a,
            &plan::InKindInput {
                on_date: "2025-03-10".into(),
                contributor: "Warga RT 09".into(),
                description: "Rabat kanan kiri jalan".into(),
                value: "6.000.000".into(),
                ..Default::default()
            },
        )
        .await
        .expect("in kind");
        plan::hand_over(&db, &admin, lkm, a, &handover).await.expect("hand over");
        assert!(matches!(plan::hand_over(&db, &admin, lkm, a, &handover).await, Err(AppError::Conflict { .. })));

        // The figures: per source, the books, the cash book and the monthly report agree.
        let v = plan::view(&db, &admin, lkm, a).await.expect("view");
        let apbd = &v.sources[&swadaya_domain::activity::funding::Source::Apbd];
        assert_eq!((apbd.committed, apbd.received, apbd.spent), (100_000_000, 60_000_000, 41_550_000));
        assert_eq!(v.sources[&swadaya_domain::activity::funding::Source::CommunityInKind].spent, 6_000_000);
        let tb = reports::trial_balance(&db, &admin, lkm, "2000-01-01", "9999-12-31").await.expect("tb");
        assert_eq!((tb.total_debit, tb.closing_sum), (tb.total_credit, 0));
        let closing = |code: &str| tb.rows.iter().find(|r| r.code == code).map(|r| r.closing).unwrap_or(0);
        assert_eq!(closing("11023").abs(), 18_450_000, "bank holds what was received less what was paid");
        assert_eq!(closing("22020").abs(), apbd.available());
        let book = act_reports::cash_book(&db, &admin, lkm, "11023", "2025-01-01", "2025-12-31").await.expect("cash book");
        assert_eq!(book.closing, 18_450_000);
        assert_eq!(book.rows.iter().map(|r| r.debit - r.credit).sum::<i64>(), book.closing - book.opening);
        assert!(book.rows.iter().any(|r| r.receipt.as_deref() == Some("KW-002")));
        let unbalanced = unbalanced_entries(&db, Some(lkm)).await;
        assert_eq!(unbalanced, 0);
        let feb = act_reports::summaries(&db, &admin, lkm, "2025-02-01", "2025-02-28").await.expect("report");
        let row = feb.iter().find(|s| s.activity.id == a).expect("in the report");
        assert_eq!((row.spent_in_period, row.percent_bp), (41_550_000, 0));
        let mar = act_reports::summaries(&db, &admin, lkm, "2025-03-01", "2025-03-31").await.expect("report");
        let row = mar.iter().find(|s| s.activity.id == a).expect("in the report");
        assert_eq!((row.spent_in_period, row.percent_bp, row.quantity), (6_000_000, 10_000, 170_000));

        // The quarterly figures per source, the annual report, the work plan and the auditor's
        // workbook tell the same story.
        use swadaya_core::app::activities::accountability;
        let q1 = accountability::by_source(&db, &admin, lkm, "2025-01-01", "2025-03-31").await.expect("quarter");
        let apbd_q1 = q1.iter().find(|s| s.source == "apbd").expect("apbd");
        assert_eq!((apbd_q1.opening, apbd_q1.received, apbd_q1.spent, apbd_q1.closing), (0, 60_000_000, 41_550_000, 18_450_000));
        // Before its reversal (14 February) the first KW-001 still counts: months already
        // reported do not change when a mistake is corrected later.
        let early = accountability::by_source(&db, &admin, lkm, "2025-01-01", "2025-02-12").await.expect("period");
        assert_eq!(early.iter().find(|s| s.source == "apbd").map(|s| s.spent), Some(40_500_000 + 1_500_000));
        let q2 = accountability::by_source(&db, &admin, lkm, "2025-04-01", "2025-06-30").await.expect("quarter");
        let apbd_q2 = q2.iter().find(|s| s.source == "apbd").expect("apbd");
        assert_eq!((apbd_q2.opening, apbd_q2.received, apbd_q2.closing), (18_450_000, 0, 18_450_000));
        let kind_q1 = q1.iter().find(|s| s.source == "community_kind").expect("in kind");
        assert_eq!((kind_q1.received, kind_q1.spent, kind_q1.closing), (6_000_000, 6_000_000, 0));
        let annual = accountability::annual(&db, &admin, lkm, 2025).await.expect("annual");
        let row = annual.rows.iter().find(|r| r[1] == "Pembangunan jalan paving kawasan budidaya lele").expect("activity row");
        assert_eq!(row[3], "41550000", "cash paid in the year, in kind apart");
        assert!(row[4].contains("diserahterimakan") && row[4].contains("Rp 6.000.000"), "{row:?}");
        assert!(annual.rows.iter().any(|r| r[4] == "seimbang"), "the trial balance line says balanced");
        assert!(accountability::annual(&db, &upk, lkm, 2025).await.is_ok());
        let ksm_ctx = ctx_of(&db, "ksm").await;
        assert!(matches!(accountability::annual(&db, &ksm_ctx, lkm, 2025).await, Err(AppError::Forbidden)));
        let plan_rows = accountability::rkm(&db, &admin, lkm, 2025).await.expect("rkm");
        assert_eq!(plan_rows.len(), 1);
        assert_eq!((plan_rows[0].promised_kind, plan_rows[0].given_kind), (8_000_000, 6_000_000));
        let book = accountability::auditor_tables(&db, &admin, lkm, "2025-01-01", "2025-12-31").await.expect("auditor");
        let journal_lines = count(&db, &format!("SELECT COUNT(*) FROM journal_lines WHERE institution_id = {lkm}")).await;
        assert_eq!(book[0].rows.len() as i64, journal_lines, "every journal line is in the workbook");
        let payments = book.iter().find(|t| t.title.starts_with("Pembayaran")).expect("payments sheet");
        assert_eq!(payments.rows.len(), 3, "live and reversed payments are all listed");
        assert!(payments.rows.iter().any(|r| r[9] == "dibatalkan"), "the reversed one says so");
        let sha = count(&db, "SELECT COUNT(*) FROM attachments WHERE owner_kind = 'spending'").await;
        assert_eq!(payments.rows.iter().filter(|r| r[10].contains(".png (")).count() as i64, sha);
        let xlsx = swadaya_core::reports::xlsx_book(&book.iter().collect::<Vec<_>>()).expect("workbook");
        assert!(xlsx.starts_with(b"PK"));

        // Money rows are append-only, and every step is in the audit log.
        assert!(sqlx::query("UPDATE spendings SET amount = 1").execute(&db.pool).await.is_err());
        assert!(sqlx::query("DELETE FROM fund_receipts").execute(&db.pool).await.is_err());
        for action in ["spend", "receive", "hand_over", "decide", "score", "attach", "reverse"] {
            assert!(
                count(&db, &format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'")).await > 0,
                "{action} audited"
            );
        }
    })
    .await;
}
