//! Regions, institutions with their units, people and positions: one file each, named as in
//! `app::registers`, re-exported here.

pub mod institutions;
pub mod people;
pub mod positions;
pub mod regions;

pub use institutions::*;
pub use people::*;
pub use positions::*;
pub use regions::*;
