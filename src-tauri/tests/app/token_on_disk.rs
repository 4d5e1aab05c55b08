//! The token is in the keyring and nowhere else: not in any file under the app data
//! directory (plain or base64), and not in anything the webview receives.

use crate::helpers::{Backend, TestApp, files_under};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use serde_json::json;

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[test]
fn the_token_is_in_no_file_under_the_app_data_dir_and_never_reaches_the_webview() {
    let backend = Backend::start();
    let email = backend.resident_with_permits("token@example.org");
    let app = TestApp::start(&backend.url);

    let mut answers = vec![app.log_in(&backend, &email)];
    answers.push(
        app.invoke("book_stay", json!({ "vrm": "AB12CDE" }))
            .expect("books"),
    );
    answers.push(app.invoke("dashboard", json!({})).expect("syncs"));
    answers.push(app.invoke("session_state", json!({})).expect("state"));

    let token = app.stored_token().expect("the token is in the keyring");
    let plain = token.expose().as_bytes();
    let encodings = [
        plain.to_vec(),
        STANDARD.encode(plain).into_bytes(),
        STANDARD_NO_PAD.encode(plain).into_bytes(),
        URL_SAFE.encode(plain).into_bytes(),
        URL_SAFE_NO_PAD.encode(plain).into_bytes(),
    ];

    let files = files_under(&app.data_dir);
    assert!(!files.is_empty(), "the sync saved something to search");
    for file in &files {
        let bytes = std::fs::read(file).expect("readable");
        for encoded in &encodings {
            assert!(
                !contains(&bytes, encoded),
                "token found in {}",
                file.display()
            );
        }
    }
    for answer in &answers {
        let text = answer.to_string();
        for encoded in &encodings {
            let encoded = std::str::from_utf8(encoded).expect("ASCII");
            assert!(!text.contains(encoded), "token sent to the webview");
        }
    }
}
