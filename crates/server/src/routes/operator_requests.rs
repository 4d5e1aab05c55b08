//! The council's decision on a permit request (test mode, like the other operator endpoints):
//! a Vehicle Change Request (RP-3) or a change of address (RP-7, AVP-5).

use crate::error::ApiError;
use crate::review::{Reviewer, decide_request};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use permit_api_types::{ErrorBody, ReviewDecision};

pub(super) fn router() -> Router<AppState> {
    Router::new().route(
        "/operator/requests/{id}/decision",
        post(operator_decide_request),
    )
}

/// The test-mode operator decides for any council.
pub(super) fn operator() -> Reviewer {
    Reviewer {
        actor: "operator".into(),
        council: None,
    }
}

#[utoipa::path(post, path = "/operator/requests/{id}/decision", tag = "operator",
    params(("id" = String, Path)), request_body = ReviewDecision,
    description = "Approving a vehicle change puts the new VRM on the permit (RP-3). Approving a change of address moves a resident permit to the new property in its zone (RP-7), or cancels the annual visitor permits of the old address with the refund their policy gives (AVP-5). Test mode only.",
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn operator_decide_request(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(decision): Json<ReviewDecision>,
) -> Result<StatusCode, ApiError> {
    decide_request(&state, &operator(), &id, &decision).await?;
    Ok(StatusCode::NO_CONTENT)
}
