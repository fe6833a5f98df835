//! The audit log: appended in the same transaction as the change it records, chained by hash
//! per institution, protected from UPDATE and DELETE by triggers in both databases.

use super::{get_i64, get_str, opt_i64, Db, Tx};
pub use crate::app::audit::AuditRow;
use swadaya_domain::audit::{row_hash, verify_rows, AuditFields, ChainBreak, StoredRow, GENESIS};

pub struct AuditEvent<'a> {
    pub actor: &'a str,
    pub source: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub institution_id: Option<i64>,
    pub before: String,
    pub after: String,
}

pub async fn append(tx: &mut Tx, ev: AuditEvent<'_>) -> sqlx::Result<()> {
    let chain = ev.institution_id.unwrap_or(0);
    // The UPDATE takes the head row's lock, so concurrent writers of one chain queue here. A
    // chain's first event finds no head, makes it, and asks again.
    let next = "UPDATE audit_head SET seq = seq + 1 WHERE chain = $1 RETURNING seq, hash";
    let head = match sqlx::query(next).bind(chain).fetch_optional(&mut **tx).await? {
        Some(head) => head,
        None => {
            sqlx::query("INSERT INTO audit_head (chain, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (chain) DO NOTHING")
                .bind(chain)
                .bind(GENESIS)
                .execute(&mut **tx)
                .await?;
            sqlx::query(next).bind(chain).fetch_one(&mut **tx).await?
        }
    };
    let (seq, prev) = (get_i64(&head, "seq")?, get_str(&head, "hash")?);
    let at = super::now_utc();
    let fields = AuditFields {
        seq,
        at: &at,
        actor: ev.actor,
        source: ev.source,
        action: ev.action,
        entity: ev.entity,
        entity_id: &ev.entity_id,
        institution_id: ev.institution_id,
        before: &ev.before,
        after: &ev.after,
    };
    let hash = row_hash(&prev, &fields);
    sqlx::query(
        "INSERT INTO audit_log (chain, seq, at, actor, source, action, entity, entity_id, institution_id, before_json, after_json, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(chain)
    .bind(seq)
    .bind(&at)
    .bind(ev.actor)
    .bind(ev.source)
    .bind(ev.action)
    .bind(ev.entity)
    .bind(&ev.entity_id)
    .bind(ev.institution_id)
    .bind(&ev.before)
    .bind(&ev.after)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE chain = $2").bind(&hash).bind(chain).execute(&mut **tx).await?;
    Ok(())
}

fn to_row(r: &sqlx::any::AnyRow) -> sqlx::Result<AuditRow> {
    Ok(AuditRow {
        chain: get_i64(r, "chain")?,
        seq: get_i64(r, "seq")?,
        at: get_str(r, "at")?,
        actor: get_str(r, "actor")?,
        source: get_str(r, "source")?,
        action: get_str(r, "action")?,
        entity: get_str(r, "entity")?,
        entity_id: get_str(r, "entity_id")?,
        institution_id: opt_i64(r, "institution_id")?,
        before: get_str(r, "before_json")?,
        after: get_str(r, "after_json")?,
        prev_hash: get_str(r, "prev_hash")?,
        hash: get_str(r, "hash")?,
    })
}

/// The first place a chain is broken, for `swadaya audit verify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub chain: i64,
    pub problem: ChainBreak,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.problem {
            ChainBreak::Tampered { seq } => {
                write!(f, "chain {} row {}: contents do not match its hash (edited)", self.chain, seq)
            }
            ChainBreak::Broken { seq } => write!(f, "chain {} row {}: does not point at the row before it", self.chain, seq),
            ChainBreak::Gap { expected, found } => {
                write!(f, "chain {} row {}: missing (next row found is {})", self.chain, expected, found)
            }
        }
    }
}

