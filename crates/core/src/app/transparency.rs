//! What the public notice board shows, gathered in one place so that nothing private can slip
//! onto it: activities with their funding and progress, payments made, activity money per
//! source for the month and quarter, the loan fund as totals and indicators only (never a
//! group's or a person's debt), complaint statistics and the budget years. The readers below
//! run as the system because the board is public; what leaves this module is aggregate.

use crate::app::activities::accountability::{by_source, SourcePeriod};
use crate::app::activities::reports::summaries;
use crate::app::{AppResult, Ctx};
use crate::store::{self, Db};
use chrono::{Datelike, NaiveDate};
use swadaya_domain::activity::funding::{Source, SourceFigures};
use swadaya_domain::fund::indicators::Indicator;

fn reader() -> Ctx {
    Ctx::system("papan-informasi")
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct BoardActivity {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub location: String,
    pub planned_start: String,
    pub planned_end: String,
    pub handed_over_on: Option<String>,
    pub budget: i64,
    /// Physical progress, basis points
    pub physical_bp: i64,
    /// Cash paid against the budget, basis points
    pub financial_bp: i64,
    pub cash_spent: i64,
    /// (source code, committed, received, spent)
    pub sources: Vec<(String, i64, i64, i64)>,
    /// Progress photos (attachment ids), newest last
    pub photos: Vec<i64>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct BoardPayment {
    pub id: i64,
    pub spent_on: String,
    pub activity: String,
    pub source: String,
    pub payee: String,
    pub item: String,
    pub amount: i64,
    pub receipt_no: String,
}

/// The loan fund in totals: how much is lent out, how much is at risk, the five indicators.
/// (Not per collectibility class: with a handful of groups, a class can be one group's debt.)
#[derive(Debug, Clone)]
pub struct LoanFund {
    pub on: String,
    pub outstanding: i64,
    pub outstanding_at_risk: i64,
    pub ksm_active: i64,
    pub ksm_at_risk: i64,
    pub indicators: [Indicator; 5],
}

pub struct Board {
    pub today: NaiveDate,
    pub activities: Vec<BoardActivity>,
    /// The latest payments, newest first
    pub payments: Vec<BoardPayment>,
    pub payments_total: usize,
    /// (label, from, to, rows): last month and this quarter so far
    pub periods: Vec<(String, String, String, Vec<SourcePeriod>)>,
    pub loan_fund: Option<LoanFund>,
    pub complaints: crate::app::complaints::stats::Stats,
    pub apbdes_years: Vec<i64>,
}

/// Payments listed on the board (all are in the CSV).
pub const PAYMENTS_SHOWN: usize = 20;

pub async fn activities(db: &Db, institution_id: i64, today: NaiveDate) -> AppResult<Vec<BoardActivity>> {
    let day = today.to_string();
    let rows = summaries(db, &reader(), institution_id, &day, &day).await?;
    let photos = store::attachments::of_kind(&db.pool, institution_id, "progress").await?;
    let mut progress_of: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    if !photos.is_empty() {
        for a in &rows {
            for p in store::activities::progress(&db.pool, institution_id, a.activity.id).await? {
                progress_of.insert(p.id, a.activity.id);
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|s| {
            let cash = s.cash_spent();
            let sources = s
                .sources
                .iter()
                .map(|(src, f): (&Source, &SourceFigures)| (src.code().to_string(), f.committed, f.received, f.spent))
                .collect();
            BoardActivity {
                id: s.activity.id,
                photos: photos.iter().filter(|p| progress_of.get(&p.owner_id) == Some(&s.activity.id)).map(|p| p.id).collect(),
                name: s.activity.name.clone(),
                kind: s.activity.kind.clone(),
                location: s.activity.location.clone(),
                planned_start: s.activity.planned_start.clone(),
                planned_end: s.activity.planned_end.clone(),
                handed_over_on: s.activity.handed_over_on.clone(),
                budget: s.budget,
                physical_bp: s.percent_bp,
                financial_bp: swadaya_domain::money::share_bp(cash, s.budget).unwrap_or(0),
                cash_spent: cash,
                sources,
            }
        })
        .collect())
}

/// Every payment not reversed, newest first.
pub async fn payments(db: &Db, institution_id: i64, today: NaiveDate) -> AppResult<Vec<BoardPayment>> {
    let names: std::collections::HashMap<i64, String> =
        store::activities::list(&db.pool, institution_id).await?.into_iter().map(|a| (a.id, a.name)).collect();
    let mut out: Vec<BoardPayment> =
        store::activities::spendings_between(&db.pool, institution_id, "0000-01-01", &today.to_string())
            .await?
            .into_iter()
            .filter(|s| !s.reversed)
            .map(|s| BoardPayment {
                id: s.id,
                spent_on: s.spent_on,
                activity: names.get(&s.activity_id).cloned().unwrap_or_default(),
                source: s.source,
                payee: s.payee,
                item: s.item,
                amount: s.amount,
                receipt_no: s.receipt_no,
            })
            .collect();
    out.reverse();
    Ok(out)
}

async fn loan_fund(db: &Db, institution_id: i64, today: NaiveDate) -> AppResult<Option<LoanFund>> {
    let (report, indicators) = crate::app::fund::portfolio::at(db, &reader(), institution_id, &today.to_string()).await?;
    if report.outstanding == 0 && report.ksm.is_empty() {
        return Ok(None);
    }
    let p = report.portfolio();
    Ok(Some(LoanFund {
        on: report.on.clone(),
        outstanding: p.outstanding,
        outstanding_at_risk: p.outstanding_at_risk,
        ksm_active: p.ksm_active,
        ksm_at_risk: p.ksm_at_risk,
        indicators,
    }))
}

fn quarter_start(d: NaiveDate) -> NaiveDate {
    let m = (d.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(d.year(), m, 1).unwrap_or(d)
}

pub async fn board(db: &Db, institution_id: i64, today: NaiveDate, lang: swadaya_domain::Lang) -> AppResult<Board> {
    let activities = activities(db, institution_id, today).await?;
    let all = payments(db, institution_id, today).await?;
    let payments_total = all.len();
    let payments = all.into_iter().take(PAYMENTS_SHOWN).collect();
    let first_of_month = today.with_day(1).unwrap_or(today);
    let last_month_end = first_of_month.pred_opt().unwrap_or(first_of_month);
    let last_month_start = last_month_end.with_day(1).unwrap_or(last_month_end);
    let q = quarter_start(today);
    let mut periods = Vec::new();
    for (label, from, to) in [
        (crate::app::books::month_label(&last_month_start.format("%Y-%m").to_string(), lang), last_month_start, last_month_end),
        (format!("{} {} {}", lang.pick("Triwulan", "Quarter"), today.month0() / 3 + 1, today.year()), q, today),
    ] {
        let mut rows = by_source(db, &reader(), institution_id, &from.to_string(), &to.to_string()).await?;
        rows.retain(|r| r.opening != 0 || r.received != 0 || r.spent != 0 || r.closing != 0);
        if !rows.is_empty() {
            periods.push((label, from.to_string(), to.to_string(), rows));
        }
    }
    Ok(Board {
        today,
        activities,
        payments,
        payments_total,
        periods,
        loan_fund: loan_fund(db, institution_id, today).await?,
        complaints: crate::app::complaints::stats::of(db, institution_id, None).await?,
        apbdes_years: crate::app::apbdes::years(db, institution_id).await?,
    })
}

/// A progress photo, only if it is one (receipts and proposal sketches stay inside).
pub async fn photo(db: &Db, institution_id: i64, attachment_id: i64) -> AppResult<Option<(store::attachments::Meta, Vec<u8>)>> {
    Ok(store::attachments::get(&db.pool, institution_id, attachment_id).await?.filter(|(m, _)| m.owner_kind == "progress"))
}

/// An institution's public register entry.
pub async fn institution(db: &Db, institution_id: i64) -> AppResult<store::registers::Institution> {
    store::registers::get_institution(db, institution_id).await?.ok_or(crate::app::AppError::NotFound)
}

/// Every institution, searched by name or region, for the public lists of notice boards and
/// complaint forms.
pub async fn institutions(
    db: &Db,
    search: Option<&str>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<store::registers::Institution>, i64)> {
    Ok(store::registers::list_institutions(db, None, search, limit, offset).await?)
}

/// The officers in position on a day (ISO date), as the board names them.
pub async fn officers(db: &Db, institution_id: i64, on: &str) -> AppResult<Vec<store::registers::Position>> {
    Ok(store::registers::current_positions(db, institution_id, on).await?)
}

pub async fn units(db: &Db, institution_id: i64) -> AppResult<Vec<store::registers::Unit>> {
    Ok(store::registers::list_units(db, institution_id).await?)
}

/// Where the institution is: its region and those above it, the province first.
pub async fn place(db: &Db, region_code: &str) -> AppResult<Vec<store::registers::Region>> {
    Ok(store::registers::region_path(db, region_code).await?)
}

/// An activity's progress reports, oldest first (the board's news feed).
pub async fn progress(db: &Db, institution_id: i64, activity_id: i64) -> AppResult<Vec<store::activities::Progress>> {
    Ok(store::activities::progress(&db.pool, institution_id, activity_id).await?)
}

/// Every published version of the village budget (APBDes), newest year first.
pub async fn budget_versions(db: &Db, institution_id: i64) -> AppResult<Vec<store::apbdes::Version>> {
    Ok(store::apbdes::versions(db, institution_id).await?)
}
