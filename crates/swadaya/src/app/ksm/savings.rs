//! Savings balances, statements and withdrawals.

use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use std::collections::HashMap;
use swadaya_domain::dates::parse_date;
use swadaya_domain::ksm::SavingsKind;
use swadaya_domain::roles::Action;
use swadaya_domain::savings::check_withdrawal;
use swadaya_domain::{text, Rupiah};

/// Balances of every member of a group, by kind; and the group's total (its cash from savings).
pub struct Balances {
    pub by_member: HashMap<i64, HashMap<SavingsKind, Rupiah>>,
    pub total: Rupiah,
}

impl Balances {
    pub fn of(&self, member_id: i64, kind: SavingsKind) -> Rupiah {
        self.by_member.get(&member_id).and_then(|k| k.get(&kind)).copied().unwrap_or_default()
    }
}

pub async fn balances(db: &Db, institution_id: i64, ksm_id: i64) -> AppResult<Balances> {
    let rows = store::ksm::balances(db, institution_id, ksm_id).await?;
    let mut by_member: HashMap<i64, HashMap<SavingsKind, Rupiah>> = HashMap::new();
    let mut total = 0;
    for (member, kind, amount) in rows {
        if let Some(k) = SavingsKind::parse(&kind) {
            by_member.entry(member).or_default().insert(k, Rupiah(amount));
            total += amount;
        }
    }
    Ok(Balances { by_member, total: Rupiah(total) })
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct WithdrawalInput {
    pub member_id: i64,
    /// wajib, sukarela or tanggung_renteng
    pub kind: String,
    pub amount: String,
    pub on_date: String,
    #[serde(default)]
    pub note: String,
}

/// Records a withdrawal; it never exceeds the balance of that member's savings of that kind.
/// (Joint-liability savings will also be held while the group has a loan outstanding, once the
/// loan fund exists: that rule needs loans to check against.)
pub async fn withdraw(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, w: &WithdrawalInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::RecordMeetings)?;
    let lang = ctx.lang;
    store::ksm::get_ksm(db, institution_id, ksm_id).await?.ok_or(AppError::NotFound)?;
    let members = store::ksm::list_members(db, institution_id, ksm_id).await?;
    let mut e = Errors::default();
    if !members.iter().any(|m| m.id == w.member_id) {
        e.add("member_id", lang.pick("Pilih anggota KSM ini.", "Choose a member of this KSM."));
    }
    let kind = SavingsKind::parse(&w.kind);
    if kind.is_none() {
        e.add("kind", lang.pick("Pilih jenis tabungan.", "Choose the kind of savings."));
    }
    let amount = e.take("amount", Rupiah::parse(&w.amount), |x| x.msg(lang));
    let date = parse_date(&w.on_date);
    match date {
        None => e.add(
            "on_date",
            lang.pick("Tanggal tidak terbaca. Tulis seperti 24/11/2026.", "Cannot read the date. Write it like 24/11/2026."),
        ),
        Some(d) if d > chrono::Local::now().date_naive() => {
            e.add("on_date", lang.pick("Tanggal tidak boleh di masa depan.", "The date cannot be in the future."))
        }
        Some(_) => {}
    }
    let note = e.take("note", text::optional_line(&w.note, 300), |x| x.msg(lang)).flatten();
    e.finish()?;
    let (kind, amount, date) = (kind.expect("checked"), amount.expect("checked"), date.expect("checked").to_string());
    let mut tx = db.begin().await?;
    // Read inside the write transaction: two withdrawals at once cannot both pass on one balance.
    let balance = Rupiah(store::ksm::balance_in_tx(&mut tx, institution_id, w.member_id, kind.code()).await?);
    check_withdrawal(balance, amount).map_err(|err| AppError::field("amount", err.msg(lang)))?;
    let m = store::ksm::Movement {
        ksm_id,
        member_id: w.member_id,
        kind: kind.code(),
        amount: -amount.0,
        on_date: &date,
        meeting_id: None,
        note: note.as_deref(),
        created_by: &ctx.actor.username,
    };
    let id = store::ksm::insert_movement(&mut tx, institution_id, &m).await?;
    let mut ev = ctx.audit("withdraw", "savings", id, Some(institution_id));
    ev.before = format!("{{\"balance\":{}}}", balance.0);
    ev.after = to_json(
        &serde_json::json!({"member_id": w.member_id, "kind": kind.code(), "amount": -amount.0, "on_date": date, "note": note}),
    );
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}
