//! An officer approves or rejects (with a reason) what is in their council's queue.

use crate::auth::CurrentStaff;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::Path;
use crate::review::{self, Reviewer, require_reason};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use permit_api_types::{ErrorBody, ReviewDecision};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(registration))
        .routes(routes!(purchase))
        .routes(routes!(request))
}

fn reviewer(me: CurrentStaff, decision: &ReviewDecision) -> Result<Reviewer, ApiError> {
    let me = me.officer()?;
    require_reason(decision)?;
    Ok(Reviewer {
        actor: me.actor(),
        council: Some(me.council),
    })
}

#[utoipa::path(post, path = "/officer/registrations/{id}/decision", tag = "officer", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = ReviewDecision,
    description = "REG-3: approve, or reject with a reason; the resident is emailed and may reapply.",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, registration = %id))]
pub(super) async fn registration(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(id): Path<String>,
    Json(decision): Json<ReviewDecision>,
) -> Result<StatusCode, ApiError> {
    let reviewer = reviewer(me, &decision)?;
    review::decide_registration(&state, &reviewer, &id, &decision).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/officer/purchases/{payment_id}/decision", tag = "officer", security(("bearer" = [])),
    params(("payment_id" = String, Path)), request_body = ReviewDecision,
    description = "VP-6, RP-2: approve, or reject with a reason: the transaction is cancelled, refunded through the payment provider, and the resident emailed.",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, payment = %payment_id))]
pub(super) async fn purchase(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(payment_id): Path<String>,
    Json(decision): Json<ReviewDecision>,
) -> Result<StatusCode, ApiError> {
    let reviewer = reviewer(me, &decision)?;
    review::decide_purchase(&state, &reviewer, &payment_id, &decision).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/officer/requests/{id}/decision", tag = "officer", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = ReviewDecision,
    description = "RP-3 vehicle change, RP-7 / AVP-5 change of address: approve, or reject with a reason.",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, request = %id))]
pub(super) async fn request(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(id): Path<String>,
    Json(decision): Json<ReviewDecision>,
) -> Result<StatusCode, ApiError> {
    let reviewer = reviewer(me, &decision)?;
    review::decide_request(&state, &reviewer, &id, &decision).await?;
    Ok(StatusCode::NO_CONTENT)
}
