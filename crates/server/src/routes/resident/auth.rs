//! PIN login (REG-2), logout and log-out-everywhere.

use crate::auth::{self, CurrentResident, LoginOutcome, NewSession, normalise_contact};
use crate::db::{residents, sessions};
use crate::domain::SessionKind;
use crate::error::ApiError;
use crate::extract::{ClientIp, Json};
use crate::limits::{
    EVERYONE, PIN_REQUESTS_OVERALL, PIN_REQUESTS_PER_CONTACT, PIN_REQUESTS_PER_IP,
    WRONG_PINS_PER_IP,
};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use permit_api_types::{Accepted, CookieSession, ErrorBody, LoginRequest, PinRequest, Session};
use permit_rules::Pin;
use utoipa_axum::{router::OpenApiRouter, routes};

/// A `Set-Cookie` header for the session cookie, as a response part.
type SetCookie = [(header::HeaderName, HeaderValue); 1];

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_pin))
        .routes(routes!(log_in))
        .routes(routes!(log_in_on_device, cookie_session))
        .routes(routes!(log_out))
        .routes(routes!(log_out_everywhere))
}

#[utoipa::path(post, path = "/auth/pin", tag = "auth", request_body = PinRequest,
    description = "REG-2: sends a PIN to a registered email or mobile. The answer is the same whether or not the account exists. Asking again sends a new PIN and keeps the one sent earlier working until it expires or either is used. Limits (429 + Retry-After): 5 requests per contact an hour, 20 per client IP an hour, 300 from everyone a minute.",
    responses((status = 202, body = Accepted), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(council = %request.council))]
pub(super) async fn request_pin(
    State(state): State<AppState>,
    ip: ClientIp,
    Json(request): Json<PinRequest>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    let scheme = state.scheme(&request.council)?;
    let contact = normalise_contact("contact", &request.contact)?;
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    // Counted whether or not the contact is registered, so a refusal tells nothing either.
    PIN_REQUESTS_PER_CONTACT
        .take(&mut tx, &format!("{}:{contact}", scheme.id.as_str()), now)
        .await?;
    PIN_REQUESTS_PER_IP
        .take(&mut tx, &ip.subject(), now)
        .await?;
    PIN_REQUESTS_OVERALL.take(&mut tx, EVERYONE, now).await?;
    if let Some(resident) =
        residents::find_by_contact(&mut tx, scheme.id.as_str(), &contact).await?
    {
        // A new PIN joins the live one rather than replacing it, so asking again (anyone
        // can) never voids the PIN a resident is about to type.
        auth::issue_pin(&state, &mut tx, &resident, Some(&contact)).await?;
    }
    tx.commit().await?;
    let message = "If that email or mobile is registered with this council, a PIN is on its way.";
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            message: message.into(),
        }),
    ))
}

#[utoipa::path(post, path = "/auth/session", tag = "auth", request_body = LoginRequest,
    description = "REG-2: exchanges a PIN for a bearer session token. 10 wrong PINs in 15 minutes lock the account until the oldest ages out (429 + Retry-After); 50 wrong PINs from one client IP in an hour, across any accounts, refuse that IP likewise. A session ends after 30 minutes without a request, and 12 hours after login in any case.",
    responses((status = 200, body = Session), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(council = %request.council))]
pub(super) async fn log_in(
    State(state): State<AppState>,
    ip: ClientIp,
    Json(request): Json<LoginRequest>,
) -> Result<Json<Session>, ApiError> {
    let session = check_pin(&state, &ip, &request, SessionKind::Bearer).await?;
    Ok(Json(Session {
        token: session.token,
        idle_timeout_seconds: session.kind.idle_timeout().num_seconds(),
        expires_at: session.expires_at,
    }))
}

#[utoipa::path(post, path = "/auth/cookie-session", tag = "auth", request_body = LoginRequest,
    description = "REG-2, \"keep me signed in on this device\": exchanges a PIN, under the same limits as `/auth/session`, for a session kept in the `__Host-permits_session` cookie (`HttpOnly; Secure; SameSite=Strict; Path=/`, Max-Age the session's lifetime); the token itself is never in the body. It ends after 7 days without a request, and 30 days after login in any case. The body's `csrf_token` goes in the `X-CSRF-Token` header of every write made with the cookie, and those writes need an `Origin` naming this host (403 `csrf_token_invalid` / `origin_refused` otherwise). This request itself needs that `Origin` too. An account keeps at most 20 sessions of either kind; a login beyond that ends the least recently used.",
    responses((status = 200, body = CookieSession,
            headers(("set-cookie" = String, description = "The session cookie."))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(council = %request.council))]
