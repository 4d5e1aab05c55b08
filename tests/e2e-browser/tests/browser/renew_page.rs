//! Renewing a permit on the provider's hosted page (issue 16; RP-4, AVP-3), with the sandbox's:
//! "Check your answers", a declined card with "Try again", then paid, and the confirmation
//! panel read from the server (also on reload). At 390x844 and 1280x800, axe-clean.

use permit_e2e_browser::{Size, logged_in, renew_on_payment_page};

async fn renew_declined_then_paid(size: Size) {
    let email = format!("renew-hosted-{}@example.org", size.name());
    let resident = logged_in("leicester", &email, size).await;
    let browser = &resident.browser;
    browser.click("#menu-buy").await;
    browser.choose_radio("permit_type", "annual-visitor").await;
    browser.choose_radio("duration_months", "12").await;
    browser.fill("#vrm", "ab12 cde").await;
    browser.pay_on_payment_page().await;
    browser
        .text_containing("#purchase-confirmation", "You paid £50.00")
        .await;

    // AVP-3: 340 days on, renewal is open (the resident logs in again).
    resident.days_later(340, "leicester", &email).await;
    browser.goto("/permits").await;
    browser.text_containing(".renewal", "Renewal is open").await;
    browser.click(".renew-link").await;
    // One duration: nothing to ask, straight to the answers and the price.
    browser
        .text_containing("main h1", "Check your answers before paying")
        .await;
    browser.text_containing("#answers", "AB12 CDE").await;
    browser.text_containing("#answers", "£50.00").await;
    assert!(!browser.has("#card_number").await, "no card field");
    browser.screenshot("renew-check-answers").await;
    browser.assert_no_axe_violations("renew-check").await;
    browser.assert_no_sideways_scroll("renew-check").await;

    renew_on_payment_page(browser, "4000 0000 0000 0002").await;
    browser
        .text_containing("main h1", "Your card was declined")
        .await;
    browser
        .text_containing("#payment-outcome", "Nothing was charged")
        .await;
    browser.screenshot("renew-declined").await;
    browser.assert_no_axe_violations("renew-declined").await;
    browser.assert_no_sideways_scroll("renew-declined").await;

    browser.click("main a[href^='/permits/renew?id=']").await;
    renew_on_payment_page(browser, "4242 4242 4242 4242").await;
    browser
        .text_containing("#renewal-panel h1", "Permit renewed")
        .await;
    browser
        .text_containing("#renewal-confirmation", "You paid £50.00")
        .await;
    browser.screenshot("renew-confirmed").await;
    browser.assert_no_axe_violations("renew-confirmed").await;
    browser.assert_no_sideways_scroll("renew-confirmed").await;
    // The page reads the order from the server: a reload shows the same confirmation.
    let url = browser.current_url().await;
    let path = url.strip_prefix(&resident.server.url).expect("this server");
    browser.goto(path).await;
    browser
        .text_containing("#renewal-panel h1", "Permit renewed")
        .await;

    // Renewed once: the renewal and the first purchase, nothing more. (The first session ended
    // with the days that passed; this is the one the browser logged in with again.)
    let token =
        permit_e2e_browser::resident::new_session(&resident.server, "leicester", &email).await;
    let me = resident.server.client.with_token(&token);
    assert_eq!(me.payments().await.expect("payments").len(), 2);
    let permits = me.permits().await.expect("permits");
    assert_eq!(permits.len(), 2, "the permit and its next period");
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn avp3_a_permit_is_renewed_on_the_hosted_page_after_a_declined_card_at_390x844() {
    renew_declined_then_paid(Size::Mobile).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn avp3_a_permit_is_renewed_on_the_hosted_page_after_a_declined_card_at_1280x800() {
    renew_declined_then_paid(Size::Desktop).await;
}
