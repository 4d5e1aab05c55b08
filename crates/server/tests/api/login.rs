//! REG-2: PIN login, lockout, sessions, logout.

use crate::helpers::{assert_refused, join_all, registration, spawn_app};

#[tokio::test]
async fn reg2_registration_sends_a_pin_that_logs_in_once() {
    let app = spawn_app().await;
    app.client
        .register("hampshire", &registration("hampshire", "once@example.org"))
        .await
        .expect("registers");
    let pin = app.latest_pin("once@example.org").await;
    let session = app
        .client
        .log_in("hampshire", "once@EXAMPLE.org", &pin)
        .await
        .expect("logs in");
    assert_eq!(session.token.len(), 64, "256 random bits, hex");
    let me = app
        .client
        .with_token(&session.token)
        .me()
        .await
        .expect("me");
    assert_eq!(me.email.as_deref(), Some("once@example.org"));
    let error = app
        .client
        .log_in("hampshire", "once@example.org", &pin)
        .await
        .expect_err("single use");
    assert_refused(&error, 401, "pin_invalid", None);
}

#[tokio::test]
async fn reg2_pin_request_answers_the_same_whether_or_not_the_account_exists() {
    let app = spawn_app().await;
    app.client
        .register("hampshire", &registration("hampshire", "known@example.org"))
        .await
        .expect("registers");
    let known = app
        .client
        .request_pin("hampshire", "known@example.org")
        .await
        .expect("202");
    let unknown = app
        .client
        .request_pin("hampshire", "nobody@example.org")
        .await
        .expect("202");
    assert_eq!(known, unknown);
    assert!(
        app.client
            .outbox("nobody@example.org")
            .await
            .expect("outbox")
            .is_empty()
    );
    let error = app
        .client
        .log_in("hampshire", "nobody@example.org", "123456")
        .await
        .expect_err("401");
    assert_refused(&error, 401, "pin_invalid", None);
}

#[tokio::test]
async fn reg2_a_pin_expires_after_ten_minutes_and_a_new_one_replaces_it() {
    let app = spawn_app().await;
    app.client
        .register("hampshire", &registration("hampshire", "late@example.org"))
        .await
        .expect("registers");
    let first = app.latest_pin("late@example.org").await;
    app.client.advance_clock(10 * 60).await.expect("clock");
    let error = app
        .client
        .log_in("hampshire", "late@example.org", &first)
        .await
        .expect_err("expired");
    assert_refused(&error, None, "pin_invalid", None);
    app.client
        .request_pin("hampshire", "late@example.org")
        .await
        .expect("resend");
    let second = app.latest_pin("late@example.org").await;
    app.client.advance_clock(9 * 60 + 59).await.expect("clock");
    app.client
        .log_in("hampshire", "late@example.org", &second)
        .await
        .expect("still valid");
}

#[tokio::test]
async fn reg2_an_eleventh_wrong_pin_in_fifteen_minutes_gets_429_with_retry_after() {
    let app = spawn_app().await;
    app.client
        .register("hampshire", &registration("hampshire", "guess@example.org"))
        .await
        .expect("registers");
    let pin = app.latest_pin("guess@example.org").await;
    let wrong = if pin == "000000" { "111111" } else { "000000" };
    for attempt in 1..=10 {
        app.client.advance_clock(30).await.expect("clock");
        let error = app
            .client
            .log_in("hampshire", "guess@example.org", wrong)
            .await
            .expect_err("wrong");
        assert_eq!(error.status(), Some(401), "attempt {attempt}");
    }
    let error = app
        .client
        .log_in("hampshire", "guess@example.org", &pin)
        .await
        .expect_err("locked");
    let permit_client::ClientError::Api {
        status,
        retry_after,
        ..
    } = error
    else {
        panic!("{error}")
    };
    assert_eq!(status, 429);
    // The first wrong PIN was 4.5 minutes ago: it leaves the 15-minute window in 10.5.
    assert_eq!(retry_after, Some(10 * 60 + 30));
    app.client.advance_clock(10 * 60 + 29).await.expect("clock");
    let error = app
        .client
        .log_in("hampshire", "guess@example.org", &pin)
        .await
        .expect_err("locked");
    assert_eq!(
        error.status(),
        Some(429),
        "one second before Retry-After runs out"
    );
    app.client.advance_clock(1).await.expect("clock");
    app.client
        .request_pin("hampshire", "guess@example.org")
        .await
        .expect("new pin");
    let fresh = app.latest_pin("guess@example.org").await;
    app.client
        .log_in("hampshire", "guess@example.org", &fresh)
        .await
        .expect("unlocked");
}

