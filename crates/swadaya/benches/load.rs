//! Sustained load (not a test): collection sheets of 30 members through the API, from 1 and from
//! 4 clients, against the real router on a loopback port, on SQLite and on PostgreSQL, each
//! beside its limit: the same rows written straight into the same database, one durable commit
//! per sheet, in the same run. The two alternate for a number of rounds; medians are compared.
//! Prints sheets per second, p50/p99 latency and every error (on SQLite: any "database is locked").
//! Run: `cargo bench --bench load -- [SECONDS] [ROUNDS] [sqlite|postgres]` (defaults 10, 3,
//! both). PostgreSQL from SWADAYA_TEST_PG (default postgres://postgres@127.0.0.1:5432/test).

mod common;

use std::time::{Duration, Instant};
use swadaya_core::app::auth::{create_token, create_user, NewUser};
use swadaya_core::store::Db;
use swadaya_domain::roles::Role;

const MEMBERS: usize = 30;

/// Rounds of each kind, alternating; each (round, kind, client) writes to a group of its own.
struct Plan {
    seconds: u64,
    rounds: usize,
}

async fn setup(db: &Db, groups: usize) -> (i64, Vec<(i64, Vec<i64>)>, String) {
    let inst = common::institution(db, "LKM Beban").await;
    let mut made = Vec::new();
    for g in 0..groups {
        let name = format!("KSM Beban {g}");
        let members: Vec<(String, &str)> = (0..MEMBERS).map(|i| (format!("Anggota {i} KSM {g}"), "anggota")).collect();
        // Formed long ago: every sheet needs a day of its own, not in the future.
        made.push(common::group(db, inst, &name, "1970-01-01", &members).await);
    }
    create_user(
        db,
        None,
        NewUser {
            username: "beban".into(),
            display_name: "Uji beban".into(),
            password: swadaya::demo::DEMO_PASSWORD.into(),
            is_system: false,
            role: Some(Role::UpkOfficer),
            institution_id: Some(inst),
            region_code: None,
            ksm_id: None,
        },
    )
    .await
    .expect("user");
    let token = create_token(db, "beban", "load").await.expect("token");
    common::limit::prepare(db).await;
    (inst, made, token)
}

fn day(i: i64) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("day") + chrono::Duration::days(i)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Http,
    Limit,
}

struct Round {
    sheets: usize,
    took: Vec<Duration>,
    errors: Vec<String>,
}

async fn round(
    db: &Db,
    url_base: &str,
    (token, user): (&str, i64),
    kind: Kind,
    groups: &[(i64, Vec<i64>)],
    inst: i64,
    seconds: u64,
) -> Round {
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (k, members) in groups.iter().cloned() {
        let (db, token, url) = (db.clone(), token.to_string(), format!("{url_base}/api/v1/institutions/{inst}/ksm/{k}/meetings"));
        tasks.push(tokio::spawn(async move {
            let c = reqwest::Client::new();
            let (mut took, mut errors) = (Vec::new(), Vec::new());
            let mut i = 0i64;
            while Instant::now() < end {
                i += 1;
                if day(i) > chrono::Local::now().date_naive() {
                    errors.push("out of days: give each round fewer seconds".to_string());
                    break;
                }
                let t = Instant::now();
                let outcome = match kind {
                    Kind::Http => match c
                        .post(&url)
                        .bearer_auth(&token)
                        .header("idempotency-key", format!("load-{k}-{i}"))
                        .json(&common::limit::sheet_json(&members, day(i)))
                        .send()
                        .await
                    {
                        Ok(r) if r.status().as_u16() == 201 => Ok(()),
                        Ok(r) => Err(format!("{} {}", r.status(), r.text().await.unwrap_or_default())),
                        Err(e) => Err(e.to_string()),
                    },
                    Kind::Limit => common::limit::sheet(&db, inst, user, k, &members, day(i), Some(&format!("limit-{k}-{i}")))
                        .await
                        .map_err(|e| e.to_string()),
                };
                took.push(t.elapsed());
                if let Err(e) = outcome {
                    errors.push(e);
                }
            }
            (took, errors)
        }));
    }
    let (mut took, mut errors) = (Vec::new(), Vec::new());
    for t in tasks {
        let (a, b) = t.await.expect("client");
        took.extend(a);
        errors.extend(b);
    }
    took.sort();
    Round { sheets: took.len() - errors.len(), took, errors }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

async fn run(name: &str, db: Db, plan: &Plan) {
    db.migrate().await.expect("migrate");
    let per_round = 1 + 4;
    let (inst, groups, token) = setup(&db, 2 * plan.rounds * per_round).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = swadaya_web::router(swadaya_web::AppState::new(db.clone(), false));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
    });
    let base = format!("http://{addr}");
    let user: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT id FROM users WHERE username = 'beban'").fetch_one(&db.pool).await.expect("user"),
        "id",
    )
    .expect("id");
    let mut free = groups.into_iter();
    for clients in [1usize, 4] {
        let (mut http, mut limit) = (Vec::new(), Vec::new());
        for r in 0..plan.rounds {
            // Alternating, the limit first in even rounds and second in odd ones.
            let order = if r % 2 == 0 { [Kind::Limit, Kind::Http] } else { [Kind::Http, Kind::Limit] };
            for kind in order {
                let mine: Vec<(i64, Vec<i64>)> = free.by_ref().take(clients).collect();
                let got = round(&db, &base, (&token, user), kind, &mine, inst, plan.seconds).await;
                let rate = got.sheets as f64 / plan.seconds as f64;
                let pct =
                    |p: f64| got.took[((got.took.len() as f64 * p) as usize).min(got.took.len() - 1)].as_secs_f64() * 1000.0;
                println!(
                    "{name}, {clients} client(s), round {}: {} {:.0} sheets/s, p50 {:.1} ms, p99 {:.1} ms, errors {}",
                    r + 1,
                    if kind == Kind::Http { "HTTP " } else { "limit" },
                    rate,
                    pct(0.50),
                    pct(0.99),
                    got.errors.len()
                );
                for e in got.errors.iter().take(3) {
                    println!("  error: {e}");
                }
                if kind == Kind::Http {
                    http.push(rate)
                } else {
                    limit.push(rate)
                }
            }
        }
        let (h, l) = (median(http), median(limit));
        println!(
            "{name}, {clients} client(s), medians of {} rounds: HTTP {h:.0} sheets/s, limit {l:.0} durable commits/s of the same rows: {:.0} %",
            plan.rounds,
            100.0 * h / l
        );
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let plan = Plan {
        seconds: args.first().and_then(|s| s.parse().ok()).unwrap_or(10),
        rounds: args.get(1).and_then(|s| s.parse().ok()).unwrap_or(3),
    };
    let only = args.get(2).cloned().unwrap_or_default();
    let dir = tempfile_dir();
    if only != "postgres" {
        let sqlite = Db::connect(&format!("sqlite://{}/load.db", dir.display())).await.expect("sqlite");
        run("SQLite", sqlite, &plan).await;
    }
    if only != "sqlite" {
        let base = std::env::var("SWADAYA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let admin = Db::connect(&base).await.expect("postgres");
        let name = format!("swadaya_bench_load_{}", std::process::id());
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.expect("create");
        let url = format!("{}/{name}", &base[..base.rfind('/').expect("url")]);
        run("PostgreSQL", Db::connect(&url).await.expect("pg"), &plan).await;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin.pool).await.expect("drop");
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("swadaya-load-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("dir");
    d
}