/// Walks every chain. Returns the number of rows checked, or the first break.
pub async fn verify(db: &Db) -> anyhow::Result<Result<u64, Break>> {
    let heads = sqlx::query("SELECT chain, seq, hash FROM audit_head ORDER BY chain").fetch_all(&db.pool).await?;
    let mut checked = 0u64;
    for head in heads {
        let chain = get_i64(&head, "chain")?;
        let (mut prev_hash, mut prev_seq) = (GENESIS.to_string(), 0i64);
        loop {
            let rows = sqlx::query("SELECT * FROM audit_log WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT 1000")
                .bind(chain)
                .bind(prev_seq)
                .fetch_all(&db.pool)
                .await?;
            if rows.is_empty() {
                break;
            }
            let rows: Vec<AuditRow> = rows.iter().map(to_row).collect::<Result<_, _>>()?;
            let stored = rows.iter().map(|r| StoredRow {
                fields: AuditFields {
                    seq: r.seq,
                    at: &r.at,
                    actor: &r.actor,
                    source: &r.source,
                    action: &r.action,
                    entity: &r.entity,
                    entity_id: &r.entity_id,
                    institution_id: r.institution_id,
                    before: &r.before,
                    after: &r.after,
                },
                prev_hash: &r.prev_hash,
                hash: &r.hash,
            });
            match verify_rows((&prev_hash, prev_seq), stored) {
                Ok((h, s)) => {
                    checked += rows.len() as u64;
                    prev_hash = h;
                    prev_seq = s;
                }
                Err(problem) => return Ok(Err(Break { chain, problem })),
            }
        }
        // Rows deleted from the end of a chain leave the head ahead of the last row.
        let head_seq = get_i64(&head, "seq")?;
        if head_seq != prev_seq {
            return Ok(Err(Break { chain, problem: ChainBreak::Gap { expected: prev_seq + 1, found: head_seq } }));
        }
        if get_str(&head, "hash")? != prev_hash {
            return Ok(Err(Break { chain, problem: ChainBreak::Tampered { seq: prev_seq } }));
        }
    }
    Ok(Ok(checked))
}

#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    /// None: every institution (system admin).
    pub institutions: Option<Vec<i64>>,
    pub actor: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

pub async fn list(db: &Db, f: &AuditFilter, limit: i64, offset: i64) -> sqlx::Result<(Vec<AuditRow>, i64)> {
    let mut sql = String::from(" FROM audit_log WHERE 1=1");
    let mut args: Vec<String> = Vec::new();
    if let Some(ids) = &f.institutions {
        if ids.is_empty() {
            return Ok((vec![], 0));
        }
        let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
        sql.push_str(&format!(" AND institution_id IN ({})", list.join(",")));
    }
    for (col, val, op) in [
        ("actor", &f.actor, "="),
        ("entity", &f.entity, "="),
        ("entity_id", &f.entity_id, "="),
        ("at", &f.from, ">="),
        ("at", &f.to, "<"),
    ] {
        if let Some(v) = val {
            args.push(v.clone());
            sql.push_str(&format!(" AND {col} {op} ${}", args.len()));
        }
    }
    let count_sql = format!("SELECT COUNT(*) AS n{sql}");
    let mut q = sqlx::query(&count_sql);
    for a in &args {
        q = q.bind(a);
    }
    let total = get_i64(&q.fetch_one(&db.pool).await?, "n")?;
    let page_sql = format!("SELECT *{sql} ORDER BY at DESC, chain, seq DESC LIMIT {limit} OFFSET {offset}");
    let mut q = sqlx::query(&page_sql);
    for a in &args {
        q = q.bind(a);
    }
    let rows = q.fetch_all(&db.pool).await?;
    Ok((rows.iter().map(to_row).collect::<sqlx::Result<_>>()?, total))
}

/// How many audit rows an institution's chain gained between two dates (inclusive).
pub async fn count_in(db: &Db, institution_id: i64, from: &str, to: &str) -> sqlx::Result<i64> {
    let r = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE chain = $1 AND at >= $2 AND at <= $3")
        .bind(institution_id)
        .bind(from)
        .bind(format!("{to}T23:59:59Z"))
        .fetch_one(&db.pool)
        .await?;
    get_i64(&r, "n")
}
