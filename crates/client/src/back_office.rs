//! The council's back office (officers), staff login, and the operator's staff set-up.

use crate::{Client, ClientError};
use permit_api_types::path_segment as seg;
use permit_api_types::{
    AuditEntry, NewStaffMember, QueueKind, ReviewDecision, ReviewItem, StaffLogin, StaffMe,
    StaffPinRequest, StaffSession, TOTAL_COUNT_HEADER,
};

impl Client {
    /// Test mode: adds a council officer or phone agent.
    pub async fn add_staff(&self, member: &NewStaffMember) -> Result<(), ClientError> {
        self.post("/operator/staff", member).await
    }

    /// Emails a one-time login code to a member of staff.
    pub async fn request_staff_pin(&self, email: &str) -> Result<(), ClientError> {
        let body = StaffPinRequest {
            email: email.into(),
        };
        self.post("/staff/pin", &body).await
    }

    pub async fn staff_log_in(&self, email: &str, pin: &str) -> Result<StaffSession, ClientError> {
        let body = StaffLogin {
            email: email.into(),
            pin: pin.into(),
        };
        self.post("/staff/session", &body).await
    }

    pub async fn staff_log_out(&self) -> Result<(), ClientError> {
        self.post("/staff/logout", &serde_json::Value::Null).await
    }

    pub async fn review_queue(&self) -> Result<Vec<ReviewItem>, ClientError> {
        self.get("/officer/queue").await
    }

    /// Who is logged in, with the council's review target and rejection reasons.
    pub async fn staff_me(&self) -> Result<StaffMe, ClientError> {
        self.get("/staff/me").await
    }

    /// One page of the queue (of `kind` only, if given) and how many items match in all.
    pub async fn review_queue_page(
        &self,
        kind: Option<QueueKind>,
        limit: u32,
        offset: u32,
    ) -> Result<(Vec<ReviewItem>, u32), ClientError> {
        let mut path = format!("/officer/queue?limit={limit}&offset={offset}");
        if let Some(kind) = kind {
            path.push_str(&format!("&kind={}", kind.as_str()));
        }
        let response = self.request(reqwest::Method::GET, &path).send().await?;
        if !response.status().is_success() {
            return Err(ClientError::from_response(response).await);
        }
        let total = response
            .headers()
            .get(TOTAL_COUNT_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or_default();
        Ok((response.json().await?, total))
    }

    /// One item still waiting in the officer's council's queue.
    pub async fn review_item(&self, id: &str) -> Result<ReviewItem, ClientError> {
        self.get(&format!("/officer/queue/{}", seg(id))).await
    }

    /// An uploaded proof's bytes and content type.
    pub async fn review_proof(&self, id: &str) -> Result<(String, Vec<u8>), ClientError> {
        let response = self
            .request(
                reqwest::Method::GET,
                &format!("/officer/proofs/{}", seg(id)),
            )
            .send()
            .await?;
        if !response.status().is_success() {
            return Err(ClientError::from_response(response).await);
        }
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        Ok((content_type, response.bytes().await?.to_vec()))
    }

    pub async fn audit_log(&self) -> Result<Vec<AuditEntry>, ClientError> {
        self.get("/officer/audit").await
    }

    /// `kind` is `registrations`, `purchases` or `requests`; `id` the item's id in the queue.
    pub async fn officer_decide(
        &self,
        kind: &str,
        id: &str,
        decision: &ReviewDecision,
    ) -> Result<(), ClientError> {
        self.post(
            &format!("/officer/{}/{}/decision", seg(kind), seg(id)),
            decision,
        )
        .await
    }
}
