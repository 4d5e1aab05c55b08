//! Sessions made through the API for the browser, for tests whose subject is a later page.

use crate::Browser;
use permit_test_support::PaysOnSandbox;
use permit_test_support::TestServer;

/// Registers `email` at `council` and logs in through the API: the session token for the
/// browser.
pub async fn session_token(server: &TestServer, council: &str, email: &str) -> String {
    let resident = server.resident(council, email).await;
    resident.token().expect("a session").to_owned()
}

/// A new session for an existing resident (after the test clock moved past the old one).
pub async fn new_session(server: &TestServer, council: &str, contact: &str) -> String {
    let resident = server.resident_logged_in(council, contact).await;
    resident.token().expect("a session").to_owned()
}

/// The council approves the resident's newest purchase (VP-6, RP-2: reviewed councils).
pub async fn approve_newest_purchase(server: &TestServer, token: &str) {
    let payments = server
        .client
        .with_token(token)
        .payments()
        .await
        .expect("payments");
    let newest = payments.first().expect("a purchase");
    let approve = permit_client::types::ReviewDecision {
        approve: true,
        reason: None,
    };
    server
        .client
        .decide_purchase(&newest.id, &approve)
        .await
        .expect("approved");
}

/// Buys one bundle of visitor permits through the API with the sandbox card that succeeds
/// (for tests whose subject is what comes after buying).
pub async fn buy_visitor_bundle(server: &TestServer, token: &str) {
    buy_visitor_bundles(server, token, 1).await;
}

/// Buys `quantity` bundles of visitor permits in one purchase, as [`buy_visitor_bundle`].
pub async fn buy_visitor_bundles(server: &TestServer, token: &str, quantity: u32) {
    let order = permit_client::types::PurchaseOrder {
        permit_type: "visitor-bundle".into(),
        quantity,
        duration_months: None,
        vrm: None,
        auto_renew: None,
        ..Default::default()
    };
    let key = format!("e2e-bundle-{quantity}-{}", &token[..token.len().min(16)]);
    server
        .client
        .with_token(token)
        .buy(&key, &order)
        .await
        .expect("bought a bundle");
}

/// Logs `email` in at `council` on the login page with a PIN, ticking "Keep me signed in on
/// this device" (issue 19), and waits for the menu.
pub async fn log_in_keeping_signed_in(
    browser: &Browser,
    server: &TestServer,
    council: &str,
    email: &str,
) {
    browser.goto("/login").await;
    // The councils are listed once the page has rendered.
    browser
        .find(&format!("#council option[value='{council}']"))
        .await;
    browser.choose("#council", council).await;
    browser.fill("#contact", email).await;
    browser.click("#send-pin").await;
    browser.text_containing("#pin-notice", "PIN").await;
    let pin = server.latest_pin(email).await;
    browser.fill("#pin", &pin).await;
    browser.click("#keep_signed_in").await;
    browser.click("#login-submit").await;
    browser.text_containing("#menu-title", "Hello").await;
}

/// A stay starting now for `vrm`, booked through the API as the resident's other channels
/// (a text, a call) would.
pub async fn book_stay_now(server: &TestServer, token: &str, vrm: &str) {
    book_visit(server, token, vrm, None).await;
}

/// A visit from now of `days` whole days (each day a stay of its own, at councils with
/// multi-day visits) for `vrm`, booked through the API.
pub async fn book_visit_now(server: &TestServer, token: &str, vrm: &str, days: u32) {
    book_visit(server, token, vrm, Some(days)).await;
}

/// A booking from now; `days` absent is the council's one stay.
async fn book_visit(server: &TestServer, token: &str, vrm: &str, days: Option<u32>) {
    let booking = permit_client::types::StayBooking {
        vrm: vrm.into(),
        days,
        ..Default::default()
    };
    server
        .client
        .with_token(token)
        .book_stay(&booking)
        .await
        .expect("booked");
}
