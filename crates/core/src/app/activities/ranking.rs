//! The board's prioritisation: agreed criteria with weights, score sheets per board member (or
//! one sheet "Musyawarah" for a consensus), the ranked list, and the meeting that decides which
//! proposals are funded, deferred or rejected, each with its reason.

use crate::app::books::past_date;
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, proposals::Criterion, Db};
use swadaya_domain::activity::priority::{self, DEFAULT_CRITERIA, MAX_SCORE, MIN_SCORE};
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang};

/// The criteria, seeded with the defaults the first time.
pub async fn criteria(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<Criterion>> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    let c = store::proposals::criteria(&db.pool, institution_id).await?;
    if !c.is_empty() {
        return Ok(c);
    }
    let mut tx = db.begin().await?;
    // Another request may have seeded them meanwhile; on PostgreSQL the row lock makes the
    // second one wait and see them.
    tx.hold_books(institution_id, true).await?;
    if store::proposals::criteria(&mut **tx, institution_id).await?.is_empty() {
        for (i, (id, en, w)) in DEFAULT_CRITERIA.iter().enumerate() {
            store::proposals::insert_criterion(&mut tx, institution_id, ctx.lang.pick(id, en), *w, i as i64).await?;
        }
    }
    tx.commit().await?;
    Ok(store::proposals::criteria(&db.pool, institution_id).await?)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct CriterionInput {
    /// Empty for a new criterion
    #[serde(default, deserialize_with = "crate::app::input::opt_id")]
    pub id: Option<i64>,
    pub name: String,
    /// Percent, 0 to 100
    pub weight: String,
}

/// Saves the criteria as agreed; the weights of the criteria in use must add up to 100.
pub async fn save_criteria(db: &Db, ctx: &Ctx, institution_id: i64, input: &[CriterionInput]) -> AppResult<()> {
    ctx.require(institution_id, Action::DecideProposals)?;
    let lang = ctx.lang;
    let existing = criteria(db, ctx, institution_id).await?;
    let mut e = Errors::default();
    let mut rows = Vec::new();
    for (i, c) in input.iter().enumerate() {
        if c.id.is_none() && c.name.trim().is_empty() && c.weight.trim().is_empty() {
            continue;
        }
        let name = e.take(&format!("crit-{i}-name"), text::required_line(&c.name, 120), |x| x.msg(lang));
        let weight = match c.weight.trim().trim_end_matches('%').trim().parse::<i64>() {
            Ok(w) if (0..=100).contains(&w) => w,
            _ => {
                e.add(&format!("crit-{i}-weight"), lang.pick("Bobot 0 sampai 100 (persen).", "A weight is 0 to 100 (percent)."));
                0
            }
        };
        if c.id.is_some_and(|id| !existing.iter().any(|x| x.id == id)) {
            return Err(AppError::NotFound);
        }
        rows.push((c.id, name, weight));
    }
    let total: i64 = rows.iter().map(|r| r.2).sum();
    if e.0.is_empty() && total != 100 {
        e.add(
            "criteria",
            match lang {
                Lang::Id => format!("Jumlah bobot harus 100 %, sekarang {total} %."),
                Lang::En => format!("The weights must add up to 100 %, now {total} %."),
            },
        );
    }
    e.finish()?;
    let mut tx = db.begin().await?;
    for (i, (id, name, weight)) in rows.iter().enumerate() {
        let name = name.as_deref().unwrap_or_default();
        match id {
            Some(id) => {
                store::proposals::update_criterion(&mut tx, institution_id, *id, name, *weight).await?;
            }
            None => {
                store::proposals::insert_criterion(&mut tx, institution_id, name, *weight, (existing.len() + i) as i64).await?;
            }
        }
    }
    let mut ev = ctx.audit("update", "priority_criteria", institution_id, Some(institution_id));
    ev.before = to_json(&existing);
    ev.after = to_json(&rows.iter().map(|(id, n, w)| serde_json::json!({"id": id, "name": n, "weight": w})).collect::<Vec<_>>());
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ScoreInput {
    /// The board member scoring, or "Musyawarah" for a consensus sheet
    pub scorer: String,
    /// (criterion id, score 1 to 5)
    pub scores: Vec<(i64, String)>,
}

pub fn score_field(criterion: i64) -> String {
    format!("score-{criterion}")
}

pub async fn score(db: &Db, ctx: &Ctx, institution_id: i64, proposal_id: i64, input: &ScoreInput) -> AppResult<()> {
    ctx.require(institution_id, Action::DecideProposals)?;
    let lang = ctx.lang;
    let p = store::proposals::get(&db.pool, institution_id, proposal_id).await?.ok_or(AppError::NotFound)?;
    if !matches!(p.status.as_str(), "submitted" | "deferred") {
        return Err(AppError::Conflict {
            message: lang
                .pick(
                    "Usulan ini sudah diputuskan; nilainya tidak diubah lagi.",
                    "This proposal has been decided; its scores no longer change.",
                )
                .into(),
            link: None,
        });
    }
    let crit = criteria(db, ctx, institution_id).await?;
    let mut e = Errors::default();
    let scorer = e.take("scorer", text::required_line(&input.scorer, 100), |x| x.msg(lang));
    let mut scores = Vec::new();
    for c in &crit {
        let v = input.scores.iter().find(|(id, _)| *id == c.id).map(|(_, v)| v.trim()).unwrap_or("");
        match v.parse::<i64>() {
            Ok(s) if (MIN_SCORE..=MAX_SCORE).contains(&s) => scores.push((c.id, s)),
            _ => e.add(
                &score_field(c.id),
                match lang {
                    Lang::Id => format!("Beri nilai 1 sampai 5 untuk \u{201c}{}\u{201d}.", c.name),
                    Lang::En => format!("Give \u{201c}{}\u{201d} a score from 1 to 5.", c.name),
                },
            ),
        }
    }
    e.finish()?;
    let scorer = scorer.expect("checked");
    let mut tx = db.begin().await?;
    store::proposals::replace_scores(&mut tx, institution_id, proposal_id, &scorer, &scores, &ctx.actor.username).await?;
    let mut ev = ctx.audit("score", "proposal", proposal_id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({"scorer": scorer, "scores": scores}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}

pub struct Ranked {
    pub proposal: store::proposals::Proposal,
    /// Weighted total in hundredths of a point (0 to 500)
    pub total: Option<i64>,
    pub scorers: Vec<String>,
    /// Mean score per criterion, in hundredths
    pub means: Vec<(i64, i64)>,
}

/// Proposals still waiting for a decision, highest weighted total first; decided ones after.
pub async fn ranking(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<(Vec<Criterion>, Vec<Ranked>)> {
    let crit = criteria(db, ctx, institution_id).await?;
    let proposals = store::proposals::list(&db.pool, institution_id).await?;
    let scores = store::proposals::scores(&db.pool, institution_id).await?;
    let weights: Vec<(i64, i64)> = crit.iter().map(|c| (c.id, c.weight)).collect();
    let per: Vec<(i64, Vec<(i64, i64)>)> =
        proposals.iter().map(|p| (p.id, scores.iter().filter(|s| s.0 == p.id).map(|s| (s.1, s.3)).collect())).collect();
    let mut order = priority::rank(&weights, &per);
    // Open proposals first, in rank order; the decided follow, still in rank order.
    let open = |id: i64| proposals.iter().any(|p| p.id == id && matches!(p.status.as_str(), "submitted" | "deferred"));
    order.sort_by_key(|(id, _)| !open(*id));
    let out = order
        .into_iter()
        .filter_map(|(id, total)| {
            let p = proposals.iter().find(|p| p.id == id)?.clone();
            let mine: Vec<&(i64, i64, String, i64)> = scores.iter().filter(|s| s.0 == id).collect();
            let mut scorers: Vec<String> = mine.iter().map(|s| s.2.clone()).collect();
            scorers.dedup();
            let means = crit
                .iter()
                .filter_map(|c| {
                    let v: Vec<i64> = mine.iter().filter(|s| s.1 == c.id).map(|s| s.3).collect();
                    (!v.is_empty()).then(|| (c.id, v.iter().sum::<i64>() * 100 / v.len() as i64))
                })
                .collect();
            Some(Ranked { proposal: p, total, scorers, means })
        })
        .collect();
    Ok((crit, out))
}

pub const OUTCOMES: [(&str, &str, &str); 3] =
    [("funded", "Didanai", "Funded"), ("deferred", "Ditunda", "Deferred"), ("rejected", "Ditolak", "Rejected")];

pub fn outcome_label(status: &str, lang: Lang) -> &'static str {
    OUTCOMES
        .iter()
        .find(|(c, _, _)| *c == status)
        .map(|(_, id, en)| lang.pick(id, en))
        .unwrap_or_else(|| lang.pick("Menunggu keputusan", "Awaiting decision"))
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ProposalDecisionInput)]
pub struct DecisionInput {
    pub meeting_on: String,
    /// How many attended the meeting
    pub attendance: String,
    /// Minutes (notulen) of the meeting
    pub minutes: String,
    /// (proposal id, funded|deferred|rejected|"" to leave it, reason)
    pub outcomes: Vec<(i64, String, String)>,
}

pub fn outcome_field(proposal: i64) -> String {
    format!("outcome-{proposal}")
}
pub fn reason_field(proposal: i64) -> String {
    format!("reason-{proposal}")
}

/// Records the meeting and its decision on each proposal it took up, in one transaction.
pub async fn decide(db: &Db, ctx: &Ctx, institution_id: i64, input: &DecisionInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::DecideProposals)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let date = past_date(&mut e, lang, "meeting_on", &input.meeting_on);
    let attendance = match input.attendance.trim().parse::<i64>() {
        Ok(n) if (1..=10_000).contains(&n) => n,
        _ => {
            e.add("attendance", lang.pick("Tulis jumlah yang hadir (angka).", "Write how many attended (a number)."));
            0
        }
    };
    let minutes = e.take("minutes", text::required_text(&input.minutes, 10_000), |x| x.msg(lang));
    let proposals = store::proposals::list(&db.pool, institution_id).await?;
    let mut decided = Vec::new();
    for (pid, outcome, reason) in &input.outcomes {
        let outcome = outcome.trim();
        if outcome.is_empty() {
            continue;
        }
        let Some(p) = proposals.iter().find(|p| p.id == *pid) else { return Err(AppError::NotFound) };
        if !OUTCOMES.iter().any(|(c, _, _)| *c == outcome) {
            e.add(
                &outcome_field(*pid),
                lang.pick("Pilih didanai, ditunda atau ditolak.", "Choose funded, deferred or rejected."),
            );
            continue;
        }
        if !matches!(p.status.as_str(), "submitted" | "deferred") {
            e.add(&outcome_field(*pid), lang.pick("Usulan ini sudah diputuskan.", "This proposal has already been decided."));
            continue;
        }
        let reason = e.take(&reason_field(*pid), text::optional_line(reason, 300), |x| x.msg(lang)).flatten();
        if outcome != "funded" && reason.is_none() {
            e.add(
                &reason_field(*pid),
                lang.pick(
                    "Tulis alasan menunda atau menolak; pengusul berhak tahu.",
                    "Write why it is deferred or rejected; the proposer has a right to know.",
                ),
            );
        }
        decided.push((*pid, outcome.to_string(), reason));
    }
    if decided.is_empty() && e.0.is_empty() {
        e.add(
            "outcomes",
            lang.pick("Pilih keputusan untuk paling sedikit satu usulan.", "Choose a decision for at least one proposal."),
        );
    }
    e.finish()?;
    let on = date.expect("checked").to_string();
    let minutes = minutes.expect("checked");
    let mut tx = db.begin().await?;
    let did = store::proposals::insert_decision(&mut tx, institution_id, &on, attendance, &minutes, &ctx.actor.username).await?;
    for (pid, outcome, reason) in &decided {
        if !store::proposals::decide(&mut tx, institution_id, *pid, outcome, did, reason.as_deref()).await? {
            return Err(AppError::Conflict {
                message: lang
                    .pick(
                        "Usulan itu baru saja diputuskan orang lain. Muat ulang halaman.",
                        "Someone has just decided that proposal. Reload the page.",
                    )
                    .into(),
                link: None,
            });
        }
    }
    let mut ev = ctx.audit("decide", "proposal_decision", did, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "meeting_on": on, "attendance": attendance, "minutes": minutes,
        "outcomes": decided.iter().map(|(p, o, r)| serde_json::json!({"proposal_id": p, "outcome": o, "reason": r})).collect::<Vec<_>>(),
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(did)
}
