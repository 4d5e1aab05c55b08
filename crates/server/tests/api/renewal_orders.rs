//! Renewals paid on the provider's hosted page (issue 16; RP-4, AVP-3), with the sandbox: the
//! order holds the permit's renewal, the server reads the payment from the provider (never the
//! browser) and issues the next period exactly once, through the same return, reconciliation
//! and webhook paths as purchases.

use crate::helpers::{Options, TestApp, assert_refused, key, spawn_app, stand_at};
use crate::helpers_orders::{browser, location, pay_on_page};
use crate::permits::{leicester_permit, resident_permit};
use permit_client::Client;
use permit_client::types::{Permit, RenewalOrder};
use permit_server::payments::{SANDBOX_CARD_DECLINED, SANDBOX_CARD_OK};

/// A renewal for `months` (where the permit is sold for several), paid on the hosted page.
fn hosted(months: Option<u32>) -> RenewalOrder {
    RenewalOrder {
        duration_months: months,
        ..RenewalOrder::default()
    }
}

/// A Leicestershire resident permit bought on 15 January 2026 (auto-renewal off, so the
/// resident renews it), and the resident logged in again on 20 December, inside its window.
async fn in_window(app: &TestApp, email: &str) -> (Client, Permit) {
    stand_at(app, "2026-01-15 10:00").await;
    let (resident, permit) = resident_permit(app, email).await;
    resident
        .set_auto_renew(&permit.id, false)
        .await
        .expect("off");
    stand_at(app, "2026-12-20 09:00").await;
    let resident = app.resident_logged_in("leicestershire", email).await;
    (resident, permit)
}

/// The permits renewing `permit` (storage: each is the next period).
async fn renewals_of(app: &TestApp, permit: &str) -> i64 {
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM permits WHERE renewed_from = $1")
        .bind(permit)
        .fetch_one(&mut *conn)
        .await
        .expect("count");
    n
}

#[tokio::test]
async fn rp4_a_renewal_paid_on_the_hosted_page_issues_the_next_period_once() {
    let app = spawn_app().await;
    let (resident, permit) = in_window(&app, "rp4-hosted@example.org").await;
    let order = resident
        .start_renewal(&permit.id, &key(), &hosted(None))
        .await
        .expect("order made");
    assert_eq!(order.state, "awaiting_payment");
    assert_eq!(order.renews.as_deref(), Some(permit.id.as_str()));
    assert_eq!(order.amount_pence, 6000);
    let page = order.next_url.clone().expect("the hosted page");
    assert!(
        page.starts_with(&format!("{}/sandbox-pay/", app.url)),
        "{page}"
    );
    // Back without paying: nothing renewed, the provider says it is not paid.
    let unpaid = resident.purchase_order(&order.id).await.expect("read");
    assert_eq!(unpaid.state, "awaiting_payment");
    assert_eq!(renewals_of(&app, &permit.id).await, 0);
    let html = browser().get(&page).send().await.expect("page");
    assert!(
        html.text()
            .await
            .expect("html")
            .contains("Renewal of resident for AB12CDE")
    );

    let back = pay_on_page(&order, SANDBOX_CARD_OK).await;
    assert_eq!(
        location(&back),
        format!(
            "{}/permits/renew?order={}&id={}",
            app.url, order.id, permit.id
        ),
        "back to the renewal's own page"
    );
    let paid = resident.purchase_order(&order.id).await.expect("read");
    assert_eq!(paid.state, "paid");
    let receipt = paid.receipt.expect("issued");
    let next = receipt.permit.expect("the next period");
    assert_eq!(
        next.starts_at, permit.expires_at,
        "the new period follows on"
    );
    // RP-2: a renewed resident permit is reviewed like the first purchase.
    assert_eq!(next.state, "pending_review");
    assert_eq!(receipt.payment.amount_pence, 6000);
    // Read again, settled again, the job run: issued once.
    resident.purchase_order(&order.id).await.expect("read");
    permit_server::commerce::settle(&app.state, &order.id)
        .await
        .expect("settled");
    permit_server::jobs::run_due(&app.state)
        .await
        .expect("jobs");
    assert_eq!(renewals_of(&app, &permit.id).await, 1);
    assert_eq!(resident.payments().await.expect("history").len(), 2);
    let error = resident
        .start_renewal(&permit.id, &key(), &hosted(None))
        .await
        .expect_err("renewed already");
    assert_refused(&error, 409, "already_renewed", None);
}

