//! Buying: what a resident's history means to the rules engine, and the purchase itself.
//! Every decision (allowances, prices, durations, review) is the rules crate's; this module
//! gathers its inputs from storage and records its answers.

pub mod app_return;
pub mod auto_renewal;
mod cancel;
mod history;
mod order;
mod purchase;
mod refund;
mod renew;
mod renewal_link;
mod renewal_order;

pub use cancel::cancel_held;
pub use history::{Standing, household, is_resident_permit, standing};
pub use order::{ORDER_EXPIRY, reconcile, return_path, settle};
pub use refund::{give_back, send_refunds, send_refunds_soon};

/// The two-phase purchase (issue 16): start, read (settling first), view.
pub mod orders {
    pub use super::order::{read, start, view};
    /// The emailed renewal link's ready-made order, taken to payment (RP-4, RP-6).
    pub use super::renewal_link::pay as pay_ready;
    /// Renewals on the hosted page (RP-4, AVP-3).
    pub use super::renewal_order::start as start_renewal;
}
pub use renew::{held_permit, insert_renewal};
pub use renewal_link::ready_link;
