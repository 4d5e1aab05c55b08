//! VP-3 expiry warnings (issue 18): 30 days before unused visitor permits expire the resident
//! is told once how many expire on which date (email, or a text when a mobile is their only
//! contact), unless they turned it off in Account; at most a set number of residents per run.

use crate::helpers::{TestApp, bundles, key, registration, spawn_app, stand_at};
use permit_client::Client;
use permit_client::types::{AccountSettings, StayBooking};
use permit_test_support::PaysOnSandbox;

const WARNING: &str =
    "4 visitor permits expire on 12 March 2027: use them for visits starting by 11 March 2027.";

/// A Hampshire resident who bought 10 permits at 10:00 on 12 March 2026 (they expire at the
/// start of 12 March 2027) and used `used` of them on a visit starting today.
async fn holding_unused(app: &TestApp, email: &str, used: u32) -> Client {
    stand_at(app, "2026-03-12 10:00").await;
    let resident = app.resident("hampshire", email).await;
    buy_and_use(&resident, used).await;
    resident
}

async fn buy_and_use(resident: &Client, mut used: u32) {
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bought");
    // Hampshire's visits are up to 7 whole days, each day one permit.
    let mut day = 0;
    while used > 0 {
        let days = used.min(7);
        let booking = StayBooking {
            vrm: format!("AB{:02}CDE", 10 + day),
            days: Some(days),
            ..StayBooking::default()
        };
        resident.book_stay(&booking).await.expect("visit booked");
        used -= days;
        day += 1;
    }
}

/// Messages sent to `recipient` that warn of expiring permits, oldest first.
async fn warnings_to(app: &TestApp, recipient: &str) -> Vec<(String, String)> {
    let messages = app.client.outbox(recipient).await.expect("outbox");
    messages
        .into_iter()
        .rev()
        .filter(|m| m.body.contains("visitor permit") && m.body.contains("expire"))
        .map(|m| (m.channel, m.body))
        .collect()
}

#[tokio::test]
async fn vp3_expiry_warning_run_twice_is_sent_once_with_the_count_and_date() {
    let app = spawn_app().await;
    holding_unused(&app, "warn@example.org", 6).await;
    stand_at(&app, "2027-02-09 23:59").await;
    assert!(
        warnings_to(&app, "warn@example.org").await.is_empty(),
        "not before 30 days"
    );
    stand_at(&app, "2027-02-10 00:00").await;
    stand_at(&app, "2027-02-10 00:00").await;
    stand_at(&app, "2027-03-01 08:00").await;
    let warnings = warnings_to(&app, "warn@example.org").await;
    assert_eq!(
        warnings.len(),
        1,
        "once, however often the job runs: {warnings:?}"
    );
    assert_eq!(warnings[0].0, "email");
    assert!(warnings[0].1.starts_with(WARNING), "{}", warnings[0].1);
}

#[tokio::test]
async fn vp3_no_expiry_warning_while_turned_off_in_account() {
    let app = spawn_app().await;
    let resident = holding_unused(&app, "quiet@example.org", 6).await;
    let on = resident.settings().await.expect("settings");
    assert!(on.expiry_warnings, "on unless turned off");
    let off = resident
        .set_settings(&AccountSettings {
            expiry_warnings: false,
        })
        .await
        .expect("turned off");
    assert!(!off.expiry_warnings);
    stand_at(&app, "2027-02-10 00:00").await;
    stand_at(&app, "2027-03-01 08:00").await;
    assert!(warnings_to(&app, "quiet@example.org").await.is_empty());
    let resident = app
        .resident_logged_in("hampshire", "quiet@example.org")
        .await;
    assert!(
        !resident.settings().await.expect("settings").expiry_warnings,
        "kept"
    );
    // Turned back on while the permits are still about to expire: the next run warns, once.
    resident
        .set_settings(&AccountSettings {
            expiry_warnings: true,
        })
        .await
        .expect("turned on");
    stand_at(&app, "2027-03-02 08:00").await;
    stand_at(&app, "2027-03-03 08:00").await;
    assert_eq!(warnings_to(&app, "quiet@example.org").await.len(), 1);
}

