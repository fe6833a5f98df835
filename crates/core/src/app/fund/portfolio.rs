//! The portfolio at a date: arrears and collectibility per member share, per loan and per KSM,
//! the loan-loss reserve and the indicators. One streaming pass over the instalments, so a
//! district's portfolio never has to fit in memory; only shares in arrears are kept.

use crate::app::{AppResult, Ctx};
use crate::store::{self, books::Totals, Db};
use std::collections::BTreeMap;
use swadaya_domain::fund::arrears::{class_at, Arrears, Collectibility};
use swadaya_domain::fund::indicators::{indicators, Indicator, Portfolio};
use swadaya_domain::ledger::AccountKind;
use swadaya_domain::roles::Action;

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ArrearsLine {
    pub ksm_id: i64,
    pub ksm_name: String,
    pub loan_id: i64,
    pub agreement_no: String,
    pub member_id: i64,
    pub member_name: String,
    pub overdue_instalments: u32,
    pub overdue_amount: i64,
    pub outstanding_principal: i64,
    pub oldest_unpaid: Option<String>,
    pub days_late: i64,
    pub class: u8,
    pub cause: Option<String>,
    pub cause_note: Option<String>,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct KsmSummary {
    pub ksm_id: i64,
    pub name: String,
    pub outstanding: i64,
    pub overdue_amount: i64,
    pub worst_class: u8,
    pub due_to_date: i64,
    pub paid_on_due: i64,
}

impl KsmSummary {
    /// Cumulative repayment rate: paid on what fell due / what fell due, hundredths of a percent.
    pub fn repayment_rate_bp(&self) -> Option<i64> {
        (self.due_to_date > 0).then(|| self.paid_on_due.min(self.due_to_date) * 10_000 / self.due_to_date)
    }
}

#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct ClassTotal {
    pub shares: i64,
    pub outstanding: i64,
    pub reserve: i64,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    pub on: String,
    pub shares: i64,
    pub lines: Vec<ArrearsLine>,
    pub classes: [ClassTotal; 5],
    pub outstanding: i64,
    pub outstanding_at_risk: i64,
    pub overdue_principal: i64,
    pub overdue_amount: i64,
    pub reserve_required: i64,
    pub ksm: Vec<KsmSummary>,
}

impl Report {
    pub fn portfolio(&self) -> Portfolio {
        Portfolio {
            ksm_active: self.ksm.iter().filter(|k| k.outstanding > 0).count() as i64,
            ksm_at_risk: self.ksm.iter().filter(|k| k.outstanding > 0 && k.worst_class >= 3).count() as i64,
            outstanding: self.outstanding,
            outstanding_at_risk: self.outstanding_at_risk,
            overdue_principal: self.overdue_principal,
            ..Portfolio::default()
        }
    }
}

