//! Request limits (limits.rs): each answers 429 in our error shape with the exact seconds of
//! `Retry-After`, on the test clock. The client IP is the connection's peer address, so
//! requests are sent from different loopback addresses (127.0.0.x) to be different clients.

use crate::helpers::{TestApp, assert_refused, registration, spawn_app};
use permit_api_types::ErrorBody;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::net::{IpAddr, Ipv4Addr};

/// A client whose requests come from 127.0.0.`last`.
fn from(last: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)))
        .build()
        .expect("client")
}

/// The status, `Retry-After` and error body (if any) of a POST of `body` to `path`.
async fn post(
    app: &TestApp,
    http: &reqwest::Client,
    path: &str,
    body: Value,
) -> (StatusCode, Option<u64>, Option<ErrorBody>) {
    let response = http
        .post(format!("http://127.0.0.1:{}/api/v1{path}", app.port))
        .json(&body)
        .send()
        .await
        .expect("POST");
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let body = response.json().await.ok();
    (status, retry_after, body)
}

async fn ask_pin(
    app: &TestApp,
    http: &reqwest::Client,
    contact: &str,
) -> (StatusCode, Option<u64>) {
    let body = json!({"council": "hampshire", "contact": contact});
    let (status, retry_after, error) = post(app, http, "/auth/pin", body).await;
    if status == StatusCode::TOO_MANY_REQUESTS {
        assert_eq!(error.expect("error body").code, "too_many_pin_requests");
    }
    (status, retry_after)
}

#[tokio::test]
async fn asking_again_keeps_the_live_pin_working() {
    let app = spawn_app().await;
    app.register("hampshire", "keep@example.org").await;
    let first = app.latest_pin("keep@example.org").await;
    app.client
        .request_pin("hampshire", "keep@example.org")
        .await
        .expect("asked again");
    let second = app.pin_after_messages("keep@example.org", 2).await;
    app.client
        .log_in("hampshire", "keep@example.org", &first)
        .await
        .expect("the first PIN still works");
    // A login spends every PIN of the account.
    let error = app
        .client
        .log_in("hampshire", "keep@example.org", &second)
        .await
        .expect_err("spent with the first");
    assert_refused(&error, 401, "pin_invalid", None);
}

