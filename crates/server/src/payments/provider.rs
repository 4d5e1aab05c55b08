//! The payment provider trait: what the server asks of whoever takes the money (GOV.UK Pay, or
//! the sandbox in demos and tests). Payments are taken on the provider's hosted page, so card
//! numbers never reach this trait; the server only ever holds the provider's payment ids.

use permit_rules::Pence;
use std::future::Future;
use std::pin::Pin;

/// What every provider call returns: boxed so the trait can sit behind `dyn`.
pub type ProviderFuture<'a, T> =
    Pin<Box<dyn Future<Output = Result<T, ProviderError>> + Send + 'a>>;

/// A payment's state at the provider (GOV.UK Pay's `state.status`). `Success`, `Failed`,
/// `Cancelled` and `Error` are final; the others may still move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentState {
    /// Made, the payer has not opened the payment page yet.
    Created,
    /// The payer is on the payment page.
    Started,
    /// The payer submitted their card details; the result is not known yet.
    Submitted,
    /// The money was taken.
    Success,
    /// Declined, abandoned or expired: nothing was taken.
    Failed,
    /// Cancelled by the service: nothing was taken.
    Cancelled,
    /// The provider failed: nothing was taken.
    Error,
}

impl PaymentState {
    /// Reads GOV.UK Pay's `state.status`; `capturable` (delayed capture, which we never ask
    /// for) counts as submitted.
    pub fn from_status(status: &str) -> Option<Self> {
        Some(match status {
            "created" => Self::Created,
            "started" => Self::Started,
            "submitted" | "capturable" => Self::Submitted,
            "success" => Self::Success,
            "failed" => Self::Failed,
            "cancelled" => Self::Cancelled,
            "error" => Self::Error,
            _ => return None,
        })
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Success | Self::Failed | Self::Cancelled | Self::Error
        )
    }
}

/// A payment to create: the payer is sent to the provider's page and back to `return_url`.
#[derive(Debug, Clone)]
pub struct NewPayment<'a> {
    pub amount: Pence,
    /// Our reference for it (the order's id), shown to staff in the provider's admin.
    pub reference: &'a str,
    /// Shown to the payer on the payment page.
    pub description: &'a str,
    pub return_url: &'a str,
    /// Sets up this recurring-payment agreement with the card paid with (auto-renewal, RP-6).
    pub set_up_agreement: Option<&'a str>,
}

/// A created payment: where to send the payer (`next_url`), and its id to read it back by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedPayment {
    pub payment_id: String,
    pub state: PaymentState,
    /// The hosted payment page; absent where no payer is needed (an agreement charge).
    pub next_url: Option<String>,
}

/// A payment as the provider reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentStatus {
    pub state: PaymentState,
    pub finished: bool,
    /// The provider's reason code for a failure (GOV.UK Pay's `P0010`, `P0030`, ...).
    pub code: Option<String>,
    /// What can still be refunded.
    pub refundable: Pence,
}

/// A refund's state at the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundState {
    Submitted,
    Success,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    pub refund_id: String,
    pub state: RefundState,
}

/// Why a provider call did not do what was asked. The provider's own reply body is never
/// carried here: it is logged by the adapter and never reaches a client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// Timed out, could not connect, or the provider answered 5xx or 429: try again later.
    #[error("the payment provider is unavailable")]
    Unavailable,
    /// The provider refused the request (4xx): our request or our configuration is wrong.
    #[error("the payment provider refused the request ({status})")]
    Refused { status: u16 },
    /// No such payment or agreement at the provider.
    #[error("the payment provider does not know that payment")]
    NotFound,
    /// Asked to refund more than the provider still holds for the payment.
    #[error("only {available:?} of that payment can still be refunded")]
    RefundTooLarge { available: Pence },
    /// The provider answered with something we cannot read.
    #[error("the payment provider's answer could not be read")]
    BadReply,
}

/// A recurring-payment agreement's status at the provider (GOV.UK Pay's agreement `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementState {
    /// Made; no payment has set it up yet, so it cannot be charged.
    Created,
    /// Set up by a successful payment: it can be charged with no payer present.
    Active,
    /// Cancelled by the service (or in the provider's admin tool): it can no longer be charged.
    Cancelled,
    /// The saved card, or its token, ran out: it can no longer be charged.
    Expired,
    /// Made inactive by the provider: it can no longer be charged.
    Inactive,
}

impl AgreementState {
    /// Reads GOV.UK Pay's agreement `status` (documented lower case; its own example shows
    /// `CREATED`, so case is ignored).
    pub fn from_status(status: &str) -> Option<Self> {
        Some(match status.to_ascii_lowercase().as_str() {
            "created" => Self::Created,
            "active" => Self::Active,
            "cancelled" => Self::Cancelled,
            "expired" => Self::Expired,
            "inactive" => Self::Inactive,
            _ => return None,
        })
    }
}

/// A charge on an agreement, with no payer present (auto-renewal, RP-6).
#[derive(Debug, Clone)]
pub struct AgreementCharge<'a> {
    pub agreement_id: &'a str,
    pub amount: Pence,
    /// Our reference for it (the renewal's id).
    pub reference: &'a str,
    pub description: &'a str,
    /// Sent as GOV.UK Pay's `Idempotency-Key`: the same key with the same request gives back
    /// the payment the first request made, so a retry after a timeout or a 5xx never charges
    /// twice.
    pub idempotency_key: &'a str,
}

/// Whoever takes the money for a council.
pub trait PaymentProvider: Send + Sync + std::fmt::Debug {
    /// Creates a payment on the provider's hosted page.
    fn create_payment<'a>(
        &'a self,
        payment: &'a NewPayment<'a>,
    ) -> ProviderFuture<'a, CreatedPayment>;

    /// Reads a payment's state: the only source of truth for whether money was taken.
    fn payment_status<'a>(&'a self, payment_id: &'a str) -> ProviderFuture<'a, PaymentStatus>;

    /// Cancels a payment the payer has not finished (GOV.UK Pay's `POST /v1/payments/{id}/cancel`),
    /// so it can no longer be paid: refused once it succeeded (or otherwise finished).
    fn cancel_payment<'a>(&'a self, payment_id: &'a str) -> ProviderFuture<'a, ()>;

    /// Refunds `amount` of a successful payment, refused locally when more than the provider
    /// says is still available.
    fn refund<'a>(&'a self, payment_id: &'a str, amount: Pence) -> ProviderFuture<'a, Refund>;

    /// Creates a recurring-payment agreement (auto-renewal, RP-6) to set up with the next
    /// payment (see [`NewPayment::set_up_agreement`]); returns its id.
    fn create_agreement<'a>(
        &'a self,
        reference: &'a str,
        description: &'a str,
        payer: &'a str,
    ) -> ProviderFuture<'a, String>;

    /// Charges the card behind an active agreement, with no payer present. The answer is the
    /// created payment: its state (success, or failed with `P0010` when declined) is read like
    /// any other payment's.
    fn charge_agreement<'a>(
        &'a self,
        charge: &'a AgreementCharge<'a>,
    ) -> ProviderFuture<'a, CreatedPayment>;

    /// Reads an agreement's status (`GET /v1/agreements/{id}`).
    fn agreement_status<'a>(&'a self, agreement_id: &'a str) -> ProviderFuture<'a, AgreementState>;

    /// Cancels an active agreement (`POST /v1/agreements/{id}/cancel`): it can no longer be
    /// charged. One that is not active is refused (GOV.UK Pay's 400, `P2501`).
    fn cancel_agreement<'a>(&'a self, agreement_id: &'a str) -> ProviderFuture<'a, ()>;
}
