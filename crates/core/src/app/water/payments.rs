//! Fees taken from customers: a payment pays the oldest unpaid bill first, in part or whole;
//! more than everything owed is kept as an advance only when the payer confirms it. Each
//! payment posts one journal entry (cash against the receivable, and the advance); a mistake is
//! undone by reversing the payment, which undoes everything it paid, advances a bill run took
//! from it included. A customer's statement and the collection list read from here.

use super::bills::Bill;
use super::customers::Customer;
use crate::app::books::journal::{post, Posted};
use crate::app::books::{past_date, positive_amount};
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use swadaya_domain::dates::parse_iso;
use swadaya_domain::ledger::{codes, Posting};
use swadaya_domain::roles::Action;
use swadaya_domain::water::bills::{ageing, allocate, Ageing, Open, PaymentError};
use swadaya_domain::{text, Lang, Rupiah};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PaymentPart {
    pub bill_id: i64,
    /// The bill's month, YYYY-MM
    pub month: String,
    pub amount: i64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct FeePayment {
    pub id: i64,
    pub customer_id: i64,
    pub paid_on: String,
    pub amount: i64,
    /// The cash or bank account it went into
    pub account: String,
    pub receipt_no: String,
    pub journal_entry_id: i64,
    /// Undone by a reversal: it pays nothing
    pub reversed: bool,
    /// Paid on bills so far (the rest is an advance waiting for the next bills)
    pub spent: i64,
    pub created_by: String,
    /// The bills it paid
    pub parts: Vec<PaymentPart>,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct FeeInput {
    pub paid_on: String,
    pub amount: String,
    /// The cash or bank account it went into (blank: cash, 11010)
    #[serde(default)]
    pub account: String,
    /// The receipt book's number; blank: the next number is given
    #[serde(default)]
    pub receipt_no: String,
    /// Confirms that what is paid above everything owed is kept as an advance
    #[serde(default, deserialize_with = "crate::app::input::flag")]
    pub advance: bool,
    /// A form's one-time key: the same key again records nothing new
    #[serde(default)]
    pub idem_key: Option<String>,
}

fn open_of(bills: &[Bill]) -> Vec<Open> {
    bills
        .iter()
        .filter(|b| b.owed() > 0)
        .map(|b| Open { bill_id: b.id, due_on: parse_iso(&b.due_on).unwrap_or_default(), owed: b.owed() })
        .collect()
}

pub async fn pay(db: &Db, ctx: &Ctx, institution_id: i64, customer_id: i64, input: &FeeInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::RunWater)?;
    let lang = ctx.lang;
    let c = store::water::customers::get(&db.pool, institution_id, customer_id).await?.ok_or(AppError::NotFound)?;
    let mut e = Errors::default();
    let date = past_date(&mut e, lang, "paid_on", &input.paid_on);
    let amount = positive_amount(&mut e, lang, "amount", &input.amount);
    let account = if input.account.trim().is_empty() { codes::CASH.to_string() } else { input.account.trim().to_string() };
    let cash = crate::app::books::accounts::cash_codes(db, institution_id).await?;
    if !cash.is_empty() && !cash.contains(&account) {
        e.add("account", lang.pick("Pilih akun kas atau bank.", "Choose a cash or bank account."));
    }
    let receipt = e.take("receipt_no", text::optional_line(&input.receipt_no, 40), |x| x.msg(lang)).flatten();
    e.finish()?;
    let paid_on = date.expect("checked").to_string();
    let mut tx = db.begin().await?;
    tx.hold_books(institution_id, true).await?;
    let key = crate::app::one_time_key(lang, input.idem_key.as_deref())?;
    if let Some(k) = key {
        if let Some(entry) = store::books::entry_by_idem(&mut tx, institution_id, k).await? {
            return match store::water::bills::payment_of_entry(&mut tx, institution_id, entry).await? {
                Some(id) => Ok(id),
                None => Err(crate::app::key_reused(lang)),
            };
        }
    }
    crate::app::books::check_open(&mut tx, lang, institution_id, "paid_on", &paid_on).await?;
    let bills = store::water::bills::bills(&mut **tx, institution_id, customer_id).await?;
    let allocation = allocate(&open_of(&bills), amount, input.advance).map_err(|err| match err {
        PaymentError::MoreThanOwed(owed) => AppError::field(
            "amount",
            match lang {
                Lang::Id => format!(
                    "Yang terutang semuanya {}. Bila kelebihannya memang dibayar di muka untuk bulan berikutnya, centang \"Simpan kelebihan sebagai uang muka\"; bila tidak, isi {} atau kurang.",
                    Rupiah(owed),
                    Rupiah(owed)
                ),
                Lang::En => format!(
                    "Everything owed is {}. If the rest is paid ahead for the coming months, tick \"Keep what is above the bills as an advance\"; otherwise enter {} or less.",
                    Rupiah(owed),
                    Rupiah(owed)
                ),
            },
        ),
        PaymentError::NotPositive => AppError::field("amount", lang.pick("Jumlah harus lebih dari 0.", "The amount must be above 0.")),
    })?;
    let receipt_no = match receipt {
        Some(r) => {
            if store::water::bills::receipt_taken(&mut tx, institution_id, &r).await? {
                return Err(AppError::field(
                    "receipt_no",
                    lang.pick(
                        "Nomor kuitansi ini sudah dipakai pembayaran lain. Periksa buku kuitansinya, atau kosongkan agar diberi nomor.",
                        "This receipt number is on another payment. Check the receipt book, or leave it blank to get a number.",
                    ),
                ));
            }
            r
        }
        None => format!("{}-{:05}", &paid_on[..4], store::water::bills::count_payments(&mut tx, institution_id).await? + 1),
    };
    let paid_bills: i64 = allocation.parts.iter().map(|(_, a)| a).sum();
    let mut lines = vec![Posting::debit(&account, amount)];
    if paid_bills > 0 {
        lines.push(Posting::credit(codes::FEES_RECEIVABLE, paid_bills));
    }
    if allocation.advance > 0 {
        lines.push(Posting::credit(codes::FEES_ADVANCE, allocation.advance));
    }
    store::books::ensure_default_accounts(&mut tx, institution_id, &[codes::CASH, codes::FEES_RECEIVABLE, codes::FEES_ADVANCE])
        .await?;
    let memo = match lang {
        Lang::Id => format!("Iuran pelanggan {} {}", c.number, c.name),
        Lang::En => format!("Fee from customer {} {}", c.number, c.name),
    };
    let p = Posted {
        posted_on: &paid_on,
        memo: &memo,
        receipt: Some(&receipt_no),
        source: "water_payment",
        source_id: Some(customer_id),
        reverses_id: None,
        idem_key: key,
        lines,
    };
    let entry = post(&mut tx, ctx, institution_id, "paid_on", &p).await?;
    let new = store::water::bills::NewPayment {
        customer_id,
        paid_on: &paid_on,
        amount,
        account: &account,
        receipt_no: &receipt_no,
        journal_entry_id: entry,
        created_by: &ctx.actor.username,
    };
    let id = store::water::bills::insert_payment(&mut tx, institution_id, &new).await?;
    let parts: Vec<store::water::bills::NewPart> = allocation.parts.iter().map(|(bill, a)| (id, *bill, *a, None)).collect();
    store::water::bills::insert_parts(&mut tx, institution_id, &parts).await?;
    let mut ev = ctx.audit("pay", "water_payment", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "customer_id": customer_id, "paid_on": paid_on, "amount": amount, "account": account, "receipt_no": receipt_no,
        "bills": allocation.parts, "advance": allocation.advance, "journal_entry_id": entry,
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

/// Undoes a payment: one entry that gives back the cash, puts what it paid on bills back on
/// the receivable, and takes back what is left of its advance. Returns the entry.
pub async fn reverse(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    payment_id: i64,
    input: &crate::app::books::journal::ReversalInput,
) -> AppResult<i64> {
    ctx.require(institution_id, Action::BillWater)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let date = past_date(&mut e, lang, "posted_on", &input.posted_on);
    let reason = e.take("reason", text::required_line(&input.reason, 300), |x| x.msg(lang));
    e.finish()?;
    let (posted_on, reason) = (date.expect("checked").to_string(), reason.expect("checked"));
    let mut tx = db.begin().await?;
    tx.hold_books(institution_id, true).await?;
    let p = store::water::bills::payment(&mut tx, institution_id, payment_id).await?.ok_or(AppError::NotFound)?;
    if p.reversed {
        return Err(AppError::Conflict {
            message: lang.pick("Pembayaran ini sudah dibatalkan.", "This payment has already been reversed.").into(),
            link: None,
        });
    }
    if posted_on < p.paid_on {
        return Err(AppError::field(
            "posted_on",
            lang.pick(
                "Pembatalan tidak boleh bertanggal sebelum pembayarannya.",
                "A reversal cannot be dated before the payment.",
            ),
        ));
    }
    let mut lines = vec![Posting::credit(&p.account, p.amount)];
    if p.spent > 0 {
        lines.push(Posting::debit(codes::FEES_RECEIVABLE, p.spent));
    }
    if p.amount > p.spent {
        lines.push(Posting::debit(codes::FEES_ADVANCE, p.amount - p.spent));
    }
    let memo = match lang {
        Lang::Id => format!("Pembatalan iuran kuitansi {} ({reason})", p.receipt_no),
        Lang::En => format!("Reversal of fee receipt {} ({reason})", p.receipt_no),
    };
    let posted = Posted {
        posted_on: &posted_on,
        memo: &memo,
        receipt: Some(&p.receipt_no),
        source: "reversal",
        source_id: Some(p.customer_id),
        reverses_id: Some(p.journal_entry_id),
        idem_key: None,
        lines,
    };
    let entry = post(&mut tx, ctx, institution_id, "posted_on", &posted).await?;
    let mut ev = ctx.audit("reverse", "water_payment", payment_id, Some(institution_id));
    ev.before = to_json(&p);
    ev.after = to_json(&serde_json::json!({ "posted_on": posted_on, "reason": reason, "journal_entry_id": entry }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(entry)
}

/// A customer's account: bills with what is paid on each, payments, and where it stands.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CustomerStatement {
    pub customer: Customer,
    pub bills: Vec<Bill>,
    pub payments: Vec<FeePayment>,
    pub readings: Vec<super::readings::Reading>,
    /// Disconnections and reconnections, oldest first
    pub events: Vec<super::customers::ConnectionEvent>,
    /// Still owed on all bills
    pub owed: i64,
    /// Paid ahead, waiting for the next bills
    pub advance: i64,
    #[schema(value_type = Object)]
    pub ageing: Ageing,
}

pub async fn statement(db: &Db, ctx: &Ctx, institution_id: i64, customer_id: i64, on: NaiveDate) -> AppResult<CustomerStatement> {
    ctx.require(institution_id, Action::ReadWater)?;
    let mut conn = db.pool.acquire().await?;
    let customer = store::water::customers::get(&mut *conn, institution_id, customer_id).await?.ok_or(AppError::NotFound)?;
    let bills = store::water::bills::bills(&mut *conn, institution_id, customer_id).await?;
    let payments = store::water::bills::payments(&mut conn, institution_id, customer_id).await?;
    let readings = store::water::customers::readings(&mut *conn, institution_id, customer_id).await?;
    let events = store::water::customers::events(&mut *conn, institution_id, Some(customer_id), None).await?;
    let owed = bills.iter().map(Bill::owed).sum();
    let advance = payments.iter().filter(|p| !p.reversed).map(|p| p.amount - p.spent).sum();
    let ageing = ageing(&open_of(&bills), on);
    Ok(CustomerStatement { customer, bills, payments, readings, events, owed, advance, ageing })
}

/// A line of the collection list: a customer who owes, how much and since when.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Arrear {
    pub customer_id: i64,
    pub number: String,
    pub name: String,
    pub address: String,
    pub scheme_name: String,
    pub owed: i64,
    /// The months still owed, oldest first
    pub months: Vec<String>,
    #[schema(value_type = Object)]
    pub ageing: Ageing,
}

/// Everyone who owes, of one scheme or all, most days late first: the collector's list.
pub async fn arrears(db: &Db, ctx: &Ctx, institution_id: i64, scheme_id: Option<i64>, on: NaiveDate) -> AppResult<Vec<Arrear>> {
    ctx.require(institution_id, Action::ReadWater)?;
    let mut conn = db.pool.acquire().await?;
    let customers = store::water::customers::list(&mut *conn, institution_id, scheme_id).await?;
    let unpaid = store::water::bills::unpaid(&mut *conn, institution_id, scheme_id).await?;
    let mut by_customer: BTreeMap<i64, Vec<Bill>> = BTreeMap::new();
    for b in unpaid {
        by_customer.entry(b.customer_id).or_default().push(b);
    }
    let mut out: Vec<Arrear> = customers
        .into_iter()
        .filter_map(|c| {
            let bills = by_customer.remove(&c.id)?;
            Some(Arrear {
                customer_id: c.id,
                number: c.number,
                name: c.name,
                address: c.address,
                scheme_name: c.scheme_name,
                owed: bills.iter().map(Bill::owed).sum(),
                months: bills.iter().map(|b| b.month.clone()).collect(),
                ageing: ageing(&open_of(&bills), on),
            })
        })
        .collect();
    out.sort_by(|a, b| b.ageing.oldest_days.cmp(&a.ageing.oldest_days).then_with(|| a.number.cmp(&b.number)));
    Ok(out)
}

/// The customer a payment was taken from.
pub async fn customer_of(db: &Db, ctx: &Ctx, institution_id: i64, payment_id: i64) -> AppResult<i64> {
    ctx.require(institution_id, Action::ReadWater)?;
    let mut tx = db.begin().await?;
    let p = store::water::bills::payment(&mut tx, institution_id, payment_id).await?.ok_or(AppError::NotFound)?;
    Ok(p.customer_id)
}
