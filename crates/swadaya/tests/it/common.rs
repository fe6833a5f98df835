//! Test harness: fresh databases on both backends, a running app on a random port, and a
//! logged-in HTTP client.

use std::future::Future;
use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use swadaya_core::app::{Actor, Ctx};
use swadaya_core::store::{Backend, Db};
use swadaya_domain::Lang;

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub fn pg_url() -> String {
    std::env::var("SWADAYA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

pub struct TestDb {
    pub db: Db,
    pub url: String,
    pg_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.db");
        let url = format!("sqlite://{}", path.display());
        let db = Db::connect(&url).await.expect("open sqlite");
        db.migrate().await.expect("migrate sqlite");
        TestDb { db, url, pg_name: None, _dir: Some(dir) }
    }

    /// A fresh PostgreSQL database, or None when no server answers and we are not in CI
    /// (in CI an unreachable PostgreSQL fails the test).
    pub async fn postgres() -> Option<TestDb> {
        let t = TestDb::postgres_named().await?;
        t.db.migrate().await.expect("migrate postgres");
        Some(t)
    }

    /// An empty PostgreSQL database of its own.
    async fn postgres_named() -> Option<TestDb> {
        let admin = match Db::connect(&pg_url()).await {
            Ok(a) => a,
            Err(e) if std::env::var("CI").is_err() => {
                eprintln!("SKIPPING PostgreSQL half of this test: {e:#} (set CI=1 to make this a failure)");
                return None;
            }
            Err(e) => panic!("PostgreSQL is required in CI: {e:#}"),
        };
        let name = format!("swadaya_t_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst), rand_suffix());
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.expect("create test database");
        admin.pool.close().await;
        let base = pg_url();
        let url = match base.rfind('/') {
            Some(i) if i > "postgres://".len() => format!("{}/{name}", &base[..i]),
            _ => format!("{base}/{name}"),
        };
        let db = Db::connect(&url).await.expect("open test database");
        Some(TestDb { db, url, pg_name: Some(name), _dir: None })
    }

    /// A fresh PostgreSQL database loaded from a `pg_dump` file with psql, not migrated (the
    /// upgrade test migrates it); None as for `postgres`.
    pub async fn postgres_from_dump(dump: &std::path::Path) -> Option<TestDb> {
        let t = TestDb::postgres_named().await?;
        let out = std::process::Command::new("psql")
            .args(["-q", "-v", "ON_ERROR_STOP=1", "-f"])
            .arg(dump)
            .arg(&t.url)
            .output()
            .expect("psql (postgresql-client; .ci/run installs it)");
        assert!(out.status.success(), "loading {}: {}", dump.display(), String::from_utf8_lossy(&out.stderr));
        Some(t)
    }

    pub async fn cleanup(self) {
        self.db.pool.close().await;
        if let Some(name) = self.pg_name {
            if let Ok(admin) = Db::connect(&pg_url()).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin.pool).await;
                admin.pool.close().await;
            }
        }
    }
}

fn rand_suffix() -> String {
    use rand::Rng;
    format!("{:08x}", rand::thread_rng().gen::<u32>())
}

/// Runs the test body on SQLite, then on PostgreSQL.
pub async fn each_backend<F, Fut>(f: F)
where
    F: Fn(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    let t = TestDb::sqlite().await;
    f(t.db.clone()).await;
    t.cleanup().await;
    if let Some(t) = TestDb::postgres().await {
        assert_eq!(t.db.backend, Backend::Postgres);
        f(t.db.clone()).await;
        t.cleanup().await;
    }
}

pub fn system_ctx() -> Ctx {
    Ctx {
        actor: Actor {
            user_id: 0,
            username: "test".into(),
            display_name: "test".into(),
            is_system: true,
            grants: vec![],
            readable: vec![],
            ksm_only: vec![],
        },
        source: "test".into(),
        lang: Lang::Id,
    }
}

/// The context of a demo user, as a request would build it.
pub async fn ctx_of(db: &Db, username: &str) -> Ctx {
    let user = swadaya_core::store::auth::user_by_name(db, username).await.expect("query").expect("demo user exists");
    Ctx { actor: Actor::load(db, &user).await.expect("load actor"), source: "test".into(), lang: Lang::Id }
}

pub async fn institution_id(db: &Db, name: &str) -> i64 {
    let (rows, _) = swadaya_core::store::registers::list_institutions(db, None, Some(name), 10, 0).await.expect("list");
    rows.into_iter().find(|i| i.name == name).map(|i| i.id).expect("institution exists")
}

