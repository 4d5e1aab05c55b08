//! Multi-day visits (issue 13: ACT-1, ACT-2, ACT-7), the overlap question (issue 14, ACT-3)
//! and non-UK plates (issue 13, ACT-3), against the real server.

use crate::helpers::{
    assert_refused, bundles, enforcement_key, hampshire_with_permits, join_all, key, remaining,
    spawn_app, stand_at,
};
use chrono::Duration;
use permit_client::types::StayBooking;
use permit_rules::time::{display_end, from_local};
use permit_test_support::PaysOnSandbox;

fn local(wall: &str) -> chrono::DateTime<chrono::Utc> {
    from_local(chrono::NaiveDateTime::parse_from_str(wall, "%Y-%m-%d %H:%M").expect("wall time"))
}

fn visit(vrm: &str, start: &str, days: u32) -> StayBooking {
    StayBooking {
        vrm: vrm.into(),
        start: Some(local(start)),
        days: Some(days),
        ..StayBooking::default()
    }
}

#[tokio::test]
async fn act2_a_three_day_visit_spends_three_permits_and_ends_at_2359_on_its_last_day() {
    let app = spawn_app().await;
    stand_at(&app, "2026-12-01 10:00").await;
    let resident = hampshire_with_permits(&app, "visit3@example.org").await;
    let first = resident
        .book_stay(&visit("AB12CDE", "2026-12-02 09:00", 3))
        .await
        .expect("three days");
    let span = first.visit.clone().expect("a visit");
    assert_eq!(span.days, 3);
    assert_eq!(
        (first.starts_at, first.ends_at),
        (local("2026-12-02 09:00"), local("2026-12-03 00:00"))
    );
    assert_eq!(span.ends_at, local("2026-12-05 00:00"));
    assert_eq!(display_end(span.ends_at), "23:59 on Friday 4 December 2026");
    assert_eq!(remaining(&resident).await, 7, "one permit a day");
    let upcoming = resident.stays("upcoming").await.expect("stays");
    let starts: Vec<_> = upcoming.iter().map(|s| s.starts_at).collect();
    assert_eq!(
        starts,
        vec![
            local("2026-12-02 09:00"),
            local("2026-12-03 00:00"),
            local("2026-12-04 00:00")
        ]
    );
    assert!(upcoming.iter().all(|s| s.visit.as_ref() == Some(&span)));
    // Enforcement sees each day: the last second of the last day, and not after.
    let key = enforcement_key("hampshire");
    let ask = |at| {
        app.client
            .enforcement_check(&key, "AB12CDE", "W1", Some(at))
    };
    let last = ask(span.ends_at - Duration::seconds(1))
        .await
        .expect("check");
    assert!(last.permitted, "23:59:59 on the last day");
    assert!(!ask(span.ends_at).await.expect("check").permitted);
}

#[tokio::test]
async fn act1_a_visit_whose_last_day_is_past_the_horizon_is_refused_and_spends_nothing() {
    let app = spawn_app().await;
    stand_at(&app, "2026-12-01 10:00").await;
    let resident = hampshire_with_permits(&app, "far@example.org").await;
    let error = resident
        .book_stay(&visit("AB12CDE", "2026-12-13 09:00", 4))
        .await
        .expect_err("16 December is day 15");
    assert_refused(&error, 422, "visit_beyond_horizon", "days");
    resident
        .book_stay(&visit("AB12CDE", "2026-12-13 09:00", 3))
        .await
        .expect("to 15 December");
    assert_eq!(remaining(&resident).await, 7);
}

#[tokio::test]
async fn act3_multi_day_visits_only_where_the_council_allows_and_up_to_its_maximum() {
    let app = spawn_app().await;
    stand_at(&app, "2026-12-01 10:00").await;
    let hants = hampshire_with_permits(&app, "max@example.org").await;
    let error = hants
        .book_stay(&visit("AB12CDE", "2026-12-02 09:00", 8))
        .await
        .expect_err("over 7");
    assert_refused(&error, 422, "days_not_offered", "days");
    let leics = app
        .resident("leicestershire", "leics-days@example.org")
        .await;
    app.approved_purchase(&leics, &bundles("visitor-bundle", 1))
        .await;
    let mut durations = visit("AB12CDE", "2026-12-02 09:00", 2);
    durations.duration_minutes = Some(60);
    let error = leics.book_stay(&durations).await.expect_err("durations");
    assert_refused(&error, 422, "multi_day_not_offered", "days");
    assert_eq!(remaining(&hants).await, 10);
}

