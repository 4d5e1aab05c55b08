//! What the webview receives: the IPC messages of `permit_api_types::app`, which the UI reads
//! with the same types. Nothing here holds the session token.

mod balance;

pub use balance::balances;
pub use permit_api_types::app::{
    Balance, Dashboard, LoggedOut, PinSent, SessionState, Snapshot, StayChanged,
};
pub use permit_api_types::{Allowance, Me, Permit, Stay};

#[cfg(test)]
pub(crate) mod test_data {
    use super::*;
    use chrono::{TimeZone, Utc};

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
                non_uk_plate: false,
                visit: None,
                awaiting_confirmation: false,
            }],
            permits: vec![],
            balances: vec![Balance {
                permit_type: "visitor".into(),
                name: "Visitor permits".into(),
                permits_left: 9,
                allowance: None,
            }],
            saved_vehicles: vec![],
        }
    }
}
