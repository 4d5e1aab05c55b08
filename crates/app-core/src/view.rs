//! What the webview receives. Nothing here holds the session token.

mod balance;

pub use balance::{Balance, balances};
pub use permit_api_types::{Allowance, Me, Permit, Stay};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Everything the home screen shows, as last fetched from the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub resident: Me,
    /// Stays not yet ended, soonest first (what a resident checks at the door).
    pub upcoming_stays: Vec<Stay>,
    /// Vehicle permits: resident permits and annual visitor permits.
    pub permits: Vec<Permit>,
    pub balances: Vec<Balance>,
}

/// A snapshot and how fresh it is: `offline` when the server could not be reached and this
/// is what was saved at `last_synced_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    #[serde(flatten)]
    pub snapshot: Snapshot,
    pub offline: bool,
    pub last_synced_at: DateTime<Utc>,
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

#[cfg(test)]
pub(crate) mod test_data {
    use super::*;
    use chrono::TimeZone;

    /// A resident with one upcoming stay for `vrm`.
    pub(crate) fn snapshot(vrm: &str) -> Snapshot {
        let start = Utc
            .with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
            .single()
            .expect("valid instant");
        Snapshot {
            resident: Me {
                resident_id: "res_1".into(),
                council: "hampshire".into(),
                full_name: "Ada Resident".into(),
                email: Some("ada@example.org".into()),
                mobile: None,
                registration: None,
            },
            upcoming_stays: vec![Stay {
                id: "stay_1".into(),
                vrm: vrm.into(),
                permit_type: "visitor".into(),
                starts_at: start,
                ends_at: start + chrono::Duration::hours(15),
                cancel_until: start + chrono::Duration::minutes(5),
                cancelled_at: None,
                status: "upcoming".into(),
            }],
            permits: vec![],
            balances: vec![Balance {
                permit_type: "visitor".into(),
                name: "Visitor permits".into(),
                permits_left: 9,
                allowance: None,
            }],
        }
    }
}
