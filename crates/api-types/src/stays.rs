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
    /// A multi-day visit: how many consecutive whole days, each spending one permit, where the
    /// council allows it (`max_visit_days` in its file). Absent means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// The resident's choice "not a UK registration": the plate is checked only for 2 to 10
    /// letters and digits, and enforcement is told.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub non_uk_plate: bool,
    /// Book even though the same vehicle already has a visit at an overlapping time (the
    /// answer "yes" to the 409 `overlapping_stay` question).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confirm_overlap: bool,
    /// The resident unticked "Save this vehicle for next time": the plate is not added to
    /// their saved vehicles (by default a booking saves it, issue 18).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub do_not_save_vehicle: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Stay {
    pub id: String,
    pub vrm: String,
    pub permit_type: String,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub starts_at: DateTime<Utc>,
    /// Exclusive; a whole-day stay ends at the next local midnight (ACT-2), shown as 23:59.
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub ends_at: DateTime<Utc>,
    /// Until when it may be cancelled (ACT-7).
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub cancel_until: DateTime<Utc>,
    #[serde(default, deserialize_with = "crate::rfc3339::option")]
    pub cancelled_at: Option<DateTime<Utc>>,
    /// `upcoming`, `active`, `ended` or `cancelled`.
    pub status: String,
    /// Booked with "not a UK registration".
    #[serde(default)]
    pub non_uk_plate: bool,
    /// The multi-day visit this stay is a day of, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit: Option<VisitDays>,
    /// ACT-5: a texted stay whose confirmation text has not been sent yet; it does not count
    /// for enforcement until then (the app shows "waiting for confirmation").
    #[serde(default)]
    pub awaiting_confirmation: bool,
}

/// A multi-day visit, as each of its days carries it: cancelling any day cancels the days of
/// the visit not yet started and gives their permits back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VisitDays {
    pub id: String,
    /// How many days were booked.
    pub days: u32,
    /// When the first day starts.
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub starts_at: DateTime<Utc>,
    /// Exclusive: the local midnight after the last day, shown as 23:59 on that day.
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub ends_at: DateTime<Utc>,
}

/// `GET /stays?when=upcoming|past`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StayListQuery {
    /// `upcoming` (not yet ended, the default) or `past` (ended or cancelled).
    #[serde(default)]
    #[param(pattern = "^(upcoming|past)$")]
    pub when: Option<String>,
}
