//! The monthly bill run of a scheme: every customer connected by the month's end gets one bill
//! priced by the tariff version in force for the month (metered customers by their reading).
//! Running it again for the same month bills nobody twice. The run posts one journal entry:
//! receivable against fee income, and advances paid earlier taken against the new bills.

use super::month_field;
use super::readings::month_end;
use crate::app::books::journal::{post, Posted};
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use swadaya_domain::ledger::{codes, Posting};
use swadaya_domain::roles::Action;
use swadaya_domain::water::tariff;
use swadaya_domain::Lang;

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct BillRun {
    pub id: i64,
    pub scheme_id: i64,
    /// YYYY-MM
    pub month: String,
    /// The tariff version it priced with
    pub tariff_id: i64,
    pub bills: i64,
    pub total: i64,
    /// None when every bill was Rp 0
    pub journal_entry_id: Option<i64>,
    pub created_by: String,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Bill {
    pub id: i64,
    pub customer_id: i64,
    /// YYYY-MM: the month billed
    pub month: String,
    pub m3: i64,
    /// The fixed part: monthly fee, weeks of jimpitan, or the metered charge's beban
    pub fixed: i64,
    /// The m³ priced by the blocks
    pub usage_amount: i64,
    pub total: i64,
    pub due_on: String,
    /// Paid on it by payments still standing
    pub paid: i64,
    /// The bill's lines as printed (weeks, blocks), JSON
    pub detail: String,
}

impl Bill {
    pub fn owed(&self) -> i64 {
        (self.total - self.paid).max(0)
    }

    /// The charge as priced, for printing (weeks and blocks).
    pub fn charge(&self) -> tariff::Charge {
        serde_json::from_str::<ChargeDetail>(&self.detail).map(|d| d.into_charge(self)).unwrap_or_default()
    }
}

/// What `detail` keeps of a charge: the domain's Charge has no Deserialize.
#[derive(serde::Deserialize)]
struct ChargeDetail {
    #[serde(default)]
    weeks: u32,
    #[serde(default)]
    billed_m3: u32,
    #[serde(default)]
    blocks: Vec<BlockDetail>,
}

#[derive(serde::Deserialize)]
struct BlockDetail {
    from: u32,
    to: u32,
    m3: u32,
    price: i64,
    amount: i64,
}

impl ChargeDetail {
    fn into_charge(self, b: &Bill) -> tariff::Charge {
        tariff::Charge {
            fixed: b.fixed,
            weeks: self.weeks,
            billed_m3: self.billed_m3,
            blocks: self
                .blocks
                .into_iter()
                .map(|x| tariff::BlockUse { from: x.from, to: x.to, m3: x.m3, price: x.price, amount: x.amount })
                .collect(),
            total: b.total,
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct RunInput {
    /// The month to bill: 2026-11 or 11/2026
    pub month: String,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RunOutcome {
    pub run: BillRun,
    /// false: the month was billed before, and nothing new was made
    pub created: bool,
    /// Advances paid earlier and taken against these bills
    pub advances_used: i64,
}

pub async fn runs(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<BillRun>> {
    ctx.require(institution_id, Action::ReadWater)?;
    Ok(store::water::bills::runs(&db.pool, institution_id).await?)
}

/// The day a month's bill is due: `due_day` of the next month.
pub fn due_on(month: &str, due_day: i64) -> String {
    crate::app::books::month_bounds(month)
        .and_then(|(_, last)| last.succ_opt())
        .and_then(|next| NaiveDate::from_ymd_opt(next.year(), next.month(), due_day.clamp(1, 28) as u32))
        .map_or_else(|| month_end(month), |d| d.to_string())
}

pub async fn run(db: &Db, ctx: &Ctx, institution_id: i64, scheme_id: i64, input: &RunInput) -> AppResult<RunOutcome> {
    ctx.require(institution_id, Action::BillWater)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let month = month_field(&mut e, lang, "month", &input.month);
    super::not_ahead(&mut e, lang, "month", &month);
    e.finish()?;
    let month = month.expect("checked");
    let mut tx = db.begin().await?;
    // Exclusive: two runs of one month at once cannot both pass the "not billed yet" check.
    tx.hold_books(institution_id, true).await?;
    let scheme = store::water::scheme(&mut **tx, institution_id, scheme_id).await?.ok_or(AppError::NotFound)?;
    if let Some(done) = store::water::bills::run_of(&mut tx, institution_id, scheme_id, &month).await? {
        return Ok(RunOutcome { run: done, created: false, advances_used: 0 });
    }
    let today = chrono::Local::now().date_naive().to_string();
    let last_day = month_end(&month);
    // Posted on the month's last day (today, for the month still running): a closed month
    // refuses the run by itself.
    let posted_on = last_day.clone().min(today);
    crate::app::books::check_open(&mut tx, lang, institution_id, "month", &posted_on).await?;
    let tariffs = store::water::tariffs(&mut tx, institution_id, scheme_id).await?;
    let first = crate::app::books::month_bounds(&month).map(|(f, _)| f).expect("checked month");
    let Some(tariff) = tariffs.iter().rev().find(|t| t.valid_from.as_str() <= first.to_string().as_str()) else {
        return Err(AppError::field(
            "month",
            lang.pick(
                "Skema ini belum punya tarif yang berlaku untuk bulan itu. Tetapkan tarifnya dulu.",
                "This scheme has no tariff in force for that month. Set its tariff first.",
            ),
        ));
    };
    let rules = tariff.rules(&scheme.kind);
    let events = super::customers::events_by_customer(
        store::water::customers::events(&mut **tx, institution_id, None, Some(scheme_id)).await?,
    );
    let first_day = first.to_string();
    let customers: Vec<_> = store::water::customers::list(&mut **tx, institution_id, Some(scheme_id))
        .await?
        .into_iter()
        .filter(|c| c.connected_on <= last_day)
        .filter(|c| super::customers::billed_in(events.get(&c.id).map(Vec::as_slice).unwrap_or_default(), &first_day, &last_day))
        .collect();
    let readings = if scheme.kind == "metered" {
        store::water::customers::scheme_readings(&mut **tx, institution_id, scheme_id, &month).await?
    } else {
        Vec::new()
    };
    let read: HashMap<i64, &super::readings::Reading> =
        readings.iter().filter(|r| r.month == month).map(|r| (r.customer_id, r)).collect();
    let mut bills = Vec::with_capacity(customers.len());
    let mut unread = Vec::new();
    for c in &customers {
        let reading = read.get(&c.id).copied();
        if scheme.kind == "metered" && reading.is_none() {
            unread.push(format!("{} {}", c.number, c.name));
            continue;
        }
        let m3 = reading.map_or(0, |r| r.m3);
        let charge = rules.charge(first, m3 as u32);
        bills.push(store::water::bills::NewBill {
            customer_id: c.id,
            reading_id: reading.map(|r| r.id),
            m3: i64::from(charge.billed_m3),
            fixed: charge.fixed,
            usage_amount: charge.total - charge.fixed,
            total: charge.total,
            detail: to_json(&charge),
        });
    }
    if !unread.is_empty() {
        let shown = unread.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
        let more = unread.len().saturating_sub(10);
        return Err(AppError::field(
            "month",
            match lang {
                Lang::Id => format!(
                    "{} pelanggan belum dicatat meternya bulan ini: {shown}{}. Catat dulu semua meter (yang rusak: catat angka terakhirnya dengan keterangan), lalu buat tagihan.",
                    unread.len(),
                    if more > 0 { format!(" dan {more} lainnya") } else { String::new() }
                ),
                Lang::En => format!(
                    "{} customers have no reading for this month: {shown}{}. Record every meter first (a broken one: its last figure with a note), then bill.",
                    unread.len(),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ),
            },
        ));
    }
    if bills.is_empty() {
        return Err(AppError::field(
            "month",
            lang.pick("Skema ini belum punya pelanggan pada bulan itu.", "This scheme had no customers in that month."),
        ));
    }
    let total: i64 = bills.iter().map(|b| b.total).sum();
    let due = due_on(&month, scheme.due_day);
    let advances = store::water::bills::advances(&mut tx, institution_id, scheme_id).await?;
    store::books::ensure_default_accounts(
        &mut tx,
        institution_id,
        &[codes::FEES_RECEIVABLE, codes::FEES_ADVANCE, codes::FEE_INCOME],
    )
    .await?;
    let memo = match lang {
        Lang::Id => {
            format!("Tagihan {} {}: {} pelanggan", scheme.name, crate::app::books::month_label(&month, lang), bills.len())
        }
        Lang::En => {
            format!("{} bills for {}: {} customers", scheme.name, crate::app::books::month_label(&month, lang), bills.len())
        }
    };
    // Advances go to the new bills, each customer's oldest payment first.
    let mut ahead: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    for (customer, payment, left) in &advances {
        ahead.entry(*customer).or_default().push((*payment, *left));
    }
    let mut taken: Vec<(i64, i64, i64)> = Vec::new();
    for b in &bills {
        let mut owed = b.total;
        for (payment, left) in ahead.get(&b.customer_id).map(Vec::as_slice).unwrap_or_default() {
            if owed == 0 {
                break;
            }
            let part = owed.min(*left);
            taken.push((b.customer_id, *payment, part));
            owed -= part;
        }
    }
    let advances_used: i64 = taken.iter().map(|(_, _, a)| a).sum();
    let entry = if total > 0 {
        let mut lines = vec![Posting::debit(codes::FEES_RECEIVABLE, total), Posting::credit(codes::FEE_INCOME, total)];
        if advances_used > 0 {
            lines.push(Posting::debit(codes::FEES_ADVANCE, advances_used));
            lines.push(Posting::credit(codes::FEES_RECEIVABLE, advances_used));
        }
        let p = Posted {
            posted_on: &posted_on,
            memo: &memo,
            receipt: None,
            source: "water_bills",
            source_id: Some(scheme_id),
            reverses_id: None,
            idem_key: None,
            lines,
        };
        Some(post(&mut tx, ctx, institution_id, "month", &p).await?)
    } else {
        None
    };
    let new_run = store::water::bills::NewRun {
        scheme_id,
        month: &month,
        tariff_id: tariff.id,
        bills: bills.len() as i64,
        total,
        journal_entry_id: entry,
        created_by: &ctx.actor.username,
    };
    let run_id = store::water::bills::insert_run(&mut tx, institution_id, &new_run).await?;
    let ids = store::water::bills::insert_bills(&mut tx, institution_id, run_id, &month, &due, &bills).await?;
    let bill_of: HashMap<i64, i64> = ids.into_iter().collect();
    let parts: Vec<store::water::bills::NewPart> = taken
        .iter()
        .filter_map(|(customer, payment, amount)| bill_of.get(customer).map(|bill| (*payment, *bill, *amount, Some(run_id))))
        .collect();
    store::water::bills::insert_parts(&mut tx, institution_id, &parts).await?;
    let mut ev = ctx.audit("run", "water_bill_run", run_id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "scheme_id": scheme_id, "month": month, "tariff_id": tariff.id, "bills": bills.len(), "total": total,
        "advances_used": advances_used, "journal_entry_id": entry, "due_on": due,
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    let run = BillRun {
        id: run_id,
        scheme_id,
        month: month.clone(),
        tariff_id: tariff.id,
        bills: new_run.bills,
        total,
        journal_entry_id: entry,
        created_by: ctx.actor.username.clone(),
    };
    Ok(RunOutcome { run, created: true, advances_used })
}

/// One bill with its customer, for printing.
pub async fn bill(db: &Db, ctx: &Ctx, institution_id: i64, bill_id: i64) -> AppResult<(Bill, super::customers::Customer)> {
    ctx.require(institution_id, Action::ReadWater)?;
    let mut conn = db.pool.acquire().await?;
    let b = store::water::bills::bill(&mut *conn, institution_id, bill_id).await?.ok_or(AppError::NotFound)?;
    let c = store::water::customers::get(&mut *conn, institution_id, b.customer_id).await?.ok_or(AppError::NotFound)?;
    Ok((b, c))
}

/// A month of the service's money: billed that month, collected that month (whichever bills
/// the payments went to), and the collection efficiency in basis points.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct MonthFigures {
    pub month: String,
    pub billed: i64,
    pub collected: i64,
    /// collected / billed, in basis points (10000 = 100 %); none when nothing was billed
    pub efficiency_bp: Option<i64>,
}

/// Every month with bills or payments, oldest first.
pub async fn months(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<MonthFigures>> {
    ctx.require(institution_id, Action::ReadWater)?;
    let rows = store::water::bills::month_totals(&db.pool, institution_id).await?;
    Ok(rows
        .into_iter()
        .map(|(month, billed, collected)| MonthFigures {
            month,
            billed,
            collected,
            efficiency_bp: swadaya_domain::money::share_bp(collected, billed),
        })
        .collect())
}
