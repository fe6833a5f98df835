//! The core of Swadaya: the database and the business around it. `app` is the one door: commands
//! and read views that take the caller's context and check permission. `store` (schema, queries,
//! transactions, the audit chain) is private to this crate, so the web layer and the command line
//! cannot reach the database except through `app`. `reports` writes CSV, xlsx and PDF from the
//! tables `app` returns. See docs/architecture.md and ADR 0012.

pub mod app;
pub mod reports;

// Tests and benchmarks build their fixtures and check rows directly; they turn this feature on
// as a dev-dependency. Nothing shipped enables it (CI checks the web crate and the binary
// without it).
#[cfg(feature = "test-support")]
pub mod store;
#[cfg(not(feature = "test-support"))]
mod store;
