//! The logged-in resident's own account.

use crate::auth::CurrentResident;
use crate::db::residents;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use permit_api_types::{ErrorBody, Me};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/me", get(me))
}

#[utoipa::path(get, path = "/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub(super) async fn me(
    State(state): State<AppState>,
    me: CurrentResident,
) -> Result<Json<Me>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let resident = residents::get(&mut conn, &me.id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let scheme = state.scheme(&resident.council)?;
    let registration = super::registration_view::view(&state, &mut conn, &scheme, &me.id).await?;
    Ok(Json(Me {
        resident_id: resident.id,
        council: resident.council,
        full_name: resident.full_name,
        email: resident.email,
        mobile: resident.mobile,
        registration,
    }))
}
