//! Every scheduled job, run twice at the same instant (the test clock runs the jobs each time
//! it is set), gives the same result as running it once: VP-3, REG-3, RP-4/AVP-3, RP-6.

use crate::helpers::{bundles, key, registration_of, spawn_app, stand_at, vehicle_permit};
use permit_client::types::StayBooking;
use permit_test_support::PaysOnSandbox;

#[tokio::test]
async fn vp3_unused_visitor_permits_are_removed_12_months_after_purchase_once() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let resident = app.resident("hampshire", "vp3@example.org").await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bought");
    let booking = StayBooking {
        vrm: "AB12CDE".into(),
        ..StayBooking::default()
    };
    resident.book_stay(&booking).await.expect("one used");
    // Expired bundles are no longer listed to the resident: read what is stored.
    let remaining = || async {
        let mut conn = app.state.db.pool().acquire().await.expect("connection");
        let rows: Vec<(i64,)> = sqlx::query_as("SELECT remaining FROM bundles")
            .fetch_all(&mut *conn)
            .await
            .expect("bundles");
        rows
    };
    stand_at(&app, "2027-01-14 23:59").await;
    assert_eq!(remaining().await, [(9,)], "not before 12 months");
    stand_at(&app, "2027-01-15 00:00").await;
    assert_eq!(remaining().await, [(0,)], "the unused ones are removed");
    stand_at(&app, "2027-01-15 00:00").await;
    assert_eq!(remaining().await, [(0,)]);
    let resident = app.resident_logged_in("hampshire", "vp3@example.org").await;
    let past = resident.stays("past").await.expect("stays");
    assert_eq!(past.len(), 1, "the stay that used a permit stays on record");
}

#[tokio::test]
async fn reg3_a_registration_that_runs_out_after_3_months_is_told_once() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-10 09:00").await;
    app.approved_cambridgeshire_resident("reg3x@example.org")
        .await;
    let told = || async {
        let messages = app
            .client
            .outbox("reg3x@example.org")
            .await
            .expect("outbox");
        messages
            .iter()
            .filter(|m| m.body.contains("registration ended on 9 April 2026"))
            .count()
    };
    stand_at(&app, "2026-04-09 23:59").await;
    assert_eq!(told().await, 0);
    stand_at(&app, "2026-04-10 00:00").await;
    assert_eq!(told().await, 1);
    stand_at(&app, "2026-04-10 00:00").await;
    stand_at(&app, "2026-06-01 00:00").await;
    assert_eq!(told().await, 1, "once, however often the job runs");
    let resident = app
        .resident_logged_in("cambridgeshire", "reg3x@example.org")
        .await;
    assert_eq!(registration_of(&resident).await.status, "expired");
}

#[tokio::test]
async fn rp6_auto_renewal_run_twice_charges_once() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let resident = app.resident("leicestershire", "twice@example.org").await;
    // Ticked when buying: renewed through the recurring-payment agreement (issue 16).
    let order = permit_client::types::PurchaseOrder {
        auto_renew: Some(true),
        ..vehicle_permit("resident", "AB12CDE", Some(12))
    };
    app.approved_purchase(&resident, &order).await;
    for _ in 0..2 {
        stand_at(&app, "2026-12-15 00:00").await;
        permit_server::jobs::run_due(&app.state)
            .await
            .expect("jobs ran");
    }
    assert_eq!(app.payments.charges(), 2, "the purchase and one renewal");
    let messages = app
        .client
        .outbox("twice@example.org")
        .await
        .expect("outbox");
    let renewed = messages
        .iter()
        .filter(|m| m.body.contains("renewed automatically"))
        .count();
    assert_eq!(renewed, 1);
}

#[tokio::test]
async fn rp4_a_renewal_reminder_run_twice_is_sent_once() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let resident = app.resident("leicestershire", "rp4x@example.org").await;
    let receipt = app
        .approved_purchase(&resident, &vehicle_permit("resident", "AB12CDE", Some(12)))
        .await;
    resident
        .set_auto_renew(&receipt.permit.expect("permit").id, false)
        .await
        .expect("off");
    stand_at(&app, "2026-12-15 00:00").await;
    stand_at(&app, "2026-12-15 00:00").await;
    let messages = app.client.outbox("rp4x@example.org").await.expect("outbox");
    let reminders = messages
        .iter()
        .filter(|m| m.body.contains("renew it now"))
        .count();
    assert_eq!(reminders, 1);
}
