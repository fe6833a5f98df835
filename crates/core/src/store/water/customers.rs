//! A service's customers, the meter each connection has in service (and those it had), and the
//! monthly readings. Readings are never changed; a meter is closed once, when it is replaced.

pub use crate::app::water::customers::{ConnectionEvent, Customer, Meter};
pub use crate::app::water::readings::Reading;
use crate::store::{get_i64, get_str, opt_i64, opt_str, Tx};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor};

fn customer_from(r: &AnyRow) -> sqlx::Result<Customer> {
    let meter = match opt_i64(r, "meter_id")? {
        Some(id) => Some(Meter {
            id,
            serial: get_str(r, "serial")?,
            installed_on: get_str(r, "installed_on")?,
            start_reading: get_i64(r, "start_reading")?,
        }),
        None => None,
    };
    Ok(Customer {
        id: get_i64(r, "id")?,
        number: get_str(r, "number")?,
        scheme_id: get_i64(r, "scheme_id")?,
        scheme_name: get_str(r, "scheme_name")?,
        scheme_kind: get_str(r, "scheme_kind")?,
        person_id: opt_i64(r, "person_id")?,
        name: get_str(r, "name")?,
        address: get_str(r, "address")?,
        connected_on: get_str(r, "connected_on")?,
        connected: opt_str(r, "last_event")?.as_deref() != Some("disconnect"),
        meter,
    })
}

const CUSTOMERS: &str = "SELECT c.*, s.name AS scheme_name, s.kind AS scheme_kind,
        m.id AS meter_id, m.serial, m.installed_on, m.start_reading,
        (SELECT e.kind FROM water_connection_events e WHERE e.institution_id = c.institution_id AND e.customer_id = c.id
         ORDER BY e.on_date DESC, e.id DESC LIMIT 1) AS last_event
    FROM water_customers c
    JOIN water_schemes s ON s.institution_id = c.institution_id AND s.id = c.scheme_id
    LEFT JOIN water_meters m ON m.institution_id = c.institution_id AND m.customer_id = c.id AND m.removed_on IS NULL";

/// Customers of the institution, or of one scheme, by number.
pub async fn list<'c, E: Executor<'c, Database = Any>>(
    e: E,
    institution_id: i64,
    scheme_id: Option<i64>,
) -> sqlx::Result<Vec<Customer>> {
    sqlx::query(&format!("{CUSTOMERS} WHERE c.institution_id = $1 AND ($2 IS NULL OR c.scheme_id = $2) ORDER BY c.number"))
        .bind(institution_id)
        .bind(scheme_id)
        .fetch_all(e)
        .await?
        .iter()
        .map(customer_from)
        .collect()
}

pub async fn get<'c, E: Executor<'c, Database = Any>>(e: E, institution_id: i64, id: i64) -> sqlx::Result<Option<Customer>> {
    sqlx::query(&format!("{CUSTOMERS} WHERE c.institution_id = $1 AND c.id = $2"))
        .bind(institution_id)
        .bind(id)
        .fetch_optional(e)
        .await?
        .map(|r| customer_from(&r))
        .transpose()
}

pub async fn by_number(tx: &mut Tx, institution_id: i64, number: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query("SELECT id FROM water_customers WHERE institution_id = $1 AND number = $2")
        .bind(institution_id)
        .bind(number)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| get_i64(&r, "id"))
        .transpose()
}

pub async fn by_key(tx: &mut Tx, institution_id: i64, key: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query("SELECT id FROM water_customers WHERE institution_id = $1 AND idem_key = $2")
        .bind(institution_id)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| get_i64(&r, "id"))
        .transpose()
}

pub struct NewCustomer<'a> {
    pub number: &'a str,
    pub scheme_id: i64,
    pub person_id: Option<i64>,
    pub name: &'a str,
    pub address: &'a str,
    pub connected_on: &'a str,
    pub idem_key: Option<&'a str>,
    pub created_by: &'a str,
}

