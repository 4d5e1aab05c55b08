//! Residents made through the API, for tests whose subject is something later: a demo
//! property per council (assets/gazetteer), registration and logging in with the PIN from the
//! outbox.

use permit_client::Client;
use permit_client::types::RegistrationRequest;

/// A demo property of a council's gazetteer, with what a resident types to find and prove it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Property {
    pub id: &'static str,
    pub postcode: &'static str,
    pub house: &'static str,
    pub council_tax_account: &'static str,
}

/// The first demo property of `council`.
pub fn property(council: &str) -> Property {
    let (id, postcode, house, council_tax_account) = match council {
        "hampshire" => ("hampshire-0001", "SO23 8UJ", "12", "41000012"),
        "leicestershire" => ("leicestershire-0001", "LE11 3AB", "7", "52000007"),
        "cambridgeshire" => ("cambridgeshire-0001", "CB4 1JU", "3", "63000003"),
        "leicester" => ("leicester-0001", "LE2 1DL", "18", "74000018"),
        other => panic!("no demo property for {other}"),
    };
    Property {
        id,
        postcode,
        house,
        council_tax_account,
    }
}

/// A registration body for Sam Resident at `council`'s demo property, by email.
pub fn registration(council: &str, email: &str) -> RegistrationRequest {
    let home = property(council);
    RegistrationRequest {
        property_id: home.id.into(),
        full_name: "Sam Resident".into(),
        email: Some(email.into()),
        council_tax_account: Some(home.council_tax_account.into()),
        ..RegistrationRequest::default()
    }
}

/// Registers `email` at `council` (no PIN used yet).
pub async fn register(operator: &Client, council: &str, email: &str) {
    operator
        .register(council, &registration(council, email))
        .await
        .expect("registers");
}

/// Asks for a PIN for an existing account, reads it from the outbox and logs in.
pub async fn log_in(operator: &Client, council: &str, contact: &str) -> Client {
    operator
        .request_pin(council, contact)
        .await
        .expect("pin requested");
    log_in_with_latest_pin(operator, council, contact).await
}

/// Logs in with the newest PIN sent to `contact` (the one registering sent, say).
pub async fn log_in_with_latest_pin(operator: &Client, council: &str, contact: &str) -> Client {
    let pin = crate::outbox::latest_pin(operator, contact).await;
    let session = operator
        .log_in(council, contact, &pin)
        .await
        .expect("logs in");
    operator.with_token(session.token)
}
