//! When a sheet arrives for a meeting that is already recorded (a phone syncing late, two
//! people at one meeting), the server's rule decides, never an overwrite: the later sheet is
//! kept as a proposed correction beside the original. The treasurer accepts it (it becomes an
//! amendment through the same checks as any correction) or rejects it with a reason.

use super::sheets::{self, SheetInput};
use crate::app::{to_json, AppError, AppResult, Ctx};
use crate::store::{self, Db};
use swadaya_domain::roles::Action;
use swadaya_domain::text;

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Correction {
    pub id: i64,
    pub ksm_id: i64,
    pub original_id: i64,
    pub held_on: String,
    /// The sheet as it was sent (JSON of the meeting sheet input)
    pub payload: String,
    pub proposed_by: String,
    pub proposed_at: String,
    /// pending, accepted or rejected
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub decision_reason: Option<String>,
    pub amendment_id: Option<i64>,
}

/// What became of a sheet sent with "propose on conflict".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Recorded(i64),
    /// (proposed correction id, the original sheet's id)
    Proposed(i64, i64),
}

/// Records the sheet, or, if its meeting is already recorded, keeps it as a proposed correction. A resend
/// with the same idempotency key finds whichever it became the first time.
pub async fn record_or_propose(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, input: &SheetInput) -> AppResult<Outcome> {
    let key = crate::app::one_time_key(ctx.lang, input.idem_key.as_deref())?;
    if let Some(k) = key {
        if let Some(p) = store::sheet_corrections::by_idem(db, institution_id, k).await? {
            return Ok(Outcome::Proposed(p.id, p.original_id));
        }
    }
    match sheets::record(db, ctx, institution_id, ksm_id, input).await {
        Ok(id) => Ok(Outcome::Recorded(id)),
        Err(AppError::Conflict { message, link }) => {
            let held_on = swadaya_domain::dates::parse_date(&input.held_on).map(|d| d.to_string()).unwrap_or_default();
            let mut tx = db.begin().await?;
            let original = store::ksm::original_on(&mut tx, institution_id, ksm_id, &held_on).await?;
            drop(tx);
            let Some(original) = original else { return Err(AppError::Conflict { message, link }) };
            let payload = to_json(input);
            let mut tx = db.begin().await?;
            let p = store::sheet_corrections::NewCorrection {
                ksm_id,
                original_id: original.id,
                held_on: &held_on,
                payload: &payload,
                proposed_by: &ctx.actor.username,
                idem_key: key,
            };
            let id = match store::sheet_corrections::insert(&mut tx, institution_id, &p).await {
                Ok(id) => id,
                Err(e) if store::is_unique_violation(&e) => {
                    drop(tx);
                    let found = store::sheet_corrections::by_idem(db, institution_id, key.unwrap_or_default()).await?;
                    return found.map(|p| Outcome::Proposed(p.id, p.original_id)).ok_or(AppError::Db(e));
                }
                Err(e) => return Err(e.into()),
            };
            let mut ev = ctx.audit("propose", "sheet_proposal", id, Some(institution_id));
            ev.after =
                to_json(&serde_json::json!({"ksm_id": ksm_id, "original_id": original.id, "held_on": held_on, "sheet": input}));
            store::audit::append(&mut tx, ev).await?;
            tx.commit().await?;
            Ok(Outcome::Proposed(id, original.id))
        }
        Err(e) => Err(e),
    }
}

pub async fn of_original(db: &Db, ctx: &Ctx, institution_id: i64, original_id: i64) -> AppResult<Vec<(Correction, SheetInput)>> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    Ok(store::sheet_corrections::of_original(db, institution_id, original_id)
        .await?
        .into_iter()
        .filter_map(|p| serde_json::from_str::<SheetInput>(&p.payload).ok().map(|s| (p, s)))
        .collect())
}

/// A claim to accept older than this is a crashed attempt, not one in progress.
const CLAIM_MINUTES: i64 = 10;

