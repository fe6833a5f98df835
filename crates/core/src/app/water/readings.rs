//! Monthly meter readings, at the office or door to door. A reading is never below the last one
//! on the meter (a replaced meter starts from its own start reading); a month far above the
//! customer's usual use is kept and flagged for a second look; a month already billed takes no
//! reading. A reader's round lists each meter of a scheme with its last reading.

use super::{month_field, not_ahead};
use crate::app::books::past_date;
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db, WriteTx};
use swadaya_domain::roles::Action;
use swadaya_domain::water::reading::{self, JumpRule};
use swadaya_domain::{text, Lang};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Reading {
    pub id: i64,
    pub customer_id: i64,
    pub meter_id: i64,
    /// The month the water was used, YYYY-MM
    pub month: String,
    pub read_on: String,
    pub reading: i64,
    pub m3: i64,
    /// Far above the customer's usual use: kept, shown for a second look
    pub unusual: bool,
    pub note: Option<String>,
    /// office or field
    pub entered_in: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ReadingInput {
    #[serde(default, deserialize_with = "crate::app::input::id")]
    pub customer_id: i64,
    /// The month the water was used: 2026-11 or 11/2026
    pub month: String,
    /// The meter's figure, digits only
    pub reading: String,
    /// The day it was read
    pub read_on: String,
    #[serde(default)]
    pub note: String,
    /// A one-time key (from the field round's outbox): the same key again records nothing new
    #[serde(default)]
    pub idem_key: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Saved {
    pub id: i64,
    pub m3: i64,
    pub unusual: bool,
    /// The customer's usual m³ a month (median of the last six), if known
    pub usual_m3: Option<i64>,
}

/// The customer's m³ of recent months, newest first, for the jump rule.
async fn history(tx: &mut WriteTx, institution_id: i64, customer_id: i64, before: &str, rule: JumpRule) -> AppResult<Vec<u32>> {
    let all = store::water::customers::readings(&mut ***tx, institution_id, customer_id).await?;
    Ok(all.iter().filter(|r| r.month.as_str() < before).take(rule.months).map(|r| r.m3 as u32).collect())
}

/// Checks and writes one reading in the caller's transaction; `field` names the form field
/// an error about the figure belongs to (a round has one per customer).
#[allow(clippy::too_many_arguments)]
async fn write(
    tx: &mut WriteTx,
    ctx: &Ctx,
    institution_id: i64,
    customer_id: i64,
    month: &str,
    read_on: &str,
    figure: u32,
    note: Option<&str>,
    entered_in: &str,
    key: Option<&str>,
    field: &str,
) -> AppResult<Saved> {
    let lang = ctx.lang;
    let c = store::water::customers::get(&mut ***tx, institution_id, customer_id).await?.ok_or(AppError::NotFound)?;
    if let Some(r) = store::water::customers::reading_of_month(tx, institution_id, customer_id, month).await? {
        return Err(AppError::field(
            field,
            match lang {
                Lang::Id => format!(
                    "Meteran {} ({}) sudah dicatat untuk bulan ini: {} ({} m³). Catatan meter tidak diubah.",
                    c.number, c.name, r.reading, r.m3
                ),
                Lang::En => format!(
                    "Meter of {} ({}) is already read for this month: {} ({} m³). Readings are not changed.",
                    c.number, c.name, r.reading, r.m3
                ),
            },
        ));
    }
    if store::water::bills::run_of(tx, institution_id, c.scheme_id, month).await?.is_some() {
        return Err(AppError::field(
            field,
            lang.pick(
                "Tagihan bulan ini sudah dibuat untuk skema pelanggan ini; catatan meter bulan itu tidak bisa ditambah. Catat di bulan berikutnya: pemakaiannya ikut terhitung di sana.",
                "This month is already billed for the customer's scheme; its readings are closed. Record it in the next month: the use counts there.",
            ),
        ));
    }
    let Some(state) = store::water::customers::meter_state(&mut ***tx, institution_id, customer_id).await? else {
        return Err(AppError::field(field, lang.pick("Pelanggan ini tidak memakai meteran.", "This customer has no meter.")));
    };
    if let Some(last) = state.last_month.as_deref().filter(|m| *m >= month) {
        return Err(AppError::field(
            field,
            match lang {
                Lang::Id => format!(
                    "Sudah ada catatan meter bulan {} yang lebih baru. Catatan meter berurutan per bulan.",
                    crate::app::books::month_label(last, lang)
                ),
                Lang::En => format!(
                    "A reading for {}, a later month, exists. Readings go month by month.",
                    crate::app::books::month_label(last, lang)
                ),
            },
        ));
    }
    let used = reading::used(state.last as u32, figure, lang).map_err(|m| AppError::field(field, m))?;
    let m3 = used + state.carried_m3 as u32;
    let rule = JumpRule::default();
    let past = history(tx, institution_id, customer_id, month, rule).await?;
    let unusual = reading::unusual(m3, &past, rule);
    let new = store::water::customers::NewReading {
        customer_id,
        meter_id: state.meter_id,
        month,
        read_on,
        reading: i64::from(figure),
        m3: i64::from(m3),
        unusual,
        note,
        entered_in,
        idem_key: key,
        created_by: &ctx.actor.username,
    };
    let id = store::water::customers::insert_reading(tx, institution_id, &new).await?;
    let mut ev = ctx.audit("record", "water_reading", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "customer_id": customer_id, "month": month, "read_on": read_on, "reading": figure, "m3": m3, "unusual": unusual,
        "note": note, "entered_in": entered_in,
    }));
    store::audit::append(tx, ev).await?;
    Ok(Saved { id, m3: i64::from(m3), unusual, usual_m3: reading::usual(&past, rule).map(i64::from) })
}

