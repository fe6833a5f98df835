//! The complaint register: one row per complaint (its words never change; a trigger refuses
//! it) and the append-only steps that moved it, plus the holidays its clocks skip.

use super::{get_i64, get_str, opt_i64, opt_str, Db, Tx};
pub use crate::app::complaints::steps::StepRow;
pub use crate::app::complaints::Complaint;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor};

fn complaint_from(r: &AnyRow) -> sqlx::Result<Complaint> {
    Ok(Complaint {
        id: get_i64(r, "id")?,
        tracking_code: get_str(r, "tracking_code")?,
        origin_institution_id: get_i64(r, "origin_institution_id")?,
        institution_id: get_i64(r, "institution_id")?,
        institution_name: get_str(r, "institution_name")?,
        level: get_str(r, "level")?,
        received_on: get_str(r, "received_on")?,
        clock_start: get_str(r, "clock_start")?,
        channel: get_str(r, "channel")?,
        kind: get_str(r, "kind")?,
        category: get_str(r, "category")?,
        complainant_name: opt_str(r, "complainant_name")?,
        complainant_contact: opt_str(r, "complainant_contact")?,
        addressed_to: opt_str(r, "addressed_to")?,
        content: get_str(r, "content")?,
        status: get_str(r, "status")?,
        answered_on: opt_str(r, "answered_on")?,
        closed_on: opt_str(r, "closed_on")?,
        external_ref: opt_str(r, "external_ref")?,
    })
}

const SELECT: &str = "SELECT c.*, i.name AS institution_name FROM complaints c JOIN institutions i ON i.id = c.institution_id";

pub struct NewComplaint<'a> {
    pub tracking_code: &'a str,
    pub institution_id: i64,
    pub level: &'a str,
    pub received_on: &'a str,
    pub channel: &'a str,
    pub kind: &'a str,
    pub category: &'a str,
    pub complainant_name: Option<&'a str>,
    pub complainant_contact: Option<&'a str>,
    pub addressed_to: Option<&'a str>,
    pub content: &'a str,
    pub created_by: &'a str,
    /// The form's one-time key: a resent form finds the complaint it already made
    pub idem_key: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, c: &NewComplaint<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO complaints (tracking_code, origin_institution_id, institution_id, level, received_on, clock_start, channel, kind, category,
                                 complainant_name, complainant_contact, addressed_to, content, status, created_by, created_at, idem_key)
         VALUES ($1, $2, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, 'received', $12, $13, $14) RETURNING id",
    )
    .bind(c.tracking_code)
    .bind(c.institution_id)
    .bind(c.level)
    .bind(c.received_on)
    .bind(c.channel)
    .bind(c.kind)
    .bind(c.category)
    .bind(c.complainant_name)
    .bind(c.complainant_contact)
    .bind(c.addressed_to)
    .bind(c.content)
    .bind(c.created_by)
    .bind(super::now_utc())
    .bind(c.idem_key)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

pub async fn get<'c, E: Executor<'c, Database = Any>>(e: E, id: i64) -> sqlx::Result<Option<Complaint>> {
    sqlx::query(&format!("{SELECT} WHERE c.id = $1")).bind(id).fetch_optional(e).await?.map(|r| complaint_from(&r)).transpose()
}

pub async fn by_code(db: &Db, code: &str) -> sqlx::Result<Option<Complaint>> {
    sqlx::query(&format!("{SELECT} WHERE c.tracking_code = $1"))
        .bind(code)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| complaint_from(&r))
        .transpose()
}

pub async fn by_idem(db: &Db, key: &str) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query("SELECT id, tracking_code FROM complaints WHERE idem_key = $1")
        .bind(key)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| Ok::<_, sqlx::Error>((get_i64(&r, "id")?, get_str(&r, "tracking_code")?)))
        .transpose()
}

/// Complaints an institution handles now, was filed with first, or passed on: an escalated
/// complaint stays in the register of every level it went through, read-only.
const SEEN_BY: &str = "(c.institution_id = $1 OR c.origin_institution_id = $1
    OR EXISTS (SELECT 1 FROM complaint_steps s WHERE s.complaint_id = c.id AND (s.institution_id = $1 OR s.to_institution_id = $1)))";

