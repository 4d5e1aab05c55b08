//! The operator's test clock (like a payment processor's test mode): set or advance the one
//! clock the whole service reads, so demos and acceptance tests can stand at any instant.
//! Mounted only when the server starts with the test flag on a loopback address.

use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;
use axum::extract::State;
use permit_api_types::{ClockChange, ClockState};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(read_clock, change_clock))
}

#[utoipa::path(get, path = "/operator/clock", tag = "operator",
    description = "Only present when the server runs with the test clock.",
    responses((status = 200, body = ClockState), (status = 404, body = permit_api_types::ErrorBody)))]
#[tracing::instrument(skip_all)]
pub(super) async fn read_clock(State(state): State<AppState>) -> Json<ClockState> {
    Json(ClockState { now: state.now() })
}

#[utoipa::path(post, path = "/operator/clock", tag = "operator", request_body = ClockChange,
    description = "Sets (`set`) or moves (`advance_seconds`) the test clock, then runs the scheduled jobs that fell due.",
    responses((status = 200, body = ClockState), (status = 422, body = permit_api_types::ErrorBody),
        (status = 404, body = permit_api_types::ErrorBody)))]
#[tracing::instrument(skip_all)]
pub(super) async fn change_clock(
    State(state): State<AppState>,
    Json(change): Json<ClockChange>,
) -> Result<Json<ClockState>, ApiError> {
    let clock = state.test_clock.as_ref().ok_or(ApiError::NotFound)?;
    match (change.set, change.advance_seconds) {
        (Some(at), None) => clock.set(at),
        (None, Some(seconds)) => clock.advance(chrono::Duration::seconds(seconds)),
        _ => {
            return Err(ApiError::invalid(
                "clock_change_invalid",
                "set",
                "Give exactly one of `set` or `advance_seconds`.",
            ));
        }
    }
    tracing::info!(now = %state.now(), "test clock moved");
    // Scheduled jobs follow the same clock: what fell due by the new instant happens now.
    crate::jobs::run_due(&state).await?;
    Ok(Json(ClockState { now: state.now() }))
}
