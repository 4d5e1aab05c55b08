//! Issue 18: each stay as a calendar file (RFC 5545, written by the server): its UID stays the
//! same, a cancelled stay says so, another resident's is not found, and it holds nothing of
//! the resident's contact details or ids.

use crate::helpers::{bundles, key, spawn_app};
use permit_client::types::StayBooking;
use permit_test_support::PaysOnSandbox;

#[tokio::test]
async fn act_7_a_stays_calendar_file_is_confirmed_then_cancelled_under_one_uid() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "ics@example.org").await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bundle");
    let tomorrow = app.client.health().await.expect("now").now + chrono::Duration::days(1);
    let stay = resident
        .book_stay(&StayBooking {
            vrm: "AB12CDE".into(),
            start: Some(tomorrow),
            ..StayBooking::default()
        })
        .await
        .expect("books");
    let file = resident.stay_calendar(&stay.id).await.expect("the file");
    assert_eq!(file.content_type, "text/calendar; charset=utf-8");
    assert!(
        file.disposition
            .starts_with("attachment; filename=\"visit-AB12CDE-"),
        "{}",
        file.disposition
    );
    let text = file.text;
    let uid = format!("UID:{}@resident-parking-permits", stay.id);
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "TZID:Europe/London",
        uid.as_str(),
        "STATUS:CONFIRMED",
        "SUMMARY:Visitor parking: AB12 CDE",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    let me = resident.me().await.expect("me");
    for private in [
        Some(me.resident_id.as_str()),
        me.email.as_deref(),
        Some(me.full_name.as_str()),
    ]
    .into_iter()
    .flatten()
    {
        assert!(!text.contains(private), "the file holds {private}");
    }

    let other = app.resident("hampshire", "ics-other@example.org").await;
    assert_eq!(
        other
            .stay_calendar(&stay.id)
            .await
            .expect_err("not theirs")
            .status(),
        Some(404)
    );

    resident.cancel_stay(&stay.id).await.expect("cancels");
    let cancelled = resident
        .stay_calendar(&stay.id)
        .await
        .expect("the file")
        .text;
    assert!(cancelled.contains("STATUS:CANCELLED"), "{cancelled}");
    assert!(cancelled.contains(&uid), "the same UID");
}
