//! Remembered answers to POST requests that carried an `Idempotency-Key`, so a phone that
//! retries on a bad network gets the first answer again instead of a second record.

use super::{get_i64, get_str, Db};

pub struct Stored {
    pub request: String,
    pub status: u16,
    pub body: String,
}

pub async fn get(db: &Db, user_id: i64, key: &str) -> sqlx::Result<Option<Stored>> {
    sqlx::query("SELECT request, status, body FROM idempotency WHERE user_id = $1 AND key = $2")
        .bind(user_id)
        .bind(key)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| {
            Ok::<_, sqlx::Error>(Stored {
                request: get_str(&r, "request")?,
                status: u16::try_from(get_i64(&r, "status")?).unwrap_or(200),
                body: get_str(&r, "body")?,
            })
        })
        .transpose()
}

pub async fn put(db: &Db, user_id: i64, key: &str, request: &str, status: u16, body: &str) -> sqlx::Result<()> {
    db.write_one(
        sqlx::query(
            "INSERT INTO idempotency (user_id, key, request, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id, key) DO NOTHING",
        )
        .bind(user_id)
        .bind(key)
        .bind(request)
        .bind(status as i64)
        .bind(body)
        .bind(super::now_utc()),
    )
    .await?;
    Ok(())
}
