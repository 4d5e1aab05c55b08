//! The phone agent's calls (ACT-6).

use crate::{Client, ClientError};
use permit_api_types::path_segment as seg;
use permit_api_types::{AgentCall, CallerVerification, Stay, StayBooking};

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
        booking: &StayBooking,
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
}
