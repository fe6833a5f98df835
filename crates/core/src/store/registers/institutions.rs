//! Institutions and their units; which institutions a facilitator's regions reach.

pub use crate::app::registers::institutions::InstitutionData;
pub use crate::app::registers::institutions::{Institution, Unit};
use crate::store::{get_i64, get_str, like_pattern, opt_str, Db, Tx};
use sqlx::any::AnyRow;

fn institution(r: &AnyRow) -> sqlx::Result<Institution> {
    Ok(Institution {
        id: get_i64(r, "id")?,
        kind: get_str(r, "kind")?,
        name: get_str(r, "name")?,
        region_code: get_str(r, "region_code")?,
        region_name: get_str(r, "region_name")?,
        legal_basis: opt_str(r, "legal_basis")?,
        address: opt_str(r, "address")?,
        phone: opt_str(r, "phone")?,
        email: opt_str(r, "email")?,
    })
}

pub async fn insert_institution(tx: &mut Tx, d: &InstitutionData) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO institutions (kind, name, region_code, legal_basis, address, phone, email, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&d.kind)
    .bind(&d.name)
    .bind(&d.region_code)
    .bind(&d.legal_basis)
    .bind(&d.address)
    .bind(&d.phone)
    .bind(&d.email)
    .bind(crate::store::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn update_institution(tx: &mut Tx, id: i64, d: &InstitutionData) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE institutions SET kind = $1, name = $2, region_code = $3, legal_basis = $4, address = $5, phone = $6, email = $7 WHERE id = $8",
    )
    .bind(&d.kind)
    .bind(&d.name)
    .bind(&d.region_code)
    .bind(&d.legal_basis)
    .bind(&d.address)
    .bind(&d.phone)
    .bind(&d.email)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const INSTITUTION_SELECT: &str =
    "SELECT i.*, COALESCE(r.name, '') AS region_name FROM institutions i LEFT JOIN regions r ON r.code = i.region_code";

pub async fn get_institution(db: &Db, id: i64) -> sqlx::Result<Option<Institution>> {
    sqlx::query(&format!("{INSTITUTION_SELECT} WHERE i.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| institution(&r))
        .transpose()
}

/// Institutions whose region lies within one of `regions` (a facilitator's scope).
pub async fn institution_ids_in_regions(db: &Db, regions: &[String]) -> sqlx::Result<Vec<i64>> {
    let mut ids = Vec::new();
    for code in regions {
        let rows = sqlx::query("SELECT id FROM institutions WHERE region_code = $1 OR region_code LIKE $2")
            .bind(code)
            .bind(format!("{code}.%"))
            .fetch_all(&db.pool)
            .await?;
        ids.extend(rows.iter().map(|r| get_i64(r, "id")).collect::<sqlx::Result<Vec<_>>>()?);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

pub fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        return "NULL".into();
    }
    ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")
}

/// `scope` None means every institution (system administrator).
pub async fn list_institutions(
    db: &Db,
    scope: Option<&[i64]>,
    q: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<Institution>, i64)> {
    let mut cond = String::from("1=1");
    if let Some(ids) = scope {
        cond.push_str(&format!(" AND i.id IN ({})", id_list(ids)));
    }
    let pat = q.map(like_pattern).unwrap_or_else(|| "%".into());
    cond.push_str(" AND (LOWER(i.name) LIKE $1 ESCAPE '\\' OR LOWER(COALESCE(r.name, '')) LIKE $1 ESCAPE '\\')");
    let total = get_i64(
        &sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM institutions i LEFT JOIN regions r ON r.code = i.region_code WHERE {cond}"
        ))
        .bind(&pat)
        .fetch_one(&db.pool)
        .await?,
        "n",
    )?;
    let rows = sqlx::query(&format!("{INSTITUTION_SELECT} WHERE {cond} ORDER BY i.name, i.id LIMIT {limit} OFFSET {offset}"))
        .bind(&pat)
        .fetch_all(&db.pool)
        .await?;
    Ok((rows.iter().map(institution).collect::<sqlx::Result<_>>()?, total))
}

fn unit(r: &AnyRow) -> sqlx::Result<Unit> {
    Ok(Unit {
        id: get_i64(r, "id")?,
        institution_id: get_i64(r, "institution_id")?,
        name: get_str(r, "name")?,
        duties: opt_str(r, "duties")?,
    })
}

pub async fn insert_unit(tx: &mut Tx, institution_id: i64, name: &str, duties: Option<&str>) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO units (institution_id, name, duties, sort)
         VALUES ($1, $2, $3, (SELECT COUNT(*) FROM units WHERE institution_id = $1)) RETURNING id",
    )
    .bind(institution_id)
    .bind(name)
    .bind(duties)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn update_unit(tx: &mut Tx, institution_id: i64, id: i64, name: &str, duties: Option<&str>) -> sqlx::Result<()> {
    sqlx::query("UPDATE units SET name = $1, duties = $2 WHERE institution_id = $3 AND id = $4")
        .bind(name)
        .bind(duties)
        .bind(institution_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn list_units(db: &Db, institution_id: i64) -> sqlx::Result<Vec<Unit>> {
    let rows = sqlx::query("SELECT * FROM units WHERE institution_id = $1 ORDER BY sort, id")
        .bind(institution_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(unit).collect::<sqlx::Result<_>>()
}

pub async fn get_unit(db: &Db, institution_id: i64, id: i64) -> sqlx::Result<Option<Unit>> {
    sqlx::query("SELECT * FROM units WHERE institution_id = $1 AND id = $2")
        .bind(institution_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| unit(&r))
        .transpose()
}
