//! No request leaves data half-written: a failure part-way rolls the whole transaction back.

use crate::helpers::{assert_refused, key, spawn_app, stand_at, vehicle_permit};

#[tokio::test]
async fn avp4_a_cancellation_whose_refund_fails_changes_nothing() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let resident = app.resident("leicester", "atomic@example.org").await;
    let receipt = resident
        .purchase(&key(), &vehicle_permit("annual-visitor", "AB12CDE", None))
        .await
        .expect("permit");
    let permit_id = receipt.permit.expect("permit").id;
    app.payments.fail_refunds(true);
    let error = resident
        .cancel_permit(&permit_id)
        .await
        .expect_err("refund fails");
    assert_refused(&error, 500, "internal", None);
    assert_eq!(
        resident.permit(&permit_id).await.expect("permit").state,
        "active"
    );
    assert_eq!(
        resident.payments().await.expect("history")[0].refunded_pence,
        0
    );
    app.payments.fail_refunds(false);
    let cancelled = resident
        .cancel_permit(&permit_id)
        .await
        .expect("now it works");
    assert_eq!(cancelled.permit.state, "cancelled");
}
