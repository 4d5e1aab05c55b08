//! GOV.UK Notify for email and texts, against a fake Notify on loopback that checks the token
//! as Notify does (tests/support's `fake_notify`): the documented requests with the outbox row
//! as `reference`, signed with the key's secret and dated by the service clock; 400 given up,
//! 403, 429, 5xx and timeouts retried; and Notify counts as a real channel at start-up.

use crate::helpers::{Options, test_channels};
use crate::helpers_channels::{advance, drain, nothing_more_goes, queue, record, server_with};
use permit_server::Application;
use permit_server::channel_settings::{ChannelSettings, NotifyKey, NotifySettings};
use permit_server::delivery::worker::{MAX_ATTEMPTS, backoff};
use permit_server::startup::StartupError;
use permit_test_support::TestDatabase;
use permit_test_support::fake_notify::{FakeNotify, Trouble};
use std::time::Duration;

const SERVICE: &str = "26785a09-ab16-4eb0-8407-a37497a57506";
const SECRET: &str = "3d844edf-8d35-48ac-975b-e847b4f122b0";
const EMAIL_TEMPLATE: &str = "217a419e-6a7d-482a-9596-718b889dffce";
const SMS_TEMPLATE: &str = "9f2b4c1e-0d3a-4e5f-8a6b-7c8d9e0f1a2b";

/// Notify for both channels at `fake`, signing with `secret`.
fn notify(fake: &FakeNotify, secret: &str, timeout: Duration) -> NotifySettings {
    let key = format!("permits-live-{SERVICE}-{secret}");
    NotifySettings {
        api_key: NotifyKey::parse(&key).expect("a Notify key"),
        email_template_id: Some(EMAIL_TEMPLATE.into()),
        sms_template_id: Some(SMS_TEMPLATE.into()),
        base_url: fake.base_url.clone(),
        timeout,
    }
}

/// The server sending everything through `fake`, the fake checking tokens on its test clock.
async fn sending_to(
    database: &TestDatabase,
    fake: &FakeNotify,
    secret: &str,
) -> permit_server::Application {
    let settings = notify(fake, secret, Duration::from_secs(1));
    let app = server_with(database, |channels| {
        channels.govuk_notify = Some(settings);
    })
    .await;
    fake.follow_clock(app.state().clock.clone());
    app
}

fn requests_to(fake: &FakeNotify, field: &str, recipient: &str) -> usize {
    let requests = fake.requests();
    requests
        .iter()
        .filter(|r| r.body[field] == recipient)
        .count()
}

#[tokio::test]
async fn notify_sends_email_and_texts_as_documented_signed_and_referenced_by_outbox_row() {
    let fake = FakeNotify::start(SERVICE, SECRET, &[]).await;
    let database = TestDatabase::new().await;
    let app = sending_to(&database, &fake, SECRET).await;
    let state = app.state();
    let email = queue(state, "email", "resident@example.org", "Your PIN is 123456").await;
    let text = queue(
        state,
        "sms",
        "+447700900123",
        "Visitor parking for AB12 CDE is active.",
    )
    .await;

    assert_eq!(drain(state).await, 2);
    let requests = fake.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    let (sent_email, sent_text) = (&requests[0], &requests[1]);
    assert_eq!(sent_email.channel, "email");
    assert_eq!(
        sent_email.body,
        serde_json::json!({
            "email_address": "resident@example.org",
            "template_id": EMAIL_TEMPLATE,
            "personalisation": { "subject": "Your parking permits", "body": "Your PIN is 123456" },
            "reference": format!("outbox-{email}"),
        })
    );
    assert_eq!(sent_text.channel, "sms");
    assert_eq!(
        sent_text.body,
        serde_json::json!({
            "phone_number": "+447700900123",
            "template_id": SMS_TEMPLATE,
            "personalisation": { "body": "Visitor parking for AB12 CDE is active." },
            "reference": format!("outbox-{text}"),
        })
    );
    for request in &requests {
        assert_eq!(request.iss, SERVICE);
        assert_eq!(
            request.iat,
            state.now().timestamp(),
            "dated by the service clock"
        );
    }
    assert!(record(state, email).await.sent && record(state, text).await.sent);

    // A day later by the test clock the token is dated a day later: Notify, on the same
    // clock, would refuse one more than 30 seconds off.
    advance(state, chrono::Duration::days(1));
    queue(
        state,
        "email",
        "resident@example.org",
        "Your permit renews soon.",
    )
    .await;
    assert_eq!(drain(state).await, 1);
    let latest = fake.requests().pop().expect("a third request");
    assert_eq!(latest.iat, state.now().timestamp());
    nothing_more_goes(state).await;
    assert_eq!(fake.requests().len(), 3, "each message once");
}

