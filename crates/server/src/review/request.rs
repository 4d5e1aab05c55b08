//! The council's decision on a permit request: approving a vehicle change puts the new VRM on
//! the permit (RP-3); approving a change of address moves a resident permit within its zone
//! (RP-7) or cancels the old address's annual visitor permits with their policy's refund (AVP-5).

use super::{Reviewer, not_pending};
use crate::commerce::{cancel_held, is_resident_permit};
use crate::db::{permits, requests, residents};
use crate::error::ApiError;
use crate::notify::notify;
use crate::state::AppState;
use permit_api_types::ReviewDecision;

pub async fn decide_request(
    state: &AppState,
    reviewer: &Reviewer,
    id: &str,
    decision: &ReviewDecision,
) -> Result<(), ApiError> {
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let request = requests::get(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let resident = reviewer.resident(&mut tx, &request.resident_id).await?;
    residents::lock(&state.db, &mut tx, &request.resident_id).await?;
    if request.state != "pending" {
        return Err(not_pending("request"));
    }
    let permit_id = request.permit_id.clone().unwrap_or_default();
    let permit = permits::get(&mut tx, &request.resident_id, &permit_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let scheme = state.scheme(&resident.council)?;
    if decision.approve {
        match request.kind.as_str() {
            "vehicle_change" => permits::set_vrm(&mut tx, &permit.id, &request.detail).await?,
            _ if is_resident_permit(&scheme, &permit.permit_type) => {
                permits::set_property(&mut tx, &permit.id, &request.detail).await?;
            }
            _ => {
                // AVP-5: the old address's permits end; new ones are bought for the new one.
                for held in permits::list(&mut tx, &resident.id).await? {
                    if held.state == "active" && held.property_id == permit.property_id {
                        cancel_held(state, &mut tx, &scheme, &held).await?;
                    }
                }
            }
        }
    }
    let outcome = if decision.approve {
        "approved"
    } else {
        "rejected"
    };
    requests::set_state(&mut tx, id, outcome).await?;
    let kind = request.kind.replace('_', " ");
    let reason = match (&decision.reason, decision.approve) {
        (Some(reason), false) => format!(" ({reason}). You can apply again"),
        _ => String::new(),
    };
    let text = format!(
        "Your {kind} request for permit {} was {outcome}{reason}.",
        permit.id
    );
    notify(&mut tx, &resident.id, &text, now).await?;
    let action = format!("{}_decision", request.kind);
    reviewer
        .log(&mut tx, &resident, &action, id, decision, now)
        .await?;
    tx.commit().await?;
    Ok(())
}
