//! Loans to a KSM: application with member shares (eligibility checked, or overridden with a
//! recorded reason), the board's decision, and disbursement with its schedule and journal entry.

pub use super::collection::CollectionAction;
pub use super::repayments::Payment;
use crate::app::books::journal::{post, Posted};
use crate::app::books::{check_open, past_date, positive_amount};
use crate::app::ksm::{assessment, checks};
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
pub use crate::store::fund::{Loan, Product};
use crate::store::{self, Db};
use swadaya_domain::fund::product::{check_share, refer_to_bank};
use swadaya_domain::fund::schedule::{schedule, Instalment};
use swadaya_domain::independence::ELIGIBILITY_CONFIRMATIONS;
use swadaya_domain::ledger::{codes, Posting};
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang, Rupiah};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Applied,
    Approved,
    Rejected,
    Disbursed,
}

impl Status {
    pub fn code(&self) -> &'static str {
        match self {
            Status::Applied => "applied",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Disbursed => "disbursed",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "applied" => Status::Applied,
            "approved" => Status::Approved,
            "rejected" => Status::Rejected,
            "disbursed" => Status::Disbursed,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Share {
    pub member_id: i64,
    pub name: String,
    pub amount: i64,
    /// 1 for the member's first loan
    pub cycle: i64,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ShareInput {
    #[serde(default, deserialize_with = "crate::app::input::id")]
    pub member_id: i64,
    /// e.g. "500.000"; empty for a member who does not borrow
    #[serde(default)]
    pub amount: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct LoanInput {
    #[serde(default, deserialize_with = "crate::app::input::id")]
    pub ksm_id: i64,
    #[serde(default, deserialize_with = "crate::app::input::id")]
    pub product_id: i64,
    /// The agreement's number (nomor perjanjian), unique in the institution
    pub agreement_no: String,
    #[serde(default)]
    pub purpose: String,
    pub applied_on: String,
    /// Number of instalments (within the product's range; empty = the product's usual term)
    #[serde(default)]
    pub term: String,
    /// The agreement lets the UPK draw down the group's joint-liability savings for arrears
    #[serde(default, deserialize_with = "crate::app::input::flag")]
    pub power_of_attorney: bool,
    /// Required when the eligibility checklist does not pass
    #[serde(default)]
    pub override_reason: String,
    pub shares: Vec<ShareInput>,
}

pub fn share_field(member_id: i64) -> String {
    format!("share-{member_id}")
}

/// What stands between the KSM and a loan today: failed checks and missing confirmations.
pub async fn eligibility_gaps(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    ksm_id: i64,
    on: chrono::NaiveDate,
) -> AppResult<Vec<String>> {
    let lang = ctx.lang;
    let mut gaps = Vec::new();
    for c in assessment::eligibility(db, ctx, institution_id, ksm_id, on).await? {
        if !c.passes {
            gaps.push(match c.key {
                "members" => lang.pick("anggota kurang dari 5", "fewer than 5 members").to_string(),
                "women" => lang.pick("perempuan kurang dari 30 %", "fewer than 30 % women").to_string(),
                "savings_3_months" => {
                    lang.pick("belum 3 bulan berturut-turut menabung", "not 3 consecutive months of savings").to_string()
                }
                _ => lang.pick("belum lulus penilaian KSM", "has not passed the KSM assessment").to_string(),
            });
        }
    }
    let ticked = checks::current(db, institution_id, ksm_id, checks::ELIGIBILITY).await?;
    for (key, id, en) in ELIGIBILITY_CONFIRMATIONS {
        if !ticked.get(key).is_some_and(|r| r.checked) {
            gaps.push(format!("{}: {}", lang.pick("belum dikonfirmasi", "not confirmed"), lang.pick(id, en)));
        }
    }
    Ok(gaps)
}

pub async fn apply(db: &Db, ctx: &Ctx, institution_id: i64, input: &LoanInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteBooks)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let group = store::ksm::get_ksm(db, institution_id, input.ksm_id).await?;
    if group.is_none() {
        e.add("ksm_id", lang.pick("Pilih KSM.", "Choose a KSM."));
    }
    let product = store::fund::get_product(&db.pool, institution_id, input.product_id).await?;
    if product.is_none() {
        e.add("product_id", lang.pick("Pilih produk pinjaman.", "Choose a loan product."));
    }
    let agreement = e.take("agreement_no", text::required_line(&input.agreement_no, 60), |x| x.msg(lang));
    let purpose = e.take("purpose", text::optional_line(&input.purpose, 300), |x| x.msg(lang)).flatten();
    let applied = past_date(&mut e, lang, "applied_on", &input.applied_on);
    let reason = e.take("override_reason", text::optional_line(&input.override_reason, 500), |x| x.msg(lang)).flatten();
    let (Some(group), Some(product)) = (group, product) else {
        e.finish()?;
        return Err(AppError::NotFound);
    };
    let mut terms = product.terms;
    if !input.term.trim().is_empty() {
        match input.term.trim().parse::<u32>() {
            Ok(t) if (product.limits.min_term..=product.limits.max_term).contains(&t) => terms.term = t,
            _ => e.add(
                "term",
                match lang {
                    Lang::Id => format!(
                        "Jangka untuk produk ini {} sampai {} angsuran.",
                        product.limits.min_term, product.limits.max_term
                    ),
                    Lang::En => {
                        format!("This product's term is {} to {} instalments.", product.limits.min_term, product.limits.max_term)
                    }
                },
            ),
        }
    }
    let members = store::ksm::list_members(db, institution_id, group.id).await?;
    let on = applied.map(|d| d.to_string()).unwrap_or_default();
    let mut shares = Vec::new();
    for s in &input.shares {
        if s.amount.trim().is_empty() {
            continue;
        }
        let field = share_field(s.member_id);
        let Some(m) = members.iter().find(|m| m.id == s.member_id) else {
            e.add(&field, lang.pick("Bukan anggota KSM ini.", "Not a member of this KSM."));
            continue;
        };
        if applied.is_some() && !m.active_on(&on) {
            e.add(
                &field,
                lang.pick("Bukan anggota aktif pada tanggal pengajuan.", "Not an active member on the application date."),
            );
            continue;
        }
        let amount = positive_amount(&mut e, lang, &field, &s.amount);
        if amount == 0 {
            continue;
        }
        let (earlier, _) = store::fund::history_of_person(&db.pool, institution_id, m.person_id).await?;
        let cycle = earlier + 1;
        if let Err(p) = check_share(&product.limits, Rupiah(amount), cycle as u32) {
            e.add(&field, format!("{}: {}", m.name, p.msg(lang)));
        }
        shares.push(Share { member_id: m.id, name: m.name.clone(), amount, cycle });
    }
    if shares.is_empty() && input.shares.iter().all(|s| s.amount.trim().is_empty()) {
        e.add(
            "shares",
            lang.pick("Isi jumlah pinjaman paling sedikit satu anggota.", "Enter the amount of at least one member."),
        );
    }
    e.finish()?;
    if let Some(d) = applied {
        let gaps = eligibility_gaps(db, ctx, institution_id, group.id, d).await?;
        if !gaps.is_empty() && reason.is_none() {
            return Err(AppError::field(
                "override_reason",
                match lang {
                    Lang::Id => format!(
                        "KSM belum memenuhi syarat pinjaman: {}. Lengkapi dulu, atau tulis alasan pengecualian (akan dicatat dan diputuskan pengurus).",
                        gaps.join("; ")
                    ),
                    Lang::En => format!(
                        "The KSM does not yet meet the loan conditions: {}. Complete them first, or write the reason for an exception (it is recorded and the board decides).",
                        gaps.join("; ")
                    ),
                },
            ));
        }
    }
    let principal: i64 = shares.iter().map(|s| s.amount).sum();
    let mut tx = db.begin().await?;
    let new = store::fund::NewLoan {
        ksm_id: group.id,
        product_id: product.id,
        agreement_no: agreement.as_deref().unwrap_or_default(),
        purpose: purpose.as_deref(),
        terms,
        principal,
        applied_on: &on,
        power_of_attorney: input.power_of_attorney,
        override_reason: reason.as_deref(),
        created_by: &ctx.actor.username,
    };
    let id = match store::fund::insert_loan(&mut tx, institution_id, &new).await {
        Err(err) if store::is_unique_violation(&err) => {
            return Err(AppError::field(
                "agreement_no",
                lang.pick("Nomor perjanjian ini sudah dipakai.", "This agreement number is already used."),
            ))
        }
        r => r?,
    };
    store::fund::insert_shares(&mut tx, institution_id, id, &shares).await?;
    let mut ev = ctx.audit("apply", "loan", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "ksm_id": group.id, "product_id": product.id, "agreement_no": new.agreement_no, "principal": principal,
        "term": terms.term, "rate_bp": terms.rate_bp, "method": terms.method.code(), "frequency": terms.frequency.code(),
        "power_of_attorney": input.power_of_attorney, "override_reason": reason, "shares": shares,
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[schema(as = LoanDecisionInput)]
pub struct DecisionInput {
    /// approve or reject
    pub decision: String,
    pub decided_on: String,
    /// The board meeting or decree that decided, and for a rejection, why
    pub note: String,
}

pub async fn decide(db: &Db, ctx: &Ctx, institution_id: i64, loan_id: i64, input: &DecisionInput) -> AppResult<()> {
    ctx.require(institution_id, Action::ApproveLoans)?;
    let lang = ctx.lang;
    let loan = store::fund::get_loan(&db.pool, institution_id, loan_id).await?.ok_or(AppError::NotFound)?;
    let mut e = Errors::default();
    let to = match input.decision.as_str() {
        "approve" => Some(Status::Approved),
        "reject" => Some(Status::Rejected),
        _ => {
            e.add("decision", lang.pick("Pilih setujui atau tolak.", "Choose approve or reject."));
            None
        }
    };
    let date = past_date(&mut e, lang, "decided_on", &input.decided_on);
    if date.is_some_and(|d| d.to_string() < loan.applied_on) {
        e.add(
            "decided_on",
            lang.pick("Keputusan tidak boleh sebelum tanggal pengajuan.", "The decision cannot be before the application."),
        );
    }
    let note = e.take("note", text::required_line(&input.note, 500), |x| x.msg(lang));
    e.finish()?;
    let mut tx = db.begin().await?;
    let to = to.expect("checked");
    let on = date.expect("checked").to_string();
    let d = store::fund::Decision { from: &Status::Applied, to: &to, by: &ctx.actor.username, on: &on, note: note.as_deref() };
    if store::fund::decide(&mut tx, institution_id, loan_id, &d).await? == 0 {
        return Err(AppError::Conflict {
            message: lang.pick("Pinjaman ini sudah diputuskan sebelumnya.", "This loan has already been decided.").into(),
            link: None,
        });
    }
    let mut ev = ctx.audit(to.code(), "loan", loan_id, Some(institution_id));
    ev.before = format!("{{\"status\":\"{}\"}}", loan.status.code());
    ev.after = to_json(&serde_json::json!({"status": to.code(), "decided_on": on, "note": note}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct DisbursementInput {
    pub disbursed_on: String,
    /// The cash or bank account the money leaves (default 11010 Kas)
    #[serde(default)]
    pub account: String,
    /// A retry with the same key answers with the first disbursement's entry
    #[serde(default)]
    pub idem_key: Option<String>,
}

/// The journal entry of this loan's disbursement made with this key; a key that made something
/// else is refused.
async fn disbursed_by_key(
    tx: &mut crate::store::Tx,
    lang: Lang,
    institution_id: i64,
    loan_id: i64,
    key: &str,
) -> AppResult<Option<i64>> {
    match store::books::entry_origin_by_idem(tx, institution_id, key).await? {
        None => Ok(None),
        Some((entry, source, of)) if source == "disbursement" && of == Some(loan_id) => Ok(Some(entry)),
        Some(_) => Err(crate::app::key_reused(lang)),
    }
}

/// Pays the loan out: the schedule of every member is fixed and the journal gets
/// Pinjaman KSM (debit) against the cash or bank account (credit), in one transaction.
pub async fn disburse(db: &Db, ctx: &Ctx, institution_id: i64, loan_id: i64, input: &DisbursementInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteBooks)?;
    let lang = ctx.lang;
    let loan = store::fund::get_loan(&db.pool, institution_id, loan_id).await?.ok_or(AppError::NotFound)?;
    let mut e = Errors::default();
    let date = past_date(&mut e, lang, "disbursed_on", &input.disbursed_on);
    if date.is_some_and(|d| Some(d.to_string()) < loan.decided_on.clone()) {
        e.add(
            "disbursed_on",
            lang.pick("Pencairan tidak boleh sebelum keputusan.", "Disbursement cannot be before the decision."),
        );
    }
    let account = if input.account.trim().is_empty() { codes::CASH.to_string() } else { input.account.trim().to_string() };
    let cash_accounts = crate::app::books::accounts::cash_codes(db, institution_id).await?;
    if !cash_accounts.contains(&account) {
        e.add("account", lang.pick("Pilih akun kas atau bank.", "Choose a cash or bank account."));
    }
    e.finish()?;
    let key = crate::app::one_time_key(lang, input.idem_key.as_deref())?;
    let d = date.expect("checked");
    let on = d.to_string();
    let shares = store::fund::shares_of(&db.pool, institution_id, loan_id).await?;
    let mut tx = db.begin().await?;
    // A resend after a lost answer (the disbursement committed, the reply did not arrive) gets
    // the first answer, not "already disbursed".
    if let Some(k) = key {
        if let Some(first) = disbursed_by_key(&mut tx, lang, institution_id, loan_id, k).await? {
            return Ok(first);
        }
    }
    if loan.status != Status::Approved {
        return Err(AppError::Conflict {
            message: match loan.status {
                Status::Disbursed => lang.pick("Pinjaman ini sudah dicairkan.", "This loan has already been disbursed."),
                Status::Rejected => {
                    lang.pick("Pinjaman ini ditolak; tidak bisa dicairkan.", "This loan was rejected; it cannot be disbursed.")
                }
                _ => lang.pick(
                    "Pinjaman harus disetujui pengurus sebelum dicairkan.",
                    "The board must approve the loan before it is disbursed.",
                ),
            }
            .into(),
            link: None,
        });
    }
    check_open(&mut tx, lang, institution_id, "disbursed_on", &on).await?;
    // The fund available is what the account holds now, read inside the write transaction.
    let (debit, credit) = store::books::account_totals(&mut **tx, institution_id, &account, "9999-12-31").await?;
    let held = debit - credit;
    if held < loan.principal {
        return Err(AppError::field(
            "account",
            match lang {
                Lang::Id => format!(
                    "Dana di akun {account} hanya {}, kurang dari pinjaman {}. Pilih akun lain atau catat dulu dana masuknya.",
                    Rupiah(held),
                    Rupiah(loan.principal)
                ),
                Lang::En => format!(
                    "Account {account} holds only {}, less than the loan of {}. Choose another account or record the incoming funds first.",
                    Rupiah(held),
                    Rupiah(loan.principal)
                ),
            },
        ));
    }
    for s in &shares {
        let rows: Vec<Instalment> = schedule(s.amount, &loan.terms, d);
        store::fund::insert_instalments(&mut tx, institution_id, loan_id, s.member_id, &rows).await?;
    }
    if store::fund::mark_disbursed(&mut tx, institution_id, loan_id, &on, &account).await? == 0 {
        // Another request paid it out a moment ago (on PostgreSQL both passed the key check
        // before either committed): if it carried this key, it is this request's answer.
        drop(tx);
        if let Some(k) = key {
            let mut tx = db.begin().await?;
            if let Some(first) = disbursed_by_key(&mut tx, lang, institution_id, loan_id, k).await? {
                return Ok(first);
            }
        }
        return Err(AppError::Conflict {
            message: lang.pick("Pinjaman ini sudah dicairkan.", "This loan has already been disbursed.").into(),
            link: None,
        });
    }
    let memo = format!("{} {} ({})", lang.pick("Pencairan pinjaman", "Loan disbursement"), loan.agreement_no, loan.ksm_name);
    let entry = post(
        &mut tx,
        ctx,
        institution_id,
        "disbursed_on",
        &Posted {
            posted_on: &on,
            memo: &memo,
            receipt: Some(&loan.agreement_no),
            source: "disbursement",
            source_id: Some(loan_id),
            reverses_id: None,
            idem_key: key,
            lines: vec![Posting::debit(codes::LOANS, loan.principal), Posting::credit(&account, loan.principal)],
        },
    )
    .await?;
    let mut ev = ctx.audit("disburse", "loan", loan_id, Some(institution_id));
    ev.before = "{\"status\":\"approved\"}".into();
    ev.after = to_json(&serde_json::json!({"status": "disbursed", "disbursed_on": on, "account": account, "entry_id": entry}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(entry)
}

/// A loan with everything its page shows.
pub struct LoanView {
    pub loan: Loan,
    pub shares: Vec<Share>,
    /// Per member: instalments with what was paid up to today.
    pub dues: Vec<store::fund::DueRow>,
    pub payments: Vec<store::fund::Payment>,
    /// Members who should be referred to a bank after this loan.
    pub refer: Vec<String>,
}

pub async fn view(db: &Db, ctx: &Ctx, institution_id: i64, loan_id: i64) -> AppResult<LoanView> {
    ctx.require(institution_id, Action::ReadBooks)?;
    let loan = store::fund::get_loan(&db.pool, institution_id, loan_id).await?.ok_or(AppError::NotFound)?;
    let shares = store::fund::shares_of(&db.pool, institution_id, loan_id).await?;
    let dues = store::fund::dues_of(&db.pool, institution_id, loan_id, "9999-12-31").await?;
    let payments = store::fund::payments_of(&db.pool, institution_id, loan_id).await?;
    let product = store::fund::get_product(&db.pool, institution_id, loan.product_id).await?;
    let members = store::ksm::list_members(db, institution_id, loan.ksm_id).await?;
    let mut refer = Vec::new();
    if let Some(p) = product {
        for s in &shares {
            let person = members.iter().find(|m| m.id == s.member_id).map(|m| m.person_id).unwrap_or(0);
            let (_, total) = store::fund::history_of_person(&db.pool, institution_id, person).await?;
            if refer_to_bank(&p.limits, Rupiah(total), s.cycle as u32) {
                refer.push(s.name.clone());
            }
        }
    }
    Ok(LoanView { loan, shares, dues, payments, refer })
}

pub async fn list(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: Option<i64>) -> AppResult<Vec<Loan>> {
    ctx.require(institution_id, Action::ReadBooks)?;
    Ok(store::fund::list_loans(db, institution_id, ksm_id).await?)
}

/// What each of the institution's loans still owes (principal and interest), by loan.
pub async fn owed(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<std::collections::HashMap<i64, i64>> {
    ctx.require(institution_id, Action::ReadBooks)?;
    Ok(store::fund::owed_by_loan(db, institution_id).await?)
}

/// The loan products a group may apply for.
pub async fn products(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<Product>> {
    ctx.require(institution_id, Action::ReadBooks)?;
    Ok(store::fund::list_products(&db.pool, institution_id).await?)
}

/// One payment of a loan; a payment of another loan is not found.
pub async fn payment(db: &Db, ctx: &Ctx, institution_id: i64, loan_id: i64, payment_id: i64) -> AppResult<Payment> {
    ctx.require(institution_id, Action::ReadBooks)?;
    store::fund::get_payment(&db.pool, institution_id, payment_id)
        .await?
        .filter(|p| p.loan_id == loan_id)
        .ok_or(AppError::NotFound)
}

/// The collection actions taken on a loan's arrears, oldest first.
pub async fn collection_actions(db: &Db, ctx: &Ctx, institution_id: i64, loan_id: i64) -> AppResult<Vec<CollectionAction>> {
    ctx.require(institution_id, Action::ReadBooks)?;
    Ok(store::fund::actions(db, institution_id, loan_id, "").await?)
}

/// The names of the members who share the institution's loans, by member id.
pub async fn member_names(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<std::collections::HashMap<i64, String>> {
    ctx.require(institution_id, Action::ReadBooks)?;
    Ok(store::fund::member_names(db, institution_id).await?)
}