#[tokio::test]
async fn act3_a_visit_the_permits_cannot_cover_books_no_day_at_all() {
    let app = spawn_app().await;
    stand_at(&app, "2026-12-01 10:00").await;
    let resident = hampshire_with_permits(&app, "short@example.org").await;
    resident
        .book_stay(&visit("AB12CDE", "2026-12-02 09:00", 7))
        .await
        .expect("7 of 10");
    let error = resident
        .book_stay(&visit("CD34EFG", "2026-12-02 09:00", 4))
        .await
        .expect_err("3 left");
    assert_refused(&error, 422, "not_enough_permits", "permit_type");
    assert_eq!(remaining(&resident).await, 3);
    assert_eq!(resident.stays("upcoming").await.expect("stays").len(), 7);
}

#[tokio::test]
async fn act3_two_racing_visits_cannot_both_have_the_last_permits() {
    let app = spawn_app().await;
    stand_at(&app, "2026-12-01 10:00").await;
    let resident = hampshire_with_permits(&app, "race@example.org").await;
    let plates = ["AB12CDE", "CD34EFG", "EF56GHJ", "GH78JKL"];
    let attempts = plates.iter().map(|vrm| {
        let (resident, booking) = (resident.clone(), visit(vrm, "2026-12-02 09:00", 4));
        async move { resident.book_stay(&booking).await }
    });
    let results = join_all(attempts).await;
    let booked = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(booked, 2, "10 permits cover two 4-day visits, not three");
    assert_eq!(remaining(&resident).await, 2);
    assert_eq!(resident.stays("upcoming").await.expect("stays").len(), 8);
}

#[tokio::test]
async fn act7_cancelling_a_visit_gives_back_the_permits_of_the_days_not_yet_started() {
    let app = spawn_app().await;
    stand_at(&app, "2026-12-01 10:00").await;
    let resident = hampshire_with_permits(&app, "cancel@example.org").await;
    let first = resident
        .book_stay(&visit("AB12CDE", "2026-12-02 09:00", 3))
        .await
        .expect("three days");
    let days = resident.stays("upcoming").await.expect("stays");
    // On the second day, the first has ended and the second has started: only the third
    // can still be cancelled (Hampshire: until a stay starts), whichever day is asked.
    stand_at(&app, "2026-12-03 10:00").await;
    let resident =
        permit_test_support::resident::log_in(&app.client, "hampshire", "cancel@example.org").await;
    let error = resident
        .cancel_stay(&days[1].id)
        .await
        .expect_err("running");
    assert_refused(&error, 422, "cancel_window_closed", None);
    let third = resident.cancel_stay(&days[2].id).await.expect("cancelled");
    assert_eq!(third.status, "cancelled");
    assert_eq!(
        remaining(&resident).await,
        8,
        "the third day's permit is back"
    );
    let second = resident.stay(&days[1].id).await.expect("kept");
    assert_eq!(second.status, "active");
    assert_eq!(
        resident.stay(&first.id).await.expect("day 1").status,
        "ended"
    );
    // Before a visit starts, cancelling any day cancels all of its days.
    let next = resident
        .book_stay(&visit("CD34EFG", "2026-12-05 09:00", 2))
        .await
        .expect("two days");
    resident.cancel_stay(&next.id).await.expect("cancelled");
    assert_eq!(remaining(&resident).await, 8);
    let upcoming = resident.stays("upcoming").await.expect("stays");
    assert!(upcoming.iter().all(|s| s.vrm != "CD34EFG"), "{upcoming:?}");
}

