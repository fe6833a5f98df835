//! KSM groups: register, members, collection sheets, savings, graduation and eligibility.

pub mod assessment;
pub mod checks;
pub mod corrections;
pub mod groups;
pub mod overview;
pub mod records;
pub mod savings;
pub mod sheets;
pub mod stage;

use crate::app::{AppError, AppResult, Ctx};

use crate::store::{self, Db};
pub use groups::Ksm;
use swadaya_domain::roles::Action;

/// The institution's groups the actor reaches: all of them, or a KSM treasurer's own.
pub async fn list(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<store::ksm::Ksm>> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    let mut groups = store::ksm::list_ksm(db, institution_id).await?;
    groups.retain(|g| ctx.actor.reaches_ksm(institution_id, g.id));
    Ok(groups)
}

/// Current members per group of the institution (for the list of groups).
pub async fn member_counts(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<std::collections::HashMap<i64, i64>> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    Ok(store::ksm::active_member_counts(db, institution_id).await?)
}

/// The group, when the actor may read its institution and reaches the group.
pub async fn get(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64) -> AppResult<store::ksm::Ksm> {
    reach(db, ctx, institution_id, ksm_id, Action::ReadRegisters).await
}

/// The group, when the caller may do `action` in it (a KSM treasurer: their own group only) and
/// it is one of the institution's; another institution's group is not found, as if it did not
/// exist.
pub(crate) async fn reach(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, action: Action) -> AppResult<store::ksm::Ksm> {
    ctx.require_ksm(institution_id, ksm_id, action)?;
    store::ksm::get_ksm(db, institution_id, ksm_id).await?.ok_or(AppError::NotFound)
}