#[tokio::test]
async fn rp4_a_renewal_is_for_the_duration_chosen_at_its_price() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let resident = app.resident("leicestershire", "rp4-moto@example.org").await;
    let order = crate::helpers::vehicle_permit("motorcycle", "AB12CDE", Some(6));
    let bought = app.approved_purchase(&resident, &order).await;
    let permit = bought.permit.expect("permit");
    resident
        .set_auto_renew(&permit.id, false)
        .await
        .expect("off");
    stand_at(&app, "2026-06-20 09:00").await;
    let resident = app
        .resident_logged_in("leicestershire", "rp4-moto@example.org")
        .await;
    let error = resident
        .start_renewal(&permit.id, &key(), &hosted(None))
        .await
        .expect_err("a duration must be chosen");
    assert_refused(&error, 422, "duration_required", None);
    let order = resident
        .start_renewal(&permit.id, &key(), &hosted(Some(12)))
        .await
        .expect("order made");
    assert_eq!(order.amount_pence, 3500);
    location(&pay_on_page(&order, SANDBOX_CARD_OK).await);
    let paid = resident.purchase_order(&order.id).await.expect("read");
    let next = paid.receipt.expect("issued").permit.expect("permit");
    assert_eq!(next.duration_months, 12);
    assert_eq!(next.price_pence, 3500);
}

#[tokio::test]
async fn rp4_a_declined_renewal_renews_nothing_and_can_be_tried_again() {
    let app = spawn_app().await;
    let (resident, permit) = in_window(&app, "rp4-declined@example.org").await;
    let order = resident
        .start_renewal(&permit.id, &key(), &hosted(None))
        .await
        .expect("order made");
    location(&pay_on_page(&order, SANDBOX_CARD_DECLINED).await);
    let ended = resident.purchase_order(&order.id).await.expect("read");
    assert_eq!(ended.state, "declined");
    assert!(ended.receipt.is_none());
    assert_eq!(renewals_of(&app, &permit.id).await, 0);
    assert_eq!(resident.payments().await.expect("history").len(), 1);
    // Try again: a new order, paid this time.
    let again = resident
        .start_renewal(&permit.id, &key(), &hosted(None))
        .await
        .expect("a new order");
    location(&pay_on_page(&again, SANDBOX_CARD_OK).await);
    let paid = resident.purchase_order(&again.id).await.expect("read");
    assert_eq!(paid.state, "paid");
    assert_eq!(renewals_of(&app, &permit.id).await, 1);
}

#[tokio::test]
async fn rp4_an_unpaid_renewal_expires_after_90_minutes_and_its_page_takes_no_money() {
    let app = spawn_app().await;
    let email = "rp4-expiry@example.org";
    let (resident, permit) = in_window(&app, email).await;
    let order = resident
        .start_renewal(&permit.id, &key(), &hosted(None))
        .await
        .expect("order made");
    // The jobs run when the test clock moves: reconciliation expires it, nobody reads it.
    stand_at(&app, "2026-12-20 10:29").await;
    assert_eq!(app.order_state(&order.id).await, "awaiting_payment");
    stand_at(&app, "2026-12-20 10:30").await;
    assert_eq!(app.order_state(&order.id).await, "expired");
    // Cancelled at the provider too: the page sends the payer back without charging.
    location(&pay_on_page(&order, SANDBOX_CARD_OK).await);
    let resident = app.resident_logged_in("leicestershire", email).await;
    assert_eq!(
        resident
            .purchase_order(&order.id)
            .await
            .expect("read")
            .state,
        "expired"
    );
    assert_eq!(renewals_of(&app, &permit.id).await, 0);
    assert_eq!(app.payments.charges(), 1, "only the first purchase");
    drop(resident);
}

#[tokio::test]
async fn rp4_a_new_renewal_order_cancels_an_earlier_one_left_unpaid() {
    let app = spawn_app().await;
    let (resident, permit) = in_window(&app, "rp4-twice@example.org").await;
    let first_key = key();
    let first = resident
        .start_renewal(&permit.id, &first_key, &hosted(None))
        .await
        .expect("order made");
    // The same key answers with the same order.
    let replayed = resident
        .start_renewal(&permit.id, &first_key, &hosted(None))
        .await
        .expect("replayed");
    assert_eq!(replayed, first);
    // The payment page was closed; the resident starts again with a new order.
    let second = resident
        .start_renewal(&permit.id, &key(), &hosted(None))
        .await
        .expect("a new order");
    assert_ne!(second.id, first.id);
    assert_eq!(app.order_state(&first.id).await, "cancelled");
    // The first page can no longer take the money; the second can, once.
    location(&pay_on_page(&first, SANDBOX_CARD_OK).await);
    location(&pay_on_page(&second, SANDBOX_CARD_OK).await);
    assert_eq!(
        resident
            .purchase_order(&second.id)
            .await
            .expect("read")
            .state,
        "paid"
    );
    assert_eq!(renewals_of(&app, &permit.id).await, 1);
    assert_eq!(app.payments.charges(), 2, "the purchase and one renewal");
}