pub async fn insert(tx: &mut Tx, institution_id: i64, c: &NewCustomer<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO water_customers (institution_id, number, scheme_id, person_id, name, address, connected_on, idem_key,
                                      created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(institution_id)
    .bind(c.number)
    .bind(c.scheme_id)
    .bind(c.person_id)
    .bind(c.name)
    .bind(c.address)
    .bind(c.connected_on)
    .bind(c.idem_key)
    .bind(c.created_by)
    .bind(super::super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

/// The customer whose connection has this meter in service, if any.
pub async fn meter_in_service(tx: &mut Tx, institution_id: i64, serial: &str) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query(
        "SELECT c.id, c.number FROM water_meters m JOIN water_customers c ON c.institution_id = m.institution_id AND c.id = m.customer_id
         WHERE m.institution_id = $1 AND m.serial = $2 AND m.removed_on IS NULL",
    )
    .bind(institution_id)
    .bind(serial)
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| Ok((get_i64(&r, "id")?, get_str(&r, "number")?)))
    .transpose()
}

pub struct NewMeter<'a> {
    pub customer_id: i64,
    pub serial: &'a str,
    pub installed_on: &'a str,
    pub start_reading: i64,
    pub carried_m3: i64,
    pub created_by: &'a str,
}

pub async fn insert_meter(tx: &mut Tx, institution_id: i64, m: &NewMeter<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO water_meters (institution_id, customer_id, serial, installed_on, start_reading, carried_m3, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(institution_id)
    .bind(m.customer_id)
    .bind(m.serial)
    .bind(m.installed_on)
    .bind(m.start_reading)
    .bind(m.carried_m3)
    .bind(m.created_by)
    .bind(super::super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

/// Takes a meter out of service with its last reading, once.
pub async fn remove_meter(
    tx: &mut Tx,
    institution_id: i64,
    meter_id: i64,
    removed_on: &str,
    final_reading: i64,
    reason: &str,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE water_meters SET removed_on = $3, final_reading = $4, reason = $5
         WHERE institution_id = $1 AND id = $2 AND removed_on IS NULL",
    )
    .bind(institution_id)
    .bind(meter_id)
    .bind(removed_on)
    .bind(final_reading)
    .bind(reason)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

/// Where a meter stands before a new reading: the last reading on it (or its start reading),
/// the month of that reading, and the m3 carried over from the meter it replaced.
pub struct MeterState {
    pub meter_id: i64,
    pub last: i64,
    pub last_month: Option<String>,
    pub carried_m3: i64,
}

pub async fn meter_state<'c, E: Executor<'c, Database = Any>>(
    e: E,
    institution_id: i64,
    customer_id: i64,
) -> sqlx::Result<Option<MeterState>> {
    sqlx::query(
        "SELECT m.id, m.start_reading, m.carried_m3, r.reading, r.month
         FROM water_meters m
         LEFT JOIN water_readings r ON r.institution_id = m.institution_id AND r.meter_id = m.id
              AND r.month = (SELECT MAX(month) FROM water_readings x WHERE x.institution_id = m.institution_id AND x.meter_id = m.id)
         WHERE m.institution_id = $1 AND m.customer_id = $2 AND m.removed_on IS NULL",
    )
    .bind(institution_id)
    .bind(customer_id)
    .fetch_optional(e)
    .await?
    .map(|r| {
        let reading = opt_i64(&r, "reading")?;
        Ok(MeterState {
            meter_id: get_i64(&r, "id")?,
            last: reading.unwrap_or(get_i64(&r, "start_reading")?),
            last_month: opt_str(&r, "month")?,
            // Carried into the first month read on the new meter only.
            carried_m3: if reading.is_some() { 0 } else { get_i64(&r, "carried_m3")? },
        })
    })
    .transpose()
}

fn reading_from(r: &AnyRow) -> sqlx::Result<Reading> {
    Ok(Reading {
        id: get_i64(r, "id")?,
        customer_id: get_i64(r, "customer_id")?,
        meter_id: get_i64(r, "meter_id")?,
        month: get_str(r, "month")?,
        read_on: get_str(r, "read_on")?,
        reading: get_i64(r, "reading")?,
        m3: get_i64(r, "m3")?,
        unusual: get_i64(r, "unusual")? != 0,
        note: opt_str(r, "note")?,
        entered_in: get_str(r, "entered_in")?,
    })
}

/// A customer's readings, newest month first.
pub async fn readings<'c, E: Executor<'c, Database = Any>>(
    e: E,
    institution_id: i64,
    customer_id: i64,
) -> sqlx::Result<Vec<Reading>> {
    sqlx::query("SELECT * FROM water_readings WHERE institution_id = $1 AND customer_id = $2 ORDER BY month DESC")
        .bind(institution_id)
        .bind(customer_id)
        .fetch_all(e)
        .await?
        .iter()
        .map(reading_from)
        .collect()
}

/// Every reading of a scheme's customers from `from_month` on (a round's history and its month).
pub async fn scheme_readings<'c, E: Executor<'c, Database = Any>>(
    e: E,
    institution_id: i64,
    scheme_id: i64,
    from_month: &str,
) -> sqlx::Result<Vec<Reading>> {
    sqlx::query(
        "SELECT r.* FROM water_readings r JOIN water_customers c ON c.institution_id = r.institution_id AND c.id = r.customer_id
         WHERE r.institution_id = $1 AND c.scheme_id = $2 AND r.month >= $3 ORDER BY r.customer_id, r.month",
    )
    .bind(institution_id)
    .bind(scheme_id)
    .bind(from_month)
    .fetch_all(e)
    .await?
    .iter()
    .map(reading_from)
    .collect()
}

pub async fn reading_by_key(tx: &mut Tx, institution_id: i64, key: &str) -> sqlx::Result<Option<Reading>> {
    sqlx::query("SELECT * FROM water_readings WHERE institution_id = $1 AND idem_key = $2")
        .bind(institution_id)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| reading_from(&r))
        .transpose()
}

pub async fn reading_of_month(tx: &mut Tx, institution_id: i64, customer_id: i64, month: &str) -> sqlx::Result<Option<Reading>> {
    sqlx::query("SELECT * FROM water_readings WHERE institution_id = $1 AND customer_id = $2 AND month = $3")
        .bind(institution_id)
        .bind(customer_id)
        .bind(month)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| reading_from(&r))
        .transpose()
}

pub struct NewReading<'a> {
    pub customer_id: i64,
    pub meter_id: i64,
    pub month: &'a str,
    pub read_on: &'a str,
    pub reading: i64,
    pub m3: i64,
    pub unusual: bool,
    pub note: Option<&'a str>,
    pub entered_in: &'a str,
    pub idem_key: Option<&'a str>,
    pub created_by: &'a str,
}

