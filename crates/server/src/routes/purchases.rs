//! Buying (with `Idempotency-Key`), payment history (VP-7) and visitor permits held.

use crate::auth::CurrentResident;
use crate::commerce;
use crate::db::{bundles, payments};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use permit_api_types::{
    ErrorBody, IDEMPOTENCY_KEY_HEADER, Payment, PurchaseOrder, PurchaseReceipt, VisitorBundle,
};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/purchases", post(purchase))
        .route("/payments", get(list_payments))
        .route("/payments/{id}", get(get_payment))
        .route("/visitor-permits", get(visitor_permits))
}

#[utoipa::path(post, path = "/purchases", tag = "buying", security(("bearer" = [])), request_body = PurchaseOrder,
    params(("Idempotency-Key" = String, Header, description = "Required. The same key with the same body replays the first answer; with another body it is refused (422 idempotency_key_reused).")),
    description = "Buys visitor permit bundles (VP-1, VP-4, VP-5, with quantity), an annual visitor permit for a VRM (AVP-1) or a resident permit with a duration (RP-1). Allowances and prices are the council's rules; products the council reviews are held as pending_review (VP-6, RP-2).",
    responses((status = 201, body = PurchaseReceipt), (status = 401, body = ErrorBody),
        (status = 402, body = ErrorBody, description = "card_declined or payment_failed: nothing was charged"),
        (status = 422, body = ErrorBody, description = "Refused by a council rule (allowance_exceeded, registration_not_active, duration_required, ...) or bad input")))]
pub(super) async fn purchase(
    State(state): State<AppState>,
    me: CurrentResident,
    headers: HeaderMap,
    Json(order): Json<PurchaseOrder>,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let outcome = commerce::purchase(&state, &me.id, key, &order).await?;
    Ok(replayable(outcome))
}

#[utoipa::path(get, path = "/payments", tag = "buying", security(("bearer" = [])),
    description = "VP-7: every purchase with its date, newest first.",
    responses((status = 200, body = Vec<Payment>), (status = 401, body = ErrorBody)))]
pub(super) async fn list_payments(
    State(state): State<AppState>,
    me: CurrentResident,
) -> Result<Json<Vec<Payment>>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let rows = payments::list(&mut conn, &me.id).await?;
    Ok(Json(rows.iter().map(payments::PaymentRow::view).collect()))
}

#[utoipa::path(get, path = "/payments/{id}", tag = "buying", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Payment), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(super) async fn get_payment(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
) -> Result<Json<Payment>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let row = payments::get(&mut conn, &me.id, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(row.view()))
}

#[utoipa::path(get, path = "/visitor-permits", tag = "buying", security(("bearer" = [])),
    description = "Visitor permit bundles not yet expired (VP-3: unused permits are removed 12 months after purchase).",
    responses((status = 200, body = Vec<VisitorBundle>), (status = 401, body = ErrorBody)))]
pub(super) async fn visitor_permits(
    State(state): State<AppState>,
    me: CurrentResident,
) -> Result<Json<Vec<VisitorBundle>>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let now = crate::db::secs(state.now());
    let rows = bundles::list(&mut conn, &me.id).await?;
    Ok(Json(
        rows.iter()
            .filter(|b| b.expires_at > now)
            .map(bundles::BundleRow::view)
            .collect(),
    ))
}

/// The request's `Idempotency-Key`, required on everything that takes money.
pub(super) fn idempotency_key(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get(IDEMPOTENCY_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| (1..=200).contains(&k.len()))
        .ok_or_else(|| {
            ApiError::invalid(
                "idempotency_key_required",
                "Idempotency-Key",
                "Send an Idempotency-Key header (1 to 200 characters) with each purchase.",
            )
        })
}

/// A fresh or replayed answer, sent exactly as stored.
pub(super) fn replayable(outcome: commerce::PurchaseOutcome) -> Response {
    let status = StatusCode::from_u16(outcome.status).unwrap_or(StatusCode::CREATED);
    (status, [(CONTENT_TYPE, "application/json")], outcome.body).into_response()
}
