//! Test mode: creates council staff, so tests and demos can log in as an officer or an agent.
//! A deployment creates them with `permit-server --add-staff` (see main.rs).

use crate::db::staff;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use permit_api_types::{ErrorBody, NewStaffMember};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/operator/staff", post(add_staff))
}

#[utoipa::path(post, path = "/operator/staff", tag = "operator", request_body = NewStaffMember,
    description = "Adds a council officer (`officer`) or phone agent (`agent`) at one council. Test mode only.",
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn add_staff(
    State(state): State<AppState>,
    Json(new): Json<NewStaffMember>,
) -> Result<StatusCode, ApiError> {
    add(&state, &new).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a member of staff after checking the council, role and address.
pub async fn add(state: &AppState, new: &NewStaffMember) -> Result<(), ApiError> {
    let scheme = state.scheme(&new.council)?;
    if !matches!(new.role.as_str(), "officer" | "agent") {
        return Err(ApiError::invalid(
            "invalid_role",
            "role",
            "The role is officer or agent.",
        ));
    }
    let email = permit_rules::Email::parse(&new.email).map_err(|e| ApiError::parse("email", &e))?;
    let mut tx = state.db.write_tx().await?;
    if staff::by_email(&mut tx, email.as_str()).await?.is_some() {
        return Err(ApiError::Conflict {
            code: "staff_exists",
            message: "Someone already has that email address.".into(),
        });
    }
    let member = staff::NewStaff {
        council: scheme.id.as_str(),
        role: &new.role,
        email: email.as_str(),
        full_name: new.full_name.trim(),
    };
    staff::insert(&mut tx, &member, state.now()).await?;
    tx.commit().await?;
    Ok(())
}
