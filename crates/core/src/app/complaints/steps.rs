//! The steps a unit takes on a complaint. Each is a new row in its history; the complaint
//! moves only if it still stands where the officer saw it, so two officers cannot both move it.

use super::status_of;
use crate::app::books::past_date;
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use swadaya_domain::complaint::{Level, Step};
use swadaya_domain::roles::Action;
use swadaya_domain::text;

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct StepRow {
    pub id: i64,
    pub institution_id: i64,
    pub institution_name: String,
    /// verify, reject, decide, answer, correction, escalate or note
    pub step: String,
    pub body: String,
    pub step_on: String,
    pub to_institution_id: Option<i64>,
    pub to_institution_name: Option<String>,
    pub status_after: String,
    pub created_by: String,
    pub created_at: String,
}

/// The longest text a step may carry (an answer, a reason, a note).
pub const BODY_MAX: usize = 4_000;

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct StepInput {
    /// verify, reject, decide, answer, correction, escalate or note
    pub step: String,
    /// Verification notes, the reason, the decided handling, the answer or the correction
    pub body: String,
    /// The day of the step (YYYY-MM-DD or 25/11/2026)
    pub step_on: String,
    /// For escalate: the institution id one level up, or "national" for SP4N-LAPOR!
    #[serde(default)]
    pub to: String,
    /// For a national forward: the SP4N-LAPOR! tracking number
    #[serde(default)]
    pub external_ref: String,
    /// The status the officer saw (the form sends it); empty skips the check
    #[serde(default)]
    pub seen_status: String,
}

/// An institution a complaint can be escalated to: one whose region contains the handler's,
/// at a higher level; nearest first.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Target {
    pub id: i64,
    pub name: String,
    pub level: String,
}

pub async fn targets(db: &Db, institution_id: i64) -> AppResult<Vec<Target>> {
    let inst = store::registers::get_institution(db, institution_id).await?.ok_or(AppError::NotFound)?;
    let own_depth = inst.region_code.split('.').count().min(4);
    let mut above: Vec<String> =
        store::registers::region_path(db, &inst.region_code).await?.into_iter().map(|r| r.code).collect();
    above.retain(|c| c.split('.').count() < own_depth);
    above.reverse();
    let found = store::complaints::institutions_at(db, &above).await?;
    Ok(found
        .into_iter()
        .map(|(id, name, code)| Target { id, name, level: Level::of_region_depth(code.split('.').count() as i64).code().into() })
        .collect())
}

