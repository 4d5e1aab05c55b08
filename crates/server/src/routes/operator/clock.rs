//! The operator's test clock (like a payment processor's test mode): set or advance the one
//! clock the whole service reads, so demos and acceptance tests can stand at any instant.
//! Mounted only when the server starts with the test flag on a loopback address.

use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;
use axum::extract::State;
use chrono::Datelike;
use permit_api_types::{ClockChange, ClockState};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The years the test clock may stand in (the last one excluded).
const TEST_CLOCK_FROM: i32 = 2000;
const TEST_CLOCK_UNTIL: i32 = 2200;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(read_clock, change_clock))
}

#[utoipa::path(get, path = "/operator/clock", tag = "operator", security(("operator_token" = [])),
    description = "Only present when the server runs with the test clock.",
    responses((status = 200, body = ClockState), (status = 404, body = permit_api_types::ErrorBody), (status = 401, body = permit_api_types::ErrorBody), (status = 403, body = permit_api_types::ErrorBody), (status = 429, body = permit_api_types::ErrorBody)))]
#[tracing::instrument(skip_all)]
pub(super) async fn read_clock(State(state): State<AppState>) -> Json<ClockState> {
    Json(ClockState { now: state.now() })
}

#[utoipa::path(post, path = "/operator/clock", tag = "operator", security(("operator_token" = [])), request_body = ClockChange,
    description = "Sets (`set`) or moves (`advance_seconds`) the test clock, then runs the scheduled jobs that fell due.",
    responses((status = 200, body = ClockState), (status = 422, body = permit_api_types::ErrorBody),
        (status = 404, body = permit_api_types::ErrorBody), (status = 401, body = permit_api_types::ErrorBody), (status = 403, body = permit_api_types::ErrorBody), (status = 429, body = permit_api_types::ErrorBody)))]
#[tracing::instrument(skip_all)]
pub(super) async fn change_clock(
    State(state): State<AppState>,
    Json(change): Json<ClockChange>,
) -> Result<Json<ClockState>, ApiError> {
    let clock = state.test_clock.as_ref().ok_or(ApiError::NotFound)?;
    let (target, field) = match (change.set, change.advance_seconds) {
        (Some(at), None) => (Some(at), "set"),
        (None, Some(seconds)) => (
            chrono::Duration::try_seconds(seconds).and_then(|d| state.now().checked_add_signed(d)),
            "advance_seconds",
        ),
        _ => {
            return Err(ApiError::invalid(
                "clock_change_invalid",
                "set",
                "Give exactly one of `set` or `advance_seconds`.",
            ));
        }
    };
    // The rules add days and months to "now": far outside the service's life those sums
    // overflow chrono's range, so the clock stays within years that mean something.
    let target = target
        .filter(|at| (TEST_CLOCK_FROM..TEST_CLOCK_UNTIL).contains(&at.year()))
        .ok_or_else(|| {
            ApiError::invalid(
                "clock_out_of_range",
                field,
                format!(
                    "The test clock can stand between {TEST_CLOCK_FROM} and the end of {}.",
                    TEST_CLOCK_UNTIL - 1
                ),
            )
        })?;
    clock.set(target);
    tracing::info!(now = %state.now(), "test clock moved");
    // Scheduled jobs follow the same clock: what fell due by the new instant happens now.
    crate::jobs::run_due(&state).await?;
    Ok(Json(ClockState { now: state.now() }))
}
