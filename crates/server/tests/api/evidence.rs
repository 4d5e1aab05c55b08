//! AVP-1: Care and Over State Pension Age permits ask for the evidence the council needs; the
//! officer sees it with the purchase in the review queue and approves or rejects it.

use crate::helpers::{assert_refused, key, spawn_app, vehicle_permit};
use permit_client::types::ReviewDecision;
use permit_test_support::PaysOnSandbox;

const PDF: &[u8] = b"%PDF-1.4 care letter";

#[tokio::test]
async fn avp1_a_care_permit_waits_for_its_evidence_and_the_officer_approves_it() {
    let app = spawn_app().await;
    let resident = app.resident("leicester", "care@example.org").await;
    let catalogue = resident.catalogue().await.expect("catalogue");
    let care = catalogue
        .products
        .iter()
        .find(|p| p.id == "annual-visitor-care")
        .expect("care permit");
    assert!(care.needs_review);
    assert!(
        care.evidence[0].contains("care provider"),
        "{:?}",
        care.evidence
    );
    let receipt = resident
        .buy(
            &key(),
            &vehicle_permit("annual-visitor-care", "AB12CDE", None),
        )
        .await
        .expect("bought");
    let permit = receipt.permit.expect("permit");
    assert_eq!(permit.state, "pending_review");
    let officer = app.officer("leicester").await;
    let approve = ReviewDecision {
        approve: true,
        reason: None,
    };
    let error = officer
        .officer_decide("purchases", &receipt.payment.id, &approve)
        .await
        .expect_err("no evidence yet");
    assert_refused(&error, 409, "evidence_missing", None);

    resident
        .upload_permit_evidence(&permit.id, "application/pdf", PDF.to_vec())
        .await
        .expect("uploaded");
    let queue = officer.review_queue().await.expect("queue");
    let item = queue
        .iter()
        .find(|i| i.id == receipt.payment.id)
        .expect("in the queue");
    assert_eq!(item.kind, "purchase");
    assert_eq!(
        item.proofs.len(),
        1,
        "the evidence is shown with the purchase"
    );
    officer
        .officer_decide("purchases", &receipt.payment.id, &approve)
        .await
        .expect("approved");
    let permit = resident.permit(&permit.id).await.expect("permit");
    assert_eq!(permit.state, "active");
    let error = resident
        .upload_permit_evidence(&permit.id, "application/pdf", PDF.to_vec())
        .await
        .expect_err("decided");
    assert_refused(&error, 409, "evidence_not_needed", None);
}

#[tokio::test]
async fn avp1_over_pension_age_evidence_can_be_rejected_and_the_money_comes_back() {
    let app = spawn_app().await;
    let resident = app.resident("leicester", "spa@example.org").await;
    let receipt = resident
        .buy(
            &key(),
            &vehicle_permit("annual-visitor-over-spa", "AB12CDE", None),
        )
        .await
        .expect("bought");
    let permit = receipt.permit.expect("permit");
    resident
        .upload_permit_evidence(&permit.id, "application/pdf", PDF.to_vec())
        .await
        .expect("uploaded");
    let officer = app.officer("leicester").await;
    let reject = ReviewDecision {
        approve: false,
        reason: Some("The licence does not show a date of birth.".into()),
    };
    officer
        .officer_decide("purchases", &receipt.payment.id, &reject)
        .await
        .expect("rejected");
    assert_eq!(
        resident.permit(&permit.id).await.expect("permit").state,
        "rejected"
    );
    app.refunds_sent(1).await;
    assert_eq!(app.payments.refunds(), 1);
}

#[tokio::test]
async fn avp1_a_standard_annual_visitor_permit_needs_no_evidence() {
    let app = spawn_app().await;
    let resident = app.resident("leicester", "standard@example.org").await;
    let receipt = resident
        .buy(&key(), &vehicle_permit("annual-visitor", "AB12CDE", None))
        .await
        .expect("bought");
    let permit = receipt.permit.expect("permit");
    assert_eq!(permit.state, "active");
    let error = resident
        .upload_permit_evidence(&permit.id, "application/pdf", PDF.to_vec())
        .await
        .expect_err("none asked for");
    assert_refused(&error, 409, "evidence_not_needed", None);
}
