//! Remembered answers to POST requests that carried an `Idempotency-Key`, so a phone that
//! retries on a bad network gets the first answer again instead of a second record.
//!
//! The answer is kept in the command's own transaction: inside [`scope`], a write transaction's
//! commit is held back ("parked") until the web layer has the answer, which [`finish`] then adds
//! to that transaction before the one commit. So a command and its remembered answer land
//! together or not at all, one durable commit per request, and two requests racing with the
//! same key cannot both apply: the second one's answer row collides and its write is rolled back.
//! A command that opens a second transaction commits the parked one first ([`super::Db::begin`]);
//! its answer is then stored on its own afterwards, as it was before this existed.

use super::{get_i64, get_str, is_unique_violation, Db, WriteTx};
use std::future::Future;
use std::sync::Mutex;

pub struct Stored {
    pub request: String,
    pub status: u16,
    pub body: String,
}

/// The key a request carries, for whom, and the fingerprint of the request itself.
#[derive(Clone)]
pub struct Key {
    pub user_id: i64,
    pub key: String,
    pub request: String,
}

struct Slot {
    key: Key,
    parked: Option<WriteTx>,
}

tokio::task_local! {
    static PENDING: Mutex<Slot>;
}

/// Runs `f` (the request's handler) with its last write transaction held for [`finish`].
pub async fn scope<F: Future>(key: Key, f: F) -> F::Output {
    PENDING.scope(Mutex::new(Slot { key, parked: None }), f).await
}

/// Inside a scope, keeps the transaction for [`finish`]; outside, hands it back to be committed.
pub(super) fn park(tx: WriteTx) -> Option<WriteTx> {
    let mut tx = Some(tx);
    let _ = PENDING.try_with(|slot| {
        let mut slot = slot.lock().unwrap_or_else(|p| p.into_inner());
        if slot.parked.is_none() {
            slot.parked = tx.take();
        }
    });
    tx
}

/// The parked transaction, taken so a new one can begin (or the request can finish).
pub(super) fn unpark() -> Option<WriteTx> {
    PENDING.try_with(|slot| slot.lock().unwrap_or_else(|p| p.into_inner()).parked.take()).ok().flatten()
}

/// How the request's write and its answer ended.
pub enum Finished {
    /// Committed (with the answer when it was to be kept), or nothing was written.
    Done,
    /// Another request with the same key was answered first; this one's write was rolled back.
    /// Its stored answer is what the caller gets.
    AnsweredBefore(Stored),
}

/// Ends the request: commits the parked write with its answer in the same transaction, or
/// stores the answer alone when nothing was parked. `keep` is false for a server error, whose
/// answer is not replayed (the write, if any, is still committed as the command made it).
pub async fn finish(db: &Db, status: u16, body: &str, keep: bool) -> sqlx::Result<Finished> {
    let (parked, key) = match PENDING.try_with(|slot| {
        let mut slot = slot.lock().unwrap_or_else(|p| p.into_inner());
        (slot.parked.take(), slot.key.clone())
    }) {
        Ok(found) => found,
        Err(_) => return Ok(Finished::Done),
    };
    let Some(mut tx) = parked else {
        if keep {
            put(db, &key, status, body).await?;
        }
        return Ok(Finished::Done);
    };
    if keep {
        if let Err(e) = insert(&key, status, body, false).execute(&mut *tx.tx).await {
            drop(tx);
            if is_unique_violation(&e) {
                if let Some(first) = get(db, key.user_id, &key.key).await? {
                    return Ok(Finished::AnsweredBefore(first));
                }
            }
            return Err(e);
        }
    }
    tx.commit_now().await?;
    Ok(Finished::Done)
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

fn insert<'q>(
    key: &'q Key,
    status: u16,
    body: &'q str,
    or_nothing: bool,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    sqlx::query(if or_nothing {
        "INSERT INTO idempotency (user_id, key, request, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id, key) DO NOTHING"
    } else {
        "INSERT INTO idempotency (user_id, key, request, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)"
    })
    .bind(key.user_id)
    .bind(key.key.as_str())
    .bind(key.request.as_str())
    .bind(status as i64)
    .bind(body)
    .bind(super::now_utc())
}

async fn put(db: &Db, key: &Key, status: u16, body: &str) -> sqlx::Result<()> {
    db.write_one(insert(key, status, body, true)).await
}
