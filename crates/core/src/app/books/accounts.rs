//! The chart of accounts: seeded from RULES.md, extended by the institution. An account that
//! has postings stays (its history is the books); an unused one can be removed.

use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use swadaya_domain::ledger::AccountKind;
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Account {
    pub code: String,
    pub name: String,
    /// asset, liability, equity, income or expense
    pub kind: String,
    pub contra: bool,
    pub cash: bool,
}

impl Account {
    /// The account's kind; the store reads only kinds this version knows.
    pub fn kind(&self) -> AccountKind {
        AccountKind::parse(&self.kind).unwrap_or(AccountKind::Asset)
    }
}

/// The chart, seeded with the defaults on first use.
pub async fn chart(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<Account>> {
    ctx.require(institution_id, Action::ReadBooks)?;
    ensure(db, institution_id).await
}

/// The institution's chart, seeded with the defaults the first time it is needed.
pub async fn ensure(db: &Db, institution_id: i64) -> AppResult<Vec<Account>> {
    let chart = store::books::list_accounts(&db.pool, institution_id).await?;
    if !chart.is_empty() {
        return Ok(chart);
    }
    let mut tx = db.begin().await?;
    store::books::ensure_chart(&mut tx, institution_id).await?;
    tx.commit().await?;
    Ok(store::books::list_accounts(&db.pool, institution_id).await?)
}

/// Codes of the cash and bank accounts: where disbursements leave from and repayments go to.
pub async fn cash_codes(db: &Db, institution_id: i64) -> AppResult<Vec<String>> {
    Ok(ensure(db, institution_id).await?.into_iter().filter(|a| a.cash).map(|a| a.code).collect())
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct AccountInput {
    /// 3 to 10 digits, e.g. 51050
    pub code: String,
    pub name: String,
    /// asset, liability, equity, income or expense
    pub kind: String,
    /// A contra account (grows on the other side, e.g. accumulated depreciation)
    #[serde(default, deserialize_with = "crate::app::input::flag")]
    pub contra: bool,
    /// A cash or bank account (followed by the cash-flow statement)
    #[serde(default, deserialize_with = "crate::app::input::flag")]
    pub cash: bool,
}

pub async fn add(db: &Db, ctx: &Ctx, institution_id: i64, input: &AccountInput) -> AppResult<String> {
    ctx.require(institution_id, Action::WriteBooks)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let code = input.code.trim().to_string();
    if !(3..=10).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
        e.add(
            "code",
            lang.pick("Kode akun 3 sampai 10 angka, misalnya 51050.", "An account code is 3 to 10 digits, e.g. 51050."),
        );
    }
    let name = e.take("name", text::required_line(&input.name, 120), |x| x.msg(lang));
    let kind = AccountKind::parse(&input.kind);
    if kind.is_none() {
        e.add("kind", lang.pick("Pilih golongan akun.", "Choose the kind of account."));
    }
    if input.cash && kind != Some(AccountKind::Asset) {
        e.add(
            "cash",
            lang.pick("Hanya akun aset yang bisa menjadi akun kas/bank.", "Only an asset account can be a cash or bank account."),
        );
    }
    e.finish()?;
    ensure(db, institution_id).await?;
    let acc = Account {
        code: code.clone(),
        name: name.expect("checked"),
        kind: kind.expect("checked").code().into(),
        contra: input.contra,
        cash: input.cash,
    };
    let mut tx = db.begin().await?;
    match store::books::insert_account(&mut tx, institution_id, &acc).await {
        Err(err) if store::is_unique_violation(&err) => {
            return Err(AppError::field("code", lang.pick("Kode akun ini sudah dipakai.", "This account code is already used.")))
        }
        r => r?,
    }
    let mut ev = ctx.audit("create", "account", &code, Some(institution_id));
    ev.after = to_json(&acc);
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(code)
}

pub async fn remove(db: &Db, ctx: &Ctx, institution_id: i64, code: &str) -> AppResult<()> {
    ctx.require(institution_id, Action::WriteBooks)?;
    let mut tx = db.begin().await?;
    if store::books::has_postings(&mut **tx, institution_id, code).await? {
        return Err(AppError::Conflict {
            message: match ctx.lang {
                Lang::Id => {
                    format!("Akun {code} sudah punya transaksi, jadi tidak bisa dihapus. Akun ini tetap ada di buku besar.")
                }
                Lang::En => format!("Account {code} has postings, so it cannot be deleted. It stays in the ledger."),
            },
            link: None,
        });
    }
    if swadaya_domain::ledger::codes::AUTOMATIC.contains(&code) {
        return Err(AppError::Conflict {
            message: ctx
                .t(
                    "Akun ini dipakai otomatis oleh dana bergulir (kas, pinjaman, jasa, cadangan), jadi tidak bisa dihapus.",
                    "The loan fund posts to this account automatically (cash, loans, interest, reserve), so it cannot be deleted.",
                )
                .into(),
            link: None,
        });
    }
    if store::books::delete_account(&mut tx, institution_id, code).await? == 0 {
        return Err(AppError::NotFound);
    }
    let mut ev = ctx.audit("delete", "account", code, Some(institution_id));
    ev.before = format!("{{\"code\":\"{code}\"}}");
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}