#[tokio::test]
async fn a_contact_is_sent_at_most_five_pins_an_hour() {
    let app = spawn_app().await;
    app.register("hampshire", "often@example.org").await;
    let http = from(1);
    for _ in 0..5 {
        assert_eq!(
            ask_pin(&app, &http, "often@example.org").await.0,
            StatusCode::ACCEPTED
        );
        app.client.advance_clock(10 * 60).await.expect("clock");
    }
    // Asked at 0, 10, 20, 30 and 40 minutes; now 50: the first leaves the hour in 10 minutes.
    assert_eq!(
        ask_pin(&app, &http, "often@example.org").await,
        (StatusCode::TOO_MANY_REQUESTS, Some(10 * 60))
    );
    // Registration's PIN and five more; the refused request sent nothing.
    let sent = app
        .client
        .outbox("often@example.org")
        .await
        .expect("outbox");
    assert_eq!(sent.len(), 6);
    // An address nobody registered is refused alike, so the limit says nothing about accounts.
    for _ in 0..5 {
        assert_eq!(
            ask_pin(&app, &http, "nobody@example.org").await.0,
            StatusCode::ACCEPTED
        );
    }
    assert_eq!(
        ask_pin(&app, &http, "nobody@example.org").await,
        (StatusCode::TOO_MANY_REQUESTS, Some(3600))
    );
    app.client.advance_clock(10 * 60).await.expect("clock");
    assert_eq!(
        ask_pin(&app, &http, "often@example.org").await.0,
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn one_client_ip_may_ask_for_twenty_pins_an_hour() {
    let app = spawn_app().await;
    let http = from(2);
    for n in 0..20 {
        let contact = format!("ip{n}@example.org");
        assert_eq!(ask_pin(&app, &http, &contact).await.0, StatusCode::ACCEPTED);
    }
    assert_eq!(
        ask_pin(&app, &http, "ip20@example.org").await,
        (StatusCode::TOO_MANY_REQUESTS, Some(3600))
    );
    assert_eq!(
        ask_pin(&app, &from(3), "ip20@example.org").await.0,
        StatusCode::ACCEPTED
    );
    app.client.advance_clock(3600).await.expect("clock");
    assert_eq!(
        ask_pin(&app, &http, "ip21@example.org").await.0,
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn everyone_together_may_ask_for_three_hundred_pins_a_minute() {
    let app = spawn_app().await;
    for client in 0..15u8 {
        let http = from(10 + client);
        for n in 0..20 {
            let contact = format!("all{client}-{n}@example.org");
            assert_eq!(ask_pin(&app, &http, &contact).await.0, StatusCode::ACCEPTED);
        }
    }
    assert_eq!(
        ask_pin(&app, &from(40), "late@example.org").await,
        (StatusCode::TOO_MANY_REQUESTS, Some(60))
    );
    app.client.advance_clock(60).await.expect("clock");
    assert_eq!(
        ask_pin(&app, &from(40), "late@example.org").await.0,
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn fifty_wrong_pins_from_one_ip_across_accounts_refuse_that_ip_for_an_hour() {
    let app = spawn_app().await;
    app.register("hampshire", "real@example.org").await;
    let pin = app.latest_pin("real@example.org").await;
    let http = from(4);
    let log_in = |http: &reqwest::Client, contact: String, pin: &str| {
        let body = json!({"council": "hampshire", "contact": contact, "pin": pin});
        let http = http.clone();
        let app = &app;
        async move { post(app, &http, "/auth/session", body).await }
    };
    for n in 0..50 {
        // Five guesses at each of ten addresses: no single account reaches its own lockout.
        let (status, _, _) = log_in(&http, format!("guess{}@example.org", n % 10), "000000").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    app.client.advance_clock(60).await.expect("clock");
    let (status, retry_after, body) = log_in(&http, "real@example.org".into(), &pin).await;
    assert_eq!(
        (status, retry_after),
        (StatusCode::TOO_MANY_REQUESTS, Some(3600 - 60))
    );
    assert_eq!(body.expect("error body").code, "too_many_attempts");
    let (status, _, _) = log_in(&from(5), "real@example.org".into(), &pin).await;
    assert_eq!(status, StatusCode::OK, "another client is not refused");
}

#[tokio::test]
async fn a_staff_address_gets_five_codes_an_hour_and_locks_after_ten_wrong_ones() {
    let app = spawn_app().await;
    app.staff("hampshire", "officer", "pat@council.example")
        .await; // one code asked
    let http = from(6);
    let ask = |email: &'static str| {
        let http = http.clone();
        let app = &app;
        async move { post(app, &http, "/staff/pin", json!({"email": email})).await }
    };
    for _ in 0..4 {
        assert_eq!(ask("pat@council.example").await.0, StatusCode::ACCEPTED);
    }
    let (status, retry_after, body) = ask("pat@council.example").await;
    assert_eq!(
        (status, retry_after),
        (StatusCode::TOO_MANY_REQUESTS, Some(3600))
    );
    assert_eq!(body.expect("error body").code, "too_many_code_requests");

    app.client.advance_clock(3600).await.expect("clock");
    let wrong = json!({"email": "pat@council.example", "pin": "000000"});
    for _ in 0..10 {
        let (status, _, _) = post(&app, &http, "/staff/session", wrong.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    app.client.advance_clock(5 * 60).await.expect("clock");
    assert_eq!(ask("pat@council.example").await.0, StatusCode::ACCEPTED);
    let code = app.pin_after_messages("pat@council.example", 6).await;
    let right = json!({"email": "pat@council.example", "pin": code});
    let (status, retry_after, body) = post(&app, &http, "/staff/session", right.clone()).await;
    assert_eq!(
        (status, retry_after),
        (StatusCode::TOO_MANY_REQUESTS, Some(10 * 60))
    );
    assert_eq!(body.expect("error body").code, "too_many_attempts");
    app.client.advance_clock(10 * 60).await.expect("clock");
    // That code has expired meanwhile; a new one works now the wrong ones have aged out.
    assert_eq!(ask("pat@council.example").await.0, StatusCode::ACCEPTED);
    let code = app.pin_after_messages("pat@council.example", 7).await;
    let right = json!({"email": "pat@council.example", "pin": code});
    let (status, _, _) = post(&app, &http, "/staff/session", right).await;
    assert_eq!(status, StatusCode::OK);
}

/// A registration at `property` of `council` with `account` as its council tax number.
fn with_account(council: &str, property: &str, account: &str, n: usize) -> Value {
    let mut body = registration(council, &format!("ctax{n}@example.org"));
    body.property_id = property.into();
    body.council_tax_account = Some(account.into());
    serde_json::to_value(body).expect("json")
}

#[tokio::test]
async fn five_wrong_council_tax_numbers_for_a_property_refuse_it_for_a_day() {
    let app = spawn_app().await;
    let http = from(7);
    let path = "/councils/hampshire/registrations";
    for n in 0..5 {
        let wrong = with_account("hampshire", "hampshire-0001", "41000014", n);
        let (status, _, body) = post(&app, &http, path, wrong).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            body.expect("error body").code,
            "council_tax_account_mismatch"
        );
    }
    app.client.advance_clock(3600).await.expect("clock");
    // The right number, from another client: the property is refused until a day has passed.
    let right = with_account("hampshire", "hampshire-0001", "41000012", 9);
    let (status, retry_after, _) = post(&app, &from(8), path, right.clone()).await;
    assert_eq!(
        (status, retry_after),
        (StatusCode::TOO_MANY_REQUESTS, Some(23 * 3600))
    );
    app.client.advance_clock(23 * 3600).await.expect("clock");
    let (status, _, _) = post(&app, &from(8), path, right).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn twenty_wrong_council_tax_numbers_from_one_ip_refuse_it_for_a_day() {
    let app = spawn_app().await;
    let http = from(9);
    // Three wrong numbers at each of seven properties: none reaches its own limit of five.
    let properties = [
        ("hampshire", "hampshire-0001", "41000014"),
        ("hampshire", "hampshire-0002", "41000012"),
        ("hampshire", "hampshire-0003", "41000012"),
        ("hampshire", "hampshire-0004", "41000012"),
        ("leicester", "leicester-0001", "74000020"),
        ("leicester", "leicester-0002", "74000018"),
        ("leicester", "leicester-0003", "74000018"),
    ];
    let mut n = 0;
    for (council, property, wrong) in properties {
        for _ in 0..3 {
            n += 1;
            let path = format!("/councils/{council}/registrations");
            let (status, retry_after, _) = post(
                &app,
                &http,
                &path,
                with_account(council, property, wrong, n),
            )
            .await;
            if n <= 20 {
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {n}");
            } else {
                assert_eq!(
                    (status, retry_after),
                    (StatusCode::TOO_MANY_REQUESTS, Some(86400))
                );
            }
        }
    }
    let right = with_account("leicester", "leicester-0004", "74000062", 99);
    let path = "/councils/leicester/registrations";
    let (status, _, _) = post(&app, &from(10), path, right).await;
    assert_eq!(status, StatusCode::CREATED, "another client is not refused");
}
