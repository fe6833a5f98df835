//! Accounts: Argon2id password hashes, sessions and API tokens (stored as SHA-256 of a random
//! secret), and the commands that create users and give them roles.

use super::{AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use sha2::{Digest, Sha256};
use swadaya_domain::roles::{Action, Role};
use swadaya_domain::text;

pub const MIN_PASSWORD: usize = 8;

/// Longest password accepted: long passphrases fit (ASVS asks for at least 64), a pasted file does not.
pub const MAX_PASSWORD: usize = 128;

/// What is wrong with a new password, in the user's language, or nothing.
pub fn password_problem(lang: swadaya_domain::Lang, pw: &str) -> Option<String> {
    use swadaya_domain::Lang;
    let n = pw.trim().chars().count();
    if !(MIN_PASSWORD..=MAX_PASSWORD).contains(&n) {
        Some(match lang {
            Lang::Id => format!(
                "Kata sandi harus {MIN_PASSWORD}-{MAX_PASSWORD} karakter. Pilih kata sandi yang lebih panjang atau lebih pendek."
            ),
            Lang::En => format!("The password must be {MIN_PASSWORD}-{MAX_PASSWORD} characters. Choose a longer or shorter one."),
        })
    } else if pw.chars().any(char::is_control) {
        // A tab or a line break cannot be typed into the login box: the user would be locked out.
        Some(
            lang.pick(
                "Kata sandi tidak boleh berisi tab, baris baru atau karakter kontrol lain.",
                "The password cannot contain tabs, line breaks or other control characters.",
            )
            .to_string(),
        )
    } else {
        None
    }
}

pub fn hash_password(pw: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pw.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash password: {e}"))
}

pub fn verify_password(pw: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(pw.as_bytes(), &h).is_ok())
}

/// A fresh random secret (hex) for sessions, CSRF tokens and API tokens.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Checks a username and password. Verifies a dummy hash for unknown users so that timing does
/// not reveal which usernames exist.
pub async fn check_login(db: &Db, username: &str, password: &str) -> sqlx::Result<Option<store::auth::User>> {
    let user = store::auth::user_by_name(db, username.trim()).await?;
    match user {
        Some(u) if !u.disabled && verify_password(password, &u.password_hash) => Ok(Some(u)),
        Some(_) => Ok(None),
        None => {
            let dummy = DUMMY_HASH.get_or_init(|| hash_password("not-a-user-password").unwrap_or_default());
            let _ = verify_password(password, dummy);
            Ok(None)
        }
    }
}

static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub is_system: bool,
    pub role: Option<Role>,
    pub institution_id: Option<i64>,
    pub region_code: Option<String>,
    /// The KSM whose books a KSM treasurer keeps (their reach in the institution).
    pub ksm_id: Option<i64>,
}

fn check_new_user(lang: swadaya_domain::Lang, u: &NewUser) -> AppResult<()> {
    let mut e = Errors::default();
    let valid_name = !u.username.is_empty()
        && u.username.len() <= 40
        && u.username.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !valid_name {
        e.add(
            "username",
            lang.pick(
                "Nama pengguna 1-40 karakter: huruf, angka, titik, garis bawah atau tanda hubung.",
                "Username of 1-40 characters: letters, digits, dot, underscore or hyphen.",
            ),
        );
    }
    e.take("display_name", text::required_line(&u.display_name, 100), |x| x.msg(lang));
    if let Some(problem) = password_problem(lang, &u.password) {
        e.add("password", problem);
    }
    if let Some(role) = u.role {
        if role.scoped_by_region() && u.region_code.is_none() {
            e.add("region_code", lang.pick("Fasilitator perlu wilayah kerja.", "A facilitator needs a region."));
        }
        if !role.scoped_by_region() && u.institution_id.is_none() {
            e.add("institution_id", lang.pick("Peran ini perlu lembaga.", "This role needs an institution."));
        }
        if u.ksm_id.is_some() && role != Role::KsmTreasurer {
            e.add(
                "ksm_id",
                lang.pick("Hanya Bendahara KSM yang dibatasi pada satu KSM.", "Only a KSM treasurer is limited to one KSM."),
            );
        }
    }
    e.finish()
}

