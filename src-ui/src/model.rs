//! What the pages show and send, parsed: VRMs and permit types are newtypes, money is pence.
//! Registration and login use the API's own types; the rest is read from the API's plain
//! strings once, at the transport's edge (`convert`), so pages never re-check them.

use chrono::{DateTime, Utc};
use permit_rules::{Pence, PermitType, Plate, Vrm};
use serde::{Deserialize, Serialize};

/// Every failure a page can be told about: the server's `{code, message, field}`, or one the
/// transport made up (offline, not available yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub field: Option<String>,
    /// Seconds to wait, from `Retry-After` on a lockout (REG-2).
    #[serde(default)]
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub const OFFLINE: &'static str = "offline";
    pub const NOT_AVAILABLE: &'static str = "not_available";

    pub fn offline() -> Self {
        Self::new(
            Self::OFFLINE,
            "Cannot reach the permit service. Check your connection and try again.",
        )
    }

    /// A flow whose server endpoint does not exist yet.
    pub fn not_available() -> Self {
        Self::new(
            Self::NOT_AVAILABLE,
            "This is not available online yet. Please try again later.",
        )
    }

    pub fn new(code: &str, message: &str) -> Self {
        Self {
            code: code.to_owned(),
            message: message.to_owned(),
            field: None,
            retry_after: None,
        }
    }

    pub fn is_offline(&self) -> bool {
        self.code == Self::OFFLINE
    }

    /// The session is over: the server's 401, or the app's "log in" answers.
    pub fn ends_session(&self) -> bool {
        matches!(
            self.code.as_str(),
            "unauthorized" | "session_expired" | "not_logged_in"
        )
    }
}

impl From<permit_api_types::ErrorBody> for ApiError {
    fn from(body: permit_api_types::ErrorBody) -> Self {
        Self {
            code: body.code,
            message: body.message,
            field: body.field,
            retry_after: None,
        }
    }
}

/// Buy Digital Permits: a bundle quantity, or a vehicle permit's duration and VRM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseOrder {
    pub permit_type: PermitType,
    pub quantity: u32,
    pub duration_months: Option<u32>,
    pub vrm: Option<Vrm>,
    /// RP-6: "Renew automatically" ticked (`Some(true)`) or not (`Some(false)`) where Check your
    /// answers offers it; `None` where it is not offered (the product's default stands).
    pub auto_renew: Option<bool>,
}

/// A purchase waiting for its payment on the provider's hosted page (issue 16).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartedPayment {
    pub order_id: String,
    /// The provider's payment page, where the browser goes next.
    pub next_url: String,
    /// The app opened the page in the system browser itself: the app stays on its own page
    /// and follows the order (the browser goes to `next_url` instead).
    pub opened_by_app: bool,
}

/// Where a purchase paid on the hosted page stands, as the server read it from the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderOutcome {
    /// A renewal order made for the link a renewal email sent (RP-4, RP-6): not yet taken to
    /// payment.
    Ready,
    /// Not paid yet; the provider's payment page, while it can still be paid there.
    Waiting(Option<String>),
    Paid(Receipt),
    Declined,
    Cancelled,
    Expired,
    Failed,
    /// Paid, but what it was for could no longer be issued (a renewal of a permit renewed or
    /// ended meanwhile): the money is being returned.
    Refunded,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub id: String,
    /// Visitor permits (a bundle), not a vehicle permit.
    pub visitor: bool,
    pub total: Pence,
    pub permits: u32,
    /// `paid`, or `pending_review` where the council checks each purchase (VP-6, RP-2).
    pub status: String,
    pub valid_until: DateTime<Utc>,
}

/// Activate Visitor Permit (ACT-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookStay {
    /// A UK registration, or one the resident said is not (issue 13).
    pub vrm: Plate,
    pub permit_type: Option<PermitType>,
    /// `None` starts it when the service receives it.
    pub start: Option<DateTime<Utc>>,
    pub duration_minutes: Option<u32>,
    /// A multi-day visit's number of days; `None` is one.
    pub days: Option<u32>,
    /// "Yes" to "This car already has a visit ...; book another?" (issue 14).
    pub confirm_overlap: bool,
    /// "Save this vehicle for next time" (issue 18), ticked unless the resident unticks it.
    pub save_vehicle: bool,
}

/// A visitor's vehicle the resident saved (issue 18), offered on Activate with one tap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedVehicle {
    pub id: String,
    pub plate: Plate,
    pub nickname: Option<String>,
}

impl SavedVehicle {
    /// "Mum, AB12 CDE", or the plate alone when it has no name.
    pub fn label(&self) -> String {
        match &self.nickname {
            Some(name) => format!("{name}, {}", self.plate.shown()),
            None => self.plate.shown(),
        }
    }

