//! The limit a sheet benchmark compares with: the rows one collection sheet leaves, written
//! straight into the same database with one durable commit per sheet, in the same run.

use super::V;
use swadaya_core::store::{Backend, Db, WriteTx};

/// The limit's audit rows go to a chain of their own, so the institution's chain stays whole.
const LIMIT_CHAIN: i64 = 999_999;

pub async fn prepare(db: &Db) {
    sqlx::query("INSERT INTO audit_head (chain, seq, hash) VALUES ($1, 0, 'limit')")
        .bind(LIMIT_CHAIN)
        .execute(&db.pool)
        .await
        .expect("head");
}

/// What one meeting's sheet pays in: Rp 5.000 wajib each, Rp 2.000 sukarela from every fourth
/// member, Rp 1.000 tanggung renteng each (68 savings movements), every tenth member excused.
pub fn sheet_json(members: &[i64], day: chrono::NaiveDate) -> serde_json::Value {
    let lines: Vec<serde_json::Value> = members
        .iter()
        .enumerate()
        .map(|(n, m)| serde_json::json!({"member_id": m, "attendance": if n % 10 == 0 { "izin" } else { "hadir" }, "wajib": "5.000", "sukarela": if n % 4 == 0 { "2.000" } else { "" }, "tanggung_renteng": "1.000"}))
        .collect();
    serde_json::json!({"held_on": day.to_string(), "agenda_planned": "3", "agenda_done": "3", "lines": lines})
}

/// The limit: the rows a sheet leaves (the meeting, its 30 lines, 68 savings movements, one
/// audit row with the sheet as JSON, the remembered answer), each table in one statement, one
/// durable commit per sheet, straight into the database: no HTTP, no checks. The answer is
/// remembered when a `key` is given, as an API request with an Idempotency-Key is.
pub async fn sheet(
    db: &Db,
    inst: i64,
    user: i64,
    ksm: i64,
    members: &[i64],
    day: chrono::NaiveDate,
    key: Option<&str>,
) -> sqlx::Result<()> {
    let on = day.to_string();
    let now = swadaya_core::store::now_utc();
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "INSERT INTO meetings (institution_id, ksm_id, held_on, entered_on, agenda_planned, agenda_done, entered_by, created_at)
         VALUES ($1, $2, $3, $3, 3, 3, 'beban', $4) RETURNING id",
    )
    .bind(inst)
    .bind(ksm)
    .bind(&on)
    .bind(&now)
    .fetch_one(&mut *tx.tx)
    .await?;
    let meeting: i64 = sqlx::Row::try_get(&row, "id")?;
    let lines: Vec<Vec<V>> = members
        .iter()
        .enumerate()
        .map(|(n, m)| {
            let attendance = if n % 10 == 0 { "izin" } else { "hadir" };
            vec![
                V::I(inst),
                V::I(meeting),
                V::I(*m),
                V::S(attendance.into()),
                V::I(5000),
                V::I(if n % 4 == 0 { 2000 } else { 0 }),
                V::I(1000),
                V::I(0),
            ]
        })
        .collect();
    let head = "INSERT INTO meeting_lines (institution_id, meeting_id, member_id, attendance, wajib, sukarela, tanggung_renteng, instalment)";
    rows(&mut tx, db.backend, head, &lines).await?;
    let mut moves = Vec::new();
    for (n, m) in members.iter().enumerate() {
        let kinds: &[(&str, i64)] = if n % 4 == 0 {
            &[("wajib", 5000), ("sukarela", 2000), ("tanggung_renteng", 1000)]
        } else {
            &[("wajib", 5000), ("tanggung_renteng", 1000)]
        };
        for (kind, amount) in kinds {
            moves.push(vec![
                V::I(inst),
                V::S(now.clone()),
                V::I(ksm),
                V::I(*m),
                V::S(kind.to_string()),
                V::I(*amount),
                V::S(on.clone()),
                V::I(meeting),
                V::S("beban".into()),
            ]);
        }
    }
    let head = "INSERT INTO savings_movements (institution_id, created_at, ksm_id, member_id, kind, amount, on_date, meeting_id, created_by)";
    rows(&mut tx, db.backend, head, &moves).await?;
    let head = sqlx::query("UPDATE audit_head SET seq = seq + 1, hash = $2 WHERE chain = $1 RETURNING seq")
        .bind(LIMIT_CHAIN)
        .bind(format!("{meeting:064}"))
        .fetch_one(&mut *tx.tx)
        .await?;
    let seq: i64 = sqlx::Row::try_get(&head, "seq")?;
    sqlx::query(
        "INSERT INTO audit_log (chain, seq, at, actor, source, action, entity, entity_id, institution_id, before_json, after_json, prev_hash, hash)
         VALUES ($1, $2, $3, 'beban', 'bench', 'create', 'meeting', $4, $5, '', $6, $7, $8)",
    )
    .bind(LIMIT_CHAIN)
    .bind(seq)
    .bind(&now)
    .bind(meeting.to_string())
    .bind(inst)
    .bind(sheet_json(members, day).to_string())
    .bind(format!("{:064}", meeting - 1))
    .bind(format!("{meeting:064}"))
    .execute(&mut *tx.tx)
    .await?;
    if let Some(key) = key {
        sqlx::query(
            "INSERT INTO idempotency (user_id, key, request, status, body, created_at) VALUES ($1, $2, 'limit', 201, $3, $4)",
        )
        .bind(user)
        .bind(key)
        .bind(format!("{{\"id\":{meeting}}}"))
        .bind(&now)
        .execute(&mut *tx.tx)
        .await?;
    }
    tx.commit().await
}

/// One multi-row INSERT, the faster way for each database (measured here): SQLite takes the
/// values written into the statement's text faster than 850 bound parameters (671 against 396
/// commits/s); on PostgreSQL a new text to parse for every sheet was slower than binding (the
/// service layer, which binds, outran such a limit: 230 against 137 sheets/s). A text used once
/// is kept out of sqlx's statement cache.
async fn rows(tx: &mut WriteTx, backend: Backend, head: &str, rows: &[Vec<V>]) -> sqlx::Result<()> {
    if backend == Backend::Sqlite {
        let text = |v: &V| match v {
            V::I(i) => i.to_string(),
            V::S(s) => format!("'{}'", s.replace('\'', "''")),
        };
        let values: Vec<String> =
            rows.iter().map(|r| format!("({})", r.iter().map(text).collect::<Vec<_>>().join(", "))).collect();
        let sql = format!("{head} VALUES {}", values.join(", "));
        return sqlx::query(&sql).persistent(false).execute(&mut *tx.tx).await.map(|_| ());
    }
    let width = rows.first().map_or(0, Vec::len);
    let marks: Vec<String> = (0..rows.len())
        .map(|r| format!("({})", (1..=width).map(|c| format!("${}", r * width + c)).collect::<Vec<_>>().join(", ")))
        .collect();
    let sql = format!("{head} VALUES {}", marks.join(", "));
    let mut q = sqlx::query(&sql);
    for v in rows.iter().flatten() {
        q = match v {
            V::I(i) => q.bind(*i),
            V::S(s) => q.bind(s.clone()),
        };
    }
    q.execute(&mut *tx.tx).await.map(|_| ())
}
