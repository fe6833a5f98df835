//! Repayments: allocated interest first, then principal, oldest instalment first; what is left
//! pays ahead. Each payment posts its journal entry in the same transaction; a mistake is undone
//! by a reversal (a negative payment with negated parts and the reversed entry).

use crate::app::books::journal::{post, Posted};
use crate::app::books::{past_date, positive_amount};
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, fund::Status, Db, WriteTx};
use swadaya_domain::fund::allocation::{allocate, AllocationError, Due, Part};
use swadaya_domain::ledger::{codes, Posting};
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang, Rupiah};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Payment {
    pub id: i64,
    pub loan_id: i64,
    pub member_id: i64,
    pub paid_on: String,
    pub amount: i64,
    /// sheet, office, drawdown, writeoff or reversal
    pub source: String,
    pub meeting_id: Option<i64>,
    pub entry_id: Option<i64>,
    pub reverses_id: Option<i64>,
    pub reversed_by: Option<i64>,
    pub created_by: String,
    pub principal: i64,
    pub interest: i64,
}

/// One payment by one member on one loan, written inside the caller's transaction.
pub struct Pay<'a> {
    pub loan_id: i64,
    pub member_id: i64,
    pub paid_on: &'a str,
    pub amount: i64,
    /// sheet, office or drawdown
    pub source: &'a str,
    pub meeting_id: Option<i64>,
    pub account: &'a str,
    pub idem_key: Option<&'a str>,
    /// The form field errors belong to
    pub field: &'a str,
    pub date_field: &'a str,
}

/// What is still owed on a member's share (all payments so far, whatever their date).
pub async fn dues_now(tx: &mut WriteTx, institution_id: i64, loan_id: i64, member_id: i64) -> AppResult<Vec<Due>> {
    Ok(store::fund::dues_of(&mut ***tx, institution_id, loan_id, "9999-12-31")
        .await?
        .into_iter()
        .filter(|r| r.member_id == member_id)
        .map(|r| r.due)
        .collect())
}

