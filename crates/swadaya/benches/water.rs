//! Benchmark (not a test): a water service's monthly bill run and its collection list. Generates
//! N metered customers with their meters and a month's readings (bulk inserts), then measures on
//! SQLite and PostgreSQL:
//! - the bill run for the month through `app::water::bills::run` (tariff in force, 5,000 bills,
//!   one journal entry, the run and its audit row, one commit), beside its limit measured in the
//!   same run: a bare insert of the same rows (the run, the bills, the entry and its lines) in
//!   one commit, straight into the database;
//! - the collection list (`payments::arrears`) after 70 % of the customers paid, beside a bare
//!   group-by of every bill with what was paid on it;
//! - the prepared meter round of a 300-meter scheme with six months of history, in bytes as JSON;
//! - the process's peak memory.
//!
//! Run: `cargo bench --bench water -- [CUSTOMERS]` (default 5000, the figures in
//! docs/PERFORMANCE.md). PostgreSQL from SWADAYA_TEST_PG; with SWADAYA_BENCH_KEEP set, its database
//! is kept afterwards for reading plans.

mod common;

use common::{ctx, insert, peak_rss_mb, V};
use std::time::Instant;
use swadaya_core::app::registers::{institutions, regions};
use swadaya_core::app::water::{bills, payments, readings, setup};
use swadaya_core::store::Db;

const MONTH: &str = "2026-10";
const NOW: &str = "2026-10-31T00:00:00Z";

/// A metered scheme with Tirto Manunggal's R1 tariff; returns its id.
async fn scheme(db: &Db, inst: i64, asset: i64, name: &str) -> i64 {
    let s = setup::SchemeInput {
        asset_id: asset,
        name: name.into(),
        customer_group: "household".into(),
        kind: "metered".into(),
        due_day: "20".into(),
    };
    let id = setup::add_scheme(db, &ctx(), inst, &s).await.expect("scheme");
    let block = |from: &str, to: &str, price: &str| setup::BlockInput { from: from.into(), to: to.into(), price: price.into() };
    let t = setup::TariffInput {
        valid_from: "2026-01".into(),
        fixed: "4500".into(),
        decision: "bench".into(),
        blocks: vec![block("1", "10", "100"), block("11", "20", "200"), block("21", "30", "300"), block("31", "", "400")],
        ..Default::default()
    };
    setup::add_tariff(db, &ctx(), inst, id, &t).await.expect("tariff");
    id
}

/// `n` customers of `scheme` from id `first`, each with a meter and readings for `months`
/// months up to MONTH (ids of meters and readings follow the customers').
async fn customers(db: &Db, inst: i64, scheme: i64, first: i64, n: i64, months: i64) {
    let mut cs = Vec::new();
    let mut ms = Vec::new();
    let mut rs = Vec::new();
    for c in first..first + n {
        cs.push(vec![
            V::I(c),
            V::I(inst),
            V::S(format!("{c:05}")),
            V::I(scheme),
            V::S(format!("Pelanggan {c}")),
            V::S(format!("RT {:02}", c % 20 + 1)),
            V::S("2025-12-01".into()),
            V::S("bench".into()),
            V::S(NOW.into()),
        ]);
        ms.push(vec![
            V::I(c),
            V::I(inst),
            V::I(c),
            V::S(format!("M-{c}")),
            V::S("2025-12-01".into()),
            V::I(0),
            V::S("bench".into()),
            V::S(NOW.into()),
        ]);
        let mut total = 0;
        for k in 0..months {
            let month = readings::month_shift(MONTH, (k - months + 1) as i32);
            let m3 = 8 + (c + k) % 25;
            total += m3;
            rs.push(vec![
                V::I(c * 100 + k),
                V::I(inst),
                V::I(c),
                V::I(c),
                V::S(month),
                V::S("2026-10-28".into()),
                V::I(total),
                V::I(m3),
                V::S("office".into()),
                V::S("bench".into()),
                V::S(NOW.into()),
            ]);
        }
    }
    insert(
        db,
        "water_customers",
        &["id", "institution_id", "number", "scheme_id", "name", "address", "connected_on", "created_by", "created_at"],
        &cs,
    )
    .await;
    insert(
        db,
        "water_meters",
        &["id", "institution_id", "customer_id", "serial", "installed_on", "start_reading", "created_by", "created_at"],
        &ms,
    )
    .await;
    insert(
        db,
        "water_readings",
        &[
            "id",
            "institution_id",
            "customer_id",
            "meter_id",
            "month",
            "read_on",
            "reading",
            "m3",
            "entered_in",
            "created_by",
            "created_at",
        ],
        &rs,
    )
    .await;
}

