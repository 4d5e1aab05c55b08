//! Where a stay starts and ends, whether it may be booked or cancelled, and which permit it
//! spends (ACT-1, ACT-2, ACT-3, ACT-7, VP-3).

use crate::refusal::Refusal;
use crate::scheme::{Scheme, StayKind, Stays};
use crate::time::{display_date, display_end, display_instant, local_date, next_midnight};
use crate::types::PermitType;
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A stay as asked for (ACT-3). The VRM is not needed to decide when it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayRequest {
    /// The visitor permit type, where the council sells several.
    pub permit_type: Option<PermitType>,
    /// `None` starts it now (text activations, ACT-4).
    pub start: Option<DateTime<Utc>>,
    /// Where the council uses durations.
    pub duration_minutes: Option<u32>,
}

/// When a bookable stay runs: `end` is exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayPlan {
    pub permit_type: PermitType,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The chosen duration ran past midnight, so the stay ends with its day.
    pub cut_at_day_end: bool,
    /// Until when it may be cancelled (ACT-7).
    pub cancel_until: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum StayRefusal {
    #[error("This council has no visitor permits.")]
    NoVisitorPermits,
    #[error("Choose which visitor permit to use.")]
    PermitTypeRequired { options: Vec<PermitType> },
    #[error("'{permit_type}' is not a visitor permit of this council.")]
    UnknownPermitType { permit_type: PermitType },
    #[error("The start time has passed; choose a time from now on.")]
    StartInPast,
    #[error("A stay can start at most {horizon_days} days ahead, so on {} at the latest.", display_date(*latest_day))]
    BeyondHorizon {
        horizon_days: u32,
        latest_day: NaiveDate,
    },
    #[error("Choose how long the visitor stays.")]
    DurationRequired { options_minutes: Vec<u32> },
    #[error("A stay of {requested} minutes is not offered.")]
    DurationNotOffered {
        requested: u32,
        options_minutes: Vec<u32>,
    },
    #[error("Visitor permits here last the whole day; there is no duration to choose.")]
    DurationNotApplicable,
    #[error("This council's visitor permits are booked one day at a time.")]
    MultiDayNotOffered,
    #[error("A visit can be booked for 1 to {max_days} days in one go.")]
    DaysNotOffered { requested: u32, max_days: u32 },
    #[error("Every day of a visit must start within {horizon_days} days, so the last day can be {} at the latest.", display_date(*latest_day))]
    VisitBeyondHorizon {
        horizon_days: u32,
        latest_day: NaiveDate,
    },
}

impl Refusal for StayRefusal {
    fn code(&self) -> &'static str {
        match self {
            Self::NoVisitorPermits => "no_visitor_permits",
            Self::PermitTypeRequired { .. } => "permit_type_required",
            Self::UnknownPermitType { .. } => "unknown_permit_type",
            Self::StartInPast => "start_in_past",
            Self::BeyondHorizon { .. } => "beyond_horizon",
            Self::DurationRequired { .. } => "duration_required",
            Self::DurationNotOffered { .. } => "duration_not_offered",
            Self::DurationNotApplicable => "duration_not_applicable",
            Self::MultiDayNotOffered => "multi_day_not_offered",
            Self::DaysNotOffered { .. } => "days_not_offered",
            Self::VisitBeyondHorizon { .. } => "visit_beyond_horizon",
        }
    }

    fn field(&self) -> Option<&'static str> {
        Some(match self {
            Self::NoVisitorPermits
            | Self::PermitTypeRequired { .. }
            | Self::UnknownPermitType { .. } => "permit_type",
            Self::StartInPast | Self::BeyondHorizon { .. } => "start",
            Self::DurationRequired { .. }
            | Self::DurationNotOffered { .. }
            | Self::DurationNotApplicable => "duration_minutes",
            Self::MultiDayNotOffered
            | Self::DaysNotOffered { .. }
            | Self::VisitBeyondHorizon { .. } => "days",
        })
    }
}

/// The last local date a stay may start on when booking at `now` (ACT-1).
pub fn latest_start_day(stays: &Stays, now: DateTime<Utc>) -> NaiveDate {
    local_date(now)
        .checked_add_days(Days::new(u64::from(stays.horizon_days)))
        .unwrap_or(NaiveDate::MAX)
}

/// Decides when a stay runs, or why it cannot be booked.
pub fn plan_stay(
    scheme: &Scheme,
    request: &StayRequest,
    now: DateTime<Utc>,
) -> Result<StayPlan, StayRefusal> {
    let stays = scheme.stays.as_ref().ok_or(StayRefusal::NoVisitorPermits)?;
    let permit_type = choose_permit_type(scheme, request.permit_type.as_ref())?;
    let start = match request.start {
        None => now,
        // docs/rules.md (ACT-1): a start less than the grace ago is taken as now.
        Some(at) if at < now => {
            if now - at < Duration::seconds(i64::from(stays.past_start_grace_seconds)) {
                now
            } else {
                return Err(StayRefusal::StartInPast);
            }
        }
        Some(at) => at,
    };
    let latest_day = latest_start_day(stays, now);
    if local_date(start) > latest_day {
        return Err(StayRefusal::BeyondHorizon {
            horizon_days: stays.horizon_days,
            latest_day,
        });
    }
    let day_end = next_midnight(start);
    let (end, cut_at_day_end) = match (stays.kind, request.duration_minutes) {
        // ACT-2: a day permit runs to the next local midnight.
        (StayKind::WholeDay, None) => (day_end, false),
        (StayKind::WholeDay, Some(_)) => return Err(StayRefusal::DurationNotApplicable),
        (StayKind::Duration, None) => {
            return Err(StayRefusal::DurationRequired {
                options_minutes: stays.durations_minutes.clone(),
            });
        }
        (StayKind::Duration, Some(minutes)) => {
            if !stays.durations_minutes.contains(&minutes) {
                return Err(StayRefusal::DurationNotOffered {
                    requested: minutes,
                    options_minutes: stays.durations_minutes.clone(),
                });
            }
            // A one-day permit (VP-4) never runs into the next day.
            let wanted = start + Duration::minutes(i64::from(minutes));
            if wanted > day_end {
                (day_end, true)
            } else {
                (wanted, false)
            }
        }
    };
    Ok(StayPlan {
        permit_type,
        start,
        end,
        cut_at_day_end,
        cancel_until: cancel_deadline(stays, start),
    })
}

