//! Taking money. Two ways in today:
//!
//! - [`provider::PaymentProvider`]: payments on the provider's hosted page (GOV.UK Pay in
//!   [`govuk_pay`], or the sandbox), so card numbers never touch our API. One per council,
//!   configured in [`settings`].
//! - [`CardPayments`]: purchases and renewals that still send a card number (the web UI and
//!   app until they move to the hosted page); only the sandbox implements it, and only in demos
//!   and tests (`--demo` or `[payments] sandbox`). The two-phase purchase (`commerce::orders`)
//!   replaces it.
//!
//! The built-in sandbox decides by test card number, like a card processor's test mode:
//!
//! | card number | outcome |
//! |---|---|
//! | `4242 4242 4242 4242` | succeeds |
//! | `4000 0000 0000 0002` | declined (`card_declined`, 402) |
//! | `4000 0000 0000 0119` | provider failure (`payment_failed`, 402, nothing charged) |
//!
//! Any other number is refused as `card_unknown` (422).

pub mod by_council;
pub mod govuk_pay;
pub mod provider;
pub mod sandbox_hosted;
pub mod settings;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("The card was declined. Please try another card.")]
    Declined,
    #[error("The payment could not be taken. Nothing was charged; please try again.")]
    Failed,
    #[error("That card number is not accepted here.")]
    UnknownCard,
}

/// A successful charge, as the provider names it (kept for refunds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    pub reference: String,
}

/// Charging a card number sent to our API: the sandbox's test cards only (see the module doc).
pub trait CardPayments: Send + Sync + std::fmt::Debug {
    fn charge(
        &self,
        card_number: &str,
        amount_pence: i64,
        description: &str,
    ) -> Result<Charge, PaymentError>;
    fn refund(&self, charge: &str, amount_pence: i64) -> Result<(), PaymentError>;
    /// Charges the card behind an earlier charge again (auto-renewal, RP-6). The provider keeps
    /// the card; this service only ever holds its charge references.
    fn charge_again(
        &self,
        earlier_charge: &str,
        amount_pence: i64,
        description: &str,
    ) -> Result<Charge, PaymentError>;
}

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

    /// Makes every later refund fail, to show that a failure rolls the whole request back.
    pub fn fail_refunds(&self, fail: bool) {
        self.refunds_fail.store(fail, Ordering::SeqCst);
    }
}

impl CardPayments for SandboxPayments {
    fn charge(
        &self,
        card_number: &str,
        amount_pence: i64,
        description: &str,
    ) -> Result<Charge, PaymentError> {
        let digits: String = card_number.chars().filter(char::is_ascii_digit).collect();
        match digits.as_str() {
            SANDBOX_CARD_OK => {
                self.charges.fetch_add(1, Ordering::SeqCst);
                let reference = crate::db::new_id("ch");
                tracing::info!(%reference, amount_pence, description, "sandbox charge");
                Ok(Charge { reference })
            }
            SANDBOX_CARD_DECLINED => Err(PaymentError::Declined),
            SANDBOX_CARD_FAILS => Err(PaymentError::Failed),
            _ => Err(PaymentError::UnknownCard),
        }
    }

    fn charge_again(
        &self,
        earlier_charge: &str,
        amount_pence: i64,
        description: &str,
    ) -> Result<Charge, PaymentError> {
        if !earlier_charge.starts_with("ch_") {
            return Err(PaymentError::Failed);
        }
        self.charge(SANDBOX_CARD_OK, amount_pence, description)
    }

    fn refund(&self, charge: &str, amount_pence: i64) -> Result<(), PaymentError> {
        if self.refunds_fail.load(Ordering::SeqCst) {
            return Err(PaymentError::Failed);
        }
        self.refunds.fetch_add(1, Ordering::SeqCst);
        tracing::info!(charge, amount_pence, "sandbox refund");
        Ok(())
    }
}

/// Stands in for the card path outside demos and tests: card numbers sent to our API are never
/// charged for real, and the sandbox would give permits away. Every charge and refund fails.
#[derive(Debug, Default)]
pub struct NoCardPayments;

impl CardPayments for NoCardPayments {
    fn charge(&self, _: &str, _: i64, _: &str) -> Result<Charge, PaymentError> {
        tracing::warn!("card payment refused: only the sandbox takes card numbers");
        Err(PaymentError::Failed)
    }

    fn refund(&self, charge: &str, _: i64) -> Result<(), PaymentError> {
        tracing::warn!(
            charge,
            "card refund refused: only the sandbox takes card numbers"
        );
        Err(PaymentError::Failed)
    }

    fn charge_again(&self, earlier: &str, _: i64, _: &str) -> Result<Charge, PaymentError> {
        tracing::warn!(
            earlier,
            "card charge refused: only the sandbox takes card numbers"
        );
        Err(PaymentError::Failed)
    }
}
