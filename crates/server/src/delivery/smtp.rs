//! Email over SMTP (lettre on tokio with rustls). The transport is built once from the URL
//! (`smtps://user:pass@host:465`, `smtp://host:587?tls=required`) and pools its connections.

use super::{Outgoing, SendFuture, Sender};
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

impl Smtp {
    pub(super) fn new(url: &Secret, from: Option<&str>) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
            .map_err(|e| format!("smtp_url: {e}"))?
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
            let to: Mailbox = message
                .recipient
                .parse()
                .map_err(|e| format!("recipient: {e}"))?;
            let email = Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject("Your parking permits")
                // Stable per outbox row, so a duplicate after a crash can be recognised.
                .message_id(Some(format!("<outbox-{}@permits>", message.seq)))
                .header(ContentType::TEXT_PLAIN)
                .body(message.body.clone())
                .map_err(|e| format!("message: {e}"))?;
            self.transport
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| format!("smtp: {e}"))
        })
    }
}