#[tokio::test]
async fn act3_booking_a_car_over_its_own_visit_is_asked_first_and_booked_only_when_confirmed() {
    let app = spawn_app().await;
    stand_at(&app, "2026-11-30 10:00").await;
    let resident = hampshire_with_permits(&app, "overlap@example.org").await;
    resident
        .book_stay(&visit("AB12CDE", "2026-12-01 09:00", 1))
        .await
        .expect("Tuesday");
    let again = visit("ab12 cde", "2026-12-01 14:00", 1);
    let error = resident.book_stay(&again).await.expect_err("overlaps");
    assert_refused(&error, 409, "overlapping_stay", None);
    assert!(
        error
            .to_string()
            .contains("This car already has a visit on Tuesday from 09:00; book another?"),
        "{error}"
    );
    assert_eq!(remaining(&resident).await, 9, "the question spends nothing");
    // A multi-day visit whose second day overlaps is asked about too.
    let error = resident
        .book_stay(&visit("AB12CDE", "2026-11-30 12:00", 2))
        .await
        .expect_err("Tuesday again");
    assert_refused(&error, 409, "overlapping_stay", None);
    // Another car, or the next day, is no overlap.
    resident
        .book_stay(&visit("CD34EFG", "2026-12-01 14:00", 1))
        .await
        .expect("another car");
    resident
        .book_stay(&visit("AB12CDE", "2026-12-02 00:00", 1))
        .await
        .expect("back to back");
    let confirmed = StayBooking {
        confirm_overlap: true,
        ..again
    };
    resident.book_stay(&confirmed).await.expect("confirmed");
    assert_eq!(remaining(&resident).await, 6);
}

#[tokio::test]
async fn act3_a_non_uk_plate_is_booked_by_choice_and_enforcement_is_told() {
    let app = spawn_app().await;
    stand_at(&app, "2026-12-01 10:00").await;
    let resident = hampshire_with_permits(&app, "abroad@example.org").await;
    let mut german = visit("M-AB 1234E", "2026-12-02 09:00", 1);
    let error = resident.book_stay(&german).await.expect_err("not UK");
    assert_refused(&error, 422, "vrm_invalid_character", "vrm");
    german.non_uk_plate = true;
    let stay = resident.book_stay(&german).await.expect("non-UK");
    assert_eq!((stay.vrm.as_str(), stay.non_uk_plate), ("MAB1234E", true));
    let too_long = StayBooking {
        vrm: "ABCDEFGHIJK".into(),
        ..german.clone()
    };
    let error = resident.book_stay(&too_long).await.expect_err("11 long");
    assert_refused(&error, 422, "plate_too_long", "vrm");
    let key = enforcement_key("hampshire");
    let seen = app
        .client
        .enforcement_check(&key, "M-AB 1234E", "W1", Some(stay.starts_at))
        .await
        .expect("check");
    assert_eq!(
        (
            seen.permitted,
            seen.non_uk_plate,
            seen.permit_kind.as_deref()
        ),
        (true, true, Some("visitor_stay"))
    );
    // A UK plate's stay is not marked.
    let uk = resident
        .book_stay(&visit("AB12CDE", "2026-12-02 09:00", 1))
        .await
        .expect("UK");
    assert!(!uk.non_uk_plate);
    let seen = app
        .client
        .enforcement_check(&key, "AB12CDE", "W1", Some(uk.starts_at))
        .await
        .expect("check");
    assert_eq!((seen.permitted, seen.non_uk_plate), (true, false));
}

#[tokio::test]
async fn act4_a_texted_stay_over_the_cars_own_visit_is_refused_with_a_reply_that_says_why() {
    let app = spawn_app().await;
    stand_at(&app, "2026-12-01 10:00").await;
    let resident = app
        .resident_with_mobile("hampshire", "texted@example.org", "07700 900123")
        .await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bundle");
    resident
        .book_stay(&visit("AB12CDE", "2026-12-01 09:00", 1))
        .await
        .expect_err("09:00 has passed");
    resident
        .book_stay(&StayBooking {
            vrm: "AB12CDE".into(),
            ..StayBooking::default()
        })
        .await
        .expect("now");
    let outcome = app
        .text("hampshire", "07700900123", "visitor ab12 cde")
        .await;
    assert_eq!(outcome.outcome, "refused", "{}", outcome.reply);
    assert_eq!(
        outcome.reply,
        "Visitor parking for AB12 CDE was not started: This car already has a visit on Tuesday from 10:00. To book another for that time, use the app or the website."
    );
    assert_eq!(remaining(&resident).await, 9, "the text spent nothing");
}
