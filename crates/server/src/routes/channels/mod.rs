//! The channels besides the app: the SMS gateway's webhook, the enforcement check, and how
//! residents book by text and phone.

mod enforcement;
mod how_to_book;
mod payment_webhook;
mod sms;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(enforcement::router())
        .merge(sms::router())
        .merge(how_to_book::router())
        .merge(payment_webhook::router())
}
