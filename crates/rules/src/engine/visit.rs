//! Multi-day visits (issue 13): where a permit lasts the whole day, one booking may cover
//! several consecutive days, each day a stay of its own spending one permit (ACT-1, ACT-2).
//! And the question asked before a vehicle gets a second, overlapping visit (issue 14).

use super::stay::{BundleBalance, NoPermitLeft, StayPlan, StayRefusal, StayRequest};
use super::stay::{cancel_deadline, latest_start_day, pick_bundle, plan_stay};
use crate::refusal::Refusal;
use crate::scheme::{Scheme, StayKind};
use crate::time::{
    clock_time, day_and_month, end_of_day, local, local_date, start_of_day, weekday_name,
};
use chrono::{DateTime, Datelike, Days, Utc};
use serde::{Deserialize, Serialize};

/// The days of a visit, first to last: the first starts when asked (as [`plan_stay`] decides),
/// each later one at its local midnight, and each ends at the next local midnight (ACT-2), so
/// the last ends at 23:59 on its day. `days` is 1 for an ordinary stay.
pub fn plan_visit(
    scheme: &Scheme,
    request: &StayRequest,
    days: u32,
    now: DateTime<Utc>,
) -> Result<Vec<StayPlan>, StayRefusal> {
    if days == 1 {
        return plan_stay(scheme, request, now).map(|plan| vec![plan]);
    }
    let stays = scheme.stays.as_ref().ok_or(StayRefusal::NoVisitorPermits)?;
    if stays.kind != StayKind::WholeDay || stays.max_visit_days < 2 {
        return Err(StayRefusal::MultiDayNotOffered);
    }
    if days == 0 || days > stays.max_visit_days {
        return Err(StayRefusal::DaysNotOffered {
            requested: days,
            max_days: stays.max_visit_days,
        });
    }
    let first = plan_stay(scheme, request, now)?;
    let first_day = local_date(first.start);
    let latest_day = latest_start_day(stays, now);
    // ACT-1: every day of the visit starts within the horizon, the last one included.
    let last_day = first_day
        .checked_add_days(Days::new(u64::from(days - 1)))
        .filter(|last| *last <= latest_day);
    if last_day.is_none() {
        return Err(StayRefusal::VisitBeyondHorizon {
            horizon_days: stays.horizon_days,
            latest_day,
        });
    }
    let mut plans = vec![first];
    for date in first_day.iter_days().skip(1).take(days as usize - 1) {
        let start = start_of_day(date);
        plans.push(StayPlan {
            permit_type: plans[0].permit_type.clone(),
            start,
            end: end_of_day(date),
            cut_at_day_end: false,
            cancel_until: cancel_deadline(stays, start),
        });
    }
    Ok(plans)
}

/// The bundles the days of a visit spend, one permit each, in the days' order: for each day
/// the bundle [`pick_bundle`] would choose, after the days before it took theirs (VP-3).
/// All or nothing: a visit the permits cannot cover entirely is refused.
pub fn pick_bundles<'a, Id>(
    bundles: &'a [BundleBalance<Id>],
    permit_type: &crate::PermitType,
    day_starts: &[DateTime<Utc>],
) -> Result<Vec<&'a Id>, NoPermitLeft> {
    let mut left: Vec<BundleBalance<&'a Id>> = bundles
        .iter()
        .map(|b| BundleBalance {
            id: &b.id,
            permit_type: b.permit_type.clone(),
            remaining: b.remaining,
            expires_at: b.expires_at,
            usable: b.usable,
        })
        .collect();
    let mut picked = Vec::with_capacity(day_starts.len());
    for start in day_starts {
        let id: &'a Id = match pick_bundle(&left, permit_type, *start) {
            Ok(bundle) => bundle.id,
            Err(NoPermitLeft::NoneLeft) if !picked.is_empty() => {
                return Err(NoPermitLeft::NotEnough {
                    needed: day_starts.len(),
                    usable: picked.len(),
                });
            }
            Err(refusal) => return Err(refusal),
        };
        if let Some(bundle) = left.iter_mut().find(|b| std::ptr::eq(b.id, id)) {
            bundle.remaining -= 1;
        }
        picked.push(id);
    }
    Ok(picked)
}

/// A stay of the same vehicle already overlaps the one asked for (issue 14): the resident is
/// asked before a second permit is spent, and books it only by confirming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverlappingStay {
    /// When the existing visit starts.
    pub existing_start: DateTime<Utc>,
    /// When the question is asked: a start in the coming week is named by its weekday alone.
    pub asked_at: DateTime<Utc>,
}

impl OverlappingStay {
    /// How the question ends. A channel that cannot ask it (a text) cuts this off and says
    /// what to do instead, so both read from this one wording.
    pub const QUESTION: &'static str = "; book another?";
}

impl std::fmt::Display for OverlappingStay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let start = local(self.existing_start);
        let days_ahead = (start.date_naive() - local_date(self.asked_at)).num_days();
        let day = if (0..7).contains(&days_ahead) {
            weekday_name(start.weekday()).to_owned()
        } else {
            day_and_month(&start)
        };
        write!(
            f,
            "This car already has a visit on {day} from {}{}",
            clock_time(&start),
            Self::QUESTION
        )
    }
}

impl Refusal for OverlappingStay {
    fn code(&self) -> &'static str {
        "overlapping_stay"
    }

    fn field(&self) -> Option<&'static str> {
        Some("vrm")
    }
}

/// The earliest of the vehicle's `existing` stays (start, exclusive end; cancelled ones left
/// out by the caller) that overlaps any day of the visit planned, unless the resident
/// confirmed that they want another.
pub fn check_overlap(
    existing: &[(DateTime<Utc>, DateTime<Utc>)],
    plans: &[StayPlan],
    confirmed: bool,
    now: DateTime<Utc>,
) -> Result<(), OverlappingStay> {
    if confirmed {
        return Ok(());
    }
    let clash = existing
        .iter()
        .filter(|(start, end)| plans.iter().any(|p| *start < p.end && p.start < *end))
        .map(|(start, _)| *start)
        .min();
    match clash {
        Some(existing_start) => Err(OverlappingStay {
            existing_start,
            asked_at: now,
        }),
        None => Ok(()),
    }
}
