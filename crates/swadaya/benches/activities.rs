//! Benchmark (not a test): an institution with many funded activities. Generates A activities
//! (three budget lines, an APBD commitment and one in kind, two tranches received, progress
//! reports) and R payments spread over them, each with its journal entry, then measures on
//! SQLite and PostgreSQL:
//! - the monthly report (every activity's physical and financial figures, per source) and its
//!   PDF and xlsx;
//! - the quarterly figures per source and the cash book of the activity bank account (every
//!   receipt and payment with a running balance);
//! - each beside its limit, measured warm in the same run: a bare group-by over every receipt
//!   and spending for the report, a bare ordered read of the account's lines for the cash book;
//! - the process's peak memory.
//!
//! Run: `cargo bench --bench activities -- [ACTIVITIES] [PAYMENTS]` (default 200 and 20000, the
//! figures in docs/PERFORMANCE.md). PostgreSQL from SWADAYA_TEST_PG.

mod common;

use common::{ctx, insert, peak_rss_mb, V};
use std::time::Instant;
use swadaya_core::app::activities::{accountability, reports};
use swadaya_core::app::registers::{institutions, regions};
use swadaya_core::store::Db;

/// Rows of a tenant table: each starts with its institution.
fn tenant(inst: i64, rows: Vec<Vec<V>>) -> Vec<Vec<V>> {
    rows.into_iter().map(|r| std::iter::once(V::I(inst)).chain(r).collect()).collect()
}

async fn generate(db: &Db, inst: i64, activities: usize, payments: usize) {
    swadaya_core::app::books::accounts::ensure(db, inst).await.expect("chart");
    let now = "2026-01-01T00:00:00Z".to_string();
    let mut acts = Vec::new();
    let mut lines = Vec::new();
    let mut commitments = Vec::new();
    let mut progress = Vec::new();
    let mut kind = Vec::new();
    let per_line = 1_000_000_000 / 3;
    for a in 1..=activities as i64 {
        acts.push(vec![
            V::I(a),
            V::I(inst),
            V::S(format!("Kegiatan {a}")),
            V::S(if a % 3 == 0 { "drainage" } else { "road_paving" }.into()),
            V::S(format!("RT {:02}", a % 20 + 1)),
            V::I(170_000),
            V::S("m".into()),
            V::S("2026-01-01".into()),
            V::S("2026-12-31".into()),
            V::S("Panitia".into()),
            V::S("bench".into()),
            V::S(now.clone()),
        ]);
        for l in 0..3 {
            lines.push(vec![
                V::I(a * 3 + l),
                V::I(a),
                V::I(l),
                V::S(format!("Baris {l}")),
                V::S("m".into()),
                V::I(1000),
                V::I(per_line),
                V::I(per_line),
            ]);
        }
        commitments.push(vec![
            V::I(a),
            V::S("apbd".into()),
            V::I(1_000_000_000),
            V::S("SK".into()),
            V::S("bench".into()),
            V::S(now.clone()),
        ]);
        commitments.push(vec![
            V::I(a),
            V::S("community_kind".into()),
            V::I(10_000_000),
            V::S("RKM".into()),
            V::S("bench".into()),
            V::S(now.clone()),
        ]);
        for (m, pct) in [(2, 2_500), (5, 5_000), (8, 7_500)] {
            progress.push(vec![
                V::I(a),
                V::S(format!("2026-{m:02}-20")),
                V::I(pct),
                V::I(pct * 17),
                V::S("bench".into()),
                V::S(now.clone()),
            ]);
        }
        kind.push(vec![
            V::I(a),
            V::S("2026-03-10".into()),
            V::S("Warga".into()),
            V::S("Tenaga".into()),
            V::I(5_000_000),
            V::S("bench".into()),
            V::S(now.clone()),
        ]);
    }
    insert(
        db,
        "activities",
        &[
            "id",
            "institution_id",
            "name",
            "kind",
            "location",
            "target_volume",
            "unit",
            "planned_start",
            "planned_end",
            "team",
            "created_by",
            "created_at",
        ],
        &acts,
    )
    .await;
    insert(
        db,
        "rab_lines",
        &["institution_id", "id", "activity_id", "position", "item", "unit", "quantity", "unit_price", "total"],
        &tenant(inst, lines),
    )
    .await;
    insert(
        db,
        "funding_commitments",
        &["institution_id", "activity_id", "source", "amount", "document", "created_by", "created_at"],
        &tenant(inst, commitments),
    )
    .await;
    insert(
        db,
        "progress_reports",
        &["institution_id", "activity_id", "reported_on", "percent_bp", "quantity", "created_by", "created_at"],
        &tenant(inst, progress),
    )
    .await;
    insert(
        db,
        "in_kind",
        &["institution_id", "activity_id", "on_date", "contributor", "description", "value", "created_by", "created_at"],
        &tenant(inst, kind),
    )
    .await;
    // Two tranches per activity, then the payments, each with its balanced entry.
    let (mut entries, mut jl, mut receipts, mut spend) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut e = 0i64;
    let mut entry = |on: String, memo: String, receipt: String, source: &str, debit: &str, credit: &str, amount: i64| {
        e += 1;
        entries.push(vec![
            V::I(e),
            V::I(inst),
            V::S(on.clone()),
            V::S(memo),
            V::S(receipt),
            V::S(source.into()),
            V::S("bench".into()),
            V::S(now.clone()),
        ]);
        jl.push(vec![V::I(inst), V::I(e), V::I(1), V::S(debit.into()), V::S(on.clone()), V::I(amount), V::I(0)]);
        jl.push(vec![V::I(inst), V::I(e), V::I(2), V::S(credit.into()), V::S(on), V::I(0), V::I(amount)]);
        e
    };
    for a in 1..=activities as i64 {
        for (t, on) in [(1, "2026-01-15"), (2, "2026-06-15")] {
            let id = entry(
                on.into(),
                format!("APBD tahap {t}"),
                format!("SP2D-{a}-{t}"),
                "activity_receipt",
                "11023",
                "22020",
                500_000_000,
            );
            receipts.push(vec![
                V::I(inst),
                V::I(a),
                V::S("apbd".into()),
                V::S(on.into()),
                V::I(500_000_000),
                V::S("11023".into()),
                V::S(format!("SP2D-{a}-{t}")),
                V::I(id),
                V::S("bench".into()),
                V::S(now.clone()),
            ]);
        }
    }
    for p in 0..payments as i64 {
        let a = p % activities as i64 + 1;
        let on = format!("2026-{:02}-{:02}", p % 10 + 1, p % 28 + 1);
        let amount = 100_000 + (p % 50) * 10_000;
        let id =
            entry(on.clone(), format!("Kegiatan {a}: bahan"), format!("KW-{p}"), "activity_spending", "22020", "11023", amount);
        spend.push(vec![
            V::I(inst),
            V::I(a),
            V::I(a * 3 + p % 3),
            V::S("apbd".into()),
            V::S(format!("KW-{p}")),
            V::S(on),
            V::S("Toko".into()),
            V::S("Bahan".into()),
            V::I(amount),
            V::S("11023".into()),
            V::I(id),
            V::S("bench".into()),
            V::S(now.clone()),
        ]);
    }
    insert(
        db,
        "journal_entries",
        &["id", "institution_id", "posted_on", "memo", "receipt", "source", "created_by", "created_at"],
        &entries,
    )
    .await;
    insert(db, "journal_lines", &["institution_id", "entry_id", "line_no", "account", "posted_on", "debit", "credit"], &jl).await;
    insert(
        db,
        "fund_receipts",
        &[
            "institution_id",
            "activity_id",
            "source",
            "received_on",
            "amount",
            "account",
            "document",
            "journal_entry_id",
            "created_by",
            "created_at",
        ],
        &receipts,
    )
    .await;
    insert(
        db,
        "spendings",
        &[
            "institution_id",
            "activity_id",
            "rab_line_id",
            "source",
            "receipt_no",
            "spent_on",
            "payee",
            "item",
            "amount",
            "account",
            "journal_entry_id",
            "created_by",
            "created_at",
        ],
        &spend,
    )
    .await;
}

