//! The SMS gateway's webhook and the enforcement check.

use crate::{Client, ClientError};
use permit_api_types::path_segment as seg;
use permit_api_types::{
    API_KEY_HEADER, BookingChannels, EnforcementAnswer, InboundSms, SMS_SIGNATURE_HEADER,
    SMS_TIMESTAMP_HEADER, SmsOutcome, sms_signed_bytes,
};

impl Client {
    /// Posts a received text as the gateway would, signed at `timestamp` (Unix seconds):
    /// `sign` gives the signature (the gateway's HMAC) of the bytes it is handed, the
    /// timestamp, council and exact body sent (`sms_signed_bytes`).
    pub async fn inbound_sms(
        &self,
        council: &str,
        sms: &InboundSms,
        timestamp: i64,
        sign: impl Fn(&[u8]) -> String,
    ) -> Result<SmsOutcome, ClientError> {
        let body = serde_json::to_vec(sms).map_err(|e| ClientError::Decode(e.to_string()))?;
        let signature = sign(&sms_signed_bytes(timestamp, council, &body));
        let request = self
            .request(
                reqwest::Method::POST,
                &format!("/councils/{}/sms", seg(council)),
            )
            .header(SMS_TIMESTAMP_HEADER, timestamp)
            .header(SMS_SIGNATURE_HEADER, signature)
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
