use super::secrets::{new_pin, new_session_token, pin_hash, sha256_hex};
use super::{MAX_SESSIONS_PER_ACCOUNT, MAX_WRONG_PINS, PIN_LIFETIME, WRONG_PIN_WINDOW};
use crate::db::{Conn, outbox, pins, residents::ResidentRow, sessions};
use crate::domain::SessionKind;
use crate::error::ApiError;
use crate::state::AppState;
use chrono::{DateTime, Utc};

/// Sends a fresh PIN through the outbox (any live one keeps working) to `to`, which must be one of the account's registered
/// contacts (REG-2: a PIN only ever goes to the registered email or mobile); `None` picks the
/// email first, else the mobile.
pub async fn issue_pin(
    state: &AppState,
    conn: &mut Conn,
    resident: &ResidentRow,
    to: Option<&str>,
) -> Result<(), ApiError> {
    let now = state.now();
    let pin = new_pin();
    pins::put(
        conn,
        &resident.id,
        &pin_hash(&resident.id, &pin),
        now,
        now + PIN_LIFETIME,
    )
    .await?;
    let email = resident.email.as_deref();
    let mobile = resident.mobile.as_deref();
    let (channel, recipient) = match (to, email, mobile) {
        (Some(to), _, Some(m)) if to == m => ("sms", m),
        (_, Some(e), _) => ("email", e),
        (_, None, Some(m)) => ("sms", m),
        (_, None, None) => return Err(ApiError::internal("resident without a contact")),
    };
    let body = format!("Your parking permits PIN is {pin}. It works once, for 10 minutes.");
    let message = outbox::NewMessage {
        resident_id: Some(&resident.id),
        channel,
        recipient,
        body: &body,
        secret: true,
    };
    outbox::insert(conn, &message, now).await?;
    if state.settings.log_outbox {
        // Dev and demo only: there is no mail or SMS gateway, so the outbox is the screen.
        println!("[outbox] {channel} to {recipient}: {body}");
    }
    Ok(())
}

/// What a login attempt came to. A wrong PIN is an outcome, not an error, so the caller
/// commits the counted failure before answering.
#[derive(Debug)]
pub enum LoginOutcome {
    LoggedIn(NewSession),
    WrongPin,
    Locked { retry_after_secs: u64 },
}

/// A session just made: its token (shown once, to the client or in its cookie), its kind and
/// when it ends at the latest.
pub struct NewSession {
    pub token: String,
    pub kind: SessionKind,
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for NewSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token is a secret: never in a log.
        f.debug_struct("NewSession")
            .field("kind", &self.kind)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// Checks a PIN inside a write transaction that has locked the resident, so parallel guesses
/// are counted one at a time.
pub async fn log_in(
    state: &AppState,
    conn: &mut Conn,
    resident: &ResidentRow,
    pin: &str,
    kind: SessionKind,
) -> Result<LoginOutcome, ApiError> {
    let now = state.now();
    let (failures, oldest) =
        pins::failures_since(conn, &resident.id, now - WRONG_PIN_WINDOW).await?;
    if failures >= MAX_WRONG_PINS {
        let oldest = oldest.unwrap_or_else(|| now.timestamp());
        let retry_after = (oldest + WRONG_PIN_WINDOW.num_seconds() - now.timestamp()).max(1);
        return Ok(LoginOutcome::Locked {
            retry_after_secs: u64::try_from(retry_after).unwrap_or(1),
        });
    }
    if !pins::take(conn, &resident.id, &pin_hash(&resident.id, pin), now).await? {
        pins::record_failure(conn, &resident.id, now).await?;
        return Ok(LoginOutcome::WrongPin);
    }
    let token = new_session_token();
    sessions::insert(conn, &sha256_hex(&token), &resident.id, kind, now).await?;
    // The new session is the most recently used, so it is never the one ended here.
    sessions::keep_latest(conn, &resident.id, MAX_SESSIONS_PER_ACCOUNT).await?;
    Ok(LoginOutcome::LoggedIn(NewSession {
        token,
        kind,
        expires_at: now + kind.lifetime(),
    }))
}

/// The same answer for an unknown contact, a wrong PIN and an expired one.
pub fn wrong_pin() -> ApiError {
    ApiError::BadCredentials {
        code: "pin_invalid",
        message: "That PIN is not right or has expired. Check it, or ask for a new one.",
    }
}
