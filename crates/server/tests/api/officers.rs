//! Council officers: their own login, a review queue scoped to their council, decisions with
//! reasons, refunds on rejection (VP-6, RP-2, REG-3) and an audit log.

use crate::helpers::{assert_refused, bundles, key, spawn_app, vehicle_permit};
use crate::helpers_staff::{approve, reject};
use permit_test_support::PaysOnSandbox;

#[tokio::test]
async fn vp6_an_officer_rejects_a_paid_purchase_and_the_refund_and_email_appear() {
    let app = spawn_app().await;
    let resident = app.resident("leicestershire", "vp6o@example.org").await;
    let receipt = resident
        .buy(&key(), &bundles("visitor-bundle", 2))
        .await
        .expect("bought");
    let officer = app.officer("leicestershire").await;
    let queue = officer.review_queue().await.expect("queue");
    assert_eq!(queue.len(), 1);
    assert_eq!(
        (queue[0].kind.as_str(), queue[0].id.as_str()),
        ("purchase", receipt.payment.id.as_str())
    );
    officer
        .officer_decide("purchases", &receipt.payment.id, &reject("not in the zone"))
        .await
        .expect("rejected");
    app.assert_refunded(&resident, &receipt.payment.id, 4000)
        .await;
    let email = &app.client.outbox("vp6o@example.org").await.expect("outbox")[0].body;
    assert!(
        email.contains("not approved (not in the zone)")
            && email.contains("£40.00 has been refunded"),
        "{email}"
    );
    assert!(officer.review_queue().await.expect("queue").is_empty());
    resident
        .buy(&key(), &bundles("visitor-bundle", 2))
        .await
        .expect("the resident reapplies");
}

#[tokio::test]
async fn rp2_an_officer_rejection_without_a_reason_is_refused_and_nothing_is_refunded() {
    let app = spawn_app().await;
    let resident = app.resident("leicestershire", "rp2o@example.org").await;
    let receipt = resident
        .buy(&key(), &vehicle_permit("resident", "AB12CDE", Some(12)))
        .await
        .expect("bought");
    let officer = app.officer("leicestershire").await;
    let no_reason = permit_client::types::ReviewDecision {
        approve: false,
        reason: None,
    };
    let error = officer
        .officer_decide("purchases", &receipt.payment.id, &no_reason)
        .await
        .expect_err("needs a reason");
    assert_refused(&error, None, "reason_required", None);
    assert_eq!(app.payments.refunds(), 0);
    officer
        .officer_decide("purchases", &receipt.payment.id, &approve())
        .await
        .expect("approved");
    let permit = resident.permits().await.expect("permits");
    assert_eq!(permit[0].state, "active");
}

#[tokio::test]
async fn an_officer_of_one_council_gets_404_on_another_councils_queue_items() {
    let app = spawn_app().await;
    let resident = app.resident("leicestershire", "scope@example.org").await;
    let receipt = resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bought");
    let hampshire = app.officer("hampshire").await;
    assert!(hampshire.review_queue().await.expect("queue").is_empty());
    let error = hampshire
        .officer_decide("purchases", &receipt.payment.id, &approve())
        .await
        .expect_err("not theirs");
    assert_eq!(error.status(), Some(404));
    assert!(hampshire.audit_log().await.expect("audit").is_empty());
    let bundle = resident.visitor_permits().await.expect("bundles");
    assert_eq!(bundle[0].state, "pending_review", "nothing changed");
}

#[tokio::test]
async fn reg3_the_queue_shows_the_uploaded_proof_and_a_rejection_is_emailed_and_audited() {
    let app = spawn_app().await;
    let resident = app.resident("cambridgeshire", "reg3o@example.org").await;
    let pending = resident
        .upload_registration_proof("application/pdf", b"%PDF-1.4 council tax bill".to_vec())
        .await
        .expect("proof");
    let officer = app.officer("cambridgeshire").await;
    let queue = officer.review_queue().await.expect("queue");
    assert_eq!(
        (queue[0].kind.as_str(), queue[0].id.as_str()),
        ("registration", pending.id.as_str())
    );
    let proof = &queue[0].proofs[0];
    let (content_type, body) = officer.review_proof(&proof.id).await.expect("proof");
    assert_eq!(content_type, "application/pdf");
    assert_eq!(body, b"%PDF-1.4 council tax bill");
    let other = app.officer("hampshire").await;
    let error = other.review_proof(&proof.id).await.expect_err("scoped");
    assert_eq!(error.status(), Some(404));
    officer
        .officer_decide("registrations", &pending.id, &reject("bill is illegible"))
        .await
        .expect("rejected");
    let email = &app
        .client
        .outbox("reg3o@example.org")
        .await
        .expect("outbox")[0]
        .body;
    assert!(
        email.contains("illegible") && email.contains("apply again"),
        "{email}"
    );
    let audit = officer.audit_log().await.expect("audit");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "registration_decision");
    assert_eq!(audit[0].subject_id, pending.id);
    assert_eq!(
        audit[0].detail.as_deref(),
        Some("rejected: bill is illegible")
    );
    assert!(audit[0].actor.starts_with("staff:"));
}

