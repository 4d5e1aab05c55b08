//! Health and the operator's test clock.

use crate::{Client, ClientError};
use permit_api_types::{ClockChange, ClockState, Health};

impl Client {
    pub async fn health(&self) -> Result<Health, ClientError> {
        self.get("/health").await
    }

    pub async fn clock(&self) -> Result<ClockState, ClientError> {
        self.get("/operator/clock").await
    }

    /// Sends a clock change as given (both or neither field set is the server's to refuse).
    pub async fn post_clock_change(&self, change: &ClockChange) -> Result<ClockState, ClientError> {
        self.post("/operator/clock", change).await
    }

    pub async fn set_clock(
        &self,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<ClockState, ClientError> {
        let change = ClockChange {
            set: Some(at),
            ..ClockChange::default()
        };
        self.post("/operator/clock", &change).await
    }

    pub async fn advance_clock(&self, seconds: i64) -> Result<ClockState, ClientError> {
        let change = ClockChange {
            advance_seconds: Some(seconds),
            ..ClockChange::default()
        };
        self.post("/operator/clock", &change).await
    }

    /// The OpenAPI document, as raw JSON.
    pub async fn openapi(&self) -> Result<serde_json::Value, ClientError> {
        self.get("/openapi.json").await
    }
}
