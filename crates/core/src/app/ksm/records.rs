//! What a group has recorded, read for its pages and the API. Each read checks that the caller
//! reaches the group (a KSM treasurer reaches their own group only) and returns that group's
//! rows only.

use crate::app::{AppError, AppResult, Ctx};
use crate::store::{self, Db};
use swadaya_domain::roles::Action;

pub use super::checks::CheckRow;
pub use super::groups::Member;
pub use super::savings::StatementLine;
pub use super::sheets::{Line, Meeting};
pub use super::stage::StageDecision;
pub use crate::app::registers::people::Person;

use super::reach;

/// Every member the group ever had, current and former.
pub async fn members(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64) -> AppResult<Vec<Member>> {
    reach(db, ctx, institution_id, ksm_id, Action::ReadRegisters).await?;
    Ok(store::ksm::list_members(db, institution_id, ksm_id).await?)
}

/// Every sheet of the group (originals and corrections), newest meeting first.
pub async fn meetings(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64) -> AppResult<Vec<Meeting>> {
    reach(db, ctx, institution_id, ksm_id, Action::ReadRegisters).await?;
    Ok(store::ksm::list_meetings(db, institution_id, ksm_id).await?)
}

/// One sheet of the group; another group's sheet is not found.
pub async fn meeting(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, meeting_id: i64) -> AppResult<Meeting> {
    reach(db, ctx, institution_id, ksm_id, Action::ReadRegisters).await?;
    store::ksm::get_meeting(db, institution_id, meeting_id).await?.filter(|m| m.ksm_id == ksm_id).ok_or(AppError::NotFound)
}

/// The member lines of a sheet read from `meetings` or `meeting`.
pub async fn lines(db: &Db, ctx: &Ctx, institution_id: i64, sheet: &Meeting) -> AppResult<Vec<Line>> {
    ctx.require_ksm(institution_id, sheet.ksm_id, Action::ReadRegisters)?;
    Ok(store::ksm::lines_of(db, institution_id, sheet.id).await?)
}

/// One member and every movement of their savings, oldest first.
pub async fn statement(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    ksm_id: i64,
    member_id: i64,
) -> AppResult<(Member, Vec<StatementLine>)> {
    let member =
        members(db, ctx, institution_id, ksm_id).await?.into_iter().find(|m| m.id == member_id).ok_or(AppError::NotFound)?;
    Ok((member, store::ksm::statement(db, institution_id, member_id).await?))
}

/// Original sheets with corrections from the field waiting for review, and how many each.
pub async fn waiting_corrections(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64) -> AppResult<Vec<(i64, i64)>> {
    reach(db, ctx, institution_id, ksm_id, Action::ReadRegisters).await?;
    Ok(store::sheet_corrections::pending_in(db, institution_id, ksm_id).await?)
}

/// The group's stage decisions, newest first.
pub async fn stages(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64) -> AppResult<Vec<StageDecision>> {
    reach(db, ctx, institution_id, ksm_id, Action::ReadRegisters).await?;
    Ok(store::ksm::stages(db, institution_id, ksm_id).await?)
}

/// The institution's people who may join the group, for those who register members.
pub async fn candidates(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64) -> AppResult<Vec<Person>> {
    reach(db, ctx, institution_id, ksm_id, Action::WriteGroups).await?;
    let current = store::ksm::list_members(db, institution_id, ksm_id).await?;
    let (people, _) = store::registers::list_people(db, institution_id, None, Default::default(), 5000, 0).await?;
    Ok(people.into_iter().filter(|p| !current.iter().any(|m| m.person_id == p.id && m.left_on.is_none())).collect())
}
