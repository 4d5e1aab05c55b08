//! Test mode only: the clock, the outbox, the council's decisions and staff creation, for
//! demos and acceptance tests. Mounted only with the test flag on a loopback bind and no real
//! email or SMS channel; every request passes [`guard`] (loopback `Host`, operator token).

mod clock;
mod decisions;
mod guard;
mod outbox;
mod staff;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(super) fn router(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(clock::router())
        .merge(decisions::router())
        .merge(outbox::router())
        .merge(staff::router())
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
}
