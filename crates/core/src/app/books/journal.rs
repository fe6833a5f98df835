//! Posting to the journal. Every entry is checked (balanced, known accounts, open month) and
//! written with its audit row in the caller's transaction; a mistake is undone by a reversal
//! that points at the original, once.

use super::{check_open, past_date, positive_amount};
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
pub use crate::store::books::EntryFilter;
use crate::store::{self, books::NewEntry, Db, WriteTx};
use swadaya_domain::ledger::{check_entry, Posting};
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Entry {
    pub id: i64,
    pub posted_on: String,
    pub memo: String,
    pub receipt: Option<String>,
    /// manual, opening, disbursement, repayment, reserve, reversal, ...
    pub source: String,
    pub source_id: Option<i64>,
    pub reverses_id: Option<i64>,
    pub reversed_by: Option<i64>,
    pub created_by: String,
    pub created_at: String,
    pub total: i64,
}

/// What a business event posts.
pub struct Posted<'a> {
    pub posted_on: &'a str,
    pub memo: &'a str,
    pub receipt: Option<&'a str>,
    pub source: &'a str,
    pub source_id: Option<i64>,
    pub reverses_id: Option<i64>,
    pub idem_key: Option<&'a str>,
    pub lines: Vec<Posting>,
}

/// Checks and writes one entry with its audit row. `date_field` names the form field an
/// error about a locked date belongs to.
pub async fn post(tx: &mut WriteTx, ctx: &Ctx, institution_id: i64, date_field: &str, p: &Posted<'_>) -> AppResult<i64> {
    let lang = ctx.lang;
    check_entry(&p.lines).map_err(|e| AppError::field("lines", e.msg(lang)))?;
    check_open(tx, lang, institution_id, date_field, p.posted_on).await?;
    let mut chart = store::books::list_accounts(&mut ***tx, institution_id).await?;
    if chart.is_empty() {
        // Seeded now, or a moment ago by another posting: read it again either way.
        store::books::ensure_chart(tx, institution_id).await?;
        chart = store::books::list_accounts(&mut ***tx, institution_id).await?;
    }
    let known: std::collections::HashSet<String> = chart.into_iter().map(|a| a.code).collect();
    if let Some(missing) = p.lines.iter().find(|l| !known.contains(&l.account)) {
        return Err(AppError::field(
            "lines",
            match lang {
                Lang::Id => format!("Akun {} tidak ada di bagan akun. Tambahkan dulu di halaman Bagan Akun.", missing.account),
                Lang::En => format!(
                    "Account {} is not in the chart of accounts. Add it on the Chart of accounts page first.",
                    missing.account
                ),
            },
        ));
    }
    let id = store::books::insert_entry(
        tx,
        institution_id,
        &NewEntry {
            posted_on: p.posted_on,
            memo: p.memo,
            receipt: p.receipt,
            source: p.source,
            source_id: p.source_id,
            reverses_id: p.reverses_id,
            created_by: &ctx.actor.username,
            idem_key: p.idem_key,
            lines: &p.lines,
        },
    )
    .await?;
    let mut ev = ctx.audit("post", "journal_entry", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "posted_on": p.posted_on, "memo": p.memo, "receipt": p.receipt, "source": p.source, "source_id": p.source_id,
        "reverses_id": p.reverses_id,
        "lines": p.lines.iter().map(|l| serde_json::json!({"account": l.account, "debit": l.debit, "credit": l.credit})).collect::<Vec<_>>(),
    }));
    store::audit::append(tx, ev).await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[schema(as = EntryLineInput)]
