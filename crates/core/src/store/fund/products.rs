//! Loan products: terms (method, rate, term, frequency) and limits, with the programme's default.

use crate::store::{get_code, get_i64, get_str, Tx};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor};
use swadaya_domain::fund::product::{Frequency, Limits, Method, Terms, DEFAULT_TERMS};
use swadaya_domain::Rupiah;

#[derive(Debug, Clone)]
pub struct Product {
    pub id: i64,
    pub name: String,
    pub terms: Terms,
    pub limits: Limits,
}

pub(crate) fn terms_from(r: &AnyRow) -> sqlx::Result<Terms> {
    // A code or term this binary does not know is an error naming the column, never read as
    // another (an unknown rhythm read as monthly would move every due date).
    let term = get_i64(r, "term")?;
    Ok(Terms {
        method: get_code(r, "method", Method::parse)?,
        rate_bp: get_i64(r, "rate_bp")?,
        term: u32::try_from(term).ok().filter(|t| (1..=1_000).contains(t)).ok_or_else(|| sqlx::Error::ColumnDecode {
            index: "term".into(),
            source: format!("a term of {term} instalments is outside 1-1000").into(),
        })?,
        frequency: get_code(r, "frequency", Frequency::parse)?,
    })
}

fn product_from(r: &AnyRow) -> sqlx::Result<Product> {
    Ok(Product {
        id: get_i64(r, "id")?,
        name: get_str(r, "name")?,
        terms: terms_from(r)?,
        limits: Limits {
            first_loan: Rupiah(get_i64(r, "first_limit")?),
            later_loan: Rupiah(get_i64(r, "later_limit")?),
            ceiling: Rupiah(get_i64(r, "ceiling")?),
            max_cycles: get_i64(r, "max_cycles")? as u32,
            min_term: get_i64(r, "min_term")? as u32,
            max_term: get_i64(r, "max_term")? as u32,
        },
    })
}

pub async fn list_products<'c, E: Executor<'c, Database = Any>>(ex: E, institution_id: i64) -> sqlx::Result<Vec<Product>> {
    let rows = sqlx::query("SELECT * FROM loan_products WHERE institution_id = $1 ORDER BY name")
        .bind(institution_id)
        .fetch_all(ex)
        .await?;
    rows.iter().map(product_from).collect::<sqlx::Result<_>>()
}

pub async fn get_product<'c, E: Executor<'c, Database = Any>>(
    ex: E,
    institution_id: i64,
    id: i64,
) -> sqlx::Result<Option<Product>> {
    let r = sqlx::query("SELECT * FROM loan_products WHERE institution_id = $1 AND id = $2")
        .bind(institution_id)
        .bind(id)
        .fetch_optional(ex)
        .await?;
    r.as_ref().map(product_from).transpose()
}

pub async fn insert_product(tx: &mut Tx, institution_id: i64, p: &Product) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO loan_products (institution_id, name, method, rate_bp, term, frequency, first_limit, later_limit, ceiling, max_cycles, min_term, max_term, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(institution_id)
    .bind(&p.name)
    .bind(p.terms.method.code())
    .bind(p.terms.rate_bp)
    .bind(p.terms.term as i64)
    .bind(p.terms.frequency.code())
    .bind(p.limits.first_loan.0)
    .bind(p.limits.later_loan.0)
    .bind(p.limits.ceiling.0)
    .bind(p.limits.max_cycles as i64)
    .bind(p.limits.min_term as i64)
    .bind(p.limits.max_term as i64)
    .bind(crate::store::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

pub fn default_product(name: &str) -> Product {
    Product { id: 0, name: name.to_string(), terms: DEFAULT_TERMS, limits: swadaya_domain::fund::product::DEFAULT_LIMITS }
}
