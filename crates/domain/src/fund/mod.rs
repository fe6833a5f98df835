//! The revolving loan fund (Pinjaman Dana Bergulir): products and schedules, allocation of
//! repayments, arrears and collectibility, portfolio indicators. RULES.md gives every default.

pub mod allocation;
pub mod arrears;
pub mod indicators;
pub mod product;
pub mod schedule;
