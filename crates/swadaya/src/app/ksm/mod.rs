//! KSM groups: register, members, collection sheets, savings, graduation and eligibility.

pub mod assessment;
pub mod checks;
pub mod groups;
pub mod proposals;
pub mod savings;
pub mod sheets;
pub mod stage;

use crate::app::{AppError, AppResult, Ctx};
use crate::store::{self, Db};
use swadaya_domain::roles::Action;

/// The group, when the actor may read its institution.
pub async fn get(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64) -> AppResult<store::ksm::Ksm> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    store::ksm::get_ksm(db, institution_id, ksm_id).await?.ok_or(AppError::NotFound)
}
