//! The treasurer's money for activities: funds received per source in tranches and payments
//! with their proof. Each posts one balanced entry to the institution's journal (the same
//! journal as the loan fund): a receipt debits the cash or bank account and credits the
//! source's fund account; a payment debits the fund account and credits cash. A mistake is
//! undone by reversing the entry, which voids the row.

use super::plan::{get, source_figures};
use crate::app::attachments::{self, Upload};
use crate::app::books::journal::{post, post_reversal, Posted, ReversalInput};
use crate::app::books::{past_date, positive_amount};
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db, WriteTx};
use swadaya_domain::activity::funding::Source;
use swadaya_domain::ledger::{codes, Posting};
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang, Rupiah};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Commitment {
    pub id: i64,
    pub source: String,
    pub amount: i64,
    /// The source's document: decree, agreement or letter number
    pub document: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Receipt {
    pub id: i64,
    pub activity_id: i64,
    pub source: String,
    pub received_on: String,
    pub amount: i64,
    /// The cash or bank account it went into
    pub account: String,
    /// Transfer slip or letter number
    pub document: String,
    pub journal_entry_id: i64,
    pub reversed: bool,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Spending {
    pub id: i64,
    pub activity_id: i64,
    pub rab_line_id: i64,
    pub source: String,
    pub receipt_no: String,
    pub spent_on: String,
    pub payee: String,
    pub item: String,
    pub amount: i64,
    pub account: String,
    /// Who approved spending over the budget line, and the decision
    pub approval: Option<String>,
    pub journal_entry_id: i64,
    pub reversed: bool,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct InKind {
    pub id: i64,
    pub on_date: String,
    pub contributor: String,
    pub description: String,
    pub value: i64,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ReceiptInput {
    /// A cash source: blm_apbn, apbd, dana_desa, community_cash, csr or other
    pub source: String,
    pub received_on: String,
    pub amount: String,
    /// The cash or bank account it went into, e.g. 11023
    pub account: String,
    /// Transfer slip, letter or tranche document number
    pub document: String,
    /// A form's one-time key: the same key again (a double click, a resend) records nothing new
    #[serde(default)]
    pub idem_key: Option<String>,
}

/// The cash source chosen on a money form, or the error on `field`.
fn cash_source(e: &mut Errors, lang: Lang, field: &str, v: &str) -> Option<Source> {
    match Source::parse(v) {
        Some(s) if !s.in_kind() => Some(s),
        Some(_) => {
            e.add(
                field,
                lang.pick(
                    "Swadaya natura tidak lewat kas; catat di bagian swadaya natura.",
                    "In-kind contributions do not pass through cash; record them under in-kind contributions.",
                ),
            );
            None
        }
        None => {
            e.add(field, lang.pick("Pilih sumber dana.", "Choose the funding source."));
            None
        }
    }
}

/// The cash or bank account chosen, which must be one in the chart.
async fn cash_account(db: &Db, e: &mut Errors, lang: Lang, institution_id: i64, v: &str) -> AppResult<String> {
    let cash = crate::app::books::accounts::cash_codes(db, institution_id).await?;
    if !cash.iter().any(|c| c == v.trim()) {
        e.add("account", lang.pick("Pilih akun kas atau bank.", "Choose a cash or bank account."));
    }
    Ok(v.trim().to_string())
}

/// The lowest running total of dated amounts from `on` onwards (the total at `on` included):
/// what may still be taken out on `on` without any later day going below zero.
fn lowest_from(mut events: Vec<(String, i64)>, on: &str) -> i64 {
    // Same-day outflows first: the cautious order.
    events.sort();
    let mut total: i64 = events.iter().filter(|(d, _)| d.as_str() <= on).map(|(_, a)| a).sum();
    let mut low = total;
    for (_, a) in events.iter().filter(|(d, _)| d.as_str() > on) {
        total += a;
        low = low.min(total);
    }
    low
}

/// A source's money on one activity as dated events: receipts in, payments out (live rows only).
fn source_events(
    receipts: &[store::activities::Receipt],
    spendings: &[store::activities::Spending],
    source: Source,
) -> Vec<(String, i64)> {
    let code = source.code();
    receipts
        .iter()
        .filter(|r| !r.reversed && r.source == code)
        .map(|r| (r.received_on.clone(), r.amount))
        .chain(spendings.iter().filter(|x| !x.reversed && x.source == code).map(|x| (x.spent_on.clone(), -x.amount)))
        .collect()
}

/// The lowest balance a cash or bank account has from `on` onwards.
async fn lowest_balance_from(tx: &mut WriteTx, institution_id: i64, account: &str, on: &str) -> AppResult<i64> {
    let (debit, credit) = store::books::account_totals(&mut ***tx, institution_id, account, on).await?;
    let mut events = vec![(on.to_string(), debit - credit)];
    events.extend(store::books::daily_moves_after(&mut ***tx, institution_id, account, on).await?);
    Ok(lowest_from(events, on))
}

/// The row a form with this key already recorded, if any.
async fn replayed(tx: &mut WriteTx, institution_id: i64, key: Option<&str>, table: &str) -> AppResult<Option<i64>> {
    let Some(k) = key else { return Ok(None) };
    let Some(entry) = store::books::entry_by_idem(tx, institution_id, k).await? else { return Ok(None) };
    Ok(store::activities::row_of_entry(&mut ***tx, institution_id, table, entry).await?)
}

async fn prepare_books(tx: &mut WriteTx, institution_id: i64, source: Source) -> AppResult<()> {
    let mut needed: Vec<&str> = vec![codes::CASH];
    needed.extend(source.account());
    needed.push(codes::ACTIVITY_BANK);
    store::books::ensure_default_accounts(tx, institution_id, &needed).await?;
    Ok(())
}

pub async fn receive(db: &Db, ctx: &Ctx, institution_id: i64, activity_id: i64, input: &ReceiptInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::ActivityMoney)?;
    let lang = ctx.lang;
    let a = get(db, institution_id, activity_id).await?;
    let mut e = Errors::default();
    let source = cash_source(&mut e, lang, "source", &input.source);
    let date = past_date(&mut e, lang, "received_on", &input.received_on);
    let amount = positive_amount(&mut e, lang, "amount", &input.amount);
    let account = cash_account(db, &mut e, lang, institution_id, &input.account).await?;
    let document = e.take("document", text::required_line(&input.document, 120), |x| x.msg(lang));
    e.finish()?;
    let (source, document) = (source.expect("checked"), document.expect("checked"));
    let on = date.expect("checked").to_string();
    let mut tx = db.begin().await?;
    // Exclusive on PostgreSQL: two receipts at once cannot both pass the commitment check.
    tx.hold_books(institution_id, true).await?;
    let key = crate::app::one_time_key(ctx.lang, input.idem_key.as_deref())?;
    if let Some(done) = replayed(&mut tx, institution_id, key, "fund_receipts").await? {
        return Ok(done);
    }
    crate::app::books::check_open(&mut tx, lang, institution_id, "received_on", &on).await?;
    let commitments = store::activities::commitments(&mut **tx, institution_id, a.id).await?;
    let receipts = store::activities::receipts(&mut **tx, institution_id, a.id).await?;
    let f = source_figures(&commitments, &receipts, &[], &[]).remove(&source).unwrap_or_default();
    if f.received + amount > f.committed {
        return Err(AppError::field(
            "amount",
            match lang {
                Lang::Id => format!(
                    "Komitmen {} untuk kegiatan ini {}, sudah diterima {}. Catat dulu komitmen (dengan dokumennya) sebelum menerima lebih.",
                    source.label(lang),
                    Rupiah(f.committed),
                    Rupiah(f.received)
                ),
                Lang::En => format!(
                    "The {} commitment to this activity is {}, of which {} has been received. Record the commitment (with its document) before receiving more.",
                    source.label(lang),
                    Rupiah(f.committed),
                    Rupiah(f.received)
                ),
            },
        ));
    }
    prepare_books(&mut tx, institution_id, source).await?;
    let tranche = receipts.iter().filter(|r| !r.reversed && r.source == source.code()).count() + 1;
    let memo = match lang {
        Lang::Id => format!("Penerimaan {} tahap {tranche}: {}", source.label(lang), a.name),
        Lang::En => format!("{} received, tranche {tranche}: {}", source.label(lang), a.name),
    };
    let fund = source.account().expect("a cash source has a fund account");
    let p = Posted {
        posted_on: &on,
        memo: &memo,
        receipt: Some(&document),
        source: "activity_receipt",
        source_id: Some(a.id),
        reverses_id: None,
        idem_key: key,
        lines: vec![Posting::debit(&account, amount), Posting::credit(fund, amount)],
    };
    let entry = post(&mut tx, ctx, institution_id, "received_on", &p).await?;
    let r = store::activities::NewReceipt {
        activity_id: a.id,
        source: source.code(),
        received_on: &on,
        amount,
        account: &account,
        document: &document,
        journal_entry_id: entry,
        created_by: &ctx.actor.username,
    };
    let id = store::activities::insert_receipt(&mut tx, institution_id, &r).await?;
    let mut ev = ctx.audit("receive", "fund_receipt", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "activity_id": a.id, "source": source.code(), "received_on": on, "amount": amount, "account": account,
        "document": document, "journal_entry_id": entry, "tranche": tranche,
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct SpendingInput {
    /// The budget (RAB) line it pays for
    #[serde(default, deserialize_with = "crate::app::input::id")]
    pub rab_line_id: i64,
    /// The cash source it is paid from
    pub source: String,
    /// The receipt (kwitansi) or invoice number
    pub receipt_no: String,
    pub spent_on: String,
    pub payee: String,
    /// What was bought or paid for
    pub item: String,
    pub amount: String,
    /// The cash or bank account it is paid from
    pub account: String,
    /// Needed only when the payment takes the line over its budget: who approved, and where
    /// (e.g. "Rapat BKM 12/08/2018, notulen no. 7")
    #[serde(default)]
    pub approval: String,
    /// A form's one-time key: the same key again (a double click, a resend) records nothing new
    #[serde(default)]
    pub idem_key: Option<String>,
}

pub async fn spend(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    activity_id: i64,
    input: &SpendingInput,
    files: &[Upload],
) -> AppResult<i64> {
    ctx.require(institution_id, Action::ActivityMoney)?;
    let lang = ctx.lang;
    let a = get(db, institution_id, activity_id).await?;
    let lines = store::proposals::lines(&db.pool, institution_id, store::proposals::LineOwner::Activity(a.id)).await?;
    let mut e = Errors::default();
    let line = lines.iter().find(|l| l.id == input.rab_line_id);
    if line.is_none() {
        e.add("rab_line_id", lang.pick("Pilih baris RAB yang dibayar.", "Choose the budget line this pays for."));
    }
    let source = cash_source(&mut e, lang, "source", &input.source);
    let receipt_no = match text::required_line(&input.receipt_no, 60) {
        Ok(r) => Some(r),
        Err(swadaya_domain::text::TextError::Required) => {
            e.add(
                "receipt_no",
                lang.pick(
                    "Nomor kwitansi wajib diisi: setiap pembayaran harus ada buktinya.",
                    "The receipt number is required: every payment needs its proof.",
                ),
            );
            None
        }
        Err(x) => {
            e.add("receipt_no", x.msg(lang));
            None
        }
    };
    let date = past_date(&mut e, lang, "spent_on", &input.spent_on);
    let payee = e.take("payee", text::required_line(&input.payee, 200), |x| x.msg(lang));
    let item = e.take("item", text::required_line(&input.item, 300), |x| x.msg(lang));
    let amount = positive_amount(&mut e, lang, "amount", &input.amount);
    let account = cash_account(db, &mut e, lang, institution_id, &input.account).await?;
    let approval = e.take("approval", text::optional_line(&input.approval, 300), |x| x.msg(lang)).flatten();
    let files = attachments::check_beside("files", files, lang, &mut e.0).await;
    e.finish()?;
    let (line, source) = (line.expect("checked"), source.expect("checked"));
    let (receipt_no, payee, item) = (receipt_no.expect("checked"), payee.expect("checked"), item.expect("checked"));
    let on = date.expect("checked").to_string();
    let mut tx = db.begin().await?;
    // Exclusive on PostgreSQL: two payments with one receipt number cannot both pass the check.
    tx.hold_books(institution_id, true).await?;
    let key = crate::app::one_time_key(ctx.lang, input.idem_key.as_deref())?;
    if let Some(done) = replayed(&mut tx, institution_id, key, "spendings").await? {
        return Ok(done);
    }
    crate::app::books::check_open(&mut tx, lang, institution_id, "spent_on", &on).await?;
    if let Some((_, other)) = store::activities::receipt_in_use(&mut tx, institution_id, &receipt_no).await? {
        let other_name = store::activities::get(&mut **tx, institution_id, other).await?.map(|x| x.name).unwrap_or_default();
        return Err(AppError::field(
            "receipt_no",
            match lang {
                Lang::Id => {
                    format!("Kwitansi {receipt_no} sudah dicatat (kegiatan {other_name}). Satu kwitansi hanya dicatat sekali.")
                }
                Lang::En => {
                    format!("Receipt {receipt_no} is already recorded (activity {other_name}). A receipt is recorded once.")
                }
            },
        ));
    }
    let receipts = store::activities::receipts(&mut **tx, institution_id, a.id).await?;
    let spendings = store::activities::spendings(&mut **tx, institution_id, a.id).await?;
    let available = lowest_from(source_events(&receipts, &spendings, source), &on);
    if amount > available {
        return Err(AppError::field(
            "amount",
            match lang {
                Lang::Id => format!(
                    "Dana {} yang sudah diterima kegiatan ini sampai tanggal itu dan belum dipakai hanya {}. Catat dulu penerimaan dananya, atau bayar dari sumber lain.",
                    source.label(lang),
                    Rupiah(available.max(0))
                ),
                Lang::En => format!(
                    "By that date this activity has only {} of {} received and not yet spent. Record the funds received first, or pay from another source.",
                    Rupiah(available.max(0)),
                    source.label(lang)
                ),
            },
        ));
    }
    let line_spent: i64 = spendings.iter().filter(|s| !s.reversed && s.rab_line_id == line.id).map(|s| s.amount).sum();
    if line_spent + amount > line.total && approval.is_none() {
        return Err(AppError::field(
            "approval",
            match lang {
                Lang::Id => format!(
                    "Baris RAB \u{201c}{}\u{201d} dianggarkan {}, sudah dibayar {}. Pembayaran ini melebihinya sebesar {}: tulis persetujuan (siapa, rapat dan tanggalnya) atau kurangi jumlahnya.",
                    line.item,
                    Rupiah(line.total),
                    Rupiah(line_spent),
                    Rupiah(line_spent + amount - line.total)
                ),
                Lang::En => format!(
                    "Budget line \u{201c}{}\u{201d} is {}, of which {} is paid. This payment goes {} over it: write the approval (who, which meeting and date) or lower the amount.",
                    line.item,
                    Rupiah(line.total),
                    Rupiah(line_spent),
                    Rupiah(line_spent + amount - line.total)
                ),
            },
        ));
    }
    let held = lowest_balance_from(&mut tx, institution_id, &account, &on).await?;
    if held < amount {
        return Err(AppError::field(
            "account",
            match lang {
                Lang::Id => format!(
                    "Saldo akun {account} pada tanggal itu (atau sesudahnya) hanya {}. Pilih akun tempat dana diterima, atau catat dulu pemindahan dananya.",
                    Rupiah(held.max(0))
                ),
                Lang::En => format!(
                    "Account {account} holds only {} on that date (or later). Choose the account the funds went into, or record the transfer first.",
                    Rupiah(held.max(0))
                ),
            },
        ));
    }
    prepare_books(&mut tx, institution_id, source).await?;
    let memo = format!("{}: {item} ({payee})", a.name);
    let fund = source.account().expect("a cash source has a fund account");
    let p = Posted {
        posted_on: &on,
        memo: &memo,
        receipt: Some(&receipt_no),
        source: "activity_spending",
        source_id: Some(a.id),
        reverses_id: None,
        idem_key: key,
        lines: vec![Posting::debit(fund, amount), Posting::credit(&account, amount)],
    };
    let entry = post(&mut tx, ctx, institution_id, "spent_on", &p).await?;
    let s = store::activities::NewSpending {
        activity_id: a.id,
        rab_line_id: line.id,
        source: source.code(),
        receipt_no: &receipt_no,
        spent_on: &on,
        payee: &payee,
        item: &item,
        amount,
        account: &account,
        approval: approval.as_deref(),
        journal_entry_id: entry,
        created_by: &ctx.actor.username,
    };
    let id = store::activities::insert_spending(&mut tx, institution_id, &s).await?;
    attachments::store_all(&mut tx, ctx, institution_id, "spending", id, &files).await?;
    let mut ev = ctx.audit("spend", "spending", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "activity_id": a.id, "rab_line_id": line.id, "source": source.code(), "receipt_no": receipt_no, "spent_on": on,
        "payee": payee, "item": item, "amount": amount, "account": account, "approval": approval, "journal_entry_id": entry,
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

/// Reverses a payment: its entry is reversed and the payment no longer counts. Its receipt
/// number becomes free for the corrected payment.
pub async fn reverse_spending(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    activity_id: i64,
    spending_id: i64,
    input: &ReversalInput,
) -> AppResult<i64> {
    ctx.require(institution_id, Action::ActivityMoney)?;
    let lang = ctx.lang;
    let s = store::activities::spending(&db.pool, institution_id, spending_id).await?.ok_or(AppError::NotFound)?;
    if s.activity_id != activity_id {
        return Err(AppError::NotFound);
    }
    let (on, reason) = reversal_input(lang, input)?;
    let mut tx = db.begin().await?;
    // Exclusive on PostgreSQL: a second reversal waits and then finds the first.
    tx.hold_books(institution_id, true).await?;
    let entry = store::books::get_entry(&mut **tx, institution_id, s.journal_entry_id).await?.ok_or(AppError::NotFound)?;
    let id = post_reversal(&mut tx, ctx, institution_id, &entry, &on, &reason).await?;
    let mut ev = ctx.audit("reverse", "spending", s.id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({"reversal_entry_id": id, "posted_on": on, "reason": reason}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

/// Reverses funds recorded as received by mistake, unless they have already been spent.
pub async fn reverse_receipt(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    activity_id: i64,
    receipt_id: i64,
    input: &ReversalInput,
) -> AppResult<i64> {
    ctx.require(institution_id, Action::ActivityMoney)?;
    let lang = ctx.lang;
    let (on, reason) = reversal_input(lang, input)?;
    let mut tx = db.begin().await?;
    tx.hold_books(institution_id, true).await?;
    let receipts = store::activities::receipts(&mut **tx, institution_id, activity_id).await?;
    let r = receipts.iter().find(|r| r.id == receipt_id).ok_or(AppError::NotFound)?;
    let source = Source::parse(&r.source).ok_or(AppError::NotFound)?;
    let spendings = store::activities::spendings(&mut **tx, institution_id, activity_id).await?;
    // The money must not have been spent, on the receipt's date or any day after it.
    let available = lowest_from(source_events(&receipts, &spendings, source), &r.received_on);
    if !r.reversed && available < r.amount {
        return Err(AppError::Conflict {
            message: match lang {
                Lang::Id => format!(
                    "Dana {} ini sudah terpakai; sisa yang belum dipakai hanya {}. Batalkan dulu pembayaran yang salah.",
                    source.label(lang),
                    Rupiah(available.max(0))
                ),
                Lang::En => format!(
                    "These {} funds have been spent; only {} is unspent. Reverse the wrong payments first.",
                    source.label(lang),
                    Rupiah(available.max(0))
                ),
            },
            link: None,
        });
    }
    if !r.reversed && lowest_balance_from(&mut tx, institution_id, &r.account, &r.received_on).await? < r.amount {
        return Err(AppError::Conflict {
            message: match lang {
                Lang::Id => {
                    format!("Uang di akun {} sudah terpakai untuk hal lain; pembatalan akan membuat saldonya minus.", r.account)
                }
                Lang::En => format!(
                    "The money in account {} has been used for something else; reversing would make it negative.",
                    r.account
                ),
            },
            link: None,
        });
    }
    let entry = store::books::get_entry(&mut **tx, institution_id, r.journal_entry_id).await?.ok_or(AppError::NotFound)?;
    let id = post_reversal(&mut tx, ctx, institution_id, &entry, &on, &reason).await?;
    let mut ev = ctx.audit("reverse", "fund_receipt", r.id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({"reversal_entry_id": id, "posted_on": on, "reason": reason}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

fn reversal_input(lang: Lang, input: &ReversalInput) -> AppResult<(String, String)> {
    let mut e = Errors::default();
    let date = past_date(&mut e, lang, "posted_on", &input.posted_on);
    let reason = e.take("reason", text::required_line(&input.reason, 300), |x| x.msg(lang));
    e.finish()?;
    Ok((date.expect("checked").to_string(), reason.expect("checked")))
}

#[cfg(test)]
mod tests {
    use super::lowest_from;

    #[test]
    fn a_back_dated_payment_cannot_take_what_a_later_day_needs() {
        let ev = |v: &[(&str, i64)]| v.iter().map(|(d, a)| (d.to_string(), *a)).collect::<Vec<_>>();
        // 100 in on 1 January, 100 paid on 1 March: nothing is free on 1 February.
        let e = ev(&[("2026-01-01", 100), ("2026-03-01", -100)]);
        assert_eq!(lowest_from(e.clone(), "2026-02-01"), 0);
        assert_eq!(lowest_from(e.clone(), "2025-12-31"), 0, "before the money arrived");
        // A second tranche in April frees money only from April.
        let mut e2 = e;
        e2.push(("2026-04-01".into(), 50));
        assert_eq!(lowest_from(e2.clone(), "2026-02-01"), 0);
        assert_eq!(lowest_from(e2, "2026-04-01"), 50);
    }
}
