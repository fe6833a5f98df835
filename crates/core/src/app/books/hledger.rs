//! The journal exported for hledger (hledger.org): one transaction per entry, amounts
//! debit-positive, account names "CODE Name", so `hledger balance` can be set against the
//! trial balance.

use crate::app::Ctx;
use crate::store::{self, Db};
use futures_util::TryStreamExt;
use std::io::Write;
use swadaya_domain::roles::Action;

/// One transaction per entry, amounts debit-positive, account names "CODE Name".
pub async fn write(db: &Db, ctx: &Ctx, institution: i64, out: &mut dyn Write) -> anyhow::Result<()> {
    ctx.require(institution, Action::ReadBooks)?;
    let names: std::collections::HashMap<String, String> = store::books::list_accounts(&db.pool, institution)
        .await?
        .into_iter()
        .map(|a| (a.code.clone(), format!("{} {}", a.code, a.name)))
        .collect();
    let mut rows = store::books::all_lines(db, institution);
    let mut current: Option<i64> = None;
    while let Some(r) = rows.try_next().await? {
        let id = store::get_i64(&r, "id")?;
        if current != Some(id) {
            if current.is_some() {
                writeln!(out)?;
            }
            let memo: String =
                store::get_str(&r, "memo")?.chars().map(|c| if c.is_control() || c == ';' { ' ' } else { c }).collect();
            writeln!(out, "{} {}  ; entry:{id}", store::get_str(&r, "posted_on")?, memo.trim())?;
            current = Some(id);
        }
        let account = store::get_str(&r, "account")?;
        let name = names.get(&account).cloned().unwrap_or(account);
        let amount = store::get_i64(&r, "debit")? - store::get_i64(&r, "credit")?;
        // Two spaces end an hledger account name; names never contain two in a row.
        writeln!(out, "    {}    {amount}", name.split_whitespace().collect::<Vec<_>>().join(" "))?;
    }
    if current.is_some() {
        writeln!(out)?;
    }
    Ok(())
}
