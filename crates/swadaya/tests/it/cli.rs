//! The command line as an operator uses it: `audit verify` exit codes on both databases, and
//! backup/restore on SQLite.

use crate::common::*;
use std::process::Command;

fn swadaya(url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_swadaya")).env("DATABASE_URL", url).args(args).output().expect("run swadaya")
}

async fn check_verify(t: TestDb) {
    swadaya::demo::load_base(&t.db, 0).await.expect("demo");
    let ok = swadaya(&t.url, &["audit", "verify"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("audit log intact"));
    let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
    let disable = match t.db.backend {
        swadaya_core::store::Backend::Sqlite => "DROP TRIGGER audit_log_no_update",
        swadaya_core::store::Backend::Postgres => "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
    };
    sqlx::query(disable).execute(&t.db.pool).await.expect("disable protection");
    sqlx::query(&format!("UPDATE audit_log SET actor = 'orang lain' WHERE chain = {lkm} AND seq = 4"))
        .execute(&t.db.pool)
        .await
        .expect("tamper");
    let bad = swadaya(&t.url, &["audit", "verify"]);
    assert!(!bad.status.success(), "verify must fail after tampering");
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains(&format!("chain {lkm} row 4")), "names the first bad row: {err}");
    t.cleanup().await;
}

#[tokio::test]
async fn audit_verify_exits_non_zero_naming_the_tampered_row() {
    check_verify(TestDb::sqlite().await).await;
    if let Some(t) = TestDb::postgres().await {
        check_verify(t).await;
    }
}

#[tokio::test]
async fn backup_while_serving_and_restore() {
    let t = TestDb::sqlite().await;
    swadaya::demo::load_base(&t.db, 0).await.expect("demo");
    let _base = spawn_app(t.db.clone()).await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("cadangan.db");
    let file = file.to_str().expect("path");
    let out = swadaya(&t.url, &["backup", file]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let again = swadaya(&t.url, &["backup", file]);
    assert!(!again.status.success(), "an existing backup is never overwritten");

    let target = dir.path().join("restored.db");
    let target_url = format!("sqlite://{}", target.display());
    let out = swadaya(&target_url, &["restore", file]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let restored = swadaya_core::store::Db::connect(&target_url).await.expect("open restored");
    assert_eq!(count(&restored, "SELECT COUNT(*) FROM people").await, count(&t.db, "SELECT COUNT(*) FROM people").await);
    assert_eq!(swadaya_core::store::audit::verify(&restored).await.expect("verify").map(|_| ()), Ok(()));

    std::fs::write(dir.path().join("not-a-db.db"), b"hello").expect("write");
    let junk = dir.path().join("not-a-db.db");
    let out = swadaya(&target_url, &["restore", junk.to_str().expect("path")]);
    assert!(!out.status.success(), "a file that is not a Swadaya database is refused");
    t.cleanup().await;
}

#[tokio::test]
async fn backup_then_restore_gives_byte_identical_reports() {
    let t = TestDb::sqlite().await;
    swadaya::demo::load(&t.db, 0).await.expect("demo");
    let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("cadangan.db");
    let out = swadaya(&t.url, &["backup", file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let target_url = format!("sqlite://{}", dir.path().join("pulih.db").display());
    let out = swadaya(&target_url, &["restore", file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let restored = swadaya_core::store::Db::connect(&target_url).await.expect("open restored");

    let today = chrono::Local::now().date_naive();
    let reports = [
        format!("/i/{lkm}/books/trial-balance?from=2020-01-01&to={today}&format=csv"),
        format!("/i/{lkm}/books/balance-sheet?to={today}&format=csv"),
        format!("/i/{lkm}/arrears?to={today}&format=csv"),
    ];
    let mut bodies = Vec::new();
    for db in [t.db.clone(), restored.clone()] {
        let base = spawn_app(db).await;
        let (c, _) = login(&base, "upk").await;
        let mut got = Vec::new();
        for path in &reports {
            let r = c.get(format!("{base}{path}")).send().await.expect("report");
            assert_eq!(r.status(), 200, "{path}");
            got.push(r.bytes().await.expect("body"));
        }
        bodies.push(got);
    }
    for (i, path) in reports.iter().enumerate() {
        assert!(bodies[0][i].len() > 200, "{path} has content");
        assert_eq!(bodies[0][i], bodies[1][i], "{path} is byte-identical after backup and restore");
    }
    t.cleanup().await;
}
