//! Field mode: what a treasurer's phone takes into a meeting with no signal (the pack), and what
//! it sends back when the signal returns (one waiting item at a time). Every item carries the
//! idempotency key made when it was saved on the phone, so a resend after a lost answer, or the
//! same outbox sent from two tabs, records it once.

pub mod file;

use crate::app::complaints::{self, ComplaintInput};
use crate::app::ksm::corrections::{self, Outcome};
use crate::app::ksm::sheets::SheetInput;
use crate::app::{AppError, AppResult, Ctx, FieldError};
use crate::store::{self, Db};
use serde::{Deserialize, Serialize};
use swadaya_domain::roles::Action;
use swadaya_domain::Lang;

#[derive(Debug, Serialize)]
pub struct PackMember {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub joined_on: String,
    pub left_on: Option<String>,
}

/// An unpaid instalment: (member id, due date, amount still owed).
pub type Due = (i64, String, i64);

#[derive(Debug, Serialize)]
pub struct PackGroup {
    pub institution_id: i64,
    pub institution: String,
    pub id: i64,
    pub name: String,
    pub formed_on: String,
    pub routine_amount: i64,
    pub bookkeeping_days: i64,
    pub members: Vec<PackMember>,
    pub dues: Vec<Due>,
}

#[derive(Debug, Serialize)]
pub struct PackInstitution {
    pub id: i64,
    pub name: String,
}

/// Everything the phone needs to fill sheets and write complaints offline.
#[derive(Debug, Serialize)]
pub struct Pack {
    /// The server's time when the pack was made (UTC); the phone shows it on every offline page.
    pub fetched_at: String,
    /// The server's date: a phone whose clock disagrees is told so.
    pub today: String,
    pub username: String,
    pub display_name: String,
    pub groups: Vec<PackGroup>,
    /// Where a complaint written in the field can be sent.
    pub institutions: Vec<PackInstitution>,
    /// Words the offline pages show, in the user's language, from the same source as the server's.
    pub labels: serde_json::Value,
}

fn labels(lang: Lang) -> serde_json::Value {
    use swadaya_domain::complaint::{ALL_CATEGORIES, ALL_KINDS};
    use swadaya_domain::ksm::{Attendance, SavingsKind};
    let pairs = |v: Vec<(&str, &str)>| v.into_iter().map(|(c, l)| [c.to_string(), l.to_string()]).collect::<Vec<_>>();
    serde_json::json!({
        "attendance": pairs([Attendance::Present, Attendance::Excused, Attendance::Absent].iter().map(|a| (a.code(), a.label(lang))).collect()),
        "savings": {
            "wajib": SavingsKind::Routine.short(lang),
            "sukarela": SavingsKind::Voluntary.short(lang),
            "tanggung_renteng": SavingsKind::JointLiability.short(lang),
        },
        "roles": pairs(["ketua", "sekretaris", "bendahara", "anggota"].iter().map(|r| (*r, swadaya_domain::ksm::role_label(r, lang))).collect()),
        "complaint_kinds": pairs(ALL_KINDS.iter().map(|k| (k.code(), k.label(lang))).collect()),
        "categories": pairs(ALL_CATEGORIES.iter().map(|c| (c.code(), c.label(lang))).collect()),
        "content_min": swadaya_domain::complaint::CONTENT_MIN,
        "content_max": swadaya_domain::complaint::CONTENT_MAX,
    })
}

/// The institutions where this user records KSM meetings.
fn recording(ctx: &Ctx) -> Vec<i64> {
    ctx.actor.readable.iter().copied().filter(|i| ctx.actor.can(*i, Action::RecordMeetings)).collect()
}

