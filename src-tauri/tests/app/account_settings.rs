//! VP-3 (issue 18): expiry warnings are turned off and on from the app's Account, through the
//! server (offline it says so).

use crate::helpers::{Backend, TestApp};
use serde_json::json;

#[test]
fn vp3_expiry_warnings_are_turned_off_and_on_from_the_app() {
    let mut backend = Backend::start();
    let email = backend.resident_with_permits("settings@example.org");
    let app = TestApp::start(&backend.url);
    app.log_in(&backend, &email);

    let settings = app.invoke("account_settings", json!({})).expect("read");
    assert_eq!(
        settings,
        json!({ "expiry_warnings": true }),
        "on unless turned off"
    );
    let off = app
        .invoke(
            "set_account_settings",
            json!({ "settings": { "expiry_warnings": false } }),
        )
        .expect("turned off");
    assert_eq!(off, json!({ "expiry_warnings": false }));
    let read_back = app.invoke("account_settings", json!({})).expect("read");
    assert_eq!(
        read_back,
        json!({ "expiry_warnings": false }),
        "kept by the server"
    );

    backend.stop();
    let error = app
        .invoke(
            "set_account_settings",
            json!({ "settings": { "expiry_warnings": true } }),
        )
        .expect_err("offline");
    assert_eq!(error["code"], "needs_server");
}
