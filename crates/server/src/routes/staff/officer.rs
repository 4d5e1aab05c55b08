//! The council officer's back office: the review queue with the uploaded proofs, and the audit
//! log (admins read it too). Everything is scoped to the member's council: another council's
//! data is a 404.

use crate::auth::CurrentStaff;
use crate::db::{audit, queue};
use crate::domain::StaffTask;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::Path;
use crate::extract::Query;
use crate::review;
use crate::routes::common;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header::{
    CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::response::IntoResponse;
use chrono::{DateTime, Utc};
use permit_api_types::{AuditEntry, ErrorBody, QueueKind, ReviewItem, TOTAL_COUNT_HEADER};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(review_queue))
        .routes(routes!(review_item))
        .routes(routes!(proof))
        .routes(routes!(audit_log))
}

/// `?kind=` on the review queue.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct QueueFilter {
    /// Only this kind: `registration`, `purchase`, `vehicle_change`, `change_of_address` or
    /// `evidence` (AVP-1 purchases).
    kind: Option<QueueKind>,
}

#[utoipa::path(get, path = "/officer/queue", tag = "officer", security(("bearer" = [])),
    params(common::Page, QueueFilter),
    description = "Registrations (REG-3), purchases held for review (VP-6, RP-2, AVP-1 evidence), vehicle changes (RP-3) and changes of address (RP-7, AVP-5) waiting at the officer's council, with their proofs and each one's due time against the council file's review target: overdue items first, then oldest first; a page of at most 100 at a time, the number of matching items in all in the X-Total-Count header.",
    responses((status = 200, body = Vec<ReviewItem>,
            headers(("x-total-count" = u32, description = "items matching the filter, all pages together"))),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id))]
pub(super) async fn review_queue(
    State(state): State<AppState>,
    me: CurrentStaff,
    Query(page): Query<common::Page>,
    Query(filter): Query<QueueFilter>,
) -> Result<impl IntoResponse, ApiError> {
    let bounds = page.bounds()?;
    let me = me.officer()?;
    let scheme = state.scheme(&me.council)?;
    let mut conn = state.db.pool().acquire().await?;
    let (items, total) =
        review::queue::page(&mut conn, &scheme, filter.kind, bounds, state.now()).await?;
    Ok(([(TOTAL_COUNT_HEADER, total.to_string())], Json(items)))
}

#[utoipa::path(get, path = "/officer/queue/{id}", tag = "officer", security(("bearer" = [])),
    params(("id" = String, Path, description = "the registration's id, the purchase's payment id, or the request's id")),
    description = "One item waiting in the officer's council's queue, as the queue lists it (the office UI's review page reloads from it). Decided items and other councils' are 404.",
    responses((status = 200, body = ReviewItem), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, item = %id))]
pub(super) async fn review_item(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(id): Path<String>,
) -> Result<Json<ReviewItem>, ApiError> {
    let me = me.officer()?;
    let scheme = state.scheme(&me.council)?;
    let mut conn = state.db.pool().acquire().await?;
    review::queue::find(&mut conn, &scheme, &id, state.now())
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

#[utoipa::path(get, path = "/officer/proofs/{id}", tag = "officer", security(("bearer" = [])),
    params(("id" = String, Path)),
    description = "The uploaded document, with its content type (PDF, JPEG or PNG).",
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, proof = %id))]
pub(super) async fn proof(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let me = me.officer()?;
    let mut conn = state.db.pool().acquire().await?;
    let (content_type, body) = queue::proof(&mut conn, &me.council, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    // A resident uploaded this file: the browser must save it, never run or sniff it, even
    // if an officer opens the URL directly.
    let disposition = format!("attachment; filename=\"proof-{}\"", sanitise_filename(&id));
    Ok((
        [
            (CONTENT_TYPE, content_type),
            (CONTENT_DISPOSITION, disposition),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (
                CONTENT_SECURITY_POLICY,
                "sandbox; default-src 'none'".to_owned(),
            ),
        ],
        body,
    ))
}

/// The id goes into a quoted header value: keep only what cannot break out of it.
fn sanitise_filename(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(64)
        .collect()
}

/// What the audit log is narrowed to; each given filter narrows it further.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct AuditFilter {
    /// Who acted, as in the entries: `staff:<id>` or `operator`.
    actor: Option<String>,
    /// Entries about this resident (their audit trail).
    resident: Option<String>,
    /// The action, e.g. `agent_booked_stay`, `staff_disabled`.
    kind: Option<String>,
    /// At or after this instant (RFC 3339).
    from: Option<DateTime<Utc>>,
    /// Before this instant (RFC 3339).
    to: Option<DateTime<Utc>>,
}

#[utoipa::path(get, path = "/officer/audit", tag = "officer", security(("bearer" = [])),
    params(AuditFilter, common::Page),
    description = "Every staff action at the council, newest first, narrowed by actor, resident, kind and time range, a page of at most 100 at a time; for officers and admins. There is no endpoint that changes it.",
    responses((status = 200, body = Vec<AuditEntry>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "invalid_range: `to` not after `from`")))]
#[tracing::instrument(skip_all, fields(staff = %me.id))]
pub(super) async fn audit_log(
    State(state): State<AppState>,
    me: CurrentStaff,
    Query(filter): Query<AuditFilter>,
    Query(page): Query<common::Page>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    let (limit, offset) = page.bounds()?;
    let me = me.may(StaffTask::ReadAudit)?;
    common::range_in_order(filter.from, filter.to)?;
    let narrowed = audit::Filter {
        actor: given(&filter.actor),
        resident_id: given(&filter.resident),
        action: given(&filter.kind),
        from: filter.from,
        to: filter.to,
    };
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(
        audit::page(&mut conn, &me.council, &narrowed, limit, offset).await?,
    ))
}

/// A filter the client sent with a value (a blank one filters nothing).
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}
