//! Test mode: the council's review decisions, standing in for its back office in demos and
//! acceptance tests: registrations (REG-3), purchases held for review (VP-6, RP-2) and permit
//! requests (RP-3, RP-7, AVP-5). A real council decides through `/officer/...` instead.

use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::Path;
use crate::review::{self, Reviewer};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use permit_api_types::{ErrorBody, ReviewDecision};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(decide))
        .routes(routes!(decide_purchase))
        .routes(routes!(operator_decide_request))
}

/// The test-mode operator decides for any council.
fn operator() -> Reviewer {
    Reviewer {
        actor: "operator".into(),
        council: None,
    }
}

#[utoipa::path(post, path = "/operator/registrations/{id}/decision", tag = "operator",
    params(("id" = String, Path)), request_body = ReviewDecision,
    description = "REG-3: the council approves or rejects a pending registration; the resident is told by email or text. Test mode only.",
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(registration = %id))]
pub(super) async fn decide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(decision): Json<ReviewDecision>,
) -> Result<StatusCode, ApiError> {
    review::decide_registration(&state, &operator(), &id, &decision).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/operator/purchases/{payment_id}/decision", tag = "operator",
    params(("payment_id" = String, Path)), request_body = ReviewDecision,
    description = "VP-6, RP-2: the council approves a purchase held for review, or rejects it: the money is returned and the permits return to the allowance. Test mode only.",
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(payment = %payment_id))]
pub(super) async fn decide_purchase(
    State(state): State<AppState>,
    Path(payment_id): Path<String>,
    Json(decision): Json<ReviewDecision>,
) -> Result<StatusCode, ApiError> {
    review::decide_purchase(&state, &operator(), &payment_id, &decision).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/operator/requests/{id}/decision", tag = "operator",
    params(("id" = String, Path)), request_body = ReviewDecision,
    description = "Approving a vehicle change puts the new VRM on the permit (RP-3). Approving a change of address moves a resident permit to the new property in its zone (RP-7), or cancels the annual visitor permits of the old address with the refund their policy gives (AVP-5). Test mode only.",
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(request = %id))]
pub(super) async fn operator_decide_request(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(decision): Json<ReviewDecision>,
) -> Result<StatusCode, ApiError> {
    review::decide_request(&state, &operator(), &id, &decision).await?;
    Ok(StatusCode::NO_CONTENT)
}
