//! Telling a resident something: by email where they gave one, else by text, via the outbox.

use crate::db::{Conn, outbox, residents};
use crate::error::ApiError;
use chrono::{DateTime, Utc};

pub async fn notify(
    conn: &mut Conn,
    resident_id: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let resident = residents::get(conn, resident_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let (channel, recipient) = match (&resident.email, &resident.mobile) {
        (Some(email), _) => ("email", email.as_str()),
        (None, Some(mobile)) => ("sms", mobile.as_str()),
        (None, None) => return Err(ApiError::internal("resident without a contact")),
    };
    let message = outbox::NewMessage {
        resident_id: Some(resident_id),
        channel,
        recipient,
        body: text,
        secret: false,
    };
    outbox::insert(conn, &message, now).await?;
    Ok(())
}
