//! Reports made from activities and the books: the activity list with its figures, the
//! monthly report integrating physical and financial progress (seed 000: "laporan keuangan
//! bulanan terintegrasi dengan kemajuan pelaksanaan kegiatan"), and the treasurer's cash book.
//! Every figure is read with a few aggregate queries, whatever the number of receipts.

use crate::app::books::reports::{general_ledger, GeneralLedger};
use crate::app::{AppResult, Ctx};
use crate::store::{self, activities::Activity, Db};
use std::collections::{BTreeMap, HashMap};
use swadaya_domain::activity::funding::{self, Source, SourceFigures};
use swadaya_domain::roles::Action;

pub struct Summary {
    pub activity: Activity,
    pub budget: i64,
    pub percent_bp: i64,
    pub quantity: i64,
    pub sources: BTreeMap<Source, SourceFigures>,
    /// Spent in the period asked for (the month of a monthly report), cash and in kind
    pub spent_in_period: i64,
    /// Of which given in kind
    pub kind_in_period: i64,
}

impl Summary {
    pub fn cash_spent(&self) -> i64 {
        funding::cash_spent(&self.sources)
    }

    pub fn total(&self) -> SourceFigures {
        funding::total(&self.sources)
    }
}

/// Every activity with its figures as of `to`; `from` starts the period of `spent_in_period`.
pub async fn summaries(db: &Db, ctx: &Ctx, institution_id: i64, from: &str, to: &str) -> AppResult<Vec<Summary>> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    let pool = &db.pool;
    let activities = store::activities::list(pool, institution_id).await?;
    let budgets: HashMap<i64, i64> = store::activities::budgets(pool, institution_id).await?.into_iter().collect();
    let progress: HashMap<i64, store::activities::Progress> =
        store::activities::latest_progress(pool, institution_id, to).await?.into_iter().collect();
    let mut figures: HashMap<i64, BTreeMap<Source, SourceFigures>> = HashMap::new();
    for (a, s, amount) in store::activities::committed_by_source(pool, institution_id).await? {
        if let Some(s) = Source::parse(&s) {
            figures.entry(a).or_default().entry(s).or_default().committed += amount;
        }
    }
    for (a, s, received, spent) in store::activities::money_by_source(pool, institution_id, to).await? {
        if let Some(s) = Source::parse(&s) {
            let f = figures.entry(a).or_default().entry(s).or_default();
            f.received += received;
            f.spent += spent;
        }
    }
    for (a, value) in store::activities::in_kind_by_activity(pool, institution_id, to).await? {
        let f = figures.entry(a).or_default().entry(Source::CommunityInKind).or_default();
        f.received += value;
        f.spent += value;
    }
    let before = crate::app::books::reports::day_before(from);
    let mut spent_before: HashMap<i64, i64> = HashMap::new();
    let mut kind_before: HashMap<i64, i64> = HashMap::new();
    if let Some(b) = &before {
        for (a, _, _, spent) in store::activities::money_by_source(pool, institution_id, b).await? {
            *spent_before.entry(a).or_default() += spent;
        }
        for (a, value) in store::activities::in_kind_by_activity(pool, institution_id, b).await? {
            *spent_before.entry(a).or_default() += value;
            *kind_before.entry(a).or_default() += value;
        }
    }
    let started: std::collections::HashSet<i64> = figures.keys().chain(progress.keys()).copied().collect();
    Ok(activities
        .into_iter()
        // Planned to have started, or money or progress already recorded (a first tranche often
        // arrives before the work starts).
        .filter(|a| a.planned_start.as_str() <= to || started.contains(&a.id))
        .map(|a| {
            let sources = figures.remove(&a.id).unwrap_or_default();
            let spent: i64 = sources.values().map(|f| f.spent).sum();
            let kind = sources.get(&Source::CommunityInKind).map(|f| f.spent).unwrap_or(0);
            let p = progress.get(&a.id);
            Summary {
                budget: budgets.get(&a.id).copied().unwrap_or(0),
                percent_bp: p.map(|p| p.percent_bp).unwrap_or(0),
                quantity: p.map(|p| p.quantity).unwrap_or(0),
                spent_in_period: spent - spent_before.get(&a.id).copied().unwrap_or(0),
                kind_in_period: kind - kind_before.get(&a.id).copied().unwrap_or(0),
                sources,
                activity: a,
            }
        })
        .collect())
}

/// The treasurer's cash book (buku kas umum) or bank book: the journal's lines on one cash
/// or bank account, with receipts in, payments out and the running balance.
pub async fn cash_book(db: &Db, ctx: &Ctx, institution_id: i64, account: &str, from: &str, to: &str) -> AppResult<GeneralLedger> {
    ctx.require(institution_id, Action::ReadBooks)?;
    let cash = crate::app::books::accounts::cash_codes(db, institution_id).await?;
    if !cash.iter().any(|c| c == account) {
        return Err(crate::app::AppError::NotFound);
    }
    general_ledger(db, ctx, institution_id, account, from, to).await
}
