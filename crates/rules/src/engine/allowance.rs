//! How many permits a resident may still buy, and when more come back (VP-2, VP-4, VP-5).

use crate::scheme::Allowance;
use crate::time::{add_months, display_date, local_date, start_of_day, sub_months};
use crate::types::PermitType;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A purchase that counts against the allowance. Callers leave out purchases that were
/// rejected or refunded: their permits return to the allowance (VP-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastPurchase {
    pub permit_type: PermitType,
    pub permits: u32,
    pub at: DateTime<Utc>,
}

/// Where a resident stands against an allowance at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowanceState {
    pub allowance: Allowance,
    pub limit: u32,
    pub used: u32,
    pub left: u32,
    /// The next instant permits come back, and how many.
    pub next_reset: Option<Reset>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reset {
    pub at: DateTime<Utc>,
    pub permits: u32,
}

/// The allowance state of one product at `now`.
pub fn allowance_state(
    allowance: Allowance,
    permit_type: &PermitType,
    history: &[PastPurchase],
    now: DateTime<Utc>,
) -> AllowanceState {
    let today = local_date(now);
    let counted = history.iter().filter(|p| &p.permit_type == permit_type);
    let limit = allowance.permits();
    let (used, next_reset) = match allowance {
        Allowance::CalendarMonth { .. } | Allowance::YearFrom { .. } => {
            let (start, end) = fixed_window(allowance, today);
            let used = counted
                .filter(|p| (start..end).contains(&local_date(p.at)))
                .map(|p| p.permits)
                .fold(0u32, u32::saturating_add);
            let reset = Reset {
                at: start_of_day(end),
                permits: used,
            };
            (used, Some(reset))
        }
        Allowance::Anniversary { .. } => {
            // VP-2: bought on D, available again from D + 12 months.
            let live: Vec<(NaiveDate, u32)> = counted
                .map(|p| (add_months(local_date(p.at), 12), p.permits))
                .filter(|(back, _)| *back > today)
                .collect();
            let used = live.iter().map(|(_, n)| *n).fold(0u32, u32::saturating_add);
            let reset = live.iter().map(|(back, _)| *back).min().map(|first| Reset {
                at: start_of_day(first),
                permits: live
                    .iter()
                    .filter(|(b, _)| *b == first)
                    .map(|(_, n)| *n)
                    .sum(),
            });
            (used, reset)
        }
    };
    AllowanceState {
        allowance,
        limit,
        used,
        left: limit.saturating_sub(used),
        next_reset,
    }
}

/// The [start, end) local dates of the calendar window holding `today`.
fn fixed_window(allowance: Allowance, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    match allowance {
        Allowance::CalendarMonth { .. } => {
            let start = today.with_day(1).unwrap_or(today);
            (start, add_months(start, 1))
        }
        Allowance::YearFrom { month, day, .. } => {
            let this_year = NaiveDate::from_ymd_opt(today.year(), month, day).unwrap_or(today);
            let start = if this_year <= today {
                this_year
            } else {
                sub_months(this_year, 12)
            };
            (start, add_months(start, 12))
        }
        Allowance::Anniversary { .. } => (sub_months(today, 12), today),
    }
}

impl AllowanceState {
    /// When at least `wanted` permits can be bought, if ever.
    pub(crate) fn available_from(
        &self,
        wanted: u32,
        history_returns: &[Reset],
    ) -> Option<DateTime<Utc>> {
        if wanted > self.limit {
            return None;
        }
        let mut left = self.left;
        for reset in history_returns {
            left = left.saturating_add(reset.permits).min(self.limit);
            if left >= wanted {
                return Some(reset.at);
            }
        }
        None
    }

    /// "14 of 20 left this month, resets 1 December 2026".
    pub fn describe(&self) -> String {
        let head = format!("{} of {} left", self.left, self.limit);
        let when = |r: &Reset| display_date(local_date(r.at));
        match (self.allowance, &self.next_reset) {
            (Allowance::CalendarMonth { .. }, Some(r)) => {
                format!("{head} this month, resets {}", when(r))
            }
            (Allowance::YearFrom { .. }, Some(r)) => {
                format!("{head} this year, resets {}", when(r))
            }
            (Allowance::Anniversary { .. }, Some(r)) => {
                format!("{head} this year; {} come back on {}", r.permits, when(r))
            }
            (_, None) => format!("{head} this year"),
        }
    }
}

/// Every future instant permits come back, soonest first, with how many.
pub(crate) fn future_returns(
    allowance: Allowance,
    permit_type: &PermitType,
    history: &[PastPurchase],
    now: DateTime<Utc>,
) -> Vec<Reset> {
    let state = allowance_state(allowance, permit_type, history, now);
    match allowance {
        Allowance::Anniversary { .. } => {
            let today = local_date(now);
            let mut returns: Vec<Reset> = history
                .iter()
                .filter(|p| &p.permit_type == permit_type)
                .map(|p| (add_months(local_date(p.at), 12), p.permits))
                .filter(|(back, _)| *back > today)
                .map(|(back, permits)| Reset {
                    at: start_of_day(back),
                    permits,
                })
                .collect();
            returns.sort_by_key(|r| r.at);
            returns
        }
        _ => state.next_reset.into_iter().collect(),
    }
}
