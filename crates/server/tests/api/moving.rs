//! Moving house moves the account (RP-7, AVP-5): the registration and permits follow the rules
//! for the new property's zone, and the enforcement check follows them; visitor stays booked
//! at the old address that have not started are cancelled with their permits returned.

use crate::helpers::{
    TestApp, assert_refused, bundles, enforcement_key, key, registration_of, spawn_app, stand_at,
    vehicle_permit,
};
use crate::permits::resident_permit;
use permit_client::Client;
use permit_client::types::{ReviewDecision, StayBooking};
use permit_test_support::PaysOnSandbox;

const APPROVE: ReviewDecision = ReviewDecision {
    approve: true,
    reason: None,
};
const PDF: &[u8] = b"%PDF-1.4 document";

async fn permitted(app: &TestApp, council: &str, vrm: &str, zone: &str) -> bool {
    app.client
        .enforcement_check(&enforcement_key(council), vrm, zone, None)
        .await
        .expect("check")
        .permitted
}

/// The enforcement check says permitted in the new zone and not permitted in the old one.
async fn assert_moved(app: &TestApp, council: &str, vrm: &str, (old, new): (&str, &str)) {
    assert!(
        permitted(app, council, vrm, new).await,
        "{vrm} permitted in the new zone {new}"
    );
    assert!(
        !permitted(app, council, vrm, old).await,
        "{vrm} not permitted in the old zone {old}"
    );
}

/// The resident asks to move permit `id` to `property_id` with proof, and the council approves.
pub(crate) async fn approved_move(
    app: &TestApp,
    resident: &Client,
    id: &str,
    property_id: &str,
) -> permit_client::types::PermitRequest {
    let request = resident
        .change_of_address(id, property_id, "application/pdf", PDF.to_vec())
        .await
        .expect("requested");
    app.client
        .decide_request(&request.id, &APPROVE)
        .await
        .expect("approved");
    request
}

async fn home_of(resident: &Client) -> String {
    registration_of(resident).await.property.id
}

#[tokio::test]
async fn rp7_moving_within_the_zone_moves_the_permit_and_the_registration() {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 10:00").await;
    let (resident, permit) = resident_permit(&app, "rp7same@example.org").await;
    approved_move(&app, &resident, &permit.id, "leicestershire-0002").await;
    let moved = resident.permit(&permit.id).await.expect("permit");
    assert_eq!(
        (moved.property_id.as_str(), moved.state.as_str()),
        ("leicestershire-0002", "active")
    );
    assert_eq!(home_of(&resident).await, "leicestershire-0002");
    assert!(permitted(&app, "leicestershire", "AB12CDE", "L1").await);
    assert!(!permitted(&app, "leicestershire", "AB12CDE", "L2").await);
}

#[tokio::test]
async fn rp7_another_zone_is_a_new_application_with_proof_and_v5c_and_the_old_permit_ends_when_it_is_approved()
 {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 10:00").await;
    let (resident, permit) = resident_permit(&app, "rp7zone@example.org").await;
    let same_zone = resident
        .new_zone_application(
            &permit.id,
            "leicestershire-0002",
            "proof_of_address",
            "application/pdf",
            PDF.to_vec(),
        )
        .await
        .expect_err("same zone");
    assert_refused(
        &same_zone,
        422,
        "change_of_address_instead",
        Some("property_id"),
    );
    let unknown = resident
        .new_zone_application(
            &permit.id,
            "leicestershire-0003",
            "passport",
            "application/pdf",
            PDF.to_vec(),
        )
        .await
        .expect_err("not a document the application takes");
    assert_refused(&unknown, 422, "unknown_document", Some("document"));

    let first = resident
        .new_zone_application(
            &permit.id,
            "leicestershire-0003",
            "proof_of_address",
            "application/pdf",
            b"%PDF-1.4 tenancy".to_vec(),
        )
        .await
        .expect("proof of address");
    assert_eq!(
        (first.kind.as_str(), first.state.as_str()),
        ("new_zone_permit", "pending")
    );
    assert!(first.explanation.contains("V5C"), "{}", first.explanation);
    let officer = app.officer("leicestershire").await;
    let incomplete = officer
        .officer_decide("requests", &first.id, &APPROVE)
        .await
        .expect_err("no V5C yet");
    assert_refused(&incomplete, 409, "application_incomplete", None);

    let second = resident
        .new_zone_application(
            &permit.id,
            "leicestershire-0003",
            "v5c",
            "image/png",
            b"\x89PNG v5c".to_vec(),
        )
        .await
        .expect("V5C");
    assert_eq!(second.id, first.id, "one application");
    assert!(
        second.explanation.contains("old address"),
        "{}",
        second.explanation
    );
    let queue = officer.review_queue().await.expect("queue");
    let item = queue.iter().find(|i| i.id == first.id).expect("queued");
    let mut purposes: Vec<_> = item.proofs.iter().map(|p| p.purpose.as_str()).collect();
    purposes.sort_unstable();
    assert_eq!(purposes, ["proof_of_address", "v5c"]);
    assert!(
        permitted(&app, "leicestershire", "AB12CDE", "L1").await,
        "the old permit holds while the council decides"
    );
    assert!(!permitted(&app, "leicestershire", "AB12CDE", "L2").await);

    officer
        .officer_decide("requests", &first.id, &APPROVE)
        .await
        .expect("approved");
    let permits = resident.permits().await.expect("permits");
    let old = permits.iter().find(|p| p.id == permit.id).expect("old");
    assert_eq!(old.state, "cancelled", "the old permit ends on approval");
    let new = permits
        .iter()
        .find(|p| p.id != permit.id)
        .expect("a new permit");
    assert_eq!(
        (
            new.property_id.as_str(),
            new.state.as_str(),
            new.vrm.as_str()
        ),
        ("leicestershire-0003", "active", "AB12CDE")
    );
    assert_eq!(new.expires_at, old.expires_at, "the period carries over");
    assert_eq!(home_of(&resident).await, "leicestershire-0003");
    assert_moved(&app, "leicestershire", "AB12CDE", ("L1", "L2")).await;
}

