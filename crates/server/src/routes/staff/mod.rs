//! The council's staff: login by emailed code, the officer's review queue, decisions, audit
//! log, resident lookup and enforcement log, the phone agent acting for a verified caller, and
//! the admin managing staff.

mod admin;
mod agent;
mod auth;
mod enforcement_log;
mod officer;
mod officer_decisions;
mod residents;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(admin::router())
        .merge(agent::router())
        .merge(auth::router())
        .merge(officer::router())
        .merge(officer_decisions::router())
        .merge(residents::router())
        .merge(enforcement_log::router())
}
