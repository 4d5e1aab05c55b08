//! The logged-in resident's own account, and its linked contacts (REG-2, ACT-4).

use crate::auth::{CurrentResident, confirm_contact, send_contact_code};
use crate::db::{Conn, residents};
use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;
use crate::views::registration_view;
use axum::extract::State;
use axum::http::StatusCode;
use permit_api_types::{ContactChange, ContactCodeSent, ContactConfirmation, ErrorBody, Me};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(add_contact))
        .routes(routes!(confirm))
}

async fn me_view(state: &AppState, conn: &mut Conn, id: &str) -> Result<Me, ApiError> {
    let resident = residents::get(conn, id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let scheme = state.scheme(&resident.council)?;
    let registration = registration_view(state, conn, &scheme, id).await?;
    Ok(Me {
        resident_id: resident.id,
        council: resident.council,
        full_name: resident.full_name,
        email: resident.email,
        mobile: resident.mobile,
        registration,
    })
}

#[utoipa::path(get, path = "/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn me(
    State(state): State<AppState>,
    me: CurrentResident,
) -> Result<Json<Me>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(me_view(&state, &mut conn, &me.id).await?))
}

#[utoipa::path(post, path = "/me/contacts", tag = "accounts", security(("bearer" = [])),
    request_body = ContactChange,
    description = "REG-2, ACT-4: starts adding or changing the account's email or mobile. A 6-digit code (10 minutes, single use) is sent to the new contact through the outbox; it is linked by `/me/contacts/confirm`. A contact already on another account gets the same answer and no code. At most 5 codes an hour per account and per contact.",
    responses((status = 202, body = ContactCodeSent), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "a malformed email or mobile (field contact), or contact_unchanged"),
        (status = 429, body = ErrorBody, description = "too_many_code_requests, with Retry-After")))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn add_contact(
    State(state): State<AppState>,
    me: CurrentResident,
    Json(change): Json<ContactChange>,
) -> Result<(StatusCode, Json<ContactCodeSent>), ApiError> {
    let sent = send_contact_code(&state, &me.id, &change.contact).await?;
    Ok((StatusCode::ACCEPTED, Json(sent)))
}

#[utoipa::path(post, path = "/me/contacts/confirm", tag = "accounts", security(("bearer" = [])),
    request_body = ContactConfirmation,
    description = "REG-2, ACT-4: links the new contact when its code is right, replacing the account's email or mobile (the old one is told). Once a mobile is linked, texts from it book stays. 10 wrong codes in 15 minutes lock confirmation.",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "code_invalid (wrong, expired or never sent), or a malformed contact"),
        (status = 429, body = ErrorBody, description = "too_many_attempts, with Retry-After")))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn confirm(
    State(state): State<AppState>,
    me: CurrentResident,
    Json(confirmation): Json<ContactConfirmation>,
) -> Result<Json<Me>, ApiError> {
    confirm_contact(&state, &me.id, &confirmation.contact, &confirmation.code).await?;
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(me_view(&state, &mut conn, &me.id).await?))
}
