//! Buying: VP-1 to VP-7, RP-1, AVP-1, idempotency and payment outcomes.

use crate::helpers::{
    CARD_OK, assert_refused, bundles, join_all, key, spawn_app, stand_at, vehicle_permit,
};
use permit_client::types::ReviewDecision;

#[tokio::test]
async fn vp1_hampshire_sells_bundles_of_ten_with_a_quantity() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "vp1@example.org").await;
    let receipt = resident
        .purchase(&key(), &bundles("visitor-bundle", 2))
        .await
        .expect("bought");
    let bundle = receipt.bundle.expect("visitor permits");
    assert_eq!(
        (bundle.permits, bundle.remaining, bundle.state.as_str()),
        (20, 20, "active")
    );
    assert_eq!(receipt.payment.amount_pence, 2 * 1500);
    assert_eq!(receipt.payment.quantity, 2);
    let held = resident.visitor_permits().await.expect("held");
    assert_eq!(held.len(), 1);
}

#[tokio::test]
async fn vp2_catalogue_shows_prices_and_the_allowance_left() {
    let app = spawn_app().await;
    stand_at(&app, "2026-06-15 10:00").await;
    let resident = app.resident("hampshire", "vp2@example.org").await;
    resident
        .purchase(&key(), &bundles("visitor-bundle", 2))
        .await
        .expect("bought");
    let catalogue = resident.catalogue().await.expect("catalogue");
    assert!(catalogue.can_buy);
    let product = &catalogue.products[0];
    assert_eq!(
        (product.bundle_size, product.bundle_price_pence),
        (Some(10), Some(1500))
    );
    let allowance = product.allowance.as_ref().expect("VP-2 allowance");
    assert_eq!(
        (allowance.used, allowance.left, allowance.limit),
        (20, 30, 50)
    );
    assert!(
        allowance.summary.contains("30 of 50 left"),
        "{}",
        allowance.summary
    );
    // VP-2: bought on 15 June 2026, available again from 15 June 2027.
    assert!(
        allowance.summary.contains("15 June 2027"),
        "{}",
        allowance.summary
    );
}

