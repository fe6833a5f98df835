//! Month-end close: the arrears list and classes at the month's last day, the loan-loss reserve
//! posted as the difference from what the books hold, the indicators, then the month is locked.
//! Closing a month that is already closed changes nothing.

use super::portfolio::{end_of_last_year, figures, scan, with_books};
use crate::app::books::journal::{post, Posted};
use crate::app::books::{month_bounds, month_label};
use crate::app::{to_json, AppError, AppResult, Ctx};
use crate::store::{self, Db};
use swadaya_domain::fund::indicators::indicators;
use swadaya_domain::ledger::{codes, Posting};
use swadaya_domain::roles::Action;
use swadaya_domain::{Lang, Rupiah};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct IndicatorValue {
    pub code: String,
    pub value_bp: Option<i64>,
    pub band: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Summary {
    pub month: String,
    pub on: String,
    pub shares: i64,
    pub outstanding: i64,
    pub outstanding_at_risk: i64,
    pub overdue_amount: i64,
    /// Shares per class 1-5
    pub class_shares: Vec<i64>,
    pub class_outstanding: Vec<i64>,
    pub reserve_required: i64,
    pub reserve_before: i64,
    /// Posted this close (negative: released)
    pub reserve_posted: i64,
    pub reserve_entry: Option<i64>,
    pub indicators: Vec<IndicatorValue>,
}

#[derive(Debug)]
pub struct Outcome {
    pub summary: Summary,
    /// The month was already closed: nothing was changed.
    pub already: bool,
}

/// `progress(done, total)` is called as member shares are assessed.
pub async fn close_month(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    month: &str,
    progress: &(dyn Fn(i64, i64) + Send + Sync),
) -> AppResult<Outcome> {
    ctx.require(institution_id, Action::CloseMonth)?;
    let lang = ctx.lang;
    let (_, last) = month_bounds(month)
        .filter(|_| month.len() == 7)
        .ok_or_else(|| AppError::field("month", lang.pick("Tulis bulan seperti 2026-10.", "Write the month like 2026-10.")))?;
    let on = last.to_string();
    let existing = store::books::closed_months(db, institution_id).await?;
    if let Some(c) = existing.iter().find(|c| c.month == month) {
        let summary: Summary = serde_json::from_str(&c.summary).map_err(|e| AppError::Internal(e.into()))?;
        return Ok(Outcome { summary, already: true });
    }
    if last >= chrono::Local::now().date_naive() {
        return Err(AppError::field(
            "month",
            match lang {
                Lang::Id => format!(
                    "{} belum berakhir; tutup buku sesudah tanggal {}.",
                    month_label(month, lang),
                    swadaya_domain::dates::format_date(last, lang)
                ),
                Lang::En => format!(
                    "{} has not ended; close it after {}.",
                    month_label(month, lang),
                    swadaya_domain::dates::format_date(last, lang)
                ),
            },
        ));
    }
    if let Some(newest) = existing.first() {
        let next = month_bounds(&newest.month)
            .and_then(|(_, l)| l.succ_opt())
            .map(|d| d.format("%Y-%m").to_string())
            .unwrap_or_default();
        if month != next {
            return Err(AppError::field(
                "month",
                match lang {
                    Lang::Id => format!(
                        "Bulan ditutup berurutan. Terakhir ditutup {}; berikutnya {}.",
                        month_label(&newest.month, lang),
                        month_label(&next, lang)
                    ),
                    Lang::En => format!(
                        "Months close in order. Last closed: {}; next: {}.",
                        month_label(&newest.month, lang),
                        month_label(&next, lang)
                    ),
                },
            ));
        }
    }
    crate::app::books::accounts::ensure(db, institution_id).await?;
    let rules = super::collectibility(db, institution_id).await?;
    let mut tx = db.begin().await?;
    // Postings wait until the close is done (PostgreSQL; SQLite writers queue anyway).
    tx.hold_books(institution_id, true).await?;
    let report = scan(db, institution_id, &on, &rules, progress).await?;
    let (d, c) = store::books::account_totals(&mut **tx, institution_id, codes::RESERVE, &on).await?;
    let reserve_before = c - d;
    let diff = report.reserve_required - reserve_before;
    let reserve_entry = if diff != 0 {
        let memo = format!("{} {}", lang.pick("Cadangan risiko pinjaman", "Loan-loss reserve"), month_label(month, lang));
        let lines = if diff > 0 {
            vec![Posting::debit(codes::RESERVE_EXPENSE, diff), Posting::credit(codes::RESERVE, diff)]
        } else {
            vec![Posting::debit(codes::RESERVE, -diff), Posting::credit(codes::RESERVE_EXPENSE, -diff)]
        };
        Some(
            post(
                &mut tx,
                ctx,
                institution_id,
                "month",
                &Posted {
                    posted_on: &on,
                    memo: &memo,
                    receipt: None,
                    source: "reserve",
                    source_id: None,
                    reverses_id: None,
                    idem_key: None,
                    lines,
                },
            )
            .await?,
        )
    } else {
        None
    };
    // The month's totals, read in this transaction so they hold the reserve just posted.
    let through = store::books::totals_through_in(&mut tx, institution_id, &on).await?;
    let before_year = store::books::totals_through_in(&mut tx, institution_id, &end_of_last_year(&on)).await?;
    let accounts = store::books::list_accounts(&mut **tx, institution_id).await?;
    let (income, costs, capital) = figures(&accounts, &through, &before_year);
    let ind = indicators(&with_books(report.portfolio(), income, costs, capital, &on));
    let summary = Summary {
        month: month.to_string(),
        on: on.clone(),
        shares: report.shares,
        outstanding: report.outstanding,
        outstanding_at_risk: report.outstanding_at_risk,
        overdue_amount: report.overdue_amount,
        class_shares: report.classes.iter().map(|c| c.shares).collect(),
        class_outstanding: report.classes.iter().map(|c| c.outstanding).collect(),
        reserve_required: report.reserve_required,
        reserve_before,
        reserve_posted: diff,
        reserve_entry,
        indicators: ind
            .iter()
            .map(|i| IndicatorValue { code: i.code.into(), value_bp: i.value_bp, band: i.band.map(|b| b.code().into()) })
            .collect(),
    };
    let json = to_json(&summary);
    store::books::insert_closed(&mut tx, institution_id, month, &ctx.actor.username, &json).await?;
    store::books::insert_closed_totals(&mut tx, institution_id, month, &through).await?;
    let mut ev = ctx.audit("close", "month", month, Some(institution_id));
    ev.after = json;
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    tracing::info!(institution_id, month, shares = report.shares, reserve = %Rupiah(report.reserve_required), "month closed");
    Ok(Outcome { summary, already: false })
}

/// The summaries of closed months, newest first (the indicators' trend).
pub async fn history(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<Summary>> {
    ctx.require(institution_id, Action::ReadBooks)?;
    // A summary that cannot be read is an error naming its month, never a month left out.
    store::books::closed_months(db, institution_id)
        .await?
        .iter()
        .map(|c| {
            serde_json::from_str(&c.summary)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("the summary of closed month {} cannot be read: {e}", c.month)))
        })
        .collect()
}
