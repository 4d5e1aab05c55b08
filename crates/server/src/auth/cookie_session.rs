//! "Keep me signed in on this device" (issue 19): a resident session whose token travels in an
//! `HttpOnly; Secure; SameSite=Strict; Path=/` cookie ([`SESSION_COOKIE`]) instead of an
//! `Authorization` header, so the page's script never holds it.
//!
//! A browser sends a cookie with requests the page did not make, so every write authenticated
//! by the cookie must also show that this service's own page made it:
//! - `Origin` must be present and name this host (browsers send it on every POST, PUT, PATCH
//!   and DELETE; an attacker's page cannot forge it);
//! - `X-CSRF-Token` must equal the session's CSRF token, compared in constant time. The token
//!   is the HMAC-SHA256 of a fixed label under the session token, so nothing more is stored,
//!   it is fixed for the session's life, and it cannot be made without the cookie; the page
//!   reads it from `GET /auth/cookie-session`, which another site's page cannot read (same
//!   origin, and the cookie is `SameSite=Strict`).
//!
//! Bearer-token requests are not affected: no browser attaches a bearer token by itself.

use crate::error::ApiError;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use hmac::{Hmac, Mac};
use permit_api_types::{CSRF_HEADER, SESSION_COOKIE};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The session token in the request's cookie, if it carries ours.
pub(crate) fn cookie_token(headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(SESSION_COOKIE)
        .map(|cookie| cookie.value().trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// `Set-Cookie` for a new session that the browser keeps for `lifetime` (the session's own
/// absolute lifetime: the cookie never outlives it).
pub(crate) fn set_cookie(token: &str, lifetime: chrono::Duration) -> HeaderValue {
    header_value(session_cookie(token.to_owned(), lifetime.num_seconds()))
}

/// `Set-Cookie` that makes the browser drop the session cookie at once (`Max-Age=0`).
pub(crate) fn clear_cookie() -> HeaderValue {
    header_value(session_cookie(String::new(), 0))
}

fn session_cookie(value: String, max_age_secs: i64) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, value))
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .path("/")
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .build()
}

fn header_value(cookie: Cookie<'static>) -> HeaderValue {
    // The cookie holds only hex and fixed attributes, always a valid header value.
    HeaderValue::from_str(&cookie.to_string()).unwrap_or(HeaderValue::from_static(""))
}

/// The session's CSRF token: hex HMAC-SHA256 of a fixed label keyed by the session token.
pub(crate) fn csrf_token(session_token: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(session_token.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    mac.update(b"permits csrf token v1");
    crate::db::hex(&mac.finalize().into_bytes())
}

/// A request authenticated by the cookie: reads pass; a write needs this host's `Origin` and
/// the session's CSRF token.
pub(crate) fn check_write(parts: &Parts, session_token: &str) -> Result<(), ApiError> {
    if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    check_origin(&parts.headers)?;
    let sent = parts
        .headers
        .get(CSRF_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let expected = csrf_token(session_token);
    if bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "csrf_token_invalid",
            "This request needs this page's security token. Reload the page and try again.",
            Some(CSRF_HEADER),
        ))
    }
}

/// `Origin` names the host the request was sent to (`Host`), or the write is refused. A
/// deployment behind a proxy passes `Host` through unchanged.
pub(crate) fn check_origin(headers: &HeaderMap) -> Result<(), ApiError> {
    let origin_host = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
        .and_then(|origin| {
            origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
        });
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    match (origin_host, host) {
        (Some(origin), Some(host)) if origin.eq_ignore_ascii_case(host) => Ok(()),
        _ => Err(ApiError::forbidden(
            "origin_refused",
            "This request did not come from this service's own page.",
            Some("origin"),
        )),
    }
}