#[tokio::test]
async fn avp5_after_a_move_the_old_permits_end_and_permits_bought_are_for_the_new_address_and_zone()
{
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let resident = app.resident("leicester", "avp5move@example.org").await;
    let old = resident
        .buy(&key(), &vehicle_permit("annual-visitor", "AB12CDE", None))
        .await
        .expect("permit")
        .permit
        .expect("permit");
    assert!(permitted(&app, "leicester", "AB12CDE", "R1").await);
    stand_at(&app, "2026-03-20 12:00").await;
    let resident = app
        .resident_logged_in("leicester", "avp5move@example.org")
        .await;
    let request = approved_move(&app, &resident, &old.id, "leicester-0003").await;
    assert!(
        request.explanation.contains("stays"),
        "{}",
        request.explanation
    );
    assert_eq!(
        resident.permit(&old.id).await.expect("old").state,
        "cancelled"
    );
    // AVP-4's policy: 9 of 12 months unused, £50 × 9/12 − £10 fee.
    assert_eq!(
        resident.payments().await.expect("payments")[0].refunded_pence,
        2750
    );
    assert_eq!(home_of(&resident).await, "leicester-0003");
    assert!(!permitted(&app, "leicester", "AB12CDE", "R1").await);

    let new = resident
        .buy(&key(), &vehicle_permit("annual-visitor", "CD34EFG", None))
        .await
        .expect("bought at the new address")
        .permit
        .expect("permit");
    assert_eq!(new.property_id, "leicester-0003");
    assert_moved(&app, "leicester", "CD34EFG", ("R1", "R2")).await;
}

#[tokio::test]
async fn rp7_avp5_stays_booked_for_after_the_move_are_cancelled_and_their_permits_returned() {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 10:00").await;
    let (resident, permit) = resident_permit(&app, "rp7stays@example.org").await;
    app.approved_purchase(&resident, &bundles("visitor-bundle", 1))
        .await;
    let running = StayBooking {
        vrm: "VI51TOR".into(),
        duration_minutes: Some(240),
        ..StayBooking::default()
    };
    let running = resident.book_stay(&running).await.expect("running");
    let tomorrow = StayBooking {
        vrm: "VI52TOR".into(),
        start: Some(running.starts_at + chrono::Duration::days(1)),
        duration_minutes: Some(240),
        ..StayBooking::default()
    };
    let tomorrow = resident.book_stay(&tomorrow).await.expect("tomorrow");
    let held = |r: Client| async move {
        r.visitor_permits()
            .await
            .expect("held")
            .iter()
            .map(|b| b.remaining)
            .sum::<u32>()
    };
    let before = held(resident.clone()).await;
    let request = approved_move(&app, &resident, &permit.id, "leicestershire-0002").await;
    assert!(
        request.explanation.contains("have not started"),
        "the resident is told before: {}",
        request.explanation
    );
    let upcoming = resident.stays("upcoming").await.expect("stays");
    let ids: Vec<_> = upcoming.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [running.id.as_str()],
        "the running stay runs to its end"
    );
    let cancelled = resident.stay(&tomorrow.id).await.expect("stay");
    assert_eq!(cancelled.status, "cancelled");
    assert_eq!(
        held(resident.clone()).await,
        before + 1,
        "its permit is back"
    );
    let told = app
        .client
        .outbox("rp7stays@example.org")
        .await
        .expect("outbox");
    assert!(
        told[0].body.contains("VI52TOR") && told[0].body.contains("permits returned"),
        "{}",
        told[0].body
    );
}
