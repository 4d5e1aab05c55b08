//! The HTTP surface, in folders by who calls it. Each area's `router()` declares its routes
//! together with their OpenAPI entries (`utoipa-axum`); this file nests them under `/api/v1`,
//! adds the root aliases and the web UI, and the cross-cutting layers (request ids, tracing).
//! Route modules share code only through `common.rs`.

mod channels;
mod commerce;
mod common;
mod health;
mod openapi;
mod operator;
mod payment_return;
mod plain_page;
mod resident;
mod sandbox_pay;
mod staff;

use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, StatusCode};
use permit_api_types::API_PREFIX;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The largest JSON body any route takes (uploads have their own, `upload::MAX_UPLOAD_BYTES`).
pub const JSON_BODY_LIMIT: usize = 64 * 1024;

pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static(permit_api_types::REQUEST_ID_HEADER);
    let http = state.settings.http;
    let mut api = OpenApiRouter::new()
        .merge(health::router())
        .merge(resident::router())
        .merge(commerce::router())
        .merge(staff::router())
        .merge(channels::router());
    // Without the test flag (or with a real channel) the operator endpoints do not exist at
    // all (404), not "forbidden", and the document does not list them.
    if state.operator.is_some() {
        api = api.merge(operator::router(&state));
    }
    let (mut api, doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .nest(API_PREFIX, api)
        .split_for_parts();
    // The sandbox's hosted payment page exists only where the sandbox may run.
    if state.sandbox.is_some() {
        api = api.merge(sandbox_pay::router());
    }
    api.merge(payment_return::router())
        .merge(health::root_aliases())
        .merge(openapi::router(doc))
        .merge(crate::web::router(
            state.settings.web_dir.as_deref(),
            state.settings.office_dir.as_deref(),
        ))
        .with_state(state.clone())
        // A session's use queued for SQLite's next commit is written before the answer.
        .layer(axum::middleware::from_fn_with_state(
            state,
            crate::auth::recent_use::written_before_answer,
        ))
        // JSON bodies are small; the upload routes raise this for themselves (upload_route).
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        // Waiting for a turn counts towards the request's time: the timeout is outside.
        .layer(GlobalConcurrencyLimitLayer::new(
            http.max_concurrent_requests,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            http.request_timeout,
        ))
        .layer(axum::middleware::map_response(
            crate::error::fill_bare_status,
        ))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(crate::telemetry::RequestSpan))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}
