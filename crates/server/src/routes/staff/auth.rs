//! Council staff log in with a one-time code sent to their work email.

use crate::auth::{CurrentStaff, issue_staff_pin, staff_log_in};
use crate::db::staff;
use crate::error::ApiError;
use crate::extract::Json;
use crate::limits::{STAFF_CODE_REQUESTS, STAFF_WRONG_CODES};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use permit_api_types::{ErrorBody, StaffLogin, StaffMe, StaffPinRequest, StaffSession};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_pin))
        .routes(routes!(log_in))
        .routes(routes!(log_out))
        .routes(routes!(who_am_i))
}

fn email(raw: &str) -> Result<String, ApiError> {
    permit_rules::Email::parse(raw)
        .map(|e| e.as_str().to_owned())
        .map_err(|e| ApiError::parse("email", &e))
}

#[utoipa::path(post, path = "/staff/pin", tag = "staff", request_body = StaffPinRequest,
    description = "Emails a one-time login code (6 digits, 10 minutes, single use) to a council officer, phone agent or admin who is not disabled. The answer is the same whether or not the address belongs to anyone. At most 5 codes per address an hour (429 + Retry-After).",
    responses((status = 202), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[tracing::instrument(skip_all)]
pub(super) async fn request_pin(
    State(state): State<AppState>,
    Json(request): Json<StaffPinRequest>,
) -> Result<StatusCode, ApiError> {
    let email = email(&request.email)?;
    let mut tx = state.db.write_tx().await?;
    // Counted by address, a member's or not, so the limit tells nothing about who is staff.
    STAFF_CODE_REQUESTS
        .take(&mut tx, &email, state.now())
        .await?;
    let member = staff::by_email(&mut tx, &email).await?;
    // A disabled member is answered as a stranger: no code.
    if let Some(member) = member.filter(staff::StaffRow::enabled) {
        issue_staff_pin(&state, &mut tx, &member).await?;
    }
    tx.commit().await?;
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(post, path = "/staff/session", tag = "staff", request_body = StaffLogin,
    description = "Exchanges the code for a bearer token. A wrong code is used up: ask for a new one. 10 wrong codes for an address in 15 minutes lock it until the oldest ages out (429 + Retry-After).",
    responses((status = 200, body = StaffSession), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
#[tracing::instrument(skip_all)]
pub(super) async fn log_in(
    State(state): State<AppState>,
    Json(login): Json<StaffLogin>,
) -> Result<Json<StaffSession>, ApiError> {
    let email = email(&login.email)?;
    let wrong = ApiError::BadCredentials {
        code: "wrong_code",
        message: "That code is wrong or has expired. Ask for a new one.",
    };
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    STAFF_WRONG_CODES.check(&mut tx, &email, now).await?;
    let member = staff::by_email(&mut tx, &email).await?;
    let Some(member) = member.filter(staff::StaffRow::enabled) else {
        STAFF_WRONG_CODES.record(&mut tx, &email, now).await?;
        tx.commit().await?;
        return Err(wrong);
    };
    let token = staff_log_in(&state, &mut tx, &member, login.pin.trim()).await?;
    if token.is_none() {
        STAFF_WRONG_CODES.record(&mut tx, &email, now).await?;
    }
    // The used-up code is committed whether or not it matched.
    tx.commit().await?;
    let token = token.ok_or(wrong)?;
    Ok(Json(StaffSession {
        token,
        council: member.council,
        role: member.role.to_string(),
    }))
}

#[utoipa::path(post, path = "/staff/logout", tag = "staff", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id))]
pub(super) async fn log_out(
    State(state): State<AppState>,
    me: CurrentStaff,
) -> Result<StatusCode, ApiError> {
    let mut conn = state.db.write_conn().await?;
    staff::delete_session(&mut conn, &me.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/staff/me", tag = "staff", security(("bearer" = [])),
    description = "Who is logged in to the back office (name, role, council), with the council file's review target (REG-3) and its rejection reasons' templates, so the office UI needs no copy of the council files.",
    responses((status = 200, body = StaffMe), (status = 401, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id))]
pub(super) async fn who_am_i(
    State(state): State<AppState>,
    me: CurrentStaff,
) -> Result<Json<StaffMe>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let member = staff::get(&mut conn, &me.id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let scheme = state.scheme(&member.council)?;
    Ok(Json(StaffMe {
        id: member.id,
        full_name: member.full_name,
        email: member.email,
        role: member.role.to_string(),
        council: member.council,
        council_name: scheme.name.clone(),
        review_target_hours: scheme.review.review_target_hours,
        reject_reasons: scheme.review.reject_reasons.clone(),
    }))
}
