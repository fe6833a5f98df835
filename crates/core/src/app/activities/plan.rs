//! An activity's life apart from money: its creation from a funded proposal (or straight
//! from the community work plan, RKM), funding commitments per source, contributions in kind,
//! physical progress with photos, and the hand-over to the community.

use super::{quantity, rab_lines, RabInput};
use crate::app::attachments::{self, Upload};
use crate::app::books::{any_date, past_date, positive_amount};
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, activities::Activity, proposals::LineOwner, Db};
use std::collections::BTreeMap;
use swadaya_domain::activity::funding::{Source, SourceFigures};
use swadaya_domain::activity::{progress, Kind};
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang};

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ActivityInput {
    /// The funded proposal it carries out; empty for an activity of the work plan (RKM)
    #[serde(default, deserialize_with = "crate::app::input::opt_id")]
    pub proposal_id: Option<i64>,
    pub name: String,
    #[serde(rename = "activity_kind", alias = "kind")]
    pub kind: String,
    pub location: String,
    /// e.g. 170 (with unit m)
    pub target_volume: String,
    pub unit: String,
    pub planned_start: String,
    pub planned_end: String,
    /// The KSM or working group that carries it out
    pub team: String,
    #[serde(default)]
    pub technical_unit: String,
    /// The year of the community work plan (RKM)
    #[serde(default)]
    pub rkm_year: String,
    /// Budget lines, when there is no proposal to copy them from
    #[serde(default)]
    pub rab: Vec<RabInput>,
}

