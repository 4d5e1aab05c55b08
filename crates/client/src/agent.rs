//! The phone agent's calls (ACT-6).

use crate::{Client, ClientError};
use permit_api_types::path_segment as seg;
use permit_api_types::{
    AgentCall, AgentStayBooking, AutoRenew, CallerVerification, Permit, PermitCancelled, Stay,
};

impl Client {
    pub async fn verify_caller(
        &self,
        caller: &CallerVerification,
    ) -> Result<AgentCall, ClientError> {
        self.post("/agent/calls", caller).await
    }

    pub async fn agent_book_stay(
        &self,
        call: &str,
        booking: &AgentStayBooking,
    ) -> Result<Stay, ClientError> {
        self.post(&format!("/agent/calls/{}/stays", seg(call)), booking)
            .await
    }

    pub async fn agent_stays(&self, call: &str) -> Result<Vec<Stay>, ClientError> {
        self.get(&format!("/agent/calls/{}/stays", seg(call))).await
    }

    pub async fn agent_cancel_stay(&self, call: &str, id: &str) -> Result<Stay, ClientError> {
        self.post(
            &format!("/agent/calls/{}/stays/{}/cancel", seg(call), seg(id)),
            &serde_json::Value::Null,
        )
        .await
    }

    /// The caller's vehicle permits (ACT-6, RP-6, AVP-4).
    pub async fn agent_permits(&self, call: &str) -> Result<Vec<Permit>, ClientError> {
        self.get(&format!("/agent/calls/{}/permits", seg(call)))
            .await
    }

    pub async fn agent_cancel_permit(
        &self,
        call: &str,
        id: &str,
    ) -> Result<PermitCancelled, ClientError> {
        self.post(
            &format!("/agent/calls/{}/permits/{}/cancel", seg(call), seg(id)),
            &serde_json::Value::Null,
        )
        .await
    }

    pub async fn agent_set_auto_renew(
        &self,
        call: &str,
        id: &str,
        on: bool,
    ) -> Result<Permit, ClientError> {
        let request = self
            .request(
                reqwest::Method::PUT,
                &format!("/agent/calls/{}/permits/{}/auto-renew", seg(call), seg(id)),
            )
            .json(&AutoRenew { on });
        self.send(request).await
    }
}
