use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    /// The service's current instant (the test clock's, when one is running).
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub now: DateTime<Utc>,
}

/// Moves the test clock: give exactly one of `set` (an absolute instant) or
/// `advance_seconds` (may be negative).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ClockChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advance_seconds: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ClockState {
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub now: DateTime<Utc>,
}
