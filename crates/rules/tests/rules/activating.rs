use super::support::{london, permit_type, scheme};
use chrono::{Duration, NaiveDate};
use permit_rules::Refusal;
use permit_rules::scheme::{Product, StayKind};
use permit_rules::{
    BundleBalance, NoPermitLeft, StayCancelRefusal, StayRefusal, StayRequest, may_cancel_stay,
    permits_held, pick_bundle, plan_stay,
};

fn day_stay(start: &str) -> StayRequest {
    StayRequest {
        permit_type: None,
        start: Some(london(start)),
        duration_minutes: None,
    }
}

fn timed_stay(start: &str, minutes: u32) -> StayRequest {
    StayRequest {
        permit_type: None,
        start: Some(london(start)),
        duration_minutes: Some(minutes),
    }
}

#[test]
fn act1_a_stay_may_start_up_to_the_end_of_the_fourteenth_day() {
    // docs/rules.md: booking on Monday 1 December allows starts up to the end of Monday 15 December.
    let hampshire = scheme("hampshire");
    let now = london("2025-12-01 09:00");
    let plan =
        plan_stay(&hampshire, &day_stay("2025-12-15 23:59"), now).expect("last minute of day 14");
    assert_eq!(plan.end, london("2025-12-16 00:00"));
    let refused = plan_stay(&hampshire, &day_stay("2025-12-16 00:00"), now).expect_err("day 15");
    assert_eq!(
        refused,
        StayRefusal::BeyondHorizon {
            horizon_days: 14,
            latest_day: NaiveDate::from_ymd_opt(2025, 12, 15).expect("date")
        }
    );
    assert_eq!(refused.field(), Some("start"));
    assert!(
        refused.to_string().contains("15 December 2025"),
        "{refused}"
    );
}

#[test]
fn act1_horizon_counts_local_days_across_the_october_clock_change() {
    // Booking at 23:30 BST on 24 October; 14 local days later is 7 November (GMT).
    let now = london("2026-10-24 23:30");
    let cambs = scheme("cambridgeshire");
    assert!(plan_stay(&cambs, &day_stay("2026-11-07 23:00"), now).is_ok());
    assert!(plan_stay(&cambs, &day_stay("2026-11-08 00:00"), now).is_err());
}

#[test]
fn act1_a_start_under_a_minute_ago_is_taken_as_now_and_older_is_refused() {
    let hampshire = scheme("hampshire");
    let now = london("2026-11-21 10:00:00");
    let plan =
        plan_stay(&hampshire, &day_stay("2026-11-21 09:59:01"), now).expect("59 seconds ago");
    assert_eq!(plan.start, now);
    let refused = plan_stay(&hampshire, &day_stay("2026-11-21 09:59:00"), now);
    assert_eq!(refused, Err(StayRefusal::StartInPast));
}

#[test]
fn act2_day_stay_lasts_until_local_midnight() {
    let hampshire = scheme("hampshire");
    let plan = plan_stay(
        &hampshire,
        &day_stay("2026-12-05 14:00"),
        london("2026-12-01 09:00"),
    )
    .expect("ok");
    assert_eq!(plan.end, london("2026-12-06 00:00"));
    assert_eq!(
        permit_rules::time::display_end(plan.end),
        "23:59 on Saturday 5 December 2026"
    );
}

#[test]
fn act2_day_stay_on_the_spring_forward_sunday_lasts_23_hours() {
    let plan = plan_stay(
        &scheme("hampshire"),
        &day_stay("2026-03-29 00:00"),
        london("2026-03-28 12:00"),
    )
    .expect("ok");
    assert_eq!(plan.end - plan.start, Duration::hours(23));
    assert_eq!(plan.end, london("2026-03-30 00:00"));
}

#[test]
fn act2_day_stay_on_the_autumn_back_sunday_lasts_25_hours() {
    let plan = plan_stay(
        &scheme("cambridgeshire"),
        &day_stay("2026-10-25 00:00"),
        london("2026-10-24 12:00"),
    )
    .expect("ok");
    assert_eq!(plan.end - plan.start, Duration::hours(25));
}