/// Records one reading (the office form, the API, a field round's synced line).
pub async fn record(db: &Db, ctx: &Ctx, institution_id: i64, input: &ReadingInput, entered_in: &str) -> AppResult<Saved> {
    ctx.require(institution_id, Action::RunWater)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let month = month_field(&mut e, lang, "month", &input.month);
    not_ahead(&mut e, lang, "month", &month);
    let figure = e.take("reading", reading::parse(&input.reading, lang), |m| m.clone());
    let read_on = past_date(&mut e, lang, "read_on", &input.read_on);
    let note = e.take("note", text::optional_line(&input.note, 200), |x| x.msg(lang)).flatten();
    e.finish()?;
    let (month, figure, read_on) = (month.expect("checked"), figure.expect("checked"), read_on.expect("checked").to_string());
    let mut tx = db.begin().await?;
    let key = crate::app::one_time_key(lang, input.idem_key.as_deref())?;
    if let Some(k) = key {
        if let Some(r) = store::water::customers::reading_by_key(&mut tx, institution_id, k).await? {
            if r.customer_id != input.customer_id || r.month != month {
                return Err(crate::app::key_reused(lang));
            }
            return Ok(Saved { id: r.id, m3: r.m3, unusual: r.unusual, usual_m3: None });
        }
    }
    let saved = write(
        &mut tx,
        ctx,
        institution_id,
        input.customer_id,
        &month,
        &read_on,
        figure,
        note.as_deref(),
        entered_in,
        key,
        "reading",
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// A line of a reader's round: a meter of the scheme with what the reader needs at the door.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RoundLine {
    pub customer_id: i64,
    pub number: String,
    pub name: String,
    pub address: String,
    pub serial: String,
    /// The meter's last reading (its start reading when never read)
    pub last_reading: i64,
    pub last_month: Option<String>,
    /// The customer's usual m³ a month (median of the last six), if known
    pub usual_m3: Option<i64>,
    /// This month's reading, when already recorded
    pub reading: Option<Reading>,
}

/// The round of a metered scheme for a month: every customer with a meter in service.
pub async fn round(db: &Db, ctx: &Ctx, institution_id: i64, scheme_id: i64, month: &str) -> AppResult<Vec<RoundLine>> {
    ctx.require(institution_id, Action::ReadWater)?;
    let mut conn = db.pool.acquire().await?;
    store::water::scheme(&mut *conn, institution_id, scheme_id).await?.ok_or(AppError::NotFound)?;
    let customers = store::water::customers::list(&mut *conn, institution_id, Some(scheme_id)).await?;
    // Six months of history before this one, and this one.
    let from = month_shift(month, -(JumpRule::default().months as i32));
    let readings = store::water::customers::scheme_readings(&mut *conn, institution_id, scheme_id, &from).await?;
    let rule = JumpRule::default();
    let events = super::customers::events_by_customer(
        store::water::customers::events(&mut *conn, institution_id, None, Some(scheme_id)).await?,
    );
    let (first, last) = (format!("{month}-01"), month_end(month));
    let mut out = Vec::new();
    let billed = |id: i64| super::customers::billed_in(events.get(&id).map(Vec::as_slice).unwrap_or_default(), &first, &last);
    for c in customers.iter().filter(|c| c.connected_on.as_str() <= last.as_str() && billed(c.id)) {
        let Some(m) = &c.meter else { continue };
        let mine: Vec<&Reading> = readings.iter().filter(|r| r.customer_id == c.id).collect();
        let this = mine.iter().find(|r| r.month == month).map(|r| (*r).clone());
        let before: Vec<&&Reading> = mine.iter().filter(|r| r.month.as_str() < month).collect();
        let last = before.iter().rev().find(|r| r.meter_id == m.id);
        let past: Vec<u32> = before.iter().rev().map(|r| r.m3 as u32).collect();
        out.push(RoundLine {
            customer_id: c.id,
            number: c.number.clone(),
            name: c.name.clone(),
            address: c.address.clone(),
            serial: m.serial.clone(),
            last_reading: last.map_or(m.start_reading, |r| r.reading),
            last_month: last.map(|r| r.month.clone()),
            usual_m3: reading::usual(&past, rule).map(i64::from),
            reading: this,
        });
    }
    Ok(out)
}

/// "YYYY-MM" moved by `months`.
pub fn month_shift(month: &str, months: i32) -> String {
    let Some((first, _)) = crate::app::books::month_bounds(month) else { return month.to_string() };
    let moved = if months >= 0 {
        first.checked_add_months(chrono::Months::new(months as u32))
    } else {
        first.checked_sub_months(chrono::Months::new(months.unsigned_abs()))
    };
    moved.map_or(month.to_string(), |d| d.format("%Y-%m").to_string())
}

/// The last day of a "YYYY-MM" month, as a date string.
pub fn month_end(month: &str) -> String {
    crate::app::books::month_bounds(month).map_or(format!("{month}-31"), |(_, l)| l.to_string())
}

/// One line of a round typed in at the office.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct RoundEntry {
    #[serde(default, deserialize_with = "crate::app::input::id")]
    pub customer_id: i64,
    pub reading: String,
    #[serde(default)]
    pub note: String,
}

