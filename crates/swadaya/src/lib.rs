//! The `swadaya` program: the command line and the demo data, on top of `swadaya_core` (the
//! database behind its one door, `app`) and `swadaya_web` (pages and API). Layers:
//! `swadaya_domain` (pure rules) → `swadaya_core` (store, private; app; reports) → `swadaya_web`
//! → this crate. See docs/architecture.md.

pub mod cli;
pub mod demo;
pub mod demo_activities;
pub mod demo_apbdes;
pub mod demo_complaints;
pub mod demo_fund;
pub mod demo_water;
