//! The logged-in resident, from `Authorization: Bearer <token>` or, failing that, the
//! "keep me signed in" cookie (`cookie_session.rs`), whose writes also need the CSRF token.

use super::cookie_session;
use super::recent_use::WRITE_THROUGH_AFTER;
use super::secrets::sha256_hex;
use crate::db::{secs, sessions};
use crate::domain::SessionKind;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

#[derive(Debug, Clone)]
pub struct CurrentResident {
    pub id: String,
    /// The resident's council, read with the session.
    pub council: String,
    /// Identifies this session for logout.
    pub token_hash: String,
    /// How the request carried it.
    pub kind: SessionKind,
    /// When the session ends at the latest (its kind's lifetime after login).
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

impl FromRequestParts<AppState> for CurrentResident {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // A bearer token wins: a request that carries one is not a browser acting on its own.
        let (token_hash, kind, cookie_token) = match super::bearer_token(parts) {
            Some(token) => (sha256_hex(token), SessionKind::Bearer, None),
            None => {
                let token =
                    cookie_session::cookie_token(&parts.headers).ok_or(ApiError::Unauthorized)?;
                (sha256_hex(&token), SessionKind::Cookie, Some(token))
            }
        };
        let ended = || match kind {
            SessionKind::Bearer => ApiError::Unauthorized,
            SessionKind::Cookie => ApiError::CookieSessionEnded,
        };
        let session = sessions::find_for_request(&state.db, &token_hash)
            .await?
            .ok_or_else(ended)?;
        // A token works only the way it was issued: a cookie session's token is no bearer
        // token (which would skip the CSRF check), nor the other way round.
        let issued_as: SessionKind = session.kind.parse().map_err(ApiError::internal)?;
        if issued_as != kind {
            return Err(ended());
        }
        let now = state.now();
        // Use not yet written counts too (auth::recent_use).
        let last_seen = state
            .recent_use
            .last(&token_hash)
            .map_or(session.last_seen_at, |at| at.max(session.last_seen_at));
        // Whole seconds, as stored: "exactly 30 minutes idle" must not fail on a fraction.
        let idle = secs(now) - last_seen > kind.idle_timeout().num_seconds();
        let too_old = secs(now) - session.created_at > kind.lifetime().num_seconds();
        if idle || too_old {
            let mut conn = state.db.write_conn().await?;
            sessions::delete(&mut conn, &token_hash).await?;
            return Err(ended());
        }
        if let Some(token) = &cookie_token {
            // Refused writes do not count as use of the session.
            cookie_session::check_write(parts, token)?;
        }
        if secs(now) - session.last_seen_at >= WRITE_THROUGH_AFTER.num_seconds() {
            // The stored use is that far behind: store this one now, so another server
            // process on the database times the session from it (auth::recent_use).
            super::recent_use::write_through(&state.db, secs(now), &token_hash).await?;
        } else if last_seen < secs(now) {
            state.recent_use.record(&token_hash, secs(now));
        }
        Ok(Self {
            id: session.resident_id,
            council: session.council,
            token_hash,
            kind,
            expires_at: crate::db::at(session.created_at) + kind.lifetime(),
        })
    }
}
