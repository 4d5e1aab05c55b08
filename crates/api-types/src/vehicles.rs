//! Saved visitor vehicles (issue 18): `/me/vehicles`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A visitor's vehicle the resident keeps for booking again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SavedVehicle {
    pub id: String,
    /// Compact, as stored (`AB12CDE`); shown spaced as printed.
    pub vrm: String,
    /// Saved as "not a UK registration".
    #[serde(default)]
    pub non_uk_plate: bool,
    /// The resident's name for it ("Mum"), if they gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// When it was last booked or saved: the list is most recent first.
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    pub last_used_at: DateTime<Utc>,
}

/// `POST /me/vehicles`: saves a plate (saving one already saved gives it this name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SaveVehicle {
    pub vrm: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub non_uk_plate: bool,
    /// Up to 40 characters; blank or absent is no name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
}

/// `PATCH /me/vehicles/{id}`: a new name (blank removes it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RenameVehicle {
    #[serde(default)]
    pub nickname: Option<String>,
}