#[test]
fn act2_a_stay_at_2359_on_31_march_ends_at_midnight_into_1_april() {
    let plan = plan_stay(
        &scheme("hampshire"),
        &day_stay("2026-03-31 23:59"),
        london("2026-03-31 23:58"),
    )
    .expect("ok");
    assert_eq!(plan.end, london("2026-04-01 00:00"));
    assert_eq!(plan.end - plan.start, Duration::minutes(1));
}

#[test]
fn act2_month_end_stay_ends_on_the_first_of_the_next_month() {
    let plan = plan_stay(
        &scheme("hampshire"),
        &day_stay("2026-11-30 08:00"),
        london("2026-11-21 10:00"),
    )
    .expect("ok");
    assert_eq!(plan.end, london("2026-12-01 00:00"));
}

#[test]
fn act3_leicestershire_stays_need_a_duration_from_the_list() {
    let leics = scheme("leicestershire");
    assert_eq!(
        leics.stays.as_ref().map(|s| s.kind),
        Some(StayKind::Duration)
    );
    let now = london("2026-11-21 10:00");
    let refused = plan_stay(&leics, &day_stay("2026-11-22 10:00"), now).expect_err("no duration");
    assert_eq!(refused.code(), "duration_required");
    let refused =
        plan_stay(&leics, &timed_stay("2026-11-22 10:00", 7), now).expect_err("odd duration");
    assert_eq!(refused.code(), "duration_not_offered");
    let plan = plan_stay(&leics, &timed_stay("2026-11-22 10:00", 180), now).expect("3 hours");
    assert_eq!(plan.end, london("2026-11-22 13:00"));
    assert!(!plan.cut_at_day_end);
}

#[test]
fn act3_one_day_permit_with_a_duration_never_runs_into_the_next_day() {
    let plan = plan_stay(
        &scheme("leicestershire"),
        &timed_stay("2026-11-22 22:30", 180),
        london("2026-11-21 10:00"),
    )
    .expect("ok");
    assert_eq!(plan.end, london("2026-11-23 00:00"));
    assert!(plan.cut_at_day_end);
}

#[test]
fn act3_whole_day_councils_refuse_a_duration() {
    let refused = plan_stay(
        &scheme("hampshire"),
        &timed_stay("2026-11-22 10:00", 60),
        london("2026-11-21 10:00"),
    );
    assert_eq!(refused, Err(StayRefusal::DurationNotApplicable));
}

#[test]
fn act3_permit_type_must_be_chosen_where_the_resident_has_several() {
    let mut hampshire = scheme("hampshire");
    let mut second = hampshire
        .visitor_products()
        .next()
        .cloned()
        .expect("a bundle");
    second.id = permit_type("carer-visitor-bundle");
    hampshire.products.push(Product::VisitorBundle(second));
    let now = london("2026-11-21 10:00");
    let refused =
        plan_stay(&hampshire, &day_stay("2026-11-22 10:00"), now).expect_err("which one?");
    assert_eq!(refused.code(), "permit_type_required");
    let chosen = StayRequest {
        permit_type: Some(permit_type("carer-visitor-bundle")),
        ..day_stay("2026-11-22 10:00")
    };
    assert_eq!(
        plan_stay(&hampshire, &chosen, now).map(|p| p.permit_type),
        Ok(permit_type("carer-visitor-bundle"))
    );
}

#[test]
fn act3_leicester_sells_no_visitor_stays() {
    assert_eq!(
        plan_stay(
            &scheme("leicester"),
            &day_stay("2026-11-22 10:00"),
            london("2026-11-21 10:00")
        ),
        Err(StayRefusal::NoVisitorPermits)
    );
}

#[test]
fn act4_text_activation_starts_now_and_names_a_duration_only_in_leicestershire() {
    for (council, needs_duration) in [
        ("hampshire", false),
        ("cambridgeshire", false),
        ("leicestershire", true),
    ] {
        let s = scheme(council);
        let sms = s.stays.as_ref().and_then(|st| st.sms.clone()).expect("sms");
        assert_eq!(
            (
                sms.number.as_str(),
                sms.keyword.as_str(),
                sms.duration_required
            ),
            ("61600", "VISITOR", needs_duration)
        );
    }
    let now = london("2026-11-21 16:45");
    let plan = plan_stay(
        &scheme("hampshire"),
        &StayRequest {
            permit_type: None,
            start: None,
            duration_minutes: None,
        },
        now,
    )
    .expect("ok");
    assert_eq!((plan.start, plan.end), (now, london("2026-11-22 00:00")));
}

