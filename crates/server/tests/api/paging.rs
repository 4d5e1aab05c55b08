//! Every list (payments, stays, the review queue, the audit log) comes a page at a time:
//! `?limit=` up to 100 (the default), `?offset=` to go on; a larger page is refused.

use crate::helpers::{TestApp, bundles, key, spawn_app};
use permit_api_types::ErrorBody;
use permit_test_support::PaysOnSandbox;
use reqwest::StatusCode;

/// GET `path` as the holder of `token`: the status and the body as JSON.
async fn get(app: &TestApp, token: &str, path: &str) -> (StatusCode, serde_json::Value) {
    let response = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{}/api/v1{path}", app.port))
        .bearer_auth(token)
        .send()
        .await
        .expect("GET");
    (response.status(), response.json().await.expect("JSON"))
}

#[tokio::test]
async fn vp7_payments_come_a_page_at_a_time() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "pages@example.org").await;
    for _ in 0..3 {
        resident
            .buy(&key(), &bundles("visitor-bundle", 1))
            .await
            .expect("bought");
    }
    let token = resident.token().expect("token");
    let all = resident.payments().await.expect("payments");
    assert_eq!(all.len(), 3);
    let (status, first) = get(&app, token, "/payments?limit=2").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first.as_array().map(Vec::len), Some(2));
    assert_eq!(first[0]["id"], all[0].id.as_str(), "newest first");
    let (_, rest) = get(&app, token, "/payments?limit=2&offset=2").await;
    assert_eq!(rest.as_array().map(Vec::len), Some(1));
    assert_eq!(rest[0]["id"], all[2].id.as_str());
}

#[tokio::test]
async fn a_page_larger_than_100_or_empty_is_refused_on_every_list() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "big.page@example.org").await;
    let officer = app.officer("hampshire").await;
    for (token, path) in [
        (resident.token(), "/payments"),
        (resident.token(), "/stays"),
        (resident.token(), "/permits"),
        (officer.token(), "/officer/queue"),
        (officer.token(), "/officer/audit"),
    ] {
        let token = token.expect("logged in");
        for limit in ["101", "0"] {
            let (status, body) = get(&app, token, &format!("{path}?limit={limit}")).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
            let body: ErrorBody = serde_json::from_value(body).expect("our shape");
            assert_eq!(body.field.as_deref(), Some("limit"), "{path}");
        }
        let (status, _) = get(&app, token, &format!("{path}?limit=100")).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
}

/// `offset` is read as a `u32` and declared with exactly that range (schemathesis found an
/// `int32` declaration while the server took offsets above 2^31): the largest is answered
/// (an empty page), one more is our 400 naming `offset`.
#[tokio::test]
async fn the_offset_range_the_document_declares_is_the_one_the_server_reads() {
    let app = spawn_app().await;
    let doc = app.client.openapi().await.expect("openapi");
    let parameters = &doc["paths"]["/api/v1/payments"]["get"]["parameters"];
    let offset = parameters
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "offset")
        .expect("offset declared");
    assert_eq!(offset["schema"]["maximum"], u64::from(u32::MAX));
    assert_ne!(offset["schema"]["format"], "int32");

    let resident = app.resident("hampshire", "far.page@example.org").await;
    let token = resident.token().expect("token");
    let (status, page) = get(&app, token, &format!("/payments?offset={}", u32::MAX)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page.as_array().map(Vec::len), Some(0));
    let beyond = u64::from(u32::MAX) + 1;
    let (status, body) = get(&app, token, &format!("/payments?offset={beyond}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let body: ErrorBody = serde_json::from_value(body).expect("our shape");
    assert_eq!(body.field.as_deref(), Some("offset"));
}

/// The phone agent's lists of a caller's stays and permits are paged like the resident's own.
#[tokio::test]
async fn the_agents_lists_of_a_callers_stays_and_permits_are_paged() {
    let app = spawn_app().await;
    let email = "agent.pages@example.org";
    let (_resident, permit) = crate::permits::resident_permit(&app, email).await;
    let caller = permit_client::types::CallerVerification {
        postcode: "LE11 3AB".into(),
        house: "7".into(),
        contact: email.into(),
    };
    let (agent, call) =
        crate::agent_permits::agent_on_the_line(&app, "leicestershire", caller).await;
    let token = agent.token().expect("logged in");
    for path in [
        format!("/agent/calls/{call}/stays"),
        format!("/agent/calls/{call}/permits"),
    ] {
        let (status, body) = get(&app, token, &format!("{path}?limit=101")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        let body: ErrorBody = serde_json::from_value(body).expect("our shape");
        assert_eq!(body.field.as_deref(), Some("limit"), "{path}");
    }
    let path = format!("/agent/calls/{call}/permits");
    let (_, first) = get(&app, token, &format!("{path}?limit=1")).await;
    assert_eq!(first[0]["id"], permit.id.as_str());
    let (_, beyond) = get(&app, token, &format!("{path}?offset=1")).await;
    assert_eq!(beyond.as_array().map(Vec::len), Some(0));
}