#[tokio::test]
async fn vp4_leicestershire_allows_two_bundles_in_a_calendar_month() {
    let app = spawn_app().await;
    stand_at(&app, "2026-05-31 23:30").await;
    let resident = app.resident("leicestershire", "vp4@example.org").await;
    resident
        .purchase(&key(), &bundles("visitor-bundle", 2))
        .await
        .expect("two bundles");
    let error = resident
        .purchase(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect_err("third");
    assert_refused(&error, 422, "allowance_exceeded", None);
    // 00:30 BST on 1 June is June: the allowance is fresh (docs/rules.md, windows in local time).
    stand_at(&app, "2026-06-01 00:30").await;
    let resident = app
        .resident_logged_in("leicestershire", "vp4@example.org")
        .await;
    resident
        .purchase(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("new month");
}

#[tokio::test]
async fn vp5_cambridgeshire_allows_twenty_a_year_from_1_april() {
    let app = spawn_app().await;
    stand_at(&app, "2026-03-30 12:00").await;
    let resident = app
        .approved_cambridgeshire_resident("vp5@example.org")
        .await;
    resident
        .purchase(&key(), &bundles("visitor-bundle", 4))
        .await
        .expect("20 permits");
    let error = resident
        .purchase(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect_err("21st");
    assert_refused(&error, None, "allowance_exceeded", None);
    stand_at(&app, "2026-04-01 00:30").await;
    let resident = app
        .resident_logged_in("cambridgeshire", "vp5@example.org")
        .await;
    resident
        .purchase(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("new year");
}

#[tokio::test]
async fn vp6_a_rejected_purchase_is_refunded_and_its_permits_return_to_the_allowance() {
    let app = spawn_app().await;
    let resident = app.resident("leicestershire", "vp6@example.org").await;
    let receipt = resident
        .purchase(&key(), &bundles("visitor-bundle", 2))
        .await
        .expect("bought");
    assert_eq!(receipt.bundle.expect("bundle").state, "pending_review");
    let reject = ReviewDecision {
        approve: false,
        reason: Some("not in the zone".into()),
    };
    app.client
        .decide_purchase(&receipt.payment.id, &reject)
        .await
        .expect("rejected");
    app.assert_refunded(&resident, &receipt.payment.id, 4000)
        .await;
    resident
        .purchase(&key(), &bundles("visitor-bundle", 2))
        .await
        .expect("allowance came back");
}

#[tokio::test]
async fn vp7_payment_history_lists_every_purchase_with_its_date() {
    let app = spawn_app().await;
    let first = stand_at(&app, "2026-02-01 09:00").await;
    let resident = app.resident("hampshire", "vp7@example.org").await;
    resident
        .purchase(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("first");
    let second = stand_at(&app, "2026-02-03 18:00").await;
    let resident = app.resident_logged_in("hampshire", "vp7@example.org").await;
    resident
        .purchase(&key(), &bundles("visitor-bundle", 3))
        .await
        .expect("second");
    let history = resident.payments().await.expect("history");
    let dates: Vec<_> = history.iter().map(|p| p.paid_at).collect();
    assert_eq!(dates, vec![second, first], "newest first");
    assert_eq!(history[0].amount_pence, 4500);
}

#[tokio::test]
async fn purchases_wait_for_an_active_registration() {
    let app = spawn_app().await;
    let resident = app.resident("cambridgeshire", "early@example.org").await;
    let error = resident
        .purchase(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect_err("not yet");
    assert_refused(&error, 422, "registration_not_active", None);
    assert_eq!(app.payments.charges(), 0);
}

#[tokio::test]
async fn rp1_a_resident_permit_is_bought_for_a_vehicle_and_held_for_review() {
    let app = spawn_app().await;
    let resident = app.resident("leicestershire", "rp1@example.org").await;
    let receipt = resident
        .purchase(&key(), &vehicle_permit("resident", "ab12 cde", Some(12)))
        .await
        .expect("bought");
    let permit = receipt.permit.expect("permit");
    assert_eq!(
        (permit.vrm.as_str(), permit.state.as_str()),
        ("AB12CDE", "pending_review")
    );
    assert_eq!((permit.duration_months, permit.price_pence), (12, 6000));
    assert!(
        permit.auto_renew,
        "RP-6: auto-renewal is on unless turned off"
    );
    let error = resident
        .purchase(&key(), &vehicle_permit("resident", "AB12CDE", Some(6)))
        .await
        .expect_err("6 months");
    assert_refused(&error, 422, "duration_not_offered", None);
}

#[tokio::test]
async fn avp1_an_annual_visitor_permit_needs_a_vehicle() {
    let app = spawn_app().await;
    let resident = app.resident("leicester", "avp1@example.org").await;
    let mut order = vehicle_permit("annual-visitor-care", "AB12 CDE", None);
    order.vrm = None;
    let error = resident.purchase(&key(), &order).await.expect_err("no vrm");
    assert_refused(&error, None, "vrm_required", "vrm");
    // A standard annual visitor permit is active at once (Care and Over State Pension Age
    // permits wait for their evidence to be reviewed: tests/api/evidence.rs).
    let receipt = resident
        .purchase(&key(), &vehicle_permit("annual-visitor", "AB12 CDE", None))
        .await
        .expect("bought");
    assert_eq!(receipt.permit.expect("permit").state, "active");
}

#[tokio::test]
async fn the_same_idempotency_key_and_body_replays_the_first_purchase() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "idem@example.org").await;
    let key = key();
    let first = resident
        .purchase(&key, &bundles("visitor-bundle", 1))
        .await
        .expect("first");
    let again = resident
        .purchase(&key, &bundles("visitor-bundle", 1))
        .await
        .expect("replayed");
    assert_eq!(first, again);
    assert_eq!(resident.payments().await.expect("history").len(), 1);
    let error = resident
        .purchase(&key, &bundles("visitor-bundle", 2))
        .await
        .expect_err("other body");
    assert_refused(&error, 422, "idempotency_key_reused", None);
}

#[tokio::test]
async fn fifty_parallel_purchases_with_one_idempotency_key_charge_once() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "fifty@example.org").await;
    let key = key();
    let attempts = (0..50).map(|_| {
        let (resident, key) = (resident.clone(), key.clone());
        async move { resident.purchase(&key, &bundles("visitor-bundle", 1)).await }
    });
    let receipts: Vec<_> = join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.expect("answered"))
        .collect();
    assert!(
        receipts.iter().all(|r| r == &receipts[0]),
        "every answer is the first one"
    );
    assert_eq!(app.payments.charges(), 1);
    assert_eq!(resident.payments().await.expect("history").len(), 1);
}

#[tokio::test]
async fn a_declined_or_failing_card_buys_nothing() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "card@example.org").await;
    let mut order = bundles("visitor-bundle", 1);
    order.card_number = "4000 0000 0000 0002".into();
    let error = resident
        .purchase(&key(), &order)
        .await
        .expect_err("declined");
    assert_refused(&error, 402, "card_declined", None);
    order.card_number = "4000000000000119".into();
    let error = resident.purchase(&key(), &order).await.expect_err("fails");
    assert_refused(&error, 402, "payment_failed", None);
    assert!(resident.payments().await.expect("history").is_empty());
    assert!(resident.visitor_permits().await.expect("held").is_empty());
    order.card_number = CARD_OK.into();
    resident
        .purchase(&key(), &order)
        .await
        .expect("a good card works");
}

