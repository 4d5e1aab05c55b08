//! GOV.UK Notify (<https://docs.notifications.service.gov.uk/rest-api.html>), what UK councils
//! send email and texts with: `POST /v2/notifications/email` or `/v2/notifications/sms` with
//! the channel's template, the recipient, the message as `personalisation` and the outbox row as
//! `reference`, signed by a JSON Web Token (HS256, `iss` the service id, `iat` now by the
//! service clock; Notify refuses one more than 30 seconds off) made from the API key's secret.
//!
//! Notify's answers, as its documentation gives them:
//! - 201: sent (accepted for delivery).
//! - 400 (`BadRequestError`, `ValidationError`: not a valid address or number, a team or trial
//!   key's recipient outside the team): the request itself is wrong, and the same request
//!   would be refused again: permanent, given up.
//! - 403 (`AuthError`: the clock out by more than 30 seconds, the key unknown or revoked): our
//!   configuration, not the message: logged as an error and retried, so messages go out once
//!   it is fixed.
//! - 429 (`RateLimitError`, 3,000 a minute; `TooManyRequestsError`, the daily limit) and 5xx
//!   ("resend your notification"): retried after the backoff.
//! - No answer within the timeout (10 seconds unless configured): retried.
//!
//! Any other status is retried too. Notify's error body (cut short) goes to the outbox row's
//! `last_error` and the log; the key and the token never do.

use super::govuk_notify_settings::{NotifyKey, NotifySettings};
use super::{EMAIL_SUBJECT, Outgoing, SendError, SendFuture, Sender};
use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

/// The API's address, the same for test, team and live keys (the key decides which).
pub const DEFAULT_BASE_URL: &str = "https://api.notifications.service.gov.uk";
/// How long one request may take before Notify counts as unreachable (and the message is
/// retried). Well inside the worker's 5-minute lease.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// How much of an error reply is kept.
const KEPT_REPLY_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Email,
    Sms,
}

/// One of Notify's two channels, each with its own template.
#[derive(Debug)]
pub struct GovukNotify {
    http: reqwest::Client,
    key: NotifyKey,
    url: String,
    template_id: String,
    kind: Kind,
}

impl GovukNotify {
    /// Email through the `email_template_id` template.
    pub fn email(settings: &NotifySettings) -> Result<Self, String> {
        Self::new(settings, Kind::Email, settings.email_template_id.as_deref())
    }

    /// Texts through the `sms_template_id` template.
    pub fn sms(settings: &NotifySettings) -> Result<Self, String> {
        Self::new(settings, Kind::Sms, settings.sms_template_id.as_deref())
    }

    fn new(settings: &NotifySettings, kind: Kind, template: Option<&str>) -> Result<Self, String> {
        let template_id = template
            .ok_or("channels.govuk_notify: no template for this channel")?
            .to_owned();
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            // The token goes to Notify's address only, never where a redirect points.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("GOV.UK Notify client: {e}"))?;
        let path = match kind {
            Kind::Email => "/v2/notifications/email",
            Kind::Sms => "/v2/notifications/sms",
        };
        Ok(Self {
            http,
            key: settings.api_key.clone(),
            url: format!("{}{path}", settings.base_url),
            template_id,
            kind,
        })
    }

    /// The request body Notify documents for this channel.
    fn body(&self, message: &Outgoing) -> serde_json::Value {
        match self.kind {
            Kind::Email => json!({
                "email_address": message.recipient,
                "template_id": self.template_id,
                "personalisation": { "subject": EMAIL_SUBJECT, "body": message.body },
                "reference": message.reference(),
            }),
            Kind::Sms => json!({
                "phone_number": message.recipient,
                "template_id": self.template_id,
                "personalisation": { "body": message.body },
                "reference": message.reference(),
            }),
        }
    }
}

/// The claims Notify reads: who signs (the service) and when.
#[derive(Debug, serde::Serialize)]
struct Claims<'a> {
    iss: &'a str,
    iat: i64,
}

/// A token for one request, dated `now`.
fn token(key: &NotifyKey, now: DateTime<Utc>) -> Result<String, SendError> {
    let claims = Claims {
        iss: &key.service_id,
        iat: now.timestamp(),
    };
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(key.secret.expose().as_bytes()),
    )
    .map_err(|e| SendError::retry(format!("GOV.UK Notify token: {e}")))
}

impl Sender for GovukNotify {
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            let response = self
                .http
                .post(&self.url)
                .bearer_auth(token(&self.key, message.at)?)
                .json(&self.body(message))
                .send()
                .await
                .map_err(|e| {
                    SendError::retry(format!("GOV.UK Notify unreachable: {}", e.without_url()))
                })?;
            let status = response.status();
            if status.is_success() {
                return Ok(());
            }
            let reply = response.text().await.unwrap_or_default();
            let reason = format!(
                "GOV.UK Notify answered {}: {}",
                status.as_u16(),
                cut(&reply)
            );
            match status {
                StatusCode::BAD_REQUEST => Err(SendError::permanent(reason)),
                StatusCode::FORBIDDEN => {
                    tracing::error!(%reason, "GOV.UK Notify refused our token: check the API key and the server's clock");
                    Err(SendError::retry(reason))
                }
                _ => Err(SendError::retry(reason)),
            }
        })
    }
}

fn cut(text: &str) -> &str {
    match text.char_indices().nth(KEPT_REPLY_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}
