//! What the resident app's webview and its shell (`src-tauri`) pass to each other over Tauri's
//! IPC: the command names, and the messages that are not the HTTP API's own bodies. Nothing
//! here holds the session token: it stays in the shell and the OS keyring.

pub mod commands;

use crate::{Allowance, Me, Permit, SavedVehicle, Stay};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Everything the home screen shows, as last fetched from the server.
/// The `book_stay` command's choices beyond one day for a UK plate: a multi-day visit's days
/// and the "not a UK registration" choice (issue 13), and "yes" to the overlap question
/// (issue 14). Absent is none of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingOptions {
    #[serde(default)]
    pub days: Option<u32>,
    #[serde(default)]
    pub non_uk_plate: bool,
    #[serde(default)]
    pub confirm_overlap: bool,
    /// The resident unticked "Save this vehicle for next time" (issue 18).
    #[serde(default)]
    pub do_not_save_vehicle: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub resident: Me,
    /// Stays not yet ended, soonest first (what a resident checks at the door).
    pub upcoming_stays: Vec<Stay>,
    /// Vehicle permits: resident permits and annual visitor permits.
    pub permits: Vec<Permit>,
    pub balances: Vec<Balance>,
    /// Saved visitor vehicles (issue 18), shown on Activate offline too; absent in copies
    /// saved before they existed.
    #[serde(default)]
    pub saved_vehicles: Vec<SavedVehicle>,
}

/// A snapshot and how fresh it is: `offline` when the server could not be reached and this
/// is what was saved at `last_synced_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "DashboardFields")]
pub struct Dashboard {
    #[serde(flatten)]
    pub snapshot: Snapshot,
    pub offline: bool,
    pub last_synced_at: DateTime<Utc>,
}

/// A dashboard as it is written, every field at the top level. It is read through this and not
/// through `#[serde(flatten)]`, which buffers the whole object and reads every type in it a
/// second way: about 25 KB of the residents' web build (BENCHMARKS.md), for the same JSON.
#[derive(Deserialize)]
struct DashboardFields {
    resident: Me,
    upcoming_stays: Vec<Stay>,
    permits: Vec<Permit>,
    balances: Vec<Balance>,
    #[serde(default)]
    saved_vehicles: Vec<SavedVehicle>,
    offline: bool,
    #[serde(deserialize_with = "crate::rfc3339::deserialize")]
    last_synced_at: DateTime<Utc>,
}

impl From<DashboardFields> for Dashboard {
    fn from(fields: DashboardFields) -> Self {
        Dashboard {
            snapshot: Snapshot {
                resident: fields.resident,
                upcoming_stays: fields.upcoming_stays,
                permits: fields.permits,
                balances: fields.balances,
                saved_vehicles: fields.saved_vehicles,
            },
            offline: fields.offline,
            last_synced_at: fields.last_synced_at,
        }
    }
}

/// Visitor permits left of one permit type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    pub permit_type: String,
    pub name: String,
    /// Unused permits in active bundles: stays that can be booked now.
    pub permits_left: u32,
    /// What can still be bought ("14 of 20 left this month, resets 1 December 2026").
    pub allowance: Option<Allowance>,
}

/// Whether a session is stored on this device (no server call).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionState {
    pub logged_in: bool,
}

/// The answer to logging out: always logged out here; `revoked_on_server` is false when the
/// session could not be ended there (offline; it then ends at its expiry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedOut {
    pub revoked_on_server: bool,
    pub message: String,
}

/// The answer to asking for a PIN (the same whether or not the contact is registered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinSent {
    pub message: String,
}

/// A stay just booked or cancelled, with the dashboard synced after it (so the offline copy
/// already has it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayChanged {
    pub stay: Stay,
    pub dashboard: Dashboard,
}

/// A file the app saved on the device (a stay's calendar file, issue 18): where, to tell the
/// resident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFile {
    pub file_name: String,
    /// The full path, as the device shows it.
    pub path: String,
}

/// An uploaded document (proof of address, REG-3, RP-7, AVP-5): its MIME type and bytes. The
/// server checks the type and size.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofUpload {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl fmt::Debug for ProofUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A scan of a tenancy agreement is personal data: its size, not its bytes.
        f.debug_struct("ProofUpload")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dashboard_is_one_flat_object_read_back_as_written() {
        let dashboard = Dashboard {
            snapshot: Snapshot {
                resident: Me {
                    resident_id: "r1".into(),
                    council: "leicestershire".into(),
                    full_name: "A Resident".into(),
                    email: Some("a@example.com".into()),
                    mobile: None,
                    registration: None,
                },
                upcoming_stays: Vec::new(),
                permits: Vec::new(),
                balances: vec![Balance {
                    permit_type: "visitor-day".into(),
                    name: "Visitor day permit".into(),
                    permits_left: 4,
                    allowance: None,
                }],
                saved_vehicles: Vec::new(),
            },
            offline: true,
            last_synced_at: "2026-12-01T09:42:00Z".parse().expect("time"),
        };
        let mut written = serde_json::to_value(&dashboard).expect("write");
        assert_eq!(written["resident"]["resident_id"], "r1");
        assert_eq!(written["balances"][0]["permits_left"], 4);
        assert_eq!(written["offline"], true);
        assert_eq!(
            serde_json::from_value::<Dashboard>(written.clone()).expect("read"),
            dashboard
        );
        // A copy saved before saved vehicles existed has no such field.
        written
            .as_object_mut()
            .expect("object")
            .remove("saved_vehicles");
        assert_eq!(
            serde_json::from_value::<Dashboard>(written).expect("read old copy"),
            dashboard
        );
    }

    #[test]
    fn an_uploads_debug_shows_its_size_not_its_bytes() {
        let upload = ProofUpload {
            content_type: "application/pdf".into(),
            bytes: b"secret tenancy".to_vec(),
        };
        let shown = format!("{upload:?}");
        assert!(shown.contains("len: 14"), "{shown}");
        assert!(!shown.contains("115"), "{shown}");
    }
}
