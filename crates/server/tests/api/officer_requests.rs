//! Officers decide permit requests from their queue: a Vehicle Change Request (RP-3) and a
//! change of address within the zone with its proof (RP-7).

use crate::helpers_staff::{approve, reject};
use crate::permits::resident_permit;

#[tokio::test]
async fn rp3_an_officer_approves_a_vehicle_change_request_from_the_queue() {
    let app = crate::helpers::spawn_app().await;
    let (resident, permit) = resident_permit(&app, "rp3o@example.org").await;
    let request = resident
        .change_vehicle(&permit.id, "XY99ZZZ")
        .await
        .expect("requested")
        .request
        .expect("a request");
    let officer = app.officer("leicestershire").await;
    let queue = officer.review_queue().await.expect("queue");
    assert_eq!(
        (queue[0].kind.as_str(), queue[0].detail.as_str()),
        ("vehicle_change", "XY99ZZZ")
    );
    officer
        .officer_decide("requests", &request.id, &approve())
        .await
        .expect("approved");
    let changed = resident.permit(&permit.id).await.expect("permit");
    assert_eq!(changed.vrm, "XY99ZZZ");
    let audit = officer.audit_log().await.expect("audit");
    // The purchase was approved through the operator (test set-up), the request by the officer.
    assert_eq!(audit[0].action, "vehicle_change_decision");
    assert!(audit[0].actor.starts_with("staff:"));
    assert_eq!(audit[1].actor, "operator");
}

#[tokio::test]
async fn rp7_an_officer_sees_the_change_of_address_proof_and_rejects_with_a_reason() {
    let app = crate::helpers::spawn_app().await;
    let (resident, permit) = resident_permit(&app, "rp7o@example.org").await;
    let request = resident
        .change_of_address(
            &permit.id,
            "leicestershire-0002",
            "application/pdf",
            b"%PDF-1.4 tenancy".to_vec(),
        )
        .await
        .expect("requested");
    let officer = app.officer("leicestershire").await;
    let queue = officer.review_queue().await.expect("queue");
    let item = queue.iter().find(|i| i.id == request.id).expect("queued");
    assert_eq!(item.kind, "change_of_address");
    let (_, body) = officer
        .review_proof(&item.proofs[0].id)
        .await
        .expect("proof");
    assert_eq!(body, b"%PDF-1.4 tenancy");
    officer
        .officer_decide("requests", &request.id, &reject("tenancy not signed"))
        .await
        .expect("rejected");
    let unchanged = resident.permit(&permit.id).await.expect("permit");
    assert_eq!(unchanged.property_id, "leicestershire-0001");
    let email = &app.client.outbox("rp7o@example.org").await.expect("outbox")[0].body;
    assert!(email.contains("rejected (tenancy not signed)"), "{email}");
}
