//! Every statement the app sends to a tenant table names `institution_id` (ADR 0001,
//! docs/operations.md): the condition for sharding by institution (Citus) and the guard against
//! one institution's rows showing in another's pages. On PostgreSQL the demo data is loaded through
//! `app` and every demo user walks the pages; each statement the driver sends is captured (sqlx
//! logs it, here to a collector for this thread only) and checked: each tenant table it reads or
//! writes must be matched by an `institution_id` in a condition, a join or an insert's columns
//! (a join of two tenant tables names it twice; reading the column back does not count).

use crate::common::*;
use crate::link_permissions::{links, route, visit, Found};
use crate::schema::SHARED;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Debug;
use std::sync::{Arc, Mutex};
use swadaya_core::store::{get_str, Db};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};

/// The statements sqlx reports, in the order sent.
#[derive(Default, Clone)]
struct Statements(Arc<Mutex<Vec<String>>>);

#[derive(Default)]
struct Fields {
    summary: String,
    statement: String,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_string(),
            "db.statement" => self.statement = value.to_string(),
            _ => {}
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.record_str(field, format!("{value:?}").trim_matches('"'));
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Statements {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut f = Fields::default();
        event.record(&mut f);
        // sqlx sends the whole text only when it is longer than its summary.
        let sql = if f.statement.trim().is_empty() { f.summary } else { f.statement };
        self.0.lock().expect("statements").push(sql.trim().to_string());
    }
}

/// Words of a statement, lower case: identifiers keep their underscores, `m.institution_id` is
/// two words.
fn words(sql: &str) -> Vec<String> {
    sql.to_ascii_lowercase()
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Tenant tables the statement reads or writes (after FROM, JOIN, INTO, UPDATE), each time
/// named, and how often it names `institution_id` outside a select list (in a condition, a join,
/// an insert's columns): a statement that only reads the column back does not count as filtered.
fn tables_and_filters(sql: &str, tenant: &BTreeSet<String>) -> (Vec<String>, usize) {
    let w = words(sql);
    let named = w
        .windows(2)
        .filter(|p| ["from", "join", "into", "update"].contains(&p[0].as_str()) && tenant.contains(&p[1]))
        .map(|p| p[1].clone())
        .collect();
    let (mut in_select_list, mut filters) = (false, 0);
    for word in &w {
        match word.as_str() {
            "select" => in_select_list = true,
            "from" => in_select_list = false,
            "institution_id" if !in_select_list => filters += 1,
            _ => {}
        }
    }
    (named, filters)
}

async fn tenant_tables(db: &Db) -> BTreeSet<String> {
    let rows = sqlx::query(
        "SELECT DISTINCT table_name::text AS t FROM information_schema.columns
         WHERE table_schema = current_schema() AND column_name = 'institution_id'",
    )
    .fetch_all(&db.pool)
    .await
    .expect("catalog");
    let all: BTreeSet<String> = rows.iter().map(|r| get_str(r, "t").expect("name")).collect();
    all.into_iter().filter(|t| !SHARED.iter().any(|(s, _)| s == t)).collect()
}

/// Loads the demo and lets every demo user walk up to `max` pages each.
async fn workload(db: Db, max: usize) -> usize {
    swadaya::demo::load(&db, 0).await.expect("demo");
    let base = spawn_app(db.clone()).await;
    let mut walked = 0;
    for (username, ..) in swadaya::demo::DEMO_USERS {
        let (c, _) = login(&base, username).await;
        let (mut seen, mut queue) = (BTreeSet::new(), VecDeque::from(["/".to_string()]));
        while let Some(path) = queue.pop_front() {
            if seen.len() >= max || !seen.insert(route(&path)) {
                continue;
            }
            match visit(&c, &base, &path).await {
                Found::Page(body) => {
                    walked += 1;
                    queue.extend(links(&String::from_utf8_lossy(&body)).into_iter().filter(|l| !l.contains(['.', '?'])));
                }
                Found::Redirect(to) => queue.push_front(to),
                Found::Other => {}
            }
        }
    }
    walked
}

#[test]
fn every_statement_to_a_tenant_table_names_its_institution() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let Some(t) = rt.block_on(TestDb::postgres()) else {
        return;
    };
    let seen = Statements::default();
    let subscriber = tracing_subscriber::registry().with(seen.clone());
    // tracing caches whether a call site is wanted. With one registered subscriber, and that one
    // scoped to this thread, it asks the thread that first reaches a call site; another test's
    // thread has no subscriber and would cache "never". A second registered one (held, unused)
    // makes it ask every subscriber.
    let _second = tracing::Dispatch::new(tracing_subscriber::registry());
    // One thread runs the app, the server and the walk, so the collector sees every statement.
    let walked = tracing::subscriber::with_default(subscriber, || rt.block_on(workload(t.db.clone(), 150)));
    let tenant = rt.block_on(tenant_tables(&t.db));
    rt.block_on(t.cleanup());

    let statements = seen.0.lock().expect("statements").clone();
    let mut distinct: BTreeMap<String, usize> = BTreeMap::new();
    for s in &statements {
        *distinct.entry(s.clone()).or_default() += 1;
    }
    let mut touched = BTreeSet::new();
    let mut unfiltered = vec![];
    for sql in distinct.keys() {
        let (tables, filters) = tables_and_filters(sql, &tenant);
        touched.extend(tables.iter().cloned());
        if filters < tables.len() {
            unfiltered.push(format!("{} for {}: {sql}", filters, tables.join(", ")));
        }
    }
    eprintln!(
        "tenant filter: {} statements ({} distinct) from the demo and {walked} pages; {} of {} tenant tables used",
        statements.len(),
        distinct.len(),
        touched.len(),
        tenant.len()
    );
    assert!(walked > 100, "pages walked: {walked}");
    assert!(distinct.len() > 150, "statements captured: {}", distinct.len());
    assert!(touched.len() * 10 >= tenant.len() * 8, "tenant tables used: {touched:?} of {tenant:?}");
    assert!(unfiltered.is_empty(), "{} statements without institution_id:\n{}", unfiltered.len(), unfiltered.join("\n\n"));
}

#[test]
fn the_check_counts_each_tenant_table_against_its_filters() {
    let tenant: BTreeSet<String> = ["meetings", "ksm"].map(String::from).into();
    let (t, f) =
        tables_and_filters("SELECT * FROM meetings m JOIN ksm k ON k.id = m.ksm_id WHERE m.institution_id = $1", &tenant);
    assert_eq!((t.len(), f), (2, 1), "a join filtered on one side only is caught");
    let (t, f) = tables_and_filters("INSERT INTO meetings (institution_id, id) VALUES ($1, $2)", &tenant);
    assert_eq!((t.len(), f), (1, 1));
    let (t, _) = tables_and_filters("SELECT name FROM institutions WHERE id = $1", &tenant);
    assert!(t.is_empty(), "a shared table is not a tenant table");
    let (t, f) = tables_and_filters("SELECT institution_id, stage FROM meetings WHERE id = $1", &tenant);
    assert_eq!((t.len(), f), (1, 0), "reading the column back is not a filter");
    let (t, f) = tables_and_filters(
        "SELECT m.id, (SELECT COUNT(*) FROM ksm k WHERE k.institution_id = $1) FROM meetings m WHERE m.institution_id = $1",
        &tenant,
    );
    assert_eq!((t.len(), f), (2, 2), "a subquery in the select list filters after its own FROM");
}
