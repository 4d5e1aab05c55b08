//! Words and numbers as residents read them: the allowance meter, the week of stays, renewal
//! and refund wording. Every time is local (Europe/London), through the rules crate.

use crate::model::{Permit, Stay};
use chrono::{DateTime, Days, NaiveDate, Utc};
use permit_rules::scheme::VisitorBundle;
use permit_rules::time::{display_date, display_end, display_instant, local, local_date};
use permit_rules::{PastPurchase, Scheme};

/// The allowance meter for one bundle product: (left, limit, words), where it has one.
pub fn allowance_meter(
    bundle: &VisitorBundle,
    history: &[PastPurchase],
    now: DateTime<Utc>,
) -> Option<(u32, u32, String)> {
    let allowance = bundle.allowance?;
    let state = permit_rules::allowance_state(allowance, &bundle.id, history, now);
    Some((state.left, state.limit, state.describe()))
}

/// "Saturday 5 December": a day heading in the week calendar.
pub fn day_heading(day: NaiveDate) -> String {
    day.format("%A %-d %B").to_string()
}

/// "09:00 to 23:59": a stay's times on its start day.
pub fn stay_times(stay: &Stay) -> String {
    let end = display_end(stay.end);
    let end_time = end.split(' ').next().unwrap_or_default().to_owned();
    format!("{} to {end_time}", local(stay.start).format("%H:%M"))
}

/// "From 09:00 on Tuesday 1 December 2026 until 23:59 on Tuesday 1 December 2026".
pub fn stay_span(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    format!("From {} until {}", display_instant(start), display_end(end))
}

/// The seven days from today, each with its stays (starting that local day), for the week
/// calendar of Upcoming stays.
pub fn week_of_stays(stays: &[Stay], now: DateTime<Utc>) -> Vec<(NaiveDate, Vec<Stay>)> {
    let today = local_date(now);
    (0..7u64)
        .filter_map(|n| today.checked_add_days(Days::new(n)))
        .map(|day| {
            let on_day = stays
                .iter()
                .filter(|s| local_date(s.start) == day)
                .cloned()
                .collect();
            (day, on_day)
        })
        .collect()
}

/// ACT-7: whether a stay can still be cancelled, and the deadline in words either way.
pub fn cancel_deadline(stay: &Stay, now: DateTime<Utc>) -> (bool, String) {
    let when = display_instant(stay.cancel_until);
    if now <= stay.cancel_until {
        (true, format!("You can cancel until {when}."))
    } else {
        (false, format!("It could be cancelled until {when}."))
    }
}

/// RP-4 / AVP-3: renewal open now (with the price), or the date it opens.
pub fn renewal_status(scheme: &Scheme, permit: &Permit, now: DateTime<Utc>) -> (bool, String) {
    match permit_rules::may_renew(scheme, &permit.held(), Some(permit.months), now) {
        Ok(quote) => (
            true,
            format!(
                "Renewal is open: {} for {} months, until {}.",
                quote.price,
                quote.months,
                display_end(quote.valid_until)
            ),
        ),
        Err(refusal) => (false, refusal.to_string()),
    }
}

/// RP-5 / AVP-4: what cancelling gives back, stated before the resident confirms.
pub fn refund_policy(scheme: &Scheme, permit: &Permit, now: DateTime<Utc>) -> String {
    match permit_rules::cancel_permit(scheme, &permit.held(), now) {
        Ok(cancellation) => format!(
            "{} Refund if you cancel now: {}.",
            cancellation.policy, cancellation.refund
        ),
        Err(refusal) => refusal.to_string(),
    }
}

/// A stay duration as offered: "2 hours", "All day".
pub fn minutes_label(minutes: u32) -> String {
    match minutes {
        1440 => "All day".to_owned(),
        60 => "1 hour".to_owned(),
        m if m % 60 == 0 => format!("{} hours", m / 60),
        m => format!("{m} minutes"),
    }
}

/// The last local day a permit is valid on, as the councils write dates.
pub fn expiry(permit: &Permit) -> String {
    display_date(permit_rules::expiry_date(permit.valid_until))
}

