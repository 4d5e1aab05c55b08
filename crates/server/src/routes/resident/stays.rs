//! Visitor stays: book (ACT-1 to ACT-3), list, cancel (ACT-7). When a stay runs, whether it may
//! be cancelled and which bundle pays for it are the rules engine's decisions.

use crate::auth::{CurrentResident, recent_use};
use crate::booking::{book_in_app, cancel_stay, parse_booking};
use crate::db::stays;
use crate::domain::StayFilter;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::{Path, Query};
use crate::routes::common;
use crate::state::AppState;
use crate::views::{StayEvent, stay_calendar, stay_with_visit};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use permit_api_types::{ErrorBody, Stay, StayBooking, StayListQuery};
use permit_rules::Plate;
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(book, list))
        .routes(routes!(get_one))
        .routes(routes!(cancel))
        .routes(routes!(calendar_file))
}

#[utoipa::path(post, path = "/stays", tag = "stays", security(("bearer" = [])), request_body = StayBooking,
    description = "ACT-1: starts today or up to 14 days ahead; ACT-2: a whole-day stay ends at the next local midnight; ACT-3: names the VRM (or, with non_uk_plate, a plate that is not a UK registration), the permit type where there are several, the start and (where used) the duration. Spends one visitor permit, from the bundle that expires soonest. With `days` above 1 (where the council's whole-day permits allow it), books that many consecutive days in one go, one permit a day, every day starting within the horizon; the answer is the first day, with the visit's span. The vehicle is saved to the account's saved vehicles unless do_not_save_vehicle is set (an account with 50 keeps its list). Booking a vehicle that already has a visit at an overlapping time is a 409 overlapping_stay whose message is the question to ask, unless confirm_overlap is set.",
    responses((status = 201, body = Stay), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "overlapping_stay: the same vehicle already has a visit then; send again with confirm_overlap to book another"),
        (status = 422, body = ErrorBody, description = "start_in_past, beyond_horizon, duration_required, no_permits_left, not_enough_permits, days_not_offered, visit_beyond_horizon, multi_day_not_offered, ...")))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn book(
    State(state): State<AppState>,
    me: CurrentResident,
    Json(booking): Json<StayBooking>,
) -> Result<(StatusCode, Json<Stay>), ApiError> {
    let booking = parse_booking(&booking)?;
    // A resident's council never changes: read with the session, before the write lock,
    // which bookings hold in turn on SQLite.
    let scheme = state.scheme(&me.council)?;
    let now = state.now();
    // On PostgreSQL the booking's write stores the session's use, when it is due.
    let session_use = recent_use::take_for_write();
    let booked = book_in_app(
        &state,
        scheme.clone(),
        &me.id,
        &booking,
        session_use.as_ref(),
        now,
    )
    .await
    .inspect_err(|_| {
        if let Some(session_use) = session_use.clone() {
            recent_use::put_back(session_use);
        }
    })?;
    let first = stay_with_visit(&scheme, &booked.row, &booked.days, now);
    Ok((StatusCode::CREATED, Json(first)))
}

#[utoipa::path(get, path = "/stays", tag = "stays", security(("bearer" = [])), params(StayListQuery, common::Page),
    description = "Upcoming (not yet ended, soonest first) or past (ended or cancelled, latest first), a page of at most 100 at a time.",
    responses((status = 200, body = Vec<Stay>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, when = ?query.when))]
pub(super) async fn list(
    State(state): State<AppState>,
    me: CurrentResident,
    Query(query): Query<StayListQuery>,
    Query(page): Query<common::Page>,
) -> Result<Json<Vec<Stay>>, ApiError> {
    page.bounds()?;
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
        .map(|r| stay_with_visit(&scheme, r, &rows, now))
        .collect();
    if filter == StayFilter::Past {
        chosen.reverse();
    }
    Ok(Json(page.of(chosen)?))
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
    let days = visit_days(&mut conn, &me.id, &row).await?;
    Ok(Json(stay_with_visit(&scheme, &row, &days, state.now())))
}

#[utoipa::path(post, path = "/stays/{id}/cancel", tag = "stays", security(("bearer" = [])), params(("id" = String, Path)),
    description = "ACT-7: allowed until the council's deadline (Leicestershire: 5 minutes after the start, inclusive); the permit goes back to its bundle. A day of a multi-day visit cancels the visit: every day still within its deadline (those not yet started) is cancelled and gives its permit back; a day past its deadline is kept.",
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
    let days = visit_days(&mut tx, &me.id, &row).await?;
    tx.commit().await?;
    Ok(Json(stay_with_visit(&scheme, &row, &days, now)))
}

#[utoipa::path(get, path = "/stays/{id}/calendar", tag = "stays", security(("bearer" = [])), params(("id" = String, Path)),
    description = "The stay as an RFC 5545 calendar file (`text/calendar`): Europe/London times with its VTIMEZONE, a UID stable for the stay, STATUS:CANCELLED once cancelled. Never the resident's contact details.",
    responses((status = 200, content_type = "text/calendar", body = String), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, stay = %id))]
pub(super) async fn calendar_file(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let scheme = common::resident_scheme(&state, &mut conn, &me.id).await?;
    let row = stays::get(&mut conn, &me.id, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let plate = Plate::parse(&row.vrm, row.non_uk_plate != 0)
        .map_err(|e| ApiError::Internal(format!("a stored plate does not parse: {e}")))?;
    let zone = stays::property_of(&mut conn, &me.id, &id)
        .await?
        .and_then(|p| state.gazetteer.zone_of(&p).map(str::to_owned));
    let place = match zone {
        Some(zone) => format!("permit zone {zone}, {}", scheme.name),
        None => scheme.name.clone(),
    };
    let text = stay_calendar(&StayEvent {
        stay_id: &row.id,
        plate: &plate,
        starts_at: row.starts(),
        ends_at: row.ends(),
        cancelled: row.cancelled_at.is_some(),
        place,
        now: state.now(),
    });
    let file = format!(
        "attachment; filename=\"visit-{}-{}.ics\"",
        plate.as_str(),
        permit_rules::time::local_date(row.starts())
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, file),
        ],
        text,
    ))
}

/// The days of the multi-day visit `row` belongs to (none for a single stay).
async fn visit_days(
    conn: &mut crate::db::Conn,
    resident_id: &str,
    row: &stays::StayRow,
) -> Result<Vec<stays::StayRow>, ApiError> {
    Ok(match &row.visit_id {
        Some(visit) => stays::of_visit(conn, resident_id, visit).await?,
        None => Vec::new(),
    })
}
