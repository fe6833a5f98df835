//! API answers kept by `Idempotency-Key`, per user: a retry with the same request gets the
//! first answer again (web::api::idempotency). The answer joins the command's own transaction:
//! see `store::idempotency` for how a commit waits for it.

use crate::app::AppResult;
use crate::store::{idempotency, Db};
use std::future::Future;

pub use crate::store::idempotency::{Finished, Key, Stored};

pub async fn get(db: &Db, user_id: i64, key: &str) -> AppResult<Option<Stored>> {
    Ok(idempotency::get(db, user_id, key).await?)
}

/// Runs the request's handler so that its write commits only with its answer, in [`finish`].
pub async fn scope<F: Future>(key: Key, handler: F) -> F::Output {
    idempotency::scope(key, handler).await
}

/// Commits the handler's write together with its answer (`keep` false for a server error,
/// which is not replayed). Called inside [`scope`], after the handler.
pub async fn finish(db: &Db, status: u16, body: &str, keep: bool) -> AppResult<Finished> {
    Ok(idempotency::finish(db, status, body, keep).await?)
}
