//! The logged-in resident's own account.

use crate::auth::CurrentResident;
use crate::db::residents;
use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;
use crate::views::registration_view;
use axum::extract::State;
use permit_api_types::{ErrorBody, Me};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
}

#[utoipa::path(get, path = "/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn me(
    State(state): State<AppState>,
    me: CurrentResident,
) -> Result<Json<Me>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let resident = residents::get(&mut conn, &me.id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let scheme = state.scheme(&resident.council)?;
    let registration = registration_view(&state, &mut conn, &scheme, &me.id).await?;
    Ok(Json(Me {
        resident_id: resident.id,
        council: resident.council,
        full_name: resident.full_name,
        email: resident.email,
        mobile: resident.mobile,
        registration,
    }))
}
