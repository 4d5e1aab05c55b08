//! ACT-6: a phone agent takes down the start and the end of a stay; the engine reads them as
//! the app's request, or names the ends a stay starting then can have.

use super::support::{london, scheme};
use permit_rules::{Refusal, StayEndRefusal, plan_stay, stay_between};

#[test]
fn act6_a_day_stay_ends_at_2359_on_its_day_as_the_caller_says_it() {
    let hampshire = scheme("hampshire");
    let start = london("2026-07-02 08:00");
    for end in ["2026-07-02 23:59", "2026-07-03 00:00"] {
        let request = stay_between(&hampshire, None, start, london(end)).expect(end);
        assert_eq!(request.start, Some(start));
        assert_eq!(request.duration_minutes, None);
        let plan = plan_stay(&hampshire, &request, london("2026-07-01 10:00")).expect("plan");
        assert_eq!(plan.end, london("2026-07-03 00:00"));
    }
    let refused = stay_between(&hampshire, None, start, london("2026-07-02 17:00"))
        .expect_err("a day permit runs to the end of its day");
    assert_eq!(
        refused,
        StayEndRefusal::EndNotOffered {
            possible_ends: vec![london("2026-07-03 00:00")]
        }
    );
    assert_eq!(refused.code(), "end_not_offered");
    assert_eq!(refused.field(), Some("end"));
    assert!(
        refused
            .to_string()
            .contains("23:59 on Thursday 2 July 2026")
    );
}

#[test]
fn act6_where_durations_are_sold_the_end_picks_one() {
    let leicestershire = scheme("leicestershire");
    let start = london("2026-07-02 09:00");
    let request =
        stay_between(&leicestershire, None, start, london("2026-07-02 12:00")).expect("3 hours");
    assert_eq!(request.duration_minutes, Some(180));
    // A 24-hour permit from 09:00 ends with the day, as it would in the app.
    let request =
        stay_between(&leicestershire, None, start, london("2026-07-02 23:59")).expect("day end");
    assert_eq!(request.duration_minutes, Some(1440));
    let refused = stay_between(&leicestershire, None, start, london("2026-07-02 10:30"))
        .expect_err("90 minutes is not sold");
    let StayEndRefusal::EndNotOffered { possible_ends } = refused else {
        panic!("wrong refusal: {refused:?}");
    };
    assert_eq!(possible_ends.first(), Some(&london("2026-07-02 10:00")));
    assert_eq!(possible_ends.last(), Some(&london("2026-07-03 00:00")));
}

#[test]
fn act6_an_end_before_the_start_is_refused() {
    let hampshire = scheme("hampshire");
    let start = london("2026-07-02 08:00");
    let refused =
        stay_between(&hampshire, None, start, london("2026-07-02 07:00")).expect_err("backwards");
    assert_eq!(refused, StayEndRefusal::EndBeforeStart);
    assert_eq!(refused.code(), "end_before_start");
}
