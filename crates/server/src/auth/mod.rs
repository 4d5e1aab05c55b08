//! PIN login and sessions (REG-2).
//!
//! - A PIN is 6 random digits, valid 10 minutes, single use; asking again replaces it.
//! - At most 10 wrong PINs per account in any 15 minutes; then 429 with `Retry-After`.
//! - A session token is 256 random bits, stored only as its SHA-256. A session ends after
//!   [`IDLE_TIMEOUT`] without a request, and [`ABSOLUTE_LIFETIME`] after login in any case.
//! - "Keep me signed in on this device" (issue 19) makes a cookie session instead
//!   (`cookie_session.rs`): it ends after [`COOKIE_IDLE_TIMEOUT`] without a request and
//!   [`COOKIE_LIFETIME`] after login, and its cookie expires with it.
//! - An account keeps at most [`MAX_SESSIONS_PER_ACCOUNT`] sessions of either kind: a login
//!   beyond that ends the least recently used.

mod contact;
mod contact_change;
mod cookie_session;
mod current;
pub mod enforcement_keys;
mod pin;
pub mod recent_use;
mod secrets;
mod staff;

pub use contact::normalise_contact;
pub use contact_change::{confirm_contact, send_contact_code};
pub(crate) use cookie_session::{
    check_origin, clear_cookie as clear_session_cookie, cookie_token, csrf_token,
    set_cookie as set_session_cookie,
};
pub use current::CurrentResident;
pub use pin::{LoginOutcome, NewSession, issue_pin, log_in, wrong_pin};
pub use secrets::{random_token, sha256_hex};
pub use staff::{CurrentStaff, issue_staff_pin, staff_log_in};

use crate::domain::SessionKind;
use chrono::Duration;

pub const PIN_LIFETIME: Duration = Duration::minutes(10);
pub const MAX_WRONG_PINS: i64 = 10;
pub const WRONG_PIN_WINDOW: Duration = Duration::minutes(15);
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
pub const ABSOLUTE_LIFETIME: Duration = Duration::hours(12);
/// A cookie session is for a resident's own phone or computer: the 30-minute idle rule would
/// defeat "keep me signed in", so it ends after a week unused instead, and 30 days after the
/// PIN was typed in any case (then the resident logs in with a new PIN).
pub const COOKIE_IDLE_TIMEOUT: Duration = Duration::days(7);
pub const COOKIE_LIFETIME: Duration = Duration::days(30);
/// Sessions one account may hold at once, both kinds together: a new login beyond it ends the
/// least recently used, so logging in on a new device always works.
pub const MAX_SESSIONS_PER_ACCOUNT: i64 = 20;

impl SessionKind {
    pub const fn idle_timeout(self) -> Duration {
        match self {
            Self::Bearer => IDLE_TIMEOUT,
            Self::Cookie => COOKIE_IDLE_TIMEOUT,
        }
    }

    pub const fn lifetime(self) -> Duration {
        match self {
            Self::Bearer => ABSOLUTE_LIFETIME,
            Self::Cookie => COOKIE_LIFETIME,
        }
    }
}

/// The request's `Authorization: Bearer <token>`, if it has one.
pub(crate) fn bearer_token(parts: &axum::http::request::Parts) -> Option<&str> {
    parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// The SHA-256 of the request's `Authorization: Bearer <token>`, as sessions are stored.
pub(crate) fn bearer_token_hash(
    parts: &axum::http::request::Parts,
) -> Result<String, crate::error::ApiError> {
    bearer_token(parts)
        .map(sha256_hex)
        .ok_or(crate::error::ApiError::Unauthorized)
}
