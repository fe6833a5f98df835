//! Benchmark (not a test): a district's revolving fund. Generates N member-loan shares (groups of
//! five, twelve monthly instalments each, paid on time, late or not at all) with every payment's
//! journal entry, then measures on SQLite and PostgreSQL:
//! - the month-end close of October 2026 (streaming arrears, reserve, indicators, the month's
//!   totals kept) after every month from December 2025 was closed, next to its limit: one pass over instalments that carry what was
//!   paid on each, for the same outstanding and overdue totals (asserted equal);
//! - the trial balance next to its limit, a bare group-by over every journal line, and next to
//!   `hledger bal` on the exported journal (same totals asserted);
//! - the process's peak memory.
//!
//! Run: `cargo bench --bench fund -- [SHARES] [sqlite|postgres]` (default 20000 shares on both; the
//! figures in docs/PERFORMANCE.md use 100000). PostgreSQL from SWADAYA_TEST_PG (default postgres://postgres@127.0.0.1:5432/test);
//! with SWADAYA_BENCH_KEEP set, the PostgreSQL database is kept afterwards for reading plans.

mod common;

use common::{ctx, insert, peak_rss_mb, V};
use std::time::Instant;
use swadaya_core::app::registers::{institutions, regions};
use swadaya_core::store::{Backend, Db};
use swadaya_domain::fund::product::DEFAULT_TERMS;
use swadaya_domain::fund::schedule::schedule;
use swadaya_domain::Lang;

