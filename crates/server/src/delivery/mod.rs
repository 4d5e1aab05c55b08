//! Delivering the outbox: email by SMTP, texts by an HTTP gateway. Both carry login PINs, so
//! outside `--demo` (where the dev log prints them) the server does not start without them;
//! in test mode with neither configured, messages stay in the outbox for the operator
//! endpoint and nothing sends them. A background worker ([`worker`]) drains the outbox with
//! retries and backoff; see there for what survives a restart.

mod dev_log;
mod sms_gateway;
mod smtp;
pub mod worker;

pub use dev_log::DevLog;

use crate::config::Settings;
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
    /// Test mode without channels: nothing is sent, the outbox is read by the operator.
    pub held: bool,
}

impl Delivery {
    /// Real channels where configured; the dev log for the rest with `--demo`; in test mode
    /// with no channel at all, held in the outbox. Anything else is refused with one sentence
    /// saying why, as PINs would have nowhere to go but a log.
    pub fn from_settings(settings: &Settings) -> Result<Self, String> {
        let channels = &settings.channels;
        let no_channel = channels.smtp_url.is_none() && channels.sms_gateway_url.is_none();
        if !settings.demo && settings.test_clock && no_channel {
            let held: Arc<dyn Sender> = Arc::new(Held);
            return Ok(Self {
                email: held.clone(),
                sms: held,
                held: true,
            });
        }
        let missing = |setting: &str| {
            if settings.demo {
                Ok(Arc::new(DevLog) as Arc<dyn Sender>)
            } else {
                Err(format!(
                    "{setting} is not set, and login PINs go out by it: outside --demo they are never written to the log instead."
                ))
            }
        };
        let email: Arc<dyn Sender> = match &channels.smtp_url {
            Some(url) => Arc::new(smtp::Smtp::new(url, channels.smtp_from.as_deref())?),
            None => missing("channels.smtp_url (PERMITS_SMTP_URL)")?,
        };
        let sms: Arc<dyn Sender> = match &channels.sms_gateway_url {
            Some(url) => Arc::new(sms_gateway::SmsGateway::new(url.clone())),
            None => missing("channels.sms_gateway_url (PERMITS_SMS_GATEWAY_URL)")?,
        };
        Ok(Self {
            email,
            sms,
            held: false,
        })
    }

    /// The same sender for both channels (tests).
    pub fn everything_to(sender: Arc<dyn Sender>) -> Self {
        Self {
            email: sender.clone(),
            sms: sender,
            held: false,
        }
    }

    pub(crate) fn for_channel(&self, channel: &str) -> &Arc<dyn Sender> {
        if channel == "sms" {
            &self.sms
        } else {
            &self.email
        }
    }
}

/// Test mode's stand-in channel: never sends (the worker does not run), so a message's text
/// stays in the outbox for the operator endpoint.
#[derive(Debug, Clone, Copy)]
struct Held;

impl Sender for Held {
    fn send<'a>(&'a self, _message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async { Err("held in the outbox (test mode)".to_owned()) })
    }
}
