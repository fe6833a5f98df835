//! The revolving loan fund's tables, one file per idea, named as in `app::fund`. Everything is
//! re-exported here, so commands name `store::fund::get_loan` without knowing which file holds it.

pub mod collection;
pub mod loans;
pub mod portfolio;
pub mod products;
pub mod repayments;

pub use collection::*;
pub use loans::*;
pub use portfolio::*;
pub use products::*;
pub use repayments::*;
