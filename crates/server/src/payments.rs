//! Taking money: payments on the provider's hosted page ([`provider::PaymentProvider`]: GOV.UK
//! Pay in [`govuk_pay`], or the built-in sandbox in demos and tests), so card numbers never
//! touch our API. One provider per council, configured in [`settings`].
//!
//! The sandbox's hosted page (`routes/sandbox_pay.rs`) decides by test card number, like a card
//! processor's test mode:
//!
//! | card number | outcome |
//! |---|---|
//! | `4242 4242 4242 4242` | succeeds |
//! | `4000 0000 0000 0002` | declined (GOV.UK Pay's `P0010`) |
//! | `4000 0000 0000 0119` | provider error (`P0050`, nothing charged) |
//!
//! Any other number leaves the payment open and the page asks again.

pub mod by_council;
pub mod govuk_pay;
pub mod provider;
pub mod sandbox_hosted;
pub mod settings;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

pub const SANDBOX_CARD_OK: &str = "4242424242424242";
pub const SANDBOX_CARD_DECLINED: &str = "4000000000000002";
pub const SANDBOX_CARD_FAILS: &str = "4000000000000119";

/// Counts what it charged and refunded, so tests can see that money moved exactly once.
#[derive(Debug, Default)]
pub struct SandboxPayments {
    charges: AtomicU64,
    refunds: AtomicU64,
    refunds_fail: AtomicBool,
    /// How long its refunds take to answer (a slow provider, in tests; none by default).
    refund_delay: std::sync::Mutex<std::time::Duration>,
    /// Its hosted payments (see `sandbox_hosted.rs`), by payment id.
    hosted: std::sync::Mutex<std::collections::HashMap<String, sandbox_hosted::HostedPayment>>,
    /// Where its hosted page is served (this server's public address).
    page_base: std::sync::Mutex<String>,
    /// Its recurring-payment agreements (RP-6), by agreement id.
    agreements: std::sync::Mutex<std::collections::HashMap<String, provider::AgreementState>>,
    /// The payment each agreement charge's idempotency key made, as GOV.UK Pay keeps them.
    agreement_charges: std::sync::Mutex<std::collections::HashMap<String, String>>,
    /// Test hooks for agreement charges: decline them (`P0010`), or lose the reply of the next
    /// ones after the charge was made (a 5xx or timeout after the money moved).
    recurring_declines: AtomicBool,
    recurring_replies_lost: AtomicU64,
}

impl SandboxPayments {
    pub fn charges(&self) -> u64 {
        self.charges.load(Ordering::SeqCst)
    }

    pub fn refunds(&self) -> u64 {
        self.refunds.load(Ordering::SeqCst)
    }

    /// Makes every later agreement charge be declined by the card's bank (`P0010`), or not.
    pub fn decline_recurring_charges(&self, decline: bool) {
        self.recurring_declines.store(decline, Ordering::SeqCst);
    }

    /// Loses the reply to the next `count` agreement charges after each was made, as a 5xx or
    /// a timeout would: only the `Idempotency-Key` then stops a retry charging twice.
    pub fn lose_recurring_replies(&self, count: u64) {
        self.recurring_replies_lost.store(count, Ordering::SeqCst);
    }

    /// Makes every later refund find the provider unreachable (they wait and are retried), or not.
    pub fn fail_refunds(&self, fail: bool) {
        self.refunds_fail.store(fail, Ordering::SeqCst);
    }
}
