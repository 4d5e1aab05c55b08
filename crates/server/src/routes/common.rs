//! What several route modules need: the one place they share code, so no route module
//! reaches into another.

use crate::db::{Conn, Tx, permits, residents};
use crate::domain::PermitState;
use crate::error::ApiError;
use crate::state::AppState;
use crate::views::permit_view;
use axum::http::{HeaderMap, StatusCode};

use permit_api_types::{IDEMPOTENCY_KEY_HEADER, Permit, PermitCancelled};
use permit_rules::scheme::{Product, VehiclePermit};
use permit_rules::{PermitType, Scheme};
use std::sync::Arc;
use utoipa_axum::router::UtoipaMethodRouter;

/// The council scheme of a logged-in resident.
pub(super) async fn resident_scheme(
    state: &AppState,
    conn: &mut Conn,
    id: &str,
) -> Result<Arc<Scheme>, ApiError> {
    let resident = residents::get(conn, id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    state.scheme(&resident.council)
}

/// The resident's scheme and one of their permits; someone else's permit is 404.
pub(super) async fn owned_permit(
    state: &AppState,
    conn: &mut Conn,
    resident_id: &str,
    id: &str,
) -> Result<(Arc<Scheme>, permits::PermitRow), ApiError> {
    let scheme = resident_scheme(state, conn, resident_id).await?;
    let row = permits::get(conn, resident_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((scheme, row))
}

/// The council's product a permit was bought as.
pub(super) fn permit_product<'a>(
    scheme: &'a Scheme,
    row: &permits::PermitRow,
) -> Result<&'a VehiclePermit, ApiError> {
    let id = PermitType::parse(&row.permit_type).map_err(ApiError::internal)?;
    match scheme.product(&id) {
        Some(Product::VehiclePermit(v)) => Ok(v),
        _ => Err(ApiError::internal("permit of an unknown product")),
    }
}

/// RP-6: turns a resident's auto-renewal off, or back on where the council offers it; for the
/// resident's own app and a phone agent (ACT-6), inside the caller's transaction.
pub(super) async fn set_auto_renew(
    state: &AppState,
    conn: &mut Conn,
    resident_id: &str,
    id: &str,
    on: bool,
) -> Result<Permit, ApiError> {
    let (scheme, row) = owned_permit(state, conn, resident_id, id).await?;
    if on && !permit_product(&scheme, &row)?.auto_renewal {
        return Err(ApiError::invalid(
            "auto_renewal_not_offered",
            "on",
            "This permit is renewed by you, not automatically.",
        ));
    }
    // RP-2, RP-6: while a renewal awaits the council's review, the period it renews is still
    // the one that renews if the council rejects it: the choice is for both.
    let pair = permits::under_review_with(conn, id).await?;
    for period in std::iter::once(id).chain(pair.as_deref()) {
        permits::set_auto_renew(conn, period, on).await?;
        if !on {
            // RP-6: its agreement is cancelled at the provider (sent once the caller commits),
            // once the last period renewing with it lets it go.
            let council = scheme.id.as_str();
            crate::commerce::auto_renewal::forget_agreement(conn, council, period, state.now())
                .await?;
        }
    }
    let row = permits::get(conn, resident_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(permit_view(state, &scheme, &row))
}

/// RP-6: after auto-renewal was switched off and committed, cancels the agreement at the
/// provider now; if it cannot be reached the jobs retry, so the answer never waits on it.
pub(super) async fn cancel_agreements_now(state: &AppState) {
    if let Err(error) = crate::commerce::auto_renewal::send_cancellations(state, 10).await {
        tracing::warn!(%error, "agreement cancellations left to the jobs");
    }
}

/// RP-5, AVP-4: cancels a running permit with the refund the council's policy gives; for the
/// resident's own app and a phone agent (ACT-6), inside the caller's transaction.
pub(super) async fn cancel_permit(
    state: &AppState,
    conn: &mut Tx,
    resident_id: &str,
    id: &str,
) -> Result<PermitCancelled, ApiError> {
    residents::lock(&state.db, conn, resident_id).await?;
    let (scheme, row) = owned_permit(state, conn, resident_id, id).await?;
    require_active(&row)?;
    let cancelled = crate::commerce::cancel_held(state, conn, &scheme, &row).await?;
    let row = permits::get(conn, resident_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(PermitCancelled {
        permit: permit_view(state, &scheme, &row),
        refund_pence: cancelled.refunded.0,
        policy: cancelled.cancellation.policy,
    })
}

pub(super) fn require_active(row: &permits::PermitRow) -> Result<(), ApiError> {
    if row.state == PermitState::Active {
        return Ok(());
    }
    Err(ApiError::Conflict {
        code: "permit_not_active",
        message: format!("This permit is {}.", row.state.as_str().replace('_', " ")),
    })
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

/// A route that takes an uploaded document: the body may be up to the upload limit.
pub(super) fn upload_route(
    (schemas, paths, method_router): UtoipaMethodRouter<AppState>,
) -> UtoipaMethodRouter<AppState> {
    (
        schemas,
        paths,
        method_router.layer(crate::upload::body_limit()),
    )
}

/// The three kinds of item a council decides on, as named in the decision URLs
/// (`/officer/{kind}/{id}/decision`, `/operator/{kind}/{id}/decision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub(super) enum DecisionKind {
    /// A registration awaiting review (REG-3): `id` is the registration's.
    Registrations,
    /// A purchase held for review (VP-6, RP-2): `id` is its payment's.
    Purchases,
    /// A vehicle change (RP-3) or change of address (RP-7, AVP-5): `id` is the request's.
    Requests,
}

/// Approves or rejects one item of the queue, for an officer or the test-mode operator.
pub(super) async fn decide(
    state: &AppState,
    reviewer: &crate::review::Reviewer,
    kind: DecisionKind,
    id: &str,
    decision: &permit_api_types::ReviewDecision,
) -> Result<StatusCode, ApiError> {
    use crate::review;
    match kind {
        DecisionKind::Registrations => {
            review::decide_registration(state, reviewer, id, decision).await?;
        }
        DecisionKind::Purchases => review::decide_purchase(state, reviewer, id, decision).await?,
        DecisionKind::Requests => review::decide_request(state, reviewer, id, decision).await?,
    }
    // A rejection (VP-6, RP-2) or a move that ended a permit (AVP-5) may have recorded a
    // refund: it goes to the provider now that the decision is committed.
    crate::commerce::send_refunds_soon(state);
    // RP-6: and a permit it ended (RP-2, RP-7) has its agreement cancelled at the provider.
    crate::commerce::auto_renewal::send_cancellations_soon(state);
    Ok(StatusCode::NO_CONTENT)
}

pub(super) use crate::limits::MAX_PAGE;

/// `?limit=&offset=` on every list: at most [`MAX_PAGE`] items from `offset` on; without
/// `limit`, a full page.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct Page {
    /// Items in this page, 1 to 100 (default 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// Items skipped before this page (default 0). Declared as the `u32` it is read into: an
    /// `int32` would tell clients that the values above 2^31 the server takes are invalid.
    #[param(minimum = 0, maximum = 4294967295_u64, format = Int64)]
    offset: Option<u32>,
}

impl Page {
    /// The page's size and start, or 400 for a size outside 1 to [`MAX_PAGE`].
    pub(super) fn bounds(&self) -> Result<(usize, usize), ApiError> {
        let limit = self.limit.unwrap_or(MAX_PAGE);
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(ApiError::rejected(
                StatusCode::BAD_REQUEST,
                "invalid_query",
                format!("A page holds 1 to {MAX_PAGE} items."),
                Some("limit".to_owned()),
            ));
        }
        Ok((limit as usize, self.offset.unwrap_or(0) as usize))
    }

    /// This page of `items`.
    pub(super) fn of<T>(&self, items: Vec<T>) -> Result<Vec<T>, ApiError> {
        let (limit, offset) = self.bounds()?;
        Ok(items.into_iter().skip(offset).take(limit).collect())
    }
}

