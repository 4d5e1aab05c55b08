//! The council's decision on a permit request: approving a vehicle change puts the new VRM on
//! the permit (RP-3); approving a change of address does what the rules say for the permit:
//! a resident permit moves within its zone (RP-7), annual visitor permits of the old address are
//! cancelled with their policy's refund (AVP-5); approving a new-zone application (RP-7) gives
//! the resident a new permit at the new property and ends the old one. Every approved move
//! moves the resident's home too ([`super::moving`]).

use super::moving::move_home;
use super::{Reviewer, not_pending};
use crate::commerce::cancel_held;
use crate::db::{Tx, agreements, permits, proofs, requests, residents};
use crate::domain::{Decided, PermitState, RequestKind, RequestState};
use crate::error::ApiError;
use crate::notify::notify;
use crate::state::AppState;
use permit_api_types::ReviewDecision;
use permit_rules::{AddressChange, PermitType, Scheme, address_change, new_zone_application};

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
    let mut told = String::new();
    if decision.approve {
        told = match request.kind {
            RequestKind::VehicleChange => {
                permits::set_vrm(&mut tx, &permit.id, &request.detail).await?;
                String::new()
            }
            RequestKind::ChangeOfAddress => {
                move_address(state, &mut tx, &scheme, &permit, &request.detail).await?
            }
            RequestKind::NewZonePermit => {
                replace_permit(state, &mut tx, &scheme, &permit, &request).await?
            }
        };
    }
    let outcome = RequestState::decided(decision.approve);
    requests::set_state(&mut tx, id, outcome).await?;
    let kind = request.kind.as_str().replace('_', " ");
    let reason = match (&decision.reason, decision.approve) {
        (Some(reason), false) => format!(" ({reason}). You can apply again"),
        _ => String::new(),
    };
    let text = format!(
        "Your {kind} request for permit {} was {outcome}{reason}.{told}",
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

/// An approved change of address, as the rules decide it for this permit (RP-7, AVP-5); returns
/// what the resident is told beyond the decision.
async fn move_address(
    state: &AppState,
    conn: &mut Tx,
    scheme: &Scheme,
    permit: &permits::PermitRow,
    new_property_id: &str,
) -> Result<String, ApiError> {
    let zone_of = |id: &str| state.gazetteer.zone_of(id);
    let new_zone = zone_of(new_property_id).ok_or(ApiError::NotFound)?;
    change_for(scheme, permit, zone_of(&permit.property_id), new_zone)?;
    // Every active permit at the old address goes the way the rules say for it: the resident
    // no longer lives there (a second permit that could not move would have been refused).
    let old_address: Vec<_> = permits::list(conn, &permit.resident_id)
        .await?
        .into_iter()
        .filter(|held| held.state == PermitState::Active && held.property_id == permit.property_id)
        .collect();
    for held in &old_address {
        match change_for(scheme, held, zone_of(&held.property_id), new_zone) {
            Ok(AddressChange::PermitMoves) => {
                permits::set_property(conn, &held.id, new_property_id).await?;
                // RP-2, RP-7: a renewal awaiting the council's review is the same permit's
                // next period, so it moves too: approved, it runs at the new address (left
                // behind, it would run at an address the resident has left, and a later move
                // from it would not find the period it follows on from).
                if let Some(next) = permits::under_review_with(conn, &held.id).await? {
                    permits::set_property(conn, &next, new_property_id).await?;
                }
            }
            Ok(AddressChange::OldPermitsEnd) => {
                cancel_held(state, conn, scheme, held).await?;
            }
            Err(refusal) => return Err(refusal),
        }
    }
    move_home(conn, &permit.resident_id, new_property_id, state.now()).await
}

fn change_for(
    scheme: &Scheme,
    permit: &permits::PermitRow,
    old_zone: Option<&str>,
    new_zone: &str,
) -> Result<AddressChange, ApiError> {
    let permit_type = PermitType::parse(&permit.permit_type).map_err(ApiError::internal)?;
    address_change(scheme, &permit_type, old_zone, new_zone).map_err(ApiError::refusal)
}

/// RP-7, another zone: the new permit at the new property runs from now to the old one's
/// expiry, for the same vehicle and type (the period already paid for carries over: see the
/// council file's assumptions), and the old permit ends now.
async fn replace_permit(
    state: &AppState,
    conn: &mut Tx,
    scheme: &Scheme,
    old: &permits::PermitRow,
    request: &requests::RequestRow,
) -> Result<String, ApiError> {
    let now = state.now();
    let zone_of = |id: &str| state.gazetteer.zone_of(id);
    let new_zone = zone_of(&request.detail).ok_or(ApiError::NotFound)?;
    let permit_type = PermitType::parse(&old.permit_type).map_err(ApiError::internal)?;
    new_zone_application(scheme, &permit_type, zone_of(&old.property_id), new_zone)
        .map_err(ApiError::refusal)?;
    if old.state != PermitState::Active {
        return Err(ApiError::Conflict {
            code: "permit_not_active",
            message: "The permit this application replaces has already ended.".into(),
        });
    }
    let documents = proofs::purposes(conn, &request.id).await?;
    if let Some(missing) = NEW_ZONE_DOCUMENTS
        .iter()
        .find(|(purpose, _)| !documents.iter().any(|d| d == purpose))
    {
        return Err(ApiError::Conflict {
            code: "application_incomplete",
            message: format!("The application has no {} yet.", missing.1),
        });
    }
    // RP-6: an auto-renewal paid through the old permit's agreement ends with it (below: the
    // payer agreed to renew that permit), so the new one's is off and its reminder links to
    // paying (RP-4); one that never had an agreement (a council without recurring payments)
    // carries on as it was, renewed by a link to pay.
    let by_agreement = agreements::of_permit(conn, &old.id).await?.is_some();
    let new = permits::NewPermit {
        resident_id: &old.resident_id,
        payment_id: &old.payment_id,
        permit_type: &old.permit_type,
        vrm: &old.vrm,
        property_id: &request.detail,
        duration_months: old.duration_months,
        price_pence: 0,
        state: PermitState::Active,
        auto_renew: old.auto_renew != 0 && !by_agreement,
        starts_at: now,
        expires_at: old.expires(),
        renewed_from: None,
    };
    let replacement = permits::insert(conn, &new).await?;
    // RP-4, RP-2: the next period already bought (approved, or awaiting the council's review)
    // renews the permit, not the address: it follows on from the new permit, at the new
    // address. Left behind, approving it would give a permit in the zone the resident has left,
    // and the new permit would run out with nothing after it.
    let renewal = permits::renewal_of(conn, &old.id).await?;
    if let Some(next) = &renewal {
        permits::follow_on(conn, next, &replacement.id, &request.detail).await?;
    }
    permits::set_state(conn, &old.id, PermitState::Cancelled, now).await?;
    // RP-6: the old permit's agreement ends with it.
    crate::commerce::auto_renewal::forget_agreement(conn, scheme.id.as_str(), &old.id, now).await?;
    let stays = move_home(conn, &old.resident_id, &request.detail, now).await?;
    let renewed = renewal.map_or(String::new(), |next| {
        format!(" Its renewal {next} follows on from it, at your new address.")
    });
    Ok(format!(
        " Your new permit {} at your new address runs until the old one's expiry; permit {} has ended.{renewed}{stays}",
        replacement.id, old.id
    ))
}

/// RP-7: what a new-zone application needs before the council can approve it: (purpose, name).
pub const NEW_ZONE_DOCUMENTS: [(&str, &str); 2] = [
    ("proof_of_address", "proof of address"),
    ("v5c", "V5C (vehicle registration certificate)"),
];
