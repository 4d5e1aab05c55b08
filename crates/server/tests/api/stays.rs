//! Visitor stays: ACT-1, ACT-2, ACT-3, ACT-7, VP-3, and spending permits under contention.

use crate::helpers::{
    TestApp, assert_refused, bundles, hampshire_with_permits, join_all, remaining, spawn_app,
    stand_at,
};
use permit_client::Client;
use permit_client::types::StayBooking;

fn booking(vrm: &str, start: Option<chrono::DateTime<chrono::Utc>>) -> StayBooking {
    StayBooking {
        vrm: vrm.into(),
        start,
        ..StayBooking::default()
    }
}

/// A Leicestershire resident whose bundle the council has approved (VP-6).
async fn leicestershire_with_permits(app: &TestApp, email: &str) -> Client {
    let resident = app.resident("leicestershire", email).await;
    app.approved_purchase(&resident, &bundles("visitor-bundle", 1))
        .await;
    resident
}

#[tokio::test]
async fn act1_a_stay_starts_at_most_fourteen_days_ahead() {
    let app = spawn_app().await;
    stand_at(&app, "2026-12-01 10:00").await;
    let resident = hampshire_with_permits(&app, "act1@example.org").await;
    let last = permit_rules::time::from_local(
        chrono::NaiveDate::from_ymd_opt(2026, 12, 15)
            .and_then(|d| d.and_hms_opt(23, 0, 0))
            .expect("date"),
    );
    resident
        .book_stay(&booking("AB12CDE", Some(last)))
        .await
        .expect("15 December is in range");
    let too_far = last + chrono::Duration::hours(1);
    let error = resident
        .book_stay(&booking("AB12CDE", Some(too_far)))
        .await
        .expect_err("16 December");
    assert_refused(&error, 422, "beyond_horizon", None);
    assert_eq!(
        remaining(&resident).await,
        9,
        "a refused booking spends nothing"
    );
}

#[tokio::test]
async fn act1_a_start_in_the_past_is_refused_but_under_a_minute_ago_is_now() {
    let app = spawn_app().await;
    let now = stand_at(&app, "2026-07-01 12:00").await;
    let resident = hampshire_with_permits(&app, "past@example.org").await;
    let error = resident
        .book_stay(&booking(
            "AB12CDE",
            Some(now - chrono::Duration::minutes(5)),
        ))
        .await
        .expect_err("past");
    assert_refused(&error, None, "start_in_past", None);
    let stay = resident
        .book_stay(&booking(
            "AB12CDE",
            Some(now - chrono::Duration::seconds(30)),
        ))
        .await
        .expect("30 seconds ago counts as now");
    assert_eq!(stay.starts_at, now);
}

#[tokio::test]
async fn act2_a_day_stay_ends_at_local_midnight_on_the_day_the_clocks_go_forward() {
    let app = spawn_app().await;
    let start = stand_at(&app, "2026-03-29 10:00").await;
    let resident = hampshire_with_permits(&app, "dst@example.org").await;
    let stay = resident
        .book_stay(&booking("AB12CDE", None))
        .await
        .expect("booked");
    assert_eq!(stay.starts_at, start);
    assert_eq!(
        stay.ends_at.to_rfc3339(),
        "2026-03-29T23:00:00+00:00",
        "midnight BST"
    );
    assert_eq!(stay.vrm, "AB12CDE");
}

#[tokio::test]
async fn act3_leicestershire_stays_name_a_duration() {
    let app = spawn_app().await;
    let now = stand_at(&app, "2026-07-01 12:00").await;
    let resident = leicestershire_with_permits(&app, "act3@example.org").await;
    let error = resident
        .book_stay(&booking("AB12CDE", None))
        .await
        .expect_err("no duration");
    assert_refused(&error, None, "duration_required", None);
    let mut two_hours = booking("AB12CDE", None);
    two_hours.duration_minutes = Some(120);
    let stay = resident.book_stay(&two_hours).await.expect("booked");
    assert_eq!(stay.ends_at, now + chrono::Duration::minutes(120));
}