/// How many complaints of an institution's register stand in each status.
pub async fn counts(db: &Db, institution_id: i64) -> sqlx::Result<Vec<(String, i64)>> {
    let rows = sqlx::query(&format!("SELECT c.status, COUNT(*) AS n FROM complaints c WHERE {SEEN_BY} GROUP BY c.status"))
        .bind(institution_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| Ok((get_str(r, "status")?, get_i64(r, "n")?))).collect::<sqlx::Result<_>>()
}

/// Complaints an institution handles now or filed first (escalated ones stay in its register,
/// read-only), newest first. `status` filters; "open" means every status not yet closed.
pub async fn list(
    db: &Db,
    institution_id: i64,
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<Complaint>, i64)> {
    let cond = match status {
        Some("open") => "AND c.status NOT IN ('answered', 'rejected')",
        Some(_) => "AND c.status = $2",
        None => "",
    };
    let wher = format!("{SEEN_BY} {cond}");
    let bind_status = status.filter(|s| *s != "open").unwrap_or("");
    let count_sql = format!("SELECT COUNT(*) AS n FROM complaints c WHERE {wher}");
    let mut q = sqlx::query(&count_sql).bind(institution_id);
    if !bind_status.is_empty() {
        q = q.bind(bind_status);
    }
    let total = get_i64(&q.fetch_one(&db.pool).await?, "n")?;
    let sql = format!("{SELECT} WHERE {wher} ORDER BY c.received_on DESC, c.id DESC LIMIT {limit} OFFSET {offset}");
    let mut q = sqlx::query(&sql).bind(institution_id);
    if !bind_status.is_empty() {
        q = q.bind(bind_status);
    }
    Ok((q.fetch_all(&db.pool).await?.iter().map(complaint_from).collect::<sqlx::Result<_>>()?, total))
}

/// Every complaint an institution is handling and has not closed (for the service-level flags).
pub async fn open_at(db: &Db, institution_id: i64) -> sqlx::Result<Vec<Complaint>> {
    let sql =
        format!("{SELECT} WHERE c.institution_id = $1 AND c.status NOT IN ('answered', 'rejected') ORDER BY c.received_on, c.id");
    sqlx::query(&sql).bind(institution_id).fetch_all(&db.pool).await?.iter().map(complaint_from).collect::<sqlx::Result<_>>()
}

/// The complaints first filed with an institution, for its public statistics.
pub async fn filed_with(db: &Db, institution_id: i64) -> sqlx::Result<Vec<Complaint>> {
    let sql = format!("{SELECT} WHERE c.origin_institution_id = $1 ORDER BY c.received_on, c.id");
    sqlx::query(&sql).bind(institution_id).fetch_all(&db.pool).await?.iter().map(complaint_from).collect::<sqlx::Result<_>>()
}

/// Where a complaint stands after a step.
pub struct State<'a> {
    pub status: &'a str,
    pub institution_id: i64,
    pub level: &'a str,
    pub clock_start: &'a str,
    pub answered_on: Option<&'a str>,
    pub closed_on: Option<&'a str>,
    pub external_ref: Option<&'a str>,
}

/// Moves the complaint only if it still stands where the officer saw it: two officers acting
/// at once cannot both move it (the second gets `false` and a clear message).
pub async fn move_to(tx: &mut Tx, id: i64, from_status: &str, from_institution: i64, s: &State<'_>) -> sqlx::Result<bool> {
    let r = sqlx::query(
        "UPDATE complaints SET status = $1, institution_id = $2, level = $3, clock_start = $4, answered_on = $5, closed_on = $6, external_ref = $7
         WHERE id = $8 AND status = $9 AND institution_id = $10",
    )
    .bind(s.status)
    .bind(s.institution_id)
    .bind(s.level)
    .bind(s.clock_start)
    .bind(s.answered_on)
    .bind(s.closed_on)
    .bind(s.external_ref)
    .bind(id)
    .bind(from_status)
    .bind(from_institution)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub struct NewStep<'a> {
    pub complaint_id: i64,
    pub institution_id: i64,
    pub step: &'a str,
    pub body: &'a str,
    pub step_on: &'a str,
    pub to_institution_id: Option<i64>,
    pub status_after: &'a str,
    pub created_by: &'a str,
}

