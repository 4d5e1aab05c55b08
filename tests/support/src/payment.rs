//! Paying on the sandbox's hosted payment page (issue 16), once for every suite: purchases and
//! renewals are orders paid on the provider's page, never a card number sent to the API. The
//! page is the sandbox's, served by the test server; it is driven over HTTP as a payer's
//! browser would, so a test that only needs something bought says so in one call.

use permit_client::types::{PaymentOrder, PurchaseOrder, PurchaseReceipt, RenewalOrder};
use permit_client::{Client, ClientError};
use std::future::Future;

/// The sandbox's test card that pays.
pub const CARD_OK: &str = "4242 4242 4242 4242";
/// The sandbox's test card that is declined.
pub const CARD_DECLINED: &str = "4000 0000 0000 0002";
/// The sandbox's test card whose payment fails.
pub const CARD_FAILS: &str = "4000 0000 0000 0119";

/// A client that shows each redirect instead of following it (the page answers 303 back to
/// the service's return URL).
fn payer() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Submits `card` on the sandbox's page at `next_url`; the page's answer (a redirect back to
/// the service, or the page again when the card is not a test card).
pub async fn pay_on_sandbox_page(next_url: &str, card: &str) -> reqwest::Response {
    payer()
        .post(next_url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("card_number={}", card.replace(' ', "+")))
        .send()
        .await
        .expect("the sandbox's page answers")
}

/// Follows the sandbox page's answer back to the service (its 303's `Location`) as the payer's
/// browser would, with no session (the Tauri app's payer pays in the system browser): the
/// address, the status and the page.
pub async fn back_to_the_service(paid: &reqwest::Response) -> (String, u16, String) {
    assert_eq!(paid.status(), 303, "a redirect back to the service");
    let back = paid
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("where to go back to")
        .to_owned();
    let page = payer().get(&back).send().await.expect("the page answers");
    let status = page.status().as_u16();
    (back, status, page.text().await.expect("the page"))
}

/// Pays `order` with [`CARD_OK`] unless it is settled already (the same key answered again
/// with an order paid before), then reads it from the service, which reads the provider: what
/// was issued. Panics unless the order is paid.
pub async fn settle_paid(resident: &Client, order: PaymentOrder) -> PurchaseReceipt {
    let mut order = order;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while order.state == "awaiting_payment" {
        assert!(
            std::time::Instant::now() < deadline,
            "the order never settled: {order:?}"
        );
        match order.next_url.as_deref() {
            Some(page) => {
                let answer = pay_on_sandbox_page(page, CARD_OK).await;
                assert_eq!(answer.status(), 303, "paid, back to the service");
            }
            // The same key answered to a request made alongside the first: the order is
            // written, and its payment page is being asked of the provider; read it again.
            None => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
        }
        order = resident
            .purchase_order(&order.id)
            .await
            .expect("order read");
    }
    assert_eq!(order.state, "paid", "the order is paid: {order:?}");
    order.receipt.expect("a paid order has its receipt")
}

/// Buying and renewing for tests whose subject is something later: the order is made (a
/// refusal comes back as the API's error, as before paying) and paid on the sandbox's page.
pub trait PaysOnSandbox {
    /// `POST /purchases`, then paid on the sandbox's page with [`CARD_OK`].
    fn buy(
        &self,
        idempotency_key: &str,
        order: &PurchaseOrder,
    ) -> impl Future<Output = Result<PurchaseReceipt, ClientError>> + Send;

    /// `POST /permits/{id}/renew`, then paid on the sandbox's page with [`CARD_OK`].
    fn renew(
        &self,
        permit_id: &str,
        idempotency_key: &str,
        order: &RenewalOrder,
    ) -> impl Future<Output = Result<PurchaseReceipt, ClientError>> + Send;
}

impl PaysOnSandbox for Client {
    async fn buy(
        &self,
        idempotency_key: &str,
        order: &PurchaseOrder,
    ) -> Result<PurchaseReceipt, ClientError> {
        let started = self.start_purchase(idempotency_key, order).await?;
        Ok(settle_paid(self, started).await)
    }

    async fn renew(
        &self,
        permit_id: &str,
        idempotency_key: &str,
        order: &RenewalOrder,
    ) -> Result<PurchaseReceipt, ClientError> {
        let started = self
            .start_renewal(permit_id, idempotency_key, order)
            .await?;
        Ok(settle_paid(self, started).await)
    }
}
