//! The SMS gateway's webhook and the enforcement check.

use crate::{Client, ClientError};
use permit_api_types::path_segment as seg;
use permit_api_types::{
    API_KEY_HEADER, BookingChannels, EnforcementAnswer, InboundSms, SMS_SIGNATURE_HEADER,
    SmsOutcome,
};

impl Client {
    /// Posts a received text as the gateway would; `sign` gives the signature of the exact
    /// body bytes sent (the gateway's HMAC).
    pub async fn inbound_sms(
        &self,
        council: &str,
        sms: &InboundSms,
        sign: impl Fn(&[u8]) -> String,
    ) -> Result<SmsOutcome, ClientError> {
        let body = serde_json::to_vec(sms).map_err(|e| ClientError::Decode(e.to_string()))?;
        let request = self
            .request(
                reqwest::Method::POST,
                &format!("/councils/{}/sms", seg(council)),
            )
            .header(SMS_SIGNATURE_HEADER, sign(&body))
            .header("content-type", "application/json")
            .body(body);
        self.send(request).await
    }

    /// Is `vrm` allowed to park in `zone` at `at` (now when `None`)?
    pub async fn enforcement_check(
        &self,
        api_key: &str,
        vrm: &str,
        zone: &str,
        at: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<EnforcementAnswer, ClientError> {
        let mut query = vec![("vrm", vrm.to_owned()), ("zone", zone.to_owned())];
        if let Some(at) = at {
            query.push(("at", at.to_rfc3339()));
        }
        let request = self
            .request(reqwest::Method::GET, "/enforcement/check")
            .header(API_KEY_HEADER, api_key)
            .query(&query);
        self.send(request).await
    }

    /// How to book by text and phone at `council`, with `vrm` in the example text (ACT-4, ACT-6).
    pub async fn booking_channels(
        &self,
        council: &str,
        vrm: Option<&str>,
    ) -> Result<BookingChannels, ClientError> {
        let query: Vec<(&str, &str)> = vrm.map(|v| ("vrm", v)).into_iter().collect();
        let request = self
            .request(
                reqwest::Method::GET,
                &format!("/councils/{}/channels", seg(council)),
            )
            .query(&query);
        self.send(request).await
    }
}
