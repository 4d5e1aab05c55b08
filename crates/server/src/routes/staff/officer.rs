//! The council officer's back office: the review queue with the uploaded proofs, and the audit
//! log. Everything is scoped to the officer's council: another council's data is a 404.

use crate::auth::CurrentStaff;
use crate::db::{audit, queue};
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::Path;
use crate::extract::Query;
use crate::routes::common;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header::{
    CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::response::IntoResponse;
use permit_api_types::{AuditEntry, ErrorBody, ReviewItem};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(review_queue))
        .routes(routes!(proof))
        .routes(routes!(audit_log))
}

#[utoipa::path(get, path = "/officer/queue", tag = "officer", security(("bearer" = [])),
    params(common::Page),
    description = "Registrations (REG-3), purchases held for review (VP-6, RP-2), vehicle changes (RP-3) and changes of address (RP-7, AVP-5) waiting at the officer's council, oldest first, with their proofs; a page of at most 100 at a time.",
    responses((status = 200, body = Vec<ReviewItem>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id))]
pub(super) async fn review_queue(
    State(state): State<AppState>,
    me: CurrentStaff,
    Query(page): Query<common::Page>,
) -> Result<Json<Vec<ReviewItem>>, ApiError> {
    page.bounds()?;
    let me = me.officer()?;
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(
        page.of(queue::pending(&mut conn, &me.council).await?)?,
    ))
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

#[utoipa::path(get, path = "/officer/audit", tag = "officer", security(("bearer" = [])),
    params(common::Page),
    description = "Every staff action at the officer's council, newest first, a page of at most 100 at a time. There is no endpoint that changes it.",
    responses((status = 200, body = Vec<AuditEntry>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id))]
pub(super) async fn audit_log(
    State(state): State<AppState>,
    me: CurrentStaff,
    Query(page): Query<common::Page>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    let (limit, offset) = page.bounds()?;
    let me = me.officer()?;
    let mut conn = state.db.pool().acquire().await?;
    // The log only grows: the database reads just this page.
    Ok(Json(
        audit::for_council(&mut conn, &me.council, limit, offset).await?,
    ))
}
