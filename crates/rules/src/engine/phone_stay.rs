//! A stay as a phone agent takes it down (ACT-6): the caller gives the start and the end, and
//! the engine turns that into the request the app would have sent, or says which ends exist.

use crate::refusal::Refusal;
use crate::scheme::{Scheme, StayKind};
use crate::time::{display_end, next_midnight};
use crate::types::PermitType;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::StayRequest;

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum StayEndRefusal {
    #[error("This council has no visitor permits.")]
    NoVisitorPermits,
    #[error("The end must be after the start.")]
    EndBeforeStart,
    #[error("A stay starting then can only end at {}.", ends_list(.possible_ends))]
    EndNotOffered { possible_ends: Vec<DateTime<Utc>> },
}

fn ends_list(ends: &[DateTime<Utc>]) -> String {
    ends.iter()
        .map(|e| display_end(*e))
        .collect::<Vec<_>>()
        .join(" or ")
}

impl Refusal for StayEndRefusal {
    fn code(&self) -> &'static str {
        match self {
            Self::NoVisitorPermits => "no_visitor_permits",
            Self::EndBeforeStart => "end_before_start",
            Self::EndNotOffered { .. } => "end_not_offered",
        }
    }

    fn field(&self) -> Option<&'static str> {
        Some(match self {
            Self::NoVisitorPermits => "permit_type",
            Self::EndBeforeStart | Self::EndNotOffered { .. } => "end",
        })
    }
}

/// The request for a stay from `start` to `end` (exclusive; the last minute of a day, 23:59,
/// is read as that day's end). A whole-day permit's stay must end with its day (ACT-2); where
/// the council sells durations the end picks one (a duration running past midnight ends with
/// the day, as in the app). The start itself is checked by [`plan_stay`](super::plan_stay).
pub fn stay_between(
    scheme: &Scheme,
    permit_type: Option<PermitType>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<StayRequest, StayEndRefusal> {
    let stays = scheme
        .stays
        .as_ref()
        .ok_or(StayEndRefusal::NoVisitorPermits)?;
    let day_end = next_midnight(start);
    // The caller says "until 23:59": that is the day's end, as every confirmation shows it.
    let end = if end + Duration::minutes(1) == day_end {
        day_end
    } else {
        end
    };
    if end <= start {
        return Err(StayEndRefusal::EndBeforeStart);
    }
    let request = |duration_minutes| StayRequest {
        permit_type: permit_type.clone(),
        start: Some(start),
        duration_minutes,
    };
    let possible: Vec<(Option<u32>, DateTime<Utc>)> = match stays.kind {
        StayKind::WholeDay => vec![(None, day_end)],
        StayKind::Duration => stays
            .durations_minutes
            .iter()
            .map(|m| {
                let ends = (start + Duration::minutes(i64::from(*m))).min(day_end);
                (Some(*m), ends)
            })
            .collect(),
    };
    if let Some((minutes, _)) = possible.iter().find(|(_, e)| *e == end) {
        return Ok(request(*minutes));
    }
    let mut possible_ends: Vec<DateTime<Utc>> = possible.into_iter().map(|(_, e)| e).collect();
    possible_ends.dedup();
    Err(StayEndRefusal::EndNotOffered { possible_ends })
}
