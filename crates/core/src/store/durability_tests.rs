//! A commit the user saw saved survives a power cut: SQLite syncs its write-ahead log at every
//! commit unless the operator asked otherwise (`swadaya serve --sqlite-sync normal`).

use super::{get_i64, Db, Durability};

async fn pragma(db: &Db, name: &str) -> i64 {
    let row = sqlx::query(&format!("PRAGMA {name}")).fetch_one(&db.pool).await.expect(name);
    get_i64(&row, name).expect(name)
}

#[tokio::test]
async fn every_commit_is_synced_unless_relaxed() {
    let dir = std::env::temp_dir().join(format!("swadaya-durability-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = |n: &str| format!("sqlite://{}", dir.join(n).display());

    let full = Db::connect(&url("full.db")).await.expect("open");
    assert_eq!(pragma(&full, "synchronous").await, 2, "FULL by default");
    assert_eq!(pragma(&full, "temp_store").await, 2, "temporary b-trees in memory");
    full.pool.close().await;

    let normal = Db::connect_with(&url("normal.db"), Durability::Normal).await.expect("open");
    assert_eq!(pragma(&normal, "synchronous").await, 1, "NORMAL only when asked for");
    normal.pool.close().await;
    std::fs::remove_dir_all(&dir).ok();

    assert_eq!("Normal".parse::<Durability>(), Ok(Durability::Normal));
    let refused = "off".parse::<Durability>().expect_err("only full or normal");
    assert!(refused.contains("full") && refused.contains("normal"), "{refused}");
}