pub async fn record(tx: &mut WriteTx, ctx: &Ctx, institution_id: i64, p: &Pay<'_>) -> AppResult<i64> {
    let lang = ctx.lang;
    let loan = store::fund::get_loan(&mut ***tx, institution_id, p.loan_id).await?.ok_or(AppError::NotFound)?;
    if loan.status != Status::Disbursed {
        return Err(AppError::field(p.field, lang.pick("Pinjaman ini belum dicairkan.", "This loan has not been disbursed.")));
    }
    if loan.disbursed_on.as_deref().is_some_and(|d| p.paid_on < d) {
        return Err(AppError::field(
            p.date_field,
            lang.pick("Tanggal bayar sebelum pencairan.", "The payment date is before the disbursement."),
        ));
    }
    let dues = dues_now(tx, institution_id, p.loan_id, p.member_id).await?;
    if dues.is_empty() {
        return Err(AppError::field(
            p.field,
            lang.pick("Anggota ini tidak punya bagian di pinjaman ini.", "This member has no share in this loan."),
        ));
    }
    let on = swadaya_domain::dates::parse_date(p.paid_on).ok_or_else(|| AppError::field(p.date_field, "?"))?;
    let parts = match allocate(&dues, on, p.amount) {
        Ok(parts) => parts,
        Err(AllocationError::NotPositive) => {
            return Err(AppError::field(p.field, lang.pick("Jumlah harus lebih dari 0.", "The amount must be above 0.")))
        }
        Err(AllocationError::MoreThanOwed(0)) => {
            return Err(AppError::field(
                p.field,
                lang.pick(
                    "Pinjaman anggota ini sudah lunas; tidak ada yang perlu dibayar.",
                    "This member's loan is fully repaid; nothing is owed.",
                ),
            ))
        }
        Err(AllocationError::MoreThanOwed(left)) => {
            return Err(AppError::field(
                p.field,
                match lang {
                    Lang::Id => format!("Lebih dari sisa pinjaman ({}). Tulis paling banyak {}.", Rupiah(left), Rupiah(left)),
                    Lang::En => format!("More than what is still owed ({}). Enter at most {}.", Rupiah(left), Rupiah(left)),
                },
            ))
        }
    };
    let principal: i64 = parts.iter().map(|x| x.principal).sum();
    let interest: i64 = parts.iter().map(|x| x.interest).sum();
    let mut lines = vec![Posting::debit(p.account, p.amount)];
    if principal > 0 {
        lines.push(Posting::credit(codes::LOANS, principal));
    }
    if interest > 0 {
        lines.push(Posting::credit(codes::INTEREST_INCOME, interest));
    }
    let memo = format!("{} {} ({})", lang.pick("Angsuran", "Instalment"), loan.agreement_no, loan.ksm_name);
    let entry = post(
        tx,
        ctx,
        institution_id,
        p.date_field,
        &Posted {
            posted_on: p.paid_on,
            memo: &memo,
            receipt: None,
            source: "repayment",
            source_id: Some(p.loan_id),
            reverses_id: None,
            idem_key: None,
            lines,
        },
    )
    .await?;
    let new = store::fund::NewPayment {
        loan_id: p.loan_id,
        member_id: p.member_id,
        paid_on: p.paid_on,
        amount: p.amount,
        source: p.source,
        meeting_id: p.meeting_id,
        entry_id: Some(entry),
        reverses_id: None,
        idem_key: p.idem_key,
        created_by: &ctx.actor.username,
    };
    let id = store::fund::insert_payment(tx, institution_id, &new, &parts).await?;
    let mut ev = ctx.audit("pay", "loan_payment", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "loan_id": p.loan_id, "member_id": p.member_id, "paid_on": p.paid_on, "amount": p.amount, "source": p.source,
        "meeting_id": p.meeting_id, "entry_id": entry, "principal": principal, "interest": interest,
    }));
    store::audit::append(tx, ev).await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct PaymentInput {
    #[serde(default, deserialize_with = "crate::app::input::id")]
    pub member_id: i64,
    pub paid_on: String,
    pub amount: String,
    /// Cash or bank account receiving the money (default 11010 Kas)
    #[serde(default)]
    pub account: String,
    #[serde(default)]
    pub idem_key: Option<String>,
}

/// A repayment taken at the UPK office.
pub async fn pay(db: &Db, ctx: &Ctx, institution_id: i64, loan_id: i64, input: &PaymentInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteBooks)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let date = past_date(&mut e, lang, "paid_on", &input.paid_on);
    let amount = positive_amount(&mut e, lang, "amount", &input.amount);
    let account = if input.account.trim().is_empty() { codes::CASH.to_string() } else { input.account.trim().to_string() };
    let cash = crate::app::books::accounts::cash_codes(db, institution_id).await?;
    if !cash.contains(&account) {
        e.add("account", lang.pick("Pilih akun kas atau bank.", "Choose a cash or bank account."));
    }
    e.finish()?;
    let key = crate::app::one_time_key(ctx.lang, input.idem_key.as_deref())?;
    let on = date.expect("checked").to_string();
    let mut tx = db.begin().await?;
    if let Some(k) = key {
        if let Some(id) = paid_by_key(&mut tx, lang, institution_id, loan_id, "office", k).await? {
            return Ok(id);
        }
    }
    let made = record(
        &mut tx,
        ctx,
        institution_id,
        &Pay {
            loan_id,
            member_id: input.member_id,
            paid_on: &on,
            amount,
            source: "office",
            meeting_id: None,
            account: &account,
            idem_key: key,
            field: "amount",
            date_field: "paid_on",
        },
    )
    .await;
    let id = match made {
        Ok(id) => id,
        Err(AppError::Db(e)) if store::is_unique_violation(&e) && key.is_some() => {
            drop(tx);
            return after_clash(db, lang, institution_id, loan_id, "office", key.unwrap_or_default(), e).await;
        }
        Err(other) => return Err(other),
    };
    tx.commit().await?;
    Ok(id)
}

