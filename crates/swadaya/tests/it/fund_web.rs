//! The books and the loan fund through HTTP with the full demo (eighteen months, every class):
//! who reaches which page, exports in every format, forms that refuse bad input without a 500,
//! the close button, and the hledger export agreeing with our trial balance.

use crate::common::*;
use swadaya_core::store::Db;

async fn full_demo(db: &Db) -> (String, i64) {
    swadaya::demo::load(db, 0).await.expect("demo");
    (spawn_app(db.clone()).await, institution_id(db, "LKM Makmur Sentosa").await)
}

fn book_pages(id: i64) -> Vec<String> {
    [
        "/books",
        "/books/journal",
        "/books/accounts",
        "/books/trial-balance",
        "/books/balance-sheet",
        "/books/income",
        "/books/cash-flow",
        "/books/ledger/11030",
        "/books/close",
        "/loans",
        "/loans/products",
        "/loans/1",
        "/arrears",
        "/indicators",
        "/collection",
        "/loans/1/statement",
        "/books/allocation",
        "/loans/new",
        "/books/journal/new",
        "/books/opening",
    ]
    .iter()
    .map(|p| format!("/i/{id}{p}"))
    .collect()
}

/// Readers see the books; writers also the three forms at the end; others nothing.
const MATRIX: &[(&str, u16, u16)] = &[
    ("admin", 200, 200),
    ("lkm.admin", 200, 200),
    ("upk", 200, 200),
    ("lkm.board", 200, 403),
    ("auditor", 200, 403),
    ("fasilitator", 200, 403),
    ("ksm", 403, 403),
    ("pengaduan", 404, 404),
];

#[tokio::test]
async fn the_books_reach_who_they_should_and_every_export_opens() {
    each_backend(|db| async move {
        let (base, lkm) = full_demo(&db).await;
        for (user, read, write) in MATRIX {
            let (c, _) = login(&base, user).await;
            let pages = book_pages(lkm);
            for (i, url) in pages.iter().enumerate() {
                let want = if i >= pages.len() - 3 { *write } else { *read };
                let got = c.get(format!("{base}{url}")).send().await.expect("get").status().as_u16();
                assert_eq!(got, want, "{user} GET {url}");
            }
        }
        let (c, _) = login(&base, "auditor").await;
        for (page, needle) in
            [("trial-balance", "11030"), ("balance-sheet", "Pinjaman KSM"), ("income", "Jasa pinjaman"), ("cash-flow", "Kas")]
        {
            let url = format!("{base}/i/{lkm}/books/{page}?from=2025-01-01&to=2026-12-31&on=2026-10-31");
            let csv = c.get(format!("{url}&format=csv")).send().await.expect("csv").text().await.expect("body");
            assert!(csv.contains(needle), "{page} csv: {csv}");
            let xlsx = c.get(format!("{url}&format=xlsx")).send().await.expect("xlsx").bytes().await.expect("body");
            assert!(xlsx.starts_with(b"PK"), "{page} xlsx is a zip");
            let pdf = c.get(format!("{url}&format=pdf")).send().await.expect("pdf").bytes().await.expect("body");
            if let Some(text) = crate::http::pdf_text(&pdf) {
                assert!(text.contains(needle), "{page} pdf: {text}");
            }
        }
        // The arrears list names members for officers, with every class of the demo.
        let arrears = c.get(format!("{base}/i/{lkm}/arrears")).send().await.expect("get").text().await.expect("body");
        for class in ["Dalam Perhatian Khusus", "Kurang Lancar", "Diragukan", "Macet"] {
            assert!(arrears.contains(class), "the demo shows class {class}");
        }
        let pdf = c.get(format!("{base}/i/{lkm}/loans/1/agreement.pdf")).send().await.expect("get").bytes().await.expect("body");
        if let Some(text) = crate::http::pdf_text(&pdf) {
            assert!(text.contains("001/UPK-MS") && text.contains("tanggung renteng"), "{text}");
        }
    })
    .await;
}

