//! REG-1, REG-3, REG-5: finding the property and registering with the council.

use crate::helpers::{assert_refused, registration, registration_of, spawn_app};
use permit_client::types::{RegistrationRequest, ReviewDecision};
use permit_test_support::PaysOnSandbox;

#[tokio::test]
async fn reg1_property_search_finds_by_postcode_and_house_name_prefix() {
    let app = spawn_app().await;
    let found = app
        .client
        .search_properties("so239ab", "rose")
        .await
        .expect("search");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].address[0], "Rose Cottage");
    assert_eq!(found[0].council, "hampshire");
    let whole_postcode = app
        .client
        .search_properties("SO23 8UJ", "")
        .await
        .expect("search");
    assert_eq!(whole_postcode.len(), 2);
    let error = app
        .client
        .search_properties("not a postcode", "1")
        .await
        .expect_err("refused");
    assert_refused(&error, 422, "invalid_postcode", None);
}

#[tokio::test]
async fn reg1_council_tax_account_is_checked_and_only_returned_masked() {
    let app = spawn_app().await;
    let registered = app
        .client
        .register("hampshire", &registration("hampshire", "a@example.org"))
        .await
        .expect("registers");
    assert_eq!(
        registered.council_tax_account_masked.as_deref(),
        Some("*****012")
    );
    assert_eq!(registered.status, "active");
    let me = app
        .resident_logged_in("hampshire", "a@example.org")
        .await
        .me()
        .await
        .expect("me");
    let shown = serde_json::to_string(&me).expect("json");
    assert!(!shown.contains("41000012"), "full number leaked: {shown}");
}

#[tokio::test]
async fn reg1_wrong_council_tax_account_is_refused_against_its_field() {
    let app = spawn_app().await;
    let mut body = registration("hampshire", "b@example.org");
    body.council_tax_account = Some("41000014".into()); // the neighbour's
    let error = app
        .client
        .register("hampshire", &body)
        .await
        .expect_err("refused");
    assert_refused(&error, 422, "council_tax_account_mismatch", None);
    body.council_tax_account = None;
    let error = app
        .client
        .register("hampshire", &body)
        .await
        .expect_err("refused");
    assert_refused(&error, None, "council_tax_account_required", None);
}

/// Posts a registration as a browser would: the status and the raw JSON body.
async fn post_registration(
    port: u16,
    body: &RegistrationRequest,
) -> (reqwest::StatusCode, serde_json::Value) {
    let response = reqwest::Client::new()
        .post(format!(
            "http://127.0.0.1:{port}/api/v1/councils/hampshire/registrations"
        ))
        .json(body)
        .send()
        .await
        .expect("POST");
    let status = response.status();
    (status, response.json().await.expect("json body"))
}

fn without_id(mut body: serde_json::Value) -> serde_json::Value {
    let id = body.as_object_mut().and_then(|b| b.remove("id"));
    assert!(
        id.is_some_and(|id| id.is_string()),
        "an id like any new one"
    );
    body
}

#[tokio::test]
async fn registering_a_registered_contact_again_answers_as_new_and_sends_the_owner_a_pin() {
    let app = spawn_app().await;
    let body = registration("hampshire", "c@example.org");
    let first = app
        .client
        .register("hampshire", &body)
        .await
        .expect("first");
    let mut again = body.clone();
    again.full_name = "Someone Else".into();
    let second = app
        .client
        .register("hampshire", &again)
        .await
        .expect("the same answer as a new registration");
    assert_ne!(second.id, first.id);
    assert_eq!(second.status, first.status);
    let pin = app.pin_after_messages("c@example.org", 2).await;
    let session = app
        .client
        .log_in("hampshire", "c@example.org", &pin)
        .await
        .expect("the owner logs in with the PIN sent instead");
    let me = app.client.with_token(session.token).me().await.expect("me");
    assert_eq!(me.full_name, "Sam Resident", "the account is unchanged");
}

