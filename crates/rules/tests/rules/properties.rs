//! Properties that hold for any history and any instant, not just the cases we thought of.

use super::support::{london, permit_type, scheme};
use chrono::{DateTime, Datelike, Duration, Utc};
use permit_rules::scheme::Allowance;
use permit_rules::time::{add_months, local_date, next_midnight};
use permit_rules::{
    PastPurchase, PurchaseRequest, RegistrationStatus, StayRequest, allowance_state,
    check_purchase, plan_stay,
};
use proptest::prelude::*;

const ACTIVE: RegistrationStatus = RegistrationStatus::Active { until: None };

/// Attempts: (minutes after the first, bundles asked for).
fn attempts() -> impl Strategy<Value = Vec<(u32, u32)>> {
    prop::collection::vec((0u32..60 * 24 * 30 * 40, 1u32..4), 1..40)
}

fn run_purchases(council: &str, attempts: &[(u32, u32)]) -> Vec<PastPurchase> {
    let s = scheme(council);
    let base = london("2025-01-15 12:00");
    let mut offsets: Vec<(u32, u32)> = attempts.to_vec();
    offsets.sort();
    let mut history = Vec::new();
    for (minutes, quantity) in offsets {
        let now = base + Duration::minutes(i64::from(minutes));
        let request = PurchaseRequest {
            permit_type: permit_type("visitor-bundle"),
            quantity,
            duration_months: None,
            vrm: None,
        };
        if let Ok(quote) = check_purchase(&s, &request, &history, &ACTIVE, now) {
            history.push(PastPurchase {
                permit_type: quote.permit_type,
                permits: quote.permits,
                at: now,
            });
        }
    }
    history
}

/// An oracle written independently of the engine: the permits counted in the window that
/// holds `at`, by the window's own definition in docs/rules.md.
fn counted_in_window(allowance: Allowance, history: &[PastPurchase], at: DateTime<Utc>) -> u32 {
    let day = local_date(at);
    history
        .iter()
        .filter(|p| {
            let d = local_date(p.at);
            match allowance {
                Allowance::CalendarMonth { .. } => {
                    (d.year(), d.month()) == (day.year(), day.month())
                }
                Allowance::YearFrom {
                    month, day: first, ..
                } => {
                    let year_of = |x: chrono::NaiveDate| {
                        if (x.month(), x.day()) >= (month, first) {
                            x.year()
                        } else {
                            x.year() - 1
                        }
                    };
                    year_of(d) == year_of(day)
                }
                Allowance::Anniversary { .. } => d <= day && add_months(d, 12) > day,
            }
        })
        .map(|p| p.permits)
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn vp2_vp4_vp5_no_sequence_of_purchases_exceeds_the_allowance(attempts in attempts()) {
        for council in ["hampshire", "leicestershire", "cambridgeshire"] {
            let allowance = scheme(council).visitor_products().next().and_then(|b| b.allowance).expect("allowance");
            let history = run_purchases(council, &attempts);
            for purchase in &history {
                let counted = counted_in_window(allowance, &history, purchase.at);
                prop_assert!(counted <= allowance.permits(), "{council}: {counted} in the window of {}", purchase.at);
            }
        }
    }

    #[test]
    fn vp2_permits_left_never_go_negative_whatever_the_history(
        bought in prop::collection::vec((0u32..60 * 24 * 800, 1u32..200), 0..30),
        probe in 0u32..60 * 24 * 800,
    ) {
        // Histories can hold more than the allowance (an officer's correction, an older rule):
        // "left" still never underflows and never exceeds the limit.
        let base = london("2025-01-15 12:00");
        let history: Vec<PastPurchase> = bought
            .iter()
            .map(|(m, n)| PastPurchase { permit_type: permit_type("visitor-bundle"), permits: *n, at: base + Duration::minutes(i64::from(*m)) })
            .collect();
        let now = base + Duration::minutes(i64::from(probe));
        for council in ["hampshire", "leicestershire", "cambridgeshire"] {
            let allowance = scheme(council).visitor_products().next().and_then(|b| b.allowance).expect("allowance");
            let state = allowance_state(allowance, &permit_type("visitor-bundle"), &history, now);
            prop_assert!(state.left <= state.limit);
            prop_assert_eq!(state.left, state.limit.saturating_sub(state.used));
        }
    }

    #[test]
    fn act2_no_day_stay_ever_crosses_local_midnight(
        now_minutes in 0u32..60 * 24 * 365 * 3,
        ahead_minutes in 0u32..60 * 24 * 15,
        duration_index in 0usize..7,
    ) {
        let now = london("2025-01-01 00:00") + Duration::minutes(i64::from(now_minutes));
        let start = now + Duration::minutes(i64::from(ahead_minutes));
        for council in ["hampshire", "cambridgeshire", "leicestershire"] {
            let s = scheme(council);
            let durations = s.stays.as_ref().map(|st| st.durations_minutes.clone()).unwrap_or_default();
            let duration = durations.get(duration_index % durations.len().max(1)).copied();
            let request = StayRequest { permit_type: None, start: Some(start), duration_minutes: duration };
            if let Ok(plan) = plan_stay(&s, &request, now) {
                prop_assert!(plan.end > plan.start);
                prop_assert!(plan.end <= next_midnight(plan.start), "{council}: {} to {}", plan.start, plan.end);
                prop_assert_eq!(local_date(plan.start), local_date(plan.end - Duration::seconds(1)));
            }
        }
    }
}