#[tokio::test]
async fn bad_input_on_the_money_forms_is_refused_clearly_and_never_crashes() {
    each_backend(|db| async move {
        let (base, lkm) = full_demo(&db).await;
        let (c, csrf) = login(&base, "upk").await;
        let entries = count(&db, "SELECT COUNT(*) FROM journal_entries").await;
        // An unbalanced entry keeps what was typed and names the difference.
        let form = [
            ("_csrf", csrf.as_str()),
            ("posted_on", "2026-11-20"),
            ("memo", "Beli ATK"),
            ("line-0-account", "51030"),
            ("line-0-debit", "25.000"),
            ("line-1-account", "11010"),
            ("line-1-credit", "20.000"),
        ];
        let r = c.post(format!("{base}/i/{lkm}/books/journal")).form(&form).send().await.expect("post");
        assert_eq!(r.status(), 422);
        let html = r.text().await.expect("body");
        assert!(html.contains("Rp 5.000") && html.contains("value=\"25.000\""), "{html}");
        // A date in a closed month is locked.
        let mut locked = form;
        locked[1] = ("posted_on", "2025-06-10");
        locked[6] = ("line-1-credit", "25.000");
        let html =
            c.post(format!("{base}/i/{lkm}/books/journal")).form(&locked).send().await.expect("post").text().await.expect("body");
        assert!(html.contains("terkunci"), "{html}");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM journal_entries").await, entries, "nothing was posted");
        // Hostile values on every money form: 4xx with a message, never a 500.
        let junk = ["", "-1", "0", "1e9", "9999999999999999999999", "<script>", "12,5", "\u{0}", "2025-02-30"];
        for path in [
            "/books/journal",
            "/loans",
            "/loans/1/pay",
            "/loans/1/decide",
            "/loans/1/disburse",
            "/loans/1/cause",
            "/books/close",
            "/books/accounts",
            "/loans/products",
        ] {
            for j in junk {
                let form = [
                    ("_csrf", csrf.as_str()),
                    ("posted_on", j),
                    ("paid_on", j),
                    ("amount", j),
                    ("member_id", j),
                    ("ksm_id", j),
                    ("product_id", j),
                    ("month", j),
                    ("code", j),
                    ("rate", j),
                    ("line-0-account", j),
                    ("line-0-debit", j),
                    ("share-1", j),
                    ("kind", j),
                    ("on_date", j),
                    ("drawdown_amount", j),
                    ("drawdown_on", j),
                    ("drawdown_member_id", j),
                    ("writeoff_on", j),
                    ("decision", j),
                ];
                let r = c.post(format!("{base}/i/{lkm}{path}")).form(&form).send().await.expect("post");
                let s = r.status().as_u16();
                assert!(s < 500, "POST {path} with {j:?} gave {s}");
            }
        }
        // Closing the current month is refused (it has not ended); the page says why.
        let month = chrono::Local::now().date_naive().format("%Y-%m").to_string();
        let r = c
            .post(format!("{base}/i/{lkm}/books/close"))
            .form(&[("_csrf", csrf.as_str()), ("month", month.as_str())])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 303);
        let mut page = String::new();
        for _ in 0..50 {
            page = c.get(format!("{base}/i/{lkm}/books/close")).send().await.expect("get").text().await.expect("body");
            if !page.contains("<progress") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(page.contains("belum berakhir"), "{page}");
    })
    .await;
}

/// `hledger bal` on our export shows exactly our trial balance (when hledger is installed; CI
/// installs it).
#[tokio::test]
async fn the_hledger_export_balances_exactly_like_our_trial_balance() {
    let t = TestDb::sqlite().await;
    swadaya::demo::load(&t.db, 0).await.expect("demo");
    let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
    hledger_agrees(&t.db, lkm).await;
    t.cleanup().await;
}

/// Through the API: a repayment retried with its Idempotency-Key is recorded once, the arrears
/// endpoint names the classes, and a journal entry that does not balance is problem+json on `lines`.
#[tokio::test]
async fn the_fund_api_records_a_retried_payment_once() {
    each_backend(|db| async move {
        let (base, lkm) = full_demo(&db).await;
        let token = swadaya_core::app::auth::create_token(&db, "upk", "test").await.expect("token");
        let c = client();
        // A running loan with something owed: the demo's last (weekly) loan.
        let loan: i64 = count(&db, &format!("SELECT MAX(id) FROM loans WHERE institution_id = {lkm}")).await;
        let detail: serde_json::Value =
            c.get(format!("{base}/api/v1/institutions/{lkm}/loans/{loan}")).bearer_auth(&token).send().await.expect("get").json().await.expect("json");
        let member = detail["shares"][0]["member_id"].as_i64().expect("member");
        let before = count(&db, "SELECT COUNT(*) FROM loan_payments").await;
        let today = chrono::Local::now().date_naive().to_string();
        let body = serde_json::json!({"member_id": member, "paid_on": today, "amount": "10.000"});
        for _ in 0..2 {
            let r = c
                .post(format!("{base}/api/v1/institutions/{lkm}/loans/{loan}/payments"))
                .bearer_auth(&token)
                .header("idempotency-key", "pay-ksm-tani-makmur-1")
                .json(&body)
                .send()
                .await
                .expect("post");
            assert_eq!(r.status(), 201);
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM loan_payments").await, before + 1, "recorded once");
        let arrears: serde_json::Value =
            c.get(format!("{base}/api/v1/institutions/{lkm}/arrears")).bearer_auth(&token).send().await.expect("get").json().await.expect("json");
        let classes: Vec<i64> = arrears["lines"].as_array().expect("lines").iter().filter_map(|l| l["class"].as_i64()).collect();
        assert!(classes.contains(&5) && classes.contains(&2), "{classes:?}");
        assert_eq!(arrears["indicators"].as_array().map(|a| a.len()), Some(5));
        let r = c
            .post(format!("{base}/api/v1/institutions/{lkm}/journal"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"posted_on": today, "memo": "ATK", "lines": [{"account": "51030", "debit": "25.000"}, {"account": "11010", "credit": "20.000"}]}))
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 422);
        let p: serde_json::Value = r.json().await.expect("json");
        assert_eq!(p["errors"][0]["field"], "lines");
    })
    .await;
}
