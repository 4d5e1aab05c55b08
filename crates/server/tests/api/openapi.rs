//! `/openapi.json` documents every endpoint with its body and its errors.

use crate::helpers::spawn_app;
use serde_json::Value;

/// Every route the server mounts in test mode. A new route must be added here and to the
/// document, or this test fails.
const ROUTES: &[(&str, &str)] = &[
    ("get", "/health"),
    ("get", "/health/live"),
    ("get", "/operator/clock"),
    ("post", "/operator/clock"),
    ("get", "/operator/outbox"),
    ("post", "/operator/registrations/{id}/decision"),
    ("post", "/operator/purchases/{payment_id}/decision"),
    ("post", "/operator/requests/{id}/decision"),
    ("get", "/properties"),
    ("post", "/councils/{council}/registrations"),
    ("put", "/me/registration/proof"),
    ("post", "/auth/pin"),
    ("post", "/auth/session"),
    ("post", "/auth/logout"),
    ("post", "/auth/logout-all"),
    ("get", "/me"),
    ("get", "/catalogue"),
    ("post", "/purchases"),
    ("get", "/payments"),
    ("get", "/payments/{id}"),
    ("get", "/visitor-permits"),
    ("get", "/permits"),
    ("get", "/permits/{id}"),
    ("post", "/permits/{id}/renew"),
    ("put", "/permits/{id}/auto-renew"),
    ("post", "/permits/{id}/vehicle"),
    ("post", "/permits/{id}/cancel"),
    ("post", "/permits/{id}/change-of-address"),
    ("post", "/stays"),
    ("get", "/stays"),
    ("get", "/stays/{id}"),
    ("post", "/stays/{id}/cancel"),
    ("post", "/operator/staff"),
    ("post", "/staff/pin"),
    ("post", "/staff/session"),
    ("post", "/staff/logout"),
    ("get", "/officer/queue"),
    ("get", "/officer/proofs/{id}"),
    ("get", "/officer/audit"),
    ("post", "/officer/registrations/{id}/decision"),
    ("post", "/officer/purchases/{payment_id}/decision"),
    ("post", "/officer/requests/{id}/decision"),
    ("post", "/councils/{council}/sms"),
    ("get", "/enforcement/check"),
    ("post", "/agent/calls"),
    ("post", "/agent/calls/{call}/stays"),
    ("get", "/agent/calls/{call}/stays"),
    ("post", "/agent/calls/{call}/stays/{id}/cancel"),
];

#[tokio::test]
async fn openapi_lists_every_route_with_its_errors_and_nothing_else() {
    let app = spawn_app().await;
    let doc = app.client.openapi().await.expect("openapi");
    let paths = doc["paths"].as_object().expect("paths");
    let mut documented: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(path, item)| {
            let methods = item.as_object().into_iter().flat_map(|m| m.keys().cloned());
            methods.map(move |method| (method, path.clone()))
        })
        .collect();
    documented.sort();
    let mut expected: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| ((*m).into(), (*p).into()))
        .collect();
    expected.sort();
    assert_eq!(documented, expected);
    for (method, path) in ROUTES {
        let responses = &paths[*path][*method]["responses"];
        let has_error =
            responses
                .as_object()
                .expect("responses")
                .iter()
                .any(|(status, response)| {
                    (status.starts_with('4') || status.starts_with('5'))
                        && response_uses_error_body(response)
                });
        assert!(has_error, "{method} {path} documents no error response");
    }
}

fn response_uses_error_body(response: &Value) -> bool {
    response.to_string().contains("ErrorBody")
}

#[tokio::test]
async fn every_documented_route_is_mounted() {
    let app = spawn_app().await;
    let http = reqwest::Client::new();
    for (method, path) in ROUTES {
        let url = format!(
            "http://127.0.0.1:{}{}",
            app.port,
            path.replace('{', "x").replace('}', "")
        );
        let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
        let response = http
            .request(method.clone(), &url)
            .send()
            .await
            .expect("answered");
        // The router's own 404 (no such route) and 405 have no JSON body; ours always do.
        let unrouted = matches!(response.status().as_u16(), 404 | 405)
            && response
                .headers()
                .get("content-type")
                .is_none_or(|t| !t.as_bytes().starts_with(b"application/json"));
        assert!(!unrouted, "{method} {path} is documented but not mounted");
    }
}