pub struct LineInput {
    pub account: String,
    #[serde(default)]
    pub debit: String,
    #[serde(default)]
    pub credit: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct EntryInput {
    /// e.g. 2026-11-24 or 24/11/2026
    pub posted_on: String,
    pub memo: String,
    /// Receipt or voucher number (bukti)
    #[serde(default)]
    pub receipt: String,
    /// "opening" for the opening balances; otherwise a manual entry
    #[serde(default, deserialize_with = "crate::app::input::flag")]
    pub opening: bool,
    pub lines: Vec<LineInput>,
    #[serde(default)]
    pub idem_key: Option<String>,
}

pub fn line_field(i: usize, col: &str) -> String {
    format!("line-{i}-{col}")
}

/// A manual entry: operating costs and income with their receipts, or the opening balances.
pub async fn manual(db: &Db, ctx: &Ctx, institution_id: i64, input: &EntryInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteBooks)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let date = past_date(&mut e, lang, "posted_on", &input.posted_on);
    let memo = e.take("memo", text::required_line(&input.memo, 300), |x| x.msg(lang));
    let receipt = e.take("receipt", text::optional_line(&input.receipt, 60), |x| x.msg(lang)).flatten();
    let mut lines = Vec::new();
    for (i, l) in input.lines.iter().enumerate() {
        let (acc, d, c) = (l.account.trim(), l.debit.trim(), l.credit.trim());
        if acc.is_empty() && d.is_empty() && c.is_empty() {
            continue;
        }
        if acc.is_empty() {
            e.add(&line_field(i, "account"), lang.pick("Pilih akun.", "Choose an account."));
        }
        // Activity funds move only with their receipt or payment record, so the activity's
        // figures and the journal agree; opening balances may still bring them in.
        if !input.opening && swadaya_domain::activity::funding::Source::cash_sources().any(|s| s.account() == Some(acc)) {
            e.add(
                &line_field(i, "account"),
                match lang {
                    Lang::Id => format!("Akun {acc} adalah dana kegiatan: catat lewat halaman kegiatan (Terima dana atau Catat pembayaran)."),
                    Lang::En => format!("Account {acc} holds activity funds: record it on the activity's page (Funds received or Record a payment)."),
                },
            );
        }
        match (d.is_empty(), c.is_empty()) {
            (false, true) => {
                lines.push(swadaya_domain::ledger::Posting::debit(acc, positive_amount(&mut e, lang, &line_field(i, "debit"), d)))
            }
            (true, false) => lines
                .push(swadaya_domain::ledger::Posting::credit(acc, positive_amount(&mut e, lang, &line_field(i, "credit"), c))),
            _ => e.add(
                &line_field(i, "debit"),
                lang.pick("Isi debit atau kredit, salah satu saja.", "Fill in debit or credit, only one of them."),
            ),
        }
    }
    e.finish()?;
    let key = crate::app::one_time_key(ctx.lang, input.idem_key.as_deref())?;
    let posted_on = date.expect("checked").to_string();
    let mut tx = db.begin().await?;
    if let Some(k) = key {
        if let Some(id) = store::books::entry_by_idem(&mut tx, institution_id, k).await? {
            return Ok(id);
        }
    }
    if input.opening {
        let (entries, _) = store::books::list_entries(db, institution_id, &Default::default(), 1, 0).await?;
        if !entries.is_empty() {
            return Err(AppError::field(
                "opening",
                lang.pick(
                    "Saldo awal hanya dicatat sekali, sebelum transaksi lain. Untuk menambah modal, buat jurnal biasa.",
                    "Opening balances are recorded once, before any other entry. To add capital, post an ordinary entry.",
                ),
            ));
        }
    }
    let p = Posted {
        posted_on: &posted_on,
        memo: memo.as_deref().unwrap_or_default(),
        receipt: receipt.as_deref(),
        source: if input.opening { "opening" } else { "manual" },
        source_id: None,
        reverses_id: None,
        idem_key: key,
        lines,
    };
    let id = post(&mut tx, ctx, institution_id, "posted_on", &p).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ReversalInput {
    /// The reversal's date (in an open month)
    pub posted_on: String,
    pub reason: String,
}

/// Reverses a manual entry. Entries the loan fund posted are reversed through the loan (a
/// payment's reversal), so the loan ledger and the journal always agree.
pub async fn reverse(db: &Db, ctx: &Ctx, institution_id: i64, entry_id: i64, input: &ReversalInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteBooks)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let date = past_date(&mut e, lang, "posted_on", &input.posted_on);
    let reason = e.take("reason", text::required_line(&input.reason, 300), |x| x.msg(lang));
    e.finish()?;
    let mut tx = db.begin().await?;
    let entry = store::books::get_entry(&mut **tx, institution_id, entry_id).await?.ok_or(AppError::NotFound)?;
    let conflict = |message: &str| AppError::Conflict { message: message.into(), link: None };
    if entry.reverses_id.is_some() {
        return Err(conflict(lang.pick(
            "Jurnal ini sendiri adalah pembalikan; pembalikan tidak dibalik lagi. Buat jurnal baru yang benar.",
            "This entry is itself a reversal; a reversal is not reversed again. Post a new, correct entry.",
        )));
    }
    if entry.reversed_by.is_some() {
        return Err(conflict(lang.pick("Jurnal ini sudah dibalik.", "This entry has already been reversed.")));
    }
    if !matches!(entry.source.as_str(), "manual" | "opening") {
        return Err(conflict(lang.pick(
            "Jurnal ini dibuat oleh pinjaman, kegiatan, iuran pelanggan atau tutup buku. Koreksi lewat halaman pinjaman, kegiatan atau pelanggannya (batalkan angsuran atau pembayaran), bukan di sini.",
            "This entry was posted by a loan, an activity, a customer's fee or the month-end close. Correct it on the loan's, the activity's or the customer's page (reverse the payment), not here.",
        )));
    }
    let posted_on = date.expect("checked").to_string();
    let id = post_reversal(&mut tx, ctx, institution_id, &entry, &posted_on, reason.as_deref().unwrap_or_default()).await?;
    tx.commit().await?;
    Ok(id)
}

