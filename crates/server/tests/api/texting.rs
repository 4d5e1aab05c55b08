//! Text-message activation (ACT-4, ACT-5) through the signed SMS webhook.

use crate::helpers::{SMS_SECRET, assert_refused, bundles, key, spawn_app, stand_at};
use crate::helpers_sms::sign_with;
use permit_client::types::InboundSms;
use permit_test_support::PaysOnSandbox;

const MOBILE: &str = "+447700900123";

#[tokio::test]
async fn act4_a_text_from_a_linked_mobile_starts_a_day_stay_and_the_confirmation_is_queued() {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 10:00").await;
    let resident = app
        .resident_with_mobile("hampshire", "act4@example.org", "07700 900123")
        .await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bought");
    let outcome = app
        .text("hampshire", "07700900123", "visitor ab12 cde")
        .await;
    assert_eq!(outcome.outcome, "activated", "{}", outcome.reply);
    let stays = resident.stays("upcoming").await.expect("stays");
    assert_eq!(stays.len(), 1);
    assert_eq!(
        (stays[0].vrm.as_str(), stays[0].status.as_str()),
        ("AB12CDE", "active")
    );
    let confirmation = &app.texts_to(MOBILE).await[0];
    assert_eq!(
        confirmation,
        "Visitor parking for AB12 CDE is active from 10:00 on Wednesday 1 July 2026 until 23:59 on Wednesday 1 July 2026. Permits left: 9."
    );
}

#[tokio::test]
async fn act4_leicestershire_texts_name_a_duration_in_any_common_unit() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-10 09:00").await;
    let resident = app
        .resident_with_mobile("leicestershire", "dur@example.org", MOBILE)
        .await;
    app.approved_purchase(&resident, &bundles("visitor-bundle", 1))
        .await;
    let outcome = app
        .text("leicestershire", MOBILE, "Visitor AB12CDE 3 hours")
        .await;
    assert_eq!(outcome.outcome, "activated", "{}", outcome.reply);
    assert!(
        outcome
            .reply
            .contains("until 12:00 on Saturday 10 January 2026"),
        "{}",
        outcome.reply
    );
    let stays = resident.stays("upcoming").await.expect("stays");
    assert_eq!(
        stays[0].ends_at - stays[0].starts_at,
        chrono::Duration::hours(3)
    );
}

#[tokio::test]
async fn act5_ten_malformed_texts_get_ten_helpful_replies_and_no_stays() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-10 09:00").await;
    let resident = app
        .resident_with_mobile("leicestershire", "bad@example.org", MOBILE)
        .await;
    app.approved_purchase(&resident, &bundles("visitor-bundle", 1))
        .await;
    let texts = [
        "",
        "hello",
        "PARK AB12CDE 3h",
        "VISITOR",
        "VISITOR AB12CDE",
        "VISITOR !!!! 3h",
        "VISITOR AB12CDE 7 minutes",
        "VISITOR AB12CDE 5h",
        "VISITOR AB12CDE forever",
        "VISITOR ABCDEFGHIJKLM 3h",
    ];
    for text in texts {
        let outcome = app.text("leicestershire", MOBILE, text).await;
        assert_eq!(outcome.outcome, "refused", "{text:?}: {}", outcome.reply);
        assert!(
            outcome.reply.contains("VISITOR AB12CDE 3h") && outcome.reply.contains("61600"),
            "{text:?} got {}",
            outcome.reply
        );
    }
    let replies = app.texts_to(MOBILE).await;
    assert_eq!(replies.len(), 10, "one reply per text");
    assert!(resident.stays("upcoming").await.expect("stays").is_empty());
    let bundle = &resident.visitor_permits().await.expect("bundles")[0];
    assert_eq!(bundle.remaining, bundle.permits, "no permit spent");
}

#[tokio::test]
async fn act5_a_text_that_cannot_be_honoured_says_why_and_starts_nothing() {
    let app = spawn_app().await;
    let resident = app
        .resident_with_mobile("hampshire", "none@example.org", MOBILE)
        .await;
    let outcome = app.text("hampshire", MOBILE, "VISITOR AB12CDE").await;
    assert_eq!(outcome.outcome, "refused");
    assert!(
        outcome
            .reply
            .starts_with("Visitor parking for AB12 CDE was not started:"),
        "{}",
        outcome.reply
    );
    assert!(resident.stays("upcoming").await.expect("stays").is_empty());
    assert_eq!(app.texts_to(MOBILE).await[0], outcome.reply);
}

