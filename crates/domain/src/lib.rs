//! Pure rules of Swadaya: nothing here touches a database, a file or the network.
//! Everything a reviewer must trust about money, identity numbers, dates and the audit chain
//! lives here, small enough to read in one sitting.

pub mod activity;
pub mod apbdes;
pub mod audit;
pub mod complaint;
pub mod dates;
pub mod fund;
pub mod graduation;
pub mod independence;
pub mod ksm;
pub mod lang;
pub mod ledger;
pub mod money;
pub mod nik;
pub mod people;
pub mod region;
pub mod roles;
pub mod savings;
pub mod stage;
pub mod text;
pub mod water;

pub use lang::Lang;
pub use money::Rupiah;