/// Creates a user. From the CLI (`ctx` None) anything goes; from the web only a system admin,
/// or an institution admin for roles inside their own institution.
pub async fn create_user(db: &Db, ctx: Option<&Ctx>, mut u: NewUser) -> AppResult<i64> {
    // Usernames are case-insensitive: `Upk` typed on a phone is `upk`.
    u.username = u.username.trim().to_lowercase();
    let lang = ctx.map(|c| c.lang).unwrap_or_default();
    if let Some(c) = ctx {
        match (u.is_system, u.institution_id) {
            (false, Some(inst)) if !u.role.is_some_and(|r| r.scoped_by_region()) => c.require(inst, Action::ManageUsers)?,
            _ => c.require_system()?,
        }
    }
    // A KSM treasurer keeps one group's books: which one is asked whenever a user gives the role
    // in an institution with groups, so it never reaches all of them by an omission. The command
    // line (no caller) may still give the role institution-wide, on purpose.
    if let (Some(_), Some(Role::KsmTreasurer), None, Some(inst)) = (ctx, u.role, u.ksm_id, u.institution_id) {
        if !store::ksm::list_ksm(db, inst).await?.is_empty() {
            return Err(AppError::field(
                "ksm_id",
                lang.pick("Pilih KSM yang dipegang bendahara ini.", "Choose the KSM this treasurer keeps."),
            ));
        }
    }
    check_new_user(lang, &u)?;
    if let Some(code) = &u.region_code {
        if store::registers::get_region(db, code).await?.is_none() {
            return Err(AppError::field("region_code", unknown_region(lang, code)));
        }
    }
    if let (Some(k), Some(inst)) = (u.ksm_id, u.institution_id) {
        if store::ksm::get_ksm(db, inst, k).await?.is_none() {
            return Err(AppError::field(
                "ksm_id",
                lang.pick("Pilih KSM dari daftar lembaga ini.", "Pick a KSM of this institution."),
            ));
        }
    }
    let hash = hash_password(&u.password)?;
    let mut tx = db.begin().await?;
    let id = match store::auth::insert_user(&mut tx, &u.username, &u.display_name, &hash, u.is_system).await {
        Ok(id) => id,
        Err(e) if store::is_unique_violation(&e) => {
            return Err(AppError::field("username", lang.pick("Nama pengguna ini sudah dipakai.", "This username is taken.")))
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(role) = u.role {
        store::auth::grant(&mut tx, id, role.code(), u.institution_id, u.region_code.as_deref(), u.ksm_id).await?;
    }
    let actor = ctx.map(|c| c.actor.username.as_str()).unwrap_or("cli");
    let source = ctx.map(|c| c.source.as_str()).unwrap_or("cli");
    store::audit::append(
        &mut tx,
        store::audit::AuditEvent {
            actor,
            source,
            action: "create",
            entity: "user",
            entity_id: id.to_string(),
            institution_id: u.institution_id,
            before: String::new(),
            after: super::to_json(&serde_json::json!({
                "username": u.username, "display_name": u.display_name, "is_system": u.is_system,
                "role": u.role.map(|r| r.code()), "institution_id": u.institution_id, "region_code": u.region_code, "ksm_id": u.ksm_id,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub fn unknown_region(lang: swadaya_domain::Lang, code: &str) -> String {
    match lang {
        swadaya_domain::Lang::Id => format!("Kode wilayah {code} tidak ada di daftar wilayah. Pilih dari daftar, atau minta admin mengimpor daftar wilayah resmi."),
        swadaya_domain::Lang::En => format!("Region code {code} is not in the region list. Pick one from the list, or ask an admin to import the official list."),
    }
}

/// Sets a new password (CLI `swadaya user passwd`) and ends the user's sessions.
pub async fn set_password(db: &Db, username: &str, password: &str) -> anyhow::Result<()> {
    if let Some(problem) = password_problem(swadaya_domain::Lang::En, password) {
        anyhow::bail!("{problem}");
    }
    let user = store::auth::user_by_name(db, username)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no user named {username}; see `swadaya user add --help`"))?;
    let hash = hash_password(password)?;
    let mut tx = db.begin().await?;
    store::auth::set_password(&mut tx, user.id, &hash).await?;
    store::auth::delete_user_sessions(&mut tx, user.id).await?;
    let mut ev = store::audit::AuditEvent {
        actor: "cli",
        source: "cli",
        action: "passwd",
        entity: "user",
        entity_id: user.id.to_string(),
        institution_id: None,
        before: String::new(),
        after: String::new(),
    };
    ev.after = "{\"password\":\"changed\"}".into();
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates an API token for a user and returns the secret (shown once).
/// Whether a username is taken.
pub async fn user_exists(db: &Db, username: &str) -> AppResult<bool> {
    Ok(store::auth::user_by_name(db, username).await?.is_some())
}

pub async fn create_token(db: &Db, username: &str, name: &str) -> anyhow::Result<String> {
    let user = store::auth::user_by_name(db, username).await?.ok_or_else(|| anyhow::anyhow!("no user named {username}"))?;
    let token = format!("swd_{}", random_token());
    let mut tx = db.begin().await?;
    let id = store::auth::insert_token(&mut tx, user.id, name, &token_hash(&token)).await?;
    store::audit::append(
        &mut tx,
        store::audit::AuditEvent {
            actor: "cli",
            source: "cli",
            action: "create",
            entity: "api_token",
            entity_id: id.to_string(),
            institution_id: None,
            before: String::new(),
            after: format!("{{\"user\":\"{}\",\"name\":{}}}", user.username, serde_json::Value::from(name)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The user, when they hold a role in the institution and are not a system administrator:
/// an institution admin manages only their own institution's users.
async fn managed_user(db: &Db, ctx: &Ctx, institution_id: i64, user_id: i64) -> AppResult<store::auth::User> {
    ctx.require(institution_id, swadaya_domain::roles::Action::ManageUsers)?;
    let members = store::auth::users_of_institution(db, institution_id).await?;
    match members.into_iter().find(|(u, _, _)| u.id == user_id) {
        Some((u, _, _)) if !u.is_system => Ok(u),
        _ => Err(AppError::NotFound),
    }
}

/// Disables (an officer who left) or re-enables a user; disabling ends their sessions.
pub async fn set_disabled(db: &Db, ctx: &Ctx, institution_id: i64, user_id: i64, disabled: bool) -> AppResult<()> {
    let user = managed_user(db, ctx, institution_id, user_id).await?;
    if user.id == ctx.actor.user_id {
        return Err(AppError::field(
            "user",
            ctx.t("Anda tidak dapat menonaktifkan akun Anda sendiri.", "You cannot disable your own account."),
        ));
    }
    let mut tx = db.begin().await?;
    store::auth::set_disabled(&mut tx, user.id, disabled).await?;
    if disabled {
        store::auth::delete_user_sessions(&mut tx, user.id).await?;
    }
    let mut ev = ctx.audit(if disabled { "disable" } else { "enable" }, "user", user.id, Some(institution_id));
    ev.before = format!("{{\"disabled\":{}}}", user.disabled);
    ev.after = format!("{{\"disabled\":{disabled}}}");
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}

/// An institution admin sets a new password for one of its users (who forgot theirs).
pub async fn reset_password(db: &Db, ctx: &Ctx, institution_id: i64, user_id: i64, password: &str) -> AppResult<()> {
    let user = managed_user(db, ctx, institution_id, user_id).await?;
    if let Some(problem) = password_problem(ctx.lang, password) {
        return Err(AppError::field("password", problem));
    }
    let hash = hash_password(password)?;
    let mut tx = db.begin().await?;
    store::auth::set_password(&mut tx, user.id, &hash).await?;
    store::auth::delete_user_sessions(&mut tx, user.id).await?;
    let mut ev = ctx.audit("reset_password", "user", user.id, Some(institution_id));
    ev.after = "{\"password\":\"changed\"}".into();
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}

/// A user holding a role in the institution (one line per role): what the users page and the
/// API show. It carries no secret; the password hash stays in the store.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct UserRole {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    /// Role code, e.g. `upk_manager`, `ksm_treasurer`
    pub role: String,
    /// The KSM a group role is held for
    pub ksm: Option<String>,
    pub disabled: bool,
    /// The built-in system account, which nobody can disable or give a new password
    pub is_system: bool,
}

/// The institution's users, each with the role they hold there and the KSM it is limited to.
pub async fn users_of(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<UserRole>> {
    ctx.require(institution_id, Action::ManageUsers)?;
    let rows = store::auth::users_of_institution(db, institution_id).await?;
    Ok(rows
        .into_iter()
        .map(|(u, role, ksm)| UserRole {
            user_id: u.id,
            username: u.username,
            display_name: u.display_name,
            role,
            ksm,
            disabled: u.disabled,
            is_system: u.is_system,
        })
        .collect())
}
