//! Catalogue, purchases, payment history and permits held.

use crate::{Client, ClientError};
use permit_api_types::path_segment as seg;
use permit_api_types::{
    Catalogue, IDEMPOTENCY_KEY_HEADER, Payment, PaymentOrder, Permit, PurchaseOrder,
    ReviewDecision, VisitorBundle,
};

impl Client {
    pub async fn catalogue(&self) -> Result<Catalogue, ClientError> {
        self.get("/catalogue").await
    }

    /// Buys (issue 16): the order awaits payment at its `next_url`, the provider's hosted
    /// page, holding what it would use; retrying with the same `idempotency_key` answers with
    /// the same order, so it never pays twice.
    pub async fn start_purchase(
        &self,
        idempotency_key: &str,
        order: &PurchaseOrder,
    ) -> Result<PaymentOrder, ClientError> {
        let request = self
            .request(reqwest::Method::POST, "/purchases")
            .header(IDEMPOTENCY_KEY_HEADER, idempotency_key)
            .json(order);
        self.send(request).await
    }

    /// A two-phase purchase's order; the server settles it with the provider first while it
    /// awaits payment.
    pub async fn purchase_order(&self, id: &str) -> Result<PaymentOrder, ClientError> {
        self.get(&format!("/purchases/{}", seg(id))).await
    }

    pub async fn payments(&self) -> Result<Vec<Payment>, ClientError> {
        self.get("/payments").await
    }

    pub async fn payment(&self, id: &str) -> Result<Payment, ClientError> {
        self.get(&format!("/payments/{}", seg(id))).await
    }

    pub async fn visitor_permits(&self) -> Result<Vec<VisitorBundle>, ClientError> {
        self.get("/visitor-permits").await
    }

    pub async fn permits(&self) -> Result<Vec<Permit>, ClientError> {
        self.get("/permits").await
    }

    pub async fn permit(&self, id: &str) -> Result<Permit, ClientError> {
        self.get(&format!("/permits/{}", seg(id))).await
    }

    /// Test mode: the council's decision on a purchase held for review (VP-6, RP-2).
    pub async fn decide_purchase(
        &self,
        payment_id: &str,
        decision: &ReviewDecision,
    ) -> Result<(), ClientError> {
        self.post(
            &format!("/operator/purchases/{}/decision", seg(payment_id)),
            decision,
        )
        .await
    }
}
