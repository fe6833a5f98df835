//! Proposals (usulan) from a KSM or working group: what, where, who benefits, the budget as
//! RAB lines, and photos or sketches.

use super::{count, rab_lines, RabInput};
use crate::app::attachments::{self, Upload};
use crate::app::books::past_date;
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, proposals::LineOwner, Db};
use swadaya_domain::activity::Kind;
use swadaya_domain::roles::Action;
use swadaya_domain::text;

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Proposal {
    pub id: i64,
    pub title: String,
    /// Activity kind code, e.g. road_paving
    pub kind: String,
    /// The KSM or working group that proposes
    pub proposer: String,
    pub ksm_id: Option<i64>,
    /// Region code (Kemendagri), the institution's own by default
    pub region_code: Option<String>,
    /// Down to RT/RW, e.g. "RT 09 dan RT 10, Dusun Bibrik"
    pub location: String,
    pub households: i64,
    pub poor_households: i64,
    pub women: i64,
    pub description: Option<String>,
    pub submitted_on: String,
    /// submitted, funded, deferred or rejected
    pub status: String,
    pub decision_id: Option<i64>,
    pub decision_reason: Option<String>,
    /// Sum of the budget lines
    pub budget: i64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RabLine {
    pub id: i64,
    pub item: String,
    pub unit: String,
    /// Thousandths of the unit (170 m = 170000)
    pub quantity: i64,
    pub unit_price: i64,
    pub total: i64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Criterion {
    pub id: i64,
    pub name: String,
    /// Weight in percent of the total
    pub weight: i64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ProposalDecision)]
pub struct Decision {
    pub id: i64,
    pub meeting_on: String,
    pub attendance: i64,
    pub minutes: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ProposalInput {
    #[serde(rename = "proposal_title", alias = "title")]
    pub title: String,
    /// road_paving, drainage, water, sanitation, housing, social, economic, training, health_promotion, other
    #[serde(rename = "activity_kind", alias = "kind")]
    pub kind: String,
    /// The KSM or working group that proposes
    pub proposer: String,
    #[serde(default, deserialize_with = "crate::app::input::opt_id")]
    pub ksm_id: Option<i64>,
    /// Region code (e.g. 35.19.09.2005); empty: the institution's own
    #[serde(default)]
    pub region_code: String,
    /// Down to RT/RW
    pub location: String,
    #[serde(default)]
    pub households: String,
    #[serde(default)]
    pub poor_households: String,
    #[serde(default)]
    pub women: String,
    #[serde(default)]
    pub description: String,
    pub submitted_on: String,
    pub rab: Vec<RabInput>,
}

pub async fn create(db: &Db, ctx: &Ctx, institution_id: i64, input: &ProposalInput, files: &[Upload]) -> AppResult<i64> {
    ctx.require(institution_id, Action::ProposeActivities)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let title = e.take("proposal_title", text::required_line(&input.title, 200), |x| x.msg(lang));
    let kind = Kind::parse(&input.kind);
    if kind.is_none() {
        e.add("activity_kind", lang.pick("Pilih jenis kegiatan.", "Choose the kind of activity."));
    }
    let proposer = e.take("proposer", text::required_line(&input.proposer, 120), |x| x.msg(lang));
    let location = e.take("location", text::required_line(&input.location, 200), |x| x.msg(lang));
    let households = count(&mut e, lang, "households", &input.households);
    let poor = count(&mut e, lang, "poor_households", &input.poor_households);
    let women = count(&mut e, lang, "women", &input.women);
    if poor > households {
        e.add(
            "poor_households",
            lang.pick(
                "KK miskin tidak boleh lebih banyak dari seluruh KK penerima manfaat.",
                "Poor households cannot outnumber all beneficiary households.",
            ),
        );
    }
    let description = e.take("description", text::optional_text(&input.description, 4_000), |x| x.msg(lang)).flatten();
    let submitted = past_date(&mut e, lang, "submitted_on", &input.submitted_on);
    let lines = rab_lines(&mut e, lang, &input.rab);
    let ksm_id = input.ksm_id.filter(|k| *k > 0);
    match ksm_id {
        Some(k) if store::ksm::get_ksm(db, institution_id, k).await?.is_none() || !ctx.actor.reaches_ksm(institution_id, k) => {
            e.add("ksm_id", lang.pick("KSM itu tidak ada di lembaga ini.", "That KSM is not in this institution."));
        }
        // A KSM's treasurer proposes in their own group's name only.
        None if ctx.actor.only_some_ksm(institution_id) => {
            e.add("ksm_id", lang.pick("Pilih KSM Anda sebagai pengusul.", "Choose your KSM as the proposer."));
        }
        _ => {}
    }
    let region_code = match input.region_code.trim() {
        "" => store::registers::get_institution(db, institution_id).await?.map(|i| i.region_code),
        code => match store::registers::get_region(db, code).await? {
            Some(r) => Some(r.code),
            None => {
                e.add("region_code", lang.pick("Kode wilayah tidak dikenal.", "Unknown region code."));
                None
            }
        },
    };
    let files = attachments::check_beside("files", files, lang, &mut e.0).await;
    e.finish()?;
    let submitted_on = submitted.expect("checked").to_string();
    let mut tx = db.begin().await?;
    let p = store::proposals::NewProposal {
        title: title.as_deref().unwrap_or_default(),
        kind: kind.expect("checked").code(),
        proposer: proposer.as_deref().unwrap_or_default(),
        ksm_id,
        region_code: region_code.as_deref(),
        location: location.as_deref().unwrap_or_default(),
        households,
        poor_households: poor,
        women,
        description: description.as_deref(),
        submitted_on: &submitted_on,
        created_by: &ctx.actor.username,
    };
    let id = store::proposals::insert(&mut tx, institution_id, &p).await?;
    for (i, l) in lines.iter().enumerate() {
        store::proposals::insert_line(&mut tx, institution_id, LineOwner::Proposal(id), i as i64, l).await?;
    }
    attachments::store_all(&mut tx, ctx, institution_id, "proposal", id, &files).await?;
    let mut ev = ctx.audit("create", "proposal", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "title": p.title, "kind": p.kind, "proposer": p.proposer, "ksm_id": ksm_id, "location": p.location,
        "households": households, "poor_households": poor, "women": women, "submitted_on": submitted_on,
        "rab": lines.iter().map(|l| serde_json::json!({"item": l.item, "unit": l.unit, "quantity": l.quantity, "unit_price": l.unit_price, "total": l.total()})).collect::<Vec<_>>(),
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

pub struct ProposalView {
    pub proposal: store::proposals::Proposal,
    pub lines: Vec<store::proposals::RabLine>,
    pub files: Vec<store::attachments::Meta>,
    pub activity_id: Option<i64>,
}

pub async fn view(db: &Db, ctx: &Ctx, institution_id: i64, id: i64) -> AppResult<ProposalView> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    let proposal = store::proposals::get(&db.pool, institution_id, id).await?.ok_or(AppError::NotFound)?;
    let lines = store::proposals::lines(&db.pool, institution_id, LineOwner::Proposal(id)).await?;
    let files = store::attachments::of_kind(&db.pool, institution_id, "proposal")
        .await?
        .into_iter()
        .filter(|f| f.owner_id == id)
        .collect();
    let activity_id = store::activities::of_proposal(&db.pool, institution_id, id).await?;
    Ok(ProposalView { proposal, lines, files, activity_id })
}

pub async fn list(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<store::proposals::Proposal>> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    Ok(store::proposals::list(&db.pool, institution_id).await?)
}

/// An attachment of any record of the institution, for download.
pub async fn attachment(db: &Db, ctx: &Ctx, institution_id: i64, id: i64) -> AppResult<(store::attachments::Meta, Vec<u8>)> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    store::attachments::get(&db.pool, institution_id, id).await?.ok_or(AppError::NotFound)
}

/// A proposal of the institution, when there is one with that id.
pub async fn find(db: &Db, ctx: &Ctx, institution_id: i64, id: i64) -> AppResult<Option<store::proposals::Proposal>> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    Ok(store::proposals::get(&db.pool, institution_id, id).await?)
}

/// The meetings that decided on proposals (the musyawarah), newest first.
pub async fn decisions(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<store::proposals::Decision>> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    Ok(store::proposals::decisions(&db.pool, institution_id).await?)
}
