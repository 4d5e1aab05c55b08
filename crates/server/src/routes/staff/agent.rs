//! The phone agent's API (ACT-6): verify the caller, then book (by start and end), list and
//! cancel their stays, list their permits, cancel one (RP-5, AVP-4) or switch its auto-renewal
//! (RP-6), within the call, through the same code as the resident's own app. Every change is
//! audited with the agent's name.

use crate::auth::CurrentStaff;
use crate::booking::{book_visit, cancel_stay, parse_booking};
use crate::db::{permits, stays};
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::{Path, Query};
use crate::phone::{Step, caller, log, verify_caller};
use crate::routes::common;
use crate::state::AppState;
use crate::views::{permit_view, stay_view, stay_with_visit};
use axum::extract::State;
use axum::http::StatusCode;
use permit_api_types::{
    AgentCall, AgentStayBooking, AutoRenew, CallerVerification, ErrorBody, Permit, PermitCancelled,
    Stay, StayBooking,
};
use permit_rules::stay_between;
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify))
        .routes(routes!(book, list))
        .routes(routes!(cancel))
        .routes(routes!(permit_list))
        .routes(routes!(permit_cancel))
        .routes(routes!(permit_auto_renew))
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
    params(("call" = String, Path)), request_body = AgentStayBooking,
    description = "ACT-6: books a stay for the caller from the VRM, the start and the end, as the council's phone line takes it, under the same rules as the app (ACT-1 to ACT-3). A day permit's stay ends at 23:59 on its day; where durations are sold the end picks one (end_not_offered lists the possible ends).",
    responses((status = 201, body = Stay), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "overlapping_stay: ask the caller, then send again with confirm_overlap"), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, %call))]
pub(super) async fn book(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(call): Path<String>,
    Json(booking): Json<AgentStayBooking>,
) -> Result<(StatusCode, Json<Stay>), ApiError> {
    let me = me.agent()?;
    let scheme = state.scheme(&me.council)?;
    // The start and end the caller gives pick the app's request: one stay, its duration
    // where the council sells durations.
    let mut parsed = parse_booking(&StayBooking {
        vrm: booking.vrm.clone(),
        permit_type: booking.permit_type.clone(),
        start: Some(booking.start),
        non_uk_plate: booking.non_uk_plate,
        confirm_overlap: booking.confirm_overlap,
        ..StayBooking::default()
    })?;
    parsed.request = stay_between(
        &scheme,
        parsed.request.permit_type.clone(),
        booking.start,
        booking.end,
    )
    .map_err(ApiError::refusal)?;
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let resident_id = caller(&state, &mut tx, &me, &call).await?;
    let booked = book_visit(&state, &mut tx, &scheme, &resident_id, &parsed, now).await?;
    for day in &booked.days {
        let step = Step {
            action: "agent_booked_stay",
            subject_id: &day.id,
            resident_id: Some(&resident_id),
            detail: &call,
        };
        log(&mut tx, &me, &step, now).await?;
    }
    tx.commit().await?;
    let first = stay_with_visit(&scheme, &booked.row, &booked.days, now);
    Ok((StatusCode::CREATED, Json(first)))
}

#[utoipa::path(get, path = "/agent/calls/{call}/stays", tag = "agent", security(("bearer" = [])),
    params(("call" = String, Path), common::Page),
    description = "The caller's stays that have not ended, soonest first, a page of at most 100 at a time.",
    responses((status = 200, body = Vec<Stay>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, %call))]
