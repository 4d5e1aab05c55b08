//! PIN login through the app: the server's own answers for a wrong PIN and a lockout (with
//! when to try again), the app's for a malformed one; nothing is stored on failure.

use crate::helpers::{Backend, COUNCIL, TestApp};
use serde_json::{Value, json};

/// A registered resident, the app, and a PIN that is not the one just sent.
fn with_wrong_pin(email: &str) -> (Backend, TestApp, &'static str) {
    let backend = Backend::start();
    backend.resident_with_permits(email);
    let app = TestApp::start(&backend.url);
    let sent = backend.latest_pin(email);
    let wrong = if sent == "123456" { "654321" } else { "123456" };
    (backend, app, wrong)
}

fn log_in(app: &TestApp, email: &str, pin: &str) -> Value {
    app.invoke(
        "log_in",
        json!({ "council": COUNCIL, "contact": email, "pin": pin }),
    )
    .expect_err("refused")
}

#[test]
fn a_wrong_pin_gets_the_servers_answer_and_stores_nothing() {
    let email = "wrongpin@example.org";
    let (_backend, app, wrong) = with_wrong_pin(email);
    assert_eq!(log_in(&app, email, wrong)["code"], "pin_invalid");
    assert_eq!(app.stored_token(), None);
    let error = log_in(&app, email, "12");
    assert_eq!(error["code"], "invalid_pin_format");
    assert_eq!(error["field"], "pin");
}

#[test]
fn too_many_wrong_pins_say_when_to_try_again() {
    let email = "lockout@example.org";
    let (_backend, app, wrong) = with_wrong_pin(email);
    for _ in 0..10 {
        assert_eq!(log_in(&app, email, wrong)["code"], "pin_invalid");
    }
    let locked = log_in(&app, email, wrong);
    assert_eq!(locked["code"], "too_many_attempts");
    let seconds = locked["retry_after"]
        .as_u64()
        .expect("retry_after in seconds");
    assert!((1..=15 * 60).contains(&seconds), "{seconds}");
    assert_eq!(app.stored_token(), None);
}
