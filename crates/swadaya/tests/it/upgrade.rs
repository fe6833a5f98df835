//! Upgrades lose nothing: a database made by a tagged release (its demo, on SQLite and as a
//! pg_dump, in `tests/fixtures/upgrade/<tag>/`, made by `make.sh` with that release's binary) is
//! migrated to the current schema, and every report in `reports.txt` answers byte for byte as
//! that release answered it.

use crate::common::*;
use std::path::{Path, PathBuf};
use swadaya_core::store::Db;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upgrade")
}

fn reports() -> Vec<String> {
    let list = std::fs::read_to_string(fixtures().join("reports.txt")).expect("reports.txt");
    list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from).collect()
}

/// The raw bytes of a page's `items` (`{"items":[...],"page":..}`), when the page holds the whole
/// list.
fn rows_of_page(body: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(body).ok()?;
    let rest = text.strip_prefix("{\"items\":")?;
    let end = rest.rfind(",\"page\":")?;
    let page: serde_json::Value = serde_json::from_str(text).ok()?;
    let whole = page["total"].as_u64() == page["items"].as_array().map(|a| a.len() as u64);
    whole.then(|| rest.as_bytes()[..end].to_vec())
}

/// Migrates the release's database and asks every report again, as the release's fixture did.
async fn same_reports(db: &Db, expected: &Path) -> usize {
    db.migrate().await.expect("the release's database migrates to the current schema");
    let base = spawn_app(db.clone()).await;
    let (c, _) = login(&base, "admin").await;
    let token = std::fs::read_to_string(expected.join("token")).expect("token").trim().to_string();
    let mut differ = vec![];
    let list = reports();
    for (n, path) in list.iter().enumerate() {
        let want = std::fs::read(expected.join(format!("{:02}.out", n + 1))).expect("the release's answer");
        // A list the API answered as a bare array now answers one page of the list shape (issue
        // 19); its rows, asked for whole, must be the release's bytes.
        let list = path.starts_with("/api/") && want.starts_with(b"[");
        let asked = if list { format!("{path}{}per_page=200", if path.contains('?') { '&' } else { '?' }) } else { path.clone() };
        let req = c.get(format!("{base}{asked}"));
        let req = if path.starts_with("/api/") { req.bearer_auth(&token) } else { req };
        let r = req.send().await.expect("report");
        assert_eq!(r.status(), 200, "{path}");
        let body = r.bytes().await.expect("body");
        let got =
            if list { rows_of_page(&body).unwrap_or_else(|| panic!("{path}: not a page: {body:?}")) } else { body.to_vec() };
        if got != want {
            let at = got.iter().zip(&want).position(|(a, b)| a != b).unwrap_or(got.len().min(want.len()));
            let from = at.saturating_sub(80);
            differ.push(format!(
                "{path}: differs at byte {at}\n  release: {}\n  now:     {}",
                String::from_utf8_lossy(&want[from..(at + 80).min(want.len())]),
                String::from_utf8_lossy(&got[from..(at + 80).min(got.len())])
            ));
        }
    }
    assert!(differ.is_empty(), "{} of {} reports changed after the upgrade:\n{}", differ.len(), list.len(), differ.join("\n"));
    assert_eq!(
        swadaya_core::store::audit::verify(db).await.expect("verify").map(|_| ()),
        Ok(()),
        "the audit chain still verifies"
    );
    list.len()
}

#[tokio::test]
async fn a_database_from_the_last_release_migrates_with_every_report_unchanged() {
    let tags: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    assert!(!tags.is_empty(), "at least one release's fixture");
    for tag in tags {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("swadaya.db");
        std::fs::copy(tag.join("swadaya.db"), &file).expect("copy the release's database");
        let db = Db::connect(&format!("sqlite://{}", file.display())).await.expect("open");
        let n = same_reports(&db, &tag.join("reports-sqlite")).await;
        db.pool.close().await;
        if let Some(t) = TestDb::postgres_from_dump(&tag.join("postgres.sql")).await {
            same_reports(&t.db, &tag.join("reports-postgres")).await;
            t.cleanup().await;
        }
        eprintln!("upgrade from {}: {n} reports identical on each database", tag.display());
    }
}
