//! The region tree (province, regency, district, village) every institution shares.

pub use crate::app::registers::regions::Region;
use crate::store::{get_i64, get_str, like_pattern, opt_str, Db, Tx};
use sqlx::any::AnyRow;

fn region(r: &AnyRow) -> sqlx::Result<Region> {
    Ok(Region {
        code: get_str(r, "code")?,
        name: get_str(r, "name")?,
        level: get_i64(r, "level")?,
        parent_code: opt_str(r, "parent_code")?,
    })
}

pub async fn upsert_region(tx: &mut Tx, r: &Region) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO regions (code, name, level, parent_code) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name",
    )
    .bind(&r.code)
    .bind(&r.name)
    .bind(r.level)
    .bind(&r.parent_code)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get_region(db: &Db, code: &str) -> sqlx::Result<Option<Region>> {
    sqlx::query("SELECT * FROM regions WHERE code = $1")
        .bind(code)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| region(&r))
        .transpose()
}

/// The region and its ancestors, outermost first (Jawa Timur, Kabupaten Madiun, Jiwan, Bibrik).
pub async fn region_path(db: &Db, code: &str) -> sqlx::Result<Vec<Region>> {
    let mut out = Vec::new();
    let mut next = Some(code.to_string());
    while let Some(c) = next {
        match get_region(db, &c).await? {
            Some(r) => {
                next = r.parent_code.clone();
                out.push(r);
            }
            None => break,
        }
    }
    out.reverse();
    Ok(out)
}

pub async fn list_regions(
    db: &Db,
    parent: Option<&str>,
    q: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<Region>, i64)> {
    let (cond, arg) = match (parent, q) {
        (_, Some(q)) => ("(LOWER(name) LIKE $1 ESCAPE '\\' OR code LIKE $1 ESCAPE '\\')", like_pattern(q)),
        (Some(p), None) => ("parent_code = $1", p.to_string()),
        (None, None) => ("parent_code IS NULL AND code <> $1", String::new()),
    };
    let total = get_i64(
        &sqlx::query(&format!("SELECT COUNT(*) AS n FROM regions WHERE {cond}")).bind(&arg).fetch_one(&db.pool).await?,
        "n",
    )?;
    let rows = sqlx::query(&format!("SELECT * FROM regions WHERE {cond} ORDER BY code LIMIT {limit} OFFSET {offset}"))
        .bind(&arg)
        .fetch_all(&db.pool)
        .await?;
    Ok((rows.iter().map(region).collect::<sqlx::Result<_>>()?, total))
}
