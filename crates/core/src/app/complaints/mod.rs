//! Complaints: a citizen files one on the web (no account) or the unit registers one that came
//! by letter, box, in person, phone, media or a field finding; the unit verifies, decides the
//! handling, answers, or rejects or escalates it. Each move is a step added to its history.

pub mod holidays;
pub mod stats;
pub mod steps;

use crate::app::attachments::{self, Upload};
use crate::app::books::past_date;
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use rand::RngCore;
pub use steps::StepRow;
use swadaya_domain::complaint::{sla, tracking, Category, Channel, Kind, Level, Status, CONTENT_MAX, CONTENT_MIN};
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Complaint {
    pub id: i64,
    pub tracking_code: String,
    /// Where it was filed
    pub origin_institution_id: i64,
    /// Who handles it now (another institution after an escalation)
    pub institution_id: i64,
    pub institution_name: String,
    /// desa, kecamatan, kabupaten, provinsi or national
    pub level: String,
    pub received_on: String,
    /// Receipt or the last escalation: the working-day clocks run from here
    pub clock_start: String,
    pub channel: String,
    pub kind: String,
    pub category: String,
    pub complainant_name: Option<String>,
    pub complainant_contact: Option<String>,
    pub addressed_to: Option<String>,
    pub content: String,
    pub status: String,
    pub answered_on: Option<String>,
    pub closed_on: Option<String>,
    /// Reference of a forward outside Swadaya (e.g. the SP4N-LAPOR! tracking number)
    pub external_ref: Option<String>,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ComplaintInput {
    /// question, suggestion, criticism or problem. Named as on the form and in the errors;
    /// `kind` is read too.
    #[serde(rename = "complaint_kind", alias = "kind")]
    pub kind: String,
    /// policy, management, construction, finance, empowerment, training, gender, procurement, other
    pub category: String,
    pub content: String,
    /// Empty: anonymous
    #[serde(default)]
    pub name: String,
    /// Phone or e-mail for the answer; never shown in public
    #[serde(default)]
    pub contact: String,
    /// Whom the complaint is addressed to (a person, unit or activity)
    #[serde(default)]
    pub addressed_to: String,
    /// letter, box, in_person, phone, media, field (officers only; the web form is always web)
    #[serde(default)]
    pub channel: String,
    /// The day it was received (officers only; the web form is today)
    #[serde(default)]
    pub received_on: String,
    /// A one-time key from the form (or the Idempotency-Key): sending the same complaint twice
    /// records it once and returns the same tracking code
    #[serde(default)]
    pub idem_key: String,
}

/// The citizen acting through the public pages, named in the audit log with the address.
pub fn citizen_ctx(address: &str, lang: Lang) -> Ctx {
    let mut ctx = Ctx::system("warga");
    ctx.actor.is_system = false;
    ctx.source = address.to_string();
    ctx.lang = lang;
    ctx
}

fn new_code() -> String {
    tracking::from_bits(rand::rngs::OsRng.next_u64())
}

/// The level of an institution from its region.
pub async fn level_of(db: &Db, institution_id: i64) -> AppResult<Level> {
    let inst = store::registers::get_institution(db, institution_id).await?.ok_or(AppError::NotFound)?;
    Ok(Level::of_region_depth(inst.region_code.split('.').count() as i64))
}

struct Checked {
    kind: Kind,
    category: Category,
    content: String,
    name: Option<String>,
    contact: Option<String>,
    addressed_to: Option<String>,
}

fn check(e: &mut Errors, lang: Lang, input: &ComplaintInput) -> Option<Checked> {
    let kind = Kind::parse(&input.kind);
    if kind.is_none() {
        e.add("complaint_kind", lang.pick("Pilih jenis pengaduan.", "Choose the kind of complaint."));
    }
    let category = Category::parse(&input.category);
    if category.is_none() {
        e.add("category", lang.pick("Pilih kategori pengaduan.", "Choose a category."));
    }
    let content = e.take("content", text::required_text(&input.content, CONTENT_MAX), |x| x.msg(lang));
    if let Some(c) = &content {
        if c.chars().filter(|ch| ch.is_alphanumeric()).count() < CONTENT_MIN {
            e.add(
                "content",
                lang.pick(
                    "Tuliskan isi pengaduan paling sedikit 10 huruf: apa yang terjadi, di mana, kapan.",
                    "Write at least 10 letters: what happened, where, when.",
                ),
            );
        }
    }
    let name = e.take("name", text::optional_line(&input.name, 120), |x| x.msg(lang)).flatten();
    let contact = e.take("contact", text::optional_line(&input.contact, 120), |x| x.msg(lang)).flatten();
    let addressed_to = e.take("addressed_to", text::optional_line(&input.addressed_to, 200), |x| x.msg(lang)).flatten();
    Some(Checked { kind: kind?, category: category?, content: content?, name, contact, addressed_to })
}

/// A complaint from the public form: received today through the web. Returns the id and the
/// tracking code the citizen keeps.
pub async fn file_public(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    input: &ComplaintInput,
    files: &[Upload],
) -> AppResult<(i64, String)> {
    store::registers::get_institution(db, institution_id).await?.ok_or(AppError::NotFound)?;
    let today = chrono::Local::now().date_naive().to_string();
    insert(db, ctx, institution_id, input, Channel::Web, &today, files).await
}

/// A complaint a cadre heard in person and wrote down (field mode), sent to an institution they
/// belong to but whose register they do not keep: received in person on the day they give.
pub async fn file_in_person(db: &Db, ctx: &Ctx, institution_id: i64, input: &ComplaintInput) -> AppResult<(i64, String)> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    let mut e = Errors::default();
    let received = past_date(&mut e, ctx.lang, "received_on", &input.received_on);
    match received {
        Some(day) if e.0.is_empty() => insert(db, ctx, institution_id, input, Channel::InPerson, &day.to_string(), &[]).await,
        _ => {
            let _ = check(&mut e, ctx.lang, input);
            Err(AppError::Invalid(e.0))
        }
    }
}

