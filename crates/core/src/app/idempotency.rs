//! API answers kept by `Idempotency-Key`, per user: a retry with the same request gets the
//! first answer again (web::api::idempotency).

use crate::app::AppResult;
use crate::store::{idempotency, Db};

pub use crate::store::idempotency::Stored;

pub async fn get(db: &Db, user_id: i64, key: &str) -> AppResult<Option<Stored>> {
    Ok(idempotency::get(db, user_id, key).await?)
}

pub async fn put(db: &Db, user_id: i64, key: &str, request: &str, status: u16, body: &str) -> AppResult<()> {
    Ok(idempotency::put(db, user_id, key, request, status, body).await?)
}
