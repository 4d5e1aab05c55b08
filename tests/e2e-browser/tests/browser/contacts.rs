//! Linking a mobile from the Account page (REG-2, ACT-4): the new number, then the code sent
//! to it, at 390x844 and 1280x800.

use permit_e2e_browser::{Size, logged_in};

async fn link_a_mobile(size: Size) {
    let email = format!("link-{}@example.org", size.name());
    let resident = logged_in("hampshire", &email, size).await;
    let (browser, server) = (&resident.browser, &resident.server);

    browser.goto("/account").await;
    browser
        .text_containing("#contact-details", "Contact details")
        .await;
    browser.click("a[href='/account/mobile']").await;
    browser
        .text_containing("h1", "What is your new mobile number?")
        .await;
    browser
        .wait_for_title("Your new mobile number – Resident Parking Permits")
        .await;
    // A number that is not a UK mobile is refused next to the field, before anything is sent.
    browser.fill("#contact", "12345").await;
    browser.click("#contact-submit").await;
    browser.text_containing("#contact-error", "UK mobile").await;
    browser.fill("#contact", "07700 900321").await;
    browser.screenshot("link-mobile").await;
    browser.click("#contact-submit").await;

    browser
        .text_containing("h1", "Enter the code we sent")
        .await;
    browser.text_containing("main", "+447700900321").await;
    let code = server.latest_pin("+447700900321").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    browser.fill("#code", wrong).await;
    browser.click("#code-submit").await;
    browser.text_containing("#code-error", "not right").await;
    browser.screenshot("link-mobile-code").await;
    browser.fill("#code", &code).await;
    browser.click("#code-submit").await;

    browser
        .text_containing("#contact-linked", "Texts from it now book visitor stays")
        .await;
    browser
        .text_containing("dl[aria-labelledby='contact-details']", "+447700900321")
        .await;
    browser.screenshot("mobile-linked").await;
    let me = server
        .client
        .with_token(resident.token.clone())
        .me()
        .await
        .expect("me");
    assert_eq!(me.mobile.as_deref(), Some("+447700900321"));
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn reg2_act4_link_a_mobile_from_the_account_page_at_390x844() {
    link_a_mobile(Size::Mobile).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn reg2_act4_link_a_mobile_from_the_account_page_at_1280x800() {
    link_a_mobile(Size::Desktop).await;
}
