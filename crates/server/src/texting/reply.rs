//! Answering a text: the reply is queued and the outcome recorded against the gateway's id, in
//! the same transaction as whatever the text did.

use super::Text;
use crate::db::{Tx, outbox, sms_received, stays};
use crate::error::ApiError;
use permit_api_types::SmsOutcome;

/// Which text a reply answers, and for whom.
#[derive(Debug, Clone)]
pub(super) struct Reply<'a> {
    pub(super) council: &'a str,
    pub(super) text: &'a Text<'a>,
    pub(super) resident_id: Option<&'a str>,
    /// ACT-5: the stay this reply confirms; it counts once the reply has been sent.
    pub(super) confirms: Option<&'a str>,
    pub(super) now: chrono::DateTime<chrono::Utc>,
}

impl<'a> Reply<'a> {
    pub(super) fn of(&self, resident_id: &'a str) -> Self {
        Self {
            resident_id: Some(resident_id),
            ..self.clone()
        }
    }

    pub(super) fn confirming(&self, stay_id: &'a str) -> Self {
        Self {
            confirms: Some(stay_id),
            ..self.clone()
        }
    }
}

/// Queues the reply text to the sender and records the outcome against the gateway's id, in
/// the caller's transaction.
#[tracing::instrument(skip_all, fields(outcome = outcome))]
pub(super) async fn answer(
    conn: &mut Tx,
    reply_to: &Reply<'_>,
    outcome: &str,
    reply: &str,
) -> Result<SmsOutcome, ApiError> {
    let now = reply_to.now;
    let message = outbox::NewMessage {
        resident_id: reply_to.resident_id,
        channel: "sms",
        recipient: reply_to.text.from.as_str(),
        body: reply,
        secret: false,
    };
    let seq = outbox::insert(conn, &message, now).await?;
    if let Some(stay_id) = reply_to.confirms {
        stays::await_confirmation(conn, stay_id, seq).await?;
    }
    let outcome = SmsOutcome {
        outcome: outcome.into(),
        reply: reply.into(),
    };
    sms_received::record(
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
pub(super) trait AndCommit<T> {
    async fn and_commit(self, tx: crate::db::Tx) -> Result<T, ApiError>;
}

impl<T> AndCommit<T> for Result<T, ApiError> {
    async fn and_commit(self, tx: crate::db::Tx) -> Result<T, ApiError> {
        let value = self?;
        tx.commit().await?;
        Ok(value)
    }
}
