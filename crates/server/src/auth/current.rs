//! The logged-in resident, from `Authorization: Bearer <token>`.

use super::recent_use::WRITE_THROUGH_AFTER;
use super::{ABSOLUTE_LIFETIME, IDLE_TIMEOUT};
use crate::db::{secs, sessions};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

#[derive(Debug, Clone)]
pub struct CurrentResident {
    pub id: String,
    /// Identifies this session for logout.
    pub token_hash: String,
}

impl FromRequestParts<AppState> for CurrentResident {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token_hash = super::bearer_token_hash(parts)?;
        let session = sessions::find_for_request(&state.db, &token_hash)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        let now = state.now();
        // Use not yet written counts too (auth::recent_use).
        let last_seen = state
            .recent_use
            .last(&token_hash)
            .map_or(session.last_seen_at, |at| at.max(session.last_seen_at));
        // Whole seconds, as stored: "exactly 30 minutes idle" must not fail on a fraction.
        let idle = secs(now) - last_seen > IDLE_TIMEOUT.num_seconds();
        let too_old = secs(now) - session.created_at > ABSOLUTE_LIFETIME.num_seconds();
        if idle || too_old {
            let mut conn = state.db.pool().acquire().await?;
            sessions::delete(&mut conn, &token_hash).await?;
            return Err(ApiError::Unauthorized);
        }
        if secs(now) - session.last_seen_at >= WRITE_THROUGH_AFTER.num_seconds() {
            // The stored use is that far behind: store this one now, so another server
            // process on the database times the session from it (auth::recent_use).
            let mut tx = state.db.write_tx().await?;
            sessions::touch_many(&mut tx, secs(now), &[token_hash.as_str()]).await?;
            tx.commit().await?;
        } else if last_seen < secs(now) {
            state.recent_use.record(&token_hash, secs(now));
        }
        Ok(Self {
            id: session.resident_id,
            token_hash,
        })
    }
}
