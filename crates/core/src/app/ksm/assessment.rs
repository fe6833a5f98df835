//! Graduation assessment and loan eligibility of a KSM, computed from its records.

use super::sheets::latest_versions;
use crate::app::{AppResult, Ctx};
use crate::store::{self, Db};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use swadaya_domain::graduation::{assess, Assessment, GraduationRules, GroupFacts, MeetingFacts};

/// Thresholds for the institution: RULES.md defaults, overridden by rows in `settings`.
pub async fn rules_for(db: &Db, institution_id: i64) -> AppResult<GraduationRules> {
    let mut r = GraduationRules::default();
    for (key, slot) in [
        ("graduation.window_days", &mut r.window_days),
        ("graduation.attendance_above_pct", &mut r.attendance_above_pct),
        ("graduation.routine_min_pct", &mut r.routine_min_pct),
        ("graduation.bookkeeping_min_pct", &mut r.bookkeeping_min_pct),
        ("graduation.agenda_min_pct", &mut r.agenda_min_pct),
    ] {
        if let Some(v) = store::ksm::setting(db, institution_id, key).await? {
            *slot = v;
        }
    }
    Ok(r)
}

/// Everything the assessment reads, gathered once.
pub async fn facts(db: &Db, institution_id: i64, ksm_id: i64, from: NaiveDate, to: NaiveDate) -> AppResult<GroupFacts> {
    let group = store::ksm::get_ksm(db, institution_id, ksm_id).await?.ok_or(crate::app::AppError::NotFound)?;
    let members = store::ksm::list_members(db, institution_id, ksm_id).await?;
    let all = store::ksm::list_meetings(db, institution_id, ksm_id).await?;
    // Timeliness is judged on when the meeting was first entered, not when it was corrected.
    let first_entered: HashMap<i64, String> =
        all.iter().filter(|m| m.amends_id.is_none()).map(|m| (m.id, m.entered_on.clone())).collect();
    let routine = group.data.routine_amount.max(1);
    let mut meetings = Vec::new();
    for m in latest_versions(&all) {
        let Some(held) = swadaya_domain::dates::parse_date(&m.held_on) else { continue };
        if held < from || held > to {
            continue;
        }
        let lines = store::ksm::lines_of(db, institution_id, m.id).await?;
        let root = m.amends_id.unwrap_or(m.id);
        let entered = first_entered.get(&root).and_then(|e| swadaya_domain::dates::parse_date(e)).unwrap_or(held);
        meetings.push(MeetingFacts {
            id: root,
            held_on: held,
            entered_on: entered,
            expected: lines.iter().map(|l| l.member_id).collect(),
            present: lines.iter().filter(|l| l.attendance == "hadir").map(|l| l.member_id).collect(),
            routine_payers: lines.iter().filter(|l| l.wajib >= routine).map(|l| l.member_id).collect(),
            agenda_planned: m.agenda_planned,
            agenda_done: m.agenda_done,
        });
    }
    let (f, t) = (from.to_string(), to.to_string());
    Ok(GroupFacts {
        rules_written: group.data.rules.iter().filter(|r| r.as_deref().is_some_and(|s| !s.trim().is_empty())).count(),
        bookkeeping_days: group.data.bookkeeping_days,
        members: members.iter().filter(|m| m.active_on(&f) && m.active_on(&t)).map(|m| m.id).collect(),
        meetings,
    })
}

pub async fn graduation(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, to: NaiveDate) -> AppResult<Assessment> {
    super::get(db, ctx, institution_id, ksm_id).await?;
    let rules = rules_for(db, institution_id).await?;
    let from = to - chrono::Duration::days(rules.window_days);
    let g = facts(db, institution_id, ksm_id, from, to).await?;
    Ok(assess(&rules, to, &g))
}

/// One line of the loan-eligibility checklist (RULES.md), computed from the records.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Check {
    pub key: &'static str,
    pub measured: String,
    pub passes: bool,
}

/// The checks the records can prove: at least 5 active members, at least 30 % women, group
/// savings in each of the last 3 months, and pilot graduation.
pub async fn eligibility(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, today: NaiveDate) -> AppResult<Vec<Check>> {
    super::get(db, ctx, institution_id, ksm_id).await?;
    let t = today.to_string();
    let members: Vec<_> =
        store::ksm::list_members(db, institution_id, ksm_id).await?.into_iter().filter(|m| m.active_on(&t)).collect();
    let women = members.iter().filter(|m| m.sex == "P").count();
    let n = members.len();
    let movements = store::ksm::movements_by_month(db, institution_id, ksm_id).await?;
    let months_with_savings = consecutive_months(&movements, today);
    let graduated = graduation(db, ctx, institution_id, ksm_id, today).await?.passes();
    Ok(vec![
        Check { key: "members", measured: n.to_string(), passes: n >= 5 },
        Check {
            key: "women",
            measured: if n == 0 { "–".into() } else { format!("{women}/{n}") },
            passes: n > 0 && 100 * women >= 30 * n,
        },
        Check { key: "savings_3_months", measured: months_with_savings.to_string(), passes: months_with_savings >= 3 },
        Check { key: "graduated", measured: String::new(), passes: graduated },
    ])
}

/// Consecutive calendar months with deposits, counted back from this month (or from last month
/// when this month's first meeting has not happened yet).
fn consecutive_months(deposits: &HashMap<String, i64>, today: NaiveDate) -> u32 {
    let key = |d: NaiveDate| format!("{:04}-{:02}", d.year(), d.month());
    let previous = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), d.month(), 1).and_then(|f| f.pred_opt()).unwrap_or(d);
    let mut month = today;
    if deposits.get(&key(month)).copied().unwrap_or(0) <= 0 {
        month = previous(month);
    }
    let mut n = 0;
    while deposits.get(&key(month)).copied().unwrap_or(0) > 0 && n < 120 {
        n += 1;
        month = previous(month);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_months_of_savings() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("date");
        let months = |ms: &[&str]| ms.iter().map(|m| (m.to_string(), 5_000)).collect::<HashMap<_, _>>();
        assert_eq!(consecutive_months(&months(&["2026-09", "2026-10", "2026-11"]), d(2026, 11, 25)), 3);
        assert_eq!(consecutive_months(&months(&["2026-09", "2026-10", "2026-11"]), d(2026, 12, 2)), 3, "early in a month");
        assert_eq!(consecutive_months(&months(&["2026-08", "2026-10", "2026-11"]), d(2026, 11, 25)), 2, "a gap breaks the run");
        assert_eq!(consecutive_months(&months(&["2025-12", "2026-01"]), d(2026, 1, 10)), 2, "across the new year");
    }
}
