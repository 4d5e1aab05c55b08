//! Buying (with `Idempotency-Key`), payment history (VP-7) and visitor permits held.

use crate::auth::CurrentResident;
use crate::commerce;
use crate::db::{bundles, payments};
use crate::error::ApiError;
use crate::extract::Path;
use crate::extract::Query;
use crate::extract::{Json, OptionalJson};
use crate::routes::common;
use crate::state::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use permit_api_types::{
    ErrorBody, Payment, PaymentOrder, PurchaseOrder, ReadyRenewalPayment, VisitorBundle,
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(purchase))
        .routes(routes!(get_order))
        .routes(routes!(pay_ready_order))
        .routes(routes!(list_payments))
        .routes(routes!(get_payment))
        .routes(routes!(visitor_permits))
}

#[utoipa::path(post, path = "/purchases", tag = "buying", security(("bearer" = [])), request_body = PurchaseOrder,
    params(("Idempotency-Key" = String, Header, description = "Required. The same key with the same body replays the first answer; with another body it is refused (422 idempotency_key_reused).")),
    description = "Buys visitor permit bundles (VP-1, VP-4, VP-5, with quantity), an annual visitor permit for a VRM (AVP-1) or a resident permit with a duration (RP-1). Allowances and prices are the council's rules; products the council reviews are held as pending_review (VP-6, RP-2). Paid on the provider's hosted page (issue 16): 202 with an order awaiting payment that holds the allowance it would use; send the payer to its `next_url`, then read `GET /purchases/{id}`. Card details never come here: a body carrying any (`card_number`, or any field not in PurchaseOrder) is refused with 422 invalid_body naming the field.",
    responses((status = 202, body = PaymentOrder), (status = 401, body = ErrorBody),
        (status = 402, body = ErrorBody, description = "payment_provider_unavailable: no order was made"),
        (status = 422, body = ErrorBody, description = "Refused by a council rule (allowance_exceeded, registration_not_active, duration_required, ...) or bad input, such as card details (invalid_body, field card_number)")))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn purchase(
    State(state): State<AppState>,
    me: CurrentResident,
    headers: HeaderMap,
    Json(order): Json<PurchaseOrder>,
) -> Result<Response, ApiError> {
    let key = common::idempotency_key(&headers)?;
    let order = commerce::orders::start(&state, &me.id, key, &order).await?;
    Ok((StatusCode::ACCEPTED, Json(order)).into_response())
}

#[utoipa::path(get, path = "/purchases/{id}", tag = "buying", security(("bearer" = [])), params(("id" = String, Path)),
    description = "A two-phase purchase's order (issue 16). While it awaits payment, its state is first read from the payment provider (never from the browser): paid issues what was bought exactly once (`receipt`); declined, cancelled, failed, or unpaid after 90 minutes (expired) releases its hold on the allowance.",
    responses((status = 200, body = PaymentOrder), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 402, body = ErrorBody, description = "payment_provider_unavailable")))]
#[tracing::instrument(skip_all, fields(resident = %me.id, order = %id))]
pub(super) async fn get_order(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
) -> Result<Json<PaymentOrder>, ApiError> {
    Ok(Json(commerce::orders::read(&state, &me.id, &id).await?))
}

#[utoipa::path(post, path = "/purchases/{id}/payment", tag = "buying", security(("bearer" = [])), params(("id" = String, Path)),
    request_body(content = Option<ReadyRenewalPayment>, description = "RP-6: `auto_renew` true sets up a recurring-payment agreement with this payment (no body, `null` or `{}`: renewed as the permit is set up). Issue 16: `return_to` `app` (the Tauri app, paying in the system browser) sends the payer back to a page that needs no session, as for `POST /purchases`; left out (`web`), to the web UI's page for the order"),
    description = "RP-4, RP-6: a renewal order made for the link a renewal email sends (state `ready`: it holds nothing and has no payment yet) goes to payment: checked again like any renewal, it then awaits payment at its `next_url` for 90 minutes. Ticked \"Renew automatically\" (`auto_renew`: true, where the council's account takes recurring payments; elsewhere 422 recurring_payments_not_taken) sets up an agreement the next period is charged to. An order already taken to payment answers as it stands (a second click finds the same page). 409 when the permit ended or was renewed another way (the order is then spent) or another renewal of it awaits payment; 422 once renewal is not possible any more, or with invalid_body naming the field for a bad body (an unknown `return_to`, say).",
    responses((status = 200, body = PaymentOrder), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "permit_not_active, already_renewed, renewal_awaiting_payment"),
        (status = 422, body = ErrorBody, description = "renewal_not_open, permit_expired, recurring_payments_not_taken, auto_renewal_not_offered, ..."),
        (status = 402, body = ErrorBody, description = "payment_provider_unavailable")))]
#[tracing::instrument(skip_all, fields(resident = %me.id, order = %id))]
pub(super) async fn pay_ready_order(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
    OptionalJson(payment): OptionalJson<ReadyRenewalPayment>,
) -> Result<Json<PaymentOrder>, ApiError> {
    let payment = payment.unwrap_or_default();
    Ok(Json(
        commerce::orders::pay_ready(&state, &me.id, &id, payment).await?,
    ))
}

#[utoipa::path(get, path = "/payments", tag = "buying", security(("bearer" = [])), params(common::Page),
    description = "VP-7: every purchase with its date, newest first, a page of at most 100 at a time.",
    responses((status = 200, body = Vec<Payment>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn list_payments(
    State(state): State<AppState>,
    me: CurrentResident,
    Query(page): Query<common::Page>,
) -> Result<Json<Vec<Payment>>, ApiError> {
    page.bounds()?;
    let mut conn = state.db.pool().acquire().await?;
    let rows = payments::list(&mut conn, &me.id).await?;
    Ok(Json(page.of(
        rows.iter().map(payments::PaymentRow::view).collect(),
    )?))
}

#[utoipa::path(get, path = "/payments/{id}", tag = "buying", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Payment), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, payment = %id))]
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
#[tracing::instrument(skip_all, fields(resident = %me.id))]
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
