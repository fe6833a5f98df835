//! KSM groups: register, members, collection sheets, savings, graduation and eligibility.

pub mod assessment;
pub mod checks;
pub mod corrections;
pub mod groups;
pub mod records;
pub mod savings;
pub mod sheets;
pub mod stage;

use crate::app::{AppError, AppResult, Ctx};

pub use crate::store::ksm::Ksm;
use crate::store::{self, Db};
use swadaya_domain::roles::Action;

/// The institution's groups the actor reaches: all of them, or a KSM treasurer's own.
pub async fn list(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<store::ksm::Ksm>> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    let mut groups = store::ksm::list_ksm(db, institution_id).await?;
    groups.retain(|g| ctx.actor.reaches_ksm(institution_id, g.id));
    Ok(groups)
}

/// The group, when the actor may read its institution and reaches the group.
pub async fn get(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64) -> AppResult<store::ksm::Ksm> {
    ctx.require_ksm(institution_id, ksm_id, Action::ReadRegisters)?;
    store::ksm::get_ksm(db, institution_id, ksm_id).await?.ok_or(AppError::NotFound)
}
