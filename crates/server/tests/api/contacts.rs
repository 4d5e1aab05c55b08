//! Linked contacts (REG-2, ACT-4): a resident adds or changes their email and mobile after
//! registering; each is linked only once the code sent to it comes back, and a contact on
//! another account is never revealed.

use crate::helpers::{TestApp, assert_refused, bundles, key, spawn_app, stand_at};
use permit_client::{Client, ClientError};
use permit_test_support::PaysOnSandbox;

const NEW_MOBILE: &str = "+447700900321";

async fn hampshire_resident_with_permits(app: &TestApp, email: &str) -> Client {
    let resident = app.resident("hampshire", email).await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bought");
    resident
}

#[tokio::test]
async fn act4_texts_from_a_newly_linked_mobile_book_stays() {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 10:00").await;
    let resident = hampshire_resident_with_permits(&app, "link@example.org").await;
    let before = app
        .text("hampshire", "07700 900321", "VISITOR AB12CDE")
        .await;
    assert_eq!(before.outcome, "unknown_sender");
    assert!(
        before.reply.contains("Account > Contact details"),
        "the reply says how to link a number: {}",
        before.reply
    );
    let sent = resident
        .add_contact("07700 900321")
        .await
        .expect("code sent");
    assert_eq!(sent.contact, NEW_MOBILE);
    assert_eq!(
        resident.me().await.expect("me").mobile,
        None,
        "not linked yet"
    );
    let code = app.latest_pin(NEW_MOBILE).await;
    let me = resident
        .confirm_contact("07700900321", &code)
        .await
        .expect("linked");
    assert_eq!(me.mobile.as_deref(), Some(NEW_MOBILE));
    let booked = app.text("hampshire", NEW_MOBILE, "VISITOR AB12CDE").await;
    assert_eq!(booked.outcome, "activated", "{}", booked.reply);
    assert_eq!(resident.stays("upcoming").await.expect("stays").len(), 1);
}

#[tokio::test]
async fn reg2_a_changed_email_logs_in_and_the_old_one_is_told() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "old@example.org").await;
    let sent = resident
        .add_contact(" new@example.org ")
        .await
        .expect("code sent");
    assert_eq!(sent.contact, "new@example.org");
    let code = app.latest_pin("new@example.org").await;
    let me = resident
        .confirm_contact("new@example.org", &code)
        .await
        .expect("linked");
    assert_eq!(me.email.as_deref(), Some("new@example.org"));
    let told = app.client.outbox("old@example.org").await.expect("outbox");
    assert!(
        told[0].body.contains("no longer linked"),
        "{}",
        told[0].body
    );
    app.resident_logged_in("hampshire", "new@example.org").await;
    let error = app
        .client
        .log_in("hampshire", "old@example.org", "000000")
        .await
        .expect_err("the old email is no longer the account's");
    assert_eq!(error.status(), Some(401));
}

#[tokio::test]
async fn reg2_a_code_works_once_for_its_own_contact_and_expires_after_ten_minutes() {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 10:00").await;
    let resident = app.resident("hampshire", "codes@example.org").await;
    resident.add_contact(NEW_MOBILE).await.expect("code sent");
    let code = app.latest_pin(NEW_MOBILE).await;
    let error = resident
        .confirm_contact("07700900999", &code)
        .await
        .expect_err("another number");
    assert_refused(&error, 422, "code_invalid", Some("code"));
    stand_at(&app, "2026-07-01 10:10").await;
    let resident = app
        .resident_logged_in("hampshire", "codes@example.org")
        .await;
    let error = resident
        .confirm_contact(NEW_MOBILE, &code)
        .await
        .expect_err("expired");
    assert_refused(&error, 422, "code_invalid", Some("code"));
    resident.add_contact(NEW_MOBILE).await.expect("a new code");
    let code = app.latest_pin(NEW_MOBILE).await;
    resident
        .confirm_contact(NEW_MOBILE, &code)
        .await
        .expect("linked");
    let error = resident
        .confirm_contact(NEW_MOBILE, &code)
        .await
        .expect_err("used");
    assert_refused(&error, 422, "code_invalid", Some("code"));
    let error = resident
        .add_contact(NEW_MOBILE)
        .await
        .expect_err("already linked");
    assert_refused(&error, 422, "contact_unchanged", Some("contact"));
}

#[tokio::test]
async fn reg2_a_contact_on_another_account_gets_the_same_answer_and_no_code() {
    let app = spawn_app().await;
    app.resident_with_mobile("hampshire", "owner@example.org", NEW_MOBILE)
        .await;
    let texts_before = app.texts_to(NEW_MOBILE).await.len();
    let resident = app.resident("hampshire", "other@example.org").await;
    let taken = resident.add_contact(NEW_MOBILE).await.expect("same answer");
    let free = resident.add_contact("07700900555").await.expect("sent");
    assert_eq!(
        (taken.kind, taken.contact.as_str()),
        (free.kind, NEW_MOBILE)
    );
    assert_eq!(taken.expires_at, free.expires_at);
    assert_eq!(
        app.texts_to(NEW_MOBILE).await.len(),
        texts_before,
        "no code"
    );
    let error = resident
        .confirm_contact(NEW_MOBILE, "123456")
        .await
        .expect_err("not linkable");
    assert_refused(&error, 422, "code_invalid", Some("code"));
    let error = resident
        .add_contact("not a contact")
        .await
        .expect_err("bad");
    assert_refused(&error, 422, "invalid_mobile", Some("contact"));
}

#[tokio::test]
async fn reg2_code_requests_and_wrong_codes_are_limited() {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 10:00").await;
    let resident = app.resident("hampshire", "limits@example.org").await;
    for n in 0..5 {
        resident
            .add_contact(&format!("0770090060{n}"))
            .await
            .expect("within the limit");
    }
    let error = resident
        .add_contact("07700900609")
        .await
        .expect_err("sixth in an hour");
    assert_refused(&error, 429, "too_many_code_requests", None);
    assert!(
        matches!(
            error,
            ClientError::Api {
                retry_after: Some(3600),
                ..
            }
        ),
        "{error:?}"
    );
    for _ in 0..10 {
        let error = resident
            .confirm_contact("07700900600", "000000")
            .await
            .expect_err("wrong");
        assert_refused(&error, 422, "code_invalid", Some("code"));
    }
    let code = app.latest_pin("+447700900600").await;
    let error = resident
        .confirm_contact("07700900600", &code)
        .await
        .expect_err("locked, even with the right code");
    assert_refused(&error, 429, "too_many_attempts", None);
}
