//! A column read wrongly is an error that names it, never a zero or an empty text.

use super::{get_code, get_i64, get_str, opt_i64, Db};
use crate::app::fund::loans::Status;

async fn one_row(db: &Db, sql: &str) -> sqlx::any::AnyRow {
    sqlx::query(sql).fetch_one(&db.pool).await.expect(sql)
}

async fn check(db: &Db) {
    let r = one_row(db, "SELECT 5000 AS amount, 'Bibrik' AS name, NULL AS note").await;
    assert_eq!(get_i64(&r, "amount").expect("amount"), 5000);
    assert_eq!(get_str(&r, "name").expect("name"), "Bibrik");
    assert_eq!(opt_i64(&r, "note").expect("a NULL is None where a NULL may be"), None);

    let misspelled = get_i64(&r, "amont").expect_err("a misspelled column is an error, not Rp 0");
    assert!(misspelled.to_string().contains("amont"), "the error names the column: {misspelled}");
    let null = get_i64(&r, "note").expect_err("a NULL where an amount must be is an error");
    assert!(null.to_string().contains("note"), "the error names the column: {null}");
    let text = get_i64(&r, "name").expect_err("text read as an amount is an error");
    assert!(text.to_string().contains("name"), "the error names the column: {text}");

    let r = one_row(db, "SELECT 'disbursed' AS status, 'closed' AS later").await;
    assert_eq!(get_code(&r, "status", Status::parse).expect("a known code"), Status::Disbursed);
    let unknown = get_code(&r, "later", Status::parse).expect_err("a code this version does not know is an error");
    assert!(unknown.to_string().contains("later"), "the error names the column: {unknown}");
}

#[tokio::test]
async fn a_misread_column_is_an_error_naming_it() {
    let sqlite = Db::connect("sqlite::memory:").await.expect("sqlite in memory");
    check(&sqlite).await;

    let url = std::env::var("SWADAYA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    match Db::connect(&url).await {
        Ok(pg) => {
            check(&pg).await;
            // PostgreSQL's SUM of BIGINT is NUMERIC: without a CAST the row itself is refused.
            let e = sqlx::query("SELECT SUM(x) AS total FROM (VALUES (CAST(7 AS BIGINT))) AS t(x)")
                .fetch_one(&pg.pool)
                .await
                .err()
                .expect("a NUMERIC sum is an error, not a zero");
            assert!(format!("{e:?}").contains("total"), "the error names the column: {e:?}");
        }
        Err(e) if std::env::var("CI").is_err() => eprintln!("SKIPPING the PostgreSQL half: {e:#}"),
        Err(e) => panic!("PostgreSQL is required in CI: {e:#}"),
    }
}
