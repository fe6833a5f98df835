//! A service's customers: households (a person from the register) and public taps, each with a
//! customer number and a fee scheme; on a metered scheme, the meter in service. A meter is
//! replaced, never edited: the old one closes with its last reading, the new one opens with its
//! start reading, and the m³ the old one ran since its last monthly reading carry over.

use crate::app::books::any_date;
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use swadaya_domain::roles::Action;
use swadaya_domain::water::reading;
use swadaya_domain::{text, Lang};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Meter {
    pub id: i64,
    pub serial: String,
    pub installed_on: String,
    pub start_reading: i64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Customer {
    pub id: i64,
    /// The number printed on bills and receipts
    pub number: String,
    pub scheme_id: i64,
    pub scheme_name: String,
    /// flat, weekly or metered
    pub scheme_kind: String,
    /// The household's person in the people register; a public tap has none
    pub person_id: Option<i64>,
    pub name: String,
    pub address: String,
    pub connected_on: String,
    /// Not disconnected now
    pub connected: bool,
    /// The meter in service (metered schemes)
    pub meter: Option<Meter>,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct CustomerInput {
    /// Blank: the next free number
    #[serde(default)]
    pub number: String,
    #[serde(default, deserialize_with = "crate::app::input::id")]
    pub scheme_id: i64,
    /// A person of the register (the household's head); blank for a public tap
    #[serde(default, deserialize_with = "crate::app::input::opt_id")]
    pub person_id: Option<i64>,
    /// Blank when a person is picked: the person's name
    #[serde(default)]
    pub name: String,
    /// Dusun, RT/RW, house
    pub address: String,
    pub connected_on: String,
    /// Metered schemes: the meter's serial number
    #[serde(default)]
    pub meter_serial: String,
    /// Metered schemes: the meter's reading when it was installed
    #[serde(default)]
    pub start_reading: String,
    /// A form's one-time key: the same key again registers nothing new
    #[serde(default)]
    pub idem_key: Option<String>,
}

pub async fn list(db: &Db, ctx: &Ctx, institution_id: i64, scheme_id: Option<i64>) -> AppResult<Vec<Customer>> {
    ctx.require(institution_id, Action::ReadWater)?;
    Ok(store::water::customers::list(&db.pool, institution_id, scheme_id).await?)
}

pub async fn get(db: &Db, ctx: &Ctx, institution_id: i64, id: i64) -> AppResult<Customer> {
    ctx.require(institution_id, Action::ReadWater)?;
    store::water::customers::get(&db.pool, institution_id, id).await?.ok_or(AppError::NotFound)
}

/// The next free customer number: one past the highest all-digit number, as wide as it.
fn next_number(existing: &[Customer]) -> String {
    let highest = existing.iter().filter_map(|c| c.number.parse::<u64>().ok().map(|n| (n, c.number.len()))).max();
    match highest {
        Some((n, width)) => format!("{:0width$}", n + 1, width = width),
        None => "0001".into(),
    }
}

fn meter_serial(e: &mut Errors, lang: Lang, v: &str) -> Option<String> {
    match text::required_line(v, 40) {
        Ok(s) => Some(s),
        Err(text::TextError::Required) => {
            e.add(
                "meter_serial",
                lang.pick(
                    "Skema ini memakai meteran: isi nomor seri meteran.",
                    "This scheme is metered: enter the meter's serial number.",
                ),
            );
            None
        }
        Err(x) => {
            e.add("meter_serial", x.msg(lang));
            None
        }
    }
}

fn meter_reading(e: &mut Errors, lang: Lang, field: &str, v: &str) -> i64 {
    match reading::parse(v, lang) {
        Ok(n) => i64::from(n),
        Err(m) => {
            e.add(field, m);
            0
        }
    }
}

/// Refuses a meter that already serves another connection.
async fn meter_free(tx: &mut store::WriteTx, lang: Lang, institution_id: i64, serial: &str) -> AppResult<()> {
    if let Some((_, number)) = store::water::customers::meter_in_service(tx, institution_id, serial).await? {
        return Err(AppError::field(
            "meter_serial",
            match lang {
                Lang::Id => format!(
                    "Meteran {serial} masih terpasang pada pelanggan {number}. Satu meteran hanya untuk satu sambungan; catat dulu penggantian meteran pelanggan itu."
                ),
                Lang::En => format!(
                    "Meter {serial} is still on customer {number}. One meter serves one connection; record that customer's meter replacement first."
                ),
            },
        ));
    }
    Ok(())
}

pub async fn add(db: &Db, ctx: &Ctx, institution_id: i64, input: &CustomerInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::RunWater)?;
    let lang = ctx.lang;
    let schemes = store::water::schemes(&db.pool, institution_id).await?;
    let scheme = schemes.iter().find(|s| s.id == input.scheme_id);
    let mut e = Errors::default();
    if scheme.is_none() {
        e.add("scheme_id", lang.pick("Pilih skema iuran pelanggan ini.", "Pick this customer's fee scheme."));
    }
    let person = match input.person_id {
        Some(pid) => match store::registers::people::get_person(db, institution_id, pid).await? {
            Some(p) => Some(p),
            None => {
                e.add(
                    "person_id",
                    lang.pick("Orang ini tidak ada di buku warga lembaga.", "This person is not in the institution's register."),
                );
                None
            }
        },
        None => None,
    };
    let typed = e.take("name", text::optional_line(&input.name, 150), |x| x.msg(lang)).flatten();
    let name = typed.or_else(|| person.as_ref().map(|p| p.data.name.clone()));
    if name.is_none() && !e.0.iter().any(|x| x.field == "name") {
        e.add(
            "name",
            lang.pick(
                "Isi nama pelanggan, atau pilih orangnya dari buku warga.",
                "Enter the customer's name, or pick the person from the register.",
            ),
        );
    }
    let number = e.take("number", text::optional_line(&input.number, 30), |x| x.msg(lang)).flatten();
    let address = e.take("address", text::required_line(&input.address, 200), |x| x.msg(lang));
    let connected_on = any_date(&mut e, lang, "connected_on", &input.connected_on);
    let metered = scheme.is_some_and(|s| s.kind == "metered");
    let serial = if metered { meter_serial(&mut e, lang, &input.meter_serial) } else { None };
    let start = if metered { meter_reading(&mut e, lang, "start_reading", &input.start_reading) } else { 0 };
    e.finish()?;
    let (name, address, on) = (name.expect("checked"), address.expect("checked"), connected_on.expect("checked").to_string());
    let mut tx = db.begin().await?;
    let key = crate::app::one_time_key(lang, input.idem_key.as_deref())?;
    if let Some(k) = key {
        if let Some(done) = store::water::customers::by_key(&mut tx, institution_id, k).await? {
            return Ok(done);
        }
    }
    let number = match number {
        Some(n) => {
            if store::water::customers::by_number(&mut tx, institution_id, &n).await?.is_some() {
                return Err(AppError::field(
                    "number",
                    match lang {
                        Lang::Id => format!("Nomor pelanggan {n} sudah dipakai. Kosongkan agar diberi nomor berikutnya."),
                        Lang::En => format!("Customer number {n} is taken. Leave it blank to get the next one."),
                    },
                ));
            }
            n
        }
        None => next_number(&store::water::customers::list(&mut **tx, institution_id, None).await?),
    };
    if let Some(serial) = &serial {
        meter_free(&mut tx, lang, institution_id, serial).await?;
    }
    let new = store::water::customers::NewCustomer {
        number: &number,
        scheme_id: input.scheme_id,
        person_id: person.as_ref().map(|p| p.id),
        name: &name,
        address: &address,
        connected_on: &on,
        idem_key: key,
        created_by: &ctx.actor.username,
    };
    let id = store::water::customers::insert(&mut tx, institution_id, &new).await?;
    if let Some(serial) = &serial {
        let m = store::water::customers::NewMeter {
            customer_id: id,
            serial,
            installed_on: &on,
            start_reading: start,
            carried_m3: 0,
            created_by: &ctx.actor.username,
        };
        store::water::customers::insert_meter(&mut tx, institution_id, &m).await?;
    }
    let mut ev = ctx.audit("create", "water_customer", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "number": number, "scheme_id": input.scheme_id, "person_id": new.person_id, "name": name, "address": address,
        "connected_on": on, "meter_serial": serial, "start_reading": serial.as_ref().map(|_| start),
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct MeterChangeInput {
    /// The day the old meter came off
    pub changed_on: String,
    /// The old meter's reading when it came off
    pub final_reading: String,
    /// Why: broken, stuck, stolen...
    pub reason: String,
    /// The new meter's serial number
    pub meter_serial: String,
    /// The new meter's reading when installed
    pub start_reading: String,
}

/// Replaces the meter in service; returns the new meter's id.
pub async fn replace_meter(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    customer_id: i64,
    input: &MeterChangeInput,
) -> AppResult<i64> {
    ctx.require(institution_id, Action::RunWater)?;
    let lang = ctx.lang;
    let c = store::water::customers::get(&db.pool, institution_id, customer_id).await?.ok_or(AppError::NotFound)?;
    let mut e = Errors::default();
    let on = any_date(&mut e, lang, "changed_on", &input.changed_on);
    let final_reading = meter_reading(&mut e, lang, "final_reading", &input.final_reading);
    let reason = e.take("reason", text::required_line(&input.reason, 200), |x| x.msg(lang));
    let serial = meter_serial(&mut e, lang, &input.meter_serial);
    let start = meter_reading(&mut e, lang, "start_reading", &input.start_reading);
    e.finish()?;
    let (on, reason, serial) = (on.expect("checked").to_string(), reason.expect("checked"), serial.expect("checked"));
    let mut tx = db.begin().await?;
    let Some(state) = store::water::customers::meter_state(&mut **tx, institution_id, customer_id).await? else {
        return Err(AppError::Conflict {
            message: lang.pick("Pelanggan ini tidak memakai meteran.", "This customer has no meter.").into(),
            link: None,
        });
    };
    let carried =
        reading::used(state.last as u32, final_reading as u32, lang).map_err(|m| AppError::field("final_reading", m))?;
    meter_free(&mut tx, lang, institution_id, &serial).await?;
    store::water::customers::remove_meter(&mut tx, institution_id, state.meter_id, &on, final_reading, &reason).await?;
    let m = store::water::customers::NewMeter {
        customer_id,
        serial: &serial,
        installed_on: &on,
        start_reading: start,
        carried_m3: state.carried_m3 + i64::from(carried),
        created_by: &ctx.actor.username,
    };
    let id = store::water::customers::insert_meter(&mut tx, institution_id, &m).await?;
    let mut ev = ctx.audit("replace_meter", "water_customer", customer_id, Some(institution_id));
    ev.before = to_json(&c.meter);
    ev.after = to_json(&serde_json::json!({
        "changed_on": on, "final_reading": final_reading, "reason": reason, "meter_serial": serial, "start_reading": start,
        "carried_m3": m.carried_m3,
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

/// A customer's readings, newest month first.
pub async fn readings(db: &Db, ctx: &Ctx, institution_id: i64, customer_id: i64) -> AppResult<Vec<super::readings::Reading>> {
    ctx.require(institution_id, Action::ReadWater)?;
    Ok(store::water::customers::readings(&db.pool, institution_id, customer_id).await?)
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ConnectionEvent {
    pub id: i64,
    pub customer_id: i64,
    /// disconnect or reconnect
    pub kind: String,
    pub on_date: String,
    /// The decision behind it: a board meeting, a written warning unanswered
    pub decision: String,
    pub reason: String,
    pub created_by: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ConnectionInput {
    /// disconnect or reconnect
    pub kind: String,
    pub on_date: String,
    /// The decision behind it, e.g. "Rapat pengurus 02/12/2026, surat teguran kedua tidak dijawab"
    pub decision: String,
    /// Why: arrears of three months, paid in full, asked by the household...
    pub reason: String,
}

/// Each customer's events, oldest first.
pub fn events_by_customer(events: Vec<ConnectionEvent>) -> std::collections::HashMap<i64, Vec<ConnectionEvent>> {
    let mut out: std::collections::HashMap<i64, Vec<ConnectionEvent>> = std::collections::HashMap::new();
    for e in events {
        out.entry(e.customer_id).or_default().push(e);
    }
    out
}

/// Whether the customer's connection was open on `day`, from its events (oldest first).
pub fn open_on(events: &[ConnectionEvent], day: &str) -> bool {
    events.iter().rfind(|e| e.on_date.as_str() <= day).is_none_or(|e| e.kind != "disconnect")
}

/// Whether a month is billed: the connection was open on its first day, or opened again in it.
pub fn billed_in(events: &[ConnectionEvent], first_day: &str, last_day: &str) -> bool {
    open_on(events, first_day)
        || events.iter().any(|e| e.kind == "reconnect" && e.on_date.as_str() > first_day && e.on_date.as_str() <= last_day)
}

/// Closes or opens a connection again, with the decision behind it; returns the event's id.
pub async fn change_connection(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    customer_id: i64,
    input: &ConnectionInput,
) -> AppResult<i64> {
    ctx.require(institution_id, Action::RunWater)?;
    let lang = ctx.lang;
    let c = store::water::customers::get(&db.pool, institution_id, customer_id).await?.ok_or(AppError::NotFound)?;
    let mut e = Errors::default();
    let kind = input.kind.trim();
    if !matches!(kind, "disconnect" | "reconnect") {
        e.add("kind", lang.pick("Pilih putus sambungan atau sambung kembali.", "Choose disconnect or reconnect."));
    }
    let on = crate::app::books::past_date(&mut e, lang, "on_date", &input.on_date);
    let decision = match text::required_line(&input.decision, 300) {
        Ok(d) => Some(d),
        Err(text::TextError::Required) => {
            e.add(
                "decision",
                lang.pick(
                    "Tulis keputusan yang mendasarinya (rapat pengurus dan tanggalnya, surat teguran). Sambungan tidak diputus atau disambung tanpa keputusan tercatat.",
                    "Write the decision behind it (the board meeting and its date, the warning letter). A connection is not closed or opened without a recorded decision.",
                ),
            );
            None
        }
        Err(x) => {
            e.add("decision", x.msg(lang));
            None
        }
    };
    let reason = e.take("reason", text::required_line(&input.reason, 300), |x| x.msg(lang));
    e.finish()?;
    let (on, decision, reason) = (on.expect("checked").to_string(), decision.expect("checked"), reason.expect("checked"));
    let mut tx = db.begin().await?;
    let events = store::water::customers::events(&mut **tx, institution_id, Some(customer_id), None).await?;
    let open_now = events.last().is_none_or(|x| x.kind != "disconnect");
    let conflict = |m: &str| AppError::Conflict { message: m.into(), link: None };
    if kind == "disconnect" && !open_now {
        return Err(conflict(lang.pick("Sambungan ini sudah diputus.", "This connection is already closed.")));
    }
    if kind == "reconnect" && open_now {
        return Err(conflict(lang.pick("Sambungan ini masih tersambung.", "This connection is open.")));
    }
    let latest = events.last().map(|x| x.on_date.clone()).unwrap_or_else(|| c.connected_on.clone());
    if on < latest {
        return Err(AppError::field(
            "on_date",
            match lang {
                Lang::Id => format!(
                    "Tanggalnya sebelum kejadian terakhir sambungan ini ({}).",
                    crate::app::books::month_label(&latest[..7], lang)
                ),
                Lang::En => format!(
                    "The date is before this connection's latest change ({}).",
                    crate::app::books::month_label(&latest[..7], lang)
                ),
            },
        ));
    }
    let new = store::water::customers::NewEvent {
        customer_id,
        kind,
        on_date: &on,
        decision: &decision,
        reason: &reason,
        created_by: &ctx.actor.username,
    };
    let id = store::water::customers::insert_event(&mut tx, institution_id, &new).await?;
    let mut ev = ctx.audit(kind, "water_customer", customer_id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({ "on_date": on, "decision": decision, "reason": reason, "event_id": id }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

/// A customer's disconnections and reconnections, oldest first.
pub async fn events(db: &Db, ctx: &Ctx, institution_id: i64, customer_id: i64) -> AppResult<Vec<ConnectionEvent>> {
    ctx.require(institution_id, Action::ReadWater)?;
    Ok(store::water::customers::events(&db.pool, institution_id, Some(customer_id), None).await?)
}
