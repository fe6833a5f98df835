//! The village budget's versions (original, amendments, realisation reports) and their lines.

use super::{get_i64, get_str, Db, Tx};
pub use crate::app::apbdes::Version;
use swadaya_domain::apbdes::{Line, Section};

fn version_from(r: &sqlx::any::AnyRow) -> sqlx::Result<Version> {
    Ok(Version {
        id: get_i64(r, "id")?,
        year: get_i64(r, "year")?,
        kind: get_str(r, "kind")?,
        title: get_str(r, "title")?,
        as_of: get_str(r, "as_of")?,
        source: get_str(r, "source")?,
        created_by: get_str(r, "created_by")?,
        created_at: get_str(r, "created_at")?,
    })
}

pub struct NewVersion<'a> {
    pub year: i64,
    pub kind: &'a str,
    pub title: &'a str,
    pub as_of: &'a str,
    pub source: &'a str,
    pub created_by: &'a str,
}

pub async fn insert(tx: &mut Tx, institution_id: i64, v: &NewVersion<'_>, lines: &[Line]) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO apbdes_versions (institution_id, year, kind, title, as_of, source, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(institution_id)
    .bind(v.year)
    .bind(v.kind)
    .bind(v.title)
    .bind(v.as_of)
    .bind(v.source)
    .bind(v.created_by)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    let id = get_i64(&r, "id")?;
    for (i, l) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO apbdes_lines (institution_id, version_id, sort, section, code, name, budget, realised)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(institution_id)
        .bind(id)
        .bind(i as i64)
        .bind(l.section.code())
        .bind(&l.code)
        .bind(&l.name)
        .bind(l.budget)
        .bind(l.realised)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

/// Every version of an institution's budgets, newest year first, then newest version first.
pub async fn versions(db: &Db, institution_id: i64) -> sqlx::Result<Vec<Version>> {
    let rows = sqlx::query("SELECT * FROM apbdes_versions WHERE institution_id = $1 ORDER BY year DESC, id DESC")
        .bind(institution_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(version_from).collect()
}

pub async fn lines(db: &Db, institution_id: i64, version_id: i64) -> sqlx::Result<Vec<Line>> {
    let rows = sqlx::query("SELECT * FROM apbdes_lines WHERE institution_id = $1 AND version_id = $2 ORDER BY sort")
        .bind(institution_id)
        .bind(version_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            let section = get_str(r, "section")?;
            Ok(Line {
                section: Section::parse(&section)
                    .ok_or_else(|| sqlx::Error::Decode(format!("apbdes_lines.section holds unknown \"{section}\"").into()))?,
                code: get_str(r, "code")?,
                name: get_str(r, "name")?,
                budget: get_i64(r, "budget")?,
                realised: get_i64(r, "realised")?,
            })
        })
        .collect()
}
