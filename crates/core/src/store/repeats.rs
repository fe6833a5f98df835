//! The forms a user saved lately (by fingerprint) and the repeated ones held while the user
//! decides: the memory behind `web::repeat`. Kept in the database, not in one server's memory,
//! so the question and its answer may reach different app servers.

use super::{get_i64, get_str, Db};
use sqlx::Row;

/// What was saved with a fingerprint: its one-time key, when, and the page the user went to.
pub struct Recent {
    pub idem_key: String,
    pub saved_at: String,
    pub location: String,
}

pub async fn recent(db: &Db, user_id: i64, fingerprint: &str, since: &str) -> sqlx::Result<Option<Recent>> {
    sqlx::query("SELECT idem_key, saved_at, location FROM recent_forms WHERE user_id = $1 AND fingerprint = $2 AND saved_at > $3")
        .bind(user_id)
        .bind(fingerprint)
        .bind(since)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| {
            Ok::<_, sqlx::Error>(Recent {
                idem_key: get_str(&r, "idem_key")?,
                saved_at: get_str(&r, "saved_at")?,
                location: get_str(&r, "location")?,
            })
        })
        .transpose()
}

/// Remembers a saved form (replacing an older save of the same content) and forgets those older
/// than `forget_before`.
pub async fn remember(db: &Db, user_id: i64, fingerprint: &str, r: &Recent, forget_before: &str) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM recent_forms WHERE saved_at < $1 OR (user_id = $2 AND fingerprint = $3)")
        .bind(forget_before)
        .bind(user_id)
        .bind(fingerprint)
        .execute(&mut *tx.tx)
        .await?;
    sqlx::query("INSERT INTO recent_forms (user_id, fingerprint, idem_key, saved_at, location) VALUES ($1, $2, $3, $4, $5)")
        .bind(user_id)
        .bind(fingerprint)
        .bind(&r.idem_key)
        .bind(&r.saved_at)
        .bind(&r.location)
        .execute(&mut *tx.tx)
        .await?;
    tx.commit().await
}

/// A held form: where it was sent, its content type and body.
pub struct Held {
    pub path: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

pub async fn hold(db: &Db, token_hash: &str, user_id: i64, held: &Held, now: &str, forget_before: &str) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM held_forms WHERE held_at < $1").bind(forget_before).execute(&mut *tx.tx).await?;
    sqlx::query(
        "INSERT INTO held_forms (token_hash, user_id, path, content_type, body, held_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(&held.path)
    .bind(&held.content_type)
    .bind(&held.body)
    .bind(now)
    .execute(&mut *tx.tx)
    .await?;
    tx.commit().await
}

/// Takes a held form back (once): only its own user, and only for the path it was sent to.
pub async fn take(db: &Db, token_hash: &str, user_id: i64, path: &str, since: &str) -> sqlx::Result<Option<Held>> {
    let mut tx = db.begin().await?;
    let row = sqlx::query("SELECT user_id, path, content_type, body FROM held_forms WHERE token_hash = $1 AND held_at > $2")
        .bind(token_hash)
        .bind(since)
        .fetch_optional(&mut *tx.tx)
        .await?;
    let held = match row {
        Some(r) if get_i64(&r, "user_id")? == user_id && get_str(&r, "path")? == path => Some(Held {
            path: get_str(&r, "path")?,
            content_type: get_str(&r, "content_type")?,
            body: r.try_get::<Vec<u8>, _>("body")?,
        }),
        _ => None,
    };
    if held.is_some() {
        sqlx::query("DELETE FROM held_forms WHERE token_hash = $1").bind(token_hash).execute(&mut *tx.tx).await?;
    }
    tx.commit().await?;
    Ok(held)
}
