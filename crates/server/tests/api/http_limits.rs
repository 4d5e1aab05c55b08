//! Resource limits in front of the handlers: a header-read timeout (hyper's timer), a request
//! timeout, a cap on requests in flight, body limits per route (uploads larger than JSON),
//! and a quota on each account's stored uploads.

use crate::helpers::{Options, TestApp, assert_refused, spawn_app, spawn_app_with};
use permit_api_types::{ErrorBody, ReviewDecision};
use permit_server::config::HttpLimits;
use permit_server::upload::MAX_UPLOAD_BYTES;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn app_with(http: HttpLimits) -> TestApp {
    spawn_app_with(Options {
        http,
        ..Options::default()
    })
    .await
}

/// Opens a connection and sends the head of a PIN request whose 100-byte body never comes.
async fn unfinished_request(app: &TestApp) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", app.port))
        .await
        .expect("connect");
    let head = "POST /api/v1/auth/pin HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"council\":";
    stream.write_all(head.as_bytes()).await.expect("write");
    stream
}

async fn read_all(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut answer = Vec::new();
    match tokio::time::timeout(within, stream.read_to_end(&mut answer)).await {
        Ok(_) => Some(String::from_utf8_lossy(&answer).into_owned()),
        Err(_) => None,
    }
}

#[tokio::test]
async fn a_connection_that_never_finishes_its_headers_is_closed() {
    let app = app_with(HttpLimits {
        header_read_timeout: Duration::from_secs(1),
        ..HttpLimits::default()
    })
    .await;
    let mut stream = TcpStream::connect(("127.0.0.1", app.port))
        .await
        .expect("connect");
    stream
        .write_all(b"GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n")
        .await
        .expect("write");
    let answer = read_all(&mut stream, Duration::from_secs(5)).await;
    assert!(answer.is_some(), "the server closed the connection");
}

#[tokio::test]
async fn a_request_whose_body_never_arrives_times_out_with_408_in_our_shape() {
    let app = app_with(HttpLimits {
        request_timeout: Duration::from_secs(1),
        ..HttpLimits::default()
    })
    .await;
    let mut stream = unfinished_request(&app).await;
    let answer = read_all(&mut stream, Duration::from_secs(5))
        .await
        .expect("answered and closed");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"request_timeout\""), "{answer}");
}

#[tokio::test]
async fn requests_beyond_the_concurrency_cap_wait_for_a_turn() {
    let app = app_with(HttpLimits {
        max_concurrent_requests: 1,
        ..HttpLimits::default()
    })
    .await;
    let mut holder = unfinished_request(&app).await;
    // The held request owns the one turn once the server has read its head.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let http = reqwest::Client::new();
    let health = format!("http://127.0.0.1:{}/health/live", app.port);
    let waiting = http
        .get(&health)
        .timeout(Duration::from_millis(500))
        .send()
        .await;
    assert!(waiting.is_err(), "waited for the request in flight");
    let rest = format!("{:<89}", "\"hampshire\",\"contact\":\"cap@example.org\"}");
    holder.write_all(rest.as_bytes()).await.expect("finish");
    let answer = http.get(&health).send().await.expect("its turn came");
    assert!(answer.status().is_success());
}

#[tokio::test]
async fn a_json_body_over_64_kib_is_413_but_an_upload_may_be_5_mib() {
    let app = spawn_app().await;
    let big = serde_json::json!({"council": "hampshire", "contact": "x".repeat(70 * 1024)});
    let response = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{}/api/v1/auth/pin", app.port))
        .json(&big)
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), reqwest::StatusCode::PAYLOAD_TOO_LARGE);
    let body: ErrorBody = response.json().await.expect("our shape");
    assert_eq!(body.code, "body_too_large");

    let resident = app
        .resident("cambridgeshire", "big.upload@example.org")
        .await;
    resident
        .upload_registration_proof("application/pdf", pdf(MAX_UPLOAD_BYTES))
        .await
        .expect("a full-size upload is taken");
}

fn pdf(len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7 ".to_vec();
    bytes.resize(len, b'x');
    bytes
}

#[tokio::test]
async fn an_account_holds_at_most_25_mib_of_uploads() {
    let app = spawn_app().await;
    let resident = app.resident("cambridgeshire", "quota@example.org").await;
    let reject = ReviewDecision {
        approve: false,
        reason: Some("unreadable".into()),
    };
    for _ in 0..5 {
        let pending = resident
            .upload_registration_proof("application/pdf", pdf(MAX_UPLOAD_BYTES))
            .await
            .expect("within the quota");
        app.client
            .decide_registration(&pending.id, &reject)
            .await
            .expect("rejected");
    }
    let refused = resident
        .upload_registration_proof("application/pdf", pdf(10))
        .await;
    assert_refused(refused, 422, "upload_quota_reached", Some("file"));
}
