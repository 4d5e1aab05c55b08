//! The council's staff: login by emailed code, the officer's review queue, decisions and
//! audit log, and the phone agent acting for a verified caller.

mod agent;
mod auth;
mod officer;
mod officer_decisions;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(agent::router())
        .merge(auth::router())
        .merge(officer::router())
        .merge(officer_decisions::router())
}