pub async fn pack(db: &Db, ctx: &Ctx) -> AppResult<Pack> {
    let mut groups = Vec::new();
    let mut institutions = Vec::new();
    for id in &ctx.actor.readable {
        let Some(inst) = store::registers::get_institution(db, *id).await? else { continue };
        institutions.push(PackInstitution { id: inst.id, name: inst.name.clone() });
        if !recording(ctx).contains(id) {
            continue;
        }
        for g in crate::app::ksm::list(db, ctx, *id).await? {
            let members = store::ksm::list_members(db, *id, g.id)
                .await?
                .into_iter()
                .map(|m| PackMember { id: m.id, name: m.name, role: m.role, joined_on: m.joined_on, left_on: m.left_on })
                .collect();
            let dues = crate::app::fund::repayments::unpaid_dues(db, *id, g.id).await?;
            groups.push(PackGroup {
                institution_id: *id,
                institution: inst.name.clone(),
                id: g.id,
                name: g.data.name,
                formed_on: g.data.formed_on,
                routine_amount: g.data.routine_amount,
                bookkeeping_days: g.data.bookkeeping_days,
                members,
                dues,
            });
        }
    }
    Ok(Pack {
        fetched_at: store::now_utc(),
        today: chrono::Local::now().date_naive().to_string(),
        username: ctx.actor.username.clone(),
        display_name: ctx.actor.display_name.clone(),
        groups,
        institutions,
        labels: labels(ctx.lang),
    })
}

/// One item of the phone's outbox.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Item {
    Sheet { institution_id: i64, ksm_id: i64, sheet: SheetInput },
    Complaint { institution_id: i64, complaint: ComplaintInput },
}

#[derive(Debug, Serialize, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Recorded (now or by an earlier send of the same item).
    Sent,
    /// The meeting was already recorded: kept as a proposed correction for the treasurer.
    Proposed,
    /// Not recorded; the phone keeps it until the user changes or removes it.
    Refused,
}

#[derive(Debug, Serialize)]
pub struct Reply {
    pub status: Status,
    pub message: String,
    /// What the user should do next (refused items).
    pub advice: String,
    pub link: Option<String>,
    pub errors: Vec<FieldError>,
    /// The server's own time of receipt; the phone's clock is not trusted.
    pub received_at: String,
}

fn reply(status: Status, message: String, link: Option<String>) -> Reply {
    Reply { status, message, advice: String::new(), link, errors: Vec::new(), received_at: store::now_utc() }
}

/// Sends one item. Refusals are answers (the item stays on the phone); only a failure of the
/// server itself is an error, and the phone then simply tries again later.
pub async fn send(db: &Db, ctx: &Ctx, item: &Item) -> AppResult<Reply> {
    let lang = ctx.lang;
    let outcome = match item {
        Item::Sheet { institution_id, ksm_id, sheet } => {
            match corrections::record_or_propose(db, ctx, *institution_id, *ksm_id, sheet).await {
                Ok(Outcome::Recorded(mid)) => Ok(reply(
                    Status::Sent,
                    ctx.t("Lembar pertemuan tercatat.", "The meeting sheet is recorded.").into(),
                    Some(crate::app::ksm::sheets::meeting_link(*institution_id, *ksm_id, mid)),
                )),
                Ok(Outcome::Proposed(_, original)) => Ok(reply(
                    Status::Proposed,
                    ctx.t(
                        "Pertemuan tanggal ini sudah tercatat sebelumnya. Lembar ini disimpan sebagai usulan koreksi di samping lembar asli; pengurus yang mencatat pertemuan menerima atau menolaknya di halaman pertemuan itu. Tidak ada uang yang diubah.",
                        "This meeting was already recorded. This sheet is kept as a proposed correction beside the original; an officer who records meetings accepts or rejects it on that meeting's page. No money was changed.",
                    )
                    .into(),
                    Some(crate::app::ksm::sheets::meeting_link(*institution_id, *ksm_id, original)),
                )),
                Err(e) => Err(e),
            }
        }
        Item::Complaint { institution_id, complaint } => {
            // Heard in person on the day the cadre gives; the unit's own officers also name the
            // channel (in person unless they chose another).
            let handler = ctx.actor.can(*institution_id, Action::HandleComplaints);
            let filed = if handler {
                let mut c = complaint.clone();
                if c.channel.trim().is_empty() {
                    c.channel = "in_person".into();
                }
                complaints::register(db, ctx, *institution_id, &c, &[]).await
            } else {
                complaints::file_in_person(db, ctx, *institution_id, complaint).await
            };
            filed.map(|(id, code)| {
                let message = match lang {
                    Lang::Id => format!("Pengaduan tercatat. Kode lacak: {code}. Berikan kode ini kepada pelapor."),
                    Lang::En => format!("The complaint is recorded. Tracking code: {code}. Give this code to the complainant."),
                };
                // The code works like a password: it never goes into a link.
                reply(Status::Sent, message, handler.then(|| format!("/i/{institution_id}/complaints/{id}")))
            })
        }
    };
    match outcome {
        Ok(r) => Ok(r),
        Err(e) => {
            let hint = date_hint(db, item).await?;
            refused(ctx, e, hint)
        }
    }
}

