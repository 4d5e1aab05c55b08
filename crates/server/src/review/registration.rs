//! REG-3: a registration with proof of address is approved or rejected; the resident is told,
//! and after a rejection reapplies with new proof.

use super::{Reviewer, not_pending};
use crate::db::registrations;
use crate::domain::{Decided, RegistrationState};
use crate::error::ApiError;
use crate::notify::notify;
use crate::state::AppState;
use permit_api_types::ReviewDecision;

#[tracing::instrument(skip_all, fields(registration_id = %id, approve = decision.approve))]
pub async fn decide_registration(
    state: &AppState,
    reviewer: &Reviewer,
    id: &str,
    decision: &ReviewDecision,
) -> Result<(), ApiError> {
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let registration = registrations::get(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let resident = reviewer
        .resident(&mut tx, &registration.resident_id)
        .await?;
    if registration.state != RegistrationState::Pending {
        return Err(not_pending("registration"));
    }
    let new_state = RegistrationState::decided(decision.approve);
    let text = if decision.approve {
        "Your parking permit registration has been approved.".to_owned()
    } else {
        let reason = decision.reason.as_deref().unwrap_or("no reason given");
        format!("Your parking permit registration was not approved ({reason}). Please apply again.")
    };
    registrations::set_state(
        &mut tx,
        id,
        new_state,
        decision.reason.as_deref(),
        Some(now),
    )
    .await?;
    notify(&mut tx, &resident.id, &text, now).await?;
    reviewer
        .log(
            &mut tx,
            &resident,
            "registration_decision",
            id,
            decision,
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(())
}
