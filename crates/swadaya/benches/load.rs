//! Sustained load (not a test): 4 clients record collection sheets of 30 members through the API
//! for 60 seconds, against the real router on a loopback port, on SQLite and on PostgreSQL.
//! Prints sheets recorded, p50/p99 latency and every error (on SQLite: any "database is locked").
//! Run: `cargo bench --bench load -- [SECONDS] [CLIENTS]` (defaults 60, 4). PostgreSQL from
//! SWADAYA_TEST_PG (default postgres://postgres@127.0.0.1:5432/test).

mod common;

use std::time::{Duration, Instant};
use swadaya_core::app::auth::{create_token, create_user, NewUser};
use swadaya_core::store::Db;
use swadaya_domain::roles::Role;

const MEMBERS: usize = 30;

async fn setup(db: &Db, clients: usize) -> (i64, Vec<(i64, Vec<i64>)>, String) {
    let inst = common::institution(db, "LKM Beban").await;
    let mut groups_of_clients = Vec::new();
    for g in 0..clients {
        let name = format!("KSM Beban {g}");
        let members: Vec<(String, &str)> = (0..MEMBERS).map(|i| (format!("Anggota {i} KSM {g}"), "anggota")).collect();
        groups_of_clients.push(common::group(db, inst, &name, "1990-01-01", &members).await);
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
    (inst, groups_of_clients, token)
}

async fn run(name: &str, db: Db, seconds: u64, clients: usize) {
    db.migrate().await.expect("migrate");
    let (inst, groups_of_clients, token) = setup(&db, clients).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = swadaya_web::router(swadaya_web::AppState::new(db.clone(), false));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
    });
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (k, members) in groups_of_clients {
        let (token, url) = (token.clone(), format!("http://{addr}/api/v1/institutions/{inst}/ksm/{k}/meetings"));
        tasks.push(tokio::spawn(async move {
            let c = reqwest::Client::new();
            let (mut took, mut errors) = (Vec::new(), Vec::new());
            let first = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).expect("day");
            let mut i = 0i64;
            while Instant::now() < end {
                i += 1;
                let lines: Vec<serde_json::Value> = members
                    .iter()
                    .enumerate()
                    .map(|(n, m)| serde_json::json!({"member_id": m, "attendance": if n % 10 == 0 { "izin" } else { "hadir" }, "wajib": "5.000", "sukarela": if n % 4 == 0 { "2.000" } else { "" }, "tanggung_renteng": "1.000"}))
                    .collect();
                let body = serde_json::json!({"held_on": (first + chrono::Duration::days(i)).to_string(), "agenda_planned": "3", "agenda_done": "3", "lines": lines});
                let t = Instant::now();
                let r = c.post(&url).bearer_auth(&token).header("idempotency-key", format!("load-{k}-{i}")).json(&body).send().await;
                took.push(t.elapsed());
                match r {
                    Ok(r) if r.status().as_u16() == 201 => {}
                    Ok(r) => errors.push(format!("{} {}", r.status(), r.text().await.unwrap_or_default())),
                    Err(e) => errors.push(e.to_string()),
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
    let pct = |p: f64| took[((took.len() as f64 * p) as usize).min(took.len() - 1)].as_secs_f64() * 1000.0;
    println!(
        "{name}: {clients} clients x {seconds} s: {} sheets of {MEMBERS} members ({:.1}/s), p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, errors {}",
        took.len() - errors.len(),
        (took.len() - errors.len()) as f64 / seconds as f64,
        pct(0.50),
        pct(0.99),
        took.last().map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0),
        errors.len()
    );
    for e in errors.iter().take(5) {
        println!("  error: {e}");
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let seconds = args.first().and_then(|s| s.parse().ok()).unwrap_or(60);
    let clients = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(4);
    let dir = tempfile_dir();
    let sqlite = Db::connect(&format!("sqlite://{}/load.db", dir.display())).await.expect("sqlite");
    run("SQLite", sqlite, seconds, clients).await;
    let base = std::env::var("SWADAYA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let admin = Db::connect(&base).await.expect("postgres");
    let name = format!("swadaya_bench_load_{}", std::process::id());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.expect("create");
    let url = format!("{}/{name}", &base[..base.rfind('/').expect("url")]);
    run("PostgreSQL", Db::connect(&url).await.expect("pg"), seconds, clients).await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin.pool).await.expect("drop");
    let _ = std::fs::remove_dir_all(dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("swadaya-load-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("dir");
    d
}
