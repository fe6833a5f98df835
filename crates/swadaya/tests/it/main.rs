//! One integration-test binary (one link step). Every test that touches a database runs on
//! SQLite and on PostgreSQL through `common::each_backend`.

mod access;
mod access_rules;
mod activities;
mod activities_web;
mod apbdes;
mod api;
mod audit;
mod browser;
mod careless_browser;
mod cli;
mod common;
mod complaints;
mod complaints_web;
mod contract;
mod crash;
mod error_pages;
mod field_browser;
mod field_sync;
mod fund;
mod fund_web;
mod hostile_forms;
mod http;
mod ksm;
mod page_forms;
mod paper_sheet;
mod parsers_fuzz;
mod photo_forms;
mod privacy_logs;
mod registers;
mod repeat_forms;
mod security;
mod sheet_web;
mod sync_conflicts;
mod transparency;
mod upgrade;