pub async fn take(db: &Db, ctx: &Ctx, institution_id: i64, complaint_id: i64, input: &StepInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::HandleComplaints)?;
    let lang = ctx.lang;
    let c = store::complaints::get(&db.pool, complaint_id).await?.ok_or(AppError::NotFound)?;
    if c.institution_id != institution_id {
        let handled_here = store::complaints::handlers(db, complaint_id).await?.contains(&institution_id);
        return Err(if handled_here {
            AppError::Conflict {
                message: lang
                    .pick(
                        "Pengaduan ini sudah diteruskan ke {}; langkah berikutnya dicatat di sana.",
                        "This complaint was escalated to {}; the next steps are recorded there.",
                    )
                    .replace("{}", &c.institution_name),
                link: None,
            }
        } else {
            AppError::NotFound
        });
    }
    let mut e = Errors::default();
    let step = Step::parse(&input.step);
    let from = status_of(&c);
    let moved = !input.seen_status.is_empty() && input.seen_status != c.status;
    let next = match step {
        None => {
            e.add("step", lang.pick("Pilih langkah yang dicatat.", "Choose the step to record."));
            None
        }
        // Moved by someone else since the form was opened, and this step no longer fits.
        Some(s) if moved && super::next_status(&c, s).is_none() => {
            return Err(AppError::Conflict {
                message: lang
                    .pick(
                        "Pengaduan ini baru saja diubah orang lain (sekarang: {}); langkah ini tidak bisa lagi diambil. Baca riwayatnya.",
                        "Someone else just moved this complaint (now: {}); this step no longer applies. Read its history.",
                    )
                    .replace("{}", from.label(lang)),
                link: None,
            });
        }
        Some(s) => match super::next_status(&c, s) {
            Some(n) => Some(n),
            None => {
                e.add(
                    "step",
                    lang.pick(
                        "Langkah itu tidak bisa diambil pada status {}.",
                        "That step cannot be taken when the status is {}.",
                    )
                    .replace("{}", from.label(lang)),
                );
                None
            }
        },
    };
    let body = e.take("body", text::required_text(&input.body, BODY_MAX), |x| x.msg(lang));
    let day = past_date(&mut e, lang, "step_on", &input.step_on);
    if let Some(d) = day {
        if d.to_string() < c.clock_start {
            e.add(
                "step_on",
                lang.pick(
                    "Tanggal tidak boleh sebelum pengaduan diterima di sini ({}).",
                    "The date cannot be before the complaint reached this desk ({}).",
                )
                .replace("{}", &c.clock_start),
            );
        }
    }
    let mut to_inst = c.institution_id;
    let mut level = c.level.clone();
    let mut external_ref = c.external_ref.clone();
    if step == Some(Step::Escalate) {
        match input.to.trim() {
            "national" => {
                level = Level::National.code().into();
                match text::required_line(&input.external_ref, 60) {
                    Ok(r) => external_ref = Some(r),
                    Err(_) => e.add(
                        "external_ref",
                        lang.pick(
                            "Tulis nomor lacak SP4N-LAPOR! agar pengaduan ini tetap bisa diikuti.",
                            "Write the SP4N-LAPOR! tracking number so the complaint can still be followed.",
                        ),
                    ),
                }
            }
            t => match targets(db, institution_id).await?.into_iter().find(|x| x.id.to_string() == t) {
                Some(x) => {
                    to_inst = x.id;
                    level = x.level;
                }
                None => e.add(
                    "to",
                    lang.pick(
                        "Pilih lembaga jenjang di atas yang menerima pengaduan ini.",
                        "Choose the institution one level up.",
                    ),
                ),
            },
        }
    }
    e.finish()?;
    let (step, next, day) = (step.expect("checked"), next.expect("checked"), day.expect("checked").to_string());
    let answered_on = match step {
        Step::Answer => Some(day.clone()),
        _ => c.answered_on.clone(),
    };
    let closed_on = if next.is_closed() && c.closed_on.is_none() { Some(day.clone()) } else { c.closed_on.clone() };
    let clock_start = if step == Step::Escalate { day.clone() } else { c.clock_start.clone() };
    let mut tx = db.begin().await?;
    let state = store::complaints::State {
        status: next.code(),
        institution_id: to_inst,
        level: &level,
        clock_start: &clock_start,
        answered_on: answered_on.as_deref(),
        closed_on: closed_on.as_deref(),
        external_ref: external_ref.as_deref(),
    };
    if !store::complaints::move_to(&mut tx, c.id, &c.status, c.institution_id, &state).await? {
        return Err(AppError::Conflict {
            message: lang
                .pick(
                    "Pengaduan ini baru saja diubah orang lain. Muat ulang halaman lalu ulangi bila masih perlu.",
                    "Someone else just moved this complaint. Reload the page and try again if still needed.",
                )
                .into(),
            link: None,
        });
    }
    let row = store::complaints::NewStep {
        complaint_id: c.id,
        institution_id,
        step: step.code(),
        body: body.as_deref().unwrap_or_default(),
        step_on: &day,
        to_institution_id: (step == Step::Escalate && to_inst != institution_id).then_some(to_inst),
        status_after: next.code(),
        created_by: &ctx.actor.username,
    };
    let step_id = store::complaints::insert_step(&mut tx, &row).await?;
    let mut ev = ctx.audit(step.code(), "complaint", c.id, Some(institution_id));
    ev.before = to_json(&serde_json::json!({"status": c.status, "institution_id": c.institution_id, "level": c.level}));
    ev.after = to_json(&serde_json::json!({
        "step_id": step_id, "status": next.code(), "institution_id": to_inst, "level": level, "step_on": day,
        "body": row.body, "external_ref": external_ref,
    }));
    store::audit::append(&mut tx, ev).await?;
    if to_inst != institution_id {
        // The receiving institution's log shows what arrived, with the same history.
        let mut ev = ctx.audit("escalated_in", "complaint", c.id, Some(to_inst));
        ev.after = to_json(&serde_json::json!({"from_institution_id": institution_id, "step_id": step_id}));
        store::audit::append(&mut tx, ev).await?;
    }
    tx.commit().await?;
    Ok(step_id)
}
