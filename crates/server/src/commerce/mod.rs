//! Buying: what a resident's history means to the rules engine, and the purchase itself.
//! Every decision (allowances, prices, durations, review) is the rules crate's; this module
//! gathers its inputs from storage and records its answers.

mod history;
mod purchase;

pub use history::{Standing, standing};
pub use purchase::{PurchaseOutcome, purchase};
