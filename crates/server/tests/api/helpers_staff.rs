//! Council staff for tests: an officer or a phone agent at one council, logged in.

use crate::helpers::TestApp;
use permit_client::Client;
use permit_client::types::{NewStaffMember, ReviewDecision};

impl TestApp {
    /// Adds a member of staff through the test-mode operator API and logs them in.
    pub(crate) async fn staff(&self, council: &str, role: &str, email: &str) -> Client {
        let member = NewStaffMember {
            council: council.into(),
            role: role.into(),
            email: email.into(),
            full_name: "Pat Officer".into(),
        };
        self.client.add_staff(&member).await.expect("staff added");
        self.staff_logged_in(email).await
    }

    /// Logs an existing member of staff in with a fresh code.
    pub(crate) async fn staff_logged_in(&self, email: &str) -> Client {
        self.client
            .request_staff_pin(email)
            .await
            .expect("code sent");
        let pin = self.latest_pin(email).await;
        let session = self
            .client
            .staff_log_in(email, &pin)
            .await
            .expect("staff log in");
        self.client.with_token(session.token)
    }

    pub(crate) async fn officer(&self, council: &str) -> Client {
        self.staff(
            council,
            "officer",
            &format!("officer@{council}.gov.example"),
        )
        .await
    }
}

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
        assert_eq!(self.payments.refunds(), 1);
    }
}
