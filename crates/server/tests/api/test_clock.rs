use crate::helpers::{Options, assert_refused, spawn_app, spawn_app_with};
use chrono::{TimeZone, Utc};

#[tokio::test]
async fn test_clock_can_be_set_and_advanced_and_the_service_follows_it() {
    let app = spawn_app().await;
    let at = Utc
        .with_ymd_and_hms(2026, 3, 31, 22, 59, 0)
        .single()
        .expect("instant");
    assert_eq!(app.client.set_clock(at).await.expect("set").now, at);
    let later = app.client.advance_clock(60).await.expect("advance").now;
    assert_eq!(later, at + chrono::Duration::seconds(60));
    assert_eq!(app.client.health().await.expect("health").now, later);
}

#[tokio::test]
async fn test_clock_change_needs_exactly_one_of_set_or_advance() {
    let app = spawn_app().await;
    let error = app
        .client
        .post_clock_change(&Default::default())
        .await
        .expect_err("empty change refused");
    assert_refused(&error, 422, "clock_change_invalid", None);
}

#[tokio::test]
async fn without_the_test_flag_the_clock_endpoint_does_not_exist() {
    let app = spawn_app_with(Options {
        test_clock: false,
        ..Options::default()
    })
    .await;
    let error = app.client.advance_clock(60).await.expect_err("no endpoint");
    assert_eq!(error.status(), Some(404));
    assert_eq!(
        app.client.clock().await.expect_err("no endpoint").status(),
        Some(404)
    );
}

#[tokio::test]
async fn the_test_clock_is_refused_on_a_non_loopback_address() {
    let settings = permit_server::Settings {
        bind: "0.0.0.0:0".parse().expect("address"),
        test_clock: true,
        ..permit_server::Settings::default()
    };
    let error = permit_server::Application::build(settings)
        .await
        .expect_err("refused");
    assert!(matches!(
        error,
        permit_server::startup::StartupError::TestClockNotLoopback(_)
    ));
}

#[tokio::test]
async fn the_test_clock_refuses_instants_the_rules_cannot_count_from_instead_of_panicking() {
    let app = spawn_app().await;
    let before = app.client.health().await.expect("health").now;
    for seconds in [i64::MAX, i64::MIN, 1_000_000_000_000, -100 * 365 * 86_400] {
        let error = app
            .client
            .advance_clock(seconds)
            .await
            .expect_err("out of range");
        assert_refused(&error, 422, "clock_out_of_range", Some("advance_seconds"));
    }
    let far = Utc
        .with_ymd_and_hms(9999, 12, 31, 23, 0, 0)
        .single()
        .expect("instant");
    let error = app.client.set_clock(far).await.expect_err("out of range");
    assert_refused(&error, 422, "clock_out_of_range", Some("set"));
    // Nothing moved, and the server still answers.
    assert_eq!(app.client.health().await.expect("health").now, before);
}
