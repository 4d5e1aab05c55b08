//! Maps stored registrations onto the rules engine's view of them (REG-3); the status itself
//! (with REG-4) comes from `commerce::standing`.

use super::property_view;
use crate::db::{Conn, at, registrations, registrations::RegistrationRow};
use crate::domain::RegistrationState as Stored;
use crate::error::ApiError;
use crate::state::AppState;
use permit_api_types::Registration;
use permit_rules::Scheme;
use permit_rules::{RegistrationRecord, RegistrationState, RegistrationStatus};

pub fn record(row: &RegistrationRow) -> RegistrationRecord {
    let state = match row.state {
        Stored::Approved => RegistrationState::Approved {
            at: at(row.decided_at.unwrap_or(row.submitted_at)),
        },
        Stored::Rejected => RegistrationState::Rejected {
            reason: row.reason.clone().unwrap_or_default(),
        },
        // Awaiting proof is, to the rules, simply not yet approved.
        Stored::AwaitingProof | Stored::Pending => RegistrationState::Pending,
    };
    RegistrationRecord {
        submitted_at: at(row.submitted_at),
        state,
    }
}

fn status_code(status: &RegistrationStatus) -> &'static str {
    match status {
        RegistrationStatus::Active { .. } => "active",
        RegistrationStatus::NotNeeded => "not_needed",
        RegistrationStatus::Pending => "pending",
        RegistrationStatus::Rejected { .. } => "rejected",
        RegistrationStatus::Expired { .. } => "expired",
        RegistrationStatus::Missing => "missing",
    }
}

/// The resident's latest registration as the API shows it.
pub async fn registration_view(
    state: &AppState,
    conn: &mut Conn,
    scheme: &Scheme,
    resident_id: &str,
) -> Result<Option<Registration>, ApiError> {
    let Some(row) = registrations::latest(conn, resident_id).await? else {
        return Ok(None);
    };
    let property = state
        .gazetteer
        .get(&row.property_id)
        .ok_or_else(|| ApiError::internal("registration for an unknown property"))?;
    let status = crate::commerce::standing(state, conn, scheme, resident_id)
        .await?
        .registration;
    // REG-4 can make proof unnecessary even while an application still waits for it.
    let awaiting_proof =
        row.state == Stored::AwaitingProof && matches!(status, RegistrationStatus::Pending);
    Ok(Some(Registration {
        id: row.id.clone(),
        council: scheme.id.as_str().to_owned(),
        property: property_view(&property),
        council_tax_account_masked: row.council_tax_masked.clone(),
        state: row.state.to_string(),
        status: status_code(&status).to_owned(),
        explanation: if awaiting_proof {
            "Upload your proof of address to complete your registration.".to_owned()
        } else {
            status.explain()
        },
        valid_until: match status {
            permit_rules::RegistrationStatus::Active { until } => until,
            _ => None,
        },
        proof_required: awaiting_proof,
        proof_documents: scheme.registration.proof_documents.clone(),
        submitted_at: at(row.submitted_at),
    }))
}
