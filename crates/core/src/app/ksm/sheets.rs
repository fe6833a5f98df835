//! The collection sheet: one form per meeting recording, for every member, attendance, savings
//! paid per kind and instalment paid. Saved in one transaction with its savings movements and
//! audit row; a retry with the same key records nothing new; a saved sheet is never edited, a
//! correction is an amendment with a reason.

use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, ksm::Member, Db};
use std::collections::HashMap;
use swadaya_domain::dates::parse_date;
use swadaya_domain::ksm::{Attendance, SavingsKind};
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Meeting {
    pub id: i64,
    pub ksm_id: i64,
    pub held_on: String,
    /// The day the sheet was entered (bookkeeping timeliness)
    pub entered_on: String,
    pub agenda: Option<String>,
    pub agenda_planned: i64,
    pub agenda_done: i64,
    pub notes: Option<String>,
    /// The sheet this one corrects
    pub amends_id: Option<i64>,
    pub reason: Option<String>,
    pub entered_by: String,
    /// Sent from a phone's field-mode outbox (filled where the meeting was, perhaps offline)
    pub from_field: bool,
}

#[derive(Debug, Clone, Default, serde::Serialize, PartialEq, utoipa::ToSchema)]
pub struct Line {
    pub member_id: i64,
    /// hadir, izin or absen
    pub attendance: String,
    pub wajib: i64,
    pub sukarela: i64,
    pub tanggung_renteng: i64,
    pub instalment: i64,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[schema(as = SheetLineInput)]
pub struct LineInput {
    #[serde(default, deserialize_with = "crate::app::input::id")]
    pub member_id: i64,
    /// hadir, izin or absen
    pub attendance: String,
    /// Routine savings paid, e.g. "5.000" (empty = 0)
    #[serde(default)]
    pub wajib: String,
    #[serde(default)]
    pub sukarela: String,
    #[serde(default)]
    pub tanggung_renteng: String,
    /// Instalment paid (only for members with a running loan)
    #[serde(default)]
    pub instalment: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct SheetInput {
    /// Meeting date, e.g. 2026-11-24 or 24/11/2026
    pub held_on: String,
    /// Agenda items, one per line
    #[serde(default)]
    pub agenda: String,
    #[serde(default)]
    pub agenda_planned: String,
    #[serde(default)]
    pub agenda_done: String,
    /// Notes and minutes
    #[serde(default)]
    pub notes: String,
    pub lines: Vec<LineInput>,
    /// Makes a retried submission harmless: the same key is recorded once
    #[serde(default)]
    pub idem_key: Option<String>,
    /// Required for a correction
    #[serde(default)]
    pub reason: String,
}

pub fn line_field(member_id: i64, column: &str) -> String {
    format!("line-{member_id}-{column}")
}

fn amount(e: &mut Errors, lang: Lang, field: &str, v: &str) -> i64 {
    match swadaya_domain::savings::entry(v) {
        Ok(r) => r.0,
        Err(err) => {
            e.add(field, err.msg(lang));
            0
        }
    }
}

fn count(e: &mut Errors, lang: Lang, field: &str, v: &str) -> i64 {
    if v.trim().is_empty() {
        return 0;
    }
    match v.trim().parse::<i64>() {
        Ok(n) if (0..=50).contains(&n) => n,
        _ => {
            e.add(field, lang.pick("Tulis angka 0 sampai 50.", "Write a number from 0 to 50."));
            0
        }
    }
}

struct Checked {
    held_on: String,
    agenda: Option<String>,
    planned: i64,
    done: i64,
    notes: Option<String>,
    lines: Vec<Line>,
}

/// Checks a sheet against the group's members on the meeting date. Every problem is reported on
/// its own row and field.
fn check(
    lang: Lang,
    group: &store::ksm::Ksm,
    members: &[Member],
    input: &SheetInput,
    fixed_date: Option<&str>,
    borrowers: &std::collections::HashSet<i64>,
) -> AppResult<Checked> {
    let mut e = Errors::default();
    let today = chrono::Local::now().date_naive();
    let held = match fixed_date {
        Some(d) => parse_date(d),
        None => parse_date(&input.held_on),
    };
    match held {
        None if input.held_on.trim().is_empty() => e.add("held_on", text::TextError::Required.msg(lang)),
        None => e.add(
            "held_on",
            lang.pick("Tanggal tidak terbaca. Tulis seperti 24/11/2026.", "Cannot read the date. Write it like 24/11/2026."),
        ),
        Some(d) if d > today => e.add(
            "held_on",
            lang.pick("Tanggal pertemuan tidak boleh di masa depan.", "The meeting date cannot be in the future."),
        ),
        Some(d) if d.to_string() < group.data.formed_on => e.add(
            "held_on",
            lang.pick("Tanggal pertemuan sebelum KSM terbentuk.", "The meeting date is before the KSM was formed."),
        ),
        Some(_) => {}
    }
    let held_on = held.map(|d| d.to_string()).unwrap_or_default();
    let agenda = e.take("agenda", text::optional_text(&input.agenda, 2000), |x| x.msg(lang)).flatten();
    let notes = e.take("notes", text::optional_text(&input.notes, 10_000), |x| x.msg(lang)).flatten();
    let before = e.0.len();
    let planned = count(&mut e, lang, "agenda_planned", &input.agenda_planned);
    let done = count(&mut e, lang, "agenda_done", &input.agenda_done);
    // Compared only when both numbers were readable.
    if e.0.len() == before && done > planned {
        e.add(
            "agenda_done",
            lang.pick("Agenda terlaksana lebih banyak dari yang direncanakan.", "More agenda items done than planned."),
        );
    }
    let by_id: HashMap<i64, &Member> = members.iter().map(|m| (m.id, m)).collect();
    let mut lines = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for l in &input.lines {
        let f = |c: &str| line_field(l.member_id, c);
        match by_id.get(&l.member_id) {
            Some(m) if held.is_none() || m.active_on(&held_on) => {}
            Some(m) => e.add(
                &f("attendance"),
                match lang {
                    Lang::Id => format!("{} bukan anggota KSM pada tanggal ini.", m.name),
                    Lang::En => format!("{} was not a member on this date.", m.name),
                },
            ),
            None => e.add(&f("attendance"), lang.pick("Bukan anggota KSM ini.", "Not a member of this KSM.")),
        }
        if !seen.insert(l.member_id) {
            e.add(&f("attendance"), lang.pick("Anggota ini tercatat dua kali.", "This member appears twice."));
        }
        let attendance = Attendance::parse(&l.attendance);
        if attendance.is_none() {
            e.add(&f("attendance"), lang.pick("Pilih hadir, izin atau tidak hadir.", "Choose present, excused or absent."));
        }
        let line = Line {
            member_id: l.member_id,
            attendance: attendance.map(|a| a.code().to_string()).unwrap_or_default(),
            wajib: amount(&mut e, lang, &f("wajib"), &l.wajib),
            sukarela: amount(&mut e, lang, &f("sukarela"), &l.sukarela),
            tanggung_renteng: amount(&mut e, lang, &f("tanggung_renteng"), &l.tanggung_renteng),
            instalment: amount(&mut e, lang, &f("instalment"), &l.instalment),
        };
        if line.instalment != 0 && !borrowers.contains(&l.member_id) {
            e.add(
                &f("instalment"),
                lang.pick(
                    "Anggota ini belum punya pinjaman berjalan; angsuran harus 0.",
                    "This member has no running loan; the instalment must be 0.",
                ),
            );
        }
        lines.push(line);
    }
    if held.is_some() && !members.iter().any(|m| m.active_on(&held_on)) && e.0.is_empty() {
        e.add(
            "held_on",
            lang.pick(
                "KSM ini tidak punya anggota pada tanggal ini. Periksa tanggalnya.",
                "This KSM has no members on this date. Check the date.",
            ),
        );
    }
    if held.is_some() {
        let missing: Vec<&str> =
            members.iter().filter(|m| m.active_on(&held_on) && !seen.contains(&m.id)).map(|m| m.name.as_str()).collect();
        if !missing.is_empty() {
            e.add(
                "lines",
                match lang {
                    Lang::Id => format!("Setiap anggota perlu satu baris; belum ada: {}.", missing.join(", ")),
                    Lang::En => format!("Every member needs a row; missing: {}.", missing.join(", ")),
                },
            );
        }
    }
    e.finish()?;
    Ok(Checked { held_on, agenda, planned, done, notes, lines })
}

fn kinds(l: &Line) -> [(SavingsKind, i64); 3] {
    [(SavingsKind::Routine, l.wajib), (SavingsKind::Voluntary, l.sukarela), (SavingsKind::JointLiability, l.tanggung_renteng)]
}

pub fn meeting_link(institution_id: i64, ksm_id: i64, meeting_id: i64) -> String {
    format!("/i/{institution_id}/ksm/{ksm_id}/meetings/{meeting_id}")
}

/// Records a new collection sheet entered today. Returns the meeting id (the first one's on a
/// retried key).
pub async fn record(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, input: &SheetInput) -> AppResult<i64> {
    record_entered(db, ctx, institution_id, ksm_id, input, chrono::Local::now().date_naive()).await
}

/// As `record`, with the day the sheet was entered given (paper sheets typed in later, demo data).
pub async fn record_entered(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    ksm_id: i64,
    input: &SheetInput,
    entered: chrono::NaiveDate,
) -> AppResult<i64> {
    ctx.require_ksm(institution_id, ksm_id, Action::RecordMeetings)?;
    let group = store::ksm::get_ksm(db, institution_id, ksm_id).await?.ok_or(AppError::NotFound)?;
    let members = store::ksm::list_members(db, institution_id, ksm_id).await?;
    let key = crate::app::one_time_key(ctx.lang, input.idem_key.as_deref())?;
    let mut tx = db.begin().await?;
    if let Some(k) = key {
        if let Some(first) = store::ksm::meeting_by_idem(&mut tx, institution_id, k).await? {
            return Ok(first.id);
        }
    }
    // Who has a running loan matters only to a sheet with instalments on it.
    let borrowers = if input.lines.iter().all(|l| l.instalment.trim().trim_matches(['0', '.', ',']).is_empty()) {
        Default::default()
    } else {
        borrowers(&mut tx, institution_id, ksm_id).await?
    };
    let c = check(ctx.lang, &group, &members, input, None, &borrowers)?;
    let today = entered.to_string();
    let new = store::ksm::NewMeeting {
        ksm_id,
        held_on: &c.held_on,
        entered_on: &today,
        agenda: c.agenda.as_deref(),
        agenda_planned: c.planned,
        agenda_done: c.done,
        notes: c.notes.as_deref(),
        amends_id: None,
        reason: None,
        entered_by: &ctx.actor.username,
        idem_key: key,
    };
    let id = match store::ksm::insert_meeting(&mut tx, institution_id, &new).await {
        Ok(id) => id,
        // A meeting of that day is already recorded: by someone else, or by this same sheet
        // sent twice at once (two tabs, a retry), which then answers with the first one.
        Err(e) if store::is_unique_violation(&e) => {
            drop(tx);
            let mut tx = db.begin().await?;
            if let Some(k) = key {
                if let Some(first) = store::ksm::meeting_by_idem(&mut tx, institution_id, k).await? {
                    return Ok(first.id);
                }
            }
            let existing = store::ksm::original_on(&mut tx, institution_id, ksm_id, &c.held_on).await?.ok_or(AppError::Db(e))?;
            return Err(already_recorded(ctx.lang, institution_id, &existing));
        }
        Err(e) => return Err(e.into()),
    };
    store::ksm::insert_lines(&mut tx, institution_id, id, &c.lines).await?;
    let movements: Vec<store::ksm::Movement> = c
        .lines
        .iter()
        .flat_map(|l| {
            kinds(l).into_iter().filter(|(_, amount)| *amount > 0).map(move |(kind, amount)| (l.member_id, kind, amount))
        })
        .map(|(member_id, kind, amount)| store::ksm::Movement {
            ksm_id,
            member_id,
            kind: kind.code(),
            amount,
            on_date: &c.held_on,
            meeting_id: Some(id),
            note: None,
            created_by: &ctx.actor.username,
            idem_key: None,
        })
        .collect();
    store::ksm::insert_movements(&mut tx, institution_id, &movements).await?;
    for l in c.lines.iter().filter(|l| l.instalment > 0) {
        pay_instalment(
            &mut tx,
            ctx,
            institution_id,
            &SheetPayment { ksm_id, meeting_id: id, held_on: &c.held_on, member_id: l.member_id, amount: l.instalment },
        )
        .await?;
    }
    let mut ev = ctx.audit("create", "meeting", id, Some(institution_id));
    ev.after = to_json(
        &serde_json::json!({"ksm_id": ksm_id, "held_on": c.held_on, "agenda_planned": c.planned, "agenda_done": c.done, "lines": c.lines}),
    );
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

fn already_recorded(lang: Lang, institution_id: i64, m: &Meeting) -> AppError {
    AppError::Conflict {
        message: match lang {
            Lang::Id => format!(
                "Pertemuan tanggal {} sudah tercatat oleh {}. Buka lembar itu; bila ada yang salah, buat koreksi di sana.",
                swadaya_domain::dates::parse_date(&m.held_on)
                    .map(|d| swadaya_domain::dates::format_date(d, lang))
                    .unwrap_or_default(),
                m.entered_by
            ),
            Lang::En => format!(
                "The meeting of {} was already recorded by {}. Open that sheet; if something is wrong, correct it there.",
                swadaya_domain::dates::parse_date(&m.held_on)
                    .map(|d| swadaya_domain::dates::format_date(d, lang))
                    .unwrap_or_default(),
                m.entered_by
            ),
        },
        link: Some(meeting_link(institution_id, m.ksm_id, m.id)),
    }
}

/// The sheet in force for each meeting: the newest amendment, or the original.
pub fn latest_versions(all: &[Meeting]) -> Vec<Meeting> {
    let mut latest: HashMap<i64, &Meeting> = HashMap::new();
    for m in all {
        let root = m.amends_id.unwrap_or(m.id);
        match latest.get(&root) {
            Some(cur) if cur.id >= m.id => {}
            _ => {
                latest.insert(root, m);
            }
        }
    }
    let mut v: Vec<Meeting> = latest.into_values().cloned().collect();
    v.sort_by(|a, b| b.held_on.cmp(&a.held_on));
    v
}

/// Records a correction of a saved sheet: a new sheet pointing at the original with a reason.
/// Savings move by the difference to the version it replaces; a correction that would leave a
/// balance below zero (the money was already withdrawn) is refused.
pub async fn amend(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, original_id: i64, input: &SheetInput) -> AppResult<i64> {
    ctx.require_ksm(institution_id, ksm_id, Action::RecordMeetings)?;
    let lang = ctx.lang;
    let group = store::ksm::get_ksm(db, institution_id, ksm_id).await?.ok_or(AppError::NotFound)?;
    let original = store::ksm::get_meeting(db, institution_id, original_id)
        .await?
        .filter(|m| m.ksm_id == ksm_id && m.amends_id.is_none())
        .ok_or(AppError::NotFound)?;
    let reason = text::required_line(&input.reason, 500).map_err(|e| AppError::field("reason", e.msg(lang)))?;
    let members = store::ksm::list_members(db, institution_id, ksm_id).await?;
    let running: std::collections::HashSet<i64> =
        store::fund::running_shares(&db.pool, institution_id, ksm_id).await?.into_iter().map(|(_, m)| m).collect();
    let c = check(lang, &group, &members, input, Some(&original.held_on), &running)?;
    let all = store::ksm::list_meetings(db, institution_id, ksm_id).await?;
    let current =
        latest_versions(&all).into_iter().find(|m| m.amends_id.unwrap_or(m.id) == original.id).unwrap_or(original.clone());
    let before = store::ksm::lines_of(db, institution_id, current.id).await?;
    let before_by: HashMap<i64, &Line> = before.iter().map(|l| (l.member_id, l)).collect();
    let today = chrono::Local::now().date_naive().to_string();
    let key = crate::app::one_time_key(ctx.lang, input.idem_key.as_deref())?;
    let mut tx = db.begin().await?;
    if let Some(k) = key {
        if let Some(first) = store::ksm::meeting_by_idem(&mut tx, institution_id, k).await? {
            return Ok(first.id);
        }
    }
    let new = store::ksm::NewMeeting {
        ksm_id,
        held_on: &original.held_on,
        entered_on: &today,
        agenda: c.agenda.as_deref(),
        agenda_planned: c.planned,
        agenda_done: c.done,
        notes: c.notes.as_deref(),
        amends_id: Some(original.id),
        reason: Some(&reason),
        entered_by: &ctx.actor.username,
        idem_key: key,
    };
    let id = store::ksm::insert_meeting(&mut tx, institution_id, &new).await?;
    store::ksm::insert_lines(&mut tx, institution_id, id, &c.lines).await?;
    let mut errors = Errors::default();
    for l in &c.lines {
        let old = before_by.get(&l.member_id).map(|o| kinds(o)).unwrap_or([
            (SavingsKind::Routine, 0),
            (SavingsKind::Voluntary, 0),
            (SavingsKind::JointLiability, 0),
        ]);
        for ((kind, new_amount), (_, old_amount)) in kinds(l).into_iter().zip(old) {
            let delta = new_amount - old_amount;
            if delta == 0 {
                continue;
            }
            let note = format!("koreksi: {reason}");
            let m = store::ksm::Movement {
                ksm_id,
                member_id: l.member_id,
                kind: kind.code(),
                amount: delta,
                on_date: &original.held_on,
                meeting_id: Some(id),
                note: Some(&note),
                created_by: &ctx.actor.username,
                idem_key: None,
            };
            store::ksm::insert_movement(&mut tx, institution_id, &m).await?;
            if store::ksm::lowest_running_in_tx(&mut tx, institution_id, l.member_id, kind.code()).await? < 0 {
                errors.add(&line_field(l.member_id, column_of(kind)), lang.pick(
                    "Koreksi ini membuat saldo tabungan negatif (uangnya sudah ditarik). Catat penarikan koreksi terlebih dulu.",
                    "This correction would make the savings balance negative (the money was withdrawn). Record a corrective withdrawal first.",
                ));
            }
        }
    }
    errors.finish()?;
    // An instalment that changed is corrected by reversing what this meeting paid and paying
    // the corrected amount: money already posted is never edited.
    let chain: Vec<i64> = all.iter().filter(|m| m.id == original.id || m.amends_id == Some(original.id)).map(|m| m.id).collect();
    for l in &c.lines {
        let old = before_by.get(&l.member_id).map(|o| o.instalment).unwrap_or(0);
        if old == l.instalment {
            continue;
        }
        crate::app::books::check_open(&mut tx, lang, institution_id, "held_on", &original.held_on).await?;
        for p in store::fund::live_payments_of_meeting(&mut tx, institution_id, &chain).await? {
            if p.member_id == l.member_id {
                crate::app::fund::repayments::reverse_in(
                    &mut tx,
                    ctx,
                    institution_id,
                    p.id,
                    &original.held_on,
                    &reason,
                    "held_on",
                )
                .await?;
            }
        }
        if l.instalment > 0 {
            pay_instalment(
                &mut tx,
                ctx,
                institution_id,
                &SheetPayment {
                    ksm_id,
                    meeting_id: id,
                    held_on: &original.held_on,
                    member_id: l.member_id,
                    amount: l.instalment,
                },
            )
            .await?;
        }
    }
    let mut ev = ctx.audit("amend", "meeting", id, Some(institution_id));
    ev.before = to_json(&serde_json::json!({"meeting_id": current.id, "lines": before}));
    ev.after = to_json(&serde_json::json!({"amends_id": original.id, "reason": reason, "lines": c.lines}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

pub fn column_of(kind: SavingsKind) -> &'static str {
    match kind {
        SavingsKind::Routine => "wajib",
        SavingsKind::Voluntary => "sukarela",
        SavingsKind::JointLiability => "tanggung_renteng",
    }
}

/// Members of the group with a disbursed loan: the only ones whose instalment may be above 0.
async fn borrowers(
    tx: &mut crate::store::WriteTx,
    institution_id: i64,
    ksm_id: i64,
) -> AppResult<std::collections::HashSet<i64>> {
    Ok(store::fund::running_shares(&mut ***tx, institution_id, ksm_id).await?.into_iter().map(|(_, m)| m).collect())
}

/// A member's instalment written on a sheet.
struct SheetPayment<'a> {
    ksm_id: i64,
    meeting_id: i64,
    held_on: &'a str,
    member_id: i64,
    amount: i64,
}

/// Posts a member's instalment from the sheet to the loan it repays.
async fn pay_instalment(tx: &mut crate::store::WriteTx, ctx: &Ctx, institution_id: i64, sp: &SheetPayment<'_>) -> AppResult<()> {
    let field = line_field(sp.member_id, "instalment");
    let Some(loan_id) = crate::app::fund::repayments::loan_for_sheet(tx, institution_id, sp.ksm_id, sp.member_id).await? else {
        return Err(AppError::field(
            &field,
            ctx.t("Anggota ini tidak punya pinjaman berjalan.", "This member has no running loan."),
        ));
    };
    let p = crate::app::fund::repayments::Pay {
        loan_id,
        member_id: sp.member_id,
        paid_on: sp.held_on,
        amount: sp.amount,
        source: "sheet",
        meeting_id: Some(sp.meeting_id),
        account: swadaya_domain::ledger::codes::CASH,
        idem_key: None,
        field: &field,
        date_field: "held_on",
    };
    crate::app::fund::repayments::record(tx, ctx, institution_id, &p).await?;
    Ok(())
}
