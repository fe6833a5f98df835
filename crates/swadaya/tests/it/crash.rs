//! Crash safety: clients write collection sheets, journal entries, complaints, loan disbursements
//! and instalment payments through the API, each with an Idempotency-Key, while `swadaya serve` is
//! killed with SIGKILL at random moments and started again. Clients resend whatever was not
//! acknowledged. Afterwards every write is present exactly once (with the id its acknowledgement
//! named), the journal balances, the loan ledger agrees with the journal, and the audit chain
//! verifies. Both databases; loopback only; stops by itself.
//!
//! Short form in `cargo test`; the longer run is the same test with more of everything:
//! `SWADAYA_CRASH_KILLS=100 SWADAYA_CRASH_CLIENTS=8 cargo test --test it crash::writes -- --nocapture`
//! (clients write without pause until the last kill; `SWADAYA_CRASH_OPS` is each one's minimum).

use crate::common::*;
use rand::Rng;
use serde_json::{json, Value};
use sha2::Digest;

use std::sync::{Arc, Mutex};
use std::time::Duration;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[derive(Clone, Debug)]
struct Op {
    key: String,
    url: String,
    body: Value,
    /// What identifies the write in the database, to count it afterwards.
    what: What,
}

#[derive(Clone, Debug)]
enum What {
    Sheet(String),
    Entry(String),
    Complaint(String),
    /// The loan paid out.
    Disbursement(i64),
    /// The command's own key of an instalment payment (as the API makes it from the header).
    Payment(String),
}

struct Tally {
    resends: usize,
}