    /// The plate as it goes into Activate's registration field: a UK one spaced as printed.
    pub fn typed(&self) -> String {
        match &self.plate {
            Plate::Uk(vrm) => vrm.spaced(),
            Plate::NonUk(plate) => plate.as_str().to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stay {
    pub id: String,
    pub vrm: Plate,
    pub permit_type: PermitType,
    pub start: DateTime<Utc>,
    /// Exclusive (ACT-2): shown as 23:59 when it is a local midnight.
    pub end: DateTime<Utc>,
    /// Last instant it may be cancelled, inclusive (ACT-7).
    pub cancel_until: DateTime<Utc>,
    /// The multi-day visit it is a day of.
    #[serde(default)]
    pub visit: Option<VisitSpan>,
    /// ACT-5: booked by text, and the confirmation text has not gone yet, so it does not
    /// count for enforcement yet. Absent in copies saved before this field existed.
    #[serde(default)]
    pub awaiting_confirmation: bool,
    /// Cancelled (ACT-7): shown so among past stays.
    #[serde(default)]
    pub cancelled: bool,
}

/// A stay's calendar file (issue 18): its text for the browser to save through a link, or
/// where the app saved it on the device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarFile {
    Text(String),
    Saved { file_name: String, path: String },
}

/// A multi-day visit: how many days, from the first day's start to the last day's end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitSpan {
    pub days: u32,
    pub start: DateTime<Utc>,
    /// Exclusive: the local midnight after the last day, shown as 23:59.
    pub end: DateTime<Utc>,
}

/// Upcoming stays, possibly from the app's saved copy while offline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stays {
    pub stays: Vec<Stay>,
    /// True when these come from the saved copy because the service cannot be reached.
    pub offline: bool,
    pub last_synced: Option<DateTime<Utc>>,
}

/// What the allowance meter needs for one visitor product (VP-2, VP-4, VP-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorBalance {
    pub permit_type: PermitType,
    /// Permits bought and not yet used or expired.
    pub held: u32,
    /// Permits bought and waiting for the council's review (VP-6): not usable yet, and not
    /// "none left" either. The app's saved copy does not know them (0).
    #[serde(default)]
    pub awaiting_review: u32,
    /// Purchases that count against the allowance, where the transport knows them (the
    /// app's saved copy does not): the price preview checks the allowance with them.
    pub purchases: Vec<permit_rules::PastPurchase>,
    /// The server's own count ("14 of 20 left this month, resets 1 December 2026").
    pub allowance: Option<permit_api_types::Allowance>,
}

/// A resident or annual visitor permit (RP-*, AVP-*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permit {
    pub id: String,
    pub permit_type: PermitType,
    pub vrm: Vrm,
    pub valid_from: DateTime<Utc>,
    /// Exclusive: the permit's last day is the local date before.
    pub valid_until: DateTime<Utc>,
    pub months: u32,
    pub price_paid: Pence,
    /// `active`, `pending_review`, `rejected` or `cancelled`.
    pub status: String,
    pub property_id: String,
    pub auto_renew: bool,
    /// RP-6: how the next period is paid for, as the service decides it.
    #[serde(default)]
    pub renews_by: permit_api_types::RenewsBy,
    /// RP-4, AVP-3: renewed, the new period's end, as the service says.
    #[serde(default)]
    pub renewed_until: Option<DateTime<Utc>>,
    /// RP-2: renewed, the new period awaiting the council's review: by when it aims to decide.
    #[serde(default)]
    pub renewal_decision_due: Option<DateTime<Utc>>,
    /// A vehicle change request waiting for the council (RP-3).
    #[serde(default)]
    pub pending_vrm: Option<Vrm>,
}

impl Permit {
    pub fn held(&self) -> permit_rules::HeldPermit {
        permit_rules::HeldPermit {
            permit_type: self.permit_type.clone(),
            valid_from: self.valid_from,
            valid_until: self.valid_until,
            price_paid: self.price_paid,
            months: self.months,
            renewed_until: self.renewed_until,
            renewal_under_review: self.renewal_decision_due.is_some(),
        }
    }
}

/// VP-7: one purchase in the payment history, with what was refunded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub id: String,
    pub at: DateTime<Utc>,
    pub description: String,
    pub amount: Pence,
    pub refunded: Pence,
    /// `paid` or `refunded`.
    pub status: String,
    /// Where a refund through the payment provider has got to, in the resident's words.
    pub refund_note: Option<&'static str>,
}

/// A document the resident uploads (REG-3 proof, AVP-5 / RP-7 change of address): the type the
/// app's commands take too.
pub use permit_api_types::app::ProofUpload as Upload;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_401_or_the_apps_log_in_answers_end_the_session_and_nothing_else_does() {
        for code in ["unauthorized", "session_expired", "not_logged_in"] {
            assert!(ApiError::new(code, "").ends_session(), "{code}");
        }
        assert!(!ApiError::offline().ends_session());
        assert!(!ApiError::new("pin_invalid", "").ends_session());
    }
}
