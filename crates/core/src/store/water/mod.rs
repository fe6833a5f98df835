//! The service after the hand-over: what a maintenance institution keeps (assets), its fee
//! schemes and their tariff versions (never edited), and, in the modules below, its customers
//! with their meters and readings, and the bills and payments.

pub mod bills;
pub mod customers;

pub use crate::app::water::setup::{Asset, Scheme, Tariff, TariffBlock};
use crate::store::{get_i64, get_str, opt_i64, opt_str, Tx};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor};

fn asset_from(r: &AnyRow) -> sqlx::Result<Asset> {
    Ok(Asset {
        id: get_i64(r, "id")?,
        name: get_str(r, "name")?,
        kind: get_str(r, "kind")?,
        region_code: opt_str(r, "region_code")?,
        region_name: opt_str(r, "region_name")?,
        location: opt_str(r, "location")?,
        handed_over_on: get_str(r, "handed_over_on")?,
        handed_over_by: get_str(r, "handed_over_by")?,
        value: get_i64(r, "value")?,
        capacity: opt_str(r, "capacity")?,
        households: get_i64(r, "households")?,
    })
}

pub async fn assets<'c, E: Executor<'c, Database = Any>>(e: E, institution_id: i64) -> sqlx::Result<Vec<Asset>> {
    sqlx::query(
        "SELECT a.*, r.name AS region_name FROM water_assets a LEFT JOIN regions r ON r.code = a.region_code
         WHERE a.institution_id = $1 ORDER BY a.name",
    )
    .bind(institution_id)
    .fetch_all(e)
    .await?
    .iter()
    .map(asset_from)
    .collect()
}

pub struct NewAsset<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub region_code: Option<&'a str>,
    pub location: Option<&'a str>,
    pub handed_over_on: &'a str,
    pub handed_over_by: &'a str,
    pub value: i64,
    pub capacity: Option<&'a str>,
    pub households: i64,
    pub created_by: &'a str,
}

