//! One schema on two databases: after migrating, SQLite and PostgreSQL hold the same tables,
//! columns, keys, indexes and triggers, and every tenant table leads its key and its indexes
//! with `institution_id` (ADR 0001; the Citus path in docs/operations.md rests on it).

use crate::common::*;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};
use swadaya_core::store::{get_i64, get_str, opt_str, Backend, Db};

fn text(r: &sqlx::any::AnyRow, col: &str) -> String {
    get_str(r, col).unwrap_or_else(|e| panic!("{col}: {e}"))
}

fn int(r: &sqlx::any::AnyRow, col: &str) -> i64 {
    get_i64(r, col).unwrap_or_else(|e| panic!("{col}: {e}"))
}

/// What both databases must agree on, per table. Types are compared by class (a SQLite
/// INTEGER is a PostgreSQL BIGINT), keys and indexes by their columns in order (the names
/// the databases give them differ), triggers by the event they guard.
#[derive(Debug, Default, PartialEq)]
struct Table {
    columns: BTreeMap<String, (String, bool)>,
    keys: BTreeSet<Vec<String>>,
    indexes: BTreeSet<Vec<String>>,
    triggers: BTreeSet<String>,
}

type Catalog = BTreeMap<String, Table>;

/// Tables that belong to no one institution, each with its reason; every other table is a
/// tenant table. docs/operations.md lists the same (reference tables for Citus).
pub const SHARED: [(&str, &str); 14] = [
    ("institutions", "the tenants themselves"),
    ("regions", "the map every institution shares"),
    ("users", "a person may hold roles in several institutions"),
    ("user_roles", "a user's grants, institution-wide or over a region"),
    ("sessions", "a signed-in user, before any institution is chosen"),
    ("api_tokens", "a user's tokens"),
    ("idempotency", "a user's repeated requests, answered once"),
    ("recent_forms", "a user's last forms, to ask before saving twice"),
    ("held_forms", "a form kept while its user signs in again"),
    ("audit_head", "one hash chain per institution plus the system's, keyed by chain"),
    ("audit_log", "one hash chain per institution plus the system's, keyed by chain"),
    ("holidays", "the national calendar the complaint clocks skip"),
    ("complaints", "a complaint travels up the levels: its handler changes, so it is keyed by its id"),
    ("complaint_steps", "each step is recorded by the institution handling the complaint at that time"),
];

fn class(sql_type: &str) -> String {
    let t = sql_type.to_ascii_lowercase();
    if t.contains("int") {
        "integer".into()
    } else if t.contains("text") || t.contains("char") {
        "text".into()
    } else if t.contains("blob") || t == "bytea" {
        "bytes".into()
    } else {
        t
    }
}

fn cols(list: &str) -> Vec<String> {
    list.split(',').map(str::to_string).collect()
}

