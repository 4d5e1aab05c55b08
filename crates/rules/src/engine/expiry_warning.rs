//! VP-3 expiry warnings (issue 18): unused visitor permits are taken off the account when they
//! expire, so the resident is warned once, `expiry_warning_days` before (the council file's
//! number, 30 in every file today). Which permits are due a warning at `now`, how many and the
//! date they go are decided here; the server stores who was warned and sends the message.

use crate::scheme::VisitorBundle;
use crate::time::{display_date, end_of_day, local_date};
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use std::collections::BTreeMap;
use std::fmt;

/// Unused permits of one bundle the resident holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnusedPermits {
    pub remaining: u32,
    /// Exclusive: the instant they are taken off the account.
    pub expires_at: DateTime<Utc>,
}

/// One warning: `permits` unused permits that expire on `expires_on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiryWarning {
    pub permits: u32,
    /// The date people read: permits expiring at the local midnight that starts 12 March
    /// "expire on 12 March".
    pub expires_on: NaiveDate,
    /// The last day a visit can start on and use them (the day before, for a midnight).
    pub last_day: NaiveDate,
}

impl fmt::Display for ExpiryWarning {
    /// Short enough for one text message (160 characters), which is how a resident with only
    /// a mobile is told.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (permits, verb) = match self.permits {
            1 => ("1 visitor permit".to_owned(), "expires"),
            n => (format!("{n} visitor permits"), "expire"),
        };
        write!(
            f,
            "{permits} {verb} on {}: use {} for visits starting by {}. You can turn these warnings off in Account.",
            display_date(self.expires_on),
            if self.permits == 1 { "it" } else { "them" },
            display_date(self.last_day),
        )
    }
}

/// Permits of `product` expiring before this instant are due their warning at `now`: those
/// whose expiry date is at most `expiry_warning_days` after today's local date, so a warning
/// goes out from 00:00 on the local date that many days before they expire. `None` when the
/// council file gives no warnings for the product.
pub fn expiry_warning_horizon(
    product: &VisitorBundle,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let days = product.expiry_warning_days?;
    let last_date = local_date(now).checked_add_days(Days::new(u64::from(days)))?;
    Some(end_of_day(last_date))
}

/// The warnings due at `now` for the unused permits `held` (of `product`), one per expiry
/// date, soonest first. Permits all used, already expired or not yet due give none.
pub fn expiry_warnings(
    product: &VisitorBundle,
    held: &[UnusedPermits],
    now: DateTime<Utc>,
) -> Vec<ExpiryWarning> {
    let Some(horizon) = expiry_warning_horizon(product, now) else {
        return Vec::new();
    };
    let mut by_date: BTreeMap<NaiveDate, ExpiryWarning> = BTreeMap::new();
    let due = held
        .iter()
        .filter(|h| h.remaining > 0 && h.expires_at > now && h.expires_at < horizon);
    for unused in due {
        let expires_on = local_date(unused.expires_at);
        let last_day = local_date(unused.expires_at - Duration::seconds(1));
        let warning = by_date.entry(expires_on).or_insert(ExpiryWarning {
            permits: 0,
            expires_on,
            last_day,
        });
        warning.permits += unused.remaining;
        warning.last_day = warning.last_day.min(last_day);
    }
    by_date.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{from_local, start_of_day};
    use crate::types::{Pence, PermitType};

    fn product(days: Option<u32>) -> VisitorBundle {
        VisitorBundle {
            id: PermitType::parse("visitor-bundle").expect("id"),
            name: "Visitor permits".into(),
            bundle_size: 10,
            price_pence: Pence(1500),
            max_quantity: 5,
            validity_months: 12,
            expiry_warning_days: days,
            review: false,
            allowance: None,
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn at(text: &str) -> DateTime<Utc> {
        from_local(chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("time"))
    }

    fn unused(remaining: u32, expires_on: NaiveDate) -> UnusedPermits {
        UnusedPermits {
            remaining,
            expires_at: start_of_day(expires_on),
        }
    }

    #[test]
    fn vp3_warning_is_due_from_00_00_on_the_local_date_30_days_before_expiry() {
        let held = [unused(4, date(2027, 3, 12))];
        let product = product(Some(30));
        assert!(expiry_warnings(&product, &held, at("2027-02-09 23:59")).is_empty());
        let due = expiry_warnings(&product, &held, at("2027-02-10 00:00"));
        assert_eq!(
            due,
            [ExpiryWarning {
                permits: 4,
                expires_on: date(2027, 3, 12),
                last_day: date(2027, 3, 11),
            }]
        );
        assert_eq!(
            due[0].to_string(),
            "4 visitor permits expire on 12 March 2027: use them for visits starting by 11 March 2027. You can turn these warnings off in Account."
        );
        assert!(
            due[0].to_string().chars().count() <= 160,
            "one text message"
        );
        // Still due (a late run after downtime) until the moment they expire.
        assert_eq!(
            expiry_warnings(&product, &held, at("2027-03-11 23:59")).len(),
            1
        );
        assert!(expiry_warnings(&product, &held, at("2027-03-12 00:00")).is_empty());
    }

    #[test]
    fn vp3_warning_counts_unused_permits_per_expiry_date_across_the_clock_change() {
        // 30 days before 10 April 2027 is 11 March, before the clocks go forward on 28 March:
        // the window is local dates, not 720 hours.
        let product = product(Some(30));
        let held = [
            unused(3, date(2027, 4, 10)),
            unused(0, date(2027, 4, 10)),
            unused(2, date(2027, 4, 10)),
            unused(5, date(2027, 4, 11)),
        ];
        assert!(expiry_warnings(&product, &held, at("2027-03-10 23:59")).is_empty());
        let due = expiry_warnings(&product, &held, at("2027-03-11 00:00"));
        assert_eq!(due.len(), 1, "the 11 April permits are not due yet");
        assert_eq!((due[0].permits, due[0].expires_on), (5, date(2027, 4, 10)));
        let both = expiry_warnings(&product, &held, at("2027-03-12 09:00"));
        assert_eq!(
            both.iter().map(|w| w.permits).collect::<Vec<_>>(),
            [5, 5],
            "one warning per date, soonest first"
        );
        let one = ExpiryWarning {
            permits: 1,
            ..both[0]
        };
        assert!(
            one.to_string()
                .starts_with("1 visitor permit expires on 10 April 2027: use it")
        );
    }

    #[test]
    fn vp3_no_warning_for_used_permits_or_where_the_council_gives_none() {
        let held = [unused(0, date(2027, 3, 12))];
        assert!(expiry_warnings(&product(Some(30)), &held, at("2027-03-01 12:00")).is_empty());
        let held = [unused(4, date(2027, 3, 12))];
        assert!(expiry_warnings(&product(None), &held, at("2027-03-01 12:00")).is_empty());
        assert_eq!(
            expiry_warning_horizon(&product(None), at("2027-03-01 12:00")),
            None
        );
    }
}
