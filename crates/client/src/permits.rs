//! Managing a vehicle permit.

use crate::{Client, ClientError};
use permit_api_types::path_segment as seg;
use permit_api_types::{
    AutoRenew, IDEMPOTENCY_KEY_HEADER, PaymentOrder, Permit, PermitCancelled, PermitRequest,
    ReadyRenewalPayment, RenewalOrder, ReviewDecision, VehicleChange, VehicleChangeOutcome,
};

impl Client {
    /// RP-4, AVP-3 on the provider's hosted page (issue 16): the renewal awaits payment at its
    /// `next_url`; read it with `purchase_order`. Retrying with the same key answers with the
    /// same order, so it never pays twice.
    pub async fn start_renewal(
        &self,
        id: &str,
        idempotency_key: &str,
        order: &RenewalOrder,
    ) -> Result<PaymentOrder, ClientError> {
        let request = self
            .request(
                reqwest::Method::POST,
                &format!("/permits/{}/renew", seg(id)),
            )
            .header(IDEMPOTENCY_KEY_HEADER, idempotency_key)
            .json(order);
        self.send(request).await
    }

    /// RP-4, RP-6: the emailed renewal link's ready-made order (`ready`) taken to payment; the
    /// payer goes to its `next_url`.
    pub async fn pay_ready_order(&self, order_id: &str) -> Result<PaymentOrder, ClientError> {
        self.pay_ready_order_with(order_id, &ReadyRenewalPayment::default())
            .await
    }

    /// As [`Self::pay_ready_order`], with the resident's "Renew automatically" answer (RP-6).
    pub async fn pay_ready_order_with(
        &self,
        order_id: &str,
        payment: &ReadyRenewalPayment,
    ) -> Result<PaymentOrder, ClientError> {
        self.post(&format!("/purchases/{}/payment", seg(order_id)), payment)
            .await
    }

    /// RP-6
    pub async fn set_auto_renew(&self, id: &str, on: bool) -> Result<Permit, ClientError> {
        let request = self
            .request(
                reqwest::Method::PUT,
                &format!("/permits/{}/auto-renew", seg(id)),
            )
            .json(&AutoRenew { on });
        self.send(request).await
    }

    /// AVP-2 (direct) or RP-3 (a request to the council).
    pub async fn change_vehicle(
        &self,
        id: &str,
        vrm: &str,
    ) -> Result<VehicleChangeOutcome, ClientError> {
        self.post(
            &format!("/permits/{}/vehicle", seg(id)),
            &VehicleChange { vrm: vrm.into() },
        )
        .await
    }

    /// RP-5, AVP-4
    pub async fn cancel_permit(&self, id: &str) -> Result<PermitCancelled, ClientError> {
        self.post(&format!("/permits/{}/cancel", seg(id)), &())
            .await
    }

    /// RP-7, AVP-5: the proof goes as the body (`application/pdf`, `image/jpeg` or `image/png`).
    pub async fn change_of_address(
        &self,
        id: &str,
        property_id: &str,
        content_type: &str,
        proof: Vec<u8>,
    ) -> Result<PermitRequest, ClientError> {
        let request = self
            .request(
                reqwest::Method::POST,
                &format!("/permits/{}/change-of-address", seg(id)),
            )
            .query(&[("property_id", property_id)])
            .header("content-type", content_type)
            .body(proof);
        self.send(request).await
    }

    /// AVP-1: evidence for a permit held for review (Care, Over State Pension Age).
    pub async fn upload_permit_evidence(
        &self,
        id: &str,
        content_type: &str,
        evidence: Vec<u8>,
    ) -> Result<Permit, ClientError> {
        let request = self
            .request(
                reqwest::Method::PUT,
                &format!("/permits/{}/evidence", seg(id)),
            )
            .header("content-type", content_type)
            .body(evidence);
        self.send(request).await
    }

    /// Test mode: the council's decision on a vehicle change or change of address.
    /// RP-7, moving to another zone: one document (`proof_of_address` or `v5c`) of the new
    /// permit application, as the body.
    pub async fn new_zone_application(
        &self,
        id: &str,
        property_id: &str,
        document: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Result<PermitRequest, ClientError> {
        let request = self
            .request(
                reqwest::Method::POST,
                &format!("/permits/{}/new-zone-application", seg(id)),
            )
            .query(&[("property_id", property_id), ("document", document)])
            .header("content-type", content_type)
            .body(body);
        self.send(request).await
    }

    pub async fn decide_request(
        &self,
        id: &str,
        decision: &ReviewDecision,
    ) -> Result<(), ClientError> {
        self.post(
            &format!("/operator/requests/{}/decision", seg(id)),
            decision,
        )
        .await
    }
}
