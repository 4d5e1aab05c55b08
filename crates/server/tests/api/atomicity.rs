//! No request leaves data half-written: a failure part-way rolls the whole transaction back.

use crate::helpers::{key, spawn_app, stand_at, vehicle_permit};
use permit_test_support::PaysOnSandbox;

/// Issue 16: the refund goes to the provider only after the cancellation commits, so a provider
/// refusing it cannot leave the cancellation half-written: the permit ends and its refund is
/// recorded in the same transaction, the refund waiting to be sent (the retry is
/// `orders_refunds::avp4_a_cancellation_refund_waits_out_a_provider_outage_and_is_sent_once`).
#[tokio::test]
async fn avp4_a_cancellation_whose_refund_the_provider_refuses_is_written_whole() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let resident = app.resident("leicester", "atomic@example.org").await;
    let receipt = resident
        .buy(&key(), &vehicle_permit("annual-visitor", "AB12CDE", None))
        .await
        .expect("permit");
    let permit_id = receipt.permit.expect("permit").id;
    app.payments.fail_refunds(true);
    let cancelled = resident
        .cancel_permit(&permit_id)
        .await
        .expect("cancelled; the refund waits");
    assert_eq!(cancelled.permit.state, "cancelled");
    assert_eq!(
        resident.permit(&permit_id).await.expect("permit").state,
        "cancelled"
    );
    let history = resident.payments().await.expect("history");
    assert_eq!(history[0].refunded_pence, cancelled.refund_pence);
    assert_eq!(history[0].refund_status.as_deref(), Some("pending"));
    assert_eq!(app.payments.refunds(), 0, "nothing reached the provider");
    let again = resident
        .cancel_permit(&permit_id)
        .await
        .expect_err("cancelled once");
    assert_eq!(again.status(), Some(409), "{again}");
}
