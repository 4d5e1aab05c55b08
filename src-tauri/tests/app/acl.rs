//! Minimal capabilities: only the main window may call the app's commands, and only those
//! listed in `build.rs`.

use crate::helpers::TestApp;
use serde_json::json;

/// Refused before any command runs, so no server is needed (port 9 is discard).
const NO_BACKEND: &str = "http://127.0.0.1:9";

#[test]
fn another_window_cannot_call_the_apps_commands() {
    let app = TestApp::start(NO_BACKEND);
    let other = app.window_labelled("other");
    let error = app
        .invoke_in(&other, "session_state", json!({}))
        .expect_err("not granted to this window");
    let text = error.as_str().expect("a message");
    assert!(
        text.starts_with(r#"session_state not allowed on window "other""#),
        "{text}"
    );
    // The same command from the main window is allowed.
    assert!(app.invoke("session_state", json!({})).is_ok());
}

#[test]
fn a_command_the_app_does_not_declare_does_not_exist() {
    let app = TestApp::start(NO_BACKEND);
    let error = app
        .invoke("plugin:fs|read_file", json!({ "path": "/etc/passwd" }))
        .expect_err("no such command");
    let text = error.as_str().expect("a message");
    assert!(text.starts_with("fs.read_file not allowed"), "{text}");
}
