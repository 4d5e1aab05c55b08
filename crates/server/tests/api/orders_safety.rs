//! What the two-phase purchase (issue 16) must never do: overspend an allowance under racing
//! orders, issue twice after a crash, believe an unsigned webhook, or keep a card number.

use crate::helpers::{Options, assert_refused, bundles, join_all, key, spawn_app, stand_at};
use crate::helpers_orders::pay_on_page;
use permit_server::payments::SANDBOX_CARD_OK;

#[tokio::test]
async fn vp4_fifty_racing_orders_at_one_household_hold_no_more_than_its_allowance() {
    let app = spawn_app().await;
    stand_at(&app, "2026-05-12 10:00").await;
    let first = app.resident("leicestershire", "race-a@example.org").await;
    let second = app.resident("leicestershire", "race-b@example.org").await;
    let attempts = (0..50).map(|i| {
        let buyer = if i % 2 == 0 {
            first.clone()
        } else {
            second.clone()
        };
        async move {
            buyer
                .start_purchase(&key(), &bundles("visitor-bundle", 1))
                .await
        }
    });
    let outcomes = join_all(attempts).await;
    let held: Vec<_> = outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
    assert_eq!(
        held.len(),
        2,
        "two bundles a month per household, held by orders"
    );
    for refused in outcomes.iter().filter_map(|o| o.as_ref().err()) {
        assert_refused(refused, 422, "allowance_exceeded", None);
    }
    // Both paid: exactly the allowance was sold, and nothing more can be ordered.
    for order in &held {
        crate::helpers_orders::location(&pay_on_page(order, SANDBOX_CARD_OK).await);
        permit_server::commerce::settle(&app.state, &order.id)
            .await
            .expect("settled");
    }
    assert_eq!(app.payments.charges(), 2);
    assert_eq!(app.count("bundles").await, 2);
    let error = first
        .start_purchase(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect_err("spent");
    assert_refused(&error, 422, "allowance_exceeded", None);
}

#[tokio::test]
async fn vp1_a_crash_between_the_providers_success_and_issuing_issues_once_after_restart() {
    let app = spawn_app().await;
    let (resident, order) = app.resident_with_order("crash@example.org", 2).await;
    // The provider took the money; the server went down before anything was issued.
    app.pay_and_close_the_tab(&order);
    assert_eq!(app.count("bundles").await, 0);
    // A new server on the same database and the same provider: its reconciliation, the first
    // server's answer to the returning resident and a second run all race; one issues.
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
    assert_eq!(app.count("bundles").await, 1, "issued once");
    assert_eq!(app.count("payments").await, 1);
    assert_eq!(app.payments.charges(), 1);
    let held = resident.visitor_permits().await.expect("held");
    assert_eq!(held[0].permits, 20);
}