#[tokio::test]
async fn a_purchase_needs_an_idempotency_key() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "nokey@example.org").await;
    let error = resident
        .purchase("", &bundles("visitor-bundle", 1))
        .await
        .expect_err("no key");
    assert_refused(&error, None, "idempotency_key_required", None);
}

#[tokio::test]
async fn rp1_each_permit_type_shows_its_durations_and_prices_before_purchase() {
    let app = spawn_app().await;
    let resident = app.resident("leicestershire", "rp1cat@example.org").await;
    let catalogue = resident.catalogue().await.expect("catalogue");
    let ids: Vec<&str> = catalogue.products.iter().map(|p| p.id.as_str()).collect();
    for expected in [
        "resident",
        "disabled-resident",
        "motorcycle",
        "temporary-resident",
        "student",
    ] {
        assert!(ids.contains(&expected), "RP-1 lists {expected}: {ids:?}");
    }
    let standard = catalogue
        .products
        .iter()
        .find(|p| p.id == "resident")
        .expect("resident");
    let months: Vec<u32> = standard.durations.iter().map(|d| d.months).collect();
    assert_eq!(months, vec![12], "Standard Resident is 12 months only");
    assert!(standard.durations.iter().all(|d| d.price_pence > 0));
    assert!(standard.needs_review, "RP-2");
}

#[tokio::test]
async fn rp2_a_rejected_resident_permit_is_refunded() {
    let app = spawn_app().await;
    let resident = app.resident("leicestershire", "rp2@example.org").await;
    let receipt = resident
        .purchase(&key(), &vehicle_permit("resident", "AB12CDE", Some(12)))
        .await
        .expect("bought");
    let reject = ReviewDecision {
        approve: false,
        reason: Some("no V5C".into()),
    };
    app.client
        .decide_purchase(&receipt.payment.id, &reject)
        .await
        .expect("rejected");
    let permit = resident
        .permit(&receipt.permit.expect("permit").id)
        .await
        .expect("permit");
    assert_eq!(permit.state, "rejected");
    let payment = resident
        .payment(&receipt.payment.id)
        .await
        .expect("payment");
    assert_eq!(
        (payment.status.as_str(), payment.refunded_pence),
        ("refunded", 6000)
    );
    let error = app
        .client
        .decide_purchase(&receipt.payment.id, &reject)
        .await
        .expect_err("decided");
    assert_eq!(error.status(), Some(409));
}
