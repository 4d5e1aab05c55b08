//! The staff web app's reads and staff management (issue 17): resident lookup, a resident's
//! records, the enforcement-check log, and the admin's staff list.

use crate::{Permit, Registration};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A member of the admin's council's staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StaffMember {
    pub id: String,
    pub email: String,
    pub full_name: String,
    /// `officer`, `agent` or `admin`.
    pub role: String,
    /// When an admin disabled them; they cannot log in and have no sessions.
    #[serde(default, deserialize_with = "crate::rfc3339::option")]
    pub disabled_at: Option<DateTime<Utc>>,
}

/// `POST /admin/staff`: a new member of the admin's own council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewColleague {
    pub email: String,
    pub full_name: String,
    /// `officer`, `agent` or `admin`.
    pub role: String,
}

/// `PUT /admin/staff/{id}/role`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RoleChange {
    pub role: String,
}

/// One resident found by `GET /officer/residents?q=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ResidentMatch {
    pub id: String,
    pub full_name: String,
    pub email: Option<String>,
    pub mobile: Option<String>,
    /// The address of their latest registration, one line.
    pub address: Option<String>,
}

/// `GET /officer/residents/{id}`: the account, its latest registration and its vehicle
/// permits (newest first, at most 100). Stays, payments and the audit trail come a page at a
/// time from their own endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ResidentRecord {
    pub id: String,
    pub full_name: String,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub registration: Option<Registration>,
    pub permits: Vec<Permit>,
}

/// One enforcement check as logged: who asked (the key's label), about what, and the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EnforcementCheckEntry {
    pub seq: i64,
    pub key_label: String,
    pub vrm: String,
    pub zone: String,
    /// The moment asked about.
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub checked_for: DateTime<Utc>,
    /// When the check was made.
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub checked_at: DateTime<Utc>,
    pub permitted: bool,
    /// What allowed it: `visitor_stay`, `resident_permit` or `annual_visitor_permit`.
    pub permit_kind: Option<String>,
}