pub async fn create(db: &Db, ctx: &Ctx, institution_id: i64, input: &ActivityInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteActivities)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let proposal = match input.proposal_id.filter(|p| *p > 0) {
        Some(pid) => {
            let p = store::proposals::get(&db.pool, institution_id, pid).await?.ok_or(AppError::NotFound)?;
            if p.status != "funded" {
                e.add(
                    "proposal_id",
                    lang.pick(
                        "Usulan ini belum diputuskan didanai oleh rapat BKM.",
                        "This proposal has not been decided as funded by a board meeting.",
                    ),
                );
            }
            Some(p)
        }
        None => None,
    };
    let name = e.take("name", text::required_line(&input.name, 200), |x| x.msg(lang));
    let kind = Kind::parse(&input.kind);
    if kind.is_none() {
        e.add("activity_kind", lang.pick("Pilih jenis kegiatan.", "Choose the kind of activity."));
    }
    let location = e.take("location", text::required_line(&input.location, 200), |x| x.msg(lang));
    let target = quantity(&mut e, lang, "target_volume", &input.target_volume);
    let unit = e.take("unit", text::required_line(&input.unit, 30), |x| x.msg(lang));
    let start = any_date(&mut e, lang, "planned_start", &input.planned_start);
    let end = any_date(&mut e, lang, "planned_end", &input.planned_end);
    if let (Some(s), Some(en)) = (start, end) {
        if en < s {
            e.add(
                "planned_end",
                lang.pick("Tanggal selesai tidak boleh sebelum tanggal mulai.", "The end cannot be before the start."),
            );
        }
    }
    let team = e.take("team", text::required_line(&input.team, 200), |x| x.msg(lang));
    let technical = e.take("technical_unit", text::optional_line(&input.technical_unit, 200), |x| x.msg(lang)).flatten();
    let rkm_year = match input.rkm_year.trim() {
        "" => None,
        y => match y.parse::<i64>() {
            Ok(y) if (2000..=2100).contains(&y) => Some(y),
            _ => {
                e.add("rkm_year", lang.pick("Tahun RKM empat angka, misalnya 2026.", "The RKM year has four digits, e.g. 2026."));
                None
            }
        },
    };
    let lines = match &proposal {
        Some(p) => store::proposals::lines(&db.pool, institution_id, LineOwner::Proposal(p.id))
            .await?
            .into_iter()
            .map(|l| swadaya_domain::activity::rab::Line {
                item: l.item,
                unit: l.unit,
                quantity: l.quantity,
                unit_price: l.unit_price,
            })
            .collect(),
        None => rab_lines(&mut e, lang, &input.rab),
    };
    e.finish()?;
    let (start, end) = (start.expect("checked").to_string(), end.expect("checked").to_string());
    let mut tx = db.begin().await?;
    let a = store::activities::NewActivity {
        proposal_id: proposal.as_ref().map(|p| p.id),
        name: name.as_deref().unwrap_or_default(),
        kind: kind.expect("checked").code(),
        location: location.as_deref().unwrap_or_default(),
        target_volume: target,
        unit: unit.as_deref().unwrap_or_default(),
        planned_start: &start,
        planned_end: &end,
        team: team.as_deref().unwrap_or_default(),
        technical_unit: technical.as_deref(),
        rkm_year,
        created_by: &ctx.actor.username,
    };
    let id = match store::activities::insert(&mut tx, institution_id, &a).await {
        Ok(id) => id,
        Err(err) if store::is_unique_violation(&err) => {
            return Err(AppError::Conflict {
                message: lang.pick("Usulan ini sudah menjadi kegiatan.", "This proposal is already an activity.").into(),
                link: None,
            })
        }
        Err(err) => return Err(err.into()),
    };
    for (i, l) in lines.iter().enumerate() {
        store::proposals::insert_line(&mut tx, institution_id, LineOwner::Activity(id), i as i64, l).await?;
    }
    let mut ev = ctx.audit("create", "activity", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "proposal_id": a.proposal_id, "name": a.name, "kind": a.kind, "location": a.location, "target_volume": target,
        "unit": a.unit, "planned_start": start, "planned_end": end, "team": a.team, "technical_unit": technical, "rkm_year": rkm_year,
        "rab": lines.iter().map(|l| serde_json::json!({"item": l.item, "unit": l.unit, "quantity": l.quantity, "unit_price": l.unit_price})).collect::<Vec<_>>(),
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct CommitmentInput {
    /// blm_apbn, apbd, dana_desa, community_cash, community_kind, csr or other
    pub source: String,
    pub amount: String,
    /// Decree, agreement or letter number of the source
    pub document: String,
    #[serde(default)]
    pub note: String,
    /// A resend with the same key answers with the first commitment
    #[serde(default)]
    pub idem_key: Option<String>,
}

/// Two requests with one key at the same moment (on PostgreSQL both pass the first look) meet
/// the unique index: the second answers with the first's record.
async fn first_after_clash(
    db: &Db,
    what: store::activities::Keyed,
    institution_id: i64,
    activity_id: i64,
    key: &str,
    clash: sqlx::Error,
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    store::activities::by_key(&mut tx, what, institution_id, activity_id, key).await?.ok_or(AppError::Db(clash))
}

pub async fn commit(db: &Db, ctx: &Ctx, institution_id: i64, activity_id: i64, input: &CommitmentInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteActivities)?;
    let lang = ctx.lang;
    let a = get(db, institution_id, activity_id).await?;
    let mut e = Errors::default();
    let source = Source::parse(&input.source);
    if source.is_none() {
        e.add("source", lang.pick("Pilih sumber dana.", "Choose the funding source."));
    }
    let amount = positive_amount(&mut e, lang, "amount", &input.amount);
    let document = e.take("document", text::required_line(&input.document, 200), |x| x.msg(lang));
    let note = e.take("note", text::optional_line(&input.note, 300), |x| x.msg(lang)).flatten();
    e.finish()?;
    let source = source.expect("checked");
    let key = crate::app::one_time_key(lang, input.idem_key.as_deref())?;
    let mut tx = db.begin().await?;
    if let Some(k) = key {
        if let Some(first) =
            store::activities::by_key(&mut tx, store::activities::Keyed::Commitment, institution_id, a.id, k).await?
        {
            return Ok(first);
        }
    }
    let document = document.expect("checked");
    let id = store::activities::insert_commitment(
        &mut tx,
        institution_id,
        a.id,
        source.code(),
        amount,
        &document,
        note.as_deref(),
        &ctx.actor.username,
        key,
    )
    .await;
    let id = match id {
        Ok(id) => id,
        Err(e) if store::is_unique_violation(&e) && key.is_some() => {
            drop(tx);
            return first_after_clash(db, store::activities::Keyed::Commitment, institution_id, a.id, key.unwrap_or_default(), e)
                .await;
        }
        Err(e) => return Err(e.into()),
    };
    let mut ev = ctx.audit("commit", "funding_commitment", id, Some(institution_id));
    ev.after = to_json(
        &serde_json::json!({"activity_id": a.id, "source": source.code(), "amount": amount, "document": document, "note": note}),
    );
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct InKindInput {
    /// The day it was given. Named as on the form and in the errors; `on_date` is read too.
    #[serde(rename = "kind_on", alias = "on_date")]
    pub on_date: String,
    /// Who gave it (e.g. "Warga RT 09", "Paguyuban Paseduluran")
    pub contributor: String,
    /// What: work, materials (e.g. "Rabat jalan kanan kiri paving")
    #[serde(rename = "kind_description", alias = "description")]
    pub description: String,
    /// Its value in rupiah, as agreed with the technical unit
    #[serde(rename = "kind_value", alias = "value")]
    pub value: String,
    /// A resend with the same key answers with the first record
    #[serde(default)]
    pub idem_key: Option<String>,
}

pub async fn add_in_kind(db: &Db, ctx: &Ctx, institution_id: i64, activity_id: i64, input: &InKindInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteActivities)?;
    let lang = ctx.lang;
    let a = get(db, institution_id, activity_id).await?;
    let mut e = Errors::default();
    let on = past_date(&mut e, lang, "kind_on", &input.on_date);
    let contributor = e.take("contributor", text::required_line(&input.contributor, 200), |x| x.msg(lang));
    let description = e.take("kind_description", text::required_line(&input.description, 300), |x| x.msg(lang));
    let value = positive_amount(&mut e, lang, "kind_value", &input.value);
    e.finish()?;
    let on = on.expect("checked").to_string();
    let (contributor, description) = (contributor.expect("checked"), description.expect("checked"));
    let key = crate::app::one_time_key(lang, input.idem_key.as_deref())?;
    let mut tx = db.begin().await?;
    if let Some(k) = key {
        if let Some(first) = store::activities::by_key(&mut tx, store::activities::Keyed::InKind, institution_id, a.id, k).await?
        {
            return Ok(first);
        }
    }
    let made = store::activities::insert_in_kind(
        &mut tx,
        institution_id,
        a.id,
        &on,
        &contributor,
        &description,
        value,
        &ctx.actor.username,
        key,
    )
    .await;
    let id = match made {
        Ok(id) => id,
        Err(e) if store::is_unique_violation(&e) && key.is_some() => {
            drop(tx);
            return first_after_clash(db, store::activities::Keyed::InKind, institution_id, a.id, key.unwrap_or_default(), e)
                .await;
        }
        Err(e) => return Err(e.into()),
    };
    let mut ev = ctx.audit("in_kind", "activity", a.id, Some(institution_id));
    ev.after = to_json(
        &serde_json::json!({"id": id, "on_date": on, "contributor": contributor, "description": description, "value": value}),
    );
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ProgressInput {
    pub reported_on: String,
    /// Percent, e.g. 45 or 62,5
    pub percent: String,
    /// Measured quantity in the activity's unit, e.g. 85
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub note: String,
    /// Required when progress is lower than the last report
    #[serde(default)]
    pub reason: String,
}

pub async fn report_progress(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    activity_id: i64,
    input: &ProgressInput,
    photos: &[Upload],
) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteActivities)?;
    let lang = ctx.lang;
    let a = get(db, institution_id, activity_id).await?;
    let mut e = Errors::default();
    let on = past_date(&mut e, lang, "reported_on", &input.reported_on);
    let pct = e.take("percent", progress::parse(&input.percent), |x| x.msg(lang));
    let qty = match input.quantity.trim() {
        // Nothing measured yet (work that is not a length or count so far) is zero, not an error.
        v if v.trim_start_matches(['0', ',', '.']).is_empty() => 0,
        v => quantity(&mut e, lang, "quantity", v),
    };
    let note = e.take("note", text::optional_text(&input.note, 2_000), |x| x.msg(lang)).flatten();
    let reason = e.take("reason", text::optional_line(&input.reason, 300), |x| x.msg(lang)).flatten();
    let photos = attachments::check_beside("photos", photos, lang, &mut e.0).await;
    e.finish()?;
    let on = on.expect("checked").to_string();
    let pct = pct.expect("checked");
    let mut tx = db.begin().await?;
    let history = store::activities::progress(&mut **tx, institution_id, a.id).await?;
    if let Some(later) = history.iter().rev().find(|p| p.reported_on > on) {
        return Err(AppError::field(
            "reported_on",
            match lang {
                Lang::Id => format!("Sudah ada laporan bertanggal {}; laporan baru tidak boleh lebih awal.", later.reported_on),
                Lang::En => format!("There is already a report dated {}; a new one cannot be earlier.", later.reported_on),
            },
        ));
    }
    let last = history.last().map(|p| p.percent_bp);
    progress::check(last, pct, reason.as_deref()).map_err(|x| AppError::field("percent", x.msg(lang)))?;
    let p = store::activities::NewProgress {
        reported_on: &on,
        percent_bp: pct,
        quantity: qty,
        note: note.as_deref(),
        reason: reason.as_deref(),
        created_by: &ctx.actor.username,
    };
    let id = store::activities::insert_progress(&mut tx, institution_id, a.id, &p).await?;
    attachments::store_all(&mut tx, ctx, institution_id, "progress", id, &photos).await?;
    let mut ev = ctx.audit("progress", "activity", a.id, Some(institution_id));
    ev.after = to_json(
        &serde_json::json!({"id": id, "reported_on": on, "percent_bp": pct, "quantity": qty, "note": note, "reason": reason}),
    );
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct HandoverInput {
    /// The day of the hand-over. Named as on the form and in the errors; `on_date` is read too.
    #[serde(rename = "handover_on", alias = "on_date")]
    pub on_date: String,
    /// The community or maintenance group receiving it (e.g. "Paguyuban Paseduluran Jalan Poros RT 09 dan RT 10")
    pub handed_to: String,
    /// The hand-over record (berita acara serah terima): number and what was agreed on upkeep
    pub record: String,
}

