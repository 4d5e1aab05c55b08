//! Test mode: the outbox, where demos and acceptance tests read the PINs and texts sent.

use crate::db::outbox;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::Query;
use crate::state::AppState;
use axum::extract::State;
use permit_api_types::{ErrorBody, OutboxMessage};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_outbox))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct OutboxQuery {
    recipient: String,
}

#[utoipa::path(get, path = "/operator/outbox", tag = "operator", security(("operator_token" = [])), params(OutboxQuery),
    description = "Messages sent to one email or mobile (normalised), newest first. Test mode only.",
    responses((status = 200, body = Vec<OutboxMessage>), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[tracing::instrument(skip_all)]
pub(super) async fn list_outbox(
    State(state): State<AppState>,
    Query(query): Query<OutboxQuery>,
) -> Result<Json<Vec<OutboxMessage>>, ApiError> {
    let recipient = crate::auth::normalise_contact("recipient", &query.recipient)?;
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(outbox::for_recipient(&mut conn, &recipient).await?))
}
