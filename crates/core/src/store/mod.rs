//! Schema, migrations and repositories. One code path serves SQLite and PostgreSQL through
//! sqlx's `Any` driver (docs/adr/0001-database-access.md): queries use `$1` placeholders, which
//! both backends accept, and only integers and text cross the boundary.

pub mod activities;
pub mod apbdes;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod books;
pub mod complaints;
pub mod fund;
pub mod idempotency;
pub mod ksm;
pub mod proposals;
pub mod registers;
pub mod repeats;
pub mod sheet_corrections;
pub mod water;

use anyhow::Context;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Row, Transaction};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    // Tests reach the pool to set up and inspect rows; everything shipped goes through `app`.
    #[cfg(feature = "test-support")]
    pub pool: AnyPool,
    #[cfg(not(feature = "test-support"))]
    pub(crate) pool: AnyPool,
    pub backend: Backend,
    /// SQLite allows one writer at a time; taking this gate before a write transaction turns
    /// lock-upgrade failures (SQLITE_BUSY) into an orderly queue inside one process.
    write_gate: Arc<Mutex<()>>,
}

pub type Tx = Transaction<'static, Any>;

/// A write transaction. On SQLite it holds the write gate until commit or drop.
pub struct WriteTx {
    pub tx: Tx,
    _gate: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    /// Commits, except inside an idempotent request, where the commit waits for the request's
    /// answer to join the transaction (`idempotency::finish`).
    pub async fn commit(self) -> sqlx::Result<()> {
        match idempotency::park(self) {
            Some(tx) => tx.commit_now().await,
            None => Ok(()),
        }
    }

    async fn commit_now(self) -> sqlx::Result<()> {
        self.tx.commit().await
    }

    /// On PostgreSQL, holds the institution's row against a month-end close until commit:
    /// a posting that found its month open cannot land after the close locked it. (SQLite
    /// writers are already one at a time.)
    pub async fn hold_books(&mut self, institution_id: i64, exclusive: bool) -> sqlx::Result<()> {
        if self._gate.is_some() {
            return Ok(());
        }
        let sql = if exclusive {
            "SELECT id FROM institutions WHERE id = $1 FOR UPDATE"
        } else {
            "SELECT id FROM institutions WHERE id = $1 FOR SHARE"
        };
        sqlx::query(sql).bind(institution_id).fetch_optional(&mut *self.tx).await?;
        Ok(())
    }
}

impl std::ops::Deref for WriteTx {
    type Target = Tx;
    fn deref(&self) -> &Tx {
        &self.tx
    }
}
impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Tx {
        &mut self.tx
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// When a SQLite commit is safe on disk (PostgreSQL keeps its own `synchronous_commit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// `synchronous=FULL`: the write-ahead log is synced to disk before a commit returns, so a
    /// record the user saw saved survives a power cut or an operating-system crash.
    #[default]
    Full,
    /// `synchronous=NORMAL`: commits are synced only at checkpoints. A crash of the program
    /// loses nothing, but a power cut can lose the last commits a user saw saved.
    Normal,
}

impl std::str::FromStr for Durability {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "full" => Ok(Durability::Full),
            "normal" => Ok(Durability::Normal),
            other => Err(format!("{other:?}: write full (the default: every saved record survives a power cut) or normal")),
        }
    }
}

