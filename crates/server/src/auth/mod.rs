//! PIN login and sessions (REG-2).
//!
//! - A PIN is 6 random digits, valid 10 minutes, single use; asking again replaces it.
//! - At most 10 wrong PINs per account in any 15 minutes; then 429 with `Retry-After`.
//! - A session token is 256 random bits, stored only as its SHA-256. A session ends after
//!   [`IDLE_TIMEOUT`] without a request, and [`ABSOLUTE_LIFETIME`] after login in any case.

mod contact;
mod contact_change;
mod current;
mod pin;
pub mod recent_use;
mod secrets;
mod staff;

pub use contact::normalise_contact;
pub use contact_change::{confirm_contact, send_contact_code};
pub use current::CurrentResident;
pub use pin::{LoginOutcome, issue_pin, log_in, wrong_pin};
pub use secrets::sha256_hex;
pub use staff::{CurrentStaff, issue_staff_pin, staff_log_in};

use chrono::Duration;

pub const PIN_LIFETIME: Duration = Duration::minutes(10);
pub const MAX_WRONG_PINS: i64 = 10;
pub const WRONG_PIN_WINDOW: Duration = Duration::minutes(15);
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
pub const ABSOLUTE_LIFETIME: Duration = Duration::hours(12);

/// The SHA-256 of the request's `Authorization: Bearer <token>`, as sessions are stored.
pub(crate) fn bearer_token_hash(
    parts: &axum::http::request::Parts,
) -> Result<String, crate::error::ApiError> {
    parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|token| sha256_hex(token.trim()))
        .ok_or(crate::error::ApiError::Unauthorized)
}
