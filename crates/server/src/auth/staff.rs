//! Council staff login: a one-time code emailed to the member of staff, then a bearer session
//! with the same lifetimes as residents'. Staff sessions live in their own table, so a
//! resident's token is never a staff token and the other way round.

use super::secrets::{new_pin, new_session_token, pin_hash};
use super::{ABSOLUTE_LIFETIME, IDLE_TIMEOUT, PIN_LIFETIME, sha256_hex};
use crate::db::{Conn, outbox, secs, staff};
use crate::domain::{StaffRole, StaffTask};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// The logged-in member of staff, from `Authorization: Bearer <token>`.
#[derive(Debug, Clone)]
pub struct CurrentStaff {
    pub id: String,
    pub council: String,
    pub role: StaffRole,
    pub token_hash: String,
}

impl CurrentStaff {
    /// This member of staff, if their role does `task` ([`StaffRole::may`]); anyone else is
    /// told the endpoint does not exist for them.
    pub fn may(self, task: StaffTask) -> Result<Self, ApiError> {
        if self.role.may(task) {
            Ok(self)
        } else {
            Err(ApiError::NotFound)
        }
    }

    /// Only officers review.
    pub fn officer(self) -> Result<Self, ApiError> {
        self.may(StaffTask::Review)
    }

    pub fn agent(self) -> Result<Self, ApiError> {
        self.may(StaffTask::TakeCalls)
    }

    pub fn actor(&self) -> String {
        format!("staff:{}", self.id)
    }
}

impl FromRequestParts<AppState> for CurrentStaff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token_hash = super::bearer_token_hash(parts)?;
        let mut conn = state.db.write_conn().await?;
        let (staff_id, created_at, last_seen_at) = staff::find_session(&mut conn, &token_hash)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        let now = secs(state.now());
        if now - last_seen_at > IDLE_TIMEOUT.num_seconds()
            || now - created_at > ABSOLUTE_LIFETIME.num_seconds()
        {
            staff::delete_session(&mut conn, &token_hash).await?;
            return Err(ApiError::Unauthorized);
        }
        staff::touch_session(&mut conn, &token_hash, state.now()).await?;
        // Disabling deletes the sessions too; this also covers a request that found its
        // session just before the admin's transaction committed.
        let member = staff::get(&mut conn, &staff_id)
            .await?
            .filter(staff::StaffRow::enabled)
            .ok_or(ApiError::Unauthorized)?;
        Ok(Self {
            id: member.id,
            council: member.council,
            role: member.role,
            token_hash,
        })
    }
}

/// Emails a fresh code to the member of staff with this address, if there is one.
pub async fn issue_staff_pin(
    state: &AppState,
    conn: &mut Conn,
    member: &staff::StaffRow,
) -> Result<(), ApiError> {
    let now = state.now();
    let pin = new_pin();
    staff::set_pin(
        conn,
        &member.id,
        &pin_hash(&member.id, &pin),
        now + PIN_LIFETIME,
    )
    .await?;
    let body =
        format!("Your council back-office login code is {pin}. It works once, for 10 minutes.");
    let message = outbox::NewMessage {
        resident_id: None,
        channel: "email",
        recipient: &member.email,
        body: &body,
        secret: true,
    };
    outbox::insert(conn, &message, now).await?;
    if state.settings.log_outbox {
        // Demo only, as for residents' PINs: the outbox is the screen.
        println!("[outbox] email to {}: {body}", member.email);
    }
    Ok(())
}

/// Checks a code (it is used up either way) and opens a session; the token is returned once.
pub async fn staff_log_in(
    state: &AppState,
    conn: &mut Conn,
    member: &staff::StaffRow,
    pin: &str,
) -> Result<Option<String>, ApiError> {
    let now = state.now();
    if !staff::take_pin(conn, &member.id, &pin_hash(&member.id, pin), now).await? {
        return Ok(None);
    }
    let token = new_session_token();
    staff::insert_session(conn, &sha256_hex(&token), &member.id, now).await?;
    Ok(Some(token))
}
