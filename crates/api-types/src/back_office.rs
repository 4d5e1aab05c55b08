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
    pub submitted_at: DateTime<Utc>,
    pub proofs: Vec<ProofRef>,
}

/// One staff action, as logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub seq: i64,
    pub actor: String,
    pub action: String,
    pub subject_id: String,
    pub resident_id: Option<String>,
    pub detail: Option<String>,
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
