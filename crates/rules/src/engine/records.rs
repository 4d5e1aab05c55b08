//! How long the enforcement log keeps a check (the council file's `[records]`).

use crate::scheme::Records;
use chrono::{DateTime, Duration, Utc};

/// The oldest moment still kept at `now`: checks made before it are due for deletion. Counted
/// in whole days of 24 hours, so a clock change moves it by at most an hour, which no dispute
/// turns on.
pub fn enforcement_checks_kept_from(records: Records, now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(i64::from(records.enforcement_checks_days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_check_is_kept_for_exactly_the_councils_days() {
        let now = Utc.with_ymd_and_hms(2028, 3, 1, 12, 0, 0).unwrap();
        let records = Records {
            enforcement_checks_days: 730,
        };
        // 2026-03-02 to 2028-03-01 is 730 days across 29 February 2028.
        assert_eq!(
            enforcement_checks_kept_from(records, now),
            Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap()
        );
    }
}