/// An uploaded document's bytes as the upload routes' OpenAPI entries declare them: a binary
/// string (what `Vec<u8>` would declare, an array of numbers, is not what a client sends),
/// under each type `upload::Upload` accepts.
pub(super) struct Document;

impl utoipa::PartialSchema for Document {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl utoipa::ToSchema for Document {}

/// A `[from, to)` filter on a log: 422 on `to` when it is not after `from`.
pub(super) fn range_in_order(
    from: Option<chrono::DateTime<chrono::Utc>>,
    to: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<(), ApiError> {
    match (from, to) {
        (Some(from), Some(to)) if to <= from => Err(ApiError::invalid(
            "invalid_range",
            "to",
            "The end of the time range must be after its start.",
        )),
        _ => Ok(()),
    }
}

/// Declares that a resident area's routes also take the "keep me signed in" cookie (issue 19,
/// `auth::CurrentResident`): every operation that takes the bearer token gets the cookie as
/// the alternative, and a write the cookie with its CSRF token (and `Origin`), refused with
/// 403 otherwise. Called on the whole area's router, so a new resident route is covered
/// without repeating it.
pub(super) fn resident_sessions(
    mut router: utoipa_axum::router::OpenApiRouter<AppState>,
) -> utoipa_axum::router::OpenApiRouter<AppState> {
    use utoipa::openapi::security::SecurityRequirement;
    let bearer = SecurityRequirement::new("bearer", Vec::<String>::new());
    let no_scopes = Vec::<String>::new;
    for item in router.get_openapi_mut().paths.paths.values_mut() {
        let reads = [&mut item.get, &mut item.head];
        for operation in reads.into_iter().flatten() {
            if let Some(security) = operation.security.as_mut()
                && security.contains(&bearer)
            {
                security.push(SecurityRequirement::new("session_cookie", no_scopes()));
            }
        }
        let writes = [
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for operation in writes.into_iter().flatten() {
            if let Some(security) = operation.security.as_mut()
                && security.contains(&bearer)
            {
                security.push(
                    SecurityRequirement::new("session_cookie", no_scopes())
                        .add("csrf_token", no_scopes()),
                );
                operation
                    .responses
                    .responses
                    .entry("403".to_owned())
                    .or_insert_with(|| {
                        super::openapi::error_response(
                            "With the session cookie: no `X-CSRF-Token`, or not this session's (`csrf_token_invalid`), or an `Origin` other than this host (`origin_refused`).",
                        )
                        .into()
                    });
            }
        }
    }
    router
}
