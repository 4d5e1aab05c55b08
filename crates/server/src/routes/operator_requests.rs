//! The council's decision on a permit request (test mode, like the other operator endpoints):
//! a Vehicle Change Request (RP-3) or a change of address (RP-7, AVP-5).

use crate::commerce::{cancel_held, is_resident_permit};
use crate::db::{permits, requests, residents};
use crate::error::ApiError;
use crate::notify::notify;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use permit_api_types::{ErrorBody, ReviewDecision};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/operator/requests/{id}/decision", post(decide_request))
}

#[utoipa::path(post, path = "/operator/requests/{id}/decision", tag = "operator",
    params(("id" = String, Path)), request_body = ReviewDecision,
    description = "Approving a vehicle change puts the new VRM on the permit (RP-3). Approving a change of address moves a resident permit to the new property in its zone (RP-7), or cancels the annual visitor permits of the old address with the refund their policy gives (AVP-5). Test mode only.",
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn decide_request(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(decision): Json<ReviewDecision>,
) -> Result<StatusCode, ApiError> {
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let request = requests::get(&mut tx, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    residents::lock(&state.db, &mut tx, &request.resident_id).await?;
    if request.state != "pending" {
        return Err(ApiError::Conflict {
            code: "not_pending",
            message: "Only a pending request can be decided.".into(),
        });
    }
    let permit_id = request.permit_id.clone().unwrap_or_default();
    let permit = permits::get(&mut tx, &request.resident_id, &permit_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let resident = residents::get(&mut tx, &request.resident_id)
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
                        cancel_held(&state, &mut tx, &scheme, &held).await?;
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
    requests::set_state(&mut tx, &id, outcome).await?;
    let kind = request.kind.replace('_', " ");
    notify(
        &mut tx,
        &resident.id,
        &format!(
            "Your {kind} request for permit {} was {outcome}.",
            permit.id
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