fn stale_before() -> String {
    (chrono::Utc::now() - chrono::Duration::minutes(CLAIM_MINUTES)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

async fn pending(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, id: i64) -> AppResult<Correction> {
    ctx.require_ksm(institution_id, ksm_id, Action::RecordMeetings)?;
    let p =
        store::sheet_corrections::get(db, institution_id, id).await?.filter(|p| p.ksm_id == ksm_id).ok_or(AppError::NotFound)?;
    if p.status != "pending" && !(p.status == "accepting" && p.decided_at.as_deref().is_some_and(|d| d < stale_before().as_str()))
    {
        return Err(AppError::Conflict {
            message: ctx
                .t("Usulan ini sudah diputuskan ({}).", "This proposal was already decided ({}).")
                .replace("{}", &p.status),
            link: None,
        });
    }
    Ok(p)
}

/// Accepts: the proposed sheet becomes an amendment of the original, checked like any correction.
pub async fn accept(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, id: i64) -> AppResult<i64> {
    let p = pending(db, ctx, institution_id, ksm_id, id).await?;
    let mut input: SheetInput = serde_json::from_str(&p.payload).map_err(|e| AppError::Internal(e.into()))?;
    // Keyed by the proposed correction (the stored key keeps its first name), so an accept retried after a crash finds the amendment it made.
    input.idem_key = Some(format!("proposal-{id}"));
    input.reason = format!(
        "{} {} ({})",
        ctx.t("Usulan koreksi dari", "Proposed correction from"),
        p.proposed_by,
        p.proposed_at.get(..10).unwrap_or(&p.proposed_at)
    );
    // Claimed first, so two treasurers accepting at once make one amendment; a claim left by a
    // server that died before amending is taken over after a few minutes.
    let mut tx = db.begin().await?;
    if !store::sheet_corrections::claim(&mut tx, institution_id, id, &ctx.actor.username, &stale_before()).await? {
        return Err(AppError::Conflict {
            message: ctx.t("Usulan ini baru saja diputuskan.", "This proposal was just decided.").into(),
            link: None,
        });
    }
    tx.commit().await?;
    let amended = sheets::amend(db, ctx, institution_id, ksm_id, p.original_id, &input).await;
    let mut tx = db.begin().await?;
    match amended {
        Ok(amendment) => {
            store::sheet_corrections::decide(
                &mut tx,
                institution_id,
                id,
                "accepting",
                "accepted",
                &ctx.actor.username,
                None,
                Some(amendment),
            )
            .await?;
            let mut ev = ctx.audit("accept", "sheet_proposal", id, Some(institution_id));
            ev.after = to_json(&serde_json::json!({"amendment_id": amendment}));
            store::audit::append(&mut tx, ev).await?;
            tx.commit().await?;
            Ok(amendment)
        }
        Err(e) => {
            // Back to waiting: the treasurer reads why and may reject it instead.
            store::sheet_corrections::decide(
                &mut tx,
                institution_id,
                id,
                "accepting",
                "pending",
                &ctx.actor.username,
                None,
                None,
            )
            .await?;
            tx.commit().await?;
            Err(e)
        }
    }
}

pub async fn reject(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, id: i64, reason: &str) -> AppResult<()> {
    pending(db, ctx, institution_id, ksm_id, id).await?;
    let reason = text::required_line(reason, 500).map_err(|e| AppError::field("reason", e.msg(ctx.lang)))?;
    let mut tx = db.begin().await?;
    if !store::sheet_corrections::decide(
        &mut tx,
        institution_id,
        id,
        "pending",
        "rejected",
        &ctx.actor.username,
        Some(&reason),
        None,
    )
    .await?
    {
        return Err(AppError::Conflict {
            message: ctx.t("Usulan ini baru saja diputuskan.", "This proposal was just decided.").into(),
            link: None,
        });
    }
    let mut ev = ctx.audit("reject", "sheet_proposal", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({"reason": reason}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}