pub async fn count(db: &Db, sql: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(sql).fetch_one(&db.pool).await.expect("count").try_get::<i64, _>(0).expect("count value")
}

/// The app on a random loopback port.
/// Journal entries whose debits and credits differ (of one institution, or of all): 0 in
/// balanced books.
pub async fn unbalanced_entries(db: &Db, institution: Option<i64>) -> i64 {
    let only = institution.map(|i| format!("WHERE institution_id = {i} ")).unwrap_or_default();
    count(db, &format!("SELECT COUNT(*) FROM (SELECT entry_id FROM journal_lines {only}GROUP BY entry_id HAVING CAST(SUM(debit) AS BIGINT) <> CAST(SUM(credit) AS BIGINT)) x")).await
}

/// A loopback port no one listens on at this moment, for a server started as its own process.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port()
}

pub async fn spawn_app(db: Db) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = swadaya_web::router(swadaya_web::AppState::new(db, false));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
    });
    format!("http://{addr}")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// Logs a demo user in; returns the client (holding the session cookie) and a CSRF token.
pub async fn login(base: &str, username: &str) -> (reqwest::Client, String) {
    let c = client();
    let r = c
        .post(format!("{base}/login"))
        .form(&[("username", username), ("password", swadaya::demo::DEMO_PASSWORD), ("next", "/institutions")])
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 303, "login of {username} should succeed");
    let page = c.get(format!("{base}/p")).send().await.expect("page").text().await.expect("body");
    (c, csrf_in(&page))
}

pub fn csrf_in(html: &str) -> String {
    let i = html.find("name=\"_csrf\" value=\"").expect("page has a CSRF field") + "name=\"_csrf\" value=\"".len();
    html[i..].split('"').next().unwrap_or_default().to_string()
}

/// `swadaya serve` as its own process (killed when dropped), for crash tests.
pub struct Server(pub Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the server binary on `port`; `fault` arms the stop right after a synced commit. Returns
/// the server and its stderr lines.
pub fn start(url: &str, port: u16, fault: bool) -> (Server, std::sync::mpsc::Receiver<String>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_swadaya"));
    cmd.env("DATABASE_URL", url).args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--insecure-cookies"]);
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    if fault {
        cmd.env("SWADAYA_FAULT", "after-commit:field-sync");
    }
    let mut child = cmd.spawn().expect("start swadaya serve");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (Server(child), rx)
}

/// Waits for the server to answer (loading the full demo first can take a while on PostgreSQL).
pub async fn wait_up(base: &str) {
    for _ in 0..600 {
        if reqwest::get(format!("{base}/healthz")).await.is_ok_and(|r| r.status() == 200) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("swadaya serve did not start at {base}");
}

/// The institution's journal exported for hledger balances, per account, exactly like our trial
/// balance. Skipped (with a note) where hledger is not installed, except in CI.
pub async fn hledger_agrees(db: &Db, institution: i64) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("books.journal");
    let mut out = Vec::new();
    swadaya::cli::write_ledger(db, institution, &mut out).await.expect("export");
    std::fs::write(&path, &out).expect("write");
    let tb = swadaya_core::app::books::reports::trial_balance(db, &system_ctx(), institution, "1970-01-01", "9999-12-31")
        .await
        .expect("tb");
    match std::process::Command::new("hledger").args(["-f"]).arg(&path).args(["bal", "--flat", "-N", "-O", "csv"]).output() {
        Ok(o) => {
            assert!(o.status.success(), "hledger: {}", String::from_utf8_lossy(&o.stderr));
            let csv = String::from_utf8_lossy(&o.stdout).to_string();
            let mut theirs: Vec<(String, i64)> = csv
                .lines()
                .skip(1)
                .filter_map(|l| {
                    let cols: Vec<&str> = l.split("\",\"").map(|c| c.trim_matches('"')).collect();
                    let code = cols.first()?.split_whitespace().next()?.to_string();
                    Some((code, cols.get(1)?.replace(',', "").parse().ok()?))
                })
                .collect();
            theirs.sort();
            let mut ours: Vec<(String, i64)> =
                tb.rows.iter().filter(|r| r.closing != 0).map(|r| (r.code.clone(), r.closing)).collect();
            ours.sort();
            assert_eq!(theirs, ours, "hledger output:\n{csv}");
        }
        Err(e) => {
            assert!(std::env::var("CI").is_err(), "hledger is required in CI: {e}");
            eprintln!("SKIPPING hledger comparison: {e}");
        }
    }
}
