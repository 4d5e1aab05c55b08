//! The phone agent's API (ACT-6): verify the caller, then book, list and cancel their stays
//! within the call, through the same code as the resident's own app.

use crate::auth::CurrentStaff;
use crate::booking::{book_visit, cancel_stay, parse_booking};
use crate::db::stays;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::Path;
use crate::phone::{caller, log, verify_caller};
use crate::state::AppState;
use crate::views::{stay_view, stay_with_visit};
use axum::extract::State;
use axum::http::StatusCode;
use permit_api_types::{AgentCall, CallerVerification, ErrorBody, Stay, StayBooking};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify))
        .routes(routes!(book, list))
        .routes(routes!(cancel))
}

#[utoipa::path(post, path = "/agent/calls", tag = "agent", security(("bearer" = [])),
    request_body = CallerVerification,
    description = "ACT-6: the documented verification step. The home's postcode, house number/name and the account's email or mobile must all match one account at the agent's council; the call then lasts 30 minutes. Every attempt is audited.",
    responses((status = 201, body = AgentCall), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "verification_failed, or a malformed postcode or contact")))]
#[tracing::instrument(skip_all, fields(staff = %me.id))]
pub(super) async fn verify(
    State(state): State<AppState>,
    me: CurrentStaff,
    Json(caller): Json<CallerVerification>,
) -> Result<(StatusCode, Json<AgentCall>), ApiError> {
    let me = me.agent()?;
    Ok((
        StatusCode::CREATED,
        Json(verify_caller(&state, &me, &caller).await?),
    ))
}

#[utoipa::path(post, path = "/agent/calls/{call}/stays", tag = "agent", security(("bearer" = [])),
    params(("call" = String, Path)), request_body = StayBooking,
    description = "ACT-6: books a stay for the caller with VRM, start and (where used) duration, under the same rules as the app (ACT-1 to ACT-3).",
    responses((status = 201, body = Stay), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "overlapping_stay: ask the caller, then send again with confirm_overlap"), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, %call))]
pub(super) async fn book(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(call): Path<String>,
    Json(booking): Json<StayBooking>,
) -> Result<(StatusCode, Json<Stay>), ApiError> {
    let me = me.agent()?;
    let booking = parse_booking(&booking)?;
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let resident_id = caller(&state, &mut tx, &me, &call).await?;
    let scheme = state.scheme(&me.council)?;
    let booked = book_visit(&state, &mut tx, &scheme, &resident_id, &booking, now).await?;
    // Every day of a multi-day visit is a stay of its own, audited as such.
    for day in &booked.days {
        log(&mut tx, &me, "agent_booked_stay", &day.id, &call, now).await?;
    }
    tx.commit().await?;
    let first = stay_with_visit(&scheme, &booked.row, &booked.days, now);
    Ok((StatusCode::CREATED, Json(first)))
}

#[utoipa::path(get, path = "/agent/calls/{call}/stays", tag = "agent", security(("bearer" = [])),
    params(("call" = String, Path)),
    description = "The caller's stays that have not ended, soonest first.",
    responses((status = 200, body = Vec<Stay>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, %call))]
pub(super) async fn list(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(call): Path<String>,
) -> Result<Json<Vec<Stay>>, ApiError> {
    let me = me.agent()?;
    let mut conn = state.db.pool().acquire().await?;
    let resident_id = caller(&state, &mut conn, &me, &call).await?;
    let scheme = state.scheme(&me.council)?;
    let now = state.now();
    let rows = stays::list(&mut conn, &resident_id).await?;
    Ok(Json(
        rows.iter()
            .filter(|r| r.cancelled_at.is_none() && r.ends() > now)
            .map(|r| stay_view(&scheme, r, now))
            .collect(),
    ))
}

#[utoipa::path(post, path = "/agent/calls/{call}/stays/{id}/cancel", tag = "agent", security(("bearer" = [])),
    params(("call" = String, Path), ("id" = String, Path)),
    description = "Cancels one of the caller's stays under the council's rule (ACT-7).",
    responses((status = 200, body = Stay), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, %call, stay = %id))]
pub(super) async fn cancel(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path((call, id)): Path<(String, String)>,
) -> Result<Json<Stay>, ApiError> {
    let me = me.agent()?;
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let resident_id = caller(&state, &mut tx, &me, &call).await?;
    let scheme = state.scheme(&me.council)?;
    let row = cancel_stay(&state, &mut tx, &scheme, &resident_id, &id, now).await?;
    log(&mut tx, &me, "agent_cancelled_stay", &row.id, &call, now).await?;
    tx.commit().await?;
    Ok(Json(stay_view(&scheme, &row, now)))
}
