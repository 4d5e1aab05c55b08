//! Paying on the provider's hosted page (issue 16, with the sandbox's): a declined card, a
//! payment abandoned until it expires, and a resident who closes the tab after paying. The
//! server decides from the provider, never from the page the browser comes back to.

use permit_e2e_browser::{Browser, LoggedIn, Size, logged_in};

/// Orders one bundle on the Buy page and goes to the payment page; the sandbox's payment id
/// (the page's address ends with it).
async fn order_one_bundle(resident: &LoggedIn) -> String {
    let browser = &resident.browser;
    browser.click("#menu-buy").await;
    browser.fill("#quantity", "1").await;
    browser.click("#buy-continue").await;
    browser.click("#pay").await;
    browser.text_containing("h1", "Enter card details").await;
    let page = browser.current_url().await;
    page.rsplit('/').next().expect("payment id").to_owned()
}

/// The page's outcome heading and message, once shown.
async fn outcome(browser: &Browser, heading: &str, message: &str) {
    browser.text_containing("main h1", heading).await;
    browser.text_containing("#payment-outcome", message).await;
    browser.find("main a[href='/buy']").await;
}

async fn declined_card_then_try_again(size: Size) {
    let email = format!("declined-{}@example.org", size.name());
    let resident = logged_in("hampshire", &email, size).await;
    let browser = &resident.browser;
    order_one_bundle(&resident).await;
    browser.pay_on_hosted_page("4000 0000 0000 0002").await;
    outcome(browser, "Your card was declined", "Nothing was charged").await;
    browser.screenshot("payment-declined").await;
    browser.assert_no_axe_violations("declined").await;
    browser.assert_no_sideways_scroll("declined").await;
    // The order's hold is released: the whole allowance is there again.
    browser.click("main a[href='/buy']").await;
    browser.text_containing("#allowance", "50 of 50 left").await;
    let me = resident.server.client.with_token(&resident.token);
    assert!(me.payments().await.expect("payments").is_empty());
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn vp1_a_declined_card_says_so_and_offers_to_try_again_at_390x844() {
    declined_card_then_try_again(Size::Mobile).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn vp1_a_declined_card_says_so_and_offers_to_try_again_at_1280x800() {
    declined_card_then_try_again(Size::Desktop).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn vp1_a_payment_abandoned_for_90_minutes_expires_and_releases_the_permits() {
    let resident = logged_in("hampshire", "abandoned@example.org", Size::Mobile).await;
    let browser = &resident.browser;
    let payment = order_one_bundle(&resident).await;
    // Where the provider would have sent the payer back: the order's own page.
    let back = resident
        .server
        .payments
        .hosted_view(&payment)
        .expect("payment")
        .return_url;
    // The resident walks away from the payment page; 90 minutes pass (the test clock, which
    // also runs the jobs).
    resident
        .server
        .client
        .advance_clock(90 * 60)
        .await
        .expect("clock");
    let email = "abandoned@example.org";
    let token =
        permit_e2e_browser::resident::new_session(&resident.server, "hampshire", email).await;
    browser.log_in_with(&token).await;
    let path = back
        .strip_prefix(&resident.server.url)
        .expect("this server");
    assert!(path.starts_with("/buy?order=ord_"), "{back}");
    browser.goto(path).await;
    outcome(browser, "Your payment timed out", "within 90 minutes").await;
    browser.screenshot("payment-expired").await;
    browser.click("main a[href='/buy']").await;
    browser.text_containing("#allowance", "50 of 50 left").await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn vp1_a_resident_who_closes_the_tab_after_paying_still_gets_the_permits() {
    let resident = logged_in("hampshire", "closed-tab@example.org", Size::Desktop).await;
    let browser = &resident.browser;
    let payment = order_one_bundle(&resident).await;
    // Paid, and the tab closed before coming back: the browser is elsewhere.
    resident
        .server
        .payments
        .pay_hosted(&payment, "4242 4242 4242 4242")
        .expect("paid");
    browser.goto("/payments").await;
    browser.find("#no-payments").await;
    // The reconciliation job (run when the test clock moves) issues what was paid for.
    resident
        .server
        .client
        .advance_clock(60)
        .await
        .expect("clock");
    browser.goto("/payments").await;
    browser.text_containing("#payments", "£15.00").await;
    browser
        .screenshot("payment-settled-by-reconciliation")
        .await;
}
