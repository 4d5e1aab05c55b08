//! Council staff decisions for tests (staff are added and logged in by tests/support's
//! `TestServer::staff`, `officer`).

use crate::helpers::TestApp;
use permit_client::Client;
use permit_client::types::ReviewDecision;

pub(crate) fn reject(reason: &str) -> ReviewDecision {
    ReviewDecision {
        approve: false,
        reason: Some(reason.into()),
    }
}

pub(crate) fn approve() -> ReviewDecision {
    ReviewDecision {
        approve: true,
        reason: None,
    }
}

impl TestApp {
    /// The payment is refunded in full and the provider was asked exactly once.
    pub(crate) async fn assert_refunded(&self, resident: &Client, payment_id: &str, pence: u64) {
        let payment = resident.payment(payment_id).await.expect("payment");
        assert_eq!(
            (payment.status.as_str(), payment.refunded_pence),
            ("refunded", pence)
        );
        self.refunds_sent(1).await;
        assert_eq!(self.payments.refunds(), 1);
    }
}