#[tokio::test]
async fn a_repeated_registration_cannot_be_told_from_a_new_one() {
    let app = spawn_app().await;
    let at = chrono::DateTime::parse_from_rfc3339("2026-02-02T09:00:00Z")
        .expect("instant")
        .to_utc();
    app.client.set_clock(at).await.expect("clock");
    app.register("hampshire", "taken@example.org").await;
    let (new_status, new_body) =
        post_registration(app.port, &registration("hampshire", "fresh@example.org")).await;
    let (again_status, again_body) =
        post_registration(app.port, &registration("hampshire", "taken@example.org")).await;
    assert_eq!(new_status, reqwest::StatusCode::CREATED);
    assert_eq!(again_status, new_status);
    assert_eq!(without_id(again_body), without_id(new_body));
}

#[tokio::test]
async fn an_unknown_council_is_404() {
    let app = spawn_app().await;
    let error = app
        .client
        .register("atlantis", &registration("hampshire", "d@example.org"))
        .await
        .expect_err("404");
    assert_eq!(error.status(), Some(404));
}

#[tokio::test]
async fn reg5_leicestershire_creates_the_account_from_property_and_details() {
    let app = spawn_app().await;
    let body = RegistrationRequest {
        property_id: "leicestershire-0003".into(),
        full_name: "Lee Shire".into(),
        mobile: Some("07700 900123".into()),
        ..RegistrationRequest::default()
    };
    let registered = app
        .client
        .register("leicestershire", &body)
        .await
        .expect("registers");
    assert_eq!(registered.status, "active");
    assert_eq!(registered.property.address[0], "Flat 2");
    let pin = app.latest_pin("+447700900123").await;
    let session = app
        .client
        .log_in("leicestershire", "07700900123", &pin)
        .await
        .expect("login by mobile");
    let me = app.client.with_token(session.token).me().await.expect("me");
    assert_eq!(me.mobile.as_deref(), Some("+447700900123"));
}

#[tokio::test]
async fn reg3_cambridgeshire_needs_proof_then_review_and_lasts_three_months() {
    let app = spawn_app().await;
    let start = chrono::DateTime::parse_from_rfc3339("2026-01-10T12:00:00Z")
        .expect("instant")
        .to_utc();
    app.client.set_clock(start).await.expect("clock");
    let registered = app
        .client
        .register(
            "cambridgeshire",
            &registration("cambridgeshire", "cam@example.org"),
        )
        .await
        .expect("registers");
    assert_eq!(
        (registered.state.as_str(), registered.proof_required),
        ("awaiting_proof", true)
    );
    let resident = app
        .resident_logged_in("cambridgeshire", "cam@example.org")
        .await;
    let pending = resident
        .upload_registration_proof("application/pdf", b"%PDF-1.4 council tax bill".to_vec())
        .await
        .expect("proof accepted");
    assert_eq!(
        (pending.state.as_str(), pending.status.as_str()),
        ("pending", "pending")
    );
    let approve = ReviewDecision {
        approve: true,
        reason: None,
    };
    app.client
        .decide_registration(&pending.id, &approve)
        .await
        .expect("approved");
    let me = registration_of(&resident).await;
    assert_eq!(me.status, "active");
    let until = me
        .valid_until
        .expect("REG-3: approval lasts a limited time");
    assert_eq!(
        until.to_rfc3339(),
        "2026-04-09T23:00:00+00:00",
        "3 months from 10 January: local midnight starting 10 April, BST"
    );
    let decision = app.client.outbox("cam@example.org").await.expect("outbox");
    assert!(
        decision[0].body.contains("approved"),
        "REG-3: the resident is told the decision"
    );
    // Past the three months the registration has expired and new proof starts a new application.
    app.client.set_clock(until).await.expect("clock");
    let resident = app
        .resident_logged_in("cambridgeshire", "cam@example.org")
        .await;
    assert_eq!(registration_of(&resident).await.status, "expired");
    let again = resident
        .upload_registration_proof("image/png", b"\x89PNG bill".to_vec())
        .await
        .expect("reapply");
    assert_ne!(again.id, pending.id);
    assert_eq!(again.status, "pending");
}