impl Db {
    /// `sqlite://path/to/file.db` (created if missing) or `postgres://user@host/db`, with every
    /// commit durable (`Durability::Full`).
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        Db::connect_with(url, Durability::Full).await
    }

    pub async fn connect_with(url: &str, durability: Durability) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            anyhow::bail!(
                "DATABASE_URL must start with sqlite:// or postgres:// (got \"{}\")",
                url.split('@').next_back().unwrap_or(url)
            );
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { "&" } else { "?" })
            }
            _ => url.to_string(),
        };
        let read_only = url.contains("mode=ro");
        let mut opts = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        opts = match backend {
            Backend::Sqlite => opts.max_connections(4).after_connect(move |conn, _| {
                Box::pin(async move {
                    use sqlx::Executor;
                    // Sorts and temporary b-trees in memory rather than in a file made and
                    // deleted per statement; 8 MB of page cache per connection (4 at most).
                    conn.execute(
                        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-8000;",
                    )
                    .await?;
                    if !read_only {
                        conn.execute(match durability {
                            Durability::Full => "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
                            Durability::Normal => "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                        })
                        .await?;
                    }
                    Ok(())
                })
            }),
            // No JIT: every query here reads one institution's rows and takes milliseconds, but
            // a correlated subquery inflates the planner's estimate past `jit_above_cost`, and
            // compiling then costs 100-300 ms a query (the water collection list: 1.4 s with
            // JIT, see docs/PERFORMANCE.md).
            Backend::Postgres => opts.max_connections(16).after_connect(|conn, _| {
                Box::pin(async move {
                    use sqlx::Executor;
                    conn.execute("SET jit = off").await?;
                    Ok(())
                })
            }),
        };
        let pool = opts.connect(&url).await.with_context(|| format!("cannot open the database ({})", redact(&url)))?;
        Ok(Db { pool, backend, write_gate: Arc::new(Mutex::new(())) })
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        let m = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        m.run(&self.pool).await.context("database migration failed")?;
        Ok(())
    }

    /// Whether the schema is at the newest version this binary knows.
    pub async fn is_migrated(&self) -> bool {
        let m = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        let latest = m.iter().map(|x| x.version).max().unwrap_or(0);
        let row = sqlx::query("SELECT MAX(version) AS v FROM _sqlx_migrations WHERE success = TRUE").fetch_one(&self.pool).await;
        matches!(row.and_then(|r| r.try_get::<Option<i64>, _>("v")), Ok(Some(v)) if v >= latest)
    }

    /// One statement on its own, written like every other write: on SQLite through the write
    /// gate, so it never lands inside another writer's transaction (which would then fail to
    /// commit with "database is locked").
    pub async fn write_one<'q>(&self, q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>) -> sqlx::Result<()> {
        let mut tx = self.begin().await?;
        q.execute(&mut *tx.tx).await?;
        tx.commit().await
    }

    /// A consistent copy of an SQLite database into a new file, even while the server writes.
    pub async fn backup_to(&self, file: &str) -> sqlx::Result<()> {
        sqlx::query("VACUUM INTO $1").bind(file).execute(&self.pool).await.map(|_| ())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// How many connections one long read (the portfolio pass) may use at once: one per core, no
    /// more than four, and on SQLite's pool of four one is left for a writer and one for others.
    pub fn readers(&self) -> usize {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        cores.clamp(1, if self.backend == Backend::Sqlite { 2 } else { 4 })
    }

    pub async fn begin(&self) -> sqlx::Result<WriteTx> {
        // A command's earlier transaction held for its idempotent answer is committed first:
        // it holds the SQLite write gate, and this one must see what it wrote.
        if let Some(parked) = idempotency::unpark() {
            parked.commit_now().await?;
        }
        let gate = match self.backend {
            Backend::Sqlite => Some(self.write_gate.clone().lock_owned().await),
            Backend::Postgres => None,
        };
        let tx = self.pool.begin().await?;
        Ok(WriteTx { tx, _gate: gate })
    }
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}

/// The VALUES rows of a multi-row insert: `rows` groups, each starting with the `shared`
/// parameters $1..$shared, then `per_row` parameters of its own, numbered on from there.
pub(crate) fn value_rows(rows: usize, shared: usize, per_row: usize) -> String {
    (0..rows)
        .map(|i| {
            let own = (0..per_row).map(|k| format!("${}", shared + i * per_row + k + 1));
            let all: Vec<String> = (1..=shared).map(|k| format!("${k}")).chain(own).collect();
            format!("({})", all.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod value_rows_tests {
    #[test]
    fn shared_parameters_open_each_row_and_the_rest_count_on() {
        assert_eq!(super::value_rows(2, 2, 3), "($1, $2, $3, $4, $5), ($1, $2, $6, $7, $8)");
        assert_eq!(super::value_rows(1, 0, 2), "($1, $2)");
        assert_eq!(super::value_rows(0, 2, 3), "");
    }
}

pub fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

// Every column is read with its type and a wrong name, a NULL where a value must be or a
// type the driver cannot turn into this one (a PostgreSQL SUM is NUMERIC, not BIGINT) is an
// error naming the column: in a book of money a misread column must never read as Rp 0.

/// Reads an optional text column.
pub fn opt_str(row: &AnyRow, col: &str) -> sqlx::Result<Option<String>> {
    row.try_get::<Option<String>, _>(col)
}

pub fn get_str(row: &AnyRow, col: &str) -> sqlx::Result<String> {
    row.try_get::<String, _>(col)
}

pub fn get_i64(row: &AnyRow, col: &str) -> sqlx::Result<i64> {
    row.try_get::<i64, _>(col)
}

pub fn opt_i64(row: &AnyRow, col: &str) -> sqlx::Result<Option<i64>> {
    row.try_get::<Option<i64>, _>(col)
}

/// Reads a text column that holds one of a fixed set of codes (a loan's status, an account's
/// kind): a code this version does not know is an error naming the column, never a default.
pub fn get_code<T>(row: &AnyRow, col: &str, parse: impl Fn(&str) -> Option<T>) -> sqlx::Result<T> {
    let code = get_str(row, col)?;
    parse(&code)
        .ok_or_else(|| sqlx::Error::ColumnDecode { index: col.to_string(), source: format!("unknown code {code:?}").into() })
}

/// Escapes `%` and `_` for a LIKE pattern (with `ESCAPE '\'`). Only the first 200 characters
/// are searched: no name or code kept is longer, and SQLite refuses a pattern over 50,000 bytes.
pub fn like_pattern(s: &str) -> String {
    let mut out = String::from("%");
    for c in s.chars().take(200) {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.extend(c.to_lowercase());
    }
    out.push('%');
    out
}

/// True when the database error is a unique-constraint violation.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => {
            d.code().is_some_and(|c| c == "23505" || c == "2067" || c == "1555")
                || d.message().contains("UNIQUE constraint failed")
        }
        _ => false,
    }
}

#[cfg(test)]
mod decode_tests;
#[cfg(test)]
mod durability_tests;