/// "Last updated 14:05 on Saturday 21 November 2026": the offline banner (app only).
pub fn last_synced(at: Option<DateTime<Utc>>) -> String {
    match at {
        Some(at) => format!(
            "You are offline. Showing your stays as saved at {}.",
            display_instant(at)
        ),
        None => "You are offline and no saved copy of your stays exists yet.".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{now, scheme};
    use permit_rules::scheme::Product;
    use permit_rules::{PermitType, Vrm};

    fn stay(start: &str, end: &str) -> Stay {
        let start: DateTime<Utc> = start.parse().expect("start");
        Stay {
            id: "s1".into(),
            vrm: Vrm::parse("AB12CDE").expect("vrm"),
            permit_type: PermitType::parse("visitor-bundle").expect("type"),
            start,
            end: end.parse().expect("end"),
            cancel_until: start,
        }
    }

    #[test]
    fn vp4_the_meter_says_what_is_left_and_when_it_resets() {
        let scheme = scheme("leicestershire");
        let Some(bundle) = scheme.visitor_products().next() else {
            panic!("no bundle")
        };
        let bought = PastPurchase {
            permit_type: bundle.id.clone(),
            permits: 10,
            at: "2026-11-02T10:00:00Z".parse().expect("instant"),
        };
        let (left, limit, words) = allowance_meter(bundle, &[bought], now()).expect("meter");
        assert_eq!((left, limit), (10, 20));
        assert_eq!(words, "10 of 20 left this month, resets 1 December 2026");
    }

    #[test]
    fn durations_read_as_hours() {
        assert_eq!(minutes_label(120), "2 hours");
        assert_eq!(minutes_label(1440), "All day");
        assert_eq!(minutes_label(90), "90 minutes");
    }

    #[test]
    fn act2_a_day_stay_reads_until_2359() {
        let day = stay("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z");
        assert_eq!(stay_times(&day), "00:00 to 23:59");
        assert_eq!(
            stay_span(day.start, day.end),
            "From 00:00 on Tuesday 1 December 2026 until 23:59 on Tuesday 1 December 2026"
        );
    }

    #[test]
    fn the_week_calendar_puts_each_stay_on_its_local_start_day() {
        let tomorrow = stay("2026-12-01T09:00:00Z", "2026-12-02T00:00:00Z");
        let later = stay("2026-12-20T09:00:00Z", "2026-12-21T00:00:00Z");
        let week = week_of_stays(&[tomorrow, later], now());
        assert_eq!(week.len(), 7);
        assert_eq!(week[1].1.len(), 1);
        assert_eq!(week.iter().map(|(_, s)| s.len()).sum::<usize>(), 1);
        assert_eq!(day_heading(week[1].0), "Tuesday 1 December");
    }

    #[test]
    fn act7_the_cancel_deadline_is_inclusive() {
        let s = stay("2026-11-30T10:00:00Z", "2026-12-01T00:00:00Z");
        assert!(cancel_deadline(&s, now()).0);
        assert!(!cancel_deadline(&s, now() + chrono::Duration::seconds(1)).0);
    }

    #[test]
    fn rp4_rp5_renewal_opens_30_days_before_expiry_and_no_refund() {
        let scheme = scheme("leicestershire");
        let Some(Product::VehiclePermit(product)) = scheme.products.get(1) else {
            panic!("resident permit")
        };
        let permit = Permit {
            id: "p1".into(),
            permit_type: product.id.clone(),
            vrm: Vrm::parse("AB12CDE").expect("vrm"),
            valid_from: "2026-01-10T00:00:00Z".parse().expect("from"),
            valid_until: "2027-01-10T00:00:00Z".parse().expect("until"),
            months: 12,
            price_paid: permit_rules::Pence(6000),
            status: "active".into(),
            property_id: "leicestershire-0001".into(),
            auto_renew: true,
            pending_vrm: None,
        };
        let (open, words) = renewal_status(&scheme, &permit, now());
        assert!(!open);
        assert!(words.contains("10 December 2026"), "{words}");
        assert!(renewal_status(&scheme, &permit, "2026-12-10T00:00:00Z".parse().expect("t")).0);
        assert!(refund_policy(&scheme, &permit, now()).contains("non-refundable"));
        assert_eq!(expiry(&permit), "9 January 2027");
    }
}