#[tokio::test]
async fn a_resident_token_is_not_an_officer_token_and_agents_cannot_review() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "tok@example.org").await;
    let error = resident.review_queue().await.expect_err("resident");
    assert_eq!(error.status(), Some(401));
    let agent = app
        .staff("hampshire", "agent", "agent@hampshire.gov.example")
        .await;
    let error = agent.review_queue().await.expect_err("agent");
    assert_eq!(error.status(), Some(404));
}

#[tokio::test]
async fn a_wrong_staff_code_is_used_up() {
    let app = spawn_app().await;
    app.officer("hampshire").await;
    let email = "officer@hampshire.gov.example";
    app.client.request_staff_pin(email).await.expect("code");
    let pin = app.latest_pin(email).await;
    let wrong = if pin == "000000" { "111111" } else { "000000" };
    let error = app
        .client
        .staff_log_in(email, wrong)
        .await
        .expect_err("wrong");
    assert_eq!(error.status(), Some(401));
    let error = app
        .client
        .staff_log_in(email, &pin)
        .await
        .expect_err("burnt");
    assert_refused(&error, None, "wrong_code", None);
}

#[tokio::test]
async fn the_audit_log_cannot_be_changed_even_in_the_database() {
    let app = spawn_app().await;
    let resident = app.resident("cambridgeshire", "audit@example.org").await;
    let pending = resident
        .upload_registration_proof("application/pdf", b"%PDF-1.4".to_vec())
        .await
        .expect("proof");
    let officer = app.officer("cambridgeshire").await;
    officer
        .officer_decide("registrations", &pending.id, &approve())
        .await
        .expect("approved");
    let before = officer.audit_log().await.expect("audit");
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    // SQLite refuses with an error; PostgreSQL's rules turn the change into nothing.
    let _ = sqlx::query("UPDATE audit_log SET detail = 'rewritten'")
        .execute(&mut *conn)
        .await;
    let _ = sqlx::query("DELETE FROM audit_log")
        .execute(&mut *conn)
        .await;
    assert_eq!(officer.audit_log().await.expect("audit"), before);
    assert_eq!(before.len(), 1);
}

#[tokio::test]
async fn a_decision_on_a_kind_of_item_that_does_not_exist_is_a_field_error_not_a_crash() {
    let app = spawn_app().await;
    let officer = app.officer("cambridgeshire").await;
    let error = officer
        .officer_decide("widgets", "some-id", &crate::helpers_staff::approve())
        .await
        .expect_err("no such kind of item");
    assert_refused(&error, Some(400), "invalid_path", None);
}

#[tokio::test]
async fn a_proof_is_served_as_an_attachment_the_browser_will_not_sniff_or_run() {
    let app = spawn_app().await;
    let resident = app.resident("cambridgeshire", "proofhdr@example.org").await;
    resident
        .upload_registration_proof("application/pdf", b"%PDF-1.4 <script>x</script>".to_vec())
        .await
        .expect("proof");
    let officer = app.officer("cambridgeshire").await;
    let queue = officer.review_queue().await.expect("queue");
    let proof = &queue[0].proofs[0];
    let response = reqwest::Client::new()
        .get(format!(
            "http://127.0.0.1:{}{}/officer/proofs/{}",
            app.port,
            permit_api_types::API_PREFIX,
            proof.id
        ))
        .bearer_auth(officer.token().expect("logged in"))
        .send()
        .await
        .expect("GET proof");
    assert_eq!(response.status(), 200);
    let header = |name: &str| response.headers()[name].to_str().expect("ascii").to_owned();
    assert!(header("content-disposition").starts_with("attachment;"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(header("content-security-policy").starts_with("sandbox"));
}
