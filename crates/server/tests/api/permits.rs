//! Managing vehicle permits: RP-3 to RP-7, AVP-2 to AVP-5.

use crate::helpers::{TestApp, assert_refused, key, spawn_app, stand_at, vehicle_permit};
use permit_client::Client;
use permit_client::types::{Permit, RenewalOrder, ReviewDecision};
use permit_test_support::PaysOnSandbox;

const APPROVE: ReviewDecision = ReviewDecision {
    approve: true,
    reason: None,
};

fn renewal() -> RenewalOrder {
    RenewalOrder::default()
}

/// A Leicester resident (at leicester-0001, zone R1) with an annual visitor permit.
pub(crate) async fn leicester_permit(app: &TestApp, email: &str) -> (Client, Permit) {
    let resident = app.resident("leicester", email).await;
    let receipt = resident
        .buy(&key(), &vehicle_permit("annual-visitor", "AB12CDE", None))
        .await
        .expect("permit");
    (resident, receipt.permit.expect("permit"))
}

/// A Leicestershire resident (at leicestershire-0001, zone L1) with an approved resident permit.
pub(crate) async fn resident_permit(app: &TestApp, email: &str) -> (Client, Permit) {
    let resident = app.resident("leicestershire", email).await;
    let receipt = app
        .approved_purchase(&resident, &vehicle_permit("resident", "AB12CDE", Some(12)))
        .await;
    let permit = resident
        .permit(&receipt.permit.expect("permit").id)
        .await
        .expect("permit");
    assert_eq!(permit.state, "active");
    (resident, permit)
}

#[tokio::test]
async fn avp3_renewal_opens_thirty_days_before_expiry() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let (_, permit) = leicester_permit(&app, "avp3@example.org").await;
    stand_at(&app, "2026-12-14 23:59").await;
    let resident = app
        .resident_logged_in("leicester", "avp3@example.org")
        .await;
    let error = resident
        .renew(&permit.id, &key(), &renewal())
        .await
        .expect_err("too early");
    assert_refused(&error, 422, "renewal_not_open", None);
    stand_at(&app, "2026-12-15 00:00").await;
    let resident = app
        .resident_logged_in("leicester", "avp3@example.org")
        .await;
    let renewed = resident
        .renew(&permit.id, &key(), &renewal())
        .await
        .expect("opens on 15 December");
    let next = renewed.permit.expect("next period");
    assert_eq!(
        next.starts_at, permit.expires_at,
        "the new period follows on"
    );
    assert_eq!(next.vrm, "AB12CDE");
    let error = resident
        .renew(&permit.id, &key(), &renewal())
        .await
        .expect_err("twice");
    assert_refused(&error, 409, "already_renewed", None);
}

#[tokio::test]
async fn rp4_resident_permit_renewal_is_reviewed_like_the_first_purchase() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let (resident, permit) = resident_permit(&app, "rp4@example.org").await;
    // Renewing by hand: with auto-renewal on, the scheduled job would renew it first (RP-6).
    resident
        .set_auto_renew(&permit.id, false)
        .await
        .expect("off");
    assert_eq!(
        permit.renewal_opens_at.to_rfc3339(),
        "2026-12-15T00:00:00+00:00"
    );
    stand_at(&app, "2026-12-20 09:00").await;
    let resident = app
        .resident_logged_in("leicestershire", "rp4@example.org")
        .await;
    let renewed = resident
        .renew(&permit.id, &key(), &renewal())
        .await
        .expect("renewed");
    assert_eq!(renewed.permit.expect("next").state, "pending_review");
    assert_eq!(renewed.payment.amount_pence, 6000);
}

#[tokio::test]
async fn rp6_auto_renewal_can_be_turned_off_and_is_not_offered_for_annual_visitor_permits() {
    let app = spawn_app().await;
    let (resident, permit) = resident_permit(&app, "rp6@example.org").await;
    assert!(permit.auto_renew);
    let off = resident
        .set_auto_renew(&permit.id, false)
        .await
        .expect("off");
    assert!(!off.auto_renew);
    assert!(
        !resident
            .permit(&permit.id)
            .await
            .expect("permit")
            .auto_renew
    );
    let (leicester, annual) = leicester_permit(&app, "rp6b@example.org").await;
    let error = leicester
        .set_auto_renew(&annual.id, true)
        .await
        .expect_err("not offered");
    assert_refused(&error, None, "auto_renewal_not_offered", None);
}

