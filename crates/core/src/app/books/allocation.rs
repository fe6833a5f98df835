//! Year-end profit allocation by board decision (seed 001: to reserves, BKM operations, social
//! activities such as slum handling). An allocation debits 32020, which carries what has been
//! allocated against the profits of past years; the balance sheet shows profit not yet
//! allocated as those profits less 32020.

use super::journal::{post, Posted};
use super::{past_date, positive_amount};
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use swadaya_domain::ledger::{AccountKind, Posting};
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang, Rupiah};

pub const ALLOCATED: &str = swadaya_domain::ledger::codes::ALLOCATED_PROFIT;

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct AllocationLine {
    /// An equity or liability account, e.g. 32010 Laba ditahan (reserves) or a fund for social activities
    pub account: String,
    pub amount: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct AllocationInput {
    #[serde(default, deserialize_with = "crate::app::input::year")]
    pub year: i32,
    pub decided_on: String,
    /// The board decision: meeting and minutes or decree number
    pub decision: String,
    #[serde(default)]
    pub lines: Vec<AllocationLine>,
}

/// A year's net profit and what has been allocated from it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct YearResult {
    pub year: i32,
    pub net: i64,
    pub allocated: i64,
}

pub async fn year_result(db: &Db, institution_id: i64, year: i32) -> AppResult<YearResult> {
    let accounts = store::books::list_accounts(&db.pool, institution_id).await?;
    let kind = |c: &str| accounts.iter().find(|a| a.code == c).map(|a| a.kind());
    let mut net = 0;
    for (code, d, c) in store::books::totals(db, institution_id, Some(&format!("{year}-01-01")), &format!("{year}-12-31")).await?
    {
        match kind(&code) {
            Some(AccountKind::Income) => net += c - d,
            Some(AccountKind::Expense) => net -= d - c,
            _ => {}
        }
    }
    let allocated = store::books::allocated_for(&db.pool, institution_id, year as i64).await?;
    Ok(YearResult { year, net, allocated })
}

pub async fn allocate(db: &Db, ctx: &Ctx, institution_id: i64, input: &AllocationInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::ApproveLoans)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let date = past_date(&mut e, lang, "decided_on", &input.decided_on);
    if date.is_some_and(|d| d.to_string() <= format!("{}-12-31", input.year)) {
        e.add(
            "decided_on",
            lang.pick("Laba dialokasikan sesudah tahunnya berakhir.", "Profit is allocated after its year has ended."),
        );
    }
    let decision = e.take("decision", text::required_line(&input.decision, 300), |x| match x {
        text::TextError::Required => lang
            .pick("Tulis keputusan pengurus (rapat, no. berita acara).", "Write the board decision (meeting, minutes no.).")
            .to_string(),
        other => other.msg(lang),
    });
    let chart = crate::app::books::accounts::ensure(db, institution_id).await?;
    let mut lines = Vec::new();
    for (i, l) in input.lines.iter().enumerate() {
        if l.account.trim().is_empty() && l.amount.trim().is_empty() {
            continue;
        }
        let field = format!("alloc-{i}-amount");
        let ok = chart.iter().any(|a| {
            a.code == l.account.trim() && a.code != ALLOCATED && matches!(a.kind(), AccountKind::Equity | AccountKind::Liability)
        });
        if !ok {
            e.add(
                &format!("alloc-{i}-account"),
                lang.pick(
                    "Pilih akun modal atau kewajiban tujuan alokasi.",
                    "Choose the equity or liability account it goes to.",
                ),
            );
        }
        let amount = positive_amount(&mut e, lang, &field, &l.amount);
        lines.push(Posting::credit(l.account.trim(), amount));
    }
    if lines.is_empty() {
        e.add("alloc-0-amount", lang.pick("Isi paling sedikit satu alokasi.", "Enter at least one allocation."));
    }
    e.finish()?;
    let total: i64 = lines.iter().map(|l| l.credit).sum();
    let r = year_result(db, institution_id, input.year).await?;
    let left = r.net - r.allocated;
    if total > left {
        return Err(AppError::field(
            "alloc-0-amount",
            match lang {
                Lang::Id => format!(
                    "Laba bersih {} {}; sudah dialokasikan {}. Sisa yang bisa dialokasikan {}.",
                    input.year,
                    Rupiah(r.net),
                    Rupiah(r.allocated),
                    Rupiah(left.max(0))
                ),
                Lang::En => format!(
                    "Net profit {} was {}; {} already allocated. At most {} is left.",
                    input.year,
                    Rupiah(r.net),
                    Rupiah(r.allocated),
                    Rupiah(left.max(0))
                ),
            },
        ));
    }
    let on = date.expect("checked").to_string();
    let decision = decision.expect("checked");
    let mut all = vec![Posting::debit(ALLOCATED, total)];
    all.extend(lines);
    let memo = format!("{} {} ({decision})", lang.pick("Alokasi laba tahun", "Profit allocation for"), input.year);
    let mut tx = db.begin().await?;
    let id = post(
        &mut tx,
        ctx,
        institution_id,
        "decided_on",
        &Posted {
            posted_on: &on,
            memo: &memo,
            receipt: Some(&decision),
            source: "allocation",
            source_id: Some(input.year as i64),
            reverses_id: None,
            idem_key: None,
            lines: all,
        },
    )
    .await?;
    let mut ev = ctx.audit("allocate", "profit", input.year, Some(institution_id));
    ev.after = to_json(
        &serde_json::json!({"year": input.year, "net": r.net, "allocated_before": r.allocated, "total": total, "entry_id": id, "decision": decision}),
    );
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

/// The net profit of the three years before `this_year` and what was allocated from each,
/// newest first: the years a board may still allocate.
pub async fn recent_years(db: &Db, ctx: &Ctx, institution_id: i64, this_year: i32) -> AppResult<Vec<YearResult>> {
    ctx.require(institution_id, Action::ReadBooks)?;
    let mut years = Vec::new();
    for y in (this_year - 3..this_year).rev() {
        years.push(year_result(db, institution_id, y).await?);
    }
    Ok(years)
}