pub async fn insert_reading(tx: &mut Tx, institution_id: i64, r: &NewReading<'_>) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO water_readings (institution_id, customer_id, meter_id, month, read_on, reading, m3, unusual, note, entered_in,
                                     idem_key, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(institution_id)
    .bind(r.customer_id)
    .bind(r.meter_id)
    .bind(r.month)
    .bind(r.read_on)
    .bind(r.reading)
    .bind(r.m3)
    .bind(i64::from(r.unusual))
    .bind(r.note)
    .bind(r.entered_in)
    .bind(r.idem_key)
    .bind(r.created_by)
    .bind(super::super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

fn event_from(r: &AnyRow) -> sqlx::Result<ConnectionEvent> {
    Ok(ConnectionEvent {
        id: get_i64(r, "id")?,
        customer_id: get_i64(r, "customer_id")?,
        kind: get_str(r, "kind")?,
        on_date: get_str(r, "on_date")?,
        decision: get_str(r, "decision")?,
        reason: get_str(r, "reason")?,
        created_by: get_str(r, "created_by")?,
    })
}

/// The disconnections and reconnections of one customer, or of a scheme's customers (`scheme`),
/// oldest first.
pub async fn events<'c, E: Executor<'c, Database = Any>>(
    e: E,
    institution_id: i64,
    customer_id: Option<i64>,
    scheme_id: Option<i64>,
) -> sqlx::Result<Vec<ConnectionEvent>> {
    sqlx::query(
        "SELECT e.* FROM water_connection_events e JOIN water_customers c ON c.institution_id = e.institution_id AND c.id = e.customer_id
         WHERE e.institution_id = $1 AND ($2 IS NULL OR e.customer_id = $2) AND ($3 IS NULL OR c.scheme_id = $3)
         ORDER BY e.customer_id, e.on_date, e.id",
    )
    .bind(institution_id)
    .bind(customer_id)
    .bind(scheme_id)
    .fetch_all(e)
    .await?
    .iter()
    .map(event_from)
    .collect()
}

pub struct NewEvent<'a> {
    pub customer_id: i64,
    pub kind: &'a str,
    pub on_date: &'a str,
    pub decision: &'a str,
    pub reason: &'a str,
    pub created_by: &'a str,
}

pub async fn insert_event(tx: &mut Tx, institution_id: i64, e: &NewEvent<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO water_connection_events (institution_id, customer_id, kind, on_date, decision, reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(institution_id)
    .bind(e.customer_id)
    .bind(e.kind)
    .bind(e.on_date)
    .bind(e.decision)
    .bind(e.reason)
    .bind(e.created_by)
    .bind(super::super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}
