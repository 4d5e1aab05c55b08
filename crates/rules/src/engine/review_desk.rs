//! How the council's review queue is ordered and what counts as late (issue 17, REG-3: "they
//! aim for 24 hours"). Every item waiting for an officer is due the council's target after it
//! was submitted; overdue items come first, then the rest oldest first.

use crate::scheme::ReviewDesk;
use chrono::{DateTime, Duration, Utc};

/// Where one item stands against the council's review target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewClock {
    pub due_at: DateTime<Utc>,
    pub overdue: bool,
}

/// The item's due time and whether `now` is past it.
pub fn review_clock(
    desk: &ReviewDesk,
    submitted: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ReviewClock {
    let due_at = submitted + Duration::hours(i64::from(desk.review_target_hours));
    ReviewClock {
        due_at,
        overdue: now > due_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desk(hours: u32) -> ReviewDesk {
        ReviewDesk {
            review_target_hours: hours,
            reject_reasons: Vec::new(),
        }
    }

    #[test]
    fn reg_3_an_item_is_overdue_only_once_the_target_has_passed() {
        let submitted = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
        let due = submitted + Duration::hours(24);
        assert_eq!(review_clock(&desk(24), submitted, due).due_at, due);
        assert!(!review_clock(&desk(24), submitted, due).overdue);
        assert!(review_clock(&desk(24), submitted, due + Duration::seconds(1)).overdue);
        assert!(!review_clock(&desk(48), submitted, due + Duration::seconds(1)).overdue);
    }
}
