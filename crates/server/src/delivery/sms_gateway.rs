//! Texts through an HTTP SMS gateway: `POST <url>` with `{"to", "body", "reference"}` JSON; any
//! 2xx is sent. `reference` is the outbox row, for a gateway that deduplicates.

use super::{Outgoing, SendFuture, Sender};
use crate::secret::Secret;

#[derive(Debug)]
pub(super) struct SmsGateway {
    url: Secret,
    http: reqwest::Client,
}

impl SmsGateway {
    pub(super) fn new(url: Secret) -> Self {
        Self {
            url,
            http: reqwest::Client::new(),
        }
    }
}

impl Sender for SmsGateway {
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            let body = serde_json::json!({
                "to": message.recipient,
                "body": message.body,
                "reference": message.reference(),
            });
            let response = self
                .http
                .post(self.url.expose())
                .timeout(std::time::Duration::from_secs(30))
                .json(&body)
                .send()
                .await
                .map_err(|e| format!("sms gateway: {}", e.without_url()))?;
            if response.status().is_success() {
                Ok(())
            } else {
                Err(format!("sms gateway answered {}", response.status()).into())
            }
        })
    }
}
