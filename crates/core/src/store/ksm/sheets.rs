//! Collection sheets: meetings (originals and corrections) and their member lines.

use super::savings::Movement;
pub use crate::app::ksm::sheets::{Line, Meeting};
use crate::store::{get_i64, get_str, opt_i64, opt_str, Db, Tx};
use sqlx::any::AnyRow;

/// The prefix field mode gives the idempotency key of every item it saves on a phone.
pub const FIELD_KEY_PREFIX: &str = "field-";

fn meeting(r: &AnyRow) -> sqlx::Result<Meeting> {
    Ok(Meeting {
        id: get_i64(r, "id")?,
        ksm_id: get_i64(r, "ksm_id")?,
        held_on: get_str(r, "held_on")?,
        entered_on: get_str(r, "entered_on")?,
        agenda: opt_str(r, "agenda")?,
        agenda_planned: get_i64(r, "agenda_planned")?,
        agenda_done: get_i64(r, "agenda_done")?,
        notes: opt_str(r, "notes")?,
        amends_id: opt_i64(r, "amends_id")?,
        reason: opt_str(r, "reason")?,
        entered_by: get_str(r, "entered_by")?,
        from_field: opt_str(r, "idem_key")?.is_some_and(|k| k.starts_with(FIELD_KEY_PREFIX)),
    })
}

pub struct NewMeeting<'a> {
    pub ksm_id: i64,
    pub held_on: &'a str,
    pub entered_on: &'a str,
    pub agenda: Option<&'a str>,
    pub agenda_planned: i64,
    pub agenda_done: i64,
    pub notes: Option<&'a str>,
    pub amends_id: Option<i64>,
    pub reason: Option<&'a str>,
    pub entered_by: &'a str,
    pub idem_key: Option<&'a str>,
}

pub async fn insert_meeting(tx: &mut Tx, institution_id: i64, m: &NewMeeting<'_>) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO meetings (institution_id, ksm_id, held_on, entered_on, agenda, agenda_planned, agenda_done, notes, amends_id, reason, entered_by, idem_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(institution_id)
    .bind(m.ksm_id)
    .bind(m.held_on)
    .bind(m.entered_on)
    .bind(m.agenda)
    .bind(m.agenda_planned)
    .bind(m.agenda_done)
    .bind(m.notes)
    .bind(m.amends_id)
    .bind(m.reason)
    .bind(m.entered_by)
    .bind(m.idem_key)
    .bind(crate::store::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

/// All lines of a sheet in one statement (a sheet is written as a handful of statements, not one
/// per member: that is what keeps a 30-member sheet fast on a phone's slow round trips).
pub async fn insert_lines(tx: &mut Tx, institution_id: i64, meeting_id: i64, lines: &[Line]) -> sqlx::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO meeting_lines (institution_id, meeting_id, member_id, attendance, wajib, sukarela, tanggung_renteng, instalment) VALUES {}",
        crate::store::value_rows(lines.len(), 2, 6)
    );
    let mut q = sqlx::query(&sql).bind(institution_id).bind(meeting_id);
    for l in lines {
        q = q.bind(l.member_id).bind(&l.attendance).bind(l.wajib).bind(l.sukarela).bind(l.tanggung_renteng).bind(l.instalment);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// Several movements of one group in one statement.
pub async fn insert_movements(tx: &mut Tx, institution_id: i64, ms: &[Movement<'_>]) -> sqlx::Result<()> {
    if ms.is_empty() {
        return Ok(());
    }
    let now = crate::store::now_utc();
    let sql = format!(
        "INSERT INTO savings_movements (institution_id, created_at, ksm_id, member_id, kind, amount, on_date, meeting_id, note, created_by) VALUES {}",
        crate::store::value_rows(ms.len(), 2, 8)
    );
    let mut q = sqlx::query(&sql).bind(institution_id).bind(now);
    for m in ms {
        q = q
            .bind(m.ksm_id)
            .bind(m.member_id)
            .bind(m.kind)
            .bind(m.amount)
            .bind(m.on_date)
            .bind(m.meeting_id)
            .bind(m.note)
            .bind(m.created_by);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

pub async fn meeting_by_idem(tx: &mut Tx, institution_id: i64, key: &str) -> sqlx::Result<Option<Meeting>> {
    sqlx::query("SELECT * FROM meetings WHERE institution_id = $1 AND idem_key = $2")
        .bind(institution_id)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| meeting(&r))
        .transpose()
}

pub async fn original_on(tx: &mut Tx, institution_id: i64, ksm_id: i64, held_on: &str) -> sqlx::Result<Option<Meeting>> {
    sqlx::query("SELECT * FROM meetings WHERE institution_id = $1 AND ksm_id = $2 AND held_on = $3 AND amends_id IS NULL")
        .bind(institution_id)
        .bind(ksm_id)
        .bind(held_on)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| meeting(&r))
        .transpose()
}

pub async fn get_meeting(db: &Db, institution_id: i64, id: i64) -> sqlx::Result<Option<Meeting>> {
    sqlx::query("SELECT * FROM meetings WHERE institution_id = $1 AND id = $2")
        .bind(institution_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| meeting(&r))
        .transpose()
}

/// Every sheet of the group (originals and amendments), newest meeting first.
pub async fn list_meetings(db: &Db, institution_id: i64, ksm_id: i64) -> sqlx::Result<Vec<Meeting>> {
    let rows = sqlx::query("SELECT * FROM meetings WHERE institution_id = $1 AND ksm_id = $2 ORDER BY held_on DESC, id DESC")
        .bind(institution_id)
        .bind(ksm_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(meeting).collect::<sqlx::Result<_>>()
}

pub async fn lines_of(db: &Db, institution_id: i64, meeting_id: i64) -> sqlx::Result<Vec<Line>> {
    let rows = sqlx::query("SELECT * FROM meeting_lines WHERE institution_id = $1 AND meeting_id = $2 ORDER BY member_id")
        .bind(institution_id)
        .bind(meeting_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Line {
                member_id: get_i64(r, "member_id")?,
                attendance: get_str(r, "attendance")?,
                wajib: get_i64(r, "wajib")?,
                sukarela: get_i64(r, "sukarela")?,
                tanggung_renteng: get_i64(r, "tanggung_renteng")?,
                instalment: get_i64(r, "instalment")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

/// The date of each group's latest recorded meeting.
pub async fn last_meetings(db: &Db, institution_id: i64) -> sqlx::Result<std::collections::HashMap<i64, String>> {
    let rows = sqlx::query("SELECT ksm_id, MAX(held_on) AS last FROM meetings WHERE institution_id = $1 GROUP BY ksm_id")
        .bind(institution_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| Ok((get_i64(r, "ksm_id")?, get_str(r, "last")?))).collect()
}
