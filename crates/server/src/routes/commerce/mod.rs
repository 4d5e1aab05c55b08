//! Buying and holding: the catalogue, purchases and payments, vehicle permits and what a
//! resident can do with them.

mod catalogue;
mod permit_actions;
mod permit_changes;
mod permit_evidence;
mod permits;
mod purchases;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(super) fn router() -> OpenApiRouter<AppState> {
    super::common::resident_sessions(
        OpenApiRouter::new()
            .merge(catalogue::router())
            .merge(permit_actions::router())
            .merge(permit_changes::router())
            .merge(permit_evidence::router())
            .merge(permits::router())
            .merge(purchases::router()),
    )
}
