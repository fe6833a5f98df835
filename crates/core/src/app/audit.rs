//! Reading the audit log, scoped to what the actor may audit.

use super::{AppError, AppResult, Ctx};
pub use crate::store::audit::AuditFilter;
use crate::store::{self, Db};
use swadaya_domain::roles::Action;

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct AuditRow {
    pub chain: i64,
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub source: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub institution_id: Option<i64>,
    pub before: String,
    pub after: String,
    #[serde(skip)]
    pub prev_hash: String,
    #[serde(skip)]
    pub hash: String,
}

/// Checks every institution's hash chain from its first row: the number of rows verified, or
/// the first row that does not follow from the one before it.
pub async fn verify(db: &Db) -> anyhow::Result<Result<u64, store::audit::Break>> {
    store::audit::verify(db).await
}

pub async fn list(
    db: &Db,
    ctx: &Ctx,
    mut f: AuditFilter,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<store::audit::AuditRow>, i64)> {
    if !ctx.actor.is_system {
        let allowed: Vec<i64> = ctx.actor.readable.iter().copied().filter(|i| ctx.actor.can(*i, Action::ReadAudit)).collect();
        if allowed.is_empty() {
            return Err(AppError::Forbidden);
        }
        f.institutions = Some(match f.institutions {
            Some(asked) => asked.into_iter().filter(|i| allowed.contains(i)).collect(),
            None => allowed,
        });
    }
    Ok(store::audit::list(db, &f, limit, offset).await?)
}