#[tokio::test]
async fn reg3_a_rejected_registration_is_applied_for_again() {
    let app = spawn_app().await;
    let resident = app.resident("cambridgeshire", "rej@example.org").await;
    let pending = resident
        .upload_registration_proof("image/jpeg", vec![0xFF, 0xD8, 0xFF, 0xE0])
        .await
        .expect("proof");
    let reject = ReviewDecision {
        approve: false,
        reason: Some("bill is illegible".into()),
    };
    app.client
        .decide_registration(&pending.id, &reject)
        .await
        .expect("rejected");
    let me = registration_of(&resident).await;
    assert_eq!(me.status, "rejected");
    assert!(me.explanation.contains("illegible"));
    let again = resident
        .upload_registration_proof("application/pdf", b"%PDF-1.7".to_vec())
        .await
        .expect("reapply");
    assert_ne!(again.id, pending.id);
    assert_eq!(again.state, "pending");
}

#[tokio::test]
async fn reg3_proof_must_be_a_small_pdf_jpeg_or_png() {
    let app = spawn_app().await;
    let resident = app.resident("cambridgeshire", "pdf@example.org").await;
    let error = resident
        .upload_registration_proof("text/plain", b"hello".to_vec())
        .await
        .expect_err("type");
    assert_refused(&error, 422, "proof_type_not_accepted", None);
    let error = resident
        .upload_registration_proof("application/pdf", b"not a pdf".to_vec())
        .await
        .expect_err("magic");
    assert_refused(&error, None, "proof_type_not_accepted", None);
    let mut big = b"%PDF-".to_vec();
    big.resize(5 * 1024 * 1024 + 10, b'x');
    let error = resident
        .upload_registration_proof("application/pdf", big)
        .await
        .expect_err("size");
    assert_refused(&error, None, "proof_too_large", None);
    let me = registration_of(&resident).await;
    assert_eq!(me.state, "awaiting_proof", "refused uploads change nothing");
}

#[tokio::test]
async fn proof_is_refused_where_the_council_does_not_ask_for_it() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "noproof@example.org").await;
    let error = resident
        .upload_registration_proof("application/pdf", b"%PDF-1.4".to_vec())
        .await
        .expect_err("409");
    assert_refused(&error, 409, "proof_not_needed", None);
}

#[tokio::test]
async fn reg4_a_resident_permit_holder_needs_no_visitor_registration() {
    let app = spawn_app().await;
    let resident = app.resident("cambridgeshire", "reg4@example.org").await;
    let bundle = crate::helpers::bundles("visitor-bundle", 1);
    let error = resident
        .buy(&crate::helpers::key(), &bundle)
        .await
        .expect_err("no proof yet");
    assert_refused(&error, None, "registration_not_active", None);
    let permit = crate::helpers::vehicle_permit("resident", "AB12CDE", Some(12));
    app.approved_purchase(&resident, &permit).await;
    let registration = registration_of(&resident).await;
    assert_eq!(
        (registration.status.as_str(), registration.proof_required),
        ("not_needed", false)
    );
    resident
        .buy(&crate::helpers::key(), &bundle)
        .await
        .expect("visitor permits without registering");
}

#[tokio::test]
async fn a_registration_race_for_one_contact_makes_one_account_and_answers_each_alike() {
    let app = spawn_app().await;
    let at = chrono::DateTime::parse_from_rfc3339("2026-02-02T09:00:00Z")
        .expect("instant")
        .to_utc();
    app.client.set_clock(at).await.expect("clock");
    let (_, fresh) =
        post_registration(app.port, &registration("hampshire", "fresh@example.org")).await;
    // Twelve at once for one email, six of them also naming one mobile: whichever commits
    // first makes the account; every other answers as a new registration would.
    let port = app.port;
    let racing = (0..12).map(|i| async move {
        let mut body = registration("hampshire", "race@example.org");
        body.full_name = format!("Racer {i}");
        if i % 2 == 0 {
            body.mobile = Some("07700 900456".into());
        }
        post_registration(port, &body).await
    });
    let answers = crate::helpers::join_all(racing).await;
    for (status, body) in answers {
        assert_eq!(status, reqwest::StatusCode::CREATED, "{body}");
        assert_eq!(without_id(body), without_id(fresh.clone()));
    }
    let accounts = app
        .count("residents WHERE email = 'race@example.org' OR mobile = '+447700900456'")
        .await;
    assert_eq!(accounts, 1, "one account");
}