#[tokio::test]
async fn notify_400_is_given_up_while_403_429_5xx_and_timeouts_are_retried_to_one_send() {
    let fake = FakeNotify::start(SERVICE, SECRET, &["outside-the-team@example.org"]).await;
    let database = TestDatabase::new().await;
    let app = sending_to(&database, &fake, SECRET).await;
    let state = app.state();

    // 400 BadRequestError: the request is wrong and would be again.
    let refused = queue(state, "email", "outside-the-team@example.org", "Your PIN").await;
    assert_eq!(drain(state).await, 0);
    let given_up = record(state, refused).await;
    assert!(!given_up.sent);
    assert_eq!(given_up.attempts, MAX_ATTEMPTS);
    let error = given_up.last_error.expect("recorded");
    assert!(
        error.starts_with("permanent:")
            && error.contains("400")
            && error.contains("BadRequestError"),
        "{error}"
    );
    nothing_more_goes(state).await;
    assert_eq!(
        requests_to(&fake, "email_address", "outside-the-team@example.org"),
        1
    );

    // 403, 429, 500 and no answer within the timeout (1 second here): each retried.
    fake.trouble_ahead(&[
        Trouble::AuthError,
        Trouble::RateLimit,
        Trouble::ServerError,
        Trouble::Hang(Duration::from_secs(3)),
    ]);
    let seq = queue(state, "sms", "+447700900456", "Your PIN is 246810").await;
    for (attempt, expected) in [(1, "403"), (2, "429"), (3, "500"), (4, "unreachable")] {
        assert_eq!(drain(state).await, 0, "attempt {attempt}");
        let failed = record(state, seq).await;
        assert_eq!(failed.attempts, attempt);
        let error = failed.last_error.expect("recorded");
        assert!(
            error.starts_with("retry:") && error.contains(expected),
            "{error}"
        );
        advance(state, backoff(attempt));
    }
    assert_eq!(drain(state).await, 1);
    assert!(record(state, seq).await.sent);
    nothing_more_goes(state).await;
    assert_eq!(requests_to(&fake, "phone_number", "+447700900456"), 5);
}

#[tokio::test]
async fn a_token_signed_with_the_wrong_secret_is_refused_by_notify_and_the_message_waits() {
    let fake = FakeNotify::start(SERVICE, SECRET, &[]).await;
    let database = TestDatabase::new().await;
    let app = sending_to(&database, &fake, "00000000-1111-2222-3333-444444444444").await;
    let state = app.state();
    let seq = queue(state, "email", "resident@example.org", "Your PIN is 123456").await;
    assert_eq!(drain(state).await, 0);
    let waiting = record(state, seq).await;
    assert_eq!(waiting.attempts, 1, "retried once the key is fixed");
    let error = waiting.last_error.expect("recorded");
    assert!(
        error.contains("403") && error.contains("Invalid token"),
        "{error}"
    );
    assert!(
        fake.requests().is_empty(),
        "the fake took no unsigned request"
    );
}

#[tokio::test]
async fn notify_is_a_real_channel_it_carries_pins_outside_demo_and_turns_operator_endpoints_off() {
    let fake = FakeNotify::start(SERVICE, SECRET, &[]).await;
    let database = TestDatabase::new().await;
    let mut settings = database.settings(0);
    settings.test_clock = false;
    settings.channels = ChannelSettings {
        govuk_notify: Some(notify(&fake, SECRET, Duration::from_secs(10))),
        ..test_channels()
    };
    Application::build(settings.clone())
        .await
        .expect("Notify carries both PIN channels");

    // Email by Notify and no channel for texts: refused, naming both ways to set one.
    let mut email_only = settings.clone();
    if let Some(notify) = email_only.channels.govuk_notify.as_mut() {
        notify.sms_template_id = None;
    }
    let error = Application::build(email_only).await.expect_err("refused");
    let StartupError::Channels(reason) = &error else {
        panic!("{error}");
    };
    assert!(
        reason.contains("sms_gateway_url") && reason.contains("sms_template_id"),
        "{reason}"
    );

    // Email by both SMTP and Notify: which one would be a guess, so refused.
    let mut both = settings.clone();
    both.channels.smtp_url = Some(permit_server::secret::Secret::new("smtp://127.0.0.1:1"));
    let error = Application::build(both).await.expect_err("refused");
    assert!(error.to_string().contains("smtp_url"), "{error}");

    // In test mode, Notify configured means the operator endpoints are not mounted.
    let app = permit_test_support::TestServer::spawn_with(Options {
        channels: settings.channels.clone(),
        ..Options::default()
    })
    .await;
    assert!(app.state.operator.is_none());
}
