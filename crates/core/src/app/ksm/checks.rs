//! Confirmations a person gives for a KSM: the independence checklist (seed 001) and the
//! loan-eligibility statements the records cannot prove. Each tick is kept with who and when.

use super::assessment;
use crate::app::{to_json, AppError, AppResult, Ctx};
use crate::store::{self, Db};
use chrono::NaiveDate;
use std::collections::HashMap;
use swadaya_domain::graduation::{assess, GraduationRules, Key};
use swadaya_domain::independence::{Source, ELIGIBILITY_CONFIRMATIONS, ITEMS};
use swadaya_domain::ksm::SavingsKind;
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CheckRow {
    pub item: String,
    pub checked: bool,
    pub checked_by: String,
    pub checked_on: String,
    pub note: Option<String>,
}

pub const INDEPENDENCE: &str = "independence";
pub const ELIGIBILITY: &str = "eligibility";

/// The confirmation in force for each item (the newest).
pub async fn current(db: &Db, institution_id: i64, ksm_id: i64, list: &str) -> AppResult<HashMap<String, CheckRow>> {
    let mut out = HashMap::new();
    for row in store::ksm::checks(db, institution_id, ksm_id, list).await? {
        out.insert(row.item.clone(), row);
    }
    Ok(out)
}

/// One tick or untick of a checklist item.
pub struct Tick<'a> {
    pub list: &'a str,
    pub item: &'a str,
    pub checked: bool,
    pub note: &'a str,
}

pub async fn confirm(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, t: &Tick<'_>) -> AppResult<i64> {
    // The group's officers and the facilitator tick independence items; loan-eligibility
    // statements are confirmed by the UPK or the board, never by the group itself.
    if t.list == ELIGIBILITY {
        ctx.require_ksm(institution_id, ksm_id, Action::ConfirmEligibility)?;
    } else if !(ctx.actor.can(institution_id, Action::RecordMeetings)
        || ctx.actor.can(institution_id, Action::WriteGroups)
        || ctx.actor.can(institution_id, Action::DecideStage))
    {
        ctx.require_ksm(institution_id, ksm_id, Action::WriteGroups)?;
    }
    super::get(db, ctx, institution_id, ksm_id).await?;
    let (list, item, checked) = (t.list, t.item, t.checked);
    let known = match list {
        INDEPENDENCE => ITEMS.iter().any(|i| i.key == item && i.source == Source::Confirmed),
        ELIGIBILITY => ELIGIBILITY_CONFIRMATIONS.iter().any(|(k, _, _)| *k == item),
        _ => false,
    };
    if !known {
        return Err(AppError::field(
            "item",
            ctx.t(
                "Butir ini tidak ada atau dihitung dari catatan, bukan dicentang.",
                "No such item, or it is computed from the records, not ticked.",
            ),
        ));
    }
    let note = text::optional_line(t.note, 300).map_err(|e| AppError::field("note", e.msg(ctx.lang)))?;
    let row = CheckRow {
        item: item.into(),
        checked,
        checked_by: ctx.actor.username.clone(),
        checked_on: chrono::Local::now().date_naive().to_string(),
        note,
    };
    let mut tx = db.begin().await?;
    let id = store::ksm::insert_check(&mut tx, institution_id, ksm_id, list, &row).await?;
    let mut ev = ctx.audit(if checked { "confirm" } else { "unconfirm" }, "ksm_check", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({"ksm_id": ksm_id, "list": list, "item": item, "checked": checked, "note": row.note}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

/// The state of one independence item: met or not (None: not confirmed yet), why, and who.
pub struct ItemState {
    pub met: Option<bool>,
    pub evidence: String,
    pub confirmation: Option<CheckRow>,
}

pub async fn independence(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, today: NaiveDate) -> AppResult<Vec<ItemState>> {
    let group = super::get(db, ctx, institution_id, ksm_id).await?;
    let lang = ctx.lang;
    let ticks = current(db, institution_id, ksm_id, INDEPENDENCE).await?;
    let members = store::ksm::list_members(db, institution_id, ksm_id).await?;
    let balances = super::savings::balances(db, institution_id, ksm_id).await?;
    let kinds = [SavingsKind::Routine, SavingsKind::Voluntary, SavingsKind::JointLiability]
        .iter()
        .filter(|k| members.iter().any(|m| balances.of(m.id, **k).0 > 0))
        .count();
    let quarter_ago = (today - chrono::Duration::days(90)).to_string();
    let then = store::ksm::savings_until(db, institution_id, ksm_id, &quarter_ago).await?;
    let half_year_ago = (today - chrono::Duration::days(182)).to_string();
    let (now_n, then_n) = (
        members.iter().filter(|m| m.active_on(&today.to_string())).count(),
        members.iter().filter(|m| m.active_on(&half_year_ago)).count(),
    );
    let facts = assessment::facts(db, institution_id, ksm_id, today - chrono::Duration::days(84), today).await?;
    let books = assess(&GraduationRules { window_days: 84, ..Default::default() }, today, &facts);
    let on_time = books
        .criteria
        .iter()
        .find(|c| c.key == Key::Bookkeeping)
        .map(|c| (c.passes, c.numerator, c.denominator))
        .unwrap_or((false, 0, 0));
    let written = group.data.rules.iter().filter(|r| r.as_deref().is_some_and(|s| !s.trim().is_empty())).count();
    Ok(ITEMS
        .iter()
        .map(|item| match item.source {
            Source::RulesWritten => ItemState {
                met: Some(written == 5),
                evidence: format!("{written}/5 {}", lang.pick("aturan tertulis", "rules written")),
                confirmation: None,
            },
            Source::SavingsGrowing => ItemState {
                met: Some(kinds >= 2 && balances.total.0 > then),
                evidence: match lang {
                    Lang::Id => format!(
                        "{kinds} jenis tabungan; {} sekarang, {} tiga bulan lalu",
                        balances.total,
                        swadaya_domain::Rupiah(then)
                    ),
                    Lang::En => format!(
                        "{kinds} kinds of savings; {} now, {} three months ago",
                        balances.total,
                        swadaya_domain::Rupiah(then)
                    ),
                },
                confirmation: None,
            },
            Source::BooksOnTime => ItemState {
                met: Some(on_time.0),
                evidence: format!(
                    "{}/{} {}",
                    on_time.1,
                    on_time.2,
                    lang.pick("lembar tepat waktu (12 minggu)", "sheets on time (12 weeks)")
                ),
                confirmation: None,
            },
            Source::MembershipGrowing => ItemState {
                met: Some(now_n > then_n),
                evidence: match lang {
                    Lang::Id => format!("{now_n} anggota sekarang, {then_n} enam bulan lalu"),
                    Lang::En => format!("{now_n} members now, {then_n} six months ago"),
                },
                confirmation: None,
            },
            Source::Confirmed => {
                let c = ticks.get(item.key).cloned();
                ItemState { met: c.as_ref().map(|c| c.checked), evidence: String::new(), confirmation: c }
            }
        })
        .collect())
}