#[tokio::test]
async fn act7_cancel_within_five_minutes_returns_permit() {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 12:00").await;
    let resident = leicestershire_with_permits(&app, "act7@example.org").await;
    let mut hour = booking("AB12CDE", None);
    hour.duration_minutes = Some(60);
    let stay = resident.book_stay(&hour).await.expect("booked");
    assert_eq!(remaining(&resident).await, 9);
    app.client.advance_clock(5 * 60).await.expect("clock");
    let cancelled = resident
        .cancel_stay(&stay.id)
        .await
        .expect("exactly 5 minutes after the start");
    assert_eq!(cancelled.status, "cancelled");
    assert_eq!(remaining(&resident).await, 10, "the permit came back");
    let error = resident.cancel_stay(&stay.id).await.expect_err("twice");
    assert_refused(&error, 409, "stay_already_cancelled", None);
}

#[tokio::test]
async fn act7_cancel_after_five_minutes_is_refused() {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 12:00").await;
    let resident = leicestershire_with_permits(&app, "late7@example.org").await;
    let mut hour = booking("AB12CDE", None);
    hour.duration_minutes = Some(60);
    let stay = resident.book_stay(&hour).await.expect("booked");
    app.client.advance_clock(5 * 60 + 1).await.expect("clock");
    let error = resident.cancel_stay(&stay.id).await.expect_err("too late");
    assert_refused(&error, 422, "cancel_window_closed", None);
    assert_eq!(remaining(&resident).await, 9);
}

#[tokio::test]
async fn stays_are_listed_as_upcoming_and_past() {
    let app = spawn_app().await;
    let now = stand_at(&app, "2026-07-01 12:00").await;
    let resident = hampshire_with_permits(&app, "list@example.org").await;
    let today = resident
        .book_stay(&booking("AA11AAA", None))
        .await
        .expect("today");
    let later = resident
        .book_stay(&booking("BB22BBB", Some(now + chrono::Duration::days(3))))
        .await
        .expect("later");
    let ids = |stays: Vec<permit_client::types::Stay>| {
        stays.into_iter().map(|s| s.id).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(resident.stays("upcoming").await.expect("upcoming")),
        vec![today.id.clone(), later.id.clone()]
    );
    assert!(resident.stays("past").await.expect("past").is_empty());
    app.client.advance_clock(24 * 3600).await.expect("clock");
    let resident = app
        .resident_logged_in("hampshire", "list@example.org")
        .await;
    assert_eq!(
        ids(resident.stays("upcoming").await.expect("upcoming")),
        vec![later.id]
    );
    assert_eq!(
        ids(resident.stays("past").await.expect("past")),
        vec![today.id]
    );
}

#[tokio::test]
async fn vp3_visitor_permits_expire_twelve_months_after_purchase() {
    let app = spawn_app().await;
    stand_at(&app, "2026-02-10 09:00").await;
    let resident = hampshire_with_permits(&app, "vp3@example.org").await;
    stand_at(&app, "2027-02-10 00:00").await;
    let resident_now = app.resident_logged_in("hampshire", "vp3@example.org").await;
    assert!(
        resident_now
            .visitor_permits()
            .await
            .expect("held")
            .is_empty(),
        "unused ones are removed"
    );
    let error = resident_now
        .book_stay(&booking("AB12CDE", None))
        .await
        .expect_err("expired");
    // VP-3's job has removed the unused permits at the expiry instant: none are left.
    assert_refused(&error, None, "no_permits_left", None);
    drop(resident);
}

#[tokio::test]
async fn fifty_parallel_bookings_against_ten_permits_leave_ten_stays_and_none_left() {
    let app = spawn_app().await;
    let resident = hampshire_with_permits(&app, "rush@example.org").await;
    let attempts = (0..50).map(|i| {
        let resident = resident.clone();
        async move {
            resident
                .book_stay(&booking(&format!("AB{i:02}CDE"), None))
                .await
        }
    });
    let results = join_all(attempts).await;
    let booked = results.iter().filter(|r| r.is_ok()).count();
    let refused: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(booked, 10);
    assert!(
        refused.iter().all(|e| e.code() == Some("no_permits_left")),
        "{refused:?}"
    );
    assert_eq!(resident.stays("upcoming").await.expect("stays").len(), 10);
    assert_eq!(remaining(&resident).await, 0);
}
