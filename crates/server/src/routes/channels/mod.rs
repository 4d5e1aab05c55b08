//! The outside world's machines: the SMS gateway's webhook and the enforcement check.

mod enforcement;
mod sms;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(enforcement::router())
        .merge(sms::router())
}
