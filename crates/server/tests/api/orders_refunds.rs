//! Refunds of purchases paid on the provider's hosted page (issue 16) go back through the
//! provider: a rejection (RP-2) and a cancellation (AVP-4). Each is
//! recorded with its decision and sent by the jobs, retried while the provider is down, and
//! its state is in Payment History.

use crate::helpers::{TestApp, key, spawn_app, stand_at, vehicle_permit};
use crate::helpers_orders::{location, pay_on_page};
use crate::helpers_staff::reject;
use permit_client::Client;
use permit_client::types::{PaymentOrder, PurchaseReceipt};
use permit_server::payments::SANDBOX_CARD_OK;
use permit_server::payments::provider::PaymentProvider;
use std::time::Duration;

/// Waits (up to 20 s) until the payment's refund has been accepted by the provider.
async fn refund_sent(resident: &Client, payment: &str) {
    for _ in 0..200 {
        let shown = resident.payment(payment).await.expect("payment");
        if shown.refund_status.as_deref() == Some("sent") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the refund of {payment} was never sent");
}

/// A permit of `council` bought and paid on the sandbox's hosted page.
async fn paid_permit(
    app: &TestApp,
    council: &str,
    email: &str,
    permit: &str,
    months: Option<u32>,
) -> (Client, PaymentOrder, PurchaseReceipt) {
    let resident = app.resident(council, email).await;
    let order = resident
        .start_purchase(&key(), &vehicle_permit(permit, "AB12CDE", months))
        .await
        .expect("order made");
    location(&pay_on_page(&order, SANDBOX_CARD_OK).await);
    let paid = resident.purchase_order(&order.id).await.expect("read");
    let receipt = paid.receipt.clone().expect("issued");
    (resident, order, receipt)
}

/// What the sandbox still holds of the order's payment.
async fn refundable(app: &TestApp, order: &PaymentOrder) -> u64 {
    let page = order.next_url.as_deref().expect("a payment page");
    let id = page.rsplit('/').next().expect("id");
    let status = app.payments.payment_status(id).await.expect("status");
    status.refundable.0
}

#[tokio::test]
async fn rp2_a_rejected_permit_paid_on_the_hosted_page_is_refunded_through_the_provider() {
    let app = spawn_app().await;
    stand_at(&app, "2026-02-02 09:00").await;
    let (resident, order, receipt) = paid_permit(
        &app,
        "leicestershire",
        "rp2-hosted@example.org",
        "resident",
        Some(12),
    )
    .await;
    assert_eq!(refundable(&app, &order).await, 6000);
    // The provider takes half a second: the refund is seen pending meanwhile.
    app.payments.slow_refunds(Duration::from_millis(500));
    app.client
        .decide_purchase(&receipt.payment.id, &reject("no V5C"))
        .await
        .expect("rejected");
    let payment = resident
        .payment(&receipt.payment.id)
        .await
        .expect("payment");
    assert_eq!(
        (payment.status.as_str(), payment.refunded_pence),
        ("refunded", 6000)
    );
    assert_eq!(payment.refund_status.as_deref(), Some("pending"));
    // Sent once the rejection is committed, and not again by the jobs (they run when the test
    // clock moves).
    refund_sent(&resident, &receipt.payment.id).await;
    stand_at(&app, "2026-02-02 09:01").await;
    stand_at(&app, "2026-02-02 09:02").await;
    assert_eq!(refundable(&app, &order).await, 0, "refunded in full");
    assert_eq!(app.payments.refunds(), 1);
    let history = resident.payments().await.expect("history");
    assert_eq!(history[0].refund_status.as_deref(), Some("sent"));
}

#[tokio::test]
async fn avp4_a_cancellation_refund_waits_out_a_provider_outage_and_is_sent_once() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let email = "avp4-hosted@example.org";
    let (_, order, receipt) = paid_permit(&app, "leicester", email, "annual-visitor", None).await;
    let permit = receipt.permit.expect("a permit");
    stand_at(&app, "2026-03-20 12:00").await;
    let resident = app.resident_logged_in("leicester", email).await;
    // The provider is down: the cancellation still happens, its refund waits to be sent.
    app.payments.fail_refunds(true);
    let cancelled = resident.cancel_permit(&permit.id).await.expect("cancelled");
    // 9 of 12 months unused, £50 × 9/12 − £10 fee (as with a card, AVP-4).
    assert_eq!(cancelled.refund_pence, 2750);
    stand_at(&app, "2026-03-20 12:01").await;
    assert_eq!(refundable(&app, &order).await, 5000, "not sent while down");
    let history = resident.payments().await.expect("history");
    assert_eq!(history[0].refund_status.as_deref(), Some("pending"));
    app.payments.fail_refunds(false);
    stand_at(&app, "2026-03-20 12:02").await;
    assert_eq!(
        refundable(&app, &order).await,
        5000 - 2750,
        "retried, refunded"
    );
    stand_at(&app, "2026-03-20 12:03").await;
    assert_eq!(refundable(&app, &order).await, 5000 - 2750, "once");
    let history = resident.payments().await.expect("history");
    assert_eq!(history[0].refund_status.as_deref(), Some("sent"));
}

#[tokio::test]
async fn rp2_a_slow_provider_holds_up_no_write_and_the_refund_goes_once_the_rejection_commits() {
    let app = spawn_app().await;
    stand_at(&app, "2026-02-02 09:00").await;
    let email = "rp2-slow@example.org";
    let (resident, order, receipt) =
        paid_permit(&app, "leicestershire", email, "resident", Some(12)).await;
    let other = app.resident("hampshire", "busy@example.org").await;
    // Each refund takes the provider 5 seconds to answer.
    app.payments.slow_refunds(Duration::from_secs(5));
    app.client
        .decide_purchase(&receipt.payment.id, &reject("no V5C"))
        .await
        .expect("rejected");
    // The decision did not wait for the provider, and other residents' writes go ahead while
    // it answers: nothing has been refunded yet.
    other
        .start_purchase(&key(), &crate::helpers::bundles("visitor-bundle", 1))
        .await
        .expect("another resident's order");
    other
        .set_auto_renew("no-such-permit", false)
        .await
        .expect_err("a write that finds nothing");
    assert_eq!(app.payments.refunds(), 0, "the provider is still answering");
    let payment = resident
        .payment(&receipt.payment.id)
        .await
        .expect("payment");
    assert_eq!(
        (payment.status.as_str(), payment.refund_status.as_deref()),
        ("refunded", Some("pending")),
        "the decision is committed, its refund recorded"
    );
    // Sent by the decision once the provider answers: the clock stands still, no job ran.
    refund_sent(&resident, &receipt.payment.id).await;
    assert_eq!(refundable(&app, &order).await, 0);
    assert_eq!(app.payments.refunds(), 1);
    stand_at(&app, "2026-02-02 09:01").await;
    assert_eq!(app.payments.refunds(), 1, "the jobs send it no second time");
}
