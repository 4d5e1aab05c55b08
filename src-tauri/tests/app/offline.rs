//! Issue 5's flow: login with a PIN from the outbox, sync, backend stopped, the saved stays
//! still shown marked offline with the last-sync time; logout wipes the cache and keyring.

use crate::helpers::{Backend, TestApp, nine_am};
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

fn instant(value: &Value) -> DateTime<Utc> {
    serde_json::from_value(value.clone()).expect("an instant")
}

fn stay_vrms(dashboard: &Value) -> Vec<&str> {
    dashboard["upcoming_stays"]
        .as_array()
        .expect("a list of stays")
        .iter()
        .map(|stay| stay["vrm"].as_str().expect("a VRM"))
        .collect()
}

#[test]
fn saved_stays_are_shown_offline_and_logout_wipes_them() {
    let mut backend = Backend::start();
    let email = backend.resident_with_permits("offline@example.org");
    let app = TestApp::start(&backend.url);

    assert_eq!(
        app.invoke("session_state", json!({})),
        Ok(json!({ "logged_in": false }))
    );
    let error = app
        .invoke("dashboard", json!({}))
        .expect_err("not logged in");
    assert_eq!(error["code"], "not_logged_in");

    let dashboard = app.log_in(&backend, &email);
    assert_eq!(dashboard["offline"], false);
    assert_eq!(instant(&dashboard["last_synced_at"]), nine_am());
    assert_eq!(dashboard["resident"]["council"], "hampshire");
    assert_eq!(dashboard["balances"][0]["permits_left"], 10);
    assert!(app.stored_token().is_some());

    let booked = app
        .invoke("book_stay", json!({ "vrm": "ab12 cde" }))
        .expect("books a stay");
    assert_eq!(booked["stay"]["vrm"], "AB12CDE");
    assert_eq!(stay_vrms(&booked["dashboard"]), ["AB12CDE"]);
    assert_eq!(booked["dashboard"]["balances"][0]["permits_left"], 9);

    // Two hours later, no signal.
    app.clock.advance(Duration::hours(2));
    backend.stop();

    let offline = app.invoke("dashboard", json!({})).expect("the saved copy");
    assert_eq!(offline["offline"], true);
    assert_eq!(instant(&offline["last_synced_at"]), nine_am());
    assert_eq!(stay_vrms(&offline), ["AB12CDE"]);
    // Issue 18: the vehicle booked was saved, and the saved copy shows it offline.
    assert_eq!(offline["saved_vehicles"][0]["vrm"], "AB12CDE");
    assert_eq!(offline["saved_vehicles"].as_array().map(Vec::len), Some(1));
    assert_eq!(offline["resident"]["council"], "hampshire");

    // Booking a saved vehicle still needs the server.
    let error = app
        .invoke("book_stay", json!({ "vrm": "AB12CDE" }))
        .expect_err("needs the server");
    assert_eq!(error["code"], "needs_server");
    let error = app
        .invoke("book_stay", json!({ "vrm": "XY34ZZZ" }))
        .expect_err("needs the server");
    assert_eq!(error["code"], "needs_server");
    assert_eq!(
        error["message"],
        "Booking a stay needs a connection to the council's service. Check your signal and try again."
    );

    let out = app.invoke("log_out", json!({})).expect("logs out offline");
    assert_eq!(out["revoked_on_server"], false);
    assert_eq!(app.stored_token(), None);
    assert!(
        crate::helpers::files_under(&app.data_dir).is_empty(),
        "the saved data is gone"
    );
    let error = app.invoke("dashboard", json!({})).expect_err("logged out");
    assert_eq!(error["code"], "not_logged_in");
}

#[test]
fn logout_online_revokes_the_session_on_the_server() {
    let backend = Backend::start();
    let email = backend.resident_with_permits("logout@example.org");
    let app = TestApp::start(&backend.url);
    app.log_in(&backend, &email);
    let token = app.stored_token().expect("a session in the keyring");
    assert!(backend.accepts(&token));

    let out = app.invoke("log_out", json!({})).expect("logs out");
    assert_eq!(out["revoked_on_server"], true);
    assert!(
        !backend.accepts(&token),
        "the server no longer takes the token"
    );
    assert_eq!(app.stored_token(), None);
    assert!(crate::helpers::files_under(&app.data_dir).is_empty());
    assert_eq!(
        app.invoke("session_state", json!({})),
        Ok(json!({ "logged_in": false }))
    );
}

#[test]
fn a_session_ended_elsewhere_sends_the_resident_to_login() {
    let backend = Backend::start();
    let email = backend.resident_with_permits("revoked@example.org");
    let app = TestApp::start(&backend.url);
    app.log_in(&backend, &email);
    let token = app.stored_token().expect("a session");
    // "Log out everywhere" from another device.
    let elsewhere = permit_client::Client::new(&backend.url).with_token(token.expose());
    backend
        .call(elsewhere.log_out_everywhere())
        .expect("revoked elsewhere");

    let error = app.invoke("dashboard", json!({})).expect_err("ended");
    assert_eq!(
        error,
        json!({
            "code": "session_expired",
            "message": "Your session has ended. Please log in again.",
        })
    );
    assert_eq!(app.stored_token(), None);
    assert!(crate::helpers::files_under(&app.data_dir).is_empty());
}

#[test]
fn log_out_everywhere_ends_this_devices_session_and_every_other() {
    let backend = Backend::start();
    let email = backend.resident_with_permits("everywhere@example.org");
    let phone = TestApp::start(&backend.url);
    phone.log_in(&backend, &email);
    let laptop = TestApp::start(&backend.url);
    laptop.log_in(&backend, &email);
    let phone_token = phone.stored_token().expect("the phone's session");
    let laptop_token = laptop.stored_token().expect("the laptop's session");

    let out = phone
        .invoke("log_out_everywhere", json!({}))
        .expect("logged out everywhere");
    assert_eq!(out["revoked_on_server"], true);
    assert_eq!(out["message"], "You're logged out on every device.");
    assert!(!backend.accepts(&phone_token));
    assert!(!backend.accepts(&laptop_token), "the other device's too");
    assert_eq!(phone.stored_token(), None);
    assert!(crate::helpers::files_under(&phone.data_dir).is_empty());
    // The other device finds out at its next sync, and forgets its copy.
    let error = laptop.invoke("dashboard", json!({})).expect_err("ended");
    assert_eq!(error["code"], "session_expired");
    assert_eq!(laptop.stored_token(), None);
}
