//! The council's decision on a permit request: approving a vehicle change puts the new VRM on
//! the permit (RP-3); approving a change of address does what the rules say for the permit:
//! a resident permit moves within its zone (RP-7), annual visitor permits of the old address are
//! cancelled with their policy's refund (AVP-5).

use super::{Reviewer, not_pending};
use crate::commerce::cancel_held;
use crate::db::{Conn, permits, requests, residents};
use crate::domain::{Decided, PermitState, RequestKind, RequestState};
use crate::error::ApiError;
use crate::notify::notify;
use crate::state::AppState;
use permit_api_types::ReviewDecision;
use permit_rules::{AddressChange, PermitType, Scheme, address_change};

#[tracing::instrument(skip_all, fields(request_id = %id, approve = decision.approve))]
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
    if request.state != RequestState::Pending {
        return Err(not_pending("request"));
    }
    let permit_id = request.permit_id.clone().unwrap_or_default();
    let permit = permits::get(&mut tx, &request.resident_id, &permit_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let scheme = state.scheme(&resident.council)?;
    if decision.approve {
        match request.kind {
            RequestKind::VehicleChange => {
                permits::set_vrm(&mut tx, &permit.id, &request.detail).await?;
            }
            RequestKind::ChangeOfAddress => {
                move_address(state, &mut tx, &scheme, &permit, &request.detail).await?
            }
        }
    }
    let outcome = RequestState::decided(decision.approve);
    requests::set_state(&mut tx, id, outcome).await?;
    let kind = request.kind.as_str().replace('_', " ");
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

/// An approved change of address, as the rules decide it for this permit (RP-7, AVP-5).
async fn move_address(
    state: &AppState,
    conn: &mut Conn,
    scheme: &Scheme,
    permit: &permits::PermitRow,
    new_property_id: &str,
) -> Result<(), ApiError> {
    let zone_of = |id: &str| state.gazetteer.get(id).map(|p| p.zone.as_str());
    let new_zone = zone_of(new_property_id).ok_or(ApiError::NotFound)?;
    let permit_type = PermitType::parse(&permit.permit_type).map_err(ApiError::internal)?;
    let change = address_change(scheme, &permit_type, zone_of(&permit.property_id), new_zone)
        .map_err(ApiError::refusal)?;
    match change {
        AddressChange::PermitMoves => {
            permits::set_property(conn, &permit.id, new_property_id).await?;
        }
        AddressChange::OldPermitsEnd => {
            for held in permits::list(conn, &permit.resident_id).await? {
                if held.state == PermitState::Active && held.property_id == permit.property_id {
                    cancel_held(state, conn, scheme, &held).await?;
                }
            }
        }
    }
    Ok(())
}
