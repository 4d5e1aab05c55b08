//! Texts as the SMS gateway sends them: signed with the shared secret over the moment, the
//! council and the body.

use crate::helpers::{SMS_SECRET, TestApp, registration};
use hmac::{Hmac, Mac};
use permit_client::Client;
use permit_client::types::{InboundSms, SmsOutcome};

pub(crate) fn sign_with(secret: &str) -> impl Fn(&[u8]) -> String {
    let secret = secret.to_owned();
    move |body| {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key");
        mac.update(body);
        permit_server::db::hex(&mac.finalize().into_bytes())
    }
}

impl TestApp {
    /// A text from `from` to `council`'s number, signed as the gateway signs it, now.
    pub(crate) async fn text(&self, council: &str, from: &str, text: &str) -> SmsOutcome {
        let sms = InboundSms {
            message_id: permit_server::db::new_id("sms"),
            from: from.into(),
            text: text.into(),
        };
        self.client
            .inbound_sms(council, &sms, self.now().await, sign_with(SMS_SECRET))
            .await
            .expect("webhook answers")
    }

    /// The server's (test) clock, in Unix seconds: when a gateway on time signs.
    pub(crate) async fn now(&self) -> i64 {
        self.client.clock().await.expect("clock").now.timestamp()
    }

    /// A resident with both an email and a linked mobile, logged in.
    pub(crate) async fn resident_with_mobile(
        &self,
        council: &str,
        email: &str,
        mobile: &str,
    ) -> Client {
        let mut body = registration(council, email);
        body.mobile = Some(mobile.into());
        self.client
            .register(council, &body)
            .await
            .expect("registers");
        self.resident_logged_in(council, email).await
    }

    /// Bodies of the texts sent to `mobile`, newest first.
    pub(crate) async fn texts_to(&self, mobile: &str) -> Vec<String> {
        let messages = self.client.outbox(mobile).await.expect("outbox");
        messages.into_iter().map(|m| m.body).collect()
    }
}