#[tokio::test]
async fn rp4_a_crash_after_the_providers_success_renews_once_after_restart() {
    let app = spawn_app().await;
    let (resident, permit) = in_window(&app, "rp4-crash@example.org").await;
    let order = resident
        .start_renewal(&permit.id, &key(), &hosted(None))
        .await
        .expect("order made");
    // Paid at the provider; the server went down before renewing anything.
    app.pay_and_close_the_tab(&order);
    assert_eq!(renewals_of(&app, &permit.id).await, 0);
    let restarted = Options::default()
        .build(app.database(), app.payments.clone())
        .await;
    let state = restarted.state().clone();
    let (job, read, again) = tokio::join!(
        permit_server::jobs::run_due(&state),
        resident.purchase_order(&order.id),
        permit_server::commerce::settle(&state, &order.id),
    );
    job.expect("jobs ran");
    assert_eq!(read.expect("read").state, "paid");
    assert_eq!(again.expect("settled").state.as_str(), "paid");
    permit_server::jobs::run_due(&state)
        .await
        .expect("ran again");
    assert_eq!(renewals_of(&app, &permit.id).await, 1, "renewed once");
    assert_eq!(resident.payments().await.expect("history").len(), 2);
}

#[tokio::test]
async fn avp4_a_renewal_paid_after_its_permit_was_cancelled_is_refunded_in_full() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let email = "avp3-cancelled@example.org";
    let (_, permit) = leicester_permit(&app, email).await;
    stand_at(&app, "2026-12-20 09:00").await;
    let resident = app.resident_logged_in("leicester", email).await;
    let order = resident
        .start_renewal(&permit.id, &key(), &hosted(None))
        .await
        .expect("order made");
    // Cancelled while the payment page was open, then paid on it.
    resident.cancel_permit(&permit.id).await.expect("cancelled");
    location(&pay_on_page(&order, SANDBOX_CARD_OK).await);
    let ended = resident.purchase_order(&order.id).await.expect("read");
    assert_eq!(ended.state, "refunded");
    let receipt = ended.receipt.expect("the payment");
    assert!(receipt.permit.is_none(), "nothing renewed");
    assert_eq!(
        (
            receipt.payment.status.as_str(),
            receipt.payment.refunded_pence
        ),
        ("refunded", 5000)
    );
    assert_eq!(renewals_of(&app, &permit.id).await, 0);
    // Returned through the provider by the jobs, once.
    stand_at(&app, "2026-12-20 09:01").await;
    stand_at(&app, "2026-12-20 09:02").await;
    let resident = app.resident_logged_in("leicester", email).await;
    let shown = resident
        .payment(&receipt.payment.id)
        .await
        .expect("in the history");
    assert_eq!(shown.refund_status.as_deref(), Some("sent"));
}

#[tokio::test]
async fn avp3_the_demo_leicester_resident_can_renew_a_permit_on_the_payment_page_today() {
    let app = spawn_app().await;
    stand_at(&app, "2026-06-15 10:00").await;
    permit_server::demo::seed(&app.state).await.expect("seeded");
    permit_server::demo::seed(&app.state)
        .await
        .expect("seeding again adds nothing");
    let resident = app
        .resident_logged_in("leicester", &permit_server::demo::demo_email("leicester"))
        .await;
    let held = resident.permits().await.expect("permits");
    assert_eq!(held.len(), 1, "one demo permit");
    let permit = &held[0];
    assert!(permit.renewal_opens_at <= app.state.now(), "{permit:?}");
    let order = resident
        .start_renewal(&permit.id, &key(), &hosted(None))
        .await
        .expect("renewal open today");
    location(&pay_on_page(&order, SANDBOX_CARD_OK).await);
    let paid = resident.purchase_order(&order.id).await.expect("read");
    let next = paid.receipt.expect("issued").permit.expect("renewed");
    assert_eq!(next.starts_at, permit.expires_at);
}