#[tokio::test]
async fn vp3_no_expiry_warning_for_permits_already_used() {
    let app = spawn_app().await;
    holding_unused(&app, "used@example.org", 10).await;
    // Bought the same day by a neighbour's account who used none: the job did run for them.
    let other = app.resident("hampshire", "unused@example.org").await;
    buy_and_use(&other, 0).await;
    stand_at(&app, "2027-02-10 00:00").await;
    assert!(warnings_to(&app, "used@example.org").await.is_empty());
    let warned = warnings_to(&app, "unused@example.org").await;
    assert_eq!(warned.len(), 1);
    assert!(
        warned[0]
            .1
            .starts_with("10 visitor permits expire on 12 March 2027")
    );
}

#[tokio::test]
async fn vp3_expiry_warning_is_texted_when_a_mobile_is_the_only_contact() {
    const MOBILE: &str = "+447700900321";
    let app = spawn_app().await;
    stand_at(&app, "2026-03-12 10:00").await;
    let mut body = registration("hampshire", "unused");
    body.email = None;
    body.mobile = Some("07700 900321".into());
    app.client
        .register("hampshire", &body)
        .await
        .expect("registers by mobile");
    let resident = app.resident_logged_in("hampshire", MOBILE).await;
    buy_and_use(&resident, 6).await;
    stand_at(&app, "2027-02-10 00:00").await;
    let warnings = warnings_to(&app, MOBILE).await;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].0, "sms");
    assert!(warnings[0].1.starts_with(WARNING));
    assert!(warnings[0].1.chars().count() <= 160, "one text message");
}

#[tokio::test]
async fn vp3_expiry_warnings_go_out_at_most_a_set_number_a_run() {
    let per_run = permit_server::jobs::EXPIRY_WARNINGS_PER_RUN;
    let app = spawn_app().await;
    holding_unused(&app, "first@example.org", 6).await;
    // As many more residents holding a copy of that bundle, stored directly: buying each
    // through the API would take a minute.
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    for n in 0..per_run {
        let resident = format!("res-copy-{n}");
        sqlx::query(
            "INSERT INTO residents (id, council, full_name, email, created_at) \
             SELECT $1, council, full_name, $2, created_at FROM residents WHERE email = $3",
        )
        .bind(&resident)
        .bind(format!("copy{n}@example.org"))
        .bind("first@example.org")
        .execute(&mut *conn)
        .await
        .expect("resident copied");
        sqlx::query(
            "INSERT INTO bundles (id, resident_id, payment_id, permit_type, permits, remaining, state, bought_at, expires_at, property_id) \
             SELECT $1, $2, b.payment_id, b.permit_type, b.permits, b.remaining, b.state, b.bought_at, b.expires_at, b.property_id \
             FROM bundles b JOIN residents r ON r.id = b.resident_id WHERE r.email = $3",
        )
        .bind(format!("vp-copy-{n}"))
        .bind(&resident)
        .bind("first@example.org")
        .execute(&mut *conn)
        .await
        .expect("bundle copied");
    }
    drop(conn);
    let sent = || async {
        let mut conn = app.state.db.pool().acquire().await.expect("connection");
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE body LIKE '4 visitor permits expire on 12 March 2027%'",
        )
        .fetch_one(&mut *conn)
        .await
        .expect("count");
        usize::try_from(count).expect("count")
    };
    stand_at(&app, "2027-02-10 00:00").await;
    assert_eq!(sent().await, per_run, "one run warns at most {per_run}");
    stand_at(&app, "2027-02-10 00:01").await;
    assert_eq!(sent().await, per_run + 1, "the next run warns the rest");
    stand_at(&app, "2027-02-10 00:02").await;
    assert_eq!(sent().await, per_run + 1);
}
