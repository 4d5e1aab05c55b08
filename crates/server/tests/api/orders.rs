//! Two-phase purchases through the provider's hosted page (issue 16), with the sandbox: the
//! order holds its allowance, the server reads the payment's state from the provider (never
//! from the browser) and issues once paid, or releases the hold on a decline, a cancel or
//! after 90 minutes unpaid.

use crate::helpers::{bundles, key, spawn_app, stand_at};
use crate::helpers_orders::{browser, location, pay_on_page};
use permit_server::payments::{SANDBOX_CARD_DECLINED, SANDBOX_CARD_OK};

/// Visitor permits left for the resident (the catalogue's allowance).
async fn left(resident: &permit_client::Client) -> u32 {
    let catalogue = resident.catalogue().await.expect("catalogue");
    catalogue.products[0]
        .allowance
        .as_ref()
        .expect("an allowance")
        .left
}

#[tokio::test]
async fn vp1_a_paid_order_is_issued_once_by_the_providers_word_not_the_browsers() {
    let app = spawn_app().await;
    stand_at(&app, "2026-06-15 10:00").await;
    let resident = app.resident("hampshire", "paid@example.org").await;
    assert_eq!(left(&resident).await, 50);
    let order = resident
        .start_purchase(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("order made");
    assert_eq!(order.state, "awaiting_payment");
    assert_eq!(order.amount_pence, 1500);
    let page = order.next_url.clone().expect("the hosted page");
    assert!(
        page.starts_with(&format!("{}/sandbox-pay/", app.url)),
        "{page}"
    );
    assert_eq!(left(&resident).await, 40, "the order holds its 10 permits");
    // Coming back without paying issues nothing: the provider says it is not paid.
    let again = resident.purchase_order(&order.id).await.expect("read");
    assert_eq!(again.state, "awaiting_payment");
    assert!(again.receipt.is_none());
    assert!(resident.visitor_permits().await.expect("held").is_empty());

    let shown = browser().get(&page).send().await.expect("page");
    let html = shown.text().await.expect("html");
    assert!(html.contains("Test payment page — no real money"), "{html}");
    assert!(html.contains("Cancel payment"));
    let back = pay_on_page(&order, SANDBOX_CARD_OK).await;
    assert_eq!(
        location(&back),
        format!("{}/buy?order={}", app.url, order.id)
    );
    let paid = resident.purchase_order(&order.id).await.expect("read");
    assert_eq!(paid.state, "paid");
    assert!(paid.next_url.is_none());
    let receipt = paid.receipt.expect("issued");
    assert_eq!(receipt.bundle.expect("a bundle").permits, 10);
    assert_eq!(receipt.payment.amount_pence, 1500);
    // Reading it again, or settling again, issues nothing more.
    assert_eq!(
        resident
            .purchase_order(&order.id)
            .await
            .expect("read")
            .state,
        "paid"
    );
    permit_server::commerce::settle(&app.state, &order.id)
        .await
        .expect("settled");
    assert_eq!(resident.visitor_permits().await.expect("held").len(), 1);
    assert_eq!(resident.payments().await.expect("history").len(), 1);
    assert_eq!(app.payments.charges(), 1);
    assert_eq!(left(&resident).await, 40);
}

#[tokio::test]
async fn vp1_a_declined_card_ends_the_order_and_releases_its_hold() {
    let app = spawn_app().await;
    let (resident, order) = app.resident_with_order("declined@example.org", 5).await;
    assert_eq!(left(&resident).await, 0, "the whole allowance is held");
    let error = resident
        .start_purchase(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect_err("nothing left while held");
    crate::helpers::assert_refused(&error, 422, "allowance_exceeded", None);
    let back = pay_on_page(&order, SANDBOX_CARD_DECLINED).await;
    location(&back);
    let ended = resident.purchase_order(&order.id).await.expect("read");
    assert_eq!(ended.state, "declined");
    assert!(ended.receipt.is_none());
    assert_eq!(left(&resident).await, 50, "the hold is released");
    assert!(resident.payments().await.expect("history").is_empty());
    assert_eq!(app.payments.charges(), 0);
    // A card number the page does not know asks again, and changes nothing.
    let second = resident
        .start_purchase(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("order made");
    let again = pay_on_page(&second, "1234").await;
    assert_eq!(again.status(), 200);
    let html = again.text().await.expect("html");
    assert!(html.contains("There is a problem"), "{html}");
    assert_eq!(
        resident
            .purchase_order(&second.id)
            .await
            .expect("read")
            .state,
        "awaiting_payment"
    );
}

#[tokio::test]
async fn vp1_cancelling_on_the_payment_page_ends_the_order() {
    let app = spawn_app().await;
    let (resident, order) = app.resident_with_order("cancel@example.org", 2).await;
    let page = order.next_url.clone().expect("page");
    let back = browser()
        .get(format!("{page}/cancel"))
        .send()
        .await
        .expect("cancelled");
    assert_eq!(
        location(&back),
        format!("{}/buy?order={}", app.url, order.id)
    );
    let ended = resident.purchase_order(&order.id).await.expect("read");
    assert_eq!(ended.state, "cancelled");
    assert_eq!(left(&resident).await, 50);
    // The page of a finished payment sends the payer back instead of taking a card.
    let later = pay_on_page(&order, SANDBOX_CARD_OK).await;
    location(&later);
    assert_eq!(app.payments.charges(), 0);
}

#[tokio::test]
async fn vp1_an_order_unpaid_after_90_minutes_expires_and_releases_its_hold() {
    let app = spawn_app().await;
    let (_, order) = app.resident_with_order("expiry@example.org", 3).await;
    // Moving the test clock runs the jobs, reconciliation among them. (Sessions end after
    // this long idle: each look logs in again.)
    stand_at(&app, "2026-06-15 11:29").await;
    assert_eq!(app.order_state(&order.id).await, "awaiting_payment");
    let resident = app
        .resident_logged_in("hampshire", "expiry@example.org")
        .await;
    assert_eq!(left(&resident).await, 20, "held for 90 minutes");
    stand_at(&app, "2026-06-15 11:30").await;
    assert_eq!(
        app.order_state(&order.id).await,
        "expired",
        "the job expired it, nobody had to read it"
    );
    assert_eq!(left(&resident).await, 50);
    // Cancelled at the provider too: the page can no longer take the money.
    location(&pay_on_page(&order, SANDBOX_CARD_OK).await);
    assert_eq!(app.payments.charges(), 0);
    assert_eq!(app.order_state(&order.id).await, "expired");
    assert_eq!(
        permit_server::commerce::ORDER_EXPIRY,
        chrono::Duration::minutes(90)
    );
}

#[tokio::test]
async fn vp1_a_resident_who_closes_the_tab_still_gets_what_they_paid_for() {
    let app = spawn_app().await;
    let (resident, order) = app.resident_with_order("closed-tab@example.org", 1).await;
    // Paid on the page; the browser never comes back.
    app.pay_and_close_the_tab(&order);
    stand_at(&app, "2026-06-15 10:01").await;
    assert_eq!(resident.visitor_permits().await.expect("held").len(), 1);
    assert_eq!(resident.payments().await.expect("history").len(), 1);
    let read = resident.purchase_order(&order.id).await.expect("read");
    assert_eq!(read.state, "paid");
}

#[tokio::test]
async fn the_same_idempotency_key_answers_with_the_same_order() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "idem-order@example.org").await;
    let key = key();
    let first = resident
        .start_purchase(&key, &bundles("visitor-bundle", 1))
        .await
        .expect("made");
    let again = resident
        .start_purchase(&key, &bundles("visitor-bundle", 1))
        .await
        .expect("replayed");
    assert_eq!(first, again);
    let error = resident
        .start_purchase(&key, &bundles("visitor-bundle", 2))
        .await
        .expect_err("other body");
    crate::helpers::assert_refused(&error, 422, "idempotency_key_reused", None);
    assert_eq!(app.count("orders").await, 1);
    let other = app.resident("hampshire", "idem-other@example.org").await;
    let error = other
        .purchase_order(&first.id)
        .await
        .expect_err("not theirs");
    crate::helpers::assert_refused(&error, 404, "not_found", None);
}
