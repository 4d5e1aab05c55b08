//! Catalogue, purchases and payment history (VP-1 to VP-7, RP-1, AVP-1).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `GET /catalogue`: what the resident's council sells, at what price, and how much of the
/// allowance is left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Catalogue {
    pub council: String,
    /// Whether the registration lets the resident buy now.
    pub can_buy: bool,
    pub registration_explanation: String,
    pub products: Vec<Product>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Product {
    /// The `permit_type` to buy it with.
    pub id: String,
    pub name: String,
    /// `visitor_bundle` or `vehicle_permit`.
    pub kind: String,
    pub description: String,
    /// Visitor permits per bundle.
    pub bundle_size: Option<u32>,
    /// Price of one bundle.
    pub bundle_price_pence: Option<u64>,
    pub max_quantity: Option<u32>,
    /// Vehicle permits: each duration with its price (RP-1).
    pub durations: Vec<DurationPrice>,
    /// The council reviews each purchase before it can be used (VP-6, RP-2).
    pub needs_review: bool,
    pub allowance: Option<Allowance>,
    /// AVP-1: documents the council needs to see (any one), uploaded after buying with
    /// `PUT /permits/{id}/evidence`; empty when none is needed.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// RP-6: "Check your answers" offers "Renew automatically" for it: the product renews
    /// automatically and the council's payment account takes recurring payments, so ticking it
    /// (`auto_renew` in the order) sets up an agreement the renewal is charged to.
    #[serde(default)]
    pub renew_automatically: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DurationPrice {
    pub months: u32,
    pub price_pence: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Allowance {
    pub limit: u32,
    pub used: u32,
    pub left: u32,
    #[serde(default, deserialize_with = "crate::rfc3339::option")]
    pub next_reset_at: Option<DateTime<Utc>>,
    /// e.g. "14 of 20 left this month, resets 1 December 2026".
    pub summary: String,
}

/// `POST /purchases` (with an `Idempotency-Key` header). It carries no card details (issue 16):
/// the payer pays on the provider's hosted page, and a body with any field not listed here
/// (`card_number`, say) is refused with 422 `invalid_body` naming the field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PurchaseOrder {
    pub permit_type: String,
    /// Bundles, for visitor permits; 1 for a vehicle permit.
    #[serde(default = "one")]
    pub quantity: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_months: Option<u32>,
    /// The vehicle, for a vehicle permit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vrm: Option<String>,
    /// RP-6, a resident permit paid on the provider's page: `true` when the resident ticks
    /// "Renew automatically" (only where the council offers it), and the payment then sets up a
    /// recurring-payment agreement that auto-renewal charges; `false` leaves auto-renewal off.
    /// Left out, the product's default stands, with no agreement: the resident is sent a link
    /// to pay when renewal opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew: Option<bool>,
    /// Where the provider sends the payer back to (issue 16).
    #[serde(default, skip_serializing_if = "PaymentReturn::is_web")]
    pub return_to: PaymentReturn,
}

/// Where the provider sends the payer once they have paid, declined or cancelled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentReturn {
    /// The web UI's page for the order (`/buy?order=…`, `/permits/renew?order=…`), which reads
    /// it with the resident's session: the payer paid in the same browser.
    #[default]
    Web,
    /// The Tauri app, which opened the page in the system browser (no session there) and
    /// follows the order itself: a page that needs no session, named by a random token made
    /// for the order, says only whether the payment went through and to go back to the app.
    App,
}

impl PaymentReturn {
    pub fn is_web(&self) -> bool {
        *self == Self::Web
    }
}

/// A two-phase purchase (`POST /purchases`, `GET /purchases/{id}`): the payer
/// pays on the provider's hosted page at `next_url`, then the server reads the payment's state
/// from the provider and issues what was bought exactly once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PaymentOrder {
    pub id: String,
    /// `awaiting_payment`, then `paid`, `declined`, `cancelled`, `failed` or `expired`; or
    /// `refunded`: paid, but what it was for could no longer be issued (a renewal of a permit
    /// renewed or ended meanwhile), so the money is returned.
    pub state: String,
    /// The provider's payment page, while the order awaits payment.
    pub next_url: Option<String>,
    pub description: String,
    pub amount_pence: u64,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub created_at: DateTime<Utc>,
    /// Unpaid by then, the order expires and its hold on the allowance is released.
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub expires_at: DateTime<Utc>,
    /// What was issued, once paid.
    pub receipt: Option<PurchaseReceipt>,
    /// The permit a renewal order renews (RP-4, AVP-3); none for a purchase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renews: Option<String>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PurchaseReceipt {
    pub payment: Payment,
    pub bundle: Option<VisitorBundle>,
    pub permit: Option<Permit>,
}

/// VP-7: one purchase in the payment history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Payment {
    pub id: String,
    pub permit_type: String,
    pub description: String,
    pub quantity: u32,
    pub amount_pence: u64,
    pub refunded_pence: u64,
    /// `paid` or `refunded`.
    pub status: String,
    /// A refund through the payment provider: `pending` (being sent, retried while the
    /// provider cannot be reached), `sent`, or `failed` (the council follows it up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_status: Option<String>,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub paid_at: DateTime<Utc>,
}

/// Visitor permits bought together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VisitorBundle {
    pub id: String,
    pub permit_type: String,
    pub permits: u32,
    pub remaining: u32,
    /// `active`, `pending_review` or `rejected`.
    pub state: String,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub bought_at: DateTime<Utc>,
    /// VP-3: unused permits are removed at this instant.
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub expires_at: DateTime<Utc>,
}

