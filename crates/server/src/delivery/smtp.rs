//! Email over SMTP (lettre on tokio with rustls). The transport is built once from the URL
//! (`smtps://user:pass@host:465`, `smtp://host:587?tls=required`) and pools its connections.
//!
//! A 5xx answer (the recipient refused, the message rejected) is permanent and the message is
//! given up; anything else (the server unreachable, a 4xx "try later", a timeout) is retried.
//! Each SMTP command waits at most [`TIMEOUT`] for its answer.

use super::{EMAIL_SUBJECT, Outgoing, SendError, SendFuture, Sender};
use crate::secret::Secret;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

pub(super) struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

// The transport holds the URL's credentials: never print it.
impl std::fmt::Debug for Smtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Smtp")
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

/// How long one SMTP command (connecting included) may wait for the server's answer: well
/// inside the worker's 5-minute lease, so a hung server never has a message sent twice.
pub(super) const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

impl Smtp {
    pub(super) fn new(url: &Secret, from: Option<&str>) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
            .map_err(|e| format!("smtp_url: {e}"))?
            .timeout(Some(TIMEOUT))
            .build();
        let from = from
            .unwrap_or("Parking permits <no-reply@localhost>")
            .parse()
            .map_err(|e| format!("smtp_from: {e}"))?;
        Ok(Self { transport, from })
    }
}

impl Sender for Smtp {
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            // An address that cannot be one will not become one on a retry.
            let to: Mailbox = message
                .recipient
                .parse()
                .map_err(|e| SendError::permanent(format!("recipient: {e}")))?;
            let email = Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(EMAIL_SUBJECT)
                // Stable per outbox row, so a duplicate after a crash can be recognised.
                .message_id(Some(format!("<{}@permits>", message.reference())))
                .header(ContentType::TEXT_PLAIN)
                .body(message.body.clone())
                .map_err(|e| SendError::permanent(format!("message: {e}")))?;
            self.transport
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| SendError {
                    reason: format!("smtp: {e}"),
                    permanent: e.is_permanent(),
                })
        })
    }
}
