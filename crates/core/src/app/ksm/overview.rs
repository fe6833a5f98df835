//! The facilitator's view across every KSM they can see: graduation status, attendance over the
//! last assessment window against the window before, and groups that missed meetings.

use super::assessment;
use crate::app::{AppResult, Ctx};
use crate::store::{self, Db};
use swadaya_domain::graduation::{Assessment, GraduationRules, Key};

/// How many groups one overview assesses; a district with more opens each institution.
pub const LIMIT: usize = 300;

/// Members who came out of those expected, over one assessment window.
#[derive(Debug, Clone, Copy, serde::Serialize, utoipa::ToSchema)]
pub struct Attendance {
    pub attended: i64,
    pub expected: i64,
}

impl Attendance {
    pub fn percent(&self) -> Option<i64> {
        (self.expected > 0).then(|| 100 * self.attended / self.expected)
    }
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct GroupStatus {
    pub institution_id: i64,
    pub institution: String,
    pub ksm_id: i64,
    pub ksm: String,
    /// Current members
    pub members: i64,
    pub last_meeting: Option<String>,
    /// Meets every pilot graduation criterion today
    pub graduated: bool,
    pub attendance_now: Option<Attendance>,
    /// The window before the current one
    pub attendance_before: Option<Attendance>,
    /// No meeting for longer than the group's rhythm allows (10 days weekly, 17 fortnightly, 35 monthly)
    pub missed: bool,
}

impl GroupStatus {
    /// Attendance lower than in the window before.
    pub fn falling(&self) -> bool {
        matches!((self.attendance_now.and_then(|a| a.percent()), self.attendance_before.and_then(|a| a.percent())), (Some(n), Some(b)) if n < b)
    }
}

fn attendance(a: &Assessment) -> Option<Attendance> {
    a.criteria.iter().find(|c| c.key == Key::Attendance).map(|c| Attendance { attended: c.numerator, expected: c.denominator })
}

/// The groups the caller reaches, the first `LIMIT` of them assessed.
pub struct Overview {
    pub groups: Vec<GroupStatus>,
    /// Every group the caller reaches; more than `groups` holds when the overview stopped at `LIMIT`
    pub total: usize,
}

/// Every group the caller reaches, institution by institution, as of `today`; the first `LIMIT`
/// are assessed.
pub async fn groups(db: &Db, ctx: &Ctx, today: chrono::NaiveDate) -> AppResult<Overview> {
    let (institutions, _) = crate::app::registers::institutions::list(db, ctx, None, 10_000, 0).await?;
    let window = GraduationRules::default().window_days;
    let (mut out, mut total) = (Vec::new(), 0);
    for inst in &institutions {
        let groups = super::list(db, ctx, inst.id).await?;
        total += groups.len();
        if groups.is_empty() || out.len() >= LIMIT {
            continue;
        }
        let members = store::ksm::active_member_counts(db, inst.id).await?;
        let last = store::ksm::last_meetings(db, inst.id).await?;
        for g in groups {
            if out.len() >= LIMIT {
                break;
            }
            let now = assessment::graduation(db, ctx, inst.id, g.id, today).await?;
            let before = assessment::graduation(db, ctx, inst.id, g.id, today - chrono::Duration::days(window)).await?;
            let last_meeting = last.get(&g.id).cloned();
            let gap_days = match g.data.rhythm.as_str() {
                "mingguan" => 10,
                "dua_mingguan" => 17,
                _ => 35,
            };
            let since = last_meeting.as_deref().or(Some(g.data.formed_on.as_str())).and_then(swadaya_domain::dates::parse_date);
            out.push(GroupStatus {
                institution_id: inst.id,
                institution: inst.name.clone(),
                ksm_id: g.id,
                ksm: g.data.name.clone(),
                members: members.get(&g.id).copied().unwrap_or(0),
                last_meeting,
                graduated: now.passes(),
                attendance_now: attendance(&now),
                attendance_before: attendance(&before),
                missed: (today - since.unwrap_or(today)).num_days() > gap_days,
            });
        }
    }
    Ok(Overview { groups: out, total })
}
