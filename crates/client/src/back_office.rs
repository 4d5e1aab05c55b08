//! The council's back office (officers), staff login, and the operator's staff set-up.

use crate::{Client, ClientError};
use permit_api_types::path_segment as seg;
use permit_api_types::{
    AuditEntry, NewStaffMember, ReviewDecision, ReviewItem, StaffLogin, StaffPinRequest,
    StaffSession,
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