/// Sends one op until the server acknowledges it; transport errors and 5xx are "not
/// acknowledged" and are sent again, anything else is a defect.
async fn until_acknowledged(c: &reqwest::Client, token: &str, op: &Op, tally: &Mutex<Tally>) -> i64 {
    for attempt in 0.. {
        if attempt > 0 {
            tally.lock().expect("tally").resends += 1;
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
        let sent = c
            .post(&op.url)
            .bearer_auth(token)
            .header("idempotency-key", &op.key)
            .json(&op.body)
            .timeout(Duration::from_secs(20))
            .send()
            .await;
        let Ok(r) = sent else { continue };
        let status = r.status();
        let Ok(body) = r.text().await else { continue };
        if status.is_server_error() {
            continue;
        }
        assert!(status.is_success(), "{op:?} answered {status}: {body}");
        let v: Value = serde_json::from_str(&body).expect("json");
        return v["id"].as_i64().unwrap_or_else(|| panic!("no id in {body}"));
    }
    unreachable!()
}

async fn run(t: &TestDb, kills: usize, clients: usize, min_ops: usize) {
    swadaya::demo::load_base(&t.db, 0).await.expect("demo");
    let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
    let (k, members) = group_for_the_run(&t.db, lkm).await;
    let token = swadaya_core::app::auth::create_token(&t.db, "lkm.admin", "crash test").await.expect("token");
    let (paying, pool) = loans_for_the_run(&t.db, lkm, k, &members).await;
    let admin_id = swadaya_core::store::auth::user_by_name(&t.db, "lkm.admin").await.expect("user").expect("exists").id;

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let api = format!("{base}/api/v1/institutions/{lkm}");
    let start_day = chrono::NaiveDate::from_ymd_opt(2002, 1, 1).expect("day");
    let make = move |i: usize| -> Op {
        let key = format!("crash-{i}");
        // One op in eight pays a loan out while the loans approved for the run last (then it takes
        // an instalment instead); one in eight takes an instalment on the loan paid out before the
        // run.
        let loan = pool.get(i / 8).filter(|_| i % 8 == 3);
        if let Some(l) = loan {
            let body = json!({"disbursed_on": "2026-11-02", "account": "11010"});
            return Op { key, url: format!("{api}/loans/{l}/disbursement"), body, what: What::Disbursement(*l) };
        }
        if i % 8 == 3 || i % 8 == 4 {
            let member = members[i % members.len()];
            let body = json!({"member_id": member, "paid_on": "2026-11-02", "amount": "1.000"});
            let own = format!("api-{admin_id}-{}", &hex::encode(sha2::Sha256::digest(key.as_bytes()))[..40]);
            return Op { key, url: format!("{api}/loans/{paying}/payments"), body, what: What::Payment(own) };
        }
        match i % 3 {
            0 => {
                let day = (start_day + chrono::Duration::days(i as i64)).to_string();
                let lines: Vec<Value> = members
                    .iter()
                    .map(|m| json!({"member_id": m, "attendance": "hadir", "wajib": "5.000", "sukarela": "1.000"}))
                    .collect();
                Op {
                    key,
                    url: format!("{api}/ksm/{k}/meetings"),
                    body: json!({"held_on": day, "lines": lines}),
                    what: What::Sheet(day),
                }
            }
            1 => {
                let memo = format!("Uji ketahanan {i}: setoran kas");
                let body = json!({"posted_on": "2026-11-02", "memo": memo, "lines": [
                    {"account": "11010", "debit": "10.000", "credit": ""}, {"account": "31020", "debit": "", "credit": "10.000"}]});
                Op { key, url: format!("{api}/journal"), body, what: What::Entry(memo) }
            }
            _ => {
                let content = format!("Uji ketahanan {i}: lampu jalan di gang {i} mati sejak minggu lalu.");
                let body = json!({"kind": "problem", "category": "other", "content": content, "channel": "letter", "received_on": "2026-11-02"});
                Op { key, url: format!("{api}/complaints"), body, what: What::Complaint(content) }
            }
        }
    };
    let make = Arc::new(make);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let done: Arc<Mutex<Vec<(Op, i64)>>> = Default::default();
    let tally = Arc::new(Mutex::new(Tally { resends: 0 }));

    let (mut server, _) = start(&t.url, port, false);
    wait_up(&base).await;
    // The clients write without pause until the last kill, so kills land in the middle of writes.
    let mut workers = Vec::new();
    for _ in 0..clients {
        let (make, next, stop, done, tally, token) =
            (make.clone(), next.clone(), stop.clone(), done.clone(), tally.clone(), token.clone());
        workers.push(tokio::spawn(async move {
            let c = client();
            let mut mine = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) || mine < min_ops {
                let op = make(next.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
                let id = until_acknowledged(&c, &token, &op, &tally).await;
                done.lock().expect("done").push((op, id));
                mine += 1;
            }
        }));
    }
    let mut killed = 0;
    while killed < kills {
        let wait = rand::thread_rng().gen_range(30..300);
        tokio::time::sleep(Duration::from_millis(wait)).await;
        server.0.kill().expect("SIGKILL");
        server.0.wait().expect("reaped");
        killed += 1;
        let (s, _) = start(&t.url, port, false);
        server = s;
        wait_up(&base).await;
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let finished = tokio::time::timeout(Duration::from_secs(300), async {
        for w in workers {
            w.await.expect("client");
        }
    })
    .await;
    assert!(finished.is_ok(), "the clients finished within five minutes of the last kill");

    // Every write once, with the id its acknowledgement named.
    let resends = tally.lock().expect("tally").resends;
    let done = done.lock().expect("done").clone();
    let ops: Vec<&Op> = done.iter().map(|(op, _)| op).collect();
    for (op, id) in &done {
        let (table, sql) = match &op.what {
            What::Sheet(day) => ("meetings", format!("FROM meetings WHERE ksm_id = {k} AND held_on = '{day}'")),
            What::Entry(memo) => {
                ("journal_entries", format!("FROM journal_entries WHERE institution_id = {lkm} AND memo = '{memo}'"))
            }
            What::Complaint(content) => ("complaints", format!("FROM complaints WHERE content = '{content}'")),
            What::Disbursement(l) => (
                "journal_entries",
                format!("FROM journal_entries WHERE institution_id = {lkm} AND source = 'disbursement' AND source_id = {l}"),
            ),
            What::Payment(own) => {
                ("loan_payments", format!("FROM loan_payments WHERE institution_id = {lkm} AND idem_key = '{own}'"))
            }
        };
        assert_eq!(count(&t.db, &format!("SELECT COUNT(*) {sql}")).await, 1, "{table}: {op:?}");
        assert_eq!(count(&t.db, &format!("SELECT MIN(id) {sql}")).await, *id, "the acknowledged id: {op:?}");
    }
    assert_eq!(unbalanced_entries(&t.db, None).await, 0, "every entry balances");
    loan_ledger_agrees_with_the_journal(&t.db, lkm).await;
    assert!(swadaya_core::store::audit::verify(&t.db).await.expect("verify").is_ok(), "the audit chain holds");
    let verify = std::process::Command::new(env!("CARGO_BIN_EXE_swadaya"))
        .env("DATABASE_URL", &t.url)
        .args(["audit", "verify"])
        .output()
        .expect("audit verify");
    assert!(verify.status.success(), "swadaya audit verify: {}", String::from_utf8_lossy(&verify.stderr));
    println!(
        "crash run on {:?}: {killed} kills survived, {} writes acknowledged and each found once ({} sheets, {} entries, {} complaints, {} disbursements, {} payments), {} resends, 0 lost",
        t.db.backend,
        ops.len(),
        ops.iter().filter(|o| matches!(o.what, What::Sheet(_))).count(),
        ops.iter().filter(|o| matches!(o.what, What::Entry(_))).count(),
        ops.iter().filter(|o| matches!(o.what, What::Complaint(_))).count(),
        ops.iter().filter(|o| matches!(o.what, What::Disbursement(_))).count(),
        ops.iter().filter(|o| matches!(o.what, What::Payment(_))).count(),
        resends
    );
    drop(server);
}

/// A group of its own, formed long ago, so every op can take a meeting date of its own.
async fn group_for_the_run(db: &swadaya_core::store::Db, lkm: i64) -> (i64, Vec<i64>) {
    let ctx = system_ctx();
    let k = swadaya_core::app::ksm::groups::create(
        db,
        &ctx,
        lkm,
        &swadaya_core::app::ksm::groups::KsmInput {
            name: "KSM Uji Ketahanan".into(),
            kind: "ekonomi".into(),
            formed_on: "2001-01-01".into(),
            rhythm: "mingguan".into(),
            routine_amount: "5.000".into(),
            ..Default::default()
        },
    )
    .await
    .expect("group");
    let mut members = Vec::new();
    for i in 0..5 {
        let p = swadaya_core::app::registers::people::create(
            db,
            &ctx,
            lkm,
            &swadaya_core::app::registers::people::PersonInput {
                name: format!("Anggota Uji {i}"),
                sex: "P".into(),
                ..Default::default()
            },
        )
        .await
        .expect("person");
        members.push(
            swadaya_core::app::ksm::groups::add_member(db, &ctx, lkm, k, p, "anggota", "2001-01-01").await.expect("member"),
        );
    }
    (k, members)
}

/// Money for the run, a loan paid out before it (for instalments), and loans approved but not yet
/// paid out, one per member and cycle (the product allows four cycles), for the disbursements.
async fn loans_for_the_run(db: &swadaya_core::store::Db, lkm: i64, k: i64, members: &[i64]) -> (i64, Vec<i64>) {
    use swadaya_core::app::books::journal;
    use swadaya_core::app::fund::{loans, products};
    let ctx = system_ctx();
    let capital = journal::EntryInput {
        posted_on: "2026-11-01".into(),
        memo: "Modal dana bergulir untuk uji ketahanan".into(),
        lines: vec![
            journal::LineInput { account: "11010".into(), debit: "1.000.000.000".into(), credit: String::new() },
            journal::LineInput { account: "31020".into(), debit: String::new(), credit: "1.000.000.000".into() },
        ],
        ..Default::default()
    };
    journal::manual(db, &ctx, lkm, &capital).await.expect("capital");
    let product = products::create(db, &ctx, lkm, &products::defaults(swadaya_domain::Lang::Id)).await.expect("product");
    let approve = loans::DecisionInput { decision: "approve".into(), decided_on: "2026-11-01".into(), note: "Rapat LKM".into() };
    let approved = |no: String, who: &[i64], amount: &str| {
        let input = loans::LoanInput {
            ksm_id: k,
            product_id: product,
            agreement_no: no,
            applied_on: "2026-11-01".into(),
            power_of_attorney: true,
            override_reason: "Uji ketahanan".into(),
            shares: who.iter().map(|m| loans::ShareInput { member_id: *m, amount: amount.into() }).collect(),
            ..Default::default()
        };
        let ctx = ctx.clone();
        let approve = &approve;
        async move {
            let l = loans::apply(db, &ctx, lkm, &input).await.expect("apply");
            loans::decide(db, &ctx, lkm, l, approve).await.expect("approve");
            l
        }
    };
    // Every member has a share of the loan that takes instalments (its first cycle), large enough
    // for some 3,000 payments of Rp 1.000 in the long run.
    let paying = approved("UJI/1".into(), members, "500.000").await;
    let mut made = vec![];
    for cycle in 2..=4 {
        for (n, m) in members.iter().enumerate() {
            made.push(approved(format!("UJI/{cycle}/{n}"), &[*m], "100.000").await);
        }
    }
    let out = loans::DisbursementInput { disbursed_on: "2026-11-01".into(), account: "11010".into(), ..Default::default() };
    loans::disburse(db, &ctx, lkm, paying, &out).await.expect("disburse");
    (paying, made)
}

/// What the loans say is owed is what the journal's loan account holds; every payment is
/// allocated in full.
async fn loan_ledger_agrees_with_the_journal(db: &swadaya_core::store::Db, lkm: i64) {
    let owed = count(
        db,
        &format!(
            "SELECT CAST(COALESCE(SUM(principal), 0) AS BIGINT) - (SELECT CAST(COALESCE(SUM(principal), 0) AS BIGINT) FROM payment_parts WHERE institution_id = {lkm}) FROM loans WHERE institution_id = {lkm} AND disbursed_on IS NOT NULL"
        ),
    )
    .await;
    let held = count(
        db,
        &format!("SELECT CAST(COALESCE(SUM(debit), 0) AS BIGINT) - CAST(COALESCE(SUM(credit), 0) AS BIGINT) FROM journal_lines WHERE institution_id = {lkm} AND account = '11030'"),
    )
    .await;
    assert_eq!(owed, held, "outstanding principal by the loans equals the loan account in the journal");
    let unallocated = count(
        db,
        &format!("SELECT COUNT(*) FROM loan_payments p WHERE p.institution_id = {lkm} AND p.amount <> (SELECT CAST(COALESCE(SUM(principal + interest), 0) AS BIGINT) FROM payment_parts x WHERE x.payment_id = p.id)"),
    )
    .await;
    assert_eq!(unallocated, 0, "every payment is split into principal and interest in full");
}

/// Found while adding disbursements to the crash run: a disbursement whose answer was lost (the
/// server stopped after the commit) answered its resend with "already disbursed". The API's key now
/// goes with the disbursement's journal entry, and the resend gets the first answer.
#[tokio::test]
async fn a_disbursement_resent_after_a_lost_answer_gets_the_first_answer() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let (k, members) = group_for_the_run(&db, lkm).await;
        let (_, pool) = loans_for_the_run(&db, lkm, k, &members).await;
        let token = swadaya_core::app::auth::create_token(&db, "lkm.admin", "resend").await.expect("token");
        let base = spawn_app(db.clone()).await;
        let c = client();
        let send = |l: i64, key: &'static str| {
            c.post(format!("{base}/api/v1/institutions/{lkm}/loans/{l}/disbursement"))
                .bearer_auth(&token)
                .header("idempotency-key", key)
                .json(&json!({"disbursed_on": "2026-11-02", "account": "11010"}))
                .send()
        };
        let first = send(pool[0], "cair-1").await.expect("post");
        assert_eq!(first.status(), 201);
        let id = first.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
        // The stored answer is gone, as when the server died between the commit and storing it.
        sqlx::query("DELETE FROM idempotency").execute(&db.pool).await.expect("forget the answer");
        let again = send(pool[0], "cair-1").await.expect("resend");
        assert_eq!(again.status(), 201, "{}", again.text().await.unwrap_or_default());
        assert_eq!(again.json::<Value>().await.expect("json")["id"].as_i64(), Some(id));
        let other = send(pool[0], "cair-2").await.expect("another key");
        assert_eq!(other.status(), 409, "a second disbursement under another key is refused");
        let entries = count(
            &db,
            &format!("SELECT COUNT(*) FROM journal_entries WHERE source = 'disbursement' AND source_id = {}", pool[0]),
        )
        .await;
        assert_eq!(entries, 1);
        loan_ledger_agrees_with_the_journal(&db, lkm).await;
    })
    .await;
}

