//! Activate Visitor Permit: the 14-day limit is in the picker and a later start is a field
//! error before anything is sent (ACT-1).

use permit_e2e_browser::{Size, logged_in};

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn act1_a_stay_fifteen_days_ahead_is_a_field_error_and_the_picker_stops_at_fourteen() {
    let resident = logged_in("hampshire", "horizon@example.org", Size::Desktop).await;
    let browser = &resident.browser;
    browser.click("#menu-activate").await;

    let day = async |n| browser.local_date(n).await.to_string();
    let picker = browser.find("#start").await;
    assert_eq!(picker.attr("max").await.expect("max"), Some(day(14).await));
    assert_eq!(picker.attr("min").await.expect("min"), Some(day(0).await));
    browser
        .text_containing("#start-hint", "14 days ahead")
        .await;

    browser.fill("#vrm", "ab12 cde").await;
    browser.set_value("#start", &day(15).await).await;
    browser.fill("#start_time", "0900").await;
    browser.click("#activate-submit").await;
    let error = browser
        .text_containing("#start-error", "at most 14 days ahead")
        .await;
    assert!(error.contains("at the latest"), "{error}");
    browser
        .text_containing(".error-summary", "at most 14 days ahead")
        .await;
    browser.screenshot("activate-error").await;
    // What was typed is kept.
    let vrm = browser
        .find("#vrm")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(vrm.as_deref(), Some("ab12 cde"));

    // Tomorrow is within the limit: the preview says when the stay ends (ACT-2).
    browser.set_value("#start", &day(1).await).await;
    browser
        .text_containing("#stay-preview", "until 23:59 on")
        .await;
}