#[tokio::test]
async fn act5_an_unknown_number_gets_a_generic_reply() {
    let app = spawn_app().await;
    app.resident_with_mobile("hampshire", "known@example.org", MOBILE)
        .await;
    // Linked at Hampshire, texting Cambridgeshire: unknown there.
    let outcome = app.text("cambridgeshire", MOBILE, "VISITOR AB12CDE").await;
    assert_eq!(outcome.outcome, "unknown_sender");
    let stranger = app
        .text("hampshire", "07700 900999", "VISITOR AB12CDE")
        .await;
    assert_eq!(stranger.reply, outcome.reply, "the same words for everyone");
    assert_eq!(app.texts_to("+447700900999").await, vec![stranger.reply]);
}

#[tokio::test]
async fn act4_an_unsigned_or_wrongly_signed_text_is_refused() {
    let app = spawn_app().await;
    let sms = InboundSms {
        message_id: "gw-1".into(),
        from: MOBILE.into(),
        text: "VISITOR AB12CDE".into(),
    };
    let now = app.now().await;
    let error = app
        .client
        .inbound_sms("hampshire", &sms, now, sign_with("not the secret"))
        .await
        .expect_err("bad signature");
    assert_eq!(error.status(), Some(401));
    let error = app
        .client
        .inbound_sms("hampshire", &sms, now, |_| String::new())
        .await
        .expect_err("unsigned");
    assert_eq!(error.status(), Some(401));
}

#[tokio::test]
async fn act4_a_signature_made_for_another_council_or_moment_is_refused() {
    let app = spawn_app().await;
    let sms = InboundSms {
        message_id: "gw-elsewhere".into(),
        from: MOBILE.into(),
        text: "VISITOR AB12CDE".into(),
    };
    let body = serde_json::to_vec(&sms).expect("json");
    let now = app.now().await;
    let sign = sign_with(SMS_SECRET);
    // A delivery signed for Hampshire's webhook, sent to Cambridgeshire's, and one whose
    // signature was made for another moment than the one it carries.
    let for_hampshire = sign(&permit_api_types::sms_signed_bytes(now, "hampshire", &body));
    let other_council = app
        .client
        .inbound_sms("cambridgeshire", &sms, now, |_| for_hampshire.clone())
        .await;
    assert_refused(other_council, 401, "unauthorized", None);
    let other_moment = app
        .client
        .inbound_sms("hampshire", &sms, now - 1, |_| for_hampshire.clone())
        .await;
    assert_refused(other_moment, 401, "unauthorized", None);
    let body_alone = app
        .client
        .inbound_sms("hampshire", &sms, now, |_| sign(&body))
        .await;
    assert_refused(body_alone, 401, "unauthorized", None);
    app.client
        .inbound_sms("hampshire", &sms, now, |_| for_hampshire.clone())
        .await
        .expect("the signature is good where and when it was made");
    assert_eq!(
        app.texts_to(MOBILE).await.len(),
        1,
        "only that one answered"
    );
}

#[tokio::test]
async fn act4_a_request_signed_more_than_five_minutes_from_the_clock_is_stale() {
    let app = spawn_app().await;
    let now = stand_at(&app, "2026-07-01 10:00").await.timestamp();
    let sign = sign_with(SMS_SECRET);
    let text = |id: &str| InboundSms {
        message_id: id.into(),
        from: MOBILE.into(),
        text: "VISITOR AB12CDE".into(),
    };
    for (id, signed_at) in [("gw-old", now - 301), ("gw-ahead", now + 301)] {
        let stale = app
            .client
            .inbound_sms("hampshire", &text(id), signed_at, &sign)
            .await;
        assert_refused(stale, 401, "stale_signature", None);
    }
    assert!(
        app.texts_to(MOBILE).await.is_empty(),
        "stale texts do nothing"
    );
    for (id, signed_at) in [("gw-late", now - 300), ("gw-early", now + 300)] {
        app.client
            .inbound_sms("hampshire", &text(id), signed_at, &sign)
            .await
            .expect("within 5 minutes either way");
    }
    // Signed in the future by a gateway whose clock is ahead: the window follows our clock.
    let ahead = text("gw-ahead-later");
    let refused = app
        .client
        .inbound_sms("hampshire", &ahead, now + 400, &sign)
        .await;
    assert_refused(refused, 401, "stale_signature", None);
    app.client.advance_clock(100).await.expect("clock moves");
    app.client
        .inbound_sms("hampshire", &ahead, now + 400, &sign)
        .await
        .expect("within the window once our clock catches up");
}

