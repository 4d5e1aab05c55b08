//! One resident can never read or change another's data: someone else's ids are 404s.

use crate::helpers::{bundles, key, spawn_app, vehicle_permit};
use permit_client::types::StayBooking;
use permit_test_support::PaysOnSandbox;

#[tokio::test]
async fn resident_b_gets_404_for_resident_a_stay_permit_and_payment() {
    let app = spawn_app().await;
    let a = app.resident("leicester", "a@example.org").await;
    let b = app.resident("leicester", "b@example.org").await;
    let receipt = a
        .buy(&key(), &vehicle_permit("annual-visitor", "AB12CDE", None))
        .await
        .expect("permit");
    let permit_id = receipt.permit.expect("permit").id;
    assert_eq!(
        b.permit(&permit_id).await.expect_err("permit").status(),
        Some(404)
    );
    assert_eq!(
        b.payment(&receipt.payment.id)
            .await
            .expect_err("payment")
            .status(),
        Some(404)
    );
    assert!(b.permits().await.expect("own list").is_empty());
    assert!(b.payments().await.expect("own list").is_empty());
    a.permit(&permit_id).await.expect("the owner sees it");

    let a = app.resident("hampshire", "stay-a@example.org").await;
    let b = app.resident("hampshire", "stay-b@example.org").await;
    a.buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bundle");
    let stay = a
        .book_stay(&StayBooking {
            vrm: "AB12CDE".into(),
            ..StayBooking::default()
        })
        .await
        .expect("stay");
    assert_eq!(
        b.stay(&stay.id).await.expect_err("stay").status(),
        Some(404)
    );
    assert_eq!(
        b.cancel_stay(&stay.id).await.expect_err("cancel").status(),
        Some(404)
    );
    assert_eq!(a.stay(&stay.id).await.expect("owner").status, "active");
}

#[tokio::test]
async fn resident_b_cannot_change_resident_a_permit() {
    let app = spawn_app().await;
    let a = app.resident("leicester", "owner@example.org").await;
    let b = app.resident("leicester", "other@example.org").await;
    let receipt = a
        .buy(&key(), &vehicle_permit("annual-visitor", "AB12CDE", None))
        .await
        .expect("permit");
    let id = receipt.permit.expect("permit").id;
    let renewal = permit_client::types::RenewalOrder::default();
    let statuses = [
        b.cancel_permit(&id).await.expect_err("cancel").status(),
        b.change_vehicle(&id, "XY99ZZZ")
            .await
            .expect_err("vehicle")
            .status(),
        b.set_auto_renew(&id, false)
            .await
            .expect_err("auto-renew")
            .status(),
        b.renew(&id, &key(), &renewal)
            .await
            .expect_err("renew")
            .status(),
        b.change_of_address(
            &id,
            "leicester-0002",
            "application/pdf",
            b"%PDF-1.4".to_vec(),
        )
        .await
        .expect_err("address")
        .status(),
    ];
    assert!(statuses.iter().all(|s| *s == Some(404)), "{statuses:?}");
    let permit = a.permit(&id).await.expect("owner");
    assert_eq!(
        (permit.state.as_str(), permit.vrm.as_str()),
        ("active", "AB12CDE"),
        "unchanged"
    );
}

#[tokio::test]
async fn an_id_with_path_characters_stays_one_path_segment_and_finds_nothing() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "segments@example.org").await;
    // Unencoded, "../payments" would read the payment list and "x/cancel" cancel stay "x".
    for id in [
        "../payments",
        "..",
        "x/cancel",
        "?when=all",
        "%2e%2e",
        "a#b",
    ] {
        let error = resident.stay(id).await.expect_err("no such stay");
        crate::helpers::assert_refused(&error, 404, "not_found", None);
        let error = resident.cancel_stay(id).await.expect_err("no such stay");
        crate::helpers::assert_refused(&error, 404, "not_found", None);
    }
}