/// A complaint the unit writes into its register from a letter, the box, a visit, a call,
/// the media or a field finding.
pub async fn register(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    input: &ComplaintInput,
    files: &[Upload],
) -> AppResult<(i64, String)> {
    ctx.require(institution_id, Action::HandleComplaints)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let channel = Channel::parse(&input.channel);
    if channel.is_none() {
        e.add("channel", lang.pick("Pilih dari mana pengaduan diterima.", "Choose how the complaint arrived."));
    }
    let received = past_date(&mut e, lang, "received_on", &input.received_on);
    if e.0.is_empty() {
        insert(db, ctx, institution_id, input, channel.expect("checked"), &received.expect("checked").to_string(), files).await
    } else {
        // Report these together with the other fields' problems.
        let _ = check(&mut e, lang, input);
        Err(AppError::Invalid(e.0))
    }
}

async fn insert(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    input: &ComplaintInput,
    channel: Channel,
    received_on: &str,
    files: &[Upload],
) -> AppResult<(i64, String)> {
    let lang = ctx.lang;
    // Per institution: the same key sent to another institution's form is another complaint.
    let idem_key = crate::app::one_time_key(lang, Some(&input.idem_key))?.map(|k| format!("{institution_id}:{k}"));
    if let Some(k) = &idem_key {
        if let Some(found) = store::complaints::by_idem(db, k).await? {
            return Ok(found);
        }
    }
    let mut e = Errors::default();
    let c = check(&mut e, lang, input);
    let files = attachments::check_beside("files", files, lang, &mut e.0).await;
    e.finish()?;
    let c = c.expect("checked");
    let level = level_of(db, institution_id).await?;
    let mut tx = db.begin().await?;
    // 50 random bits: a clash is all but impossible, and the unique index would refuse one.
    let code = new_code();
    let row = store::complaints::NewComplaint {
        tracking_code: &code,
        institution_id,
        level: level.code(),
        received_on,
        channel: channel.code(),
        kind: c.kind.code(),
        category: c.category.code(),
        complainant_name: c.name.as_deref(),
        complainant_contact: c.contact.as_deref(),
        addressed_to: c.addressed_to.as_deref(),
        content: &c.content,
        created_by: &ctx.actor.username,
        idem_key: idem_key.as_deref(),
    };
    let id = match store::complaints::insert(&mut tx, &row).await {
        Ok(id) => id,
        Err(e) if store::is_unique_violation(&e) && idem_key.is_some() => {
            drop(tx);
            let k = idem_key.as_deref().unwrap_or_default();
            return store::complaints::by_idem(db, k).await?.ok_or(AppError::Db(e));
        }
        Err(e) => return Err(e.into()),
    };
    attachments::store_all(&mut tx, ctx, institution_id, "complaint", id, &files).await?;
    let mut ev = ctx.audit("create", "complaint", id, Some(institution_id));
    // The audit keeps what was said; the contact is kept only in the register itself.
    ev.after = to_json(&serde_json::json!({
        "channel": row.channel, "kind": row.kind, "category": row.category, "received_on": received_on,
        "anonymous": c.name.is_none(), "addressed_to": row.addressed_to, "content": row.content, "level": row.level,
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok((id, code))
}

/// Whether the actor may read this complaint: the handler now, or one that handled it before.
async fn require_read(db: &Db, ctx: &Ctx, c: &Complaint) -> AppResult<()> {
    if ctx.actor.can(c.institution_id, Action::ReadComplaints) {
        return Ok(());
    }
    let handlers = store::complaints::handlers(db, c.id).await?;
    if handlers.iter().any(|h| ctx.actor.can(*h, Action::ReadComplaints)) {
        return Ok(());
    }
    if handlers.iter().chain([&c.institution_id]).any(|h| ctx.actor.readable.contains(h)) {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

pub struct ComplaintView {
    pub complaint: Complaint,
    pub steps: Vec<store::complaints::StepRow>,
    pub files: Vec<store::attachments::Meta>,
    pub deadlines: sla::Deadlines,
    pub overdue: Vec<sla::Overdue>,
    /// The actor may take the next step (it is with the actor's institution).
    pub can_act: bool,
}

pub async fn calendar(db: &Db) -> AppResult<sla::Calendar> {
    let days = store::complaints::holidays(db).await?;
    Ok(sla::Calendar::new(days.iter().filter_map(|(d, _)| swadaya_domain::dates::parse_iso(d))))
}

pub fn deadlines_of(cal: &sla::Calendar, c: &Complaint) -> sla::Deadlines {
    let parse = |s: &str| swadaya_domain::dates::parse_iso(s).unwrap_or_default();
    sla::deadlines(cal, parse(&c.received_on), parse(&c.clock_start))
}

pub fn status_of(c: &Complaint) -> Status {
    Status::parse(&c.status).unwrap_or(Status::Received)
}

/// Forwarded to SP4N-LAPOR!: the clocks are theirs now.
pub fn forwarded_out(c: &Complaint) -> bool {
    c.level == Level::National.code()
}

/// The status a step leads to from where the complaint stands, or `None` if not allowed.
pub fn next_status(c: &Complaint, step: swadaya_domain::complaint::Step) -> Option<Status> {
    if forwarded_out(c) {
        step.next_forwarded(status_of(c))
    } else {
        step.next(status_of(c))
    }
}

/// Service levels missed on `today` (none once forwarded outside).
pub fn overdue_of(cal: &sla::Calendar, c: &Complaint, today: chrono::NaiveDate) -> Vec<sla::Overdue> {
    if forwarded_out(c) {
        return vec![];
    }
    sla::overdue(status_of(c), &deadlines_of(cal, c), today)
}

/// The complaint seen from `institution_id`'s register (the page's path): the complaint must
/// be with that institution now or have passed through it.
pub async fn view(db: &Db, ctx: &Ctx, institution_id: i64, id: i64, today: chrono::NaiveDate) -> AppResult<ComplaintView> {
    ctx.require(institution_id, Action::ReadComplaints)?;
    let complaint = store::complaints::get(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    let handlers = store::complaints::handlers(db, id).await?;
    if complaint.institution_id != institution_id && !handlers.contains(&institution_id) {
        return Err(AppError::NotFound);
    }
    require_read(db, ctx, &complaint).await?;
    let steps = store::complaints::steps(db, id).await?;
    let files = store::attachments::of_kind(&db.pool, complaint.origin_institution_id, "complaint")
        .await?
        .into_iter()
        .filter(|f| f.owner_id == id)
        .collect();
    let cal = calendar(db).await?;
    let deadlines = deadlines_of(&cal, &complaint);
    let overdue = overdue_of(&cal, &complaint, today);
    let can_act = complaint.institution_id == institution_id && ctx.actor.can(institution_id, Action::HandleComplaints);
    Ok(ComplaintView { complaint, steps, files, deadlines, overdue, can_act })
}

pub struct Listed {
    pub complaint: Complaint,
    pub overdue: Vec<sla::Overdue>,
}

pub struct Register {
    pub rows: Vec<Listed>,
    pub total: i64,
    /// Every open complaint with this institution that has missed a service level.
    pub overdue: Vec<Listed>,
    pub counts: Vec<(Status, i64)>,
}

pub async fn list(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    status: Option<&str>,
    limit: i64,
    offset: i64,
    today: chrono::NaiveDate,
) -> AppResult<Register> {
    ctx.require(institution_id, Action::ReadComplaints)?;
    let status = status.filter(|s| *s == "open" || Status::parse(s).is_some());
    let (rows, total) = store::complaints::list(db, institution_id, status, limit, offset).await?;
    let cal = calendar(db).await?;
    let flag = |c: Complaint| {
        let overdue =
            if c.institution_id == institution_id { sla::overdue(status_of(&c), &deadlines_of(&cal, &c), today) } else { vec![] };
        Listed { complaint: c, overdue }
    };
    let overdue: Vec<Listed> =
        store::complaints::open_at(db, institution_id).await?.into_iter().map(flag).filter(|l| !l.overdue.is_empty()).collect();
    let by_status = store::complaints::counts(db, institution_id).await?;
    let counts = swadaya_domain::complaint::ALL_STATUSES
        .iter()
        .map(|s| (*s, by_status.iter().find(|(code, _)| code == s.code()).map(|x| x.1).unwrap_or(0)))
        .collect();
    Ok(Register { rows: rows.into_iter().map(flag).collect(), total, overdue, counts })
}

/// What a citizen reads with the tracking code: the status, who handles it now, and the public
/// steps (rejection, answers, escalations), never the unit's working notes or the contact.
pub struct Tracked {
    pub complaint: Complaint,
    pub steps: Vec<store::complaints::StepRow>,
}

pub async fn track(db: &Db, code: &str) -> AppResult<Option<Tracked>> {
    let Some(code) = tracking::normalise(code) else { return Ok(None) };
    let Some(complaint) = store::complaints::by_code(db, &code).await? else { return Ok(None) };
    let steps = store::complaints::steps(db, complaint.id)
        .await?
        .into_iter()
        .filter(|s| swadaya_domain::complaint::Step::parse(&s.step).is_some_and(|x| x.is_public()))
        .collect();
    Ok(Some(Tracked { complaint, steps }))
}

/// One file of a complaint the caller may read, with its bytes.
pub async fn file(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    complaint_id: i64,
    file_id: i64,
    today: chrono::NaiveDate,
) -> AppResult<(store::attachments::Meta, Vec<u8>)> {
    let v = view(db, ctx, institution_id, complaint_id, today).await?;
    if !v.files.iter().any(|f| f.id == file_id) {
        return Err(AppError::NotFound);
    }
    store::attachments::get(&db.pool, v.complaint.origin_institution_id, file_id).await?.ok_or(AppError::NotFound)
}

/// Whether any complaint was ever filed with the institution (where it went afterwards aside).
pub async fn any_filed_with(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<bool> {
    ctx.require(institution_id, Action::ReadComplaints)?;
    Ok(!store::complaints::filed_with(db, institution_id).await?.is_empty())
}