/// The payment of this loan (and kind: office, drawdown) made with this key; a key that made
/// another payment is refused.
pub async fn paid_by_key(
    tx: &mut crate::store::Tx,
    lang: Lang,
    institution_id: i64,
    loan_id: i64,
    source: &str,
    key: &str,
) -> AppResult<Option<i64>> {
    let Some(id) = store::fund::payment_by_idem(tx, institution_id, key).await? else { return Ok(None) };
    match store::fund::get_payment(&mut **tx, institution_id, id).await? {
        Some(p) if p.loan_id == loan_id && p.source == source => Ok(Some(id)),
        _ => Err(crate::app::key_reused(lang)),
    }
}

/// Two requests with one key a moment apart (a double click; on PostgreSQL both pass the key
/// check before either commits): the second meets the unique index, and answers with the first.
pub async fn after_clash(
    db: &Db,
    lang: Lang,
    institution_id: i64,
    loan_id: i64,
    source: &str,
    key: &str,
    clash: sqlx::Error,
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    paid_by_key(&mut tx, lang, institution_id, loan_id, source, key).await?.ok_or(AppError::Db(clash))
}

/// Undoes one payment inside the caller's transaction: negated parts, the entry reversed.
pub async fn reverse_in(
    tx: &mut WriteTx,
    ctx: &Ctx,
    institution_id: i64,
    payment_id: i64,
    on: &str,
    reason: &str,
    date_field: &str,
) -> AppResult<i64> {
    let lang = ctx.lang;
    let pay = store::fund::get_payment(&mut ***tx, institution_id, payment_id).await?.ok_or(AppError::NotFound)?;
    let conflict = |m: &str| AppError::Conflict { message: m.into(), link: None };
    if pay.reverses_id.is_some() {
        return Err(conflict(lang.pick(
            "Ini sendiri pembatalan; pembatalan tidak dibatalkan lagi. Catat pembayaran baru yang benar.",
            "This is itself a reversal; a reversal is not reversed again. Record a new, correct payment.",
        )));
    }
    if pay.reversed_by.is_some() {
        return Err(conflict(lang.pick("Pembayaran ini sudah dibatalkan.", "This payment has already been reversed.")));
    }
    if matches!(pay.source.as_str(), "writeoff" | "drawdown") {
        return Err(conflict(lang.pick(
            "Hapus buku dan pencairan tanggung renteng tidak dibatalkan di sini: keduanya keputusan yang tercatat. Bila ada yang keliru, catat koreksinya sebagai jurnal dan transaksi baru.",
            "Write-offs and joint-liability drawdowns are not reversed here: both are recorded decisions. If something was wrong, record the correction as a new entry and transaction.",
        )));
    }
    if on < pay.paid_on.as_str() {
        return Err(AppError::field(
            date_field,
            lang.pick("Pembatalan tidak boleh sebelum tanggal bayarnya.", "A reversal cannot be dated before the payment."),
        ));
    }
    let parts: Vec<Part> = store::fund::parts_of(tx, institution_id, payment_id)
        .await?
        .into_iter()
        .map(|x| Part { n: x.n, principal: -x.principal, interest: -x.interest })
        .collect();
    let lines: Vec<Posting> = store::books::lines_of(&mut ***tx, institution_id, pay.entry_id.unwrap_or(0))
        .await?
        .iter()
        .map(Posting::reversed)
        .collect();
    let memo = format!("{} #{} ({reason})", lang.pick("Pembatalan angsuran", "Payment reversal"), payment_id);
    let entry = post(
        tx,
        ctx,
        institution_id,
        date_field,
        &Posted {
            posted_on: on,
            memo: &memo,
            receipt: None,
            source: "reversal",
            source_id: Some(pay.loan_id),
            reverses_id: pay.entry_id,
            idem_key: None,
            lines,
        },
    )
    .await?;
    let new = store::fund::NewPayment {
        loan_id: pay.loan_id,
        member_id: pay.member_id,
        paid_on: on,
        amount: -pay.amount,
        source: "reversal",
        meeting_id: pay.meeting_id,
        entry_id: Some(entry),
        reverses_id: Some(payment_id),
        idem_key: None,
        created_by: &ctx.actor.username,
    };
    let id = store::fund::insert_payment(tx, institution_id, &new, &parts).await?;
    let mut ev = ctx.audit("reverse", "loan_payment", payment_id, Some(institution_id));
    ev.before = to_json(&pay);
    ev.after = to_json(&serde_json::json!({"reversal_id": id, "entry_id": entry, "on": on, "reason": reason}));
    store::audit::append(tx, ev).await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct PaymentReversalInput {
    pub reversed_on: String,
    pub reason: String,
}

pub async fn reverse(db: &Db, ctx: &Ctx, institution_id: i64, payment_id: i64, input: &PaymentReversalInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteBooks)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let date = past_date(&mut e, lang, "reversed_on", &input.reversed_on);
    let reason = e.take("reason", text::required_line(&input.reason, 300), |x| x.msg(lang));
    e.finish()?;
    let mut tx = db.begin().await?;
    let id = reverse_in(
        &mut tx,
        ctx,
        institution_id,
        payment_id,
        &date.expect("checked").to_string(),
        reason.as_deref().unwrap_or_default(),
        "reversed_on",
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The sheet's instalment for a member goes to the oldest running loan that still has
/// something owed. `None` when the member has no running loan at all.
pub async fn loan_for_sheet(tx: &mut WriteTx, institution_id: i64, ksm_id: i64, member_id: i64) -> AppResult<Option<i64>> {
    let running = store::fund::running_shares(&mut ***tx, institution_id, ksm_id).await?;
    let mine: Vec<i64> = running.iter().filter(|(_, m)| *m == member_id).map(|(l, _)| *l).collect();
    for l in &mine {
        let dues = dues_now(tx, institution_id, *l, member_id).await?;
        if swadaya_domain::fund::allocation::remaining(&dues) > 0 {
            return Ok(Some(*l));
        }
    }
    Ok(mine.last().copied())
}

/// What each borrowing member of a group has fallen due and not paid by `day`: the amount a
/// collection sheet for that day is prefilled with. Members with a running loan and nothing
/// due appear with 0 (their instalment column is shown).
pub async fn due_on_sheet(
    db: &Db,
    institution_id: i64,
    ksm_id: i64,
    day: &str,
) -> AppResult<std::collections::HashMap<i64, i64>> {
    let mut out = std::collections::HashMap::new();
    for (member, due_on, unpaid) in unpaid_dues(db, institution_id, ksm_id).await? {
        let owed = out.entry(member).or_insert(0);
        if due_on.as_str() <= day {
            *owed += unpaid;
        }
    }
    Ok(out)
}

/// Every instalment still owed by the group's borrowers: (member id, due date, unpaid amount).
/// A borrower with nothing owed yet appears with a zero, so the sheet still shows the field.
pub async fn unpaid_dues(db: &Db, institution_id: i64, ksm_id: i64) -> AppResult<Vec<(i64, String, i64)>> {
    let mut out = Vec::new();
    for (loan, member) in store::fund::running_shares(&db.pool, institution_id, ksm_id).await? {
        let dues = store::fund::dues_of(&db.pool, institution_id, loan, "9999-12-31").await?;
        let mut any = false;
        for r in dues.iter().filter(|r| r.member_id == member && r.due.unpaid() > 0) {
            any = true;
            out.push((member, r.due.due_on.to_string(), r.due.unpaid()));
        }
        if !any {
            out.push((member, "9999-12-31".to_string(), 0));
        }
    }
    Ok(out)
}
