//! GOV.UK Pay's webhooks (issue 16): a payment's state changed. Each is signed with the
//! council's webhook signing secret (hex HMAC-SHA256 of the body in `Pay-Signature`); a council
//! without a secret has no webhook (404). The body only names the payment: its state is read
//! from the provider, through the same settlement as the resident's return and the job.

use crate::commerce;
use crate::db::orders;
use crate::error::ApiError;
use crate::extract::Path;
use crate::state::AppState;
use crate::texting::signature_ok;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use permit_api_types::{ErrorBody, PAY_SIGNATURE_HEADER};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(payment_event))
}

/// The part of GOV.UK Pay's webhook message we read: which payment it is about.
#[derive(Debug, Deserialize)]
struct PayEvent {
    resource_id: String,
    resource_type: String,
}

#[utoipa::path(post, path = "/councils/{council}/payments/webhook", tag = "channels",
    params(("council" = String, Path), ("Pay-Signature" = String, Header, description = "hex HMAC-SHA256 of the body under the council's GOV.UK Pay webhook signing secret")),
    description = "GOV.UK Pay's webhook: a payment's state changed. The payment's state is read from GOV.UK Pay, never taken from the body; a paid order is issued exactly once, a failed one releases its hold. 200 also for payments this service did not make, so the provider stops retrying.",
    responses((status = 200), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(%council))]
pub(super) async fn payment_event(
    State(state): State<AppState>,
    Path(council): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let secret = state
        .providers
        .webhook_secret(&council)
        .ok_or(ApiError::NotFound)?;
    let signature = headers
        .get(PAY_SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !signature_ok(secret, &body, signature) {
        return Err(ApiError::Unauthorized);
    }
    let event: PayEvent = serde_json::from_slice(&body).map_err(|_| {
        ApiError::invalid(
            "invalid_body",
            "body",
            "Send GOV.UK Pay's webhook message (resource_id, resource_type).",
        )
    })?;
    if event.resource_type != "payment" {
        return Ok(StatusCode::OK);
    }
    let mut conn = state.db.pool().acquire().await?;
    let order = orders::by_provider_payment(&mut conn, &council, &event.resource_id).await?;
    drop(conn);
    if let Some(order) = order {
        commerce::settle(&state, &order.id).await?;
    }
    Ok(StatusCode::OK)
}
