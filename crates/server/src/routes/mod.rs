//! The HTTP surface: each module exposes `router()`; this file stacks them with the
//! cross-cutting layers (request ids, tracing).

mod agent;
mod auth;
mod catalogue;
mod enforcement;
mod health;
mod me;
mod officer;
mod officer_decisions;
pub mod openapi;
mod operator;
mod operator_requests;
pub mod operator_staff;
mod permit_actions;
mod permit_changes;
mod permits;
mod properties;
mod purchases;
mod registration_proof;
mod registration_view;
mod registrations;
mod sms;
mod staff_auth;
mod stays;
mod test_clock;

pub(crate) use permits::permit_view;
pub(crate) use registration_view::record as registration_record;

use crate::state::AppState;
use axum::Router;
use axum::http::HeaderName;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static(permit_api_types::REQUEST_ID_HEADER);
    let mut app = Router::new()
        .merge(health::router())
        .merge(openapi::router())
        .merge(properties::router())
        .merge(registrations::router())
        .merge(auth::router())
        .merge(me::router())
        .merge(catalogue::router())
        .merge(purchases::router())
        .merge(permits::router())
        .merge(stays::router())
        .merge(permit_actions::router())
        .merge(permit_changes::router())
        .merge(registration_proof::router())
        .merge(staff_auth::router())
        .merge(sms::router())
        .merge(enforcement::router())
        .merge(agent::router())
        .merge(officer::router())
        .merge(officer_decisions::router());
    // Without the test flag the operator clock does not exist at all (404), not "forbidden".
    if state.test_clock.is_some() {
        app = app
            .merge(test_clock::router())
            .merge(operator::router())
            .merge(operator_requests::router())
            .merge(operator_staff::router());
    }
    // The web UI is a single-page app: unknown paths get its index.html and route there.
    if let Some(dir) = state.settings.web_dir.as_deref() {
        let index = ServeFile::new(dir.join("index.html"));
        app = app.fallback_service(ServeDir::new(dir).not_found_service(index));
    }
    app.with_state(state)
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(crate::telemetry::RequestSpan))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}
