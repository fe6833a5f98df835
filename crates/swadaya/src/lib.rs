//! Swadaya: registers, groups, loan fund, books, complaints and transparency for Indonesian
//! community institutions. Layers: `swadaya_domain` (pure rules) → `store` → `app` → `web`/`cli`,
//! with `reports` for exports. See docs/architecture.md.

pub mod app;
pub mod cli;
pub mod demo;
pub mod demo_activities;
pub mod demo_apbdes;
pub mod demo_complaints;
pub mod demo_fund;
pub mod fault;
pub mod reports;
pub mod store;
pub mod web;
