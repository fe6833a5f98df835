//! Forms saved moments ago: a second identical save within the window is asked about before it
//! is recorded (web::repeat), and the form is held while the user answers.

use crate::app::AppResult;
use crate::store::{self, repeats, Db};

pub use crate::store::repeats::{Held, Recent};

/// The same form saved by this user since `since`, if any.
pub async fn recent(db: &Db, user_id: i64, fingerprint: &str, since: &str) -> AppResult<Option<Recent>> {
    Ok(repeats::recent(db, user_id, fingerprint, since).await?)
}

/// Remembers a saved form, forgetting those saved before `forget_before`.
pub async fn remember(db: &Db, user_id: i64, fingerprint: &str, r: &Recent, forget_before: &str) -> AppResult<()> {
    Ok(repeats::remember(db, user_id, fingerprint, r, forget_before).await?)
}

/// Holds a repeated form under a one-time token while its user is asked.
pub async fn hold(db: &Db, token: &str, user_id: i64, held: &Held, forget_before: &str) -> AppResult<()> {
    Ok(repeats::hold(db, &crate::app::auth::token_hash(token), user_id, held, &store::now_utc(), forget_before).await?)
}

/// The held form, once: taken by its own user for the path it was posted to.
pub async fn take(db: &Db, token: &str, user_id: i64, path: &str, since: &str) -> AppResult<Option<Held>> {
    Ok(repeats::take(db, &crate::app::auth::token_hash(token), user_id, path, since).await?)
}

/// The time now, as every saved form's moment is written.
pub fn now() -> String {
    store::now_utc()
}
