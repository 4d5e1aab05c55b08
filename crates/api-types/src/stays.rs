//! Visitor stays (ACT-1 to ACT-3, ACT-7).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// `POST /stays`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StayBooking {
    /// The visitor's vehicle registration (ACT-3).
    pub vrm: String,
    /// Which visitor permit to use, where the council sells several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permit_type: Option<String>,
    /// When the stay starts; absent means now. At most 14 days ahead (ACT-1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateTime<Utc>>,
    /// Where the council uses durations (Leicestershire).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Stay {
    pub id: String,
    pub vrm: String,
    pub permit_type: String,
    pub starts_at: DateTime<Utc>,
    /// Exclusive; a whole-day stay ends at the next local midnight (ACT-2), shown as 23:59.
    pub ends_at: DateTime<Utc>,
    /// Until when it may be cancelled (ACT-7).
    pub cancel_until: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// `upcoming`, `active`, `ended` or `cancelled`.
    pub status: String,
}

/// `GET /stays?when=upcoming|past`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, IntoParams)]
pub struct StayListQuery {
    /// `upcoming` (not yet ended, the default) or `past` (ended or cancelled).
    #[serde(default)]
    pub when: Option<String>,
}