async fn rows(db: &Db, sql: &str, bind: Option<&str>) -> Vec<sqlx::any::AnyRow> {
    let q = sqlx::query(sql);
    let q = match bind {
        Some(b) => q.bind(b.to_string()),
        None => q,
    };
    q.fetch_all(&db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn sqlite_catalog(db: &Db) -> Catalog {
    let mut cat = Catalog::new();
    let names = rows(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
        None,
    )
    .await;
    for n in names {
        let name = text(&n, "name");
        let mut t = Table::default();
        let mut pk: Vec<(i64, String)> = vec![];
        for c in rows(db, "SELECT name, type, \"notnull\" AS nn, pk FROM pragma_table_info($1)", Some(&name)).await {
            let col = text(&c, "name");
            let k = int(&c, "pk");
            if k > 0 {
                pk.push((k, col.clone()));
            }
            t.columns.insert(col, (class(&text(&c, "type")), int(&c, "nn") != 0 || k > 0));
        }
        pk.sort();
        t.keys.insert(pk.into_iter().map(|(_, c)| c).collect());
        for i in rows(db, "SELECT name, \"unique\" AS u FROM pragma_index_list($1)", Some(&name)).await {
            let index = text(&i, "name");
            let list: Vec<String> = rows(db, "SELECT name FROM pragma_index_info($1) ORDER BY seqno", Some(&index))
                .await
                .iter()
                .map(|c| opt_str(c, "name").expect("name").unwrap_or_else(|| "expr".into()))
                .collect();
            if int(&i, "u") != 0 {
                t.keys.insert(list);
            } else {
                t.indexes.insert(list);
            }
        }
        // SQLite's rowid alias `id` is the row's storage key; the table's key is the
        // (institution_id, id) it also declares, as PostgreSQL's primary key is.
        if t.keys.contains(&cols("institution_id,id")) {
            t.keys.remove(&cols("id"));
        }
        cat.insert(name, t);
    }
    for tr in rows(db, "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'", None).await {
        let sql = text(&tr, "sql").to_ascii_uppercase();
        let table = cat.get_mut(&text(&tr, "tbl_name")).expect("trigger's table");
        for event in ["INSERT", "UPDATE", "DELETE"] {
            if sql.split(" ON ").next().unwrap_or("").contains(event) {
                table.triggers.insert(event.into());
            }
        }
    }
    cat
}

async fn postgres_catalog(db: &Db) -> Catalog {
    let mut cat = Catalog::new();
    for c in rows(
        db,
        "SELECT CAST(c.table_name AS TEXT) AS tbl, CAST(c.column_name AS TEXT) AS col, CAST(c.data_type AS TEXT) AS ty,
                CAST(c.is_nullable AS TEXT) AS nullable
         FROM information_schema.columns c JOIN information_schema.tables t
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> '_sqlx_migrations'",
        None,
    )
    .await
    {
        let t = cat.entry(text(&c, "tbl")).or_default();
        t.columns.insert(text(&c, "col"), (class(&text(&c, "ty")), text(&c, "nullable") == "NO"));
    }
    for i in rows(
        db,
        "SELECT CAST(t.relname AS TEXT) AS tbl, CAST(ix.indisunique AS INT) AS u,
                (SELECT string_agg(COALESCE(CAST(a.attname AS TEXT), 'expr'), ',' ORDER BY k.ord)
                   FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
                   LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS cols
         FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = current_schema() AND t.relname <> '_sqlx_migrations'",
        None,
    )
    .await
    {
        let t = cat.entry(text(&i, "tbl")).or_default();
        let list = cols(&text(&i, "cols"));
        if i.try_get::<i32, _>("u").map(|u| u != 0).unwrap_or_else(|e| panic!("u: {e}")) {
            t.keys.insert(list);
        } else {
            t.indexes.insert(list);
        }
    }
    for tr in rows(
        db,
        "SELECT CAST(event_object_table AS TEXT) AS tbl, CAST(event_manipulation AS TEXT) AS event FROM information_schema.triggers
         WHERE trigger_schema = current_schema()",
        None,
    )
    .await
    {
        cat.entry(text(&tr, "tbl")).or_default().triggers.insert(text(&tr, "event"));
    }
    cat
}

/// Where two catalogs disagree, one line per difference.
fn differences(sqlite: &Catalog, pg: &Catalog) -> Vec<String> {
    let mut out = vec![];
    for name in sqlite.keys().chain(pg.keys()).collect::<BTreeSet<_>>() {
        match (sqlite.get(name), pg.get(name)) {
            (Some(s), Some(p)) if s != p => {
                for (what, a, b) in [
                    ("columns", format!("{:?}", s.columns), format!("{:?}", p.columns)),
                    ("keys", format!("{:?}", s.keys), format!("{:?}", p.keys)),
                    ("indexes", format!("{:?}", s.indexes), format!("{:?}", p.indexes)),
                    ("triggers", format!("{:?}", s.triggers), format!("{:?}", p.triggers)),
                ] {
                    if a != b {
                        out.push(format!("{name} {what}: SQLite {a} / PostgreSQL {b}"));
                    }
                }
            }
            (Some(_), None) => out.push(format!("{name}: only on SQLite")),
            (None, Some(_)) => out.push(format!("{name}: only on PostgreSQL")),
            _ => {}
        }
    }
    out
}

/// Tenant tables whose key or an index does not start with `institution_id`.
fn untenanted(cat: &Catalog) -> Vec<String> {
    let mut out = vec![];
    for (name, t) in cat {
        if SHARED.iter().any(|(shared, _)| shared == name) {
            continue;
        }
        if !t.columns.get("institution_id").is_some_and(|(_, not_null)| *not_null) {
            out.push(format!("{name}: no institution_id NOT NULL"));
            continue;
        }
        for list in t.keys.iter().chain(&t.indexes) {
            if list.first().map(String::as_str) != Some("institution_id") {
                out.push(format!("{name}: ({}) does not lead with institution_id", list.join(", ")));
            }
        }
    }
    out
}

#[tokio::test]
async fn both_databases_hold_one_schema_keyed_by_institution() {
    let sqlite = TestDb::sqlite().await;
    let lite = sqlite_catalog(&sqlite.db).await;
    assert_eq!(sqlite.db.backend, Backend::Sqlite);
    let journal = lite.get("journal_lines").expect("the catalog reads every table");
    assert!(lite.len() > 40 && journal.columns.len() > 4 && !journal.indexes.is_empty(), "the catalog reads columns and indexes");
    let wrong = untenanted(&lite);
    assert!(wrong.is_empty(), "tenant tables not keyed by institution on SQLite:\n{}", wrong.join("\n"));
    sqlite.cleanup().await;
    let Some(pg) = TestDb::postgres().await else { return };
    let post = postgres_catalog(&pg.db).await;
    assert!(post.get("spendings").is_some_and(|t| !t.triggers.is_empty()), "the catalog reads PostgreSQL's triggers");
    pg.cleanup().await;
    let diff = differences(&lite, &post);
    assert!(diff.is_empty(), "the SQLite and PostgreSQL schemas differ:\n{}", diff.join("\n"));
    let wrong = untenanted(&post);
    assert!(wrong.is_empty(), "tenant tables not keyed by institution on PostgreSQL:\n{}", wrong.join("\n"));
}
