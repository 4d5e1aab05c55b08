//! RP-4: renewing a permit sold for several durations asks which one, each with its price
//! (GOV.UK radios), and sends it (issue 13).

use permit_e2e_browser::{Size, fill_renewal_card, logged_in};

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn rp4_a_motorcycle_permit_is_renewed_for_the_duration_chosen() {
    let resident = logged_in("leicestershire", "motorcycle@example.org", Size::Desktop).await;
    let browser = &resident.browser;
    browser.click("#menu-buy").await;
    browser.choose("#permit_type", "motorcycle").await;
    browser.choose("#duration_months", "6").await;
    browser.fill("#vrm", "ab12 cde").await;
    browser
        .text_containing("#quote", "You pay £20.00 for 1 permit")
        .await;
    browser.pay_by_card().await;
    browser
        .text_containing("#purchase-confirmation", "You paid £20.00")
        .await;
    resident.approve_newest_purchase().await;
    browser.goto("/").await;
    browser.click("#menu-permits").await;
    // RP-6 off first, so the permit waits for the resident instead of renewing itself.
    browser.click(".auto-renew").await;
    browser
        .text_containing("#permit-notice", "Auto-renewal is now off")
        .await;

    // 160 days on, 30 days before a 6-month permit's expiry has passed: renewal is open.
    resident
        .days_later(160, "leicestershire", "motorcycle@example.org")
        .await;
    browser.click("#menu-permits").await;
    browser.text_containing(".renewal", "Renewal is open").await;
    browser.click("details.renew > summary").await;
    browser
        .text_containing(
            "details.renew legend",
            "How long do you want to renew it for?",
        )
        .await;
    browser
        .text_containing("details.renew .radios", "6 months: £20.00")
        .await;
    browser
        .text_containing("details.renew .radios", "12 months: £35.00")
        .await;
    fill_renewal_card(browser).await;
    // Nothing chosen: asked again, next to the question.
    browser.click("details.renew button[type=submit]").await;
    browser
        .text_containing(
            "details.renew .field-error",
            "Choose how long to renew the permit for",
        )
        .await;
    browser.screenshot("renew-duration-error").await;
    let twelve = browser
        .find("details.renew input[type=radio][value='12']")
        .await;
    twelve.click().await.expect("choose 12 months");
    browser.screenshot("renew-duration").await;
    browser.click("details.renew button[type=submit]").await;
    browser
        .text_containing("#permit-notice", "Renewed: you paid £35.00")
        .await;
}
