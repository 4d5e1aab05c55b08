//! A visitor stay with its status at an instant and its cancellation deadline (ACT-7).

use crate::db::stays::StayRow;
use crate::domain::StayStatus;
use chrono::{DateTime, Utc};
use permit_api_types::Stay;
use permit_rules::{Scheme, cancel_deadline};

pub fn stay_view(scheme: &Scheme, row: &StayRow, now: DateTime<Utc>) -> Stay {
    let cancel_until = scheme
        .stays
        .as_ref()
        .map_or(row.starts(), |s| cancel_deadline(s, row.starts()));
    let status = match row.cancelled_at {
        Some(_) => StayStatus::Cancelled,
        None if now < row.starts() => StayStatus::Upcoming,
        None if now < row.ends() => StayStatus::Active,
        None => StayStatus::Ended,
    };
    Stay {
        id: row.id.clone(),
        vrm: row.vrm.clone(),
        permit_type: row.permit_type.clone(),
        starts_at: row.starts(),
        ends_at: row.ends(),
        cancel_until,
        cancelled_at: row.cancelled_at.map(crate::db::at),
        status: status.to_string(),
    }
}
