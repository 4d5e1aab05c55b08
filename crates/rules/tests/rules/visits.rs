//! Multi-day visits (issue 13, ACT-1, ACT-2, ACT-7) and the overlap question (issue 14, ACT-3).

use super::support::{london, permit_type, scheme};
use chrono::NaiveDate;
use permit_rules::time::display_end;
use permit_rules::{
    BundleBalance, NoPermitLeft, Refusal, StayRefusal, StayRequest, check_overlap, pick_bundles,
    plan_visit,
};

fn from(start: &str) -> StayRequest {
    StayRequest {
        permit_type: None,
        start: Some(london(start)),
        duration_minutes: None,
    }
}

#[test]
fn act2_a_three_day_visit_is_three_whole_days_and_ends_at_2359_on_the_last() {
    let hampshire = scheme("hampshire");
    let now = london("2026-11-30 10:00");
    let days = plan_visit(&hampshire, &from("2026-12-01 09:00"), 3, now).expect("three days");
    let spans: Vec<_> = days.iter().map(|d| (d.start, d.end)).collect();
    assert_eq!(
        spans,
        vec![
            (london("2026-12-01 09:00"), london("2026-12-02 00:00")),
            (london("2026-12-02 00:00"), london("2026-12-03 00:00")),
            (london("2026-12-03 00:00"), london("2026-12-04 00:00")),
        ]
    );
    assert_eq!(
        display_end(days[2].end),
        "23:59 on Thursday 3 December 2026"
    );
    // Each day is cancellable until it starts (ACT-7 as Hampshire reads it).
    assert_eq!(days[1].cancel_until, london("2026-12-02 00:00"));
}

#[test]
fn act2_a_visit_across_the_october_clock_change_keeps_local_midnights() {
    let cambs = scheme("cambridgeshire");
    let now = london("2026-10-24 12:00");
    let days = plan_visit(&cambs, &from("2026-10-24 18:00"), 2, now).expect("two days");
    assert_eq!(days[1].start, london("2026-10-25 00:00"));
    assert_eq!(days[1].end, london("2026-10-26 00:00"));
    assert_eq!((days[1].end - days[1].start).num_hours(), 25);
}

#[test]
fn act1_every_day_of_a_visit_starts_within_the_horizon() {
    let hampshire = scheme("hampshire");
    let now = london("2026-12-01 09:00");
    // The 14-day horizon ends on 15 December: a visit from the 13th may last 3 days, not 4.
    assert_eq!(
        plan_visit(&hampshire, &from("2026-12-13 10:00"), 3, now)
            .expect("to the 15th")
            .len(),
        3
    );
    let refused = plan_visit(&hampshire, &from("2026-12-13 10:00"), 4, now).expect_err("16th");
    assert_eq!(
        refused,
        StayRefusal::VisitBeyondHorizon {
            horizon_days: 14,
            latest_day: NaiveDate::from_ymd_opt(2026, 12, 15).expect("date"),
        }
    );
    assert_eq!(refused.field(), Some("days"));
    assert_eq!(refused.code(), "visit_beyond_horizon");
}

#[test]
fn act3_multi_day_visits_only_where_the_council_file_allows_them() {
    let now = london("2026-12-01 09:00");
    // Leicestershire's stays have durations within one day: one day per booking.
    let leics = scheme("leicestershire");
    let refused = plan_visit(&leics, &from("2026-12-02 10:00"), 2, now).expect_err("durations");
    assert_eq!(refused, StayRefusal::MultiDayNotOffered);
    let hampshire = scheme("hampshire");
    let max = hampshire.stays.as_ref().expect("stays").max_visit_days;
    assert_eq!(max, 7);
    assert!(plan_visit(&hampshire, &from("2026-12-02 10:00"), max, now).is_ok());
    for days in [0, max + 1] {
        assert_eq!(
            plan_visit(&hampshire, &from("2026-12-02 10:00"), days, now),
            Err(StayRefusal::DaysNotOffered {
                requested: days,
                max_days: max
            })
        );
    }
}

fn bundle(id: &'static str, remaining: u32, expires: &str) -> BundleBalance<&'static str> {
    BundleBalance {
        id,
        permit_type: permit_type("visitor-bundle"),
        remaining,
        expires_at: london(expires),
        usable: true,
    }
}

#[test]
fn act3_each_day_of_a_visit_spends_one_permit_soonest_expiring_first() {
    let bundles = [
        bundle("old", 1, "2026-12-03 00:00"),
        bundle("new", 5, "2027-11-01 00:00"),
    ];
    let starts = [
        london("2026-12-01 09:00"),
        london("2026-12-02 00:00"),
        london("2026-12-03 00:00"),
    ];
    let picked = pick_bundles(&bundles, &permit_type("visitor-bundle"), &starts).expect("enough");
    assert_eq!(picked, vec![&"old", &"new", &"new"]);
}

#[test]
fn act3_a_visit_the_permits_cannot_cover_is_refused_whole() {
    let bundles = [bundle("only", 2, "2027-11-01 00:00")];
    let starts = [
        london("2026-12-01 09:00"),
        london("2026-12-02 00:00"),
        london("2026-12-03 00:00"),
    ];
    let refused =
        pick_bundles(&bundles, &permit_type("visitor-bundle"), &starts).expect_err("two of three");
    assert_eq!(
        refused,
        NoPermitLeft::NotEnough {
            needed: 3,
            usable: 2
        }
    );
    assert_eq!(refused.code(), "not_enough_permits");
    assert!(refused.to_string().contains("needs 3"), "{refused}");
}

#[test]
fn act3_an_overlapping_visit_for_the_same_car_is_asked_about_first() {
    let hampshire = scheme("hampshire");
    let now = london("2026-11-30 10:00");
    let days = plan_visit(&hampshire, &from("2026-12-01 12:00"), 1, now).expect("one day");
    let existing = [(london("2026-12-01 09:00"), london("2026-12-02 00:00"))];
    let question = check_overlap(&existing, &days, false, now).expect_err("overlaps");
    assert_eq!(
        question.to_string(),
        "This car already has a visit on Tuesday from 09:00; book another?"
    );
    assert_eq!(question.code(), "overlapping_stay");
    assert!(
        check_overlap(&existing, &days, true, now).is_ok(),
        "confirmed"
    );
    // Back to back is no overlap: the earlier visit ends as the new one starts.
    let next_day = plan_visit(&hampshire, &from("2026-12-02 00:00"), 2, now).expect("two");
    assert!(check_overlap(&existing, &next_day, false, now).is_ok());
    // A start more than a week away is named with its date.
    let later = [(london("2026-12-08 09:00"), london("2026-12-09 00:00"))];
    let days = plan_visit(&hampshire, &from("2026-12-07 09:00"), 2, now).expect("two");
    assert_eq!(
        check_overlap(&later, &days, false, now)
            .expect_err("second day overlaps")
            .to_string(),
        "This car already has a visit on Tuesday 8 December from 09:00; book another?"
    );
}
