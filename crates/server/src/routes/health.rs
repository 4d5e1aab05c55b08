use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use permit_api_types::Health;
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(live))
}

/// Load balancers and scripts probe these at the root; they are the same handlers.
pub(super) fn root_aliases() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/health/live", get(live))
}

/// Liveness only: the process answers HTTP, nothing else is touched. Load balancers poll it,
/// and the benchmark uses it as the server's ceiling (what a request costs with no work).
#[utoipa::path(get, path = "/health/live", tag = "ops",
    responses((status = 200, body = Live), (status = 500, body = permit_api_types::ErrorBody)))]
#[tracing::instrument(skip_all)]
pub(super) async fn live() -> Json<Live> {
    Json(Live { status: "ok" })
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub(super) struct Live {
    status: &'static str,
}

/// Liveness plus a database round trip, and the instant the service believes it is.
#[utoipa::path(get, path = "/health", tag = "ops",
    responses((status = 200, body = Health), (status = 500, body = permit_api_types::ErrorBody)))]
#[tracing::instrument(skip_all)]
pub(super) async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    crate::db::ping(&state.db).await?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        now: state.now(),
    }))
}
