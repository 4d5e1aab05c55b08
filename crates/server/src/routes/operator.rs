//! Operator endpoints for demos and acceptance tests: the outbox (where PINs can be read) and
//! the council's review decision (REG-3). Mounted only with the test flag, like the clock.
//! A real council back office would replace these behind its own authentication.

use crate::db::{bundles, outbox, payments, permits, registrations, residents};
use crate::error::ApiError;
use crate::notify::notify;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use permit_api_types::{ErrorBody, OutboxMessage, ReviewDecision};
use serde::Deserialize;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/operator/outbox", get(list_outbox))
        .route("/operator/registrations/{id}/decision", post(decide))
        .route(
            "/operator/purchases/{payment_id}/decision",
            post(decide_purchase),
        )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub(super) struct OutboxQuery {
    recipient: String,
}

#[utoipa::path(get, path = "/operator/outbox", tag = "operator", params(OutboxQuery),
    description = "Messages sent to one email or mobile (normalised), newest first. Test mode only.",
    responses((status = 200, body = Vec<OutboxMessage>), (status = 404, body = ErrorBody)))]
pub(super) async fn list_outbox(
    State(state): State<AppState>,
    Query(query): Query<OutboxQuery>,
) -> Result<Json<Vec<OutboxMessage>>, ApiError> {
    let recipient = crate::auth::normalise_contact("recipient", &query.recipient)?;
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(outbox::for_recipient(&mut conn, &recipient).await?))
}

#[utoipa::path(post, path = "/operator/registrations/{id}/decision", tag = "operator",
    params(("id" = String, Path)), request_body = ReviewDecision,
    description = "REG-3: the council approves or rejects a pending registration; the resident is told by email or text. Test mode only.",
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn decide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(decision): Json<ReviewDecision>,
) -> Result<axum::http::StatusCode, ApiError> {
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let registration = registrations::get(&mut tx, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if registration.state != "pending" {
        return Err(ApiError::Conflict {
            code: "not_pending",
            message: "Only a pending registration can be decided.".into(),
        });
    }
    let (new_state, text) = if decision.approve {
        (
            "approved",
            "Your parking permit registration has been approved.".to_owned(),
        )
    } else {
        let reason = decision.reason.as_deref().unwrap_or("no reason given");
        (
            "rejected",
            format!(
                "Your parking permit registration was not approved ({reason}). Please apply again."
            ),
        )
    };
    registrations::set_state(
        &mut tx,
        &id,
        new_state,
        decision.reason.as_deref(),
        Some(now),
    )
    .await?;
    notify(&mut tx, &registration.resident_id, &text, now).await?;
    tx.commit().await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/operator/purchases/{payment_id}/decision", tag = "operator",
    params(("payment_id" = String, Path)), request_body = ReviewDecision,
    description = "VP-6, RP-2: the council approves a purchase held for review, or rejects it: the money is returned and the permits return to the allowance. Test mode only.",
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn decide_purchase(
    State(state): State<AppState>,
    Path(payment_id): Path<String>,
    Json(decision): Json<ReviewDecision>,
) -> Result<axum::http::StatusCode, ApiError> {
    let mut tx = state.db.write_tx().await?;
    let resident_id = payments::owner(&mut tx, &payment_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    residents::lock(&state.db, &mut tx, &resident_id).await?;
    let payment = payments::get(&mut tx, &resident_id, &payment_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let bundle = bundles::for_payment(&mut tx, &payment_id).await?;
    let permit = permits::for_payment(&mut tx, &payment_id).await?;
    let held = bundle
        .as_ref()
        .map(|b| b.state.as_str())
        .or(permit.as_ref().map(|p| p.state.as_str()));
    if held != Some("pending_review") {
        return Err(ApiError::Conflict {
            code: "not_pending",
            message: "Only a purchase waiting for review can be decided.".into(),
        });
    }
    let new_state = if decision.approve {
        "active"
    } else {
        "rejected"
    };
    if let Some(bundle) = &bundle {
        bundles::set_state(&mut tx, &bundle.id, new_state).await?;
    }
    if let Some(permit) = &permit {
        permits::set_state(&mut tx, &permit.id, new_state, state.now()).await?;
    }
    if !decision.approve {
        // VP-6, RP-2: a rejection cancels the transaction and returns the money.
        state
            .payments
            .refund(&payment.charge_ref, payment.amount_pence)
            .map_err(ApiError::internal)?;
        payments::record_refund(&mut tx, &payment_id, payment.amount_pence).await?;
    }
    tx.commit().await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
