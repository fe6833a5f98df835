//! Savings balances, statements and withdrawals.

use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use std::collections::HashMap;
use swadaya_domain::dates::parse_date;
use swadaya_domain::ksm::SavingsKind;
use swadaya_domain::roles::Action;
use swadaya_domain::savings::check_withdrawal;
use swadaya_domain::{text, Rupiah};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct StatementLine {
    pub on_date: String,
    pub kind: String,
    pub amount: i64,
    pub meeting_id: Option<i64>,
    pub note: Option<String>,
}

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

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct WithdrawalInput {
    #[serde(default, deserialize_with = "crate::app::input::id")]
    pub member_id: i64,
    /// wajib, sukarela or tanggung_renteng
    pub kind: String,
    pub amount: String,
    pub on_date: String,
    #[serde(default)]
    pub note: String,
    /// Makes a retried submission harmless: the same key is recorded once
    #[serde(default)]
    pub idem_key: Option<String>,
}

/// Records a withdrawal. It never exceeds what the member had of that kind on that date, nor
/// makes any later balance negative (a withdrawal entered late, dated back); it cannot be dated
/// before the member joined; savings held for a running loan stay (see below).
pub async fn withdraw(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, w: &WithdrawalInput) -> AppResult<i64> {
    ctx.require_ksm(institution_id, ksm_id, Action::RecordMeetings)?;
    let lang = ctx.lang;
    store::ksm::get_ksm(db, institution_id, ksm_id).await?.ok_or(AppError::NotFound)?;
    let members = store::ksm::list_members(db, institution_id, ksm_id).await?;
    let member = members.iter().find(|m| m.id == w.member_id);
    let mut e = Errors::default();
    if member.is_none() {
        e.add("member_id", lang.pick("Pilih anggota KSM ini.", "Choose a member of this KSM."));
    }
    let kind = SavingsKind::parse(&w.kind);
    if kind.is_none() {
        e.add("kind", lang.pick("Pilih jenis tabungan.", "Choose the kind of savings."));
    }
    let amount = e.take("amount", swadaya_domain::savings::entry(&w.amount), |x| x.msg(lang));
    let date = parse_date(&w.on_date);
    match date {
        None => e.add(
            "on_date",
            lang.pick("Tanggal tidak terbaca. Tulis seperti 24/11/2026.", "Cannot read the date. Write it like 24/11/2026."),
        ),
        Some(d) if d > chrono::Local::now().date_naive() => {
            e.add("on_date", lang.pick("Tanggal tidak boleh di masa depan.", "The date cannot be in the future."))
        }
        Some(d) if member.is_some_and(|m| d.to_string() < m.joined_on) => {
            e.add("on_date", lang.pick("Tanggal sebelum anggota ini bergabung.", "The date is before this member joined."))
        }
        Some(_) => {}
    }
    let note = e.take("note", text::optional_line(&w.note, 300), |x| x.msg(lang)).flatten();
    e.finish()?;
    let (kind, amount, date) = (kind.expect("checked"), amount.expect("checked"), date.expect("checked").to_string());
    let key = crate::app::one_time_key(ctx.lang, w.idem_key.as_deref())?;
    let mut tx = db.begin().await?;
    if let Some(k) = key {
        if let Some(first) = store::ksm::withdrawal_by_idem(&mut tx, institution_id, k).await? {
            return Ok(first);
        }
    }
    // RULES.md: members keep their savings while the loan runs. The group's joint-liability
    // savings stay while anyone owes; a borrower's own savings stay while they owe. (The UPK
    // draws joint-liability savings down for arrears on the loan's page, under the agreement.)
    let owed = store::fund::owed_in_ksm(&mut tx, institution_id, ksm_id).await?;
    let held = match kind {
        SavingsKind::JointLiability => !owed.is_empty(),
        _ => owed.contains_key(&w.member_id),
    };
    if held {
        return Err(AppError::field(
            "kind",
            lang.pick(
                "Tabungan ini ditahan selama pinjaman KSM belum lunas (aturan tanggung renteng). Tarik sesudah pinjaman lunas.",
                "These savings are held until the KSM's loan is repaid (joint liability). Withdraw once the loan is repaid.",
            ),
        ));
    }
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
        idem_key: key,
    };
    let id = store::ksm::insert_movement(&mut tx, institution_id, &m).await?;
    if store::ksm::lowest_running_in_tx(&mut tx, institution_id, w.member_id, kind.code()).await? < 0 {
        return Err(AppError::field(
            "on_date",
            lang.pick(
                "Pada tanggal itu saldonya belum cukup (setoran yang lebih baru belum ada). Pakai tanggal yang lebih baru.",
                "On that date the balance was not enough (later deposits had not been made). Use a later date.",
            ),
        ));
    }
    let mut ev = ctx.audit("withdraw", "savings", id, Some(institution_id));
    ev.before = format!("{{\"balance\":{}}}", balance.0);
    ev.after = to_json(
        &serde_json::json!({"member_id": w.member_id, "kind": kind.code(), "amount": -amount.0, "on_date": date, "note": note}),
    );
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}
