//! Collection work on the arrears list (seed 001): plans and visits with promises to pay, the
//! hand-over to a special collection team, drawing down the group's joint-liability savings
//! (only under the agreement's power of attorney), and write-off after a board decision.

use super::repayments::{dues_now, record, Pay};
use crate::app::books::journal::{post, Posted};
use crate::app::books::{any_date, past_date, positive_amount};
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, fund::Status, Db};
use swadaya_domain::fund::allocation::{Due, Part};
use swadaya_domain::fund::arrears::arrears;
use swadaya_domain::ksm::SavingsKind;
use swadaya_domain::ledger::{codes, Posting};
use swadaya_domain::roles::Action;

/// A collection action as the plan lists it, with its group and agreement.
use swadaya_domain::{text, Lang, Rupiah};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CollectionAction {
    pub id: i64,
    pub loan_id: i64,
    pub member_id: Option<i64>,
    /// plan, visit or handover
    pub kind: String,
    pub on_date: String,
    pub officer: Option<String>,
    pub village_official: Option<String>,
    pub promise_on: Option<String>,
    pub promise_amount: Option<i64>,
    pub note: Option<String>,
    pub created_by: String,
    pub ksm_name: String,
    pub agreement_no: String,
}

pub const KINDS: [(&str, &str, &str); 3] = [
    ("plan", "Rencana kunjungan", "Planned visit"),
    ("visit", "Kunjungan penagihan", "Collection visit"),
    ("handover", "Diserahkan ke tim khusus penagihan", "Handed to the special collection team"),
];

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ActionInput {
    /// The member concerned (0 or empty: the whole KSM)
    #[serde(default, deserialize_with = "crate::app::input::opt_id", rename = "action_member_id", alias = "member_id")]
    pub member_id: Option<i64>,
    /// plan, visit or handover
    #[serde(rename = "action_kind", alias = "kind")]
    pub kind: String,
    /// Planned date (plan) or the day it happened
    pub on_date: String,
    #[serde(default)]
    pub officer: String,
    /// The village official who comes along (seed 001: collection involves the village government)
    #[serde(default)]
    pub village_official: String,
    /// Promise to pay: date and amount
    #[serde(default)]
    pub promise_on: String,
    #[serde(default)]
    pub promise_amount: String,
    #[serde(default)]
    pub note: String,
}

