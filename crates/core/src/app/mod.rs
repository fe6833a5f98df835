//! Business commands. Each checks permission, validates input with the domain's rules, writes
//! through the store in one transaction and appends its audit record there. The web pages, the
//! JSON API and the CLI all call these functions; none of them writes to the store directly.

pub mod activities;
pub mod apbdes;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod books;
pub mod complaints;
pub mod field;
pub mod fund;
pub mod home;
pub mod idempotency;
pub mod input;
pub mod ksm;
pub mod registers;
pub mod repeats;
pub mod sessions;
pub mod transparency;
pub mod water;

use crate::store::{self, auth::RoleGrant};
pub use crate::store::{Backend, Db, Durability};
use swadaya_domain::roles::{Action, Role};
use swadaya_domain::Lang;

/// Who is acting, resolved once per request.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub is_system: bool,
    pub grants: Vec<(Role, Option<i64>, Option<String>)>,
    /// Institutions this actor may read (directly or through a facilitator's region).
    pub readable: Vec<i64>,
    /// (institution, KSM) of roles held for one KSM only (a KSM's treasurer); such a role reaches
    /// that group and none of the institution's others.
    pub ksm_only: Vec<(i64, i64)>,
}

impl Actor {
    pub async fn load(db: &Db, user: &store::auth::User) -> sqlx::Result<Actor> {
        let grants: Vec<RoleGrant> = store::auth::roles_of(db, user.id).await?;
        let ksm_only: Vec<(i64, i64)> = grants.iter().filter_map(|g| Some((g.institution_id?, g.ksm_id?))).collect();
        let readable_too: Vec<i64> = ksm_only.iter().map(|(i, _)| *i).collect();
        let grants: Vec<(Role, Option<i64>, Option<String>)> = grants
            .into_iter()
            .filter(|g| g.ksm_id.is_none())
            .filter_map(|g| Role::parse(&g.role).map(|r| (r, g.institution_id, g.region_code)))
            .collect();
        let regions: Vec<String> =
            grants.iter().filter(|(r, _, _)| r.scoped_by_region()).filter_map(|(_, _, reg)| reg.clone()).collect();
        let mut readable = store::registers::institution_ids_in_regions(db, &regions).await?;
        readable.extend(grants.iter().filter(|(r, _, _)| !r.scoped_by_region()).filter_map(|(_, i, _)| *i));
        readable.extend(readable_too);
        readable.sort_unstable();
        readable.dedup();
        Ok(Actor {
            user_id: user.id,
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            is_system: user.is_system,
            grants,
            readable,
            ksm_only,
        })
    }

    /// The roles held in one institution (a facilitator's region role counts where it reaches).
    pub fn roles_in(&self, institution_id: i64) -> Vec<Role> {
        let reached = self.readable.contains(&institution_id);
        self.grants
            .iter()
            .filter(|(r, inst, _)| *inst == Some(institution_id) || (r.scoped_by_region() && reached))
            .map(|(r, _, _)| *r)
            .collect()
    }

    /// Whether a role held in the institution allows the action. A KSM treasurer's role counts
    /// here too: which KSM it reaches is `reaches_ksm`'s question.
    pub fn can(&self, institution_id: i64, action: Action) -> bool {
        self.is_system
            || self.roles_in(institution_id).iter().any(|r| r.allows(action))
            || self.ksm_only.iter().any(|(i, _)| *i == institution_id) && Role::KsmTreasurer.allows(action)
    }

    /// Whether the actor reaches this KSM: every role held in the whole institution reaches all
    /// its groups; a role held for one KSM reaches that one.
    pub fn reaches_ksm(&self, institution_id: i64, ksm_id: i64) -> bool {
        self.is_system || !self.roles_in(institution_id).is_empty() || self.ksm_only.contains(&(institution_id, ksm_id))
    }

    /// Whether the actor's reach in the institution is one or some of its KSMs, not the whole.
    pub fn only_some_ksm(&self, institution_id: i64) -> bool {
        !self.is_system && self.roles_in(institution_id).is_empty() && self.ksm_only.iter().any(|(i, _)| *i == institution_id)
    }

