//! The operator endpoints (test mode: clock, outbox, decisions, staff) need the test flag, a
//! loopback bind and the random token printed at start; they answer only requests addressed
//! to localhost, count wrong tokens, and do not exist while a real channel is configured.
//! Outside `--demo` a server without its PIN channels does not start, and a sent PIN's text
//! leaves the outbox.

use crate::helpers::{Options, assert_refused, spawn_app, test_channels};
use permit_client::Client;
use permit_server::db::outbox::SECRET_SENT;
use permit_server::delivery::worker::drain_once;
use permit_server::delivery::{Delivery, DevLog};
use permit_server::secret::Secret;
use permit_server::startup::StartupError;
use permit_server::{Application, Settings};
use std::sync::Arc;

#[tokio::test]
async fn operator_endpoints_need_the_token_printed_at_start() {
    let app = spawn_app().await;
    let nobody = Client::new(&app.url);
    assert_refused(nobody.clock().await, 401, "operator_token_wrong", None);
    let guesser = nobody.with_operator_token("not-the-token");
    assert_refused(guesser.clock().await, 401, "operator_token_wrong", None);
    assert_refused(
        guesser.outbox("someone@example.org").await,
        401,
        "operator_token_wrong",
        None,
    );
    app.client.clock().await.expect("the token opens them");
}

#[tokio::test]
async fn ten_wrong_operator_tokens_shut_the_operator_out_for_fifteen_minutes() {
    let app = spawn_app().await;
    let guesser = app.client.with_operator_token("guess");
    for _ in 0..10 {
        assert_refused(guesser.clock().await, 401, "operator_token_wrong", None);
    }
    let locked = app
        .client
        .clock()
        .await
        .expect_err("locked, even with the token");
    assert_refused(&locked, 429, "too_many_attempts", None);
    let permit_client::ClientError::Api { retry_after, .. } = locked else {
        panic!("no API answer");
    };
    assert_eq!(retry_after, Some(15 * 60));
    let clock = app.state.test_clock.as_ref().expect("test clock");
    clock.advance(chrono::Duration::minutes(15));
    app.client.clock().await.expect("the window has passed");
}

#[tokio::test]
async fn operator_endpoints_refuse_a_host_that_is_not_loopback() {
    let app = spawn_app().await;
    let url = format!("http://127.0.0.1:{}/api/v1/operator/clock", app.port);
    let http = reqwest::Client::new();
    for (host, allowed) in [
        ("evil.example", false),
        ("127.0.0.1.evil.example", false),
        ("localhost", true),
    ] {
        let response = http
            .get(&url)
            .header(reqwest::header::HOST, host)
            .header(
                permit_api_types::OPERATOR_TOKEN_HEADER,
                app.operator_token(),
            )
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status().is_success(), allowed, "{host}");
        if !allowed {
            assert_eq!(response.status(), reqwest::StatusCode::FORBIDDEN);
            let body: permit_api_types::ErrorBody = response.json().await.expect("body");
            assert_eq!(body.code, "operator_host_refused");
        }
    }
}

#[tokio::test]
async fn operator_endpoints_do_not_exist_while_a_real_channel_is_configured() {
    let mut channels = test_channels();
    channels.smtp_url = Some(Secret::new("smtp://127.0.0.1:1"));
    channels.sms_gateway_url = Some(Secret::new("http://127.0.0.1:1/send"));
    let app = permit_test_support::TestServer::spawn_with(Options {
        channels,
        ..Options::default()
    })
    .await;
    assert!(app.state.operator.is_none());
    let error = Client::new(&app.url)
        .with_operator_token("anything")
        .clock()
        .await
        .expect_err("no endpoint");
    assert_refused(&error, 404, "no_such_endpoint", None);
}

#[tokio::test]
async fn outside_demo_a_server_without_its_pin_channels_does_not_start() {
    let database = permit_test_support::TestDatabase::new().await;
    let mut settings = database.settings(0);
    settings.test_clock = false;
    let error = Application::build(settings.clone())
        .await
        .expect_err("refused");
    let StartupError::Channels(reason) = &error else {
        panic!("{error}");
    };
    assert!(
        reason.contains("smtp_url") && reason.ends_with('.'),
        "{reason}"
    );
    assert_eq!(reason.matches(". ").count(), 0, "one sentence: {reason}");

    // With email but no SMS gateway, still refused: PINs go by text too.
    settings.channels.smtp_url = Some(Secret::new("smtp://127.0.0.1:1"));
    let error = Application::build(settings.clone())
        .await
        .expect_err("refused");
    assert!(error.to_string().contains("sms_gateway_url"), "{error}");

    let demo = Settings {
        demo: true,
        ..settings
    };
    Application::build(demo).await.expect("--demo logs instead");
}

#[tokio::test]
async fn a_sent_pin_leaves_the_outbox_and_the_record_of_its_sending_stays() {
    // The server's own outbox worker stays off (test mode with no channel holds messages), so
    // the test is the one sender: with a worker sending too, it could have claimed the PIN
    // (leased, not yet marked sent) when the drain below looked, the drain found nothing due,
    // and the outbox still showed the PIN (about 1 run in 4 on a busy machine).
    let app = spawn_app().await;
    assert!(app.state.delivery.held, "no worker of the server's own");
    let email = "sent.pin@example.org";
    app.register("hampshire", email).await;
    let sent = drain_once(&app.state, &Delivery::everything_to(Arc::new(DevLog)))
        .await
        .expect("drained");
    assert_eq!(sent, 1, "the PIN, sent by this drain");
    let messages = app.client.outbox(email).await.expect("outbox");
    assert_eq!(messages.len(), 1, "the record that a message was sent");
    assert_eq!(messages[0].body, SECRET_SENT);
    assert_eq!(messages[0].channel, "email");
    assert!(!messages[0].body.chars().any(|c| c.is_ascii_digit()));
}
