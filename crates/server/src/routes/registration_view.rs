//! Maps stored registrations onto the rules engine's view of them (REG-3); the status itself
//! (with REG-4) comes from `commerce::standing`.

use crate::db::{at, registrations::RegistrationRow};
use permit_rules::{RegistrationRecord, RegistrationState, RegistrationStatus};

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
