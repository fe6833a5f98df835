//! Development stage (Tunas/Tumbuh/Kembang): scores computed from the records over the last 12
//! weeks, the facilitator's scores for what the records cannot show, the weighted total and the
//! stage it suggests; the decision is recorded with its evidence and kept as history.

use super::assessment;
use crate::app::{to_json, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use std::collections::HashMap;
use swadaya_domain::graduation::{assess, GraduationRules, Key};
use swadaya_domain::roles::Action;
use swadaya_domain::stage::{self, Criterion, CRITERIA, DEFAULT_KEMBANG_MIN, DEFAULT_TUMBUH_MIN, STAGES};
use swadaya_domain::{text, Lang};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct StageDecision {
    pub id: i64,
    /// tunas, tumbuh or kembang
    pub stage: String,
    pub score: Option<i64>,
    /// Each criterion's score (0-100) and weight at the time of the decision
    pub scores_json: String,
    pub decided_on: String,
    pub decided_by: String,
    pub note: Option<String>,
}

pub const WINDOW_DAYS: i64 = 84;

pub struct Weights {
    pub weights: Vec<(Criterion, i64)>,
    pub tumbuh_min: i64,
    pub kembang_min: i64,
}

pub async fn weights_for(db: &Db, institution_id: i64) -> AppResult<Weights> {
    let mut weights = Vec::new();
    for c in CRITERIA {
        let w = store::ksm::setting(db, institution_id, &format!("stage.weight.{}", c.key)).await?.unwrap_or(c.default_weight);
        weights.push((c, w));
    }
    Ok(Weights {
        weights,
        tumbuh_min: store::ksm::setting(db, institution_id, "stage.tumbuh_min").await?.unwrap_or(DEFAULT_TUMBUH_MIN),
        kembang_min: store::ksm::setting(db, institution_id, "stage.kembang_min").await?.unwrap_or(DEFAULT_KEMBANG_MIN),
    })
}

/// A computed score with the fact it came from, e.g. (83, "10/12 pertemuan").
pub type Evidence = (i64, String);

pub async fn computed(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    ksm_id: i64,
    today: chrono::NaiveDate,
) -> AppResult<HashMap<&'static str, Evidence>> {
    let group = super::get(db, ctx, institution_id, ksm_id).await?;
    let lang = ctx.lang;
    let from = today - chrono::Duration::days(WINDOW_DAYS);
    let facts = assessment::facts(db, institution_id, ksm_id, from, today).await?;
    let rules = GraduationRules { window_days: WINDOW_DAYS, ..Default::default() };
    let a = assess(&rules, today, &facts);
    let pct = |k: Key| {
        a.criteria.iter().find(|c| c.key == k).map(|c| {
            (if c.denominator > 0 { 100 * c.numerator / c.denominator } else { 0 }, format!("{}/{}", c.numerator, c.denominator))
        })
    };
    let expected = match group.data.rhythm.as_str() {
        "mingguan" => 12,
        "dua_mingguan" => 6,
        _ => 3,
    };
    let held = facts.meetings.iter().filter(|m| m.held_on > from).count() as i64;
    let mut out = HashMap::new();
    out.insert(
        "meetings",
        ((100 * held / expected).min(100), format!("{held}/{expected} {}", lang.pick("pertemuan", "meetings"))),
    );
    for (key, k) in [
        ("attendance", Key::Attendance),
        ("agenda", Key::Agenda),
        ("savings", Key::RoutineSavings),
        ("bookkeeping", Key::Bookkeeping),
    ] {
        if let Some(v) = pct(k) {
            out.insert(key, v);
        }
    }
    out.insert("rules", (facts.rules_written as i64 * 20, format!("{}/5", facts.rules_written)));
    Ok(out)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[schema(as = StageDecisionInput)]
pub struct DecisionInput {
    /// Facilitator's scores 0-100 for the criteria the records cannot show, by key
    /// (repayment, bank, partners, issues); empty = not scored
    #[serde(default)]
    pub manual: HashMap<String, String>,
    /// tunas, tumbuh or kembang; empty = the suggested stage
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub note: String,
}

/// Records a stage decision; a stage other than the suggested one needs a note saying why.
pub async fn decide(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, input: &DecisionInput) -> AppResult<i64> {
    ctx.require_ksm(institution_id, ksm_id, Action::DecideStage)?;
    let lang = ctx.lang;
    let today = chrono::Local::now().date_naive();
    let computed = computed(db, ctx, institution_id, ksm_id, today).await?;
    let w = weights_for(db, institution_id).await?;
    let mut e = Errors::default();
    let mut scores: Vec<serde_json::Value> = Vec::new();
    let mut pairs = Vec::new();
    for (c, weight) in &w.weights {
        let score = if c.computed {
            computed.get(c.key).map(|(s, _)| *s)
        } else {
            let raw = input.manual.get(c.key).map(|s| s.trim()).unwrap_or("");
            if raw.is_empty() {
                None
            } else {
                match raw.parse::<i64>() {
                    Ok(v) if (0..=100).contains(&v) => Some(v),
                    _ => {
                        e.add(
                            &format!("manual-{}", c.key),
                            lang.pick(
                                "Tulis nilai 0 sampai 100, atau kosongkan.",
                                "Write a score from 0 to 100, or leave it empty.",
                            ),
                        );
                        None
                    }
                }
            }
        };
        pairs.push((score, *weight));
        scores.push(serde_json::json!({"key": c.key, "score": score, "weight": weight, "evidence": computed.get(c.key).map(|(_, ev)| ev.clone())}));
    }
    let note = e.take("note", text::optional_text(&input.note, 2000), |x| x.msg(lang)).flatten();
    let total = stage::weighted(&pairs);
    let suggested = suggest(total, &w, assessment::graduation(db, ctx, institution_id, ksm_id, today).await?.passes());
    let chosen = if input.stage.trim().is_empty() {
        suggested
    } else {
        STAGES.iter().copied().find(|s| *s == input.stage.trim()).unwrap_or("")
    };
    if chosen.is_empty() {
        e.add("stage", lang.pick("Pilih Tunas, Tumbuh atau Kembang.", "Choose Tunas, Tumbuh or Kembang."));
    } else if chosen != suggested && note.is_none() {
        e.add(
            "note",
            match lang {
                Lang::Id => {
                    format!("Tahap yang dipilih berbeda dari saran ({}); tulis alasannya.", stage::stage_label(suggested, lang))
                }
                Lang::En => {
                    format!("The chosen stage differs from the suggestion ({}); write why.", stage::stage_label(suggested, lang))
                }
            },
        );
    }
    e.finish()?;
    let scores_json = to_json(&scores);
    let mut tx = db.begin().await?;
    let decided_on = today.to_string();
    let new = store::ksm::NewStage {
        ksm_id,
        stage: chosen,
        score: total,
        scores_json: &scores_json,
        decided_on: &decided_on,
        decided_by: &ctx.actor.username,
        note: note.as_deref(),
    };
    let id = store::ksm::insert_stage(&mut tx, institution_id, &new).await?;
    let mut ev = ctx.audit("decide", "ksm_stage", id, Some(institution_id));
    ev.after =
        to_json(&serde_json::json!({"ksm_id": ksm_id, "stage": chosen, "suggested": suggested, "score": total, "note": note}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

/// The stage the score suggests. Kembang (blooming) is for a group that has also graduated as a
/// model KSM: a score made of partial criteria must not outrank the graduation assessment.
pub fn suggest(score: Option<i64>, w: &Weights, graduated: bool) -> &'static str {
    match score.map(|t| stage::stage_for(t, w.tumbuh_min, w.kembang_min)).unwrap_or("tunas") {
        "kembang" if !graduated => "tumbuh",
        s => s,
    }
}

/// One number an institution sets for its groups and its fund: the value in force, the
/// programme's default (RULES.md) and the range it may take.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Setting {
    pub key: String,
    pub value: i64,
    pub default: i64,
    pub min: i64,
    pub max: i64,
}

/// Every setting of the institution, in the order the settings page shows them.
pub async fn settings(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<Setting>> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    let mut out = vec![];
    for (key, min, max) in setting_keys() {
        let default = setting_default(&key);
        let value = store::ksm::setting(db, institution_id, &key).await?.unwrap_or(default);
        out.push(Setting { key, value, default, min, max });
    }
    Ok(out)
}

/// The programme's default for a setting key (RULES.md).
pub fn setting_default(key: &str) -> i64 {
    let g = GraduationRules::default();
    match key {
        "graduation.window_days" => g.window_days,
        "graduation.attendance_above_pct" => g.attendance_above_pct,
        "graduation.routine_min_pct" => g.routine_min_pct,
        "graduation.bookkeeping_min_pct" => g.bookkeeping_min_pct,
        "graduation.agenda_min_pct" => g.agenda_min_pct,
        "stage.tumbuh_min" => DEFAULT_TUMBUH_MIN,
        "stage.kembang_min" => DEFAULT_KEMBANG_MIN,
        k if k.starts_with("fund.") => crate::app::fund::setting_default(k).unwrap_or(0),
        _ => CRITERIA.iter().find(|c| key == format!("stage.weight.{}", c.key)).map(|c| c.default_weight).unwrap_or(0),
    }
}

/// The settings an institution may change, with their allowed range.
pub fn setting_keys() -> Vec<(String, i64, i64)> {
    let mut keys: Vec<(String, i64, i64)> = vec![
        ("graduation.window_days".into(), 7, 365),
        // "Above 100 %" could never be met.
        ("graduation.attendance_above_pct".into(), 0, 99),
        ("graduation.routine_min_pct".into(), 0, 100),
        ("graduation.bookkeeping_min_pct".into(), 0, 100),
        ("graduation.agenda_min_pct".into(), 0, 100),
        ("stage.tumbuh_min".into(), 0, 100),
        ("stage.kembang_min".into(), 0, 100),
    ];
    keys.extend(CRITERIA.iter().map(|c| (format!("stage.weight.{}", c.key), 0, 100)));
    keys.extend(crate::app::fund::setting_keys());
    keys
}

/// Saves changed thresholds and weights (each audited with its old value).
pub async fn save_settings(db: &Db, ctx: &Ctx, institution_id: i64, values: &HashMap<String, String>) -> AppResult<()> {
    ctx.require(institution_id, Action::ChangeSettings)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let mut parsed = Vec::new();
    for (key, lo, hi) in setting_keys() {
        let Some(raw) = values.get(&key).map(|s| s.trim()).filter(|s| !s.is_empty()) else { continue };
        match raw.parse::<i64>() {
            Ok(v) if (lo..=hi).contains(&v) => parsed.push((key, v)),
            _ => e.add(
                &key,
                match lang {
                    Lang::Id => format!("Tulis angka {lo} sampai {hi}."),
                    Lang::En => format!("Write a number from {lo} to {hi}."),
                },
            ),
        }
    }
    let get = |k: &str, d: i64| parsed.iter().find(|(key, _)| key == k).map(|(_, v)| *v).unwrap_or(d);
    let weight_sum: i64 = CRITERIA.iter().map(|c| get(&format!("stage.weight.{}", c.key), c.default_weight)).sum();
    if weight_sum == 0 {
        e.add(
            "stage.weight.meetings",
            lang.pick(
                "Paling tidak satu kriteria tahap harus berbobot lebih dari 0.",
                "At least one stage criterion needs a weight above 0.",
            ),
        );
    }
    if get("stage.tumbuh_min", DEFAULT_TUMBUH_MIN) >= get("stage.kembang_min", DEFAULT_KEMBANG_MIN) {
        e.add(
            "stage.kembang_min",
            lang.pick(
                "Batas Kembang harus lebih tinggi dari batas Tumbuh.",
                "The Kembang cut-off must be above the Tumbuh cut-off.",
            ),
        );
    }
    let fund = |k: &str| get(k, crate::app::fund::setting_default(k).unwrap_or(0));
    if fund("fund.class3_months") >= fund("fund.class4_after_months")
        || fund("fund.class4_after_months") >= fund("fund.class5_after_months")
    {
        e.add(
            "fund.class5_after_months",
            lang.pick(
                "Batas kolektibilitas harus naik: kelas 3 < kelas 4 < kelas 5 (dalam bulan).",
                "Collectibility limits must rise: class 3 < class 4 < class 5 (in months).",
            ),
        );
    }
    e.finish()?;
    let mut tx = db.begin().await?;
    for (key, v) in &parsed {
        let before = store::ksm::setting(db, institution_id, key).await?;
        if before == Some(*v) {
            continue;
        }
        store::ksm::set_setting(&mut tx, institution_id, key, *v).await?;
        let mut ev = ctx.audit("set", "setting", key, Some(institution_id));
        ev.before = before.map(|b| b.to_string()).unwrap_or_default();
        ev.after = v.to_string();
        store::audit::append(&mut tx, ev).await?;
    }
    tx.commit().await?;
    Ok(())
}
