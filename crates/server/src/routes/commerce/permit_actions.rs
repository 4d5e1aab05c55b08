//! Managing a vehicle permit: renew (RP-4, AVP-3), auto-renewal (RP-6), vehicle change (RP-3,
//! AVP-2), cancel (RP-5, AVP-4) and change of address (RP-7, AVP-5). What is allowed, and what
//! a cancellation refunds, is the rules engine's and the council file's to say.

use crate::auth::CurrentResident;
use crate::commerce;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::Path;
use crate::routes::common;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use permit_api_types::{AutoRenew, ErrorBody, PaymentOrder, Permit, PermitCancelled, RenewalOrder};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(renew))
        .routes(routes!(auto_renew))
        .routes(routes!(cancel))
}

#[utoipa::path(post, path = "/permits/{id}/renew", tag = "permits", security(("bearer" = [])),
    params(("id" = String, Path), ("Idempotency-Key" = String, Header)), request_body = RenewalOrder,
    description = "RP-4, AVP-3: renewal opens 30 days before expiry (local date); the new period follows on from the current one. Paid on the provider's hosted page (issue 16): 202 with an order awaiting payment that holds the permit's renewal; send the payer to its `next_url` (the provider's hosted page), then read `GET /purchases/{id}` (paid issues the next period exactly once). An earlier renewal order of the permit still unpaid is cancelled first; one whose payment is being checked answers 409 renewal_awaiting_payment. RP-6: `auto_renew` true (\"Renew automatically\" ticked, where the council's payment account takes recurring payments) sets up a recurring-payment agreement with this payment, so the next period is charged to the card (`renews_by` card_on_file). Card details never come here: a body carrying any (`card_number`) is refused with 422 invalid_body naming the field.",
    responses((status = 202, body = PaymentOrder), (status = 401, body = ErrorBody), (status = 402, body = ErrorBody, description = "payment_provider_unavailable"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "permit_not_active, already_renewed, renewal_awaiting_payment"),
        (status = 422, body = ErrorBody, description = "renewal_not_open, permit_expired, ..., recurring_payments_not_taken or auto_renewal_not_offered (field auto_renew), or card details (invalid_body, field card_number)")))]
#[tracing::instrument(skip_all, fields(resident = %me.id, permit = %id))]
pub(super) async fn renew(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(order): Json<RenewalOrder>,
) -> Result<Response, ApiError> {
    let key = common::idempotency_key(&headers)?;
    let order = commerce::orders::start_renewal(&state, &me.id, &id, key, &order).await?;
    Ok((StatusCode::ACCEPTED, Json(order)).into_response())
}

#[utoipa::path(put, path = "/permits/{id}/auto-renew", tag = "permits", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = AutoRenew,
    description = "RP-6: auto-renewal can be turned off (and back on where the council offers it). The permit answered says in `renews_by` how its next period will be paid for when renewal opens: `card_on_file` (the recurring-payment agreement set up when it was bought is charged), `payment_link` (no card is set up for it: switching off cancels the agreement, so switched back on the resident is sent a link to pay), `payment_link_no_recurring` (the council's payment account takes no recurring payments: a link to pay) or `reminder` (off: a reminder with a link to renew). While a renewal awaits the council's review (RP-2), the choice applies to both periods: the renewal under review and the period it renews, which renews as chosen if the council rejects it.",
    responses((status = 200, body = Permit), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, permit = %id))]
pub(super) async fn auto_renew(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
    Json(choice): Json<AutoRenew>,
) -> Result<Json<Permit>, ApiError> {
    let mut tx = state.db.write_tx().await?;
    let permit = common::set_auto_renew(&state, &mut tx, &me.id, &id, choice.on).await?;
    tx.commit().await?;
    common::cancel_agreements_now(&state).await;
    Ok(Json(permit))
}

#[utoipa::path(post, path = "/permits/{id}/cancel", tag = "permits", security(("bearer" = [])),
    params(("id" = String, Path)),
    description = "RP-5: non-refundable. AVP-4: the refund the council's policy gives (whole unused months less a fee), paid back to the card. RP-5 with RP-2: a renewal of the permit still awaiting the council's review is withdrawn with it and its payment refunded in full (included in `refund_pence`; `policy` says so).",
    responses((status = 200, body = PermitCancelled), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, permit = %id))]
pub(super) async fn cancel(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
) -> Result<Json<PermitCancelled>, ApiError> {
    let mut tx = state.db.write_tx().await?;
    let cancelled = common::cancel_permit(&state, &mut tx, &me.id, &id).await?;
    tx.commit().await?;
    // AVP-4: the refund goes to the provider now that the cancellation is committed.
    crate::commerce::send_refunds_soon(&state);
    // RP-6: the permit's agreement ended with it; cancelled at the provider now (or retried).
    common::cancel_agreements_now(&state).await;
    Ok(Json(cancelled))
}
