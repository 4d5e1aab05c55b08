//! Test mode: creates council staff, so tests and demos can log in as an officer or an agent.
//! A deployment creates them with `permit-server --add-staff` (see main.rs).

use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use permit_api_types::{ErrorBody, NewStaffMember};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(add_staff))
}

#[utoipa::path(post, path = "/operator/staff", tag = "operator", security(("operator_token" = [])), request_body = NewStaffMember,
    description = "Adds a council officer (`officer`) or phone agent (`agent`) at one council. Test mode only.",
    responses((status = 204), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(council = %new.council, role = %new.role))]
pub(super) async fn add_staff(
    State(state): State<AppState>,
    Json(new): Json<NewStaffMember>,
) -> Result<StatusCode, ApiError> {
    crate::staff::add(&state, &new).await?;
    Ok(StatusCode::NO_CONTENT)
}
