//! Delivering the outbox: email by SMTP when configured, texts by an HTTP gateway when
//! configured, otherwise the dev log. A background worker ([`worker`]) drains the outbox with
//! retries and backoff; see there for what survives a restart.

mod dev_log;
mod sms_gateway;
mod smtp;
pub mod worker;

pub use dev_log::DevLog;

use crate::channel_settings::ChannelSettings;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// One message as a channel sends it. `seq` is stable across attempts, so a gateway that
/// deduplicates can use it as an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub seq: i64,
    pub recipient: String,
    pub body: String,
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// A channel: sends one message or says why not (the worker retries later).
pub trait Sender: Send + Sync + std::fmt::Debug {
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a>;
}

/// The sender for each outbox channel.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub email: Arc<dyn Sender>,
    pub sms: Arc<dyn Sender>,
}

impl Delivery {
    /// Real channels where configured, the dev log for the rest.
    pub fn from_settings(channels: &ChannelSettings) -> Result<Self, String> {
        let email: Arc<dyn Sender> = match &channels.smtp_url {
            Some(url) => Arc::new(smtp::Smtp::new(url, channels.smtp_from.as_deref())?),
            None => Arc::new(DevLog),
        };
        let sms: Arc<dyn Sender> = match &channels.sms_gateway_url {
            Some(url) => Arc::new(sms_gateway::SmsGateway::new(url.clone())),
            None => Arc::new(DevLog),
        };
        Ok(Self { email, sms })
    }

    /// The same sender for both channels (tests).
    pub fn everything_to(sender: Arc<dyn Sender>) -> Self {
        Self {
            email: sender.clone(),
            sms: sender,
        }
    }

    fn for_channel(&self, channel: &str) -> &Arc<dyn Sender> {
        if channel == "sms" {
            &self.sms
        } else {
            &self.email
        }
    }
}
