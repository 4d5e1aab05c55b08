//! A resident's whole journey in the app: log in with a PIN, buy a bundle (VP-1: the app makes
//! the order and follows it while the payer pays on the sandbox's hosted page, issue 16), book a stay
//! for tomorrow (ACT-1, ACT-2), see it in Upcoming; the backend goes away and the app is
//! restarted: the stay is still shown from the saved data under the offline banner; the
//! backend comes back and the app syncs; logging out leaves neither the keyring entry nor the
//! saved data behind. Then RP-6 as on the web: a Leicestershire resident (the council's payment
//! account takes recurring payments) is asked "Renew automatically" when buying a resident
//! permit, and the app's messages say how the permit will renew. A screenshot of the window at
//! each step.

use permit_api_types::ReviewDecision;
use permit_e2e_desktop::device::{saved_data, session_in_secret_service};
use permit_e2e_desktop::driver::app_binary;
use permit_e2e_desktop::{AppWindow, StoppableServer, TauriDriver};
use permit_test_support::outbox::pin_after_messages;
use permit_test_support::payment::{CARD_OK, back_to_the_service, pay_on_sandbox_page};
use permit_test_support::resident::{log_in as log_in_by_api, register};
use std::time::Instant;

const EMAIL: &str = "desktop@example.org";
const RP6_EMAIL: &str = "desktop-rp6@example.org";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the app binary, Xvfb, tauri-driver and a Secret Service: scripts/test-desktop.sh"]
async fn log_in_buy_book_then_offline_after_a_restart_then_sync_and_log_out() {
    let mut backend = StoppableServer::start();
    register(&backend.client, "hampshire", EMAIL).await;
    let driver = TauriDriver::start(&app_binary(), &backend.url);
    assert!(!session_in_secret_service(), "a session before logging in");
    assert!(!saved_data().exists(), "saved data before logging in");

    let app = AppWindow::launch(&driver).await;
    log_in(&app, &backend).await;
    assert!(
        session_in_secret_service(),
        "no session in the Secret Service"
    );
    buy_a_bundle(&app).await;
    book_tomorrow(&app).await;
    app.click("#stay-confirmation a[href='/stays']").await;
    app.text_containing("#stay-list", "AB12 CDE").await;
    assert!(!app.has("#offline-banner").await, "offline while online");
    app.screenshot("4-upcoming-online").await;
    let saved = std::fs::read_to_string(saved_data()).expect("the app saved its data");
    assert!(saved.contains("AB12CDE"), "the saved data lacks the stay");

    // The backend goes away; the app is closed and started again (a cold start).
    backend.stop();
    app.quit().await;
    let launched = Instant::now();
    let app = AppWindow::launch(&driver).await;
    app.text_containing("#menu-title", "Hello, Sam Resident")
        .await;
    let menu_shown = launched.elapsed();
    app.click("#menu-stays").await;
    app.text_containing(
        "#offline-banner",
        "You are offline. Showing your stays as saved at",
    )
    .await;
    app.text_containing("#stay-list", "AB12 CDE").await;
    let stays_shown = launched.elapsed();
    // Read by scripts/bench-desktop.sh; not asserted (no timed assertions).
    println!(
        "desktop-cold-start: menu {} ms, cached stays {} ms (launch through tauri-driver to the element found)",
        menu_shown.as_millis(),
        stays_shown.as_millis()
    );
    app.screenshot("5-upcoming-offline").await;

    // The backend is back on the same port and database: the next load syncs.
    backend.start_again();
    app.click("#nav-menu").await;
    app.click("#menu-stays").await;
    app.text_containing("#stay-list", "AB12 CDE").await;
    app.gone("#offline-banner").await;
    let synced = std::fs::read_to_string(saved_data()).expect("saved data");
    assert_ne!(synced, saved, "the saved data was not renewed by a sync");
    app.screenshot("6-upcoming-synced").await;

    app.click("#nav-menu").await;
    app.click("#menu-account").await;
    app.click("#log-out").await;
    app.find("#start-login").await;
    app.screenshot("7-logged-out").await;
    assert!(
        !session_in_secret_service(),
        "the session outlived logging out"
    );
    assert!(
        !saved_data().exists(),
        "the saved data outlived logging out"
    );

    register(&backend.client, "leicestershire", RP6_EMAIL).await;
    log_in_at(&app, &backend, ("leicestershire", RP6_EMAIL)).await;
    buy_renewing_automatically(&app, &backend).await;
    switch_off_and_on(&app).await;
    app.quit().await;
}

/// Logs in through the app with the PIN the backend sent (its outbox stands in for email).
async fn log_in(app: &AppWindow, backend: &StoppableServer) {
    log_in_at(app, backend, ("hampshire", EMAIL)).await;
}

