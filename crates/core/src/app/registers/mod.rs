//! Registers: regions, institutions with their units, people, positions.

pub mod import;
pub mod institutions;
pub mod people;
pub mod positions;
pub mod regions;
pub mod templates;
