//! Two-phase purchases (issue 16) in tests: orders, and the sandbox's hosted page driven over
//! HTTP as a browser would (no redirects followed, so each step is seen).

use crate::helpers::TestApp;
use permit_client::types::PaymentOrder;

/// A browser that shows each redirect instead of following it.
pub(crate) fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Submits `card` on the order's hosted page; the answer (a redirect, or the page again).
pub(crate) async fn pay_on_page(order: &PaymentOrder, card: &str) -> reqwest::Response {
    let page = order.next_url.as_deref().expect("a payment page");
    permit_test_support::payment::pay_on_sandbox_page(page, card).await
}

/// Where a redirect sends the browser.
pub(crate) fn location(response: &reqwest::Response) -> String {
    assert_eq!(response.status(), 303, "a redirect back to the service");
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_owned()
}

impl TestApp {
    /// A resident of `council` at 10:00 on 15 June 2026 with an order for `bundles` of the
    /// council's visitor permits, awaiting payment.
    pub(crate) async fn resident_with_order(
        &self,
        email: &str,
        quantity: u32,
    ) -> (permit_client::Client, PaymentOrder) {
        crate::helpers::stand_at(self, "2026-06-15 10:00").await;
        let resident = self.resident("hampshire", email).await;
        let order = resident
            .start_purchase(
                &crate::helpers::key(),
                &crate::helpers::bundles("visitor-bundle", quantity),
            )
            .await
            .expect("order made");
        (resident, order)
    }

    /// The payer pays on the order's page and never comes back to the service.
    pub(crate) fn pay_and_close_the_tab(&self, order: &PaymentOrder) {
        let payment_id = order
            .next_url
            .as_deref()
            .and_then(|u| u.rsplit('/').next())
            .expect("payment id");
        self.payments
            .pay_hosted(payment_id, permit_server::payments::SANDBOX_CARD_OK)
            .expect("paid");
    }

    /// Waits (up to 20 s) until the provider was asked for `count` refunds: a refund of a
    /// payment made on the hosted page is sent just after its decision commits, not within the
    /// request (issue 16).
    pub(crate) async fn refunds_sent(&self, count: u64) {
        for _ in 0..200 {
            if self.payments.refunds() >= count {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("{count} refunds were never sent");
    }

    /// Rows in `table` (storage, not the API).
    pub(crate) async fn count(&self, table: &str) -> i64 {
        let mut conn = self.state.db.pool().acquire().await.expect("connection");
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *conn)
            .await
            .expect("count");
        n
    }

    /// The order's stored state (storage, not the API: no session needed).
    pub(crate) async fn order_state(&self, id: &str) -> String {
        let mut conn = self.state.db.pool().acquire().await.expect("connection");
        let (state,): (String,) = sqlx::query_as("SELECT state FROM orders WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await
            .expect("order");
        state
    }
}
