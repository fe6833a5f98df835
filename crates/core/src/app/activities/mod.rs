//! Funded activities: proposals and their ranking, activities with funding from several
//! sources, the treasurer's money (posted to the institution's journal), progress, hand-over
//! and the reports made from them.

pub mod accountability;
pub mod money;
pub mod plan;
pub mod proposals;
pub mod ranking;
pub mod reports;

pub use money::{Commitment, InKind, Receipt, Spending};

use crate::app::Errors;
use swadaya_domain::activity::rab;
use swadaya_domain::Lang;

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Progress {
    pub id: i64,
    pub reported_on: String,
    /// Hundredths of a percent (62,5 % = 6250)
    pub percent_bp: i64,
    /// Measured quantity in thousandths of the unit
    pub quantity: i64,
    pub note: Option<String>,
    /// Why progress went down, when it did
    pub reason: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Activity {
    pub id: i64,
    pub proposal_id: Option<i64>,
    pub name: String,
    pub kind: String,
    pub location: String,
    /// Thousandths of the unit (170 m = 170000)
    pub target_volume: i64,
    pub unit: String,
    pub planned_start: String,
    pub planned_end: String,
    pub team: String,
    pub technical_unit: Option<String>,
    /// The year of the community work plan (RKM) it belongs to
    pub rkm_year: Option<i64>,
    pub handed_over_on: Option<String>,
    pub handed_over_to: Option<String>,
    pub handover_record: Option<String>,
}

/// A count of people or households typed into a form (0 allowed), or the error on `field`.
pub fn count(e: &mut Errors, lang: Lang, field: &str, v: &str) -> i64 {
    match v.trim().replace('.', "").parse::<i64>() {
        Ok(n) if (0..=1_000_000).contains(&n) => n,
        _ if v.trim().is_empty() => 0,
        _ => {
            e.add(field, lang.pick("Tulis jumlah dengan angka bulat, misalnya 30.", "Write a whole number, e.g. 30."));
            0
        }
    }
}

/// A positive quantity in thousandths (170 m = 170000), or the error on `field`.
pub fn quantity(e: &mut Errors, lang: Lang, field: &str, v: &str) -> i64 {
    e.take(field, rab::parse_quantity(v), |x| x.msg(lang).to_string()).unwrap_or(0)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct RabInput {
    pub item: String,
    /// e.g. m, m², unit, orang
    pub unit: String,
    /// e.g. 170 or 12,5
    pub quantity: String,
    /// Rupiah, e.g. 450.000
    pub unit_price: String,
}

pub fn rab_field(i: usize, col: &str) -> String {
    format!("rab-{i}-{col}")
}

/// Budget lines from a form: empty rows are skipped; at least one line is required.
pub fn rab_lines(e: &mut Errors, lang: Lang, input: &[RabInput]) -> Vec<rab::Line> {
    let mut out = Vec::new();
    for (i, l) in input.iter().enumerate() {
        if [&l.item, &l.unit, &l.quantity, &l.unit_price].iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let item = e.take(&rab_field(i, "item"), swadaya_domain::text::required_line(&l.item, 200), |x| x.msg(lang));
        let unit = e.take(&rab_field(i, "unit"), swadaya_domain::text::required_line(&l.unit, 30), |x| x.msg(lang));
        let quantity = quantity(e, lang, &rab_field(i, "quantity"), &l.quantity);
        let price = match swadaya_domain::Rupiah::parse(&l.unit_price) {
            Ok(r) if (0..=crate::app::books::MAX_AMOUNT).contains(&r.0) => r.0,
            Ok(_) => {
                e.add(
                    &rab_field(i, "unit_price"),
                    lang.pick(
                        "Harga satuan tidak boleh negatif atau terlalu besar.",
                        "The unit price cannot be negative or too large.",
                    ),
                );
                0
            }
            Err(err) => {
                e.add(&rab_field(i, "unit_price"), err.msg(lang));
                0
            }
        };
        if let (Some(item), Some(unit)) = (item, unit) {
            let line = rab::Line { item, unit, quantity, unit_price: price };
            if line.total() > crate::app::books::MAX_AMOUNT {
                e.add(
                    &rab_field(i, "unit_price"),
                    lang.pick(
                        "Jumlah baris ini (volume × harga) terlalu besar.",
                        "This line's total (quantity × price) is too large.",
                    ),
                );
            }
            out.push(line);
        }
    }
    if out.iter().map(|l| l.total() as i128).sum::<i128>() > crate::app::books::MAX_AMOUNT as i128 {
        e.add("rab", lang.pick("Jumlah RAB terlalu besar.", "The budget total is too large."));
    }
    if out.is_empty() && !e.0.iter().any(|f| f.field.starts_with("rab-")) {
        e.add("rab", lang.pick("Isi paling sedikit satu baris RAB.", "Fill in at least one budget (RAB) line."));
    }
    out
}

/// Adds photos or scans to a record after it was saved (a receipt photographed later, a second
/// progress photo). Who may attach is who may write that record.
pub async fn attach(
    db: &crate::store::Db,
    ctx: &crate::app::Ctx,
    institution_id: i64,
    owner_kind: &str,
    owner_id: i64,
    files: &[crate::app::attachments::Upload],
) -> crate::app::AppResult<Vec<i64>> {
    use crate::app::AppError;
    use crate::store;
    use swadaya_domain::roles::Action;
    let action = match owner_kind {
        "proposal" => Action::ProposeActivities,
        "spending" => Action::ActivityMoney,
        "progress" => Action::WriteActivities,
        _ => return Err(AppError::NotFound),
    };
    ctx.require(institution_id, action)?;
    let exists = match owner_kind {
        "proposal" => store::proposals::get(&db.pool, institution_id, owner_id).await?.is_some(),
        "spending" => store::activities::spending(&db.pool, institution_id, owner_id).await?.is_some(),
        _ => store::activities::progress_in(&db.pool, institution_id, owner_id).await?,
    };
    if !exists {
        return Err(AppError::NotFound);
    }
    if files.is_empty() {
        return Err(AppError::field("files", ctx.lang.pick("Pilih berkas dulu.", "Choose a file first.")));
    }
    let files = crate::app::attachments::check_all("files", files, ctx.lang).await?;
    let mut tx = db.begin().await?;
    let ids = crate::app::attachments::store_all(&mut tx, ctx, institution_id, owner_kind, owner_id, &files).await?;
    tx.commit().await?;
    Ok(ids)
}
