//! Maps stored registrations onto the rules engine's view of them (REG-3, REG-4).

use crate::db::{at, registrations::RegistrationRow};
use chrono::{DateTime, Utc};
use permit_rules::{
    RegistrationRecord, RegistrationState, RegistrationStatus, Scheme, registration_status,
};

pub(crate) fn record(row: &RegistrationRow) -> RegistrationRecord {
    let state = match row.state.as_str() {
        "approved" => RegistrationState::Approved {
            at: at(row.decided_at.unwrap_or(row.submitted_at)),
        },
        "rejected" => RegistrationState::Rejected {
            reason: row.reason.clone().unwrap_or_default(),
        },
        // Awaiting proof is, to the rules, simply not yet approved.
        _ => RegistrationState::Pending,
    };
    RegistrationRecord {
        submitted_at: at(row.submitted_at),
        state,
    }
}

/// What the registration means now. REG-4 (resident permit holders need none) is passed as
/// false until resident permits are stored.
pub(crate) fn status(
    scheme: &Scheme,
    row: &RegistrationRow,
    now: DateTime<Utc>,
) -> RegistrationStatus {
    registration_status(scheme, Some(&record(row)), false, now)
}

pub(crate) fn status_code(status: &RegistrationStatus) -> &'static str {
    match status {
        RegistrationStatus::Active { .. } => "active",
        RegistrationStatus::NotNeeded => "not_needed",
        RegistrationStatus::Pending => "pending",
        RegistrationStatus::Rejected { .. } => "rejected",
        RegistrationStatus::Expired { .. } => "expired",
        RegistrationStatus::Missing => "missing",
    }
}
