//! The days off the service-level clocks skip besides weekends: national holidays and cuti
//! bersama, kept as data because the government sets them anew each year.

use crate::app::books::any_date;
use crate::app::{AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use swadaya_domain::text;

/// A system administrator's task: one calendar serves every institution on the server.
pub async fn add(db: &Db, ctx: &Ctx, day: &str, name: &str) -> AppResult<String> {
    ctx.require_system()?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let d = any_date(&mut e, lang, "day", day);
    let name = e.take("name", text::required_line(name, 120), |x| x.msg(lang));
    e.finish()?;
    let day = d.expect("checked").to_string();
    let name = name.expect("checked");
    let mut tx = db.begin().await?;
    if !store::complaints::insert_holiday(&mut tx, &day, &name).await? {
        return Err(AppError::field(
            "day",
            lang.pick("Tanggal itu sudah ada di daftar libur.", "That day is already in the list."),
        ));
    }
    let mut ev = ctx.audit("create", "holiday", &day, None);
    ev.after = crate::app::to_json(&serde_json::json!({"day": day, "name": name}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(day)
}

pub async fn remove(db: &Db, ctx: &Ctx, day: &str) -> AppResult<()> {
    ctx.require_system()?;
    let mut e = Errors::default();
    let d = any_date(&mut e, ctx.lang, "day", day);
    e.finish()?;
    let day = d.expect("checked").to_string();
    let mut tx = db.begin().await?;
    let Some(name) = store::complaints::delete_holiday(&mut tx, &day).await? else { return Err(AppError::NotFound) };
    let mut ev = ctx.audit("delete", "holiday", &day, None);
    ev.before = crate::app::to_json(&serde_json::json!({"day": day, "name": name}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}

/// The days off the complaint clocks skip, as (day, name), for the administrator who keeps them.
pub async fn list(db: &Db, ctx: &Ctx) -> AppResult<Vec<(String, String)>> {
    ctx.require_system()?;
    Ok(store::complaints::holidays(db).await?)
}