#[tokio::test]
async fn reg2_parallel_wrong_pins_are_all_counted() {
    let app = spawn_app().await;
    app.client
        .register("hampshire", &registration("hampshire", "burst@example.org"))
        .await
        .expect("registers");
    let pin = app.latest_pin("burst@example.org").await;
    let wrong = if pin == "000000" { "111111" } else { "000000" };
    let attempts = (0..15).map(|_| {
        let client = app.client.clone();
        async move { client.log_in("hampshire", "burst@example.org", wrong).await }
    });
    let results = join_all(attempts).await;
    let locked = results
        .iter()
        .filter(|r| r.as_ref().err().and_then(|e| e.status()) == Some(429))
        .count();
    assert_eq!(locked, 5, "10 wrong PINs are answered 401, the rest 429");
}

#[tokio::test]
async fn sessions_end_after_thirty_idle_minutes() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "idle@example.org").await;
    app.client.advance_clock(29 * 60).await.expect("clock");
    resident
        .me()
        .await
        .expect("still logged in, and the idle timer restarts");
    app.client.advance_clock(30 * 60).await.expect("clock");
    resident
        .me()
        .await
        .expect("exactly 30 idle minutes is still fine");
    app.client.advance_clock(30 * 60 + 1).await.expect("clock");
    assert_eq!(resident.me().await.expect_err("idle").status(), Some(401));
}

#[tokio::test]
async fn sessions_end_twelve_hours_after_login_however_active() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "busy@example.org").await;
    for _ in 0..24 {
        app.client.advance_clock(30 * 60).await.expect("clock");
        resident.me().await.expect("active within 12 hours");
    }
    app.client.advance_clock(1).await.expect("clock");
    assert_eq!(
        resident.me().await.expect_err("absolute lifetime").status(),
        Some(401)
    );
}

#[tokio::test]
async fn logout_ends_this_session_and_logout_everywhere_ends_all() {
    let app = spawn_app().await;
    let phone = app.resident("hampshire", "two@example.org").await;
    let laptop = app.resident_logged_in("hampshire", "two@example.org").await;
    let tablet = app.resident_logged_in("hampshire", "two@example.org").await;
    phone.log_out().await.expect("logout");
    assert_eq!(phone.me().await.expect_err("ended").status(), Some(401));
    laptop.me().await.expect("other sessions live on");
    laptop.log_out_everywhere().await.expect("everywhere");
    assert_eq!(laptop.me().await.expect_err("ended").status(), Some(401));
    assert_eq!(tablet.me().await.expect_err("ended").status(), Some(401));
}

#[tokio::test]
async fn requests_without_a_valid_token_are_401() {
    let app = spawn_app().await;
    assert_eq!(
        app.client.me().await.expect_err("no token").status(),
        Some(401)
    );
    let forged = app.client.with_token("00".repeat(32));
    assert_eq!(
        forged.me().await.expect_err("unknown token").status(),
        Some(401)
    );
}

#[tokio::test]
async fn reg2_a_lost_pin_is_resent_to_the_registered_contact_asked_for() {
    let app = spawn_app().await;
    let mut body = registration("hampshire", "both@example.org");
    body.mobile = Some("07700 900456".into());
    app.client
        .register("hampshire", &body)
        .await
        .expect("registers");
    assert_eq!(
        app.client
            .outbox("both@example.org")
            .await
            .expect("outbox")
            .len(),
        1
    );
    app.client
        .request_pin("hampshire", "07700900456")
        .await
        .expect("resend");
    let texts = app.client.outbox("+447700900456").await.expect("outbox");
    assert_eq!((texts.len(), texts[0].channel.as_str()), (1, "sms"));
    let pin = app.latest_pin("+447700900456").await;
    app.client
        .log_in("hampshire", "+44 7700 900456", &pin)
        .await
        .expect("logs in");
}

/// The latest use of any session as stored (unix seconds).
async fn stored_use(app: &crate::helpers::TestApp) -> i64 {
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    sqlx::query_scalar::<_, i64>("SELECT MAX(last_seen_at) FROM sessions")
        .fetch_one(&mut *conn)
        .await
        .expect("sessions")
}

/// A session's use is remembered in memory and written by the next flush (auth::recent_use),
/// so the stored time catches up with the idle timer's.
#[tokio::test]
async fn a_sessions_latest_use_reaches_the_database_at_the_next_flush() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "flush@example.org").await;
    let at_login = stored_use(&app).await;
    app.client.advance_clock(10 * 60).await.expect("clock");
    resident.me().await.expect("logged in");
    app.state
        .recent_use
        .flush(&app.state.db)
        .await
        .expect("flushed");
    assert_eq!(stored_use(&app).await - at_login, 10 * 60);
}

/// A use long after the stored one is written before the answer arrives (the write-through,
/// which SQLite queues for its next commit and the answer waits for), so another server
/// process times the session from it at once, without waiting for a flush.
#[tokio::test]
async fn a_use_after_a_pause_is_stored_before_the_answer() {
    let app = spawn_app().await;
    let resident = app.resident("hampshire", "through@example.org").await;
    let at_login = stored_use(&app).await;
    for minutes in [10, 20] {
        app.client.advance_clock(10 * 60).await.expect("clock");
        resident.stays("upcoming").await.expect("logged in");
        assert_eq!(stored_use(&app).await - at_login, minutes * 60);
    }
}
