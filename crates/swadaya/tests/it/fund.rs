//! The loan fund and the books through the services, on both databases: products, a loan from
//! application to repayment, the month lock, the close and its reserve, reversals, and the
//! reports that must always balance.

use crate::common::*;
use swadaya_core::app::books::{journal, reports};
use swadaya_core::app::fund::{close, loans, portfolio, products, repayments};
use swadaya_core::app::ksm::sheets;
use swadaya_core::app::{AppError, Ctx};
use swadaya_core::store::{self, Db};

fn fields<T: std::fmt::Debug>(r: Result<T, AppError>) -> Vec<String> {
    match r {
        Err(AppError::Invalid(f)) => f.into_iter().map(|e| format!("{}: {}", e.field, e.message)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// A KSM formed in 2024 with five members, so a 2025 loan can run its course in the test.
async fn test_group(db: &Db) -> (i64, i64, Vec<i64>) {
    use swadaya_core::app::ksm::groups;
    use swadaya_core::app::registers::people;
    swadaya::demo::load_base(db, 0).await.expect("demo");
    let lkm = institution_id(db, "LKM Makmur Sentosa").await;
    let ctx = system_ctx();
    let input = groups::KsmInput {
        name: "KSM Tani Rukun".into(),
        kind: "ekonomi".into(),
        formed_on: "2024-06-01".into(),
        rhythm: "bulanan".into(),
        bookkeeping_days: "2".into(),
        routine_amount: "5.000".into(),
        ..Default::default()
    };
    let k = groups::create(db, &ctx, lkm, &input).await.expect("ksm");
    let mut members = Vec::new();
    for (i, (name, sex)) in
        [("Sukinah", "P"), ("Painem", "P"), ("Rebo", "L"), ("Kamidi", "L"), ("Sulastri", "P")].iter().enumerate()
    {
        let person = people::PersonInput {
            name: name.to_string(),
            sex: sex.to_string(),
            rt: "005".into(),
            poor: true,
            ..Default::default()
        };
        let pid = people::create(db, &ctx, lkm, &person).await.expect("person");
        let role = ["ketua", "bendahara"].get(i).copied().unwrap_or("anggota");
        members.push(groups::add_member(db, &ctx, lkm, k, pid, role, "2024-06-01").await.expect("member"));
    }
    (lkm, k, members)
}

fn entry(on: &str, memo: &str, lines: &[(&str, &str, &str)]) -> journal::EntryInput {
    journal::EntryInput {
        posted_on: on.into(),
        memo: memo.into(),
        lines: lines
            .iter()
            .map(|(a, d, c)| journal::LineInput { account: a.to_string(), debit: d.to_string(), credit: c.to_string() })
            .collect(),
        ..Default::default()
    }
}

/// Every entry balances and the whole journal balances.
async fn books_balance(db: &Db, lkm: i64) {
    let unbalanced = unbalanced_entries(db, Some(lkm)).await;
    assert_eq!(unbalanced, 0, "every entry balances");
}

/// The loan ledger agrees with account 11030: principal disbursed less principal repaid.
async fn ledger_agrees(db: &Db, ctx: &Ctx, lkm: i64) {
    let tb = reports::trial_balance(db, ctx, lkm, "2000-01-01", "9999-12-31").await.expect("tb");
    let loans_account = tb.rows.iter().find(|r| r.code == "11030").map(|r| r.closing).unwrap_or(0);
    let disbursed = count(
        db,
        &format!(
            "SELECT CAST(COALESCE(SUM(principal), 0) AS BIGINT) FROM loans WHERE institution_id = {lkm} AND status = 'disbursed'"
        ),
    )
    .await;
    let repaid =
        count(db, &format!("SELECT CAST(COALESCE(SUM(principal), 0) AS BIGINT) FROM payment_parts WHERE institution_id = {lkm}"))
            .await;
    assert_eq!(loans_account, disbursed - repaid, "loan ledger and journal agree");
    assert_eq!(tb.total_debit, tb.total_credit);
    assert_eq!(tb.closing_sum, 0);
}

/// The trial balance, read from closed months' kept totals plus the lines after them, shows the
/// same opening, debits and credits as a plain sum over the lines, for periods that start and
/// end inside, at the edges of and after the closed months.
async fn reports_agree_with_the_lines(db: &Db, ctx: &Ctx, lkm: i64) {
    let raw = |from: &str, to: &str| {
        format!(
            "SELECT account, CAST(SUM(debit) AS BIGINT), CAST(SUM(credit) AS BIGINT) FROM journal_lines
             WHERE institution_id = {lkm} AND posted_on >= '{from}' AND posted_on <= '{to}' GROUP BY account"
        )
    };
    let sums = |sql: String| async move {
        let rows = sqlx::query(&sql).fetch_all(&db.pool).await.expect("sums");
        rows.iter()
            .map(|r| {
                use sqlx::Row;
                (r.get::<String, _>(0), (r.get::<i64, _>(1), r.get::<i64, _>(2)))
            })
            .collect::<std::collections::HashMap<_, _>>()
    };
    let periods = [
        ("2000-01-01", "9999-12-31"),
        ("2025-01-01", "2025-01-31"),
        ("2025-01-15", "2025-02-28"),
        ("2025-02-01", "2025-03-31"),
        ("2025-02-28", "2025-03-20"),
        ("2025-03-01", "2025-12-31"),
    ];
    for (from, to) in periods {
        let tb = reports::trial_balance(db, ctx, lkm, from, to).await.expect("tb");
        let opening = sums(raw("0000-00-00", &reports::day_before(from).expect("day"))).await;
        let period = sums(raw(from, to)).await;
        for r in &tb.rows {
            let (od, oc) = opening.get(&r.code).copied().unwrap_or_default();
            let (d, c) = period.get(&r.code).copied().unwrap_or_default();
            assert_eq!((r.opening, r.debit, r.credit), (od - oc, d, c), "account {} from {from} to {to}", r.code);
        }
        let shown: std::collections::HashSet<&str> = tb.rows.iter().map(|r| r.code.as_str()).collect();
        assert!(period.keys().all(|a| shown.contains(a.as_str())), "every account moved from {from} to {to} is shown");
    }
}

#[tokio::test]
async fn a_loan_from_application_to_close() {
    each_backend(|db| async move {
        let (lkm, k, members) = test_group(&db).await;
        let upk = ctx_of(&db, "upk").await;
        let board = ctx_of(&db, "lkm.board").await;

        // Opening balances, once; an unbalanced entry is refused with the difference named.
        let bad = journal::manual(&db, &upk, lkm, &entry("2025-01-02", "Saldo awal", &[("11021", "20.000.000", ""), ("31020", "", "19.000.000")])).await;
        assert!(fields(bad).iter().any(|f| f.starts_with("lines") && f.contains("Rp 1.000.000")));
        let mut open = entry("2025-01-02", "Saldo awal dana bergulir", &[("11021", "20.000.000", ""), ("11010", "900.000", ""), ("31020", "", "20.900.000")]);
        open.opening = true;
        journal::manual(&db, &upk, lkm, &open).await.expect("opening");
        assert!(!fields(journal::manual(&db, &upk, lkm, &open).await).is_empty(), "opening balances only once");

        // Product with the RULES.md defaults; bad numbers are named.
        let mut p = products::defaults(swadaya_domain::Lang::Id);
        p.rate = "1,555".into();
        p.min_term = "12".into();
        p.max_term = "3".into();
        let errs = fields(products::create(&db, &upk, lkm, &p).await);
        assert!(errs.iter().any(|e| e.starts_with("rate")) && errs.iter().any(|e| e.starts_with("max_term")), "{errs:?}");
        let product = products::create(&db, &upk, lkm, &products::defaults(swadaya_domain::Lang::Id)).await.expect("product");

        // Application: the first-loan limit per member; eligibility gaps need a reason.
        let mut app = loans::LoanInput {
            ksm_id: k,
            product_id: product,
            agreement_no: "001/UPK-MS/I/2025".into(),
            purpose: "Modal pakan lele".into(),
            applied_on: "2025-01-06".into(),
            power_of_attorney: true,
            shares: members.iter().take(3).map(|m| loans::ShareInput { member_id: *m, amount: "500.000".into() }).collect(),
            ..Default::default()
        };
        app.shares[0].amount = "500.001".into();
        let errs = fields(loans::apply(&db, &upk, lkm, &app).await);
        assert!(errs.iter().any(|e| e.contains("Rp 500.000")), "{errs:?}");
        app.shares[0].amount = "500.000".into();
        let errs = fields(loans::apply(&db, &upk, lkm, &app).await);
        assert!(errs.iter().any(|e| e.starts_with("override_reason") && e.contains("belum dikonfirmasi")), "{errs:?}");
        app.override_reason = "Kelompok lama, data dari buku UPK".into();
        let loan = loans::apply(&db, &upk, lkm, &app).await.expect("apply");

        // Only the board decides; disbursement waits for approval.
        let disb = loans::DisbursementInput { disbursed_on: "2025-01-15".into(), account: "11021".into(), ..Default::default() };
        assert!(matches!(loans::disburse(&db, &upk, lkm, loan, &disb).await, Err(AppError::Conflict { .. })));
        let decision = loans::DecisionInput { decision: "approve".into(), decided_on: "2025-01-10".into(), note: "Rapat LKM 10/01/2025".into() };
        assert!(matches!(loans::decide(&db, &upk, lkm, loan, &decision).await, Err(AppError::Forbidden)));
        loans::decide(&db, &board, lkm, loan, &decision).await.expect("approve");
        loans::disburse(&db, &upk, lkm, loan, &disb).await.expect("disburse");
        assert!(matches!(loans::disburse(&db, &upk, lkm, loan, &disb).await, Err(AppError::Conflict { .. })));
        let view = loans::view(&db, &upk, lkm, loan).await.expect("view");
        assert_eq!(view.dues.len(), 30, "three members x ten instalments");
        assert_eq!(view.dues.iter().map(|d| d.due.principal).sum::<i64>(), 1_500_000);

        // A second loan over what the cash account holds is refused.
        let mut big = app.clone();
        big.agreement_no = "002/UPK-MS/I/2025".into();
        big.shares = members.iter().skip(3).take(2).map(|m| loans::ShareInput { member_id: *m, amount: "500.000".into() }).collect();
        let big_id = loans::apply(&db, &upk, lkm, &big).await.expect("apply 2");
        loans::decide(&db, &board, lkm, big_id, &decision).await.expect("approve 2");
        let from_cash = loans::DisbursementInput { disbursed_on: "2025-01-15".into(), account: "11010".into(), ..Default::default() };
        let errs = fields(loans::disburse(&db, &upk, lkm, big_id, &from_cash).await);
        assert!(errs.iter().any(|e| e.starts_with("account") && e.contains("Rp 900.000")), "{errs:?}");

        // Repayments: interest first, then principal; more than owed is refused.
        let pay = |m: i64, on: &str, amount: &str| repayments::PaymentInput { member_id: m, paid_on: on.into(), amount: amount.into(), ..Default::default() };
        let p1 = repayments::pay(&db, &upk, lkm, loan, &pay(members[0], "2025-02-15", "57.500")).await.expect("pay");
        let got = store::fund::get_payment(&db.pool, lkm, p1).await.expect("q").expect("payment");
        assert_eq!((got.interest, got.principal), (7_500, 50_000));
        let errs = fields(repayments::pay(&db, &upk, lkm, loan, &pay(members[0], "2025-02-16", "600.000")).await);
        assert!(errs.iter().any(|e| e.contains("Rp 517.500")), "{errs:?}");
        assert!(!fields(repayments::pay(&db, &upk, lkm, loan, &pay(members[0], "2025-02-16", "0")).await).is_empty());
        // Member 2 pays a short Rp 20.000: the interest of the due instalment first.
        let p2 = repayments::pay(&db, &upk, lkm, loan, &pay(members[1], "2025-02-20", "20.000")).await.expect("short pay");
        let got = store::fund::get_payment(&db.pool, lkm, p2).await.expect("q").expect("payment");
        assert_eq!((got.interest, got.principal), (7_500, 12_500));

        // Arrears at exact boundaries: member 3 never paid; first due 15 Feb 2025.
        let (r, _) = portfolio::at(&db, &upk, lkm, "2025-05-15").await.expect("portfolio");
        let line = |r: &portfolio::Report, m: i64| r.lines.iter().find(|l| l.member_id == m).cloned().expect("in arrears");
        assert_eq!(line(&r, members[2]).class, 3, "exactly three months");
        assert_eq!(line(&r, members[2]).overdue_instalments, 3);
        let (r, _) = portfolio::at(&db, &upk, lkm, "2025-08-16").await.expect("portfolio");
        assert_eq!(line(&r, members[2]).class, 4, "six months and a day");
        let (r, ind) = portfolio::at(&db, &upk, lkm, "2025-03-10").await.expect("portfolio");
        assert_eq!(line(&r, members[2]).class, 2);
        assert!(r.lines.iter().all(|l| l.member_id != members[0]), "member 1 is current");
        assert!(ind.iter().any(|i| i.code == "PAR" && i.value_bp.is_some()));

        // Month-end close of January .. March 2025; the reserve follows the classes.
        let no_progress = |_: i64, _: i64| {};
        let jan = close::close_month(&db, &upk, lkm, "2025-01", &no_progress).await.expect("close jan");
        assert!(!jan.already);
        assert_eq!(jan.summary.reserve_required, 1_500_000 * 50 / 10_000);
        let again = close::close_month(&db, &upk, lkm, "2025-01", &no_progress).await.expect("again");
        assert!(again.already, "closing twice changes nothing");
        let entries = count(&db, &format!("SELECT COUNT(*) FROM journal_entries WHERE institution_id = {lkm}")).await;
        close::close_month(&db, &upk, lkm, "2025-01", &no_progress).await.expect("again");
        assert_eq!(count(&db, &format!("SELECT COUNT(*) FROM journal_entries WHERE institution_id = {lkm}")).await, entries);
        assert!(!fields(close::close_month(&db, &upk, lkm, "2025-03", &no_progress).await).is_empty(), "months close in order");
        close::close_month(&db, &upk, lkm, "2025-02", &no_progress).await.expect("close feb");

        // A closed month is locked, for payments, manual entries and sheets alike.
        let errs = fields(repayments::pay(&db, &upk, lkm, loan, &pay(members[2], "2025-02-20", "57.500")).await);
        assert!(errs.iter().any(|e| e.starts_with("paid_on") && e.contains("terkunci")), "{errs:?}");
        let errs = fields(journal::manual(&db, &upk, lkm, &entry("2025-02-28", "ATK", &[("51030", "25.000", ""), ("11010", "", "25.000")])).await);
        assert!(errs.iter().any(|e| e.starts_with("posted_on")), "{errs:?}");

        // The sheet's instalment column repays the member's running loan.
        let sheet = sheets::SheetInput {
            held_on: "2025-03-14".into(),
            agenda_planned: "1".into(),
            agenda_done: "1".into(),
            lines: members
                .iter()
                .map(|m| sheets::LineInput {
                    member_id: *m,
                    attendance: "hadir".into(),
                    instalment: if *m == members[2] { "115.000".into() } else { String::new() },
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        let mut bad_sheet = sheet.clone();
        bad_sheet.lines[4].instalment = "10.000".into();
        let errs = fields(sheets::record(&db, &upk, lkm, k, &bad_sheet).await);
        assert!(errs.iter().any(|e| e.starts_with(&format!("line-{}-instalment", members[4]))), "{errs:?}");
        let meeting = sheets::record(&db, &upk, lkm, k, &sheet).await.expect("sheet");
        let from_sheet = count(&db, &format!("SELECT COUNT(*) FROM loan_payments WHERE institution_id = {lkm} AND meeting_id = {meeting}")).await;
        assert_eq!(from_sheet, 1);

        // A correction of the sheet reverses the payment and pays the corrected amount.
        let mut fix = sheet.clone();
        fix.reason = "Salah tulis angsuran".into();
        fix.lines.iter_mut().find(|l| l.member_id == members[2]).expect("line").instalment = "57.500".into();
        sheets::amend(&db, &upk, lkm, k, meeting, &fix).await.expect("amend");
        let paid = count(&db, &format!("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM loan_payments WHERE institution_id = {lkm} AND member_id = {}", members[2])).await;
        assert_eq!(paid, 57_500);

        // Reversal: once, never of a reversal, and every balance comes back.
        let before = reports::trial_balance(&db, &upk, lkm, "2025-01-01", "2025-12-31").await.expect("tb");
        let rev = repayments::PaymentReversalInput { reversed_on: "2025-03-20".into(), reason: "Salah anggota".into() };
        let p3 = repayments::pay(&db, &upk, lkm, loan, &pay(members[0], "2025-03-15", "57.500")).await.expect("pay 3");
        let r3 = repayments::reverse(&db, &upk, lkm, p3, &rev).await.expect("reverse");
        assert!(matches!(repayments::reverse(&db, &upk, lkm, p3, &rev).await, Err(AppError::Conflict { .. })));
        assert!(matches!(repayments::reverse(&db, &upk, lkm, r3, &rev).await, Err(AppError::Conflict { .. })));
        let after = reports::trial_balance(&db, &upk, lkm, "2025-01-01", "2025-12-31").await.expect("tb");
        let closing = |t: &reports::TrialBalance| t.rows.iter().map(|r| (r.code.clone(), r.closing)).collect::<Vec<_>>();
        assert_eq!(closing(&before), closing(&after), "a payment and its reversal leave every balance as it was");

        // The statements agree with each other, and with the lines under the closed months.
        books_balance(&db, lkm).await;
        reports_agree_with_the_lines(&db, &upk, lkm).await;
        let kept = count(&db, &format!("SELECT COUNT(*) FROM closed_month_totals WHERE institution_id = {lkm} AND month = '2025-02'")).await;
        assert!(kept > 0, "February keeps its totals");
        let changed = sqlx::query(&format!("UPDATE closed_month_totals SET debit = debit + 1 WHERE institution_id = {lkm}"))
            .execute(&db.pool)
            .await;
        assert!(changed.is_err(), "a closed month's totals never change");
        ledger_agrees(&db, &upk, lkm).await;
        let bs = reports::balance_sheet(&db, &upk, lkm, "2025-03-31").await.expect("neraca");
        assert!(bs.balanced, "{bs:?}");
        let cf = reports::cash_flow(&db, &upk, lkm, "2025-01-01", "2025-03-31").await.expect("arus kas");
        assert!(cf.agrees, "{cf:?}");
        assert_eq!(cf.lending.total, -1_500_000 + 50_000 + 12_500 + 50_000, "loans out, principal back");
        assert_eq!(cf.operating.total, 22_500, "interest received");
        let is = reports::income_statement(&db, &upk, lkm, "2025-01-01", "2025-03-31").await.expect("laba rugi");
        assert_eq!(is.income.total, 7_500 * 3);

        // Read-only roles read; the treasurer of another unit does not reach the books.
        let auditor = ctx_of(&db, "auditor").await;
        assert!(reports::trial_balance(&db, &auditor, lkm, "2025-01-01", "2025-12-31").await.is_ok());
        assert!(matches!(journal::manual(&db, &auditor, lkm, &open).await, Err(AppError::Forbidden)));
        let kkm_treasurer = ctx_of(&db, "bendahara").await;
        assert!(matches!(reports::trial_balance(&db, &kkm_treasurer, lkm, "2025-01-01", "2025-12-31").await, Err(AppError::NotFound)));
    })
    .await;
}

/// The close's one-pass SQL sums agree with the domain's `arrears` on every member share of the
/// demo portfolio, at several dates (including month ends and a day after a due date).
#[tokio::test]
async fn the_portfolio_pass_agrees_with_the_domain_rules() {
    use swadaya_domain::fund::arrears::{arrears, DEFAULT_COLLECTIBILITY};
    each_backend(|db| async move {
        swadaya::demo::load(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let ctx = system_ctx();
        let today = chrono::Local::now().date_naive();
        for back in [0i64, 1, 31, 95, 200, 400] {
            let on = today - chrono::Duration::days(back);
            let on_s = on.to_string();
            let (report, _) = portfolio::at(&db, &ctx, lkm, &on_s).await.expect("scan");
            let (mut outstanding, mut overdue, mut shares) = (0, 0, 0);
            for loan in store::fund::list_loans(&db, lkm, None).await.expect("loans") {
                if loan.status != store::fund::Status::Disbursed || loan.disbursed_on.as_deref().is_none_or(|d| d > on_s.as_str())
                {
                    continue;
                }
                let dues = store::fund::dues_of(&db.pool, lkm, loan.id, &on_s).await.expect("dues");
                let mut members: Vec<i64> = dues.iter().map(|d| d.member_id).collect();
                members.dedup();
                for m in members {
                    let items: Vec<_> = dues.iter().filter(|d| d.member_id == m).map(|d| d.due).collect();
                    let a = arrears(&items, on, loan.terms.frequency, &DEFAULT_COLLECTIBILITY);
                    shares += 1;
                    outstanding += a.outstanding_principal;
                    overdue += a.overdue_amount;
                    let line = report.lines.iter().find(|l| l.loan_id == loan.id && l.member_id == m);
                    match line {
                        Some(l) => assert_eq!(
                            (l.class, l.days_late, l.overdue_instalments, l.overdue_amount),
                            (a.class, a.days_late, a.overdue_instalments, a.overdue_amount),
                            "loan {} member {m} on {on_s}",
                            loan.agreement_no
                        ),
                        None => {
                            assert_eq!(a.overdue_instalments, 0, "loan {} member {m} on {on_s} is in arrears", loan.agreement_no)
                        }
                    }
                }
            }
            assert_eq!((report.shares, report.outstanding, report.overdue_amount), (shares, outstanding, overdue), "on {on_s}");
        }
    })
    .await;
}

#[tokio::test]
async fn collection_work_draws_down_joint_liability_savings_and_writes_off_by_decision() {
    use swadaya_core::app::fund::collection;
    use swadaya_core::app::ksm::savings;
    each_backend(|db| async move {
        let (lkm, k, members) = test_group(&db).await;
        let upk = ctx_of(&db, "upk").await;
        let board = ctx_of(&db, "lkm.board").await;
        let mut open = entry("2025-01-02", "Saldo awal", &[("11021", "10.000.000", ""), ("31020", "", "10.000.000")]);
        open.opening = true;
        journal::manual(&db, &upk, lkm, &open).await.expect("opening");
        let product = products::create(&db, &upk, lkm, &products::defaults(swadaya_domain::Lang::Id)).await.expect("product");
        let make = |no: &str, poa: bool, who: &[i64]| loans::LoanInput {
            ksm_id: k,
            product_id: product,
            agreement_no: no.into(),
            applied_on: "2025-01-06".into(),
            power_of_attorney: poa,
            override_reason: "Kelompok lama".into(),
            shares: who.iter().map(|m| loans::ShareInput { member_id: *m, amount: "500.000".into() }).collect(),
            ..Default::default()
        };
        let approve = loans::DecisionInput { decision: "approve".into(), decided_on: "2025-01-10".into(), note: "Rapat LKM".into() };
        let disb = loans::DisbursementInput { disbursed_on: "2025-01-15".into(), account: "11021".into(), ..Default::default() };
        let loan = loans::apply(&db, &upk, lkm, &make("010/UPK", true, &members[..3])).await.expect("apply");
        loans::decide(&db, &board, lkm, loan, &approve).await.expect("approve");
        loans::disburse(&db, &upk, lkm, loan, &disb).await.expect("disburse");
        let no_poa = loans::apply(&db, &upk, lkm, &make("011/UPK", false, &members[3..])).await.expect("apply");
        loans::decide(&db, &board, lkm, no_poa, &approve).await.expect("approve");
        loans::disburse(&db, &upk, lkm, no_poa, &disb).await.expect("disburse");

        // Joint-liability savings of Rp 40.000 each: Rp 200.000 for the group.
        let sheet = sheets::SheetInput {
            held_on: "2025-01-20".into(),
            agenda_planned: "1".into(),
            agenda_done: "1".into(),
            lines: members.iter().map(|m| sheets::LineInput { member_id: *m, attendance: "hadir".into(), tanggung_renteng: "40.000".into(), ..Default::default() }).collect(),
            ..Default::default()
        };
        sheets::record(&db, &upk, lkm, k, &sheet).await.expect("sheet");
        // Held while the loan runs.
        let w = savings::WithdrawalInput { member_id: members[4], kind: "tanggung_renteng".into(), amount: "10.000".into(), on_date: "2025-02-01".into(), ..Default::default() };
        assert!(fields(savings::withdraw(&db, &upk, lkm, k, &w).await).iter().any(|e| e.starts_with("kind") && e.contains("ditahan")));

        // Member 2 never pays. On 20 May 2025 four instalments are overdue: Rp 230.000.
        let dd = |amount: &str| collection::DrawdownInput { member_id: members[1], amount: amount.into(), on_date: "2025-05-20".into(), ..Default::default() };
        let errs = fields(collection::drawdown(&db, &upk, lkm, loan, &dd("300.000")).await);
        assert!(errs.iter().any(|e| e.contains("Rp 230.000")), "{errs:?}");
        let errs = fields(collection::drawdown(&db, &upk, lkm, loan, &dd("230.000")).await);
        assert!(errs.iter().any(|e| e.contains("hanya Rp 200.000")), "more than the group holds: {errs:?}");
        let once = collection::DrawdownInput { idem_key: Some("dd-1".into()), ..dd("120.000") };
        let pay = collection::drawdown(&db, &upk, lkm, loan, &once).await.expect("drawdown");
        assert_eq!(collection::drawdown(&db, &upk, lkm, loan, &once).await.expect("resent"), pay, "a resend finds the first drawdown");
        let p = store::fund::get_payment(&db.pool, lkm, pay).await.expect("q").expect("payment");
        assert_eq!((p.source.as_str(), p.interest, p.principal), ("drawdown", 30_000, 90_000), "four interests first, then principal");
        let b = savings::balances(&db, lkm, k).await.expect("balances");
        let tr = |m: i64| b.of(m, swadaya_domain::ksm::SavingsKind::JointLiability).0;
        assert_eq!(tr(members[1]), 0, "the borrower's own savings go first");
        assert_eq!(members.iter().map(|m| tr(*m)).sum::<i64>(), 200_000 - 120_000, "then the others', exactly the amount drawn");
        let other = collection::DrawdownInput { member_id: members[3], amount: "10.000".into(), on_date: "2025-05-20".into(), ..Default::default() };
        assert!(matches!(collection::drawdown(&db, &upk, lkm, no_poa, &other).await, Err(AppError::Conflict { .. })), "no power of attorney");

        // Write-off only by the board, only with its decision.
        let wo = |decision: &str| collection::WriteOffInput { member_id: members[1], decided_on: "2025-06-30".into(), decision: decision.into() };
        assert!(matches!(collection::write_off(&db, &upk, lkm, loan, &wo("BA 3/2025")).await, Err(AppError::Forbidden)));
        assert!(fields(collection::write_off(&db, &board, lkm, loan, &wo("")).await).iter().any(|e| e.starts_with("decision")));
        collection::write_off(&db, &board, lkm, loan, &wo("Rapat pengurus 30/06/2025, BA 3/2025")).await.expect("write off");
        let (r, _) = portfolio::at(&db, &upk, lkm, "2025-07-31").await.expect("portfolio");
        assert!(r.lines.iter().all(|l| l.member_id != members[1]), "a written-off share leaves the arrears list");
        books_balance(&db, lkm).await;
        ledger_agrees(&db, &upk, lkm).await;
        let reserve = count(&db, &format!("SELECT CAST(COALESCE(SUM(debit), 0) AS BIGINT) FROM journal_lines WHERE institution_id = {lkm} AND account = '12010'")).await;
        assert_eq!(reserve, 500_000 - 90_000, "the principal left is written off against the reserve");

        // Plans may lie ahead; visits and promises may not contradict their dates.
        let act = |kind: &str, on: &str, promise: &str| collection::ActionInput {
            member_id: Some(members[0]),
            kind: kind.into(),
            on_date: on.into(),
            officer: "Petugas UPK".into(),
            village_official: "Kasi Kesra Desa Bibrik".into(),
            promise_on: promise.into(),
            ..Default::default()
        };
        let future = (chrono::Local::now().date_naive() + chrono::Duration::days(7)).to_string();
        collection::add_action(&db, &upk, lkm, loan, &act("plan", &future, "")).await.expect("plan");
        assert!(fields(collection::add_action(&db, &upk, lkm, loan, &act("visit", &future, "")).await).iter().any(|e| e.starts_with("on_date")));
        assert!(fields(collection::add_action(&db, &upk, lkm, loan, &act("visit", "2025-06-10", "2025-06-01")).await).iter().any(|e| e.starts_with("promise_on")));
        collection::add_action(&db, &upk, lkm, loan, &act("visit", "2025-06-10", "2025-06-25")).await.expect("visit");
        assert_eq!(collection::plan(&db, &upk, lkm, "2025-01-01").await.expect("plan").len(), 2);
    })
    .await;
}

#[tokio::test]
async fn opening_balances_import_from_the_excel_books_once_and_row_by_row() {
    use swadaya_core::app::books::opening;
    each_backend(|db| async move {
        let (lkm, _, _) = test_group(&db).await;
        let upk = ctx_of(&db, "upk").await;
        let problems =
            "akun;nama;debit;kredit\n11010;Kas;1.000.000;\n99999;Tidak ada;5.000;\n11021;Bank;2.000;3.000\n31020;Modal;;abc\n";
        let errs = fields(opening::import(&db, &upk, lkm, "2025-01-01", "buku.csv", problems.as_bytes()).await);
        assert!(errs.iter().any(|e| e.contains("Baris 3") && e.contains("99999")), "{errs:?}");
        assert!(errs.iter().any(|e| e.contains("Baris 4")), "{errs:?}");
        assert!(errs.iter().any(|e| e.contains("Baris 5") && e.contains("abc")), "{errs:?}");
        let unbalanced = "akun,debit,kredit\n11010,1000000,\n31020,,900000\n";
        let errs = fields(opening::import(&db, &upk, lkm, "2025-01-01", "buku.csv", unbalanced.as_bytes()).await);
        assert!(errs.iter().any(|e| e.starts_with("lines") && e.contains("Rp 100.000")), "{errs:?}");
        assert_eq!(
            count(&db, &format!("SELECT COUNT(*) FROM journal_entries WHERE institution_id = {lkm}")).await,
            0,
            "nothing saved"
        );
        // The template filled in, as Excel would save it (amounts as numbers).
        let mut t = opening::template();
        for r in t.rows.iter_mut() {
            match r[0].as_str() {
                "11010" => r[2] = "2500000".into(),
                "11021" => r[2] = "75000000".into(),
                "31010" => r[3] = "25000000".into(),
                "31020" => r[3] = "52500000".into(),
                _ => {}
            }
        }
        let xlsx = swadaya_core::reports::xlsx(&t).expect("xlsx");
        let id = opening::import(&db, &upk, lkm, "2025-01-01", "neraca-awal.xlsx", &xlsx).await.expect("import");
        let lines = store::books::lines_of(&db.pool, lkm, id).await.expect("lines");
        assert_eq!(lines.len(), 4);
        assert_eq!(lines.iter().map(|l| l.debit).sum::<i64>(), 77_500_000);
        assert!(!fields(opening::import(&db, &upk, lkm, "2025-01-01", "neraca-awal.xlsx", &xlsx).await).is_empty(), "once only");
    })
    .await;
}

#[tokio::test]
async fn a_years_profit_is_allocated_once_by_the_board() {
    use swadaya_core::app::books::allocation;
    each_backend(|db| async move {
        let (lkm, _, _) = test_group(&db).await;
        let upk = ctx_of(&db, "upk").await;
        let board = ctx_of(&db, "lkm.board").await;
        let mut open = entry("2024-12-01", "Saldo awal", &[("11010", "5.000.000", ""), ("31020", "", "5.000.000")]);
        open.opening = true;
        journal::manual(&db, &upk, lkm, &open).await.expect("opening");
        journal::manual(
            &db,
            &upk,
            lkm,
            &entry("2024-12-15", "Jasa giro", &[("11010", "1.000.000", ""), ("41020", "", "1.000.000")]),
        )
        .await
        .expect("income");
        journal::manual(&db, &upk, lkm, &entry("2024-12-20", "ATK", &[("51030", "200.000", ""), ("11010", "", "200.000")]))
            .await
            .expect("cost");
        let input = |a: &str, b: &str, decision: &str| allocation::AllocationInput {
            year: 2024,
            decided_on: "2025-02-01".into(),
            decision: decision.into(),
            lines: vec![
                allocation::AllocationLine { account: "32010".into(), amount: a.into() },
                allocation::AllocationLine { account: "21010".into(), amount: b.into() },
            ],
        };
        assert!(matches!(
            allocation::allocate(&db, &upk, lkm, &input("500.000", "300.000", "RAT 2025")).await,
            Err(AppError::Forbidden)
        ));
        assert!(fields(allocation::allocate(&db, &board, lkm, &input("500.000", "300.000", "")).await)
            .iter()
            .any(|e| e.starts_with("decision")));
        let errs = fields(allocation::allocate(&db, &board, lkm, &input("500.000", "400.000", "RAT 2025")).await);
        assert!(errs.iter().any(|e| e.contains("Rp 800.000")), "{errs:?}");
        allocation::allocate(&db, &board, lkm, &input("500.000", "300.000", "Rapat tahunan 1 Februari 2025"))
            .await
            .expect("allocate");
        assert!(
            !fields(allocation::allocate(&db, &board, lkm, &input("1", "", "lagi")).await).is_empty(),
            "nothing left to allocate"
        );
        let bs = reports::balance_sheet(&db, &upk, lkm, "2025-03-31").await.expect("neraca");
        assert!(bs.balanced, "{bs:?}");
        assert_eq!(bs.result_earlier, 0, "the 2024 profit is fully allocated");
        assert!(bs.equity.lines.iter().any(|(c, _, v)| c == "32010" && *v == 500_000));
        assert!(bs.liabilities.lines.iter().any(|(c, _, v)| c == "21010" && *v == 300_000));
        let r = allocation::year_result(&db, lkm, 2024).await.expect("year");
        assert_eq!((r.net, r.allocated), (800_000, 800_000));
        books_balance(&db, lkm).await;
    })
    .await;
}

/// A product's method, rhythm or term this binary does not know is an error naming the column,
/// never read as another: an unknown rhythm read as monthly would move every due date.
#[tokio::test]
async fn an_unknown_loan_rhythm_is_an_error_never_read_as_monthly() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let ctx = system_ctx();
        let id = products::create(&db, &ctx, lkm, &products::defaults(swadaya_domain::Lang::Id)).await.expect("product");
        assert!(products::list(&db, &ctx, lkm).await.expect("known codes").iter().any(|p| p.id == id));
        for (set, column) in [("frequency = 'fortnightly'", "frequency"), ("method = 'balloon'", "method"), ("term = 0", "term")]
        {
            let saved = sqlx::query("SELECT frequency, method, term FROM loan_products WHERE institution_id = $1 AND id = $2")
                .bind(lkm)
                .bind(id)
                .fetch_one(&db.pool)
                .await
                .expect("row");
            sqlx::query(&format!("UPDATE loan_products SET {set} WHERE institution_id = $1 AND id = $2"))
                .bind(lkm)
                .bind(id)
                .execute(&db.pool)
                .await
                .expect("a newer binary's value");
            let e = format!("{:?}", products::list(&db, &ctx, lkm).await.expect_err("refused"));
            assert!(e.contains(column), "{set}: {e}");
            use sqlx::Row;
            let (f, m, t): (String, String, i64) = (saved.get(0), saved.get(1), saved.get(2));
            sqlx::query("UPDATE loan_products SET frequency = $3, method = $4, term = $5 WHERE institution_id = $1 AND id = $2")
                .bind(lkm)
                .bind(id)
                .bind(f)
                .bind(m)
                .bind(t)
                .execute(&db.pool)
                .await
                .expect("put back");
        }
    })
    .await;
}