pub async fn add_action(db: &Db, ctx: &Ctx, institution_id: i64, loan_id: i64, input: &ActionInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteBooks)?;
    let lang = ctx.lang;
    let loan = store::fund::get_loan(&db.pool, institution_id, loan_id).await?.ok_or(AppError::NotFound)?;
    let shares = store::fund::shares_of(&db.pool, institution_id, loan_id).await?;
    let mut e = Errors::default();
    let member = input.member_id.filter(|m| *m > 0);
    if member.is_some_and(|m| !shares.iter().any(|s| s.member_id == m)) {
        e.add("action_member_id", lang.pick("Pilih anggota peminjam ini.", "Choose a borrower of this loan."));
    }
    let kind = KINDS.iter().find(|(k, _, _)| *k == input.kind).map(|(k, _, _)| *k);
    if kind.is_none() {
        e.add("action_kind", lang.pick("Pilih jenis kegiatan penagihan.", "Choose the kind of collection action."));
    }
    // A plan may lie ahead; what happened cannot.
    let date = if kind == Some("plan") {
        any_date(&mut e, lang, "on_date", &input.on_date)
    } else {
        past_date(&mut e, lang, "on_date", &input.on_date)
    };
    let officer = e.take("officer", text::optional_line(&input.officer, 100), |x| x.msg(lang)).flatten();
    if officer.is_none() && kind != Some("handover") && !e.0.iter().any(|f| f.field == "officer") {
        e.add("officer", lang.pick("Tulis petugas yang berkunjung.", "Write who visits."));
    }
    let official = e.take("village_official", text::optional_line(&input.village_official, 100), |x| x.msg(lang)).flatten();
    let note = e.take("note", text::optional_text(&input.note, 2_000), |x| x.msg(lang)).flatten();
    let promise_on = match input.promise_on.trim() {
        "" => None,
        v => match any_date(&mut e, lang, "promise_on", v) {
            Some(p) if date.is_some_and(|d| p < d) => {
                e.add(
                    "promise_on",
                    lang.pick(
                        "Janji bayar tidak boleh sebelum tanggal kunjungan.",
                        "The promised date cannot be before the visit.",
                    ),
                );
                None
            }
            p => p.map(|p| p.to_string()),
        },
    };
    let promise_amount = match input.promise_amount.trim() {
        "" => None,
        v => Some(positive_amount(&mut e, lang, "promise_amount", v)),
    };
    e.finish()?;
    let on = date.expect("checked").to_string();
    let mut tx = db.begin().await?;
    let a = store::fund::NewAction {
        loan_id,
        member_id: member,
        kind: kind.expect("checked"),
        on_date: &on,
        officer: officer.as_deref(),
        village_official: official.as_deref(),
        promise_on: promise_on.as_deref(),
        promise_amount,
        note: note.as_deref(),
        created_by: &ctx.actor.username,
    };
    let id = store::fund::insert_action(&mut tx, institution_id, &a).await?;
    let mut ev = ctx.audit(a.kind, "collection", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "loan_id": loan.id, "member_id": member, "on_date": on, "officer": officer, "village_official": official,
        "promise_on": promise_on, "promise_amount": promise_amount, "note": note,
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct DrawdownInput {
    /// The member whose arrears are covered
    #[serde(default, deserialize_with = "crate::app::input::id", rename = "drawdown_member_id", alias = "member_id")]
    pub member_id: i64,
    #[serde(rename = "drawdown_amount", alias = "amount")]
    pub amount: String,
    #[serde(rename = "drawdown_on", alias = "on_date")]
    pub on_date: String,
    /// A retry with the same key answers with the first drawdown's repayment
    #[serde(default)]
    pub idem_key: Option<String>,
}

/// Covers a member's arrears from the group's joint-liability savings: the member's own first,
/// then the other members' in turn. One transaction: the savings withdrawals, the repayment and
/// its journal entry.
pub async fn drawdown(db: &Db, ctx: &Ctx, institution_id: i64, loan_id: i64, input: &DrawdownInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteBooks)?;
    let lang = ctx.lang;
    let loan = store::fund::get_loan(&db.pool, institution_id, loan_id).await?.ok_or(AppError::NotFound)?;
    if !loan.power_of_attorney {
        return Err(AppError::Conflict {
            message: lang
                .pick(
                    "Perjanjian pinjaman ini tidak memuat surat kuasa, jadi tabungan tanggung renteng tidak boleh dicairkan. Tagih langsung atau buat kesepakatan baru dengan KSM.",
                    "This loan agreement has no power of attorney, so the joint-liability savings may not be drawn down. Collect directly or make a new agreement with the KSM.",
                )
                .into(),
            link: None,
        });
    }
    let mut e = Errors::default();
    let date = past_date(&mut e, lang, "drawdown_on", &input.on_date);
    let amount = positive_amount(&mut e, lang, "drawdown_amount", &input.amount);
    e.finish()?;
    let on = date.expect("checked");
    let on_s = on.to_string();
    // Kept apart from the office repayments' keys: a page's one key must not find a payment.
    let key = crate::app::one_time_key(lang, input.idem_key.as_deref())?.map(|k| format!("drawdown:{k}"));
    let members = store::ksm::list_members(db, institution_id, loan.ksm_id).await?;
    let mut tx = db.begin().await?;
    if let Some(k) = &key {
        if let Some(id) = super::repayments::paid_by_key(&mut tx, lang, institution_id, loan_id, "drawdown", k).await? {
            return Ok(id);
        }
    }
    // A locked month is the first thing to say: every other figure would be beside the point.
    crate::app::books::check_open(&mut tx, lang, institution_id, "drawdown_on", &on_s).await?;
    let dues: Vec<Due> = dues_now(&mut tx, institution_id, loan_id, input.member_id).await?;
    if dues.is_empty() {
        return Err(AppError::field(
            "drawdown_member_id",
            lang.pick("Anggota ini tidak punya bagian di pinjaman ini.", "This member has no share in this loan."),
        ));
    }
    let overdue = arrears(&dues, on, loan.terms.frequency, &super::collectibility(db, institution_id).await?).overdue_amount;
    if amount > overdue {
        return Err(AppError::field(
            "drawdown_amount",
            match lang {
                Lang::Id => {
                    format!("Tunggakan anggota ini pada tanggal itu {}; pencairan paling banyak sebesar itu.", Rupiah(overdue))
                }
                Lang::En => format!("This member's arrears on that date are {}; draw down at most that.", Rupiah(overdue)),
            },
        ));
    }
    // The defaulting member's own savings first, then the others'.
    let mut order: Vec<&store::ksm::Member> = members.iter().filter(|m| m.id == input.member_id).collect();
    order.extend(members.iter().filter(|m| m.id != input.member_id));
    let mut held = Vec::new();
    for m in &order {
        let b = store::ksm::balance_in_tx(&mut tx, institution_id, m.id, SavingsKind::JointLiability.code()).await?;
        if b > 0 {
            held.push((m.id, m.name.clone(), b));
        }
    }
    let total: i64 = held.iter().map(|(_, _, b)| b).sum();
    if amount > total {
        return Err(AppError::field(
            "drawdown_amount",
            match lang {
                Lang::Id => format!("Tabungan tanggung renteng KSM hanya {}.", Rupiah(total)),
                Lang::En => format!("The KSM's joint-liability savings are only {}.", Rupiah(total)),
            },
        ));
    }
    let borrower = members.iter().find(|m| m.id == input.member_id).map(|m| m.name.clone()).unwrap_or_default();
    let note = format!(
        "{} {} ({})",
        lang.pick("Dicairkan untuk tunggakan", "Drawn down for the arrears of"),
        borrower,
        loan.agreement_no
    );
    let mut left = amount;
    let mut taken = Vec::new();
    for (member_id, name, balance) in held {
        if left == 0 {
            break;
        }
        let x = balance.min(left);
        let m = store::ksm::Movement {
            ksm_id: loan.ksm_id,
            member_id,
            kind: SavingsKind::JointLiability.code(),
            amount: -x,
            on_date: &on_s,
            meeting_id: None,
            note: Some(&note),
            created_by: &ctx.actor.username,
            idem_key: None,
        };
        store::ksm::insert_movement(&mut tx, institution_id, &m).await?;
        if store::ksm::lowest_running_in_tx(&mut tx, institution_id, member_id, SavingsKind::JointLiability.code()).await? < 0 {
            return Err(AppError::field(
                "drawdown_on",
                lang.pick(
                    "Pada tanggal itu tabungannya belum sebanyak itu. Pakai tanggal yang lebih baru.",
                    "On that date the savings were not that much yet. Use a later date.",
                ),
            ));
        }
        taken.push(serde_json::json!({"member_id": member_id, "name": name, "amount": x}));
        left -= x;
    }
    let p = Pay {
        loan_id,
        member_id: input.member_id,
        paid_on: &on_s,
        amount,
        source: "drawdown",
        meeting_id: None,
        account: codes::CASH,
        idem_key: key.as_deref(),
        field: "drawdown_amount",
        date_field: "drawdown_on",
    };
    let id = match record(&mut tx, ctx, institution_id, &p).await {
        Ok(id) => id,
        Err(AppError::Db(e)) if store::is_unique_violation(&e) && key.is_some() => {
            drop(tx);
            let k = key.as_deref().unwrap_or_default();
            return super::repayments::after_clash(db, lang, institution_id, loan_id, "drawdown", k, e).await;
        }
        Err(other) => return Err(other),
    };
    let mut ev = ctx.audit("drawdown", "loan", loan_id, Some(institution_id));
    ev.after = to_json(
        &serde_json::json!({"member_id": input.member_id, "amount": amount, "on": on_s, "payment_id": id, "from": taken}),
    );
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct WriteOffInput {
    #[serde(default, deserialize_with = "crate::app::input::id", rename = "writeoff_member_id", alias = "member_id")]
    pub member_id: i64,
    #[serde(rename = "writeoff_on", alias = "decided_on")]
    pub decided_on: String,
    /// The board decision (meeting and its minutes or decree number)
    pub decision: String,
}

/// Writes off what a member still owes after a board decision: the principal against the
/// loan-loss reserve (12010 / 11030); unpaid interest was never booked, so it is only closed.
pub async fn write_off(db: &Db, ctx: &Ctx, institution_id: i64, loan_id: i64, input: &WriteOffInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::ApproveLoans)?;
    let lang = ctx.lang;
    let loan = store::fund::get_loan(&db.pool, institution_id, loan_id).await?.ok_or(AppError::NotFound)?;
    let mut e = Errors::default();
    let date = past_date(&mut e, lang, "writeoff_on", &input.decided_on);
    let decision = e.take("decision", text::required_line(&input.decision, 300), |x| match x {
        text::TextError::Required => lang
            .pick(
                "Hapus buku hanya dengan keputusan pengurus: tulis rapat dan nomor berita acara/SK-nya.",
                "A write-off needs a board decision: write the meeting and its minutes or decree number.",
            )
            .to_string(),
        other => other.msg(lang),
    });
    e.finish()?;
    if loan.status != Status::Disbursed {
        return Err(AppError::Conflict {
            message: lang.pick("Pinjaman ini belum dicairkan.", "This loan has not been disbursed.").into(),
            link: None,
        });
    }
    let on = date.expect("checked").to_string();
    let mut tx = db.begin().await?;
    let dues = dues_now(&mut tx, institution_id, loan_id, input.member_id).await?;
    let parts: Vec<Part> = dues
        .iter()
        .filter(|d| d.unpaid() > 0)
        .map(|d| Part { n: d.n, principal: d.unpaid_principal(), interest: d.unpaid_interest() })
        .collect();
    if parts.is_empty() {
        return Err(AppError::field(
            "writeoff_member_id",
            lang.pick("Anggota ini tidak punya sisa pinjaman.", "This member owes nothing on this loan."),
        ));
    }
    let principal: i64 = parts.iter().map(|p| p.principal).sum();
    let interest: i64 = parts.iter().map(|p| p.interest).sum();
    let decision = decision.expect("checked");
    let members = store::ksm::list_members(db, institution_id, loan.ksm_id).await?;
    let name = members.iter().find(|m| m.id == input.member_id).map(|m| m.name.clone()).unwrap_or_default();
    let entry = if principal > 0 {
        let memo = format!("{} {} {} ({})", lang.pick("Hapus buku", "Write-off"), loan.agreement_no, name, decision);
        Some(
            post(
                &mut tx,
                ctx,
                institution_id,
                "writeoff_on",
                &Posted {
                    posted_on: &on,
                    memo: &memo,
                    receipt: Some(&decision),
                    source: "writeoff",
                    source_id: Some(loan_id),
                    reverses_id: None,
                    idem_key: None,
                    lines: vec![Posting::debit(codes::RESERVE, principal), Posting::credit(codes::LOANS, principal)],
                },
            )
            .await?,
        )
    } else {
        crate::app::books::check_open(&mut tx, lang, institution_id, "writeoff_on", &on).await?;
        None
    };
    let new = store::fund::NewPayment {
        loan_id,
        member_id: input.member_id,
        paid_on: &on,
        amount: principal + interest,
        source: "writeoff",
        meeting_id: None,
        entry_id: entry,
        reverses_id: None,
        idem_key: None,
        created_by: &ctx.actor.username,
    };
    let id = store::fund::insert_payment(&mut tx, institution_id, &new, &parts).await?;
    let mut ev = ctx.audit("write_off", "loan", loan_id, Some(institution_id));
    ev.after = to_json(
        &serde_json::json!({"member_id": input.member_id, "principal": principal, "interest": interest, "decided_on": on, "decision": decision, "entry_id": entry}),
    );
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

/// The collection work plan (Rencana Kerja Penagihan) from a date on, across the institution.
pub async fn plan(db: &Db, ctx: &Ctx, institution_id: i64, from: &str) -> AppResult<Vec<CollectionAction>> {
    ctx.require(institution_id, Action::ReadBooks)?;
    Ok(store::fund::actions(db, institution_id, 0, from).await?)
}