async fn generate(db: &Db, inst: i64, shares: usize, asof: chrono::NaiveDate) -> (usize, usize) {
    swadaya_core::app::books::accounts::ensure(db, inst).await.expect("chart");
    let product =
        swadaya_core::app::fund::products::create(db, &ctx(), inst, &swadaya_core::app::fund::products::defaults(Lang::Id))
            .await
            .expect("product");
    let now = "2026-01-01T00:00:00Z".to_string();
    let groups = shares.div_ceil(5);
    let mut terms = DEFAULT_TERMS;
    terms.term = 12;
    let (mut entry_id, mut pay_id, mut member_id) = (1i64, 1i64, 1i64);
    let opening = (shares as i64) * 500_000;
    insert(
        db,
        "journal_entries",
        &["id", "institution_id", "posted_on", "memo", "source", "created_by", "created_at"],
        &[vec![
            V::I(entry_id),
            V::I(inst),
            V::S("2020-01-01".into()),
            V::S("Saldo awal".into()),
            V::S("opening".into()),
            V::S("bench".into()),
            V::S(now.clone()),
        ]],
    )
    .await;
    insert(
        db,
        "journal_lines",
        &["institution_id", "entry_id", "posted_on", "line_no", "account", "debit", "credit"],
        &[
            vec![V::I(inst), V::I(entry_id), V::S("2020-01-01".into()), V::I(1), V::S("11021".into()), V::I(opening), V::I(0)],
            vec![V::I(inst), V::I(entry_id), V::S("2020-01-01".into()), V::I(2), V::S("31010".into()), V::I(0), V::I(opening)],
        ],
    )
    .await;
    entry_id += 1;
    let mut payments_total = 0;
    for batch in (0..groups).collect::<Vec<_>>().chunks(1000) {
        let (
            mut people,
            mut ksm,
            mut members,
            mut loans,
            mut lshares,
            mut inst_rows,
            mut pays,
            mut parts,
            mut entries,
            mut lines,
        ) = (vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
        for &g in batch {
            let gid = g as i64 + 1;
            // Disbursed on a day of the last 24 months before the close.
            let disbursed = asof - chrono::Duration::days(10 + (g as i64 * 37) % 720);
            ksm.push(vec![
                V::I(gid),
                V::I(inst),
                V::S(format!("KSM B{gid}")),
                V::S("ekonomi".into()),
                V::S("2019-01-01".into()),
                V::S("bulanan".into()),
                V::S(now.clone()),
            ]);
            loans.push(vec![
                V::I(gid),
                V::I(inst),
                V::I(gid),
                V::I(product),
                V::S(format!("B{gid}")),
                V::S("flat".into()),
                V::I(150),
                V::I(12),
                V::S("monthly".into()),
                V::I(2_500_000),
                V::S(disbursed.to_string()),
                V::S("disbursed".into()),
                V::S(disbursed.to_string()),
                V::S("11021".into()),
                V::S("bench".into()),
                V::S(now.clone()),
            ]);
            entries.push(vec![
                V::I(entry_id),
                V::I(inst),
                V::S(disbursed.to_string()),
                V::S(format!("Pencairan B{gid}")),
                V::S("disbursement".into()),
                V::I(gid),
                V::S("bench".into()),
                V::S(now.clone()),
            ]);
            lines.push(vec![
                V::I(inst),
                V::I(entry_id),
                V::S(disbursed.to_string()),
                V::I(1),
                V::S("11030".into()),
                V::I(2_500_000),
                V::I(0),
            ]);
            lines.push(vec![
                V::I(inst),
                V::I(entry_id),
                V::S(disbursed.to_string()),
                V::I(2),
                V::S("11021".into()),
                V::I(0),
                V::I(2_500_000),
            ]);
            entry_id += 1;
            for m in 0..5 {
                let s = g * 5 + m;
                if s >= shares {
                    break;
                }
                people.push(vec![
                    V::I(member_id),
                    V::I(inst),
                    V::S(format!("Anggota {member_id}")),
                    V::S(if m % 3 == 0 { "L" } else { "P" }.into()),
                    V::S(now.clone()),
                    V::S(now.clone()),
                ]);
                members.push(vec![
                    V::I(member_id),
                    V::I(inst),
                    V::I(gid),
                    V::I(member_id),
                    V::S("anggota".into()),
                    V::S("2019-01-01".into()),
                ]);
                lshares.push(vec![V::I(inst), V::I(gid), V::I(member_id), V::I(500_000), V::I(1)]);
                let habit = (s * 7919) % 100;
                for i in schedule(500_000, &terms, disbursed) {
                    inst_rows.push(vec![
                        V::I(inst),
                        V::I(gid),
                        V::I(member_id),
                        V::I(i.n as i64),
                        V::S(i.due_on.to_string()),
                        V::I(i.principal),
                        V::I(i.interest),
                    ]);
                    let paid_on = match habit {
                        0..80 => Some(i.due_on),
                        80..90 => Some(i.due_on + chrono::Duration::days(40)),
                        _ if (i.n as usize) <= s % 6 => Some(i.due_on),
                        _ => None,
                    };
                    let Some(paid_on) = paid_on.filter(|d| *d <= asof) else { continue };
                    pays.push(vec![
                        V::I(pay_id),
                        V::I(inst),
                        V::I(gid),
                        V::I(member_id),
                        V::S(paid_on.to_string()),
                        V::I(i.total()),
                        V::S("office".into()),
                        V::I(entry_id),
                        V::S("bench".into()),
                        V::S(now.clone()),
                    ]);
                    parts.push(vec![
                        V::I(inst),
                        V::I(gid),
                        V::I(member_id),
                        V::I(i.n as i64),
                        V::I(pay_id),
                        V::S(paid_on.to_string()),
                        V::I(i.principal),
                        V::I(i.interest),
                    ]);
                    entries.push(vec![
                        V::I(entry_id),
                        V::I(inst),
                        V::S(paid_on.to_string()),
                        V::S(format!("Angsuran B{gid}")),
                        V::S("repayment".into()),
                        V::I(gid),
                        V::S("bench".into()),
                        V::S(now.clone()),
                    ]);
                    lines.push(vec![
                        V::I(inst),
                        V::I(entry_id),
                        V::S(paid_on.to_string()),
                        V::I(1),
                        V::S("11010".into()),
                        V::I(i.total()),
                        V::I(0),
                    ]);
                    lines.push(vec![
                        V::I(inst),
                        V::I(entry_id),
                        V::S(paid_on.to_string()),
                        V::I(2),
                        V::S("11030".into()),
                        V::I(0),
                        V::I(i.principal),
                    ]);
                    lines.push(vec![
                        V::I(inst),
                        V::I(entry_id),
                        V::S(paid_on.to_string()),
                        V::I(3),
                        V::S("41010".into()),
                        V::I(0),
                        V::I(i.interest),
                    ]);
                    pay_id += 1;
                    entry_id += 1;
                    payments_total += 1;
                }
                member_id += 1;
            }
        }
        insert(db, "people", &["id", "institution_id", "name", "sex", "created_at", "updated_at"], &people).await;
        insert(db, "ksm", &["id", "institution_id", "name", "kind", "formed_on", "rhythm", "created_at"], &ksm).await;
        insert(db, "ksm_members", &["id", "institution_id", "ksm_id", "person_id", "role", "joined_on"], &members).await;
        insert(
            db,
            "loans",
            &[
                "id",
                "institution_id",
                "ksm_id",
                "product_id",
                "agreement_no",
                "method",
                "rate_bp",
                "term",
                "frequency",
                "principal",
                "applied_on",
                "status",
                "disbursed_on",
                "disbursed_from",
                "created_by",
                "created_at",
            ],
            &loans,
        )
        .await;
        insert(db, "loan_shares", &["institution_id", "loan_id", "member_id", "amount", "cycle"], &lshares).await;
        insert(
            db,
            "loan_instalments",
            &["institution_id", "loan_id", "member_id", "n", "due_on", "principal", "interest"],
            &inst_rows,
        )
        .await;
        insert(
            db,
            "journal_entries",
            &["id", "institution_id", "posted_on", "memo", "source", "source_id", "created_by", "created_at"],
            &entries,
        )
        .await;
        insert(
            db,
            "journal_lines",
            &["institution_id", "entry_id", "posted_on", "line_no", "account", "debit", "credit"],
            &lines,
        )
        .await;
        insert(
            db,
            "loan_payments",
            &[
                "id",
                "institution_id",
                "loan_id",
                "member_id",
                "paid_on",
                "amount",
                "source",
                "entry_id",
                "created_by",
                "created_at",
            ],
            &pays,
        )
        .await;
        insert(
            db,
            "payment_parts",
            &["institution_id", "loan_id", "member_id", "n", "payment_id", "paid_on", "principal", "interest"],
            &parts,
        )
        .await;
    }
    if db.backend == Backend::Postgres {
        for t in ["people", "ksm", "ksm_members", "loans", "journal_entries", "loan_payments"] {
            sqlx::query(&format!("SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))"))
                .execute(&db.pool)
                .await
                .expect("setval");
        }
        // What autovacuum does for tables that have settled (visibility map set, so index-only
        // scans skip the heap); the PostgreSQL on the test machine runs with autovacuum off.
        let analyze = if db.backend == Backend::Postgres { "VACUUM ANALYZE" } else { "ANALYZE" };
        sqlx::query(analyze).execute(&db.pool).await.expect("analyze");
    } else {
        // What autovacuum does for tables that have settled (visibility map set, so index-only
        // scans skip the heap); the PostgreSQL on the test machine runs with autovacuum off.
        let analyze = if db.backend == Backend::Postgres { "VACUUM ANALYZE" } else { "ANALYZE" };
        sqlx::query(analyze).execute(&db.pool).await.expect("analyze");
    }
    (groups, payments_total)
}

async fn run(name: &str, db: Db, shares: usize) {
    db.migrate().await.expect("migrate");
    regions::import(&db, None, regions::SEED_CSV).await.expect("regions").expect("valid");
    let inst = institutions::create(
        &db,
        &ctx(),
        &institutions::InstitutionInput {
            kind: "LKM".into(),
            name: "LKM Bench".into(),
            region_code: "35.19.09.2014".into(),
            ..Default::default()
        },
    )
    .await
    .expect("institution");
    let asof = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).expect("date");
    let t = Instant::now();
    let (groups, payments) = generate(&db, inst, shares, asof).await;
    println!("{name}: generated {shares} member shares in {groups} loans, {} instalments, {payments} payments with their journal entries in {:.1} s", shares * 12, t.elapsed().as_secs_f64());

    // The limit: instalments that carry what was paid on each (a table made for the purpose),
    // summed in one pass for the same outstanding and overdue totals the close reports.
    let paid_upto = format!(
        "SELECT i.institution_id, i.loan_id, i.member_id, i.n, i.due_on, i.principal, i.interest,
                CAST(COALESCE(SUM(pt.principal), 0) AS BIGINT) AS pp, CAST(COALESCE(SUM(pt.interest), 0) AS BIGINT) AS ip
         FROM loan_instalments i LEFT JOIN payment_parts pt ON pt.institution_id = i.institution_id AND pt.loan_id = i.loan_id
             AND pt.member_id = i.member_id AND pt.n = i.n AND pt.paid_on <= '{asof}'
         WHERE i.institution_id = {inst} GROUP BY i.institution_id, i.loan_id, i.member_id, i.n, i.due_on, i.principal, i.interest"
    );
    let rowid = if db.backend == Backend::Postgres { "" } else { " WITHOUT ROWID" };
    sqlx::query(&format!(
        "CREATE TABLE limit_paid (institution_id BIGINT NOT NULL, loan_id BIGINT NOT NULL, member_id BIGINT NOT NULL,
             n BIGINT NOT NULL, due_on TEXT NOT NULL, principal BIGINT NOT NULL, interest BIGINT NOT NULL, pp BIGINT NOT NULL,
             ip BIGINT NOT NULL, PRIMARY KEY (institution_id, loan_id, member_id, n)){rowid}"
    ))
    .execute(&db.pool)
    .await
    .expect("limit table");
    sqlx::query(&format!("INSERT INTO limit_paid {paid_upto}")).execute(&db.pool).await.expect("limit rows");
    // What autovacuum does for tables that have settled (visibility map set, so index-only
    // scans skip the heap); the PostgreSQL on the test machine runs with autovacuum off.
    let analyze = if db.backend == Backend::Postgres { "VACUUM ANALYZE" } else { "ANALYZE" };
    sqlx::query(analyze).execute(&db.pool).await.expect("analyze");
    let raw_pass = || async {
        let t = Instant::now();
        // Per member share, the figures the arrears list needs, as the close reads them.
        let rows = sqlx::query(
            "SELECT loan_id, member_id, CAST(SUM(principal - pp) AS BIGINT) AS outstanding,
                    CAST(SUM(CASE WHEN due_on < $2 AND principal + interest - pp - ip > 0 THEN 1 ELSE 0 END) AS BIGINT) AS overdue_n,
                    CAST(SUM(CASE WHEN due_on < $2 THEN principal + interest - pp - ip ELSE 0 END) AS BIGINT) AS overdue,
                    CAST(SUM(CASE WHEN due_on < $2 THEN principal - pp ELSE 0 END) AS BIGINT) AS overdue_principal,
                    MIN(CASE WHEN due_on < $2 AND principal + interest - pp - ip > 0 THEN due_on END) AS oldest,
                    CAST(SUM(CASE WHEN due_on <= $2 THEN principal + interest ELSE 0 END) AS BIGINT) AS due_to_date,
                    CAST(SUM(CASE WHEN due_on <= $2 THEN pp + ip ELSE 0 END) AS BIGINT) AS paid_on_due
             FROM limit_paid WHERE institution_id = $1 GROUP BY loan_id, member_id ORDER BY loan_id, member_id",
        )
        .bind(inst)
        .bind(asof.to_string())
        .fetch_all(&db.pool)
        .await
        .expect("raw");
        let sum = |c: &str| rows.iter().map(|r| swadaya_core::store::get_i64(r, c).expect("sum")).sum::<i64>();
        (t.elapsed().as_secs_f64(), sum("outstanding"), sum("overdue"))
    };
    // Warm both the same way: the limit once, then measured. The close is measured where an
    // institution that closes every month stands: December 2025 closed first (the first close
    // reads the whole journal once to keep its totals), then each month to September.
    raw_pass().await;
    let (raw_s, raw_out, raw_overdue) = raw_pass().await;
    let t = Instant::now();
    swadaya_core::app::fund::close::close_month(&db, &ctx(), inst, "2025-12", &|_, _| {}).await.expect("close december");
    let first_s = t.elapsed().as_secs_f64();
    for m in 1..=9 {
        let month = format!("2026-{m:02}");
        swadaya_core::app::fund::close::close_month(&db, &ctx(), inst, &month, &|_, _| {}).await.expect("close a month");
    }
    let t = Instant::now();
    let out = swadaya_core::app::fund::close::close_month(&db, &ctx(), inst, "2026-10", &|_, _| {}).await.expect("close");
    let close_s = t.elapsed().as_secs_f64();
    let s = out.summary;
    assert_eq!((s.outstanding, s.overdue_amount), (raw_out, raw_overdue), "the close and the raw pass agree");
    println!(
        "{name}: month-end close {close_s:.2} s (limit: the arrears query per member share over instalments carrying what was paid {raw_s:.2} s, ratio {:.1}x; the first close, December 2025, {first_s:.2} s); classes {:?}, outstanding Rp {}, overdue Rp {}, reserve Rp {}",
        close_s / raw_s.max(1e-9),
        s.class_shares,
        swadaya_domain::money::group_thousands(s.outstanding),
        swadaya_domain::money::group_thousands(s.overdue_amount),
        swadaya_domain::money::group_thousands(s.reserve_required)
    );

    // The limit for the trial balance: a bare group-by over every journal line.
    let bare = || async {
        let t = Instant::now();
        let rows = sqlx::query(
            "SELECT account, CAST(SUM(debit) AS BIGINT) AS d, CAST(SUM(credit) AS BIGINT) AS c FROM journal_lines
             WHERE institution_id = $1 GROUP BY account",
        )
        .bind(inst)
        .fetch_all(&db.pool)
        .await
        .expect("bare group-by");
        (t.elapsed().as_secs_f64(), rows.len())
    };
    bare().await;
    let (bare_s, _) = bare().await;
    let t = Instant::now();
    let tb = swadaya_core::app::books::reports::trial_balance(&db, &ctx(), inst, "1970-01-01", "9999-12-31").await.expect("tb");
    let tb_s = t.elapsed().as_secs_f64();
    println!(
        "{name}: trial balance over {lines} journal lines {tb_s:.3} s (limit: bare group-by over the lines {bare_s:.3} s, ratio {:.2}x)",
        tb_s / bare_s.max(1e-9),
        lines = count(&db, inst, "journal_lines").await
    );
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("bench.journal");
    let t = Instant::now();
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("file"));
        swadaya::cli::write_ledger(&db, inst, &mut f).await.expect("export");
        use std::io::Write;
        f.flush().expect("flush");
    }
    let export_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    match std::process::Command::new("hledger").arg("-f").arg(&path).args(["bal", "--flat", "-N", "-O", "csv"]).output() {
        Ok(o) if o.status.success() => {
            let h_s = t.elapsed().as_secs_f64();
            let csv = String::from_utf8_lossy(&o.stdout);
            let mut theirs: Vec<(String, i64)> = csv
                .lines()
                .skip(1)
                .filter_map(|l| {
                    let c: Vec<&str> = l.split("\",\"").map(|c| c.trim_matches('"')).collect();
                    Some((c.first()?.split_whitespace().next()?.to_string(), c.get(1)?.replace(',', "").parse().ok()?))
                })
                .collect();
            theirs.sort();
            let mut ours: Vec<(String, i64)> =
                tb.rows.iter().filter(|r| r.closing != 0).map(|r| (r.code.clone(), r.closing)).collect();
            ours.sort();
            assert_eq!(theirs, ours, "hledger and the trial balance agree");
            println!("{name}: hledger bal {h_s:.2} s on the exported journal ({export_s:.1} s to export); totals identical");
        }
        _ => println!("{name}: hledger not installed: no comparison"),
    }
    println!("{name}: peak memory of this process {:.0} MB", peak_rss_mb());
}

async fn count(db: &Db, inst: i64, table: &str) -> i64 {
    let r = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table} WHERE institution_id = $1"))
        .bind(inst)
        .fetch_one(&db.pool)
        .await
        .expect("count");
    swadaya_core::store::get_i64(&r, "n").expect("n")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let shares: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(20_000);
    let only = |b: &str| !args.iter().any(|a| a == "sqlite" || a == "postgres") || args.iter().any(|a| a == b);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("dir");
        if only("sqlite") {
            let db = Db::connect(&format!("sqlite://{}", dir.path().join("bench.db").display())).await.expect("sqlite");
            run("SQLite", db, shares).await;
        }
        if !only("postgres") {
            return;
        }
        let pg = std::env::var("SWADAYA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        if let Ok(admin) = Db::connect(&pg).await {
            let name = format!("swadaya_bench_fund_{}", std::process::id());
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.expect("create db");
            let url = format!("{}/{name}", pg.rsplit_once('/').map(|(a, _)| a).unwrap_or(&pg));
            let db = Db::connect(&url).await.expect("pg");
            run("PostgreSQL", db.clone(), shares).await;
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