async fn run(name: &str, db: Db, activities: usize, payments: usize) {
    db.migrate().await.expect("migrate");
    regions::import(&db, None, regions::SEED_CSV).await.expect("regions").expect("valid");
    let input = institutions::InstitutionInput {
        kind: "BKM".into(),
        name: "BKM Bench".into(),
        region_code: "35.19.09.2014".into(),
        ..Default::default()
    };
    let inst = institutions::create(&db, &ctx(), &input).await.expect("institution");
    let t = Instant::now();
    generate(&db, inst, activities, payments).await;
    println!(
        "{name}: generated {activities} activities, {payments} payments and {} receipts with their journal entries in {:.1} s",
        activities * 2,
        t.elapsed().as_secs_f64()
    );

    // The limits, measured warm like the reports: a bare group-by per activity over every
    // receipt and spending (what the report's figures reduce), and a bare ordered read of the
    // account's lines (what the cash book lists).
    let bare_groups = || async {
        let t = Instant::now();
        for table in ["fund_receipts", "spendings"] {
            sqlx::query(&format!(
                "SELECT activity_id, source, CAST(SUM(amount) AS BIGINT) AS v FROM {table} WHERE institution_id = $1 GROUP BY activity_id, source"
            ))
            .bind(inst)
            .fetch_all(&db.pool)
            .await
            .expect("bare group-by");
        }
        t.elapsed().as_secs_f64()
    };
    let bare_lines = || async {
        let t = Instant::now();
        let rows = sqlx::query(
            "SELECT l.entry_id, l.line_no, l.posted_on, l.debit, l.credit, e.memo, e.receipt FROM journal_lines l
             JOIN journal_entries e ON e.institution_id = l.institution_id AND e.id = l.entry_id
             WHERE l.institution_id = $1 AND l.account = '11023' AND l.posted_on BETWEEN '2026-01-01' AND '2026-12-31'
             ORDER BY l.posted_on, l.entry_id, l.line_no",
        )
        .bind(inst)
        .fetch_all(&db.pool)
        .await
        .expect("bare lines");
        (t.elapsed().as_secs_f64(), rows.len())
    };
    bare_groups().await;
    let groups_s = bare_groups().await;
    bare_lines().await;
    let (lines_s, lines_n) = bare_lines().await;
    reports::summaries(&db, &ctx(), inst, "2026-06-01", "2026-06-30").await.expect("warm");
    reports::cash_book(&db, &ctx(), inst, "11023", "2026-01-01", "2026-12-31").await.expect("warm");

    let t = Instant::now();
    let rows = reports::summaries(&db, &ctx(), inst, "2026-06-01", "2026-06-30").await.expect("report");
    let figures_s = t.elapsed().as_secs_f64();
    let spent: i64 = rows.iter().map(|r| r.total().spent).sum();
    let t = Instant::now();
    let table =
        swadaya_web::activities::reports::monthly_table(swadaya_domain::Lang::Id, "Laporan bulanan Juni 2026".into(), &rows);
    let xlsx = swadaya_core::reports::xlsx(&table).expect("xlsx");
    let xlsx_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let layout = swadaya_core::reports::pdf::Layout {
        meta: &[],
        widths: &[3.0, 1.8, 1.4, 1.4, 1.4, 1.4, 1.4, 1.4, 1.0],
        right: &[2, 3, 4, 5, 6, 7],
        page_word: "Halaman",
        ..Default::default()
    };
    let pdf = swadaya_core::reports::pdf::table(&table, &layout).expect("pdf");
    let pdf_s = t.elapsed().as_secs_f64();
    println!(
        "{name}: monthly report figures for {} activities in {:.3} s (limit: bare group-by over every receipt and spending {groups_s:.3} s, ratio {:.1}x; spent to date {}), xlsx {:.3} s ({} KB), PDF {:.3} s ({} KB)",
        rows.len(),
        figures_s,
        figures_s / groups_s.max(1e-9),
        swadaya_domain::Rupiah(spent),
        xlsx_s,
        xlsx.len() / 1024,
        pdf_s,
        pdf.len() / 1024
    );
    let t = Instant::now();
    let q = accountability::by_source(&db, &ctx(), inst, "2026-04-01", "2026-06-30").await.expect("quarter");
    println!("{name}: quarterly figures per source in {:.3} s ({} sources)", t.elapsed().as_secs_f64(), q.len());
    let t = Instant::now();
    let book = reports::cash_book(&db, &ctx(), inst, "11023", "2026-01-01", "2026-12-31").await.expect("cash book");
    let book_s = t.elapsed().as_secs_f64();
    println!(
        "{name}: cash book 11023 with {} lines in {book_s:.3} s (limit: a bare ordered read of its {lines_n} lines with their entries {lines_s:.3} s, ratio {:.1}x; closing {})",
        book.rows.len(),
        book_s / lines_s.max(1e-9),
        swadaya_domain::Rupiah(book.closing)
    );
    let year = reports::summaries(&db, &ctx(), inst, "2026-12-01", "2026-12-31").await.expect("report");
    let paid: i64 = year.iter().map(|r| r.cash_spent()).sum();
    assert_eq!(book.closing, activities as i64 * 1_000_000_000 - paid, "the cash book agrees with the report");
    println!("{name}: peak memory {:.0} MB", peak_rss_mb());
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with('-')).filter_map(|a| a.parse::<usize>().ok());
    let activities = args.next().unwrap_or(200);
    let payments = args.next().unwrap_or(20_000);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("dir");
        let db = Db::connect(&format!("sqlite://{}", dir.path().join("bench.db").display())).await.expect("sqlite");
        run("SQLite", db, activities, payments).await;
        let pg = std::env::var("SWADAYA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        if let Ok(admin) = Db::connect(&pg).await {
            let name = format!("swadaya_bench_act_{}", std::process::id());
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.expect("create db");
            let url = format!("{}/{name}", pg.rsplit_once('/').map(|(a, _)| a).unwrap_or(&pg));
            let db = Db::connect(&url).await.expect("pg");
            run("PostgreSQL", db.clone(), activities, payments).await;
            db.pool.close().await;
            sqlx::query(&format!("DROP DATABASE {name}")).execute(&admin.pool).await.expect("drop db");
        } else {
            println!("PostgreSQL not reachable: skipped");
        }
    });
}
