//! Which payment page the app may open (issue 16): the shell opens an order's `next_url` in the
//! system browser, so only a web address of an order still awaiting payment is handed to the OS,
//! never another scheme a compromised or mistaken answer could name (`file:`, a custom URL
//! scheme that starts another app).

use permit_api_types::PaymentOrder;

/// The order's hosted payment page, if it awaits payment and the page is an `https` address
/// (or `http` on this machine, the demo's sandbox page).
pub fn to_open(order: &PaymentOrder) -> Option<url::Url> {
    if order.state != "awaiting_payment" {
        return None;
    }
    let page = url::Url::parse(order.next_url.as_deref()?).ok()?;
    let loopback = page.host().is_some_and(|h| is_loopback(&h));
    match page.scheme() {
        "https" => Some(page),
        "http" if loopback => Some(page),
        _ => None,
    }
}

fn is_loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
        url::Host::Domain(name) => *name == "localhost",
    }
}

#[cfg(test)]
mod tests {
    use super::to_open;
    use permit_api_types::PaymentOrder;

    fn order(state: &str, next_url: &str) -> PaymentOrder {
        PaymentOrder {
            id: "ord-1".into(),
            state: state.into(),
            next_url: Some(next_url.into()),
            description: "Visitor permits".into(),
            amount_pence: 1000,
            created_at: chrono::DateTime::UNIX_EPOCH,
            expires_at: chrono::DateTime::UNIX_EPOCH,
            receipt: None,
            renews: None,
        }
    }

    #[test]
    fn only_a_web_page_of_an_order_awaiting_payment_is_opened() {
        let pay = "https://card.payments.service.gov.uk/secure/abc";
        assert_eq!(
            to_open(&order("awaiting_payment", pay)).map(String::from),
            Some(pay.to_owned())
        );
        let demo = "http://127.0.0.1:8080/sandbox-pay/pay_1";
        assert!(to_open(&order("awaiting_payment", demo)).is_some());
        assert!(to_open(&order("awaiting_payment", "http://localhost:8080/p")).is_some());
        assert!(to_open(&order("paid", pay)).is_none(), "settled");
        for refused in [
            "http://pay.example.org/secure/abc",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "someapp://open",
            "not a url",
        ] {
            assert!(
                to_open(&order("awaiting_payment", refused)).is_none(),
                "{refused}"
            );
        }
    }
}