#[tokio::test]
async fn act4_a_replayed_request_is_refused_inside_the_window_and_stale_after_it() {
    let app = spawn_app().await;
    let now = stand_at(&app, "2026-07-01 10:00").await.timestamp();
    let sms = InboundSms {
        message_id: "gw-captured".into(),
        from: MOBILE.into(),
        text: "VISITOR AB12CDE".into(),
    };
    let signature = sign_with(SMS_SECRET)(&permit_api_types::sms_signed_bytes(
        now,
        "hampshire",
        &serde_json::to_vec(&sms).expect("json"),
    ));
    app.client
        .inbound_sms("hampshire", &sms, now, |_| signature.clone())
        .await
        .expect("first delivery");
    let replayed = app
        .client
        .inbound_sms("hampshire", &sms, now, |_| signature.clone())
        .await;
    assert_refused(replayed, 401, "replayed_signature", None);
    let shouted = app
        .client
        .inbound_sms("hampshire", &sms, now, |_| signature.to_uppercase())
        .await;
    assert_refused(shouted, 401, "replayed_signature", None);
    app.client.advance_clock(299).await.expect("clock moves");
    let still = app
        .client
        .inbound_sms("hampshire", &sms, now, |_| signature.clone())
        .await;
    assert_refused(still, 401, "replayed_signature", None);
    app.client.advance_clock(2).await.expect("clock moves");
    let later = app
        .client
        .inbound_sms("hampshire", &sms, now, |_| signature.clone())
        .await;
    assert_refused(later, 401, "stale_signature", None);
    assert_eq!(
        app.texts_to(MOBILE).await.len(),
        1,
        "one reply, to the first"
    );
}

#[tokio::test]
async fn act5_a_repeated_delivery_of_the_same_text_books_once_and_replies_once() {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 10:00").await;
    let resident = app
        .resident_with_mobile("hampshire", "again@example.org", MOBILE)
        .await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bought");
    let sms = InboundSms {
        message_id: "gateway-42".into(),
        from: MOBILE.into(),
        text: "VISITOR AB12CDE".into(),
    };
    let sign = sign_with(SMS_SECRET);
    let now = app.now().await;
    let first = app
        .client
        .inbound_sms("hampshire", &sms, now, &sign)
        .await
        .expect("first");
    // The gateway signs its retry afresh, a moment later.
    let again = app
        .client
        .inbound_sms("hampshire", &sms, now + 20, &sign)
        .await
        .expect("retried");
    assert_eq!((first.outcome.as_str(), &again), ("activated", &first));
    assert_eq!(resident.stays("upcoming").await.expect("stays").len(), 1);
    assert_eq!(app.texts_to(MOBILE).await.len(), 1, "one confirmation");
}

#[tokio::test]
async fn act4_a_webhook_key_under_32_bytes_stops_the_server_at_start_up() {
    let database = permit_test_support::TestDatabase::new().await;
    let mut settings = database.settings(0);
    settings.channels.sms_webhook_key = Some(permit_server::secret::Secret::new("x".repeat(31)));
    let error = permit_server::Application::build(settings.clone())
        .await
        .expect_err("a 31-byte key is refused");
    assert_eq!(
        error.to_string(),
        "channels.sms_webhook_key (PERMITS_SMS_WEBHOOK_KEY) is 31 bytes long and must be at least 32: make one with `openssl rand -hex 32`."
    );
    settings.channels.sms_webhook_key = Some(permit_server::secret::Secret::new("x".repeat(32)));
    permit_server::Application::build(settings)
        .await
        .expect("32 bytes will do");
}
