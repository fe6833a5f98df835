//! Loan products: the defaults from RULES.md, and the institution's own.

use super::parse_percent;
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, fund::Product, Db};
use swadaya_domain::fund::product::{Frequency, Limits, Method, Terms};
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang, Rupiah};

pub async fn list(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<Product>> {
    ctx.require(institution_id, Action::ReadBooks)?;
    Ok(store::fund::list_products(&db.pool, institution_id).await?)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ProductInput {
    pub name: String,
    /// flat or declining
    pub method: String,
    /// Interest per month in percent, e.g. "1,5"
    pub rate: String,
    /// Usual number of instalments
    pub term: String,
    /// monthly or weekly
    pub frequency: String,
    pub first_limit: String,
    pub later_limit: String,
    pub ceiling: String,
    pub max_cycles: String,
    pub min_term: String,
    pub max_term: String,
}

fn number(e: &mut Errors, lang: Lang, field: &str, v: &str, lo: i64, hi: i64) -> i64 {
    match v.trim().parse::<i64>() {
        Ok(n) if (lo..=hi).contains(&n) => n,
        _ => {
            e.add(
                field,
                match lang {
                    Lang::Id => format!("Tulis angka {lo} sampai {hi}."),
                    Lang::En => format!("Write a number from {lo} to {hi}."),
                },
            );
            lo
        }
    }
}

pub async fn create(db: &Db, ctx: &Ctx, institution_id: i64, input: &ProductInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteBooks)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let name = e.take("name", text::required_line(&input.name, 100), |x| x.msg(lang));
    let method = Method::parse(&input.method);
    if method.is_none() {
        e.add("method", lang.pick("Pilih cara hitung jasa.", "Choose how interest is charged."));
    }
    let frequency = Frequency::parse(&input.frequency);
    if frequency.is_none() {
        e.add("frequency", lang.pick("Pilih bulanan atau mingguan.", "Choose monthly or weekly."));
    }
    let rate = parse_percent(&input.rate).filter(|r| *r <= 1_000);
    if rate.is_none() {
        e.add(
            "rate",
            lang.pick(
                "Tulis jasa per bulan dalam persen, 0 sampai 10, misalnya 1,5.",
                "Write the monthly rate in percent, 0 to 10, e.g. 1.5.",
            ),
        );
    }
    let min_term = number(&mut e, lang, "min_term", &input.min_term, 1, 260);
    let max_term = number(&mut e, lang, "max_term", &input.max_term, 1, 260);
    let term = number(&mut e, lang, "term", &input.term, 1, 260);
    if min_term > max_term {
        e.add(
            "max_term",
            lang.pick(
                "Jangka terpanjang harus sama atau lebih dari yang terpendek.",
                "The longest term must be at least the shortest.",
            ),
        );
    } else if !(min_term..=max_term).contains(&term) {
        e.add(
            "term",
            lang.pick(
                "Jangka biasa harus di antara jangka terpendek dan terpanjang.",
                "The usual term must lie between the shortest and the longest.",
            ),
        );
    }
    let first = super::super::books::positive_amount(&mut e, lang, "first_limit", &input.first_limit);
    let later = super::super::books::positive_amount(&mut e, lang, "later_limit", &input.later_limit);
    let ceiling = super::super::books::positive_amount(&mut e, lang, "ceiling", &input.ceiling);
    let cycles = number(&mut e, lang, "max_cycles", &input.max_cycles, 1, 50);
    e.finish()?;
    let p = Product {
        id: 0,
        name: name.expect("checked"),
        terms: Terms {
            method: method.expect("checked"),
            rate_bp: rate.expect("checked"),
            term: term as u32,
            frequency: frequency.expect("checked"),
        },
        limits: Limits {
            first_loan: Rupiah(first),
            later_loan: Rupiah(later),
            ceiling: Rupiah(ceiling),
            max_cycles: cycles as u32,
            min_term: min_term as u32,
            max_term: max_term as u32,
        },
    };
    let mut tx = db.begin().await?;
    let id = match store::fund::insert_product(&mut tx, institution_id, &p).await {
        Err(err) if store::is_unique_violation(&err) => {
            return Err(AppError::field("name", lang.pick("Nama produk ini sudah ada.", "A product with this name exists.")))
        }
        r => r?,
    };
    let mut ev = ctx.audit("create", "loan_product", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "name": p.name, "method": p.terms.method.code(), "rate_bp": p.terms.rate_bp, "term": p.terms.term,
        "frequency": p.terms.frequency.code(), "first_limit": first, "later_limit": later, "ceiling": ceiling,
        "max_cycles": cycles, "min_term": min_term, "max_term": max_term,
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

/// The RULES.md product, for a form's initial values.
pub fn defaults(lang: Lang) -> ProductInput {
    let d = store::fund::default_product(lang.pick("Pinjaman bergulir", "Revolving loan"));
    ProductInput {
        name: d.name,
        method: d.terms.method.code().into(),
        rate: swadaya_domain::fund::indicators::percent(d.terms.rate_bp, lang)
            .trim_end_matches(" %")
            .replace(",0", "")
            .replace(".0", ""),
        term: d.terms.term.to_string(),
        frequency: d.terms.frequency.code().into(),
        first_limit: d.limits.first_loan.0.to_string(),
        later_limit: d.limits.later_loan.0.to_string(),
        ceiling: d.limits.ceiling.0.to_string(),
        max_cycles: d.limits.max_cycles.to_string(),
        min_term: d.limits.min_term.to_string(),
        max_term: d.limits.max_term.to_string(),
    }
}
