//! An officer approves or rejects (with a reason) what is in their council's queue.

use crate::auth::CurrentStaff;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::Path;
use crate::review::{Reviewer, require_reason};
use crate::routes::common::{self, DecisionKind};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use permit_api_types::{ErrorBody, ReviewDecision};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(decide))
}

fn reviewer(me: CurrentStaff, decision: &ReviewDecision) -> Result<Reviewer, ApiError> {
    let me = me.officer()?;
    require_reason(decision)?;
    Ok(Reviewer {
        actor: me.actor(),
        council: Some(me.council),
    })
}

#[utoipa::path(post, path = "/officer/{kind}/{id}/decision", tag = "officer", security(("bearer" = [])),
    params(("kind" = DecisionKind, Path, description = "what is decided: `registrations`, `purchases` or `requests`"),
        ("id" = String, Path, description = "the registration's id, the purchase's payment id, or the request's id")),
    request_body = ReviewDecision,
    description = "Approve, or reject with a reason, an item of the officer's council's queue. Registrations (REG-3): the resident is emailed and may reapply. Purchases (VP-6, RP-2): a rejection cancels the transaction, refunds it through the payment provider and emails the resident. Requests: a vehicle change (RP-3) or a change of address (RP-7, AVP-5).",
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, ?kind, item = %id))]
pub(super) async fn decide(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path((kind, id)): Path<(DecisionKind, String)>,
    Json(decision): Json<ReviewDecision>,
) -> Result<StatusCode, ApiError> {
    let reviewer = reviewer(me, &decision)?;
    common::decide(&state, &reviewer, kind, &id, &decision).await
}