pub async fn insert_step(tx: &mut Tx, s: &NewStep<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO complaint_steps (complaint_id, institution_id, step, body, step_on, to_institution_id, status_after, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(s.complaint_id)
    .bind(s.institution_id)
    .bind(s.step)
    .bind(s.body)
    .bind(s.step_on)
    .bind(s.to_institution_id)
    .bind(s.status_after)
    .bind(s.created_by)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

pub async fn steps(db: &Db, complaint_id: i64) -> sqlx::Result<Vec<StepRow>> {
    let rows = sqlx::query(
        "SELECT s.*, i.name AS institution_name, t.name AS to_institution_name
         FROM complaint_steps s JOIN institutions i ON i.id = s.institution_id LEFT JOIN institutions t ON t.id = s.to_institution_id
         WHERE s.complaint_id = $1 ORDER BY s.id",
    )
    .bind(complaint_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StepRow {
                id: get_i64(r, "id")?,
                institution_id: get_i64(r, "institution_id")?,
                institution_name: get_str(r, "institution_name")?,
                step: get_str(r, "step")?,
                body: get_str(r, "body")?,
                step_on: get_str(r, "step_on")?,
                to_institution_id: opt_i64(r, "to_institution_id")?,
                to_institution_name: opt_str(r, "to_institution_name")?,
                status_after: get_str(r, "status_after")?,
                created_by: get_str(r, "created_by")?,
                created_at: get_str(r, "created_at")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}

/// Institutions that handled a complaint at some point (they keep reading it).
pub async fn handlers(db: &Db, complaint_id: i64) -> sqlx::Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT origin_institution_id AS id FROM complaints WHERE id = $1
         UNION SELECT to_institution_id AS id FROM complaint_steps WHERE complaint_id = $1 AND to_institution_id IS NOT NULL",
    )
    .bind(complaint_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| get_i64(r, "id")).collect::<sqlx::Result<_>>()
}

/// Institutions whose region is exactly one of `codes` (the regions above a handler) and that
/// have someone who can take the steps (a complaints officer, board member or admin).
pub async fn institutions_at(db: &Db, codes: &[String]) -> sqlx::Result<Vec<(i64, String, String)>> {
    let mut out = Vec::new();
    for code in codes {
        let rows = sqlx::query(
            "SELECT i.id, i.name, i.region_code FROM institutions i WHERE i.region_code = $1
             AND EXISTS (SELECT 1 FROM user_roles r JOIN users u ON u.id = r.user_id
                         WHERE r.institution_id = i.id AND r.role IN ('complaints_officer', 'board', 'admin') AND u.disabled = 0)
             ORDER BY i.name, i.id",
        )
        .bind(code)
        .fetch_all(&db.pool)
        .await?;
        out.extend(
            rows.iter()
                .map(|r| Ok((get_i64(r, "id")?, get_str(r, "name")?, get_str(r, "region_code")?)))
                .collect::<sqlx::Result<Vec<_>>>()?,
        );
    }
    Ok(out)
}

pub async fn holidays(db: &Db) -> sqlx::Result<Vec<(String, String)>> {
    let rows = sqlx::query("SELECT day, name FROM holidays ORDER BY day").fetch_all(&db.pool).await?;
    rows.iter().map(|r| Ok((get_str(r, "day")?, get_str(r, "name")?))).collect::<sqlx::Result<_>>()
}

pub async fn insert_holiday(tx: &mut Tx, day: &str, name: &str) -> sqlx::Result<bool> {
    let r = sqlx::query("INSERT INTO holidays (day, name) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING")
        .bind(day)
        .bind(name)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn delete_holiday(tx: &mut Tx, day: &str) -> sqlx::Result<Option<String>> {
    let r = sqlx::query("DELETE FROM holidays WHERE day = $1 RETURNING name").bind(day).fetch_optional(&mut **tx).await?;
    r.map(|r| get_str(&r, "name")).transpose()
}