#[tokio::test]
async fn avp2_edit_registration_changes_the_vrm_at_once() {
    let app = spawn_app().await;
    let (resident, permit) = leicester_permit(&app, "avp2@example.org").await;
    let outcome = resident
        .change_vehicle(&permit.id, "xy99 zzz")
        .await
        .expect("changed");
    assert_eq!(outcome.permit.vrm, "XY99ZZZ");
    assert!(outcome.request.is_none());
}

#[tokio::test]
async fn rp3_a_vehicle_change_is_a_request_the_council_approves() {
    let app = spawn_app().await;
    let (resident, permit) = resident_permit(&app, "rp3@example.org").await;
    let outcome = resident
        .change_vehicle(&permit.id, "XY99ZZZ")
        .await
        .expect("requested");
    assert_eq!(outcome.permit.vrm, "AB12CDE", "unchanged until approved");
    let request = outcome.request.expect("a Vehicle Change Request");
    assert_eq!(
        (request.kind.as_str(), request.state.as_str()),
        ("vehicle_change", "pending")
    );
    app.client
        .decide_request(&request.id, &APPROVE)
        .await
        .expect("approved");
    assert_eq!(
        resident.permit(&permit.id).await.expect("permit").vrm,
        "XY99ZZZ"
    );
}

#[tokio::test]
async fn rp5_a_cancelled_resident_permit_is_not_refunded() {
    let app = spawn_app().await;
    let (resident, permit) = resident_permit(&app, "rp5@example.org").await;
    let cancelled = resident.cancel_permit(&permit.id).await.expect("cancelled");
    assert_eq!(
        (cancelled.refund_pence, cancelled.permit.state.as_str()),
        (0, "cancelled")
    );
    assert_eq!(app.payments.refunds(), 0);
    let error = resident.cancel_permit(&permit.id).await.expect_err("twice");
    assert_refused(&error, 409, "permit_not_active", None);
}

#[tokio::test]
async fn avp4_cancelling_refunds_the_unused_whole_months_less_the_fee() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let (_, permit) = leicester_permit(&app, "avp4@example.org").await;
    stand_at(&app, "2026-03-20 12:00").await;
    let resident = app
        .resident_logged_in("leicester", "avp4@example.org")
        .await;
    let cancelled = resident.cancel_permit(&permit.id).await.expect("cancelled");
    // 15 Jan, 15 Feb and 15 Mar have started: 9 of 12 months unused, £50 × 9/12 − £10 fee.
    assert_eq!(cancelled.refund_pence, 2750);
    let payments = resident.payments().await.expect("history");
    assert_eq!(payments[0].refunded_pence, 2750);
    app.refunds_sent(1).await;
    assert_eq!(app.payments.refunds(), 1);
}

#[tokio::test]
async fn rp7_moving_within_the_zone_keeps_the_permit_and_another_zone_needs_a_new_application() {
    let app = spawn_app().await;
    let (resident, permit) = resident_permit(&app, "rp7@example.org").await;
    let error = resident
        .change_of_address(
            &permit.id,
            "leicestershire-0003",
            "application/pdf",
            b"%PDF-1.4".to_vec(),
        )
        .await
        .expect_err("zone L2");
    assert_refused(&error, 422, "new_application_required", None);
    let request = resident
        .change_of_address(
            &permit.id,
            "leicestershire-0002",
            "application/pdf",
            b"%PDF-1.4 tenancy".to_vec(),
        )
        .await
        .expect("same zone");
    assert_eq!(request.state, "pending");
    app.client
        .decide_request(&request.id, &APPROVE)
        .await
        .expect("approved");
    let moved = resident.permit(&permit.id).await.expect("permit");
    assert_eq!(
        (moved.property_id.as_str(), moved.state.as_str()),
        ("leicestershire-0002", "active")
    );
}

#[tokio::test]
async fn avp5_a_change_of_address_needs_proof_and_cancels_the_old_addresses_permits() {
    let app = spawn_app().await;
    let (resident, permit) = leicester_permit(&app, "avp5@example.org").await;
    let error = resident
        .change_of_address(&permit.id, "leicester-0003", "text/plain", b"hi".to_vec())
        .await
        .expect_err("proof type");
    assert_refused(&error, None, "proof_type_not_accepted", None);
    let request = resident
        .change_of_address(
            &permit.id,
            "leicester-0003",
            "image/png",
            b"\x89PNG council tax bill".to_vec(),
        )
        .await
        .expect("requested");
    app.client
        .decide_request(&request.id, &APPROVE)
        .await
        .expect("approved");
    assert_eq!(
        resident.permit(&permit.id).await.expect("permit").state,
        "cancelled"
    );
}
