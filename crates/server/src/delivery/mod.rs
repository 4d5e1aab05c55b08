//! Delivering the outbox: email by SMTP or GOV.UK Notify, texts by an HTTP gateway or GOV.UK
//! Notify. Both carry login PINs, so outside `--demo` (where the dev log prints them) the
//! server does not start without them; in test mode with neither configured, messages stay in
//! the outbox for the operator endpoint and nothing sends them. A background worker
//! ([`worker`]) drains the outbox with retries and backoff; see there for what survives a
//! restart.

mod dev_log;
pub mod govuk_notify;
pub mod govuk_notify_settings;
mod sms_gateway;
mod smtp;
pub mod worker;

pub use dev_log::DevLog;

use crate::config::Settings;
use chrono::{DateTime, Utc};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// The subject of every email (SMTP's header, Notify's `subject` personalisation).
pub const EMAIL_SUBJECT: &str = "Your parking permits";

/// One message as a channel sends it. `seq` is stable across attempts, so a gateway that
/// deduplicates can use it as an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub seq: i64,
    pub recipient: String,
    pub body: String,
    /// The service clock when this attempt starts: a channel that dates its request (Notify's
    /// signed token) uses it, so the test clock reaches it too.
    pub at: DateTime<Utc>,
}

impl Outgoing {
    /// The outbox row's id as the channel's reference (Notify's `reference`, the SMS gateway's,
    /// the email's Message-ID): the same on every attempt, so a duplicate can be recognised.
    pub fn reference(&self) -> String {
        format!("outbox-{}", self.seq)
    }
}

/// Why a channel did not take a message. A permanent failure (the recipient refused, the
/// request itself wrong) is not retried: the worker gives the message up at once, as after its
/// last attempt. Anything else (unreachable, timed out, busy) is tried again after a backoff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    pub reason: String,
    pub permanent: bool,
}

impl SendError {
    pub fn permanent(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            permanent: true,
        }
    }

    pub fn retry(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            permanent: false,
        }
    }
}

/// A bare reason is worth another try.
impl From<String> for SendError {
    fn from(reason: String) -> Self {
        Self::retry(reason)
    }
}

impl From<&str> for SendError {
    fn from(reason: &str) -> Self {
        Self::retry(reason)
    }
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.permanent { "permanent" } else { "retry" };
        write!(f, "{kind}: {}", self.reason)
    }
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SendError>> + Send + 'a>>;

/// A channel: sends one message or says why not, and whether another try could help.
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
        if !settings.demo && settings.test_clock && !channels.reaches_people() {
            let held: Arc<dyn Sender> = Arc::new(Held);
            return Ok(Self {
                email: held.clone(),
                sms: held,
                held: true,
            });
        }
        let missing = |direct: &str, notify: &str| {
            if settings.demo {
                Ok(Arc::new(DevLog) as Arc<dyn Sender>)
            } else {
                Err(format!(
                    "Neither channels.{direct} nor channels.govuk_notify.{notify} is set, and login PINs go out by one of them: outside --demo they are never written to the log instead."
                ))
            }
        };
        let notify = channels.govuk_notify.as_ref();
        let notify_email = notify.filter(|n| n.email_template_id.is_some());
        let notify_sms = notify.filter(|n| n.sms_template_id.is_some());
        let email: Arc<dyn Sender> = match (&channels.smtp_url, notify_email) {
            (Some(_), Some(_)) => {
                return Err(two_channels("email", "smtp_url", "email_template_id"));
            }
            (None, Some(notify)) => Arc::new(govuk_notify::GovukNotify::email(notify)?),
            (Some(url), None) => Arc::new(smtp::Smtp::new(url, channels.smtp_from.as_deref())?),
            (None, None) => missing("smtp_url (PERMITS_SMTP_URL)", "email_template_id")?,
        };
        let sms: Arc<dyn Sender> = match (&channels.sms_gateway_url, notify_sms) {
            (Some(_), Some(_)) => {
                return Err(two_channels("texts", "sms_gateway_url", "sms_template_id"));
            }
            (None, Some(notify)) => Arc::new(govuk_notify::GovukNotify::sms(notify)?),
            (Some(url), None) => Arc::new(sms_gateway::SmsGateway::new(url.clone())),
            (None, None) => missing(
                "sms_gateway_url (PERMITS_SMS_GATEWAY_URL)",
                "sms_template_id",
            )?,
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

/// One channel for each kind of message, so which one sends is never a guess.
fn two_channels(what: &str, direct: &str, notify: &str) -> String {
    format!(
        "{what} would go by both channels.{direct} and channels.govuk_notify.{notify}: set one of them."
    )
}

/// Test mode's stand-in channel: never sends (the worker does not run), so a message's text
/// stays in the outbox for the operator endpoint.
#[derive(Debug, Clone, Copy)]
struct Held;

impl Sender for Held {
    fn send<'a>(&'a self, _message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async { Err(SendError::retry("held in the outbox (test mode)")) })
    }
}
