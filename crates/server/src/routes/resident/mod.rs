//! The resident's own account: property search, registration and proof of address, PIN
//! login, and visitor stays.

mod auth;
mod me;
mod properties;
mod registration_proof;
mod registrations;
mod settings;
mod stays;
mod vehicles;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(super) fn router() -> OpenApiRouter<AppState> {
    super::common::resident_sessions(
        OpenApiRouter::new()
            .merge(auth::router())
            .merge(me::router())
            .merge(properties::router())
            .merge(registration_proof::router())
            .merge(registrations::router())
            .merge(settings::router())
            .merge(stays::router())
            .merge(vehicles::router()),
    )
}