/// Found by the review of the crash run: a funding commitment or an in-kind contribution resent
/// after a lost answer was recorded twice. Both now keep the request's key.
#[tokio::test]
async fn commitments_and_in_kind_resent_after_a_lost_answer_are_recorded_once() {
    each_backend(|db| async move {
        swadaya::demo::load(&db, 0).await.expect("demo");
        let kkm = institution_id(&db, "KKM Tirta Ganra").await;
        let a = count(&db, &format!("SELECT MIN(id) FROM activities WHERE institution_id = {kkm}")).await;
        let token = swadaya_core::app::auth::create_token(&db, "bendahara", "resend").await.expect("token");
        let base = spawn_app(db.clone()).await;
        let c = client();
        for (path, body, table) in [
            ("commitments", json!({"source": "apbd", "amount": "1.000.000", "document": "SK Bupati 12/2026"}), "funding_commitments"),
            (
                "in-kind",
                json!({"on_date": "2026-11-02", "contributor": "Warga RT 02", "description": "Gali jalur pipa", "value": "500.000"}),
                "in_kind",
            ),
        ] {
            let before = count(&db, &format!("SELECT COUNT(*) FROM {table}")).await;
            let send = || {
                c.post(format!("{base}/api/v1/institutions/{kkm}/activities/{a}/{path}"))
                    .bearer_auth(&token)
                    .header("idempotency-key", format!("sekali-{path}"))
                    .json(&body)
                    .send()
            };
            let first = send().await.expect("post");
            assert_eq!(first.status(), 201, "{path}: {}", first.text().await.unwrap_or_default());
            let id = first.json::<Value>().await.expect("json")["id"].as_i64();
            sqlx::query("DELETE FROM idempotency").execute(&db.pool).await.expect("forget the answer");
            let again = send().await.expect("resend");
            assert_eq!(again.status(), 201);
            assert_eq!(again.json::<Value>().await.expect("json")["id"].as_i64(), id, "{path}: the first answer");
            assert_eq!(count(&db, &format!("SELECT COUNT(*) FROM {table}")).await, before + 1, "{path}: recorded once");
        }
    })
    .await;
}

