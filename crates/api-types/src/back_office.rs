//! The council's back office: staff login, the review queue, the audit log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /staff/pin`: a one-time login code is emailed to the member of staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StaffPinRequest {
    pub email: String,
}

/// `POST /staff/session`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StaffLogin {
    pub email: String,
    pub pin: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StaffSession {
    pub token: String,
    /// The one council this member of staff works for.
    pub council: String,
    /// `officer` (reviews applications) or `agent` (acts for residents on the phone, ACT-6).
    pub role: String,
}

/// `POST /operator/staff` (test mode): creates a member of staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewStaffMember {
    pub council: String,
    pub role: String,
    pub email: String,
    pub full_name: String,
}

/// A document a resident uploaded for an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ProofRef {
    pub id: String,
    /// What the document is for: `registration`, `change_of_address`, or in a new-zone
    /// application (RP-7) `proof_of_address` or `v5c`.
    #[serde(default)]
    pub purpose: String,
    pub content_type: String,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub uploaded_at: DateTime<Utc>,
}

/// One application waiting for the council's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReviewItem {
    /// `registration` (REG-3), `purchase` (VP-6, RP-2), `vehicle_change` (RP-3) or
    /// `change_of_address` (RP-7, AVP-5) or `new_zone_permit` (RP-7, another zone).
    pub kind: String,
    /// The registration, payment or request id the decision endpoints take.
    pub id: String,
    pub resident_id: String,
    pub resident_name: String,
    /// The property, purchase description, new VRM or new property.
    pub detail: String,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub submitted_at: DateTime<Utc>,
    pub proofs: Vec<ProofRef>,
    /// `submitted_at` plus the council's review target (REG-3: Cambridgeshire's 24 hours).
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub due_at: DateTime<Utc>,
    /// Past `due_at`: overdue items come first in the queue.
    pub overdue: bool,
    /// A purchase of a permit that needs evidence (AVP-1): the queue's `evidence` filter.
    #[serde(default)]
    pub evidence: bool,
}

/// `?kind=` on `GET /officer/queue`: what the officer works through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    /// Registrations with proof of address (REG-3).
    Registration,
    /// Purchases held for review (VP-6, RP-2), other than those needing evidence.
    Purchase,
    /// Vehicle Change Requests (RP-3).
    VehicleChange,
    /// Changes of address and new-zone permit applications (RP-7, AVP-5).
    ChangeOfAddress,
    /// Purchases of permits that need evidence (AVP-1).
    Evidence,
}

impl QueueKind {
    pub const ALL: [QueueKind; 5] = [
        Self::Registration,
        Self::Purchase,
        Self::VehicleChange,
        Self::ChangeOfAddress,
        Self::Evidence,
    ];

    /// The `?kind=` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Registration => "registration",
            Self::Purchase => "purchase",
            Self::VehicleChange => "vehicle_change",
            Self::ChangeOfAddress => "change_of_address",
            Self::Evidence => "evidence",
        }
    }

    /// Whether a queue item is of this kind.
    pub fn matches(self, item: &ReviewItem) -> bool {
        match self {
            Self::Purchase => item.kind == "purchase" && !item.evidence,
            Self::Evidence => item.kind == "purchase" && item.evidence,
            Self::ChangeOfAddress => {
                item.kind == "change_of_address" || item.kind == "new_zone_permit"
            }
            Self::Registration | Self::VehicleChange => item.kind == self.as_str(),
        }
    }
}

/// `GET /staff/me`: who is logged in to the back office, and what their council's file says
/// about reviewing (the target and the rejection reasons' templates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StaffMe {
    pub id: String,
    pub full_name: String,
    pub email: String,
    /// `officer`, `agent` or `admin`.
    pub role: String,
    pub council: String,
    pub council_name: String,
    pub review_target_hours: u32,
    pub reject_reasons: Vec<String>,
}

/// One staff action, as logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub seq: i64,
    /// `staff:<id>`, or `operator` (test mode).
    pub actor: String,
    /// The member of staff's name now, when the actor is one.
    #[serde(default)]
    pub actor_name: Option<String>,
    pub action: String,
    pub subject_id: String,
    pub resident_id: Option<String>,
    pub detail: Option<String>,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub at: DateTime<Utc>,
}

/// `POST /agent/calls` (ACT-6): what the caller tells the phone agent, checked against the
/// account before the agent may act: the home's postcode and house number/name, and the
/// email address or mobile number on the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CallerVerification {
    pub postcode: String,
    pub house: String,
    pub contact: String,
}

/// A verified call: the agent acts for this resident through `/agent/calls/{id}/...` until
/// `expires_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AgentCall {
    pub id: String,
    pub resident_name: String,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub expires_at: DateTime<Utc>,
}

/// `POST /agent/calls/{call}/stays` (ACT-6): the stay as the caller gives it, by its VRM, start
/// and end. A day permit's stay ends at 23:59 on its day; where the council sells durations the
/// end picks one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AgentStayBooking {
    pub vrm: String,
    /// Which visitor permit to use, where the council sells several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permit_type: Option<String>,
    pub start: DateTime<Utc>,
    /// The last minute of the stay (23:59) or its exclusive end (00:00 the next day).
    pub end: DateTime<Utc>,
    /// The caller says it is not a UK registration (checked loosely; enforcement is told).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub non_uk_plate: bool,
    /// The caller answered "yes" to the 409 `overlapping_stay` question.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confirm_overlap: bool,
}
