//! Benchmark (not a test): collection sheets of 30 members saved per second through the service
//! layer, next to the limit: the same rows written straight into the database, one statement per
//! table and one durable commit per sheet (common::limit), on SQLite and PostgreSQL; then the graduation assessment
//! over many groups. Run: `cargo bench --bench sheets -- [SHEETS] [GROUPS] [MEETINGS]`
//! (defaults 200, 100, 52). PostgreSQL from SWADAYA_TEST_PG (default postgres://postgres@127.0.0.1:5432/test).

mod common;

use common::ctx;
use std::time::Instant;
use swadaya_core::app::ksm::{assessment, sheets};
use swadaya_core::store::Db;

/// A group of `n` members, as the benchmark has always named them.
async fn group(db: &Db, inst: i64, name: &str, n: usize) -> (i64, Vec<i64>) {
    let members: Vec<(String, &str)> = (0..n).map(|i| (format!("{name} anggota {i}"), "anggota")).collect();
    common::group(db, inst, name, "2000-01-01", &members).await
}

fn sheet(day: chrono::NaiveDate, members: &[i64]) -> sheets::SheetInput {
    sheets::SheetInput {
        held_on: day.to_string(),
        agenda_planned: "3".into(),
        agenda_done: "3".into(),
        lines: members
            .iter()
            .enumerate()
            .map(|(i, m)| sheets::LineInput {
                member_id: *m,
                attendance: if i % 10 == 0 { "izin".into() } else { "hadir".into() },
                wajib: "5.000".into(),
                sukarela: if i % 4 == 0 { "2.000".into() } else { String::new() },
                tanggung_renteng: "1.000".into(),
                instalment: String::new(),
            })
            .collect(),
        ..Default::default()
    }
}

async fn setup(db: &Db) -> i64 {
    db.migrate().await.expect("migrate");
    common::institution(db, "LKM Bench").await
}

async fn run(name: &str, db: Db, n_sheets: usize, n_groups: usize, n_meetings: usize) {
    let inst = setup(&db).await;
    let (k, members) = group(&db, inst, "KSM Bench", 30).await;
    let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 7).expect("date");
    let t = Instant::now();
    for i in 0..n_sheets {
        sheets::record_entered(
            &db,
            &ctx(),
            inst,
            k,
            &sheet(start + chrono::Duration::days(i as i64), &members),
            start + chrono::Duration::days(i as i64),
        )
        .await
        .expect("sheet");
    }
    let service = n_sheets as f64 / t.elapsed().as_secs_f64();

    // The limit: the same rows per sheet written straight in, one commit each, for a group of its own.
    common::limit::prepare(&db).await;
    let (lk, lmembers) = group(&db, inst, "KSM Batas", 30).await;
    let t = Instant::now();
    for i in 0..n_sheets {
        common::limit::sheet(&db, inst, 0, lk, &lmembers, start + chrono::Duration::days(i as i64), None).await.expect("limit");
    }
    let limit = n_sheets as f64 / t.elapsed().as_secs_f64();
    println!(
        "{name}: {service:.0} sheets/s through the service layer; the limit, the same rows written straight in: {limit:.0} commits/s; ratio {:.0} %",
        100.0 * service / limit
    );

    // Graduation over many groups with a year of weekly meetings.
    let t = Instant::now();
    let mut gs = Vec::new();
    for g in 0..n_groups {
        let (k, m) = group(&db, inst, &format!("KSM G{g}"), 10).await;
        for w in 0..n_meetings {
            let d = start + chrono::Duration::days(7 * w as i64);
            sheets::record_entered(&db, &ctx(), inst, k, &sheet(d, &m), d).await.expect("sheet");
        }
        gs.push(k);
    }
    let setup_s = t.elapsed().as_secs_f64();
    let to = start + chrono::Duration::days(7 * n_meetings as i64);
    let t = Instant::now();
    let mut passed = 0;
    for k in &gs {
        if assessment::graduation(&db, &ctx(), inst, *k, to).await.expect("assess").passes() {
            passed += 1;
        }
    }
    let assess_s = t.elapsed().as_secs_f64();
    let lines: i64 =
        sqlx::Row::try_get(&sqlx::query("SELECT COUNT(*) FROM meeting_lines").fetch_one(&db.pool).await.expect("count"), 0)
            .expect("n");
    println!(
        "{name}: graduation of {n_groups} groups x {n_meetings} meetings x 10 members ({lines} sheet lines in the database) in {assess_s:.2} s ({:.1} ms per group, {passed} pass); loading them took {setup_s:.0} s",
        1000.0 * assess_s / n_groups as f64
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let (n_sheets, n_groups, n_meetings) =
        (args.first().copied().unwrap_or(200), args.get(1).copied().unwrap_or(100), args.get(2).copied().unwrap_or(52));
    let dir = std::env::temp_dir().join(format!("swadaya-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let db = Db::connect(&format!("sqlite://{}/bench.db", dir.display())).await.expect("sqlite");
    run("SQLite", db, n_sheets, n_groups, n_meetings).await;
    let _ = std::fs::remove_dir_all(&dir);

    let pg = std::env::var("SWADAYA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let admin = Db::connect(&pg).await.expect("postgres");
    let _ = sqlx::query("DROP DATABASE IF EXISTS swadaya_bench_sheets WITH (FORCE)").execute(&admin.pool).await;
    sqlx::query("CREATE DATABASE swadaya_bench_sheets").execute(&admin.pool).await.expect("create");
    let url = format!("{}/swadaya_bench_sheets", &pg[..pg.rfind('/').expect("db in url")]);
    let db = Db::connect(&url).await.expect("bench db");
    run("PostgreSQL", db.clone(), n_sheets, n_groups, n_meetings).await;
    db.pool.close().await;
    let _ = sqlx::query("DROP DATABASE IF EXISTS swadaya_bench_sheets WITH (FORCE)").execute(&admin.pool).await;
}
