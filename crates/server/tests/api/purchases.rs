//! Buying: VP-1 to VP-7, RP-1, AVP-1, idempotency and payment outcomes.

use crate::helpers::{assert_refused, bundles, join_all, key, spawn_app, stand_at, vehicle_permit};
use permit_client::types::ReviewDecision;
use permit_test_support::PaysOnSandbox;

#[tokio::test]
async fn vp1_hampshire_sells_bundles_of_ten_with_a_quantity() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "vp1@example.org").await;
    let receipt = resident
        .buy(&key(), &bundles("visitor-bundle", 2))
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
        .buy(&key(), &bundles("visitor-bundle", 2))
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
        .buy(&key(), &bundles("visitor-bundle", 2))
        .await
        .expect("two bundles");
    let error = resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect_err("third");
    assert_refused(&error, 422, "allowance_exceeded", None);
    // 00:30 BST on 1 June is June: the allowance is fresh (docs/rules.md, windows in local time).
    stand_at(&app, "2026-06-01 00:30").await;
    let resident = app
        .resident_logged_in("leicestershire", "vp4@example.org")
        .await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
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
        .buy(&key(), &bundles("visitor-bundle", 4))
        .await
        .expect("20 permits");
    let error = resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect_err("21st");
    assert_refused(&error, None, "allowance_exceeded", None);
    stand_at(&app, "2026-04-01 00:30").await;
    let resident = app
        .resident_logged_in("cambridgeshire", "vp5@example.org")
        .await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("new year");
}

#[tokio::test]
async fn vp6_a_rejected_purchase_is_refunded_and_its_permits_return_to_the_allowance() {
    let app = spawn_app().await;
    let resident = app.resident("leicestershire", "vp6@example.org").await;
    let receipt = resident
        .buy(&key(), &bundles("visitor-bundle", 2))
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
        .buy(&key(), &bundles("visitor-bundle", 2))
        .await
        .expect("allowance came back");
}

#[tokio::test]
async fn vp7_payment_history_lists_every_purchase_with_its_date() {
    let app = spawn_app().await;
    let first = stand_at(&app, "2026-02-01 09:00").await;
    let resident = app.resident("hampshire", "vp7@example.org").await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("first");
    let second = stand_at(&app, "2026-02-03 18:00").await;
    let resident = app.resident_logged_in("hampshire", "vp7@example.org").await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 3))
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
        .buy(&key(), &bundles("visitor-bundle", 1))
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
        .buy(&key(), &vehicle_permit("resident", "ab12 cde", Some(12)))
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
        .buy(&key(), &vehicle_permit("resident", "AB12CDE", Some(6)))
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
    let error = resident.buy(&key(), &order).await.expect_err("no vrm");
    assert_refused(&error, None, "vrm_required", "vrm");
    // A standard annual visitor permit is active at once (Care and Over State Pension Age
    // permits wait for their evidence to be reviewed: tests/api/evidence.rs).
    let receipt = resident
        .buy(&key(), &vehicle_permit("annual-visitor", "AB12 CDE", None))
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
        .buy(&key, &bundles("visitor-bundle", 1))
        .await
        .expect("first");
    let again = resident
        .buy(&key, &bundles("visitor-bundle", 1))
        .await
        .expect("replayed");
    assert_eq!(first, again);
    assert_eq!(resident.payments().await.expect("history").len(), 1);
    let error = resident
        .buy(&key, &bundles("visitor-bundle", 2))
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
        async move { resident.buy(&key, &bundles("visitor-bundle", 1)).await }
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
    use permit_test_support::payment::{CARD_DECLINED, CARD_FAILS, pay_on_sandbox_page};
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "card@example.org").await;
    let order = bundles("visitor-bundle", 1);
    for (card, ended) in [(CARD_DECLINED, "declined"), (CARD_FAILS, "failed")] {
        let started = resident
            .start_purchase(&key(), &order)
            .await
            .expect("order made");
        let page = started.next_url.as_deref().expect("a payment page");
        assert_eq!(pay_on_sandbox_page(page, card).await.status(), 303);
        let read = resident.purchase_order(&started.id).await.expect("read");
        assert_eq!(read.state, ended, "{card}");
        assert!(read.receipt.is_none(), "nothing issued for {card}");
    }
    assert!(resident.payments().await.expect("history").is_empty());
    assert!(resident.visitor_permits().await.expect("held").is_empty());
    resident
        .buy(&key(), &order)
        .await
        .expect("a good card works");
}

#[tokio::test]
async fn a_purchase_or_renewal_carrying_card_details_is_refused_by_its_field() {
    // Issue 16: card numbers never touch our API, so a body that still sends one is refused,
    // naming the field, and nothing is ordered.
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "oldcard@example.org").await;
    let http = reqwest::Client::new();
    let purchase = serde_json::json!({
        "permit_type": "visitor-bundle",
        "quantity": 1,
        "card_number": "4242 4242 4242 4242",
    });
    let renewal = serde_json::json!({ "duration_months": 12, "card_number": "4242424242424242" });
    for (path, body) in [("purchases", purchase), ("permits/pmt-any/renew", renewal)] {
        let answer = http
            .post(format!("{}/api/v1/{path}", app.url))
            .bearer_auth(resident.token().expect("token"))
            .header("idempotency-key", key())
            .json(&body)
            .send()
            .await
            .expect("answered");
        assert_eq!(answer.status(), 422, "{path}");
        let body: serde_json::Value = answer.json().await.expect("error body");
        assert_eq!(body["code"], "invalid_body", "{path}");
        assert_eq!(body["field"], "card_number", "{path}");
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.contains("card_number")),
            "{path}: {body}"
        );
    }
    assert_eq!(app.count("orders").await, 0, "nothing ordered");
}

#[tokio::test]
async fn a_purchase_needs_an_idempotency_key() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "nokey@example.org").await;
    let error = resident
        .buy("", &bundles("visitor-bundle", 1))
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
        .buy(&key(), &vehicle_permit("resident", "AB12CDE", Some(12)))
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
