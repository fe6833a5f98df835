//! Complaint statistics for the public notice board: counts and speed only, never who
//! complained or what they wrote.

use crate::app::AppResult;
use crate::store::{self, Db};
use swadaya_domain::complaint::{sla, Category, ALL_CATEGORIES};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Stats {
    pub received: i64,
    /// Answered (resolved)
    pub resolved: i64,
    /// Not our authority, with a reason
    pub rejected: i64,
    /// Passed to a higher level and not yet answered there
    pub escalated: i64,
    /// Still being handled
    pub open: i64,
    /// Median whole days from receipt to the first answer
    pub median_days_to_answer: Option<i64>,
    /// (category code, received)
    pub by_category: Vec<(String, i64)>,
}

/// Complaints first filed with the institution, received in `year` (all years if `None`).
pub async fn of(db: &Db, institution_id: i64, year: Option<i32>) -> AppResult<Stats> {
    let mut all = store::complaints::filed_with(db, institution_id).await?;
    if let Some(y) = year {
        let prefix = format!("{y:04}-");
        all.retain(|c| c.received_on.starts_with(&prefix));
    }
    let count = |s: &str| all.iter().filter(|c| c.status == s).count() as i64;
    let closed = |c: &&crate::store::complaints::Complaint| matches!(c.status.as_str(), "answered" | "rejected");
    let days: Vec<i64> = all
        .iter()
        .filter_map(|c| {
            let r = swadaya_domain::dates::parse_iso(&c.received_on)?;
            let a = swadaya_domain::dates::parse_iso(c.answered_on.as_deref()?)?;
            Some((a - r).num_days())
        })
        .collect();
    let by_category = ALL_CATEGORIES
        .iter()
        .map(|k: &Category| (k.code().to_string(), all.iter().filter(|c| c.category == k.code()).count() as i64))
        .filter(|(_, n)| *n > 0)
        .collect();
    Ok(Stats {
        received: all.len() as i64,
        resolved: count("answered"),
        rejected: count("rejected"),
        // Passed up (or out to SP4N-LAPOR!) and not yet answered there, whatever step it is at.
        escalated: all.iter().filter(|c| !closed(c) && (c.institution_id != institution_id || c.level == "national")).count()
            as i64,
        open: all.iter().filter(|c| !closed(c) && c.institution_id == institution_id && c.level != "national").count() as i64,
        median_days_to_answer: sla::median_days(days),
        by_category,
    })
}
