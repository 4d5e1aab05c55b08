//! Text-message activation (ACT-4, ACT-5): a text from a resident's linked mobile books a stay
//! at once, through the same code path as the app, and is answered by text. The stay and its
//! confirmation are written in one transaction, so a stay never exists without the text that
//! confirms it (ACT-5); a text that cannot be honoured gets a reply saying why, and no stay.

use crate::booking::book_stay;
use crate::db::{Conn, outbox, residents};
use crate::error::ApiError;
use crate::state::AppState;
use permit_api_types::SmsOutcome;
use permit_rules::time::{display_end, display_instant};
use permit_rules::{MobileNumber, Scheme, StayRequest, parse_sms};

mod received;
mod signature;

pub use signature::signature_ok;

/// One text as the gateway reports it.
#[derive(Debug)]
pub struct Text<'a> {
    /// The gateway's id for the text: a retried or replayed delivery is answered from the
    /// first one's record and does nothing again.
    pub message_id: &'a str,
    pub from: &'a MobileNumber,
    pub body: &'a str,
}

/// Unknown numbers learn nothing about any account.
pub const UNKNOWN_SENDER_REPLY: &str = "This number is not linked to a parking permit account. To use text activation, add this mobile to your account in the app or on the website.";

/// Handles one text to `scheme`'s council.
pub async fn receive(
    state: &AppState,
    scheme: &Scheme,
    text: &Text<'_>,
) -> Result<SmsOutcome, ApiError> {
    let now = state.now();
    let council = scheme.id.as_str();
    let mut tx = state.db.write_tx().await?;
    if let Some(earlier) = received::find(&mut tx, council, text.message_id).await? {
        return Ok(earlier);
    }
    let from = text.from;
    let reply_to = Reply { council, text };
    let resident = residents::find_by_contact(&mut tx, scheme.id.as_str(), from.as_str()).await?;
    let Some(resident) = resident else {
        return answer(
            &mut tx,
            &reply_to,
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
        return answer(
            &mut tx,
            &reply_to,
            Some(&resident.id),
            from,
            "refused",
            reply,
            now,
        )
        .await
        .and_commit(tx)
        .await;
    };
    let activation = match parse_sms(stays, text.body) {
        Ok(activation) => activation,
        Err(refusal) => {
            let reply = refusal.to_string();
            return answer(
                &mut tx,
                &reply_to,
                Some(&resident.id),
                from,
                "refused",
                &reply,
                now,
            )
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
            answer(
                &mut tx,
                &reply_to,
                Some(&resident.id),
                from,
                "activated",
                &reply,
                now,
            )
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
            answer(
                &mut tx,
                &reply_to,
                Some(&resident.id),
                from,
                "refused",
                &reply,
                now,
            )
            .await
            .and_commit(tx)
            .await
        }
        Err(other) => Err(other),
    }
}

/// Which text a reply answers.
#[derive(Debug)]
struct Reply<'a> {
    council: &'a str,
    text: &'a Text<'a>,
}

/// Queues the reply text to the sender and records the outcome against the gateway's id, in
/// the caller's transaction.
async fn answer(
    conn: &mut Conn,
    reply_to: &Reply<'_>,
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
    let outcome = SmsOutcome {
        outcome: outcome.into(),
        reply: reply.into(),
    };
    received::record(
        conn,
        reply_to.council,
        reply_to.text.message_id,
        &outcome,
        now,
    )
    .await?;
    Ok(outcome)
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
