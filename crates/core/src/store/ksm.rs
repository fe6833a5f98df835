//! KSM groups, their members, collection sheets (meetings and their lines) and savings movements.

use super::{get_i64, get_str, opt_i64, opt_str, Db, Tx};
use serde::Serialize;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, Default, Serialize, PartialEq, utoipa::ToSchema)]
pub struct KsmData {
    pub name: String,
    /// ekonomi, lingkungan or sosial (tridaya)
    pub kind: String,
    pub address: Option<String>,
    pub formed_on: String,
    /// mingguan, dua_mingguan or bulanan
    pub rhythm: String,
    pub meeting_day: Option<String>,
    pub meeting_place: Option<String>,
    /// Days after a meeting within which its sheet must be entered
    pub bookkeeping_days: i64,
    /// Agreed routine (mandatory) savings per member per meeting, in rupiah
    pub routine_amount: i64,
    /// The five Panca Sutra rules as the group wrote them (meetings, savings, bookkeeping, loans, instalments)
    pub rules: [Option<String>; 5],
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Ksm {
    pub id: i64,
    pub institution_id: i64,
    #[serde(flatten)]
    pub data: KsmData,
}

const RULE_COLUMNS: [&str; 5] = ["rule_meetings", "rule_savings", "rule_bookkeeping", "rule_loans", "rule_instalments"];

fn ksm(r: &AnyRow) -> sqlx::Result<Ksm> {
    Ok(Ksm {
        id: get_i64(r, "id")?,
        institution_id: get_i64(r, "institution_id")?,
        data: KsmData {
            name: get_str(r, "name")?,
            kind: get_str(r, "kind")?,
            address: opt_str(r, "address")?,
            formed_on: get_str(r, "formed_on")?,
            rhythm: get_str(r, "rhythm")?,
            meeting_day: opt_str(r, "meeting_day")?,
            meeting_place: opt_str(r, "meeting_place")?,
            bookkeeping_days: get_i64(r, "bookkeeping_days")?,
            routine_amount: get_i64(r, "routine_amount")?,
            rules: [
                opt_str(r, RULE_COLUMNS[0])?,
                opt_str(r, RULE_COLUMNS[1])?,
                opt_str(r, RULE_COLUMNS[2])?,
                opt_str(r, RULE_COLUMNS[3])?,
                opt_str(r, RULE_COLUMNS[4])?,
            ],
        },
    })
}

pub async fn insert_ksm(tx: &mut Tx, institution_id: i64, d: &KsmData) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO ksm (institution_id, name, kind, address, formed_on, rhythm, meeting_day, meeting_place, bookkeeping_days, routine_amount,
         rule_meetings, rule_savings, rule_bookkeeping, rule_loans, rule_instalments, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
    )
    .bind(institution_id)
    .bind(&d.name)
    .bind(&d.kind)
    .bind(&d.address)
    .bind(&d.formed_on)
    .bind(&d.rhythm)
    .bind(&d.meeting_day)
    .bind(&d.meeting_place)
    .bind(d.bookkeeping_days)
    .bind(d.routine_amount)
    .bind(&d.rules[0])
    .bind(&d.rules[1])
    .bind(&d.rules[2])
    .bind(&d.rules[3])
    .bind(&d.rules[4])
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn update_ksm(tx: &mut Tx, institution_id: i64, id: i64, d: &KsmData) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE ksm SET name = $1, kind = $2, address = $3, formed_on = $4, rhythm = $5, meeting_day = $6, meeting_place = $7,
         bookkeeping_days = $8, routine_amount = $9, rule_meetings = $10, rule_savings = $11, rule_bookkeeping = $12, rule_loans = $13,
         rule_instalments = $14 WHERE institution_id = $15 AND id = $16",
    )
    .bind(&d.name)
    .bind(&d.kind)
    .bind(&d.address)
    .bind(&d.formed_on)
    .bind(&d.rhythm)
    .bind(&d.meeting_day)
    .bind(&d.meeting_place)
    .bind(d.bookkeeping_days)
    .bind(d.routine_amount)
    .bind(&d.rules[0])
    .bind(&d.rules[1])
    .bind(&d.rules[2])
    .bind(&d.rules[3])
    .bind(&d.rules[4])
    .bind(institution_id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get_ksm(db: &Db, institution_id: i64, id: i64) -> sqlx::Result<Option<Ksm>> {
    sqlx::query("SELECT * FROM ksm WHERE institution_id = $1 AND id = $2")
        .bind(institution_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| ksm(&r))
        .transpose()
}

pub async fn list_ksm(db: &Db, institution_id: i64) -> sqlx::Result<Vec<Ksm>> {
    let rows = sqlx::query("SELECT * FROM ksm WHERE institution_id = $1 ORDER BY LOWER(name), id")
        .bind(institution_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(ksm).collect::<sqlx::Result<_>>()
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Member {
    pub id: i64,
    pub ksm_id: i64,
    pub person_id: i64,
    pub name: String,
    /// L or P
    pub sex: String,
    /// ketua, sekretaris, bendahara or anggota
    pub role: String,
    pub joined_on: String,
    pub left_on: Option<String>,
}

impl Member {
    /// A member of the group on `day`.
    pub fn active_on(&self, day: &str) -> bool {
        self.joined_on.as_str() <= day && self.left_on.as_deref().is_none_or(|l| l >= day)
    }
}

pub async fn insert_member(
    tx: &mut Tx,
    institution_id: i64,
    ksm_id: i64,
    person_id: i64,
    role: &str,
    joined_on: &str,
) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO ksm_members (institution_id, ksm_id, person_id, role, joined_on) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(institution_id)
    .bind(ksm_id)
    .bind(person_id)
    .bind(role)
    .bind(joined_on)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn end_member(tx: &mut Tx, institution_id: i64, id: i64, left_on: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE ksm_members SET left_on = $1 WHERE institution_id = $2 AND id = $3")
        .bind(left_on)
        .bind(institution_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Every member the group ever had, current ones first, by role then name.
pub async fn list_members(db: &Db, institution_id: i64, ksm_id: i64) -> sqlx::Result<Vec<Member>> {
    let rows = sqlx::query(
        "SELECT m.*, p.name AS name, p.sex AS sex FROM ksm_members m
         JOIN people p ON p.institution_id = m.institution_id AND p.id = m.person_id
         WHERE m.institution_id = $1 AND m.ksm_id = $2
         ORDER BY CASE WHEN m.left_on IS NULL THEN 0 ELSE 1 END,
                  CASE m.role WHEN 'ketua' THEN 0 WHEN 'sekretaris' THEN 1 WHEN 'bendahara' THEN 2 ELSE 3 END, LOWER(p.name), m.id",
    )
    .bind(institution_id)
    .bind(ksm_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Member {
                id: get_i64(r, "id")?,
                ksm_id: get_i64(r, "ksm_id")?,
                person_id: get_i64(r, "person_id")?,
                name: get_str(r, "name")?,
                sex: get_str(r, "sex")?,
                role: get_str(r, "role")?,
                joined_on: get_str(r, "joined_on")?,
                left_on: opt_str(r, "left_on")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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

/// The prefix field mode gives the idempotency key of every item it saves on a phone.
pub const FIELD_KEY_PREFIX: &str = "field-";

#[derive(Debug, Clone, Default, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Line {
    pub member_id: i64,
    /// hadir, izin or absen
    pub attendance: String,
    pub wajib: i64,
    pub sukarela: i64,
    pub tanggung_renteng: i64,
    pub instalment: i64,
}

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
    .bind(super::now_utc())
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
    let mut sql = String::from(
        "INSERT INTO meeting_lines (institution_id, meeting_id, member_id, attendance, wajib, sukarela, tanggung_renteng, instalment) VALUES ",
    );
    for i in 0..lines.len() {
        let b = i * 6 + 3;
        sql.push_str(&format!(
            "{}($1, $2, ${}, ${}, ${}, ${}, ${}, ${})",
            if i > 0 { ", " } else { "" },
            b,
            b + 1,
            b + 2,
            b + 3,
            b + 4,
            b + 5
        ));
    }
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
    let now = super::now_utc();
    let mut sql = String::from(
        "INSERT INTO savings_movements (institution_id, created_at, ksm_id, member_id, kind, amount, on_date, meeting_id, note, created_by) VALUES ",
    );
    for i in 0..ms.len() {
        let b = i * 8 + 3;
        sql.push_str(&format!(
            "{}($1, $2, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
            if i > 0 { ", " } else { "" },
            b,
            b + 1,
            b + 2,
            b + 3,
            b + 4,
            b + 5,
            b + 6,
            b + 7
        ));
    }
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

pub struct Movement<'a> {
    pub ksm_id: i64,
    pub member_id: i64,
    pub kind: &'a str,
    pub amount: i64,
    pub on_date: &'a str,
    pub meeting_id: Option<i64>,
    pub note: Option<&'a str>,
    pub created_by: &'a str,
    /// The form's key for a withdrawal (a retried submission is recorded once)
    pub idem_key: Option<&'a str>,
}

pub async fn insert_movement(tx: &mut Tx, institution_id: i64, m: &Movement<'_>) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO savings_movements (institution_id, ksm_id, member_id, kind, amount, on_date, meeting_id, note, created_by, created_at, idem_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(institution_id)
    .bind(m.ksm_id)
    .bind(m.member_id)
    .bind(m.kind)
    .bind(m.amount)
    .bind(m.on_date)
    .bind(m.meeting_id)
    .bind(m.note)
    .bind(m.created_by)
    .bind(super::now_utc())
    .bind(m.idem_key)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

/// Balance per (member, kind) of a group, from its movements.
pub async fn balances(db: &Db, institution_id: i64, ksm_id: i64) -> sqlx::Result<Vec<(i64, String, i64)>> {
    let rows = sqlx::query(
        "SELECT member_id, kind, CAST(SUM(amount) AS BIGINT) AS total FROM savings_movements
         WHERE institution_id = $1 AND ksm_id = $2 GROUP BY member_id, kind ORDER BY member_id, kind",
    )
    .bind(institution_id)
    .bind(ksm_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((get_i64(r, "member_id")?, get_str(r, "kind")?, get_i64(r, "total")?))).collect::<sqlx::Result<_>>()
}

/// The lowest point the running balance of one member's savings of one kind reaches, movements
/// in date order, inside a write transaction: a backdated withdrawal must not dip below zero.
pub async fn lowest_running_in_tx(tx: &mut Tx, institution_id: i64, member_id: i64, kind: &str) -> sqlx::Result<i64> {
    let rows = sqlx::query(
        "SELECT amount FROM savings_movements WHERE institution_id = $1 AND member_id = $2 AND kind = $3 ORDER BY on_date, id",
    )
    .bind(institution_id)
    .bind(member_id)
    .bind(kind)
    .fetch_all(&mut **tx)
    .await?;
    Ok(swadaya_domain::savings::lowest_running(
        rows.iter().map(|r| get_i64(r, "amount").map(swadaya_domain::Rupiah)).collect::<sqlx::Result<Vec<_>>>()?,
    )
    .0)
}

pub async fn withdrawal_by_idem(tx: &mut Tx, institution_id: i64, key: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query("SELECT id FROM savings_movements WHERE institution_id = $1 AND idem_key = $2")
        .bind(institution_id)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| get_i64(&r, "id"))
        .transpose()
}

/// Balance of one member's savings of one kind, inside a write transaction (for withdrawals).
pub async fn balance_in_tx(tx: &mut Tx, institution_id: i64, member_id: i64, kind: &str) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS total FROM savings_movements WHERE institution_id = $1 AND member_id = $2 AND kind = $3",
    )
    .bind(institution_id)
    .bind(member_id)
    .bind(kind)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "total")
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StatementLine {
    pub on_date: String,
    pub kind: String,
    pub amount: i64,
    pub meeting_id: Option<i64>,
    pub note: Option<String>,
}

pub async fn statement(db: &Db, institution_id: i64, member_id: i64) -> sqlx::Result<Vec<StatementLine>> {
    let rows = sqlx::query("SELECT * FROM savings_movements WHERE institution_id = $1 AND member_id = $2 ORDER BY on_date, id")
        .bind(institution_id)
        .bind(member_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(StatementLine {
                on_date: get_str(r, "on_date")?,
                kind: get_str(r, "kind")?,
                amount: get_i64(r, "amount")?,
                meeting_id: opt_i64(r, "meeting_id")?,
                note: opt_str(r, "note")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

/// A per-institution override of a programme threshold, if one was set.
pub async fn setting(db: &Db, institution_id: i64, key: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query("SELECT value FROM settings WHERE institution_id = $1 AND key = $2")
        .bind(institution_id)
        .bind(key)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| get_i64(&r, "value"))
        .transpose()
}

/// Deposits per calendar month (`YYYY-MM`), for "3 consecutive months of group savings".
pub async fn movements_by_month(
    db: &Db,
    institution_id: i64,
    ksm_id: i64,
) -> sqlx::Result<std::collections::HashMap<String, i64>> {
    let rows = sqlx::query(
        "SELECT SUBSTR(on_date, 1, 7) AS month, CAST(SUM(amount) AS BIGINT) AS total FROM savings_movements
         WHERE institution_id = $1 AND ksm_id = $2 AND amount > 0 GROUP BY SUBSTR(on_date, 1, 7)",
    )
    .bind(institution_id)
    .bind(ksm_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((get_str(r, "month")?, get_i64(r, "total")?))).collect::<sqlx::Result<_>>()
}

pub async fn set_setting(tx: &mut Tx, institution_id: i64, key: &str, value: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO settings (institution_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (institution_id, key) DO UPDATE SET value = excluded.value")
        .bind(institution_id)
        .bind(key)
        .bind(value)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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

pub struct NewStage<'a> {
    pub ksm_id: i64,
    pub stage: &'a str,
    pub score: Option<i64>,
    pub scores_json: &'a str,
    pub decided_on: &'a str,
    pub decided_by: &'a str,
    pub note: Option<&'a str>,
}

pub async fn insert_stage(tx: &mut Tx, institution_id: i64, d: &NewStage<'_>) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO ksm_stages (institution_id, ksm_id, stage, score, scores_json, decided_on, decided_by, note, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(institution_id)
    .bind(d.ksm_id)
    .bind(d.stage)
    .bind(d.score)
    .bind(d.scores_json)
    .bind(d.decided_on)
    .bind(d.decided_by)
    .bind(d.note)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

/// The group's stage decisions, newest first.
pub async fn stages(db: &Db, institution_id: i64, ksm_id: i64) -> sqlx::Result<Vec<StageDecision>> {
    let rows =
        sqlx::query("SELECT * FROM ksm_stages WHERE institution_id = $1 AND ksm_id = $2 ORDER BY decided_on DESC, id DESC")
            .bind(institution_id)
            .bind(ksm_id)
            .fetch_all(&db.pool)
            .await?;
    rows.iter()
        .map(|r| {
            Ok(StageDecision {
                id: get_i64(r, "id")?,
                stage: get_str(r, "stage")?,
                score: opt_i64(r, "score")?,
                scores_json: get_str(r, "scores_json")?,
                decided_on: get_str(r, "decided_on")?,
                decided_by: get_str(r, "decided_by")?,
                note: opt_str(r, "note")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CheckRow {
    pub item: String,
    pub checked: bool,
    pub checked_by: String,
    pub checked_on: String,
    pub note: Option<String>,
}

pub async fn insert_check(tx: &mut Tx, institution_id: i64, ksm_id: i64, list: &str, row: &CheckRow) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO ksm_checks (institution_id, ksm_id, list, item, checked, checked_by, checked_on, note, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(institution_id)
    .bind(ksm_id)
    .bind(list)
    .bind(&row.item)
    .bind(row.checked as i64)
    .bind(&row.checked_by)
    .bind(&row.checked_on)
    .bind(&row.note)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

/// Every confirmation of a list, oldest first (the last one per item is in force).
pub async fn checks(db: &Db, institution_id: i64, ksm_id: i64, list: &str) -> sqlx::Result<Vec<CheckRow>> {
    let rows = sqlx::query("SELECT * FROM ksm_checks WHERE institution_id = $1 AND ksm_id = $2 AND list = $3 ORDER BY id")
        .bind(institution_id)
        .bind(ksm_id)
        .bind(list)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(CheckRow {
                item: get_str(r, "item")?,
                checked: get_i64(r, "checked")? != 0,
                checked_by: get_str(r, "checked_by")?,
                checked_on: get_str(r, "checked_on")?,
                note: opt_str(r, "note")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

/// The group's savings (all members, all kinds) as they stood at the end of `day`.
pub async fn savings_until(db: &Db, institution_id: i64, ksm_id: i64, day: &str) -> sqlx::Result<i64> {
    let r = sqlx::query("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS total FROM savings_movements WHERE institution_id = $1 AND ksm_id = $2 AND on_date <= $3")
        .bind(institution_id)
        .bind(ksm_id)
        .bind(day)
        .fetch_one(&db.pool)
        .await?;
    get_i64(&r, "total")
}

/// Current members per group of an institution (members who have not left).
pub async fn active_member_counts(db: &Db, institution_id: i64) -> sqlx::Result<std::collections::HashMap<i64, i64>> {
    let rows = sqlx::query(
        "SELECT ksm_id, COUNT(*) AS n FROM ksm_members WHERE institution_id = $1 AND left_on IS NULL GROUP BY ksm_id",
    )
    .bind(institution_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((get_i64(r, "ksm_id")?, get_i64(r, "n")?))).collect()
}

/// The date of each group's latest recorded meeting.
pub async fn last_meetings(db: &Db, institution_id: i64) -> sqlx::Result<std::collections::HashMap<i64, String>> {
    let rows = sqlx::query("SELECT ksm_id, MAX(held_on) AS last FROM meetings WHERE institution_id = $1 GROUP BY ksm_id")
        .bind(institution_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| Ok((get_i64(r, "ksm_id")?, get_str(r, "last")?))).collect()
}