#[tokio::test]
async fn writes_survive_twenty_sigkills_exactly_once() {
    let (kills, clients, ops) =
        (setting("SWADAYA_CRASH_KILLS", 20), setting("SWADAYA_CRASH_CLIENTS", 4), setting("SWADAYA_CRASH_OPS", 3));
    let t = TestDb::sqlite().await;
    run(&t, kills, clients, ops).await;
    t.cleanup().await;
    if let Some(t) = TestDb::postgres().await {
        run(&t, kills, clients, ops).await;
        t.cleanup().await;
    }
}

/// Found by the load benchmark and this test: on SQLite, small writes made outside the write gate
/// (the stored answer of an idempotent request, sessions) landed inside another writer's
/// transaction, which then failed to commit ("database is locked"); on PostgreSQL two first
/// postings at once both seeded the chart of accounts and one failed. Each answered 500.
/// Concurrent writers now all succeed the first time.
#[tokio::test]
async fn concurrent_api_writers_all_succeed_the_first_time() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let token = swadaya_core::app::auth::create_token(&db, "lkm.admin", "writers").await.expect("token");
        let base = spawn_app(db.clone()).await;
        let mut writers = Vec::new();
        for w in 0..4 {
            let (base, token) = (base.clone(), token.clone());
            writers.push(tokio::spawn(async move {
                let c = client();
                let mut failed = Vec::new();
                for i in 0..40 {
                    let body = json!({"posted_on": "2026-11-02", "memo": format!("Penulis {w} ke-{i}"), "lines": [
                        {"account": "11010", "debit": "1.000", "credit": ""}, {"account": "31020", "debit": "", "credit": "1.000"}]});
                    let r = c
                        .post(format!("{base}/api/v1/institutions/{lkm}/journal"))
                        .bearer_auth(&token)
                        .header("idempotency-key", format!("writer-{w}-{i}"))
                        .json(&body)
                        .send()
                        .await
                        .expect("post");
                    if r.status() != 201 {
                        failed.push(format!("{} {}", r.status(), r.text().await.unwrap_or_default()));
                    }
                }
                failed
            }));
        }
        for w in writers {
            let failed = w.await.expect("writer");
            assert!(failed.is_empty(), "{failed:?}");
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM journal_entries WHERE memo LIKE 'Penulis %'").await, 160);
    })
    .await;
}