    /// `None` means every institution.
    pub fn scope(&self) -> Option<&[i64]> {
        if self.is_system {
            None
        } else {
            Some(&self.readable)
        }
    }
}

/// A request's context: the actor, where the request came from, and the language to answer in.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: Actor,
    pub source: String,
    pub lang: Lang,
}

impl Ctx {
    /// The system itself acting (demo data, command-line tools), named in the audit log.
    pub fn system(username: &str) -> Ctx {
        Ctx {
            actor: Actor {
                user_id: 0,
                username: username.into(),
                display_name: username.into(),
                is_system: true,
                grants: vec![],
                readable: vec![],
                ksm_only: vec![],
            },
            source: "cli".into(),
            lang: Lang::Id,
        }
    }

    /// Refuses with 404 when the institution is outside the actor's reach (so its existence is
    /// not revealed) and with 403 when it is visible but the action is not allowed.
    pub fn require(&self, institution_id: i64, action: Action) -> Result<(), AppError> {
        if !self.actor.is_system && !self.actor.readable.contains(&institution_id) {
            return Err(AppError::NotFound);
        }
        if !self.actor.can(institution_id, action) {
            return Err(AppError::Forbidden);
        }
        Ok(())
    }

    /// `require` for one KSM of the institution: a group outside the actor's reach answers as
    /// if it did not exist, like an institution outside it.
    pub fn require_ksm(&self, institution_id: i64, ksm_id: i64, action: Action) -> Result<(), AppError> {
        self.require(institution_id, action)?;
        if !self.actor.reaches_ksm(institution_id, ksm_id) {
            return Err(AppError::NotFound);
        }
        Ok(())
    }

    pub fn require_system(&self) -> Result<(), AppError> {
        if self.actor.is_system {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn t<'a>(&self, id: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(id, en)
    }

    pub fn audit<'a>(
        &'a self,
        action: &'a str,
        entity: &'a str,
        entity_id: impl ToString,
        institution_id: Option<i64>,
    ) -> store::audit::AuditEvent<'a> {
        store::audit::AuditEvent {
            actor: &self.actor.username,
            source: &self.source,
            action,
            entity,
            entity_id: entity_id.to_string(),
            institution_id,
            before: String::new(),
            after: String::new(),
        }
    }
}

/// The answer when a one-time key comes back with another request than the one that first used
/// it (another loan, another kind of record): nothing is written and nothing of the other is shown.
pub fn key_reused(lang: Lang) -> AppError {
    AppError::field(
        "idem_key",
        lang.pick(
            "Kunci sekali-pakai (idem_key / Idempotency-Key) ini sudah dipakai untuk catatan lain. Kirim dengan kunci baru.",
            "This one-time key (idem_key / Idempotency-Key) was already used for another record. Send it with a new key.",
        ),
    )
}

/// A one-time key as the commands keep it: trimmed, 1-100 printable characters, or none. Forms
/// and phones always make a usable one; anything else from a client is refused by name rather
/// than kept (a control character would break the database's text on PostgreSQL).
pub fn one_time_key(lang: Lang, key: Option<&str>) -> AppResult<Option<&str>> {
    let Some(k) = key.map(str::trim).filter(|k| !k.is_empty()) else { return Ok(None) };
    if k.chars().count() > 100 || k.chars().any(char::is_control) {
        return Err(AppError::field(
            "idem_key",
            lang.pick(
                "Kunci sekali-pakai (idem_key / Idempotency-Key) harus 1-100 karakter tanpa karakter kontrol.",
                "The one-time key (idem_key / Idempotency-Key) must have 1-100 characters and no control characters.",
            ),
        ));
    }
    Ok(Some(k))
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("{message}")]
    Conflict { message: String, link: Option<String> },
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("{0}")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> AppError {
        AppError::Invalid(vec![FieldError { field: field.into(), message: message.into() }])
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Collects field errors while validating a form, so the user sees every problem at once.
#[derive(Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError { field: field.into(), message: message.into() });
    }

    /// Keeps the value, or records the error and returns the fallback.
    pub fn take<T, E>(&mut self, field: &str, r: Result<T, E>, msg: impl Fn(&E) -> String) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, msg(&e));
                None
            }
        }
    }

    pub fn finish(self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

pub fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
