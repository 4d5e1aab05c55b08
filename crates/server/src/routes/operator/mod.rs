//! Test mode only (mounted with the test clock): the clock, the outbox, the council's
//! decisions and staff creation, for demos and acceptance tests.

mod clock;
mod decisions;
mod outbox;
mod staff;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(clock::router())
        .merge(decisions::router())
        .merge(outbox::router())
        .merge(staff::router())
}
