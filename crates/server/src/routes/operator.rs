//! Operator endpoints for demos and acceptance tests: the outbox (where PINs can be read) and
//! the council's review decision (REG-3). Mounted only with the test flag, like the clock.
//! A real council back office would replace these behind its own authentication.

use super::operator_requests::operator;
use crate::db::outbox;
use crate::error::ApiError;
use crate::review::{self, decide_registration};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use permit_api_types::{ErrorBody, OutboxMessage, ReviewDecision};
use serde::Deserialize;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/operator/outbox", get(list_outbox))
        .route("/operator/registrations/{id}/decision", post(decide))
        .route(
            "/operator/purchases/{payment_id}/decision",
            post(decide_purchase),
        )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub(super) struct OutboxQuery {
    recipient: String,
}

#[utoipa::path(get, path = "/operator/outbox", tag = "operator", params(OutboxQuery),
    description = "Messages sent to one email or mobile (normalised), newest first. Test mode only.",
    responses((status = 200, body = Vec<OutboxMessage>), (status = 404, body = ErrorBody)))]
pub(super) async fn list_outbox(
    State(state): State<AppState>,
    Query(query): Query<OutboxQuery>,
) -> Result<Json<Vec<OutboxMessage>>, ApiError> {
    let recipient = crate::auth::normalise_contact("recipient", &query.recipient)?;
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(outbox::for_recipient(&mut conn, &recipient).await?))
}

#[utoipa::path(post, path = "/operator/registrations/{id}/decision", tag = "operator",
    params(("id" = String, Path)), request_body = ReviewDecision,
    description = "REG-3: the council approves or rejects a pending registration; the resident is told by email or text. Test mode only.",
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn decide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(decision): Json<ReviewDecision>,
) -> Result<StatusCode, ApiError> {
    decide_registration(&state, &operator(), &id, &decision).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/operator/purchases/{payment_id}/decision", tag = "operator",
    params(("payment_id" = String, Path)), request_body = ReviewDecision,
    description = "VP-6, RP-2: the council approves a purchase held for review, or rejects it: the money is returned and the permits return to the allowance. Test mode only.",
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn decide_purchase(
    State(state): State<AppState>,
    Path(payment_id): Path<String>,
    Json(decision): Json<ReviewDecision>,
) -> Result<StatusCode, ApiError> {
    review::decide_purchase(&state, &operator(), &payment_id, &decision).await?;
    Ok(StatusCode::NO_CONTENT)
}