#[test]
fn act6_phone_options_are_council_data() {
    let option = |c: &str| {
        scheme(c)
            .stays
            .and_then(|s| s.phone)
            .and_then(|p| p.options.first().copied())
    };
    assert_eq!(option("hampshire"), Some(2));
    assert_eq!(option("cambridgeshire"), Some(1));
}

#[test]
fn act7_cancel_until_five_minutes_after_start_inclusive() {
    let leics = scheme("leicestershire");
    let start = london("2026-11-22 10:00");
    let ok =
        may_cancel_stay(&leics, start, start + Duration::minutes(5)).expect("exactly 5 minutes");
    assert!(ok.returns_permit);
    assert!(
        may_cancel_stay(
            &leics,
            start,
            start + Duration::minutes(5) - Duration::seconds(1)
        )
        .is_ok()
    );
    let refused = may_cancel_stay(
        &leics,
        start,
        start + Duration::minutes(5) + Duration::seconds(1),
    );
    assert_eq!(
        refused,
        Err(StayCancelRefusal::WindowClosed {
            deadline: london("2026-11-22 10:05")
        })
    );
}

#[test]
fn act7_plan_shows_the_cancel_deadline() {
    let leics = scheme("leicestershire");
    let plan = plan_stay(
        &leics,
        &timed_stay("2026-11-22 10:00", 60),
        london("2026-11-21 10:00"),
    )
    .expect("ok");
    assert_eq!(plan.cancel_until, london("2026-11-22 10:05"));
}

#[test]
fn act7_elsewhere_a_stay_can_be_cancelled_until_it_starts() {
    let hampshire = scheme("hampshire");
    let start = london("2026-11-22 10:00");
    assert!(may_cancel_stay(&hampshire, start, start).is_ok());
    assert!(may_cancel_stay(&hampshire, start, start + Duration::seconds(1)).is_err());
}

fn balance(id: u32, remaining: u32, expires: &str, usable: bool) -> BundleBalance<u32> {
    BundleBalance {
        id,
        permit_type: permit_type("visitor-bundle"),
        remaining,
        expires_at: london(expires),
        usable,
    }
}

#[test]
fn vp3_a_stay_spends_the_permit_that_expires_soonest_but_is_valid_at_its_start() {
    let bundles = [
        balance(1, 3, "2026-11-25 00:00", true),
        balance(2, 5, "2027-06-01 00:00", true),
        balance(3, 9, "2026-12-30 00:00", false),
        balance(4, 0, "2026-12-01 00:00", true),
    ];
    let vt = permit_type("visitor-bundle");
    assert_eq!(
        pick_bundle(&bundles, &vt, london("2026-11-24 10:00")).map(|b| b.id),
        Ok(1)
    );
    // Bundle 1 has expired by the 25th; 3 is under review; 4 is empty.
    assert_eq!(
        pick_bundle(&bundles, &vt, london("2026-11-25 00:00")).map(|b| b.id),
        Ok(2)
    );
    assert_eq!(
        permits_held(&bundles, &vt, london("2026-11-24 23:59:59")),
        8
    );
    assert_eq!(permits_held(&bundles, &vt, london("2026-11-25 00:00")), 5);
}

#[test]
fn vp3_unused_permits_that_expire_before_the_stay_cannot_be_used() {
    let bundles = [balance(1, 3, "2026-11-25 00:00", true)];
    let refused = pick_bundle(
        &bundles,
        &permit_type("visitor-bundle"),
        london("2026-11-26 10:00"),
    )
    .expect_err("expired");
    assert_eq!(
        refused,
        NoPermitLeft::ExpireBeforeStart {
            last_expiry: london("2026-11-25 00:00")
        }
    );
    assert!(
        refused
            .to_string()
            .contains("23:59 on Tuesday 24 November 2026"),
        "{refused}"
    );
    let none: [BundleBalance<u32>; 0] = [];
    assert_eq!(
        pick_bundle(
            &none,
            &permit_type("visitor-bundle"),
            london("2026-11-26 10:00")
        ),
        Err(NoPermitLeft::NoneLeft)
    );
}
