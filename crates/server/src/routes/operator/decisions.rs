//! Test mode: the council's review decisions, standing in for its back office in demos and
//! acceptance tests: registrations (REG-3), purchases held for review (VP-6, RP-2) and permit
//! requests (RP-3, RP-7, AVP-5). A real council decides through `/officer/...` instead.

use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::Path;
use crate::review::Reviewer;
use crate::routes::common::{self, DecisionKind};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use permit_api_types::{ErrorBody, ReviewDecision};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(decide))
}

/// The test-mode operator decides for any council.
fn operator() -> Reviewer {
    Reviewer {
        actor: "operator".into(),
        council: None,
    }
}

#[utoipa::path(post, path = "/operator/{kind}/{id}/decision", tag = "operator", security(("operator_token" = [])),
    params(("kind" = DecisionKind, Path, description = "what is decided: `registrations`, `purchases` or `requests`"),
        ("id" = String, Path, description = "the registration's id, the purchase's payment id, or the request's id")),
    request_body = ReviewDecision,
    description = "Test mode only: the council's decision on any council's item. Registrations (REG-3): the resident is told by email or text. Purchases (VP-6, RP-2): a rejection returns the money and the permits to the allowance. Requests: approving a vehicle change puts the new VRM on the permit (RP-3); approving a change of address moves a resident permit to the new property in its zone (RP-7), or cancels the old address's annual visitor permits with the refund their policy gives (AVP-5).",
    responses((status = 204), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(?kind, item = %id))]
pub(super) async fn decide(
    State(state): State<AppState>,
    Path((kind, id)): Path<(DecisionKind, String)>,
    Json(decision): Json<ReviewDecision>,
) -> Result<StatusCode, ApiError> {
    common::decide(&state, &operator(), kind, &id, &decision).await
}
