//! PINs as residents get them: read from the test-mode outbox (`/test/outbox`).

use permit_client::Client;
use std::time::Duration;

/// The 6-digit PIN in the newest message to `contact`.
pub async fn latest_pin(operator: &Client, contact: &str) -> String {
    let messages = operator.outbox(contact).await.expect("outbox");
    let body = &messages.first().expect("a message was sent").body;
    pin_in(body)
}

/// Waits until `count` messages went to `contact`, then reads the newest PIN.
pub async fn pin_after_messages(operator: &Client, contact: &str, count: usize) -> String {
    for _ in 0..300 {
        let sent = operator.outbox(contact).await.map(|m| m.len()).unwrap_or(0);
        if sent >= count {
            return latest_pin(operator, contact).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{contact} never got {count} messages");
}

fn pin_in(body: &str) -> String {
    body.split(|c: char| !c.is_ascii_digit())
        .find(|word| word.len() == 6)
        .expect("message holds a 6-digit PIN")
        .to_owned()
}
