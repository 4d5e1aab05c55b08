//! Scheduled jobs follow the test clock: renewal reminders (RP-4, AVP-3), auto-renewal (RP-6).

use crate::helpers::{key, spawn_app, stand_at, vehicle_permit};
use permit_test_support::PaysOnSandbox;

#[tokio::test]
async fn avp3_a_reminder_is_emailed_once_when_renewal_opens() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let resident = app.resident("leicester", "remind@example.org").await;
    resident
        .buy(&key(), &vehicle_permit("annual-visitor", "AB12CDE", None))
        .await
        .expect("permit");
    let reminders = || async {
        let messages = app
            .client
            .outbox("remind@example.org")
            .await
            .expect("outbox");
        messages
            .into_iter()
            .filter(|m| m.body.contains("renew it now"))
            .count()
    };
    stand_at(&app, "2026-12-14 23:59").await;
    assert_eq!(reminders().await, 0, "not before the window opens");
    stand_at(&app, "2026-12-15 00:00").await;
    assert_eq!(reminders().await, 1);
    stand_at(&app, "2026-12-20 00:00").await;
    assert_eq!(reminders().await, 1, "only once");
}

#[tokio::test]
async fn rp6_a_permit_with_auto_renewal_renews_itself_when_the_window_opens() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let resident = app.resident("leicestershire", "auto@example.org").await;
    // Auto-renewal ticked when buying on the provider's page: the payment sets up the
    // recurring-payment agreement the renewal is charged to (issue 16).
    let order = permit_client::types::PurchaseOrder {
        auto_renew: Some(true),
        ..vehicle_permit("resident", "AB12CDE", Some(12))
    };
    app.approved_purchase(&resident, &order).await;
    stand_at(&app, "2026-12-15 00:00").await;
    permit_server::jobs::run_due(&app.state)
        .await
        .expect("jobs ran");
    assert_eq!(
        app.payments.charges(),
        2,
        "charged again through the agreement set up with the first payment"
    );
    let resident = app
        .resident_logged_in("leicestershire", "auto@example.org")
        .await;
    let permits = resident.permits().await.expect("permits");
    assert_eq!(permits.len(), 2);
    let first = &permits[0];
    assert_eq!(
        permits[1].starts_at, first.expires_at,
        "the next period follows on"
    );
    assert_eq!(resident.payments().await.expect("history").len(), 2);
}

#[tokio::test]
async fn rp6_with_auto_renewal_off_the_resident_is_reminded_instead() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let resident = app.resident("leicestershire", "manual@example.org").await;
    let receipt = app
        .approved_purchase(&resident, &vehicle_permit("resident", "AB12CDE", Some(12)))
        .await;
    let permit = receipt.permit.expect("permit");
    resident
        .set_auto_renew(&permit.id, false)
        .await
        .expect("off");
    stand_at(&app, "2026-12-15 00:00").await;
    assert_eq!(app.payments.charges(), 1, "no automatic charge");
    let messages = app
        .client
        .outbox("manual@example.org")
        .await
        .expect("outbox");
    assert!(
        messages[0].body.contains("renew it now"),
        "{}",
        messages[0].body
    );
}

/// The jobs' minutely reads find the few rows they can act on by index, not by reading every
/// permit and registration (a quarter of a second each at 500,000 households).
#[tokio::test]
async fn the_jobs_find_permits_to_remind_and_registrations_to_expire_by_index() {
    use permit_server::db::{permits, registrations};
    let app = spawn_app().await;
    let plan =
        crate::helpers::query_plan(&app, &permits::LIVE, |q| q.bind(0_i64).bind(1_i64)).await;
    assert!(
        plan.iter().any(|step| step.contains("permits_renewal_due")),
        "{plan:?}"
    );
    let plan = crate::helpers::query_plan(&app, registrations::APPROVED_NOT_TOLD, |q| {
        q.bind("hampshire").bind(0_i64)
    })
    .await;
    assert!(
        plan.iter()
            .any(|step| step.contains("registrations_expiry_due")),
        "{plan:?}"
    );
}
