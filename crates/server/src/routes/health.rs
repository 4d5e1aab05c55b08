use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use permit_api_types::Health;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

/// Liveness plus a database round trip, and the instant the service believes it is.
#[utoipa::path(get, path = "/health", tag = "ops",
    responses((status = 200, body = Health), (status = 500, body = permit_api_types::ErrorBody)))]
pub(super) async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    crate::db::ping(&state.db).await?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        now: state.now(),
    }))
}
