//! Reading the audit log, scoped to what the actor may audit.

use super::{AppError, AppResult, Ctx};
pub use crate::store::audit::{AuditFilter, AuditRow};
use crate::store::{self, Db};
use swadaya_domain::roles::Action;

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
