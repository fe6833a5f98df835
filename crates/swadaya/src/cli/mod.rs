//! The `swadaya` command line: one binary for serving, migrations, demo data, users, backups
//! and audit verification.

mod books;
pub use books::write_ledger;

use anyhow::Context;
use clap::{Parser, Subcommand};
use std::process::ExitCode;
use swadaya_core::app::auth::{self, NewUser};
use swadaya_core::app::{Backend, Db, Durability};
use swadaya_domain::roles::Role;

#[derive(Parser)]
#[command(
    name = "swadaya",
    version,
    about = "Swadaya: registers, groups, loan fund, books and transparency for community institutions"
)]
pub struct Cli {
    /// sqlite://FILE (default, created if missing) or postgres://USER@HOST/DB
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://swadaya.db", global = true)]
    pub database_url: String,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Start the web server
    Serve {
        /// Address to listen on
        #[arg(long, env = "SWADAYA_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
        /// Apply database migrations before starting
        #[arg(long)]
        migrate: bool,
        /// Apply migrations and load the demo data (seed documents' institutions and one user per role)
        #[arg(long)]
        demo: bool,
        /// Send cookies without the Secure flag (only for plain HTTP on a local network)
        #[arg(long, env = "SWADAYA_INSECURE_COOKIES")]
        insecure_cookies: bool,
        /// Reached only through a reverse proxy that appends X-Forwarded-For: limits and the
        /// audit log then use the address the proxy saw
        #[arg(long, env = "SWADAYA_BEHIND_PROXY")]
        behind_proxy: bool,
        /// SQLite only: `full` (default) syncs every commit to disk, so a record a user saw saved
        /// survives a power cut; `normal` is faster but a power cut can lose the last saved records
        #[arg(long, env = "SWADAYA_SQLITE_SYNC", default_value = "full")]
        sqlite_sync: Durability,
    },
    /// Create or upgrade the database schema
    Migrate,
    /// Load demo data from the seed documents
    Demo {
        /// Also generate N extra institutions with 50 people each (for benchmarks)
        #[arg(long, default_value_t = 0)]
        scale: u32,
    },
    /// Manage users
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Check the audit log's hash chains; exits non-zero at the first broken row
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Month-end close of the loan fund: arrears, reserve, indicators, then the month is locked
    CloseMonth {
        /// Institution id (see the institution's page address /i/ID)
        #[arg(long)]
        institution: i64,
        /// The month, e.g. 2026-10 (default: last month)
        month: Option<String>,
    },
    /// Export data
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Write a consistent copy of the SQLite database to FILE (safe while serving)
    Backup { file: String },
    /// Replace the SQLite database with FILE (stop the server first)
    Restore { file: String },
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user, optionally with a role in an institution (or a region for a facilitator)
    Add {
        username: String,
        /// Full name shown in the interface
        #[arg(long)]
        name: Option<String>,
        /// Password (asked for on standard input when omitted)
        #[arg(long, env = "SWADAYA_PASSWORD")]
        password: Option<String>,
        /// System administrator (all institutions, regions import)
        #[arg(long)]
        system: bool,
        /// admin, board, upk_officer, ksm_treasurer, complaints_officer, finance, facilitator, auditor
        #[arg(long)]
        role: Option<String>,
        /// Institution id for the role
        #[arg(long)]
        institution: Option<i64>,
        /// Region code for a facilitator (e.g. 35.19)
        #[arg(long)]
        region: Option<String>,
    },
    /// Set a new password (ends the user's sessions)
    Passwd {
        username: String,
        #[arg(long, env = "SWADAYA_PASSWORD")]
        password: Option<String>,
    },
    /// Create an API token for a user; prints it once
    Token {
        username: String,
        #[arg(long, default_value = "api")]
        name: String,
    },
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// The journal in hledger/ledger format (`hledger -f FILE bal` shows the trial balance)
    Ledger {
        #[arg(long)]
        institution: i64,
        /// Output file (default: standard output)
        #[arg(long)]
        out: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Verify every hash chain
    Verify,
}

fn read_password(given: Option<String>) -> anyhow::Result<String> {
    if let Some(p) = given {
        return Ok(p);
    }
    eprint!("Password: ");
    let mut s = String::new();
    std::io::stdin().read_line(&mut s).context("cannot read the password from standard input")?;
    Ok(s.trim_end_matches(['\r', '\n']).to_string())
}

async fn open(url: &str) -> anyhow::Result<Db> {
    Db::connect(url).await
}

async fn open_migrated(url: &str) -> anyhow::Result<Db> {
    let db = open(url).await?;
    if !db.is_migrated().await {
        anyhow::bail!("the database schema is missing or old: run `swadaya migrate` first (or `swadaya serve --migrate`)");
    }
    Ok(db)
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let url = cli.database_url;
    match cli.command {
        Command::Serve { addr, migrate, demo, insecure_cookies, behind_proxy, sqlite_sync } => {
            swadaya_web::session::BEHIND_PROXY.store(behind_proxy, std::sync::atomic::Ordering::Relaxed);
            let db = Db::connect_with(&url, sqlite_sync).await?;
            if sqlite_sync == Durability::Normal && db.backend == Backend::Sqlite {
                tracing::warn!(
                    "SQLite runs with synchronous=NORMAL (--sqlite-sync normal): a power cut or an operating-system crash can lose the last records users saw saved. Remove the setting to make every commit durable."
                );
            }
            if migrate || demo {
                db.migrate().await?;
            }
            if !db.is_migrated().await {
                anyhow::bail!("the database schema is missing or old: run `swadaya migrate` first (or add --migrate)");
            }
            if demo {
                crate::demo::load(&db, 0).await?;
            }
            serve(db, &addr, !insecure_cookies, demo).await?;
        }
        Command::Migrate => {
            open(&url).await?.migrate().await?;
            println!("database schema is up to date");
        }
        Command::Demo { scale } => {
            let db = open(&url).await?;
            db.migrate().await?;
            crate::demo::load(&db, scale).await?;
            crate::demo::print_logins();
        }
        Command::User { command } => user(&url, command).await?,
        Command::Audit { command: AuditCommand::Verify } => {
            let db = open_migrated(&url).await?;
            match swadaya_core::app::audit::verify(&db).await? {
                Ok(n) => println!("audit log intact: {n} rows verified"),
                Err(b) => {
                    eprintln!("AUDIT LOG BROKEN: {b}");
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Command::CloseMonth { institution, month } => return books::close_month(&url, institution, month).await,
        Command::Export { command: ExportCommand::Ledger { institution, out } } => {
            books::export_ledger(&url, institution, out).await?
        }
        Command::Backup { file } => backup(&url, &file).await?,
        Command::Restore { file } => restore(&url, &file).await?,
    }
    Ok(ExitCode::SUCCESS)
}

async fn user(url: &str, command: UserCommand) -> anyhow::Result<()> {
    let db = open_migrated(url).await?;
    match command {
        UserCommand::Add { username, name, password, system, role, institution, region } => {
            let role = match role.as_deref() {
                Some(r) => Some(Role::parse(r).with_context(|| format!("unknown role {r}; use one of admin, board, upk_officer, ksm_treasurer, complaints_officer, finance, facilitator, auditor"))?),
                None => None,
            };
            let password = read_password(password)?;
            let id = auth::create_user(
                &db,
                None,
                NewUser {
                    display_name: name.unwrap_or_else(|| username.clone()),
                    username: username.clone(),
                    password,
                    is_system: system,
                    role,
                    institution_id: institution,
                    region_code: region,
                    ksm_id: None,
                },
            )
            .await
            .map_err(|e| match e {
                swadaya_core::app::AppError::Invalid(f) => {
                    anyhow::anyhow!(f.iter().map(|x| format!("{}: {}", x.field, x.message)).collect::<Vec<_>>().join("; "))
                }
                other => anyhow::anyhow!(other.to_string()),
            })?;
            println!("user {username} created (id {id})");
        }
        UserCommand::Passwd { username, password } => {
            let password = read_password(password)?;
            auth::set_password(&db, &username, &password).await?;
            println!("password of {username} changed; their sessions have ended");
        }
        UserCommand::Token { username, name } => {
            let token = auth::create_token(&db, &username, &name).await?;
            println!("{token}");
        }
    }
    Ok(())
}

pub async fn serve(db: Db, addr: &str, secure_cookies: bool, demo: bool) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}: is another program using it? Try --addr 127.0.0.1:8081"))?;
    let local = listener.local_addr()?;
    println!("Swadaya is running at http://{local}/  (Ctrl+C to stop)");
    if demo {
        crate::demo::print_logins();
    }
    let app = swadaya_web::router(swadaya_web::AppState::new(db, secure_cookies));
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

fn sqlite_path(url: &str) -> anyhow::Result<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .context("backup and restore work on SQLite; for PostgreSQL use pg_dump and pg_restore (docs/operations.md)")?;
    Ok(rest.split('?').next().unwrap_or(rest).to_string())
}

async fn backup(url: &str, file: &str) -> anyhow::Result<()> {
    let db = open_migrated(url).await?;
    if db.backend == Backend::Postgres {
        anyhow::bail!("for PostgreSQL use: pg_dump --format=custom --file={file} \"$DATABASE_URL\" (docs/operations.md)");
    }
    if std::path::Path::new(file).exists() {
        anyhow::bail!("{file} already exists; choose a new file name so no backup is overwritten");
    }
    // VACUUM INTO writes a consistent snapshot even while the server keeps writing.
    db.backup_to(file).await.context("backup failed")?;
    println!("backup written to {file}");
    Ok(())
}

async fn restore(url: &str, file: &str) -> anyhow::Result<()> {
    let target = sqlite_path(url)?;
    if !std::path::Path::new(file).exists() {
        anyhow::bail!("{file} does not exist");
    }
    // Check that the file is a Swadaya database before replacing anything.
    let mut head = [0u8; 16];
    let is_sqlite = std::fs::File::open(file).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head)).is_ok()
        && &head == b"SQLite format 3\0";
    if !is_sqlite {
        anyhow::bail!("{file} is not an SQLite database; nothing was changed");
    }
    let probe = Db::connect(&format!("sqlite://{file}?mode=ro")).await?;
    if !probe.is_migrated().await {
        anyhow::bail!("{file} is not a Swadaya database of this version; nothing was changed");
    }
    probe.close().await;
    if std::path::Path::new(&target).exists() {
        let keep = format!("{target}.before-restore-{}", chrono::Utc::now().format("%Y%m%d%H%M%S"));
        std::fs::rename(&target, &keep).with_context(|| format!("cannot move the current database aside to {keep}"))?;
        println!("the current database was kept as {keep}");
    }
    for ext in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{target}{ext}"));
    }
    std::fs::copy(file, &target).with_context(|| format!("cannot copy {file} to {target}"))?;
    println!("restored {file} into {target}");
    Ok(())
}