/// Walks every loan disbursed by `on` (payments up to `on`) once; `progress(done, total)` is
/// called as member shares are assessed.
pub async fn scan(
    db: &Db,
    institution_id: i64,
    on: &str,
    rules: &Collectibility,
    progress: &(dyn Fn(i64, i64) + Send + Sync),
) -> AppResult<Report> {
    let day = swadaya_domain::dates::parse_date(on).unwrap_or_default();
    let (mut loans, names, causes) = tokio::try_join!(
        store::fund::portfolio_loans(db, institution_id),
        store::fund::member_names(db, institution_id),
        store::fund::causes(db, institution_id)
    )?;
    loans.retain(|_, l| l.disbursed_on.as_str() <= on);
    let total: i64 = loans.values().map(|l| l.shares).sum();
    let ranges = loan_ranges(&loans, db.readers());
    let mut r = Report { on: on.to_string(), ..Report::default() };
    let mut ksm: BTreeMap<i64, KsmSummary> = BTreeMap::new();
    let mut finish = |row: store::fund::ShareRow, r: &mut Report| {
        let Some(loan) = loans.get(&row.loan_id) else { return };
        let key = (row.loan_id, row.member_id);
        let a = Arrears {
            overdue_instalments: row.overdue_instalments as u32,
            overdue_amount: row.overdue_amount,
            overdue_principal: row.overdue_principal,
            oldest_unpaid: row.oldest_unpaid,
            days_late: row.oldest_unpaid.map(|o| (day - o).num_days()).unwrap_or(0),
            outstanding_principal: row.outstanding,
            due_to_date: row.due_to_date,
            paid_on_due: row.paid_on_due,
            class: class_at(row.oldest_unpaid, day, loan.frequency, rules),
        };
        r.shares += 1;
        let reserve = a.reserve(rules);
        let c = &mut r.classes[(a.class.clamp(1, 5) - 1) as usize];
        c.shares += 1;
        c.outstanding += a.outstanding_principal;
        c.reserve += reserve;
        r.outstanding += a.outstanding_principal;
        r.overdue_principal += a.overdue_principal;
        r.overdue_amount += a.overdue_amount;
        r.reserve_required += reserve;
        if a.at_risk() {
            r.outstanding_at_risk += a.outstanding_principal;
        }
        let k = ksm.entry(loan.ksm_id).or_insert_with(|| KsmSummary {
            ksm_id: loan.ksm_id,
            name: loan.ksm_name.clone(),
            ..Default::default()
        });
        k.outstanding += a.outstanding_principal;
        k.overdue_amount += a.overdue_amount;
        k.due_to_date += a.due_to_date;
        k.paid_on_due += a.paid_on_due;
        if a.outstanding_principal > 0 || a.overdue_amount > 0 {
            k.worst_class = k.worst_class.max(a.class);
        }
        if a.overdue_instalments > 0 {
            let cause = causes.get(&key);
            r.lines.push(ArrearsLine {
                ksm_id: loan.ksm_id,
                ksm_name: loan.ksm_name.clone(),
                loan_id: row.loan_id,
                agreement_no: loan.agreement_no.clone(),
                member_id: key.1,
                member_name: names.get(&key.1).cloned().unwrap_or_default(),
                overdue_instalments: a.overdue_instalments,
                overdue_amount: a.overdue_amount,
                outstanding_principal: a.outstanding_principal,
                oldest_unpaid: a.oldest_unpaid.map(|d| d.to_string()),
                days_late: a.days_late,
                class: a.class,
                cause: cause.map(|c| c.0.clone()),
                cause_note: cause.and_then(|c| c.1.clone()),
            });
        }
    };
    let mut rows = store::fund::portfolio_shares(db, institution_id, on, &ranges);
    while let Some(row) = rows.recv().await {
        finish(row?, &mut r);
        if r.shares % 500 == 0 {
            progress(r.shares, total);
        }
    }
    progress(r.shares, total);
    r.lines.sort_by(|a, b| b.class.cmp(&a.class).then(a.ksm_name.cmp(&b.ksm_name)).then(a.member_name.cmp(&b.member_name)));
    r.ksm = ksm.into_values().collect();
    Ok(r)
}

/// Loan ids cut into at most `parts` contiguous ranges (first, last) of about as many member
/// shares each, one per connection the portfolio is read on.
fn loan_ranges(loans: &std::collections::HashMap<i64, store::fund::PortfolioLoan>, parts: usize) -> Vec<(i64, i64)> {
    let mut ids: Vec<(i64, u64)> = loans.iter().map(|(id, l)| (*id, l.shares.max(0) as u64)).collect();
    ids.sort_unstable();
    let total: u64 = ids.iter().map(|(_, n)| n).sum();
    let per = total.div_ceil(parts.max(1) as u64).max(1);
    let mut ranges: Vec<(i64, i64)> = Vec::new();
    let mut in_range = 0;
    for (id, n) in ids {
        match ranges.last_mut() {
            Some(last) if in_range < per => last.1 = id,
            _ => {
                ranges.push((id, id));
                in_range = 0;
            }
        }
        in_range += n;
    }
    ranges
}

/// Year-to-date income and costs and the capital at `on`, for CCR and ROI, from the books.
pub async fn book_figures(db: &Db, institution_id: i64, on: &str) -> AppResult<(i64, i64, i64)> {
    let accounts = store::books::list_accounts(&db.pool, institution_id).await?;
    let through = store::books::totals_through(db, institution_id, on).await?;
    let before_year = store::books::totals_through(db, institution_id, &end_of_last_year(on)).await?;
    Ok(figures(&accounts, &through, &before_year))
}

/// The last day of the year before `on`'s year: the year-to-date figures start after it.
pub fn end_of_last_year(on: &str) -> String {
    let year: i32 = on.get(..4).and_then(|y| y.parse().ok()).unwrap_or(1970);
    format!("{}-12-31", year - 1)
}

/// Income and costs since the start of the year (totals through `on` less those through the end
/// of the year before) and the capital at `on`.
pub fn figures(accounts: &[store::books::Account], through: &Totals, before_year: &Totals) -> (i64, i64, i64) {
    let (mut income, mut costs, mut capital) = (0, 0, 0);
    for a in accounts {
        let (d, c) = through.get(&a.code).copied().unwrap_or_default();
        let (d0, c0) = before_year.get(&a.code).copied().unwrap_or_default();
        match a.kind() {
            AccountKind::Income => income += (c - c0) - (d - d0),
            AccountKind::Expense => costs += (d - d0) - (c - c0),
            AccountKind::Equity => capital += c - d,
            _ => {}
        }
    }
    (income, costs, capital)
}

