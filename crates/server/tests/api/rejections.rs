//! A request the server cannot read — bad JSON, wrong types, missing fields, a wrong content
//! type, an unreadable path or query — is answered with our `{code, message, field}` body and
//! a 4xx, never the framework's plain text.

use crate::helpers::spawn_app;
use permit_api_types::ErrorBody;
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;

/// The status and the parsed error body; fails the test if the body is not our JSON shape.
async fn error_of(response: reqwest::Response) -> (StatusCode, ErrorBody) {
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.text().await.expect("body");
    assert_eq!(content_type, "application/json", "{status}: {text}");
    let body = serde_json::from_str(&text).expect("our error body");
    (status, body)
}

async fn post_pin(port: u16, content_type: Option<&str>, body: &str) -> (StatusCode, ErrorBody) {
    let mut request = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/api/v1/auth/pin"))
        .body(body.to_owned());
    if let Some(content_type) = content_type {
        request = request.header(CONTENT_TYPE, content_type);
    }
    error_of(request.send().await.expect("POST")).await
}

#[tokio::test]
async fn malformed_json_is_a_400_in_our_shape() {
    let app = spawn_app().await;
    let (status, body) = post_pin(app.port, Some("application/json"), "{\"council\": ").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body.code, "malformed_json");
    assert_eq!(body.field, None);

    let trailing = r#"{"council": "camden", "contact": "a@b.uk"} and more"#;
    let (status, body) = post_pin(app.port, Some("application/json"), trailing).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body.code, "malformed_json");
}

#[tokio::test]
async fn a_wrong_type_or_missing_field_names_the_field() {
    let app = spawn_app().await;
    let json = Some("application/json");
    let (status, body) = post_pin(app.port, json, r#"{"council": 7, "contact": "a@b.uk"}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body.code, "invalid_body");
    assert_eq!(body.field.as_deref(), Some("council"));

    let (status, body) = post_pin(app.port, json, r#"{"council": "camden"}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body.code, "invalid_body");
    assert_eq!(body.field.as_deref(), Some("contact"));

    let (status, body) = post_pin(app.port, json, "[]").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body.code, "invalid_body");
}

#[tokio::test]
async fn a_body_that_is_not_declared_json_is_a_415() {
    let app = spawn_app().await;
    let valid = r#"{"council": "camden", "contact": "a@b.uk"}"#;
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let (status, body) = post_pin(app.port, content_type, valid).await;
        assert_eq!(
            status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}"
        );
        assert_eq!(body.code, "unsupported_media_type");
    }
}

#[tokio::test]
async fn a_missing_or_unreadable_query_parameter_is_named() {
    let app = spawn_app().await;
    let check = |query: &'static str| {
        let url = format!(
            "http://127.0.0.1:{}/api/v1/enforcement/check?{query}",
            app.port
        );
        async move { error_of(reqwest::get(url).await.expect("GET")).await }
    };
    let (status, body) = check("vrm=AB12CDE").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body.code, "invalid_query");
    assert_eq!(body.field.as_deref(), Some("zone"));

    let (status, body) = check("vrm=AB12CDE&zone=CA-A&at=yesterday").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body.code, "invalid_query");
    assert_eq!(body.field.as_deref(), Some("at"));
}

#[tokio::test]
async fn an_unreadable_path_parameter_is_named() {
    let app = spawn_app().await;
    let response = reqwest::Client::new()
        .post(format!(
            "http://127.0.0.1:{}/api/v1/operator/registrations/%FF%FE/decision",
            app.port
        ))
        .header(
            permit_api_types::OPERATOR_TOKEN_HEADER,
            app.operator_token(),
        )
        .json(&serde_json::json!({"approve": true}))
        .send()
        .await
        .expect("POST");
    let (status, body) = error_of(response).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body.code, "invalid_path");
    assert_eq!(body.field.as_deref(), Some("id"));
}