/// What a refused date most likely means, so the advice fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateHint {
    Unknown,
    /// After the server's today: the phone's clock, or a typing slip.
    Future,
    /// In a month whose books are closed: only a correction by the UPK can record it.
    ClosedMonth,
}

async fn date_hint(db: &Db, item: &Item) -> AppResult<DateHint> {
    let (institution_id, day) = match item {
        Item::Sheet { institution_id, sheet, .. } => (*institution_id, &sheet.held_on),
        Item::Complaint { institution_id, complaint } => (*institution_id, &complaint.received_on),
    };
    let Some(day) = swadaya_domain::dates::parse_date(day) else { return Ok(DateHint::Unknown) };
    if day > chrono::Local::now().date_naive() {
        return Ok(DateHint::Future);
    }
    // A date before the group existed is a slip, whatever the books say.
    if let Item::Sheet { ksm_id, .. } = item {
        let formed = store::ksm::get_ksm(db, institution_id, *ksm_id).await?.map(|g| g.data.formed_on);
        if formed.is_some_and(|f| day.to_string() < f) {
            return Ok(DateHint::Unknown);
        }
    }
    let closed = store::books::last_closed(&db.pool, institution_id).await?;
    let month = day.format("%Y-%m").to_string();
    Ok(if closed.is_some_and(|c| month <= c) { DateHint::ClosedMonth } else { DateHint::Unknown })
}

/// Turns a refusal into words for the outbox, with what to do about it.
fn refused(ctx: &Ctx, e: AppError, hint: DateHint) -> AppResult<Reply> {
    let mut r = reply(Status::Refused, String::new(), None);
    match e {
        AppError::Invalid(errs) => {
            r.message = ctx.t("Ditolak: ada isian yang perlu diperbaiki.", "Refused: some entries need fixing.").into();
            let date = errs.iter().any(|e| e.field == "held_on" || e.field == "received_on");
            let members = errs.iter().any(|e| e.field == "lines" || e.field.ends_with("-attendance"));
            r.advice = if date && hint == DateHint::ClosedMonth {
                ctx.t(
                    "Buku bulan itu sudah ditutup, jadi lembar ini tidak dapat dicatat dari ponsel. Unduh berkasnya dan serahkan kepada bendahara UPK untuk dicatat sebagai koreksi; jangan ubah tanggal pertemuannya.",
                    "The books of that month are closed, so this sheet cannot be recorded from the phone. Download the file and give it to the UPK treasurer to record as a correction; do not change the meeting date.",
                )
            } else if date && hint == DateHint::Future {
                ctx.t(
                    "Periksa tanggal dan jam di ponsel, ubah tanggalnya, lalu kirim lagi.",
                    "Check the phone's date and clock, change the date, then send again.",
                )
            } else if members {
                ctx.t(
                    "Daftar anggota di ponsel sudah berubah di server. Siapkan ulang data lapangan saat ada sinyal, ubah lembar ini, lalu kirim lagi.",
                    "The member list changed on the server since this phone was prepared. Prepare for the field again while online, change this sheet, then send again.",
                )
            } else {
                ctx.t("Ubah isian yang ditandai, lalu kirim lagi.", "Change the marked entries, then send again.")
            }
            .into();
            r.errors = errs;
        }
        AppError::Conflict { message, link } => {
            r.message = message;
            r.link = link;
            r.advice = ctx
                .t(
                    "Buka tautannya untuk melihat yang sudah tercatat; ubah atau hapus item ini.",
                    "Open the link to see what is recorded; change or remove this item.",
                )
                .into();
        }
        AppError::Forbidden | AppError::NotFound => {
            r.message = ctx
                .t(
                    "Anda tidak (lagi) dapat mencatat di lembaga atau KSM ini.",
                    "You can no longer record for this institution or KSM.",
                )
                .into();
            r.advice = ctx
                .t(
                    "Unduh item ini dan serahkan kepada pengurus UPK agar dicatat.",
                    "Download this item and give it to the UPK officer to record.",
                )
                .into();
        }
        other => return Err(other),
    }
    Ok(r)
}
