//! What residents are sent, read from the test-mode outbox (`/test/outbox`): PINs, and the
//! renewal links of reminders and failed auto-renewals (RP-4, RP-6).

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

/// A renewal link as a resident gets it (RP-4, RP-6): the web UI's page for a renewal order
/// made for the permit, `/permits/renew?order=…&id=…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenewalLink {
    /// The whole link, at the service's public address.
    pub url: String,
    /// Its path and query, to open on the server under test.
    pub path: String,
    pub order: String,
    pub permit: String,
}

/// The renewal link in the one message to `contact` saying `text` (panics unless exactly one
/// says it and it holds a link).
pub async fn renewal_link(operator: &Client, contact: &str, text: &str) -> RenewalLink {
    let messages: Vec<String> = operator
        .outbox(contact)
        .await
        .expect("outbox")
        .into_iter()
        .map(|m| m.body)
        .filter(|b| b.contains(text))
        .collect();
    assert_eq!(messages.len(), 1, "told once: {messages:?}");
    link_in(&messages[0])
}

fn link_in(message: &str) -> RenewalLink {
    const PAGE: &str = "/permits/renew?order=";
    let url = message
        .split_whitespace()
        .find(|w| w.contains(PAGE))
        .unwrap_or_else(|| panic!("a renewal order link: {message}"))
        .to_owned();
    let path = url[url.find(PAGE).unwrap_or_default()..].to_owned();
    let query = path.split_once('?').map_or("", |(_, q)| q);
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|p| p.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("{name} in {url}"))
            .to_owned()
    };
    RenewalLink {
        order: param("order"),
        permit: param("id"),
        url,
        path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_renewal_link_is_read_from_its_message() {
        let link = link_in(
            "Your permit expires on 14 January 2027. You can renew it now: http://127.0.0.1:80/permits/renew?order=ord_1&id=per_2",
        );
        assert_eq!(
            link,
            RenewalLink {
                url: "http://127.0.0.1:80/permits/renew?order=ord_1&id=per_2".into(),
                path: "/permits/renew?order=ord_1&id=per_2".into(),
                order: "ord_1".into(),
                permit: "per_2".into(),
            }
        );
    }
}
