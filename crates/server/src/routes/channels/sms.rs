//! The SMS gateway's inbound webhook (ACT-4, ACT-5). The gateway signs each delivery with the
//! shared secret (HMAC-SHA256, hex, in `X-Sms-Signature`) over the moment it signs
//! (`X-Sms-Timestamp`), the council in the path and the body; a stale or replayed signature
//! is refused (`texting::accept_once`). Without a configured secret the webhook does not exist.

use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::Path;
use crate::state::AppState;
use crate::texting::{Signed, Text, accept_once, receive};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use permit_api_types::{
    ErrorBody, InboundSms, SMS_SIGNATURE_HEADER, SMS_TIMESTAMP_HEADER, SmsOutcome,
};
use permit_rules::MobileNumber;
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(inbound))
}

#[utoipa::path(post, path = "/councils/{council}/sms", tag = "channels",
    params(("council" = String, Path),
        ("X-Sms-Signature" = String, Header, description = "hex HMAC-SHA256, under the shared secret, of the timestamp, a newline, the council as in the path, a newline and the body"),
        ("X-Sms-Timestamp" = i64, Header, description = "when the gateway signed this delivery, Unix seconds; more than 5 minutes from the service's clock is refused (401 `stale_signature`), and a signature already received is refused (401 `replayed_signature`)")),
    request_body = InboundSms,
    description = "ACT-4: `VISITOR <VRM>` (Leicestershire: `VISITOR <VRM> <duration>`) from a resident's linked mobile starts a stay at once. ACT-5: the stay is written together with its confirmation text (VRM, start, end in local time, permits left); a text that cannot be honoured gets a reply saying why and the right syntax; an unknown number gets a generic reply. Every reply goes out through the outbox. A repeated `message_id` (a gateway's retry, signed afresh) gets the first answer and changes nothing.",
    responses((status = 200, body = SmsOutcome), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(%council))]
pub(super) async fn inbound(
    State(state): State<AppState>,
    Path(council): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<SmsOutcome>, ApiError> {
    let secret = state
        .settings
        .channels
        .sms_webhook_key
        .as_ref()
        .ok_or(ApiError::NotFound)?;
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    let signed = Signed {
        council: &council,
        timestamp: header(SMS_TIMESTAMP_HEADER),
        signature: header(SMS_SIGNATURE_HEADER),
        body: &body,
    };
    accept_once(&state, secret, &signed).await?;
    let scheme = state.scheme(&council)?;
    let sms: InboundSms = serde_json::from_slice(&body).map_err(|_| {
        ApiError::invalid(
            "invalid_body",
            "body",
            "Send {\"message_id\", \"from\", \"text\"} JSON.",
        )
    })?;
    let from = MobileNumber::parse(&sms.from).map_err(|e| ApiError::parse("from", &e))?;
    let message_id = sms.message_id.trim();
    if message_id.is_empty() || message_id.len() > 200 {
        return Err(ApiError::invalid(
            "invalid_message_id",
            "message_id",
            "Give the gateway's id for the text (1 to 200 characters).",
        ));
    }
    let text = Text {
        message_id,
        from: &from,
        body: &sms.text,
    };
    Ok(Json(receive(&state, &scheme, &text).await?))
}
