//! Text-message activation (ACT-4, ACT-5): a text from a resident's linked mobile books a stay
//! at once, through the same code path as the app, and is answered by text. The stay and its
//! confirmation are written in one transaction, so a stay never exists without the text that
//! confirms it (ACT-5); it counts for enforcement only from when the gateway accepted that
//! text, and if the text cannot be delivered the stay is cancelled and its permit returned
//! ([`confirmation`]). A text that cannot be honoured gets a reply saying why, and no stay.

use crate::booking::book_stay;
use crate::db::{residents, sms_received};
use crate::error::ApiError;
use crate::state::AppState;
use permit_api_types::SmsOutcome;
use permit_rules::time::{display_end, display_instant};
use permit_rules::{MobileNumber, Scheme, StayRequest, parse_sms};

pub mod confirmation;
mod reply;
mod signature;

use reply::{AndCommit, Reply, answer};

pub use signature::{SIGNATURE_WINDOW, Signed, accept_once, signature_ok};

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
pub const UNKNOWN_SENDER_REPLY: &str = "This number is not linked to a parking permit account. To link it, log in and go to Account > Contact details.";

/// Handles one text to `scheme`'s council.
// The sender's number and the text are personal data: only the council and gateway id.
#[tracing::instrument(skip_all, fields(council = %scheme.id.as_str(), message_id = text.message_id))]
pub async fn receive(
    state: &AppState,
    scheme: &Scheme,
    text: &Text<'_>,
) -> Result<SmsOutcome, ApiError> {
    let now = state.now();
    let council = scheme.id.as_str();
    let mut tx = state.db.write_tx().await?;
    if let Some(earlier) = sms_received::find(&mut tx, council, text.message_id).await? {
        return Ok(earlier);
    }
    let reply_to = Reply {
        council,
        text,
        resident_id: None,
        confirms: None,
        now,
    };
    let resident = residents::find_by_contact(&mut tx, council, text.from.as_str()).await?;
    let Some(resident) = resident else {
        return answer(&mut tx, &reply_to, "unknown_sender", UNKNOWN_SENDER_REPLY)
            .await
            .and_commit(tx)
            .await;
    };
    let Some(stays) = scheme.stays.as_ref() else {
        let reply = "This council does not offer visitor permits by text.";
        return answer(&mut tx, &reply_to.of(&resident.id), "refused", reply)
            .await
            .and_commit(tx)
            .await;
    };
    let activation = match parse_sms(stays, text.body) {
        Ok(activation) => activation,
        Err(refusal) => {
            let reply = refusal.to_string();
            return answer(&mut tx, &reply_to.of(&resident.id), "refused", &reply)
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
            let reply_to = reply_to.of(&resident.id);
            answer(
                &mut tx,
                &reply_to.confirming(&booked.row.id),
                "activated",
                &reply,
            )
            .await
            .and_commit(tx)
            .await
        }
        // A text cannot answer the overlap question (issue 14): the reply asks for the app.
        Err(ApiError::Invalid { message, .. } | ApiError::Conflict { message, .. }) => {
            // Nothing of the refused booking may stay: start again for the reply alone.
            tx.rollback().await?;
            let message = match message.strip_suffix(permit_rules::OverlappingStay::QUESTION) {
                Some(said) => {
                    format!("{said}. To book another for that time, use the app or the website.")
                }
                None => message,
            };
            let mut tx = state.db.write_tx().await?;
            let reply = format!(
                "Visitor parking for {} was not started: {message}",
                vrm.spaced()
            );
            answer(&mut tx, &reply_to.of(&resident.id), "refused", &reply)
                .await
                .and_commit(tx)
                .await
        }
        Err(other) => Err(other),
    }
}
