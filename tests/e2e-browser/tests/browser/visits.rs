//! Activate Visitor Permit beyond one day for a UK plate: a multi-day visit booked in one go,
//! its last day ending at 23:59 (issue 13: ACT-1, ACT-2); the question asked before a car gets
//! a second, overlapping visit (issue 14: ACT-3); and a plate that is not a UK registration
//! (issue 13: ACT-3).

use permit_e2e_browser::{Browser, Size, logged_in};

/// "23:59 on Thursday 3 December 2026" for the day `days` from today.
async fn last_minute(browser: &Browser, days: u64) -> String {
    let day = browser.local_date(days).await;
    format!("23:59 on {}", day.format("%A %-d %B %Y"))
}

async fn act2_a_three_day_visit_then_the_overlap_question(size: Size) {
    let email = format!("visit-{}@example.org", size.name());
    let resident = logged_in("hampshire", &email, size).await;
    resident.buy_visitor_bundle().await;
    let browser = &resident.browser;
    browser.click("#menu-activate").await;
    browser
        .text_containing("#permits-left", "This visit uses 1.")
        .await;
    browser.fill("#vrm", "ab12 cde").await;
    browser.click("#start-tomorrow").await;
    browser.fill("#days", "3").await;
    browser
        .text_containing("#permits-left", "This visit uses 3.")
        .await;
    let ends = last_minute(browser, 3).await;
    browser.text_containing("#stay-preview", &ends).await;
    browser.screenshot("visit-three-days").await;
    browser.click("#activate-submit").await;
    let confirmation = browser
        .text_containing("#stay-confirmation", "That is 3 days")
        .await;
    assert!(confirmation.contains(&ends), "{confirmation}");
    browser
        .text_containing(
            "#stay-confirmation #permits-left",
            "This visit used 3 visitor permits.",
        )
        .await;
    browser.screenshot("visit-booked").await;

    // The same car again tomorrow: asked first, and nothing spent until "yes".
    browser.goto("/activate").await;
    browser.fill("#vrm", "AB12CDE").await;
    browser.click("#start-tomorrow").await;
    browser.fill("#start_time", "10:00").await;
    browser.click("#activate-submit").await;
    let asked = browser
        .text_containing("#overlap-question", "This car already has a visit on")
        .await;
    assert!(asked.contains("from 00:00; book another?"), "{asked}");
    browser.wait_for_focus("overlap-heading").await;
    browser.screenshot("visit-overlap-question").await;
    browser.click("#overlap-no").await;
    browser.gone("#overlap-question").await;
    assert_eq!(
        browser.value("#vrm").await,
        "AB12CDE",
        "what was typed is kept"
    );
    browser.click("#activate-submit").await;
    browser.find("#overlap-question").await;
    browser.click("#overlap-yes").await;
    browser
        .text_containing(
            "#stay-confirmation #permits-left",
            "This visit used 1 visitor permit.",
        )
        .await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn act2_a_multi_day_visit_and_the_overlap_question_at_1280x800() {
    act2_a_three_day_visit_then_the_overlap_question(Size::Desktop).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn act2_a_multi_day_visit_and_the_overlap_question_at_390x844() {
    act2_a_three_day_visit_then_the_overlap_question(Size::Mobile).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn act3_a_plate_that_is_not_a_uk_registration_is_booked_by_choosing_so() {
    let resident = logged_in("hampshire", "abroad@example.org", Size::Mobile).await;
    resident.buy_visitor_bundle().await;
    let browser = &resident.browser;
    browser.click("#menu-activate").await;
    browser.fill("#vrm", "M-AB 1234E").await;
    browser.click("#start-tomorrow").await;
    browser.click("#activate-submit").await;
    browser
        .text_containing("#vrm-error", "'-' is not allowed")
        .await;
    browser.click("#non_uk").await;
    browser.click("#activate-submit").await;
    browser
        .text_containing(
            "#stay-confirmation",
            "MAB1234E (not a UK registration) can park from",
        )
        .await;
    browser.screenshot("visit-non-uk-plate").await;
}