/// Posts the reversal of `entry` on `posted_on` (not before the original), in the caller's
/// transaction. The callers decide who may reverse what.
pub async fn post_reversal(
    tx: &mut WriteTx,
    ctx: &Ctx,
    institution_id: i64,
    entry: &store::books::Entry,
    posted_on: &str,
    reason: &str,
) -> AppResult<i64> {
    let lang = ctx.lang;
    if entry.reversed_by.is_some() || entry.reverses_id.is_some() {
        return Err(AppError::Conflict {
            message: lang.pick("Jurnal ini sudah dibalik.", "This entry has already been reversed.").into(),
            link: None,
        });
    }
    if posted_on < entry.posted_on.as_str() {
        return Err(AppError::field(
            "posted_on",
            lang.pick(
                "Pembalikan tidak boleh bertanggal sebelum jurnal aslinya.",
                "A reversal cannot be dated before the original entry.",
            ),
        ));
    }
    let lines: Vec<Posting> =
        store::books::lines_of(&mut ***tx, institution_id, entry.id).await?.iter().map(Posting::reversed).collect();
    let memo = format!("{}: {} ({})", lang.pick("Pembalikan", "Reversal"), entry.memo, reason);
    let p = Posted {
        posted_on,
        memo: &memo,
        receipt: entry.receipt.as_deref(),
        source: "reversal",
        source_id: None,
        reverses_id: Some(entry.id),
        idem_key: None,
        lines,
    };
    post(tx, ctx, institution_id, "posted_on", &p).await
}

/// The journal's entries, newest first, filtered by period and account, one page at a time,
/// with how many match.
pub async fn entries(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    filter: &EntryFilter,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Entry>, i64)> {
    ctx.require(institution_id, Action::ReadBooks)?;
    Ok(store::books::list_entries(db, institution_id, filter, limit, offset).await?)
}

/// One journal entry with its lines.
pub async fn entry(db: &Db, ctx: &Ctx, institution_id: i64, entry_id: i64) -> AppResult<(Entry, Vec<Posting>)> {
    ctx.require(institution_id, Action::ReadBooks)?;
    let e = store::books::get_entry(&db.pool, institution_id, entry_id).await?.ok_or(AppError::NotFound)?;
    Ok((e, store::books::lines_of(&db.pool, institution_id, entry_id).await?))
}
