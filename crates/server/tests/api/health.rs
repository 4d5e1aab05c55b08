use crate::helpers::spawn_app;

#[tokio::test]
async fn health_answers_ok_with_the_service_time() {
    let app = spawn_app().await;
    let health = app.client.health().await.expect("health");
    assert_eq!(health.status, "ok");
}

#[tokio::test]
async fn liveness_answers_without_the_database() {
    let app = spawn_app().await;
    let response = reqwest::get(format!("http://127.0.0.1:{}/health/live", app.port))
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let response = reqwest::get(format!("http://127.0.0.1:{}/health", app.port))
        .await
        .expect("request");
    let id = response
        .headers()
        .get("x-request-id")
        .expect("request id header");
    assert!(!id.is_empty());
}

#[tokio::test]
async fn openapi_document_lists_the_endpoints() {
    let app = spawn_app().await;
    let doc = app.client.openapi().await.expect("openapi");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    assert!(doc["paths"]["/api/v1/health"].is_object());
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}