async fn log_in_at(app: &AppWindow, backend: &StoppableServer, (council, email): (&str, &str)) {
    app.click("#start-login").await;
    app.choose("#council", council).await;
    app.fill("#contact", email).await;
    app.click("#send-pin").await;
    app.text_containing("#pin-notice", "a PIN is on its way")
        .await;
    // The registration sent the first PIN; this is the second message.
    let pin = pin_after_messages(&backend.client, email, 2).await;
    app.fill("#pin", &pin).await;
    app.screenshot("1-login").await;
    app.click("#login-submit").await;
    app.text_containing("#menu-title", "Hello, Sam Resident")
        .await;
}

async fn buy_a_bundle(app: &AppWindow) {
    app.click("#menu-buy").await;
    app.text_containing("#allowance", "50 of 50 left").await;
    app.fill("#quantity", "1").await;
    app.text_containing("#quote", "You pay £15.00 for 10 permits")
        .await;
    assert!(!app.has("#card_number").await, "the app takes no card");
    app.click("#buy-continue").await;
    app.click("#pay").await;
    // Issue 16: the app opened the provider's page in the system browser and follows the
    // order. The payer pays there: the sandbox's page, served by the backend, over HTTP.
    app.text_containing("#paying-in-browser", "We opened the payment page")
        .await;
    let page = app.text_containing("#payment-page", "/sandbox-pay/").await;
    app.screenshot("2-paying-in-browser").await;
    let paid = pay_on_sandbox_page(page.trim(), CARD_OK).await;
    // The system browser, with no session, comes back to a page that says only that the
    // payment went through and to go back to the app: not the web UI's login.
    let (back, status, html) = back_to_the_service(&paid).await;
    assert!(back.contains("/payment-return/"), "{back}");
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Payment received"), "{html}");
    assert!(
        html.contains("Go back to the parking permits app"),
        "{html}"
    );
    assert!(!html.contains("15.00"), "no order details: {html}");
    app.text_containing("#purchase-confirmation", "You paid £15.00 for 10 permits")
        .await;
    app.screenshot("2-bought").await;
}

async fn book_tomorrow(app: &AppWindow) {
    app.click("#purchase-confirmation a[href='/activate']")
        .await;
    let tomorrow = app.london_date(1);
    app.fill("#vrm", "ab12 cde").await;
    app.click("#start-tomorrow").await;
    app.fill("#start_time", "09:00").await;
    app.text_containing("#stay-preview", "until 23:59 on").await;
    app.click("#activate-submit").await;
    let booked = app
        .text_containing("#stay-confirmation", "AB12 CDE can park from 09:00")
        .await;
    let day = tomorrow.format("%A %-d %B %Y").to_string();
    assert!(
        booked.contains(&format!("Until 23:59 on {day}")),
        "{booked}"
    );
    app.screenshot("3-activated").await;
}

/// RP-6: Check your answers for a resident permit asks "Renew automatically", off until
/// ticked; ticked, the payment sets up the card auto-renewal charges, as Manage permits says
/// once the council has approved the permit.
async fn buy_renewing_automatically(app: &AppWindow, backend: &StoppableServer) {
    app.click("#menu-buy").await;
    app.choose_radio("permit_type", "resident").await;
    app.choose_radio("duration_months", "12").await;
    app.fill("#vrm", "ab12 cde").await;
    app.click("#buy-continue").await;
    app.text_containing("#auto-renew-choice", "Renew automatically")
        .await;
    app.click("#auto_renew").await;
    app.screenshot("8-renew-automatically").await;
    app.click("#pay").await;
    let page = app.text_containing("#payment-page", "/sandbox-pay/").await;
    pay_on_sandbox_page(page.trim(), CARD_OK).await;
    app.text_containing("#purchase-confirmation", "You paid")
        .await;
    // The council reviews resident permits (RP-2): approved here as an officer would.
    let resident = log_in_by_api(&backend.client, "leicestershire", RP6_EMAIL).await;
    let payments = resident.payments().await.expect("payment history");
    let approve = ReviewDecision {
        approve: true,
        reason: None,
    };
    backend
        .client
        .decide_purchase(&payments[0].id, &approve)
        .await
        .expect("approved");
    app.click("#nav-menu").await;
    app.click("#menu-permits").await;
    app.text_containing(
        "main",
        "Auto-renewal is on. When renewal opens, we'll charge the card you set up for it.",
    )
    .await;
    app.screenshot("9-auto-renewal-on").await;
}

/// Switched off, then on again, the card is gone: the app says a link to pay will be sent, and
/// that ticking "Renew automatically" when renewing sets a card up, which the app now asks.
async fn switch_off_and_on(app: &AppWindow) {
    app.click(".auto-renew").await;
    app.text_containing("#permit-notice", "Auto-renewal is now off")
        .await;
    app.text_containing(".auto-renew", "Turn auto-renewal on")
        .await;
    app.click(".auto-renew").await;
    app.text_containing(
        "#permit-notice",
        "choose \u{201c}Renew automatically\u{201d} when you renew it",
    )
    .await;
    app.screenshot("10-auto-renewal-on-again").await;
}
