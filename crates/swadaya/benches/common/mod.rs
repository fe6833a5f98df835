//! Helpers the benchmarks share: a system context, an institution with KSM groups, bulk inserts
//! under each backend's parameter limits, and the process's peak memory. Each benchmark uses a
//! part of them.
#![allow(dead_code)]

pub mod limit;

use swadaya_core::app::{Actor, Ctx};
use swadaya_core::store::{Backend, Db};
use swadaya_domain::Lang;

pub fn ctx() -> Ctx {
    Ctx {
        actor: Actor {
            user_id: 0,
            username: "bench".into(),
            display_name: "bench".into(),
            is_system: true,
            grants: vec![],
            readable: vec![],
            ksm_only: vec![],
        },
        source: "bench".into(),
        lang: Lang::Id,
    }
}

#[derive(Clone)]
pub enum V {
    I(i64),
    S(String),
}

/// Multi-row INSERTs in one transaction, chunked under the backends' parameter limits.
pub async fn insert(db: &Db, table: &str, cols: &[&str], rows: &[Vec<V>]) {
    // sqlx's SQLite driver slows down on statements with thousands of parameters; PostgreSQL
    // is fastest with few, large statements.
    let limit = if db.backend == Backend::Sqlite { 1_000 } else { 30_000 };
    let per = (limit / cols.len()).max(1);
    let mut tx = db.begin().await.expect("tx");
    for chunk in rows.chunks(per) {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", cols.join(", "));
        let mut p = 1;
        for (i, _) in chunk.iter().enumerate() {
            sql.push_str(if i > 0 { ", (" } else { "(" });
            for c in 0..cols.len() {
                sql.push_str(&format!("{}${p}", if c > 0 { ", " } else { "" }));
                p += 1;
            }
            sql.push(')');
        }
        let mut q = sqlx::query(&sql);
        for r in chunk {
            for v in r {
                q = match v {
                    V::I(i) => q.bind(*i),
                    V::S(s) => q.bind(s.clone()),
                };
            }
        }
        q.execute(&mut *tx.tx).await.expect("insert");
    }
    tx.commit().await.expect("commit");
}

pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// An LKM in Desa Bibrik (the seed regions loaded first).
pub async fn institution(db: &Db, name: &str) -> i64 {
    use swadaya_core::app::registers::{institutions, regions};
    regions::import(db, None, regions::SEED_CSV).await.expect("regions").expect("valid");
    institutions::create(
        db,
        &ctx(),
        &institutions::InstitutionInput {
            kind: "LKM".into(),
            name: name.into(),
            region_code: "35.19.09.2014".into(),
            ..Default::default()
        },
    )
    .await
    .expect("institution")
}

/// A weekly KSM with written rules and Rp 5.000 routine savings, formed on `formed_on`, with the
/// members (name, role) joined that day. Returns the group and its member ids.
pub async fn group(db: &Db, inst: i64, name: &str, formed_on: &str, members: &[(String, &str)]) -> (i64, Vec<i64>) {
    use swadaya_core::app::ksm::groups;
    use swadaya_core::app::registers::people;
    let c = ctx();
    let k = groups::create(
        db,
        &c,
        inst,
        &groups::KsmInput {
            name: name.into(),
            kind: "ekonomi".into(),
            formed_on: formed_on.into(),
            rhythm: "mingguan".into(),
            routine_amount: "5.000".into(),
            rules: std::array::from_fn(|_| "aturan tertulis".to_string()),
            ..Default::default()
        },
    )
    .await
    .expect("ksm");
    let mut ids = Vec::new();
    for (i, (person, role)) in members.iter().enumerate() {
        let p = people::create(
            db,
            &c,
            inst,
            &people::PersonInput {
                name: person.clone(),
                sex: if i % 3 == 0 { "L".into() } else { "P".into() },
                ..Default::default()
            },
        )
        .await
        .expect("person");
        ids.push(groups::add_member(db, &c, inst, k, p, role, formed_on).await.expect("member"));
    }
    (k, ids)
}