pub(super) async fn list(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(call): Path<String>,
    Query(page): Query<common::Page>,
) -> Result<Json<Vec<Stay>>, ApiError> {
    page.bounds()?;
    let me = me.agent()?;
    let mut conn = state.db.pool().acquire().await?;
    let resident_id = caller(&state, &mut conn, &me, &call).await?;
    let scheme = state.scheme(&me.council)?;
    let now = state.now();
    let rows = stays::list(&mut conn, &resident_id).await?;
    let current = rows
        .into_iter()
        .filter(|r| r.cancelled_at.is_none() && r.ends() > now);
    let page = page.of(current.collect())?;
    Ok(Json(
        page.iter().map(|r| stay_view(&scheme, r, now)).collect(),
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
    let step = Step {
        action: "agent_cancelled_stay",
        subject_id: &row.id,
        resident_id: Some(&resident_id),
        detail: &call,
    };
    log(&mut tx, &me, &step, now).await?;
    tx.commit().await?;
    Ok(Json(stay_view(&scheme, &row, now)))
}

#[utoipa::path(get, path = "/agent/calls/{call}/permits", tag = "agent", security(("bearer" = [])),
    params(("call" = String, Path), common::Page),
    description = "ACT-6: the caller's vehicle permits, so the agent can cancel one or switch its auto-renewal off; oldest first, a page of at most 100 at a time.",
    responses((status = 200, body = Vec<Permit>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, %call))]
pub(super) async fn permit_list(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(call): Path<String>,
    Query(page): Query<common::Page>,
) -> Result<Json<Vec<Permit>>, ApiError> {
    page.bounds()?;
    let me = me.agent()?;
    let mut conn = state.db.pool().acquire().await?;
    let resident_id = caller(&state, &mut conn, &me, &call).await?;
    let scheme = state.scheme(&me.council)?;
    let rows = page.of(permits::list(&mut conn, &resident_id).await?)?;
    Ok(Json(
        rows.iter()
            .map(|r| permit_view(&state, &scheme, r))
            .collect(),
    ))
}

#[utoipa::path(post, path = "/agent/calls/{call}/permits/{id}/cancel", tag = "agent", security(("bearer" = [])),
    params(("call" = String, Path), ("id" = String, Path)),
    description = "ACT-6 with RP-5, AVP-4: cancels one of the caller's running permits with the refund the council's policy gives, as the resident's own cancel would (withdrawing, and refunding in full, a renewal of it awaiting the council's review).",
    responses((status = 200, body = PermitCancelled), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, %call, permit = %id))]
pub(super) async fn permit_cancel(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path((call, id)): Path<(String, String)>,
) -> Result<Json<PermitCancelled>, ApiError> {
    let me = me.agent()?;
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let resident_id = caller(&state, &mut tx, &me, &call).await?;
    let cancelled = common::cancel_permit(&state, &mut tx, &resident_id, &id).await?;
    let step = Step {
        action: "agent_cancelled_permit",
        subject_id: &id,
        resident_id: Some(&resident_id),
        detail: &call,
    };
    log(&mut tx, &me, &step, now).await?;
    tx.commit().await?;
    // AVP-4: the refund goes to the provider now that the cancellation is committed.
    crate::commerce::send_refunds_soon(&state);
    // RP-6: the permit's agreement ended with it; cancelled at the provider now (or retried).
    common::cancel_agreements_now(&state).await;
    Ok(Json(cancelled))
}

#[utoipa::path(put, path = "/agent/calls/{call}/permits/{id}/auto-renew", tag = "agent", security(("bearer" = [])),
    params(("call" = String, Path), ("id" = String, Path)), request_body = AutoRenew,
    description = "ACT-6 with RP-6: switches the caller's auto-renewal off (or back on where the council offers it).",
    responses((status = 200, body = Permit), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, %call, permit = %id))]
pub(super) async fn permit_auto_renew(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path((call, id)): Path<(String, String)>,
    Json(choice): Json<AutoRenew>,
) -> Result<Json<Permit>, ApiError> {
    let me = me.agent()?;
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let resident_id = caller(&state, &mut tx, &me, &call).await?;
    let permit = common::set_auto_renew(&state, &mut tx, &resident_id, &id, choice.on).await?;
    let action = if choice.on {
        "agent_auto_renew_on"
    } else {
        "agent_auto_renew_off"
    };
    let step = Step {
        action,
        subject_id: &id,
        resident_id: Some(&resident_id),
        detail: &call,
    };
    log(&mut tx, &me, &step, now).await?;
    tx.commit().await?;
    common::cancel_agreements_now(&state).await;
    Ok(Json(permit))
}