/// A permit for one vehicle (resident permit or annual visitor permit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Permit {
    pub id: String,
    pub permit_type: String,
    pub name: String,
    pub vrm: String,
    /// The property it belongs to (RP-7).
    pub property_id: String,
    /// `active`, `pending_review`, `rejected` or `cancelled`.
    pub state: String,
    pub auto_renew: bool,
    pub duration_months: u32,
    pub price_pence: u64,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub starts_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub expires_at: DateTime<Utc>,
    /// RP-4, AVP-3: from when it can be renewed.
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub renewal_opens_at: DateTime<Utc>,
    /// RP-6: how the next period will be paid for when renewal opens. Absent from a copy saved
    /// by an older version: read as `reminder`, which promises nothing.
    #[serde(default)]
    pub renews_by: RenewsBy,
    /// RP-4, AVP-3: renewed (`renews_by` is `renewed`): the new period's end (exclusive, as
    /// `expires_at`); it cannot be renewed again. Absent while it has not been renewed.
    #[serde(
        default,
        deserialize_with = "crate::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub renewed_until: Option<DateTime<Utc>>,
    /// RP-2: renewed, and the new period awaits the council's review: by when the council aims
    /// to decide (its review target from payment). This period runs to `expires_at` either way.
    /// Absent otherwise.
    #[serde(
        default,
        deserialize_with = "crate::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub renewal_decision_due: Option<DateTime<Utc>>,
}

/// RP-6, RP-4, AVP-3: how a permit's next period is paid for, decided by the service (the
/// council's rules, the permit's recurring-payment agreement and whether the council's payment
/// account takes recurring payments) exactly as its renewal job will do it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RenewsBy {
    /// Auto-renewal is on: the card the resident agreed to when paying is charged when renewal
    /// opens; if that payment fails, a link to pay is sent instead.
    CardOnFile,
    /// Auto-renewal is on but no card is set up for this permit (it ended when auto-renewal was
    /// switched off, or none was ever set up): a link to pay is sent when renewal opens.
    /// Renewing it with `auto_renew` sets one up.
    PaymentLink,
    /// Auto-renewal is on but the council's payment account takes no recurring payments: a link
    /// to pay is sent when renewal opens.
    PaymentLinkNoRecurring,
    /// Auto-renewal is off or not offered: the resident renews it, reminded by email when
    /// renewal opens.
    #[default]
    Reminder,
    /// As `reminder`, but the resident gave no email address (RP-4, AVP-3: reminders are
    /// emailed), so none is sent: they renew it themselves from `renewal_opens_at`.
    NoReminder,
    /// The next period has been bought (by the card or by the resident; `renewed_until`):
    /// nothing more is charged for this one and it cannot be renewed again.
    Renewed,
    /// Cancelled or rejected: it does not renew.
    Ended,
}

/// `POST /permits/{id}/renew` (with an `Idempotency-Key` header): paid on the provider's hosted
/// page, so it carries no card details; any other field (`card_number`, say) is refused with
/// 422 `invalid_body` naming the field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenewalOrder {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_months: Option<u32>,
    /// RP-6: "Renew automatically" ticked (`true`): this payment also sets up a
    /// recurring-payment agreement, charged when the next period's renewal opens (it replaces
    /// any agreement the permit had once the new period is active: where the council reviews
    /// it, on approval; rejected, RP-2, it is cancelled and the permit renews as it did).
    /// `false` or left out: the permit renews as it did (an
    /// agreement it has is carried on). Refused with 422 `recurring_payments_not_taken` where
    /// the council's payment account takes no recurring payments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew: Option<bool>,
    /// Where the provider sends the payer back to (issue 16).
    #[serde(default, skip_serializing_if = "PaymentReturn::is_web")]
    pub return_to: PaymentReturn,
}

/// `POST /purchases/{id}/payment`: the renewal email's ready-made order taken to payment, with
/// the resident's "Renew automatically" answer (RP-6), as [`RenewalOrder::auto_renew`] says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadyRenewalPayment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew: Option<bool>,
    /// Where the provider sends the payer back to (issue 16): left out, the web UI's page for
    /// the order, as for the browser the emailed link opened in; `app` from the Tauri app, which
    /// pays in the system browser, where the resident has no session.
    #[serde(default, skip_serializing_if = "PaymentReturn::is_web")]
    pub return_to: PaymentReturn,
}

/// `PUT /permits/{id}/auto-renew` (RP-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AutoRenew {
    pub on: bool,
}

/// `POST /permits/{id}/vehicle`: AVP-2 changes it at once; RP-3 files a Vehicle Change Request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VehicleChange {
    pub vrm: String,
}

/// The answer to a vehicle change: the permit as it now is, and the request where the council
/// decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VehicleChangeOutcome {
    pub permit: Permit,
    pub request: Option<PermitRequest>,
}

/// A request the council decides: a vehicle change (RP-3) or a change of address (RP-7, AVP-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PermitRequest {
    pub id: String,
    pub permit_id: String,
    /// `vehicle_change` or `change_of_address`.
    pub kind: String,
    /// `pending`, `approved` or `rejected`.
    pub state: String,
    pub explanation: String,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub created_at: DateTime<Utc>,
}

/// `POST /permits/{id}/cancel` (RP-5, AVP-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PermitCancelled {
    pub permit: Permit,
    /// Everything given back: this period's refund under the council's policy and (RP-5 with
    /// RP-2) the full payment of a renewal awaiting review, withdrawn with it.
    pub refund_pence: u64,
    /// The refund policy in words.
    pub policy: String,
}
