//! Users, their roles, browser sessions and API tokens. Secrets are stored only as hashes.

use super::{get_i64, get_str, opt_i64, opt_str, Db, Tx};

#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub lang: String,
    pub is_system: bool,
    pub disabled: bool,
}

#[derive(Debug, Clone)]
pub struct RoleGrant {
    pub role: String,
    pub institution_id: Option<i64>,
    pub region_code: Option<String>,
    /// The one KSM a KSM treasurer keeps the books of.
    pub ksm_id: Option<i64>,
}

fn user(r: &sqlx::any::AnyRow) -> sqlx::Result<User> {
    Ok(User {
        id: get_i64(r, "id")?,
        username: get_str(r, "username")?,
        display_name: get_str(r, "display_name")?,
        password_hash: get_str(r, "password_hash")?,
        lang: get_str(r, "lang")?,
        is_system: get_i64(r, "is_system")? != 0,
        disabled: get_i64(r, "disabled")? != 0,
    })
}

pub async fn insert_user(
    tx: &mut Tx,
    username: &str,
    display_name: &str,
    password_hash: &str,
    is_system: bool,
) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO users (username, display_name, password_hash, is_system, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(username)
    .bind(display_name)
    .bind(password_hash)
    .bind(is_system as i64)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn set_password(tx: &mut Tx, user_id: i64, hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(hash).bind(user_id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn set_disabled(tx: &mut Tx, user_id: i64, disabled: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2").bind(disabled as i64).bind(user_id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn set_lang(db: &Db, user_id: i64, lang: &str) -> sqlx::Result<()> {
    db.write_one(sqlx::query("UPDATE users SET lang = $1 WHERE id = $2").bind(lang).bind(user_id)).await?;
    Ok(())
}

pub async fn grant(
    tx: &mut Tx,
    user_id: i64,
    role: &str,
    institution_id: Option<i64>,
    region_code: Option<&str>,
    ksm_id: Option<i64>,
) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO user_roles (user_id, role, institution_id, region_code, ksm_id) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user_id)
    .bind(role)
    .bind(institution_id)
    .bind(region_code)
    .bind(ksm_id)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn user_by_name(db: &Db, username: &str) -> sqlx::Result<Option<User>> {
    sqlx::query("SELECT * FROM users WHERE username = $1")
        .bind(username.trim().to_lowercase())
        .fetch_optional(&db.pool)
        .await?
        .map(|r| user(&r))
        .transpose()
}

pub async fn user_by_id(db: &Db, id: i64) -> sqlx::Result<Option<User>> {
    sqlx::query("SELECT * FROM users WHERE id = $1").bind(id).fetch_optional(&db.pool).await?.map(|r| user(&r)).transpose()
}

pub async fn roles_of(db: &Db, user_id: i64) -> sqlx::Result<Vec<RoleGrant>> {
    let rows = sqlx::query("SELECT * FROM user_roles WHERE user_id = $1 ORDER BY id").bind(user_id).fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            Ok(RoleGrant {
                role: get_str(r, "role")?,
                institution_id: opt_i64(r, "institution_id")?,
                region_code: opt_str(r, "region_code")?,
                ksm_id: opt_i64(r, "ksm_id")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

/// Users holding a role in the institution, for its admin's user page: the role, and the KSM's
/// name when the role is held for one KSM.
pub async fn users_of_institution(db: &Db, institution_id: i64) -> sqlx::Result<Vec<(User, String, Option<String>)>> {
    let rows = sqlx::query(
        "SELECT u.*, ur.role AS role, k.name AS ksm_name FROM users u JOIN user_roles ur ON ur.user_id = u.id
         LEFT JOIN ksm k ON k.institution_id = ur.institution_id AND k.id = ur.ksm_id
         WHERE ur.institution_id = $1 ORDER BY u.username",
    )
    .bind(institution_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((user(r)?, get_str(r, "role")?, opt_str(r, "ksm_name")?))).collect()
}

pub struct Session {
    pub user_id: i64,
    pub csrf: String,
}

pub async fn insert_session(db: &Db, token_hash: &str, user_id: i64, csrf: &str, expires_at: &str) -> sqlx::Result<()> {
    db.write_one(
        sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(token_hash)
            .bind(user_id)
            .bind(csrf)
            .bind(super::now_utc())
            .bind(expires_at),
    )
    .await?;
    Ok(())
}

pub async fn session(db: &Db, token_hash: &str, now: &str) -> sqlx::Result<Option<Session>> {
    sqlx::query("SELECT user_id, csrf FROM sessions WHERE token_hash = $1 AND expires_at > $2")
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| Ok::<_, sqlx::Error>(Session { user_id: get_i64(&r, "user_id")?, csrf: get_str(&r, "csrf")? }))
        .transpose()
}

pub async fn delete_session(db: &Db, token_hash: &str) -> sqlx::Result<()> {
    db.write_one(sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash)).await?;
    Ok(())
}

pub async fn delete_user_sessions(tx: &mut Tx, user_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn insert_token(tx: &mut Tx, user_id: i64, name: &str, token_hash: &str) -> sqlx::Result<i64> {
    let row = sqlx::query("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(super::now_utc())
        .fetch_one(&mut **tx)
        .await?;
    get_i64(&row, "id")
}

/// The user an API token belongs to, in one statement (every API request asks).
pub async fn token_owner(db: &Db, token_hash: &str) -> sqlx::Result<Option<User>> {
    sqlx::query("SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1")
        .bind(token_hash)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| user(&r))
        .transpose()
}
