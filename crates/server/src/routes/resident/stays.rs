//! Visitor stays: book (ACT-1 to ACT-3), list, cancel (ACT-7). When a stay runs, whether it may
//! be cancelled and which bundle pays for it are the rules engine's decisions.

use crate::auth::CurrentResident;
use crate::booking::{book_stay, cancel_stay, parse_booking};
use crate::db::stays;
use crate::domain::StayFilter;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::{Path, Query};
use crate::routes::common;
use crate::state::AppState;
use crate::views::stay_view;
use axum::extract::State;
use axum::http::StatusCode;
use permit_api_types::{ErrorBody, Stay, StayBooking, StayListQuery};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(book, list))
        .routes(routes!(get_one))
        .routes(routes!(cancel))
}

#[utoipa::path(post, path = "/stays", tag = "stays", security(("bearer" = [])), request_body = StayBooking,
    description = "ACT-1: starts today or up to 14 days ahead; ACT-2: a whole-day stay ends at the next local midnight; ACT-3: names the VRM, the permit type where there are several, the start and (where used) the duration. Spends one visitor permit, from the bundle that expires soonest.",
    responses((status = 201, body = Stay), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "start_in_past, beyond_horizon, duration_required, no_permits_left, ...")))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn book(
    State(state): State<AppState>,
    me: CurrentResident,
    Json(booking): Json<StayBooking>,
) -> Result<(StatusCode, Json<Stay>), ApiError> {
    let (vrm, request) = parse_booking(&booking)?;
    // A resident's council never changes: read it before taking the write lock, which
    // bookings hold in turn on SQLite.
    let mut conn = state.db.pool().acquire().await?;
    let scheme = common::resident_scheme(&state, &mut conn, &me.id).await?;
    drop(conn);
    let mut tx = state.db.write_tx().await?;
    let now = state.now();
    let booked = book_stay(&state, &mut tx, &scheme, &me.id, &vrm, &request, now).await?;
    let row = booked.row;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(stay_view(&scheme, &row, now))))
}

#[utoipa::path(get, path = "/stays", tag = "stays", security(("bearer" = [])), params(StayListQuery),
    description = "Upcoming (not yet ended, soonest first) or past (ended or cancelled, latest first).",
    responses((status = 200, body = Vec<Stay>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, when = ?query.when))]
pub(super) async fn list(
    State(state): State<AppState>,
    me: CurrentResident,
    Query(query): Query<StayListQuery>,
) -> Result<Json<Vec<Stay>>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let scheme = common::resident_scheme(&state, &mut conn, &me.id).await?;
    let now = state.now();
    let filter = match query.when.as_deref() {
        None => StayFilter::Upcoming,
        Some(when) => when.parse().map_err(|_| {
            ApiError::invalid("invalid_filter", "when", "Use when=upcoming or when=past.")
        })?,
    };
    let rows = stays::list(&mut conn, &me.id).await?;
    let past = |r: &stays::StayRow| r.cancelled_at.is_some() || r.ends() <= now;
    let mut chosen: Vec<Stay> = rows
        .iter()
        .filter(|r| past(r) == (filter == StayFilter::Past))
        .map(|r| stay_view(&scheme, r, now))
        .collect();
    if filter == StayFilter::Past {
        chosen.reverse();
    }
    Ok(Json(chosen))
}

#[utoipa::path(get, path = "/stays/{id}", tag = "stays", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Stay), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, stay = %id))]
pub(super) async fn get_one(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
) -> Result<Json<Stay>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let scheme = common::resident_scheme(&state, &mut conn, &me.id).await?;
    let row = stays::get(&mut conn, &me.id, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(stay_view(&scheme, &row, state.now())))
}

#[utoipa::path(post, path = "/stays/{id}/cancel", tag = "stays", security(("bearer" = [])), params(("id" = String, Path)),
    description = "ACT-7: allowed until the council's deadline (Leicestershire: 5 minutes after the start, inclusive); the permit goes back to its bundle.",
    responses((status = 200, body = Stay), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, stay = %id))]
pub(super) async fn cancel(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
) -> Result<Json<Stay>, ApiError> {
    let mut tx = state.db.write_tx().await?;
    let scheme = common::resident_scheme(&state, &mut tx, &me.id).await?;
    let now = state.now();
    let row = cancel_stay(&state, &mut tx, &scheme, &me.id, &id, now).await?;
    tx.commit().await?;
    Ok(Json(stay_view(&scheme, &row, now)))
}
