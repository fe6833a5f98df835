//! The service after the hand-over (issue 21): a water system or a road kept by its maintenance
//! group, paid for by its users. Fee schemes and tariff versions, meter readings, and what a
//! customer owes.

pub mod bills;
pub mod reading;
pub mod tariff;

#[cfg(test)]
mod tests;
