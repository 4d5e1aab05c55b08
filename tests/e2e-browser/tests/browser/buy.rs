//! Buy Digital Permits: the price and the allowance are shown before paying (VP-1, VP-2).

use permit_e2e_browser::{Size, logged_in};

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn vp1_vp2_the_price_and_allowance_are_shown_before_paying() {
    let resident = logged_in("hampshire", "buyer@example.org", Size::Desktop).await;
    let browser = &resident.browser;
    browser.click("#menu-buy").await;

    browser.text_containing("#allowance", "50 of 50 left").await;
    browser.fill("#quantity", "2").await;
    browser
        .text_containing("#quote", "You pay £30.00 for 20 permits")
        .await;
    browser.fill("#quantity", "6").await;
    browser.text_containing("#quote", "At most 5").await;
    // Paying checks the card field by field before anything is sent.
    browser.fill("#quantity", "1").await;
    browser.fill("#card_number", "4242").await;
    browser.click("#pay").await;
    browser
        .text_containing("#card_number-error", "16-digit")
        .await;
    browser.text_containing("#card_expiry-error", "MM/YY").await;
    browser.screenshot("buy-errors").await;
}
