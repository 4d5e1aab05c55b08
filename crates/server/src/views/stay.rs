//! A visitor stay with its status at an instant and its cancellation deadline (ACT-7).

use crate::db::stays::StayRow;
use crate::domain::StayStatus;
use chrono::{DateTime, Utc};
use permit_api_types::{Stay, VisitDays};
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
        non_uk_plate: row.non_uk_plate != 0,
        visit: None,
        awaiting_confirmation: row.awaiting_confirmation(),
    }
}

/// A stay with its multi-day visit, if it is a day of one: `days` holds (at least) every day
/// of that visit, in start order, as the resident's list or [`crate::db::stays::of_visit`]
/// gives them.
pub fn stay_with_visit(
    scheme: &Scheme,
    row: &StayRow,
    days: &[StayRow],
    now: DateTime<Utc>,
) -> Stay {
    let visit = row.visit_id.as_deref().and_then(|id| {
        let mut of_visit = days.iter().filter(|d| d.visit_id.as_deref() == Some(id));
        let first = of_visit.next()?;
        let (count, last) = of_visit.fold((1u32, first), |(n, _), d| (n + 1, d));
        Some(VisitDays {
            id: id.to_owned(),
            days: count,
            starts_at: first.starts(),
            ends_at: last.ends(),
        })
    });
    Stay {
        visit,
        ..stay_view(scheme, row, now)
    }
}