pub fn with_books(mut p: Portfolio, income: i64, costs: i64, capital: i64, on: &str) -> Portfolio {
    p.income = income;
    p.costs = costs;
    p.capital = capital;
    p.months_elapsed = on.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(12);
    p
}

/// The arrears list and indicators at a date, for the pages and exports.
pub async fn at(db: &Db, ctx: &Ctx, institution_id: i64, on: &str) -> AppResult<(Report, [Indicator; 5])> {
    ctx.require(institution_id, Action::ReadBooks)?;
    let rules = super::collectibility(db, institution_id).await?;
    let report = scan(db, institution_id, on, &rules, &|_, _| {}).await?;
    let (income, costs, capital) = book_figures(db, institution_id, on).await?;
    let ind = indicators(&with_books(report.portfolio(), income, costs, capital, on));
    Ok((report, ind))
}

pub const CAUSES: [(&str, &str, &str); 5] = [
    ("business", "Usaha gagal", "Business failed"),
    ("died", "Meninggal", "Died"),
    ("moved", "Pindah", "Moved away"),
    ("character", "Karakter (tidak mau bayar)", "Character (unwilling to pay)"),
    ("other", "Lainnya", "Other"),
];

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct CauseInput {
    #[serde(default, deserialize_with = "crate::app::input::id", rename = "cause_member_id", alias = "member_id")]
    pub member_id: i64,
    /// business, died, moved, character or other
    pub cause: String,
    #[serde(default, rename = "cause_note", alias = "note")]
    pub note: String,
}

/// Records why a member is behind (shown on the arrears list).
pub async fn record_cause(db: &Db, ctx: &Ctx, institution_id: i64, loan_id: i64, input: &CauseInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteBooks)?;
    let lang = ctx.lang;
    let mut e = crate::app::Errors::default();
    if !CAUSES.iter().any(|(c, _, _)| *c == input.cause) {
        e.add("cause", lang.pick("Pilih penyebab tunggakan.", "Choose the cause of the arrears."));
    }
    let note = e.take("cause_note", swadaya_domain::text::optional_line(&input.note, 300), |x| x.msg(lang)).flatten();
    e.finish()?;
    let shares = store::fund::shares_of(&db.pool, institution_id, loan_id).await?;
    if !shares.iter().any(|s| s.member_id == input.member_id) {
        return Err(crate::app::AppError::NotFound);
    }
    let mut tx = db.begin().await?;
    let id = store::fund::record_cause(
        &mut tx,
        institution_id,
        loan_id,
        input.member_id,
        &input.cause,
        note.as_deref(),
        &ctx.actor.username,
    )
    .await?;
    let mut ev = ctx.audit("cause", "loan", loan_id, Some(institution_id));
    ev.after = crate::app::to_json(&serde_json::json!({"member_id": input.member_id, "cause": input.cause, "note": note}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::loan_ranges;
    use crate::store::fund::PortfolioLoan;
    use swadaya_domain::fund::product::Frequency;

    fn loans(shares: &[(i64, i64)]) -> std::collections::HashMap<i64, PortfolioLoan> {
        shares
            .iter()
            .map(|&(id, shares)| {
                let loan = PortfolioLoan {
                    ksm_id: 1,
                    ksm_name: "KSM Mawar".into(),
                    agreement_no: format!("PK-{id}"),
                    frequency: Frequency::Monthly,
                    disbursed_on: "2026-01-05".into(),
                    shares,
                };
                (id, loan)
            })
            .collect()
    }

    #[test]
    fn ranges_cover_every_loan_once_and_no_more_ranges_than_asked() {
        let all = loans(&[(3, 5), (9, 5), (10, 5), (12, 1), (40, 5), (41, 5), (77, 2)]);
        for parts in 1..=8 {
            let ranges = loan_ranges(&all, parts);
            assert!(!ranges.is_empty() && ranges.len() <= parts, "{parts} parts: {ranges:?}");
            assert!(ranges.windows(2).all(|w| w[0].1 < w[1].0), "ranges in order, apart: {ranges:?}");
            for id in all.keys() {
                assert_eq!(ranges.iter().filter(|(a, b)| a <= id && id <= b).count(), 1, "loan {id} in {ranges:?}");
            }
        }
        assert_eq!(loan_ranges(&all, 2), vec![(3, 10), (12, 77)]);
        assert!(loan_ranges(&loans(&[]), 4).is_empty());
    }
}
