//! Text-message activation (ACT-4, ACT-5): a text from a resident's linked mobile books a stay
//! at once, through the same code path as the app, and is answered by text. The stay and its
//! confirmation are written in one transaction, so a stay never exists without the text that
//! confirms it (ACT-5); a text that cannot be honoured gets a reply saying why, and no stay.

use crate::booking::book_stay;
use crate::db::{Conn, outbox, residents};
use crate::error::ApiError;
use crate::secret::Secret;
use crate::state::AppState;
use hmac::{Hmac, Mac};
use permit_api_types::SmsOutcome;
use permit_rules::time::{display_end, display_instant};
use permit_rules::{MobileNumber, Scheme, StayRequest, parse_sms};

/// Unknown numbers learn nothing about any account.
pub const UNKNOWN_SENDER_REPLY: &str = "This number is not linked to a parking permit account. To use text activation, add this mobile to your account in the app or on the website.";

/// Whether `signature` (hex) is the HMAC-SHA256 of `body` under the webhook secret; compared
/// in constant time.
pub fn signature_ok(secret: &Secret, body: &[u8], signature: &str) -> bool {
    let Some(given) = unhex(signature.trim()) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(secret.expose().as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Handles one text from `from` to `scheme`'s council.
pub async fn receive(
    state: &AppState,
    scheme: &Scheme,
    from: &MobileNumber,
    text: &str,
) -> Result<SmsOutcome, ApiError> {
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let resident = residents::find_by_contact(&mut tx, scheme.id.as_str(), from.as_str()).await?;
    let Some(resident) = resident else {
        return answer(
            &mut tx,
            None,
            from,
            "unknown_sender",
            UNKNOWN_SENDER_REPLY,
            now,
        )
        .await
        .and_commit(tx)
        .await;
    };
    let Some(stays) = scheme.stays.as_ref() else {
        let reply = "This council does not offer visitor permits by text.";
        return answer(&mut tx, Some(&resident.id), from, "refused", reply, now)
            .await
            .and_commit(tx)
            .await;
    };
    let activation = match parse_sms(stays, text) {
        Ok(activation) => activation,
        Err(refusal) => {
            let reply = refusal.to_string();
            return answer(&mut tx, Some(&resident.id), from, "refused", &reply, now)
                .await
                .and_commit(tx)
                .await;
        }
    };
    let request = StayRequest {
        permit_type: None,
        start: None,
        duration_minutes: activation.duration_minutes,
    };
    let vrm = &activation.vrm;
    match book_stay(state, &mut tx, scheme, &resident.id, vrm, &request, now).await {
        Ok(booked) => {
            let reply = format!(
                "Visitor parking for {} is active from {} until {}. Permits left: {}.",
                vrm.spaced(),
                display_instant(booked.row.starts()),
                display_end(booked.row.ends()),
                booked.permits_left
            );
            answer(&mut tx, Some(&resident.id), from, "activated", &reply, now)
                .await
                .and_commit(tx)
                .await
        }
        Err(ApiError::Invalid { message, .. }) => {
            // Nothing of the refused booking may stay: start again for the reply alone.
            tx.rollback().await?;
            let mut tx = state.db.write_tx().await?;
            let reply = format!(
                "Visitor parking for {} was not started: {message}",
                vrm.spaced()
            );
            answer(&mut tx, Some(&resident.id), from, "refused", &reply, now)
                .await
                .and_commit(tx)
                .await
        }
        Err(other) => Err(other),
    }
}

/// Queues the reply text to the sender.
async fn answer(
    conn: &mut Conn,
    resident_id: Option<&str>,
    to: &MobileNumber,
    outcome: &str,
    reply: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<SmsOutcome, ApiError> {
    let message = outbox::NewMessage {
        resident_id,
        channel: "sms",
        recipient: to.as_str(),
        body: reply,
    };
    outbox::insert(conn, &message, now).await?;
    Ok(SmsOutcome {
        outcome: outcome.into(),
        reply: reply.into(),
    })
}

/// Commits the transaction when the step before it succeeded.
trait AndCommit<T> {
    async fn and_commit(self, tx: crate::db::Tx) -> Result<T, ApiError>;
}

impl<T> AndCommit<T> for Result<T, ApiError> {
    async fn and_commit(self, tx: crate::db::Tx) -> Result<T, ApiError> {
        let value = self?;
        tx.commit().await?;
        Ok(value)
    }
}
