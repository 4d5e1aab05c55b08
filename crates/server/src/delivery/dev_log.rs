//! Development delivery: the message goes to the log and counts as sent.

use super::{Outgoing, SendFuture, Sender};

#[derive(Debug, Default, Clone, Copy)]
pub struct DevLog;

impl Sender for DevLog {
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(seq = message.seq, recipient = %message.recipient, body = %message.body, "dev delivery");
            Ok(())
        })
    }
}