pub async fn hand_over(db: &Db, ctx: &Ctx, institution_id: i64, activity_id: i64, input: &HandoverInput) -> AppResult<()> {
    ctx.require(institution_id, Action::WriteActivities)?;
    let lang = ctx.lang;
    let a = get(db, institution_id, activity_id).await?;
    let mut e = Errors::default();
    let on = past_date(&mut e, lang, "handover_on", &input.on_date);
    let to = e.take("handed_to", text::required_line(&input.handed_to, 200), |x| x.msg(lang));
    let record = e.take("record", text::required_text(&input.record, 4_000), |x| x.msg(lang));
    e.finish()?;
    let history = store::activities::progress(&db.pool, institution_id, a.id).await?;
    if history.last().map(|p| p.percent_bp) != Some(progress::FULL) {
        return Err(AppError::Conflict {
            message: lang
                .pick(
                    "Kegiatan baru bisa diserahterimakan setelah laporan kemajuan fisik 100 %.",
                    "An activity can be handed over only after a physical progress report of 100 %.",
                )
                .into(),
            link: None,
        });
    }
    let on = on.expect("checked").to_string();
    let (to, record) = (to.expect("checked"), record.expect("checked"));
    let mut tx = db.begin().await?;
    if !store::activities::hand_over(&mut tx, institution_id, a.id, &on, &to, &record).await? {
        return Err(AppError::Conflict {
            message: lang.pick("Kegiatan ini sudah diserahterimakan.", "This activity has already been handed over.").into(),
            link: None,
        });
    }
    let mut ev = ctx.audit("hand_over", "activity", a.id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({"on_date": on, "handed_to": to, "record": record}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn get(db: &Db, institution_id: i64, id: i64) -> AppResult<Activity> {
    store::activities::get(&db.pool, institution_id, id).await?.ok_or(AppError::NotFound)
}

pub struct LineFigures {
    pub line: store::proposals::RabLine,
    pub spent: i64,
}

pub struct ActivityView {
    pub activity: Activity,
    pub lines: Vec<LineFigures>,
    pub commitments: Vec<store::activities::Commitment>,
    pub receipts: Vec<store::activities::Receipt>,
    pub spendings: Vec<store::activities::Spending>,
    pub in_kind: Vec<store::activities::InKind>,
    pub progress: Vec<store::activities::Progress>,
    pub sources: BTreeMap<Source, SourceFigures>,
    pub files: Vec<store::attachments::Meta>,
}

impl ActivityView {
    pub fn budget(&self) -> i64 {
        self.lines.iter().map(|l| l.line.total).sum()
    }
    pub fn percent(&self) -> i64 {
        self.progress.last().map(|p| p.percent_bp).unwrap_or(0)
    }
    pub fn files_of(&self, kind: &str, id: i64) -> Vec<&store::attachments::Meta> {
        self.files.iter().filter(|f| f.owner_kind == kind && f.owner_id == id).collect()
    }
}

/// Figures per source: committed, received and spent (reversed rows left out).
pub fn source_figures(
    commitments: &[store::activities::Commitment],
    receipts: &[store::activities::Receipt],
    spendings: &[store::activities::Spending],
    in_kind: &[store::activities::InKind],
) -> BTreeMap<Source, SourceFigures> {
    let mut m: BTreeMap<Source, SourceFigures> = BTreeMap::new();
    for c in commitments {
        if let Some(s) = Source::parse(&c.source) {
            m.entry(s).or_default().committed += c.amount;
        }
    }
    for r in receipts.iter().filter(|r| !r.reversed) {
        if let Some(s) = Source::parse(&r.source) {
            m.entry(s).or_default().received += r.amount;
        }
    }
    for x in spendings.iter().filter(|x| !x.reversed) {
        if let Some(s) = Source::parse(&x.source) {
            m.entry(s).or_default().spent += x.amount;
        }
    }
    // Work and materials given in kind are received and used the day they are given.
    let given: i64 = in_kind.iter().map(|k| k.value).sum();
    if given > 0 {
        let f = m.entry(Source::CommunityInKind).or_default();
        f.received += given;
        f.spent += given;
    }
    m
}

pub async fn view(db: &Db, ctx: &Ctx, institution_id: i64, id: i64) -> AppResult<ActivityView> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    let activity = get(db, institution_id, id).await?;
    let pool = &db.pool;
    let lines = store::proposals::lines(pool, institution_id, LineOwner::Activity(id)).await?;
    let commitments = store::activities::commitments(pool, institution_id, id).await?;
    let receipts = store::activities::receipts(pool, institution_id, id).await?;
    let spendings = store::activities::spendings(pool, institution_id, id).await?;
    let in_kind = store::activities::in_kind(pool, institution_id, id).await?;
    let progress = store::activities::progress(pool, institution_id, id).await?;
    let files = store::attachments::of_activity(pool, institution_id, id).await?;
    let sources = source_figures(&commitments, &receipts, &spendings, &in_kind);
    let lines = lines
        .into_iter()
        .map(|l| {
            let spent = spendings.iter().filter(|s| !s.reversed && s.rab_line_id == l.id).map(|s| s.amount).sum();
            LineFigures { line: l, spent }
        })
        .collect();
    Ok(ActivityView { activity, lines, commitments, receipts, spendings, in_kind, progress, sources, files })
}

/// The institution's activities.
pub async fn list(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<store::activities::Activity>> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    Ok(store::activities::list(&db.pool, institution_id).await?)
}
