//! Email over SMTP against a real SMTP server on loopback (tests/support's `smtp`): the message
//! arrives with its recipient and body; a refused recipient is given up at once and never tried
//! again; a server that is down is tried again once it is back; temporary refusals are retried
//! and exactly one copy arrives.

use crate::helpers_channels::{
    Record, advance, drain, nothing_more_goes, queue, record, server_with,
};
use permit_server::delivery::worker::{MAX_ATTEMPTS, backoff};
use permit_server::secret::Secret;
use permit_test_support::TestDatabase;
use permit_test_support::smtp::SmtpServer;

/// The server sending email to `smtp` (texts to a gateway nobody listens on: outside --demo
/// both PIN channels must be set, and these tests send no text).
async fn sending_to(database: &TestDatabase, smtp: &SmtpServer) -> permit_server::Application {
    let url = smtp.url();
    server_with(database, |channels| {
        channels.smtp_url = Some(Secret::new(url));
        channels.smtp_from = Some("Parking permits <permits@council.example>".into());
        channels.sms_gateway_url = Some(Secret::new("http://127.0.0.1:1/send"));
    })
    .await
}

#[tokio::test]
async fn an_email_reaches_the_smtp_server_with_its_recipient_body_and_outbox_message_id() {
    let smtp = SmtpServer::start(&[]).await;
    let database = TestDatabase::new().await;
    let app = sending_to(&database, &smtp).await;
    let state = app.state();
    let body = "Your parking permit for AB12 CDE is active from 1 December.";
    let seq = queue(state, "email", "resident@example.org", body).await;

    assert_eq!(drain(state).await, 1);
    let received = smtp.received();
    assert_eq!(received.len(), 1, "{received:?}");
    let mail = &received[0];
    assert_eq!(mail.to, ["resident@example.org"]);
    assert_eq!(mail.from, "permits@council.example");
    assert_eq!(mail.body().trim_end(), body);
    assert_eq!(
        mail.header("Subject").as_deref(),
        Some("Your parking permits")
    );
    assert_eq!(
        mail.header("Message-ID"),
        Some(format!("<outbox-{seq}@permits>"))
    );
    assert!(record(state, seq).await.sent);
    nothing_more_goes(state).await;
    assert_eq!(smtp.received().len(), 1);
}

#[tokio::test]
async fn a_refused_recipient_is_given_up_at_once_and_never_tried_again() {
    let smtp = SmtpServer::start(&["gone@example.org"]).await;
    let database = TestDatabase::new().await;
    let app = sending_to(&database, &smtp).await;
    let state = app.state();
    let refused = queue(state, "email", "gone@example.org", "Your PIN is 123456").await;
    let fine = queue(state, "email", "here@example.org", "Your PIN is 654321").await;

    assert_eq!(drain(state).await, 1, "the other message still goes");
    let Record {
        attempts,
        sent,
        last_error,
    } = record(state, refused).await;
    assert!(!sent);
    assert_eq!(
        attempts, MAX_ATTEMPTS,
        "given up, as after the last attempt"
    );
    let error = last_error.expect("the failure is recorded");
    assert!(
        error.starts_with("permanent:") && error.contains("550"),
        "{error}"
    );
    assert!(record(state, fine).await.sent);

    nothing_more_goes(state).await;
    let tried = smtp.recipients_tried();
    assert_eq!(
        tried.iter().filter(|r| *r == "gone@example.org").count(),
        1,
        "one try only: {tried:?}"
    );
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].to, ["here@example.org"]);
}

#[tokio::test]
async fn an_smtp_server_down_then_back_gets_the_message_once_it_is_back() {
    let smtp = SmtpServer::start(&[]).await;
    smtp.stop();
    let database = TestDatabase::new().await;
    let app = sending_to(&database, &smtp).await;
    let state = app.state();
    let seq = queue(
        state,
        "email",
        "resident@example.org",
        "Your permit renews soon.",
    )
    .await;

    assert_eq!(drain(state).await, 0, "nothing listening");
    let down = record(state, seq).await;
    assert_eq!(down.attempts, 1);
    assert!(!down.sent);
    assert!(
        down.last_error
            .as_deref()
            .is_some_and(|e| e.starts_with("retry:")),
        "{down:?}"
    );

    smtp.restart().await;
    assert_eq!(drain(state).await, 0, "not before its backoff");
    advance(state, backoff(1));
    assert_eq!(drain(state).await, 1);
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].to, ["resident@example.org"]);
    assert_eq!(received[0].body().trim_end(), "Your permit renews soon.");
    nothing_more_goes(state).await;
    assert_eq!(smtp.received().len(), 1);
}

#[tokio::test]
async fn temporary_refusals_are_retried_and_exactly_one_copy_arrives() {
    let smtp = SmtpServer::start(&[]).await;
    // "451 try again later" to the first two attempts' recipient, as greylisting answers.
    smtp.defer_next(2);
    let database = TestDatabase::new().await;
    let app = sending_to(&database, &smtp).await;
    let state = app.state();
    let seq = queue(
        state,
        "email",
        "resident@example.org",
        "Visitor parking booked.",
    )
    .await;

    assert_eq!(drain(state).await, 0);
    advance(state, backoff(1));
    assert_eq!(drain(state).await, 0);
    assert_eq!(record(state, seq).await.attempts, 2);
    assert!(smtp.received().is_empty(), "a deferred message is not kept");
    advance(state, backoff(2));
    assert_eq!(drain(state).await, 1);

    nothing_more_goes(state).await;
    let received = smtp.received();
    assert_eq!(received.len(), 1, "exactly one copy: {received:?}");
    assert_eq!(
        received[0].header("Message-ID"),
        Some(format!("<outbox-{seq}@permits>"))
    );
    assert_eq!(smtp.recipients_tried().len(), 3, "three attempts in all");
    assert!(record(state, seq).await.sent);
}