pub async fn insert_asset(tx: &mut Tx, institution_id: i64, a: &NewAsset<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO water_assets (institution_id, name, kind, region_code, location, handed_over_on, handed_over_by, value,
                                   capacity, households, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(institution_id)
    .bind(a.name)
    .bind(a.kind)
    .bind(a.region_code)
    .bind(a.location)
    .bind(a.handed_over_on)
    .bind(a.handed_over_by)
    .bind(a.value)
    .bind(a.capacity)
    .bind(a.households)
    .bind(a.created_by)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

fn scheme_from(r: &AnyRow) -> sqlx::Result<Scheme> {
    Ok(Scheme {
        id: get_i64(r, "id")?,
        asset_id: get_i64(r, "asset_id")?,
        asset_name: get_str(r, "asset_name")?,
        name: get_str(r, "name")?,
        customer_group: get_str(r, "customer_group")?,
        kind: get_str(r, "kind")?,
        due_day: get_i64(r, "due_day")?,
        customers: get_i64(r, "customers")?,
    })
}

const SCHEMES: &str = "SELECT s.*, a.name AS asset_name,
        (SELECT COUNT(*) FROM water_customers c WHERE c.institution_id = s.institution_id AND c.scheme_id = s.id) AS customers
    FROM water_schemes s JOIN water_assets a ON a.institution_id = s.institution_id AND a.id = s.asset_id";

pub async fn schemes<'c, E: Executor<'c, Database = Any>>(e: E, institution_id: i64) -> sqlx::Result<Vec<Scheme>> {
    sqlx::query(&format!("{SCHEMES} WHERE s.institution_id = $1 ORDER BY a.name, s.name"))
        .bind(institution_id)
        .fetch_all(e)
        .await?
        .iter()
        .map(scheme_from)
        .collect()
}

pub async fn scheme<'c, E: Executor<'c, Database = Any>>(e: E, institution_id: i64, id: i64) -> sqlx::Result<Option<Scheme>> {
    sqlx::query(&format!("{SCHEMES} WHERE s.institution_id = $1 AND s.id = $2"))
        .bind(institution_id)
        .bind(id)
        .fetch_optional(e)
        .await?
        .map(|r| scheme_from(&r))
        .transpose()
}

pub struct NewScheme<'a> {
    pub asset_id: i64,
    pub name: &'a str,
    pub customer_group: &'a str,
    pub kind: &'a str,
    pub due_day: i64,
    pub created_by: &'a str,
}

pub async fn insert_scheme(tx: &mut Tx, institution_id: i64, s: &NewScheme<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO water_schemes (institution_id, asset_id, name, customer_group, kind, due_day, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(institution_id)
    .bind(s.asset_id)
    .bind(s.name)
    .bind(s.customer_group)
    .bind(s.kind)
    .bind(s.due_day)
    .bind(s.created_by)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

/// A scheme's tariff versions, oldest first, each with its blocks.
pub async fn tariffs(tx: &mut Tx, institution_id: i64, scheme_id: i64) -> sqlx::Result<Vec<Tariff>> {
    tariffs_of(tx, institution_id, Some(scheme_id)).await
}

/// Every tariff version of the institution (`None`) or of one scheme, oldest first.
pub async fn tariffs_of(
    conn: &mut sqlx::AnyConnection,
    institution_id: i64,
    scheme_id: Option<i64>,
) -> sqlx::Result<Vec<Tariff>> {
    let rows = sqlx::query(
        "SELECT * FROM water_tariffs WHERE institution_id = $1 AND ($2 IS NULL OR scheme_id = $2) ORDER BY scheme_id, valid_from",
    )
    .bind(institution_id)
    .bind(scheme_id)
    .fetch_all(&mut *conn)
    .await?;
    let blocks = sqlx::query(
        "SELECT b.tariff_id, b.up_to, b.price FROM water_tariff_blocks b
         JOIN water_tariffs t ON t.institution_id = b.institution_id AND t.id = b.tariff_id
         WHERE b.institution_id = $1 AND ($2 IS NULL OR t.scheme_id = $2) ORDER BY b.tariff_id, b.position",
    )
    .bind(institution_id)
    .bind(scheme_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id = get_i64(r, "id")?;
        let mut list = Vec::new();
        for b in blocks.iter().filter(|b| get_i64(b, "tariff_id").ok() == Some(id)) {
            list.push(TariffBlock { up_to: opt_i64(b, "up_to")?, price: get_i64(b, "price")? });
        }
        out.push(Tariff {
            id,
            scheme_id: get_i64(r, "scheme_id")?,
            valid_from: get_str(r, "valid_from")?,
            fixed: get_i64(r, "fixed")?,
            weekday: opt_i64(r, "weekday")?,
            minimum_m3: get_i64(r, "minimum_m3")?,
            decision: get_str(r, "decision")?,
            blocks: list,
        });
    }
    Ok(out)
}

pub struct NewTariff<'a> {
    pub scheme_id: i64,
    pub valid_from: &'a str,
    pub fixed: i64,
    pub weekday: Option<i64>,
    pub minimum_m3: i64,
    pub decision: &'a str,
    pub blocks: &'a [TariffBlock],
    pub created_by: &'a str,
}

pub async fn insert_tariff(tx: &mut Tx, institution_id: i64, t: &NewTariff<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO water_tariffs (institution_id, scheme_id, valid_from, fixed, weekday, minimum_m3, decision, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(institution_id)
    .bind(t.scheme_id)
    .bind(t.valid_from)
    .bind(t.fixed)
    .bind(t.weekday)
    .bind(t.minimum_m3)
    .bind(t.decision)
    .bind(t.created_by)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    let id = get_i64(&r, "id")?;
    for (n, b) in t.blocks.iter().enumerate() {
        sqlx::query(
            "INSERT INTO water_tariff_blocks (institution_id, tariff_id, position, up_to, price) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(institution_id)
        .bind(id)
        .bind(n as i64 + 1)
        .bind(b.up_to)
        .bind(b.price)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}