fn choose_permit_type(
    scheme: &Scheme,
    asked: Option<&PermitType>,
) -> Result<PermitType, StayRefusal> {
    let options: Vec<PermitType> = scheme.visitor_products().map(|b| b.id.clone()).collect();
    match (asked, options.as_slice()) {
        (_, []) => Err(StayRefusal::NoVisitorPermits),
        (Some(wanted), _) if options.contains(wanted) => Ok(wanted.clone()),
        (Some(wanted), _) => Err(StayRefusal::UnknownPermitType {
            permit_type: wanted.clone(),
        }),
        (None, [only]) => Ok(only.clone()),
        (None, _) => Err(StayRefusal::PermitTypeRequired { options }),
    }
}

/// The last instant a stay starting at `start` may be cancelled, inclusive (ACT-7).
pub fn cancel_deadline(stays: &Stays, start: DateTime<Utc>) -> DateTime<Utc> {
    start + Duration::minutes(i64::from(stays.cancel_until_minutes_after_start))
}

/// A cancellation that may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayCancellation {
    /// Whether the permit goes back to the resident's balance.
    pub returns_permit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum StayCancelRefusal {
    #[error("This stay could be cancelled until {}.", display_instant(*deadline))]
    WindowClosed { deadline: DateTime<Utc> },
    #[error("This council has no visitor stays.")]
    NoVisitorPermits,
}

impl Refusal for StayCancelRefusal {
    fn code(&self) -> &'static str {
        match self {
            Self::WindowClosed { .. } => "cancel_window_closed",
            Self::NoVisitorPermits => "no_visitor_permits",
        }
    }
}

/// Whether a stay starting at `start` may be cancelled at `now` (ACT-7: until 5 minutes after
/// its start, inclusive, at Leicestershire).
pub fn may_cancel_stay(
    scheme: &Scheme,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<StayCancellation, StayCancelRefusal> {
    let stays = scheme
        .stays
        .as_ref()
        .ok_or(StayCancelRefusal::NoVisitorPermits)?;
    let deadline = cancel_deadline(stays, start);
    if now > deadline {
        return Err(StayCancelRefusal::WindowClosed { deadline });
    }
    Ok(StayCancellation {
        returns_permit: stays.cancel_returns_permit,
    })
}

/// One purchased bundle's balance, as the caller stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleBalance<Id> {
    pub id: Id,
    pub permit_type: PermitType,
    pub remaining: u32,
    /// Exclusive (VP-3).
    pub expires_at: DateTime<Utc>,
    /// False while under review or after a rejection (VP-6).
    pub usable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum NoPermitLeft {
    #[error("You have no visitor permits left. Buy a bundle first.")]
    NoneLeft,
    #[error("Your remaining visitor permits expire before this stay starts (the last at {}).", display_end(*last_expiry))]
    ExpireBeforeStart { last_expiry: DateTime<Utc> },
    #[error(
        "This visit needs {needed} visitor permits, one a day, and you have {usable} you can use for it."
    )]
    NotEnough { needed: usize, usable: usize },
}

impl Refusal for NoPermitLeft {
    fn code(&self) -> &'static str {
        match self {
            Self::NoneLeft => "no_permits_left",
            Self::ExpireBeforeStart { .. } => "permits_expire_before_start",
            Self::NotEnough { .. } => "not_enough_permits",
        }
    }

    /// Permits are held per visitor permit type: another type may still have some.
    fn field(&self) -> Option<&'static str> {
        Some("permit_type")
    }
}

/// The bundle a stay spends a permit from: a usable one of the right type that is still valid
/// when the stay starts, the soonest to expire first so none are wasted (VP-3).
pub fn pick_bundle<'a, Id>(
    bundles: &'a [BundleBalance<Id>],
    permit_type: &PermitType,
    stay_start: DateTime<Utc>,
) -> Result<&'a BundleBalance<Id>, NoPermitLeft> {
    let candidates = bundles
        .iter()
        .filter(|b| b.usable && b.remaining > 0 && &b.permit_type == permit_type);
    if let Some(best) = candidates
        .clone()
        .filter(|b| b.expires_at > stay_start)
        .min_by_key(|b| b.expires_at)
    {
        return Ok(best);
    }
    match candidates.map(|b| b.expires_at).max() {
        Some(last_expiry) => Err(NoPermitLeft::ExpireBeforeStart { last_expiry }),
        None => Err(NoPermitLeft::NoneLeft),
    }
}

/// Visitor permits the resident holds and can still use at `now`.
pub fn permits_held<Id>(
    bundles: &[BundleBalance<Id>],
    permit_type: &PermitType,
    now: DateTime<Utc>,
) -> u32 {
    bundles
        .iter()
        .filter(|b| b.usable && b.expires_at > now && &b.permit_type == permit_type)
        .map(|b| b.remaining)
        .fold(0u32, u32::saturating_add)
}
