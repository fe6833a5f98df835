//! Who is signed in: browser sessions (a cookie's token, hashed at rest) and API bearer tokens.
//! The web layer holds only the tokens; what they open is decided here.

use crate::app::auth::{random_token, token_hash};
use crate::app::{Actor, AppResult, Ctx};
use crate::store::{self, Db};
use swadaya_domain::Lang;

/// A user signed in by a session cookie.
pub struct SignedIn {
    pub user_id: i64,
    pub actor: Actor,
    pub lang: Lang,
    pub csrf: String,
}

/// The session a cookie's token opens: none when it is unknown, has expired, or its user is
/// disabled.
pub async fn session(db: &Db, token: &str) -> AppResult<Option<SignedIn>> {
    let Some((s, user)) = live(db, token).await? else { return Ok(None) };
    let actor = Actor::load(db, &user).await?;
    Ok(Some(SignedIn { user_id: user.id, actor, lang: Lang::parse(&user.lang).unwrap_or_default(), csrf: s.csrf }))
}

/// The user id, CSRF token and language of a live session, without loading their roles (for the
/// checks that run before every form).
pub async fn session_user(db: &Db, token: &str) -> AppResult<Option<(i64, String, Lang)>> {
    let Some((s, user)) = live(db, token).await? else { return Ok(None) };
    Ok(Some((user.id, s.csrf, Lang::parse(&user.lang).unwrap_or_default())))
}

/// A session that has not expired, and its user if still enabled.
async fn live(db: &Db, token: &str) -> AppResult<Option<(store::auth::Session, store::auth::User)>> {
    let Some(s) = store::auth::session(db, &token_hash(token), &store::now_utc()).await? else { return Ok(None) };
    Ok(store::auth::user_by_id(db, s.user_id).await?.filter(|u| !u.disabled).map(|u| (s, u)))
}

/// A new session for a user who has just proved who they are, lasting `hours`; the token the
/// browser held before is ended, so a token planted before login is never reused. Returns the
/// new token for the cookie.
pub async fn sign_in(db: &Db, user_id: i64, previous: Option<&str>, hours: i64) -> AppResult<String> {
    if let Some(old) = previous {
        store::auth::delete_session(db, &token_hash(old)).await?;
    }
    let token = random_token();
    let expires = (chrono::Utc::now() + chrono::Duration::hours(hours)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    store::auth::insert_session(db, &token_hash(&token), user_id, &random_token(), &expires).await?;
    Ok(token)
}

pub async fn sign_out(db: &Db, token: &str) -> AppResult<()> {
    Ok(store::auth::delete_session(db, &token_hash(token)).await?)
}

/// The signed-in user's own choice of language.
pub async fn set_lang(db: &Db, ctx: &Ctx, lang: Lang) -> AppResult<()> {
    Ok(store::auth::set_lang(db, ctx.actor.user_id, lang.code()).await?)
}

/// The enabled user an API bearer token belongs to, as an actor with their roles.
pub async fn bearer(db: &Db, token: &str) -> AppResult<Option<(i64, Actor)>> {
    match store::auth::token_owner(db, &token_hash(token)).await? {
        Some(u) if !u.disabled => Ok(Some((u.id, Actor::load(db, &u).await?))),
        _ => Ok(None),
    }
}
