//! Residents made through the API, for tests whose subject is a later page; and the PIN
//! from the test-mode outbox, for tests that log in through the UI.

use crate::TestServer;
use permit_client::types::RegistrationRequest;

/// A demo property per council (assets/gazetteer) with its council tax account number.
pub fn property(council: &str) -> (&'static str, &'static str, &'static str, &'static str) {
    // (property id, postcode, house, council tax account)
    match council {
        "hampshire" => ("hampshire-0001", "SO23 8UJ", "12", "41000012"),
        "leicestershire" => ("leicestershire-0001", "LE11 3AB", "7", "52000007"),
        "cambridgeshire" => ("cambridgeshire-0001", "CB4 1JU", "3", "63000003"),
        "leicester" => ("leicester-0001", "LE2 1DL", "18", "74000018"),
        other => panic!("no demo property for {other}"),
    }
}

impl TestServer {
    /// The PIN in the newest message to `contact`.
    pub async fn latest_pin(&self, contact: &str) -> String {
        let messages = self.api.outbox(contact).await.expect("outbox");
        let body = &messages.first().expect("a message was sent").body;
        body.split(|c: char| !c.is_ascii_digit())
            .find(|word| word.len() == 6)
            .expect("message holds a 6-digit PIN")
            .to_owned()
    }

    /// Waits until `count` messages went to `contact`, then reads the newest PIN.
    pub async fn pin_after_messages(&self, contact: &str, count: usize) -> String {
        for _ in 0..300 {
            let sent = self.api.outbox(contact).await.map(|m| m.len()).unwrap_or(0);
            if sent >= count {
                return self.latest_pin(contact).await;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("{contact} never got {count} messages");
    }

    /// Registers `email` at `council` through the API (no PIN used yet).
    pub async fn register(&self, council: &str, email: &str) {
        let (property_id, _, _, account) = property(council);
        let request = RegistrationRequest {
            property_id: property_id.into(),
            full_name: "Sam Resident".into(),
            email: Some(email.into()),
            council_tax_account: Some(account.into()),
            ..RegistrationRequest::default()
        };
        self.api
            .register(council, &request)
            .await
            .expect("registers");
    }

    /// A new session for an existing resident (after the test clock moved past the old one).
    pub async fn new_session(&self, council: &str, contact: &str) -> String {
        self.api
            .request_pin(council, contact)
            .await
            .expect("pin requested");
        let pin = self.latest_pin(contact).await;
        let session = self
            .api
            .log_in(council, contact, &pin)
            .await
            .expect("logs in");
        session.token
    }

    /// The council approves the resident's newest purchase (VP-6, RP-2: reviewed councils).
    pub async fn approve_newest_purchase(&self, token: &str) {
        let payments = self
            .api
            .with_token(token)
            .payments()
            .await
            .expect("payments");
        let newest = payments.first().expect("a purchase");
        let approve = permit_client::types::ReviewDecision {
            approve: true,
            reason: None,
        };
        self.api
            .decide_purchase(&newest.id, &approve)
            .await
            .expect("approved");
    }

    /// Registers and logs in through the API: the session token for the browser.
    pub async fn session_token(&self, council: &str, email: &str) -> String {
        self.register(council, email).await;
        let pin = self.latest_pin(email).await;
        let session = self
            .api
            .log_in(council, email, &pin)
            .await
            .expect("logs in");
        session.token
    }
}