pub(super) async fn log_in_on_device(
    State(state): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> Result<(SetCookie, Json<CookieSession>), ApiError> {
    // Login CSRF: another site's page must not sign this browser in to someone's account.
    auth::check_origin(&headers)?;
    let session = check_pin(&state, &ip, &request, SessionKind::Cookie).await?;
    let cookie = auth::set_session_cookie(&session.token, session.kind.lifetime());
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(CookieSession {
            csrf_token: auth::csrf_token(&session.token),
            idle_timeout_seconds: session.kind.idle_timeout().num_seconds(),
            expires_at: session.expires_at,
        }),
    ))
}

#[utoipa::path(get, path = "/auth/cookie-session", tag = "auth",
    security(("session_cookie" = [])),
    description = "The session this browser keeps in its cookie, with its CSRF token: how a page opened again (a new tab, a reload) finds it is still signed in. 401 (and the cookie cleared) once the session has ended; 404 for a bearer-token session, which has no cookie.",
    responses((status = 200, body = CookieSession), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn cookie_session(
    headers: HeaderMap,
    me: CurrentResident,
) -> Result<Json<CookieSession>, ApiError> {
    let token = match me.kind {
        SessionKind::Cookie => auth::cookie_token(&headers).ok_or(ApiError::NotFound)?,
        SessionKind::Bearer => return Err(ApiError::NotFound),
    };
    Ok(Json(CookieSession {
        csrf_token: auth::csrf_token(&token),
        idle_timeout_seconds: me.kind.idle_timeout().num_seconds(),
        expires_at: me.expires_at,
    }))
}

/// Checks a PIN and makes a session of `kind` (REG-2), under the PIN limits.
async fn check_pin(
    state: &AppState,
    ip: &ClientIp,
    request: &LoginRequest,
    kind: SessionKind,
) -> Result<NewSession, ApiError> {
    let scheme = state.scheme(&request.council)?;
    let contact = normalise_contact("contact", &request.contact)?;
    let pin = Pin::parse(&request.pin).map_err(|e| ApiError::parse("pin", &e))?;
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    WRONG_PINS_PER_IP.check(&mut tx, &ip.subject(), now).await?;
    let Some(resident) = residents::find_by_contact(&mut tx, scheme.id.as_str(), &contact).await?
    else {
        // A guess at an unknown contact counts against the IP like any wrong PIN.
        WRONG_PINS_PER_IP
            .record(&mut tx, &ip.subject(), now)
            .await?;
        tx.commit().await?;
        return Err(auth::wrong_pin());
    };
    residents::lock(&state.db, &mut tx, &resident.id).await?;
    let outcome = auth::log_in(state, &mut tx, &resident, pin.expose(), kind).await?;
    if let LoginOutcome::WrongPin = outcome {
        WRONG_PINS_PER_IP
            .record(&mut tx, &ip.subject(), now)
            .await?;
    }
    // Commit whatever happened: a wrong PIN must count even though the answer is an error.
    tx.commit().await?;
    match outcome {
        LoginOutcome::LoggedIn(session) => Ok(session),
        LoginOutcome::WrongPin => Err(auth::wrong_pin()),
        LoginOutcome::Locked { retry_after_secs } => {
            Err(ApiError::TooManyAttempts { retry_after_secs })
        }
    }
}

#[utoipa::path(post, path = "/auth/logout", tag = "auth", security(("bearer" = [])),
    description = "Ends this session, and this browser's cookie session if it sent one; the answer clears the cookie (`Max-Age=0`).",
    responses((status = 204, headers(("set-cookie" = String, description = "Clears the session cookie."))),
        (status = 401, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn log_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    me: CurrentResident,
) -> Result<(SetCookie, StatusCode), ApiError> {
    let mut conn = state.db.write_conn().await?;
    sessions::delete(&mut conn, &me.token_hash).await?;
    if let Some(token) = auth::cookie_token(&headers) {
        // Logged out with a bearer token while the browser also keeps a cookie session: the
        // cookie is cleared below, so its session must not outlive it unseen.
        sessions::delete(&mut conn, &auth::sha256_hex(&token)).await?;
    }
    Ok(cleared_cookie())
}

/// 204 and a `Set-Cookie` that drops the session cookie.
fn cleared_cookie() -> (SetCookie, StatusCode) {
    (
        [(header::SET_COOKIE, auth::clear_session_cookie())],
        StatusCode::NO_CONTENT,
    )
}

#[utoipa::path(post, path = "/auth/logout-all", tag = "auth", security(("bearer" = [])),
    description = "Ends every session of this account, on every device, cookie sessions included; the answer clears this browser's cookie (`Max-Age=0`).",
    responses((status = 204, headers(("set-cookie" = String, description = "Clears the session cookie."))),
        (status = 401, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn log_out_everywhere(
    State(state): State<AppState>,
    me: CurrentResident,
) -> Result<(SetCookie, StatusCode), ApiError> {
    let mut conn = state.db.write_conn().await?;
    sessions::delete_all(&mut conn, &me.id).await?;
    Ok(cleared_cookie())
}