/// Records the filled lines of a round in one transaction: all of them or, if any is wrong,
/// none, with each error on its line (`reading-{customer}`), so nothing typed is lost.
pub async fn record_round(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    scheme_id: i64,
    month: &str,
    read_on: &str,
    lines: &[RoundEntry],
) -> AppResult<Vec<Saved>> {
    ctx.require(institution_id, Action::RunWater)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let m = month_field(&mut e, lang, "month", month);
    not_ahead(&mut e, lang, "month", &m);
    let day = past_date(&mut e, lang, "read_on", read_on);
    let members = store::water::customers::list(&db.pool, institution_id, Some(scheme_id)).await?;
    let mut figures = Vec::new();
    for l in lines.iter().filter(|l| !l.reading.trim().is_empty()) {
        let field = format!("reading-{}", l.customer_id);
        if !members.iter().any(|c| c.id == l.customer_id) {
            e.add(&field, lang.pick("Pelanggan ini bukan dari skema ini.", "This customer is not on this scheme."));
            continue;
        }
        let figure = e.take(&field, reading::parse(&l.reading, lang), |m| m.clone());
        let note = e.take(&format!("note-{}", l.customer_id), text::optional_line(&l.note, 200), |x| x.msg(lang)).flatten();
        if let Some(f) = figure {
            figures.push((l.customer_id, f, note, field));
        }
    }
    if figures.is_empty() && e.0.is_empty() {
        e.add("lines", lang.pick("Belum ada angka meter yang diisi.", "No meter figure has been entered."));
    }
    e.finish()?;
    let (month, read_on) = (m.expect("checked"), day.expect("checked").to_string());
    let mut tx = db.begin().await?;
    let mut saved = Vec::new();
    let mut errors = Errors::default();
    for (customer, figure, note, field) in &figures {
        match write(&mut tx, ctx, institution_id, *customer, &month, &read_on, *figure, note.as_deref(), "office", None, field)
            .await
        {
            Ok(s) => saved.push(s),
            Err(AppError::Invalid(mut v)) => errors.0.append(&mut v),
            Err(other) => return Err(other),
        }
    }
    errors.finish()?;
    tx.commit().await?;
    Ok(saved)
}