/// What autovacuum does after a bulk load: the PostgreSQL on the test machine runs with it off,
/// and without statistics the planner joins 5,000 customers to their meters row by row.
async fn settle(db: &Db) {
    if db.backend == swadaya_core::store::Backend::Postgres {
        sqlx::query("ANALYZE").execute(&db.pool).await.expect("analyze");
    }
}

/// The limit: the rows a bill run leaves (the run, `n` bills, a journal entry with two lines),
/// straight into the database in one commit, for another month.
async fn bare_run(db: &Db, inst: i64, scheme: i64, tariff: i64, customers: &[i64], month: &str) -> f64 {
    let t = Instant::now();
    let mut tx = db.begin().await.expect("tx");
    let e = sqlx::query(
        "INSERT INTO journal_entries (institution_id, posted_on, memo, source, created_by, created_at) VALUES ($1, '2026-09-30', 'bare', 'bench', 'bench', $2) RETURNING id",
    )
    .bind(inst)
    .bind(NOW)
    .fetch_one(&mut *tx.tx)
    .await
    .expect("entry");
    let entry: i64 = sqlx::Row::try_get(&e, "id").expect("id");
    for (no, (account, d, c)) in [("11010", 1, 0), ("41010", 0, 1)].into_iter().enumerate() {
        sqlx::query("INSERT INTO journal_lines (institution_id, entry_id, line_no, account, posted_on, debit, credit) VALUES ($1, $2, $3, $4, '2026-09-30', $5, $6)")
            .bind(inst)
            .bind(entry)
            .bind(no as i64)
            .bind(account)
            .bind(d * 1000)
            .bind(c * 1000)
            .execute(&mut *tx.tx)
            .await
            .expect("line");
    }
    let r = sqlx::query(
        "INSERT INTO water_bill_runs (institution_id, scheme_id, month, tariff_id, bills, total, journal_entry_id, created_by, created_at)
         VALUES ($1, $2, $6, $3, 0, 0, $4, 'bench', $5) RETURNING id",
    )
    .bind(inst)
    .bind(scheme)
    .bind(tariff)
    .bind(entry)
    .bind(NOW)
    .bind(month)
    .fetch_one(&mut *tx.tx)
    .await
    .expect("run");
    let run: i64 = sqlx::Row::try_get(&r, "id").expect("id");
    for chunk in customers.chunks(400) {
        let rows: Vec<String> =
            (0..chunk.len()).map(|i| format!("($1, $2, $3, '2026-10-20', ${}, 12, 4500, 1500, 6000, '{{}}')", i + 4)).collect();
        let sql = format!(
            "INSERT INTO water_bills (institution_id, run_id, month, due_on, customer_id, m3, fixed, usage_amount, total, detail) VALUES {}",
            rows.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(inst).bind(run).bind(month);
        for c in chunk {
            q = q.bind(*c);
        }
        q.execute(&mut *tx.tx).await.expect("bills");
    }
    tx.commit().await.expect("commit");
    t.elapsed().as_secs_f64()
}

async fn run(name: &str, db: Db, n: i64) {
    db.migrate().await.expect("migrate");
    regions::import(&db, None, regions::SEED_CSV).await.expect("regions").expect("valid");
    let input = institutions::InstitutionInput {
        kind: "BPSPAMS".into(),
        name: "BP-SPAMS Bench".into(),
        region_code: "73.12.07.2002".into(),
        ..Default::default()
    };
    let inst = institutions::create(&db, &ctx(), &input).await.expect("institution");
    let asset_input = setup::AssetInput {
        name: "SPAMS".into(),
        kind: "water".into(),
        handed_over_on: "2025-11-15".into(),
        handed_over_by: "bench".into(),
        value: "0".into(),
        households: n.to_string(),
        ..Default::default()
    };
    let asset = setup::add_asset(&db, &ctx(), inst, &asset_input).await.expect("asset");
    let big = scheme(&db, inst, asset, "R1").await;
    let t = Instant::now();
    customers(&db, inst, big, 1, n, 1).await;
    println!("{name}: generated {n} metered customers with meters and readings in {:.1} s", t.elapsed().as_secs_f64());

    // The limit writes into an institution of its own, with the same customers, so that the
    // collection list below reads only the run's bills.
    let input = institutions::InstitutionInput { name: "BP-SPAMS Limit".into(), ..input };
    let limit = institutions::create(&db, &ctx(), &input).await.expect("institution");
    let limit_asset = setup::add_asset(&db, &ctx(), limit, &asset_input).await.expect("asset");
    let limit_scheme = scheme(&db, limit, limit_asset, "R1").await;
    customers(&db, limit, limit_scheme, n + 1_000, n, 1).await;
    let ids: Vec<i64> = (n + 1_000..2 * n + 1_000).collect();
    settle(&db).await;
    let (_, tariffs) = setup::scheme(&db, &ctx(), limit, limit_scheme).await.expect("scheme");
    swadaya_core::app::books::accounts::ensure(&db, limit).await.expect("chart");
    bare_run(&db, limit, limit_scheme, tariffs[0].id, &ids, "2026-09").await;
    let bare_s = bare_run(&db, limit, limit_scheme, tariffs[0].id, &ids, MONTH).await;
    let t = Instant::now();
    let out = bills::run(&db, &ctx(), inst, big, &bills::RunInput { month: MONTH.into() }).await.expect("bill run");
    let run_s = t.elapsed().as_secs_f64();
    assert!(out.created && out.run.bills == n);
    let t = Instant::now();
    let again = bills::run(&db, &ctx(), inst, big, &bills::RunInput { month: MONTH.into() }).await.expect("again");
    let again_s = t.elapsed().as_secs_f64();
    assert!(!again.created);
    println!(
        "{name}: bill run of {} bills ({}) with its posting in {run_s:.3} s (limit: a bare insert of the same rows in one commit {bare_s:.3} s, ratio {:.1}x); run again (nothing new) {again_s:.3} s",
        out.run.bills,
        swadaya_domain::Rupiah(out.run.total),
        run_s / bare_s.max(1e-9)
    );

    // 70 % paid in full, through one shared entry (the list reads parts, not the journal).
    let bill_ids: Vec<(i64, i64, i64)> = sqlx::query_as::<_, (i64, i64, i64)>(&format!(
        "SELECT id, customer_id, total FROM water_bills WHERE institution_id = {inst} AND month = '{MONTH}'"
    ))
    .fetch_all(&db.pool)
    .await
    .expect("bills");
    let entry: i64 = sqlx::query_scalar(&format!("SELECT MIN(id) FROM journal_entries WHERE institution_id = {inst}"))
        .fetch_one(&db.pool)
        .await
        .expect("entry");
    let mut pays = Vec::new();
    let mut parts = Vec::new();
    for (k, (bill, customer, total)) in bill_ids.iter().enumerate().filter(|(k, _)| k % 10 < 7) {
        let p = k as i64 + 1;
        pays.push(vec![
            V::I(p),
            V::I(inst),
            V::I(*customer),
            V::S("2026-11-05".into()),
            V::I(*total),
            V::S("11010".into()),
            V::S(format!("B-{p}")),
            V::I(entry),
            V::S("bench".into()),
            V::S(NOW.into()),
        ]);
        parts.push(vec![V::I(p), V::I(inst), V::I(p), V::I(*bill), V::I(*total)]);
    }
    insert(
        &db,
        "water_payments",
        &[
            "id",
            "institution_id",
            "customer_id",
            "paid_on",
            "amount",
            "account",
            "receipt_no",
            "journal_entry_id",
            "created_by",
            "created_at",
        ],
        &pays,
    )
    .await;
    insert(&db, "water_payment_parts", &["id", "institution_id", "payment_id", "bill_id", "amount"], &parts).await;
    settle(&db).await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let bare_list = || async {
        let t = Instant::now();
        sqlx::query(
            "SELECT b.customer_id, b.id, b.total - CAST(COALESCE(SUM(x.amount), 0) AS BIGINT) AS owed FROM water_bills b
             LEFT JOIN water_payment_parts x ON x.institution_id = b.institution_id AND x.bill_id = b.id
             WHERE b.institution_id = $1 GROUP BY b.customer_id, b.id, b.total",
        )
        .bind(inst)
        .fetch_all(&db.pool)
        .await
        .expect("bare list");
        t.elapsed().as_secs_f64()
    };
    bare_list().await;
    let bare_list_s = bare_list().await;
    payments::arrears(&db, &ctx(), inst, None, today).await.expect("warm");
    let t = Instant::now();
    let list = payments::arrears(&db, &ctx(), inst, None, today).await.expect("arrears");
    let list_s = t.elapsed().as_secs_f64();
    println!(
        "{name}: collection list of {} customers owing {} in {list_s:.3} s (limit: a bare group-by of every bill with its parts {bare_list_s:.3} s, ratio {:.1}x)",
        list.len(),
        swadaya_domain::Rupiah(list.iter().map(|a| a.owed).sum()),
        list_s / bare_list_s.max(1e-9)
    );

    // A reader's round: 300 meters with six months of history.
    let small = scheme(&db, inst, asset, "R2").await;
    customers(&db, inst, small, 3 * n + 1_000, 300, 6).await;
    settle(&db).await;
    let next = readings::month_shift(MONTH, 1);
    let t = Instant::now();
    let round = readings::round(&db, &ctx(), inst, small, &next).await.expect("round");
    let round_s = t.elapsed().as_secs_f64();
    let json = serde_json::to_vec(&round).expect("json");
    println!(
        "{name}: meter round of {} meters prepared in {round_s:.3} s: {} bytes as JSON ({} bytes a meter)",
        round.len(),
        json.len(),
        json.len() / round.len().max(1)
    );
    println!("{name}: peak memory {:.0} MB", peak_rss_mb());
}

fn main() {
    let n = std::env::args().skip(1).filter(|a| !a.starts_with('-')).find_map(|a| a.parse::<i64>().ok()).unwrap_or(5000);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("dir");
        let db = Db::connect(&format!("sqlite://{}", dir.path().join("bench.db").display())).await.expect("sqlite");
        run("SQLite", db, n).await;
        let pg = std::env::var("SWADAYA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        if let Ok(admin) = Db::connect(&pg).await {
            let name = format!("swadaya_bench_water_{}", std::process::id());
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.expect("create db");
            let url = format!("{}/{name}", pg.rsplit_once('/').map(|(a, _)| a).unwrap_or(&pg));
            let db = Db::connect(&url).await.expect("pg");
            run("PostgreSQL", db.clone(), n).await;
            db.pool.close().await;
            if std::env::var_os("SWADAYA_BENCH_KEEP").is_some() {
                println!("PostgreSQL: database {name} kept for EXPLAIN (SWADAYA_BENCH_KEEP); drop it by hand");
            } else {
                sqlx::query(&format!("DROP DATABASE {name}")).execute(&admin.pool).await.expect("drop db");
            }
        } else {
            println!("PostgreSQL not reachable: skipped");
        }
    });
}
